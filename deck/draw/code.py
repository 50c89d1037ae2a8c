"""Code blocks: the code verbatim, highlighted by Rich's `Syntax` (Pygments), never wrapped.

Drawing rules:

* the code's own characters, indentation and blank lines are kept; tabs become spaces up to the
  next stop every `Code.tabs` cells (cells, so a tab after Chinese text still lands on a stop);
* a line wider than the space is cut and ends in a marker (``→``, ASCII ``>``); `deck check
  --size` reports such lines (`cut_lines`);
* a two-cell margin holds the marker of a highlighted line (``▶``, ASCII ``*``), so marked lines
  stand out in plain text too; on screen they are bold and the other lines dim;
* colours are ANSI colour names plus bold and italic, never a background: Textual maps ANSI
  colours through its dark or light terminal palette, so the code follows the presenter's theme
  (dark, light, high contrast) and stays readable on each.

Rich's `Syntax` and Pygments are imported on the first code block with a `lang`, never by a deck
without one. Bounds: Pygments tokenises at most `MAX_HIGHLIGHT_LINES` lines and
`MAX_HIGHLIGHT_CHARS` characters of a block (the rest is shown plain), so a 10,000-line block
costs one pass over its text plus that; highlighted lines are cached per (code, language, tabs).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from deck.format import model

if TYPE_CHECKING:
    from rich.syntax import SyntaxTheme

MAX_HIGHLIGHT_LINES = 2000
MAX_HIGHLIGHT_CHARS = 200_000
MARGIN = 2  # cells left of the code: the highlight marker and a space


def expand_tabs(line: str, tabs: int) -> str:
    """`line` with each tab replaced by spaces up to the next multiple of `tabs` cells."""
    if "\t" not in line:
        return line
    out: list[str] = []
    column = 0
    for piece in line.split("\t")[:-1]:
        out.append(piece)
        column += cell_len(piece)
        pad = tabs - column % tabs
        out.append(" " * pad)
        column += pad
    out.append(line.rsplit("\t", 1)[1])
    return "".join(out)


def code_lines(block: model.Code) -> tuple[Text, ...]:
    """The block's lines, tabs expanded and (with a `lang`) highlighted; do not modify them."""
    return _code_lines(block.text, block.lang, block.tabs)


@lru_cache(maxsize=64)
def _code_lines(code: str, lang: str | None, tabs: int) -> tuple[Text, ...]:
    plain = [expand_tabs(line, tabs) for line in code.split("\n")]
    if lang is None or lang == "text":
        return tuple(Text(line, end="") for line in plain)
    count, size = 0, 0
    for line in plain:  # how many lines Pygments may read
        if count >= MAX_HIGHLIGHT_LINES or size + len(line) > MAX_HIGHLIGHT_CHARS:
            break
        count, size = count + 1, size + len(line) + 1
    lines = list(_highlight("\n".join(plain[:count]), lang)[:count]) if count else []
    lines.extend(Text(line, end="") for line in plain[count:])
    return tuple(lines)


def _highlight(code: str, lang: str) -> list[Text]:
    from rich.syntax import Syntax  # imports Pygments: only for a deck with code in a language

    syntax = Syntax(code, lang, theme=_theme(), tab_size=1)
    text = syntax.highlight(code)
    text.end = ""
    lines = text.split("\n", allow_blank=True)
    for line in lines:
        line.end = ""
    return list(lines)


@lru_cache(maxsize=1)
def _theme() -> SyntaxTheme:
    from pygments import token as t  # type: ignore[import-untyped]  # no stubs shipped
    from rich.syntax import ANSISyntaxTheme

    # ANSI names only (see the module docstring); no yellow or bright black, which wash out on a
    # light or a black background. Comments are italic in the text's own colour: readable everywhere.
    styles = {
        t.Comment: "italic", t.Keyword: "bold magenta", t.Keyword.Constant: "magenta", t.Keyword.Type: "cyan",
        t.Operator.Word: "bold magenta", t.Name.Builtin: "cyan", t.Name.Function: "blue",
        t.Name.Class: "bold blue", t.Name.Decorator: "magenta", t.Name.Tag: "blue", t.Name.Namespace: "blue",
        t.Name.Exception: "bold red", t.String: "green", t.String.Doc: "italic green", t.Number: "cyan",
        t.Literal: "cyan", t.Generic.Deleted: "red", t.Generic.Inserted: "green", t.Generic.Heading: "bold",
        t.Generic.Subheading: "bold", t.Generic.Emph: "italic", t.Generic.Strong: "bold", t.Error: "red",
    }
    return ANSISyntaxTheme({token: Style.parse(style) for token, style in styles.items()})


def _gutter_width(block: model.Code, lines: int) -> int:
    return MARGIN + (len(str(lines)) + 3 if block.numbers else 0)


def cut_lines(block: model.Code, width: int) -> list[int]:
    """The 1-based numbers of the lines that are cut when the block is drawn `width` cells wide."""
    lines = block.text.split("\n")
    room = width - _gutter_width(block, len(lines))
    return [number for number, line in enumerate(lines, start=1) if cell_len(expand_tabs(line, block.tabs)) > room]


class CodeLines:
    """The lines of a code block with its margin (and line numbers), each cut to the width."""

    def __init__(self, block: model.Code, accent: str, ascii_only: bool = False) -> None:
        self.block = block
        self.accent = accent
        self.ascii_only = ascii_only

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ascii_only = self.ascii_only or options.ascii_only
        lines = code_lines(self.block)
        gutter = _gutter_width(self.block, len(lines))
        room = max(options.max_width - gutter, 1)
        for number, line in enumerate(lines, start=1):
            yield from self._line(console, number, line, room, len(lines), ascii_only)

    def _line(self, console: Console, number: int, line: Text, room: int, count: int,
              ascii_only: bool) -> Iterable[Segment]:
        block = self.block
        marked = block.highlighted(number)
        accent = Style.parse(self.accent) if self.accent else Style()
        dim = Style(dim=True)
        mark = ("*" if ascii_only else "▶") if marked else " "
        yield Segment(mark + " ", accent + Style(bold=True) if marked else None)
        if block.numbers:
            bar = "|" if ascii_only else "│"
            yield Segment(f"{number:>{len(str(count))}} {bar} ", dim)
        body = line
        if line.cell_len > room:
            body = line.copy()
            body.truncate(room - 1, overflow="crop", pad=True)
            body.append(">" if ascii_only else "→", accent + Style(bold=True))
        if block.highlight:
            body = body.copy() if body is line else body
            body.stylize(Style(bold=True) if marked else dim)
        yield from body.render(console)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = code_lines(self.block)
        widest = max((line.cell_len for line in lines), default=0) + _gutter_width(self.block, len(lines))
        return Measurement(min(widest, options.max_width), min(widest, options.max_width))
