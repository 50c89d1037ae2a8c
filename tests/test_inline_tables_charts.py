"""Inline emphasis and links in table cells (styled, measured by the text as drawn, wrapped by the
same rules, `|` escaped in Markdown) and chart texts (their words without markers, unstyled),
through the screen, the text export and the Markdown handout; `inline: plain` turns both off."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment

from deck.draw.layout import needed_columns, table_width
from deck.draw.render import RenderOptions, render_block, render_slide
from deck.export import draw, export_deck
from deck.export.markdown import md_cell
from deck.format import model
from deck.format.inline import plain
from deck.format.loader import load_deck
from deck.present import state

Writer = Callable[[str], Path]
L = model.Localized.plain

DECK = """\
title: T
slides:
  - title: Cells
    blocks:
      - text: "The [runbook](https://example.org/runbook) first."
      - table:
          - ["**Who**", "Value", "Note"]
          - ["**扎克伯格**的", "**12**", "see [the runbook](https://example.org/runbook) and `a|b`"]
          - ["*plain* a*b", "7", "[docs](https://example.org/a_(b)) \\\\| [bad](javascript:alert(1))"]
  - title: Charts
    chart:
      kind: bar
      title: "**Revenue** by [region](https://example.org/r)"
      unit: "*B*"
      data:
        - {label: "**East**", value: 3, source: "**quoted** as written"}
        - {label: "We`st`", value: 5}
"""


def segments(renderable: object, width: int = 80) -> list[Segment]:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    return list(console.render(renderable))  # type: ignore[arg-type]


def styles(renderable: object) -> dict[str, object]:
    return {segment.text: segment.style for segment in segments(renderable) if segment.text.strip()}


def test_table_cells_are_styled_on_screen(write_deck: Writer) -> None:
    deck = load_deck(write_deck(DECK))
    drawn = segments(render_slide(deck.slides[0], RenderOptions(lang="en")))
    by_text = {segment.text: segment.style for segment in drawn if segment.text.strip()}
    cell = by_text["扎克伯格"]
    assert cell is not None and cell.bold  # type: ignore[attr-defined]
    assert not getattr(by_text["的"], "bold", False)
    italic = by_text["plain"]
    assert italic is not None and italic.italic  # type: ignore[attr-defined]
    code = by_text["a|b"]
    assert code is not None and code.color is not None  # type: ignore[attr-defined]  # the accent
    links = {segment.style.link for segment in drawn if segment.style and segment.style.link}
    assert links == {"https://example.org/runbook", "https://example.org/a_(b)"}
    shown = "".join(segment.text for segment in drawn)
    assert "**" not in shown and "`" not in shown
    assert "a*b" in shown and "| [bad](javascript:alert(1))" in shown  # literal as CommonMark says
    header = by_text["Who"]
    assert header is not None and header.bold  # type: ignore[attr-defined]


def test_column_widths_count_the_visible_text_only(write_deck: Writer) -> None:
    deck = load_deck(write_deck(DECK))
    lines = draw(render_slide(deck.slides[0], RenderOptions(lang="en")), 100)
    table = [line for line in lines if line.startswith(("╭", "│", "├", "╰"))]
    assert table[1] == "│ Who        │ Value │ Note                              │"
    assert table[3] == "│ 扎克伯格的 │    12 │ see the runbook and a|b           │"  # `**12**` is a number
    assert table[4] == "│ plain a*b  │     7 │ docs | [bad](javascript:alert(1)) │"
    assert len({cell_len(line) for line in table}) == 1
    block = deck.slides[0].blocks[1]
    assert isinstance(block, model.Table)
    assert table_width(block, "en") < table_width(block, "en", inline=False)  # markers take room only as written


def test_an_emphasised_cjk_cell_wraps_by_the_same_rules() -> None:
    text = "2021年，**扎克伯格**宣布*公司更名*为Meta，并承诺十年投入1000亿美元。"
    styled = model.Table(header=(), rows=((L(text),),))
    bare = model.Table(header=(), rows=((L(plain(text)),),))
    for width in (12, 17, 30):
        drawn = draw(render_block(styled, RenderOptions("en")), width)
        assert drawn == draw(render_block(bare, RenderOptions("en")), width)
        assert len(drawn) > 3  # it did wrap


def test_text_export_names_a_url_once_per_slide_across_paragraphs_and_cells(write_deck: Writer) -> None:
    text = export_deck(load_deck(write_deck(DECK)), width=120)
    first = text.split("── 2/2")[0]
    assert first.count("[https://example.org/runbook]") == 1
    assert "The runbook [https://example.org/runbook] first." in first
    assert "see the runbook and a|b" in first  # said already above the table
    assert "docs [https://example.org/a_(b)] | [bad](javascript:alert(1))" in first


def test_markdown_cells_keep_their_markdown_with_every_pipe_escaped(write_deck: Writer) -> None:
    handout = export_deck(load_deck(write_deck(DECK)), fmt="markdown")
    assert "| **Who** | Value | Note |" in handout
    assert ("| **扎克伯格**的 | **12** | see [the runbook](https://example.org/runbook) and `a\\|b` |") in handout
    assert "| *plain* a\\*b | 7 | [docs](https://example.org/a_\\(b\\)) \\| \\[bad\\](javascript:alert(1)) |" in handout
    table = "\n".join(line for line in handout.splitlines() if line.startswith("|"))
    html = MarkdownIt("commonmark").enable("table").render(table)  # GitHub's reading of a pipe table
    assert "<td><strong>扎克伯格</strong>的</td>" in html.replace(' style="text-align:left"', "")
    assert "<code>a|b</code>" in html and '<a href="https://example.org/a_(b)">docs</a> | [bad]' in html
    assert html.count("<td") == 6  # no pipe split a cell


def test_md_cell_escapes_pipes_in_code_links_and_text() -> None:
    assert md_cell("`x|y` and a|b and [l](https://e.org/?q=a|b)") == \
        "`x\\|y` and a\\|b and [l](https://e.org/?q=a%7Cb)"  # the parser already encodes a URL's `|`
    assert md_cell("\\\\| and `\\|`") == "\\\\\\| and `\\\\|`"
    assert md_cell("**a\nb**") == "**a<br>b**"
    assert md_cell("**a**", inline=False) == "\\*\\*a\\*\\*"


def test_chart_texts_read_without_markers(write_deck: Writer) -> None:
    deck = load_deck(write_deck(DECK))
    slide = deck.slides[1]
    lines = draw(render_slide(slide, RenderOptions(lang="en")), 60)
    assert "Revenue by region" in lines
    assert any(line.startswith("East │") and line.endswith("3 B") for line in lines)
    assert any(line.startswith("West │") and line.endswith("5 B") for line in lines)
    assert not any("*" in line or "`" in line or "https" in line for line in lines)
    drawn = segments(render_slide(slide, RenderOptions(lang="en")))
    assert not any(segment.style and segment.style.link for segment in drawn)  # unstyled: no links
    text = export_deck(deck, width=60, notes=True)
    assert "¹ East 3 B: “**quoted** as written”" in text  # a source quote is never parsed
    handout = export_deck(deck, fmt="markdown", width=60)
    assert "Revenue by region\nEast │" in handout and "Sources: East[^1]" in handout
    assert "[^1]: \\*\\*quoted\\*\\* as written" in handout
    assert state.matches(slide, "en", "Revenue by region") and state.matches(slide, "en", "west")
    assert needed_columns(slide, "en") <= needed_columns(load_deck(write_deck("inline: plain\n" + DECK)).slides[1], "en")


def test_inline_plain_turns_cells_and_chart_texts_off(write_deck: Writer) -> None:
    deck = load_deck(write_deck("inline: plain\n" + DECK))
    lines = draw(render_slide(deck.slides[0], RenderOptions(lang="en")), 120)
    assert any("**扎克伯格**的" in line and "**12**" in line for line in lines)
    drawn = segments(render_slide(deck.slides[0], RenderOptions(lang="en")))
    assert not any(segment.style and (segment.style.link or segment.style.italic) for segment in drawn)
    chart = draw(render_slide(deck.slides[1], RenderOptions(lang="en")), 60)
    assert "**Revenue** by [region](https://example.org/r)" in chart
    assert any(line.startswith("**East** │") and line.endswith("3 *B*") for line in chart)
    text = export_deck(deck, width=120)
    assert "[https://" not in text and "`a|b`" in text
    handout = export_deck(deck, fmt="markdown")
    assert "| \\*\\*扎克伯格\\*\\*的 | \\*\\*12\\*\\* |" in handout
    assert state.matches(deck.slides[0], "en", "**12**") and not state.matches(deck.slides[0], "en", "扎克伯格的")


def test_search_finds_cell_words_regardless_of_emphasis(write_deck: Writer) -> None:
    slide = load_deck(write_deck(DECK)).slides[0]
    assert state.matches(slide, "en", "扎克伯格的")
    assert state.matches(slide, "en", "see the runbook")
    assert not state.matches(slide, "en", "**")


def test_html_and_pdf_pages_carry_cell_links_and_read_headers_without_markers(write_deck: Writer) -> None:
    from deck.export.grid import Painter, handout_page
    from deck.export.html import HtmlOptions, export_html

    deck = load_deck(write_deck(DECK))
    document = export_html(deck, RenderOptions(lang="en"), HtmlOptions())
    assert 'href="https://example.org/a_(b)"' in document  # a link only a table cell holds
    sectioned = load_deck(write_deck("sections: [{id: s, name: 'The **part**', accent: red}]\n"
                                     + DECK.replace("    blocks:", "    section: s\n    blocks:", 1)
                                     .replace("    chart:", "    section: s\n    chart:", 1)))
    slide = sectioned.slides[0]
    page = handout_page(Painter(80), 1, 2, slide, 80, RenderOptions(lang="en"), render_slide(slide, RenderOptions("en")))
    assert page.text_rows()[0].startswith("── 1/2 - The part ──")
