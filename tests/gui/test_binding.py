"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11 does not, and the app
aborts after some thousand signals ("deallocating True"). Run in a subprocess, since that is a crash."""

import os
import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QComboBox

class Sender(QObject):
    changed = Signal(bool)

app = QApplication([])
sender = Sender()
received = []
sender.changed.connect(lambda value: received.append(value))
combo = QComboBox()
combo.addItem("empty", None)
before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(5000):
    sender.changed.emit(True)
    combo.currentData()
after = sys.getrefcount(True), sys.getrefcount(None)
print(len(received), before[0] - after[0] < 100, before[1] - after[1] < 100)
"""


def test_signals_and_combo_data_do_not_leak_references_to_singletons() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["5000", "True", "True"]
