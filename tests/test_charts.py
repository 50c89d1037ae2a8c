"""Tests for deck.draw.charts: exact drawings at 20/40/80/120 columns, edge cases, properties, goldens.

Every expected drawing below was worked out by hand from the layout rules (shared scale, eighth
blocks, label column, zero axis) and then compared with the program, not pasted from it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.segment import Segment

from deck.draw.charts import chart_renderable, format_number, min_width
from deck.format.loader import load_deck
from deck.format.model import Chart, ChartKind, Datum, Localized

FIXTURE = Path(__file__).parent / "fixtures" / "charts.yaml"
GOLDEN = Path(__file__).parent / "golden" / "charts"
UPDATE = os.environ.get("DECK_UPDATE_GOLDEN") == "1"


def loc(zh: str, en: str | None = None) -> Localized:
    return Localized((("zh", zh), ("en", zh if en is None else en)))


def draw(chart: Chart, width: int, lang: str = "en", *, ascii_only: bool = False, accent: str = "cyan") -> str:
    """The chart as text at `width`, every line as yielded (nothing cropped)."""
    return render(chart_renderable(chart, lang=lang, accent=accent, ascii_only=ascii_only), width)


def render(renderable: RenderableType, width: int, console: Console | None = None) -> str:
    console = console or Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    lines = Segment.split_lines(console.render(renderable, console.options.update_width(width)))
    return "\n".join("".join(segment.text for segment in line) for line in lines)


# --- bar --------------------------------------------------------------------------------------

SWING_EN = Chart("bar", (Datum(loc("谷歌", "Google"), 5300), Datum(loc("英伟达", "Nvidia"), -6200)))
SWING_ZH = Chart("bar", SWING_EN.data, unit=loc("亿美元", "x $100M"))


@pytest.mark.parametrize(
    ("width", "ascii_only", "expected"),
    [
        # Labels cut to 4 cells; longest bar 4 cells; 5300/6200 of 4 cells = 27 eighths.
        (20, False, ["Goo…     │███▍ +5300", "Nvi… ████│ -6200"]),
        (20, True, ["Go...     |### +5300", "Nv... ####| -6200"]),
        # Longest bar 14 cells: Google 11.97 cells -> 96 eighths = 12 full blocks.
        (40, False, ["Google " + " " * 14 + "│" + "█" * 12 + " +5300", "Nvidia " + "█" * 14 + "│ -6200"]),
        (40, True, ["Google " + " " * 14 + "|" + "#" * 12 + " +5300", "Nvidia " + "#" * 14 + "| -6200"]),
        # 35 cells: Google 239 eighths = 29 full + 7/8; in ASCII round(29.9) = 30.
        (80, False, ["Google " + " " * 35 + "│" + "█" * 29 + "▉ +5300", "Nvidia " + "█" * 35 + "│ -6200"]),
        (80, True, ["Google " + " " * 35 + "|" + "#" * 30 + " +5300", "Nvidia " + "#" * 35 + "| -6200"]),
        # 57 cells: Google 390 eighths = 48 full + 6/8; in ASCII round(48.7) = 49.
        (120, False, ["Google " + " " * 57 + "│" + "█" * 48 + "▊ +5300", "Nvidia " + "█" * 57 + "│ -6200"]),
        (120, True, ["Google " + " " * 57 + "|" + "#" * 49 + " +5300", "Nvidia " + "#" * 57 + "| -6200"]),
    ],
)
def test_bar_diverging_english(width: int, ascii_only: bool, expected: list[str]) -> None:
    assert draw(SWING_EN, width, ascii_only=ascii_only).split("\n") == expected


def test_bar_diverging_chinese_with_unit() -> None:
    # Values carry the chart unit with no space before CJK: "+5300亿美元" is 11 cells.
    assert draw(SWING_ZH, 40, "zh").split("\n") == [
        "谷歌   " + " " * 10 + "│████████▌ +5300亿美元",
        "英伟达 " + "█" * 10 + "│ -6200亿美元",
    ]
    assert draw(SWING_ZH, 40, "en").split("\n") == [
        "Google " + " " * 9 + "│███████▊ +5300 x $100M",
        "Nvidia " + "█" * 9 + "│ -6200 x $100M",
    ]


def test_bar_below_its_minimum_width_is_a_plain_list() -> None:
    assert min_width(SWING_ZH, "zh") == 26
    assert draw(SWING_ZH, 20, "zh").split("\n") == ["谷歌 +5300亿美元", "英伟达 -6200亿美元"]
    assert "│" in draw(SWING_ZH, 26, "zh") and "│" not in draw(SWING_ZH, 25, "zh")


def test_bar_ascii_form_keeps_the_decks_chinese_text() -> None:
    # Only the drawing is 7-bit; a Chinese deck keeps its words (English gives pure ASCII).
    # Whole cells: the longest bar gets 11, Google round(9.40) = 9.
    assert draw(SWING_ZH, 40, "zh", ascii_only=True).split("\n") == [
        "谷歌   " + " " * 11 + "|" + "#" * 9 + " +5300亿美元",
        "英伟达 " + "#" * 11 + "| -6200亿美元",
    ]


def test_bar_one_datum() -> None:
    chart = Chart("bar", (Datum(loc("Only"), 5),))
    assert draw(chart, 20) == "Only │████████████ 5"


def test_bar_all_zero() -> None:
    chart = Chart("bar", (Datum(loc("A"), 0), Datum(loc("B"), 0)))
    assert draw(chart, 20).split("\n") == ["A │ 0", "B │ 0"]


def test_bar_all_negative_grows_left_in_half_cells() -> None:
    chart = Chart("bar", (Datum(loc("A"), -1), Datum(loc("B"), -3)))
    # Longest bar 14 cells; A is a third of it: 9.33 -> 9 half cells.
    assert draw(chart, 20).split("\n") == ["A " + " " * 9 + "▐████│ -1", "B " + "█" * 14 + "│ -3"]
    assert draw(chart, 20, ascii_only=True).split("\n") == ["A " + " " * 9 + "#####| -1", "B " + "#" * 14 + "| -3"]


def test_bar_huge_and_tiny_values() -> None:
    chart = Chart("bar", (Datum(loc("huge"), 1e12), Datum(loc("tiny"), 1e-6)))
    # A nonzero value never vanishes: one eighth at least.
    assert draw(chart, 40).split("\n") == ["huge │" + "█" * 16 + " 1,000,000,000,000", "tiny │▏ 1e-6"]


def test_bar_long_label_is_cut_with_an_ellipsis() -> None:
    label = "A very long label that keeps going and going"
    chart = Chart("bar", (Datum(loc(label), 10), Datum(loc("Short"), 5)))
    assert draw(chart, 40).split("\n") == [
        "A very long label that k… │██████████ 10",
        "Short" + " " * 21 + "│█████ 5",
    ]
    assert draw(chart, 40, ascii_only=True).split("\n")[0] == "A very long label that... |########## 10"


def test_bar_display_text_replaces_the_value() -> None:
    chart = Chart("bar", (Datum(loc("Meta"), 71, display=loc("71万台", "710,000")),), unit=loc("万台", "x 10k"))
    assert draw(chart, 30, "zh") == "Meta │" + "█" * 17 + " 71万台"


# --- title ------------------------------------------------------------------------------------


def test_title_above_and_empty_title_draws_nothing() -> None:
    data = (Datum(loc("A"), 1),)
    assert draw(Chart("bar", data, title=loc("十一月", "November")), 20, "zh").split("\n")[0] == "十一月"
    assert draw(Chart("bar", data, title=Localized.plain("")), 20) == "A │" + "█" * 15 + " 1"
    assert draw(Chart("bar", data, title=Localized.plain("  ")), 20) == draw(Chart("bar", data), 20)


# --- share ------------------------------------------------------------------------------------

SHARE = Chart("share", (Datum(loc("Meta"), 71),), unit=Localized.plain("%"), rest=loc("其他", "Others"))


@pytest.mark.parametrize(
    ("width", "full", "rest"),
    # 71% of the width, by largest remainder: 14.2|5.8 -> 14|6, 28.4|11.6 -> 28|12, 56.8|23.2 -> 57|23.
    [(20, 14, 6), (40, 28, 12), (80, 57, 23), (120, 85, 35)],
)
def test_share_bar_and_legend(width: int, full: int, rest: int) -> None:
    legend = ["█ Meta 71%", "░ Others 29%"] if width < 25 else ["█ Meta 71%   ░ Others 29%"]
    assert draw(SHARE, width).split("\n") == ["█" * full + "░" * rest, *legend]
    ascii_legend = [line.replace("█", "#").replace("░", "-") for line in legend]
    assert draw(SHARE, width, ascii_only=True).split("\n") == ["#" * full + "-" * rest, *ascii_legend]


def test_share_chinese_legend() -> None:
    assert draw(SHARE, 40, "zh").split("\n")[1] == "█ Meta 71%   ░ 其他 29%"
    # One legend line would take 23 cells: at 20 each entry gets its own.
    assert draw(SHARE, 20, "zh").split("\n") == ["█" * 14 + "░" * 6, "█ Meta 71%", "░ 其他 29%"]
    assert draw(SHARE, 120, "zh", ascii_only=True).split("\n") == ["#" * 85 + "-" * 35, "# Meta 71%   - 其他 29%"]


def test_share_all_zero_is_all_rest() -> None:
    chart = Chart("share", (Datum(loc("A"), 0),), unit=Localized.plain("%"), rest=loc("Rest"))
    assert draw(chart, 20).split("\n") == ["░" * 20, "█ A 0%   ░ Rest 100%"]


def test_share_with_display_does_not_invent_the_rest() -> None:
    chart = Chart(
        "share",
        (Datum(loc("现实实验室", "Reality Labs"), 2, display=loc("不到2%", "under 2%")),),
        rest=loc("其他业务", "Rest of Meta"),
    )
    # 2% of 20 cells is 0.4: a nonzero part still gets one cell.
    assert draw(chart, 20).split("\n") == ["█" + "░" * 19, "█ Reality Labs under", "  2%", "░ Rest of Meta"]


def test_share_several_parts_and_no_rest_label() -> None:
    chart = Chart("share", (Datum(loc("A"), 50), Datum(loc("B"), 30)), unit=Localized.plain("%"))
    assert draw(chart, 20).split("\n") == ["█" * 10 + "▓" * 6 + "░" * 4, "█ A 50%   ▓ B 30%"]
    assert draw(chart, 20, ascii_only=True).split("\n") == ["#" * 10 + "=" * 6 + "-" * 4, "# A 50%   = B 30%"]


def test_share_parts_above_the_total_fill_the_bar() -> None:
    chart = Chart("share", (Datum(loc("A"), 80), Datum(loc("B"), 40)))
    assert draw(chart, 20).split("\n")[0] == "█" * 13 + "▓" * 7


# --- timeline ---------------------------------------------------------------------------------

TIMELINE = Chart(
    "timeline",
    (
        Datum(loc("Facebook 更名为 Meta", "Facebook becomes Meta"), date=loc("2021年", "2021")),
        Datum(
            loc("ChatGPT 更新到3.5版本，带火大模型", "Pledge: $100B over ten years for the metaverse"),
            date=loc("2022年11月", "2022"),
        ),
        Datum(loc("预算削减", "Budget cut"), date=loc("2025年", "2025")),
    ),
)


def test_timeline_english_widths() -> None:
    assert draw(TIMELINE, 20).split("\n") == [
        "2021 ● Facebook",
        "     │ becomes Meta",
        "2022 ● Pledge: $100B",
        "     │ over ten",
        "     │ years for the",
        "     │ metaverse",
        "2025 ● Budget cut",
    ]
    assert draw(TIMELINE, 40).split("\n") == [
        "2021 ● Facebook becomes Meta",
        "2022 ● Pledge: $100B over ten years for",
        "     │ the metaverse",
        "2025 ● Budget cut",
    ]
    wide = [
        "2021 ● Facebook becomes Meta",
        "2022 ● Pledge: $100B over ten years for the metaverse",
        "2025 ● Budget cut",
    ]
    assert draw(TIMELINE, 80).split("\n") == wide
    assert draw(TIMELINE, 120).split("\n") == wide
    assert draw(TIMELINE, 80, ascii_only=True).split("\n") == [line.replace("●", "+") for line in wide]
    assert draw(TIMELINE, 40, ascii_only=True).split("\n")[2] == "     | the metaverse"


def test_timeline_chinese_wraps_dates_and_labels() -> None:
    assert draw(TIMELINE, 40, "zh").split("\n") == [
        "2021年     ● Facebook 更名为 Meta",
        "2022年11月 ● ChatGPT 更新到3.5版本，带火",
        "           │ 大模型",
        "2025年     ● 预算削减",
    ]
    wide = [
        "2021年     ● Facebook 更名为 Meta",
        "2022年11月 ● ChatGPT 更新到3.5版本，带火大模型",
        "2025年     ● 预算削减",
    ]
    assert draw(TIMELINE, 80, "zh").split("\n") == wide
    assert draw(TIMELINE, 120, "zh", ascii_only=True).split("\n") == [line.replace("●", "+") for line in wide]
    # At 20 columns the date column is 6 cells: "2022年11月" wraps inside it.
    assert draw(TIMELINE, 20, "zh").split("\n") == [
        "2021年 ● Facebook 更",
        "       │ 名为 Meta",
        "2022年 ● ChatGPT 更",
        "11月   │ 新到3.5版",
        "       │ 本，带火大",
        "       │ 模型",
        "2025年 ● 预算削减",
    ]


def test_timeline_below_minimum_lists_date_and_label() -> None:
    assert min_width(TIMELINE, "en") == 13
    assert draw(TIMELINE, 12).split("\n") == [
        "2021",
        "Facebook",
        "becomes Meta",
        "2022 Pledge:",
        "$100B over",
        "ten years",
        "for the",
        "metaverse",
        "2025 Budget",
        "cut",
    ]


# --- stat -------------------------------------------------------------------------------------

STAT = Chart("stat", (Datum(loc("VR 份额", "VR share"), 71, unit=Localized.plain("%")),))
TIKTOK = Chart("stat", (Datum(loc("TikTok 月活", "TikTok users"), 20.5, display=loc("20.5亿", "2.05 billion")),))


@pytest.mark.parametrize("width", [20, 40, 80, 120])
def test_stat_big_digits(width: int) -> None:
    assert draw(STAT, width).split("\n") == ["╶─┐ ╶╮  ○ ╱", "  │  │   ╱", "  ╵ ╶┴╴ ╱ ○", "VR share"]
    assert draw(STAT, width, ascii_only=True).split("\n") == [" _      O /", "  |   |  /", "  |   | / O", "VR share"]


@pytest.mark.parametrize("width", [20, 40, 80, 120])
def test_stat_chinese_unit_stays_a_normal_character(width: int) -> None:
    assert draw(TIKTOK, width, "zh").split("\n") == ["╶─╮ ╭─╮ ╭─╴", "┌─┘ │ │ ╰─╮", "╰─╴ ╰─╯•╶─╯ 亿", "TikTok 月活"]
    assert draw(TIKTOK, width, "zh", ascii_only=True).split("\n") == [
        " _   _   _",
        " _| | | |_",
        "|_  |_|. _| 亿",
        "TikTok 月活",
    ]
    assert draw(TIKTOK, width).split("\n")[2] == "╰─╴•╰─╯ ╶─╯ billion"


def test_stat_huge_number_is_big_only_where_it_fits() -> None:
    chart = Chart("stat", (Datum(loc("Huge"), 1e12),))
    # Thirteen digits of 3 cells, 8 gaps and 4 commas: 51 cells.
    assert draw(chart, 40).split("\n") == ["1,000,000,000,000", "Huge"]
    assert draw(chart, 80).split("\n")[2] == "╶┴╴," + ",".join(["╰─╯ ╰─╯ ╰─╯"] * 4)


def test_stat_too_narrow_for_big_digits_falls_back_to_text() -> None:
    assert draw(TIKTOK, 8, "zh").split("\n") == ["20.5亿", "TikTok", "月活"]


# --- sanitising, colour, ASCII from the console ------------------------------------------------


def test_text_is_literal_and_control_characters_never_pass() -> None:
    chart = Chart("bar", (Datum(Localized.plain("[bold]x\x1b[31m\x07"), 1),), title=Localized.plain("[red]t[/]"))
    out = draw(chart, 40)
    assert out.split("\n")[0] == "[red]t[/]"
    assert out.split("\n")[1].startswith("[bold]x[31m │")
    assert all(ch.isprintable() or ch == "\n" for ch in out)


def test_bars_use_the_callers_accent() -> None:
    console = Console(width=30, file=io.StringIO(), color_system="truecolor", legacy_windows=False)
    segments = list(console.render(chart_renderable(SWING_EN, lang="en", accent="magenta"), console.options))
    bar_colours = {seg.style.color.name for seg in segments if "█" in seg.text and seg.style and seg.style.color}
    assert bar_colours == {"magenta"}


def test_ascii_only_console_gets_the_ascii_form() -> None:
    class AsciiFile(io.StringIO):
        @property
        def encoding(self) -> str:  # type: ignore[override]
            return "ascii"

    console = Console(width=40, file=AsciiFile(), color_system=None, legacy_windows=False)
    assert console.options.ascii_only
    out = render(chart_renderable(SWING_EN, lang="en"), 40, console)
    assert out.isascii() and "#" in out


def test_measure_and_min_width() -> None:
    console = Console(width=100, file=io.StringIO())
    measure = Measurement.get(console, console.options, chart_renderable(STAT, lang="en"))
    assert (measure.minimum, measure.maximum) == (3, 11)
    measure = Measurement.get(console, console.options, chart_renderable(SWING_ZH, lang="zh"))
    assert (measure.minimum, measure.maximum) == (26, 100)


def test_format_number() -> None:
    assert [format_number(v) for v in (5300, -6200, 12.52, 20.5, 1e12, 1e-6, 0.0, 10000)] == [
        "5300",
        "-6200",
        "12.52",
        "20.5",
        "1,000,000,000,000",
        "1e-6",
        "0",
        "10,000",
    ]


# --- properties -------------------------------------------------------------------------------

cjk_labels = st.text(alphabet="中文元宇宙亏损Meta AI 019-,.%（）()[]…\x1b\x07", max_size=24)
ascii_labels = st.text(alphabet="Meta AI 019-,.%()[]$\x1b\x07", max_size=24)
values = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@st.composite
def charts(draw_: st.DrawFn, cjk: bool = True) -> Chart:
    labels = cjk_labels if cjk else ascii_labels
    kind: ChartKind = draw_(st.sampled_from(["bar", "share", "timeline", "stat"]))
    count = 1 if kind == "stat" else draw_(st.integers(min_value=1, max_value=6))
    data = []
    for _ in range(count):
        value = draw_(values)
        data.append(
            Datum(
                Localized.plain(draw_(labels)),
                value=abs(value) if kind == "share" else value,
                display=draw_(st.none() | labels.map(Localized.plain)),
                date=Localized.plain(draw_(labels)) if kind == "timeline" else None,
            )
        )
    title = draw_(st.none() | labels.map(Localized.plain))
    units = ["%", "亿美元", "units"] if cjk else ["%", "units"]
    unit = draw_(st.none() | st.sampled_from(units).map(Localized.plain))
    return Chart(kind, tuple(data), title=title, unit=unit, rest=draw_(st.none() | labels.map(Localized.plain)))


def chart_text(chart: Chart) -> str:
    """Every piece of deck text the chart holds, in both languages."""
    texts = [chart.title, chart.unit, chart.rest]
    for datum in chart.data:
        texts += [datum.label, datum.display, datum.unit, datum.date]
    return "".join(value for text in texts if text is not None for _, value in text.values)


@settings(max_examples=300, deadline=None)
@given(charts(), st.integers(min_value=4, max_value=150))
def test_every_line_fits_and_the_ascii_drawing_is_7_bit(chart: Chart, width: int) -> None:
    for ascii_only in (False, True):
        out = draw(chart, width, ascii_only=ascii_only)
        assert all(cell_len(line) <= width for line in out.split("\n")), out
        assert all(ch.isprintable() or ch == "\n" for ch in out)
        if ascii_only:
            # Anything beyond 7 bits is the deck's own text, never a glyph of ours.
            assert {ch for ch in out if not ch.isascii()} <= set(chart_text(chart))


@settings(max_examples=100, deadline=None)
@given(charts(cjk=False), st.integers(min_value=4, max_value=150))
def test_ascii_text_gives_pure_7_bit_output(chart: Chart, width: int) -> None:
    assert draw(chart, width, ascii_only=True).isascii()


@settings(max_examples=200, deadline=None)
@given(charts().filter(lambda c: c.kind == "bar"), st.integers(min_value=4, max_value=150))
def test_bar_at_its_minimum_width_or_more_draws_every_bar(chart: Chart, width: int) -> None:
    rows = draw(chart, max(width, min_width(chart, "en")), ascii_only=True).split("\n")
    axis_rows = [row for row in rows if "|" in row]
    assert len(axis_rows) >= len(chart.data)


# --- golden files for the article's charts ----------------------------------------------------


def golden_cases() -> list[tuple[str, Chart, str, int, bool]]:
    deck = load_deck(FIXTURE)
    cases = []
    for slide in deck.slides:
        assert slide.id is not None
        for lang in ("zh", "en"):
            for width in (40, 80):
                for ascii_only in (False, True):
                    cases.append((slide.id, slide.charts[0], lang, width, ascii_only))
    return cases


@pytest.mark.parametrize(
    ("name", "chart", "lang", "width", "ascii_only"),
    golden_cases(),
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_golden(name: str, chart: Chart, lang: str, width: int, ascii_only: bool) -> None:
    path = GOLDEN / f"{name}.{lang}.{width}{'.ascii' if ascii_only else ''}.txt"
    out = draw(chart, width, lang, ascii_only=ascii_only) + "\n"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with DECK_UPDATE_GOLDEN=1 and look at the result"
    assert out == path.read_text(encoding="utf-8")
    assert all(cell_len(line) <= width for line in out.splitlines())


def test_charts_and_text_stay_light() -> None:
    # render.py, the exporter and `deck check` import these; Textual must not come with them.
    code = "import sys, deck.draw.charts; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'yaml')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=FIXTURE.parents[2]
    )
    assert out.stdout.strip() == "[]"


def test_a_newline_in_a_label_keeps_the_bars_aligned() -> None:
    from rich.console import Console

    from deck.format.model import Chart, Datum, Localized

    chart = Chart(kind="bar", data=(Datum(Localized.plain("two\nlines"), value=2.0),
                                    Datum(Localized.plain("one"), value=1.0)))
    console = Console(width=40, record=True, color_system=None, file=io.StringIO())
    console.print(chart_renderable(chart, lang="en"))
    lines = console.export_text().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("two lines │") and lines[1].startswith("one       │")


# --- the bugs of issue 15 ---------------------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "deck-format.md"


def test_display_replaces_value_and_unit_as_the_docs_say() -> None:
    # Decided: `display` is the whole shown figure (the bundled deck writes `71万台` with unit 万台).
    chart = Chart("bar", (Datum(loc("A"), 20, display=loc("twenty")),), unit=loc("ms"))
    assert draw(chart, 20) == "A │" + "█" * 10 + " twenty"
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "`display` is shown instead of its value *and* unit" in doc
    assert "`unit` follows it" not in doc


def test_share_without_unit_shows_every_figure_in_percent() -> None:
    chart = Chart("share", (Datum(loc("A"), 22), Datum(loc("B"), 74)), rest=loc("Rest"))
    assert draw(chart, 40).split("\n")[1] == "█ A 22%   ▓ B 74%   ░ Rest 4%"
    # A whole other than 100: percentages of it, parts and rest alike.
    halves = Chart("share", (Datum(loc("A"), 50),), total=200, rest=loc("Rest"))
    assert draw(halves, 40).split("\n")[1] == "█ A 25%   ░ Rest 75%"
    # With a unit, every figure is in the unit.
    gw = Chart("share", (Datum(loc("A"), 50),), total=200, unit=loc("GW"), rest=loc("Rest"))
    assert draw(gw, 40).split("\n")[1] == "█ A 50 GW   ░ Rest 150 GW"


SCALED = """
title: T
languages: [zh, en]
slides:
  - title: money
    chart:
      kind: bar
      format: {zh: "{}亿美元", en: "${}B"}
      scale: {en: 0.1}
      data:
        - {label: {zh: 预算, en: Budget}, value: 150}
        - {label: {zh: 亏损, en: Loss}, value: -400}
"""


def test_scale_and_format_let_english_read_billions(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(SCALED, encoding="utf-8")
    chart = load_deck(path).slides[0].charts[0]
    assert draw(chart, 40, "en").split("\n") == [
        # Longest bar 18 cells (19 would need 41 columns): 150/400 of it is 6.75 cells.
        "Budget " + " " * 18 + "│" + "█" * 6 + "▊ +$15B",
        "Loss   " + "█" * 18 + "│ -$40B",
    ]
    assert draw(chart, 40, "zh").split("\n") == [
        "预算 " + " " * 16 + "│" + "██████" + " +150亿美元",
        "亏损 " + "█" * 16 + "│ -400亿美元",
    ]


@pytest.mark.parametrize(
    ("chart_yaml", "message"),
    [
        ('{kind: bar, format: "$B", data: [{label: x, value: 1}]}', "'format' must contain {} where the number goes"),
        ('{kind: bar, format: {zh: "{}亿", en: "B"}, data: [{label: x, value: 1}]}', "'format' (en) must contain {}"),
        ("{kind: bar, scale: 0, data: [{label: x, value: 1}]}", "'scale' must be above zero"),
        ("{kind: bar, scale: {fr: 2}, data: [{label: x, value: 1}]}", "language 'fr' is not declared"),
        ("{kind: share, series: [a], data: [{label: x, values: [1]}]}", "'series' applies only to bar, line, sparkline"),
        ("{kind: bar, series: [a, b], data: [{label: x, value: 1}]}", "with 'series', each datum gives 'values'"),
        ("{kind: bar, series: [a, b], data: [{label: x, values: [1, 2]}, {label: y, value: 1}]}",
         "give 'values', one number per series"),
        ("{kind: bar, series: [a, b], data: [{label: x, values: [1, 2]}, {label: y}]}",
         "missing required key 'values'"),
        ("{kind: bar, series: [a, b], data: [{label: x, values: [1]}]}", "'values' gives 1 numbers for 2 series"),
        ("{kind: line, data: [{label: x, values: [1]}]}", "'values' needs 'series' on the chart"),
        ("{kind: bar, stacked: true, data: [{label: x, value: 1}]}", "'stacked' needs 'series'"),
        ("{kind: line, stacked: true, series: [a], data: [{label: x, values: [1]}]}", "'stacked' applies only to bar"),
        ("{kind: line, data: [{label: x}]}", "missing required key 'value'"),
        ("{kind: bar, series: [a, b, c, d, e, f, g, h, i, j, k, l, m], data: [{label: x, value: 1}]}",
         "at most 12 series"),
    ],
)
def test_chart_mistakes_are_located(tmp_path: Path, chart_yaml: str, message: str) -> None:
    from deck.format.errors import DeckError

    path = tmp_path / "d.yaml"
    path.write_text(f"title: T\nlanguages: [zh, en]\nslides:\n  - title: a\n    chart: {chart_yaml}\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert message in str(caught.value)
    assert caught.value.line == 5


# --- line -------------------------------------------------------------------------------------

RISE = Chart("line", (Datum(loc("A"), 0), Datum(loc("B"), 10), Datum(loc("C"), 5)))


def test_nice_ticks_are_round() -> None:
    from deck.draw.charts.line import nice_ticks

    assert nice_ticks(0, 10) == (0, 5, 2)
    assert nice_ticks(100, 105) == (100, 2, 3)
    assert nice_ticks(-2, 5) == (-2.5, 2.5, 3)
    assert nice_ticks(3, 3) == (0, 1, 3)  # equal values: from zero to the value
    assert nice_ticks(0, 0) == (0, 0.5, 2)
    assert nice_ticks(1e-6, 3e-6) == pytest.approx((1e-6, 1e-6, 2))


@pytest.mark.parametrize("width", [20, 40, 80, 120])
def test_line_ascii_points_ticks_and_labels(width: int) -> None:
    # Ticks 10, 5, 0 (2 intervals of 3 rows); the plot is the width less "10+"; A, B, C at its
    # first, middle and last cells; rows by round((10 - v) / 10 * 6).
    plot = width - 3
    middle = round((plot - 1) / 2)
    assert draw(RISE, width, ascii_only=True).split("\n") == [
        "10+" + " " * middle + "*",
        "  |",
        "  |",
        " 5+" + " " * (plot - 1) + "*",
        "  |",
        "  |",
        " 0+*",
        "  +" + "-" * plot,
        "   A" + " " * (middle - 1) + "B" + " " * (plot - middle - 2) + "C",
    ]


def test_line_braille_sets_the_dot_of_every_point() -> None:
    out = draw(RISE, 40).split("\n")
    plot = [line[3:].ljust(37) for line in out[:7]]
    assert all(ch == " " or 0x2800 <= ord(ch) <= 0x28FF for row in plot for ch in row)
    bits = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))

    def dot(x: int, y: int) -> bool:
        ch = plot[y // 4][x // 2]
        return ch != " " and bool((ord(ch) - 0x2800) & bits[y % 4][x % 2])

    # 74 x 28 dots: A at (0, 27), B at (36, 0), C at (73, 14)
    assert dot(0, 27) and dot(36, 0) and dot(73, 14)
    assert out[7] == "  └" + "─" * 37


def test_line_negative_values_draw_a_zero_rule_and_a_legend() -> None:
    chart = Chart("line", (Datum(loc("Q1"), values=(1, -2)), Datum(loc("Q2"), values=(5, 4))),
                  series=(loc("甲", "Alpha"), loc("乙", "Beta")))
    # Ticks 5, 2.5, 0, -2.5; at 20 columns the plot is 15 cells.
    assert draw(chart, 20, ascii_only=True).split("\n") == [
        "   5+              *",
        "    |              o",
        " 2.5+",
        "    |*",
        "   0+...............",
        "    |",
        "-2.5+o",
        "    +---------------",
        "     Q1           Q2",
        "* Alpha   o Beta",
    ]
    assert draw(chart, 20, "zh").split("\n")[-1] == "● 甲   ○ 乙"


def test_line_x_labels_never_overlap_and_keep_both_ends() -> None:
    chart = Chart("line", tuple(Datum(loc(f"20{n:02d}年"), n % 7) for n in range(40)))
    for width in (20, 40, 80, 120):
        labels = draw(chart, width, "zh").split("\n")[8]
        words = labels.split()
        assert words[0] == "2000年" and words[-1] == "2039年"
        assert "  " in labels[labels.index("2000年") + 5:] or len(words) == 2
        assert all(len(word) == 5 for word in words)  # none cut, none glued to another
        assert cell_len(labels) <= width


def test_line_one_point_and_equal_values() -> None:
    one = Chart("line", (Datum(loc("Only"), 7),))
    # From zero to 7 in at most 3 steps: 2.5; the point in the middle of the 16 plot cells.
    assert draw(one, 20).split("\n") == [
        "7.5┤       ●",
        "   │",
        "  5┤",
        "   │",
        "2.5┤",
        "   │",
        "  0┤",
        "   └" + "─" * 16,
        "          Only",
    ]
    flat = Chart("line", (Datum(loc("a"), 3), Datum(loc("b"), 3)))
    rows = draw(flat, 20, ascii_only=True).split("\n")
    assert rows[0] == "3+*" + " " * 16 + "*"  # equal values sit on the top tick, above zero


def test_line_below_its_minimum_is_a_list() -> None:
    assert min_width(RISE, "en") == 11  # "10" ticks, the axis and 8 plot cells
    assert draw(RISE, 10).split("\n") == ["A 0", "B 10", "C 5"]
    assert "┤" in draw(RISE, 11)


def test_line_of_500_points_is_bounded() -> None:
    import time

    chart = Chart("line", tuple(Datum(loc(str(n)), (n * 37) % 101 - 50) for n in range(500)))
    start = time.perf_counter()
    for width in (20, 40, 80, 120):
        for ascii_only in (False, True):
            out = draw(chart, width, ascii_only=ascii_only)
            assert all(cell_len(line) <= width for line in out.split("\n"))
    assert time.perf_counter() - start < 30  # a generous bound that only catches a hang


# --- golden drawings of the new kinds: Latin, Chinese and Korean; 20/40/80/120; both forms ----


def tri(en: str, zh: str, ko: str) -> Localized:
    return Localized((("en", en), ("zh", zh), ("ko", ko)))


QUARTERS = [tri(f"Q{n} 2025", f"2025年第{n}季", f"2025년 {n}분기") for n in range(1, 5)]
KIND_CHARTS: dict[str, Chart] = {
    "line-profit": Chart(
        "line",
        tuple(Datum(tri(m, f"{i + 1}月", f"{i + 1}월"), v)
              for i, (m, v) in enumerate(zip(["Jan", "Feb", "Mar", "Apr", "May", "Jun"], [-3, 0, 2, 5, 4, 8],
                                             strict=True))),
        title=tri("Profit", "利润", "이익"), format=tri("${}M", "{}百万美元", "{}백만 달러")),
    "line-series": Chart(
        "line",
        tuple(Datum(q, values=vs) for q, vs in zip(QUARTERS, [(12, 3), (15, 4.5), (14, 7), (18, 11)], strict=True)),
        series=(tri("Phones", "手机", "휴대폰"), tri("Watches", "手表", "시계")), unit=tri("M", "百万台", "백만 대")),
    "bar-grouped": Chart(
        "bar",
        tuple(Datum(q, values=vs) for q, vs in zip(QUARTERS[:3], [(5, 3), (6, -2), (0, 4)], strict=True)),
        series=(tri("Cloud", "云", "클라우드"), tri("Ads", "广告", "광고"))),
    "bar-stacked": Chart(
        "bar",
        tuple(Datum(q, values=vs) for q, vs in zip(QUARTERS, [(5, 3, -1), (6, -2, -2), (2, 2, 2), (0, 0, 0)],
                                                  strict=True)),
        series=(tri("North", "北区", "북부"), tri("South", "南区", "남부"), tri("Returns", "退货", "반품")),
        stacked=True, title=tri("Sales by region", "各区销售", "지역별 매출")),
    "sparkline": Chart(
        "sparkline", tuple(Datum(tri(str(n), str(n), str(n)), (n * 7) % 11 - 3 + n / 3) for n in range(30)),
        title=tri("Daily sign-ups", "每日注册", "일일 가입"), unit=tri("k", "千", "천")),
    "sparkline-series": Chart(
        "sparkline",
        tuple(Datum(tri(str(n), str(n), str(n)), values=(n * n % 17, 20 - n)) for n in range(12)),
        series=(tri("Seoul", "首尔", "서울"), tri("Busan", "釜山", "부산"))),
}


def kinds_golden(chart: Chart, lang: str) -> str:
    parts = []
    for width in (20, 40, 80, 120):
        for ascii_only in (False, True):
            parts.append(f"=== {width}{' ascii' if ascii_only else ''} " + "=" * 20)
            parts.append(draw(chart, width, lang, ascii_only=ascii_only))
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("lang", ["en", "zh", "ko"])
@pytest.mark.parametrize("name", sorted(KIND_CHARTS))
def test_kinds_golden(name: str, lang: str) -> None:
    assert_width_golden(GOLDEN / "kinds" / f"{name}.{lang}.txt", kinds_golden(KIND_CHARTS[name], lang))


def assert_width_golden(path: Path, out: str) -> None:
    """`out` (drawings under `=== WIDTH ...` headers) equals the golden file at `path`, which
    DECK_UPDATE_GOLDEN=1 rewrites, and no line is wider than the width it was drawn at."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with DECK_UPDATE_GOLDEN=1 and look at the result"
    assert out == path.read_text(encoding="utf-8")
    width = 0
    for line in out.splitlines():
        if line.startswith("=== "):
            width = int(line.split()[1])
        else:
            assert cell_len(line) <= width, line


# --- properties of the new kinds --------------------------------------------------------------

small_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def series_charts(draw_: st.DrawFn) -> Chart:
    kind: ChartKind = draw_(st.sampled_from(["bar", "line", "sparkline"]))
    count = draw_(st.integers(min_value=1, max_value=5))
    names = tuple(Localized.plain(draw_(cjk_labels)) for _ in range(draw_(st.integers(0, 3))))
    data = []
    for _ in range(draw_(st.integers(min_value=1, max_value=12))):
        label = Localized.plain(draw_(cjk_labels))
        if names:
            data.append(Datum(label, values=tuple(draw_(small_values) for _ in names)))
        else:
            data.append(Datum(label, draw_(small_values)))
    del count
    stacked = kind == "bar" and bool(names) and draw_(st.booleans())
    unit = draw_(st.none() | st.sampled_from(["%", "亿美元", "units"]).map(Localized.plain))
    return Chart(kind, tuple(data), series=names, stacked=stacked, unit=unit,
                 title=draw_(st.none() | cjk_labels.map(Localized.plain)))


@settings(max_examples=300, deadline=None)
@given(series_charts(), st.integers(min_value=2, max_value=150))  # a CJK character takes 2
def test_new_kinds_never_draw_a_line_wider_than_the_width(chart: Chart, width: int) -> None:
    for ascii_only in (False, True):
        out = draw(chart, width, ascii_only=ascii_only)
        assert all(cell_len(line) <= width for line in out.split("\n")), out
        if ascii_only:
            assert {ch for ch in out if not ch.isascii()} <= set(chart_text(chart) + "".join(
                value for name in chart.series for _, value in name.values))


def axis_cells(rows: list[str], axis: str) -> set[int]:
    """The cell offset of the first `axis` glyph in every row that has one."""
    return {cell_len(row[: row.index(axis)]) for row in rows if axis in row}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cjk_labels, small_values), min_size=1, max_size=8), st.integers(min_value=30, max_value=150))
def test_bars_are_proportional_within_a_cell_and_line_up(rows: list[tuple[str, float]], width: int) -> None:
    chart = Chart("bar", tuple(Datum(Localized.plain(label.replace("|", "")), value) for label, value in rows))
    if width < min_width(chart, "en"):
        return
    for ascii_only, axis in ((True, "|"), (False, "│")):
        lines = draw(chart, width, ascii_only=ascii_only).split("\n")
        assert len(axis_cells(lines, axis)) == 1  # every bar starts on one column, whatever the script
        lengths = []
        for line in lines:
            cut = line.index(axis)
            before, after = line[:cut], line[cut + 1:].split(" ")[0]
            left = before.rstrip(" ").split(" ")[-1] if before.rstrip(" ") else ""
            lengths.append(_cells_of_bar(left if left and set(left) <= set("█▐#") else after))
        top = max(abs(v) for _, v in rows)
        longest = max(lengths)
        for (_, value), length in zip(rows, lengths, strict=True):
            if top and value:
                assert abs(length - abs(value) / top * longest) <= 1, (lines, value, length)


def _cells_of_bar(bar: str) -> float:
    """A bar's length in cells, counting partial blocks (eighths, a right half) as fractions."""
    eighths = {"▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7}
    return sum(1.0 if ch in "█#" else 0.5 if ch == "▐" else eighths.get(ch, 0) / 8 for ch in bar)


@settings(max_examples=200, deadline=None)
@given(series_charts().filter(lambda c: c.kind == "bar" and bool(c.series)), st.integers(min_value=30, max_value=150))
def test_grouped_and_stacked_parts_are_proportional(chart: Chart, width: int) -> None:
    if width < min_width(chart, "en"):
        return
    lines = draw(chart, width, ascii_only=True).split("\n")
    bar_lines = [line for line in lines if "|" in line]
    assert len(axis_cells(bar_lines, "|")) == 1
    glyphs = "#=+*"
    counts = []
    for line in bar_lines:
        before, after = line.split("|", 1)
        bar = before.rstrip(" ").split(" ")[-1] + after.split(" ")[0]  # the runs touching the axis
        counts.append([bar.count(glyphs[s % 4]) for s in range(len(chart.series))])
    if chart.stacked:
        parts = [list(d.values) for d in chart.data]
    else:
        parts = [[v if t == s else 0.0 for t in range(len(chart.series))] for d in chart.data
                 for s, v in enumerate(d.values)]
    top = max(max(sum(v for v in row if v > 0), -sum(v for v in row if v < 0)) for row in parts)
    longest = max(max(sum(c for c, v in zip(cs, row, strict=True) if v > 0),
                      sum(c for c, v in zip(cs, row, strict=True) if v < 0)) for cs, row in zip(counts, parts, strict=True))
    if not top:
        return
    for cs, row in zip(counts, parts, strict=True):
        for count, value in zip(cs, row, strict=True):
            assert abs(count - abs(value) / top * longest) <= 1 + 1e-9, (lines, row, cs)


def test_the_docs_chart_examples_draw_as_shown() -> None:
    import re

    from deck.format.loader import load_deck_text

    doc = DOC.read_text(encoding="utf-8")
    section = doc[doc.index("\n## Charts\n"):doc.index("\n## Errors\n")]
    pairs = re.findall(r"```yaml\n(.*?)```\n\n```text\n(.*?)```", section, re.S)
    assert len(pairs) == 9  # every kind, grouped and stacked bars, a line with several series
    kinds = set()
    for chart_yaml, drawing in pairs:
        indented = "".join("      " + line + "\n" for line in chart_yaml.splitlines())
        chart = load_deck_text(f"title: T\nslides:\n  - title: t\n    chart:\n{indented}", "doc.yaml").slides[0].charts[0]
        kinds.add(chart.kind)
        shown = "\n".join(line.rstrip() for line in draw(chart, 60).split("\n"))
        assert shown + "\n" == drawing, chart_yaml
    assert kinds == {"bar", "share", "timeline", "stat", "line", "sparkline"}


def test_check_size_uses_each_kinds_minimum_width(tmp_path: Path) -> None:
    from deck.draw.layout import PAD_COLS, fit_problems, needed_columns

    deck_yaml = """title: T
slides:
  - title: wide ticks
    chart:
      kind: line
      format: "{} million headsets sold worldwide"
      data: [{label: a, value: 1000}, {label: b, value: 2000}]
"""
    path = tmp_path / "d.yaml"
    path.write_text(deck_yaml, encoding="utf-8")
    deck = load_deck(path)
    chart = deck.slides[0].charts[0]
    # Ticks "2000 million headsets sold worldwide" (36 cells), the axis and 8 plot cells.
    assert min_width(chart, "en") == 45
    assert needed_columns(deck.slides[0], "en") == 45 + 2 * PAD_COLS
    assert fit_problems(deck, (48, 40)) == [f"{path}:3:5: slide 1 needs 49 columns, has 48"]
    assert fit_problems(deck, (49, 40)) == []
    # Narrower than its minimum, the chart is the list of its figures, never a broken drawing.
    assert draw(chart, 44).split("\n") == ["a 1000 million headsets sold worldwide",
                                           "b 2000 million headsets sold worldwide"]


def test_line_of_subnormal_and_tiny_values() -> None:
    tiny = Chart("line", (Datum(loc("a"), 5e-324), Datum(loc("b"), 0)))
    assert all(cell_len(line) <= 30 for line in draw(tiny, 30).split("\n"))
    small = Chart("line", (Datum(loc("a"), 1e-20), Datum(loc("b"), 3e-20)))
    assert [line.split("┤")[0].strip() for line in draw(small, 30).split("\n") if "┤" in line] == [
        "3e-20", "2e-20", "1e-20"]
