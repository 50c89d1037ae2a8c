"""Slide -> one Rich renderable: the only mapping from the model to what is drawn.

The Textual app shows these renderables and the exporter prints them into a colourless console,
so what you export is what you presented. All deck text goes through `deck.draw.text` (CJK-aware
wrapping, shown literally, never as markup); charts come from `deck.draw.charts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from deck.draw.charts import chart_renderable, source_entries, sourced
from deck.draw.code import CodeLines
from deck.draw.inline import InlineText
from deck.draw.table import TableBlock
from deck.draw.text import WrappedText, safe_text, wrap
from deck.format import model
from deck.format.inline import plain

DEFAULT_ACCENT = "cyan"


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a slide: language, 7-bit glyphs, notes, and how many bullets are revealed.

    `revealed` counts the items shown of the slide's reveal-enabled bullet lists (None: all).
    `sources` marks each charted figure that quotes the deck's source with a number and lists
    the quotes under the slide (the presenter's `i`, the text export's `--notes`).
    `urls` prints each link's URL after its label, once per slide (the plain-text export).
    """

    lang: str
    ascii_only: bool = False
    notes: bool = False
    revealed: int | None = None
    sources: bool = False
    urls: bool = False
    images: str = "blocks"  # how pictures are drawn: "blocks", "ascii" or "alt" (deck.draw.image)
    out_dir: str | None = None  # where an export is written (its links to pictures are relative to it)


def reveal_steps(slide: model.Slide) -> int:
    """How many key presses a slide's incremental reveal takes (items of its reveal lists, rows of
    its reveal tables)."""
    return sum(_steps(block) for block in model.flat_blocks(slide.blocks))


def _steps(block: model.Block) -> int:
    """Reveal steps of one block: a bullet per item, a table a row per step."""
    if isinstance(block, model.Bullets) and block.reveal:
        return len(block.items)
    if isinstance(block, model.Table) and block.reveal:
        return len(block.rows)
    return 0


def accent_of(slide: model.Slide) -> str:
    """The colour that marks `slide`: its section's accent."""
    return slide.section.accent if slide.section is not None else DEFAULT_ACCENT


def render_slide(slide: model.Slide, options: RenderOptions) -> RenderableType:
    """Draw `slide` as one renderable: section, title, subtitle, blocks, and notes if asked."""
    accent = accent_of(slide)
    texts = slide_texts(slide, options)
    parts: list[RenderableType] = [*_heading(slide, options, accent, texts)]
    marks = _first_marks(slide) if options.sources else {}
    body, _ = _render_blocks(slide.blocks, options, accent, options.revealed, texts, marks)
    for block in body:
        parts.extend([BLANK_LINE, block])
    if marks and any(sourced(chart) for chart in slide.charts):
        parts.extend([BLANK_LINE, render_sources(slide, options)])
    if options.notes and slide.notes is not None:
        parts.extend([BLANK_LINE, render_notes(slide.notes, options, texts)])
    return Group(*parts)


def _first_marks(slide: model.Slide) -> dict[int, int]:
    """The number of the first source mark of each chart of `slide` (by `id`), in reading order."""
    marks, first = {}, 1
    for chart in slide.charts:
        marks[id(chart)] = first
        first += sourced(chart)
    return marks


def _render_blocks(blocks: tuple[model.Block, ...], options: RenderOptions, accent: str,
                   budget: int | None, texts: InlineText,
                   marks: dict[int, int] | None = None) -> tuple[list[RenderableType], int | None]:
    """Each block's renderable, and what is left of the reveal `budget` (items still to show)
    after them: reveal steps go through the blocks in reading order, into columns too. `marks`
    numbers each chart's first source mark (by `id`; empty: no marks)."""
    drawn: list[RenderableType] = []
    marks = marks or {}
    for block in blocks:
        if isinstance(block, model.Bullets):
            shown = len(block.items) if budget is None or not block.reveal else max(budget, 0)
            if block.reveal and budget is not None:
                budget -= len(block.items)
            drawn.append(render_bullets(block, options, shown, texts))
        elif isinstance(block, model.Table) and block.reveal and budget is not None:
            drawn.append(render_table(block, options, accent, max(budget, 0)))
            budget -= len(block.rows)
        elif isinstance(block, model.Columns):
            from deck.draw.columns import ColumnsBlock  # here: only a deck with columns loads it

            columns = []
            for column in block.columns:
                inner, budget = _render_blocks(column.blocks, options, accent, budget, texts, marks)
                columns.append([part for number, one in enumerate(inner) for part in
                                ((BLANK_LINE, one) if number else (one,))])
            drawn.append(ColumnsBlock(columns, [column.width for column in block.columns]))
        else:
            drawn.append(render_block(block, options, accent, texts, first_mark=marks.get(id(block))))
    return drawn, budget


def slide_texts(slide: model.Slide, options: RenderOptions) -> InlineText:
    """What turns the deck texts of `slide` into styled Text (one per drawing of a slide)."""
    return InlineText(slide.inline, options.urls, code_style=safe_style(accent_of(slide)))


def _heading(slide: model.Slide, options: RenderOptions, accent: str, texts: InlineText) -> list[RenderableType]:
    lang = options.lang
    parts: list[RenderableType] = []
    if slide.section is not None:
        parts.append(WrappedText(texts(slide.section.name.get(lang), style=f"bold {accent}")))
    parts.append(WrappedText(texts(slide.title.get(lang), style="bold")))
    parts.append(LabelRule("-" if options.ascii_only else "━", accent))
    if slide.subtitle is not None:
        parts.append(WrappedText(texts(slide.subtitle.get(lang), style="italic")))
    return parts


def render_block(block: model.Block, options: RenderOptions, accent: str = DEFAULT_ACCENT,
                 texts: InlineText | None = None, first_mark: int | None = None) -> RenderableType:
    """Draw one block on its own, all of it shown; `texts` styles its deck text (a slide's
    `slide_texts`; by default inline markup on, URLs not printed); a chart's sourced figures
    carry marks numbered from `first_mark` when it is given."""
    lang = options.lang
    texts = texts if texts is not None else InlineText(urls=options.urls, code_style=safe_style(accent))
    if isinstance(block, model.Paragraph):
        return WrappedText(texts(block.text.get(lang)))
    if isinstance(block, model.Bullets):
        return render_bullets(block, options, len(block.items), texts)
    if isinstance(block, model.Quote):
        return render_quote(block, options, accent, texts)
    if isinstance(block, model.Code):
        return render_code(block, options, accent)
    if isinstance(block, model.Table):
        return render_table(block, options, accent, len(block.rows))
    if isinstance(block, model.Image):
        from deck.draw.image import ImageBlock  # here: a deck without pictures never loads it

        return ImageBlock(block, lang=lang, mode=options.images, ascii_only=options.ascii_only)
    if isinstance(block, model.Columns):
        return _render_blocks((block,), replace(options, revealed=None), accent, None, texts)[0][0]
    return chart_renderable(block, lang=lang, accent=accent, ascii_only=options.ascii_only, first_mark=first_mark)


def render_sources(slide: model.Slide, options: RenderOptions) -> RenderableType:
    """The verbatim quote behind each charted figure of `slide`, numbered as the charts mark
    them, under a labelled rule: what a presenter reads out when asked where a figure is from."""
    label = "来源" if options.lang == "zh" else "Sources"
    rule = "-" if options.ascii_only else "─"
    lines: list[RenderableType] = [LabelRule(rule, "dim", label=label)]
    first = 1
    open_quote, close_quote = ('"', '"') if options.ascii_only else ("“", "”")
    for chart in slide.charts:
        entries = source_entries(chart, lang=options.lang, first_mark=first, ascii_only=options.ascii_only)
        first += sourced(chart)
        for mark, what, quote in entries:
            line = safe_text(f"{what}: ", style="dim")
            line.append_text(safe_text(f"{open_quote}{quote}{close_quote}", style="italic"))
            lines.append(WrappedText(line, prefix=Text(mark + " ", style="bold")))
    return Group(*lines)


def render_code(block: model.Code, options: RenderOptions, accent: str) -> RenderableType:
    """A code block under a rule that carries its caption (`deck.draw.code` draws the lines)."""
    caption = block.caption.get(options.lang).replace("\n", " ") if block.caption is not None else ""
    return Group(LabelRule("-" if options.ascii_only else "─", accent, label=caption),
                 CodeLines(block, accent, options.ascii_only))


def render_table(block: model.Table, options: RenderOptions, accent: str, shown: int) -> RenderableType:
    """A table of deck texts; rows past `shown` keep their space but stay blank (reveal)."""
    return TableBlock(block, options.lang, accent, options.ascii_only, shown)


def render_bullets(block: model.Bullets, options: RenderOptions, shown: int,
                   texts: InlineText | None = None) -> RenderableType:
    """A bulleted list with hanging indents; items past `shown` keep their space but stay blank."""
    texts = texts if texts is not None else InlineText(urls=options.urls)
    marker = "- " if options.ascii_only else "• "
    items: list[RenderableType] = []
    for number, item in enumerate(block.items):
        wrapped = WrappedText(texts(item.get(options.lang)), prefix=marker)
        items.append(wrapped if number < shown else _Blank(wrapped))
    return Group(*items)


def render_quote(block: model.Quote, options: RenderOptions, accent: str,
                 texts: InlineText | None = None) -> RenderableType:
    """A quotation behind a bar in the accent colour (on every line), with its author under it."""
    texts = texts if texts is not None else InlineText(urls=options.urls, code_style=safe_style(accent))
    bar = Text("| " if options.ascii_only else "▌ ", style=accent)
    lines: list[RenderableType] = [_Barred(texts(block.text.get(options.lang), style="italic"), bar)]
    if block.by is not None:
        dash = "-- " if options.ascii_only else "— "
        by = texts(block.by.get(options.lang), style="dim")
        lines.append(_Barred(Text.assemble(Text(dash, style="dim"), by), bar))
    return Group(*lines)


class _Barred:
    """`text` wrapped beside `bar`, which starts every line (a quotation's margin)."""

    def __init__(self, text: Text, bar: Text) -> None:
        self.text = text
        self.bar = bar

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - self.bar.cell_len
        if width < 2:  # no room for the bar: the text alone, still wrapped
            yield WrappedText(self.text)
            return
        for line in wrap(self.text, width):
            yield Text.assemble(self.bar, line)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = WrappedText(self.text).__rich_measure__(console, options)
        extra = self.bar.cell_len
        return Measurement(min(inner.minimum + extra, options.max_width), min(inner.maximum + extra, options.max_width))


def render_notes(notes: model.Localized, options: RenderOptions, texts: InlineText | None = None,
                 *, inline: bool = True) -> RenderableType:
    """Speaker notes, under a labelled rule (`inline` False: shown as written, `inline: plain`)."""
    texts = texts if texts is not None else InlineText(inline, options.urls)
    label = "Notes" if options.lang != "zh" else "备注"
    rule = "-" if options.ascii_only else "─"
    return Group(
        LabelRule(rule, "dim", label=label),
        WrappedText(texts(notes.get(options.lang), style="dim")),
    )


class _BlankLine:
    """An empty line: what `Text("")` draws, without going through Rich's wrapping."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment("")
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(0, 0)


BLANK_LINE = _BlankLine()


class LabelRule:
    """A rule the whole width, optionally with a label at its start (`── Notes ─────`)."""

    def __init__(self, glyph: str, style: str, label: str = "") -> None:
        self.glyph = glyph
        self.style = style
        self.label = label

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        line = Text(style=self.style)
        if self.label:
            line.append(f"{self.glyph * 2} ")
            line.append_text(safe_text(self.label.replace("\n", " ")))  # a rule is one line
            line.append(" ")
        line.append(self.glyph * max(width - line.cell_len, 0))
        line.truncate(width)
        # Exactly `width` cells in one style: the segment Text would yield after wrapping, which
        # it does not need (wrapping made this rule 15% of a slide's render time).
        yield Segment(line.plain, console.get_style(self.style) if self.style else None)
        yield Segment.line()


class _Blank:
    """Takes the space of `renderable` but draws only spaces (an unrevealed bullet)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            yield Segment(" " * Segment.get_line_length(line))
            yield Segment.line()


def header_fields(deck: model.Deck, index: int, lang: str) -> tuple[str, str, str, str]:
    """What the header says at slide `index`: deck title, section name, its accent, `zh  3/26`."""
    section = deck.slides[index].section
    counter = f"{index + 1}/{len(deck.slides)}"
    if len(deck.languages) > 1:
        counter = f"{lang}  {counter}"
    # One line each, without inline markers (the header is cut, never styled by the deck).
    return (plain(deck.title.get(lang), deck.inline), plain(section.name.get(lang), deck.inline) if section else "",
            section.accent if section else "", counter)


def header_grid(title: str, section: str, accent: str, counter: str) -> Table:
    """The presenter's top row: deck title, section in its accent, n/N; cut, never wrapped."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=2, no_wrap=True, overflow="ellipsis")
    grid.add_column(ratio=2, no_wrap=True, overflow="ellipsis", justify="center")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row(Text(title, style="bold"), Text(section, style=safe_style(accent, bold=True)), Text(counter))
    return grid


def status_grid(progress: RenderableType, note: str, elapsed: str, remaining: str | None, overrun: bool,
                note_style: Style, overrun_style: Style) -> Table:
    """The presenter's status row: progress bar taking what the note and timers leave."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True)
    cells: list[RenderableType] = [progress]
    if note:
        grid.add_column(no_wrap=True)
        cells.append(Text(note, style=note_style))
    grid.add_column(no_wrap=True, justify="right")
    cells.append(Text.assemble(("elapsed ", "dim"), elapsed))
    if remaining is not None:
        grid.add_column(no_wrap=True, justify="right")
        cells.append(Text(remaining, style=overrun_style if overrun else Style()))
    grid.add_row(*cells)
    return grid


def safe_style(color: str, bold: bool = False) -> Style:
    """A style in `color` (a deck accent), plain if the colour does not parse."""
    # Accent colours come from the deck (validated by the loader); never let a bad one crash a talk.
    try:
        return Style(color=color or None, bold=bold)
    except Exception:  # rich raises ColorParseError, a plain Exception subclass
        return Style(bold=bold)


class DeckProgress:
    """A bar across the deck: done part in each slide's section colour, the rest dim.

    Each cell stands for the slide at its position, so the cost is one lookup per cell whatever
    the length of the deck.
    """

    def __init__(self, index: int, total: int, accent_at: Callable[[int], str], ascii_only: bool = False):
        self.index = index
        self.total = total
        self.accent_at = accent_at
        self.ascii_only = ascii_only

    @classmethod
    def of(cls, deck: model.Deck, index: int) -> DeckProgress:
        """The bar for slide `index` of `deck`, each cell in its slide's section accent."""

        def accent_at(position: int) -> str:
            section = deck.slides[position].section
            return section.accent if section else ""

        return cls(index, len(deck.slides), accent_at)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """One line, `options.max_width` cells wide."""
        width = options.max_width
        done_char, todo_char = ("#", "-") if self.ascii_only or options.ascii_only else ("━", "─")
        text = Text(no_wrap=True, overflow="crop")
        for cell in range(width):
            slide = min(cell * self.total // max(width, 1), self.total - 1)
            if slide <= self.index:
                text.append(done_char, safe_style(self.accent_at(slide)))
            else:
                text.append(todo_char, "dim")
        yield text
