"""Next and previous keys typed while the rest of a deck is read (`deck.present.early_paint.EarlyKeys`).

The early paint answers them by painting the slide, and Textual starts there; any other key, or a
move it cannot paint (a reveal step, the end of the deck), goes to Textual with everything typed
after it, in order.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from deck.format import model
from deck.format.loader import load_deck_text
from deck.present import early_paint
from tests.test_tmux import first_line

RIGHT, LEFT = b"\x1b[C", b"\x1b[D"


def deck(slides: int, reveal: int | None = None) -> model.Deck:
    """A deck of `slides` text slides, S0001...; slide `reveal` (1-based) shows its bullets one by one."""
    lines = ["title: Keys deck", "slides:"]
    for number in range(1, slides + 1):
        lines += [f"  - title: Slide S{number:04d}", "    bullets: [one, two]"]
        if number == reveal:
            lines.append("    reveal: true")
    return load_deck_text("\n".join(lines) + "\n", "keys.yaml")


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """A painted frame of slide 1 at 100x30, its writes kept; no keys answered before."""
    out = io.StringIO()
    console = Console(file=out, width=100, height=30, force_terminal=True, color_system="truecolor",
                      legacy_windows=False, emoji=False, highlight=False, markup=False)
    lines = early_paint.frame(deck(5), "en", 0, (100, 30), None, console)
    assert lines is not None
    monkeypatch.setattr(early_paint, "_painted", (console, (100, 30), lines))
    monkeypatch.setattr(early_paint, "_typed", [])
    monkeypatch.setattr(early_paint, "POLL_SECONDS", 0.0)
    return out


def typing(monkeypatch: pytest.MonkeyPatch, *reads: bytes) -> None:
    """What the terminal has to read at each of the next polls."""
    pending = list(reads)
    monkeypatch.setattr(early_paint, "_read_typed", lambda wait=0.0: pending.pop(0) if pending else b"")


def test_moves_reads_next_and_previous_up_to_the_first_other_key() -> None:
    assert early_paint.moves(RIGHT + b" n" + LEFT + b"p") == ([(1, RIGHT), (1, b" "), (1, b"n"), (-1, LEFT),
                                                              (-1, b"p")], b"")
    assert early_paint.moves(RIGHT + b"o" + RIGHT) == ([(1, RIGHT)], b"o" + RIGHT)
    assert early_paint.moves(b"\x1b") == ([], b"\x1b")  # Escape alone: not a move


def test_the_keys_answered_are_the_slide_screens_next_and_previous() -> None:
    from textual._xterm_parser import XTermParser
    from textual.events import Key

    from deck.present.screens import SlideScreen

    bound = {binding.action: binding.key.split(",") for binding in SlideScreen.BINDINGS  # type: ignore[union-attr]
             if not isinstance(binding, tuple)}
    for keys, action in ((early_paint.NEXT_KEYS, "next"), (early_paint.PREVIOUS_KEYS, "previous")):
        for sequence in keys:
            parser = XTermParser()
            (event,) = [*parser.feed(sequence), *parser.tick()]
            assert isinstance(event, Key) and event.key in bound[action], (sequence, event)


def test_next_and_previous_paint_the_slide_and_move_where_textual_starts(
        monkeypatch: pytest.MonkeyPatch, screen: io.StringIO) -> None:
    keys = early_paint.EarlyKeys("en", 0, None)
    typing(monkeypatch, RIGHT + RIGHT, LEFT)
    keys.poll(5, lambda: deck(5))
    assert keys.index == 2 and "S0003" in screen.getvalue()
    keys.poll(5, lambda: deck(5))
    assert keys.index == 1 and "S0002" in screen.getvalue().split("S0003")[-1]
    assert keys.finish() == 1  # Textual starts on slide 2
    assert early_paint.typed_for_textual() == b""


def test_a_move_to_a_slide_not_built_yet_waits_for_it(monkeypatch: pytest.MonkeyPatch, screen: io.StringIO) -> None:
    keys = early_paint.EarlyKeys("en", 0, None)
    typing(monkeypatch, RIGHT + RIGHT)
    keys.poll(2, lambda: deck(5))  # slides 1 and 2 built: the second move waits
    assert keys.index == 1 and keys.queued == [(1, RIGHT)]
    keys.poll(3, lambda: deck(5))
    assert keys.index == 2 and keys.queued == []


def test_any_other_key_stops_the_answers_and_goes_to_textual_in_order(
        monkeypatch: pytest.MonkeyPatch, screen: io.StringIO) -> None:
    keys = early_paint.EarlyKeys("en", 0, None)
    typing(monkeypatch, RIGHT + b"o" + RIGHT, RIGHT)
    keys.poll(5, lambda: deck(5))
    keys.poll(5, lambda: deck(5))  # stopped: not read any more, left in the terminal for Textual
    assert keys.index == 1
    assert keys.finish() == 1
    assert early_paint.typed_for_textual() == b"o" + RIGHT


@pytest.mark.parametrize(("reveal", "start", "typed", "moved_to"), [
    (1, 0, RIGHT + LEFT, 0),  # Right on a slide that reveals step by step shows its next bullet
    (2, 0, RIGHT + RIGHT + LEFT, 1),  # onto that slide (at its first step) yes, on from it no
    (2, 2, LEFT + RIGHT, 2),  # Left back onto it shows it whole: a reveal step Textual starts at
    (None, 0, LEFT + RIGHT, 0),  # nothing before slide 1
    (None, 4, RIGHT + LEFT, 4),  # nor after the last
])
def test_a_reveal_step_or_the_deck_s_edge_is_textual_s_to_answer(
        monkeypatch: pytest.MonkeyPatch, screen: io.StringIO, reveal: int | None, start: int, typed: bytes,
        moved_to: int) -> None:
    keys = early_paint.EarlyKeys("en", start, None)
    typing(monkeypatch, typed)
    keys.poll(5, lambda: deck(5, reveal=reveal))
    answered = b"".join(key for _, key in early_paint.moves(typed)[0][:abs(moved_to - start)])
    assert keys.index == moved_to and keys.stopped
    assert early_paint.typed_for_textual() == typed[len(answered):]


def test_moves_still_waiting_at_the_end_of_the_load_go_to_textual(
        monkeypatch: pytest.MonkeyPatch, screen: io.StringIO) -> None:
    keys = early_paint.EarlyKeys("en", 0, None)
    typing(monkeypatch, RIGHT + RIGHT)
    keys.poll(2, lambda: deck(5))
    assert keys.finish() == 1
    assert early_paint.typed_for_textual() == RIGHT


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_in_a_terminal_keys_typed_during_the_load_move_the_talk_and_textual_goes_on(tmp_path: Path) -> None:
    """A long deck: Right twice while the rest is read shows slide 3, `o` then opens the overview
    once Textual runs, and Textual goes on from slide 3."""
    from tests.test_preview import deck_text, present_in_tmux, write

    tmux = present_in_tmux(write(tmp_path, deck_text(3000)), tmp_path / "k.sock")
    try:
        tmux.wait_for(lambda s: "S0001" in s, "slide 1")
        tmux.keys("Right", "Right", "o")
        tmux.wait_for(lambda s: "S0003" in s and "3/3000" in first_line(s), "slide 3")
        tmux.wait_for(lambda s: "3000 slides" in s, "the overview")
        tmux.keys("Escape")
        tmux.wait_for(lambda s: "3000 slides" not in s, "the overview closed")
        tmux.keys("Right")
        tmux.wait_for(lambda s: "S0004" in s and "4/3000" in first_line(s), "slide 4")
        tmux.keys("q")
        tmux.wait_for(lambda s: "EXIT=0" in s, "the exit")
    finally:
        subprocess.run(["tmux", "-S", str(tmux.socket), "kill-server"], capture_output=True, timeout=10)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_hand_over_after_keys_answered_early_changes_not_a_cell(tmp_path: Path) -> None:
    """From slide 3, painted early, to Textual's settled frame of slide 3, every screen read is the same."""
    import re
    import time

    from tests.test_early_paint import cells
    from tests.test_preview import deck_text, present_in_tmux, write

    tmux = present_in_tmux(write(tmp_path, deck_text(3000)), tmp_path / "h.sock", after="")
    try:
        tmux.wait_for(lambda s: "S0001" in s, "slide 1")
        tmux.keys("Right", "Right")
        tmux.wait_for(lambda s: "S0003" in s, "slide 3")
        reads = []
        until = time.monotonic() + 3.0  # until well after Textual's start
        while time.monotonic() < until:
            capture = tmux.run("capture-pane", "-p", "-e", "-N", "-t", tmux.name)
            reads.append(re.sub(r"(elapsed (?:\x1b\[[0-9;]*m)*)\d\d:\d\d", r"\1--:--", capture))
        tmux.keys("?")  # Textual has the terminal by now: it answers
        tmux.wait_for(lambda s: "Esc closes" in s, "the help")
        assert len({str(cells(read)) for read in reads}) == 1, "the screen changed during the hand-over"
    finally:
        subprocess.run(["tmux", "-S", str(tmux.socket), "kill-server"], capture_output=True, timeout=10)


def test_only_a_slide_drawn_with_what_is_imported_is_painted_from_the_thread() -> None:
    text = load_deck_text("title: T\nslides:\n  - title: Plain\n    bullets: [one, two]\n"
                          "  - title: A *marked* title\n    text: prose\n"
                          "  - title: Chart\n    chart: {kind: bar, data: [{label: a, value: 1}]}\n", "t.yaml")
    assert early_paint._drawn_without_imports(text, 0)
    assert early_paint._drawn_without_imports(text, 1) == ("markdown_it" in sys.modules)
    # the chart modules load on first use; once they are in, the thread may draw the chart
    assert early_paint._drawn_without_imports(text, 2) == ("deck.draw.charts" in sys.modules)


def test_after_the_load_a_thread_answers_until_textual_takes_the_terminal(
        monkeypatch: pytest.MonkeyPatch, screen: io.StringIO) -> None:
    import time

    read, write = os.pipe()
    monkeypatch.setattr(sys, "__stdin__", os.fdopen(read, "rb", buffering=0))
    keys = early_paint.EarlyKeys("en", 0, None)
    keys.go_on(deck(5))
    try:
        os.write(write, RIGHT + RIGHT)
        deadline = time.monotonic() + 10  # only a hang fails this
        while keys.index != 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert keys.index == 2 and "S0003" in screen.getvalue()
        os.write(write, b"o" + RIGHT)
        while not keys.stopped and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        assert early_paint.stop_answering() == 2  # the thread is stopped and joined
        os.close(write)
    assert early_paint.stop_answering() is None
    assert early_paint.typed_for_textual() == b"o" + RIGHT
