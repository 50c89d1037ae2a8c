"""Make deck text safe to show: no control characters ever reach a terminal or an export.

Deck files come from other people. Their text is data: escape sequences (ESC, CSI, OSC),
BEL, backspace, carriage return, bidirectional controls and invisible characters are dropped;
a tab becomes a space. Newlines are kept (they separate lines within a text), and the Unicode
line and paragraph separators (U+2028, U+2029) become newlines.

Invisible characters (the policy, per class, in docs/security.md): every default-ignorable
code point is removed -- they draw nothing, so they could hide text or make two equal-looking
texts differ -- except the three that written languages and emoji need: the zero-width joiner
(U+200D, emoji sequences), the zero-width non-joiner (U+200C, Persian and Indic spelling) and the
variation selectors (U+FE00-FE0F, U+E0100-E01EF, Mongolian U+180B-180D and U+180F: emoji and
ideograph forms). That removes the tag characters (U+E0000-E007F, which can spell a hidden
text; the England, Scotland and Wales flags, which are made of them, show as a black flag),
soft hyphens (U+00AD), the invisible operators (U+2061-2064), the combining grapheme joiner
(U+034F), the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the Khmer inherent vowels
(U+17B4, U+17B5), the Mongolian vowel separator (U+180E), the shorthand and musical format
controls, and the unassigned U+FFF0-FFF8 and U+E0080-E0FFF. The interlinear annotation
characters (U+FFF9-FFFB, which mark a hidden annotation) go too.
"""

from __future__ import annotations

import re

# C0 controls except \n, DEL, C1 controls; every bidirectional control (Unicode's Bidi_Control:
# ALM U+061C, LRM/RLM, the embeddings/overrides U+202A-202E and isolates U+2066-2069);
# zero-width space, word joiner and invisible operators U+2060-2064, the deprecated format
# controls U+206A-206F, BOM; and the invisible characters listed above.
# (`UNSAFE_CHARACTERS` is a regular-expression class body: code blocks show the same set escaped.)
UNSAFE_CHARACTERS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
)
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
# The invisible characters that `str.isprintable` calls printable (letters and marks).
_INVISIBLE_PRINTABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0]")


def clean_text(text: str) -> str:
    """Return `text` with every unsafe character removed and tabs turned into spaces."""
    if text.isprintable() and (text.isascii() or not _INVISIBLE_PRINTABLE.search(text)):
        return text
    text = text.replace("\t", " ").replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _UNSAFE.sub("", text)
