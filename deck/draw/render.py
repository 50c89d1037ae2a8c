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
from rich.text import Text

from deck.draw.gridrow import GridCell, GridRow
from deck.draw.inline import InlineText
from deck.draw.text import WrappedText, safe_text, wrap
from deck.format import model
from deck.format.inline import plain

DEFAULT_ACCENT = "cyan"


@dataclass(frozen=True)
class TitlePage:
    """What the title slide shows besides its own text: the deck's subtitle, author, date, source."""

    subtitle: model.Localized | None = None
    author: model.Localized | None = None
    date: str | None = None
    source: model.Source | None = None

    @classmethod
    def of(cls, deck: model.Deck) -> TitlePage:
        """The title page of `deck`."""
        return cls(deck.subtitle, deck.author, deck.date, deck.source)


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a slide: language, 7-bit glyphs, notes, and how many bullets are revealed.

    `revealed` counts the items shown of the slide's reveal-enabled bullet lists (None: all).
    `title_page` draws the slide as the deck's title slide (`slide_options` sets it for slide 1).
    `sources` marks each charted figure that quotes the deck's source with a number and lists
    the quotes under the slide (the presenter's `i`, the text export's `--notes`); with
    `source_list` False only the marks are drawn (the HTML and PDF list the quotes on the notes page).
    `urls` prints each link's URL after its label, once per slide (the plain-text export).
    """

    lang: str
    ascii_only: bool = False
    notes: bool = False
    revealed: int | None = None
    sources: bool = False
    source_list: bool = True
    urls: bool = False
    images: str = "blocks"  # how pictures are drawn: "blocks", "ascii" or "alt" (deck.draw.image)
    out_dir: str | None = None  # where an export is written (its links to pictures are relative to it)
    title_page: TitlePage | None = None


def slide_options(deck: model.Deck, index: int, options: RenderOptions) -> RenderOptions:
    """`options` for slide `index` of `deck`: the first slide is the title slide when it is one
    (`is_title_slide`); a deck that opens with content keeps its first slide as written."""
    if index == 0 and is_title_slide(deck.slides[0]):
        return replace(options, title_page=TitlePage.of(deck))
    return options


def is_title_slide(slide: model.Slide) -> bool:
    """Whether a first slide reads as a title page: a title, maybe a subtitle, and only text."""
    return all(isinstance(block, model.Paragraph) for block in slide.blocks)


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
    """Draw `slide` as one renderable: section, title, subtitle, blocks, and notes if asked.

    With `options.title_page` it is the title slide: every line centred, the title in the
    accent colour, then the deck's author, date and source (see `_title_heading`).
    """
    accent = accent_of(slide)
    texts = slide_texts(slide, options)
    title_page = options.title_page
    if title_page is None:
        heading = _heading(slide, options, accent, texts)
    else:
        heading = _title_heading(slide, title_page, options, accent, texts)
    parts: list[RenderableType] = [*heading]
    marks = _first_marks(slide) if options.sources else {}
    body, _ = _render_blocks(slide.blocks, options, accent, options.revealed, texts, marks)
    for block in body:
        parts.extend([BLANK_LINE, block])
    if title_page is not None:
        parts.extend(_byline(title_page, options, texts))
    if marks and options.source_list and any(_sourced(chart) for chart in slide.charts):
        parts.extend([BLANK_LINE, render_sources(slide, options)])
    if options.notes and slide.notes is not None:
        parts.extend([BLANK_LINE, render_notes(slide.notes, options, texts)])
    return Group(*parts)


def _first_marks(slide: model.Slide) -> dict[int, int]:
    """The number of the first source mark of each chart of `slide` (by `id`), in reading order."""
    from deck.draw.charts import sourced

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
            drawn.append(render_table(block, options, accent, max(budget, 0), texts))
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
            one = render_block(block, options, accent, texts, first_mark=marks.get(id(block)))
            if options.title_page is not None and isinstance(one, WrappedText):
                one.justify = "center"  # the title slide's text is centred like its title
            drawn.append(one)
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


TITLE_RULE_MAX = 40  # cells: the title slide's rule is a short centred bar, not a full-width line


def _title_heading(slide: model.Slide, page: TitlePage, options: RenderOptions,
                   accent: str, texts: InlineText) -> list[RenderableType]:
    """The title slide's top: the title (bold, accent colour, centred), a short rule, subtitle.

    No large-type letters: neither Rich nor Textual has a font for them (Textual's `Digits` draws
    digits and a few signs), a three-row font would need three times the width, and none exists
    for Chinese or Japanese; so every script gets the same bold title in the accent colour.
    """
    lang = options.lang
    parts: list[RenderableType] = [
        WrappedText(texts(slide.title.get(lang), style=f"bold {accent}"),
                    justify="center"),
        _ShortRule("-" if options.ascii_only else "━", accent, TITLE_RULE_MAX),
    ]
    subtitle = slide.subtitle or page.subtitle
    if subtitle is not None:
        parts.append(WrappedText(texts(subtitle.get(lang), style="italic"), justify="center"))
    return parts


def _byline(page: TitlePage, options: RenderOptions, texts: InlineText) -> list[RenderableType]:
    """Author and date on one line (the author a deck text, with its emphasis), the source under
    it; nothing when the deck names none."""
    lang = options.lang
    dot = " - " if options.ascii_only else " · "
    parts = [texts(page.author.get(lang))] if page.author is not None and page.author.get(lang) else []
    if page.date:
        parts.append(safe_text(page.date))
    lines: list[RenderableType] = []
    if parts:
        lines.append(WrappedText(Text(dot, end="").join(parts), justify="center"))
    if page.source is not None:
        names = [part.get(lang) for part in (page.source.publisher, page.source.title) if part is not None]
        if names:
            label = "来源：" if lang == "zh" else "Source: "
            lines.append(WrappedText(safe_text(label + dot.join(names), style="dim"), justify="center"))
    return [BLANK_LINE, *lines] if lines else []


class _ShortRule:
    """A rule at most `longest` cells long, centred in the width it is given."""

    def __init__(self, glyph: str, style: str, longest: int) -> None:
        self.glyph = glyph
        self.style = style
        self.longest = longest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        length = min(self.longest, width)
        left = (width - length) // 2
        yield Segment(" " * left)
        yield Segment(self.glyph * length, safe_style(self.style))
        yield Segment(" " * (width - left - length))
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


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
        return render_table(block, options, accent, len(block.rows), texts)
    if isinstance(block, model.Image):
        from deck.draw.image import ImageBlock  # here: a deck without pictures never loads it

        return ImageBlock(block, lang=lang, mode=options.images, ascii_only=options.ascii_only)
    if isinstance(block, model.Columns):
        return _render_blocks((block,), replace(options, revealed=None), accent, None, texts)[0][0]
    # The chart modules are imported by the first chart drawn: a title slide (the early paint's
    # usual first frame) does not wait for them.
    from deck.draw.charts import chart_renderable

    return chart_renderable(block, lang=lang, accent=accent, ascii_only=options.ascii_only, first_mark=first_mark,
                            inline=texts.inline)


def _sourced(chart: model.Chart) -> int:
    from deck.draw.charts import sourced

    return sourced(chart)


def render_sources(slide: model.Slide, options: RenderOptions) -> RenderableType:
    """The verbatim quote behind each charted figure of `slide`, numbered as the charts mark
    them, under a labelled rule: what a presenter reads out when asked where a figure is from."""
    from deck.draw.charts import source_entries, sourced

    label = "来源" if options.lang == "zh" else "Sources"
    rule = "-" if options.ascii_only else "─"
    lines: list[RenderableType] = [LabelRule(rule, "dim", label=label)]
    first = 1
    open_quote, close_quote = ('"', '"') if options.ascii_only else ("“", "”")
    for chart in slide.charts:
        entries = source_entries(chart, lang=options.lang, first_mark=first, ascii_only=options.ascii_only,
                                 inline=slide.inline)
        first += sourced(chart)
        for mark, what, quote in entries:
            line = safe_text(f"{what}: ", style="dim")
            line.append_text(safe_text(f"{open_quote}{quote}{close_quote}", style="italic"))
            # The mark bold as a span: a prefix's base style would carry over the whole first line.
            lines.append(WrappedText(line, prefix=Text.assemble((mark, "bold"), " ")))
    return Group(*lines)


def render_code(block: model.Code, options: RenderOptions, accent: str) -> RenderableType:
    """A code block under a rule that carries its caption (`deck.draw.code` draws the lines)."""
    from deck.draw.code import CodeLines  # drawing modules of code and tables: imported when used

    caption = block.caption.get(options.lang).replace("\n", " ") if block.caption is not None else ""
    return Group(LabelRule("-" if options.ascii_only else "─", accent, label=caption),
                 CodeLines(block, accent, options.ascii_only))


def render_table(block: model.Table, options: RenderOptions, accent: str, shown: int,
                 texts: InlineText | None = None) -> RenderableType:
    """A table of deck texts (styled by `texts`, the slide's); rows past `shown` keep their
    space but stay blank (reveal)."""
    from deck.draw.table import TableBlock  # imported by decks with tables only (memory, start-up)

    texts = texts if texts is not None else InlineText(urls=options.urls, code_style=safe_style(accent))
    return TableBlock(block, options.lang, accent, options.ascii_only, shown, texts)


def render_bullets(block: model.Bullets, options: RenderOptions, shown: int,
                   texts: InlineText | None = None) -> RenderableType:
    """A bulleted list with hanging indents; items past `shown` keep their space but stay blank."""
    texts = texts if texts is not None else InlineText(urls=options.urls)
    markers = _ASCII_MARKERS if options.ascii_only else _MARKERS
    items: list[RenderableType] = []
    for number, item in enumerate(block.items):
        level = block.level(number)
        # Two cells more per level; the prefix's width is every following line's hanging indent.
        prefix = "  " * level + markers[min(level, len(markers) - 1)]
        wrapped = WrappedText(texts(item.get(options.lang)), prefix=prefix)
        items.append(wrapped if number < shown else _Blank(wrapped))
    return Group(*items)


_MARKERS = ("• ", "◦ ", "▪ ")
_ASCII_MARKERS = ("- ", "* ", "+ ")


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


def header_grid(title: str, section: str, accent: str, counter: str) -> GridRow:
    """The presenter's top row: deck title, section in its accent, n/N; cut, never wrapped."""
    return GridRow(GridCell(Text(title, style="bold"), ratio=2),
                   GridCell(Text(section, style=safe_style(accent, bold=True)), ratio=2, justify="center"),
                   GridCell(Text(counter), justify="right"))


def status_grid(progress: RenderableType, note: str, elapsed: str, remaining: str | None, overrun: bool,
                note_style: Style, overrun_style: Style) -> GridRow:
    """The presenter's status row: progress bar taking what the note and timers leave."""
    cells = [GridCell(progress, ratio=1)]
    if note:
        cells.append(GridCell(Text(note, style=note_style)))
    cells.append(GridCell(Text.assemble(("elapsed ", "dim"), elapsed), justify="right"))
    if remaining is not None:
        cells.append(GridCell(Text(remaining, style=overrun_style if overrun else Style()), justify="right"))
    return GridRow(*cells)


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

    def __init__(self, index: int, total: int, accent_at: Callable[[int], str], ascii_only: bool = False,
                 source: object = None):
        self.index = index
        self.total = total
        self.accent_at = accent_at
        self.ascii_only = ascii_only
        self.source = source  # what `accent_at` reads (the deck): equal sources, equal bars

    @classmethod
    def of(cls, deck: model.Deck, index: int) -> DeckProgress:
        """The bar for slide `index` of `deck`, each cell in its slide's section accent."""

        def accent_at(position: int) -> str:
            section = deck.slides[position].section
            return section.accent if section else ""

        return cls(index, len(deck.slides), accent_at, source=deck)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """One line, `options.max_width` cells wide."""
        width = options.max_width
        done_char, todo_char = ("#", "-") if self.ascii_only or options.ascii_only else ("━", "─")
        text = Text(no_wrap=True, overflow="crop")
        # One append per run of cells in the same colour (a section), not per cell: the bar is
        # drawn on every key press, and a Style per cell was most of the status row's time.
        run_accent, run_length = "", 0
        for cell in range(width):
            slide = min(cell * self.total // max(width, 1), self.total - 1)
            if slide > self.index:
                break
            accent = self.accent_at(slide)
            if accent != run_accent and run_length:
                text.append(done_char * run_length, safe_style(run_accent))
                run_length = 0
            run_accent, run_length = accent, run_length + 1
        if run_length:
            text.append(done_char * run_length, safe_style(run_accent))
        text.append(todo_char * (width - text.cell_len), "dim")
        yield text
