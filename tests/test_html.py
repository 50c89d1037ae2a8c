"""The HTML export without a browser: one self-contained file, deck text escaped, safe links,
the page's own script the only one allowed, atomic writes, and the command line."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.style import Style

from deck.cli import main
from deck.draw.render import RenderOptions
from deck.export.grid import Page, Piece
from deck.export.html import HtmlOptions, HtmlWriter, export_html
from deck.format.loader import load_deck

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
Writer = Callable[[str], Path]

HOSTILE = """\
title: "</title><script>alert('title')</script>"
languages: [en]
slides:
  - title: "<img src=x onerror=alert(1)>"
    bullets:
      - "<script>alert('bullet')</script>"
      - "&amp; \\"quoted\\" 'single' <b>bold</b>"
    notes: "<iframe src=javascript:alert(2)></iframe>"
  - title: second
    text: "javascript:alert(3) and https://example.org/?a=1&b=<2>"
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def bundled() -> str:
    deck = load_deck(SLIDES)
    return export_html(deck, RenderOptions(lang="zh"), HtmlOptions(notes=True, reveal=True))


def test_one_file_with_nothing_to_fetch(bundled: str) -> None:
    # No URL of any kind in an attribute that loads something, no external style or script.
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(?!#)""", bundled.split("<main>")[0])
    assert "<link" not in bundled and "@import" not in bundled and "url(" not in bundled
    assert bundled.count("<script") == 1 and "<script src" not in bundled
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', bundled)
    assert policy is not None and "default-src 'none'" in policy[1]


def test_only_the_page_script_may_run(bundled: str) -> None:
    script = re.search(r"<script>(.*?)</script>", bundled, re.S)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script[1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in bundled


def test_every_slide_once_with_its_number(bundled: str) -> None:
    deck = load_deck(SLIDES)
    ids = re.findall(r'<section class="slide" id="(\d+)"', bundled)
    assert ids == [str(n) for n in range(1, len(deck.slides) + 1)]
    assert bundled.count('<section class="notes"') == len(deck.slides)


def test_deck_text_is_escaped(write_deck: Writer) -> None:
    deck = load_deck(write_deck(HOSTILE))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions(notes=True))
    assert document.count("<script") == 1  # ours
    for markup in ("<img", "<iframe", "<b>", "</title><script>"):
        assert markup not in document
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in document  # the title, escaped
    assert "&lt;img" in document and "&amp;amp;" in document
    assert "<a " not in document  # plain text never becomes a link


def _linked(link: str) -> str:
    page = Page(10, ((Piece(0, 4, "link", Style(link=link), False), Piece(4, 6, " after", Style.null(), False)),))
    return HtmlWriter().grid(page, "g")


@pytest.mark.parametrize("link", ["https://example.org/a?b=1&c=2", "http://example.org", "mailto:me@example.org"])
def test_web_and_mail_links_become_anchors(link: str) -> None:
    html = _linked(link)
    escaped = link.replace("&", "&amp;")
    assert f'<a href="{escaped}" target="_blank" rel="noopener noreferrer">' in html
    assert html.count("<a ") == 1 and html.count("</a>") == 1


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>",
                                  "file:///etc/passwd", "vbscript:x", "https://x\" onmouseover=\"alert(1)",
                                  "//example.org", "https://exa mple.org", "https://x'onclick='alert(1)",
                                  "https://x/\nnext", "https://x/\x7f", "https://x/\x85", "https://x/\u2028",
                                  "https://x/<script>", "https://x\\@evil.org", "https://x/`", "https://x/" + "a" * 2001])
def test_other_links_stay_text(link: str) -> None:
    html = _linked(link)
    assert "<a " not in html and "link" in html


def test_cli_writes_html_atomically(write_deck: Writer, tmp_path: Path) -> None:
    deck = write_deck(HOSTILE)
    out = tmp_path / "talk.html"
    status, stdout, stderr = run("export", str(deck), "--format", "html", "-o", str(out), "--size", "80x24")
    assert (status, stdout, stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".deck-")]


def test_invalid_deck_touches_nothing(write_deck: Writer, tmp_path: Path) -> None:
    deck = write_deck("title: x\nslides:\n  - title: [1, 2]\n")
    out = tmp_path / "talk.html"
    out.write_text("keep me", encoding="utf-8")
    status, stdout, stderr = run("export", str(deck), "--format", "html", "-o", str(out))
    assert status == 2 and stdout == ""
    assert re.match(r".+:\d+:\d+: ", stderr) and "Traceback" not in stderr
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("size", ["10x5", "100x", "401x30", "100x201"])
def test_bad_size_is_refused(size: str) -> None:
    status, _, stderr = run("export", str(SLIDES), "--format", "html", "--size", size)
    assert status == 2 and "--size" in stderr and "Traceback" not in stderr


def test_html_to_stdout() -> None:
    status, stdout, _ = run("export", str(SLIDES), "--format", "html", "--lang", "en")
    assert status == 0 and stdout.startswith("<!DOCTYPE html>") and '<html lang="en">' in stdout


def test_pdf_needs_an_output_file() -> None:
    status, stdout, stderr = run("export", str(SLIDES), "--format", "pdf")
    assert (status, stdout) == (2, "") and "-o" in stderr


def test_ascii_export_has_no_wide_glyphs() -> None:
    deck = load_deck(SLIDES)
    document = export_html(deck, RenderOptions(lang="en", ascii_only=True), HtmlOptions())
    body = document.split("<main>")[1].split("</main>")[0]
    assert not re.search(r"[━─█▌•→←]", body)


def test_a_picture_is_cells_of_colour_not_glyphs() -> None:
    deck = load_deck(ROOT / "examples" / "showcase.yaml")
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions())
    pixels = re.findall(r'<span class="([^"]*)">[▀▄]+</span>', document)
    assert pixels and all(re.search(r"\bh[ul]\b", classes) for classes in pixels)
    assert "<img" not in document  # drawn as in the terminal: half blocks, each cell its two colours


def test_deck_links_are_anchors_only_for_the_web(write_deck: Writer) -> None:
    deck = load_deck(write_deck('title: L\nslides:\n  - title: A link\n    text: "See [the runbook]'
                                '(https://example.org/run?a=1&b=2) and [bad](javascript:alert(1))."\n'))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions())
    anchors = re.findall(r"<a [^>]*>", document)
    assert anchors == ['<a href="https://example.org/run?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">']
    assert 'href="javascript' not in document


def test_a_quote_in_a_deck_link_never_leaves_the_attribute(write_deck: Writer) -> None:
    deck = load_deck(write_deck('title: L\nslides:\n  - title: Q\n    text: "[q](https://example.org/\\"onmouseover=alert(1))'
                                ' [m](mailto:me@example.org) [f](file:///etc/passwd)"\n'))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions())
    anchors = re.findall(r"<a [^>]*>", document)
    assert len(anchors) == 2 and all(re.fullmatch(r'<a href="[^"<>]*" target="_blank" rel="noopener noreferrer">', a)
                                     for a in anchors)
    assert "onmouseover=" not in "".join(anchors).replace("%22onmouseover=", "")
    assert 'href="mailto:me@example.org"' in anchors[1] and "file:" not in "".join(anchors)


# --- themes ---------------------------------------------------------------------------------


def _root_colours(document: str) -> dict[str, str]:
    root = re.search(r":root\{([^}]*)\}", document)
    assert root is not None
    return dict(part.split(":", 1) for part in root[1].split(";"))


def test_the_default_theme_is_the_presenters_default(tmp_path: Path) -> None:
    default, named = tmp_path / "default.html", tmp_path / "named.html"
    assert run("export", str(SLIDES), "--format", "html", "-o", str(default))[0] == 0
    assert run("export", str(SLIDES), "--format", "html", "--theme", "textual-dark", "-o", str(named))[0] == 0
    assert default.read_bytes() == named.read_bytes()  # DARK is textual-dark as Textual resolves it


@pytest.mark.parametrize(("theme", "background", "scheme"), [("nord", "#2e3440", "dark"),
                                                             ("textual-light", "#e0e0e0", "light"),
                                                             ("high-contrast", "#000000", "dark")])
def test_a_chosen_theme_colours_the_screen_not_the_paper(theme: str, background: str, scheme: str) -> None:
    status, document, stderr = run("export", str(SLIDES), "--format", "html", "--theme", theme, "--lang", "en")
    assert (status, stderr) == (0, "")
    screen = _root_colours(document)
    assert (screen["--bg"], screen["color-scheme"]) == (background, scheme)
    paper = re.search(r"@media print\{\s*:root\{([^}]*)\}", document)
    assert paper is not None and "--bg:#ffffff" in paper[1]  # printed dark on white whatever the theme


def test_theme_colours_are_textuals() -> None:
    from deck.export.grid import DARK
    from deck.present.themes import theme_colors

    dark = theme_colors("textual-dark")
    assert (dark.foreground, dark.background, dark.panel, dark.key, dark.ansi, dark.dim, dark.dark) == (
        DARK.foreground, DARK.background, DARK.panel, DARK.key, DARK.ansi, DARK.dim, DARK.dark)
    # The terminal's own colours have no value to draw with: the default's stand in.
    assert theme_colors("ansi-dark").background == DARK.background
    assert theme_colors("textual-light").dark is False


@pytest.mark.parametrize(("argv", "needle"), [(["--format", "html", "--theme", "nope"], "--theme nope: unknown theme"),
                                              (["--format", "text", "--theme", "nord"], "only --format html"),
                                              (["--format", "pdf", "--theme", "nord"], "only --format html")])
def test_a_bad_theme_is_one_line_and_touches_nothing(argv: list[str], needle: str, tmp_path: Path) -> None:
    out = tmp_path / "talk.out"
    out.write_text("keep me", encoding="utf-8")
    status, stdout, stderr = run("export", str(SLIDES), *argv, "-o", str(out))
    assert (status, stdout) == (2, "") and needle in stderr and len(stderr.splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "keep me"


def test_slide_one_is_the_title_page_as_on_screen(write_deck: Writer) -> None:
    # The presenter draws a first slide of only text as the title page (centred, with the
    # deck's author, date and source); the HTML deck is that screen, so it must do the same.
    deck = load_deck(write_deck("title: Talk\nauthor: Ada Lovelace\ndate: 1 Dec 2026\nlanguages: [en]\n"
                                "slides:\n  - title: Welcome\n  - title: Two\n    text: body\n"))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions(size=(60, 20)))
    first, second = re.findall(r'<section class="slide".*?</section>', document, re.S)
    assert "Ada Lovelace · 1 Dec 2026" in html_text(first)
    assert "Ada Lovelace" not in html_text(second)
    title_row = next(row for row in html_text(first).splitlines() if "Welcome" in row)
    assert abs(title_row.index("Welcome") - (60 - title_row.index("Welcome") - len("Welcome"))) <= 1


def html_text(fragment: str) -> str:
    """The text a browser shows for `fragment` (tags dropped, entities decoded), row by row."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"</div>", "\n", fragment)))


def test_the_page_title_reads_the_decks_title_without_markers(write_deck: Writer) -> None:
    deck = load_deck(write_deck("title: \"**Bold** talk <b>\"\nlanguages: [en]\nslides:\n  - title: One\n"))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions())
    assert "<title>Bold talk &lt;b&gt;</title>" in document
