"""What `deck check` warns about (exit 0): slips that YAML accepts silently but that lose text.

A list item indented more than the one above it (`- one` then `    - two`) continues that item's
text: YAML reads `one - two`. The warning points at the second `-`.

A ` #` after an unquoted text starts a YAML comment: `text: Questions? #1 topic` shows only
`Questions?`. The warning points at the `#` and says to quote the text. Only deck texts (the
values of text fields, their language entries and bullet items) are looked at, so a comment after
`kind: bar` or `file: seeds/x.txt` stays a comment. Costs one more composition of the file
(`check` only, never the presenter's start-up).
"""

from __future__ import annotations

import re

import yaml

from deck.format.loader import compose
from deck.format.schema import OBJECTS

# Keys whose values are deck text (or hold it: a quote mapping, bullet items).
_TEXT_KEYS = frozenset(field.name for fields in OBJECTS.values() for field in fields
                       if field.kind in ("text", "texts", "bullets", "quote"))
_COMMENT = re.compile(r"[ \t]+#")
_STR = "tag:yaml.org,2002:str"


def lost_comments(text: str, path: str) -> list[str]:
    """One line per plain text followed by ` #` on its line: `FILE:LINE:COL: warning: ...`."""
    lines = text.split("\n")
    found: list[str] = []
    stack: list[tuple[yaml.Node, bool]] = [(compose(text, path), False)]
    while stack:  # iterative: a deck may nest deeply (the loader has already bounded it)
        node, in_text = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                stack.append((value, in_text or name in _TEXT_KEYS))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, in_text) for item in node.value)
        elif (in_text and isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR
              and node.end_mark is not None):
            found.extend(_comment_after(node, lines, path))
            found.extend(_folded_item(node, lines, path))
    return sorted(found, key=_position)


def _comment_after(node: yaml.Node, lines: list[str], path: str) -> list[str]:
    end = node.end_mark
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
    start, end = node.start_mark, node.end_mark
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
