"""The one definition of the deck format.

The loader validates against `OBJECTS`; `json_schema()` turns the same table into a JSON Schema
for editors (`deck schema`), and `reference_markdown()` into the field tables of
`docs/deck-format.md` (a test keeps the document equal to it). Stdlib only: `deck check` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CHART_KINDS = ("bar", "share", "timeline", "stat", "line", "sparkline")
SERIES_KINDS = ("bar", "line", "sparkline")  # kinds that take `series:` and `values:`
MAX_SERIES = 12
MAX_SPARK_POINTS = 1000  # figures in one sparkline cell of a table
INLINE_MODES = ("markdown", "plain")
MAX_BULLET_LEVELS = 3
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 300_000
MAX_ABS_VALUE = 1e15
# Characters of text in a deck's scalars (keys too) counted after aliases are expanded: an
# alias-free deck can never reach it (a character takes at least a byte), so only aliases can.
MAX_TEXT_CHARS = MAX_FILE_BYTES
MAX_NUMBER_CHARS = 100  # a number written longer is refused before PyYAML converts it
MAX_NORMALISED_CHARS = MAX_FILE_BYTES  # a source article or a quote after NFKC, whitespace removed
MAX_SUGGESTED_CHARS = 32  # "did you mean" compares only names up to this long (difflib is quadratic)
MAX_SUGGESTIONS_SCANNED = 200  # ... and at most this many of them
MAX_TAB = 16
ALIGNMENTS = ("left", "right", "center")
MIN_COLUMNS, MAX_COLUMNS = 2, 6
MAX_COLUMN_WIDTH = 12  # a column's relative `width`
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


@dataclass(frozen=True)
class Field:
    """One key of a mapping in the deck format.

    `kind` is one of: text, texts, string, id, number, numbers, scale, bool, color, languages,
    kind, quote, blocks, code, table, rows, integer, align, inline,
    or ``object:NAME`` / ``list:NAME`` for a nested object from `OBJECTS`.
    """

    name: str
    kind: str
    required: bool
    doc: str


# The block kinds, defined once: each is a key of a `blocks:` item and, in the short form, a key
# of the slide itself. A new kind is a Field here plus its builder in the loader's
# `BLOCK_BUILDERS` (a test keeps the two equal), its model class and its drawing.
BLOCKS: tuple[Field, ...] = (
    Field("text", "text", False, "Block: a paragraph."),
    Field("bullets", "bullets", False,
          "Block: a bulleted list; an item with sub-items is a mapping with `text` and `items`."),
    Field("quote", "quote", False, "Block: a quotation (a text, or a mapping with `text` and `by`)."),
    Field("chart", "object:chart", False, "Block: a chart of figures."),
    Field("code", "code", False,
          "Block: code shown verbatim (a string, or a mapping with `text`, `lang`, ...)."),
    Field("table", "table", False,
          "Block: a table (a list of rows whose first row is the header, or a mapping)."),
    Field("image", "object:image", False,
          "Block: a picture (PNG, JPEG or GIF first frame) from a file in the deck's folder."),
    Field("columns", "columns", False,
          "Block: two to six columns side by side, each a list of blocks or a `column` mapping "
          "(stacked one under another when the slide is too narrow)."),
)
# Keys of a slide that are blocks; they are drawn in the order the deck writes them.
BLOCK_KEYS = tuple(field.name for field in BLOCKS)

OBJECTS: dict[str, tuple[Field, ...]] = {
    "deck": (
        Field("title", "text", True, "The deck's title, shown on the title bar."),
        Field("subtitle", "text", False, "A line under the title on the first slide."),
        Field("author", "text", False, "Who presents or wrote the deck."),
        Field("date", "string", False, "A date, written as you want it shown."),
        Field("languages", "languages", False,
              "Language codes the deck is written in; the first is the default. Default: `[en]`."),
        Field("source", "object:source", False,
              "The article the deck condenses; chart quotes are checked against it."),
        Field("reveal", "bool", False, "Reveal every bullet list one item at a time."),
        Field("inline", "inline", False,
              "`markdown` (the default): `**bold**`, `*italic*`, `` `code` `` and `[label](https://...)` "
              "in texts are drawn so; `plain`: every text is shown as written."),
        Field("sections", "list:section", False, "The deck's themes, in order."),
        Field("slides", "list:slide", True, "The slides, in order (at least one)."),
    ),
    "source": (
        Field("file", "string", True, "Path of the source text, relative to the deck file."),
        Field("publisher", "text", False, "Who published the source."),
        Field("title", "text", False, "The source's title."),
        Field("url", "string", False, "Where the source was published."),
    ),
    "section": (
        Field("id", "id", True, "Identifier that slides use in `section:`."),
        Field("name", "text", True, "The section's name, shown in the header."),
        Field("accent", "color", True, "Accent colour: a colour name (`magenta`) or `#rrggbb`."),
    ),
    "slide": (
        Field("id", "id", False, "Identifier, unique in the deck (live reload keeps your place by it)."),
        Field("section", "id", False, "The `id` of a declared section (required when sections exist)."),
        Field("title", "text", True, "The slide's title."),
        Field("subtitle", "text", False, "A line under the title."),
        Field("reveal", "bool", False, "Reveal this slide's bullets one at a time."),
        *BLOCKS,
        Field("blocks", "blocks", False,
              "The slide's blocks in order, each a one-key mapping (`- text: ...`); any kind, any "
              "number of times. Instead of the short form (at most one of each block key above)."),
        Field("notes", "text", False, "Speaker notes (presenter view, `--notes` export)."),
    ),
    "block": BLOCKS,
    "bullet": (
        Field("text", "text", True, "The item's text."),
        Field("items", "bullets", True,
              f"Its sub-items: texts, or mappings like this one (at most {MAX_BULLET_LEVELS} levels in all)."),
    ),
    "column": (
        Field("width", "number", False, "Width relative to the other columns (a whole number, default 1)."),
        Field("blocks", "blocks", True, "The column's blocks in order (any kind but `columns`)."),
    ),
    "image": (
        Field("file", "string", True,
              "Path of the picture, relative to the deck file; it must stay inside the deck's folder."),
        Field("alt", "text", True,
              "What the picture shows, in words: the text export, the Markdown alt text and screen readers use it."),
        Field("width", "number", False, "Most cells wide it may be drawn (a whole number; default: what fits)."),
    ),
    "quote": (
        Field("text", "text", True, "The quoted words."),
        Field("by", "text", False, "Who said or wrote them."),
    ),
    "chart": (
        Field("kind", "kind", True, "One of `bar`, `share`, `timeline`, `stat`, `line`, `sparkline`."),
        Field("title", "text", False, "A caption above the chart."),
        Field("unit", "text", False, "Unit shown after each value (a datum's `unit` wins)."),
        Field("scale", "scale", False,
              "Multiplies values for display, per language: `{en: 0.1}` shows `150` as `15`. Default 1."),
        Field("format", "text", False,
              "How a (scaled) value reads, `{}` standing for the number: `{zh: '{}亿美元', en: '${}B'}`."),
        Field("series", "texts", False,
              "`bar`, `line`, `sparkline`: names of the series; each datum then gives `values`."),
        Field("stacked", "bool", False, "`bar` with `series` only: stack the series in one bar per datum."),
        Field("total", "number", False, "`share` only: the whole the parts add up to (default 100)."),
        Field("rest", "text", False, "`share` only: label for what the data leave of `total`."),
        Field("data", "list:datum", True,
              "The figures, in the order drawn (`stat`: exactly one)."),
    ),
    "code": (
        Field("text", "string", True,
              "The code, one text for every language: indentation and blank lines are kept, "
              "lines are never wrapped (a line too wide is cut, with a marker)."),
        Field("lang", "string", False,
              "Language to highlight, a Pygments lexer name such as `python` or `yaml` "
              "(none: plain text)."),
        Field("numbers", "bool", False, "Number the lines."),
        Field("highlight", "string", False,
              "Lines to mark, such as `\"2,4-6\"`: a marker column and bold, the others dimmed."),
        Field("caption", "text", False, "A caption on the rule above the code."),
        Field("tabs", "integer", False, f"Tab stops every this many cells (1 to {MAX_TAB}; default 4)."),
    ),
    "table": (
        Field("header", "texts", False, "The header row (none: a table without one)."),
        Field("rows", "rows", True, "The body rows, each a list of texts as long as the header."),
        Field("align", "align", False,
              "One of `left`, `right`, `center` per column (default: right for a column of "
              "numbers, else left)."),
        Field("reveal", "bool", False, "Reveal the rows one at a time (default: the slide's `reveal`)."),
    ),
    "cell": (
        Field("sparkline", "points", True,
              f"A table cell drawn as a one-line trend of these figures (1 to {MAX_SPARK_POINTS}), such as "
              "`{sparkline: [3, 5, 2, 8]}`; any other cell is a text."),
    ),
    "datum": (
        Field("label", "text", True, "What the figure is."),
        Field("value", "number", False,
              "The figure (required except in a `timeline` and in a chart with `series`)."),
        Field("values", "numbers", False, "One figure per series, in order (a chart with `series`)."),
        Field("display", "text", False,
              "Text shown instead of the formatted value and its unit (write the unit in it: `71万台`)."),
        Field("unit", "text", False, "Unit of this figure."),
        Field("date", "text", False, "`timeline` only (required there): when it happened."),
        Field("source", "string", False,
              "Verbatim quote from the source file (required when the deck has a `source`)."),
    ),
}



def fields_of(name: str) -> dict[str, Field]:
    """The fields of object `name`, by key."""
    return {field.name: field for field in OBJECTS[name]}


_TEXT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": ["string", "number", "boolean"]},
        {"type": "object", "patternProperties": {LANGUAGE_PATTERN: {"type": "string"}},
         "additionalProperties": False, "minProperties": 1},
    ]
}

_ROWS_SCHEMA: dict[str, Any] = {
    "type": "array", "minItems": 1,
    "items": {"type": "array", "minItems": 1, "items": {"anyOf": [
        {"$ref": "#/$defs/text"}, {"type": "null"}, {"$ref": "#/$defs/cell"}]}},
}

_KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"$ref": "#/$defs/text"},
    "texts": {"type": "array", "items": {"$ref": "#/$defs/text"}, "minItems": 1},
    "bullets": {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/text"}, {"$ref": "#/$defs/bullet"}]},
                "minItems": 1},
    "string": {"type": ["string", "number"]},
    "id": {"type": "string", "pattern": IDENTIFIER_PATTERN},
    "number": {"type": "number", "maximum": MAX_ABS_VALUE, "minimum": -MAX_ABS_VALUE},
    "numbers": {"type": "array", "minItems": 1, "maxItems": MAX_SERIES,
                "items": {"type": "number", "maximum": MAX_ABS_VALUE, "minimum": -MAX_ABS_VALUE}},
    "scale": {"anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_ABS_VALUE},
        {"type": "object", "additionalProperties": False, "minProperties": 1,
         "patternProperties": {LANGUAGE_PATTERN: {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_ABS_VALUE}}},
    ]},
    "points": {"type": "array", "minItems": 1, "maxItems": MAX_SPARK_POINTS,
               "items": {"type": "number", "maximum": MAX_ABS_VALUE, "minimum": -MAX_ABS_VALUE}},
    "bool": {"type": "boolean"},
    "color": {"type": "string"},
    "languages": {"type": "array", "items": {"type": "string", "pattern": LANGUAGE_PATTERN},
                  "minItems": 1, "uniqueItems": True},
    "kind": {"enum": list(CHART_KINDS)},
    "inline": {"enum": list(INLINE_MODES)},
    "quote": {"anyOf": [{"$ref": "#/$defs/text"}, {"$ref": "#/$defs/quote"}]},
    "code": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/code"}]},
    "table": {"anyOf": [{"$ref": "#/$defs/rows"}, {"$ref": "#/$defs/table"}]},
    "rows": {"$ref": "#/$defs/rows"},
    "integer": {"type": "integer", "minimum": 1, "maximum": MAX_TAB},
    "align": {"type": "array", "items": {"enum": [*ALIGNMENTS, None]}, "minItems": 1},
    "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}, "minItems": 1},
    "columns": {"type": "array", "minItems": MIN_COLUMNS, "maxItems": MAX_COLUMNS, "items": {"anyOf": [
        {"type": "array", "items": {"$ref": "#/$defs/block"}, "minItems": 1}, {"$ref": "#/$defs/column"}]}},
}


def _field_schema(field: Field) -> dict[str, Any]:
    if field.kind.startswith("object:"):
        schema: dict[str, Any] = {"$ref": f"#/$defs/{field.kind[7:]}"}
    elif field.kind.startswith("list:"):
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{field.kind[5:]}"}, "minItems": 1}
    else:
        schema = dict(_KIND_SCHEMAS[field.kind])
    schema["description"] = field.doc
    return schema


def _object_schema(name: str) -> dict[str, Any]:
    fields = OBJECTS[name]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field.name: _field_schema(field) for field in fields},
        "required": [field.name for field in fields if field.required],
        "additionalProperties": False,
    }
    if name == "block":  # one kind per item of `blocks:`
        schema.update(minProperties=1, maxProperties=1)
    if name == "slide":  # the two forms do not mix
        short = [{"required": [key]} for key in BLOCK_KEYS]
        schema["dependentSchemas"] = {"blocks": {"not": {"anyOf": short}}}
    return schema


def json_schema() -> dict[str, Any]:
    """The deck format as a JSON Schema (draft 2020-12), generated from `OBJECTS`."""
    defs = {name: _object_schema(name) for name in OBJECTS if name != "deck"}
    defs["text"] = _TEXT_SCHEMA
    defs["rows"] = _ROWS_SCHEMA
    root = _object_schema("deck")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "deck slide deck",
        **root,
        "$defs": defs,
    }


def json_schema_text() -> str:
    """`json_schema()` as indented JSON, as `deck schema` prints it."""
    import json  # only `deck schema` needs it

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


_KIND_WORDS = {
    "text": "text", "texts": "list of texts", "string": "string", "id": "identifier",
    "number": "number", "numbers": "list of numbers", "points": "list of numbers", "scale": "number or per language",
    "bool": "boolean", "color": "colour", "languages": "list of codes",
    "kind": "chart kind", "quote": "text or quote",
    "code": "string or code", "table": "list of rows or table", "rows": "list of rows",
    "integer": "whole number", "align": "list of placements", "blocks": "list of blocks", "columns": "list of columns",
    "inline": "`markdown` or `plain`",
    "bullets": "list of bullets",
}


def _kind_word(kind: str) -> str:
    if kind.startswith("object:"):
        return kind[7:]
    if kind.startswith("list:"):
        return f"list of {kind[5:]}s"
    return _KIND_WORDS[kind]


def reference_markdown() -> str:
    """The field tables of `docs/deck-format.md`, generated from `OBJECTS`."""
    parts: list[str] = []
    for name, fields in OBJECTS.items():
        parts.append(f"### `{name}`\n\n| key | type | required | meaning |\n|---|---|---|---|")
        for field in fields:
            required = "yes" if field.required else ""
            parts.append(f"| `{field.name}` | {_kind_word(field.kind)} | {required} | {field.doc} |")
        parts.append("")
    return "\n".join(parts)


_BEGIN = "<!-- generated by `python -m deck.format.schema`; do not edit by hand -->"
_END = "<!-- end of generated reference -->"


def with_reference(document: str) -> str:
    """`document` (docs/deck-format.md) with its generated reference section rebuilt."""
    head, _, rest = document.partition(_BEGIN)
    _, _, tail = rest.partition(_END)
    return f"{head}{_BEGIN}\n\n{reference_markdown()}\n{_END}{tail}"


if __name__ == "__main__":  # regenerate docs/deck-format.md and docs/deck.schema.json
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    page = docs / "deck-format.md"
    page.write_text(with_reference(page.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "deck.schema.json").write_text(json_schema_text(), encoding="utf-8")
