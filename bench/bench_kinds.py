"""Next slide per slide kind: the first key press after start-up and a later one, against the minimal app.

    python bench/bench_kinds.py [--rounds N] [--kinds text,bar,...] [--other CHECKOUT]

For each kind (text, every chart kind, code, table, columns, image, and the text slide with the
notes or the presenter view on) a three-slide deck is made from `examples/showcase.yaml`: a text
slide, then two slides of that kind (titles carrying the markers ``K00002`` and ``K00003``). deck
presents it on a 100x30 pty; once slide 1 is on screen and the output has gone quiet (and `s` or
`P` was typed, for the notes and presenter rows), the right arrow is typed and timed until
``K00002`` is in the output (the first press: every slide kind's first drawing, lazy imports
included), then again until ``K00003`` (a later press: the same kind, first view). The reference
is `bench/minimal_app.py` timed the same way in the same rounds, the programs interleaved.
`--other` presents the same decks with another checkout of deck too (an A/B in the same rounds).
"""

from __future__ import annotations

import argparse
import copy
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml
from common import BENCH, PYTHON, ROOT, Terminal, bench_env, deck_command, machine, table, verdict

RIGHT = b"\x1b[C"
TEXTUAL_STARTED = b"\x1b[?2004h"  # bracketed paste: Textual's driver turns it on before its first frame
# kind -> (slide id in examples/showcase.yaml, key typed before the timed presses)
KINDS: dict[str, tuple[str, bytes]] = {
    "text": ("text-and-bullets", b""),
    "bar": ("bars", b""),
    "bar, grouped": ("grouped", b""),
    "bar, stacked": ("stacked", b""),
    "share": ("share", b""),
    "timeline": ("timeline", b""),
    "stat": ("stat", b""),
    "line": ("line", b""),
    "line, series": ("lines", b""),
    "sparkline": ("sparkline", b""),
    "code (Pygments)": ("code", b""),
    "table": ("table", b""),
    "columns": ("columns", b""),
    "image": ("picture", b""),
    "text, notes on": ("text-and-bullets", b"s"),
    "text, presenter view": ("text-and-bullets", b"P"),
    "chart, presenter view": ("bars", b"P"),
}


def marker(number: int) -> str:
    return f"K{number:05d}"


def _no_reveal(value: object) -> None:
    """Remove every `reveal` key in a slide (its own, its lists' and tables')."""
    if isinstance(value, dict):
        value.pop("reveal", None)
        for item in value.values():
            _no_reveal(item)
    elif isinstance(value, list):
        for item in value:
            _no_reveal(item)


def make_decks(folder: Path) -> dict[str, Path]:
    """One deck per kind in `folder` (with the showcase's picture beside them)."""
    showcase = yaml.safe_load((ROOT / "examples" / "showcase.yaml").read_text(encoding="utf-8"))
    by_id = {slide["id"]: slide for slide in showcase["slides"]}
    shutil.copy(ROOT / "examples" / "flow.png", folder / "flow.png")
    decks = {}
    for kind, (slide_id, _) in KINDS.items():
        first = {"section": "words", "title": f"{marker(1)} start",
                 "text": "A text slide to start from.", "notes": "Notes of the first slide."}
        slides = [first]
        for number in (2, 3):
            slide = copy.deepcopy(by_id[slide_id])
            slide.pop("id", None)
            _no_reveal(slide)  # the press must show the next slide, not the next reveal step
            slide["title"] = f"{marker(number)} {slide['title']}"
            slide.setdefault("notes", f"Notes of slide {number}.")
            slides.append(slide)
        deck = {key: value for key, value in showcase.items() if key != "slides"}
        deck["slides"] = slides
        path = folder / f"kind-{slide_id}-{len(decks)}.yaml"
        path.write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False), encoding="utf-8")
        decks[kind] = path
    return decks


def walk(argv: list[str], first: str, second: str, third: str, before: bytes,
         env: dict[str, str] | None = None) -> tuple[float, float]:
    """(first press, later press) seconds for one program."""
    term = Terminal(argv, env=env)
    try:
        ready(term, first)
        if before:
            term.answer(before)
        one = term.press(RIGHT, second)
        term.settle(0.3, 5.0)
        two = term.press(RIGHT, third)
    finally:
        term.close()
    return one, two


def ready(term: Terminal, first: str, timeout: float = 30.0) -> None:
    """Wait for Textual's own frame with `first` (after deck's early paint, which the press must not
    race: on a loaded machine the gap between the two is longer than the quiet time), then quiet."""
    term.wait_for(first, timeout)
    deadline = time.perf_counter() + timeout
    while TEXTUAL_STARTED not in term.output and time.perf_counter() < deadline:
        if not term._read(0.05):  # the program ended: wait_for below says so
            break
    term.mark = max(term.output.find(TEXTUAL_STARTED), 0)
    term.wait_for(first, timeout)
    term.settle(0.3, 5.0)


def minimal_walk() -> tuple[float, float]:
    return walk([PYTHON, str(BENCH / "minimal_app.py")], "MINIMAL-00001", "MINIMAL-00002", "MINIMAL-00003", b"")


def deck_walk(deck: Path, before: bytes, other: Path | None = None) -> tuple[float, float]:
    env = None if other is None else bench_env(PYTHONPATH=str(other.resolve()))
    return walk([deck_command(), str(deck)], marker(1), marker(2), marker(3), before, env)


def run(rounds: int, folder: Path, kinds: list[str] | None = None,
        other: Path | None = None) -> tuple[list[str], list[list[str]]]:
    """Measure every kind `rounds` times, interleaved with the minimal app; the section's lines."""
    decks = make_decks(folder)
    chosen = kinds or list(KINDS)
    minimal: list[tuple[float, float]] = []
    results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in chosen}
    others: dict[str, list[tuple[float, float]]] = {kind: [] for kind in chosen}
    minimal_walk()  # warm-up, unmeasured
    for _ in range(rounds):
        for kind in chosen:
            minimal.append(minimal_walk())
            results[kind].append(deck_walk(decks[kind], KINDS[kind][1]))
            if other is not None:
                others[kind].append(deck_walk(decks[kind], KINDS[kind][1], other))
            print(f"  {kind}: {results[kind][-1][0] * 1000:.1f} / {results[kind][-1][1] * 1000:.1f} ms",
                  file=sys.stderr, flush=True)
    base_one = statistics.median(one for one, _ in minimal)
    base_two = statistics.median(two for _, two in minimal)
    rows = [["minimal Textual app", f"{base_one * 1000:.1f}", "+0.0", f"{base_two * 1000:.1f}", "+0.0"]]
    worst = 0.0
    for label, table_of in (("deck", results), ("deck (other)", others)):
        for kind in chosen:
            samples = table_of[kind]
            if not samples:
                continue
            one = statistics.median(first for first, _ in samples)
            two = statistics.median(second for _, second in samples)
            if label == "deck":
                worst = max(worst, one - base_one, two - base_two)
            rows.append([f"{label}, {kind}", f"{one * 1000:.1f}", f"{(one - base_one) * 1000:+.1f}",
                         f"{two * 1000:.1f}", f"{(two - base_two) * 1000:+.1f}"])
    lines = [
        "### Next slide per slide kind",
        "",
        f"`python bench/bench_kinds.py --rounds {rounds}`; {machine()}. {rounds} interleaved rounds; in "
        "each, the minimal app and deck on a three-slide deck per kind (a text slide, then two slides "
        "of the kind, from `examples/showcase.yaml`), on a 100x30 pty. Milliseconds from typing the "
        "right arrow until the next slide's title is in the output, median: the first press after "
        "start-up (screen quiet for 0.3 s; for the notes and presenter rows `s` or `P` was typed "
        "first) and the next press (another slide of the same kind, also a first view).",
        "",
        *table(["what", "first press ms", "vs minimal", "later press ms", "vs minimal"], rows),
    ]
    summary = [["Next slide, every kind, first and later press (pty)", "<= minimal + 3 ms",
                f"worst +{worst * 1000:.1f} ms", verdict(worst <= 0.003)]]
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kinds", default="", help="kinds separated by ';' (default: all)")
    parser.add_argument("--other", type=Path, default=None, help="another checkout of deck, for an A/B")
    arguments = parser.parse_args()
    kinds = [kind for kind in arguments.kinds.split(";") if kind] or None
    import tempfile

    print(machine())
    with tempfile.TemporaryDirectory(prefix="deck-kinds-") as folder:
        lines, summary = run(arguments.rounds, Path(folder), kinds, arguments.other)
    print("\n".join(lines))
    print("\n".join(table(["benchmark", "target", "result", ""], summary)))


if __name__ == "__main__":
    main()
