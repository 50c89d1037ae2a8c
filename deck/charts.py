"""Chart renderables: bar (with negatives), share (a 100% bar), timeline and big-number stat.

Each chart is a Rich renderable in the style of ``rich/bar.py``: ``__init__`` only stores its
arguments, ``__rich_console__`` lays the chart out for ``options.max_width`` and never draws a
line wider than that, ``__rich_measure__`` reports the narrowest sensible and the natural width.
Colours come from the caller's accent colour (the slide's section), so nothing here knows the
deck. Every chart has a pure 7-bit form (``#``, ``-``, ``|``, ``+``, ``...``) chosen by
``options.ascii_only`` or ``ascii_only=True``; the deck's own text is kept as it is.

All text is laid out by `deck.text` (cells, CJK breaks, literal text). Below the width a chart
needs (`min_width`), it degrades to a plain list that still fits instead of overflowing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from deck.model import Chart, Datum, Localized
from deck.sanitize import clean_text
from deck.text import WrappedText, safe_text, widest_token, wrap

__all__ = [
    "BarChart",
    "ShareChart",
    "StatChart",
    "TimelineChart",
    "chart_renderable",
    "format_number",
    "min_width",
]

MIN_BAR = 4  # cells of the longest bar below which a bar chart says nothing
LABEL_MIN = 4  # label column a bar chart may shrink to (truncated with an ellipsis)
SHARE_MIN = 10  # narrowest share bar
TIMELINE_TEXT_MIN = 6  # narrowest event text column of a timeline

# Left-aligned partial blocks, in eighths of a cell, for the end of a bar growing rightwards.
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
# Unicode has no left-growing eighths, only a right half: negative bars are drawn in halves.
_RIGHT_HALF = "▐"


class _Chart:
    """What all charts share: stored arguments, the title, strings, rendering lines."""

    def __init__(self, chart: Chart, *, lang: str, accent: str = "cyan", ascii_only: bool = False) -> None:
        self.chart = chart
        self.lang = lang
        self.accent = accent
        self.ascii_only = ascii_only

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
        """`value` in the chart's language, cleaned of control characters.

        The 7-bit form changes the drawing, not the words: a Chinese deck exported with ASCII
        glyphs keeps its Chinese labels (pick the English text for pure 7-bit output).
        """
        if value is None:
            return ""
        # One line: a newline in a label would push its bar out of line with the others.
        return clean_text(value.get(self.lang)).replace("\n", " ")

    def value_text(self, datum: Datum, *, signed: bool = False) -> str:
        """The datum's `display` text, else its value with its (or the chart's) unit."""
        if datum.display is not None:
            return self.text(datum.display)
        if datum.value is None:
            return ""
        number = format_number(datum.value)
        if signed and datum.value > 0:
            number = "+" + number
        return _with_unit(number, self.text(datum.unit or self.chart.unit))

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

    def plain_list(self, width: int, *, signed: bool = False) -> list[Text]:
        """The fallback below the minimum width: ``label value`` per datum, wrapped."""
        out: list[Text] = []
        for datum in self.chart.data:
            line = safe_text(self.text(datum.label))
            value = self.value_text(datum, signed=signed)
            if value:
                line.append(" " if line.plain else "")
                line.append_text(safe_text(value, f"bold {self.accent}"))
            out.extend(wrap(line, width))
        return out


# --------------------------------------------------------------------------------------- bar


class BarChart(_Chart):
    """Horizontal bars in data order on one shared scale, diverging from a zero axis.

    ``label │████▌ value`` per datum; negative values grow leftwards from the axis. Labels are
    truncated with an ellipsis when the width shrinks; values are never cut.
    """

    def _rows(self) -> tuple[list[str], list[float], list[str]]:
        data = self.chart.data
        values = [_finite(d.value) for d in data]
        signed = any(v < 0 for v in values)
        labels = [self.text(d.label) for d in data]
        return labels, values, [self.value_text(d, signed=signed) for d in data]

    def _bars(self, values: Sequence[float], longest: int, ascii_only: bool) -> list[str]:
        """Each value's bar when the largest magnitude takes `longest` cells."""
        top = max((abs(v) for v in values), default=0.0)
        return [_bar(v, top, longest, ascii_only) for v in values]

    def _rest_width(self, values: Sequence[float], texts: Sequence[str], longest: int, ascii_only: bool) -> int:
        """Cells right of the label column: negative bars, axis, positive bars and values."""
        bars = self._bars(values, longest, ascii_only)
        left = max((cell_len(b) for b, v in zip(bars, values, strict=True) if v < 0), default=0)
        right = max(
            (cell_len(b) * (v > 0) + 1 + cell_len(t) for b, v, t in zip(bars, values, texts, strict=True)),
            default=0,
        )
        return left + 1 + right

    def _layout(self, width: int, ascii_only: bool) -> tuple[int, int] | None:
        """(label column, longest bar) for `width`, or None when the chart does not fit."""
        labels, values, texts = self._rows()
        widest = max((cell_len(label) for label in labels), default=0)
        gap = 1 if widest else 0
        label_min = min(widest, LABEL_MIN)
        if label_min + gap + self._rest_width(values, texts, MIN_BAR, ascii_only) > width:
            return None
        # Labels get a third of the width (bars keeping their minimum), or more if the bars
        # still have a quarter of it: a cut label loses more than a shorter bar.
        third = min(width // 3, width - gap - self._rest_width(values, texts, MIN_BAR, ascii_only))
        rest_preferred = self._rest_width(values, texts, max(MIN_BAR, width // 4), ascii_only)
        label_w = min(widest, max(label_min, third, width - gap - rest_preferred))
        low, high = MIN_BAR, max(MIN_BAR, width)
        while low < high:  # the longest bar that fits: rest width grows with it
            mid = (low + high + 1) // 2
            if label_w + gap + self._rest_width(values, texts, mid, ascii_only) <= width:
                low = mid
            else:
                high = mid - 1
        return label_w, low

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        layout = self._layout(width, ascii_only)
        if layout is None:
            return self.plain_list(width, signed=any(v < 0 for v in self._rows()[1]))
        label_w, longest = layout
        labels, values, texts = self._rows()
        bars = self._bars(values, longest, ascii_only)
        left = max((cell_len(b) for b, v in zip(bars, values, strict=True) if v < 0), default=0)
        axis = "|" if ascii_only else "│"
        out: list[Text] = []
        for label, value, text, bar in zip(labels, values, texts, bars, strict=True):
            line = Text(end="")
            if label_w:
                line.append_text(safe_text(_fit(label, label_w, self.ellipsis(ascii_only)) + " "))
            line.append(" " * (left - cell_len(bar) * (value < 0)))
            if value < 0:
                line.append(bar, self.accent)
            line.append(axis, "dim")
            if value > 0:
                line.append(bar, self.accent)
            line.append(" ")
            line.append_text(safe_text(text, "bold"))
            out.append(line)
        return out

    def minimum(self, ascii_only: bool) -> int:
        labels, values, texts = self._rows()
        widest = max((cell_len(label) for label in labels), default=0)
        return min(widest, LABEL_MIN) + (1 if widest else 0) + self._rest_width(values, texts, MIN_BAR, ascii_only)

    def natural(self, ascii_only: bool) -> int:
        return 1 << 16  # bars stretch to whatever width they get


def _bar(value: float, top: float, longest: int, ascii_only: bool) -> str:
    """The bar for `value` when magnitude `top` is `longest` cells; nonzero is never empty."""
    if top <= 0 or value == 0:
        return ""
    fraction = abs(value) / top
    if ascii_only:
        return "#" * max(1, round(fraction * longest))
    if value < 0:
        halves = max(1, round(fraction * longest * 2))
        return _RIGHT_HALF * (halves % 2) + "█" * (halves // 2)
    eighths = max(1, round(fraction * longest * 8))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8]


# ------------------------------------------------------------------------------------- share


class ShareChart(_Chart):
    """Parts of a whole as one 100% bar, with a legend; the remainder is named by `chart.rest`.

    The remainder's figure is shown only when no part has a `display` text: a display such as
    ``never above 2%`` marks an approximate figure, and ``98%`` for the rest would claim more.
    """

    GLYPHS: ClassVar[tuple[str, ...]] = ("█", "▓", "▒", "▚")
    ASCII_GLYPHS: ClassVar[tuple[str, ...]] = ("#", "=", "+", "*")

    def _parts(self) -> tuple[list[float], float, float]:
        """(part values, whole, remainder); a whole smaller than the parts grows to their sum."""
        values = [max(0.0, _finite(d.value)) for d in self.chart.data]
        whole = max(_finite(self.chart.total), sum(values))
        return values, whole, whole - sum(values)

    def _glyph(self, index: int, ascii_only: bool) -> str:
        glyphs = self.ASCII_GLYPHS if ascii_only else self.GLYPHS
        return glyphs[index % len(glyphs)]

    def _rest_glyph(self, ascii_only: bool) -> str:
        return "-" if ascii_only else "░"

    def _style(self, index: int) -> str:
        return f"bold {self.accent}" if index == 0 else self.accent

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        if width < self.minimum(ascii_only):
            return self.plain_list(width)
        values, whole, rest = self._parts()
        cells = _apportion([*values, rest], whole, width)
        bar = Text(end="")
        for index, count in enumerate(cells[:-1]):
            bar.append(self._glyph(index, ascii_only) * count, self._style(index))
        bar.append(self._rest_glyph(ascii_only) * cells[-1], "dim")
        return [bar, *self._legend(width, ascii_only, rest)]

    def _legend(self, width: int, ascii_only: bool, rest: float) -> list[Text]:
        """One line of entries if they fit, else an entry per line with a hanging indent."""
        entries: list[tuple[Text, Text]] = []
        for index, datum in enumerate(self.chart.data):
            entry = safe_text(self.text(datum.label))
            entry.append(" ")
            entry.append_text(safe_text(self.value_text(datum), "bold"))
            entries.append((Text(self._glyph(index, ascii_only) + " ", self._style(index)), entry))
        rest_label = self.text(self.chart.rest)
        if rest_label and rest > 0:
            entry = safe_text(rest_label)
            if all(d.display is None for d in self.chart.data):
                entry.append(" ")
                entry.append_text(safe_text(self._rest_value(rest), "bold"))
            entries.append((Text(self._rest_glyph(ascii_only) + " ", "dim"), entry))
        one_line = Text("   ", end="").join(Text.assemble(mark, entry) for mark, entry in entries)
        if one_line.cell_len <= width:
            return [one_line]
        return [line for mark, entry in entries for line in WrappedText(entry, prefix=mark).lines(width)]

    def _rest_value(self, rest: float) -> str:
        unit = self.text(self.chart.unit)
        if unit:
            return _with_unit(format_number(rest), unit)
        _, whole, _ = self._parts()
        return format_number(round(rest / whole * 100, 1)) + "%"

    def minimum(self, ascii_only: bool) -> int:
        return max(SHARE_MIN, len(self.chart.data) + 1)

    def natural(self, ascii_only: bool) -> int:
        return 1 << 16


def _apportion(values: Sequence[float], whole: float, width: int) -> list[int]:
    """Split `width` cells in proportion (largest remainder); a nonzero share gets a cell."""
    if whole <= 0:
        return [0] * (len(values) - 1) + [width]
    exact = [v / whole * width for v in values]
    cells = [max(1, math.floor(e)) if v > 0 else 0 for e, v in zip(exact, values, strict=True)]
    while sum(cells) > width:  # the minimum cells overshot: take from the largest
        cells[cells.index(max(cells))] -= 1
    by_remainder = sorted(range(len(values)), key=lambda i: cells[i] - exact[i])
    for index in by_remainder[: width - sum(cells)]:
        cells[index] += 1
    return cells


# ---------------------------------------------------------------------------------- timeline


class TimelineChart(_Chart):
    """Dated events in data order: ``date ● label value``, the label wrapped beside its date.

    Events are drawn in the order the deck gives them: dates are free text (``2022年11月``,
    ``Early Dec``), so the deck's order is the only reliable one.
    """

    def _date_width(self, width: int) -> int:
        dates = [self.text(d.date) for d in self.chart.data]
        widest = max((cell_len(d) for d in dates), default=0)
        token = max((widest_token(d) for d in dates), default=0)
        return min(widest, max(token, width // 3))

    def _event(self, datum: Datum) -> Text:
        event = safe_text(self.text(datum.label))
        value = self.value_text(datum)
        if value:
            event.append(" " if event.plain else "")
            event.append_text(safe_text(value, f"bold {self.accent}"))
        return event

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        if width < self.minimum(ascii_only):
            return self.plain_list_dated(width)
        date_w = self._date_width(width)
        marker, rail = ("+", "|") if ascii_only else ("●", "│")
        out: list[Text] = []
        data = self.chart.data
        for number, datum in enumerate(data):
            dates = wrap(safe_text(self.text(datum.date), f"bold {self.accent}"), date_w)
            events = wrap(self._event(datum), width - date_w - 3)
            last = number == len(data) - 1
            for row in range(max(len(dates), len(events))):
                line = Text(end="")
                date = dates[row] if row < len(dates) else Text("")
                line.append_text(date)
                line.append(" " * (date_w - date.cell_len + 1))
                line.append(marker if row == 0 else (" " if last else rail), self.accent)
                line.append(" ")
                if row < len(events):
                    line.append_text(events[row])
                out.append(line)
        return out

    def plain_list_dated(self, width: int) -> list[Text]:
        """The fallback: ``date label`` per event, wrapped."""
        out: list[Text] = []
        for datum in self.chart.data:
            line = safe_text(self.text(datum.date), f"bold {self.accent}")
            line.append(" ")
            line.append_text(self._event(datum))
            out.extend(wrap(line, width))
        return out

    def minimum(self, ascii_only: bool) -> int:
        token = max((widest_token(self.text(d.date)) for d in self.chart.data), default=0)
        return token + 3 + TIMELINE_TEXT_MIN

    def natural(self, ascii_only: bool) -> int:
        dates = max((cell_len(self.text(d.date)) for d in self.chart.data), default=0)
        events = max((self._event(d).cell_len for d in self.chart.data), default=0)
        return dates + 3 + events


# -------------------------------------------------------------------------------------- stat

# Three rows per glyph, after Textual's Digits tables (not imported: charts stay Textual-free).
_FONT: dict[str, tuple[str, str, str]] = {
    "0": ("╭─╮", "│ │", "╰─╯"),
    "1": ("╶╮ ", " │ ", "╶┴╴"),
    "2": ("╶─╮", "┌─┘", "╰─╴"),
    "3": ("╶─╮", " ─┤", "╶─╯"),
    "4": ("╷ ╷", "╰─┤", "  ╵"),
    "5": ("╭─╴", "╰─╮", "╶─╯"),
    "6": ("╭─╴", "├─╮", "╰─╯"),
    "7": ("╶─┐", "  │", "  ╵"),
    "8": ("╭─╮", "├─┤", "╰─╯"),
    "9": ("╭─╮", "╰─┤", "╶─╯"),
    "+": ("   ", "╶┼╴", "   "),
    "-": ("   ", "╶─╴", "   "),
    ".": (" ", " ", "•"),
    ",": (" ", " ", ","),
    "%": ("○ ╱", " ╱ ", "╱ ○"),
    "$": ("╭╫╮", "╰╫╮", "╰╫╯"),
    "(": ("╭╴", "│ ", "╰╴"),
    ")": ("╶╮", " │", "╶╯"),
}
# Seven-segment digits in 7-bit ASCII.
_ASCII_FONT: dict[str, tuple[str, str, str]] = {
    "0": (" _ ", "| |", "|_|"),
    "1": ("   ", "  |", "  |"),
    "2": (" _ ", " _|", "|_ "),
    "3": (" _ ", " _|", " _|"),
    "4": ("   ", "|_|", "  |"),
    "5": (" _ ", "|_ ", " _|"),
    "6": (" _ ", "|_ ", "|_|"),
    "7": (" _ ", "  |", "  |"),
    "8": (" _ ", "|_|", "|_|"),
    "9": (" _ ", "|_|", " _|"),
    "+": ("   ", "_|_", " | "),
    "-": ("   ", " _ ", "   "),
    ".": (" ", " ", "."),
    ",": (" ", " ", ","),
    "%": ("O /", " / ", "/ O"),
    "$": ("_|_", "(_ ", "_|)"),
    "(": (" /", "| ", " \\"),
    ")": ("\\ ", " |", "/ "),
}


class StatChart(_Chart):
    """A big number (three rows of box-drawing glyphs) over its caption, the datum's label.

    Characters without a glyph (``亿``, ``about``) are written normally on the bottom row. A
    number wider than the space falls back to plain bold text. The format allows one figure per
    stat chart; should a chart carry more, they are stacked.
    """

    def _big(self, number: str, ascii_only: bool) -> list[Text]:
        """Three rows of glyphs; a space between two glyphs (or a glyph and a word) for legibility."""
        font = _ASCII_FONT if ascii_only else _FONT
        rows = [Text(end=""), Text(end=""), Text(end="")]
        previous = " "
        for char in number:
            glyph = font.get(char)
            if _needs_gap(previous, char, font):
                for row in rows:
                    row.append(" ")
            if glyph is None:
                blank = " " * cell_len(char)
                rows[0].append(blank)
                rows[1].append(blank)
                rows[2].append(char, "bold")
            else:
                for row, part in zip(rows, glyph, strict=True):
                    row.append(part, f"bold {self.accent}")
            previous = char
        return rows

    def _block(self, datum: Datum, width: int, ascii_only: bool) -> list[Text]:
        """One stat: the number (big if it fits) and the caption wrapped under it."""
        number = self.value_text(datum)
        big = self._big(number, ascii_only)
        if max(row.cell_len for row in big) > width:
            big = wrap(safe_text(number, f"bold {self.accent}"), width)
        caption = safe_text(self.text(datum.label))
        if not caption.plain.strip():
            return big
        return [*big, *wrap(caption, width)]

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        out: list[Text] = []
        for number, datum in enumerate(self.chart.data):
            out.extend(([Text("")] if number else []) + self._block(datum, width, ascii_only))
        return out

    def minimum(self, ascii_only: bool) -> int:
        return max((widest_token(self.value_text(d)) for d in self.chart.data), default=1)

    def natural(self, ascii_only: bool) -> int:
        return max((line.cell_len for d in self.chart.data for line in self._block(d, 1 << 16, ascii_only)), default=0)


# ----------------------------------------------------------------------------------- helpers


def _needs_gap(previous: str, char: str, font: dict[str, tuple[str, str, str]]) -> bool:
    """A space between two big glyphs, or a big glyph and a word; not around points or spaces."""
    if previous.isspace() or char.isspace() or previous in ".," or char in ".,":
        return False
    return previous in font or char in font


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


def _with_unit(number: str, unit: str) -> str:
    """``71%``, ``5300亿美元`` (no space before a symbol or CJK), ``40 GW`` otherwise."""
    if not unit:
        return number
    if unit[0] in "%‰°" or cell_len(unit[0]) == 2:
        return number + unit
    return f"{number} {unit}"


def _finite(value: float | None) -> float:
    """`value` as a finite float (a missing or infinite value draws as zero)."""
    if value is None or not math.isfinite(value):
        return 0.0
    return float(value)


def _fit(label: str, width: int, ellipsis: str) -> str:
    """`label` padded to `width` cells, or cut with `ellipsis` to fit them."""
    if cell_len(label) <= width:
        return label + " " * (width - cell_len(label))
    if width <= cell_len(ellipsis):
        return set_cell_size(ellipsis, width)
    return set_cell_size(set_cell_size(label, width - cell_len(ellipsis)).rstrip() + ellipsis, width)


_KINDS: dict[str, type[_Chart]] = {
    "bar": BarChart,
    "share": ShareChart,
    "timeline": TimelineChart,
    "stat": StatChart,
}


def chart_renderable(chart: Chart, *, lang: str, accent: str = "cyan", ascii_only: bool = False) -> ConsoleRenderable:
    """The renderable for `chart` in language `lang`, coloured with `accent`."""
    return _KINDS[chart.kind](chart, lang=lang, accent=accent, ascii_only=ascii_only)


def min_width(chart: Chart, lang: str) -> int:
    """Cells below which `chart` cannot be drawn as a chart (it then shows a plain list)."""
    renderable = _KINDS[chart.kind](chart, lang=lang)
    return max(renderable.minimum(False), renderable.minimum(True))
