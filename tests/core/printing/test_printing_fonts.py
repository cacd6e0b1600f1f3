"""Font instances are cached per user, keyed by the source file, written atomically; registration is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FTFont
from reportlab.pdfbase import pdfmetrics

from dialogue_desktop.core.printing import fonts


def test_instances_are_static_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path))
    bold = fonts.static_instance(700)
    assert bold.parent == tmp_path / "fonts"
    font = FTFont(bold)
    assert "fvar" not in font and "gvar" not in font
    assert font["OS/2"].usWeightClass == 700
    assert font["name"].getDebugName(6) == "NotoSansKhmer-Bold"
    mtime = bold.stat().st_mtime_ns
    assert fonts.static_instance(700) == bold and bold.stat().st_mtime_ns == mtime  # not rebuilt
    assert [p.name for p in (tmp_path / "fonts").iterdir()] == [bold.name]  # no temp files left


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path))

    def boom(self: FTFont, file: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(FTFont, "save", boom)
    with pytest.raises(OSError):
        fonts.static_instance(400)
    assert list((tmp_path / "fonts").iterdir()) == []


def test_register_is_idempotent() -> None:
    fonts.register_fonts()
    regular = pdfmetrics.getFont(fonts.REGULAR)
    fonts.register_fonts()
    assert pdfmetrics.getFont(fonts.REGULAR) is regular
    assert fonts.get_face(False).ttfont is regular
    assert fonts.get_face(True).ttfont is pdfmetrics.getFont(fonts.BOLD)
    assert fonts.get_face(True).path != fonts.get_face(False).path


def test_every_glyph_has_a_code_point() -> None:
    """Unmapped glyphs (subscripts, ligatures) get fixed private-use code points, so output is stable."""
    face = fonts.get_face(False)
    assert all(face.gid_char[1:])
    assert len(set(face.gid_char)) == len(face.gid_char)
    assert face.ttfont.face.charToGlyph[face.gid_char[200]] == 200
