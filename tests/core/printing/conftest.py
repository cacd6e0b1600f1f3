"""Fixtures for the printing tests: a private font cache, the corpus, and a tiny PDF reader."""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture(scope="session", autouse=True)
def _font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate the static font instances into a temporary cache (before any font is registered)."""
    from dialogue_desktop.core.printing import fonts

    if not fonts._faces:  # fonts not registered yet by an earlier test module in this process
        folder = tmp_path_factory.mktemp("ddcache")
        os.environ[fonts.CACHE_ENV] = str(folder)
    return fonts.cache_dir()


def load_corpus() -> list[str]:
    text = (HERE / "khmer_corpus.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    return load_corpus()


# --- a small reader for the PDFs ReportLab writes (enough for our own content streams) ---------------


@dataclass
class PdfGlyph:
    page: int
    font: str  # subset resource name, e.g. "F2+0"
    base_font: str  # e.g. "AAAAAA+NotoSansKhmer-Regular"
    code: int
    unicode: int  # from the subset's ToUnicode map
    x: float
    y: float
    size: float
    span: int  # index of the enclosing ActualText span (-1 if none)


@dataclass
class PdfDoc:
    glyphs: list[PdfGlyph]
    spans: list[str]  # ActualText of each marked span, in order
    font_files: dict[str, bytes]  # subset resource name -> embedded TrueType program


_TOKEN = re.compile(
    rb"\s*(?:(<<|>>|\[|\])|<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|(/[^\s/\[\]<>()]+)|([-+]?\d*\.?\d+)|([A-Za-z'\"*]+))"
)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    objs: dict[int, tuple[bytes, bytes | None]] = {}
    for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S):
        body = m.group(2)
        sm = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
        if sm:
            head = body[: sm.start()]
            raw = sm.group(1)
            if b"/FlateDecode" in head:
                raw = zlib.decompress(raw)
            objs[int(m.group(1))] = (head, raw)
        else:
            objs[int(m.group(1))] = (body, None)
    return objs


def _ref(head: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", head)
    return int(m.group(1)) if m else None


def read_pdf(path: Path) -> PdfDoc:
    """Glyphs drawn by TJ/Tj with their page positions, decoded through each font's ToUnicode map."""
    data = path.read_bytes()
    objs = _objects(data)
    fonts: dict[str, tuple[str, list[float], dict[int, int]]] = {}
    font_files: dict[str, bytes] = {}
    for head, _ in objs.values():
        if b"/Subtype /TrueType" not in head or b"/Widths" not in head:
            continue
        name = re.search(rb"/Name /(\S+)", head).group(1).decode()  # type: ignore[union-attr]
        base = re.search(rb"/BaseFont /(\S+)", head).group(1).decode()  # type: ignore[union-attr]
        widths = [float(w) for w in re.search(rb"/Widths \[([^\]]*)\]", head).group(1).split()]  # type: ignore[union-attr]
        cmap_stream = objs[_ref(head, b"ToUnicode")][1] or b""  # type: ignore[index]
        to_uni = {
            int(a, 16): int(b, 16) for a, b in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap_stream)
        }
        fonts[name] = (base, widths, to_uni)
        desc = objs[_ref(head, b"FontDescriptor")][0]  # type: ignore[index]
        font_files[name] = objs[_ref(desc, b"FontFile2")][1] or b""  # type: ignore[index]
    pages_head = next(h for h, _ in objs.values() if b"/Type /Pages" in h)
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", pages_head).group(1))]  # type: ignore[union-attr]
    glyphs: list[PdfGlyph] = []
    spans: list[str] = []
    for page_no, kid in enumerate(kids, start=1):
        content = objs[_ref(objs[kid][0], b"Contents")][1] or b""  # type: ignore[index]
        _run(content, page_no, fonts, glyphs, spans)
    return PdfDoc(glyphs, spans, font_files)


def _mul(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def _run(content: bytes, page: int, fonts: dict, glyphs: list[PdfGlyph], spans: list[str]) -> None:
    ctm = [1.0, 0, 0, 1, 0, 0]
    stack: list[list[float]] = []
    operands: list = []
    arrays: list[list] = []
    tm = [1.0, 0, 0, 1, 0, 0]
    font = ""
    size = 0.0
    rise = 0.0
    span_stack: list[int] = []
    pos = 0
    while True:
        m = _TOKEN.match(content, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        delim, hexs, lit, name, num, op = m.groups()
        if delim in (b"[", b"<<"):
            arrays.append([])
            continue
        if delim in (b"]", b">>"):
            value = arrays.pop()
            (arrays[-1] if arrays else operands).append(value)
            continue
        if hexs is not None:
            value = bytes.fromhex(hexs.decode())
        elif lit is not None:
            value = lit
        elif name is not None:
            value = name[1:].decode()
        elif num is not None:
            value = float(num)
        else:
            value = None
        if value is not None:
            (arrays[-1] if arrays else operands).append(value)
            continue
        opname = op.decode()
        if opname == "q":
            stack.append(ctm)
        elif opname == "Q":
            ctm = stack.pop()
        elif opname == "cm":
            ctm = _mul([float(v) for v in operands[-6:]], ctm)
        elif opname == "BT":
            tm = [1.0, 0, 0, 1, 0, 0]
        elif opname == "Tm":
            tm = [float(v) for v in operands[-6:]]
        elif opname == "Td":
            tm = _mul([1, 0, 0, 1, operands[-2], operands[-1]], tm)
        elif opname == "Tf":
            font, size = operands[-2], operands[-1]
        elif opname == "Ts":
            rise = operands[-1]
        elif opname == "BDC":
            props = operands[-1]
            text = ""
            if isinstance(props, list) and "ActualText" in props:
                raw = props[props.index("ActualText") + 1]
                text = raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
            spans.append(text)
            span_stack.append(len(spans) - 1)
        elif opname == "EMC":
            span_stack.pop()
        elif opname in ("TJ", "Tj"):
            items = operands[-1] if opname == "TJ" else [operands[-1]]
            base, widths, to_uni = fonts[font]
            for item in items:
                if isinstance(item, float):
                    tm = _mul([1, 0, 0, 1, -item / 1000 * size, 0], tm)
                    continue
                for code in item:
                    x, y = _mul([1, 0, 0, 1, 0, rise], _mul(tm, ctm))[4:6]
                    glyphs.append(
                        PdfGlyph(
                            page,
                            font,
                            base,
                            code,
                            to_uni.get(code, 0),
                            x,
                            y,
                            size,
                            span_stack[-1] if span_stack else -1,
                        )
                    )
                    tm = _mul([1, 0, 0, 1, widths[code] / 1000 * size, 0], tm)
        operands = []


@pytest.fixture(scope="session")
def pdf_reader() -> Callable[[Path], PdfDoc]:
    return read_pdf
