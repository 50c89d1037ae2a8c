"""Plain-text and Markdown export: goldens of the bundled deck, and what every export guarantees."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from deck.cli import main
from deck.export import export_deck, write_atomic
from deck.export.markdown import md_escape
from deck.format.loader import load_deck

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden" / "export"
UPDATE = os.environ.get("DECK_UPDATE_GOLDEN") == "1"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")

# (golden file, export options)
GOLDENS = {
    "zh-80.txt": {"lang": "zh", "width": 80},
    "en-80.txt": {"lang": "en", "width": 80},
    "en-80-ascii.txt": {"lang": "en", "width": 80, "ascii_only": True},
    "zh-40.txt": {"lang": "zh", "width": 40},
    "en-80.md": {"lang": "en", "width": 80, "fmt": "markdown", "notes": True},
}
Writer = Callable[[str], Path]


def run(*argv: str) -> tuple[int, str, str]:
    """Run `deck argv` in-process; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_bundled_deck_matches_golden(name: str) -> None:
    options = GOLDENS[name]
    document = export_deck(load_deck(SLIDES), **options)  # type: ignore[arg-type]
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(document, encoding="utf-8")
    assert document == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_lines_fit_and_are_clean(name: str) -> None:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    width = int(GOLDENS[name]["width"])  # type: ignore[call-overload]
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        fenced = fenced != line.startswith("```")
        # Markdown prose is left unwrapped (renderers reflow it, and a newline inside Chinese
        # would show as a space); what deck draws -- text exports and charts -- must fit.
        if fenced or not name.endswith(".md"):
            assert cell_len(line) <= width, f"{name}:{number} is {cell_len(line)} cells"
        assert line == line.rstrip(), f"{name}:{number} has trailing spaces"
        assert not CONTROL.search(line), f"{name}:{number} has a control character"
    assert "\x1b" not in text


def test_english_ascii_export_is_pure_ascii() -> None:
    status, out, _ = run("export", str(SLIDES), "--lang", "en", "--ascii")
    assert status == 0
    assert out.isascii()
    assert max(out.encode("utf-8")) < 0x80
    # With notes come the sources' verbatim quotes: the article's Chinese, and nothing else.
    status, out, _ = run("export", str(SLIDES), "--lang", "en", "--ascii", "--notes")
    quotes = "".join(datum.source or "" for chart in load_deck(SLIDES).charts for datum in chart.data)
    assert status == 0 and "[1] " in out
    assert {ch for ch in out if not ch.isascii()} <= set(quotes)


def test_chinese_ascii_export_keeps_chinese_but_draws_7_bit() -> None:
    document = export_deck(load_deck(SLIDES), lang="zh", ascii_only=True)
    drawn = set(document) - {ch for ch in document if ord(ch) > 0x2E80}  # drop CJK text itself
    assert not {"█", "─", "━", "•", "▌", "│"} & drawn


def test_text_export_has_a_header_per_slide() -> None:
    deck = load_deck(SLIDES)
    document = export_deck(deck, lang="zh")
    headers = re.findall(r"^── (\d+)/(\d+) - (.+?) ─", document, re.M)
    assert [int(number) for number, _, _ in headers] == list(range(1, len(deck.slides) + 1))
    assert {int(total) for _, total, _ in headers} == {len(deck.slides)}
    assert headers[1][2] == deck.slides[1].section.name.get("zh")  # type: ignore[union-attr]


def test_notes_only_with_notes_flag() -> None:
    deck = load_deck(SLIDES)
    note = deck.slides[0].notes
    assert note is not None
    first_words = note.get("en").split()[0]
    assert "── Notes" not in export_deck(deck, lang="en")
    assert "── Notes" in export_deck(deck, lang="en", notes=True)
    assert first_words in export_deck(deck, lang="en", notes=True)


HOSTILE = """\
title: "[bold]Boom[/bold] \\e]0;pwned\\a"
slides:
  - title: "\\e[2J\\e[H[red]cleared[/red]"
    bullets: ["bell\\a\\a and back\\b\\bspace", "osc52 \\e]52;c;ZXZpbA==\\a done", "[link=http://x]x[/link]"]
    notes: "\\e[31mred\\e[0m *not* _markdown_ <b>html</b>"
    chart:
      kind: bar
      title: "[bold]chart[/]"
      data: [{label: "[i]label[/i]\\e[5m", value: 3}]
"""


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_hostile_text_is_shown_literally(write_deck: Writer, fmt: str, ascii_only: bool) -> None:
    deck = load_deck(write_deck(HOSTILE))
    document = export_deck(deck, fmt=fmt, ascii_only=ascii_only, notes=True)
    assert not CONTROL.search(document.replace("\n", ""))
    # Markdown escapes prose; charts sit in fenced blocks, where text is literal as it is
    for shown in ("[bold]Boom[/bold]", "[red]cleared[/red]", "[link=http://x]x[/link]", "[i]label[/i]"):
        assert shown in document or (fmt == "markdown" and md_escape(shown) in document)


def test_markdown_escapes_deck_text() -> None:
    assert md_escape("*not* _md_ <b>x</b> [a](b)") == r"\*not\* \_md\_ \<b\>x\</b\> \[a\](b)"
    assert md_escape("# heading\n- item\n1. one") == "\\# heading\n\\- item\n1\\. one"
    assert md_escape("from $100B to $15B") == "from \\$100B to \\$15B"  # not GitHub math


def test_markdown_handout_shape() -> None:
    deck = load_deck(SLIDES)
    document = export_deck(deck, lang="en", fmt="markdown", notes=True)
    assert document.startswith(f"# {md_escape(deck.title.get('en'))}\n")
    assert len(re.findall(r"^## \d+\. ", document, re.M)) == len(deck.slides)
    assert document.count("```text") == len(deck.charts)
    quotes = [datum.source for chart in deck.charts for datum in chart.data]
    footnotes = re.findall(r"^\[\^(\d+)\]: (.*)$", document, re.M)
    assert [int(number) for number, _ in footnotes] == list(range(1, len(quotes) + 1))
    # every footnote is referenced exactly once in the text
    for number, _ in footnotes:
        assert len(re.findall(rf"\[\^{number}\](?!:)", document)) == 1
    assert "> **Notes:**" in document


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "slides.txt"
    status, stdout, _ = run("export", str(SLIDES), "-o", str(out), "--lang", "en")
    assert (status, stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == export_deck(load_deck(SLIDES), lang="en")
    assert [p.name for p in tmp_path.iterdir()] == ["slides.txt"]  # no temporary left behind


@pytest.mark.parametrize(
    "argv",
    [
        ["BAD", "-o", "OUT"],                                  # invalid deck
        ["GOOD", "-o", "OUT", "--lang", "fr"],                 # unknown language
        ["GOOD", "-o", "OUT", "--width", "0"],                 # bad width
        ["GOOD", "-o", "OUT", "--format", "docx"],             # unknown format
    ],
)
def test_failures_leave_the_existing_output_untouched(write_deck: Writer, tmp_path: Path, argv: list[str]) -> None:
    good = write_deck("title: x\nslides:\n  - title: y\n", "good.yaml")
    bad = write_deck("title: x\nslides:\n  - titel: y\n", "bad.yaml")
    out = tmp_path / "out.txt"
    out.write_bytes(b"precious \xff bytes\n")
    paths = {"BAD": str(bad), "GOOD": str(good), "OUT": str(out)}
    status, stdout, stderr = run("export", *(paths.get(arg, arg) for arg in argv))
    assert status == 2
    assert stdout == ""
    assert stderr.strip() and "Traceback" not in stderr
    assert out.read_bytes() == b"precious \xff bytes\n"


def test_missing_output_folder_fails_cleanly(tmp_path: Path) -> None:
    status, _, err = run("export", str(SLIDES), "-o", str(tmp_path / "nope" / "out.txt"))
    assert status == 1
    assert err == f"{tmp_path / 'nope' / 'out.txt'}: cannot write: folder {tmp_path / 'nope'} does not exist\n"


def test_output_onto_a_folder_fails_cleanly(tmp_path: Path) -> None:
    status, _, err = run("export", str(SLIDES), "-o", str(tmp_path))
    assert status == 1
    assert err == f"{tmp_path}: is a directory; give a file name to write to\n"


def test_read_only_output_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n")
    out.chmod(0o444)
    status, _, err = run("export", str(SLIDES), "-o", str(out))
    assert status == 1
    assert err == f"{out}: cannot write: the file is read-only\n"
    assert out.read_text() == "old\n"


def test_failure_while_writing_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(Exception, match="No space left on device"):
        write_atomic(str(out), "new\n" * 1000)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_interrupt_while_writing_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(out), "new\n")
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "fresh.txt"
    write_atomic(str(out), "x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_check_size_passes_for_the_bundled_deck_at_80x24() -> None:
    status, out, err = run("check", "--size", "80x24", str(SLIDES))
    assert status == 0, err
    assert ": ok: " in out


def test_check_size_reports_slides_that_do_not_fit(write_deck: Writer) -> None:
    bullets = "".join(f"      - item {n}\n" for n in range(30))
    path = write_deck(f"title: x\nslides:\n  - title: short\n  - title: long\n    bullets:\n{bullets}")
    status, _, err = run("check", "--size", "80x24", str(path))
    assert status == 2
    # the title and its rule take 2 rows, a blank row, then 30 bullets: 33 rows; 80x24 leaves
    # 24 - header 1 - footer 2 - padding 2 = 19
    assert err == f"{path}:4:5: slide 2 needs 33 rows, has 19\n"


def test_markdown_carries_author_and_date(write_deck: Writer) -> None:
    deck = load_deck(write_deck("title: T\nauthor: Ann *Lee* 5*3\ndate: 2025-12\nslides:\n  - title: y\n"))
    document = export_deck(deck, fmt="markdown")
    assert document.startswith("# T\n\nAnn *Lee* 5\\*3 · 2025-12\n")  # the author is a deck text: emphasis kept
    assert "Ann *Lee* 5\\*3 - 2025-12" in export_deck(deck, fmt="markdown", ascii_only=True)
    assert export_deck(deck).startswith("T\nAnn Lee 5*3\n2025-12\n")


def test_check_size_reports_charts_wider_than_the_terminal(write_deck: Writer) -> None:
    chart = "{kind: bar, data: [{label: a, value: 1, display: '" + "x" * 150 + "'}]}"
    path = write_deck(f"title: x\nslides:\n  - title: wide\n    chart: {chart}\n")
    status, _, err = run("check", "--size", "80x24", str(path))
    assert status == 2
    assert re.fullmatch(rf"{re.escape(str(path))}:3:5: slide 1 needs (\d+) columns, has 80\n", err)
    assert int(re.findall(r"needs (\d+)", err)[0]) > 80
    assert run("check", "--size", "300x24", str(path))[0] == 0
