"""Key press to next slide on screen, in a real pseudo-terminal (100x30), against a minimal Textual app.

    python bench/bench_keys.py [--rounds N] [--steps K] [--other CHECKOUT]

deck presents the generated 1,000-slide deck (a chart on every third slide: bar, share, timeline
and stat in turn). After slide 1 is on screen and the output has gone quiet, each step types the
right arrow (ESC [ C) and times until the next slide's title marker (``P00002`` ...) is in the
output: K steps forward (each slide drawn for the first time), then K steps back with the left
arrow (slides the render cache already holds). The reference is `bench/minimal_app.py` updating
its one line on the right arrow, timed the same way. Rounds alternate deck and reference.

The second press of each walk lands on the first chart (slide 3) while Textual is still being
imported: the early paint's keys answer it (`deck.present.early_paint.EarlyKeys`), or, when they
cannot draw the slide, it waits for Textual's whole start-up. `--other CHECKOUT` walks with that
checkout of deck too (PYTHONPATH), in the same rounds, for an A/B of two commits.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from common import (
    BENCH,
    PYTHON,
    Stat,
    Terminal,
    bench_env,
    deck_command,
    fresh_bytecode,
    generated,
    print_report,
    table,
    verdict,
)

RIGHT = b"\x1b[C"
LEFT = b"\x1b[D"
FRAME = 1 / 60  # seconds: one frame at 60 Hz


def marker(number: int) -> str:
    return f"P{number:05d}"


Walk = tuple[list[float], list[float], list[float], list[float]]


def walk_deck(deck: Path, steps: int, other: Path | None = None) -> Walk:
    """(forward to a text slide, forward to a chart slide, back (cached), all forward) latencies;
    with `other`, presented by that checkout of deck."""
    env = None if other is None else bench_env(PYTHONPATH=str(other.resolve()))
    term = Terminal([deck_command(), str(deck)], env=env)
    text_slides: list[float] = []
    chart_slides: list[float] = []
    back: list[float] = []
    try:
        term.wait_for(marker(1))
        term.settle(0.15, 3.0)
        for number in range(2, steps + 2):
            seconds = term.press(RIGHT, marker(number))
            (chart_slides if number % 3 == 0 else text_slides).append(seconds)
            term.settle(0.05, 1.0)
        for number in range(steps, 0, -1):
            back.append(term.press(LEFT, marker(number)))
            term.settle(0.05, 1.0)
    finally:
        term.close()
    return text_slides, chart_slides, back, text_slides + chart_slides


def walk_minimal(steps: int) -> list[float]:
    term = Terminal([PYTHON, str(BENCH / "minimal_app.py")])
    out: list[float] = []
    try:
        term.wait_for("MINIMAL-00001")
        term.settle(0.15, 3.0)
        for number in range(2, steps + 2):
            out.append(term.press(RIGHT, f"MINIMAL-{number:05d}"))
            term.settle(0.05, 1.0)
    finally:
        term.close()
    return out


def run(rounds: int, steps: int, workdir: Path, other: Path | None = None) -> tuple[list[str], list[list[str]]]:
    deck, _ = generated(1000, workdir)
    sides: list[Path | None] = [None] if other is None else [None, other]
    if other is not None:
        fresh_bytecode(other)
    walks: dict[Path | None, list[Walk]] = {side: [] for side in sides}
    minimal: list[float] = []
    walk_minimal(3)  # warm up, unmeasured
    for side in sides:
        walk_deck(deck, 3, side)
    for _ in range(rounds):
        minimal += walk_minimal(steps)
        for side in sides:
            walks[side].append(walk_deck(deck, steps, side))
    rows = [_row("minimal app, one line updated", minimal, minimal)]
    for side in sides:
        prefix = "" if side is None else f"other checkout ({side.name}): "
        text, chart, back, forward = ([sample for walk in walks[side] for sample in walk[part]] for part in range(4))
        rows += [_row(f"{prefix}deck, next slide (text), first view", text, minimal),
                 _row(f"{prefix}deck, next slide (chart), first view", chart, minimal),
                 _row(f"{prefix}deck, next slide, all first views", forward, minimal),
                 _row(f"{prefix}deck, previous slide (cached)", back, minimal)]
    mine = walks[None]
    forward = [sample for walk in mine for sample in walk[3]]
    chart = [sample for walk in mine for sample in walk[1]]
    gap = statistics.fmean(forward) - statistics.fmean(minimal)
    gap_chart = statistics.fmean(chart) - statistics.fmean(minimal)
    lines = [
        "### Key press to next slide",
        "",
        f"`python bench/bench_keys.py --rounds {rounds} --steps {steps}`: {rounds} rounds, each a walk of "
        f"{steps} slides forward and back through the generated 1,000-slide deck (every third slide a chart) "
        "on a 100x30 pty, and the same number of key presses to the minimal app. Milliseconds from "
        "writing the arrow key to the pty until the next slide's title is in the output. The first "
        "presses come while the rest of the deck is read and Textual is imported: the early paint answers "
        "them (`deck.present.early_paint.EarlyKeys`, slide 3 a chart once `deck.present.preload` has "
        "imported its modules); a press typed while Textual composes its first frame waits for that frame.",
        "",
        *table(["what", "presses", "mean ms", "median (IQR)", "min-max", "mean vs minimal"], rows),
    ]
    summary = [
        ["Key to next slide (mean of walk)", "<= minimal + 16 ms",
         f"+{gap * 1000:.1f} ms (chart slides +{gap_chart * 1000:.1f})", verdict(gap <= FRAME)],
    ]
    return lines, summary


def _row(name: str, samples: list[float], minimal: list[float]) -> list[str]:
    stat = Stat.of(samples)
    return [name, str(stat.n), f"{statistics.fmean(samples) * 1000:.1f}", stat.ms(1),
            f"{stat.low * 1000:.1f}-{stat.high * 1000:.1f}",
            f"{(statistics.fmean(samples) - statistics.fmean(minimal)) * 1000:+.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--other", type=Path, default=None,
                        help="another checkout of deck: walk the deck with it too, in the same rounds (A/B)")
    arguments = parser.parse_args()
    print_report(lambda folder: run(arguments.rounds, arguments.steps, folder, arguments.other))


if __name__ == "__main__":
    main()
