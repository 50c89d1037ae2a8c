"""Chart sources in the HTML and PDF exports: with `--notes` the charts carry their source marks
and each notes page lists the verbatim quotes behind them (then the notes), as the text export's
`--notes` does; without it neither. The PDF draws what its CJK font lacks (superscript marks past
⁴, Braille dots of a line chart) itself, so nothing goes missing; and the sources list styles
only the mark bold."""

from __future__ import annotations

import html
import logging
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from deck.draw.render import RenderOptions, render_sources
from deck.export import export_deck
from deck.export.html import HtmlOptions, export_html
from deck.format.loader import load_deck, load_deck_text

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
WIDTH = 100


def grid_text(fragment: str) -> list[str]:
    """The rows of an exported grid as text (tags dropped, entities read, trailing blanks cut)."""
    rows = re.findall(r'<div class="r[^"]*">(.*?)</div>', fragment)
    return [html.unescape(re.sub(r"<[^>]+>", "", row)).rstrip() for row in rows]


def text_sources(lang: str) -> dict[int, list[str]]:
    """Each slide's Sources lines in the text export with --notes, by slide number."""
    document = export_deck(load_deck(SLIDES), lang=lang, width=WIDTH, notes=True)
    out = {}
    for chunk in re.split(r"^(?=── \d+/\d+)", document, flags=re.M)[1:]:
        number = int(chunk.split("/")[0].split()[-1])
        lines = chunk.splitlines()
        label = "来源" if lang == "zh" else "Sources"
        if any(line.startswith(f"── {label} ") for line in lines):
            start = next(n for n, line in enumerate(lines) if line.startswith(f"── {label} "))
            end = next((n for n, line in enumerate(lines) if n > start and line.startswith("── ")), len(lines))
            out[number] = [line for line in lines[start:end] if line]
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_notes_list_each_slides_sources_as_the_text_export_does(lang: str) -> None:
    deck = load_deck(SLIDES)
    document = export_html(deck, RenderOptions(lang=lang), HtmlOptions(size=(WIDTH, 30), notes=True))
    expected = text_sources(lang)
    assert len(expected) >= 5  # the bundled deck quotes its article on many slides
    for number, lines in expected.items():
        notes = document.split(f'<section class="notes" data-for="{number}">')[1].split("</section>")[0]
        rows = [row for row in grid_text(notes) if row]
        assert rows[:len(lines)] == lines, f"slide {number}"  # the quotes first, then the notes
        assert rows[len(lines)].startswith("── ")
        slide = document.split(f'<section class="slide" id="{number}"')[1].split("</section>")[0]
        assert "¹" in "".join(grid_text(slide))  # the marks the list is numbered by


def test_without_notes_the_html_has_no_marks_and_no_sources() -> None:
    document = export_html(load_deck(SLIDES), RenderOptions(lang="en"), HtmlOptions(size=(WIDTH, 30)))
    text = "".join(grid_text(document))
    assert "Sources" not in text and not re.search("[¹²³⁴⁵⁶⁷⁸⁹]", text)


def test_a_slide_with_sources_and_no_notes_still_lists_them() -> None:
    article = (ROOT / "seeds" / "meta-ai.zh.txt").read_text(encoding="utf-8")
    assert "Meta的VR 出货量占全球71%的市场份额" in article
    text = (f"title: T\nsource: {{file: {ROOT / 'seeds' / 'meta-ai.zh.txt'}}}\nslides:\n  - title: S\n    chart:\n"
            "      kind: bar\n      data:\n        - {label: Meta, value: 71, unit: '%', "
            "source: 'Meta的VR 出货量占全球71%的市场份额'}\n")
    deck = load_deck_text(text, str(ROOT / "d.yaml"))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions(size=(60, 20), notes=True))
    notes = [row for row in grid_text(document.split('<section class="notes"')[1]) if row]
    assert notes[:4] == ["── Sources ".ljust(60, "─"), "¹ Meta 71%: “Meta的VR 出货量占全球71%的市场份额”",
                         "── Notes ".ljust(60, "─"), "(no notes)"]


def test_the_sources_list_makes_only_the_mark_bold() -> None:
    deck = load_deck(SLIDES)
    slide = next(s for s in deck.slides if any(d.source for c in s.charts for d in c.data))
    console = Console(width=WIDTH, color_system="standard", force_terminal=True, legacy_windows=False)
    with console.capture() as captured:
        console.print(render_sources(slide, RenderOptions("en", sources=True)))
    first = captured.get().splitlines()[1]
    assert first.startswith("\x1b[1m¹\x1b[0m ")  # the mark bold, then a plain space
    assert "\x1b[1;2m" not in first and "\x1b[2m" in first  # what the figure is: dim, not bold


# --- the PDF: marks and dots the CJK font has no glyph for ----------------------------------

needs_pdf = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("fc-list") is None,
                               reason="poppler-utils and fontconfig draw and read the PDF")


@needs_pdf
def test_the_pdf_has_no_missing_glyph_for_marks_or_line_charts(caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("fpdf")
    from deck.export.pdf import PdfOptions, export_pdf

    with caplog.at_level(logging.WARNING):
        export_pdf(LINE, RenderOptions(lang="en"), PdfOptions(size=(60, 20)))
        export_pdf(load_deck(SLIDES), RenderOptions(lang="zh"), PdfOptions(notes=True))  # marks past ⁴
    assert not [record for record in caplog.records if "missing" in record.getMessage()]


LINE = load_deck_text("title: T\nslides:\n  - title: A line\n    chart:\n      kind: line\n      data:\n"
                      + "".join(f"        - {{label: m{n}, value: {n * n}}}\n" for n in range(8)), "l.yaml")


@needs_pdf
def test_the_pdf_draws_braille_dots_and_raised_digits_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fpdf")
    from fpdf import FPDF
    from rich.style import Style

    from deck.export.grid import Page, Piece
    from deck.export.pdf import _Document, find_fonts

    regular, bold = find_fonts("zh", None)
    document = _Document(regular, bold, 20, 2)
    rects: list[tuple[float, float, float, float]] = []
    texts: list[tuple[float, float, str]] = []
    monkeypatch.setattr(FPDF, "rect", lambda self, x, y, w, h, style=None, **_: rects.append((x, y, w, h)))
    monkeypatch.setattr(FPDF, "text", lambda self, x, y, text: texts.append((x, y, text)))
    font = document.pdf.fonts["deck"]
    if ord("⣿") in font.cmap or ord("⁵") in font.cmap:
        pytest.skip("this font has the glyphs: it draws them")
    document.draw(Page(20, ((Piece(0, 2, "⣿⠁", Style(), False), Piece(2, 1, "x", Style(), False),
                             Piece(3, 1, "⁵", Style(), False)),)))
    assert len(rects) == 9  # every dot of ⣿ and the one of ⠁, each in its own cell
    assert all(x < document.left + document.cell for x, _, _, _ in rects[:8])
    assert document.left + document.cell <= rects[8][0] < document.left + 2 * document.cell
    assert [text for _, _, text in texts] == ["x", "5"]
    row_baseline = texts[0][1]
    assert texts[1][1] < row_baseline  # the mark's digit is raised, as a superscript is
