"""The PDF handout, read back with poppler: a page per slide, each page's text the text export's
slide text, fonts embedded and subset, Chinese present; the font errors and the missing extra."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from deck.cli import main
from deck.format.loader import load_deck

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
WIDTH = 96  # the slide width of the default --size 100x30
DOCS_IMG = ROOT / "docs" / "img"
UPDATE_DOCS = os.environ.get("DECK_UPDATE_DOCS") == "1"
Writer = Callable[[str], Path]

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def poppler(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60).stdout


def pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext's form feeds split them)."""
    return poppler("pdftotext", str(pdf), "-").split("\f")[:-1]


def squeeze(text: str) -> str:
    return "".join(text.split())


def text_export_slides(*options: str, deck: Path = SLIDES) -> list[str]:
    """Each slide's part of the text export: its header rule and its lines."""
    status, document, _ = run("export", str(deck), "--width", str(WIDTH), *options)
    assert status == 0
    chunks = re.split(r"^(?=── \d+/\d+)", document, flags=re.M)
    return chunks[1:]  # the first is the deck's title block


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for name, options in (("zh", ["--lang", "zh"]), ("en-notes", ["--lang", "en", "--notes"])):
        path = folder / f"{name}.pdf"
        assert run("export", str(SLIDES), "--format", "pdf", "-o", str(path), *options) == (0, "", "")
        made[name] = path
    return made


def test_one_page_per_slide(handout: dict[str, Path]) -> None:
    slides = len(load_deck(SLIDES).slides)
    assert len(pages(handout["zh"])) == slides
    assert len(pages(handout["en-notes"])) == 2 * slides
    assert "A4" in poppler("pdfinfo", str(handout["zh"]))


def test_each_page_reads_as_the_text_export(handout: dict[str, Path]) -> None:
    expected = text_export_slides("--lang", "zh")
    got = pages(handout["zh"])
    assert len(got) == len(expected)
    for number, (page, slide) in enumerate(zip(got, expected, strict=True), start=1):
        assert squeeze(page) == squeeze(slide), f"page {number}"
    if UPDATE_DOCS:  # the picture in docs/export.md: the first page with a bar chart
        deck = load_deck(SLIDES)
        number = next(n for n, s in enumerate(deck.slides, start=1) if any(c.kind == "bar" for c in s.charts))
        poppler("pdftoppm", "-f", str(number), "-l", str(number), "-r", "80", "-png", "-singlefile",
                str(handout["zh"]), str(DOCS_IMG / "pdf-page"))


def test_notes_pages_follow_their_slides(handout: dict[str, Path]) -> None:
    # With --notes a slide page carries its charts' source marks, and the notes page after it the
    # quotes behind them, then the notes: the two read as what the text export's --notes prints.
    expected = text_export_slides("--lang", "en", "--notes")
    got = pages(handout["en-notes"])
    assert any("── Sources" in page for page in got)
    for number, slide in enumerate(expected):
        # The CJK font has no superscript 0 and 5-9: the PDF draws those marks as small raised digits.
        assert digits(squeeze(got[2 * number] + got[2 * number + 1])) == digits(squeeze(slide)), f"slide {number + 1}"


def digits(text: str) -> str:
    return text.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))


def test_fonts_are_embedded_subsets_with_chinese(handout: dict[str, Path]) -> None:
    table = poppler("pdffonts", str(handout["zh"])).splitlines()[2:]
    assert table
    for row in table:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", name), row  # a subset's tag
    assert re.search(r"[\u4e00-\u9fff]{4}", "".join(pages(handout["zh"])))
    assert any("CJK" in row for row in table)


def test_no_cjk_font_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                     f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    out = tmp_path / "talk.pdf"
    status, stdout, stderr = run("export", str(SLIDES), "--format", "pdf", "-o", str(out))
    assert (status, stdout) == (2, "")
    assert len(stderr.splitlines()) == 1 and "fonts-noto-cjk" in stderr and "--font" in stderr
    assert not out.exists()


def test_a_given_font_is_used(write_deck: Writer, tmp_path: Path) -> None:
    latin = subprocess.run(["fc-match", "--format", "%{file}", "monospace"], capture_output=True, text=True).stdout
    if not latin.endswith((".ttf", ".otf")):
        pytest.skip("no monospaced TrueType font")
    deck = write_deck("title: Plain\nslides:\n  - title: Only Latin\n    bullets: [one, two]\n")
    out = tmp_path / "talk.pdf"
    assert run("export", str(deck), "--format", "pdf", "-o", str(out), "--font", latin) == (0, "", "")
    name = Path(latin).stem.replace("-", "")
    assert name.lower() in poppler("pdffonts", str(out)).replace("-", "").lower()
    assert [squeeze(page) for page in pages(out)] == [squeeze(slide) for slide in text_export_slides(deck=deck)]


@pytest.mark.parametrize("font", ["/no/such/font.ttf", "README.md"])
def test_a_bad_font_is_refused(font: str, tmp_path: Path) -> None:
    out = tmp_path / "talk.pdf"
    status, _, stderr = run("export", str(SLIDES), "--format", "pdf", "-o", str(out), "--font", str(ROOT / font))
    assert status == 2 and "--font" in stderr and "Traceback" not in stderr and not out.exists()


def test_missing_extra_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)
    monkeypatch.delitem(sys.modules, "deck.export.pdf", raising=False)
    out = tmp_path / "talk.pdf"
    status, stdout, stderr = run("export", str(SLIDES), "--format", "pdf", "-o", str(out))
    assert (status, stdout) == (2, "")
    assert stderr.strip().endswith("pip install 'deck[pdf]'") and len(stderr.splitlines()) == 1
    assert not out.exists()


def test_invalid_deck_touches_nothing(write_deck: Writer, tmp_path: Path) -> None:
    deck = write_deck("title: x\nslides: 3\n")
    out = tmp_path / "talk.pdf"
    out.write_bytes(b"keep")
    status, _, stderr = run("export", str(deck), "--format", "pdf", "-o", str(out))
    assert status == 2 and re.match(r".+:\d+:\d+: ", stderr)
    assert out.read_bytes() == b"keep"


def test_a_picture_is_drawn_as_pixels(tmp_path: Path) -> None:
    out = tmp_path / "showcase.pdf"
    assert run("export", str(ROOT / "examples" / "showcase.yaml"), "--format", "pdf", "-o", str(out)) == (0, "", "")
    deck = load_deck(ROOT / "examples" / "showcase.yaml")
    number = next(n for n, slide in enumerate(deck.slides) if any(type(b).__name__ == "Image" for b in slide.blocks))
    text = pages(out)[number]
    assert "▀" not in text and "▄" not in text  # rectangles, not half-block characters
    assert deck.slides[number].title.get("en") in text


def test_web_and_mail_links_are_clickable(write_deck: Writer, tmp_path: Path) -> None:
    deck = write_deck('title: L\nslides:\n  - title: Links\n    text: "See [the runbook](https://example.org/run?a=1&b=(2)),'
                      ' [mail](mailto:me@example.org), [bad](javascript:alert(1)), [q](https://example.org/\\"x)'
                      ' and [file](file:///etc/passwd)."\n')
    out = tmp_path / "links.pdf"
    assert run("export", str(deck), "--format", "pdf", "-o", str(out)) == (0, "", "")
    urls = [line.split()[-1] for line in poppler("pdfinfo", "-url", str(out)).splitlines()[1:]]
    assert urls == ["https://example.org/run?a=1&b=(2)", "mailto:me@example.org", "https://example.org/%22x"]
    assert "the runbook" in pages(out)[0]  # the link's text is still text


def test_the_documents_title_reads_the_decks_title_without_markers(write_deck: Writer, tmp_path: Path) -> None:
    deck = write_deck('title: "**Bold** talk"\nslides:\n  - title: One\n')
    out = tmp_path / "title.pdf"
    assert run("export", str(deck), "--format", "pdf", "-o", str(out)) == (0, "", "")
    assert re.search(r"^Title:\s+Bold talk$", poppler("pdfinfo", str(out)), re.M)
