"""Sparkline cells in tables (`{sparkline: [3, 5, 2, 8]}`): the syntax and its located errors, the
trend drawn in its cell (Unicode and ASCII, narrowing with its column), the Markdown form, the
JSON Schema, search, and a sparkline chart in a column."""

from __future__ import annotations

import io
from pathlib import Path

import jsonschema
import pytest
import yaml
from rich.cells import cell_len

from deck.cli import main
from deck.draw.render import RenderOptions, render_block, render_slide
from deck.export import draw, export_deck
from deck.format import model
from deck.format.errors import DeckError
from deck.format.loader import load_deck_text
from deck.format.schema import MAX_SPARK_POINTS, json_schema
from deck.present.state import matches

TABLE = """title: T
languages: [en, zh]
slides:
  - title: {en: Trends, zh: 趋势}
    table:
      - [{en: City, zh: 城市}, {en: Trend, zh: 走势}, {en: Now, zh: 现在}]
      - [Seoul, {sparkline: [3, 5, 2, 8, 9, 4, 7, 10, 12, 11, 6, 13]}, "13"]
      - [북부, {sparkline: [1, 1, 1, 1]}, "1"]
      - [北京, {sparkline: [-5, 0, 5]}, "5"]
"""


def deck_of(text: str) -> model.Deck:
    return load_deck_text(text, "deck.yaml")


def table_lines(width: int, ascii_only: bool = False, lang: str = "en") -> list[str]:
    block = deck_of(TABLE).slides[0].blocks[0]
    drawn = draw(render_block(block, RenderOptions(lang, ascii_only=ascii_only)), width, ascii_only)
    assert len({cell_len(line) for line in drawn}) == 1  # the grid stays whole
    return drawn


def test_a_sparkline_cell_is_its_figures_as_text_and_as_points() -> None:
    cell = deck_of(TABLE).slides[0].blocks[0].rows[2][1]
    assert isinstance(cell, model.SparkCell)
    assert cell.points == (-5.0, 0.0, 5.0)
    assert cell.get("zh") == cell.get("en") == "-5, 0, 5"


def test_the_trend_is_drawn_in_its_cell_at_80_cells() -> None:
    assert table_lines(80) == [
        "╭───────┬──────────────┬─────╮",
        "│ City  │ Trend        │ Now │",
        "├───────┼──────────────┼─────┤",
        "│ Seoul │ ▂▃▁▅▅▂▄▆▇▇▄█ │  13 │",
        "│ 북부  │ ▄▄▄▄         │   1 │",  # equal values: a flat line at mid height
        "│ 北京  │ ▁▅█          │   5 │",  # negative to positive: lowest to highest
        "╰───────┴──────────────┴─────╯",
    ]
    assert table_lines(120) == table_lines(80)  # one cell per figure, no wider


def test_the_ascii_trend_at_40_cells_with_chinese_headers() -> None:
    # Five levels: (v - 2) / 11 * 4 rounded, for 3, 5, 2, 8, 9, 4, 7, 10, 12, 11, 6, 13.
    assert table_lines(40, ascii_only=True, lang="zh") == [
        "+-------+--------------+------+",
        "| 城市  | 走势         | 现在 |",
        "+-------+--------------+------+",
        "| Seoul | _._-~.-~^~.^ |   13 |",
        "| 북부  | ----         |    1 |",
        "| 北京  | _-^          |    5 |",
        "+-------+--------------+------+",
    ]
    assert table_lines(120, ascii_only=True, lang="zh") == table_lines(40, ascii_only=True, lang="zh")


@pytest.mark.parametrize(("lang", "ascii_only", "expected"), [
    # 12 figures in 8 cells: the means of 3 | 5,2 | 8 | 9,4 | 7 | 10,12 | 11 | 6,13.
    ("en", False, "│Seoul│▁▁▅▄▅██▇│ 13│"),
    ("en", True, "|Seoul|__---^^~| 13|"),
    # 7 cells (the Chinese header is wider): 3 | 5,2 | 8,9 | 4 | 7,10 | 12,11 | 6,13.
    ("zh", False, "│Seoul│▁▁▆▂▆█▆│  13│"),
    ("zh", True, "|Seoul|__~_~^~|  13|"),
])
def test_at_20_cells_the_trend_narrows_with_its_column(lang: str, ascii_only: bool, expected: str) -> None:
    drawn = table_lines(20, ascii_only, lang)
    assert drawn[3] == expected
    assert all(cell_len(line) == 20 for line in drawn)
    assert drawn[4].split("│" if not ascii_only else "|")[2].strip() == ("----" if ascii_only else "▄▄▄▄")


def test_500_figures_are_averaged_into_at_most_30_cells_and_never_wrap() -> None:
    block = deck_of(TABLE.replace("[3, 5, 2, 8, 9, 4, 7, 10, 12, 11, 6, 13]", str(list(range(500))))).slides[0].blocks[0]
    narrow = draw(render_block(block, RenderOptions("en")), 17)  # the floors: Seoul, Trend, Now
    assert len(narrow) == 7 and {cell_len(line) for line in narrow} == {17}  # one line per row
    assert narrow[3] == "│Seoul│▁▃▅▆█│ 13│"  # the means of five runs of 100 rising figures
    wide = draw(render_block(block, RenderOptions("en")), 120)
    trend = wide[3].split("│")[2].strip()
    assert len(trend) == 30 and trend[0] == "▁" and trend[-1] == "█"
    assert list(trend) == sorted(trend)  # rising figures, rising levels


def test_a_header_cell_and_a_column_of_trends_stay_left_aligned() -> None:
    deck = deck_of("title: T\nslides:\n  - title: t\n    table:\n      - [Name, {sparkline: [1, 2]}]\n"
                   "      - [a, {sparkline: [2, 1, 3, 1]}]\n")
    assert draw(render_slide(deck.slides[0], RenderOptions("en")), 30)[3:] == [
        "╭──────┬──────╮",
        "│ Name │ ▁█   │",
        "├──────┼──────┤",
        "│ a    │ ▅▁█▁ │",
        "╰──────┴──────╯",
    ]


@pytest.mark.parametrize(("cell", "where", "message"), [
    ("{sparkline: []}", 25, "'sparkline' must not be empty"),
    ("{sparkline: [1, x]}", 29, "a sparkline figure must be a number, not a string"),
    ("{sparkline: 3}", 25, "'sparkline' must be a list, not a number"),
    ("{sparkline: [1, .nan]}", 29, "a sparkline figure must be a finite number, not .nan"),
    ("{sparkline: [1, 1.0e+16]}", 29, "a sparkline figure 1.0e+16 is out of range (at most 1e+15 either way)"),
    ("{sparkline: [[1]]}", 26, "a sparkline figure must be a number, not a list"),
    ("{sparkline: [1, 2], en: a}", 33, "unknown key 'en' in a sparkline cell"),
    ("{sparkine: [1, 2]}", 14, "unknown key 'sparkine' in a cell; a trend in a cell is written {sparkline: [3, 5, 2, 8]}"),
    ("{en: [1, 2]}", 18, "a cell (en) must be text, not a list"),
])
def test_a_wrong_sparkline_cell_is_located(cell: str, where: int, message: str) -> None:
    text = f"title: T\nslides:\n  - title: x\n    table:\n      - [a, b]\n      - [c, {cell}]\n"
    with pytest.raises(DeckError) as caught:
        deck_of(text)
    assert (caught.value.line, caught.value.col, caught.value.message) == (6, where, message)


def test_a_sparkline_cell_is_bounded(tmp_path: Path) -> None:
    figures = ", ".join(["1"] * (MAX_SPARK_POINTS + 1))
    path = tmp_path / "d.yaml"
    path.write_text(f"title: T\nslides:\n  - title: x\n    table:\n      - [a, b]\n      - [c, {{sparkline: [{figures}]}}]\n",
                    encoding="utf-8")
    err = io.StringIO()
    assert main(["check", str(path)], io.StringIO(), err) == 2
    column = 26 + 3 * MAX_SPARK_POINTS  # the first figure past the bound
    assert err.getvalue() == f"{path}:6:{column}: a sparkline cell has at most {MAX_SPARK_POINTS} figures, not {MAX_SPARK_POINTS + 1}\n"
    assert "Traceback" not in err.getvalue()


def test_markdown_writes_the_trend_with_its_first_and_last_figures() -> None:
    deck = deck_of(TABLE)
    lines = export_deck(deck, fmt="markdown", lang="en").splitlines()
    assert "| Seoul | ▂▃▁▅▅▂▄▆▇▇▄█ 3 → 13 | 13 |" in lines
    assert "| 北京 | ▁▅█ -5 → 5 | 5 |" in lines
    ascii_lines = export_deck(deck, fmt="markdown", lang="en", ascii_only=True).splitlines()
    assert r"| Seoul | \_.\_-\~.-\~^\~.^ 3 -\> 13 | 13 |" in ascii_lines  # escaped, reads _._-~.-~^~.^


def test_the_text_export_draws_the_trend() -> None:
    text = export_deck(deck_of(TABLE), lang="zh", width=40)
    assert "│ Seoul │ ▂▃▁▅▅▂▄▆▇▇▄█ │   13 │" in text.splitlines()


def test_search_finds_a_trends_figures() -> None:
    slide = deck_of(TABLE).slides[0]
    assert matches(slide, "en", "-5, 0, 5") and not matches(slide, "en", "99")


def test_the_json_schema_takes_a_sparkline_cell_and_refuses_a_wrong_one() -> None:
    data = yaml.safe_load(TABLE)
    jsonschema.validate(data, json_schema())
    for wrong in ({"sparkline": []}, {"sparkline": ["a"]}, {"sparkline": [1], "en": "x"}, {"sparkine": [1]},
                  {"sparkline": [1] * (MAX_SPARK_POINTS + 1)}):
        data["slides"][0]["table"][1][1] = wrong
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, json_schema())


def test_a_sparkline_chart_in_a_column_draws_beside_a_table() -> None:
    showcase = Path(__file__).resolve().parent.parent / "examples" / "showcase.yaml"
    out = io.StringIO()
    assert main(["export", str(showcase), "--width", "80"], out, io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    start = lines.index("Sparklines in a table and in a column")
    drawn = lines[start:start + 11]
    assert any(line.startswith("│ Seoul  │ ▃▃▅█▇▂▁   │ 37 ms │") for line in drawn)
    assert any(line.rstrip().endswith("Errors ▇▅█▂▁ 2") for line in drawn)  # the chart in the right column


def test_the_docs_example_draws_as_shown() -> None:
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "deck-format.md").read_text(encoding="utf-8")
    part = doc[doc.index("A cell written `{sparkline:"):doc.index("- **Columns.**")]
    snippet, shown = re.findall(r"```yaml\n(.*?)```\n\n  ```text\n(.*?)  ```", part, re.S)[0]
    slides = "".join(line[2:] + "\n" for line in snippet.splitlines())
    deck = deck_of("title: T\nslides:\n" + "".join(f"  {line}\n" for line in slides.splitlines()))
    assert draw(render_block(deck.slides[0].blocks[0], RenderOptions("en")), 60) == [
        line[2:] for line in shown.splitlines()]
