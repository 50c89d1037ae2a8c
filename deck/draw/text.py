"""Line breaking for every piece of slide text, by script, in terminal cells.

Rich and Textual wrap only at spaces: a long Chinese sentence is folded wherever the cells run
out (``Realit|y`` inside mixed text), lines may start with ``，`` or ``ョ`` and Korean words are cut
between syllables. Here a paragraph is cut into unbreakable atoms by the rules of its scripts --
Chinese (clreq), Japanese (jlreq), Korean (klreq, by word) and UAX #14 for the rest; the rules,
each with its source, are in `deck.draw.linebreak` -- and lines are filled greedily:

* widths are terminal cells (``rich.cells``), never ``len()``: a CJK character is two cells;
* white space at a break is dropped, white space inside a line is kept;
* an atom wider than the line is folded by cells, at a legal point when there is one, so no line
  is wider than the width except one holding a single character wider than it.

Why no line-breaking library: budoux, uniseg and ICU (icu4py) were measured with
``bench/bench_render.py`` (the tables and the reading of them are in ``docs/performance.md``),
each supplying the unbreakable units to the same greedy filler, over a Chinese article and a
Japanese and a Korean text at 20 and 40 cells. For Chinese, budoux glues a half-width ``,`` to the
next phrase and cuts ``(Reality Labs)``; uniseg gives our lines but is ~50x slower. For Japanese
and Korean no single library setting does what these rules do: ICU breaks Korean by word only in
its phrase mode (``lw=phrase``), which also turns Japanese and Chinese into phrases, and ICU's
strict mode breaks Korean between syllables; budoux has no Korean model; uniseg's default breaks
Korean between syllables. Each adds an import of 10-60 ms, and ICU 30 MB of data.
"""

from __future__ import annotations

from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from deck.draw.linebreak import NOT_ENDING, NOT_STARTING, Graphemes, atoms, fold
from deck.format.sanitize import clean_text

__all__ = [
    "CLOSING",
    "OPENING",
    "WrappedText",
    "safe_text",
    "widest_token",
    "wrap",
]

#: Characters that must not start a line (they belong to what precedes them); see `deck.draw.linebreak`.
CLOSING = NOT_STARTING
#: Characters that must not end a line (they belong to what follows them).
OPENING = NOT_ENDING

Justify = Literal["left", "center", "right"]


def safe_text(s: str, style: str = "") -> Text:
    """A `Text` showing deck text literally: never parsed as markup, control characters removed.

    The loader already cleans every string; cleaning again here keeps text that reaches the
    screen by another road (tests, future block kinds) just as safe.
    """
    return Text(clean_text(s), style=style, end="")


def wrap(text: Text | str, width: int) -> list[Text]:
    """Break `text` into lines of at most `width` cells (see the module docstring for the rules).

    A newline in the text always breaks. White space at a break is dropped, white space inside
    a line is kept, so no line starts or ends with a space. Spans (styles) are kept on every
    line. Only a single character wider than `width` (a CJK character when `width` is 1) can
    make a line overflow.
    """
    if isinstance(text, str):
        text = safe_text(text)
    return [_slice(text, start, end) for start, end in _line_ranges(text.plain, width)]


def _line_ranges(plain: str, width: int) -> list[tuple[int, int]]:
    """The (start, end) of each line `wrap` makes of `plain`."""
    width = max(1, width)
    ranges: list[tuple[int, int]] = []
    offset = 0
    paragraphs = plain.split("\n")
    if len(paragraphs) > 1 and not paragraphs[-1]:
        paragraphs.pop()  # a final newline (YAML block scalars end with one) adds no line
    for paragraph in paragraphs:
        ranges.extend((offset + s, offset + e) for s, e in _break_paragraph(paragraph, width))
        offset += len(paragraph) + 1
    return ranges


def _break_paragraph(paragraph: str, width: int) -> list[tuple[int, int]]:
    """Line ranges (start, end) of one paragraph (no newlines in it); at least one line."""
    if (not paragraph[:1].isspace() and not paragraph[-1:].isspace() and "\u200d" not in paragraph
            and (len(paragraph) * 2 <= width or cell_len(paragraph) <= width)):
        # It fits and has no white space to trim at either end: the rules below would give this
        # one line, as atoms and gaps add up to the paragraph's cells (a zero-width joiner makes
        # rich's cell_len skip the character after it, so those take the long way). Most slide
        # texts fit; this skips splitting graphemes, the slowest part of a deck export. No
        # character takes more than two cells, so a short paragraph is not even measured.
        return [(0, len(paragraph))]
    graphemes = Graphemes(paragraph)
    pieces_of = atoms(paragraph, graphemes.spans)
    cells = graphemes.cells
    lines: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    used = 0
    for atom in pieces_of:
        atom_width = cells(atom.start, atom.end)
        if current is not None:
            gap = cells(atom.gap_start, atom.start)
            if used + gap + atom_width <= width:
                current, used = (current[0], atom.end), used + gap + atom_width
                continue
            lines.append(current)
        if atom_width <= width:
            current, used = (atom.start, atom.end), atom_width
            continue
        # Wider than a line: fold it; its last piece may still share a line with what follows.
        pieces = fold(paragraph, atom.start, atom.end, width, graphemes)
        lines.extend(pieces[:-1])
        current = pieces[-1]
        used = cells(current[0], current[1])
    if current is not None:
        lines.append(current)
    return lines or [(0, 0)]


def _slice(text: Text, start: int, end: int) -> Text:
    """text[start:end] with its spans; cheaper than `Text.__getitem__` for many lines."""
    spans = [
        Span(max(s, start) - start, min(e, end) - start, style) for s, e, style in text.spans if e > start and s < end
    ]
    return Text(
        text.plain[start:end],
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        end="",
        spans=spans,
    )


def _strip_unsafe(text: Text) -> Text:
    """`text` without control characters, spans kept (defence in depth for caller-built Text)."""
    plain = text.plain
    if clean_text(plain) == plain:
        return text
    bad = {i for i, ch in enumerate(plain) if clean_text(ch) != ch}
    result = text.blank_copy()
    result.end = ""
    position = 0
    for piece in text.divide(sorted({o for i in bad for o in (i, i + 1)})):
        length = len(piece.plain)
        if length == 1 and position in bad:
            piece.plain = clean_text(piece.plain)  # "" drops it, a tab becomes a space
        result.append_text(piece)
        position += length
    return result


def widest_token(text: Text | str) -> int:
    """Cells of the widest piece `wrap` never breaks (the narrowest sensible width)."""
    plain = text.plain if isinstance(text, Text) else text
    widest = 0
    for paragraph in plain.split("\n"):
        for atom in atoms(paragraph):
            widest = max(widest, cell_len(paragraph[atom.start : atom.end]))
    return widest


class WrappedText:
    """A Rich renderable: `text` wrapped with `wrap` to the width it is given.

    `prefix` starts the first line (a bullet such as ``• `` or ``- ``) and every following line
    is indented by its width (a hanging indent). `justify` places each line. When the space is
    too narrow for the prefix plus two cells, the prefix is dropped rather than overflowing.
    """

    def __init__(
        self,
        text: Text | str,
        *,
        prefix: Text | str = "",
        justify: Justify = "left",
    ) -> None:
        self.text = text
        self.prefix = prefix
        self.justify = justify

    def _parts(self) -> tuple[Text, Text]:
        text = self.text if isinstance(self.text, Text) else safe_text(self.text)
        prefix = self.prefix if isinstance(self.prefix, Text) else safe_text(self.prefix)
        return _strip_unsafe(text), _strip_unsafe(prefix)

    def lines(self, width: int) -> list[Text]:
        """The lines as drawn in `width` cells, prefix and indent included."""
        text, prefix = self._parts()
        indent = prefix.cell_len
        if width - indent < 2:
            prefix, indent = Text(""), 0
        body = wrap(text, width - indent)
        out: list[Text] = []
        for number, line in enumerate(body):
            lead = prefix.copy() if number == 0 else Text(" " * indent)
            lead.end = ""
            lead.append_text(line)
            lead.rstrip()
            out.append(_justify(lead, width, self.justify))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text, prefix = self._parts()
        if text.spans or prefix.spans or self.justify != "left":
            for line in self.lines(options.max_width):
                yield from line.render(console)
                yield Segment.line()
            return
        yield from _plain_segments(console, text, prefix, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text, prefix = self._parts()
        indent = prefix.cell_len
        widest_line = max((cell_len(p) for p in text.plain.split("\n")), default=0)
        minimum = min(indent + widest_token(text), options.max_width)
        maximum = min(indent + widest_line, options.max_width)
        return Measurement(minimum, max(minimum, maximum))


def _plain_segments(console: Console, text: Text, prefix: Text, width: int) -> RenderResult:
    """The segments `Text.render` gives for the lines `WrappedText.lines` builds, when neither the
    text nor the prefix has spans and lines are left-justified (every slide's text), without
    building those lines: a third of an export's time went to the Text objects.

    Each line is the prefix (its indent after the first) and the words, right-stripped; the
    words carry the text's style over the line's base style (the prefix's on the first line).
    A line without a style span is one unstyled segment, as Text.render makes it; with one, empty
    pieces are left out.
    """
    indent = prefix.cell_len
    first, first_style = prefix.plain, prefix.style
    if width - indent < 2:
        first, first_style, indent = "", "", 0
    plain, style = text.plain, text.style
    null = Style.null()
    word_style = console.get_style(style, default=null) if style else null
    for number, (start, end) in enumerate(_line_ranges(plain, width - indent)):
        lead = first if number == 0 else " " * indent
        whole = lead + plain[start:end]
        line = whole.rstrip()
        words = len(lead)
        # The words' style span survives right-stripping unless the stripping cut it off.
        if not style or (len(line) < len(whole) and words >= len(line)):
            yield Segment(line)
        else:
            base = console.get_style(first_style if number == 0 else "", default=null)
            if words:
                yield Segment(line[:words], base)
            if len(line) > words:
                yield Segment(line[words:], Style.combine((base, word_style)))
        yield Segment.line()


def _justify(line: Text, width: int, justify: Justify) -> Text:
    """Pad `line` on the left for centre or right placement (never on the right)."""
    if justify == "left":
        return line
    room = width - line.cell_len
    if room <= 0:
        return line
    pad = room // 2 if justify == "center" else room
    padded = Text(" " * pad, end="")
    padded.append_text(line)
    return padded
