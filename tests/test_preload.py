"""The imports of charts, code, tables, columns, pictures and inline markers done ahead of the
key press (`deck.present.preload`): by the early paint's keys before Textual starts, and by the
app once it is idle; a deck without them imports none of them, and a key is never held up by more
than one piece."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual import events

from deck.format import model
from deck.format.loader import load_deck_text
from deck.present import early_paint, preload
from deck.present.app import DeckApp

ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = ROOT / "examples" / "showcase.yaml"
HEAVY = ("deck.draw.charts", "deck.draw.table", "deck.draw.columns", "deck.draw.code", "rich.syntax", "pygments.lexer",
         "deck.draw.image", "PIL.Image", "markdown_it")
TEXT_DECK = "title: Words\nslides:\n" + "".join(
    f"  - title: Slide {number}\n    bullets: [one, two]\n    notes: plain notes\n" for number in range(1, 8))
CHART = "    chart: {kind: bar, data: [{label: a, value: 1}, {label: b, value: 2}]}\n"
RIGHT = b"\x1b[C"

# Runs the app headless in a fresh interpreter until its preload is over; prints what it imported.
IDLE_APP = r"""
import asyncio, json, sys
from deck.format.loader import load_deck
from deck.present.app import DeckApp

async def main():
    app = DeckApp(load_deck(sys.argv[1]), watch=False, clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(400):  # only a hang reaches the end: the test then fails on what is missing
            await pilot.pause(0.01)
            if app.preloaded:
                break
    lexer = sys.modules.get("pygments.lexers.python")
    compiled = lexer is not None and "_tokens" in lexer.PythonLexer.__dict__
    print(json.dumps({"modules": [name for name in sys.argv[2:] if name in sys.modules], "compiled": compiled}))

asyncio.run(main())
"""


def idle_app(deck: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", IDLE_APP, str(deck), *HEAVY], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_once_the_app_is_idle_the_modules_the_deck_draws_with_are_imported() -> None:
    result = idle_app(SHOWCASE)  # a chart, code in Python, a table, columns, a picture, markers
    assert result["modules"] == list(HEAVY)
    assert result["compiled"]  # Pygments' rules for Python, compiled on first use: done too


def test_a_deck_of_words_imports_none_of_them(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text(TEXT_DECK, encoding="utf-8")
    assert idle_app(path) == {"modules": [], "compiled": False}


def test_a_deck_imports_what_its_own_slides_need_only() -> None:
    charts = load_deck_text("title: T\nslides:\n  - title: A\n    bullets: [x]\n  - title: B\n" + CHART, "c.yaml")
    names = [piece.name for piece in preload.pieces(charts) if piece is not preload.PAUSE]
    assert set(names) <= {"deck.draw.charts"}  # and nothing for code, tables, pictures or markers
    code = load_deck_text("title: T\nslides:\n  - title: A\n    code: {lang: python, text: 'x = 1'}\n", "k.yaml")
    names = [piece.name for piece in preload.pieces(code)]
    assert names[-2:] == ["lexer python", "rules python"]  # the first use after its imports
    assert not [name for name in names if "chart" in name or "markdown" in name or "PIL" in name]


# Draws every slide of the showcase after the imports the early paint makes before Textual starts,
# and lists any module a drawing still imported (each slide in every way the app draws it).
READY_DRAWS = r"""
import io, json, sys
from dataclasses import replace
from rich.console import Console
from deck.draw.render import RenderOptions, render_slide, slide_options
from deck.format.loader import load_deck
from deck.present import early_paint, preload

deck = load_deck(sys.argv[1])
console = Console(file=io.StringIO(), width=100, height=30, force_terminal=True, color_system="truecolor")
early_paint.frame(deck, "en", 0, (100, 30), None, console)
for piece in preload.pieces(deck):
    if piece.imports:
        preload.run(piece)
report = {}
for index, slide in enumerate(deck.slides):
    if any(isinstance(block, preload.model.Image) for block in preload.model.flat_blocks(slide.blocks)):
        continue
    before = set(sys.modules)
    ready = preload.ready(slide)
    early_paint.frame(deck, "en", index, (100, 30), None, console)
    for lang in deck.languages:
        options = slide_options(deck, index, RenderOptions(lang=lang, notes=True, sources=True))
        console.print(render_slide(slide, options))
    report[index] = [ready, sorted(set(sys.modules) - before)]
print(json.dumps(report))
"""


def test_a_slide_ready_for_the_early_keys_draws_without_importing_anything() -> None:
    done = subprocess.run([sys.executable, "-c", READY_DRAWS, str(SHOWCASE)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(report) >= 15  # every slide but the picture's
    assert {index: new for index, (_, new) in report.items() if new} == {}
    assert all(ready for ready, _ in report.values())


def test_a_slide_is_ready_only_when_its_modules_are_in(monkeypatch: pytest.MonkeyPatch) -> None:
    charts = load_deck_text("title: T\nslides:\n  - title: A\n    bullets: [x]\n  - title: B\n" + CHART, "c.yaml")
    import deck.draw.charts

    monkeypatch.delitem(sys.modules, "deck.draw.charts")  # as before the first chart
    assert preload.ready(charts.slides[0]) and not preload.ready(charts.slides[1])
    assert not early_paint._drawn_without_imports(charts, 1)
    monkeypatch.setitem(sys.modules, "deck.draw.charts", deck.draw.charts)  # imported
    assert preload.ready(charts.slides[1]) and early_paint._drawn_without_imports(charts, 1)


def test_a_long_deck_is_scanned_with_pauses_between_pieces() -> None:
    lines = ["title: Long", "slides:", *[f"  - title: S{number}\n    bullets: [x]" for number in range(1, 201)]]
    long = load_deck_text("\n".join(lines) + "\n", "long.yaml")
    assert [piece.name for piece in preload.pieces(long)] == ["pause"] * (200 // preload.SCAN_SLIDES)
    assert len(list(preload.pieces(long, near=0))) == 0  # before Textual: only the slides keys can reach


def test_a_piece_that_fails_is_left_to_the_drawing_that_needs_it() -> None:
    def broken() -> None:
        raise ImportError("no such module")

    preload.run(preload.Piece("missing", broken))  # raises nothing


def chart_deck() -> model.Deck:
    lines = ["title: Keys deck", "slides:"]
    for number in range(1, 6):
        lines += [f"  - title: Slide S{number:04d}", CHART.rstrip("\n") if number == 3 else "    bullets: [one, two]"]
    return load_deck_text("\n".join(lines) + "\n", "keys.yaml")


def test_the_early_keys_thread_answers_a_key_to_the_first_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, a chart slide was Textual's to draw: the key waited for Textual's whole start-up."""
    out = io.StringIO()
    console = Console(file=out, width=100, height=30, force_terminal=True, color_system="truecolor",
                      legacy_windows=False, emoji=False, highlight=False, markup=False)
    talk = chart_deck()
    lines = early_paint.frame(talk, "en", 0, (100, 30), None, console)
    assert lines is not None
    monkeypatch.setattr(early_paint, "_painted", (console, (100, 30), lines))
    monkeypatch.setattr(early_paint, "_typed", [])
    monkeypatch.setattr(early_paint, "POLL_SECONDS", 0.0)
    read, write = os.pipe()
    monkeypatch.setattr(sys, "__stdin__", os.fdopen(read, "rb", buffering=0))
    keys = early_paint.EarlyKeys("en", 0, None)
    keys.typing = True  # a key came while the deck was read
    keys.go_on(talk)  # imports the chart modules here, on the main thread (if not yet)
    try:
        assert "deck.draw.charts" in sys.modules
        os.write(write, RIGHT + RIGHT)
        deadline = time.monotonic() + 10  # only a hang fails this
        while keys.index != 2 and not keys.stopped and time.monotonic() < deadline:
            time.sleep(0.01)
        assert keys.index == 2 and not keys.stopped and "S0003" in out.getvalue()
    finally:
        early_paint.stop_answering()
        os.close(write)


async def test_a_key_typed_during_the_idle_preload_waits_for_one_piece_at_most(
        monkeypatch: pytest.MonkeyPatch) -> None:
    talk = load_deck_text("title: T\nslides:\n" + "".join(f"  - title: S{n}\n    bullets: [x]\n" for n in range(4)),
                          "t.yaml")
    app = DeckApp(talk, clock=lambda: 0.0, watch=False)
    seen: list[tuple[str, int]] = []

    def typed() -> None:  # as Textual's input thread hands a key to the event loop
        asyncio.get_running_loop().call_soon(app.post_message, events.Key("right", None))
        seen.append(("typed", app.slide_screen.position.index))

    def later(name: str) -> None:
        seen.append((name, app.slide_screen.position.index))

    def fake_pieces(deck: model.Deck, images: str | None = None, near: int | None = None) -> Iterator[preload.Piece]:
        yield preload.Piece("one", typed)
        for name in ("two", "three", "four"):
            yield preload.Piece(name, lambda name=name: later(name))  # type: ignore[misc]

    monkeypatch.setattr(preload, "pieces", fake_pieces)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):  # only a hang reaches the end
            await pilot.pause(0.01)
            if len(seen) == 4:
                break
    assert seen == [("typed", 0), ("two", 1), ("three", 1), ("four", 1)]


def test_while_the_rest_is_read_each_quiet_poll_imports_one_module_near_the_slide(
        monkeypatch: pytest.MonkeyPatch) -> None:
    talk = chart_deck()
    console = Console(file=io.StringIO(), width=100, height=30, force_terminal=True, color_system="truecolor")
    lines = early_paint.frame(talk, "en", 0, (100, 30), None, console)
    monkeypatch.setattr(early_paint, "_painted", (console, (100, 30), lines))
    monkeypatch.setattr(early_paint, "_typed", [])
    monkeypatch.setattr(early_paint, "POLL_SECONDS", 0.0)
    monkeypatch.setattr(sys, "__stdin__", io.StringIO())  # a terminal with nothing typed
    monkeypatch.setattr(early_paint, "_read_typed", lambda wait=0.0: b"")
    monkeypatch.delitem(sys.modules, "deck.draw.charts", raising=False)  # not imported yet, as in a talk
    done: list[str] = []
    monkeypatch.setattr(preload, "run", lambda piece: done.append(piece.name))  # instead of importing
    keys = early_paint.EarlyKeys("en", 0, None)
    keys.poll(3, lambda: talk)  # slides 1-3 read, nothing typed yet: nothing imported
    keys._preload(talk)  # nor before Textual (`go_on`): a speaker who waits types nothing then
    assert done == []
    keys = early_paint.EarlyKeys("en", 0, None)
    keys.typing = True  # a key was typed: more may come while the deck is read and Textual starts
    keys.poll(2, lambda: talk)  # slides 1 and 2 read: words only
    assert done == []
    keys.poll(3, lambda: talk)  # slide 3, a chart, read: its modules now, before a key asks for them
    keys.poll(4, lambda: talk)
    assert done == ["deck.draw.charts"]


# Python's lexer, its rules compiled by the preload's steps (argv[1] "steps") or by Pygments itself.
TOKENS = r"""
import json, sys
from pygments.lexers import get_lexer_by_name
from deck.format.loader import load_deck_text
from deck.present import preload

if sys.argv[1] == "steps":
    talk = load_deck_text("title: T\nslides:\n  - title: A\n    code: {lang: python, text: 'x = 1'}\n", "k.yaml")
    steps = 0
    for piece in preload.pieces(talk):
        preload.run(piece)
        steps += piece.name == "rules python"
    assert steps > 10, steps  # a state at a time, not the whole lexer in one piece
    import pygments.lexers.python as python
    assert "_tokens" in python.PythonLexer.__dict__  # compiled before any lexer was made
code = open(preload.__file__, encoding="utf-8").read() + "\nf'{x!r:>{width}}' if a else b'\\x00'\n@dec\nclass C: pass\n"
print(json.dumps([[str(kind), text] for kind, text in get_lexer_by_name("python").get_tokens(code)]))
"""


def test_the_lexer_rules_compiled_in_steps_tokenize_as_pygments_own() -> None:
    outputs = []
    for how in ("steps", "pygments"):
        done = subprocess.run([sys.executable, "-c", TOKENS, how], capture_output=True, text=True, timeout=120,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


def test_a_piece_in_parts_is_run_again_until_it_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    parts: list[int] = []
    piece = preload.Piece("parts", lambda: parts.append(len(parts)), imports=False,
                          more=lambda: 0 < len(parts) < 3)
    monkeypatch.setattr(preload, "_slide_pieces", lambda slide, images, markers: iter([piece]))
    for got in preload.pieces(load_deck_text("title: T\nslides:\n  - title: A\n    bullets: [x]\n", "t.yaml")):
        preload.run(got)
    assert parts == [0, 1, 2]  # by the app
    parts.clear()
    keeper = preload.Preloader()
    keeper.add(model.Slide(title=model.Localized((("en", "A"),))))
    while keeper.step():
        pass
    assert parts == [0, 1, 2]  # by the early paint's keys


async def test_a_reloaded_deck_is_preloaded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    words = load_deck_text(TEXT_DECK, "w.yaml")
    charts = load_deck_text("title: T\nslides:\n  - title: A\n    bullets: [x]\n  - title: B\n" + CHART, "c.yaml")
    seen: list[str] = []

    def fake_pieces(deck: model.Deck, images: str | None = None, near: int | None = None) -> Iterator[preload.Piece]:
        yield preload.Piece(deck.path, lambda: seen.append(deck.path), imports=False)

    monkeypatch.setattr(preload, "pieces", fake_pieces)
    app = DeckApp(words, clock=lambda: 0.0, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):  # only a hang reaches the end
            await pilot.pause(0.01)
            if app.preloaded:
                break
        app.replace_deck(charts)  # what a save of the file does (`DeckApp.reload`)
        assert not app.preloaded
        for _ in range(200):
            await pilot.pause(0.01)
            if app.preloaded:
                break
    assert seen == ["w.yaml", "c.yaml"]
