"""What `deck check` warns about (exit 0): slips that YAML accepts silently but that lose text.

A list item indented more than the one above it (`- one` then `    - two`) continues that item's
text: YAML reads `one - two`. The warning points at the second `-`.

A ` #` after an unquoted text starts a YAML comment: `text: Questions? #1 topic` shows only
`Questions?`. The warning points at the `#` and says to quote the text. Only what the deck reads
as text is looked at (text fields and their language entries, bullet items, table cells, chart
labels: `deck.format.loader`'s `TextWatch`), so a comment after `kind: bar` or
`file: seeds/x.txt` stays a comment. The loader shows each such value to a `LostText` while it
builds the deck, so the check reads the file once (a second parse for these warnings was a third
of `deck check`'s time on 1,000 slides); each costs a look at the text after it and at the lines
it spans, found by its marks' offsets in the file's text (no copy of the text is made).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_COMMENT = re.compile(r"[ \t]+#")
_STR = "tag:yaml.org,2002:str"


class LostText:
    """The warnings about the texts of deck `text` that it is shown (`deck.format.loader.TextWatch`),
    each warning once however often its text is shown (an alias, the loader's second build)."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text  # what the loader reads: its marks' indexes are offsets into it
        self.path = path
        self._found: set[str] = set()

    def __call__(self, node: yaml.Node) -> None:
        """Look at `node`: a plain (unquoted, not block) text can lose what follows it."""
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR and node.end_mark is not None:
            self._found.update(_comment_after(node, self.text, self.path))
            self._found.update(_folded_item(node, self.text, self.path))

    @property
    def warnings(self) -> list[str]:
        """One line per lost text, `FILE:LINE:COL: warning: ...`, in the file's order."""
        return sorted(self._found, key=_position)


def _comment_after(node: yaml.ScalarNode, text: str, path: str) -> list[str]:
    end: Any = node.end_mark
    match = _COMMENT.match(text, end.index)
    if match is None:
        return []
    column = end.column + match.end() - end.index  # 1-based column of the '#'
    line_end = text.find("\n", match.end())
    comment = text[match.end() - 1:line_end if line_end >= 0 else len(text)].strip()
    shown = comment if len(comment) <= 30 else comment[:29] + "…"
    return [f"{path}:{end.line + 1}:{column}: warning: '{shown}' is a YAML comment and is not shown; "
            "put the text in quotes to keep it"]


def _folded_item(node: yaml.ScalarNode, text: str, path: str) -> list[str]:
    """A `- ` that starts a continuation line of an unquoted text: an item indented more than
    its neighbours, which YAML folds into the text before it (`one - two`)."""
    start: Any = node.start_mark
    end: Any = node.end_mark
    line, newline = start.line, text.find("\n", start.index, end.index)
    while newline >= 0:  # each line the text goes on to (within the text: bounded by its length)
        line += 1
        first = newline + 1
        while first < end.index and text[first] == " ":
            first += 1
        if text.startswith("- ", first):
            return [f"{path}:{line + 1}:{first - newline}: warning: this '- ' continues the text above it (YAML "
                    "joins the lines); indent the item like the ones above it, or quote the text"]
        newline = text.find("\n", first, end.index)
    return []


def _position(warning: str) -> tuple[int, int]:
    parts = warning.rsplit(": warning:", 1)[0].rsplit(":", 2)
    return int(parts[1]), int(parts[2])
