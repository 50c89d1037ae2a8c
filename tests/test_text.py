"""Tests for deck.draw.text: CJK-aware wrapping, kinsoku, styles, sanitising, the WrappedText renderable."""

from __future__ import annotations

import io
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from deck.draw.text import CLOSING, OPENING, WrappedText, safe_text, widest_token, wrap
from deck.format.sanitize import clean_text

MIXED = "2023年,Meta将现实实验室(Reality Labs)的预算提升至150亿美元。现实实验室2021-2024年累计亏损超过400亿美元，2025年亏损还在继续。"


def plain(text: Text | str, width: int) -> list[str]:
    return [line.plain for line in wrap(text, width)]


def draw(renderable: RenderableType, width: int) -> str:
    """Everything the renderable yields at `width`, uncropped, one string per line."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    lines = Segment.split_lines(console.render(renderable, console.options))
    return "\n".join("".join(segment.text for segment in line) for line in lines)


# --- widths, CJK, Latin words -------------------------------------------------------------


def test_widths_are_cells_not_characters() -> None:
    # Six CJK characters are twelve cells: two per line at width 5, three per line at width 6.
    assert plain("中文中文中文", 5) == ["中文", "中文", "中文"]
    assert plain("中文中文中文", 6) == ["中文中", "文中文"]


def test_mixed_text_keeps_words_and_numbers_whole() -> None:
    assert plain(MIXED, 20) == [
        "2023年,Meta将现实实",
        "验室(Reality Labs)的",
        "预算提升至150亿美",
        "元。现实实验室",
        "2021-2024年累计亏损",
        "超过400亿美元，2025",
        "年亏损还在继续。",
    ]
    for width in range(9, 60):
        lines = plain(MIXED, width)
        for whole in ("Reality", "Labs)", "2021-2024", "5300" if "5300" in MIXED else "400"):
            assert any(whole in line for line in lines), (width, lines)


def test_beats_rich_on_mixed_text() -> None:
    # The bar to beat: Rich splits "Reality" and "2021-2024" and starts a line with "，".
    source = "现实实验室2021-2024年累计亏损超过400亿美元，2025年亏损还在继续，Reality Labs的预算"

    def rich(width: int) -> list[str]:
        return [line.plain.rstrip() for line in Text(source).wrap(Console(width=width), width)]

    assert rich(10)[6:8] == ["继续，Real", "ity"]
    assert rich(13)[:2] == ["现实实验室202", "1-2024年累计"]
    assert rich(22)[2].startswith("，")
    assert plain(source, 10) == [
        "现实实验室",
        "2021-2024",
        "年累计亏损",
        "超过400亿",
        "美元，2025",
        "年亏损还在",
        "继续，",
        "Reality",
        "Labs的预算",
    ]
    assert plain(source, 22) == [
        "现实实验室2021-2024年",
        "累计亏损超过400亿美",
        "元，2025年亏损还在继",
        "续，Reality Labs的预算",
    ]


def test_half_width_comma_stays_with_the_character_before() -> None:
    # In the article a half-width comma is written straight before the next Latin word.
    assert plain("凭借巨大的体量,Meta依然", 15) == ["凭借巨大的体量,", "Meta依然"]
    assert plain("凭借巨大的体量,Meta依然", 14) == ["凭借巨大的体", "量,Meta依然"]


def test_spaces_break_and_are_dropped_at_the_break() -> None:
    assert plain("one  two three", 8) == ["one  two", "three"]
    assert plain("   lead and trail   ", 8) == ["lead and", "trail"]


def test_no_break_space_does_not_break() -> None:
    assert plain("100\u00a0km away", 7) == ["100\u00a0km", "away"]


def test_long_token_is_folded_by_cells() -> None:
    assert plain("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert plain("中文中文中", 4) == ["中文", "中文", "中"]
    # Folded at a legal point: the comma is not left alone at a line start.
    assert plain("Supercalifragilistic, yes", 10) == ["Supercalif", "ragilisti", "c, yes"]


def test_single_wide_character_wider_than_the_line_gets_its_own_line() -> None:
    assert plain("中文", 1) == ["中", "文"]


def test_newlines_break_and_a_final_newline_adds_no_line() -> None:
    assert plain("a\n\nb c\n", 3) == ["a", "", "b c"]
    assert plain("", 10) == [""]


# --- kinsoku -------------------------------------------------------------------------------


def test_closing_mark_pulls_the_previous_character_down() -> None:
    # Naively "一二三四" fills 8 cells and the next line starts with "，".
    assert plain("一二三四，五", 8) == ["一二三", "四，五"]
    assert plain("亏损，。」后", 8) == ["亏", "损，。」", "后"]


def test_opening_mark_moves_to_the_next_line() -> None:
    assert plain("一二三（四）", 8) == ["一二三", "（四）"]
    assert plain("一二三《四》", 8) == ["一二三", "《四》"]


def test_ascii_punctuation_rules() -> None:
    assert plain("aaaa ,", 5) == ["aaa", "a ,"]
    assert plain("see (this)", 6) == ["see", "(this)"]
    assert plain("价格上涨了%", 10) == ["价格上涨", "了%"]


def test_unavoidable_violation_when_the_token_cannot_be_cut_legally() -> None:
    assert plain("（中）", 4) == ["（中", "）"]


# --- styles and sanitising -----------------------------------------------------------------


def test_styles_survive_wrapping() -> None:
    text = Text("Reality Labs 亏损超过400亿美元")
    text.stylize("bold", 0, 12)
    text.stylize("magenta", 17, 20)  # "400"
    lines = wrap(text, 14)
    assert [line.plain for line in lines] == ["Reality Labs", "亏损超过400亿", "美元"]
    assert [(s.start, s.end, s.style) for s in lines[0].spans] == [(0, 12, "bold")]
    assert [(s.start, s.end, s.style) for s in lines[1].spans] == [(4, 7, "magenta")]
    assert lines[2].spans == []


def test_safe_text_is_literal_and_clean() -> None:
    text = safe_text("[bold]x[/bold] \x1b[31mred\x07", "cyan")
    assert text.plain == "[bold]x[/bold] [31mred"
    assert text.style == "cyan"
    assert draw(WrappedText("[bold]not markup[/]"), 40) == "[bold]not markup[/]"


def test_wrapped_text_strips_control_characters_from_a_caller_built_text() -> None:
    text = Text("ab\x1b[2Jc\td")
    text.stylize("bold", 0, 5)
    lines = WrappedText(text).lines(20)
    assert [line.plain for line in lines] == ["ab[2Jc d"]
    bold = {i for s in lines[0].spans for i in range(s.start, s.end) if s.style == "bold"}
    assert bold == {0, 1, 2, 3}  # "ab" + "[2", what was left of the first five characters


# --- the renderable ------------------------------------------------------------------------


def test_hanging_indent_for_bullets() -> None:
    bullet = WrappedText("Reality Labs 亏损超过400亿美元，2025年亏损还在继续。", prefix="• ")
    assert draw(bullet, 20) == "\n".join(
        [
            "• Reality Labs 亏损",
            "  超过400亿美元，",
            "  2025年亏损还在继",
            "  续。",
        ]
    )
    ascii_bullet = WrappedText("one two three four", prefix="- ")
    assert draw(ascii_bullet, 10) == "- one two\n  three\n  four"


def test_prefix_dropped_when_there_is_no_room() -> None:
    assert draw(WrappedText("abc", prefix="--> "), 5) == "abc"


def test_justify_center_and_right() -> None:
    assert draw(WrappedText("中文 ab", justify="center"), 11) == "  中文 ab"
    assert draw(WrappedText("中文 ab", justify="right"), 11) == "    中文 ab"


def test_measure() -> None:
    console = Console(width=80, file=io.StringIO())
    measure = WrappedText("Reality Labs 中文", prefix="• ").__rich_measure__(console, console.options)
    assert (measure.minimum, measure.maximum) == (2 + 7, 2 + 17)
    assert widest_token("一二，三 Reality") == 7


# --- properties ----------------------------------------------------------------------------

ALPHABET = "中文元宇宙亏损实验室abcXYZ019-$ 　" + "".join(sorted(CLOSING)) + "".join(sorted(OPENING))
texts = st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=40)


def is_break_space(char: str) -> bool:
    return char.isspace() and char not in "\u00a0\u2007\u202f"


def remainder_after(source: str, pos: int, line: str) -> int:
    """Position after `line` in `source`, having skipped only break white space before it."""
    while pos < len(source) and not source.startswith(line, pos) and is_break_space(source[pos]):
        pos += 1
    assert source.startswith(line, pos), (source[pos:], line)
    return pos + len(line)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=4, max_value=50))
def test_lines_fit_and_no_text_is_lost(source: str, width: int) -> None:
    lines = plain(source, width)
    assert all(cell_len(line) <= width for line in lines)
    assert all(not (is_break_space(line[:1] or "x") or is_break_space(line[-1:] or "x")) for line in lines)
    cleaned = clean_text(source)
    pos = 0
    for line in lines:
        pos = remainder_after(cleaned, pos, line)
    assert all(is_break_space(char) for char in cleaned[pos:])


def has_legal_cut(line: str) -> bool:
    """Could this line have been cut somewhere without breaking a kinsoku rule?"""
    return any(
        line[k] not in CLOSING and line[k - 1] not in OPENING and not line[k].isspace() and not line[k - 1].isspace()
        for k in range(1, len(line))
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET.replace("　", ""), max_size=80), st.integers(min_value=4, max_value=50))
def test_no_forbidden_line_start_or_end_unless_unavoidable(source: str, width: int) -> None:
    lines = plain(source, width)
    for before, after in pairwise(lines):
        if after[:1] in CLOSING or before[-1:] in OPENING:
            # Only a token that had to be folded, with no legal cut in it, may break the rules.
            assert not has_legal_cut(before), (before, after)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["中", "文", "亏损", "Meta", "AI", "5300", "2021-2024", " "]), max_size=30),
    st.lists(st.sampled_from(sorted(CLOSING)), max_size=3),
    st.integers(min_value=8, max_value=40),
)
def test_ordinary_text_never_breaks_kinsoku(words: list[str], marks: list[str], width: int) -> None:
    # Text made of short words with single punctuation marks can always be broken legally.
    source = "".join(w + (marks.pop() if marks and w.strip() else "") for w in words)
    lines = plain(source, width)
    assert not any(line[:1] in CLOSING for line in lines[1:])
