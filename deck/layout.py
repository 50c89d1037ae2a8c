"""The presenter's screen geometry, shared by the app and `deck check --size`.

The app lays a slide out inside a header row and a footer, with padding around the slide;
`fit_problems` measures each slide's rendered height the same way, so a deck that passes
`deck check --size 80x24` shows every slide without scrolling in an 80x24 terminal.
"""

from __future__ import annotations

import io

from rich.console import Console

from deck import model
from deck.render import RenderOptions, render_slide

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


def slide_height(slide: model.Slide, width: int, options: RenderOptions) -> int:
    """How many rows `slide` takes when drawn `width` cells wide."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False,
                      force_terminal=False, emoji=False, highlight=False)
    lines = console.render_lines(render_slide(slide, options), console.options, pad=False)
    return len(lines)


def fit_problems(deck: model.Deck, size: tuple[int, int]) -> list[str]:
    """One `FILE:LINE:COL: slide N needs R rows, has H` line per slide (and language) that overflows."""
    width, height = slide_area(size)
    problems: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        for lang in deck.languages:
            needed = slide_height(slide, width, RenderOptions(lang=lang))
            if needed > height:
                where = f"{deck.path}:{slide.span.line}:{slide.span.col}"
                language = f" ({lang})" if len(deck.languages) > 1 else ""
                problems.append(f"{where}: slide {number}{language} needs {needed} rows, has {height}")
    return problems
