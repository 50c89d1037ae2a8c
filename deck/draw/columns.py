"""Columns side by side, or stacked when the slide is too narrow for them.

`column_widths` is the one rule, used by the screen, every export and `deck check --size` (which
measures by drawing): the columns share the width less the gaps in proportion to their `width`,
each getting at least its minimum (its widest unbreakable content, measured by Rich from the
blocks' own `__rich_measure__`: a word, a chart's narrowest drawing, and never less than
`MIN_COLUMN` cells so a column stays readable). When even the minimums do not fit, there are no
widths and the columns are drawn one under another, each at the full width.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment

GAP = 3  # cells between two columns
MIN_COLUMN = 16  # narrowest readable column


def column_widths(minimums: Sequence[int], weights: Sequence[int], width: int, gap: int = GAP) -> list[int] | None:
    """Each column's width in `width` cells, or None when they must stack.

    Shares follow `weights`; a column whose share is below its minimum gets its minimum, and the
    others share what is left (repeated until every column is satisfied).
    """
    free = width - gap * (len(minimums) - 1)
    if sum(minimums) > free:
        return None
    widths = list(minimums)
    flexible = list(range(len(minimums)))
    while flexible:
        left = free - sum(widths[i] for i in range(len(widths)) if i not in flexible)
        total = sum(weights[i] for i in flexible)
        shares = {i: left * weights[i] // total for i in flexible}
        short = [i for i in flexible if shares[i] < minimums[i]]
        if not short:
            for i in flexible:
                widths[i] = shares[i]
            break
        flexible = [i for i in flexible if i not in short]  # these keep their minimum
    last = flexible[-1] if flexible else len(widths) - 1
    widths[last] += free - sum(widths)  # what rounding left over
    return widths


class ColumnsBlock:
    """The renderable of a `columns:` block: each column a list of renderables."""

    def __init__(self, columns: Sequence[Sequence[RenderableType]], weights: Sequence[int]) -> None:
        self.columns = [Group(*column) for column in columns]
        self.weights = list(weights)

    def minimums(self, console: Console, options: ConsoleOptions) -> list[int]:
        """Each column's narrowest width (its widest unbreakable content, `MIN_COLUMN` at least)."""
        return [max(Measurement.get(console, options, column).minimum, MIN_COLUMN) for column in self.columns]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = column_widths(self.minimums(console, options), self.weights, options.max_width)
        if widths is None:
            yield from self._stacked(console, options)
            return
        drawn = [console.render_lines(column, options.update(width=width, height=None), pad=True)
                 for column, width in zip(self.columns, widths, strict=True)]
        rows = max(len(lines) for lines in drawn)
        gap = Segment(" " * GAP)
        for row in range(rows):
            for number, (lines, width) in enumerate(zip(drawn, widths, strict=True)):
                if number:
                    yield gap
                yield from lines[row] if row < len(lines) else [Segment(" " * width)]
            yield Segment.line()

    def _stacked(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for number, column in enumerate(self.columns):
            if number:
                yield Segment.line()
            yield from console.render(column, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        minimums = self.minimums(console, options)
        return Measurement(min(max(minimums), options.max_width), options.max_width)
