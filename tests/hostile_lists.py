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


def workbook_with_sheets(sheets: dict[str, list[list[object]]]) -> bytes:
    """A real workbook (openpyxl) with these sheets, in order (sheet n is xl/worksheets/sheet{n}.xml)."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def people(count: int, start: int = 0) -> list[list[object]]:
    """A header and `count` distinct people."""
    return [["name_latin", "sex", "birth_year"]] + [
        [f"Person {i:05d}", "F" if i % 2 else "M", 1980 + i % 30] for i in range(start, start + count)
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


def claim_dimension(member: str, ref: str = "A1:C2") -> Callable[[str, bytes], bytes]:
    """A change for `rewrite`: `member`'s sheet claims it spans `ref`, whatever it holds."""

    def change(name: str, content: bytes) -> bytes:
        if name == member:
            content, n = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content)
            assert n == 1
        return content

    return change


def wrong_dimension_on_sheet_2(path: Path, count: int = 30) -> Path:
    """Two sheets of the same list (10 people, then `count` more); sheet 2 claims it spans A1:C2."""
    data = workbook_with_sheets({"Invited": people(10), "Late arrivals": people(count, start=10)})
    return rewrite(data, path, claim_dimension("xl/worksheets/sheet2.xml"))


def huge_sheet_3(path: Path, rows: int = 20_001) -> Path:
    """A list on sheets 1 and 2, and a third sheet of `rows` rows: too many for the whole workbook."""
    data = workbook_with_sheets(
        {"Invited": people(5), "Late arrivals": people(5, start=5), "Log": people(rows, start=10)}
    )
    path.write_bytes(data)
    return path


def rows_over_two_sheets(path: Path) -> Path:
    """12,000 people on each of two sheets: each within the bound, together over it."""
    path.write_bytes(workbook_with_sheets({"A": people(12_000), "B": people(12_000, start=12_000)}))
    return path


def sheet_with_other_headers(path: Path) -> Path:
    """The list on sheet 1, its columns in another order on sheet 2, organisations on sheet 3."""
    data = workbook_with_sheets(
        {
            "Invited": people(3),
            "Late arrivals": [["birth_year", "ឈ្មោះឡាតាំង", "ភេទ"], [1990, "Late Comer", "ស្រី"]],
            "Organisations": [["Organisation", "Province"], ["Kampot Youth Club", "Kampot"]],
        }
    )
    path.write_bytes(data)
    return path


def _padded(data: bytes, member: str, unpacked: int, path: Path) -> Path:
    """The workbook `data` written to `path` with `member` padded by `unpacked` bytes of an XML comment."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(member, "w", force_zip64=True) as out:
                out.write(b"<!--")
                block = b" " * MB
                for _ in range(unpacked // MB):
                    out.write(block)
                out.write(b"-->")
                out.write(source.read(info))
    return path


def zip_bomb(path: Path, unpacked: int = 1024 * MB) -> Path:
    """A valid workbook whose sheet unpacks to `unpacked` bytes (zeros padding an XML comment): ~1 MB on disk."""
    return _padded(workbook_bytes(people(2)), SHEET, unpacked, path)


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


def sheet_bomb(path: Path, number: int) -> Path:
    """A workbook of three sheets whose sheet `number` unpacks to 1 GiB (the bound is on the whole file)."""
    data = workbook_with_sheets({"Invited": people(2), "Late arrivals": people(2), "Notes": [["x"]]})
    return _padded(data, f"xl/worksheets/sheet{number}.xml", 1024 * MB, path)


def long_cell(path: Path) -> Path:
    """A CSV whose third line holds a 200,000-character cell (Python's csv module stops at 131,072)."""
    path.write_text("name_latin,sex\nSok Dara,M\n" + "x" * 200_000 + ",F\n", encoding="utf-8")
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
    "huge-sheet-3.xlsx": (huge_sheet_3, ("20,000 rows",)),
    "rows-over-two-sheets.xlsx": (rows_over_two_sheets, ("20,000 rows",)),
    "sheet-3-bomb.xlsx": (lambda p: sheet_bomb(p, 3), ("100 MB", "not opened")),
    "long-cell.csv": (long_cell, ("Line 3", "characters")),
}
