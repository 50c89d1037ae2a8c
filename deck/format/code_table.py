"""Building the `code` and `table` blocks from their YAML nodes (called by the loader's builder).

Kept apart from `deck.format.loader` so the two block kinds live in one place: their text rules
(code is verbatim, with control characters made visible; cells are deck texts or sparklines), the `highlight`
line list, and the language check against Pygments' lexer names, which imports Pygments only
when a deck names a `lang`.

Bounds: a code text is at most the file (5 MB); `highlight` is at most `MAX_HIGHLIGHT` characters
and its line numbers must lie within the code; a `lang` is looked up in a table of Pygments'
~1,000 aliases, and the did-you-mean compares at most `MAX_LANG` characters of it with each;
a sparkline cell holds at most `MAX_SPARK_POINTS` figures.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import yaml

from deck.format import model
from deck.format.sanitize import UNSAFE_CHARACTERS
from deck.format.schema import ALIGNMENTS, MAX_SPARK_POINTS, MAX_TAB

if TYPE_CHECKING:
    from deck.format.loader import _Builder

MAX_HIGHLIGHT = 1000
MAX_LANG = 40  # the longest Pygments alias has 21 characters

_NULL = "tag:yaml.org,2002:null"
_TEXTUAL = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "timestamp")}

# What `deck.format.sanitize.clean_text` removes (its `UNSAFE_CHARACTERS`: C0 and C1 controls,
# bidirectional and zero-width format characters, BOM, invisible characters) plus the line
# separators it turns into newlines: in code they are shown as escapes (`\x1b`, `\u202e`)
# instead, so a reader sees what the code holds (a bidirectional override is how "Trojan
# source" hides code). Tabs and newlines are code.
_INVISIBLE = re.compile(f"[{UNSAFE_CHARACTERS}\u2028\u2029]")
_RANGE = re.compile(r"\s*([0-9]{1,9})\s*(?:-\s*([0-9]{1,9})\s*)?")


def visible_controls(text: str) -> str:
    """`text` with every control or invisible format character written as an escape."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return _INVISIBLE.sub(escape, text.replace("\r\n", "\n"))


def code_block(builder: _Builder, node: yaml.Node) -> model.Code:
    """A code block: a plain string, or a mapping with `text` and its options."""
    if not isinstance(node, yaml.MappingNode):
        return model.Code(_code_text(builder, node, "'code'"), span=_span(node))
    entries = builder.mapping(node, "'code'", "code")
    text = _code_text(builder, entries["text"][1], "'text'")
    lang = None
    if "lang" in entries:
        lang = check_lang(builder, entries["lang"][1])
    tabs = 4
    if "tabs" in entries:
        tabs = _tab_width(builder, entries["tabs"][1])
    highlight: tuple[tuple[int, int], ...] = ()
    if "highlight" in entries:
        highlight = _line_ranges(builder, entries["highlight"][1], text.count("\n") + 1)
    return model.Code(
        text=text,
        lang=lang,
        numbers=builder.boolean(entries["numbers"][1], "'numbers'") if "numbers" in entries else False,
        highlight=highlight,
        caption=builder.optional(entries, "caption", builder.text),
        tabs=tabs,
        span=_span(node),
    )


def _span(node: yaml.Node) -> model.Span:
    return model.Span(node.start_mark.line + 1, node.start_mark.column + 1)


def _code_text(builder: _Builder, node: yaml.Node, what: str) -> str:
    """The code exactly as written, less the one newline a YAML block scalar ends with."""
    builder.visit(node)
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _TEXTUAL:
        kind = "a mapping" if isinstance(node, yaml.MappingNode) else "a list" if isinstance(
            node, yaml.SequenceNode) else "empty"
        builder.fail(node, f"{what} must be the code as text (use '|' for several lines), not {kind}")
    text = str(node.value)
    return visible_controls(text.removesuffix("\n"))


def _tab_width(builder: _Builder, node: yaml.Node) -> int:
    value = builder.number(node, "'tabs'")
    if value != int(value) or not 1 <= value <= MAX_TAB:
        builder.fail(node, f"'tabs' must be a whole number from 1 to {MAX_TAB}, not {value:g}")
    return int(value)


def _line_ranges(builder: _Builder, node: yaml.Node, lines: int) -> tuple[tuple[int, int], ...]:
    """`"2,4-6"` -> ((2, 2), (4, 6)); every line must exist in the code."""
    spec = builder.scalar(node, "'highlight'")
    if len(spec) > MAX_HIGHLIGHT:
        builder.fail(node, f"'highlight' is longer than {MAX_HIGHLIGHT} characters; give line ranges such as 4-6")
    ranges: list[tuple[int, int]] = []
    for part in spec.split(","):
        match = _RANGE.fullmatch(part)
        if match is None:
            builder.fail(node, f"'highlight' must list lines and ranges such as \"2,4-6\", not '{spec}'")
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        if first < 1 or last < first:
            builder.fail(node, f"'highlight': '{part.strip()}' is not a range of lines (they count from 1)")
        if last > lines:
            builder.fail(node, f"'highlight': line {last} does not exist; the code has {lines} line"
                               f"{'s' if lines != 1 else ''}")
        ranges.append((first, last))
    return tuple(ranges)


# --- languages ------------------------------------------------------------------------------


@cache
def lexer_aliases() -> frozenset[str]:
    """Every alias of Pygments' built-in lexers (no plugins: looking for them scans every installed
    package), read from its name table without importing any lexer."""
    from pygments.lexers import get_all_lexers  # type: ignore[import-untyped]  # no stubs shipped

    return frozenset(alias for _name, aliases, _files, _mimes in get_all_lexers(plugins=False) for alias in aliases)


def check_lang(builder: _Builder, node: yaml.Node) -> str:
    """A `lang` that Pygments knows (case does not matter), as its lower-case alias."""
    lang = builder.scalar(node, "'lang'")
    alias = lang.strip().lower()
    if alias in lexer_aliases():
        return alias
    builder.fail(node, f"unknown code language '{_cut(lang)}'{suggest_lang(alias)} (a Pygments lexer "
                       "name such as python or yaml; leave 'lang' out for plain text)")


def suggest_lang(word: str) -> str:
    """`; did you mean 'python'?` for a near alias, else "".

    Bounded: only the first `MAX_LANG` characters are compared (no alias is longer), and only
    with aliases whose length is within three of it, so the work is at most ~1,000 short
    comparisons whatever the deck wrote.
    """
    import difflib  # only an error needs it

    word = word[:MAX_LANG]
    choices = sorted(alias for alias in lexer_aliases() if abs(len(alias) - len(word)) <= 3)
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- tables ---------------------------------------------------------------------------------


def table_block(builder: _Builder, node: yaml.Node) -> model.Table:
    """A table: a list of rows (the first is the header), or a mapping with `header`, `rows`, ...;
    its rows are revealed one by one when it says so, else when its slide (or deck) does."""
    reveal = builder.reveal
    if not isinstance(node, yaml.MappingNode):
        rows = _rows(builder, node, "'table'")
        if len(rows) < 2:
            builder.fail(node, "a table written as a list needs a header row and at least one row")
        _same_width(builder, node, rows[0], rows[1:], first_is_header=True)
        return model.Table(header=rows[0], rows=tuple(rows[1:]), reveal=reveal, span=_span(node))
    entries = builder.mapping(node, "'table'", "table")
    body = _rows(builder, entries["rows"][1], "'rows'")
    header: tuple[model.Localized, ...] = ()
    if "header" in entries:
        header = _row(builder, entries["header"][1], "'header'")
    _same_width(builder, entries["rows"][1], header, body, first_is_header=False)
    columns = len(header or body[0])
    align: tuple[model.Align | None, ...] = ()
    if "align" in entries:
        align = _alignments(builder, entries["align"][1], columns)
    if "reveal" in entries:
        reveal = builder.boolean(entries["reveal"][1], "'reveal'")
    return model.Table(header=header, rows=tuple(body), align=align, reveal=reveal, span=_span(node))


def _rows(builder: _Builder, node: yaml.Node, what: str) -> list[tuple[model.Localized, ...]]:
    return [_row(builder, item, "a row") for item in builder.sequence(node, what)]


def _row(builder: _Builder, node: yaml.Node, what: str) -> tuple[model.Localized, ...]:
    builder.visit(node)
    if not isinstance(node, yaml.SequenceNode):
        builder.fail(node, f"{what} of a table must be a list of cells, such as [Name, Age]")
    return tuple(_cell(builder, cell) for cell in builder.sequence(node, what))


def _cell(builder: _Builder, node: yaml.Node) -> model.Localized:
    """A cell is a deck text; an empty YAML value (`~`, nothing) is an empty cell; a mapping whose
    key is `sparkline` is a trend."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        builder.visit(node)
        return model.Localized.plain("")
    if _is_spark(builder, node):
        return spark_cell(builder, node)
    return builder.text(node, "a cell")


def _is_spark(builder: _Builder, node: yaml.Node) -> bool:
    """Whether a cell is written as a sparkline (or as a slip of one: a key that is no language,
    with a list of figures). A text mapping's keys are declared languages, which `sparkline`
    cannot be (a language code has at most three letters before its subtags)."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return False
    keys = [str(key.value) for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
    if "sparkline" in keys:
        return True
    return len(node.value) == 1 and isinstance(node.value[0][1], yaml.SequenceNode) and keys[0] not in builder.languages


def spark_cell(builder: _Builder, node: yaml.Node) -> model.SparkCell:
    """`{sparkline: [3, 5, 2, 8]}`: at most `MAX_SPARK_POINTS` finite figures, in order."""
    key_node = node.value[0][0] if isinstance(node, yaml.MappingNode) and node.value else node
    if str(key_node.value) != "sparkline" and len(node.value) == 1:
        builder.visit(node)
        builder.fail(key_node, f"unknown key '{_cut(str(key_node.value))}' in a cell; a trend in a cell is "
                               "written {sparkline: [3, 5, 2, 8]}")
    entries = builder.mapping(node, "a sparkline cell", "cell")
    items = builder.sequence(entries["sparkline"][1], "'sparkline'")
    if len(items) > MAX_SPARK_POINTS:
        builder.fail(items[MAX_SPARK_POINTS], f"a sparkline cell has at most {MAX_SPARK_POINTS} figures, "
                                              f"not {len(items)}")
    points = tuple(builder.number(item, "a sparkline figure") for item in items)
    text = ", ".join(f"{point:g}" for point in points)
    return model.SparkCell(((("*", text),)), points=points)


def _same_width(builder: _Builder, node: yaml.Node, header: tuple[model.Localized, ...],
                body: list[tuple[model.Localized, ...]], first_is_header: bool) -> None:
    """Every row has as many cells as the header (or as the first row)."""
    width = len(header) if header else len(body[0])
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    offset = 1 if first_is_header else 0
    for number, row in enumerate(body):
        if len(row) != width:
            where = items[number + offset] if number + offset < len(items) else node
            basis = "the header has" if header else "the first row has"
            builder.fail(where, f"this row has {len(row)} cell{'s' if len(row) != 1 else ''}; {basis} {width} "
                                "(write an empty cell as \"\")")


def _alignments(builder: _Builder, node: yaml.Node, columns: int) -> tuple[model.Align | None, ...]:
    items = builder.sequence(node, "'align'")
    if len(items) > columns:
        builder.fail(items[columns], f"'align' gives {len(items)} placements for {columns} column"
                                     f"{'s' if columns != 1 else ''}")
    out: list[model.Align | None] = []
    for item in items:
        if isinstance(item, yaml.ScalarNode) and item.tag == _NULL:
            builder.visit(item)
            out.append(None)
            continue
        value = builder.scalar(item, "a placement")
        if value not in ALIGNMENTS:
            builder.fail(item, f"'{_cut(value)}' is not a placement; use {', '.join(ALIGNMENTS)}")
        out.append(value)  # type: ignore[arg-type]  # one of ALIGNMENTS, checked above
    return tuple(out)
