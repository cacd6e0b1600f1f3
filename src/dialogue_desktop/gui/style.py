"""The look: big type and high contrast (read standing at a table, sometimes in bright light)."""

from __future__ import annotations

STYLESHEET = """
QWidget { color: #111; }
QMainWindow, QDialog { background: #ffffff; }
QListWidget#nav { background: #1f3a5f; color: #ffffff; border: none; padding-top: 6px; }
QListWidget#nav::item { padding: 10px 14px; border-left: 4px solid transparent; }
QListWidget#nav::item:selected { background: #ffffff; color: #1f3a5f; border-left: 4px solid #d9822b; }
QWidget#topbar { background: #1f3a5f; }
QLabel#appTitle { color: #ffffff; font-weight: bold; padding: 4px 8px; }
QPushButton#langButton { color: #ffffff; background: transparent; border: 1px solid #8fa7c7; padding: 4px 10px; }
QPushButton#langButton:checked { background: #ffffff; color: #1f3a5f; font-weight: bold; }
QLabel#heading { font-size: 150%; font-weight: bold; padding: 4px 0; }
QLabel#subheading { font-weight: bold; }
QLabel#fieldError { color: #b00020; }
QLabel#quiet { color: #555555; }
QLabel#duplicate { color: #7a4b00; }
QLabel#count { font-size: 130%; font-weight: bold; }
QLabel#bigCount { font-size: 220%; font-weight: bold; color: #1f3a5f; }
QLabel#saved { color: #1b6e2a; font-weight: bold; }
QLineEdit, QComboBox, QSpinBox, QDateEdit, QTimeEdit, QPlainTextEdit { padding: 4px; border: 1px solid #888; }
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus { border: 2px solid #1f3a5f; }
QLineEdit#nameSearch { font-size: 140%; padding: 8px; }
QPushButton { padding: 6px 14px; }
QTableView { gridline-color: #ccc; selection-background-color: #cfe0f5; selection-color: #111; }
QHeaderView::section { background: #eef2f7; padding: 6px; border: none; border-bottom: 1px solid #aaa; font-weight: bold; }
QTabBar::tab { padding: 8px 14px; }
QTabBar::tab:selected { font-weight: bold; border-bottom: 3px solid #d9822b; }
QStatusBar { background: #eef2f7; }
"""
