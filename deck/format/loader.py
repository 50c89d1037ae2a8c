"""Read a deck file into the frozen model, or fail with a located `DeckError`.

Only PyYAML's safe composer runs: we compose the node graph (which never constructs Python
objects, so no tag can execute anything) and build the model ourselves from the nodes, so every
error can point at the offending node's line and column. The keys and types allowed come from
`deck.format.schema.OBJECTS`, the format's single definition.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import NoReturn

from deck.format import model
from deck.format.colors import parse_color
from deck.format.errors import (
    DeckError,
    DeckIOError,
    DeckSchemaError,
    DeckSourceError,
    DeckSyntaxError,
    listing,
    shorten,
)
from deck.format.lazy_pattern import PYYAML_NON_PRINTABLE, compiled_on_use
from deck.format.quotes import SCAN_BUDGET, QuoteBudgetExceeded, QuoteIndex, normalise
from deck.format.sanitize import clean_text
from deck.format.schema import (
    BLOCK_KEYS,
    CHART_KINDS,
    IDENTIFIER_PATTERN,
    INLINE_MODES,
    LANGUAGE_PATTERN,
    MAX_ABS_VALUE,
    MAX_BULLET_LEVELS,
    MAX_COLUMN_WIDTH,
    MAX_COLUMNS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_NORMALISED_CHARS,
    MAX_NUMBER_CHARS,
    MAX_SERIES,
    MAX_SUGGESTED_CHARS,
    MAX_SUGGESTIONS_SCANNED,
    MAX_TEXT_CHARS,
    MIN_COLUMNS,
    OBJECTS,
    SERIES_KINDS,
    fields_of,
)

with compiled_on_use(PYYAML_NON_PRINTABLE):  # see deck.format.lazy_pattern: 4-5 ms of the first frame
    import yaml

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {f"{_YAML}map", f"{_YAML}seq"}
_TEXTUAL_TAGS = _SCALAR_TAGS - {f"{_YAML}null"}
_MERGE_TAG = f"{_YAML}merge"

_NUMBER_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_FIELDS = {name: fields_of(name) for name in OBJECTS}  # looked up for every mapping of a deck


TextWatch = Callable[[yaml.Node], None]
"""Shown each node that the deck reads as text, as it is built (`deck.format.warnings.LostText`)."""


def load_deck(path: str | os.PathLike[str]) -> model.Deck:
    """Load and validate the deck at `path`; raise `DeckError` with a position on any problem."""
    shown = os.fspath(path)
    text = decode(read_limited(shown), shown)
    return load_deck_text(text, shown, base_dir=deck_folder(shown))


def load_deck_text(text: str, path: str, base_dir: str | os.PathLike[str] | None = None,
                   preview: Preview | None = None, watch: TextWatch | None = None) -> model.Deck:
    """Validate deck `text` (already decoded); `path` names it in errors. `preview`: see `Preview`.
    `watch`: see `TextWatch` (it may be shown a node twice: the fallback below builds again)."""
    base = os.fspath(base_dir) if base_dir is not None else "."
    articles = _Articles()  # read and searched once, though the fallback builds the deck again
    with gc_paused():
        deck = _SlideStreamer(text, _Builder(path, base, articles, watch), preview).deck()
        if deck is None:  # not a plain, valid deck: compose it whole for the located error
            root = compose(text, path)
            deck = _Builder(path, base, articles, watch).deck(root)
            # Free the node graph by reference counting before the collector runs again: left
            # for it, the first collection after `gc.enable()` scanned every node once more
            # (70 ms of the 250 ms that a 1,000-slide deck took to load).
            del root
    return deck


class Preview:
    """Slide `index` handed out as soon as it is built, before the rest of the deck is read.

    The presenter paints its first frame from it (`deck.cli.run_present`): a long deck's slide 1
    is on screen before the other slides are validated. `show` gets a deck with the slides built
    so far, padded with the last of them to the number of slides a scan of the text counts (the
    header's `1/N` and the progress bar need it; the full deck may differ, so the painter checks
    its frame against the full deck's), and returns whether it used it. Only the streaming path
    hands one out (a deck whose title and settings come before `slides:`), at most once.

    When it was used and a later slide is invalid, `partial` is the deck of the slides before
    that error, and `rest_line` the first line after slide `index`: an error located from there
    on is "in the rest", which the presenter can report while showing `partial`.

    Once it was used, `progress` (when set, by `show` for instance) is called after each further
    slide with the number built and a function that makes the preview deck of them (None when it
    cannot: the full load reports why): the presenter answers keys typed meanwhile with it.
    """

    def __init__(self, index: int, show: Callable[[model.Deck], bool]) -> None:
        self.index = index
        self.show = show
        self.shown = False
        self.rest_line = 0
        self.partial: model.Deck | None = None
        self.progress: Callable[[int, Callable[[], model.Deck | None]], None] | None = None

    def in_rest(self, error: DeckError) -> bool:
        """Whether `error` lies after the previewed slide (and `partial` holds the slides before it)."""
        return self.shown and self.partial is not None and error.line >= self.rest_line > 0


def load_deck_preview(path: str | os.PathLike[str], preview: Preview) -> model.Deck:
    """`load_deck`, handing `preview` slide `preview.index` as soon as it is built."""
    shown = os.fspath(path)
    text = decode(read_limited(shown), shown)
    return load_deck_text(text, shown, base_dir=deck_folder(shown), preview=preview)


def deck_folder(path: str) -> str:
    """The folder of deck file `path`, which its source and images are relative to.

    os.path, not pathlib: deck present's first frame waits for this module, and importing
    pathlib (with urllib.parse and ipaddress) took 4 ms of it.
    """
    return os.path.dirname(path) or "."


def count_items(text: str, start: int, column: int) -> int:
    """How many items the block sequence whose first `-` is at `text[start]` (in `column`) has.

    A scan of the lines, not a parse: item lines are those with a `-` in `column`; the list ends at
    the first line with text (not a comment) further left, or in `column` but not an item. Lines of
    a block scalar or a wrapped quoted string are indented deeper in any deck YAML accepts, so the
    count is exact for the decks people write; it only sizes a preview (`Preview`).
    """
    line_start = start - column
    ending = rf" {{0,{column}}}(?![ #\r\n])(?!-(?:[ \t\r]|$))"  # a line that ends the list
    item = rf" {{{column}}}-(?:[ \t\r]|$)"
    if re.compile(ending, re.M).match(text, line_start):
        return 0
    # The lines after the first are found from their line break: a pattern that starts with a
    # character lets the regex engine skip from one to the next, where `^` made it try every
    # position (10 ms of a 1,000-slide deck's first frame, now 2).
    found = re.compile(rf"\n{ending}", re.M).search(text, line_start)
    end = found.start() + 1 if found is not None else len(text)
    first = 1 if re.compile(item, re.M).match(text, line_start) else 0
    return first + len(re.compile(rf"\n{item}", re.M).findall(text, line_start, end))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while nodes are built.

    Composing allocates hundreds of thousands of objects that all stay alive, which makes the
    collector rescan a growing heap again and again: with it running, a deck at the node limit
    took 2 s to check, without it 0.5 s. The node graph has no reference cycles (a recursive
    alias, the one exception, is collected once the collector runs again).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- reading and decoding -------------------------------------------------------------------


def read_limited(path: str) -> bytes:
    """Read `path`, refusing directories, unreadable files and files over the size limit.

    A pipe is fine (`deck check <(generate)`); a named pipe nobody writes to reads as empty
    instead of blocking forever.
    """
    try:
        data = _read_bytes(path, MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise DeckIOError(path, "is a directory, not a deck file") from None
    except OSError as error:
        raise DeckIOError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise DeckSyntaxError(path, 0, 0, f"file is larger than {limit} MB; a deck file must be smaller")
    return data


def _read_bytes(path: str | os.PathLike[str], limit: int, regular_only: bool = False,
                blocking: bool = True) -> bytes:
    """Up to `limit` bytes of `path`, opened without blocking (a FIFO with no writer would hang
    `open`); with `regular_only`, anything but a plain file is refused with an `OSError`; without
    `blocking`, so is a file whose read would wait (EAGAIN)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory")
        if regular_only and not stat.S_ISREG(mode):
            raise OSError(0, "not a regular file")
        os.set_blocking(descriptor, blocking)
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        data = handle.read(limit)
    if data is None:  # non-blocking, and nothing to read yet
        raise OSError(0, "reading it would wait (not a plain file)")
    return data


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (a BOM is fine); anything else is an error naming the byte offset."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckSyntaxError(path, 1, 1, "file is UTF-16; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        byte = data[offset]
        raise DeckSyntaxError(
            path, line, col, f"not UTF-8: byte 0x{byte:02x} at offset {offset}; save the file as UTF-8"
        ) from None


# --- YAML composition -----------------------------------------------------------------------


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing absurd nesting before Python's recursion limit is reached."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(problem=f"nesting deeper than {MAX_DEPTH} levels", problem_mark=mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, path: str) -> yaml.Node:
    """Compose `text` into a YAML node graph (no object construction), or fail with a position.

    libyaml's composer (when PyYAML has it) is about 40 times faster than the pure-Python one
    and refuses nesting deeper than 1000 levels itself; the fallback counts depth on its own.
    """
    loader_class = getattr(yaml, "CSafeLoader", None) or _BoundedLoader
    loader = loader_class(text)
    try:
        if node_bound(text) > MAX_NODES:
            _count_nodes(loader_class(text), path)
        node: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, path, text) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, path, text) from None
    except yaml.YAMLError as error:
        raise DeckSyntaxError(path, 1, 1, f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
    if node is None:
        raise DeckSchemaError(path, 1, 1, "the file is empty; a deck needs 'title' and 'slides'")
    return node


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def node_bound(text: str) -> int:
    """An upper bound on the nodes composing `text` can make, from counting indicator characters.

    Every node but the root is an entry of a collection, and every entry needs an indicator:
    a block sequence entry its ``-``, a flow sequence entry a ``,`` or its ``[`` (plus a key
    and a value when it is a single-pair ``[a: b]``, which need a ``:`` or ``?``), a mapping
    entry (key and value) a ``:`` or ``?``, or in a flow mapping a ``,`` or its ``{``. Counting
    those characters anywhere, in scalars too, only overestimates. Aliases make no new nodes, and
    only the first document is composed.

    When the bound is within `MAX_NODES`, counting the parser's events first (a second full
    parse: 55 ms of the 250 ms a generated 1,000-slide deck took to load) cannot refuse the file
    and is skipped; the bound itself costs about 2 ms per MB.
    """
    pairs = text.count(":") + text.count("?") + text.count(",") + text.count("{")
    return 1 + text.count("-") + text.count("[") + 2 * pairs


def _count_nodes(parser: yaml.SafeLoader | yaml.CSafeLoader, path: str) -> None:
    """Refuse more than `MAX_NODES` nodes before composing any (the builder's budget counts them
    again after aliases are expanded).

    Composing keeps every node with two position marks, about 300 bytes each: a 5 MB file of
    one-character list items took 6 seconds and 800 MB to compose before the builder could
    refuse it. The parser's events cost nothing to count and are dropped one by one.
    """
    nodes = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                    raise DeckSchemaError(path, line, col,
                                          f"more than {MAX_NODES} YAML nodes; refusing (a deck is far smaller)")
    finally:
        parser.dispose()


def _reader_error(error: yaml.reader.ReaderError, path: str, text: str) -> DeckSyntaxError:
    """A character YAML does not allow (a raw ESC, NUL, ...), located where it is.

    The reader reports an offset that is in bytes for libyaml and in characters for the
    pure-Python reader; the first occurrence of the character is the place either way.
    """
    character = error.character if isinstance(error.character, str) else chr(error.character)
    index = max(text.find(character), 0)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    hint = " (is the file UTF-16 or binary? save it as UTF-8 text)" if character == "\0" else ""
    return DeckSyntaxError(path, line, col, f"control character U+{ord(character):04X} is not allowed "
                                            f"in a YAML file; delete it{hint}")


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1][col - 1 : col] if len(lines) >= line else ""


def _syntax_error(error: yaml.MarkedYAMLError, path: str, text: str) -> DeckSyntaxError:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "not valid YAML"
    context = error.context_mark
    if error.context and "found duplicate" not in problem:
        started = ""
        if context is not None and (context.line + 1, context.column + 1) != (line, col):
            started = f" started at line {context.line + 1}, column {context.column + 1}"
        problem = f"{problem} ({error.context}{started})"
    if _char_at(text, line, col) == "\t":
        problem += "; indent with spaces, not tabs"
    elif (error.problem or "").startswith("mapping values are not allowed"):
        problem = "': ' inside unquoted text starts a mapping; put text containing ': ' in quotes"
    elif error.problem in _INDENT_PROBLEMS:
        problem = _indent_hint(text, line) or problem
    return DeckSyntaxError(path, line, col, f"YAML syntax error: {problem}")


# What PyYAML says when a line is indented unlike its neighbours.
_INDENT_PROBLEMS = frozenset({"did not find expected key", "did not find expected '-' indicator",
                              "expected <block end>, but found '-'", "expected <block end>, but found '?'"})
_KEY_LINE = re.compile(r"^((?:\s*- )*\s*)[^\s#'\"{\[-][^:#]*:(\s|$)")


def _indent_hint(text: str, line: int) -> str:
    """For a list item or key on `line` indented unlike the ones above it: where to indent it.

    The column is that of the nearest earlier item (a line starting with `-`) or key of the same
    kind whose column is closest to this one's; nothing when an earlier one has this column.
    """
    lines = text.split("\n")
    if line > len(lines):
        return ""
    current = lines[line - 1]
    is_item = current.lstrip(" ").startswith("-")
    column = _item_column(current) if is_item else _key_column(current)
    if column is None:
        return ""
    earlier = [_item_column(above) if is_item else _key_column(above) for above in reversed(lines[: line - 1])]
    columns = [found for found in earlier if found is not None]
    if not columns or column in columns[:1]:
        return ""
    best = min(columns, key=lambda found: abs(found - column))  # min keeps the nearest line on a tie
    what = "item like the ones" if is_item else "key like the keys"
    return f"indent this {what} above it (column {best})" if best != column else ""


def _item_column(line: str) -> int | None:
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) + 1 if stripped.startswith("- ") or stripped == "-" else None


def _key_column(line: str) -> int | None:
    match = _KEY_LINE.match(line)
    return len(match.group(1)) + 1 if match else None


# --- building the model ---------------------------------------------------------------------


def _span(node: yaml.Node) -> model.Span:
    return model.Span(node.start_mark.line + 1, node.start_mark.column + 1)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    names = {"str": "a string", "int": "a number", "float": "a number", "bool": "a boolean",
             "null": "empty", "timestamp": "a date"}
    return names.get(node.tag.removeprefix(_YAML), "a value")


# --- bounded checks of deck data (each names its bound; see docs/security.md) ----------------


class _Articles:
    """Source articles by file, read and normalised once per load, with their quote lookups."""

    def __init__(self) -> None:
        self.indexes: dict[str, tuple[str, QuoteIndex] | str] = {}  # a str: why it cannot be used


# Kernel and device files: `/proc/kmsg` is a "regular" file to `stat` whose read blocks forever
# (and drains the kernel log); others never end or change while read. An article is never one.
_SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


def _read_article(target: str, shown: str) -> tuple[str, QuoteIndex] | str:
    """Source file `target`'s text and its quote index, or why it cannot be an article.

    Only a regular file outside /proc, /sys and /dev, read without blocking, at most
    `MAX_FILE_BYTES`; its normalised text at most `MAX_NORMALISED_CHARS` characters.
    """
    real = os.path.realpath(target)
    for folder in _SYSTEM_FOLDERS:
        if real == folder or real.startswith(folder + "/"):
            return f"cannot read source file '{shown}': not a regular file (it is in {folder})"
    try:
        raw = _read_bytes(target, MAX_FILE_BYTES + 1, regular_only=True, blocking=False)
        if len(raw) > MAX_FILE_BYTES:
            return f"source file '{shown}' is larger than 5 MB"
        article = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = (error.strerror or str(error)) if isinstance(error, OSError) else "it is not UTF-8"
        return f"cannot read source file '{shown}': {reason}"
    normalised = normalise(article, MAX_NORMALISED_CHARS)
    if normalised is None:
        return (f"source file '{shown}' is more than {MAX_NORMALISED_CHARS} characters long after "
                "Unicode normalisation (NFKC)")
    return article, QuoteIndex(normalised)


def _plain_key(node: yaml.Node) -> str | None:
    """The text of a key that is a plain scalar, else None (never the text of a list or mapping:
    formatting one would expand every alias inside it)."""
    if isinstance(node, yaml.ScalarNode) and node.tag != _MERGE_TAG:
        return str(node.value)
    return None


def _matches(pattern: str, value: str) -> bool:
    """Whether all of `value` matches `pattern` (`re.match` with `$` would let a final newline in)."""
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value) is not None


def _number_too_long(node: yaml.ScalarNode) -> bool:
    """A number written with more than `MAX_NUMBER_CHARS` characters (PyYAML's conversion of a
    base-60 `1:0:0:...` is quadratic in its length; a long decimal is out of range anyway)."""
    return len(node.value) > MAX_NUMBER_CHARS


class _Builder:
    """Walks the composed nodes once, checking each against the schema and building the model."""

    def __init__(self, path: str, base_dir: str, articles: _Articles | None = None,
                 watch: TextWatch | None = None) -> None:
        self.path = path
        self.watch = watch
        self.base_dir = base_dir
        self.articles = articles or _Articles()
        self.quotes: QuoteIndex | None = None
        self.text_chars = 0
        self.languages: tuple[str, ...] = ("en",)
        self.sections: dict[str, model.Section] = {}
        self.source_file = ""
        self.reveal_all = False
        self.inline = True  # `inline: markdown`, the default
        self.in_column = False  # columns do not nest
        self.deck_source: model.Source | None = None
        self.nodes_seen = 0
        self.reveal = False  # the slide's reveal setting, for the bullet lists built in it

    # errors

    def fail(self, node: yaml.Node, message: str, kind: type[DeckError] = DeckSchemaError) -> NoReturn:
        """Raise a located error at `node`."""
        span = _span(node)
        raise kind(self.path, span.line, span.col, message)

    def visit(self, node: yaml.Node) -> None:
        """Count a node and check its tag; aliases can make a small file a huge graph."""
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            self.fail(node, f"more than {MAX_NODES} nodes after expanding aliases; refusing (alias bomb?)")
        if node.tag not in _ALLOWED_TAGS:
            tag = shorten(node.tag.replace(_YAML, "!!"), 80)
            self.fail(node, f"tag '{tag}' is not allowed: deck files use plain YAML only")
        if isinstance(node, yaml.ScalarNode):
            self.charge_text(node)

    def charge_text(self, node: yaml.ScalarNode) -> None:
        """Count a scalar's characters: aliases repeat text without repeating its bytes."""
        self.text_chars += len(node.value)
        if self.text_chars > MAX_TEXT_CHARS:
            self.fail(node, f"more than {MAX_TEXT_CHARS} characters of text after expanding aliases; "
                            "refusing (alias bomb?)")

    # generic shapes

    def mapping(self, node: yaml.Node, what: str, schema: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Check `node` is a mapping whose keys belong to object `schema`; return key -> (key, value)."""
        self.visit(node)
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping, not {_describe(node)}")
        allowed = _FIELDS[schema]
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            key = _plain_key(key_node)
            if key is None:
                self.fail(key_node, f"keys of {what} must be plain names")
            if key in entries:
                first = _span(entries[key][0]).line
                self.fail(key_node, f"duplicate key '{shorten(key)}' (first given on line {first})")
            if key not in allowed:
                hint = _misplaced_hint(schema, key, node) or _suggest(key, list(allowed))
                self.fail(key_node, f"unknown key '{shorten(key)}' in {what}{hint}")
            entries[key] = (key_node, value_node)
        for field in allowed.values():
            if field.required and field.name not in entries:
                self.fail(node, f"{what} is missing required key '{field.name}'")
        return entries

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """Check `node` is a non-empty list and return its items."""
        self.visit(node)
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list, not {_describe(node)}")
        if not node.value:
            self.fail(node, f"{what} must not be empty")
        return list(node.value)

    def scalar(self, node: yaml.Node, what: str) -> str:
        """A plain scalar's text (numbers and dates are taken as written)."""
        self.visit(node)
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _TEXTUAL_TAGS:
            self.fail(node, f"{what} must be text, not {_describe(node)}")
        return clean_text(str(node.value))

    def string(self, node: yaml.Node, what: str) -> str:
        """A language-neutral string."""
        return self.scalar(node, what)

    def identifier(self, node: yaml.Node, what: str) -> str:
        """An identifier such as a section or slide id."""
        value = self.scalar(node, what)
        if not _matches(IDENTIFIER_PATTERN, value):
            self.fail(node, f"{what} '{shorten(value)}' must be letters, digits, '-', '_' or '.'")
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        """`true` or `false`."""
        self.visit(node)
        if not isinstance(node, yaml.ScalarNode) or node.tag != f"{_YAML}bool":
            self.fail(node, f"{what} must be true or false, not {_describe(node)}")
        try:
            return bool(_NUMBER_CONSTRUCTOR.construct_yaml_bool(node))
        except KeyError:  # an explicit `!!bool` on something else, e.g. `!!bool maybe`
            self.fail(node, f"{what} must be true or false, not '{_shorten(str(node.value))}'")

    def number(self, node: yaml.Node, what: str) -> float:
        """A finite number within the chartable range; -0.0 becomes 0.0."""
        self.visit(node)
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (f"{_YAML}int", f"{_YAML}float"):
            self.fail(node, f"{what} must be a number, not {_describe(node)}{_exponent_hint(node)}{_unit_hint(node)}")
        out_of_range = f"{what} {_shorten(node.value)} is out of range (at most {MAX_ABS_VALUE:g} either way)"
        if _number_too_long(node):
            self.fail(node, f"{out_of_range[:-1]}, written in at most {MAX_NUMBER_CHARS} characters)")
        try:
            if node.tag == f"{_YAML}int":
                value = float(_NUMBER_CONSTRUCTOR.construct_yaml_int(node))
            else:
                value = float(_NUMBER_CONSTRUCTOR.construct_yaml_float(node))
        except OverflowError:  # an integer too big for a float, e.g. 0xfff...f
            self.fail(node, out_of_range)
        except (ValueError, IndexError):
            # `!!int abc`, `!!float ""`, or more digits than Python converts (4300)
            if re.fullmatch(r"[-+]?[0-9_]+", node.value):
                self.fail(node, out_of_range)
            self.fail(node, f"{what} must be a number, not '{_shorten(node.value)}'")
        if not math.isfinite(value):
            self.fail(node, f"{what} must be a finite number, not {shorten(node.value)}")
        if abs(value) > MAX_ABS_VALUE:
            self.fail(node, out_of_range)
        return value + 0.0

    def text(self, node: yaml.Node, what: str) -> model.Localized:
        """A plain string, or a mapping with one entry for every declared language."""
        if not isinstance(node, yaml.MappingNode):
            plain = model.Localized.plain(self.scalar(node, what))
            if self.watch is not None:
                self.watch(node)
            return plain
        self.visit(node)
        values: dict[str, str] = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            code = _plain_key(key_node)
            if code is None:
                self.fail(key_node, f"the language codes of {what} must be plain text")
            if code not in self.languages:
                self.not_a_language(node, key_node, value_node, what)
                hint = _suggest(code, list(self.languages))
                self.fail(key_node, f"language '{shorten(code)}' is not declared in 'languages' "
                                    f"({listing(self.languages)}){hint}")
            if code in values:
                self.fail(key_node, f"duplicate key '{shorten(code)}'")
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag in _TEXTUAL_TAGS:
                self.visit(value_node)  # `scalar` without naming the text for an error it cannot give
                values[code] = clean_text(str(value_node.value))
            else:
                values[code] = self.scalar(value_node, f"{what} ({code})")
            if self.watch is not None:
                self.watch(value_node)
        missing = [code for code in self.languages if code not in values]
        if missing:
            self.fail(node, f"{what} is missing language '{missing[0]}' "
                            f"(the deck declares {listing(self.languages)})")
        return model.Localized(tuple((code, values[code]) for code in self.languages))

    def not_a_language(self, node: yaml.MappingNode, key_node: yaml.Node, value_node: yaml.Node,
                       what: str) -> None:
        """A text mapping's key that is not a declared language is usually a YAML slip: a ','
        inside `{...}`, a ': ' inside unquoted text, or sub-items written as `Parent: [...]`.
        Fail with what to do for those; return for a true unknown language code."""
        code = str(key_node.value)
        entries = node.value
        index = next(number for number, (key, _) in enumerate(entries) if key is key_node)
        if node.flow_style and index > 0 and _is_empty(value_node):
            before = entries[index - 1][1]
            joined = f"{before.value}, {code}" if isinstance(before, yaml.ScalarNode) else code
            self.fail(before, f"text containing ',' inside {{...}} must be quoted: "
                              f"write {entries[index - 1][0].value}: \"{_shorten(joined)}\"")
        if isinstance(value_node, yaml.SequenceNode) and len(entries) == 1:
            self.fail(key_node, f"{what} with sub-items is written as a mapping: 'text: {_shorten(code, 20)}' "
                                "and 'items:' under it")
        if not node.flow_style and len(entries) == 1 and not re.match(LANGUAGE_PATTERN, code):
            self.fail(key_node, "': ' inside unquoted text makes a mapping; put text containing ': ' in quotes")

    def optional(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str,
                 build: Callable[[yaml.Node, str], model.Localized]) -> model.Localized | None:
        """Build `entries[key]` with `build` if the key is present."""
        if key not in entries:
            return None
        return build(entries[key][1], f"'{key}'")

    # the deck

    def deck(self, root: yaml.Node, slides: tuple[model.Slide, ...] | None = None) -> model.Deck:
        """Build the whole deck from the root node (with `slides` when `_SlideStreamer` built them,
        after building the settings that come before them)."""
        if not isinstance(root, yaml.MappingNode):
            self.visit(root)
            self.fail(root, f"the top level must be a mapping with 'title' and 'slides', not {_describe(root)}")
        entries = self.mapping(root, "the deck", "deck")
        if slides is None:
            self.settings(entries)
            slides = self.slide_list(entries["slides"][1])
        return self.assembled(entries, slides)

    def assembled(self, entries: dict[str, tuple[yaml.Node, yaml.Node]],
                  slides: tuple[model.Slide, ...]) -> model.Deck:
        """The deck of `slides` with the deck-level texts of `entries` (settings already built)."""
        return model.Deck(
            path=self.path,
            title=self.text(entries["title"][1], "'title'"),
            languages=self.languages,
            slides=slides,
            sections=tuple(self.sections.values()),
            subtitle=self.optional(entries, "subtitle", self.text),
            author=self.optional(entries, "author", self.text),
            date=self.string(entries["date"][1], "'date'") if "date" in entries else None,
            source=self.deck_source,
            inline=self.inline,
        )

    def settings(self, entries: dict[str, tuple[yaml.Node, yaml.Node]]) -> None:
        """What building a slide depends on (`SETTINGS`): languages, reveal, inline, source, sections."""
        if "languages" in entries:
            self.languages = self.language_list(entries["languages"][1])
        if "reveal" in entries:
            self.reveal_all = self.boolean(entries["reveal"][1], "'reveal'")
        if "inline" in entries:
            self.inline = self.inline_mode(entries["inline"][1])
        if "source" in entries:
            self.deck_source = self.source(entries["source"][1])
        if "sections" in entries:
            self.section_list(entries["sections"][1])

    def inline_mode(self, node: yaml.Node) -> bool:
        """`inline: markdown` (True, the default) or `inline: plain` (False)."""
        mode = self.scalar(node, "'inline'")
        if mode not in INLINE_MODES:
            self.fail(node, f"'inline' must be markdown or plain, not '{_shorten(mode)}'"
                            f"{_suggest(mode, list(INLINE_MODES))}")
        return mode == "markdown"

    def language_list(self, node: yaml.Node) -> tuple[str, ...]:
        """The declared language codes: unique, well formed."""
        codes: list[str] = []
        for item in self.sequence(node, "'languages'"):
            code = self.scalar(item, "a language code")
            if not _matches(LANGUAGE_PATTERN, code):
                self.fail(item, f"'{shorten(code)}' is not a language code (like zh, en or pt-BR)")
            if code in codes:
                self.fail(item, f"language '{shorten(code)}' is declared twice")
            codes.append(code)
        return tuple(codes)

    def source(self, node: yaml.Node) -> model.Source:
        """The source article; its text is read now so that quotes can be checked."""
        entries = self.mapping(node, "'source'", "source")
        file_node = entries["file"][1]
        name = self.string(file_node, "'file'")
        article = self.article(file_node, name)
        self.source_file = name
        return model.Source(
            file=name,
            text=article,
            publisher=self.optional(entries, "publisher", self.text),
            title=self.optional(entries, "title", self.text),
            url=self.string(entries["url"][1], "'url'") if "url" in entries else None,
        )

    def article(self, node: yaml.Node, name: str) -> str:
        """The text of source file `name`, read once per load with its quote index."""
        index = self.articles.indexes.get(name)
        if index is None:
            index = _read_article(os.path.join(self.base_dir, name), shorten(name))
            self.articles.indexes[name] = index
        if isinstance(index, str):
            self.fail(node, index, DeckSourceError)
        article, self.quotes = index
        return article

    def section_list(self, node: yaml.Node) -> tuple[model.Section, ...]:
        """The declared sections, with unique ids and valid accent colours."""
        for item in self.sequence(node, "'sections'"):
            entries = self.mapping(item, "a section", "section")
            section_id = self.identifier(entries["id"][1], "section id")
            if section_id in self.sections:
                self.fail(entries["id"][1], f"section id '{shorten(section_id)}' is used twice")
            accent_node = entries["accent"][1]
            self.sections[section_id] = model.Section(
                id=section_id,
                name=self.text(entries["name"][1], "'name'"),
                accent=self.color(accent_node),
                span=_span(item),
            )
        return tuple(self.sections.values())

    def color(self, node: yaml.Node) -> str:
        """A colour in its canonical form (`deck.format.colors`): what every drawing can use."""
        value = self.scalar(node, "'accent'")
        color = parse_color(value)
        if color is None:
            self.fail(node, f"'{shorten(value)}' is not a colour; use a name such as magenta, or #rrggbb")
        return color

    def slide_list(self, node: yaml.Node) -> tuple[model.Slide, ...]:
        """Every slide, with unique ids."""
        slides: list[model.Slide] = []
        seen_ids: set[str] = set()
        for item in self.sequence(node, "'slides'"):
            slides.append(self.unique_slide(item, seen_ids))
        return tuple(slides)

    def unique_slide(self, node: yaml.Node, seen_ids: set[str]) -> model.Slide:
        """`slide(node)`, whose id must not be in `seen_ids` (it is added)."""
        slide = self.slide(node)
        if slide.id is not None:
            if slide.id in seen_ids:
                self.fail(node, f"slide id '{shorten(slide.id)}' is used twice")
            seen_ids.add(slide.id)
        return slide

    def slide(self, node: yaml.Node) -> model.Slide:
        """One slide; its blocks keep the order in which the deck wrote them."""
        entries = self.mapping(node, "a slide", "slide")
        reveal = self.reveal_all
        if "reveal" in entries:
            reveal = self.boolean(entries["reveal"][1], "'reveal'")
        return model.Slide(
            title=self.text(entries["title"][1], "'title'"),
            section=self.section_ref(node, entries),
            id=self.identifier(entries["id"][1], "slide id") if "id" in entries else None,
            subtitle=self.optional(entries, "subtitle", self.text),
            blocks=self.slide_blocks(entries, reveal),
            notes=self.optional(entries, "notes", self.text),
            span=_span(node),
            inline=self.inline,
        )

    def section_ref(self, node: yaml.Node, entries: dict[str, tuple[yaml.Node, yaml.Node]]) -> model.Section | None:
        """The section a slide names, which must be declared."""
        if "section" not in entries:
            if self.sections:
                self.fail(node, "a slide is missing required key 'section' (the deck declares sections)")
            return None
        ref_node = entries["section"][1]
        name = self.scalar(ref_node, "'section'")
        if name not in self.sections:
            declared = listing(self.sections) or "none"
            self.fail(ref_node, f"unknown section '{shorten(name)}' (declared: {declared})"
                                f"{_suggest(name, list(self.sections))}")
        return self.sections[name]

    # blocks: `BLOCK_BUILDERS` (after this class) maps each block key of the schema to its builder

    def slide_blocks(self, entries: dict[str, tuple[yaml.Node, yaml.Node]],
                     reveal: bool) -> tuple[model.Block, ...]:
        """The slide's blocks: its `blocks:` list, or its short-form block keys in written order."""
        self.reveal = reveal
        short = [key for key in entries if key in BLOCK_KEYS]  # dicts keep insertion order
        if "blocks" not in entries:
            return tuple(self.block(key, entries[key][1]) for key in short)
        if short:
            key = short[0]
            self.fail(entries[key][0], f"a slide cannot give both 'blocks' and '{key}': move '{key}' "
                                       f"into 'blocks' as an item '- {key}: ...'")
        return self.block_list(entries["blocks"][1], "'blocks'")

    def block_list(self, node: yaml.Node, what: str) -> tuple[model.Block, ...]:
        """A non-empty list of blocks, each a one-key mapping (`- text: ...`), in order.

        `blocks:` is one; a block kind that holds blocks (a column) builds its contents here too.
        """
        return tuple(self.block_item(item) for item in self.sequence(node, what))

    def block_item(self, node: yaml.Node) -> model.Block:
        """One item of a block list: a mapping whose single key names the block's kind."""
        self.visit(node)
        if not isinstance(node, yaml.MappingNode) or not node.value:
            self.fail(node, "a block must be a mapping with one key naming its kind, such as "
                            f"'- text: ...', not {_describe(node)}")
        key_node, value = node.value[0]
        key = self.block_key(key_node)
        if len(node.value) > 1:
            extra = node.value[1][0]
            name = self.block_key(extra)
            self.fail(extra, f"a block has one key, but this item also gives '{shorten(name)}' after '{key}'; "
                             f"start '{shorten(name)}' with '- ' to make it a block of its own")
        return self.block(key, value)

    def block_key(self, key_node: yaml.Node) -> str:
        """The kind a block item names, which must be one of `BLOCK_KEYS`."""
        self.visit(key_node)
        key = _plain_key(key_node)
        if key is None:
            self.fail(key_node, "the key of a block must be a plain name such as 'text'")
        if key not in BLOCK_BUILDERS:
            where = f"; '{key}' is a key of the slide, not a block" if key in _FIELDS["slide"] else ""
            hint = where or _suggest(key, list(BLOCK_KEYS))
            kinds = ", ".join(BLOCK_KEYS)
            self.fail(key_node, f"unknown key '{shorten(key)}' in a block (the kinds are {kinds}){hint}")
        return key

    def block(self, key: str, node: yaml.Node) -> model.Block:
        """Build the block of kind `key` from its value `node`."""
        return BLOCK_BUILDERS[key](self, node)

    def paragraph(self, node: yaml.Node) -> model.Paragraph:
        """A paragraph: one text."""
        return model.Paragraph(self.text(node, "'text'"), span=_span(node))

    def bullets(self, node: yaml.Node) -> model.Bullets:
        """A bulleted list, revealed item by item when the slide (or deck) says so; sub-items
        follow their parent in `items`, with their depth in `levels`."""
        items: list[model.Localized] = []
        levels: list[int] = []
        self.bullet_items(node, 0, items, levels)
        return model.Bullets(tuple(items), reveal=self.reveal, span=_span(node),
                             levels=tuple(levels) if any(levels) else ())

    def bullet_items(self, node: yaml.Node, level: int, items: list[model.Localized], levels: list[int]) -> None:
        """The items of one list at depth `level` (and theirs), appended in reading order."""
        for item in self.sequence(node, "'bullets'" if level == 0 else "'items'"):
            if not _is_nested_bullet(item):
                items.append(self.text(item, "a bullet"))
                levels.append(level)
                continue
            entries = self.mapping(item, "a bullet with sub-items", "bullet")
            items.append(self.text(entries["text"][1], "'text'"))
            levels.append(level)
            if level + 1 >= MAX_BULLET_LEVELS:
                self.fail(entries["items"][0], f"bullets nest at most {MAX_BULLET_LEVELS} levels deep")
            self.bullet_items(entries["items"][1], level + 1, items, levels)

    def quote(self, node: yaml.Node) -> model.Quote:
        """A quote: a text, or a mapping with `text` and `by`."""
        if isinstance(node, yaml.MappingNode) and any(
            isinstance(key, yaml.ScalarNode) and key.value in ("text", "by") for key, _ in node.value
        ):
            entries = self.mapping(node, "'quote'", "quote")
            return model.Quote(self.text(entries["text"][1], "'text'"),
                               by=self.optional(entries, "by", self.text), span=_span(node))
        return model.Quote(self.text(node, "'quote'"), span=_span(node))

    def columns(self, node: yaml.Node) -> model.Columns:
        """Two to six columns, each a list of blocks or `{width: N, blocks: [...]}`; no nesting."""
        items = self.sequence(node, "'columns'")
        if not MIN_COLUMNS <= len(items) <= MAX_COLUMNS:
            self.fail(node, f"'columns' takes {MIN_COLUMNS} to {MAX_COLUMNS} columns, not {len(items)}; "
                            "for one column, write its blocks on the slide")
        if self.in_column:
            self.fail(node, "columns cannot be nested inside a column; put the blocks side by side in one 'columns'")
        self.in_column = True
        try:
            return model.Columns(tuple(self.column(item) for item in items), span=_span(node))
        finally:
            self.in_column = False

    def column(self, node: yaml.Node) -> model.Column:
        """One column: a list of blocks, or a mapping with `blocks` and a relative `width`."""
        if not isinstance(node, yaml.MappingNode):
            return model.Column(self.block_list(node, "a column"), span=_span(node))
        entries = self.mapping(node, "a column", "column")
        width = 1
        if "width" in entries:
            width_node = entries["width"][1]
            number = self.number(width_node, "'width'")
            if number != int(number) or not 1 <= number <= MAX_COLUMN_WIDTH:
                self.fail(width_node, f"a column's 'width' is a whole number from 1 to {MAX_COLUMN_WIDTH}, "
                                      "relative to the other columns")
            width = int(number)
        return model.Column(self.block_list(entries["blocks"][1], "'blocks'"), width=width, span=_span(node))

    def image(self, node: yaml.Node) -> model.Image:
        """A picture: its file must be a PNG, JPEG or GIF inside the deck's folder (`images`)."""
        from deck.format import images  # a deck without pictures never imports it (the first frame waits)

        entries = self.mapping(node, "'image'", "image")
        file_node = entries["file"][1]
        name = self.string(file_node, "'file'")
        try:
            target = images.resolve_inside(self.base_dir, name)
            try:
                head = _read_bytes(target, images.MAX_IMAGE_BYTES + 1, regular_only=True, blocking=False)
            except OSError as error:
                raise images.ImageFileError(f"cannot read image '{shorten(name)}': {error.strerror or error}") from None
            if len(head) > images.MAX_IMAGE_BYTES:
                raise images.ImageFileError(f"image '{name}' is larger than {images.MAX_IMAGE_BYTES // 2**20} MB")
            info = images.sniff(head, name)
        except images.ImageFileError as error:
            self.fail(file_node, str(error), DeckSourceError)
        width: int | None = None
        if "width" in entries:
            width_node = entries["width"][1]
            number = self.number(width_node, "'width'")
            if number != int(number) or not 1 <= number <= images.MAX_IMAGE_WIDTH_CELLS:
                self.fail(width_node, f"'width' is a whole number of cells from 1 to {images.MAX_IMAGE_WIDTH_CELLS}")
            width = int(number)
        return model.Image(file=name, path=str(target), alt=self.text(entries["alt"][1], "'alt'"),
                           width=width, pixels=(info.width, info.height), span=_span(node))

    def chart(self, node: yaml.Node) -> model.Chart:
        """A chart and its data, checked against what its kind needs."""
        entries = self.mapping(node, "'chart'", "chart")
        kind_node = entries["kind"][1]
        kind = self.scalar(kind_node, "'kind'")
        if kind not in CHART_KINDS:
            self.fail(kind_node, f"unknown chart kind '{shorten(kind)}' (use {', '.join(CHART_KINDS)})"
                                 f"{_suggest(kind, list(CHART_KINDS))}")
        series = self.chart_series(entries, kind)
        data_node = entries["data"][1]
        data = tuple(self.datum(item, kind, len(series)) for item in self.sequence(data_node, "'data'"))
        if kind == "stat" and len(data) != 1:
            self.fail(data_node, f"a stat chart shows exactly one figure, not {len(data)}")
        for key in ("total", "rest"):
            if key in entries and kind != "share":
                self.fail(entries[key][0], f"'{key}' applies only to share charts")
        total = self.number(entries["total"][1], "'total'") if "total" in entries else 100.0
        if total <= 0:
            self.fail(entries["total"][1], "a share chart's 'total' must be positive")
        if kind == "share":
            self.check_shares(data_node, data, total)
        return model.Chart(
            kind=kind,  # type: ignore[arg-type]  # checked against CHART_KINDS above
            data=data,
            title=self.optional(entries, "title", self.text),
            unit=self.optional(entries, "unit", self.text),
            total=total,
            rest=self.optional(entries, "rest", self.text),
            series=series,
            stacked=self.chart_stacked(entries, kind, series),
            scale=self.scale(entries["scale"][1]) if "scale" in entries else (),
            format=self.number_format(entries["format"][1]) if "format" in entries else None,
            span=_span(node),
        )

    def chart_series(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], kind: str) -> tuple[model.Localized, ...]:
        """The names of a chart's series (at most MAX_SERIES), for the kinds that draw several."""
        if "series" not in entries:
            return ()
        key_node, value_node = entries["series"]
        if kind not in SERIES_KINDS:
            self.fail(key_node, f"'series' applies only to {', '.join(SERIES_KINDS)} charts")
        names = self.sequence(value_node, "'series'")
        if len(names) > MAX_SERIES:
            self.fail(value_node, f"a chart has at most {MAX_SERIES} series, not {len(names)}")
        series = tuple(self.text(name, "a series name") for name in names)
        data = entries["data"][1]
        if isinstance(data, yaml.SequenceNode) and data.value and not any(
                isinstance(item, yaml.MappingNode) and any(key.value == "values" for key, _ in item.value)
                for item in data.value):
            # No datum gives `values`: the series are what is new (a datum that alone lacks them
            # is reported where it is).
            self.fail(value_node, "with 'series', each datum gives 'values' (one number per series) "
                                  "instead of 'value'")
        return series

    def chart_stacked(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], kind: str,
                      series: tuple[model.Localized, ...]) -> bool:
        """`stacked: true` (bar charts with series only)."""
        if "stacked" not in entries:
            return False
        if kind != "bar":
            self.fail(entries["stacked"][0], "'stacked' applies only to bar charts")
        stacked = self.boolean(entries["stacked"][1], "'stacked'")
        if stacked and not series:
            self.fail(entries["stacked"][0], "'stacked' needs 'series' (the parts each bar stacks)")
        return stacked

    def scale(self, node: yaml.Node) -> tuple[tuple[str, float], ...]:
        """A positive display factor, for every language or per language (`{en: 0.1}`)."""
        if not isinstance(node, yaml.MappingNode):
            return (("*", self.positive(node, "'scale'")),)
        self.visit(node)
        factors: dict[str, float] = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            code = str(key_node.value)
            if code not in self.languages:
                self.fail(key_node, f"language '{code}' is not declared in 'languages' "
                                    f"({', '.join(self.languages)}){_suggest(code, list(self.languages))}")
            if code in factors:
                self.fail(key_node, f"duplicate key '{code}'")
            factors[code] = self.positive(value_node, f"'scale' ({code})")
        if not factors:
            self.fail(node, "'scale' must be a number or give one per language, e.g. {en: 0.1}")
        return tuple(factors.items())

    def positive(self, node: yaml.Node, what: str) -> float:
        """A number above zero."""
        value = self.number(node, what)
        if value <= 0:
            self.fail(node, f"{what} must be above zero, not {node.value}")
        return value

    def number_format(self, node: yaml.Node) -> model.Localized:
        """A pattern with `{}` where the number goes, in every language (`${}B`)."""
        pattern = self.text(node, "'format'")
        for code, text in pattern.values:
            if "{}" not in text:
                where = "" if code == "*" else f" ({code})"
                self.fail(node, f"'format'{where} must contain {{}} where the number goes, e.g. '${{}}B'")
        return pattern

    def check_shares(self, node: yaml.Node, data: tuple[model.Datum, ...], total: float) -> None:
        """Shares are parts of a positive whole: none negative, together at most the total."""
        if any(datum.value is not None and datum.value < 0 for datum in data):
            self.fail(node, "a share chart cannot have negative parts")
        if sum(datum.value or 0.0 for datum in data) > total * (1 + 1e-9):
            self.fail(node, f"the parts of a share chart add up to more than its total ({total:g})")

    def datum(self, node: yaml.Node, kind: str, series: int = 0) -> model.Datum:
        """One figure (or one per series), with its verbatim quote checked against the source."""
        entries = self.mapping(node, "a datum", "datum")
        values = self.datum_values(node, entries, kind, series)
        if kind == "timeline" and "date" not in entries:
            self.fail(node, "a timeline event is missing required key 'date'")
        if kind != "timeline" and "date" in entries:
            self.fail(entries["date"][0], "'date' applies only to timeline charts")
        source = self.string(entries["source"][1], "'source'") if "source" in entries else None
        self.check_quote(node, entries, source)
        return model.Datum(
            label=self.text(entries["label"][1], "'label'"),
            value=self.number(entries["value"][1], "'value'") if "value" in entries else None,
            values=values,
            display=self.optional(entries, "display", self.text),
            unit=self.optional(entries, "unit", self.text),
            date=self.optional(entries, "date", self.text),
            source=source,
            span=_span(node),
        )

    def datum_values(self, node: yaml.Node, entries: dict[str, tuple[yaml.Node, yaml.Node]], kind: str,
                     series: int) -> tuple[float, ...]:
        """A datum's `values` (one number per series) or a check that it gives `value`."""
        if not series:
            if "values" in entries:
                self.fail(entries["values"][0], "'values' needs 'series' on the chart (the names of the "
                                                "numbers); one number is 'value'")
            if kind != "timeline" and "value" not in entries:
                self.fail(node, f"a datum of a {kind} chart is missing required key 'value'")
            return ()
        if "value" in entries:
            self.fail(entries["value"][0], "this chart has 'series': give 'values', one number per series")
        if "values" not in entries:
            self.fail(node, "a datum of a chart with 'series' is missing required key 'values'")
        items = self.sequence(entries["values"][1], "'values'")
        if len(items) != series:
            self.fail(entries["values"][1], f"'values' gives {len(items)} numbers for {series} series")
        return tuple(self.number(item, "a value") for item in items)

    def check_quote(self, node: yaml.Node, entries: dict[str, tuple[yaml.Node, yaml.Node]],
                    quote: str | None) -> None:
        """A deck with a source must quote it, verbatim, for every figure."""
        if self.quotes is None:
            return
        source_file = shorten(self.source_file)
        if quote is None:
            self.fail(node, f"a datum is missing 'source': quote the sentence of {source_file} "
                            "that gives this figure")
        quote_node = entries["source"][1]
        needle = normalise(quote, MAX_NORMALISED_CHARS)
        try:
            found = needle is not None and self.quotes.contains(needle)
        except QuoteBudgetExceeded:
            self.fail(quote_node, f"too many quotes to check against {source_file}: their searches "
                                  f"scanned more than {SCAN_BUDGET} characters", DeckSourceError)
        if not found:
            self.fail(quote_node, f"quote not found in {source_file}: '{shorten(quote)}'", DeckSourceError)


BlockBuilder = Callable[[_Builder, yaml.Node], model.Block]


def _code(builder: _Builder, node: yaml.Node) -> model.Block:
    """`deck.format.code_table.code_block`, imported by decks with code only (start-up memory)."""
    from deck.format.code_table import code_block

    return code_block(builder, node)


def _table(builder: _Builder, node: yaml.Node) -> model.Block:
    """`deck.format.code_table.table_block`, imported by decks with tables only."""
    from deck.format.code_table import table_block

    return table_block(builder, node)


#: How each block kind of the schema (`BLOCK_KEYS`) is built, for the short form and `blocks:`.
BLOCK_BUILDERS: dict[str, BlockBuilder] = {
    "text": _Builder.paragraph,
    "bullets": _Builder.bullets,
    "quote": _Builder.quote,
    "chart": _Builder.chart,
    "code": _code,
    "table": _table,
    "image": _Builder.image,
    "columns": _Builder.columns,
}

# Root keys that building a slide depends on (`_Builder.settings`).
SETTINGS = frozenset({"languages", "reveal", "source", "sections", "inline"})
_STR_TAG = f"{_YAML}str"
_ALIAS_EVENT, _SCALAR_EVENT, _SCALAR_NODE = yaml.AliasEvent, yaml.ScalarEvent, yaml.ScalarNode
_SEQ_TAG = f"{_YAML}seq"
_MAP_TAG = f"{_YAML}map"


class _Decided(Exception):
    """The streamer's error stands: it is the one the whole-graph path would report."""

    def __init__(self, error: DeckError) -> None:
        super().__init__(error)
        self.error = error


class _Fallback(Exception):
    """Not a deck `_SlideStreamer` takes: let the whole-graph path load it (and report errors)."""


class _SlideStreamer:
    """Load a valid deck building each slide as soon as its nodes are composed, then drop them.

    Composing the whole file first kept every node alive until the model was built: the node
    graph of a generated 1,000-slide deck took 21 MB (27 MB at the peak), four times the model
    it becomes, and it set the presenter's peak memory. Here the composer (libyaml's parser
    events, composed as PyYAML's composer does) hands each item of the top-level `slides` list to
    the builder and forgets it, so only one slide's nodes live at a time; the node budget and
    nesting limit are counted on the way.

    It takes the common shape only: libyaml available, the settings keys before `slides`, no
    anchor on the list. Anything else, and any error, returns None from `deck()`, and the
    whole-graph path (`compose` + `_Builder.deck`) loads the file, so errors are reported
    exactly as before.
    """

    def __init__(self, text: str, builder: _Builder, preview: Preview | None = None) -> None:
        self.text = text
        self.builder = builder
        self.preview = preview
        self.anchors: dict[str, yaml.Node] = {}
        self.ends = builder.watch is not None  # keep plain scalars' end marks for it
        self.nodes = 0
        self.slides: tuple[model.Slide, ...] | None = None
        self.error: DeckError | None = None
        self.preview_total = 0  # the slides a scan of the text counts (`count_items`), for the preview

    def deck(self) -> model.Deck | None:
        """The deck, or None when the whole-graph path must load it."""
        loader_class = getattr(yaml, "CSafeLoader", None)
        if loader_class is None:
            return None
        try:
            self.parser = loader_class(self.text)
            self.path_resolvers = bool(self.parser.yaml_path_resolvers)
            try:
                root = self.document()
            finally:
                self.parser.dispose()
                self.anchors.clear()
            if self.error is not None:
                decided = self.decided_error(root)
                if decided is None:
                    return None
                raise _Decided(decided)
            if self.slides is None:
                return None
            return self.builder.deck(root, self.slides)
        except _Decided as decided:
            raise decided.error from None
        except (_Fallback, DeckError, yaml.YAMLError, RecursionError):
            return None

    def document(self) -> yaml.Node:
        parser = self.parser
        if not isinstance(parser.get_event(), yaml.StreamStartEvent) or not parser.check_event(
            yaml.DocumentStartEvent
        ):
            raise _Fallback
        parser.get_event()
        root = self.node(1)
        if not isinstance(parser.get_event(), yaml.DocumentEndEvent) or not isinstance(
            parser.get_event(), yaml.StreamEndEvent
        ):
            raise _Fallback
        return root

    def node(self, depth: int) -> yaml.Node:
        """Compose the next node as `yaml.composer.Composer` does (end marks are not kept, but for
        plain scalars when a watch needs them)."""
        parser = self.parser
        event = parser.get_event()
        kind = type(event)
        anchor = event.anchor
        if kind is _ALIAS_EVENT:
            if anchor not in self.anchors:
                raise _Fallback
            return self.anchors[anchor]
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH or (anchor is not None and anchor in self.anchors):
            raise _Fallback
        node: yaml.Node
        if kind is _SCALAR_EVENT:
            tag = event.tag
            if tag is None or tag == "!":
                # A quoted scalar is a string unless a path resolver says otherwise (the safe
                # loader has none): most deck text is quoted, and this skips the resolver.
                if event.implicit[0] or self.path_resolvers:
                    tag = parser.resolve(yaml.ScalarNode, event.value, event.implicit)
                else:
                    tag = _STR_TAG
            # The end mark only for a check's warnings (`TextWatch`): an anchored slide keeps its nodes.
            end = event.end_mark if self.ends and not event.style else None
            node = _SCALAR_NODE(tag, event.value, event.start_mark, end, event.style)
            if anchor is not None:
                self.anchors[anchor] = node
            return node
        if kind is yaml.SequenceStartEvent:
            sequence = yaml.SequenceNode(self.tag(event, yaml.SequenceNode), [], event.start_mark, None,
                                         flow_style=event.flow_style)
            if event.anchor is not None:
                self.anchors[event.anchor] = sequence
            while not self.parser.check_event(yaml.SequenceEndEvent):
                sequence.value.append(self.node(depth + 1))
            node = sequence
        elif kind is yaml.MappingStartEvent:
            mapping = yaml.MappingNode(self.tag(event, yaml.MappingNode), [], event.start_mark, None,
                                       flow_style=event.flow_style)
            if event.anchor is not None:
                self.anchors[event.anchor] = mapping
            if depth == 1:
                self.root_entries(mapping)
            else:
                while not self.parser.check_event(yaml.MappingEndEvent):
                    key = self.node(depth + 1)
                    mapping.value.append((key, self.node(depth + 1)))
            node = mapping
        else:
            raise _Fallback
        self.parser.get_event()
        return node

    def tag(self, event: yaml.CollectionStartEvent, kind: type[yaml.Node]) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if self.path_resolvers:
                tag = self.parser.resolve(kind, None, event.implicit)
            else:
                tag = _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG
        return str(tag)

    def root_entries(self, root: yaml.MappingNode) -> None:
        """The top-level entries; the value of `slides` is streamed when nothing it needs follows."""
        seen: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for_slides = self.slides is None
        while not self.parser.check_event(yaml.MappingEndEvent):
            key = self.node(2)
            # The key as `_Builder.mapping` will read it (it refuses the others).
            name = key.value if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG else None
            if name in SETTINGS and not for_slides:
                raise _Fallback  # a setting after the slides: they were built without it
            if name == "slides" and for_slides and self.parser.check_event(yaml.SequenceStartEvent):
                value: yaml.Node = self.stream_slides(seen)
                for_slides = False
            else:
                value = self.node(2)
            if isinstance(name, str):
                seen[name] = (key, value)
            root.value.append((key, value))

    def stream_slides(self, settings: dict[str, tuple[yaml.Node, yaml.Node]]) -> yaml.Node:
        """Build the settings read so far, then each slide as soon as it is composed."""
        event = self.parser.get_event()
        self.nodes += 1
        if event.anchor is not None or self.nodes > MAX_NODES:
            raise _Fallback  # an anchored list may be aliased: keep the whole graph for that
        node = yaml.SequenceNode(self.tag(event, yaml.SequenceNode), [], event.start_mark, None,
                                 flow_style=event.flow_style)
        builder = self.builder
        slides: list[model.Slide] = []
        seen_ids: set[str] = set()
        try:
            builder.visit(node)
            builder.settings(settings)
            preview = self.preview
            while not self.parser.check_event(yaml.SequenceEndEvent):
                slides.append(builder.unique_slide(self.node(3), seen_ids))
                if preview is None:
                    continue
                if preview.shown:
                    if preview.progress is not None:
                        preview.progress(len(slides), lambda: self.preview_deck(settings, slides))
                elif len(slides) == preview.index + 1:
                    self.hand_preview(preview, settings, slides, event.start_mark)
        except DeckError as error:
            self.error = error  # the rest is only composed: see `decided_error`
            if self.preview is not None and self.preview.shown and self.preview.partial is not None:
                self.preview.partial = replace(self.preview.partial, slides=tuple(slides))
            slides.clear()  # not needed for the error; freed now, before the fallback may compose again
            while not self.parser.check_event(yaml.SequenceEndEvent):
                self.node(3)
        self.parser.get_event()
        if not slides and self.error is None:
            raise _Fallback
        self.slides = tuple(slides)
        return node

    def hand_preview(self, preview: Preview, settings: dict[str, tuple[yaml.Node, yaml.Node]],
                     slides: list[model.Slide], mark: yaml.Mark) -> None:
        """Give `preview` the deck so far (see `Preview`); nothing when its title is not read yet."""
        if "title" not in settings or mark.index >= len(self.text) or self.text[mark.index] != "-":
            return  # the title after the slides, or a flow list: no preview
        self.preview_total = max(count_items(self.text, mark.index, mark.column), len(slides))
        deck = self.preview_deck(settings, slides)
        if deck is None:
            return  # the full load reports it
        preview.shown = preview.show(deck)
        if preview.shown:
            preview.partial = deck
            preview.rest_line = self.parser.peek_event().start_mark.line + 1

    def preview_deck(self, settings: dict[str, tuple[yaml.Node, yaml.Node]],
                     slides: list[model.Slide]) -> model.Deck | None:
        """The deck of `slides`, padded with the last to the scanned count; None on a DeckError."""
        meta = copy.copy(self.builder)  # the real builder's node and text budgets stay as they are
        padding = (slides[-1],) * (self.preview_total - len(slides))
        try:
            return meta.assembled(settings, (*slides, *padding))
        except DeckError:
            return None

    def decided_error(self, root: yaml.Node) -> DeckError | None:
        """The streamer's error, if it is the one the whole-graph path would report first.

        That path composes the whole file (this one has: no syntax error follows), then checks
        the root mapping's keys (checked here, by a fresh builder, as it would), then builds the
        settings and the slides in the same order as here, so it fails at the same place. Its
        node and text budgets count the root and its keys too: when those could have run out
        first, decide nothing. Without this, an error in the last of 70,000 slides cost the
        whole load twice.
        """
        error = self.error
        if error is None or not isinstance(root, yaml.MappingNode):
            return None
        keys = [key for key, _ in root.value]
        extra_chars = sum(len(key.value) for key in keys if isinstance(key, yaml.ScalarNode))
        builder = self.builder
        if (builder.nodes_seen + 1 + len(keys) > MAX_NODES
                or builder.text_chars + extra_chars > MAX_TEXT_CHARS):
            return None
        fresh = _Builder(builder.path, builder.base_dir, builder.articles)
        try:
            fresh.mapping(root, "the deck", "deck")
        except DeckError as first:
            return first
        return error


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == f"{_YAML}null" and node.value == ""


_DATUM_KEYS = frozenset({"value", "label", "display", "source", "date"})


def _misplaced_hint(schema: str, key: str, node: yaml.MappingNode) -> str:
    """A hint for a key given one level too high, such as a chart's `value` (it is a datum's)."""
    if schema != "chart" or key not in _DATUM_KEYS:
        return ""
    kind = next((value.value for name, value in node.value
                 if isinstance(name, yaml.ScalarNode) and name.value == "kind" and isinstance(value, yaml.ScalarNode)),
                None)
    if kind == "stat":
        return "; a stat chart takes its value in data: [{label: ..., value: ...}]"
    return f"; '{key}' belongs to each datum, in data: [{{label: ..., value: ...}}]"


def _is_nested_bullet(node: yaml.Node) -> bool:
    """A bullet mapping with `text` or `items` (never language codes) is an item with sub-items."""
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value in ("text", "items") for key, _ in node.value)


def _suggest(word: str, choices: list[str]) -> str:
    """"; did you mean 'x'?" for a misspelt name; bounded, as difflib is quadratic in the lengths
    (only names up to `MAX_SUGGESTED_CHARS` long, the first `MAX_SUGGESTIONS_SCANNED` of them)."""
    if len(word) > MAX_SUGGESTED_CHARS:
        return ""
    import difflib  # only an error needs it: 2 ms of every start-up otherwise

    candidates = [name for name in choices[:MAX_SUGGESTIONS_SCANNED] if len(name) <= MAX_SUGGESTED_CHARS]
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


_PLAIN_EXPONENT = re.compile(r"([-+]?[0-9]+)(\.[0-9]*)?[eE]([-+]?)([0-9]+)")


def _exponent_hint(node: yaml.Node) -> str:
    """YAML 1.1 reads `1e308` (no dot, no exponent sign) as text: say how to write the number."""
    if not isinstance(node, yaml.ScalarNode) or node.style:  # quoted: text on purpose
        return ""
    match = _PLAIN_EXPONENT.fullmatch(node.value)
    if match is None:
        return ""
    number = f"{match[1]}{match[2] or '.0'}e{match[3] or '+'}{match[4]}"
    return f" (YAML reads {node.value} as text; write {number})"


_NUMBER_WITH_UNIT = re.compile(r"\s*([^\d\s+\-.]*)\s*([-+]?(?:\d[\d,_]*)?\.?\d+)\s*(.*?)\s*")


def _unit_hint(node: yaml.Node) -> str:
    """`22%`, `"1,200"`, `-42ms`, `$100`: say to write the number alone and where the rest goes."""
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        return ""
    match = _NUMBER_WITH_UNIT.fullmatch(node.value)
    if match is None or _PLAIN_EXPONENT.fullmatch(node.value):
        return ""
    prefix, digits, suffix = match.groups()
    number = digits.replace(",", "").replace("_", "")
    unit = (prefix + " " + suffix).strip()
    if not unit:
        return f"; write {number} without the ','" if "," in digits else ""
    return f"; write the number alone ({number}) and put '{_shorten(unit, 20)}' in unit"


def _shorten(text: str, limit: int = 40) -> str:
    return shorten(text, limit)
