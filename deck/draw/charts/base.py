"""What every chart shares: the `ChartBase` renderable (stored arguments, title, value texts,
lines within the width, the plain-list fallback) and the number and label helpers.

Each chart is a Rich renderable in the style of ``rich/bar.py``: ``__init__`` only stores its
arguments, ``__rich_console__`` lays the chart out for ``options.max_width`` and never draws a
line wider than that, ``__rich_measure__`` reports the narrowest sensible and the natural width.
Colours come from the caller's accent colour (the slide's section), so nothing here knows the
deck. Every chart has a pure 7-bit form (``#``, ``-``, ``|``, ``+``, ``...``) chosen by
``options.ascii_only`` or ``ascii_only=True``; the deck's own text is kept as it is.

All text is laid out by `deck.draw.text` (cells, CJK breaks, literal text). A chart's deck texts
(title, labels, dates, units, series names, displays) show their words without inline markers
(`deck.format.inline.plain`: `**Meta**` reads `Meta`, a link its label), unstyled: labels are
padded and cut to columns, and one plain style per part keeps every chart kind simple; with the
deck's `inline: plain` they are shown as written. Below the width a chart
needs (`minimum`), it degrades to a plain list that still fits instead of overflowing.
"""

from __future__ import annotations

import math

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from deck.draw.text import WrappedText, safe_text, wrap
from deck.format.inline import plain
from deck.format.model import Chart, Datum, Localized
from deck.format.sanitize import clean_text


class ChartBase:
    """What all charts share: stored arguments, the title, strings, rendering lines."""

    def __init__(self, chart: Chart, *, lang: str, accent: str = "cyan", ascii_only: bool = False,
                 first_mark: int | None = None, inline: bool = True) -> None:
        self.chart = chart
        self.inline = inline
        self.lang = lang
        self.accent = accent
        self.ascii_only = ascii_only
        self.first_mark = first_mark

    # -- to be provided by each chart ----------------------------------------------------------

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        """The chart's lines (title excluded) in at most `width` cells."""
        raise NotImplementedError

    def minimum(self, ascii_only: bool) -> int:
        """The width below which the chart degrades to a plain list."""
        raise NotImplementedError

    def natural(self, ascii_only: bool) -> int:
        """The width the chart would like (bars stretch: a large number)."""
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------------------

    def text(self, value: Localized | None) -> str:
        """`value` in the chart's language, without inline markers, cleaned of control characters.

        The 7-bit form changes the drawing, not the words: a Chinese deck exported with ASCII
        glyphs keeps its Chinese labels (pick the English text for pure 7-bit output).
        """
        if value is None:
            return ""
        # One line: a newline in a label would push its bar out of line with the others.
        return clean_text(plain(value.get(self.lang), self.inline)).replace("\n", " ")

    def value_text(self, datum: Datum, *, signed: bool = False) -> str:
        """The datum's `display` text (which replaces value and unit), else its formatted value."""
        if datum.display is not None:
            return self.text(datum.display)
        if datum.value is None:
            return ""
        return self.number_text(datum.value, datum.unit, signed=signed)

    def number_text(self, value: float, unit: Localized | None = None, *, signed: bool = False) -> str:
        """`value` as the chart shows it in its language: scaled, then in the chart's `format`
        (``${}B``) or followed by `unit` (else the chart's unit)."""
        scaled = value * self.chart.scale_for(self.lang)
        scaled = float(f"{scaled:.12g}")  # 150 * 0.1 is 15.000000000000002
        sign = "-" if scaled < 0 else ("+" if signed and scaled > 0 else "")
        number = format_number(abs(scaled))
        pattern = self.text(self.chart.format) if unit is None else ""
        if "{}" in pattern:
            return sign + pattern.replace("{}", number, 1)
        return with_unit(sign + number, self.text(unit or self.chart.unit))

    def marks(self, ascii_only: bool) -> dict[int, str]:
        """Source marks by datum index (``¹``, or ``[1]`` in 7-bit form), numbered from
        `first_mark` over the data that quote a source; empty unless marks were asked for."""
        if self.first_mark is None:
            return {}
        out: dict[int, str] = {}
        for index, datum in enumerate(self.chart.data):
            if datum.source is not None:
                out[index] = mark_text(self.first_mark + len(out), ascii_only)
        return out

    def mark_range(self, marks: dict[int, str]) -> str:
        """A chart's source marks as one range, for kinds with too many points to mark each:
        ``¹⁻⁵`` or ``[1]-[5]``."""
        if not marks:
            return ""
        first, last = marks[min(marks)], marks[max(marks)]
        return first if first == last else first + ("-" if first.startswith("[") else "⁻") + last

    def source_entries(self, ascii_only: bool) -> list[tuple[str, str, str]]:
        """(mark, what the figure is, verbatim quote) for each datum that quotes a source."""
        marks = self.marks(ascii_only)
        out = []
        for index, datum in enumerate(self.chart.data):
            if index in marks and datum.source is not None:
                what = " ".join(part for part in (self.text(datum.date), self.text(datum.label),
                                                  self.series_text(datum, ascii_only)) if part)
                out.append((marks[index], what, clean_text(datum.source).replace("\n", " ")))
        return out

    def series_values(self, datum: Datum) -> tuple[float, ...]:
        """The datum's numbers, one per series (its single `value` when there are no series)."""
        if self.chart.series:
            return tuple(finite(v) for v in datum.values)
        return (finite(datum.value),)

    def series_names(self) -> list[str]:
        """The series' names in the chart's language (one empty name when there are no series)."""
        return [self.text(name) for name in self.chart.series] or [""]

    def ellipsis(self, ascii_only: bool) -> str:
        """The mark of a cut label."""
        return "..." if ascii_only else "…"

    def lines(self, width: int, ascii_only: bool) -> list[Text]:
        """Title (if any) and body, each line at most `width` cells, no trailing spaces."""
        out: list[Text] = []
        title = self.text(self.chart.title).strip()
        if title:
            out.extend(wrap(safe_text(title, "bold"), width))
        out.extend(self.body(width, ascii_only))
        for line in out:
            line.rstrip()
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ascii_only = self.ascii_only or options.ascii_only
        for line in self.lines(options.max_width, ascii_only):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        ascii_only = self.ascii_only or options.ascii_only
        minimum = min(self.minimum(ascii_only), options.max_width)
        maximum = min(max(self.natural(ascii_only), minimum), options.max_width)
        return Measurement(minimum, maximum)

    def plain_list(self, width: int, ascii_only: bool, *, signed: bool = False) -> list[Text]:
        """The fallback below the minimum width: ``label value`` per datum, wrapped; with series,
        ``label name value · name value``."""
        out: list[Text] = []
        marks = self.marks(ascii_only)
        for index, datum in enumerate(self.chart.data):
            line = safe_text(self.text(datum.label))
            value = self.series_text(datum, ascii_only, signed=signed) + marks.get(index, "")
            if value:
                line.append(" " if line.plain else "")
                line.append_text(safe_text(value, f"bold {self.accent}"))
            out.extend(wrap(line, width))
        return out


    def series_text(self, datum: Datum, ascii_only: bool, *, signed: bool = False) -> str:
        """The datum's figure, or each series' name and figure when the chart has series."""
        if not self.chart.series or datum.display is not None:
            return self.value_text(datum, signed=signed)
        dot = ", " if ascii_only else " · "
        return dot.join(f"{name} {self.number_text(value, datum.unit, signed=signed)}".strip()
                        for name, value in zip(self.series_names(), datum.values, strict=False))


def legend_lines(entries: list[tuple[Text, Text]], width: int) -> list[Text]:
    """A legend of (mark, name) entries: one line if it fits, else an entry per line with a
    hanging indent."""
    one_line = Text("   ", end="").join(Text.assemble(mark, entry) for mark, entry in entries)
    if one_line.cell_len <= width:
        return [one_line]
    # Each mark as a span (`Text.assemble`): as a prefix's base style it would colour the name's
    # first line and not the others.
    return [line for mark, entry in entries for line in WrappedText(entry, prefix=Text.assemble(mark)).lines(width)]


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def mark_text(number: int, ascii_only: bool) -> str:
    """The mark of source `number` on a chart: ``³``, or ``[3]`` in 7-bit form."""
    return f"[{number}]" if ascii_only else str(number).translate(_SUPERSCRIPTS)


def format_number(value: float) -> str:
    """A figure as the deck reads it: ``5300``, ``12.52``, ``1,000,000`` (grouped from 10,000),
    ``1e-6``; at most four significant digits after the point."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        whole = int(value)
        return f"{whole:,}" if abs(whole) >= 10_000 else str(whole)
    text = f"{value:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def with_unit(number: str, unit: str) -> str:
    """``71%``, ``5300亿美元`` (no space before a symbol or CJK), ``40 GW`` otherwise."""
    if not unit:
        return number
    if unit[0] in "%‰°" or cell_len(unit[0]) == 2:
        return number + unit
    return f"{number} {unit}"


def finite(value: float | None) -> float:
    """`value` as a finite float (a missing or infinite value draws as zero)."""
    if value is None or not math.isfinite(value):
        return 0.0
    return float(value)


def fit_label(label: str, width: int, ellipsis: str) -> str:
    """`label` padded to `width` cells, or cut with `ellipsis` to fit them."""
    if cell_len(label) <= width:
        return label + " " * (width - cell_len(label))
    if width <= cell_len(ellipsis):
        return set_cell_size(ellipsis, width)
    return set_cell_size(set_cell_size(label, width - cell_len(ellipsis)).rstrip() + ellipsis, width)
