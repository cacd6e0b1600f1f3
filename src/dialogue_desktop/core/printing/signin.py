"""The sign-in sheet of a dialogue: blank, or pre-filled with the invited and registered people.

Landscape A4, Khmer and English headers. Every page repeats the sheet's title, the dialogue, its date and
place, and the column headers, and has a tally box (women / men / total on this page) to fill by hand.
Rows are at least 12 mm tall so people can sign or press a thumbprint. Phones are printed only for people
who consented to their data being used.
"""

from __future__ import annotations

import os
from typing import IO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from dialogue_desktop.core.i18n import N_, format_number
from dialogue_desktop.core.printing import common as c
from dialogue_desktop.core.printing.data import SignInData, SignInLine
from dialogue_desktop.core.printing.flowables import Para
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line

PAGE = landscape(A4)
MARGINS = c.Margins(left=12 * mm, right=12 * mm, top=10 * mm, bottom=8 * mm)
WIDTH = c.frame_width(PAGE, MARGINS)
HEADER_HEIGHT = 24 * mm
TALLY_HEIGHT = 13 * mm
ROW_HEIGHT = 12 * mm  # room for a signature or a thumbprint (at least 11 mm)
SIGN_IN = N_("Sign-in sheet")
COLUMNS = (
    (N_("No."), 10 * mm),
    (N_("Name"), 62 * mm),
    (N_("Sex"), 17 * mm),
    (N_("Age group"), 19 * mm),
    (N_("Organisation"), 60 * mm),
    (N_("Phone"), 30 * mm),
    (N_("Signature or thumbprint"), 0.0),  # the rest of the width
)
BLANK_ROWS = 40
EXTRA_ROWS = 10  # empty rows after the pre-filled people, for those who come uninvited


def write_signin(
    data: SignInData, target: str | os.PathLike[str] | IO[bytes], extra_rows: int | None = None
) -> int:
    """Write the sheet to `target`; returns the number of pages.

    With nobody pre-filled the sheet has `BLANK_ROWS` numbered empty rows; otherwise the people, then
    `extra_rows` (default `EXTRA_ROWS`) empty ones.
    """
    empty = (BLANK_ROWS if not data.people else EXTRA_ROWS) if extra_rows is None else extra_rows
    widths = [w for _, w in COLUMNS]
    widths[-1] = WIDTH - sum(widths)
    head: list[Flowable | str | list[Flowable]] = [
        Para(c.head_label(msgid, "both"), c.CELL_HEAD) for msgid, _ in COLUMNS
    ]
    rows: list[list[Flowable | str | list[Flowable]]] = [head]
    for i, person in enumerate([*data.people, *([None] * empty)], start=1):
        rows.append(_row(i, person))
    table = c.table(rows, widths, split_in_row=False, extra=[("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
    story: list[Flowable] = [table]
    footer = c.Footer("both")
    title = f"{data.title.get('km')} — {c.label(SIGN_IN, 'both')}"
    return c.build_pdf(
        target, story, pagesize=PAGE, footer=footer, title=title, margins=MARGINS,
        header=_decorate(data), header_height=HEADER_HEIGHT, bottom_extra=TALLY_HEIGHT,
    )  # fmt: skip


def _row(number: int, person: SignInLine | None) -> list[Flowable | str | list[Flowable]]:
    # The signature cell holds a spacer as tall as a row must be: rows grow with long names, never shrink.
    room = Spacer(1, ROW_HEIGHT - 3)
    num = Para(format_number(number, "en"), c.CELL_RIGHT)
    if person is None:
        return [num, "", "", "", "", "", room]
    name = "\n".join(dict.fromkeys(n for n in (person.name_km, person.name_latin) if n))
    band = c.head_label(person.age_band.label, "both") if person.age_band is not None else ""
    return [
        num,
        Para(name, c.CELL),
        Para(c.head_label(person.sex.label, "both"), c.CELL),
        Para(band, c.CELL),
        Para(c.cell_text(person.organisation, "both"), c.CELL),
        Para(person.phone, c.CELL),
        room,
    ]


def _decorate(data: SignInData) -> c.PageDecorator:
    """Title, dialogue, date and place at the top of every page; the tally box at the bottom."""
    place = data.place
    where = {
        lang: ", ".join(x for x in [*(p.get(lang) for p in (place.province, place.district, place.commune) if p), place.venue] if x)
        for lang in ("km", "en")
    }  # fmt: skip
    width_text = WIDTH / 2 - 4 * mm

    def draw(canvas: Canvas, page: int) -> None:
        page_w, page_h = canvas._pagesize
        left, right = MARGINS.left, page_w - MARGINS.right
        top = page_h - MARGINS.top
        centre = page_w / 2
        draw_text_line(
            canvas,
            centre,
            top - 5 * mm,
            c.label(SIGN_IN, "both"),
            TextStyle(size=14, bold=True, align="center"),
        )
        km_style = TextStyle(size=10, bold=True)
        en_style = TextStyle(size=9.5, bold=True, colour=c.SECOND, align="right")
        draw_text_line(
            canvas, left, top - 12 * mm, c.wrap_one(data.title.get("km"), km_style, width_text), km_style
        )
        draw_text_line(
            canvas, right, top - 12 * mm, c.wrap_one(data.title.get("en"), en_style, width_text), en_style
        )
        info = TextStyle(size=8.5)
        info_right = TextStyle(size=8.5, align="right")
        day_km = c.tr("km", N_("Date")) + ": " + c.date_text(data.date, "km")
        day_en = c.tr("en", N_("Date")) + ": " + c.date_text(data.date, "en")
        draw_text_line(canvas, left, top - 17.5 * mm, c.wrap_one(day_km, info, width_text), info)
        draw_text_line(canvas, right, top - 17.5 * mm, c.wrap_one(day_en, info_right, width_text), info_right)
        where_km = c.tr("km", N_("Place")) + ": " + where["km"]
        where_en = c.tr("en", N_("Place")) + ": " + where["en"]
        draw_text_line(canvas, left, top - 22 * mm, c.wrap_one(where_km, info, width_text), info)
        draw_text_line(canvas, right, top - 22 * mm, c.wrap_one(where_en, info_right, width_text), info_right)
        _tally_box(canvas, left, MARGINS.bottom + c.Footer("both").height() + 1 * mm, right - left)

    return draw


def _tally_box(canvas: Canvas, x: float, y: float, width: float) -> None:
    """Three boxes to fill by hand: women, men and total on this page."""
    height = TALLY_HEIGHT - 3 * mm
    intro = c.label(N_("Count on this page"), "both")
    style = TextStyle(size=8.5, bold=True)
    intro_w = draw_text_line(canvas, x, y + height / 2 - 1.2 * mm, intro, style) + 4 * mm
    fields = (N_("Women"), N_("Men"), N_("Total on this page"))
    box = (width - intro_w) / 3
    canvas.saveState()
    canvas.setStrokeColor(c.RULE)
    canvas.setLineWidth(0.8)
    for i, msgid in enumerate(fields):
        bx = x + intro_w + i * box
        canvas.rect(bx, y, box - 2 * mm, height, stroke=1, fill=0)
        draw_text_line(
            canvas, bx + 2 * mm, y + height - 4.2 * mm, c.label(msgid, "both"), TextStyle(size=7.5)
        )
    canvas.restoreState()
