"""CJK-aware line breaking for every piece of slide text.

Rich and Textual wrap only at spaces: a long Chinese sentence is folded wherever the cells run
out (``Realit|y`` inside mixed text) and lines may start with ``，``. This module replaces that
for deck text with a small set of plain rules:

* widths are terminal cells (``rich.cells``), never ``len()``: a CJK character is two cells;
* a break is allowed at white space and next to every wide (two-cell) character, so Chinese
  breaks between characters while runs of narrow characters (``Reality``, ``5300``,
  ``2021-2024``, ``$100B``) stay whole;
* kinsoku: closing punctuation (``，。）…%,.)`` ...) sticks to what precedes it and opening
  punctuation (``（「《([`` ...) to what follows, so no line starts with the former nor ends with
  the latter -- the break moves and pulls the previous character down;
* a token wider than the line is folded by cells, at a legal point when there is one.

Why no line-breaking library: both were tried with ``bench/bench_render.py`` (Python 3.11,
2 cores; the tables are in ``docs/performance.md``), each supplying the unbreakable units to the
same greedy filler, over every line of the article at 20 and 40 cells:

* budoux (phrases) adds 10-26 ms of import with its Chinese model and segments an 85-character
  sentence in ~120 us (these rules wrap it whole in ~100 us). It glues a half-width ``,`` to
  the *next* phrase and cut ``(Reality Labs)`` into ``(Reality Lab|s)``: 12 lines starting
  with closing punctuation and 12 cut words at 20 cells (4 and 5 at 40). Phrases would need
  these rules on top, and a narrow column folds them anyway.
* uniseg (UAX #14) gives the same lines on the article (same line counts, 0 bad line starts
  or ends, 0 cut words), but adds ~30 ms of import and is ~50x slower (5 ms per sentence, 190 ms for the
  article against 4 ms).

Neither earns a dependency: the rules here are about a hundred lines, import in under a
millisecond and give the same or better lines for our text.
"""

from __future__ import annotations

from array import array
from itertools import pairwise
from typing import Literal, NamedTuple

from rich.cells import cell_len, split_graphemes
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from deck.format.sanitize import clean_text

__all__ = [
    "CLOSING",
    "OPENING",
    "WrappedText",
    "safe_text",
    "widest_token",
    "wrap",
]

#: Characters that must not start a line (they belong to what precedes them).
CLOSING = frozenset(
    "，。、；：！？）」』》〉】…%,.;:!?)]}"  # the list
    "％．”’〕］｝〗〙〛｠»›·・‥"  # full-width forms, closing quotes, middle dots
)
#: Characters that must not end a line (they belong to what follows them).
OPENING = frozenset("（「『《〈【([{“‘〔［｛〖〘〚｟«‹")

# White space that may break; no-break spaces (U+00A0, U+2007, U+202F) are part of the word.
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")

Justify = Literal["left", "center", "right"]


class _Unit(NamedTuple):
    """A run of graphemes between two possible break points: text[start:end]."""

    start: int
    end: int
    space: bool


class _Atom(NamedTuple):
    """An unbreakable piece of a paragraph, with the white space before it (gap_start:start)."""

    gap_start: int
    start: int
    end: int


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
    graphemes = _Graphemes(paragraph)
    atoms = _atoms(paragraph, graphemes.spans)
    cells = graphemes.cells
    lines: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    used = 0
    for atom in atoms:
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
        pieces = _fold(paragraph, atom.start, atom.end, width, graphemes)
        lines.extend(pieces[:-1])
        current = pieces[-1]
        used = cells(current[0], current[1])
    if current is not None:
        lines.append(current)
    return lines or [(0, 0)]


class _Graphemes:
    """A paragraph's graphemes (`split_graphemes`), indexed by where they start, with running cells.

    `cells(start, end)` is `cell_len(paragraph[start:end])`, summed from the cells each grapheme
    was measured with instead of measured again (half the time of a paragraph that wraps). The
    sums equal cell_len between grapheme boundaries except across a zero-width joiner (cell_len
    skips the character after one), so such paragraphs, and bounds inside a grapheme, are
    measured as before. Two arrays of machine integers, so a paragraph of a million characters
    costs 16 MB here, not a dictionary of Python integers ten times that.
    """

    def __init__(self, paragraph: str) -> None:
        self.paragraph = paragraph
        self.spans: list[tuple[int, int, int]] = split_graphemes(paragraph)[0]
        self.exact = "\u200d" in paragraph
        self.index = array("l", [-1]) * (len(paragraph) + 1)  # offset -> grapheme number, -1 inside one
        self.before = array("l", [0]) * (len(self.spans) + 1)  # grapheme number -> cells before it
        total = 0
        for number, (start, _, width) in enumerate(self.spans):
            self.index[start] = number
            self.before[number] = total
            total += width
        self.index[len(paragraph)] = len(self.spans)
        self.before[len(self.spans)] = total

    def cells(self, start: int, end: int) -> int:
        first, last = self.index[start], self.index[end]
        if self.exact or first < 0 or last < 0:
            return cell_len(self.paragraph[start:end])
        return self.before[last] - self.before[first]


def _units(paragraph: str, graphemes: list[tuple[int, int, int]] | None = None) -> list[_Unit]:
    """Split a paragraph into space runs, single wide graphemes and runs of narrow graphemes
    (`graphemes`: the paragraph's `split_graphemes`, when the caller has them already)."""
    units: list[_Unit] = []
    spans = split_graphemes(paragraph)[0] if graphemes is None else graphemes
    run_start = -1  # start of the current run of narrow, non-space graphemes
    for start, end, cells in spans:
        grapheme = paragraph[start:end]
        space = _is_space(grapheme)
        if not space and cells < 2:
            if run_start < 0:
                run_start = start
            continue
        if run_start >= 0:
            units.extend(_split_run(paragraph, run_start, start))
            run_start = -1
        if space and units and units[-1].space:
            units[-1] = _Unit(units[-1].start, end, True)
        else:
            units.append(_Unit(start, end, space))
    if run_start >= 0:
        units.extend(_split_run(paragraph, run_start, len(paragraph)))
    return units


def _split_run(paragraph: str, start: int, end: int) -> list[_Unit]:
    """A narrow run, with its leading closing and trailing opening marks split off.

    In Chinese text a half-width comma is written straight before the next word
    (``体量,Meta``): the comma belongs to the character before the run, not to ``Meta``.
    """
    head = start
    while head < end and paragraph[head] in CLOSING:
        head += 1
    tail = end
    while tail > head and paragraph[tail - 1] in OPENING:
        tail -= 1
    bounds = sorted({start, head, tail, end})
    return [_Unit(a, b, False) for a, b in pairwise(bounds)]


def _atoms(paragraph: str, graphemes: list[tuple[int, int, int]] | None = None) -> list[_Atom]:
    """Merge units into unbreakable atoms: closing marks join the left, opening the right."""
    atoms: list[_Atom] = []
    gap_start = -1
    glue_next = False  # the previous atom ends with an opening mark
    for unit in _units(paragraph, graphemes):
        if unit.space:
            gap_start = unit.start
            continue
        if atoms and (glue_next or paragraph[unit.start] in CLOSING):
            # Glue, even across a space: "Meta ，" must not start a line with "，".
            atoms[-1] = _Atom(atoms[-1].gap_start, atoms[-1].start, unit.end)
        else:
            atoms.append(_Atom(gap_start if gap_start >= 0 else unit.start, unit.start, unit.end))
        glue_next = paragraph[unit.end - 1] in OPENING
        gap_start = -1
    return atoms


def _fold(paragraph: str, start: int, end: int, width: int,
          graphemes: _Graphemes | None = None) -> list[tuple[int, int]]:
    """Cut paragraph[start:end] into pieces of at most `width` cells, at grapheme boundaries.

    A cut is moved back while it would start a piece with a closing mark, end one with an
    opening mark or touch a space; if no such cut exists the fullest one is taken (unavoidable).
    The paragraph's graphemes are used when the bounds fall between two of them (they always do
    but at a split inside one); no list is made per grapheme of the atom, which for a word of a
    million characters took hundreds of megabytes.
    """
    if graphemes is None:
        graphemes = _Graphemes(paragraph)
    first, stop_at = graphemes.index[start], graphemes.index[end]
    if first < 0 or stop_at < 0:  # a bound inside a grapheme: split the atom on its own
        return [(start + a, start + b) for a, b in _fold(paragraph[start:end], 0, end - start, width)]
    spans = graphemes.spans

    def text(number: int) -> str:
        a, b, _ = spans[number]
        return paragraph[a:b]

    pieces: list[tuple[int, int]] = []
    while first < stop_at:
        last, used = first, 0
        while last < stop_at and (used + spans[last][2] <= width or last == first):
            used += spans[last][2]
            last += 1
        cut = last
        if last < stop_at:
            legal = (c for c in range(last, first, -1) if _legal_cut(text(c - 1), text(c)))
            cut = next(legal, last)
        stop = cut
        while stop - 1 > first and _is_space(text(stop - 1)):
            stop -= 1  # a forced cut next to a space: the space goes, as at any break
        pieces.append((spans[first][0], spans[stop - 1][1]))
        first = cut
        while first < stop_at and _is_space(text(first)):
            first += 1
    return pieces


def _is_space(grapheme: str) -> bool:
    """A space that allows a break (a no-break space does not)."""
    return grapheme.isspace() and grapheme not in _NO_BREAK_SPACES


def _legal_cut(before: str, after: str) -> bool:
    """True if a break between these graphemes obeys the line-start and line-end rules."""
    return after[0] not in CLOSING and before[-1] not in OPENING and not _is_space(before) and not _is_space(after)


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
        for atom in _atoms(paragraph):
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
