"""Participant lists as hostile or broken tools write them, built byte by byte for the import tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """A real workbook (openpyxl) with these rows on its first sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def people(count: int) -> list[list[object]]:
    """A header and `count` distinct people."""
    return [["name_latin", "sex", "birth_year"]] + [
        [f"Person {i:05d}", "F" if i % 2 else "M", 1980 + i % 30] for i in range(count)
    ]


def rewrite(data: bytes, path: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """The workbook `data` written to `path` with each member passed through `change` (None drops it)."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
    return path


def wrong_dimension(path: Path, count: int = 40) -> Path:
    """`count` people, but the sheet claims it spans A1:C2 (as some tools write it)."""

    def change(name: str, content: bytes) -> bytes:
        if name == SHEET:
            content, n = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', content)
            assert n == 1
        return content

    return rewrite(workbook_bytes(people(count)), path, change)


def zip_bomb(path: Path, unpacked: int = 1024 * MB) -> Path:
    """A valid workbook whose sheet unpacks to `unpacked` bytes (zeros padding an XML comment): ~1 MB on disk."""
    data = workbook_bytes(people(2))
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info))
                continue
            sheet = source.read(info)
            with target.open(SHEET, "w", force_zip64=True) as out:
                out.write(b"<!--")
                block = b" " * MB
                for _ in range(unpacked // MB):
                    out.write(block)
                out.write(b"-->")
                out.write(sheet)
    return path


def billion_laughs(path: Path, member: str = SHEET) -> Path:
    """A workbook whose `member` declares nested entities that expand to gigabytes."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )

    def change(name: str, content: bytes) -> bytes:
        if name != member:
            return content
        root = re.match(rb"<(\w+)", content)
        assert root is not None
        doctype = f'<?xml version="1.0"?><!DOCTYPE {root.group(1).decode()} [{entities}]>'.encode()
        # The expansion sits in the first cell's text, where the parser must resolve it.
        return doctype + content.replace(b"<t>name_latin</t>", b"<t>&lol9;</t>")

    return rewrite(workbook_bytes(people(2)), path, change)


def missing_part(path: Path, member: str = "xl/workbook.xml") -> Path:
    """A workbook without one of its parts (a KeyError inside openpyxl)."""
    return rewrite(workbook_bytes(people(2)), path, lambda name, content: None if name == member else content)


def broken_xml(path: Path) -> Path:
    """A workbook whose sheet XML stops half-way (a parse error inside openpyxl)."""
    return rewrite(
        workbook_bytes(people(50)),
        path,
        lambda name, content: content[: len(content) // 2] if name == SHEET else content,
    )


def too_many_columns(path: Path) -> Path:
    """One row with a cell in column 16384 (XFD), the last Excel allows."""

    def change(name: str, content: bytes) -> bytes:
        if name == SHEET:
            content = content.replace(b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1)
        return content

    return rewrite(workbook_bytes(people(2)), path, change)


def too_many_rows(path: Path, count: int) -> Path:
    """A CSV of `count` people."""
    lines = ["name_latin,sex"] + [f"Person {i},F" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: name → (builder, words the message must contain, in English)
HOSTILE: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "zip-bomb.xlsx": (zip_bomb, ("100 MB", "not opened")),
    "ratio-bomb.xlsx": (lambda p: zip_bomb(p, 50 * MB), ("200 times", "not opened")),
    "billion-laughs.xlsx": (billion_laughs, ("entit", "not opened")),
    "billion-laughs-workbook.xlsx": (lambda p: billion_laughs(p, "xl/workbook.xml"), ("entit", "not opened")),
    "missing-part.xlsx": (missing_part, ("damaged",)),
    "broken-xml.xlsx": (broken_xml, ("damaged",)),
    "too-many-columns.xlsx": (too_many_columns, ("200 columns",)),
    "too-many-rows.csv": (lambda p: too_many_rows(p, 20_001), ("20,000 rows",)),
}
