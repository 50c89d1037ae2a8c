"""Where a line of slide text may break: the rules per script, each with its source.

`deck.draw.text` fills lines greedily; this module says where the breaks may fall. A paragraph is
cut into *atoms*, pieces no line break may enter, with the white space before each. The rules:

Widths and graphemes
    Widths are terminal cells (``rich.cells``); a break only ever falls between two graphemes.

Chinese -- clreq (W3C *Requirements for Chinese Text Layout*, ``#prohibition_rules_for_line_start_end``,
its ``basic`` set, which clreq recommends most)
    A line may break next to every Han character. Pause and stop marks ``、，；：。！？``, closing
    quotes, brackets and angle brackets and interpuncts never start a line; opening ones never end
    one. Ellipses ``…`` / ``‥`` never start a line either (clreq's ``strict`` set: a line starting
    with ``……`` reads as a new thought), and ``——`` / ``……`` are never split
    (``#prohibition_rules_for_unbreakable_marks``; both are narrow in a terminal, so a run of them
    is one word).

Japanese -- jlreq (W3C *Requirements for Japanese Text Layout*, ``#characters_not_starting_a_line``,
``#characters_not_ending_a_line`` and ``#unbreakable_character_sequences``; classes from Appendix A)
    A line may break between any two kanji or kana. Never at a line start: closing brackets
    (cl-02), hyphens ``‐〜゠`` (cl-03), dividing punctuation ``！？‼⁇⁈⁉`` (cl-04), middle dots
    ``・：；`` (cl-05), full stops (cl-06), commas (cl-07), iteration marks ``ヽヾゝゞ々〻`` (cl-09),
    the prolonged sound mark ``ー`` (cl-10) and small kana ``ぁぃぅ…ッャュョ…ㇰ…ㇿ`` (cl-11); that is
    jlreq's strict rule, not the looser one some books use. Never at a line end: opening brackets
    (cl-01). Postfixed abbreviations (cl-13: ``％‰℃°′″㎏`` ...) stay with the number before them,
    prefixed ones (cl-12: ``￥＄￡＃`` ...) with what follows, and a number is not split, full-width
    digits included. Half-width katakana break like kana; their small forms never start a line.

Korean -- klreq (W3C *Requirements for Hangul Text Layout*, ``#line-break``, ``#line-head-rest``,
``#line-end-rest``, ``#word-break-rest``)
    klreq lets the author choose breaking by syllable (글자) or by word (어절). deck breaks by word,
    as Korean is written today and as CSS ``word-break: keep-all`` does: a line breaks at the
    spaces between words and inside a word only when the word alone is wider than the line (then
    between syllables, by the rules below). So Hangul is treated as letters of a word (UAX #14
    5.1, classes H2/H3/JL: space-based Korean needs Hangul tailored to class AL). A word holding
    Hangul and Latin (``API를``) or a straight quote (``위험하다"는``) stays whole too. The
    line-start and line-end restrictions are the closing and opening marks above.

Everything else -- UAX #14 (Unicode Line Breaking Algorithm) where the three leave a gap
    * Runs of narrow characters (Latin words, numbers, ``2021-2024``, ``$100B``, URLs) break only
      at white space; a no-break space (U+00A0, U+2007, U+202F) is part of the word (class GL).
    * Straight quotes ``"`` and ``'`` cannot tell opening from closing (class QU), so no break
      falls on either side of one that touches a non-space character (LB19, without LB19a's
      East Asian exception): a closing quote stays with what precedes it, an opening one with
      what follows.
    * Closing marks are glued to the left even across a space (``Meta ，``); opening marks to
      the right.
    * A word wider than the line is folded by cells at the fullest legal cut; in a narrow run a
      cut just after ``/ - ? & = _`` is preferred while it keeps at least half the line (LB13,
      LB21: breaks fall after solidus and hyphen), so URLs and ``2021-2024`` fold at their joints.

Scripts without spaces that need a dictionary (Thai, Lao, Khmer, Myanmar) are not segmented:
their runs break at spaces only and are folded by cells when wider than the line.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

from rich.cells import cell_len, split_graphemes

__all__ = [
    "NOT_ENDING",
    "NOT_STARTING",
    "QUOTES",
    "Atom",
    "Graphemes",
    "Unit",
    "atoms",
    "fold",
    "is_space",
    "is_word_letter",
    "legal_cut",
    "units",
]

# --- the rule tables -----------------------------------------------------------------------

#: jlreq cl-02 closing brackets (with the full-width forms used in horizontal text) and clreq's
#: closing quotes, parentheses and angle brackets; klreq cl2.
_CLOSING_BRACKETS = "’”)]}）］｝〕〉》」』】｠〙〗〛»›〟"
#: jlreq cl-04..cl-07 and clreq's pause and stop marks, half- and full-width; klreq cl6-cl9.
_PAUSE_AND_STOP = "，。、；：！？,.;:!?．｡､‼⁇⁈⁉・·"
#: jlreq cl-03 hyphens that are wide or unambiguous (EN DASH is left out: in Latin text a spaced
#: dash may start a line, UAX #14 LB18 before LB21).
_HYPHENS = "‐〜゠"
#: jlreq cl-09 iteration marks and cl-10 the prolonged sound mark; klreq cl11, cl12.
_ITERATION_AND_PROLONGED = "ヽヾゝゞ々〻ー"
#: jlreq cl-11 small kana, and the small half-width katakana, prolonged and voicing marks.
_SMALL_KANA = (
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｬｭｮｯｰﾞﾟ"
)
#: clreq ``strict``: ellipses never start a line (kept from deck's first rules for Chinese).
_ELLIPSES = "…‥"
#: jlreq cl-13 postfixed abbreviations, klreq cl14, UAX #14 class PO: stay with the number.
_POSTFIXED = "%％‰°′″℃￠㎎㎏㎜㎝㎞㎡㏄"

#: Characters that must not start a line (they belong to what precedes them).
NOT_STARTING = frozenset(
    _CLOSING_BRACKETS + _PAUSE_AND_STOP + _HYPHENS + _ITERATION_AND_PROLONGED + _SMALL_KANA + _ELLIPSES + _POSTFIXED
)
#: Characters that must not end a line (they belong to what follows them): jlreq cl-01 opening
#: brackets, clreq's opening quotes, parentheses and angle brackets, klreq cl1; and jlreq cl-12
#: prefixed abbreviations (klreq cl13, UAX #14 PR) in their full-width forms (``$100`` is one word).
NOT_ENDING = frozenset("‘“([{（［｛〔〈《「『【｟〘〖〚«‹〝" + "￥＄￡＃")
#: Straight quotes: UAX #14 class QU, glued to both non-space neighbours (LB19).
QUOTES = frozenset("\"'")
#: After these a folded narrow run is preferably cut (UAX #14 SY and HY/BA).
_JOINTS = frozenset("/-?&=_")

# White space that may break; no-break spaces (U+00A0, U+2007, U+202F) are part of the word.
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")


_SPECIAL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff\uff10-\uff19\uff61-\uff9f]")


def is_word_letter(char: str) -> bool:
    """A wide character that is a letter of a word, not a break opportunity: Hangul (Korean breaks
    at spaces) and full-width digits (klreq 4.3.6, jlreq 3.1.10: a number is never split)."""
    code = ord(char)
    return (
        0xAC00 <= code <= 0xD7A3  # Hangul syllables
        or 0xFF10 <= code <= 0xFF19  # full-width digits
        or 0x1100 <= code <= 0x11FF  # jamo
        or 0x3130 <= code <= 0x318F  # compatibility jamo
        or 0xA960 <= code <= 0xA97F  # jamo extended-A
        or 0xD7B0 <= code <= 0xD7FF  # jamo extended-B
    )


def _is_half_width_kana(char: str) -> bool:
    """Half-width katakana (U+FF61-U+FF9F): narrow, but they break like kana."""
    return "\uff61" <= char <= "\uff9f"


def is_space(grapheme: str) -> bool:
    """A space that allows a break (a no-break space does not)."""
    return grapheme.isspace() and grapheme not in _NO_BREAK_SPACES


def legal_cut(before: str, after: str) -> bool:
    """True if a break between these two graphemes obeys the rules (used when folding a word)."""
    return (
        after[0] not in NOT_STARTING
        and before[-1] not in NOT_ENDING
        and before[-1] not in QUOTES
        and after[0] not in QUOTES
        and not is_space(before)
        and not is_space(after)
    )


# --- units and atoms -------------------------------------------------------------------------


class Unit(NamedTuple):
    """A run of graphemes between two possible break points: text[start:end]."""

    start: int
    end: int
    space: bool


class Atom(NamedTuple):
    """An unbreakable piece of a paragraph, with the white space before it (gap_start:start)."""

    gap_start: int
    start: int
    end: int


def units(paragraph: str, graphemes: list[tuple[int, int, int]] | None = None) -> list[Unit]:
    """Split a paragraph into space runs, single breakable graphemes (Han, kana, full-width marks)
    and words: runs of narrow graphemes and Hangul (`graphemes`: the paragraph's
    `split_graphemes`, when the caller has them already)."""
    out: list[Unit] = []
    spans = split_graphemes(paragraph)[0] if graphemes is None else graphemes
    run_start = -1  # start of the current word
    # Most paragraphs hold no Hangul, full-width digit or half-width kana: one scan in C spares testing
    # every grapheme for them (an eighth of the time of wrapping a Chinese article).
    special = _SPECIAL.search(paragraph) is not None
    for start, end, cells in spans:
        grapheme = paragraph[start:end]
        space = is_space(grapheme)
        if not space and (
            cells < 2 if not special
            else is_word_letter(grapheme[0]) if cells > 1 else not _is_half_width_kana(grapheme[0])
        ):
            if run_start < 0:
                run_start = start
            continue
        if run_start >= 0:
            out.extend(_split_run(paragraph, run_start, start))
            run_start = -1
        if space and out and out[-1].space:
            out[-1] = Unit(out[-1].start, end, True)
        else:
            out.append(Unit(start, end, space))
    if run_start >= 0:
        out.extend(_split_run(paragraph, run_start, len(paragraph)))
    return out


def _split_run(paragraph: str, start: int, end: int) -> list[Unit]:
    """A word, with its leading closing and trailing opening marks split off.

    In Chinese text a half-width comma is written straight before the next word
    (``体量,Meta``): the comma belongs to the character before the run, not to ``Meta``.
    """
    head = start
    while head < end and paragraph[head] in NOT_STARTING:
        head += 1
    tail = end
    while tail > head and paragraph[tail - 1] in NOT_ENDING:
        tail -= 1
    bounds = sorted({start, head, tail, end})
    return [Unit(a, b, False) for a, b in pairwise(bounds)]


def atoms(paragraph: str, graphemes: list[tuple[int, int, int]] | None = None) -> list[Atom]:
    """Merge units into unbreakable atoms: closing marks join the left, opening the right,
    straight quotes both neighbours they touch."""
    out: list[Atom] = []
    gap_start = -1
    glue_next = False  # the previous atom ends with an opening mark
    quote_next = False  # the previous atom ends with a straight quote
    for unit in units(paragraph, graphemes):
        if unit.space:
            gap_start = unit.start
            quote_next = False  # a quote before a space closes: a break may follow the space
            continue
        first = paragraph[unit.start]
        touching = gap_start < 0
        if out and (glue_next or first in NOT_STARTING or (touching and (quote_next or first in QUOTES))):
            # Glue, even across a space: "Meta ，" must not start a line with "，".
            out[-1] = Atom(out[-1].gap_start, out[-1].start, unit.end)
        else:
            out.append(Atom(gap_start if gap_start >= 0 else unit.start, unit.start, unit.end))
        last = paragraph[unit.end - 1]
        glue_next = last in NOT_ENDING
        quote_next = last in QUOTES
        gap_start = -1
    return out


# --- graphemes and folding -------------------------------------------------------------------


class Graphemes:
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
        """Cells of paragraph[start:end]."""
        first, last = self.index[start], self.index[end]
        if self.exact or first < 0 or last < 0:
            return cell_len(self.paragraph[start:end])
        return self.before[last] - self.before[first]


def fold(paragraph: str, start: int, end: int, width: int, graphemes: Graphemes | None = None) -> list[tuple[int, int]]:
    """Cut paragraph[start:end] into pieces of at most `width` cells, at grapheme boundaries.

    A cut is moved back while it would break a rule (`legal_cut`); if no legal cut exists the
    fullest one is taken (unavoidable). The paragraph's graphemes are used when the bounds fall
    between two of them (they always do but at a split inside one); no list is made per grapheme
    of the atom, which for a word of a million characters took hundreds of megabytes.
    """
    if graphemes is None:
        graphemes = Graphemes(paragraph)
    first, stop_at = graphemes.index[start], graphemes.index[end]
    if first < 0 or stop_at < 0:  # a bound inside a grapheme: split the atom on its own
        return [(start + a, start + b) for a, b in fold(paragraph[start:end], 0, end - start, width)]
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
        cut = last if last >= stop_at else _best_cut(text, spans, first, last, width)
        stop = cut
        while stop - 1 > first and is_space(text(stop - 1)):
            stop -= 1  # a forced cut next to a space: the space goes, as at any break
        pieces.append((spans[first][0], spans[stop - 1][1]))
        first = cut
        while first < stop_at and is_space(text(first)):
            first += 1
    return pieces


def _best_cut(grapheme: Callable[[int], str], spans: list[tuple[int, int, int]], first: int, last: int,
              width: int) -> int:
    """The grapheme number to cut before, in (first, last]: the fullest legal cut, or a little
    earlier one just after a joint (``/``, ``-``) of a narrow run; `last` if none is legal."""
    fallback = -1
    used = sum(spans[n][2] for n in range(first, last))
    for cut in range(last, first, -1):
        before, after = grapheme(cut - 1), grapheme(cut)
        if not legal_cut(before, after):
            used -= spans[cut - 1][2]
            continue
        if fallback < 0:
            fallback = cut
        if before[-1] in _JOINTS and spans[cut][2] == 1:
            return cut
        used -= spans[cut - 1][2]
        if used * 2 < width:
            break
    return fallback if fallback >= 0 else last
