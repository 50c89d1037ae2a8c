"""Timeline chart: dated events down a vertical rule, each event's text wrapped beside its date."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from deck.draw.charts.base import ChartBase
from deck.draw.text import safe_text, widest_token, wrap
from deck.format.model import Datum

TIMELINE_TEXT_MIN = 6  # narrowest event text column of a timeline


class TimelineChart(ChartBase):
    """Dated events in data order: ``date ● label value``, the label wrapped beside its date.

    Events are drawn in the order the deck gives them: dates are free text (``2022年11月``,
    ``Early Dec``), so the deck's order is the only reliable one.
    """

    def _date_width(self, width: int) -> int:
        dates = [self.text(d.date) for d in self.chart.data]
        widest = max((cell_len(d) for d in dates), default=0)
        token = max((widest_token(d) for d in dates), default=0)
        return min(widest, max(token, width // 3))

    def _event(self, datum: Datum, mark: str = "") -> Text:
        value = self.value_text(datum)
        event = safe_text(self.text(datum.label) + ("" if value else mark))
        value += mark if value else ""
        if value:
            event.append(" " if event.plain else "")
            event.append_text(safe_text(value, f"bold {self.accent}"))
        return event

    def body(self, width: int, ascii_only: bool) -> list[Text]:
        if width < self.minimum(ascii_only):
            return self.plain_list_dated(width, ascii_only)
        marks = self.marks(ascii_only)
        date_w = self._date_width(width)
        marker, rail = ("+", "|") if ascii_only else ("●", "│")
        out: list[Text] = []
        data = self.chart.data
        for number, datum in enumerate(data):
            dates = wrap(safe_text(self.text(datum.date), f"bold {self.accent}"), date_w)
            events = wrap(self._event(datum, marks.get(number, "")), width - date_w - 3)
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

    def plain_list_dated(self, width: int, ascii_only: bool) -> list[Text]:
        """The fallback: ``date label`` per event, wrapped."""
        out: list[Text] = []
        marks = self.marks(ascii_only)
        for number, datum in enumerate(self.chart.data):
            line = safe_text(self.text(datum.date), f"bold {self.accent}")
            line.append(" ")
            line.append_text(self._event(datum, marks.get(number, "")))
            out.extend(wrap(line, width))
        return out

    def minimum(self, ascii_only: bool) -> int:
        token = max((widest_token(self.text(d.date)) for d in self.chart.data), default=0)
        return token + 3 + TIMELINE_TEXT_MIN

    def natural(self, ascii_only: bool) -> int:
        dates = max((cell_len(self.text(d.date)) for d in self.chart.data), default=0)
        events = max((self._event(d).cell_len for d in self.chart.data), default=0)
        return dates + 3 + events
