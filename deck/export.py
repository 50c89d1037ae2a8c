"""Export a deck as plain text or a Markdown handout, drawn by the same renderables as the app.

Text export prints every slide through `render.render_slide` into a colourless Rich console;
the Markdown handout draws charts with the same renderables inside fenced blocks. Files are
written atomically: a temporary file in the target's folder, then a rename, so an existing
output is either wholly replaced or left as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType

from deck import model
from deck.errors import DeckIOError
from deck.render import LabelRule, RenderOptions, accent_of, render_block, render_slide
from deck.text import WrappedText, safe_text


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


def export_deck(deck: model.Deck, *, fmt: str = "text", width: int = 80, lang: str | None = None,
                ascii_only: bool = False, notes: bool = False) -> str:
    """The whole deck as one document in `fmt` (`text` or `markdown`)."""
    options = RenderOptions(lang=lang or deck.default_language, ascii_only=ascii_only, notes=notes)
    lines = _markdown(deck, options, width) if fmt == "markdown" else _text(deck, options, width)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- plain text -----------------------------------------------------------------------------


def _text(deck: model.Deck, options: RenderOptions, width: int) -> Iterator[str]:
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
    lines: list[RenderableType] = [WrappedText(safe_text(deck.title.get(lang)))]
    for extra in (deck.subtitle, deck.author):
        if extra is not None:
            lines.append(WrappedText(safe_text(extra.get(lang))))
    if deck.date:
        lines.append(WrappedText(safe_text(deck.date)))
    if deck.source is not None:
        lines.append(WrappedText(safe_text(_source_line(deck.source, lang, options.ascii_only))))
    return Group(*lines)


def _source_line(source: model.Source, lang: str, ascii_only: bool = False) -> str:
    parts = [part.get(lang) for part in (source.publisher, source.title) if part is not None]
    parts.append(source.url or source.file)
    joined = (" - " if ascii_only else " · ").join(parts)
    return f"来源：{joined}" if lang == "zh" else f"Source: {joined}"


def _slide_header(number: int, total: int, slide: model.Slide, options: RenderOptions) -> LabelRule:
    """`── 3/24 - 元宇宙豪赌 ─────` across the width (cut to fit)."""
    section = f" - {slide.section.name.get(options.lang)}" if slide.section is not None else ""
    return LabelRule("-" if options.ascii_only else "─", "", label=f"{number}/{total}{section}")


# --- Markdown -------------------------------------------------------------------------------

# `$` too: GitHub renders $...$ as LaTeX math ("$100B to $15B" would turn into a formula).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def _one_line(text: str) -> str:
    """`text` with its line breaks made spaces: for headings and other one-line places."""
    return text.replace("\n", " ")


def md_escape(text: str) -> str:
    """Deck text as literal Markdown: no emphasis, links, HTML, headings or lists come of it."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    lines = (_MD_LINE_START.sub(r"\1\\\2", line) for line in escaped.split("\n"))
    return "\n".join(_MD_ORDERED.sub(r"\1\\\2", line) for line in lines)


def _fence(lines: list[str]) -> tuple[str, str]:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return fence + "text", fence


def _markdown(deck: model.Deck, options: RenderOptions, width: int) -> Iterator[str]:
    lang = options.lang
    yield f"# {md_escape(_one_line(deck.title.get(lang)))}"
    if deck.subtitle is not None:
        yield ""
        yield f"*{md_escape(_one_line(deck.subtitle.get(lang)))}*"
    byline = [part for part in (deck.author.get(lang) if deck.author else None, deck.date) if part]
    if byline:
        yield ""
        yield md_escape(_one_line(" · ".join(byline) if not options.ascii_only else " - ".join(byline)))
    if deck.source is not None:
        yield ""
        yield md_escape(_source_line(deck.source, lang, options.ascii_only))
    footnotes: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        yield ""
        yield from _markdown_slide(number, slide, options, width, footnotes)
    if footnotes:
        yield ""
        yield from footnotes


def _markdown_slide(number: int, slide: model.Slide, options: RenderOptions, width: int,
                    footnotes: list[str]) -> Iterator[str]:
    lang = options.lang
    yield f"## {number}. {md_escape(_one_line(slide.title.get(lang)))}"
    if slide.section is not None:
        yield ""
        yield f"*{md_escape(_one_line(slide.section.name.get(lang)))}*"
    if slide.subtitle is not None:
        yield ""
        yield md_escape(slide.subtitle.get(lang))
    for block in slide.blocks:
        yield ""
        yield from _markdown_block(block, slide, options, width, footnotes)
    if options.notes and slide.notes is not None:
        yield ""
        label = "备注" if lang == "zh" else "Notes"
        note = md_escape(slide.notes.get(lang)).replace("\n", "\n> ")
        yield f"> **{label}:** {note}"


def _markdown_block(block: model.Block, slide: model.Slide, options: RenderOptions, width: int,
                    footnotes: list[str]) -> Iterator[str]:
    lang = options.lang
    if isinstance(block, model.Paragraph):
        yield md_escape(block.text.get(lang))
    elif isinstance(block, model.Bullets):
        yield from (f"- {md_escape(item.get(lang))}".replace("\n", "\n  ") for item in block.items)
    elif isinstance(block, model.Quote):
        yield "> " + md_escape(block.text.get(lang)).replace("\n", "\n> ")
        if block.by is not None:
            dash = "--" if options.ascii_only else "—"
            by = md_escape(block.by.get(lang)).replace("\n", "\n> ")
            yield f">\n> {dash} {by}"
    else:
        yield from _markdown_chart(block, slide, options, width, footnotes)


def _markdown_chart(chart: model.Chart, slide: model.Slide, options: RenderOptions, width: int,
                    footnotes: list[str]) -> Iterator[str]:
    drawn = draw(render_block(chart, options, accent_of(slide)), width, options.ascii_only)
    opening, closing = _fence(drawn)
    yield opening
    yield from drawn
    yield closing
    cited: list[str] = []
    for datum in chart.data:
        if datum.source is None:
            continue
        footnotes.append(f"[^{len(footnotes) + 1}]: {md_escape(_one_line(datum.source))}")
        cited.append(f"{md_escape(datum.label.get(options.lang))}[^{len(footnotes)}]")
    if cited:
        label = "来源：" if options.lang == "zh" else "Sources: "
        yield ""
        yield label + (" - " if options.ascii_only else " · ").join(cited)


# --- writing --------------------------------------------------------------------------------


def write_atomic(path: str, document: str) -> None:
    """Write `document` to `path` via a temporary file and a rename; never leave it half written.

    A symbolic link is written through (the link stays, the file it points to is replaced);
    anything but a regular file -- a device such as /dev/null, a named pipe -- is refused, as
    the rename would put a plain file in its place.
    """
    target = _resolve(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise DeckIOError(path, "is a directory; give a file name to write to")
    if not os.path.isdir(folder):
        raise DeckIOError(path, f"cannot write: folder {folder} does not exist")
    if os.path.lexists(target):
        mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):
            raise DeckIOError(path, "cannot write: not a regular file (leave out -o to write to standard output)")
        if not mode & 0o222:
            raise DeckIOError(path, "cannot write: the file is read-only")
    temporary = ""
    import tempfile  # here, not at the top: with shutil and the compressors it takes 4 ms to import

    try:  # one block: a Ctrl-C between creating the temporary and guarding it would leave it behind
        handle, temporary = tempfile.mkstemp(prefix=".deck-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(document)
            out.flush()
            os.fsync(out.fileno())
        _keep_mode(target, temporary)
        os.replace(temporary, target)
    except BaseException as error:
        if temporary:
            _remove_quietly(temporary)
        if isinstance(error, OSError):
            raise DeckIOError(path, f"cannot write: {error.strerror or error}") from None
        raise


def _resolve(path: str) -> str:
    """`path` with symbolic links followed (to where a link points, even if nothing is there yet)."""
    try:
        return os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return os.path.realpath(path)
    except OSError as error:  # a loop of links
        raise DeckIOError(path, f"cannot write: {error.strerror or error}") from None


def _keep_mode(path: str, temporary: str) -> None:
    """Give the new file the old one's permissions (mkstemp makes it 0600)."""
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
