"""Make deck text safe to show: no control characters ever reach a terminal or an export.

Deck files come from other people. Their text is data: escape sequences (ESC, CSI, OSC),
BEL, backspace, carriage return, bidirectional overrides and zero-width characters are dropped;
a tab becomes a space. Newlines are kept (they separate lines within a text).
"""

from __future__ import annotations

import re

# C0 controls except \n, DEL, C1 controls; bidi embeddings/overrides/isolates; zero-width
# space, LRM/RLM, word joiner, BOM. ZWJ (U+200D) stays: emoji sequences need it.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def clean_text(text: str) -> str:
    """Return `text` with every unsafe character removed and tabs turned into spaces."""
    if text.isprintable():
        return text
    return _UNSAFE.sub("", text.replace("\t", " ").replace("\r\n", "\n"))
