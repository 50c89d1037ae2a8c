"""The frozen, typed model of a deck: what the loader builds and every renderer reads.

Nothing here knows about YAML or terminals; positions (`Span`) are kept so that later checks
(such as `deck check --size`) can point back at the slide in the source file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, Literal

ChartKind = Literal["bar", "share", "timeline", "stat", "line", "sparkline"]

_VALUES: dict[type, Callable[[Any], Any]] = {}  # per class: its fields' values, in order


class _Model:
    """Comparison, hashing and repr of the classes below, as `@dataclass(frozen=True)` defines
    them, written once: generated per class (the source of each method compiled at import), they
    were a third of importing this module, which the first frame waits for."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.__dict__ == other.__dict__  # the fields, in the same order: no other attributes are set

    def __hash__(self) -> int:
        return hash(_values_of(type(self))(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field.name}={getattr(self, field.name)!r}" for field in fields(self))  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({shown})"


def _values_of(cls: type) -> Callable[[Any], Any]:
    values = _VALUES.get(cls)
    if values is None:
        values = _VALUES[cls] = attrgetter(*(field.name for field in fields(cls)))
    return values


@dataclass(frozen=True, eq=False, repr=False)
class Span(_Model):
    """A 1-based line and column in the deck file."""

    line: int
    col: int


@dataclass(frozen=True, eq=False, repr=False)
class Localized(_Model):
    """A text in one or more languages.

    A plain string in the deck becomes a `Localized` whose single value serves every
    language (stored under the key ``"*"``).
    """

    values: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, text: str) -> Localized:
        """A text that reads the same in every language."""
        return cls((("*", text),))

    def get(self, lang: str) -> str:
        """The text in `lang`, else the language-neutral text, else the first given."""
        table = dict(self.values)
        if lang in table:
            return table[lang]
        if "*" in table:
            return table["*"]
        return self.values[0][1] if self.values else ""

    def languages(self) -> tuple[str, ...]:
        """The language codes this text gives explicitly (``"*"`` for a plain string)."""
        return tuple(code for code, _ in self.values)


@dataclass(frozen=True, eq=False, repr=False)
class SparkCell(Localized):
    """A table cell that draws a trend (`{sparkline: [3, 5, 2, 8]}`) instead of text.

    It is a `Localized` whose text is its figures (``3, 5, 2, 8``), so whatever reads a cell's
    text (search, a column's alignment) sees the numbers; the table draws `points` as a sparkline.
    """

    points: tuple[float, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Datum(_Model):
    """One figure of a chart.

    `value` is required for bar, share, stat, line and sparkline charts (`values`, one number
    per series, instead when the chart has `series`); `date` for timeline events. `display`
    replaces the formatted value and its unit when given (e.g. ``71万台``); `source` is a
    verbatim quote from the deck's source file (required when the deck names one).
    """

    label: Localized
    value: float | None = None
    values: tuple[float, ...] = ()
    display: Localized | None = None
    unit: Localized | None = None
    date: Localized | None = None
    source: str | None = None
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Chart(_Model):
    """A chart block: data drawn by one of the chart renderables.

    `rest` names the remainder of a share chart (the part of `total` no datum covers).
    `series` names the several numbers each datum gives in `values` (bar and line charts);
    `stacked` stacks a bar chart's series. `scale` multiplies values for display (per language:
    ``(("en", 0.1),)``; ``"*"`` for all) and `format` shows the scaled figure in a pattern where
    ``{}`` stands for it (``${}B``), so English can read ``$15B`` where Chinese reads ``150亿美元``.
    """

    kind: ChartKind
    data: tuple[Datum, ...]
    title: Localized | None = None
    unit: Localized | None = None
    total: float = 100.0
    rest: Localized | None = None
    series: tuple[Localized, ...] = ()
    stacked: bool = False
    scale: tuple[tuple[str, float], ...] = ()
    format: Localized | None = None
    span: Span = Span(0, 0)

    def scale_for(self, lang: str) -> float:
        """The display scale in `lang` (1 when none is given)."""
        table = dict(self.scale)
        return table.get(lang, table.get("*", 1.0))


@dataclass(frozen=True, eq=False, repr=False)
class Bullets(_Model):
    """A bulleted list; with `reveal`, the presenter shows one item per key press.

    Sub-items are items too, in reading order: `levels` gives each item's depth (0 at the top;
    empty when the list is flat), so everything that reads `items` (search, reveal steps, the
    exports) sees nested lists without knowing about them.
    """

    items: tuple[Localized, ...]
    reveal: bool = False
    span: Span = Span(0, 0)
    levels: tuple[int, ...] = ()

    def level(self, index: int) -> int:
        """How deep item `index` is nested (0: a top-level item)."""
        return self.levels[index] if self.levels else 0


@dataclass(frozen=True, eq=False, repr=False)
class Paragraph(_Model):
    """A paragraph of prose."""

    text: Localized
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Quote(_Model):
    """A quotation, optionally attributed."""

    text: Localized
    by: Localized | None = None
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Code(_Model):
    """A code block, shown verbatim: never wrapped, highlighted when `lang` names a language.

    `text` is the code as written (one text for every language), with control characters already
    made visible (``\\x1b``) by the loader and tabs kept; they are expanded to stops every `tabs`
    cells when drawn. `lang` is a Pygments lexer alias (None: plain text). `highlight` holds the
    1-based line ranges to mark, as (first, last) pairs.
    """

    text: str
    lang: str | None = None
    numbers: bool = False
    highlight: tuple[tuple[int, int], ...] = ()
    caption: Localized | None = None
    tabs: int = 4
    span: Span = Span(0, 0)

    def highlighted(self, line: int) -> bool:
        """Whether 1-based `line` is one of the marked lines."""
        return any(first <= line <= last for first, last in self.highlight)


Align = Literal["left", "right", "center"]


@dataclass(frozen=True, eq=False, repr=False)
class Table(_Model):
    """A table of deck texts: a header row, body rows of the same length, a placement per column.

    `align` holds one entry per column; None means the default (right for a column whose body
    cells are all numbers, else left). With `reveal`, the presenter shows one body row per key
    press.
    """

    header: tuple[Localized, ...]
    rows: tuple[tuple[Localized, ...], ...]
    align: tuple[Align | None, ...] = ()
    reveal: bool = False
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Image(_Model):
    """A picture from a file in the deck's folder, with the words that stand for it.

    `file` is the path as the deck wrote it; `path` the checked real path inside the deck's
    folder; `width` the most cells it may take (None: what fits); `pixels` its size.
    """

    file: str
    path: str
    alt: Localized
    width: int | None = None
    pixels: tuple[int, int] = (0, 0)
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Column(_Model):
    """One column of a `Columns` block: its blocks, and its width relative to its neighbours."""

    blocks: tuple[Block, ...]
    width: int = 1
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Columns(_Model):
    """Two or more columns side by side (stacked when the slide is too narrow for them)."""

    columns: tuple[Column, ...]
    span: Span = Span(0, 0)


Block = Bullets | Paragraph | Quote | Chart | Code | Table | Image | Columns


def flat_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """`blocks` in reading order, with each column's blocks in place of its `Columns`."""
    for block in blocks:
        if isinstance(block, Columns):
            for column in block.columns:
                yield from flat_blocks(column.blocks)
        else:
            yield block


@dataclass(frozen=True, eq=False, repr=False)
class Section(_Model):
    """A theme of the deck; its accent colour marks every slide in it."""

    id: str
    name: Localized
    accent: str
    span: Span = Span(0, 0)


@dataclass(frozen=True, eq=False, repr=False)
class Slide(_Model):
    """One slide: a title, its blocks in the order the deck wrote them, and speaker notes."""

    title: Localized
    section: Section | None = None
    id: str | None = None
    subtitle: Localized | None = None
    blocks: tuple[Block, ...] = ()
    notes: Localized | None = None
    span: Span = Span(0, 0)
    inline: bool = True  # the deck's `inline`: False (`plain`) shows text without parsing emphasis

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The chart blocks of this slide (in columns too)."""
        return tuple(block for block in flat_blocks(self.blocks) if isinstance(block, Chart))


@dataclass(frozen=True, eq=False, repr=False)
class Source(_Model):
    """The article a deck condenses; chart quotes are checked against `text`."""

    file: str
    text: str
    publisher: Localized | None = None
    title: Localized | None = None
    url: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Deck(_Model):
    """A whole deck, validated: every section reference and language is known."""

    path: str
    title: Localized
    languages: tuple[str, ...]
    slides: tuple[Slide, ...]
    sections: tuple[Section, ...] = ()
    subtitle: Localized | None = None
    author: Localized | None = None
    date: str | None = None
    source: Source | None = None
    inline: bool = True  # False for `inline: plain`: `**` and the like are shown as written

    @property
    def default_language(self) -> str:
        """The first declared language (the deck's default)."""
        return self.languages[0]

    @property
    def images(self) -> tuple[Image, ...]:
        """Every image in the deck, in slide order."""
        return tuple(block for slide in self.slides for block in flat_blocks(slide.blocks) if isinstance(block, Image))

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart in the deck, in slide order."""
        return tuple(chart for slide in self.slides for chart in slide.charts)
