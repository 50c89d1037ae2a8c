"""The cell grid shared by the HTML and PDF exports: `render_slide`'s segments placed in rows of
terminal cells, and the colours a terminal would give their styles.

Nothing here lays text out again: a page is the lines Rich renders from the renderables, cut into
*pieces* that each start at a known column -- runs of narrow (one-cell) characters, and every
wide (two-cell) character on its own. An exporter that puts each piece at its column keeps
Chinese, Japanese and Korean aligned with the terminal whatever the font's advances (Rich's own
HTML and SVG exports measure characters, not cells: Rich issue #2742).

Bounds: a page is `rows x width` cells and each cell is visited a fixed number of times; the
width is capped by `MAX_COLUMNS` and a slide's rows by what `render_slide` draws.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.color import Color
from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from deck.draw.charts import sourced
from deck.draw.layout import HEADER_ROWS, PAD_ROWS, placement, slide_area, text_width
from deck.draw.render import (
    DeckProgress,
    LabelRule,
    RenderOptions,
    header_fields,
    header_grid,
    render_notes,
    render_sources,
)
from deck.format import model
from deck.format.inline import plain

DEFAULT_SIZE = (100, 30)
MAX_COLUMNS = 400
MAX_ROWS = 200
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Piece:
    """Text that starts at `column` and takes `cells` cells, in one style."""

    column: int
    cells: int
    text: str
    style: Style
    wide: bool  # one two-cell character (with `Painter(wide_runs=True)`, a run of them)


@dataclass(frozen=True)
class Page:
    """One slide (or notes page) as rows of pieces, `width` cells wide; `panel` rows (header,
    status) are on the panel background, as in the presenter."""

    width: int
    rows: tuple[tuple[Piece, ...], ...]
    panel: frozenset[int] = frozenset()

    def text_rows(self) -> list[str]:
        """Each row's text, trailing spaces removed (what a text export of the page would show)."""
        return ["".join(piece.text for piece in row).rstrip() for row in self.rows]


class Painter:
    """Renders renderables into rows of pieces with one console (reused: setting one up costs
    as much as drawing a short slide). With `wide_runs`, neighbouring wide characters of one
    segment are one piece (the PDF places a run whole where its font's advances are the cells;
    the HTML needs each alone)."""

    def __init__(self, width: int, wide_runs: bool = False) -> None:
        self.width = width
        self.wide_runs = wide_runs
        self.console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=False,
                               legacy_windows=False, emoji=False, highlight=False, markup=False, soft_wrap=False)

    def lines(self, renderable: RenderableType, width: int) -> list[list[Segment]]:
        """`renderable` drawn `width` cells wide, as lines of exactly `width` cells."""
        options = self.console.options.update(width=width, height=None, highlight=False, justify=None,
                                              overflow=None, no_wrap=None)
        lines = self.console.render_lines(renderable, options, pad=False)
        return [Segment.adjust_line_length(line, width) for line in lines[:MAX_ROWS]]

    def rows(self, lines: list[list[Segment]]) -> tuple[tuple[Piece, ...], ...]:
        """Each line's pieces."""
        return tuple(tuple(pieces(line, 0, self.wide_runs)) for line in lines)


def pieces(line: list[Segment], start: int = 0, wide_runs: bool = False) -> Iterator[Piece]:
    """The pieces of one rendered line: narrow runs whole, each wide character alone (or, with
    `wide_runs`, each run of them); a zero-width character (a combining mark) stays with the
    character before it."""
    column = start
    for segment in line:
        if segment.control or not segment.text:
            continue
        style = segment.style or Style.null()
        text = segment.text
        # The search first: it stops at a text's first CJK character, where `cell_len` reads them all.
        if text.isascii() or (not _ZERO_OR_WIDE.search(text) and cell_len(text) == len(text)):
            yield Piece(column, len(text), text, style, False)  # all narrow: the common case, whole
            column += len(text)
            continue
        for part, cells, wide in _parts(text, wide_runs):
            yield Piece(column, cells, part, style, wide)
            column += cells


def _parts(text: str, wide_runs: bool) -> Iterator[tuple[str, int, bool]]:
    """(text, cells, wide) of `text` cut before and after each wide character (each run of them)."""
    run, run_cells, wide = "", 0, False
    for char in text:
        cells = _CELLS.get(char)
        if cells is None:
            cells = cell_len(char)
            if len(_CELLS) < _MAX_CELLS:
                _CELLS[char] = cells
        if run and ((cells == 2) != wide or (wide and not wide_runs)):
            yield run, run_cells, wide
            run, run_cells = "", 0
        run += char
        run_cells += cells
        wide = cells == 2
    if run:
        yield run, run_cells, wide


# Each character's cells as Rich counts them, remembered (a function call per character was a
# third of cutting a CJK page into pieces); at most `_MAX_CELLS` characters are kept.
_CELLS: dict[str, int] = {}
_MAX_CELLS = 20_000


# A character that is not one cell: wide (CJK and the like) or zero-width (combining marks).
_ZERO_OR_WIDE = re.compile("[\u0300-\u036f\u1100-\u115f\u200b-\u200f\u2e80-\ua4cf\uac00-\ud7a3"
                           "\uf900-\ufaff\ufe00-\ufe6f\uff00-\uff60\uffe0-\uffe6\U00010000-\U0010ffff]")


def _blank(width: int) -> tuple[Piece, ...]:
    return (Piece(0, width, " " * width, Style.null(), False),)


def _placed(lines: list[list[Segment]], width: int, left: int) -> list[list[Segment]]:
    """Lines moved `left` cells right inside a row `width` cells wide."""
    pad = [Segment(" " * left)] if left else []
    return [Segment.adjust_line_length([*pad, *line], width) for line in lines]


def slide_page(painter: Painter, deck: model.Deck, index: int, size: tuple[int, int],
               options: RenderOptions, render: RenderableType, key: str = "#ffa62b") -> Page:
    """The presenter's screen for slide `index`: header row, the slide `render` centred in the
    slide area, the deck's progress bar and a row of keys (in the theme's `key` colour); taller
    slides make a taller page."""
    columns = size[0]
    area_width, area_height = slide_area(size)
    drawn = text_width(area_width, deck.slides[index])  # placed as the app places it (deck.draw.layout.placement)
    body = painter.lines(render, drawn)
    left, top = placement((drawn, len(body)), (area_width, area_height), options.title_page is not None)
    stage = [[Segment(" " * columns)]] * top + _placed(body, columns, left + (columns - area_width) // 2)
    stage += [[Segment(" " * columns)]] * max(area_height - len(stage), 0)
    header = painter.lines(header_grid(*header_fields(deck, index, options.lang)), columns)[:HEADER_ROWS]
    progress = DeckProgress.of(deck, index)
    progress.ascii_only = options.ascii_only
    status = painter.lines(progress, columns)[:1]
    keys = painter.lines(_keys(options, key), columns)[:1]
    blank = [[Segment(" " * columns)]] * PAD_ROWS
    lines = [*header, *blank, *stage, *blank, *status, *keys]
    panel = frozenset({0, len(lines) - 2, len(lines) - 1})
    return Page(columns, painter.rows(lines), panel)


def _keys(options: RenderOptions, key_color: str) -> Text:
    keys = (("→", "Next"), ("←", "Prev"), ("n", "Notes"), ("o", "Overview"))
    if options.ascii_only:
        keys = (("Right", "Next"), ("Left", "Prev"), ("n", "Notes"), ("o", "Overview"))
    row = Text(no_wrap=True, overflow="crop")
    for number, (key, description) in enumerate(keys):
        row.append("  " if number else " ")
        row.append(key, f"bold {key_color}")
        row.append(f" {description}")
    return row


def handout_page(painter: Painter, number: int, total: int, slide: model.Slide, width: int,
                 options: RenderOptions, render: RenderableType) -> Page:
    """A handout page: the text export's header rule (`── 3/24 - section ───`), a blank row and
    the slide, `width` cells wide: what `deck export --width WIDTH` prints for the slide."""
    section = f" - {plain(slide.section.name.get(options.lang), slide.inline)}" if slide.section is not None else ""
    rule = LabelRule("-" if options.ascii_only else "─", "", label=f"{number}/{total}{section}")
    lines = painter.lines(Group(rule, Text(""), render), width)
    return Page(width, painter.rows(lines))


def notes_page(painter: Painter, notes: model.Localized | None, width: int, options: RenderOptions) -> Page:
    """A slide's speaker notes as `render_notes` draws them (under a `── Notes ───` rule),
    `width` cells wide; a slide without notes says so."""
    empty = model.Localized((("en", "(no notes)"), ("zh", "（无备注）")))
    return Page(width, painter.rows(painter.lines(render_notes(notes or empty, options), width)))


def marked(options: RenderOptions, sources: bool) -> RenderOptions:
    """`options` that mark each charted figure quoting the deck's source with its number, when
    the export lists the `sources` (with notes): the list goes on the notes page, not the slide."""
    return replace(options, sources=sources, source_list=False)


def notes_and_sources_page(painter: Painter, slide: model.Slide, width: int, options: RenderOptions) -> Page:
    """The verbatim quote behind each figure the slide's charts mark (numbered as `marked`
    numbers them), then `notes_page`: what the text export's `--notes` adds under the slide."""
    page = notes_page(painter, slide.notes, width, options)
    if not any(sourced(chart) for chart in slide.charts):
        return page
    lines = painter.lines(Group(render_sources(slide, options), Text("")), width)
    return Page(width, painter.rows(lines) + page.rows)


def safe_link(style: Style) -> str | None:
    """The style's link if it is http, https or mailto (never javascript:, data: or a file), and
    holds no space, control character (C0, DEL, C1), quote, angle bracket, backslash or backtick:
    such a link is drawn as its text alone, in HTML and PDF alike."""
    link = style.link
    if not link or len(link) > MAX_LINK or _UNSAFE_IN_LINK.search(link):
        return None
    return link if link.lower().startswith(LINK_SCHEMES) else None


MAX_LINK = 2000  # characters: longer is no address a reader follows (and browsers cut there)
_UNSAFE_IN_LINK = re.compile("[\x00-\x20\x7f-\x9f\"'<>\\\\`\u2028\u2029]")


# --- colours -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Palette:
    """What a terminal makes of colours: default foreground and background, the panel rows'
    background, the 16 ANSI colours, how far dim text is blended towards the background, the
    footer keys' colour, and whether it is a dark theme (the browser's colour scheme).
    `deck.present.themes.theme_colors` gives the values of each presenter theme."""

    foreground: tuple[int, int, int]
    background: tuple[int, int, int]
    panel: tuple[int, int, int]
    ansi: tuple[tuple[int, int, int], ...]
    dim: float = 0.66
    key: tuple[int, int, int] = (255, 166, 43)  # the footer's keys
    dark: bool = True


# textual-dark with Textual's MONOKAI ANSI colours: what the presenter shows by default
# (deck.present.early_paint keeps the same values, checked against Textual by its tests).
DARK = Palette(
    foreground=(224, 224, 224), background=(18, 18, 18), panel=(36, 47, 56),
    ansi=((26, 26, 26), (244, 0, 95), (152, 224, 36), (253, 151, 31), (157, 101, 255), (244, 0, 95),
          (88, 209, 235), (196, 197, 181), (98, 94, 76), (244, 0, 95), (152, 224, 36), (224, 213, 97),
          (157, 101, 255), (244, 0, 95), (88, 209, 235), (246, 246, 239)),
)
# For paper: dark text on white, the ANSI colours darkened enough to read when printed.
LIGHT = Palette(
    foreground=(26, 26, 26), background=(255, 255, 255), panel=(232, 236, 240),
    ansi=((0, 0, 0), (178, 0, 60), (60, 120, 0), (176, 90, 0), (90, 50, 190), (160, 0, 120),
          (0, 120, 150), (90, 90, 90), (110, 110, 110), (200, 0, 70), (70, 140, 0), (150, 110, 0),
          (80, 60, 210), (180, 0, 140), (0, 130, 160), (60, 60, 60)),
    dim=0.6, key=(1, 120, 212), dark=False,
)


@dataclass(frozen=True)
class Look:
    """A style as drawn: colours as RGB (None: the default), and the text attributes."""

    color: tuple[int, int, int] | None
    bgcolor: tuple[int, int, int] | None
    bold: bool
    italic: bool
    underline: bool
    strike: bool


PIXELS = frozenset("▀▄")  # the half blocks deck.draw.image draws a picture in


def is_pixels(text: str) -> bool:
    """Whether `text` is part of a picture (half blocks only): its colours are kept on paper."""
    return bool(text) and all(char in PIXELS for char in text)


def look(style: Style, palette: Palette, ink: bool = True) -> Look:
    """`style` in `palette`: ANSI numbers looked up, dim blended, reverse swapped; on a light
    palette a colour too light to read is darkened, unless `ink` is False (a picture's pixels)."""
    color = _rgb(style.color, palette)
    bgcolor = _rgb(style.bgcolor, palette)
    if style.reverse:
        color, bgcolor = bgcolor or palette.background, color or palette.foreground
    if ink and color is not None and _luminance(palette.background) > 0.5:
        color = _ink(color)
    if style.dim:
        front, back = color or palette.foreground, bgcolor or palette.background
        color = tuple(round(b + (f - b) * palette.dim) for f, b in zip(front, back, strict=True))  # type: ignore[assignment]
    return Look(color, bgcolor, bool(style.bold), bool(style.italic), bool(style.underline), bool(style.strike))


def _luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG), 0 for black to 1 for white."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


INK_LUMINANCE = 0.18  # at most this on paper: 4.5:1 against white, as WCAG asks of text


def _ink(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """`rgb` darkened until it reads on white (a gold or cyan accent chosen for a dark screen)."""
    factor = 1.0
    while _luminance(tuple(round(c * factor) for c in rgb)) > INK_LUMINANCE and factor > 0.05:  # type: ignore[arg-type]
        factor *= 0.9
    return (round(rgb[0] * factor), round(rgb[1] * factor), round(rgb[2] * factor))


def _rgb(color: Color | None, palette: Palette) -> tuple[int, int, int] | None:
    if color is None or color.is_default:
        return None
    if color.number is not None and color.number < 16 and color.triplet is None:
        return palette.ansi[color.number]
    red, green, blue = color.get_truecolor()
    return (red, green, blue)


def hex_color(rgb: tuple[int, int, int]) -> str:
    """`#rrggbb`."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)
