"""Key press to next slide on screen, in a real pseudo-terminal (100x30), against a minimal Textual app.

    python bench/bench_keys.py [--rounds N] [--steps K]

deck presents the generated 1,000-slide deck (a chart on every third slide: bar, share, timeline
and stat in turn). After slide 1 is on screen and the output has gone quiet, each step types the
right arrow (ESC [ C) and times until the next slide's title marker (``P00002`` ...) is in the
output: K steps forward (each slide drawn for the first time), then K steps back with the left
arrow (slides the render cache already holds). The reference is `bench/minimal_app.py` updating
its one line on the right arrow, timed the same way. Rounds alternate deck and reference.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from common import BENCH, PYTHON, Stat, Terminal, deck_command, generated, print_report, table, verdict

RIGHT = b"\x1b[C"
LEFT = b"\x1b[D"
FRAME = 1 / 60  # seconds: one frame at 60 Hz


def marker(number: int) -> str:
    return f"P{number:05d}"


def walk_deck(deck: Path, steps: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """(forward to a text slide, forward to a chart slide, back (cached), all forward) latencies."""
    term = Terminal([deck_command(), str(deck)])
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


def run(rounds: int, steps: int, workdir: Path) -> tuple[list[str], list[list[str]]]:
    deck, _ = generated(1000, workdir)
    forward_text: list[float] = []
    forward_chart: list[float] = []
    backward: list[float] = []
    forward: list[float] = []
    minimal: list[float] = []
    walk_minimal(3)  # warm up, unmeasured
    walk_deck(deck, 3)
    for _ in range(rounds):
        minimal += walk_minimal(steps)
        text, chart, back, both = walk_deck(deck, steps)
        forward_text += text
        forward_chart += chart
        backward += back
        forward += both
    rows = []
    for name, samples in (("minimal app, one line updated", minimal),
                          ("deck, next slide (text), first view", forward_text),
                          ("deck, next slide (chart), first view", forward_chart),
                          ("deck, next slide, all first views", forward),
                          ("deck, previous slide (cached)", backward)):
        stat = Stat.of(samples)
        rows.append([name, str(stat.n), f"{statistics.fmean(samples) * 1000:.1f}", stat.ms(1),
                     f"{stat.low * 1000:.1f}-{stat.high * 1000:.1f}",
                     f"{(statistics.fmean(samples) - statistics.fmean(minimal)) * 1000:+.1f}"])
    gap = statistics.fmean(forward) - statistics.fmean(minimal)
    gap_chart = statistics.fmean(forward_chart) - statistics.fmean(minimal)
    lines = [
        "### Key press to next slide",
        "",
        f"`python bench/bench_keys.py --rounds {rounds} --steps {steps}`: {rounds} rounds, each a walk of "
        f"{steps} slides forward and back through the generated 1,000-slide deck (every third slide a chart) "
        "on a 100x30 pty, and the same number of key presses to the minimal app. Milliseconds from "
        "writing the arrow key to the pty until the next slide's title is in the output.",
        "",
        *table(["what", "presses", "mean ms", "median (IQR)", "min-max", "mean vs minimal"], rows),
    ]
    summary = [
        ["Key to next slide (mean of walk)", "<= minimal + 16 ms",
         f"+{gap * 1000:.1f} ms (chart slides +{gap_chart * 1000:.1f})", verdict(gap <= FRAME)],
    ]
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=24)
    arguments = parser.parse_args()
    print_report(lambda folder: run(arguments.rounds, arguments.steps, folder))


if __name__ == "__main__":
    main()
