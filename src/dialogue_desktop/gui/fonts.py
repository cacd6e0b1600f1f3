"""The app font: Noto Sans Khmer shipped with the app, so Khmer renders on a laptop without Khmer fonts."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: Fallbacks for symbols the Khmer font lacks (✓ ⚠ ▲ ▼).
FALLBACK_FAMILIES = ("DejaVu Sans", "Segoe UI Symbol", "Noto Sans Symbols 2")

_registered: list[str] = []


def khmer_font_file() -> Path | None:
    """The Noto Sans Khmer font file of the `fontpkg-noto-sans-khmer` package, if installed."""
    try:
        import fontpkg_noto_sans_khmer
    except ImportError:
        return None
    path = Path(fontpkg_noto_sans_khmer.ROOT) / "files" / "NotoSansKhmer[wdth,wght].ttf"
    return path if path.is_file() else None


def register_fonts() -> list[str]:
    """Register the shipped Khmer font once; returns its family names (empty if unavailable)."""
    if _registered:
        return list(_registered)
    path = khmer_font_file()
    if path is None:
        log.warning("Noto Sans Khmer not found; Khmer may not render")
        return []
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("could not load %s", path)
        return []
    _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(_registered)


def apply_app_font(app: QApplication, point_size: int = 13) -> QFont:
    """Make the Khmer font (with Latin fallbacks) the app font, in big type."""
    families = register_fonts()
    font = QFont(app.font())
    font.setFamilies([*families, *FALLBACK_FAMILIES])
    font.setPointSize(point_size)
    app.setFont(font)
    return font
