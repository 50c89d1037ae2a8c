"""The Markdown handout: slide text escaped as Markdown prose, charts drawn by the same
renderables as the screen inside fenced blocks, sources as footnotes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import ClassVar

from deck.draw.inline import InlineText
from deck.draw.render import RenderOptions, accent_of, render_block
from deck.export.text import draw, source_line
from deck.format import model
from deck.format.inline import Run, plain, runs

# `$` too: GitHub renders $...$ as LaTeX math ("$100B to $15B" would turn into a formula).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def _one_line(text: str) -> str:
    """`text` with its line breaks made spaces: for headings and other one-line places."""
    return text.replace("\n", " ")


def md_escape(text: str) -> str:
    """Deck text as literal Markdown: no emphasis, links, HTML, headings or lists come of it."""
    return _escape_line_starts(_escape_specials(text))


def _escape_specials(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def _escape_line_starts(text: str) -> str:
    lines = (_MD_LINE_START.sub(r"\1\\\2", line) for line in text.split("\n"))
    return "\n".join(_MD_ORDERED.sub(r"\1\\\2", line) for line in lines)


def md_inline(text: str, inline: bool = True) -> str:
    """Deck text as Markdown with its inline emphasis, code and links as Markdown again, and
    everything the deck meant literally escaped (`inline` False: all of it literal)."""
    parts = runs(text, inline)
    if all(run == Run(run.text) for run in parts):
        return md_escape("".join(run.text for run in parts))  # escapes resolved, the rest literal
    return _escape_line_starts(_MarkdownRuns(parts).markdown())


class _MarkdownRuns:
    """Styled runs back to inline Markdown. Markers that last longer open first (outermost), so
    `*a **b** c*` comes back as written rather than as crossing markers."""

    _OPEN: ClassVar[dict[str, str]] = {"bold": "**", "italic": "*"}

    def __init__(self, parts: tuple[Run, ...], in_cell: bool = False) -> None:
        self.parts = parts
        self.in_cell = in_cell  # a table cell: `|` escaped in code and URLs too, one line
        self.out: list[str] = []
        self.open: list[tuple[str, str]] = []  # (marker, link URL or "") from outermost

    def markdown(self) -> str:
        for number, run in enumerate(self.parts):
            wanted = _markers(run)
            while any(marker not in wanted for marker in self.open):
                self._close()
            fresh = [marker for marker in wanted if marker not in self.open]
            fresh.sort(key=lambda marker: -self._lasts(marker, number))
            for marker in fresh:
                self.out.append("[" if marker[0] == "link" else self._OPEN[marker[0]])
                self.open.append(marker)
            self.out.append(self._code(run.text) if run.code else _escape_specials(run.text))
        while self.open:
            self._close()
        return "".join(self.out)

    def _code(self, text: str) -> str:
        if not self.in_cell:
            return _code_span(text)
        # A cell is one line (CommonMark reads a code span's line break as a space anyway), and
        # GitHub takes `\|` as `|` inside the span before reading it as code.
        return _code_span(text.replace("\n", " ")).replace("|", "\\|")

    def _lasts(self, marker: tuple[str, str], start: int) -> int:
        count = 0
        for run in self.parts[start:]:
            if marker not in _markers(run):
                break
            count += 1
        return count

    def _close(self) -> None:
        kind, url = self.open.pop()
        if kind == "link":
            destination = _LINK_DESTINATION.sub(r"\\\1", url)
            self.out.append("](" + (destination.replace("|", "\\|") if self.in_cell else destination) + ")")
        else:
            self.out.append(self._OPEN[kind])


_LINK_DESTINATION = re.compile(r"([()<>\\])")


def _markers(run: Run) -> list[tuple[str, str]]:
    markers = [("link", run.link)] if run.link is not None else []
    return markers + [(name, "") for name, on in (("bold", run.bold), ("italic", run.italic)) if on]


def _code_span(text: str) -> str:
    """`text` as a code span: a fence longer than any run of backticks in it, padded when it
    starts or ends with a backtick or a space (CommonMark strips one space each side)."""
    longest = max((len(ticks) for ticks in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fence(lines: list[str]) -> tuple[str, str]:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return fence + "text", fence


def markdown_code(block: model.Code, lang: str) -> Iterator[str]:
    """A code block: its caption in italics, then the code verbatim in a fence of backticks longer
    than any run of backticks inside it, tagged with its language."""
    if block.caption is not None:
        yield f"*{md_escape(_one_line(block.caption.get(lang)))}*"
        yield ""
    lines = block.text.split("\n")
    _, fence = _fence(lines)
    yield fence + (block.lang or "text")
    yield from lines
    yield fence


def md_cell(text: str, inline: bool = True) -> str:
    """A table cell as Markdown: its inline emphasis, code and links kept (as `md_inline`), every
    `|` escaped (GitHub's tables split cells on a bare `|`, even inside code or a link), its line
    breaks as `<br>`.

    Not `md_escape`: nothing starts a line inside a cell, so `7.5` or `-3` need no backslash.
    """
    parts = runs(text, inline)
    if all(run == Run(run.text) for run in parts):
        written = _escape_specials("".join(run.text for run in parts))
    else:
        written = _MarkdownRuns(parts, in_cell=True).markdown()
    return written.replace("\n", "<br>")


_ALIGN_RULES = {"left": ":---", "right": "---:", "center": ":---:"}


def spark_cell(cell: model.SparkCell, ascii_only: bool = False) -> str:
    """A sparkline cell as Markdown: its trend and its first and last figures (``▂▄▁█ 3 → 8``)."""
    from deck.draw.charts import format_number, sparkline
    from deck.draw.table import SPARK_CELLS

    first, last = (format_number(cell.points[index]) for index in (0, -1))
    ends = first if len(cell.points) == 1 else f"{first} {'->' if ascii_only else '→'} {last}"
    return md_cell(f"{sparkline(cell.points, SPARK_CELLS, ascii_only)} {ends}", inline=False)


def markdown_table(block: model.Table, lang: str, inline: bool = True, ascii_only: bool = False) -> Iterator[str]:
    """A pipe table (GitHub's); a table without a header gets an empty one (Markdown needs it).
    Cells keep their inline Markdown (`inline` False: written as literal text)."""
    from deck.draw.table import alignments

    columns = len(block.header or block.rows[0])
    header = [_table_cell(cell, lang, inline, ascii_only) for cell in block.header] or [" "] * columns
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join(_ALIGN_RULES[place] for place in alignments(block, lang, inline)) + "|"
    for row in block.rows:
        yield "| " + " | ".join(_table_cell(cell, lang, inline, ascii_only) for cell in row) + " |"


def _table_cell(cell: model.Localized, lang: str, inline: bool, ascii_only: bool) -> str:
    return spark_cell(cell, ascii_only) if isinstance(cell, model.SparkCell) else md_cell(cell.get(lang), inline)


def markdown_lines(deck: model.Deck, options: RenderOptions, width: int) -> Iterator[str]:
    """The Markdown handout, line by line."""
    lang = options.lang
    yield f"# {md_inline(_one_line(deck.title.get(lang)), deck.inline)}"
    if deck.subtitle is not None:
        yield ""
        yield f"*{md_inline(_one_line(deck.subtitle.get(lang)), deck.inline)}*"
    author = md_inline(_one_line(deck.author.get(lang)), deck.inline) if deck.author else ""
    byline = [part for part in (author, md_escape(deck.date or "")) if part]
    if byline:
        yield ""
        yield (" · " if not options.ascii_only else " - ").join(byline)
    if deck.source is not None:
        yield ""
        yield md_escape(source_line(deck.source, lang, options.ascii_only))
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
    inline = slide.inline
    yield f"## {number}. {md_inline(_one_line(slide.title.get(lang)), inline)}"
    if slide.section is not None:
        yield ""
        yield f"*{md_inline(_one_line(slide.section.name.get(lang)), inline)}*"
    if slide.subtitle is not None:
        yield ""
        yield md_inline(slide.subtitle.get(lang), inline)
    for block in slide.blocks:
        yield ""
        yield from _markdown_block(block, slide, options, width, footnotes)
    if options.notes and slide.notes is not None:
        yield ""
        label = "备注" if lang == "zh" else "Notes"
        note = md_inline(slide.notes.get(lang), inline).replace("\n", "\n> ")
        yield f"> **{label}:** {note}"


def _markdown_block(block: model.Block, slide: model.Slide, options: RenderOptions, width: int,
                    footnotes: list[str]) -> Iterator[str]:
    lang, inline = options.lang, slide.inline
    if isinstance(block, model.Paragraph):
        yield md_inline(block.text.get(lang), inline)
    elif isinstance(block, model.Bullets):
        for number, item in enumerate(block.items):
            indent = "  " * block.level(number)
            yield f"{indent}- {md_inline(item.get(lang), inline)}".replace("\n", f"\n{indent}  ")
    elif isinstance(block, model.Quote):
        yield "> " + md_inline(block.text.get(lang), inline).replace("\n", "\n> ")
        if block.by is not None:
            dash = "--" if options.ascii_only else "—"
            by = md_inline(block.by.get(lang), inline).replace("\n", "\n> ")
            yield f">\n> {dash} {by}"
    elif isinstance(block, model.Code):
        yield from markdown_code(block, lang)
    elif isinstance(block, model.Table):
        yield from markdown_table(block, lang, inline, options.ascii_only)
    elif isinstance(block, model.Image):
        yield markdown_image(block, lang, options.out_dir)
    elif isinstance(block, model.Columns):  # a handout reads top to bottom: one column after another
        for number, inner in enumerate(model.flat_blocks((block,))):
            if number:
                yield ""
            yield from _markdown_block(inner, slide, options, width, footnotes)
    else:
        yield from _markdown_chart(block, slide, options, width, footnotes)


def markdown_image(image: model.Image, lang: str, out_dir: str | None) -> str:
    """`![ALT](path)` with the path relative to the folder the handout is written to."""
    relative = os.path.relpath(image.path, out_dir or os.getcwd()).replace(os.sep, "/")
    target = relative.replace("<", "%3C").replace(">", "%3E")
    return f"![{md_escape(_one_line(image.alt.get(lang)))}](<{target}>)"


def _markdown_chart(chart: model.Chart, slide: model.Slide, options: RenderOptions, width: int,
                    footnotes: list[str]) -> Iterator[str]:
    # The chart marks each sourced figure with the number of its footnote.
    first_mark = len(footnotes) + 1 if any(datum.source is not None for datum in chart.data) else None
    texts = InlineText(slide.inline)  # chart texts read without their markers, as on screen
    drawn = draw(render_block(chart, options, accent_of(slide), texts, first_mark=first_mark), width,
                 options.ascii_only)
    opening, closing = _fence(drawn)
    yield opening
    yield from drawn
    yield closing
    cited: list[str] = []
    for datum in chart.data:
        if datum.source is None:
            continue
        footnotes.append(f"[^{len(footnotes) + 1}]: {md_escape(_one_line(datum.source))}")
        cited.append(f"{md_escape(plain(datum.label.get(options.lang), slide.inline))}[^{len(footnotes)}]")
    if cited:
        label = "来源：" if options.lang == "zh" else "Sources: "
        yield ""
        yield label + (" - " if options.ascii_only else " · ").join(cited)
