"""Tables: cells wrapped by deck's line breaking in cells, widest columns giving way first, numbers
right-aligned, Unicode and ASCII borders, every line exactly the table's width, Markdown pipe
tables, reveal by rows, located errors, `check --size`, and bounded work on a huge table."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from deck.cli import main
from deck.draw.render import RenderOptions, render_block, render_slide, reveal_steps
from deck.draw.table import fit_widths, is_number
from deck.export import draw
from deck.export.markdown import markdown_table
from deck.format import model
from deck.format.errors import DeckError
from deck.format.loader import load_deck_text
from deck.present.state import matches

L = model.Localized.plain


def table(header: list[str], *rows: list[str], align: tuple[model.Align | None, ...] = ()) -> model.Table:
    return model.Table(header=tuple(map(L, header)), rows=tuple(tuple(map(L, row)) for row in rows), align=align)


MIXED = table(["语言", "Name", "数", "备注"],
              ["中文", "Chinese", "1,200", "这是一个很长的中文句子，需要换行才能放得下。"],
              ["日本語", "Japanese", "35", "😀 emoji ok"],
              ["한국어", "", "-7.5", "Latin words stay whole"])


def lines(block: model.Table, width: int, ascii_only: bool = False, lang: str = "en") -> list[str]:
    drawn = draw(render_block(block, RenderOptions(lang, ascii_only=ascii_only)), width, ascii_only)
    widths = {cell_len(line) for line in drawn}
    assert len(widths) == 1, f"table lines of different widths: {widths}"  # every line, every case
    return drawn


def test_mixed_scripts_at_80_cells_fit_unwrapped_and_numbers_align_right() -> None:
    assert lines(MIXED, 80) == [
        "╭────────┬──────────┬───────┬──────────────────────────────────────────────╮",
        "│ 语言   │ Name     │    数 │ 备注                                         │",
        "├────────┼──────────┼───────┼──────────────────────────────────────────────┤",
        "│ 中文   │ Chinese  │ 1,200 │ 这是一个很长的中文句子，需要换行才能放得下。 │",
        "│ 日本語 │ Japanese │    35 │ 😀 emoji ok                                  │",
        "│ 한국어 │          │  -7.5 │ Latin words stay whole                       │",
        "╰────────┴──────────┴───────┴──────────────────────────────────────────────╯",
    ]
    assert lines(MIXED, 120) == lines(MIXED, 80)  # a table is as wide as it needs, no wider


def test_at_40_cells_the_widest_column_wraps_by_cjk_rules_and_latin_words_stay_whole() -> None:
    assert lines(MIXED, 40, ascii_only=True) == [
        "+--------+----------+-------+----------+",
        "| 语言   | Name     |    数 | 备注     |",
        "+--------+----------+-------+----------+",
        "| 中文   | Chinese  | 1,200 | 这是一个 |",
        "|        |          |       | 很长的中 |",
        "|        |          |       | 文句子， |",
        "|        |          |       | 需要换行 |",
        "|        |          |       | 才能放得 |",
        "|        |          |       | 下。     |",
        "+--------+----------+-------+----------+",
        "| 日本語 | Japanese |    35 | 😀 emoji |",
        "|        |          |       | ok       |",
        "+--------+----------+-------+----------+",
        "| 한국어 |          |  -7.5 | Latin    |",
        "|        |          |       | words    |",
        "|        |          |       | stay     |",
        "|        |          |       | whole    |",
        "+--------+----------+-------+----------+",
    ]
    body = [line.split("|")[4] for line in lines(MIXED, 40, ascii_only=True) if line.startswith("|")]
    assert len(body) == 13 and not any(cell.startswith(" ，") for cell in body)


def test_at_20_cells_a_small_table_drops_its_padding_rather_than_overflowing() -> None:
    small = table(["名字", "Score"], ["张三丰", "98"], ["Ann", "7"])
    assert lines(small, 20) == [
        "╭────────┬───────╮",
        "│ 名字   │ Score │",
        "├────────┼───────┤",
        "│ 张三丰 │    98 │",
        "│ Ann    │     7 │",
        "╰────────┴───────╯",
    ]
    assert lines(small, 14) == [
        "╭──────┬─────╮",
        "│名字  │Score│",
        "├──────┼─────┤",
        "│张三丰│   98│",
        "│Ann   │    7│",
        "╰──────┴─────╯",
    ]


def test_alignment_given_by_the_deck_wins_and_empty_cells_stay_cells() -> None:
    block = table(["a", "b", "c"], ["1", "", "x"], ["22", "y", ""], align=("center", "right"))
    assert lines(block, 40) == [
        "╭────┬───┬───╮",
        "│ a  │ b │ c │",
        "├────┼───┼───┤",
        "│ 1  │   │ x │",
        "│ 22 │ y │   │",
        "╰────┴───┴───╯",
    ]


def test_one_column_and_no_header() -> None:
    block = model.Table(header=(), rows=((L("only"),), (L("one column"),)))
    assert lines(block, 20) == ["╭────────────╮", "│ only       │", "│ one column │", "╰────────────╯"]


def test_thirty_columns_fit_compact_at_80_and_with_padding_at_130() -> None:
    wide = table([chr(ord("A") + n % 26) for n in range(30)], [str(n % 10) for n in range(30)])
    compact = lines(wide, 80)
    assert compact[1] == "│" + "│".join(chr(ord("A") + n % 26) for n in range(30)) + "│"
    assert compact[3] == "│" + "│".join(str(n % 10) for n in range(30)) + "│"
    assert cell_len(compact[0]) == 61
    padded = lines(wide, 130)
    assert cell_len(padded[0]) == 30 * 4 + 1
    assert padded[3] == "│ " + " │ ".join(str(n % 10) for n in range(30)) + " │"


def test_widths_shrink_the_widest_first_and_never_below_the_floors() -> None:
    assert fit_widths([5, 30, 10], [4, 4, 4], 45) == [5, 30, 10]
    assert fit_widths([5, 30, 10], [4, 4, 4], 30) == [5, 15, 10]
    assert fit_widths([5, 30, 10], [4, 4, 4], 20) == [5, 8, 7]
    assert fit_widths([5, 30, 10], [4, 4, 4], 5) == [4, 4, 4]


def test_numbers_are_recognised() -> None:
    assert all(map(is_number, ["1", "-3", "1,234.5", "12%", "$100", " 7 "]))
    assert not any(map(is_number, ["", "1a", "v2", "1-2", "twelve"]))


def test_localised_cells_follow_the_language() -> None:
    cell = model.Localized((("zh", "苹果"), ("en", "apple")))
    block = model.Table(header=(L("x"),), rows=((cell,),))
    assert lines(block, 20, lang="zh")[3] == "│ 苹果 │"
    assert lines(block, 20, lang="en")[3] == "│ apple │"


def test_reveal_steps_through_rows_and_keeps_the_height() -> None:
    block = model.Table(header=(L("h"),), rows=((L("r1"),), (L("r2"),)), reveal=True)
    slide = model.Slide(title=L("T"), blocks=(block,))
    assert reveal_steps(slide) == 2
    full = draw(render_slide(slide, RenderOptions("en")), 20)
    none = draw(render_slide(slide, RenderOptions("en", revealed=0)), 20)
    one = draw(render_slide(slide, RenderOptions("en", revealed=1)), 20)
    assert len(none) == len(one) == len(full)
    assert one[-6:] == ["╭────╮", "│ h  │", "├────┤", "│ r1 │", "╰────╯", ""]
    assert none[-6:] == ["╭────╮", "│ h  │", "╰────╯", "", "", ""]


# --- Markdown, search -------------------------------------------------------------------------


def test_markdown_is_a_pipe_table_with_pipes_and_newlines_escaped() -> None:
    block = table(["a|b", "n"], ["line 1\nline 2", "3"], ["\\*x\\*", "4"])
    assert list(markdown_table(block, "en")) == [
        "| a\\|b | n |", "|:---|---:|", "| line 1<br>line 2 | 3 |", "| \\*x\\* | 4 |"]
    assert next(markdown_table(table(["*x*"], ["1"]), "en", inline=False)) == "| \\*x\\* |"
    headless = model.Table(header=(), rows=((L("x"),),))
    assert list(markdown_table(headless, "en")) == ["|   |", "|:---|", "| x |"]


def test_search_finds_cells() -> None:
    slide = model.Slide(title=L("T"), blocks=(MIXED,))
    assert matches(slide, "en", "japanese") and matches(slide, "en", "中文句子")


# --- loading ----------------------------------------------------------------------------------


def load(table_yaml: str) -> model.Deck:
    return load_deck_text(f"title: T\nslides:\n  - title: S\n    table:{table_yaml}\n", "d.yaml")


def error_of(table_yaml: str) -> str:
    with pytest.raises(DeckError) as caught:
        load(table_yaml)
    return str(caught.value)


def test_a_list_of_rows_takes_the_first_as_header_and_a_mapping_its_keys() -> None:
    short = load(" [[a, b], [1, ~]]").slides[0].blocks[0]
    assert isinstance(short, model.Table)
    assert short.header == (L("a"), L("b")) and short.rows == ((L("1"), L("")),)
    full = load(" {header: [x], rows: [[1], [2]], align: [center], reveal: true}").slides[0].blocks[0]
    assert isinstance(full, model.Table) and full.align == ("center",) and full.reveal


def test_tables_work_inside_blocks() -> None:
    deck = load_deck_text("title: T\nslides:\n  - title: S\n    blocks:\n      - table: [[a], [b]]\n"
                          "      - table: [[c], [d]]\n", "d.yaml")
    assert len(deck.slides[0].blocks) == 2


@pytest.mark.parametrize(("body", "expected"), [
    (" [[a, b], [1]]", "d.yaml:4:21: this row has 1 cell; the header has 2"),
    (" [[a, b]]", "a table written as a list needs a header row and at least one row"),
    (" {rows: [[1, 2]], align: [left, right, left]}", "'align' gives 3 placements for 2 columns"),
    (" {rows: [[1]], align: [middle]}", "'middle' is not a placement; use left, right, center"),
    (" {header: [a]}", "'table' is missing required key 'rows'"),
    (" [a, b]", "a row of a table must be a list of cells"),
])
def test_bad_tables_are_located_errors(body: str, expected: str) -> None:
    assert expected in error_of(body)


def test_check_size_names_a_table_too_wide(write_deck: Callable[[str], Path]) -> None:
    header = ", ".join(f"column{n}" for n in range(12))
    path = write_deck(f"title: T\nslides:\n  - title: S\n    table:\n      - [{header}]\n      - [{header}]\n")
    err = io.StringIO()
    assert main(["check", "--size", "80x24", str(path)], io.StringIO(), err) == 2
    assert f"{path}:5:7: the table of slide 1 needs 103 columns, has 80" in err.getvalue()
    assert main(["check", "--size", "130x24", str(path)], io.StringIO(), io.StringIO()) == 0


def test_a_1000_by_50_table_loads_and_draws_in_bounded_time() -> None:
    rows = "".join("      - [" + ", ".join(f"r{r}c{c}" for c in range(50)) + "]\n" for r in range(1001))
    started = time.perf_counter()
    deck = load_deck_text(f"title: T\nslides:\n  - title: S\n    table:\n{rows}", "d.yaml")
    block = deck.slides[0].blocks[0]
    assert isinstance(block, model.Table) and len(block.rows) == 1000
    drawn = draw(render_block(block, RenderOptions("en")), 400)
    assert len(drawn) == 1000 + 4 and len({cell_len(line) for line in drawn}) == 1
    assert time.perf_counter() - started < 60  # generous: a hang fails, a slow machine does not


def test_the_documented_examples_load_and_match_the_json_schema() -> None:
    import re

    import jsonschema
    import yaml

    from deck.format.schema import json_schema

    doc = (Path(__file__).resolve().parent.parent / "docs" / "deck-format.md").read_text(encoding="utf-8")
    tables = doc.index("- **Tables.**")
    rules = doc[doc.index("- **Code.**"):doc.index("\n- **", tables)]
    snippets = re.findall(r"```yaml\n(.*?)```", rules, re.S)
    assert len(snippets) == 3  # code, the sparkline cells, tables
    slides = "".join("\n".join(line[2:] for line in snippet.splitlines()) + "\n" for snippet in snippets)
    text = "title: T\nlanguages: [zh, en]\nslides:\n" + "".join(f"  {line}\n" for line in slides.splitlines())
    deck = load_deck_text(text, "doc.yaml")
    kinds = [type(block) for slide in deck.slides for block in slide.blocks]
    assert kinds == [model.Code, model.Table, model.Table, model.Table]
    jsonschema.validate(yaml.safe_load(text), json_schema())
