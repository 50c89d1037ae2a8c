"""The reference for the terminal benchmarks: the smallest Textual app that shows one line.

    python bench/minimal_app.py

Shows ``MINIMAL-00001``; the right arrow shows the next number (``MINIMAL-00002`` ...), q quits.
Started the same way as deck (a Python script on the same pty), it measures what Textual itself
costs: interpreter, imports, driver, first frame, and one widget update per key.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static


class Minimal(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("right", "next", "Next"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 1

    def compose(self) -> ComposeResult:
        yield Static(self.label(), id="line")

    def label(self) -> str:
        return f"MINIMAL-{self.count:05d}"

    def action_next(self) -> None:
        self.count += 1
        self.query_one("#line", Static).update(self.label())


if __name__ == "__main__":
    Minimal().run()
