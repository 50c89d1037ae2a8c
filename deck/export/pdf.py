"""The PDF handout: one page per slide (and a notes page after each with notes), drawn with
fpdf2 from the same cell grid as the HTML export -- no browser, no external program.

Each page is what the text export prints for the slide (`deck.export.grid.handout_page`: its
`── 3/24 - section ───` rule and the slide), in dark ink on white, every piece of text placed
at its cell. The font is a CJK font found with fontconfig (`fc-list :lang=zh`; a monospaced
one first, Noto Sans Mono CJK on Debian) or the one given with `--font`. fpdf2 embeds only the
glyphs used (a subset), with a ToUnicode map, so `pdftotext` gives the words back in order.
A glyph whose advance is not its cells (box drawing and blocks are full width in CJK fonts)
is drawn horizontally scaled to fit its cells, so charts line up as in the terminal. A link
(http, https, mailto: `deck.export.grid.safe_link`) is a link annotation over its text.

fpdf2 is imported only here (the optional extra `deck[pdf]`). Bounds: the work is linear in the
deck's cells; fonts are read once per export.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from rich.cells import cell_len
from rich.style import Style

from deck.draw.layout import PAD_COLS
from deck.draw.render import RenderOptions, render_slide
from deck.export.grid import (
    LIGHT,
    Look,
    Page,
    Painter,
    Piece,
    handout_page,
    is_pixels,
    look,
    marked,
    notes_and_sources_page,
    safe_link,
)
from deck.format import model
from deck.format.errors import UsageError
from deck.format.inline import plain

PAGE = (841.89, 595.28)  # A4 landscape, in points (FPDF("L", "pt", "A4"))
MARGIN = 28.0
LINE = 1.25  # a row's height in font sizes
FC_TIMEOUT = 20.0
# The region tag fontconfig's CJK families carry for each language.
REGIONS = {"zh": "SC", "ja": "JP", "ko": "KR"}


@dataclass(frozen=True)
class PdfOptions:
    """Terminal `size` the slides are drawn at (the page takes its columns less the padding),
    notes pages, and a font file (`path` or `path:index` for a collection) instead of fontconfig's."""

    size: tuple[int, int] = (100, 30)
    notes: bool = False
    font: str | None = None


@dataclass(frozen=True)
class FontFile:
    """A font in a file (`index` picks one of a TrueType collection)."""

    path: str
    index: int = 0


def export_pdf(deck: model.Deck, options: RenderOptions, pdf_options: PdfOptions) -> bytes:
    """The deck as PDF bytes: a page per slide, a notes page after each with `notes`."""
    width = max(pdf_options.size[0] - 2 * PAD_COLS, 20)
    pages = list(_pages(deck, options, width, pdf_options.notes))
    regular, bold = find_fonts(options.lang, pdf_options.font, needs_cjk=any(_has_wide(page) for page in pages))
    document = _Document(regular, bold, width, max(pdf_options.size[1], *(len(page.rows) for page in pages)),
                         _characters(pages))
    document.pdf.set_title(plain(deck.title.get(options.lang), deck.inline))
    if deck.author is not None:
        document.pdf.set_author(deck.author.get(options.lang))
    document.pdf.set_creator("deck")
    for page in pages:
        document.draw(page)
    return bytes(document.pdf.output())


def _pages(deck: model.Deck, options: RenderOptions, width: int, notes: bool) -> Iterator[Page]:
    painter = Painter(width, wide_runs=True)
    plain = RenderOptions(lang=options.lang, ascii_only=options.ascii_only)
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        yield handout_page(painter, number, total, slide, width, plain, render_slide(slide, marked(plain, notes)))
        if notes:
            yield notes_and_sources_page(painter, slide, width, plain)


def _characters(pages: list[Page]) -> frozenset[int]:
    """The code points the pages draw: all of the font's character map the document needs
    (fpdf2 reads an advance and a glyph id for each code point it is given, 45,000 in a CJK font)."""
    used: set[str] = set()
    for page in pages:
        for row in page.rows:
            used.update(*(piece.text for piece in row))
    return frozenset(map(ord, used))


def _has_wide(page: Page) -> bool:
    return any(piece.wide for row in page.rows for piece in row)


# --- fonts ---------------------------------------------------------------------------------


def find_fonts(lang: str, given: str | None, needs_cjk: bool = True) -> tuple[FontFile, FontFile | None]:
    """(regular, bold or None): the `--font` file, else a CJK font from fontconfig (monospaced
    first), else -- for a deck without wide characters -- a monospaced Latin font.

    Raises UsageError (one line, naming the Debian package) when there is none.
    """
    if given is not None:
        return _given(given), None
    found = _fontconfig_cjk(lang)
    if found is not None:
        return found
    if needs_cjk:
        raise UsageError("--format pdf: no Chinese/Japanese/Korean font found with fontconfig; install one "
                         "(Debian: apt-get install fonts-noto-cjk) or give --font FILE")
    latin = _fontconfig_match("monospace")
    if latin is None:
        raise UsageError("--format pdf: no monospaced font found with fontconfig; install one "
                         "(Debian: apt-get install fonts-dejavu-core) or give --font FILE")
    return latin, _fontconfig_match("monospace:bold")


def _given(given: str) -> FontFile:
    match = re.fullmatch(r"(.+?):(\d{1,3})", given)
    path, index = (match[1], int(match[2])) if match and not os.path.exists(given) else (given, 0)
    if not os.path.isfile(path):
        raise UsageError(f"--font {given}: no such font file")
    if not path.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
        raise UsageError(f"--font {given}: expected a TrueType or OpenType font (.ttf, .otf, .ttc)")
    return FontFile(path, index)


def _fc(*args: str) -> str:
    """What a fontconfig tool prints ('' when it is missing or fails)."""
    if shutil.which(args[0]) is None:
        return ""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=FC_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


def _fontconfig_cjk(lang: str) -> tuple[FontFile, FontFile | None] | None:
    """The best CJK font pair fontconfig lists for `lang` (zh when the deck is in another)."""
    code = lang if lang in REGIONS else "zh"
    listing = _fc("fc-list", f":lang={code}", "file", "index", "family", "style", "--format",
                  "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n")
    fonts: list[tuple[int, str, FontFile]] = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[1].isdigit() or not parts[0].lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
            continue
        path, index, family, style = parts[0], int(parts[1]), parts[2], parts[3].lower()
        rank = (0 if "mono" in family.lower() else 2) + (0 if REGIONS[code] in family.split() else 1)
        weight = "bold" if style == "bold" else "regular" if style in ("regular", "book", "normal") else ""
        if weight:
            fonts.append((rank, weight + "\t" + family, FontFile(path, index)))
    regulars = sorted((rank, name, font) for rank, name, font in fonts if name.startswith("regular"))
    if not regulars:
        return None
    rank, name, regular = regulars[0]
    family = name.split("\t", 1)[1]
    bold = next((font for _, other, font in sorted(fonts) if other == "bold\t" + family), None)
    return regular, bold


def _fontconfig_match(pattern: str) -> FontFile | None:
    line = _fc("fc-match", "--format", "%{file}\t%{index}", pattern).strip()
    path, _, index = line.partition("\t")
    if not path.lower().endswith((".ttf", ".otf", ".ttc", ".otc")) or not os.path.isfile(path):
        return None
    return FontFile(path, int(index) if index.isdigit() else 0)


# --- drawing -------------------------------------------------------------------------------


class _Document:
    """An fpdf2 document whose pages are `columns x rows` cells, sized to fit A4 landscape."""

    def __init__(self, regular: FontFile, bold: FontFile | None, columns: int, rows: int,
                 characters: frozenset[int] | None = None) -> None:
        self.pdf = FPDF(orientation="L", unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        chars = None if characters is None else characters | _MEASURED
        _add_font(self.pdf, "deck", "", regular, chars)
        self.styles = {""}
        if bold is not None:
            _add_font(self.pdf, "deck", "B", bold, chars)
            self.styles.add("B")
        self.pdf.set_font("deck", size=10)
        cell_em = self._cell_em()
        self.size = min((PAGE[0] - 2 * MARGIN) / (columns * cell_em), (PAGE[1] - 2 * MARGIN) / (rows * LINE))
        self.cell = self.size * cell_em
        self.line = self.size * LINE
        self.left = (PAGE[0] - columns * self.cell) / 2
        # (bold?, text) -> width at self.size: the same characters come back on every page, and
        # fpdf2 measures a string by walking its glyphs each time (a quarter of a 1,000-page PDF).
        self._widths: dict[tuple[str, str], float] = {}
        self._fitting: dict[tuple[Style, str], bool] = {}
        self._filling: dict[str, set[str]] = {"": set(), "B": set()}  # wide characters in two cells
        self._looks: dict[tuple[Style, bool], Look] = {}
        self._current_font = ("", 10.0)
        self._current_ink: tuple[int, int, int] | None = None
        # The styles whose space takes one cell: text in them is drawn without its blank ends.
        self._one_cell_space = {style for style in self.styles
                                if abs(self._width(style, " ") - self.cell) <= 0.001 * self.cell}

    def _cell_em(self) -> float:
        """A cell's width in font sizes: half the font's ideograph, else its digit."""
        font: Any = self.pdf.fonts["deck"]  # a TTFFont: fonts added from files
        if ord("中") in font.cmap:
            return self.pdf.get_string_width("中") / 20
        return self.pdf.get_string_width("0") / 10

    def draw(self, page: Page) -> None:
        """One page: each row's backgrounds, then its text, piece by piece at its cell."""
        self.pdf.add_page()
        for number, row in enumerate(page.rows):
            top = MARGIN + number * self.line
            for piece, fits in self._fitted(row):
                self._piece(piece, top, fits)

    def _joined(self, row: tuple[Piece, ...]) -> Iterator[Piece]:
        """The row's pieces, neighbours in one style drawn as one piece when each one's advance is
        exactly its cells (CJK in a CJK monospaced font, and Latin text in it): one text operation
        per run instead of per piece or character (most of a page's drawing)."""
        return (piece for piece, _ in self._fitted(row))

    def _fitted(self, row: tuple[Piece, ...]) -> Iterator[tuple[Piece, bool]]:
        """`_joined`'s pieces, each with whether its glyphs fill their cells as they are."""
        run: list[Piece] = []
        for piece in self._alone(row):
            if self._fits(piece):
                if run and (run[-1].style != piece.style or run[-1].column + run[-1].cells != piece.column):
                    yield _join(run), True
                    run = []
                run.append(piece)
                continue
            if run:
                yield _join(run), True
                run = []
            yield piece, False
        if run:
            yield _join(run), True

    def _alone(self, row: tuple[Piece, ...]) -> Iterator[Piece]:
        """The row's pieces, a run of wide characters cut into one piece per character unless
        each of them fits its two cells (then it is joined whole)."""
        for piece in row:
            if not piece.wide or len(piece.text) == 1 or self._fits(piece):
                yield piece
                continue
            for number, char in enumerate(piece.text):
                yield Piece(piece.column + 2 * number, 2, char, piece.style, True)

    def _fits(self, piece: Piece) -> bool:
        """Whether `piece` is wide characters, or letters `_runs` draws as one run, whose natural
        width is exactly its cells (so drawn in one run with its neighbours, each glyph lands in
        its cell). Remembered per style and text (wide characters: per character)."""
        if piece.wide:
            return self._wide_fits(piece)
        key = (piece.style, piece.text)
        fits = self._fitting.get(key)
        if fits is None:
            wanted, letters = piece.cells * self.cell, _LETTERS.fullmatch(piece.text) is not None
            fits = letters and abs(self._width(self._weight(piece.style), piece.text) - wanted) <= 0.001 * self.cell
            self._fitting[key] = fits
        return fits

    def _wide_fits(self, piece: Piece) -> bool:
        """Whether each of `piece`'s wide characters fills its two cells, not only their sum."""
        style = self._weight(piece.style)
        chars, filling = set(piece.text), self._filling[style]
        if chars <= filling:
            return True
        for char in chars - filling:
            if abs(self._width(style, char) - 2 * self.cell) > 0.001 * self.cell:
                return False
            filling.add(char)
        return True

    def _weight(self, style: Style) -> str:
        """The font style `style` is drawn in: "B" (bold, when there is a bold font) or ""."""
        return "B" if self._look(style, True).bold and "B" in self.styles else ""

    def _width(self, style: str, text: str) -> float:
        """`text`'s natural width at `self.size` in `style`, remembered."""
        natural = self._widths.get((style, text))
        if natural is None:
            # The font's own sum of advances: what `get_string_width` returns unstretched, without
            # its line-breaking fragments (a copy of the graphics state per call).
            font: Any = self.pdf.fonts["deck" + style]
            natural = self._widths[(style, text)] = font.get_text_width(text, self.size, None)[1] / self.pdf.k
        return natural

    def _font(self, style: str, size: float) -> None:
        """`set_font`, only when it changes: fpdf2 parses the style on each call, and most
        pieces keep the font of the one before."""
        if self._current_font != (style, size):
            self.pdf.set_font("deck", style, size)
            self._current_font = (style, size)

    def _ink(self, color: tuple[int, int, int]) -> None:
        """`set_text_color`, only when it changes (fpdf2 builds a colour object on each call)."""
        if self._current_ink != color:
            self.pdf.set_text_color(*color)
            self._current_ink = color

    def _look(self, style: Style, ink: bool) -> Look:
        """`look(style, LIGHT, ink)`, remembered: a page has few styles, and it is asked per piece."""
        key = (style, ink)
        found = self._looks.get(key)
        if found is None:
            found = self._looks[key] = look(style, LIGHT, ink=ink)
        return found

    def _piece(self, piece: Piece, top: float, fits: bool = False) -> None:
        drawn = self._look(piece.style, not is_pixels(piece.text))
        x = self.left + piece.column * self.cell
        if drawn.bgcolor is not None:
            self.pdf.set_fill_color(*drawn.bgcolor)
            self.pdf.rect(x, top, piece.cells * self.cell, self.line, style="F")
        if not piece.text.strip():
            return
        link = safe_link(piece.style)
        if link is not None:  # a clickable area over the linked text (http, https, mailto only)
            self.pdf.link(x, top, piece.cells * self.cell, self.line, link)
        self._ink(drawn.color or LIGHT.foreground)
        style = "B" if drawn.bold and "B" in self.styles else ""
        baseline = top + self.line * 0.78
        if fits:  # each glyph lands in its cells as it is: one text operation, nothing to measure
            self._font(style, self.size)
            self._unscaled(x, baseline, piece.text, style)
            self._decorate(x, piece.cells * self.cell, baseline, drawn)
            return
        for column, text, cells in _runs(piece):
            if not text.strip() or self._by_hand(text, self.left + column * self.cell, top, drawn, style):
                continue
            natural = self._width(style, text)
            wanted = cells * self.cell
            left = self.left + column * self.cell
            if text[0] in _HALVES and not text.strip(text[0]):  # a picture's pixels: rectangles, no text
                self.pdf.set_fill_color(*(drawn.color or LIGHT.foreground))
                self.pdf.rect(left, top + _HALVES[text[0]] * self.line, wanted, self.line / 2, style="F")
                continue
            if not text.strip("█"):  # full blocks fill their cells, as in a terminal, without seams
                self.pdf.set_fill_color(*(drawn.color or LIGHT.foreground))
                self.pdf.rect(left, top + 0.04 * self.line, wanted, 0.92 * self.line, style="F")
            self._font(style, self.size)
            if natural > 0 and wanted > 0 and abs(natural - wanted) > 0.01 * self.cell:
                self.pdf.set_stretching(100 * wanted / natural)  # kept until another text needs another
                self.pdf.text(left, baseline, text)
            else:
                self._unscaled(left, baseline, text, style)
            self._decorate(left, wanted, baseline, drawn)

    def _decorate(self, left: float, width: float, baseline: float, drawn: Look) -> None:
        """The underline or strike-through of text `width` wide, if its look has one."""
        if drawn.underline or drawn.strike:
            self._line(left, width, baseline + (self.size * 0.12 if drawn.underline else -self.size * 0.3))

    def _unscaled(self, left: float, baseline: float, text: str, style: str) -> None:
        """Text whose glyphs each take their cells, without its blank ends when a space is one cell
        too (a space still costs fpdf2 a glyph look-up, and 40% of a page's characters are spaces)."""
        self.pdf.set_stretching(100)
        if style in self._one_cell_space:
            body = text.lstrip(" ")
            left += (len(text) - len(body)) * self.cell
            text = body.rstrip(" ")
        self.pdf.text(left, baseline, text)

    def _by_hand(self, text: str, left: float, top: float, drawn: Look, style: str) -> bool:
        """Draw `text` (one repeated character) itself when the font lacks its glyph and it is a
        chart's: Braille dots (a line chart's points) as small squares, a superscript digit (a
        source mark; CJK fonts have only ¹²³ and ⁴) as a small raised digit. True if drawn."""
        char = text[0]
        font: Any = self.pdf.fonts["deck" + style]
        if ord(char) in font.cmap or not (0x2800 < ord(char) <= 0x28FF or char in _SUPERSCRIPTS):
            return False
        self.pdf.set_fill_color(*(drawn.color or LIGHT.foreground))
        self._ink(drawn.color or LIGHT.foreground)
        self.pdf.set_stretching(100)
        for number in range(len(text)):
            x = left + number * self.cell
            if char in _SUPERSCRIPTS:
                digit = _SUPERSCRIPTS[char]
                self._font(style, self.size * 0.62)
                width = self.pdf.get_string_width(digit)
                self.pdf.text(x + (self.cell - width) / 2, top + self.line * 0.5, digit)
                continue
            dot = min(self.cell * 0.3, self.line * 0.15)
            for bit, (dx, dy) in enumerate(_BRAILLE_DOTS):
                if (ord(char) - 0x2800) >> bit & 1:
                    self.pdf.rect(x + dx * self.cell - dot / 2, top + dy * self.line - dot / 2, dot, dot, style="F")
        return True

    def _line(self, left: float, width: float, y: float) -> None:
        self.pdf.set_line_width(self.size * 0.06)
        self.pdf.line(left, y, left + width, y)


def _join(run: list[Piece]) -> Piece:
    """Neighbouring pieces in one style that fill their cells as one piece, drawn whole (wide)."""
    if len(run) == 1:
        return run[0]
    return Piece(run[0].column, sum(piece.cells for piece in run), "".join(piece.text for piece in run),
                 run[0].style, True)


def _runs(piece: Piece) -> Iterator[tuple[int, str, int]]:
    """(column, text, cells) of `piece` cut where a character's advance may differ: a wide piece
    whole, a narrow one into runs of letters and digits, and runs of one other character."""
    if piece.wide:
        yield piece.column, piece.text, piece.cells
        return
    column = piece.column
    for match in _RUN.finditer(piece.text):
        text = match.group()
        cells = cell_len(text)
        yield column, text, cells
        column += cells


# Where each of a Braille character's eight dots sits in its cell (bit 0 is dot 1), as fractions
# of the cell's width and height.
_BRAILLE_DOTS = ((0.3, 0.2), (0.3, 0.4), (0.3, 0.6), (0.7, 0.2), (0.7, 0.4), (0.7, 0.6), (0.3, 0.8), (0.7, 0.8))
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))

# The half blocks a picture is drawn in (deck.draw.image): where their half starts in the row.
_HALVES = {"▀": 0.0, "▄": 0.5}

# Latin letters, digits and punctuation (one cell in every monospaced font), else a run of one
# repeated character (a bar's blocks: scaled together, they stay one unbroken bar).
_RUN = re.compile(r"[ -~\u00a0-\u024f]+|(.)\1*", re.S)
_LETTERS = re.compile(r"[ -~\u00a0-\u024f]+")  # one of `_RUN`'s runs of letters


def _add_font(pdf: FPDF, family: str, style: str, font: FontFile, characters: frozenset[int] | None) -> None:
    try:
        pdf.add_font(family, style, font.path, collection_font_number=font.index,
                     unicode_range=None if characters is None else sorted(characters))
    except Exception as error:  # fontTools and fpdf2 raise many kinds for a file that is no font
        raise UsageError(f"--format pdf: cannot use the font {font.path}: {error}") from None
    # The subset keeps the whole font's bounding boxes: recomputing them from the outlines when
    # the subset is written (fontTools' default) runs every kept glyph's charstring again.
    added: Any = pdf.fonts[family + style]  # a TTFFont
    added.ttfont.recalcBBoxes = False
    for tag in _UNUSED_TABLES:
        if tag in added.ttfont:
            del added.ttfont[tag]


# Tables nothing in the PDF reads (its text is horizontal, Identity-H; a CFF font is embedded as
# its CFF table alone): the subsetter would read, cut and write a CJK font's 65,535 vertical
# metrics for each weight.
_UNUSED_TABLES = ("vhea", "vmtx", "VORG", "BASE")


# What `_Document` measures besides the pages' text: a space and a cell's width, a source mark's digits.
_MEASURED = frozenset(map(ord, " 中0123456789-"))
