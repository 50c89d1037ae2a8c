"""The presenter's screen geometry, shared by the app and `deck check --size`.

The app lays a slide out inside a header row and a footer, with padding around the slide;
`fit_problems` measures each slide's rendered height the same way, so a deck that passes
`deck check --size 80x24` shows every slide without scrolling in an 80x24 terminal.
"""

from __future__ import annotations

import io

from rich.console import Console

from deck.draw.charts import min_width
from deck.draw.code import cut_lines
from deck.draw.render import RenderOptions, render_slide
from deck.draw.table import TableBlock
from deck.format import model

HEADER_ROWS = 1
FOOTER_ROWS = 2
PAD_ROWS = 1  # blank rows above and below the slide
PAD_COLS = 2  # blank columns left and right of the slide
MIN_WIDTH = 40
MIN_HEIGHT = 12


def slide_area(size: tuple[int, int]) -> tuple[int, int]:
    """The (width, height) in cells that a slide gets in a terminal of `size`."""
    width, height = size
    return (max(width - 2 * PAD_COLS, 1), max(height - HEADER_ROWS - FOOTER_ROWS - 2 * PAD_ROWS, 1))


def centring(content: tuple[int, int], area: tuple[int, int]) -> tuple[int, int]:
    """(left, top) offsets that centre `content` (columns, rows) in `area`; a block taller than
    the area starts at the top (it scrolls)."""
    return max(0, (area[0] - content[0]) // 2), max(0, (area[1] - content[1]) // 2)


def slide_height(slide: model.Slide, width: int, options: RenderOptions) -> int:
    """How many rows `slide` takes when drawn `width` cells wide."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False,
                      force_terminal=False, emoji=False, highlight=False)
    lines = console.render_lines(render_slide(slide, options), console.options, pad=False)
    return len(lines)


def needed_columns(slide: model.Slide, lang: str, extra: int = 0) -> int:
    """Terminal columns a slide needs: its widest chart plus padding, at least MIN_WIDTH.

    `extra` is what other panels take beside the slide (the presenter view's side panel).
    Below this the app shows "this slide needs N columns" and `deck check --size` reports it.
    """
    widest = max((min_width(chart, lang) for chart in slide.charts), default=0)
    widest = max(widest, max((table_width(table, lang) for table in _tables(slide)), default=0))
    return max(MIN_WIDTH, widest + 2 * PAD_COLS) + extra


def _tables(slide: model.Slide) -> list[model.Table]:
    return [block for block in model.flat_blocks(slide.blocks) if isinstance(block, model.Table)]


def table_width(table: model.Table, lang: str) -> int:
    """The fewest cells `table` can be drawn in (its columns at their floors, borders)."""
    return TableBlock(table, lang, "").min_width()


def block_problems(slide: model.Slide, number: int, lang: str, size: tuple[int, int]) -> list[str]:
    """`LINE:COL: what` for each table of `slide` too wide for a terminal of `size`, and each
    code block whose lines are cut there (the deck's path and the language go in front)."""
    columns = size[0]
    width, _ = slide_area(size)
    problems: list[str] = []
    for block in model.flat_blocks(slide.blocks):
        where = f"{block.span.line}:{block.span.col}"
        if isinstance(block, model.Table):
            needed = table_width(block, lang) + 2 * PAD_COLS
            if needed > columns:
                problems.append(f"{where}: the table of slide {number} needs {needed} columns, has {columns}")
        elif isinstance(block, model.Code):
            cut = cut_lines(block, width)
            if cut:
                more = f" (and {len(cut) - 1} more)" if len(cut) > 1 else ""
                problems.append(f"{where}: code on slide {number}: line {cut[0]}{more} is wider than "
                                f"{width} cells and is cut")
    return problems


def fit_problems(deck: model.Deck, size: tuple[int, int]) -> list[str]:
    """One `FILE:LINE:COL: slide N needs ...` line per slide (and language) that does not fit.

    A slide fits when the app can draw it without scrolling: its charts and tables have the
    columns they need (else the app shows "this slide needs N columns"), no code line is cut,
    and its rows fit the slide area.
    """
    columns, _ = size
    width, height = slide_area(size)
    problems: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        for lang in deck.languages:
            where = f"{deck.path}:{slide.span.line}:{slide.span.col}: slide {number}"
            if len(deck.languages) > 1:
                where += f" ({lang})"
            blocks = block_problems(slide, number, lang, size)
            suffix = f" ({lang})" if len(deck.languages) > 1 else ""
            problems.extend(f"{deck.path}:{problem}{suffix}" for problem in blocks)
            if any("the table of" in problem for problem in blocks):
                continue  # the slide cannot be shown at all: its rows do not matter
            needed_width = needed_columns(slide, lang)
            if needed_width > columns:
                problems.append(f"{where} needs {needed_width} columns, has {columns}")
                continue
            needed = slide_height(slide, width, RenderOptions(lang=lang))
            if needed > height:
                problems.append(f"{where} needs {needed} rows, has {height}")
    return problems
