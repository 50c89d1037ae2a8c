"""Code blocks: verbatim, never wrapped, cut with a marker, highlighted lines marked, ASCII,
located errors for bad options, Markdown fences, search, `check --size`, and Pygments only
when a deck has code."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from deck.cli import main
from deck.draw.code import CodeLines, expand_tabs
from deck.draw.render import RenderOptions, render_block
from deck.export import draw
from deck.export.markdown import markdown_code
from deck.format import model
from deck.format.code_table import visible_controls
from deck.format.errors import DeckError
from deck.format.loader import load_deck_text
from deck.format.sanitize import clean_text
from deck.present.state import matches

L = model.Localized.plain
SAMPLE = model.Code(
    "def f(x):\n\tif x:\n\t\treturn '很长的一行' * 10  # a comment that runs long\n\n    return None",
    lang="python", numbers=True, highlight=((2, 3),), caption=L("f.py"))


def lines(block: model.Code, width: int, ascii_only: bool = False) -> list[str]:
    return draw(render_block(block, RenderOptions("en", ascii_only=ascii_only)), width, ascii_only)


def deck_with(code_yaml: str) -> model.Deck:
    return load_deck_text(f"title: T\nslides:\n  - title: S\n    code:{code_yaml}\n", "d.yaml")


def error_of(code_yaml: str) -> str:
    with pytest.raises(DeckError) as caught:
        deck_with(code_yaml)
    return str(caught.value)


# --- drawing, as exact strings ----------------------------------------------------------------


def test_code_at_20_cells_is_cut_with_a_marker_never_wrapped() -> None:
    assert lines(SAMPLE, 20) == [
        "── f.py ────────────",
        "  1 │ def f(x):",
        "▶ 2 │     if x:",
        "▶ 3 │         retur→",
        "  4 │",
        "  5 │     return No→",
    ]


def test_code_at_40_cells_cuts_between_wide_characters() -> None:
    assert lines(SAMPLE, 40)[3] == "▶ 3 │         return '很长的一行' * 10 →"
    assert lines(SAMPLE, 40, ascii_only=True) == [
        "-- f.py --------------------------------",
        "  1 | def f(x):",
        "* 2 |     if x:",
        "* 3 |         return '很长的一行' * 10 >",
        "  4 |",
        "  5 |     return None",
    ]


@pytest.mark.parametrize("width", [80, 120])
def test_code_that_fits_is_verbatim_with_tabs_at_stops_of_four(width: int) -> None:
    assert lines(SAMPLE, width) == [
        "── f.py " + "─" * (width - 8),
        "  1 │ def f(x):",
        "▶ 2 │     if x:",
        "▶ 3 │         return '很长的一行' * 10  # a comment that runs long",
        "  4 │",
        "  5 │     return None",
    ]


def test_plain_code_keeps_indentation_and_blank_lines() -> None:
    code = model.Code("\n  a\n\n\n    b\n")
    assert lines(code, 20) == ["─" * 20, "", "    a", "", "", "      b", ""]


def test_tabs_go_to_the_next_stop_counted_in_cells() -> None:
    assert expand_tabs("a\tb", 4) == "a   b"
    assert expand_tabs("中\tb", 4) == "中  b"  # two cells, then two spaces to column 4
    assert expand_tabs("\t\tx", 8) == " " * 16 + "x"
    assert lines(model.Code("x\ty", tabs=2), 20)[1] == "  x y"


def test_ascii_keeps_the_codes_own_characters() -> None:
    code = model.Code("print('你好 — “quoted”')")
    assert lines(code, 40, ascii_only=True)[1] == "  print('你好 — “quoted”')"


def test_highlighted_lines_are_bold_and_the_others_dim_on_screen() -> None:
    console = Console(width=40, file=io.StringIO(), color_system="truecolor", force_terminal=True)
    block = model.Code("a = 1\nb = 2", lang="python", highlight=((2, 2),))
    rendered = console.render_lines(CodeLines(block, "cyan"), console.options, pad=False)
    first = [segment for segment in rendered[0] if segment.text.strip()]
    second = [segment for segment in rendered[1] if segment.text.strip() and segment.text != "▶ "]
    assert all(segment.style is not None and segment.style.dim for segment in first)
    assert all(segment.style is not None and segment.style.bold for segment in second)


def test_keywords_are_coloured_with_ansi_colours_and_no_background() -> None:
    console = Console(width=40, file=io.StringIO(), color_system="truecolor", force_terminal=True)
    rendered = console.render_lines(CodeLines(model.Code("def f(): pass", lang="python"), "cyan"),
                                    console.options, pad=False)
    styles = {segment.text: segment.style for segment in rendered[0]}
    keyword = styles["def"]
    assert keyword is not None and keyword.color is not None and keyword.color.number is not None
    assert keyword.color.number < 16  # an ANSI colour: Textual maps it to the theme's palette
    assert all(style is None or style.bgcolor is None for style in styles.values())


# --- loading ----------------------------------------------------------------------------------


def test_a_plain_string_is_plain_code_and_a_mapping_takes_every_option() -> None:
    plain = deck_with(' "x = 1"').slides[0].blocks[0]
    assert plain == model.Code("x = 1", span=plain.span)
    full = deck_with(' {text: "a\\nb\\nc", lang: Python, numbers: true, highlight: "1, 2-3", '
                     'caption: c.py, tabs: 8}').slides[0].blocks[0]
    assert isinstance(full, model.Code)
    assert (full.lang, full.numbers, full.highlight, full.tabs) == ("python", True, ((1, 1), (2, 3)), 8)
    assert full.caption == L("c.py")


def test_a_block_scalar_keeps_its_lines_and_loses_only_its_last_newline() -> None:
    code = deck_with(" |\n      if x:\n\n          y()\n").slides[0].blocks[0]
    assert isinstance(code, model.Code) and code.text == "if x:\n\n    y()"


def test_code_works_inside_blocks_too() -> None:
    deck = load_deck_text("title: T\nslides:\n  - title: S\n    blocks:\n      - code: a\n      - code: b\n",
                          "d.yaml")
    assert [block.text for block in deck.slides[0].blocks if isinstance(block, model.Code)] == ["a", "b"]


def test_an_unknown_language_is_a_located_error_with_a_suggestion() -> None:
    assert error_of(" {text: x, lang: pyhton}") == (
        "d.yaml:4:27: unknown code language 'pyhton'; did you mean 'python'? (a Pygments lexer name "
        "such as python or yaml; leave 'lang' out for plain text)")


def test_a_huge_language_name_is_refused_quickly_and_shortened() -> None:
    started = time.perf_counter()
    message = error_of(f" {{text: x, lang: {'q' * 200_000}}}")
    assert time.perf_counter() - started < 5  # bounded: at most 40 characters are compared
    assert "unknown code language 'qqq" in message and len(message) < 300


@pytest.mark.parametrize(("options", "expected"), [
    ('highlight: "4"', "'highlight': line 4 does not exist; the code has 3 lines"),
    ('highlight: "2-1"', "'highlight': '2-1' is not a range of lines"),
    ('highlight: "two"', "'highlight' must list lines and ranges such as \"2,4-6\", not 'two'"),
    ("tabs: 0", "'tabs' must be a whole number from 1 to 16, not 0"),
    ("tabs: 2.5", "'tabs' must be a whole number from 1 to 16, not 2.5"),
    ("numbers: yes please", "'numbers' must be true or false"),
    ("colour: red", "unknown key 'colour' in 'code'"),
])
def test_bad_options_are_located_errors(options: str, expected: str) -> None:
    assert expected in error_of(f' {{text: "a\\nb\\nc", {options}}}')


def test_code_must_be_text() -> None:
    assert "'code' must be the code as text" in error_of(" [a, b]")
    assert "'text' must be the code as text (use '|' for several lines), not empty" in error_of(" {text: }")


def test_escape_sequences_in_code_are_shown_literally() -> None:
    code = deck_with(r' "print(\"\e[31mred\e[0m\a\u202e\")"').slides[0].blocks[0]
    assert isinstance(code, model.Code)
    assert code.text == r'print("\x1b[31mred\x1b[0m\x07\u202e")'
    assert "\x1b" not in "".join(lines(code, 60))


def test_visible_controls_shows_everything_clean_text_would_remove() -> None:
    for point in range(0x30000):
        char = chr(point)
        if char in "\t\n" or 0xD800 <= point < 0xE000:
            continue
        if clean_text(char) != char:
            assert visible_controls(char) != char, f"U+{point:04X} would reach the terminal"


# --- exports, search, check -------------------------------------------------------------------


def test_markdown_fences_are_longer_than_any_backtick_run_inside() -> None:
    block = model.Code("a = `x`\n````\nb", lang="python", caption=L("f.py"))
    assert list(markdown_code(block, "en")) == ["*f.py*", "", "`````python", "a = `x`", "````", "b", "`````"]
    assert list(markdown_code(model.Code("plain"), "en")) == ["```text", "plain", "```"]


def test_search_finds_text_in_code_and_captions() -> None:
    slide = model.Slide(title=L("T"), blocks=(model.Code("for item in items:\n    yield", caption=L("loop")),))
    assert matches(slide, "en", "ITEM IN") and matches(slide, "en", "loop")
    assert not matches(slide, "en", "items:\n    yield")


def test_check_size_reports_cut_code_lines(write_deck: Callable[[str], Path]) -> None:
    path = write_deck("title: T\nslides:\n  - title: S\n    code: |\n      short\n      " + "x" * 100
                      + "\n      " + "y" * 90 + "\n")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--size", "80x24", str(path)], out, err) == 2
    assert f"{path}:4:11: code on slide 1: line 2 (and 1 more) is wider than 76 cells and is cut" in err.getvalue()
    assert main(["check", "--size", "120x24", str(path)], io.StringIO(), io.StringIO()) == 0


# --- bounds -----------------------------------------------------------------------------------


def test_a_10000_line_block_loads_and_draws_in_bounded_time() -> None:
    body = "".join(f"        value_{n} = compute({n})  # line {n}\n" for n in range(10_000))
    started = time.perf_counter()
    deck = deck_with(f"\n      lang: python\n      numbers: true\n      text: |\n{body}")
    drawn = lines(deck.slides[0].blocks[0], 80)  # type: ignore[arg-type]
    assert len(drawn) == 10_001 and drawn[-1] == "  10000 │ value_9999 = compute(9999)  # line 9999"
    assert time.perf_counter() - started < 60  # generous: a hang fails, a slow machine does not


def test_a_deck_without_code_never_imports_pygments() -> None:
    script = ("import sys; from deck.format.loader import load_deck; from deck.export import export_deck;"
              "export_deck(load_deck('slides.yaml'), fmt='markdown'); export_deck(load_deck('slides.yaml'));"
              "print('pygments' in sys.modules, 'rich.syntax' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, timeout=120)
    assert result.stdout.strip() == "False False", result.stderr


def test_the_showcase_deck_fits_80x24_and_check_counts_its_blocks() -> None:
    showcase = Path(__file__).resolve().parent.parent / "examples" / "showcase.yaml"
    out = io.StringIO()
    assert main(["check", "--size", "80x24", str(showcase)], out, io.StringIO()) == 0
    assert "1 code block, 2 tables" in out.getvalue()
