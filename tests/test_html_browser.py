"""The HTML export in a real browser (the system Chromium, driven over the DevTools protocol):
slide 1 on open, the keys, the URL hash, no network request, find, notes and overview, Chinese
chart bars where the terminal draws them, and Chromium's print to PDF one page per slide.

One browser for the module. Without Chromium these tests skip, unless DECK_REQUIRE_BROWSER is
set (CI sets it: there a missing browser is a failure).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, Page, available, press
from PIL import Image
from rich.cells import cell_len

from deck.cli import theme_palette
from deck.draw.layout import slide_area
from deck.draw.render import RenderOptions, render_slide
from deck.export.html import HtmlOptions, export_html
from deck.export.text import draw
from deck.format import model
from deck.format.loader import load_deck

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
CHARTS = ROOT / "tests" / "fixtures" / "charts.yaml"  # fixed charts: the bundled deck's content may change
DOCS_IMG = ROOT / "docs" / "img"
UPDATE_DOCS = os.environ.get("DECK_UPDATE_DOCS") == "1"
SIZE = (100, 30)
EIGHTHS = {"▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7, "█": 8}

if not available():
    pytestmark = pytest.mark.skipif(not os.environ.get("DECK_REQUIRE_BROWSER"), reason="no chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    instance = Browser()
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def deck() -> model.Deck:
    return load_deck(SLIDES)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, deck: model.Deck) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    files = {}
    for name, lang, options in (("zh", "zh", HtmlOptions(size=SIZE)),
                                ("notes", "zh", HtmlOptions(size=SIZE, notes=True, reveal=True)),
                                ("en", "en", HtmlOptions(size=SIZE))):
        path = folder / f"{name}.html"
        path.write_text(export_html(deck, RenderOptions(lang=lang), options), encoding="utf-8")
        files[name] = path
    path = folder / "light.html"
    light = HtmlOptions(size=SIZE, palette=theme_palette("textual-light"))
    path.write_text(export_html(deck, RenderOptions(lang="en"), light), encoding="utf-8")
    files["light"] = path
    path = folder / "charts.html"
    path.write_text(export_html(load_deck(CHARTS), RenderOptions(lang="zh"), HtmlOptions(size=SIZE)), encoding="utf-8")
    files["charts"] = path
    return files


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    tab = browser.page(1280, 800)
    yield tab
    tab.close()


def shown(page: Page) -> list[str]:
    """Numbers of the slides on screen (display not none)."""
    return page.js("""[].filter.call(document.querySelectorAll('section.slide'),
        s => getComputedStyle(s).display !== 'none').map(s => s.id)""")


def test_opens_on_slide_one_and_fetches_nothing(page: Page, exported: dict[str, Path]) -> None:
    url = exported["zh"].as_uri()
    page.open(url)
    assert shown(page) == ["1"]
    assert page.js("location.hash") == "#1"
    assert page.requests() == [url]  # the document itself, nothing else
    failed = [e for e in page.events if e["method"] in ("Network.loadingFailed", "Log.entryAdded")]
    assert failed == []


def test_keys_move_and_the_hash_follows(page: Page, exported: dict[str, Path], deck: model.Deck) -> None:
    page.open(exported["zh"].as_uri())
    last = str(len(deck.slides))
    for key, expected in (("ArrowRight", "2"), (" ", "3"), ("PageDown", "4"), ("ArrowLeft", "3"),
                          ("PageUp", "2"), ("End", last), ("ArrowRight", last), ("Home", "1"), ("ArrowLeft", "1")):
        press(page, key)
        assert shown(page) == [expected], key
        assert page.js("location.hash") == f"#{expected}"


def test_a_link_to_slide_seven_opens_it(page: Page, exported: dict[str, Path], deck: model.Deck) -> None:
    page.open(exported["zh"].as_uri() + "#7")
    assert shown(page) == ["7"]
    title = deck.slides[6].title.get("zh")
    assert title in page.js("document.querySelector('section.slide.on').innerText")
    screenshot(page, "html-deck.png")
    page.js("location.hash = '#3'")
    page.wait_for(lambda: shown(page) == ["3"])


def test_text_is_found_and_selectable(page: Page, exported: dict[str, Path], deck: model.Deck) -> None:
    page.open(exported["zh"].as_uri() + "#2")
    item = deck.slides[1].blocks[0].items[1].get("zh")  # type: ignore[union-attr]
    # Chinese and Latin mixed, across pieces of different widths and styles: the browser's find.
    phrase = item[:14]
    assert cell_len(phrase) > len(phrase)
    assert page.js(f"window.find({phrase!r}, false, false, true)")
    assert page.js("String(window.getSelection())") == phrase


def test_reveal_steps_and_notes(page: Page, exported: dict[str, Path], deck: model.Deck) -> None:
    page.open(exported["notes"].as_uri() + "#2")
    steps = int(page.js("document.querySelector('section.slide.on').dataset.steps"))
    assert steps == len(deck.slides[1].blocks[0].items)  # type: ignore[union-attr]
    first = deck.slides[1].blocks[0].items[0].get("zh")  # type: ignore[union-attr]
    visible = "document.querySelector('section.slide.on .g.on').innerText"
    assert first not in page.js(visible)
    press(page, "ArrowRight")
    assert shown(page) == ["2"] and first in page.js(visible)
    for _ in range(steps):
        press(page, "ArrowRight")
    assert shown(page) == ["3"]
    press(page, "ArrowLeft")  # back to slide 2 wholly revealed
    assert shown(page) == ["2"] and deck.slides[1].blocks[0].items[-1].get("zh") in page.js(visible)  # type: ignore[union-attr]
    notes = "getComputedStyle(document.querySelector('section.notes.on')).display"
    assert page.js(notes) == "none"
    press(page, "n")
    assert page.js(notes) == "flex"
    assert deck.slides[1].notes.get("zh")[:10] in page.js("document.querySelector('section.notes.on').innerText")  # type: ignore[union-attr]
    screenshot(page, "html-notes.png")


def test_notes_key_without_notes_says_so(page: Page, exported: dict[str, Path]) -> None:
    page.open(exported["zh"].as_uri())
    press(page, "n")
    assert "--notes" in page.js("document.getElementById('msg').textContent")


def test_overview_and_back(page: Page, exported: dict[str, Path], deck: model.Deck) -> None:
    page.open(exported["en"].as_uri() + "#5")
    press(page, "o")
    assert len(shown(page)) == len(deck.slides)
    page.js("document.getElementById('9').click()")
    assert shown(page) == ["9"]


def test_a_chosen_theme_on_screen_and_white_paper_in_print(page: Page, exported: dict[str, Path]) -> None:
    page.open(exported["light"].as_uri() + "#2")
    background = "getComputedStyle(document.querySelector('section.slide.on .g.on')).backgroundColor"
    assert page.js(background) == "rgb(224, 224, 224)"  # textual-light's background
    png = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    assert png.getpixel((640, 400)) == (224, 224, 224)
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    assert page.js(background) == "rgb(255, 255, 255)"


def chart_slide(deck: model.Deck) -> int:
    """The slide with the longest bar chart whose labels are Chinese."""
    found = [(len(chart.data), index) for index, slide in enumerate(deck.slides) for chart in slide.charts
             if chart.kind == "bar" and any(cell_len(d.label.get("zh")) > len(d.label.get("zh")) for d in chart.data)]
    assert found, "no Chinese bar chart in the deck"
    return max(found)[1]


def test_chinese_bar_rows_end_where_the_terminal_draws_them(page: Page, exported: dict[str, Path]) -> None:
    deck = load_deck(CHARTS)
    index = chart_slide(deck)
    terminal = draw(render_slide(deck.slides[index], RenderOptions(lang="zh")), slide_area(SIZE)[0])
    bars = [line for line in terminal if re.search(r"│[█▏▎▍▌▋▊▉]", line)]
    assert len(bars) >= 3
    page.open(exported["charts"].as_uri() + f"#{index + 1}")
    png = page.screenshot()
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    grid = page.js("(r => [r.left, r.top, r.width])(document.querySelector('section.slide.on .g.on')"
                   ".getBoundingClientRect())")
    cell = grid[2] / SIZE[0]
    rows = page.js("[].map.call(document.querySelectorAll('section.slide.on .g.on .r'), r => "
                   "[r.textContent, r.getBoundingClientRect().top, r.getBoundingClientRect().height])")
    colour = page.js("""(() => { for (const s of document.querySelectorAll('section.slide.on span'))
        if (s.textContent.includes('█')) return getComputedStyle(s).color; })()""")
    target = tuple(int(n) for n in re.findall(r"\d+", colour)[:3])
    for line in bars:
        row = next(r for r in rows if r[0].strip() == line.strip())
        shift = cell_len(row[0]) - cell_len(row[0].lstrip()) - (cell_len(line) - cell_len(line.lstrip()))
        bar = re.search(r"[█▏▎▍▌▋▊▉]+", line)
        assert bar is not None
        end_cell = cell_len(line[:bar.end() - 1]) + EIGHTHS[bar.group()[-1]] / 8
        expected = grid[0] + (shift + end_cell) * cell
        y = int(row[1] + row[2] / 2)
        drawn = max(x for x in range(shot.width) if _near(shot.getpixel((x, y)), target))
        assert abs(drawn + 1 - expected) <= cell / 4, (line, drawn, expected, cell)
    screenshot(page, "html-chart.png", png)


def _near(pixel: object, target: tuple[int, ...]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(pixel, target, strict=True))  # type: ignore[call-overload]


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
@pytest.mark.parametrize(("name", "per_slide"), [("zh", 1), ("notes", 2)])
def test_printing_gives_a_page_per_slide(page: Page, exported: dict[str, Path], deck: model.Deck,
                                        tmp_path: Path, name: str, per_slide: int) -> None:
    page.open(exported[name].as_uri())
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(page.print_pdf())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) == per_slide * len(deck.slides)  # type: ignore[index]
    width, height = (float(n) for n in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert width > height  # landscape
    for number in (1, 7, len(deck.slides)):
        page_number = (number - 1) * per_slide + 1
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page_number), "-l", str(page_number), str(pdf),
                               "-"], capture_output=True, text=True, check=True).stdout
        assert text.splitlines()[0].rstrip().endswith(f"{number}/{len(deck.slides)}")  # the header row


def screenshot(page: Page, name: str, png: bytes | None = None) -> None:
    """Keep a picture for docs/export.md when asked (DECK_UPDATE_DOCS=1)."""
    if UPDATE_DOCS:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        (DOCS_IMG / name).write_bytes(png if png is not None else page.screenshot())
