"""Checking that a chart's quote occurs in the deck's source article, in bounded time and memory.

Quotes and article are compared after Unicode compatibility normalisation (NFKC: full-width
letters, ligatures, ...) with all whitespace removed. Both steps are bounded:

- NFKC can grow a text 18-fold (U+FDFA) and CPython sorts a run of combining marks in time
  quadratic in its length. `normalise` therefore works on pieces of at most `PIECE_CHARS`
  characters, cut before a character no normalisation joins to what precedes it (so the result
  is exactly that of normalising the whole text), and stops once the result passes its limit.
  Only a run of more than `LOOK_BACK` characters that all join their predecessor (combining
  marks, Hangul jamo) may be cut inside; a quote spanning such a cut is not found.
- Each search is a linear scan of the article, so a deck with many quotes found near the end
  of a long article costs quotes x article. `QuoteIndex` remembers every quote it has looked
  up (a deck loaded twice, or one quote aliased many times, costs one search) and stops with
  `QuoteBudgetExceeded` once its searches together have scanned `SCAN_BUDGET` characters.
"""

from __future__ import annotations

import re
import unicodedata

PIECE_CHARS = 256
LOOK_BACK = 32  # how far back from a piece's end to look for a clean cut
SCAN_BUDGET = 300_000_000
_SPACE = re.compile(r"\s+")
# Hangul jamo (conjoining, compatibility and half-width): a leading consonant joins a vowel.
_JAMO = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xD7B0, 0xD7FF), (0xFFA0, 0xFFDC))


class QuoteBudgetExceeded(Exception):
    """The quote searches of one deck have scanned `SCAN_BUDGET` characters of its article."""


def _starts_fresh(char: str) -> bool:
    """Whether normalising never joins `char` to what precedes it (a cut before it is exact).

    True unless its decomposition begins with a mark (a combining character, or a spacing mark
    such as U+0BBE that composes with the letter before it) or a Hangul jamo.
    """
    if char.isascii():
        return True
    first = unicodedata.normalize("NFKD", char)[:1] or char
    code = ord(first)
    if unicodedata.combining(first) or unicodedata.category(first).startswith("M"):
        return False
    return not any(low <= code <= high for low, high in _JAMO)


def normalise(text: str, limit: int) -> str | None:
    """`text` in NFKC with whitespace removed, or None if that is longer than `limit` characters."""
    if text.isascii():
        squeezed = _SPACE.sub("", text)
        return squeezed if len(squeezed) <= limit else None
    parts: list[str] = []
    total = 0
    start = 0
    while start < len(text):
        end = min(start + PIECE_CHARS, len(text))
        cut = end
        while cut < len(text) and cut > end - LOOK_BACK and not _starts_fresh(text[cut]):
            cut -= 1
        if cut == end - LOOK_BACK:  # a run of marks or jamo with no clean cut: cut it anyway
            cut = end
        piece = text[start:cut]
        if not piece.isascii():
            piece = unicodedata.normalize("NFKC", piece)
        piece = _SPACE.sub("", piece)
        total += len(piece)
        if total > limit:
            return None
        parts.append(piece)
        start = cut
    return "".join(parts)


class QuoteIndex:
    """Looks quotes up in one normalised article, remembering answers, within `SCAN_BUDGET`."""

    def __init__(self, article: str) -> None:
        self.article = article
        self.known: dict[str, bool] = {}
        self.scanned = 0

    def contains(self, needle: str) -> bool:
        """Whether normalised `needle` occurs in the article (empty needles never do)."""
        if not needle:
            return False
        if needle in self.known:
            return self.known[needle]
        if self.scanned >= SCAN_BUDGET:
            raise QuoteBudgetExceeded
        index = self.article.find(needle)
        self.scanned += len(self.article) if index < 0 else index + len(needle)
        self.known[needle] = index >= 0
        return index >= 0
