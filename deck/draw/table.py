"""Tables: deck texts in a grid of Rich box characters, sized and wrapped in terminal cells.

Rich's own `Table` measures and wraps cells at spaces only, so a Chinese cell would be folded
anywhere (or, at its minimum width, mid-character); here every cell is broken by
`deck.draw.text.wrap` (CJK rules, Latin words whole) and padded by its width in cells, so each
drawn line of a table is exactly as wide as the table, whatever the mix of scripts.

Widths: each column wants its natural width (its widest cell line). When the sum is too wide,
the widest columns give way first, all down to the same cap, so the narrow columns keep their
width the longest; no column goes below its floor (its widest unbreakable word, kept between
`MIN_COLUMN` and `MAX_KEPT_WORD` cells, or its natural width if that is less). A table too wide with
its one cell of padding each side of a cell drops the padding; one whose floors still do not fit
is drawn at its floors (the view cuts it) and `deck check --size` names it.

Cells are deck texts with their inline emphasis and links (`deck.draw.inline.InlineText`, the
slide's, so a URL the text export prints is printed once per slide): widths are measured on the
text as drawn, so markers never count; a header cell is bold over its own styles.

Borders come from `rich.box`: rounded in Unicode, `+-|` (`box.ASCII2`) when drawing ASCII.
A column whose body cells are all numbers is right-aligned unless the deck says otherwise.
A sparkline cell (`model.SparkCell`) is a trend on one line: a cell per figure up to `SPARK_CELLS`,
and narrowed with its column down to the floor (its figures averaged into the cells there are).
Cost: one wrap per cell per drawing; a binary search over the cap (at most ~20 steps over the
columns) sizes the columns.
"""

from __future__ import annotations

import re
from functools import cached_property

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from deck.draw.charts.sparkline import sparkline
from deck.draw.inline import InlineText
from deck.draw.text import widest_token, wrap
from deck.format import model
from deck.format.inline import plain

MIN_COLUMN = 4
MAX_KEPT_WORD = 12
PADDING = 1  # cells each side of a cell's text
SPARK_CELLS = 30  # the most cells a sparkline cell asks for (more figures are averaged into them)

_NUMBER = re.compile(r"[-+−]?[$€£¥]?[0-9]+(?:[,.'\u202f][0-9]+)*%?")


def cell_text(text: str, texts: InlineText | None = None) -> Text:
    """A cell's text as drawn: the same path as a paragraph's text (inline markup on unless
    `texts` says otherwise)."""
    return (texts or InlineText())(text)


def is_number(text: str) -> bool:
    """Whether a cell reads as a number (`1,234.5`, `-3`, `12%`, `$100`)."""
    return _NUMBER.fullmatch(text.strip()) is not None


def alignments(block: model.Table, lang: str, inline: bool = True) -> list[model.Align]:
    """Each column's placement: as the deck says, else right for numbers (read without their
    inline markers when `inline`: `**12**` is a number), else left."""
    columns = len(block.header or block.rows[0])
    out: list[model.Align] = []
    for column in range(columns):
        given = block.align[column] if column < len(block.align) else None
        if given is None:
            cells = [plain(row[column].get(lang), inline).strip() for row in block.rows]
            numeric = any(cells) and all(is_number(cell) for cell in cells if cell)
            given = "right" if numeric else "left"
        out.append(given)
    return out


def fit_widths(natural: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths within `room` cells: natural if they fit, else capped (widest first) but
    never below `floors` (then the sum exceeds `room`)."""
    if sum(natural) <= room:
        return list(natural)
    if sum(floors) >= room:
        return list(floors)
    low, high = 0, max(natural)  # the largest cap whose widths fit
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floors, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(n, low)) for n, f in zip(natural, floors, strict=True)]
    spare = room - sum(widths)
    for index, (width, want) in enumerate(zip(widths, natural, strict=True)):
        if spare and width < want:  # what the cap leaves goes to the capped columns, left first
            widths[index] += 1
            spare -= 1
    return widths


class TableBlock:
    """A `model.Table` drawn for language `lang`; rows past `shown` keep their space, blank."""

    def __init__(self, block: model.Table, lang: str, accent: str, ascii_only: bool = False,
                 shown: int | None = None, texts: InlineText | None = None) -> None:
        self.block = block
        self.lang = lang
        self.accent = accent
        self.ascii_only = ascii_only
        self.shown = len(block.rows) if shown is None else max(0, shown)
        texts = texts if texts is not None else InlineText()
        self.inline = texts.inline
        # Made now, not when drawn: the slide's texts note each URL the first time it is said,
        # so the cells take their turn in reading order.
        self.cells = self._cells(texts)

    def _cells(self, texts: InlineText) -> list[list[Text]]:
        """Header (if any) then body rows, as styled texts."""
        rows = [self.block.header] if self.block.header else []
        rows.extend(self.block.rows)
        return [[self._cell_text(cell, texts) for cell in row] for row in rows]

    def _cell_text(self, cell: model.Localized, texts: InlineText) -> Text:
        """A cell's text; a sparkline cell's trend at the width it asks for."""
        if isinstance(cell, model.SparkCell):
            return Text(sparkline(cell.points, SPARK_CELLS, self.ascii_only), style=self.accent, end="")
        return cell_text(cell.get(self.lang), texts)

    @cached_property
    def sparks(self) -> dict[tuple[int, int], model.SparkCell]:
        """The sparkline cells by (row, column) of `cells` (the header, if any, is row 0)."""
        rows = [self.block.header] if self.block.header else []
        rows.extend(self.block.rows)
        return {(r, c): cell for r, row in enumerate(rows) for c, cell in enumerate(row)
                if isinstance(cell, model.SparkCell)}

    def _lines(self, place: tuple[int, int], cell: Text, width: int, ascii_only: bool) -> list[Text]:
        """A cell's lines in `width` cells: its text wrapped, or its trend drawn in one line (its
        figures averaged into the cells there are)."""
        spark = self.sparks.get(place)
        if spark is None:
            return self._wrap(cell, width)
        return [Text(sparkline(spark.points, width, ascii_only), style=self.accent, end="")]

    @cached_property
    def natural(self) -> list[int]:
        """Each column's widest line, in cells."""
        columns = list(zip(*self.cells, strict=True))
        return [max(max(cell_len(line) for line in cell.plain.split("\n")) for cell in column) for column in columns]

    @cached_property
    def floors(self) -> list[int]:
        """Each column's narrowest sensible width (see the module docstring)."""
        columns = list(zip(*self.cells, strict=True))
        floors = []
        for c, (natural, column) in enumerate(zip(self.natural, columns, strict=True)):
            # A trend narrows to any width (its figures are averaged); a word is kept whole.
            word = max(1 if (r, c) in self.sparks else widest_token(cell) for r, cell in enumerate(column))
            floors.append(min(natural, max(MIN_COLUMN, min(word, MAX_KEPT_WORD))))
        return [max(floor, 1) for floor in floors]

    def frame(self, padding: int = PADDING) -> int:
        """Cells the borders and padding take."""
        return len(self.natural) * (1 + 2 * padding) + 1

    def padding(self, width: int) -> int:
        """`PADDING`, or none when the table would not fit `width` with it (a compact table)."""
        return PADDING if sum(self.floors) + self.frame() <= width else 0

    def min_width(self) -> int:
        """The narrowest the table can be drawn (floors plus borders, compact)."""
        return sum(self.floors) + self.frame(0)

    def widths(self, width: int) -> list[int]:
        """The columns' text widths when drawn in `width` cells."""
        return fit_widths(self.natural, self.floors, width - self.frame(self.padding(width)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ascii_only = self.ascii_only or options.ascii_only
        shape = box.ASCII2 if ascii_only else box.ROUNDED
        widths = self.widths(options.max_width)
        padding = self.padding(options.max_width)
        placements = alignments(self.block, self.lang, self.inline)
        border = Style(dim=True)
        padded = [w + 2 * padding for w in widths]
        wrapped = [[self._lines((r, c), cell, w, ascii_only)
                    for c, (cell, w) in enumerate(zip(row, widths, strict=True))] for r, row in enumerate(self.cells)]
        header = 1 if self.block.header else 0
        separate = any(len(lines) > 1 for row in wrapped[header:] for lines in row)
        visible = header + self.shown
        yield Segment(shape.get_top(padded), border)
        yield Segment.line()
        for index, row in enumerate(wrapped[:visible]):
            if index == header and header:
                yield Segment(shape.get_row(padded, "head"), border)
                yield Segment.line()
            elif index > header and separate:
                yield Segment(shape.get_row(padded, "row"), border)
                yield Segment.line()
            yield from self._row(console, row, widths, placements, (index < header, padding), shape, border)
        yield Segment(shape.get_bottom(padded), border)
        yield Segment.line()
        hidden = sum(max(len(lines) for lines in row) + (1 if separate else 0) for row in wrapped[visible:])
        if self.shown == 0 and hidden:  # the first body row brings the head rule, not a separator
            hidden += (1 if header else 0) - (1 if separate else 0)
        for _ in range(hidden):
            yield Segment.line()

    @staticmethod
    def _wrap(cell: Text, width: int) -> list[Text]:
        return wrap(cell, width) or [Text("")]

    def _row(self, console: Console, row: list[list[Text]], widths: list[int], placements: list[model.Align],
             kind: tuple[bool, int], shape: box.Box, border: Style) -> RenderResult:
        head, padding = kind
        height = max(len(lines) for lines in row)
        left, middle, right = ((shape.head_left, shape.head_vertical, shape.head_right) if head
                               else (shape.mid_left, shape.mid_vertical, shape.mid_right))
        pad = " " * padding
        for number in range(height):
            yield Segment(left, border)
            for column, (lines, width) in enumerate(zip(row, widths, strict=True)):
                if column:
                    yield Segment(middle, border)
                line = lines[number] if number < len(lines) else Text("")
                if pad:
                    yield Segment(pad)
                yield from self._cell_line(console, line, width, placements[column], head)
                if pad:
                    yield Segment(pad)
            yield Segment(right, border)
            yield Segment.line()

    @staticmethod
    def _cell_line(console: Console, line: Text, width: int, place: model.Align, head: bool) -> RenderResult:
        if line.cell_len > width:  # only a character wider than the column; keep the grid whole
            line = line.copy()
            line.truncate(width, overflow="crop", pad=True)
        room = width - line.cell_len
        before = room if place == "right" else room // 2 if place == "center" else 0
        if before:
            yield Segment(" " * before)
        if head:
            line = line.copy()
            line.stylize("bold")
        for segment in line.render(console):
            if segment.text:
                yield segment
        if room - before:
            yield Segment(" " * (room - before))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = sum(self.natural) + self.frame()
        return Measurement(min(self.min_width(), options.max_width), min(widest, options.max_width))
