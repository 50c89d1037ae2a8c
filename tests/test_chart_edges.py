"""The issue's test list for every chart kind, where `test_charts.py` covers only some kinds:
exact drawings of bar, share, timeline and stat with Latin, Chinese and Korean labels at 20, 40,
80 and 120 cells in both forms (goldens, looked at); every kind with negative and zero values, one
point, 500 points (bounded time), equal values, huge and tiny magnitudes; and a property of line
charts (each point's marker on the row of its value, the axis in one column whatever the script).
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment

from deck.draw.charts import chart_renderable, min_width
from deck.draw.charts.line import nice_ticks
from deck.format.model import Chart, ChartKind, Datum, Localized
from tests.test_charts import assert_width_golden

GOLDEN = Path(__file__).parent / "golden" / "kinds"
WIDTHS = (20, 40, 80, 120)


def draw(chart: Chart, width: int, lang: str = "en", ascii_only: bool = False) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    renderable = chart_renderable(chart, lang=lang, ascii_only=ascii_only)
    lines = Segment.split_lines(console.render(renderable, console.options.update_width(width)))
    return ["".join(segment.text for segment in line) for line in lines]


def tri(en: str, zh: str, ko: str) -> Localized:
    return Localized((("en", en), ("zh", zh), ("ko", ko)))


def plain(text: str) -> Localized:
    return Localized.plain(text)


OLD_KINDS: dict[str, Chart] = {
    "bar-single": Chart(
        "bar",
        (Datum(tri("Cloud", "云计算", "클라우드"), 5300), Datum(tri("Ads", "广告", "광고"), 0),
         Datum(tri("Hardware", "硬件", "하드웨어"), -2100)),
        title=tri("Profit change", "利润变化", "이익 변화"), unit=tri("M", "百万", "백만")),
    "share": Chart(
        "share", (Datum(tri("Meta", "Meta", "메타"), 71), Datum(tri("Apple", "苹果", "애플"), 12)),
        title=tri("Headset shipments", "头显出货", "헤드셋 출하"), unit=plain("%"), rest=tri("Others", "其他", "기타")),
    "timeline": Chart(
        "timeline",
        (Datum(tri("Renamed to Meta", "更名为 Meta", "메타로 사명 변경"), date=tri("2021", "2021年", "2021년")),
         Datum(tri("Llama released", "Llama 发布", "라마 출시"), date=tri("Feb 2023", "2023年2月", "2023년 2월")))),
    "stat": Chart("stat", (Datum(tri("Reality Labs losses", "现实实验室亏损", "리얼리티 랩스 손실"), 400),),
                  unit=tri("× $100M", "亿美元", "억 달러")),
}


def golden_text(chart: Chart, lang: str) -> str:
    parts = []
    for width in WIDTHS:
        for ascii_only in (False, True):
            parts.append(f"=== {width}{' ascii' if ascii_only else ''} " + "=" * 20)
            parts.extend(line.rstrip() for line in draw(chart, width, lang, ascii_only))
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("lang", ["en", "zh", "ko"])
@pytest.mark.parametrize("name", sorted(OLD_KINDS))
def test_older_kinds_golden(name: str, lang: str) -> None:
    assert_width_golden(GOLDEN / f"{name}.{lang}.txt", golden_text(OLD_KINDS[name], lang))


# --- every kind through the edge cases ---------------------------------------------------------

LABELS = ["Q1", "二季度", "3분기", "Q4"]


def chart_of(kind: str, values: list[float]) -> Chart:
    """A chart of `kind` over `values` (a grouped and a stacked bar give each datum two parts)."""
    labels = [plain(LABELS[i % 4] + ("" if i < 4 else str(i))) for i in range(len(values))]
    base: ChartKind = "bar" if kind.startswith("bar") else kind  # type: ignore[assignment]
    if kind in ("bar-grouped", "bar-stacked", "line-series"):
        data = tuple(Datum(label, values=(v, -v / 2)) for label, v in zip(labels, values, strict=True))
        return Chart("line" if kind == "line-series" else base, data, series=(plain("北"), plain("South")),
                     stacked=kind == "bar-stacked", unit=plain("억"))
    if kind == "timeline":
        return Chart("timeline", tuple(Datum(label, date=plain(f"{2000 + i}")) for i, label in enumerate(labels)))
    if kind == "share":
        total = sum(abs(v) for v in values) or 1.0
        return Chart("share", tuple(Datum(label, abs(v)) for label, v in zip(labels, values, strict=True)),
                     total=total * 1.25, unit=plain("%"))
    if kind == "stat":
        return Chart("stat", (Datum(labels[0], values[0]),))
    return Chart(base, tuple(Datum(label, v) for label, v in zip(labels, values, strict=True)), unit=plain("亿"))


KINDS = ["bar", "bar-grouped", "bar-stacked", "line", "line-series", "sparkline", "share", "timeline", "stat"]
CASES = {
    "one point": [7.0],
    "negative and zero": [-3.0, 0.0, 5.0, -8.0],
    "all zero": [0.0, 0.0, 0.0],
    "equal": [4.0, 4.0, 4.0, 4.0],
    "huge": [1e15, 9.99e14, -1e15],
    "tiny": [1e-9, 3e-9, 2e-9],
    "huge and tiny": [1e15, 1e-9, 5e14],
    "500 points": [float((n * 37) % 101 - 50) for n in range(500)],
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_draws_every_edge_case_within_the_width(kind: str, case: str) -> None:
    chart = chart_of(kind, CASES[case])
    start = time.perf_counter()
    for width in WIDTHS:
        for ascii_only in (False, True):
            lines = draw(chart, width, ascii_only=ascii_only)
            assert lines and all(cell_len(line) <= width for line in lines), (width, ascii_only, lines)
            if ascii_only:  # the drawing is 7-bit; only the deck's own words may not be
                words = set("".join(LABELS) + "北억亿")
                assert {ch for line in lines for ch in line if not ch.isascii()} <= words, lines
            assert len(lines) <= 2 * len(CASES[case]) + 8  # a line per datum and series at most, and a legend
    assert time.perf_counter() - start < 20  # generous: catches a hang or quadratic work only


def test_equal_values_and_one_point_draw_as_the_docs_say() -> None:
    # Equal values: a flat sparkline at mid height; bars of one length; one line point mid-plot.
    assert draw(chart_of("sparkline", CASES["equal"]), 20) == ["▄▄▄▄ 4亿"]
    assert draw(chart_of("sparkline", CASES["equal"]), 20, ascii_only=True) == ["---- 4亿"]
    bars = draw(chart_of("bar", CASES["equal"]), 40)
    assert len({line.count("█") for line in bars}) == 1
    one = draw(chart_of("line", CASES["one point"]), 30, ascii_only=True)
    marked = [line for line in one if "*" in line]
    assert len(marked) == 1 and one[-1].strip() == "Q1"


def test_all_zero_bars_and_stacks_have_no_bar_and_show_their_zeros() -> None:
    for kind in ("bar", "bar-grouped", "bar-stacked"):
        lines = draw(chart_of(kind, CASES["all zero"]), 40)
        bars = [line for line in lines if "│" in line]  # not the legend's series glyphs
        assert bars and not any(ch in line for line in bars for ch in "█▌▐▏▎▍▋▊▉"), (kind, lines)
        assert any("0" in line for line in lines)


def test_huge_and_tiny_magnitudes_read_as_numbers() -> None:
    huge = "\n".join(draw(chart_of("bar", CASES["huge"]), 80))
    assert "+1e15亿" in huge and "+999,000,000,000,000亿" in huge and "-1e15亿" in huge
    tiny = "\n".join(draw(chart_of("bar", CASES["tiny"]), 80))
    assert "1e-9亿" in tiny and "3e-9亿" in tiny
    line = draw(chart_of("line", CASES["tiny"]), 40, ascii_only=True)
    ticks = [row.split("+")[0].strip() for row in line if "+" in row and not row.strip().startswith("+")]
    assert ticks == ["3e-9亿", "2e-9亿", "1e-9亿"]


# --- a property of line charts ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False), min_size=2,
                max_size=12),
       st.sampled_from(["", "%", "亿美元", "만 명"]), st.integers(min_value=60, max_value=150))
def test_each_line_point_sits_on_the_row_of_its_value_and_the_axis_lines_up(
        values: list[float], unit: str, width: int) -> None:
    chart = Chart("line", tuple(Datum(plain(f"x{i}"), v) for i, v in enumerate(values)),
                  unit=plain(unit) if unit else None)
    if width < min_width(chart, "en"):
        return
    lines = draw(chart, width, ascii_only=True)
    plot = [line for line in lines if "|" in line or ("+" in line and not line.lstrip().startswith("+"))]
    axis = {cell_len(line[:max(line.find("|"), line.find("+"))]) for line in plot}
    assert len(axis) == 1  # every plot row's axis in one column, whatever the unit's script
    column = axis.pop()
    bottom, step, intervals = nice_ticks(min(values), max(values))
    top = bottom + step * intervals
    rows = len(plot)
    # Each marker's row stands for a value within half a row of the point's (markers may share a
    # cell: then the later point's is drawn, so check the points whose cell no other point takes).
    plot_w = width - column - 1
    cells = [round(i * (plot_w - 1) / (len(values) - 1)) for i in range(len(values))]
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        if cells.count(cell) > 1:
            continue
        row = next(r for r, line in enumerate(plot) if _at_cell(line, column + 1 + cell) == "*")
        shown = top - row * (top - bottom) / (rows - 1)
        assert abs(shown - value) <= (top - bottom) / (rows - 1) / 2 + 1e-9 * (top - bottom), (index, lines)


def _at_cell(line: str, cell: int) -> str:
    """The character that starts at terminal cell `cell` of `line` ('' if none)."""
    at = 0
    for char in line:
        if at == cell:
            return char
        at += cell_len(char)
    return ""
