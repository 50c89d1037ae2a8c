"""Slide 1 before the rest: the loader's `Preview`, the early paint from it, an error in the rest.

`deck present` paints slide 1 as soon as the loader has built it (`deck.format.loader.Preview`)
and reads the other slides after that; an invalid slide after the painted one starts the talk
with the slides before it and shows the located error as a notification (no crash, no exit 2).
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from deck.cli import main
from deck.format import model
from deck.format.errors import DeckError
from deck.format.loader import Preview, count_items, load_deck, load_deck_preview
from deck.present import early_paint
from tests.test_tmux import ROOT, Tmux, first_line


def deck_text(slides: int, broken: int | None = None, tail: str = "") -> str:
    """A deck of `slides` slides; slide `broken` (1-based) has an unknown key."""
    lines = ["title: Preview deck", "subtitle: opened early", "slides:"]
    for number in range(1, slides + 1):
        lines += [f"  - title: Slide S{number:04d}", "    text: |", "      - a line that looks like an item",
                  "    bullets: [one, two]"]
        if number == broken:
            lines.append("    colour: red")
    return "\n".join(lines) + "\n" + tail


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def present_in_tmux(path: Path, socket: Path, after: str = "; echo EXIT=$?; sleep 30") -> Tmux:
    """`deck PATH` started in a 100x30 tmux pane (`after`: what the pane's shell does next)."""
    tmux = Tmux(socket, "deck")
    command = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck {shlex.quote(str(path))}{after}"
    subprocess.run(["tmux", "-S", str(tmux.socket), "new-session", "-d", "-s", tmux.name, "-x", "100", "-y", "30",
                    "sh", "-c", command], env={**os.environ, "TERM": "xterm-256color"}, check=True, timeout=10)
    return tmux


def test_count_items_counts_the_top_level_list_only() -> None:
    text = deck_text(7)
    assert count_items(text, text.index("  - title") + 2, 2) == 7
    flush_left = "title: x\nslides:\n- title: a\n# - a comment\n\n- title: b\n-\n  title: c\nauthor: me\n- no\n"
    assert count_items(flush_left, flush_left.index("- title: a"), 0) == 3


def test_slide_one_is_handed_out_before_the_rest_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(40, broken=30))
    seen: list[model.Deck] = []

    def show(first: model.Deck) -> bool:
        seen.append(first)
        raise KeyboardInterrupt  # stops the load: what follows was never read

    with pytest.raises(KeyboardInterrupt):
        load_deck_preview(path, Preview(0, show))
    # Slide 30's error was not found yet: the preview came before the rest was validated.
    (first,) = seen
    assert len(first.slides) == 40  # the counter says 1/40 from the first frame on
    assert first.slides[0].title.get("en") == "Slide S0001"
    assert first.subtitle is not None and first.subtitle.get("en") == "opened early"


def test_the_preview_agrees_with_the_full_deck(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(12))
    seen: list[model.Deck] = []
    preview = Preview(2, lambda first: seen.append(first) or True)
    deck = load_deck_preview(path, preview)
    assert deck == load_deck(path)
    (first,) = seen
    assert first.slides[:3] == deck.slides[:3]
    assert (first.title, first.subtitle, first.languages, len(first.slides)) == (
        deck.title, deck.subtitle, deck.languages, len(deck.slides))


def test_an_error_in_the_rest_leaves_the_slides_before_it(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(40, broken=30))
    preview = Preview(0, lambda first: True)
    with pytest.raises(DeckError) as raised:
        load_deck_preview(path, preview)
    error = raised.value
    assert str(error) == f"{path}:124:5: unknown key 'colour' in a slide; did you mean 'columns'?"
    assert preview.in_rest(error)
    assert preview.partial is not None
    assert [slide.title.get("en") for slide in preview.partial.slides] == [f"Slide S{n:04d}" for n in range(1, 30)]


def test_an_error_in_the_previewed_slide_is_not_in_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(5, broken=1))
    shown: list[model.Deck] = []
    preview = Preview(0, lambda first: shown.append(first) or True)
    with pytest.raises(DeckError) as raised:
        load_deck_preview(path, preview)
    assert shown == []
    assert not preview.in_rest(raised.value)


def test_no_preview_when_the_title_comes_after_the_slides(tmp_path: Path) -> None:
    text = deck_text(3).replace("title: Preview deck\n", "") + "title: Late title\n"
    shown: list[model.Deck] = []
    deck = load_deck_preview(write(tmp_path, text), Preview(0, lambda first: shown.append(first) or True))
    assert shown == []
    assert deck.title.get("en") == "Late title"


def test_an_unused_preview_keeps_errors_fatal(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(5, broken=4))
    preview = Preview(0, lambda first: False)  # not painted (a pipe, another theme...)
    with pytest.raises(DeckError) as raised:
        load_deck_preview(path, preview)
    assert not preview.in_rest(raised.value)


def test_repaint_redraws_only_the_rows_the_full_deck_changes(tmp_path: Path) -> None:
    wrong = load_deck_preview(write(tmp_path, deck_text(3)), Preview(0, lambda first: True))
    deck = load_deck(write(tmp_path, deck_text(4)))
    out = io.StringIO()
    console = Console(file=out, width=100, height=30, force_terminal=True, color_system="truecolor")
    painted = early_paint.frame(wrong, "en", 0, (100, 30), None, console)
    assert painted is not None
    saved = early_paint._painted
    early_paint._painted = (console, (100, 30), painted)
    try:
        early_paint.repaint(deck, "en", 0, None)
        early_paint.repaint(wrong, "en", 0, None)  # the frame as painted: nothing to write
    finally:
        early_paint._painted = saved
    written = out.getvalue()
    assert "\x1b[1;1H" in written and "1/4" in written  # the header row, with the full count
    assert "\x1b[3;1H" not in written  # the slide's rows are the same: not written again


def test_present_starts_with_the_slides_before_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command: painted from the preview, the load fails later, the talk starts anyway."""
    import deck.present.app

    path = write(tmp_path, deck_text(40, broken=30))
    painted: list[int] = []
    started: dict[str, Any] = {}
    monkeypatch.setattr(early_paint, "paint", lambda first, *args: painted.append(len(first.slides)) or True)
    monkeypatch.setattr(early_paint, "repaint", lambda *args: None)
    monkeypatch.setattr(early_paint, "restore", lambda: started.setdefault("restored", True))

    def present(shown: model.Deck, **options: Any) -> int:
        started.update(deck=shown, **options)
        return 0

    monkeypatch.setattr(deck.present.app, "present", present)
    err = io.StringIO()
    assert main(["present", str(path)], stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    assert painted == [40]
    assert len(started["deck"].slides) == 29
    assert "unknown key 'colour'" in str(started["load_error"])
    assert started["painted"] is True


def test_present_of_a_deck_broken_at_slide_one_still_fails(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(5, broken=1))
    err = io.StringIO()
    assert main(["present", str(path)], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith(f"{path}:")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_long_deck_broken_late_is_presented_with_the_error_shown(tmp_path: Path) -> None:
    """In a terminal: slide 1 at once, the keys typed meanwhile act once the rest is loaded, the
    error in slide 1,500 is a notification with its line, and the talk goes on."""
    tmux = present_in_tmux(write(tmp_path, deck_text(1600, broken=1500)), tmp_path / "p.sock")
    try:
        tmux.wait_for(lambda s: "S0001" in s, "slide 1")
        tmux.keys("Right")  # most likely while the rest is still being read: it waits, then goes
        screen = tmux.wait_for(lambda s: "S0002" in s and "2/1499" in first_line(s), "slide 2")
        screen = tmux.wait_for(lambda s: "only slides 1-1499 loaded" in s, "the notification")
        assert "unknown key 'colour'" in screen
        assert f":{3 + 1499 * 4 + 5}:5:" in screen  # where, as `deck check` says it
        tmux.keys("q")
        tmux.wait_for(lambda s: "EXIT=0" in s, "the exit")
    finally:
        subprocess.run(["tmux", "-S", str(tmux.socket), "kill-server"], capture_output=True, timeout=10)


def _count_items_every_position(text: str, start: int, column: int) -> int:
    """count_items as first written: `^` patterns, which the regex engine tries at every position."""
    line_start = start - column
    ending = re.compile(rf"^ {{0,{column}}}(?![ #\r\n])(?!-(?:[ \t\r]|$))", re.M).search(text, line_start)
    end = ending.start() if ending is not None else len(text)
    return len(re.compile(rf"^ {{{column}}}-(?:[ \t\r]|$)", re.M).findall(text, line_start, end))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" -x\n", max_size=12), st.integers(0, 3), st.data())
def test_count_items_agrees_with_the_scan_of_every_position(head: str, column: int, data: st.DataObject) -> None:
    before = data.draw(st.text(alphabet=" x-", min_size=column, max_size=column))  # the item's line up to its `-`
    tail = data.draw(st.text(alphabet=" -#x\n\r\t", max_size=60))
    text = f"{head}\n{before}-{tail}"
    start = len(head) + 1 + column
    assert count_items(text, start, column) == _count_items_every_position(text, start, column)
