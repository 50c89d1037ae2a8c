"""Share chart: parts of a whole drawn as one 100% bar, with a legend."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text

from deck.draw.charts.base import ChartBase, finite, format_number, legend_lines
from deck.draw.text import safe_text
from deck.format.model import Datum, Localized

SHARE_MIN = 10  # narrowest share bar


class ShareChart(ChartBase):
    """Parts of a whole as one 100% bar, with a legend; the remainder is named by `chart.rest`.

    The remainder's figure is shown only when no part has a `display` text: a display such as
    ``never above 2%`` marks an approximate figure, and ``98%`` for the rest would claim more.
    Without a unit (or `format`) every figure, parts and rest alike, is its percentage of the
    whole; with one, every figure is in it.
    """

    GLYPHS: ClassVar[tuple[str, ...]] = ("█", "▓", "▒", "▚")
    ASCII_GLYPHS: ClassVar[tuple[str, ...]] = ("#", "=", "+", "*")

    def _parts(self) -> tuple[list[float], float, float]:
        """(part values, whole, remainder); a whole smaller than the parts grows to their sum."""
        values = [max(0.0, finite(d.value)) for d in self.chart.data]
        whole = max(finite(self.chart.total), sum(values))
        return values, whole, whole - sum(values)

    def _glyph(self, index: int, ascii_only: bool) -> str:
        glyphs = self.ASCII_GLYPHS if ascii_only else self.GLYPHS
        return glyphs[index % len(glyphs)]

    def _rest_glyph(self, ascii_only: bool) -> str:
        return "-" if ascii_only else "░"

    def _style(self, index: int) -> str:
        return f"bold {self.accent}" if index == 0 else self.accent

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        if width < self.minimum(ascii_only):
            return self.plain_list(width, ascii_only)
        values, whole, rest = self._parts()
        cells = _apportion([*values, rest], whole, width)
        bar = Text(end="")
        for index, count in enumerate(cells[:-1]):
            bar.append(self._glyph(index, ascii_only) * count, self._style(index))
        bar.append(self._rest_glyph(ascii_only) * cells[-1], "dim")
        return [bar, *self._legend(width, ascii_only, rest)]

    def _legend(self, width: int, ascii_only: bool, rest: float) -> list[Text]:
        """One line of entries if they fit, else an entry per line with a hanging indent."""
        entries: list[tuple[Text, Text]] = []
        marks = self.marks(ascii_only)
        for index, datum in enumerate(self.chart.data):
            entry = safe_text(self.text(datum.label))
            entry.append(" ")
            entry.append_text(safe_text(self.value_text(datum) + marks.get(index, ""), "bold"))
            entries.append((Text(self._glyph(index, ascii_only) + " ", self._style(index)), entry))
        rest_label = self.text(self.chart.rest)
        if rest_label and rest > 0:
            entry = safe_text(rest_label)
            if all(d.display is None for d in self.chart.data):
                entry.append(" ")
                entry.append_text(safe_text(self._rest_value(rest), "bold"))
            entries.append((Text(self._rest_glyph(ascii_only) + " ", "dim"), entry))
        return legend_lines(entries, width)

    def _in_percent(self, unit: Localized | None = None) -> bool:
        """Whether figures are shown as percentages of the whole (no unit or format given)."""
        return not self.text(unit or self.chart.unit) and "{}" not in self.text(self.chart.format)

    def value_text(self, datum: Datum, *, signed: bool = False) -> str:
        if datum.display is None and datum.value is not None and self._in_percent(datum.unit):
            return self._percent(finite(datum.value))
        return super().value_text(datum, signed=signed)

    def _percent(self, value: float) -> str:
        _, whole, _ = self._parts()
        return format_number(round(value / whole * 100, 1)) + "%"

    def _rest_value(self, rest: float) -> str:
        return self._percent(rest) if self._in_percent() else self.number_text(rest)

    def minimum(self, ascii_only: bool) -> int:
        return max(SHARE_MIN, len(self.chart.data) + 1)

    def natural(self, ascii_only: bool) -> int:
        return 1 << 16


def _apportion(values: Sequence[float], whole: float, width: int) -> list[int]:
    """Split `width` cells in proportion (largest remainder); a nonzero share gets a cell."""
    if whole <= 0:
        return [0] * (len(values) - 1) + [width]
    exact = [v / whole * width for v in values]
    cells = [max(1, math.floor(e)) if v > 0 else 0 for e, v in zip(exact, values, strict=True)]
    while sum(cells) > width:  # the minimum cells overshot: take from the largest
        cells[cells.index(max(cells))] -= 1
    by_remainder = sorted(range(len(values)), key=lambda i: cells[i] - exact[i])
    for index in by_remainder[: width - sum(cells)]:
        cells[index] += 1
    return cells
