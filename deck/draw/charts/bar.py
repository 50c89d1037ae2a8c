"""Bar chart: one bar per datum on a shared scale; negative values diverge from a zero axis.

With `series`, each datum gives one number per series: the bars of a datum are grouped (one row
per series, the label on the first) or, with `stacked: true`, stacked into one row, positive
parts rightwards and negative parts leftwards from the axis. Series are told apart by glyph
(``█ ▓ ▒ ░``, 7-bit ``# = + *``) and named in a legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from deck.draw.charts.base import ChartBase, fit_label, legend_lines
from deck.draw.text import safe_text
from deck.format.model import Datum

MIN_BAR = 4  # cells of the longest bar below which a bar chart says nothing
LABEL_MIN = 4  # label column a bar chart may shrink to (truncated with an ellipsis)

# Left-aligned partial blocks, in eighths of a cell, for the end of a bar growing rightwards.
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
# Unicode has no left-growing eighths, only a right half: negative bars are drawn in halves.
_RIGHT_HALF = "▐"
SERIES_GLYPHS = ("█", "▓", "▒", "░")
SERIES_ASCII = ("#", "=", "+", "*")


@dataclass(frozen=True)
class _Row:
    """One drawn row: its label ("" on a group's later rows), its parts (value, series) and text."""

    label: str
    parts: tuple[tuple[float, int], ...]
    text: str


@dataclass(frozen=True)
class _Drawn:
    """A row's bar at one scale: segments left of the axis (outermost first) and right of it."""

    left: tuple[tuple[str, int], ...]
    right: tuple[tuple[str, int], ...]

    @property
    def left_cells(self) -> int:
        return sum(cell_len(s) for s, _ in self.left)

    @property
    def right_cells(self) -> int:
        return sum(cell_len(s) for s, _ in self.right)


class BarChart(ChartBase):
    """Horizontal bars in data order on one shared scale, diverging from a zero axis.

    ``label │████▌ value`` per datum; negative values grow leftwards from the axis. Labels are
    truncated with an ellipsis when the width shrinks; values are never cut.
    """

    def _rows(self, ascii_only: bool) -> list[_Row]:
        marks = self.marks(ascii_only)
        data = self.chart.data
        if not self.chart.series:
            signed = any(self.series_values(d)[0] < 0 for d in data)
            return [_Row(self.text(d.label), ((self.series_values(d)[0], 0),),
                         self.value_text(d, signed=signed) + marks.get(i, "")) for i, d in enumerate(data)]
        signed = any(v < 0 for d in data for v in self.series_values(d))
        rows: list[_Row] = []
        for index, datum in enumerate(data):
            values = self.series_values(datum)
            mark = marks.get(index, "")
            if self.chart.stacked:
                parts = tuple((v, s) for s, v in enumerate(values))
                rows.append(_Row(self.text(datum.label), parts, self._stack_text(datum, values, signed) + mark))
                continue
            for s, value in enumerate(values):
                text = self.number_text(value, datum.unit, signed=signed) + (mark if s == 0 else "")
                rows.append(_Row(self.text(datum.label) if s == 0 else "", ((value, s),), text))
        return rows

    def _stack_text(self, datum: Datum, values: Sequence[float], signed: bool) -> str:
        """A stacked row's figure: its sum, or ``+8 -3`` when it has parts on both sides."""
        if datum.display is not None:
            return self.text(datum.display)
        plus, minus = sum(v for v in values if v > 0), sum(v for v in values if v < 0)
        if plus and minus:
            return f"{self.number_text(plus, datum.unit, signed=True)} {self.number_text(minus, datum.unit)}"
        return self.number_text(plus + minus, datum.unit, signed=signed)

    def _top(self, rows: Sequence[_Row]) -> float:
        """The largest extent either side of the axis (a stack's sum on each side)."""
        sides = [(sum(v for v, _ in r.parts if v > 0), -sum(v for v, _ in r.parts if v < 0)) for r in rows]
        return max((max(side) for side in sides), default=0.0)

    def _drawn(self, rows: Sequence[_Row], longest: int, ascii_only: bool) -> list[_Drawn]:
        """Each row's bar when the largest extent takes `longest` cells."""
        top = self._top(rows)
        if not self.chart.series:
            out = []
            for row in rows:
                value = row.parts[0][0]
                bar = _bar(value, top, longest, ascii_only)
                out.append(_Drawn(((bar, 0),), ()) if value < 0 else _Drawn((), ((bar, 0),)))
            return out
        glyphs = SERIES_ASCII if ascii_only else SERIES_GLYPHS
        return [_stack(row.parts, top, longest, glyphs, minimum=not self.chart.stacked) for row in rows]

    def _rest_width(self, rows: Sequence[_Row], longest: int, ascii_only: bool) -> int:
        """Cells right of the label column: negative bars, axis, positive bars and values."""
        drawn = self._drawn(rows, longest, ascii_only)
        left = max((d.left_cells for d in drawn), default=0)
        right = max((d.right_cells + 1 + cell_len(r.text) for d, r in zip(drawn, rows, strict=True)), default=0)
        return left + 1 + right

    def _layout(self, rows: Sequence[_Row], width: int, ascii_only: bool) -> tuple[int, int] | None:
        """(label column, longest bar) for `width`, or None when the chart does not fit."""
        widest = max((cell_len(r.label) for r in rows), default=0)
        gap = 1 if widest else 0
        label_min = min(widest, LABEL_MIN)
        if label_min + gap + self._rest_width(rows, MIN_BAR, ascii_only) > width:
            return None
        # Labels get a third of the width (bars keeping their minimum), or more if the bars
        # still have a quarter of it: a cut label loses more than a shorter bar.
        third = min(width // 3, width - gap - self._rest_width(rows, MIN_BAR, ascii_only))
        rest_preferred = self._rest_width(rows, max(MIN_BAR, width // 4), ascii_only)
        label_w = min(widest, max(label_min, third, width - gap - rest_preferred))
        low, high = MIN_BAR, max(MIN_BAR, width)
        while low < high:  # the longest bar that fits: rest width grows with it
            mid = (low + high + 1) // 2
            if label_w + gap + self._rest_width(rows, mid, ascii_only) <= width:
                low = mid
            else:
                high = mid - 1
        return label_w, low

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        rows = self._rows(ascii_only)
        layout = self._layout(rows, width, ascii_only)
        signed = any(v < 0 for r in rows for v, _ in r.parts)
        if layout is None:
            return self.plain_list(width, ascii_only, signed=signed)
        label_w, longest = layout
        drawn = self._drawn(rows, longest, ascii_only)
        left = max((d.left_cells for d in drawn), default=0)
        axis = "|" if ascii_only else "│"
        out: list[Text] = []
        for row, bar in zip(rows, drawn, strict=True):
            line = Text(end="")
            if label_w:
                line.append_text(safe_text(fit_label(row.label, label_w, self.ellipsis(ascii_only)) + " "))
            line.append(" " * (left - bar.left_cells))
            for segment, _ in bar.left:
                line.append(segment, self.accent)
            line.append(axis, "dim")
            for segment, _ in bar.right:
                line.append(segment, self.accent)
            line.append(" ")
            line.append_text(safe_text(row.text, "bold"))
            out.append(line)
        if self.chart.series:
            glyphs = SERIES_ASCII if ascii_only else SERIES_GLYPHS
            marks = [Text(glyphs[s % len(glyphs)] + " ", self.accent) for s in range(len(self.chart.series))]
            out.extend(legend_lines(list(zip(marks, map(safe_text, self.series_names()), strict=True)), width))
        return out

    def minimum(self, ascii_only: bool) -> int:
        rows = self._rows(ascii_only)
        widest = max((cell_len(r.label) for r in rows), default=0)
        return min(widest, LABEL_MIN) + (1 if widest else 0) + self._rest_width(rows, MIN_BAR, ascii_only)

    def natural(self, ascii_only: bool) -> int:
        return 1 << 16  # bars stretch to whatever width they get


def _bar(value: float, top: float, longest: int, ascii_only: bool) -> str:
    """The bar for `value` when magnitude `top` is `longest` cells; nonzero is never empty."""
    if top <= 0 or value == 0:
        return ""
    fraction = abs(value) / top
    if ascii_only:
        return "#" * max(1, round(fraction * longest))
    if value < 0:
        halves = max(1, round(fraction * longest * 2))
        return _RIGHT_HALF * (halves % 2) + "█" * (halves // 2)
    eighths = max(1, round(fraction * longest * 8))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8]


def _stack(parts: Sequence[tuple[float, int]], top: float, longest: int, glyphs: Sequence[str],
           *, minimum: bool) -> _Drawn:
    """Parts stacked outwards from the axis in whole cells of their series' glyph.

    Each side rounds its running sums, so every part is within one cell of its exact length and
    the stack within half a cell; with `minimum` (one part per row) a nonzero part keeps a cell.
    """
    sides: dict[bool, list[tuple[str, int]]] = {True: [], False: []}
    for positive in (True, False):
        running, drawn = 0.0, 0
        for value, series in parts:
            if value == 0 or (value > 0) != positive or top <= 0:
                continue
            running += abs(value)
            cells = round(running / top * longest) - drawn
            if minimum:
                cells = max(1, cells)
            drawn += cells
            sides[positive].append((glyphs[series % len(glyphs)] * cells, series))
    return _Drawn(tuple(reversed(sides[False])), tuple(sides[True]))
