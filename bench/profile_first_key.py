"""Profile deck's first key press after start-up: where the time of "next slide" goes.

    python bench/profile_first_key.py [DECK] [--presses N] [--top N] [--sort cumulative|tottime]

Starts `deck present DECK` (default `slides.yaml`) on a 100x30 pty under a wrapper that turns
cProfile on at SIGUSR1 and off at SIGUSR2 (in the main thread, where Textual's event loop runs).
The screen is left still for 0.4 s, then the profiler is switched on, the right arrow typed, and
the profiler switched off once the next slide's marker is on screen. Prints the wall time of each
press (with and without the profiler) and the top functions of the first press.
"""

from __future__ import annotations

import argparse
import os
import pstats
import signal
import tempfile
from pathlib import Path

from common import PYTHON, ROOT, Terminal, bench_env

WRAPPER = """
import cProfile, signal, sys
profile = cProfile.Profile()
def start(*_): profile.enable()
def stop(*_):
    profile.disable()
    profile.dump_stats(sys.argv[1] + "." + str(stop.count)); stop.count += 1
    profile.__init__()
stop.count = 0
signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, stop)
from deck.cli import main
sys.exit(main(["present", sys.argv[2]]))
"""

BUNDLED_MARKS = ["据数读社", "体量仍在"]


def main() -> int:
    """Profile the first presses and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("deck", nargs="?", default=str(ROOT / "slides.yaml"))
    parser.add_argument("--marks", help="comma-separated text of slides 1, 2, ... (default: the bundled deck's)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--unprofiled", action="store_true", help="time the presses without the profiler")
    parser.add_argument("--before", default="", help="keys typed once slide 1 is on screen (s: notes, P: presenter)")
    options = parser.parse_args()
    marks = options.marks.split(",") if options.marks else BUNDLED_MARKS
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "press.prof"
        term = Terminal([PYTHON, "-c", WRAPPER, str(out), options.deck], env=bench_env())
        term.wait_for(marks[0])
        if options.before:
            term.settle(0.4)
            term.answer(options.before.encode(), 0.4)
        for index, mark in enumerate(marks[1:]):
            term.settle(0.4)
            if not options.unprofiled:
                os.kill(term.pid, signal.SIGUSR1)
            seconds = term.press(b"\x1b[C", mark)
            if not options.unprofiled:
                os.kill(term.pid, signal.SIGUSR2)
            print(f"press {index + 1}: {seconds * 1000:.1f} ms{'' if options.unprofiled else ' (profiled)'}")
        term.settle(0.4)
        term.close()
        if not options.unprofiled:
            stats = pstats.Stats(str(out) + ".0")
            stats.sort_stats(options.sort).print_stats(options.top)
            stats.print_stats(r"/deck/|/rich/table.py|_footer|_render_content|visual.py:324", 30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
