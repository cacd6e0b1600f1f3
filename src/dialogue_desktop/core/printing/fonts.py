"""Noto Sans Khmer for PDFs: static instances, ReportLab registration, HarfBuzz faces.

One font covers Khmer, Latin, digits and punctuation, so a mixed run is shaped and drawn with the same
file (ReportLab defect 4 in the printing notes). The packaged font is variable; ReportLab can only embed
static outlines, so we cut a Regular (wght 400) and a Bold (wght 700) instance once per user and cache
them, keyed by a hash of the source file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

CACHE_ENV = "DIALOGUE_DESKTOP_CACHE_DIR"
REGULAR = "DDNotoSansKhmer"
BOLD = "DDNotoSansKhmer-Bold"
FAMILY = "DDNotoSansKhmer"

# Glyphs without a cmap entry (subscript forms, ligatures) need a code point for ReportLab's subset
# encoding. ReportLab's own shaper assigns private-use code points lazily in drawing order, which would
# make the PDF bytes depend on what the process drew before; we assign them once, in glyph-id order.
_PUA_START = 0xE000
_PUA_END = 0xF8FF


@dataclass(frozen=True)
class FontFace:
    """One registered face: the ReportLab font, the HarfBuzz font for the same file, and lookups."""

    name: str
    path: Path
    ttfont: TTFont
    hb_font: hb.Font
    upem: int
    ascent: float  # hhea ascender, in em
    descent: float  # hhea descender, in em (negative)
    gid_char: tuple[int, ...]  # glyph id -> code point ReportLab encodes it with
    pdf_width: tuple[float, ...]  # glyph id -> width in the PDF /Widths array (1/1000 em)


_lock = threading.Lock()
_faces: dict[bool, FontFace] = {}


def cache_dir() -> Path:
    """Folder for generated font instances (``$DIALOGUE_DESKTOP_CACHE_DIR`` or the per-user cache)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("dialogue-desktop"))


def source_font_path() -> Path:
    """The variable Noto Sans Khmer shipped by ``fontpkg-noto-sans-khmer``."""
    import fontpkg_noto_sans_khmer

    return Path(fontpkg_noto_sans_khmer.ROOT) / "files" / "NotoSansKhmer[wdth,wght].ttf"


def static_instance(weight: int) -> Path:
    """Return the path of a cached static instance (wdth=100, wght=``weight``), creating it if needed."""
    src = source_font_path()
    digest = hashlib.sha256(src.read_bytes()).hexdigest()[:16]
    folder = cache_dir() / "fonts"
    target = folder / f"NotoSansKhmer-w{weight}-{digest}.ttf"
    if target.exists():
        return target
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    folder.mkdir(parents=True, exist_ok=True)
    instance = instancer.instantiateVariableFont(
        FTFont(src), {"wght": weight, "wdth": 100}, updateFontNames=True
    )
    # Write next to the target and rename: another process (or a crash) never sees half a font.
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            instance.save(fh)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _make_face(name: str, path: Path) -> FontFace:
    tt = TTFont(name, str(path), shapable=False)  # shapable=False: ReportLab's own shaper stays out
    rl_face = tt.face
    blob = hb.Blob(path.read_bytes())
    hb_face = hb.Face(blob)
    hb_font = hb.Font(hb_face)  # default scale = upem: positions come out in font units
    upem = hb_face.upem
    num_glyphs = hb_face.glyph_count
    scale = 1000.0 / upem

    gid_char = [0] * num_glyphs
    for gid, chars in rl_face.glyphToChar.items():
        if gid < num_glyphs and chars:
            gid_char[gid] = min(chars)
    nxt = _PUA_START
    for gid in range(1, num_glyphs):
        if gid_char[gid]:
            continue
        while nxt in rl_face.charToGlyph:
            nxt += 1
        if nxt > _PUA_END:
            raise RuntimeError(f"{path.name}: too many unmapped glyphs for the private-use area")
        rl_face.charToGlyph[nxt] = gid
        rl_face.glyphToChar.setdefault(gid, []).append(nxt)
        rl_face.charWidths[nxt] = rl_face.hmetrics[gid][0] * scale
        gid_char[gid] = nxt
        nxt += 1
    widths = tuple(rl_face.getCharWidth(gid_char[g]) if g else 0.0 for g in range(num_glyphs))
    extents = hb_font.get_font_extents("ltr")
    return FontFace(
        name=name,
        path=path,
        ttfont=tt,
        hb_font=hb_font,
        upem=upem,
        ascent=extents.ascender / upem,
        descent=extents.descender / upem,
        gid_char=tuple(gid_char),
        pdf_width=widths,
    )


def register_fonts() -> None:
    """Register the Regular and Bold faces with ReportLab (idempotent, thread-safe).

    Also registers the family so ``<b>`` in ordinary ReportLab paragraphs picks the bold face.
    """
    if len(_faces) == 2:
        return
    with _lock:
        if len(_faces) == 2:
            return
        faces = {
            False: _make_face(REGULAR, static_instance(400)),
            True: _make_face(BOLD, static_instance(700)),
        }
        for face in faces.values():
            pdfmetrics.registerFont(face.ttfont)
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        _faces.update(faces)


def get_face(bold: bool = False) -> FontFace:
    """The registered face (registering the fonts on first use)."""
    face = _faces.get(bold)
    if face is None:
        register_fonts()
        face = _faces[bold]
    return face
