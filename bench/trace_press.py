"""Where a key press's time goes inside deck: timestamps in the app, not a profiler's.

    python bench/trace_press.py [DECK] [--before KEYS] [--rounds N] [--other CHECKOUT]

Runs `deck present DECK` (default: the text deck of `bench_kinds.py`) on a 100x30 pty under a
wrapper that records `time.perf_counter()` (the same monotonic clock in both processes) when
Textual dispatches each message, when the screen's compositor starts and ends, when each widget
renders its lines, when the slide screen's move (`watch_position`) runs, and when a frame is
handed to Textual's writer thread. Once slide 1 is on screen and the output is quiet (and KEYS,
e.g. `P` for the presenter view, were typed), the right arrow is typed twice; for each press it
prints, as medians over the rounds, milliseconds from typing the key to: the move's start and
end, the compositor's start, the frame handed to the writer ("frame"), and the slide title on the
pty ("pty"); then how long each widget took to render its lines in that frame. Unlike cProfile
(`profile_first_key.py`), the timestamps cost microseconds, so the phases add up to the press.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from common import PYTHON, Terminal, bench_env

RIGHT = b"\x1b[C"

WRAPPER = r'''
import json, os, sys, time
T = []
from textual.message_pump import MessagePump
_dispatch = MessagePump._dispatch_message
async def dispatch(self, message):
    start = time.perf_counter()
    result = await _dispatch(self, message)
    T.append((start, "message", type(message).__name__, time.perf_counter() - start))
    return result
MessagePump._dispatch_message = dispatch
from textual.widget import Widget
inside = set()  # widgets whose render_lines runs: a subclass's super() call is not counted twice
def timed_lines(cls):
    original = cls.render_lines
    def render_lines(self, crop):
        if id(self) in inside:
            return original(self, crop)
        inside.add(id(self))
        start = time.perf_counter()
        try:
            lines = original(self, crop)
        finally:
            inside.discard(id(self))
        T.append((start, "render", f"{type(self).__name__}#{self.id}", time.perf_counter() - start))
        return lines
    cls.render_lines = render_lines
from textual.screen import Screen
_refresh = Screen._compositor_refresh
def compositor_refresh(self):
    start = time.perf_counter()
    _refresh(self)
    T.append((start, "compositor", "", time.perf_counter() - start))
Screen._compositor_refresh = compositor_refresh
from textual.drivers import _writer_thread
_write = _writer_thread.WriterThread.write
def write(self, text):
    T.append((time.perf_counter(), "frame", str(len(text)), 0.0))
    _write(self, text)
_writer_thread.WriterThread.write = write
from deck.present import screens, widgets
_move = screens.SlideScreen.watch_position
def watch_position(self, old, new):
    start = time.perf_counter()
    _move(self, old, new)
    T.append((start, "move", "", time.perf_counter() - start))
screens.SlideScreen.watch_position = watch_position
seen = set()
def every_widget_class(cls):
    for sub in cls.__subclasses__():
        if sub not in seen:
            seen.add(sub)
            every_widget_class(sub)
every_widget_class(Widget)
for cls in seen | {Widget}:
    if "render_lines" in cls.__dict__:
        timed_lines(cls)
import atexit
atexit.register(lambda: json.dump(T, open(os.environ["DECK_TRACE"], "w")))
from deck.cli import main
sys.exit(main(["present", sys.argv[1]]))
'''


def trace(deck: Path, before: bytes, source: Path | None, folder: Path) -> list[dict[str, float]]:
    """One run: the phases of the two presses (ms since the key was typed)."""
    out = folder / "trace.json"
    wrapper = folder / "wrapper.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    extra = {"DECK_TRACE": str(out)}
    if source is not None:
        extra["PYTHONPATH"] = str(source.resolve())
    term = Terminal([PYTHON, str(wrapper), str(deck)], env=bench_env(**extra))
    sends = []
    try:
        term.wait_for("K00001")
        term.settle(0.5, 5.0)
        if before:
            term.answer(before)
            term.settle(0.4, 5.0)
        for marker in ("K00002", "K00003"):
            sent = term.send(RIGHT)
            term.wait_for(marker)
            sends.append((sent, term.last_output))
            term.settle(0.3, 5.0)
    finally:
        term.close()
    events = sorted(json.loads(out.read_text(encoding="utf-8")))
    return [_phases(events, sent, seen) for sent, seen in sends]


def _phases(events: list[list[object]], sent: float, seen: float) -> dict[str, float]:
    inside = [(float(at) - sent, kind, str(name), float(took)) for at, kind, name, took in events  # type: ignore[arg-type]
              if sent <= float(at) <= seen]  # type: ignore[arg-type]
    frame = next((at for at, kind, _, _ in inside if kind == "frame"), seen - sent)
    phases = {"pty": (seen - sent) * 1000, "frame": frame * 1000}
    for at, kind, name, took in inside:
        if at > frame:
            break
        if kind == "move":
            phases["move start"], phases["move end"] = at * 1000, (at + took) * 1000
        elif kind == "compositor":
            phases.setdefault("compositor start", at * 1000)
        elif kind == "render":
            phases[f"  {name}"] = phases.get(f"  {name}", 0.0) + took * 1000
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("deck", type=Path, nargs="?", default=None)
    parser.add_argument("--before", default="", help="keys typed before the presses (e.g. P)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--other", type=Path, default=None, help="another checkout of deck, interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        deck = args.deck
        if deck is None:
            from bench_kinds import make_decks

            deck = make_decks(folder)["text"]
        sources: list[Path | None] = [None] if args.other is None else [None, args.other]
        runs: dict[str, list[list[dict[str, float]]]] = {str(source or "this checkout"): [] for source in sources}
        for _ in range(args.rounds):
            for source in sources:
                runs[str(source or "this checkout")].append(trace(deck, args.before.encode(), source, folder))
        for label, rounds in runs.items():
            for press, name in enumerate(("first press", "later press")):
                samples = [one[press] for one in rounds]
                keys = sorted({key for sample in samples for key in sample},
                              key=lambda key: (key.startswith(" "), statistics.median(
                                  sample.get(key, 0.0) for sample in samples)))
                print(f"{label}, {name} (ms, median of {len(samples)}):")
                for key in keys:
                    print(f"  {key:<28} {statistics.median(sample.get(key, 0.0) for sample in samples):6.2f}")


if __name__ == "__main__":
    main()
