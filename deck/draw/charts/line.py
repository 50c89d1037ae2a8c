"""Line chart: one or more series over ordered x values (the data's labels), on a y axis with a
few round ticks.

One series is drawn as a connected line of Braille dots (two columns and four rows of dots per
cell); several series, one point or the 7-bit form use a marker per point and series (``● ○ ■ □``,
7-bit ``* o x @``), which tell the series apart without colour. X labels are centred under their
points and thinned so that they never overlap (the first and the last are kept first).
Drawing takes time linear in the number of points plus the plot's cells.
"""

from __future__ import annotations

import itertools
import math

from rich.cells import cell_len
from rich.text import Text

from deck.draw.charts.base import ChartBase, fit_label, legend_lines
from deck.draw.text import safe_text

MAX_ROWS = 7  # plot rows (ticks at most 4: 3 intervals of 2 rows, 2 of 3, or 1 of 6)
PLOT_MIN = 8  # plot cells below which a line chart becomes a list
MARKERS = ("●", "○", "■", "□", "▲", "△")
ASCII_MARKERS = ("*", "o", "x", "@", "%", "&")
SERIES_COLOURS = ("yellow", "bright_magenta", "green", "bright_blue", "red")
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [dot row][dot column]


def nice_ticks(low: float, high: float, most: int = 3) -> tuple[float, float, int]:
    """(bottom, step, intervals): round bounds around [low, high] in steps of 1, 2, 2.5 or 5
    times a power of ten, with at most `most` intervals."""
    if not high > low:
        low, high = (min(low, 0.0), max(high, 0.0)) if low or high else (0.0, 1.0)
    span = max(high - low, 1e-300)  # a subnormal span (5e-324) has no logarithm
    power = 10.0 ** math.floor(math.log10(span / most))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        step = factor * power
        bottom, top = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if top - bottom <= most:
            return bottom * step, step, max(1, top - bottom)
    raise AssertionError("unreachable: 100 * power > span")  # pragma: no cover


class LineChart(ChartBase):
    """Series over the data's labels in order, with y ticks, thinned x labels and a legend."""

    def _values(self) -> list[list[float]]:
        """values[s][i]: series s at point i."""
        columns = [self.series_values(d) for d in self.chart.data]
        return [[column[s] for column in columns] for s in range(len(self.series_names()))]

    def _axis(self) -> tuple[float, float, int, int]:
        """(bottom, step, intervals, rows per interval)."""
        flat = [v for series in self._values() for v in series]
        bottom, step, intervals = nice_ticks(min(flat, default=0.0), max(flat, default=0.0))
        return bottom, step, intervals, (MAX_ROWS - 1) // intervals

    def _tick_labels(self) -> list[str]:
        """The y tick texts, top first."""
        bottom, step, intervals, _ = self._axis()
        # 12 significant digits: 0.1 * 3 is 0.30000000000000004 (rounding to places would zero 1e-20)
        return [self.number_text(float(f"{bottom + (intervals - j) * step:.12g}")) for j in range(intervals + 1)]

    def _y_width(self) -> int:
        return max(cell_len(t) for t in self._tick_labels())

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        if width < self.minimum(ascii_only):
            return self.plain_list(width, ascii_only)
        y_w = self._y_width()
        plot_w = width - y_w - 1
        bottom, step, intervals, per = self._axis()
        rows = intervals * per + 1
        top = bottom + intervals * step
        zero_row = round(top / step) * per if bottom < 0 < top else None
        grid = self._markers(plot_w, rows, bottom, top, ascii_only)
        if not ascii_only and len(self.chart.data) > 1:
            grid = self._braille(plot_w, rows, bottom, top, grid)
        ticks = self._tick_labels()
        out: list[Text] = []
        for row in range(rows):
            line = Text(end="")
            tick = row % per == 0
            label = ticks[row // per] if tick else ""
            line.append(" " * (y_w - cell_len(label)) + label, "dim")
            line.append(("+" if tick else "|") if ascii_only else ("┤" if tick else "│"), "dim")
            for char, series in grid[row]:
                if series < 0 and row == zero_row:
                    line.append("." if ascii_only else "┄", "dim")
                else:
                    line.append(char, self._style(series))
            out.append(line)
        corner, rule = ("+", "-") if ascii_only else ("└", "─")
        out.append(Text(" " * y_w + corner + rule * plot_w, "dim", end=""))
        out.append(self._x_labels(plot_w, y_w + 1, ascii_only))
        out.extend(self._legend(width, plot_w, ascii_only))
        return out

    def _x_cells(self, plot_w: int) -> list[int]:
        """The cell of each point: spread over the plot, one point in its middle."""
        count = len(self.chart.data)
        if count == 1:
            return [(plot_w - 1) // 2]
        return [round(i * (plot_w - 1) / (count - 1)) for i in range(count)]

    def _style(self, series: int) -> str:
        """Series 0 in the accent colour, the others in colours of their own."""
        return self.accent if series <= 0 else SERIES_COLOURS[(series - 1) % len(SERIES_COLOURS)]

    def _braille(self, plot_w: int, rows: int, bottom: float, top: float,
                 grid: list[list[tuple[str, int]]]) -> list[list[tuple[str, int]]]:
        """Each series as a connected line of Braille dots, under the markers of `grid` (a cell
        with dots of several series takes the colour of the last)."""
        bits = [[0] * plot_w for _ in range(rows)]
        owner = [[-1] * plot_w for _ in range(rows)]
        for s, series in enumerate(self._values()):
            points = [self._dot(i, v, plot_w, rows, bottom, top) for i, v in enumerate(series)]
            for (x0, y0), (x1, y1) in itertools.pairwise(points):
                for x, y in _segment(x0, y0, x1, y1):
                    bits[y // 4][x // 2] |= _BRAILLE_BITS[y % 4][x % 2]
                    owner[y // 4][x // 2] = s
        return [[grid[r][c] if grid[r][c][1] >= 0 else ((chr(0x2800 + bits[r][c]), owner[r][c]) if bits[r][c]
                                                         else (" ", -1)) for c in range(plot_w)] for r in range(rows)]

    def _with_markers(self, plot_w: int, ascii_only: bool) -> bool:
        """Whether points get markers (see `_markers`)."""
        count, several = len(self.chart.data), len(self.chart.series) > 1
        return ascii_only or count == 1 or (several and count * 3 <= plot_w)

    def _markers(self, plot_w: int, rows: int, bottom: float, top: float,
                 ascii_only: bool) -> list[list[tuple[str, int]]]:
        """(glyph, series) per cell: a marker per point and series at one row of resolution, in
        the 7-bit form, for a single point, and where several series have room for them (a point
        every three cells); later series draw over earlier. Empty cells are (" ", -1)."""
        grid = [[(" ", -1)] * plot_w for _ in range(rows)]
        if not self._with_markers(plot_w, ascii_only):
            return grid
        markers = ASCII_MARKERS if ascii_only else MARKERS
        cells = self._x_cells(plot_w)
        on_dots = not ascii_only and len(self.chart.data) > 1  # in the cell of the line's dot
        for s, series in enumerate(self._values()):
            for index, (x, value) in enumerate(zip(cells, series, strict=True)):
                if on_dots:
                    dot_x, dot_y = self._dot(index, value, plot_w, rows, bottom, top)
                    x, row = dot_x // 2, dot_y // 4
                else:
                    row = round((top - value) / (top - bottom) * (rows - 1))
                grid[row][x] = (markers[s % len(markers)], s)
        return grid

    def _dot(self, index: int, value: float, plot_w: int, rows: int, bottom: float, top: float) -> tuple[int, int]:
        """The Braille dot (column, row) of point `index` with `value` (at least two points)."""
        return (round(index * (plot_w * 2 - 1) / (len(self.chart.data) - 1)),
                round((top - value) / (top - bottom) * (rows * 4 - 1)))

    def _x_labels(self, plot_w: int, indent: int, ascii_only: bool) -> Text:
        """The data's labels under their points; a label that would touch a placed one is left out."""
        labels = [self.text(d.label) for d in self.chart.data]
        places: dict[int, tuple[int, str]] = {}
        cells = self._x_cells(plot_w)

        def place(index: int) -> tuple[int, str]:
            label = fit_label(labels[index], min(cell_len(labels[index]), plot_w), self.ellipsis(ascii_only))
            start = min(max(cells[index] - (cell_len(label) - 1) // 2, 0), plot_w - cell_len(label))
            return start, label

        def clear(start: int, label: str, other: tuple[int, str]) -> bool:
            return start + cell_len(label) + 1 < other[0] or other[0] + cell_len(other[1]) + 1 < start

        last = len(labels) - 1
        places[last] = place(last)
        previous: tuple[int, str] | None = None
        for index in range(last):
            start, label = place(index)
            if clear(start, label, places[last]) and (previous is None or clear(start, label, previous)):
                places[index] = previous = (start, label)
        line = Text(" " * indent, end="")
        at = 0
        for start, label in sorted(places.values()):
            line.append(" " * (start - at))
            line.append_text(safe_text(label))
            at = start + cell_len(label)
        return line

    def _legend(self, width: int, plot_w: int, ascii_only: bool) -> list[Text]:
        """The series' markers and names (none for a chart without series); the source marks."""
        out: list[Text] = []
        if self.chart.series:
            markers = ASCII_MARKERS if ascii_only else MARKERS
            lines_only = not self._with_markers(plot_w, ascii_only)
            entries = [(Text(("⠤" if lines_only else markers[s % len(markers)]) + " ", self._style(s)),
                        safe_text(name)) for s, name in enumerate(self.series_names())]
            out.extend(legend_lines(entries, width))
        marks = self.marks(ascii_only)
        if marks:
            out.append(Text(self.mark_range(marks), "dim"))
        return out

    def minimum(self, ascii_only: bool) -> int:
        return self._y_width() + 1 + PLOT_MIN

    def natural(self, ascii_only: bool) -> int:
        return 1 << 16  # the plot stretches to whatever width it gets


def _segment(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """The dots of a straight line from (x0, y0) to (x1, y1), both ends included (Bresenham)."""
    out = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x1 > x0 else -1), (1 if y1 > y0 else -1)
    error = dx + dy
    while True:
        out.append((x0, y0))
        if x0 == x1 and y0 == y1:
            return out
        double = 2 * error
        if double >= dy:
            error += dy
            x0 += sx
        if double <= dx:
            error += dx
            y0 += sy
