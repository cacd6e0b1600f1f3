"""Platypus flowables built on the shaped text layer."""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from dialogue_desktop.core.printing import linebreak
from dialogue_desktop.core.printing.text import TextStyle, draw_text_line, measure, wrap_lines


class Para(Flowable):
    """A wrapped block of Khmer/Latin text: works in frames, ``Table`` cells and across pages.

    Lines are broken by ``wrap_lines`` for the width the container offers; ``split`` hands the lines that
    do not fit to a second ``Para``, so a long cell can continue on the next page (``splitInRow``).
    """

    def __init__(self, text: str, style: TextStyle | None = None, *, _lines: list[str] | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style or TextStyle()
        self._fixed_lines = _lines
        self._lines: list[str] = []
        self._wrap_width = -1.0

    def __repr__(self) -> str:
        return f"Para({self.text[:30]!r}…)"

    def _layout(self, width: float) -> list[str]:
        if self._fixed_lines is not None:
            return self._fixed_lines
        if width != self._wrap_width:
            self._lines = wrap_lines(self.text, self.style, width)
            self._wrap_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # Table._splitCell (ReportLab 5.1) passes the column width without the cell padding; keep the
        # width of the preceding wrap() so the split lines are the ones that fit inside the padding.
        lines = self._layout(self._wrap_width if self._wrap_width > 0 else availWidth)
        fit = int((availHeight + 1e-6) // self.style.line_height)
        if fit <= 0:
            return []
        if fit >= len(lines):
            # Callers such as Table._splitCell expect two parts whenever the result is not empty.
            return [self, Para(self.text, self.style, _lines=[])]
        return [
            Para(self.text, self.style, _lines=lines[:fit]),
            Para(self.text, self.style, _lines=lines[fit:]),
        ]

    def minWidth(self) -> float:
        """Widest run between spaces/ZWSPs (Tables size columns with it)."""
        parts = self.text.replace(linebreak.ZWSP, " ").split()
        return max((measure(p, self.style) for p in parts), default=0.0)

    def draw(self) -> None:
        style = self.style
        lines = self._layout(self.width)
        x = {"left": 0.0, "center": self.width / 2, "right": self.width}[style.align]
        top = self.height
        for i, line in enumerate(lines):
            draw_text_line(self.canv, x, top - i * style.line_height - style.baseline_offset, line, style)
