"""One row of cells laid out exactly as ``rich.table.Table.grid(expand=True, padding=(0, 1))``
lays it out, without the table machinery.

The presenter's header and status rows are such grids, and they are drawn again on every key
press (the slide number and the progress bar change): Rich's table measured every column,
built a padded renderable per cell and shaped each cell's lines, 0.3 ms per row, a tenth of a
key press. `GridRow` computes the same column widths with Rich's own measuring and ratio
functions and renders each cell as the table would, so the segments are the same (tests compare
them with the table's over many texts and widths). Where the widths would need Rich's collapsing
(a terminal too narrow for the row's fixed cells), it draws the table itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich._ratio import ratio_distribute
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from rich.table import Table


@dataclass(frozen=True)
class GridCell:
    """One cell of the row: what it shows, and its column's settings in `Table.add_column` terms
    (every column is ``no_wrap``)."""

    content: RenderableType
    ratio: int | None = None
    justify: JustifyMethod = "left"
    overflow: OverflowMethod = "ellipsis"


class GridRow:
    """A one-row ``Table.grid(expand=True, padding=(0, 1))`` of no-wrap cells (see the module)."""

    def __init__(self, *cells: GridCell) -> None:
        self.cells = cells

    def table(self) -> Table:
        """The Rich table this row draws like (the reference, and the way for narrow widths)."""
        from rich.table import Table  # only for narrow widths: not imported before the first frame

        grid = Table.grid(expand=True, padding=(0, 1))
        for cell in self.cells:
            grid.add_column(ratio=cell.ratio, no_wrap=True, justify=cell.justify, overflow=cell.overflow)
        grid.add_row(*(cell.content for cell in self.cells))
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The row's segments: the table's, computed directly."""
        widths = self._widths(console, options)
        if widths is None:
            yield self.table()
            return
        last = len(self.cells) - 1
        for index, (cell, width) in enumerate(zip(self.cells, widths, strict=True)):
            # As Table._render does it: the cell padded (one column on the right but for the
            # last cell), rendered at its width, shaped to one line.
            cell_options = options.update(width=width, justify=cell.justify, no_wrap=True, overflow=cell.overflow,
                                          height=None, highlight=False)
            lines = console.render_lines(self._padded(cell, index == last), cell_options, style=Style.null())
            yield from Segment.set_shape(Segment.align_top(lines, width, 1, Style.null()), width, 1)[0]
        yield Segment.line()

    @staticmethod
    def _padded(cell: GridCell, last: bool) -> Padding:
        return Padding(cell.content, (0, 0 if last else 1, 0, 0))

    def _widths(self, console: Console, options: ConsoleOptions) -> list[int] | None:
        """Table._calculate_column_widths for this row, or None where it would collapse columns."""
        max_width = options.max_width
        last = len(self.cells) - 1
        fixed = [0 if cell.ratio is not None
                 else Measurement.get(console, options, self._padded(cell, index == last)).maximum
                 for index, cell in enumerate(self.cells)]
        if any(cell.ratio is None and width == 0 for cell, width in zip(self.cells, fixed, strict=True)):
            return None  # the table widens an empty fixed column to 1 and then collapses
        flexible = [(cell.ratio, 1 + (0 if index == last else 1))
                    for index, cell in enumerate(self.cells) if cell.ratio is not None]
        widths = list(fixed)
        if flexible:
            shares = iter(ratio_distribute(max_width - sum(fixed), [ratio for ratio, _ in flexible],
                                           [minimum for _, minimum in flexible]))
            widths = [next(shares) if cell.ratio is not None else width
                      for cell, width in zip(self.cells, fixed, strict=True)]
        return widths if sum(widths) == max_width else None
