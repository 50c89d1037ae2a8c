"""Stat chart: one or a few big numbers in a three-row block font, each with its label."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from deck.draw.charts.base import ChartBase
from deck.draw.text import safe_text, widest_token, wrap
from deck.format.model import Datum

# Three rows per glyph, after Textual's Digits tables (not imported: charts stay Textual-free).
_FONT: dict[str, tuple[str, str, str]] = {
    "0": ("╭─╮", "│ │", "╰─╯"),
    "1": ("╶╮ ", " │ ", "╶┴╴"),
    "2": ("╶─╮", "┌─┘", "╰─╴"),
    "3": ("╶─╮", " ─┤", "╶─╯"),
    "4": ("╷ ╷", "╰─┤", "  ╵"),
    "5": ("╭─╴", "╰─╮", "╶─╯"),
    "6": ("╭─╴", "├─╮", "╰─╯"),
    "7": ("╶─┐", "  │", "  ╵"),
    "8": ("╭─╮", "├─┤", "╰─╯"),
    "9": ("╭─╮", "╰─┤", "╶─╯"),
    "+": ("   ", "╶┼╴", "   "),
    "-": ("   ", "╶─╴", "   "),
    ".": (" ", " ", "•"),
    ",": (" ", " ", ","),
    "%": ("○ ╱", " ╱ ", "╱ ○"),
    "$": ("╭╫╮", "╰╫╮", "╰╫╯"),
    "(": ("╭╴", "│ ", "╰╴"),
    ")": ("╶╮", " │", "╶╯"),
}
# Seven-segment digits in 7-bit ASCII.
_ASCII_FONT: dict[str, tuple[str, str, str]] = {
    "0": (" _ ", "| |", "|_|"),
    "1": ("   ", "  |", "  |"),
    "2": (" _ ", " _|", "|_ "),
    "3": (" _ ", " _|", " _|"),
    "4": ("   ", "|_|", "  |"),
    "5": (" _ ", "|_ ", " _|"),
    "6": (" _ ", "|_ ", "|_|"),
    "7": (" _ ", "  |", "  |"),
    "8": (" _ ", "|_|", "|_|"),
    "9": (" _ ", "|_|", " _|"),
    "+": ("   ", "_|_", " | "),
    "-": ("   ", " _ ", "   "),
    ".": (" ", " ", "."),
    ",": (" ", " ", ","),
    "%": ("O /", " / ", "/ O"),
    "$": ("_|_", "(_ ", "_|)"),
    "(": (" /", "| ", " \\"),
    ")": ("\\ ", " |", "/ "),
}


class StatChart(ChartBase):
    """A big number (three rows of box-drawing glyphs) over its caption, the datum's label.

    Characters without a glyph (``亿``, ``about``) are written normally on the bottom row. A
    number wider than the space falls back to plain bold text. The format allows one figure per
    stat chart; should a chart carry more, they are stacked.
    """

    def _big(self, number: str, ascii_only: bool) -> list[Text]:
        """Three rows of glyphs; a space between two glyphs (or a glyph and a word) for legibility."""
        font = _ASCII_FONT if ascii_only else _FONT
        rows = [Text(end=""), Text(end=""), Text(end="")]
        previous = " "
        for char in number:
            glyph = font.get(char)
            if _needs_gap(previous, char, font):
                for row in rows:
                    row.append(" ")
            if glyph is None:
                blank = " " * cell_len(char)
                rows[0].append(blank)
                rows[1].append(blank)
                rows[2].append(char, "bold")
            else:
                for row, part in zip(rows, glyph, strict=True):
                    row.append(part, f"bold {self.accent}")
            previous = char
        return rows

    def _block(self, datum: Datum, width: int, ascii_only: bool, mark: str = "") -> list[Text]:
        """One stat: the number (big if it fits) and the caption (with its source mark) under it."""
        number = self.value_text(datum)
        big = self._big(number, ascii_only)
        if max(row.cell_len for row in big) > width:
            big = wrap(safe_text(number, f"bold {self.accent}"), width)
        caption = safe_text(self.text(datum.label) + mark)
        if not caption.plain.strip():
            return big
        return [*big, *wrap(caption, width)]

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        out: list[Text] = []
        marks = self.marks(ascii_only)
        for number, datum in enumerate(self.chart.data):
            block = self._block(datum, width, ascii_only, marks.get(number, ""))
            out.extend(([Text("")] if number else []) + block)
        return out

    def minimum(self, ascii_only: bool) -> int:
        return max((widest_token(self.value_text(d)) for d in self.chart.data), default=1)

    def natural(self, ascii_only: bool) -> int:
        return max((line.cell_len for d in self.chart.data for line in self._block(d, 1 << 16, ascii_only)), default=0)


def _needs_gap(previous: str, char: str, font: dict[str, tuple[str, str, str]]) -> bool:
    """A space between two big glyphs, or a big glyph and a word; not around points or spaces."""
    if previous.isspace() or char.isspace() or previous in ".," or char in ".,":
        return False
    return previous in font or char in font
