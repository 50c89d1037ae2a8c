"""Sources on screen: the presenter's `i`, the text export's `--notes` and the Markdown footnotes
show the verbatim quote behind each charted figure, numbered as the marks on the charts."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from deck.draw.render import RenderOptions, render_slide
from deck.export import export_deck
from deck.format.loader import load_deck
from deck.format.model import Chart, Datum, Localized, Slide

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"


def lines(slide: Slide, options: RenderOptions, width: int = 60) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    console.print(render_slide(slide, options))
    return [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]


TWO_CHARTS = Slide(
    title=Localized.plain("Two charts"),
    blocks=(
        Chart("bar", (Datum(Localized.plain("A"), 2, source="A is two"), Datum(Localized.plain("B"), 1))),
        Chart("stat", (Datum(Localized.plain("Users"), 5, unit=Localized.plain("M"), source="five million users"),)),
    ),
)


def test_marks_are_numbered_across_the_slides_charts_and_match_the_list() -> None:
    shown = lines(TWO_CHARTS, RenderOptions(lang="en", sources=True), 40)
    assert "A │" + "█" * 34 + " 2¹" in shown  # B quotes nothing: no mark
    assert any(line.startswith("B │") and line.endswith(" 1") for line in shown)
    assert "Users²" in shown
    tail = shown[shown.index(next(line for line in shown if "Sources" in line)):]
    assert tail == ["── Sources " + "─" * 29, "¹ A 2: “A is two”", "² Users 5 M: “five million users”"]


def test_without_the_option_nothing_changes_and_ascii_marks_are_bracketed() -> None:
    plain = lines(TWO_CHARTS, RenderOptions(lang="en"), 40)
    assert not any("Sources" in line or "¹" in line for line in plain)
    ascii_lines = lines(TWO_CHARTS, RenderOptions(lang="en", sources=True, ascii_only=True), 40)
    assert '[1] A 2: "A is two"' in ascii_lines and "Users[2]" in ascii_lines


def test_a_slide_without_quotes_gets_no_sources_section() -> None:
    slide = Slide(title=Localized.plain("t"), blocks=(Chart("bar", (Datum(Localized.plain("A"), 1),)),))
    assert lines(slide, RenderOptions(lang="en", sources=True)) == lines(slide, RenderOptions(lang="en"))


def test_text_notes_and_markdown_footnotes_show_the_same_quotes() -> None:
    deck = load_deck(SLIDES)
    text = export_deck(deck, lang="en", notes=True)
    markdown = export_deck(deck, lang="en", fmt="markdown")
    quotes = [datum.source for chart in deck.charts for datum in chart.data if datum.source]
    flat = re.sub(r"\s", "", text)  # quotes wrap over lines
    for quote in quotes:
        assert re.sub(r"\s", "", f"“{quote}”") in flat
        assert re.search(rf"^\[\^\d+\]: {re.escape(quote)}$", markdown.replace("\\", ""), re.M)
    # In Markdown the chart's marks are the footnotes' numbers.
    mark = re.search(r"-\$620B([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", markdown)
    assert mark is not None
    number = mark.group(1).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    assert f"[^{number}]: 英伟达股价却大幅下挫,蒸发6200亿美元" in markdown
    assert "-$620B²" in text and "² Nvidia -$620B: “英伟达股价却大幅下挫,蒸发6200亿美元”" in text
    assert "Sources" not in export_deck(deck, lang="en")  # the plain export stays as it was


async def test_the_presenters_i_key_shows_and_hides_the_sources() -> None:
    from tests.test_app import make_app, screen_text

    deck = load_deck(SLIDES)
    swing = next(i for i, slide in enumerate(deck.slides) if slide.id == "swing")
    app = make_app(deck, start=swing, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "英伟达股价" not in screen_text(app)
        await pilot.press("i")
        text = screen_text(app)
        assert "² Nvidia -$620B: “英伟达股价却大幅下挫,蒸发6200亿美元”" in text and "-$620B²" in text
        await pilot.press("i")
        assert "英伟达股价" not in screen_text(app)


def test_charts_in_columns_are_numbered_in_reading_order() -> None:
    from deck.format.model import Column, Columns

    left = Chart("bar", (Datum(Localized.plain("L"), 1, source="left quote"),))
    right = Chart("bar", (Datum(Localized.plain("R"), 2, source="right quote"),))
    after = Chart("stat", (Datum(Localized.plain("S"), 3, source="after quote"),))
    slide = Slide(title=Localized.plain("t"), blocks=(Columns((Column((left,)), Column((right,)))), after))
    shown = "\n".join(lines(slide, RenderOptions(lang="en", sources=True), 80))
    assert "1¹" in shown and "2²" in shown and "S³" in shown
    assert shown.endswith("¹ L 1: “left quote”\n² R 2: “right quote”\n³ S 3: “after quote”")
