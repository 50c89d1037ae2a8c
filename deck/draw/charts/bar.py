"""Bar chart: one bar per datum on a shared scale; negative values diverge from a zero axis."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from deck.draw.charts.base import ChartBase, finite, fit_label
from deck.draw.text import safe_text

MIN_BAR = 4  # cells of the longest bar below which a bar chart says nothing
LABEL_MIN = 4  # label column a bar chart may shrink to (truncated with an ellipsis)

# Left-aligned partial blocks, in eighths of a cell, for the end of a bar growing rightwards.
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
# Unicode has no left-growing eighths, only a right half: negative bars are drawn in halves.
_RIGHT_HALF = "▐"


class BarChart(ChartBase):
    """Horizontal bars in data order on one shared scale, diverging from a zero axis.

    ``label │████▌ value`` per datum; negative values grow leftwards from the axis. Labels are
    truncated with an ellipsis when the width shrinks; values are never cut.
    """

    def _rows(self) -> tuple[list[str], list[float], list[str]]:
        data = self.chart.data
        values = [finite(d.value) for d in data]
        signed = any(v < 0 for v in values)
        labels = [self.text(d.label) for d in data]
        return labels, values, [self.value_text(d, signed=signed) for d in data]

    def _bars(self, values: Sequence[float], longest: int, ascii_only: bool) -> list[str]:
        """Each value's bar when the largest magnitude takes `longest` cells."""
        top = max((abs(v) for v in values), default=0.0)
        return [_bar(v, top, longest, ascii_only) for v in values]

    def _rest_width(self, values: Sequence[float], texts: Sequence[str], longest: int, ascii_only: bool) -> int:
        """Cells right of the label column: negative bars, axis, positive bars and values."""
        bars = self._bars(values, longest, ascii_only)
        left = max((cell_len(b) for b, v in zip(bars, values, strict=True) if v < 0), default=0)
        right = max(
            (cell_len(b) * (v > 0) + 1 + cell_len(t) for b, v, t in zip(bars, values, texts, strict=True)),
            default=0,
        )
        return left + 1 + right

    def _layout(self, width: int, ascii_only: bool) -> tuple[int, int] | None:
        """(label column, longest bar) for `width`, or None when the chart does not fit."""
        labels, values, texts = self._rows()
        widest = max((cell_len(label) for label in labels), default=0)
        gap = 1 if widest else 0
        label_min = min(widest, LABEL_MIN)
        if label_min + gap + self._rest_width(values, texts, MIN_BAR, ascii_only) > width:
            return None
        # Labels get a third of the width (bars keeping their minimum), or more if the bars
        # still have a quarter of it: a cut label loses more than a shorter bar.
        third = min(width // 3, width - gap - self._rest_width(values, texts, MIN_BAR, ascii_only))
        rest_preferred = self._rest_width(values, texts, max(MIN_BAR, width // 4), ascii_only)
        label_w = min(widest, max(label_min, third, width - gap - rest_preferred))
        low, high = MIN_BAR, max(MIN_BAR, width)
        while low < high:  # the longest bar that fits: rest width grows with it
            mid = (low + high + 1) // 2
            if label_w + gap + self._rest_width(values, texts, mid, ascii_only) <= width:
                low = mid
            else:
                high = mid - 1
        return label_w, low

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        layout = self._layout(width, ascii_only)
        if layout is None:
            return self.plain_list(width, signed=any(v < 0 for v in self._rows()[1]))
        label_w, longest = layout
        labels, values, texts = self._rows()
        bars = self._bars(values, longest, ascii_only)
        left = max((cell_len(b) for b, v in zip(bars, values, strict=True) if v < 0), default=0)
        axis = "|" if ascii_only else "│"
        out: list[Text] = []
        for label, value, text, bar in zip(labels, values, texts, bars, strict=True):
            line = Text(end="")
            if label_w:
                line.append_text(safe_text(fit_label(label, label_w, self.ellipsis(ascii_only)) + " "))
            line.append(" " * (left - cell_len(bar) * (value < 0)))
            if value < 0:
                line.append(bar, self.accent)
            line.append(axis, "dim")
            if value > 0:
                line.append(bar, self.accent)
            line.append(" ")
            line.append_text(safe_text(text, "bold"))
            out.append(line)
        return out

    def minimum(self, ascii_only: bool) -> int:
        labels, values, texts = self._rows()
        widest = max((cell_len(label) for label in labels), default=0)
        return min(widest, LABEL_MIN) + (1 if widest else 0) + self._rest_width(values, texts, MIN_BAR, ascii_only)

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
