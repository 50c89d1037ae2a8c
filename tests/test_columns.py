"""Columns: side by side where they fit, stacked where they do not (one rule for the screen,
the exports and `deck check --size`), each column wrapping its own text, reveal going through
them in reading order, and the loader's errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from deck.draw.columns import GAP, MIN_COLUMN, column_widths
from deck.draw.render import RenderOptions, render_slide, reveal_steps
from deck.export import export_deck
from deck.export.text import draw
from deck.format.errors import DeckError
from deck.format.loader import load_deck_text
from deck.present import state

ROOT = Path(__file__).resolve().parent.parent

DECK = """\
title: Columns
languages: [zh, en]
slides:
  - title: {zh: 两栏, en: Two columns}
    reveal: true
    blocks:
      - columns:
          - - text: {zh: 左栏的中文段落，按中文的规则换行，不会以逗号开头。, en: "The left column wraps its own text at its own width."}
            - bullets: [{zh: 第一点, en: First}, {zh: 第二点, en: Second}]
          - width: 2
            blocks:
              - chart:
                  kind: bar
                  data:
                    - {label: {zh: 甲, en: Alpha}, value: 30}
                    - {label: {zh: 乙, en: Beta}, value: 70}
              - bullets: [{zh: 第三点, en: Third}]
"""


def slide_lines(text: str, width: int, lang: str, revealed: int | None = None) -> list[str]:
    deck = load_deck_text(text, "talk.yaml")
    body = draw(render_slide(deck.slides[0], RenderOptions(lang, revealed=revealed)), width)
    return body[3:]  # below the title and its rule (and the blank line)


def test_side_by_side_each_column_at_its_own_width() -> None:
    assert slide_lines(DECK, 60, "en") == [
        "The left column       Alpha │████████████ 30",
        "wraps its own text    Beta  │████████████████████████████ 70",
        "at its own width.",
        "                      • Third",
        "• First",
        "• Second",
    ]


def test_chinese_in_a_column_breaks_by_the_chinese_rules() -> None:
    lines = slide_lines(DECK, 60, "zh")
    left = [re.split(" {3,}", line)[0] for line in lines]
    assert left[:3] == ["左栏的中文段落，按", "中文的规则换行，不", "会以逗号开头。"]
    assert not any(line.startswith(("，", "。")) for line in left)
    assert all(cell_len(line) <= 60 for line in lines)


def test_too_narrow_for_both_columns_they_stack() -> None:
    # 30 cells cannot hold 16 + 3 + the chart's minimum: one column under the other.
    assert slide_lines(DECK, 30, "en") == [
        "The left column wraps its own",
        "text at its own width.",
        "",
        "• First",
        "• Second",
        "",
        "Alpha │████████▋ 30",
        "Beta  │████████████████████ 70",
        "",
        "• Third",
    ]


def test_chinese_in_both_columns_side_by_side_and_stacked() -> None:
    # The chart's labels and the last bullet are Chinese too: two cells a character, in both columns.
    assert slide_lines(DECK, 60, "zh") == [
        "左栏的中文段落，按    甲 │█████████████▎ 30",
        "中文的规则换行，不    乙 │███████████████████████████████ 70",
        "会以逗号开头。",
        "                      • 第三点",
        "• 第一点",
        "• 第二点",
    ]
    stacked = [
        "左栏的中文段落，按中文的规则换",
        "行，不会以逗号开头。",
        "",
        "• 第一点",
        "• 第二点",
        "",
        "甲 │█████████▉ 30",
        "乙 │███████████████████████ 70",
        "",
        "• 第三点",
    ]
    assert slide_lines(DECK, 30, "zh") == stacked
    # Stacked, the second column's bullet is the third reveal step still: hidden, its row kept.
    assert slide_lines(DECK, 30, "zh", revealed=2) == [*stacked[:-1], ""]


def test_reveal_steps_go_through_the_columns_in_reading_order() -> None:
    deck = load_deck_text(DECK, "talk.yaml")
    assert reveal_steps(deck.slides[0]) == 3
    one = slide_lines(DECK, 60, "en", revealed=1)
    assert "• First" in one and "• Second" not in " ".join(one) and "Third" not in " ".join(one)
    three = slide_lines(DECK, 60, "en", revealed=3)
    assert "• Third" in " ".join(three)
    assert len(one) == len(three)  # hidden items keep their rows: nothing jumps as they appear


@pytest.mark.parametrize(("minimums", "weights", "width", "expected"), [
    ([16, 16], [1, 1], 80, [38, 39]),
    ([16, 16], [1, 2], 60, [19, 38]),
    ([30, 16], [1, 3], 60, [30, 27]),  # the first column keeps its minimum, the second takes the rest
    ([16, 16, 16], [1, 1, 1], 54, [16, 16, 16]),
    ([16, 16, 16], [1, 1, 1], 53, None),
    ([40, 40], [1, 1], 80, None),
])
def test_column_widths(minimums: list[int], weights: list[int], width: int, expected: list[int] | None) -> None:
    widths = column_widths(minimums, weights, width)
    assert widths == expected
    if widths is not None:
        assert sum(widths) + GAP * (len(widths) - 1) == width
        assert all(w >= m for w, m in zip(widths, minimums, strict=True))


def test_every_line_fits_at_every_width() -> None:
    for width in range(MIN_COLUMN, 121, 7):
        for lang in ("zh", "en"):
            assert all(cell_len(line) <= width for line in slide_lines(DECK, width, lang)), (width, lang)


def test_the_text_export_and_check_size_follow_the_same_rule(tmp_path: Path) -> None:
    deck = load_deck_text(DECK, "talk.yaml")
    exported = export_deck(deck, width=30, lang="en")
    assert "The left column wraps its own\ntext at its own width." in exported  # stacked, as on a 30-cell slide
    # Stacked, the slide needs more rows than a 34x10 terminal has; side by side at 120x12 it fits.
    path = tmp_path / "talk.yaml"
    path.write_text(DECK, encoding="utf-8")

    def check(size: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "deck", "check", "--size", size, str(path)],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)

    assert check("120x16").returncode == 0
    narrow = check("40x12")
    assert narrow.returncode == 2 and "rows" in narrow.stderr


def test_search_and_charts_see_inside_columns() -> None:
    deck = load_deck_text(DECK, "talk.yaml")
    assert state.matches(deck.slides[0], "en", "third")
    assert len(deck.slides[0].charts) == 1 and len(deck.charts) == 1


def test_the_markdown_handout_reads_one_column_after_another() -> None:
    document = export_deck(load_deck_text(DECK, "talk.yaml"), fmt="markdown", lang="en")
    assert document.index("wraps its own text") < document.index("- First") < document.index("Alpha") \
        < document.index("- Third")


@pytest.mark.parametrize(("columns", "message"), [
    ("[[{text: a}]]", "'columns' takes 2 to 6 columns, not 1"),
    ("[[{text: a}], [{text: b}], [{text: c}], [{text: d}], [{text: e}], [{text: f}], [{text: g}]]",
     "'columns' takes 2 to 6 columns, not 7"),
    ("[[{text: a}], [{columns: [[{text: b}], [{text: c}]]}]]", "columns cannot be nested"),
    ("[[{text: a}], {width: 0, blocks: [{text: b}]}]", "a column's 'width' is a whole number from 1 to 12"),
    ("[[{text: a}], {blocks: [{text: b}], wide: 2}]", "unknown key 'wide' in a column"),
    ("[[{text: a}], text]", "a column must be a list"),
    ("[[{text: a}], []]", "a column must not be empty"),
])
def test_column_errors_are_located(columns: str, message: str) -> None:
    text = f"title: T\nslides:\n  - title: S\n    blocks:\n      - columns: {columns}\n"
    with pytest.raises(DeckError) as caught:
        load_deck_text(text, "talk.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("talk.yaml:5:")
