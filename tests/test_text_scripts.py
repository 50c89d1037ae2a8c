"""Line breaking by script (deck.draw.linebreak through deck.draw.text.wrap): Japanese (jlreq),
Korean (klreq, by word), Chinese next to both, quotes, numbers and URLs (UAX #14), at widths 10-60."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes
from rich.text import Text

from deck.draw.linebreak import NOT_ENDING, NOT_STARTING, QUOTES, legal_cut
from deck.draw.text import WrappedText, widest_token, wrap

WIDTHS = range(10, 61)

JA = (
    "データベースのレプリケーションを設定してから、ぐっすり眠った。佐々木さんは「ソフトウェア・"
    "エンジニアリング」を学び、ときどきゞやヽの使い方を調べている。キャッシュのヒット率は９５％だった。"
)
KO = (
    "유지보수할 수 있는 엔지니어는 왜 마이그레이션했는가? 사람들은 \"그건 너무 위험하다\"는 "
    "목소리가 컸지만, 우리는 2024년에 API를 바꿨다. 'Reality Labs'의 예산은 150억 달러였다."
)
MIXED = (
    "中文很难学。한국어도 어렵다. 日本語のカタカナ「レプリケーション」も難しい。"
    "English words stay whole, 숫자 2021-2024도, and 现实实验室(Reality Labs)亏损了400亿美元。"
)


def plain(text: Text | str, width: int) -> list[str]:
    return [line.plain for line in wrap(text, width)]


def starts(lines: list[str]) -> list[str]:
    """The first character of every line but the first."""
    return [line[:1] for line in lines[1:]]


def korean_words(text: str) -> list[str]:
    """The space-separated words of `text` that hold Hangul."""
    return [word for word in text.split() if re.search("[\uac00-\ud7a3]", word)]


def assert_nothing_lost(source: str, lines: list[str]) -> None:
    """The lines, in order, are the source but for the white space at the breaks."""
    position = 0
    for line in lines:
        while position < len(source) and not source.startswith(line, position) and source[position].isspace():
            position += 1
        assert source.startswith(line, position), (line, source[position:])
        position += len(line)
    assert not source[position:].strip()


# --- Japanese: jlreq's characters not starting a line -------------------------------------


@pytest.mark.parametrize(
    ("rule", "marks"),
    [
        ("small kana (cl-11)", "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"),
        ("prolonged sound mark (cl-10)", "ー"),
        ("iteration marks (cl-09)", "々ゝゞヽヾ"),
        ("middle dot (cl-05)", "・"),
        ("full stops and commas (cl-06, cl-07)", "。、"),
        ("closing brackets (cl-02)", "」』）"),
    ],
)
def test_japanese_marks_never_start_a_line(rule: str, marks: str) -> None:
    for width in WIDTHS:
        lines = plain(JA, width)
        assert all(cell_len(line) <= width for line in lines)
        bad = [s for s in starts(lines) if s in marks]
        assert not bad, (rule, width, lines)
        assert_nothing_lost(JA, lines)


def test_japanese_examples_from_the_issue() -> None:
    # Naively these lines would start with "ョン" and "っすり".
    assert plain("レプリケーション", 12) == ["レプリケー", "ション"]
    assert plain("ぐっすり", 2) == ["ぐ", "っ", "す", "り"]  # one character per line: unavoidable
    assert plain("よくぐっすり眠る", 6) == ["よく", "ぐっす", "り眠る"]
    for width in range(6, 17, 2):
        lines = plain("レプリケーション", width)
        assert not any(s in "ョーュ" for s in starts(lines)), (width, lines)


def test_japanese_kanji_and_kana_break_anywhere_else() -> None:
    # Ruby-less kanji/kana mixes: a break may fall between any two of them.
    assert plain("東京都に住む", 6) == ["東京都", "に住む"]
    assert plain("漢字とかなの混じった文", 8) == ["漢字とか", "なの混", "じった文"]  # not "った文"


def test_japanese_opening_bracket_never_ends_a_line() -> None:
    for width in WIDTHS:
        lines = plain(JA, width)
        assert not any(line[-1:] in NOT_ENDING for line in lines[:-1]), (width, lines)


def test_half_width_katakana_break_like_kana() -> None:
    # Narrow, but not a Latin word: breaks fall between them, never before ｰ, ﾞ or small ｯ.
    assert plain("ﾃﾞｰﾀﾍﾞｰｽｯﾄ", 4) == ["ﾃﾞｰﾀ", "ﾍﾞｰ", "ｽｯﾄ"]
    assert plain("ﾃﾞｰﾀﾍﾞｰｽｯﾄ", 3) == ["ﾃﾞｰ", "ﾀ", "ﾍﾞｰ", "ｽｯﾄ"]


def test_full_width_number_with_its_percent_stays_whole() -> None:
    assert plain("ヒット率は９５％だった", 10) == ["ヒット率は", "９５％だっ", "た"]
    assert widest_token("率は９５％だった") == 6  # "９５％"


# --- Chinese: clreq, on the article ------------------------------------------------------


def test_chinese_article_keeps_clreq_and_latin_words_at_every_width() -> None:
    article = Path(__file__).resolve().parent.parent / "seeds" / "meta-ai.zh.txt"
    paragraphs = [line.strip() for line in article.read_text(encoding="utf-8").splitlines() if line.strip()]
    for width in WIDTHS:
        for paragraph in paragraphs:
            lines = plain(paragraph, width)
            assert all(cell_len(line) <= width for line in lines)
            assert not any(s in "，。、；：！？”’）》」』…" for s in starts(lines)), (width, lines)
            assert not any(line[-1:] in "“‘（《「『" for line in lines[:-1]), (width, lines)
            for word in re.findall(r"[A-Za-z]+", paragraph):
                # A word with a mark glued to it ("Instagram。") that is wider than the line is
                # folded inside the word: the mark may not start a line.
                assert cell_len(word) + 4 > width or any(word in line for line in lines), (width, word, lines)


# --- Korean: klreq, breaking by word ------------------------------------------------------


def test_korean_breaks_at_spaces_not_inside_words() -> None:
    for width in WIDTHS:
        lines = plain(KO, width)
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert_nothing_lost(KO, lines)
        line_words = [word for line in lines for word in line.split(" ")]
        for word in korean_words(KO):
            if cell_len(word) <= width:
                assert word in line_words, (width, word, lines)


def test_korean_examples_from_the_issue() -> None:
    # Once: "유지보수할 수 있는 엔|지니어는" and "왜 마이그레이션했는|가".
    assert plain("유지보수할 수 있는 엔지니어는", 20) == ["유지보수할 수 있는", "엔지니어는"]
    assert plain("엔지니어는 왜 마이그레이션했는가", 20) == ["엔지니어는 왜", "마이그레이션했는가"]


def test_long_korean_word_breaks_between_syllables_only_when_wider_than_the_line() -> None:
    word = "마이그레이션했는가"  # 18 cells
    assert plain(word, 18) == [word]
    assert plain(word, 10) == ["마이그레이", "션했는가"]
    assert plain("왜 " + word + " 물었다", 12) == ["왜", "마이그레이션", "했는가", "물었다"]
    assert widest_token("왜 " + word) == 18


def test_korean_word_with_latin_digits_and_quotes_stays_whole() -> None:
    assert plain("우리는 API를 2024년에 바꿨다", 10) == ["우리는", "API를", "2024년에", "바꿨다"]
    assert plain("사람들은 \"위험하다\"는 목소리", 14) == ["사람들은", "\"위험하다\"는", "목소리"]


def test_korean_punctuation_rules() -> None:
    # A closing mark after a space is glued back; an opening one moves down with its word.
    assert plain("그는 말했다 ，그리고", 12) == ["그는", "말했다 ，", "그리고"]
    assert plain("한국어 (韓國語)", 8) == ["한국어", "(韓國語)"]


# --- quotes ----------------------------------------------------------------------------------


def test_straight_closing_quote_stays_with_what_precedes() -> None:
    # Once: "…위험하다" / "\"는 목소리가…".
    for width in WIDTHS:
        for lines in (plain(KO, width), plain('He said "no" and "yes", then left the room.', width)):
            for before, after in pairwise(lines):
                assert not (after[:1] in "\"'" and (len(after) == 1 or not after[1].isalnum())), (
                    width,
                    lines,
                )
                assert before[-1:] not in "\"'" or not before[-2:-1].isspace(), (width, lines)


def test_straight_quotes_in_chinese_touch_both_neighbours() -> None:
    assert plain('他说"你好"然后走了', 8) == ['他说"你', '好"然后', "走了"]
    assert plain("it's 'fine'", 6) == ["it's", "'fine'"]


def test_curly_quotes_open_and_close() -> None:
    assert plain("他说“你好”然后", 8) == ["他说“你", "好”然后"]
    assert plain("他说“你好”然后", 6) == ["他说", "“你好”", "然后"]


# --- numbers and URLs (UAX #14) ---------------------------------------------------------------


def test_a_folded_url_is_cut_after_its_joints() -> None:
    url = "https://example.com/a/very/long/path?x=1&y=2"
    lines = plain(url, 16)
    assert lines == ["https://", "example.com/a/", "very/long/path?", "x=1&y=2"]
    assert "".join(lines) == url


def test_a_folded_range_is_cut_after_its_hyphen() -> None:
    assert plain("亏损2021-2024年", 7) == ["亏损", "2021-", "2024年"]


# --- mixed scripts -------------------------------------------------------------------------------


def test_mixed_scripts_each_break_by_their_rules() -> None:
    for width in WIDTHS:
        lines = plain(MIXED, width)
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert_nothing_lost(MIXED, lines)
        assert not any(s in NOT_STARTING for s in starts(lines)), (width, lines)
        assert not any(line[-1:] in NOT_ENDING for line in lines[:-1]), (width, lines)
        words = [w for line in lines for w in re.split(r"[\s\u3000-\u9fff（）]", line)]
        for latin in ("English", "words", "whole,", "2021-2024도,", "Labs)"):
            assert cell_len(latin) > width or any(latin in w for w in words), (width, latin, lines)
        for korean in ("한국어도", "어렵다.", "숫자"):
            assert any(korean in line for line in lines), (width, korean, lines)


def test_mixed_script_lines_at_twenty() -> None:
    assert plain(MIXED, 20) == [
        "中文很难学。한국어도",
        "어렵다. 日本語のカタ",
        "カナ「レプリケーショ",
        "ン」も難しい。",
        "English words stay",
        "whole, 숫자",
        "2021-2024도, and 现",
        "实实验室(Reality",
        "Labs)亏损了400亿美",
        "元。",
    ]


def test_thai_is_folded_by_cells_not_by_words() -> None:
    # Thai needs a dictionary to find its words: deck does not pretend to, it folds by cells.
    thai = "ภาษาไทยไม่มีช่องว่างระหว่างคำ"
    lines = plain(thai, 10)
    assert "".join(lines) == thai
    assert all(cell_len(line) <= 10 for line in lines)


# --- styles survive --------------------------------------------------------------------------------


def test_styles_survive_korean_and_japanese_breaks() -> None:
    text = Text("사람들은 위험하다 ソフトウェア")
    text.stylize("bold", 5, 9)  # "위험하다"
    text.stylize("italic", 10, 16)  # "ソフトウェア"
    lines = wrap(text, 10)
    assert [line.plain for line in lines] == ["사람들은", "위험하다", "ソフトウェ", "ア"]
    assert [(s.start, s.end, s.style) for s in lines[1].spans] == [(0, 4, "bold")]
    assert [(s.start, s.end, s.style) for s in lines[2].spans] == [(0, 5, "italic")]
    assert [(s.start, s.end, s.style) for s in lines[3].spans] == [(0, 1, "italic")]


def test_bullet_with_korean_keeps_words_under_the_hanging_indent() -> None:
    bullet = WrappedText("유지보수할 수 있는 엔지니어는 왜 마이그레이션했는가", prefix="• ")
    assert [line.plain for line in bullet.lines(22)] == [
        "• 유지보수할 수 있는",
        "  엔지니어는 왜",
        "  마이그레이션했는가",
    ]


# --- properties ----------------------------------------------------------------------------------

HAN, HANGUL, KANA = "中文字学习", "한국어가나다", "かなカナテスト"
JAPANESE_STARTERS = "っャョー々ゝ・"
LATIN, DIGITS, MARKS = "abXYZ", "0129", "，。、「」（）.,!?;" + "\"'"
MIX = HAN + HANGUL + KANA + JAPANESE_STARTERS + LATIN + DIGITS + MARKS + "  "


def graphemes(line: str) -> list[str]:
    return [line[a:b] for a, b, _ in split_graphemes(line)[0]]


def breaks_a_rule(before: str, after: str) -> bool:
    """Does a break between these two lines break a line-start, line-end or quote rule?"""
    return not legal_cut(before[-1:] or " ", after[:1] or " ") and not (before[-1:].isspace() or after[:1].isspace())


def could_break_elsewhere(line: str) -> bool:
    """Has `line` a point inside it where a break would obey every rule?"""
    pieces = graphemes(line)
    return any(legal_cut(a, b) for a, b in pairwise(pieces))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MIX, max_size=90), st.integers(min_value=4, max_value=60))
def test_random_mixes_fit_lose_nothing_and_keep_the_rules(source: str, width: int) -> None:
    lines = plain(source, width)
    assert all(cell_len(line) <= width for line in lines), lines
    assert_nothing_lost(source, lines)
    for before, after in pairwise(lines):
        forbidden = (after[:1] in NOT_STARTING or before[-1:] in NOT_ENDING
                     or after[:1] in QUOTES or before[-1:] in QUOTES)
        if forbidden and source.find(before + after) >= 0:
            # The break fell where no break may: only a piece folded out of an atom wider than
            # the line, with no legal cut inside it, may do that.
            assert not could_break_elsewhere(before), (before, after, lines)


korean_word = st.builds(
    lambda lead, letters, tail: lead + letters + tail,
    st.sampled_from(["", "", "(", '"']),
    st.text(alphabet=HANGUL + LATIN + DIGITS, min_size=1, max_size=12),
    st.sampled_from(["", "", ".", ",", "?", ")", '"', '"는']),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(korean_word, min_size=1, max_size=14), st.integers(min_value=4, max_value=60))
def test_korean_breaks_inside_a_word_only_when_the_word_is_wider_than_the_line(words: list[str], width: int) -> None:
    source = " ".join(words)
    lines = plain(source, width)
    assert all(cell_len(line) <= width for line in lines)
    assert_nothing_lost(source, lines)
    position = 0
    for line in lines[:-1]:
        position = source.index(line, position) + len(line)
        if position < len(source) and not source[position].isspace():
            # A break with no space: inside a word, which must be wider than the line.
            start = source.rfind(" ", 0, position) + 1
            end = source.find(" ", position)
            word = source[start : end if end >= 0 else len(source)]
            assert cell_len(word) > width, (word, width, lines)
