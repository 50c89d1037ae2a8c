"""Where start-up time goes: deck and the minimal app, split into phases, on a 100x30 pty.

    python bench/startup_phases.py [--rounds N] [DECK]

Runs an instrumented copy of each start-up (this file, re-executed with ``--child``) on a
fresh pty, interleaved, and prints the median of each phase in milliseconds. Timestamps are
taken inside the program from its first line (interpreter start-up is the difference to the
parent's clock): importing deck's command line and loader, loading the deck, importing the
app (Textual), constructing it, and the first frame Textual writes (App._display).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()


def child_deck(path: str, out: str) -> None:
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = (time.perf_counter() - T0) * 1000

    import deck.cli  # noqa: F401  (its import time is part of start-up)
    from deck.format.loader import load_deck

    mark("import cli+loader")
    loaded = load_deck(path)
    mark("load deck")
    import gc

    from deck.present import app as deck_app

    mark("import app")
    gc.freeze()
    app = deck_app.DeckApp(loaded, lang=loaded.default_language, theme=None, start=0, duration=None)
    mark("App()")
    _run(app, mark, out, marks)


def child_minimal(out: str) -> None:
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = (time.perf_counter() - T0) * 1000

    sys.path.insert(0, str(Path(__file__).parent))
    import minimal_app

    mark("import app")
    app = minimal_app.Minimal()
    mark("App()")
    _run(app, mark, out, marks)


def _run(app: object, mark: object, out: str, marks: dict[str, float]) -> None:
    original = app._display  # type: ignore[attr-defined]

    def display(*args: object, **kwargs: object) -> object:
        if "first frame" not in marks:
            mark("first frame")  # type: ignore[operator]
            with open(out, "w", encoding="utf-8") as handle:
                json.dump(marks, handle)
        return original(*args, **kwargs)

    app._display = display  # type: ignore[attr-defined]
    app.run()  # type: ignore[attr-defined]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, out = sys.argv[2], sys.argv[3]
        if kind == "minimal":
            child_minimal(out)
        else:
            child_deck(kind, out)
        return
    from common import PYTHON, ROOT, Terminal

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("deck", nargs="?", default=str(ROOT / "slides.yaml"))
    arguments = parser.parse_args()
    marker = {"slides.yaml": "据数读社的一篇新闻分析浓缩而成"}.get(Path(arguments.deck).name, "P00001")
    runs: dict[str, list[dict[str, float]]] = {"minimal": [], "deck": []}
    with tempfile.TemporaryDirectory(prefix="deck-phases-") as folder:
        out = os.path.join(folder, "marks.json")
        for _ in range(arguments.rounds):
            for kind, target, text in (("minimal", "minimal", "MINIMAL-00001"), ("deck", arguments.deck, marker)):
                term = Terminal([PYTHON, __file__, "--child", target, out])
                try:
                    on_screen = term.wait_for(text) * 1000
                    term.settle(0.05, 1.0)
                finally:
                    term.close()
                with open(out, encoding="utf-8") as handle:
                    marks = json.load(handle)
                marks["on screen (parent clock)"] = on_screen
                runs[kind].append(marks)
    for kind, samples in runs.items():
        print(f"{kind}: median ms since the program's first line (on screen: since fork)")
        previous = 0.0
        for name in samples[0]:
            value = statistics.median(sample[name] for sample in samples)
            step = "" if name.startswith("on screen") else f"  (+{value - previous:.1f})"
            print(f"  {name:28s} {value:7.1f}{step}")
            if not name.startswith("on screen"):
                previous = value


if __name__ == "__main__":
    main()
