"""Make deck text safe to show: no control characters ever reach a terminal or an export.

Deck files come from other people. Their text is data: escape sequences (ESC, CSI, OSC),
BEL, backspace, carriage return, bidirectional controls and zero-width characters are dropped;
a tab becomes a space. Newlines are kept (they separate lines within a text), and the Unicode
line and paragraph separators (U+2028, U+2029) become newlines.
"""

from __future__ import annotations

import re

# C0 controls except \n, DEL, C1 controls; every bidirectional control (Unicode's Bidi_Control:
# ALM U+061C, LRM/RLM, the embeddings/overrides U+202A-202E and isolates U+2066-2069);
# zero-width space, word joiner, the deprecated format controls U+206A-206F, BOM.
# ZWJ (U+200D) stays: emoji sequences need it.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u206f\ufeff]"
)


def clean_text(text: str) -> str:
    """Return `text` with every unsafe character removed and tabs turned into spaces."""
    if text.isprintable():
        return text
    text = text.replace("\t", " ").replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _UNSAFE.sub("", text)
