"""The HTML export: one self-contained file that presents the deck in a browser.

Every slide is the presenter's screen (`deck.export.grid.slide_page`: the same `render_slide`
renderables, at a stated terminal size) written as rows of fixed-width cells: each piece of text
is an inline box exactly as many cells wide as the terminal gives it (a wide character two), so
Chinese, Japanese and Korean line up as in the terminal whatever the browser's fonts, and the
text stays text (selectable, found by the browser's find).

The file needs nothing else: CSS and script inline, no fonts or images fetched, and a Content
Security Policy that forbids every request and every script but the one written here (by its
hash). Deck text is always escaped; a link becomes an `<a>` only for http, https and mailto
(`deck.export.grid.safe_link`), opening a new tab with `rel="noopener noreferrer"`. Keys:
arrows, Space, PageUp/PageDown, Home/End move; `n` notes (exported without them, the page says
so), `o` overview; the URL hash is the slide number (`#7`). The screen is in the presenter's
default theme or the one `HtmlOptions.palette` gives; printing gives one slide per landscape
page in dark ink on white, with a notes page after each slide when exported with notes.

Bounds: the output is linear in the deck's cells (slides x rows x columns, each reveal step a
page of its own with `reveal`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.style import Style

from deck.draw.render import RenderOptions, render_slide, reveal_steps, slide_options
from deck.export.files import write_atomic_parts
from deck.export.grid import (
    DARK,
    LIGHT,
    Look,
    Page,
    Painter,
    Palette,
    Piece,
    hex_color,
    is_pixels,
    look,
    marked,
    notes_and_sources_page,
    safe_link,
    slide_page,
)
from deck.format import model
from deck.format.errors import DeckIOError
from deck.format.inline import plain

CELL_EM = 0.6  # a cell's width in em: the advance of the usual monospaced fonts
LINE_EM = 1.16  # the height of box drawing in the usual monospaced fonts: table borders join
FONTS = ('"DejaVu Sans Mono", "Noto Sans Mono", Menlo, Consolas, "Liberation Mono", '
         '"Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Source Han Sans", "PingFang SC", '
         '"Microsoft YaHei", monospace')


@dataclass(frozen=True)
class HtmlOptions:
    """What the HTML shows: terminal `size` (columns, rows), reveal steps, speaker notes, and
    the screen's colours (`palette`: the presenter's default theme unless `--theme` chose
    another; printing always uses `LIGHT`, dark ink on white paper)."""

    size: tuple[int, int] = (100, 30)
    reveal: bool = False
    notes: bool = False
    palette: Palette = DARK


def export_html(deck: model.Deck, options: RenderOptions, html_options: HtmlOptions) -> str:
    """The whole deck as one self-contained HTML document."""
    body: list[str] = []
    head, tail = _document(deck, options, html_options, body.append)
    return head + "".join(body) + tail


def write_html(path: str, deck: model.Deck, options: RenderOptions, html_options: HtmlOptions) -> None:
    """`export_html` written atomically to `path`, in bounded memory: the slides go to a spool file
    as they are drawn (the head, whose style sheet names the styles they use, is known only after
    them), then head, slides and tail into the output. The same bytes as `export_html`.
    """
    import tempfile

    try:
        with tempfile.TemporaryFile() as spool:
            head, tail = _document(deck, options, html_options, lambda chunk: spool.write(chunk.encode("utf-8")))
            spool.seek(0)
            write_atomic_parts(path, [head.encode("utf-8"), spool, tail.encode("utf-8")])
    except OSError as error:  # the spool's: no temporary folder, or it is full
        raise DeckIOError(path, f"cannot write: temporary file: {error.strerror or error}") from None


def _document(deck: model.Deck, options: RenderOptions, html_options: HtmlOptions,
              emit: Callable[[str], object]) -> tuple[str, str]:
    """Give the page's slides to `emit` one piece at a time; return what comes before and after them."""
    writer = HtmlWriter()
    painter = Painter(html_options.size[0])
    for chunk in _slides(writer, painter, deck, options, html_options):
        emit(chunk)
    script = _script()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
              "base-uri 'none'; form-action 'none'")
    title = html.escape(plain(deck.title.get(options.lang), deck.inline))  # a tab shows no emphasis
    head = (f'<!DOCTYPE html>\n<html lang="{html.escape(options.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="deck">\n<title>{title}</title>\n'
            f"<style>\n{_css(writer, html_options)}</style>\n"
            # Slides are hidden until the script shows one (laying out a thousand hidden slides
            # first took seconds); without scripts, all of them show, one after the other.
            "<noscript><style>.slide{display:flex}</style></noscript>\n</head>\n"
            f'<body data-notes="{int(html_options.notes)}">\n<main>\n')
    return head, f"</main>\n<script>{script}</script>\n</body>\n</html>\n"


@functools.cache
def _script() -> str:
    """The page's script (deck/export/html.js), read once."""
    return Path(__file__).with_name("html.js").read_text(encoding="utf-8")


def _slides(writer: HtmlWriter, painter: Painter, deck: model.Deck, options: RenderOptions,
            html_options: HtmlOptions) -> Iterator[str]:
    plain = RenderOptions(lang=options.lang, ascii_only=options.ascii_only)
    key = hex_color(html_options.palette.key)
    for index, slide in enumerate(deck.slides):
        here = slide_options(deck, index, plain)  # slide 1 is the title page, as on screen
        steps = reveal_steps(slide) if html_options.reveal else 0
        frames = [None] if steps == 0 else list(range(steps + 1))
        yield f'<section class="slide" id="{index + 1}" data-steps="{steps}">\n'
        for frame in frames:
            render = render_slide(slide, marked(replace(here, revealed=frame), html_options.notes))
            page = slide_page(painter, deck, index, html_options.size, here, render, key)
            last = frame is None or frame == steps
            yield writer.grid(page, "g" if last else "g step", "" if frame is None else f' data-step="{frame}"')
        yield "</section>\n"
        if html_options.notes:
            page = notes_and_sources_page(painter, slide, html_options.size[0], plain)
            yield f'<section class="notes" data-for="{index + 1}">\n{writer.grid(page, "g")}</section>\n'


class HtmlWriter:
    """Writes pages as HTML rows, naming each distinct style and width with a short class."""

    def __init__(self) -> None:
        self.styles: dict[tuple[Style, bool], int] = {}  # (style, a picture's pixels) -> class number
        self.widths: set[int] = set()

    def grid(self, page: Page, classes: str, attributes: str = "") -> str:
        """One page as a `div` of rows."""
        rows = []
        for number, row in enumerate(page.rows):
            kind = "r p" if number in page.panel else "r"
            rows.append(f'<div class="{kind}">{self.row(row, number in page.panel)}</div>\n')
        return f'<div class="{classes}"{attributes}>\n{"".join(rows)}</div>\n'

    def row(self, row: Sequence[Piece], panel: bool) -> str:
        """A row's pieces as spans (an `<a>` around linked ones); trailing blanks left out
        unless they carry a background."""
        end = len(row)
        while end and not panel and not row[end - 1].text.strip() and row[end - 1].style.bgcolor is None:
            end -= 1
        out: list[str] = []
        link: str | None = None
        for piece in row[:end]:
            wanted = safe_link(piece.style)
            if wanted != link:
                if link is not None:
                    out.append("</a>")
                if wanted is not None:
                    # A new tab: following a link leaves the talk where it is.
                    out.append(f'<a href="{html.escape(wanted, quote=True)}" target="_blank" '
                               'rel="noopener noreferrer">')
                link = wanted
            out.append(self.piece(piece))
        if link is not None:
            out.append("</a>")
        return "".join(out)

    def piece(self, piece: Piece) -> str:
        """One piece as a span. Text of letters and punctuation flows inline, so the browser's
        find and selection run across pieces; the page script makes a wide character's advance
        exactly two cells (letter spacing from the fonts' measured advances). Symbols a font may
        lack (box drawing, blocks, arrows) sit in boxes of their exact width instead."""
        classes = []
        if piece.style:
            key = (_plain(piece.style), is_pixels(piece.text))
            classes.append(f"c{self.styles.setdefault(key, len(self.styles))}")
        if piece.wide:
            classes.append("w")
        elif not _FLOWING.fullmatch(piece.text):
            blocks = len(piece.text) - len(piece.text.lstrip("█"))
            if 0 < blocks < len(piece.text) and piece.cells == len(piece.text):  # a bar and its end: apart
                head = Piece(piece.column, blocks, piece.text[:blocks], piece.style, False)
                tail = Piece(piece.column + blocks, piece.cells - blocks, piece.text[blocks:], piece.style, False)
                return self.piece(head) + self.piece(tail)
            self.widths.add(piece.cells)
            # Full blocks fill their cells as a terminal draws them: glyph edges would show seams.
            classes.append(f"f n{piece.cells}{_FILLS.get(piece.text[0], '') if _uniform(piece.text) else ''}")
        text = html.escape(piece.text, quote=False)
        return f'<span class="{" ".join(classes)}">{text}</span>' if classes else text


# Characters the monospaced fonts of FONTS all draw one cell wide: Latin, Greek, Cyrillic and
# general punctuation. Anything else narrow goes in a box of fixed width.
_FLOWING = re.compile("[\u0020-\u007e\u00a0-\u04ff\u2010-\u2027\u2030-\u205e]*")


# Block elements drawn as the cell's background (glyph edges would show seams between cells, and
# a picture in half blocks would be striped): full block, upper half (a picture's top pixel), lower half.
_FILLS = {"█": " b", "▀": " hu", "▄": " hl"}


def _uniform(text: str) -> bool:
    return text[0] in _FILLS and not text.strip(text[0])


def _plain(style: Style) -> Style:
    """`style` without its link (links are `<a>` elements, not classes)."""
    return style.update_link(None) if style.link else style


def _css(writer: HtmlWriter, html_options: HtmlOptions) -> str:
    columns, rows = html_options.size
    width_em = columns * CELL_EM
    height_em = rows * LINE_EM
    widths = "".join(f".n{n}{{width:calc({n}em * var(--r))}}" for n in sorted(writer.widths))
    palette = html_options.palette
    # On screen the theme's colours as the presenter shows them (a light theme's accents are not
    # darkened: the terminal does not do it either); on paper, ink that reads on white.
    screen = "".join(_style_rule(number, look(style, palette, ink=False))
                     for (style, _), number in writer.styles.items())
    paper = "".join(_style_rule(number, look(style, LIGHT, ink=not pixels))
                    for (style, pixels), number in writer.styles.items())
    return _CSS_TEMPLATE.format(
        fonts=FONTS, cell=CELL_EM, line=LINE_EM, width=f"{width_em:g}", height=f"{height_em:g}",
        fg=hex_color(palette.foreground), bg=hex_color(palette.background), panel=hex_color(palette.panel),
        scheme="dark" if palette.dark else "light",
        pfg=hex_color(LIGHT.foreground), pbg=hex_color(LIGHT.background), ppanel=hex_color(LIGHT.panel),
        widths=widths, screen=screen, paper=paper, columns=columns,
        tile=f"{23 * rows * LINE_EM / (columns * CELL_EM):.1f}",
    )


def _style_rule(number: int, drawn: Look) -> str:
    parts = []
    if drawn.color is not None:
        parts.append(f"color:{hex_color(drawn.color)}")
    if drawn.bgcolor is not None:
        parts.append(f"background-color:{hex_color(drawn.bgcolor)}")
    if drawn.bold:
        parts.append("font-weight:bold")
    if drawn.italic:
        parts.append("font-style:italic")
    lines = [name for name, on in (("underline", drawn.underline), ("line-through", drawn.strike)) if on]
    if lines:
        parts.append(f"text-decoration:{' '.join(lines)}")
    return f".c{number}{{{';'.join(parts)}}}" if parts else ""


_CSS_TEMPLATE = """\
:root{{--fg:{fg};--bg:{bg};--panel:{panel};--h:100vh;--r:{cell};--ws:0em;color-scheme:{scheme}}}
*{{box-sizing:border-box}}
html,body{{margin:0;padding:0;background:var(--bg);color:var(--fg)}}
.g{{font-family:{fonts};line-height:{line}em;width:calc({columns}em * var(--r));
  font-size:min(calc(98vw / {columns} / var(--r)),calc(var(--h) * 0.98 / {height}));font-kerning:none;
  font-variant-ligatures:none;background:var(--bg)}}
.r{{height:{line}em;overflow:hidden;white-space:pre}}
.r.p{{background:var(--panel)}}
.f{{display:inline-block;overflow:hidden;vertical-align:top;height:{line}em}}
.w{{letter-spacing:var(--ws)}}
.b{{background-image:linear-gradient(currentColor,currentColor)}}
.hu,.hl{{-webkit-text-fill-color:transparent}}
.hu{{background-image:linear-gradient(currentColor 50%,transparent 50%)}}
.hl{{background-image:linear-gradient(transparent 50%,currentColor 50%)}}
{widths}
a{{color:inherit}}
.slide,.notes{{display:flex;align-items:center;justify-content:center;min-height:var(--h)}}
.notes{{display:none}}
.slide{{display:none}}
.slide.on{{display:flex}}
.step{{display:none}}
body.js .slide .g{{display:none}}
body.js .slide .g.on{{display:block}}
body.n{{--h:62vh}}
body.n .notes.on{{display:flex;align-items:flex-start;min-height:38vh;--h:38vh}}
body.n .notes.on .g{{font-size:min(calc(98vw / {columns} / var(--r)),calc(62vh * 0.98 / {height}))}}
body.ov main{{display:flex;flex-wrap:wrap;gap:1vw;padding:1vw;justify-content:center}}
body.ov .slide{{display:flex;min-height:0;cursor:pointer;content-visibility:auto;
  contain-intrinsic-size:auto 23vw auto {tile}vw}}
body.ov .slide .g{{display:none}}
body.ov .slide .g:last-child{{display:block;font-size:calc(23vw / {columns} / var(--r));outline:1px solid var(--panel)}}
body.ov .slide.on .g:last-child{{outline:2px solid var(--fg)}}
body.ov .notes.on{{display:none}}
#msg{{position:fixed;bottom:12vh;left:50%;transform:translateX(-50%);background:var(--panel);padding:.3em 1em;
  font-family:{fonts};display:none}}
{screen}
@page{{size:landscape;margin:0}}
@media print{{
  :root{{--fg:{pfg};--bg:{pbg};--panel:{ppanel};--h:100vh;color-scheme:light}}
  html,body{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
  body.js .slide,.slide,body.ov .slide{{display:flex !important;height:100vh;min-height:0;break-after:page;
    break-inside:avoid;overflow:hidden}}
  .slide .g,body.js .slide .g{{display:none !important}}
  .slide .g:last-child,body.js .slide .g:last-child{{display:block !important;outline:none;
    font-size:min(calc(96vw / {columns} / var(--r)),calc(96vh / {height}))}}
  .notes,body.n .notes.on{{display:flex !important;height:100vh;min-height:0;break-after:page;overflow:hidden}}
  .notes .g{{font-size:min(calc(96vw / {columns} / var(--r)),calc(96vh / {height})) !important}}
  body.ov main{{display:block;padding:0}}
  #msg{{display:none !important}}
  {paper}
}}
"""


