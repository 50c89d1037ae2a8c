"""The presenter's screen geometry, shared by the app and `deck check --size`.

The app lays a slide out inside a header row and a footer, with padding around the slide;
`fit_problems` measures each slide's rendered height the same way, so a deck that passes
`deck check --size 80x24` shows every slide without scrolling in an 80x24 terminal (and, with
`presenter=True`, in the presenter view's slide pane).

Placement (`placement`): a slide is drawn at most MAX_TEXT_WIDTH cells wide and centred
horizontally; its title sits on the first row of the slide area on every slide, the body under
it. Only the title slide is centred vertically (a title page, as in presentation software).
"""

from __future__ import annotations

import io

from rich.console import Console

from deck.draw.inline import InlineText
from deck.draw.render import RenderOptions, render_slide, slide_options
from deck.format import model

HEADER_ROWS = 1
FOOTER_ROWS = 2
PAD_ROWS = 1  # blank rows above and below the slide
PAD_COLS = 2  # blank columns left and right of the slide
MIN_WIDTH = 40
MIN_HEIGHT = 12
MAX_TEXT_WIDTH = 100  # cells: lines longer than this are hard to read; wider terminals centre the slide
PRESENTER_SIDE = 30  # columns of the presenter view's side panel (next, timers)
PRESENTER_PAD_COLS = 2  # blank columns left and right of the presenter view's slide
NOTES_MIN_ROWS = 5  # rows the presenter view keeps for the notes when the slide needs more


def slide_area(size: tuple[int, int]) -> tuple[int, int]:
    """The (width, height) in cells that a slide gets in a terminal of `size`."""
    width, height = size
    return (max(width - 2 * PAD_COLS, 1), max(height - HEADER_ROWS - FOOTER_ROWS - 2 * PAD_ROWS, 1))


def text_width(area_width: int, slide: model.Slide | None = None) -> int:
    """How wide `slide` is drawn in an area `area_width` cells wide: at most MAX_TEXT_WIDTH,
    but code and tables take the whole width (their lines are not rewrapped, only cut)."""
    if slide is not None and any(isinstance(block, (model.Code, model.Table))
                                 for block in model.flat_blocks(slide.blocks)):
        return area_width
    return min(area_width, MAX_TEXT_WIDTH)


def placement(content: tuple[int, int], area: tuple[int, int], middle: bool = False) -> tuple[int, int]:
    """(left, top) offsets of `content` (columns, rows) in `area`: centred horizontally; at the
    top (so the title row is the same on every slide) unless `middle` (the title slide) and it
    fits, then centred vertically."""
    left = max(0, (area[0] - content[0]) // 2)
    top = max(0, (area[1] - content[1]) // 2) if middle else 0
    return left, top


def presenter_slide_area(size: tuple[int, int]) -> tuple[int, int]:
    """The (width, most rows) the presenter view's slide pane gets in a terminal of `size`.

    The pane is as tall as its slide up to this; the notes under it take the rest, at least
    NOTES_MIN_ROWS. Above and below the pane one row each says "↑ more" / "↓ more".
    """
    width, height = size
    rows = height - HEADER_ROWS - FOOTER_ROWS - 2 * PAD_ROWS - NOTES_MIN_ROWS
    return (max(width - PRESENTER_SIDE - 2 * PRESENTER_PAD_COLS, 1), max(rows, 1))


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
    widest = 0
    if slide.charts:
        from deck.draw.charts import min_width  # only decks with charts import the chart modules

        widest = max(min_width(chart, lang, slide.inline) for chart in slide.charts)
    widest = max(widest, max((table_width(table, lang, slide.inline) for table in _tables(slide)), default=0))
    return max(MIN_WIDTH, widest + 2 * PAD_COLS) + extra


def _tables(slide: model.Slide) -> list[model.Table]:
    return [block for block in model.flat_blocks(slide.blocks) if isinstance(block, model.Table)]


def table_width(table: model.Table, lang: str, inline: bool = True) -> int:
    """The fewest cells `table` can be drawn in (its columns at their floors, borders), its
    cells read as drawn (without inline markers, unless `inline` is False)."""
    from deck.draw.table import TableBlock  # imported by decks with tables only (memory, start-up)

    return TableBlock(table, lang, "", texts=InlineText(inline)).min_width()


def block_problems(slide: model.Slide, number: int, lang: str, size: tuple[int, int]) -> list[str]:
    """`LINE:COL: what` for each table of `slide` too wide for a terminal of `size`, and each
    code block whose lines are cut there (the deck's path and the language go in front)."""
    columns = size[0]
    width = text_width(slide_area(size)[0], slide)  # the width the slide is drawn at
    problems: list[str] = []
    for block in model.flat_blocks(slide.blocks):
        where = f"{block.span.line}:{block.span.col}"
        if isinstance(block, model.Table):
            needed = table_width(block, lang, slide.inline) + 2 * PAD_COLS
            if needed > columns:
                problems.append(f"{where}: the table of slide {number} needs {needed} columns, has {columns}")
        elif isinstance(block, model.Code):
            from deck.draw.code import cut_lines

            cut = cut_lines(block, width)
            if cut:
                more = f" (and {len(cut) - 1} more)" if len(cut) > 1 else ""
                problems.append(f"{where}: code on slide {number}: line {cut[0]}{more} is wider than "
                                f"{width} cells and is cut")
    return problems


def fit_problems(deck: model.Deck, size: tuple[int, int], presenter: bool = False) -> list[str]:
    """One `FILE:LINE:COL: slide N needs ...` line per slide (and language) that does not fit.

    A slide fits when the app can draw it without scrolling: its charts and tables have the
    columns they need (else the app shows "this slide needs N columns"), no code line is cut,
    and its rows fit the slide area. `presenter`: check the presenter view's slide pane instead
    (its columns and rows; tables and code are the audience view's check).
    """
    columns, _ = size
    width, height = presenter_slide_area(size) if presenter else slide_area(size)
    view = " in the presenter view" if presenter else ""
    problems: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        for lang in deck.languages:
            where = f"{deck.path}:{slide.span.line}:{slide.span.col}: slide {number}"
            if len(deck.languages) > 1:
                where += f" ({lang})"
            if not presenter:
                blocks = block_problems(slide, number, lang, size)
                suffix = f" ({lang})" if len(deck.languages) > 1 else ""
                problems.extend(f"{deck.path}:{problem}{suffix}" for problem in blocks)
                if any("the table of" in problem for problem in blocks):
                    continue  # the slide cannot be shown at all: its rows do not matter
            needed_width = needed_columns(slide, lang, PRESENTER_SIDE if presenter else 0)
            if needed_width > columns:
                problems.append(f"{where} needs {needed_width} columns{view}, has {columns}")
                continue
            options = slide_options(deck, number - 1, RenderOptions(lang=lang))
            needed = slide_height(slide, text_width(width, slide), options)
            if needed > height:
                problems.append(f"{where} needs {needed} rows{view}, has {height}")
    return problems
