"""Reading back the PDFs the app writes, with pip packages only (PDFium through pypdfium2).

`pdf_text` is the text a reader copies out of the file: PDFium follows the ActualText spans the printing
layer writes, so shaped Khmer comes back in its logical order. `render_pages` draws the pages as a viewer
would, and `GreyPage` tells where the ink is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, lines separated by "\\n"."""
    document = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    """The text of the whole document, each page ended by a form feed (as `pdftotext` writes it)."""
    return "".join(f"{page}\n\f" for page in pdf_pages(path))


def render_pages(path: Path, dpi: float = 72) -> list[Image.Image]:
    """Every page drawn in RGB at `dpi` (72 dpi: one pixel per point), in page order."""
    document = pdfium.PdfDocument(path)
    try:
        images = []
        for page in document:
            images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        document.close()


@dataclass(frozen=True)
class GreyPage:
    """A rendered page as one grey level per pixel (0 black, 255 white)."""

    image: Image.Image  # mode "L"

    @classmethod
    def darkest_channel(cls, image: Image.Image) -> GreyPage:
        """Each pixel's darkest colour channel, so that coloured ink counts as ink."""
        red, green, blue = image.convert("RGB").split()
        return cls(ImageChops.darker(ImageChops.darker(red, green), blue))

    @classmethod
    def luminance(cls, image: Image.Image) -> GreyPage:
        """Each pixel's luminance, as a greyscale print shows it."""
        return cls(image.convert("L"))

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def count(self, low: int, high: int) -> int:
        """How many pixels have a grey level in [low, high)."""
        return sum(self.image.histogram()[low:high])

    def ink_box(self, below: int) -> tuple[int, int, int, int] | None:
        """(left, top, right, bottom) of the pixels darker than `below`, inclusive; None when there are none."""
        box = self.image.point(lambda level: 255 if level < below else 0).getbbox()
        return None if box is None else (box[0], box[1], box[2] - 1, box[3] - 1)


def assert_ink_inside(
    image: Image.Image,
    margin_pt: float,
    dpi: float,
    *,
    below: int = 160,
    at_least: int = 300,
    slack: float = 1,
) -> None:
    """The page is not blank (`at_least` pixels darker than `below`) and no such pixel lies in the margins.

    A pixel may stand `slack` pixels into the margin (anti-aliased edges of ink that ends on the frame).
    """
    grey = GreyPage.darkest_channel(image)
    dark = grey.count(0, below)
    assert dark > at_least, f"the page looks blank ({dark} dark pixels)"
    box = grey.ink_box(below)
    assert box is not None
    m = margin_pt * dpi / 72 - slack
    left, top, right, bottom = box
    assert m <= left and right <= grey.width - m and m <= top and bottom <= grey.height - m, (
        f"ink in the margin: ink spans {box} on a {grey.width}×{grey.height} page, margins {m:.1f} px"
    )
