"""Qt's own texts (standard buttons, message and file dialogs, edit menus) through our gettext catalog.

Qt ships no Khmer translation. :class:`CatalogTranslator` answers Qt's `translate()` calls from our
catalog; re-installing it after a language change makes Qt send a LanguageChange event, so standard
buttons already shown re-translate themselves. Keep a reference to the installed translator (Qt does not).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from dialogue_desktop.core.i18n import N_, _, current_language

# Qt's source texts (mnemonic "&" removed) → our message ids.
QT_TEXTS: dict[str, str] = {
    "OK": N_("OK"),
    "Cancel": N_("Cancel"),
    "Yes": N_("Yes"),
    "Yes to All": N_("Yes to all"),
    "No": N_("No"),
    "No to All": N_("No to all"),
    "Save": N_("Save"),
    "Save All": N_("Save all"),
    "Discard": N_("Discard"),
    "Don't Save": N_("Don't save"),
    "Close": N_("Close"),
    "Close without Saving": N_("Close without saving"),
    "Apply": N_("Apply"),
    "Reset": N_("Reset"),
    "Restore Defaults": N_("Restore defaults"),
    "Help": N_("Help"),
    "Open": N_("Open"),
    "Abort": N_("Abort"),
    "Retry": N_("Retry"),
    "Ignore": N_("Ignore"),
    "Show Details...": N_("Show details…"),
    "Hide Details...": N_("Hide details…"),
    "Look in:": N_("Look in:"),
    "File name:": N_("File name:"),
    "Files of type:": N_("Files of type:"),
    "Directory:": N_("Folder:"),
    "Back": N_("Back"),
    "Forward": N_("Forward"),
    "Parent Directory": N_("Parent folder"),
    "Create New Folder": N_("Create new folder"),
    "New Folder": N_("New folder"),
    "List View": N_("List view"),
    "Detail View": N_("Detail view"),
    "All Files (*)": N_("All files (*)"),
    "Name": N_("Name"),
    "Size": N_("Size"),
    "Type": N_("Type"),
    "Date Modified": N_("Date modified"),
    "Choose": N_("Choose"),
    "Undo": N_("Undo"),
    "Redo": N_("Redo"),
    "Cut": N_("Cut"),
    "Copy": N_("Copy"),
    "Paste": N_("Paste"),
    "Delete": N_("Delete"),
    "Select All": N_("Select all"),
}


def qt_message(source: str) -> str | None:
    """Our message id for a Qt source text, or None when we do not translate it."""
    return QT_TEXTS.get(source.replace("&", ""))


class CatalogTranslator(QTranslator):
    """A QTranslator answering from the gettext catalog of the current language."""

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        # Always a string: an empty one would blank Qt's text, and returning None from this override
        # corrupts None's reference count in PySide6 (a crash at exit). Qt's own text is the fallback.
        source = source_text or ""
        if current_language() == "en":
            return source
        message = qt_message(source)
        return _(message) if message else source

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


_installed: list[CatalogTranslator] = []


def install_qt_translator() -> CatalogTranslator:
    """Install (or re-install, after a language change) the catalog translator; returns it."""
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    translator = CatalogTranslator(app)
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)  # Qt keeps no reference of its own
    return translator
