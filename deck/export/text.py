"""The plain-text export: every slide printed through `render.render_slide` into a colourless
Rich console (`draw`), under a header rule, after the deck's title block."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType

from deck.draw.inline import InlineText
from deck.draw.render import LabelRule, RenderOptions, render_slide
from deck.draw.text import WrappedText, safe_text
from deck.format import model
from deck.format.inline import plain


class _AsciiBuffer(io.StringIO):
    """A text buffer that tells Rich it can only take ASCII, so Rich's own boxes go 7-bit too."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "ascii"


def draw(renderable: RenderableType, width: int, ascii_only: bool = False) -> list[str]:
    """`renderable` as plain lines of at most `width` cells, trailing spaces removed."""
    return _Drawer(width, ascii_only)(renderable)


class _Drawer:
    """`draw` with one colourless console for many renderables (setting one up took 14 us, as
    long as drawing a short slide)."""

    def __init__(self, width: int, ascii_only: bool = False) -> None:
        self.width = width
        self.buffer: io.StringIO = _AsciiBuffer() if ascii_only else io.StringIO()
        self.console = Console(file=self.buffer, width=width, color_system=None, force_terminal=False,
                               legacy_windows=False, emoji=False, highlight=False, markup=False,
                               no_color=True, soft_wrap=False)
        # The options `console.print` renders with.
        self.options = self.console.options.update(justify=None, overflow=None, height=None, no_wrap=None,
                                                   markup=None, highlight=None)

    def __call__(self, renderable: RenderableType) -> list[str]:
        # What `console.print` writes, without its cropping pass, which measured every segment
        # of every line again (a tenth of an export): our renderables keep within the width, so
        # the lines are only measured when they might not (and then printed as before, cropped).
        width = self.width
        segments = self.console.render(renderable, self.options)
        lines = "".join(segment.text for segment in segments if not segment.control).splitlines()
        if any(len(line) * 2 > width and cell_len(line) > width for line in lines):
            self.buffer.seek(0)
            self.buffer.truncate()
            self.console.print(renderable)
            lines = self.buffer.getvalue().splitlines()
        return [line.rstrip() for line in lines]


# --- plain text -----------------------------------------------------------------------------


def text_lines(deck: model.Deck, options: RenderOptions, width: int) -> Iterator[str]:
    """The plain-text document, line by line: the title block, then each slide under its header rule."""
    options = replace(options, urls=True)  # a link's URL follows its label: paper has no links
    draw_lines = _Drawer(width, options.ascii_only)
    yield from draw_lines(_title_block(deck, options))
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        yield ""
        yield from draw_lines(_slide_header(number, total, slide, options))
        yield ""
        yield from draw_lines(render_slide(slide, options))


def _title_block(deck: model.Deck, options: RenderOptions) -> RenderableType:
    lang = options.lang
    texts = InlineText(deck.inline, options.urls)
    lines: list[RenderableType] = [WrappedText(texts(deck.title.get(lang)))]
    for extra in (deck.subtitle, deck.author):
        if extra is not None:
            lines.append(WrappedText(texts(extra.get(lang))))
    if deck.date:
        lines.append(WrappedText(safe_text(deck.date)))
    if deck.source is not None:
        lines.append(WrappedText(safe_text(source_line(deck.source, lang, options.ascii_only))))
    return Group(*lines)


def source_line(source: model.Source, lang: str, ascii_only: bool = False) -> str:
    """The deck's source as one line: `Source: publisher · title · url`."""
    parts = [part.get(lang) for part in (source.publisher, source.title) if part is not None]
    parts.append(source.url or source.file)
    joined = (" - " if ascii_only else " · ").join(parts)
    return f"来源：{joined}" if lang == "zh" else f"Source: {joined}"


def _slide_header(number: int, total: int, slide: model.Slide, options: RenderOptions) -> LabelRule:
    """`── 3/24 - 元宇宙豪赌 ─────` across the width (cut to fit)."""
    # One line without inline markers, as the presenter's header shows it.
    section = f" - {plain(slide.section.name.get(options.lang), slide.inline)}" if slide.section is not None else ""
    return LabelRule("-" if options.ascii_only else "─", "", label=f"{number}/{total}{section}")
