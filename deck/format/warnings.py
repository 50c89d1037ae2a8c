"""What `deck check` warns about (exit 0): slips that YAML accepts silently but that lose text.

A list item indented more than the one above it (`- one` then `    - two`) continues that item's
text: YAML reads `one - two`. The warning points at the second `-`.

A ` #` after an unquoted text starts a YAML comment: `text: Questions? #1 topic` shows only
`Questions?`. The warning points at the `#` and says to quote the text. Only deck texts (the
values of text fields, their language entries and bullet items) are looked at, so a comment after
`kind: bar` or `file: seeds/x.txt` stays a comment. Costs one more parse of the file (`check`
only, never the presenter's start-up): libyaml's events when it is there and the file has no
alias, else a composition.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from deck.format.loader import compose
from deck.format.schema import OBJECTS

# Keys whose values are deck text (or hold it: a quote mapping, bullet items).
_TEXT_KEYS = frozenset(field.name for fields in OBJECTS.values() for field in fields
                       if field.kind in ("text", "texts", "bullets", "quote"))
_COMMENT = re.compile(r"[ \t]+#")
_STR = "tag:yaml.org,2002:str"


class _Alias(Exception):
    """The file uses an alias: the node walk sees the aliased text in each place it is used."""


def lost_comments(text: str, path: str) -> list[str]:
    """One line per plain text followed by ` #` on its line: `FILE:LINE:COL: warning: ...`."""
    lines = text.split("\n")
    loader_class = getattr(yaml, "CSafeLoader", None)
    found: list[str] | None = None
    if loader_class is not None:
        try:
            found = _from_events(loader_class(text), lines, path)
        except (_Alias, yaml.YAMLError):
            found = None
    if found is None:
        found = _from_nodes(text, lines, path)
    return sorted(found, key=_position)


def _from_events(parser: yaml.CSafeLoader, lines: list[str], path: str) -> list[str]:
    """`_from_nodes` on libyaml's parser events: the same warnings without composing a node graph
    (which cost `deck check` of 1,000 slides of code a fifth of a second). Tags are resolved only
    for the texts a warning would be about. A file with an alias raises `_Alias`."""
    found: list[str] = []
    # One frame per open collection: [is_mapping, in_text (None: inside a key), next is a key, key]
    stack: list[list[object]] = []
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise _Alias
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.DocumentEndEvent):
                break
            elif isinstance(event, yaml.ScalarEvent):
                if _context(stack, event) and not event.style:
                    found.extend(_plain_text_warnings(parser, event, lines, path))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                in_text = _context(stack, event)
                stack.append([isinstance(event, yaml.MappingStartEvent), in_text, True, None])
    finally:
        parser.dispose()
    return found


def _context(stack: list[list[object]], event: yaml.NodeEvent) -> bool | None:
    """Whether the node starting with `event` holds deck text (None: it is, or is in, a key)."""
    if not stack:
        return False
    frame = stack[-1]
    in_text = frame[1]
    if not frame[0]:  # a sequence item
        return in_text  # type: ignore[return-value]
    if frame[2]:  # a mapping key: never looked at, nor anything in it
        frame[2] = False
        frame[3] = event.value if isinstance(event, yaml.ScalarEvent) else None
        return None
    frame[2] = True
    if in_text is None:
        return None
    return bool(in_text) or frame[3] in _TEXT_KEYS


def _plain_text_warnings(parser: yaml.CSafeLoader, event: yaml.ScalarEvent, lines: list[str],
                         path: str) -> list[str]:
    warnings = [*_comment_after(event, lines, path), *_folded_item(event, lines, path)]
    if not warnings:
        return []
    tag = event.tag
    if tag is None or tag == "!":
        tag = parser.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    return warnings if tag == _STR else []  # a number or a date cut by a comment is not text


def _from_nodes(text: str, lines: list[str], path: str) -> list[str]:
    """The warnings, walking the composed node graph (aliases followed)."""
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
    return found


def _comment_after(node: yaml.Node | yaml.ScalarEvent, lines: list[str], path: str) -> list[str]:
    end: Any = node.end_mark  # a node's or an event's: set in both (the loader has read the file)
    line = lines[end.line] if end.line < len(lines) else ""
    match = _COMMENT.match(line, end.column)
    if match is None:
        return []
    column = match.end()  # 1-based column of the '#'
    comment = line[column - 1:].strip()
    shown = comment if len(comment) <= 30 else comment[:29] + "…"
    return [f"{path}:{end.line + 1}:{column}: warning: '{shown}' is a YAML comment and is not shown; "
            "put the text in quotes to keep it"]


def _folded_item(node: yaml.ScalarNode | yaml.ScalarEvent, lines: list[str], path: str) -> list[str]:
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
