"""What `deck check` warns about (exit 0): slips that YAML accepts silently but that lose text.

A list item indented more than the one above it (`- one` then `    - two`) continues that item's
text: YAML reads `one - two`. The warning points at the second `-`.

A ` #` after an unquoted text starts a YAML comment: `text: Questions? #1 topic` shows only
`Questions?`. The warning points at the `#` and says to quote the text. Only what the deck reads
as text is looked at (text fields and their language entries, bullet items, table cells, chart
labels: `deck.format.loader`'s `TextWatch`), so a comment after `kind: bar` or
`file: seeds/x.txt` stays a comment. The loader shows each such value to a `LostText` while it
builds the deck, so the check reads the file once (a second parse for these warnings was a third
of `deck check`'s time on 1,000 slides); each costs a look at the line its text ends on.
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
        self.lines = text.split("\n")
        self.path = path
        self._found: set[str] = set()

    def __call__(self, node: yaml.Node) -> None:
        """Look at `node`: a plain (unquoted, not block) text can lose what follows it."""
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR and node.end_mark is not None:
            self._found.update(_comment_after(node, self.lines, self.path))
            self._found.update(_folded_item(node, self.lines, self.path))

    @property
    def warnings(self) -> list[str]:
        """One line per lost text, `FILE:LINE:COL: warning: ...`, in the file's order."""
        return sorted(self._found, key=_position)


def _comment_after(node: yaml.ScalarNode, lines: list[str], path: str) -> list[str]:
    end: Any = node.end_mark
    line = lines[end.line] if end.line < len(lines) else ""
    match = _COMMENT.match(line, end.column)
    if match is None:
        return []
    column = match.end()  # 1-based column of the '#'
    comment = line[column - 1:].strip()
    shown = comment if len(comment) <= 30 else comment[:29] + "…"
    return [f"{path}:{end.line + 1}:{column}: warning: '{shown}' is a YAML comment and is not shown; "
            "put the text in quotes to keep it"]


def _folded_item(node: yaml.ScalarNode, lines: list[str], path: str) -> list[str]:
    """A `- ` that starts a continuation line of an unquoted text: an item indented more than
    its neighbours, which YAML folds into the text before it (`one - two`)."""
    start: Any = node.start_mark
    end: Any = node.end_mark
    for number in range(start.line + 1, min(end.line, len(lines) - 1) + 1):
        stripped = lines[number].lstrip(" ")
        if stripped.startswith("- "):
            column = len(lines[number]) - len(stripped) + 1
            return [f"{path}:{number + 1}:{column}: warning: this '- ' continues the text above it (YAML joins "
                    "the lines); indent the item like the ones above it, or quote the text"]
    return []


def _position(warning: str) -> tuple[int, int]:
    parts = warning.rsplit(": warning:", 1)[0].rsplit(":", 2)
    return int(parts[1]), int(parts[2])
