"""The presenter's pop-up screens: help, overview of all slides, and the search bar.

They are imported only when first opened, which keeps the presenter's start-up light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from deck.format.inline import plain
from deck.format.model import Deck, Section


class HelpScreen(ModalScreen[None]):
    """Every key of the presenter, listed from the bindings themselves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """A titled box with a two-column table (keys, what they do) that scrolls if need be."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, what in self.rows:
            table.add_row(Text(keys), Text(what))
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            yield Static(table, id="help-table")

    def action_close(self) -> None:
        """Back to the slides."""
        if self.is_current:  # a second key in the same read must not pop twice
            self.dismiss(None)


def _section_runs(deck: Deck) -> Iterator[tuple[Section | None, list[int]]]:
    """Consecutive slides of the same section, in deck order."""
    run: list[int] = []
    current: Section | None = None
    for index, slide in enumerate(deck.slides):
        if run and slide.section != current:
            yield current, run
            run = []
        current = slide.section
        run.append(index)
    if run:
        yield current, run


class OverviewScreen(ModalScreen[int | None]):
    """All slides grouped by section; arrow keys move, Enter jumps, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o,q", "close", "Close"),
    ]

    def __init__(self, deck: Deck, lang: str, current: int) -> None:
        super().__init__()
        self.deck = deck
        self.lang = lang
        self.current = current

    def _options(self) -> tuple[list[Option], int]:
        options: list[Option] = []
        highlighted = 0
        width = len(str(len(self.deck.slides)))
        for section, indexes in _section_runs(self.deck):
            if section is not None:
                title = Text(plain(section.name.get(self.lang), self.deck.inline),
                             style=f"bold {_colour(section.accent)}")
                options.append(Option(title, disabled=True))
            for index in indexes:
                if index == self.current:
                    highlighted = len(options)
                slide = self.deck.slides[index]
                prompt = Text.assemble((f" {index + 1:>{width}}  ", "dim"),
                                       plain(slide.title.get(self.lang), slide.inline))
                options.append(Option(prompt, id=str(index)))
        return options, highlighted

    def compose(self) -> ComposeResult:
        """The list in a titled box."""
        options, highlighted = self._options()
        with Vertical(id="overview-box") as box:
            box.border_title = f"{len(self.deck.slides)} slides"
            box.border_subtitle = "↑↓ move · Enter go · Esc close"
            option_list = OptionList(*options, id="overview-list", markup=False)
            option_list.highlighted = highlighted
            yield option_list

    def on_mount(self) -> None:
        """Focus the list, current slide in view."""
        option_list = self.query_one(OptionList)
        option_list.focus()
        option_list.scroll_to_highlight()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a slide: jump there."""
        # a second key in the same read must not pop twice
        if event.option.id is not None and self.is_current:
            self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        """Back to the slides, where we were."""
        if self.is_current:  # a second key in the same read must not pop twice
            self.dismiss(None)


def _colour(accent: str) -> str:
    from rich.color import Color, ColorParseError

    try:
        Color.parse(accent)
    except ColorParseError:
        return ""
    return accent


class SearchScreen(ModalScreen[None]):
    """A search bar over the footer: Enter jumps to the next slide with a match; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, find_next: Callable[[str], str], query: str = "") -> None:
        super().__init__()
        self.find_next = find_next
        self.initial = query

    def compose(self) -> ComposeResult:
        """An input and a status line, docked at the bottom so the slide stays visible."""
        with Vertical(id="search-bar"):
            yield Input(self.initial, placeholder="search all slides", id="search-input", compact=True)
            yield Static("Enter: next match · Esc: close", id="search-status")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Jump to the next match and say where it is."""
        self.query_one("#search-status", Static).update(Text(self.find_next(event.value) or " "))

    def action_close(self) -> None:
        """Close the bar; the slide stays where the search went."""
        if self.is_current:  # a second key in the same read must not pop twice
            self.dismiss(None)
