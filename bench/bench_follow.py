"""Follow mode: key press to next slide in the leader alone, with 3 followers, in a follower, and
from a driving follower.

    python bench/bench_follow.py [--rounds N] [--steps K] [--write]

Each program runs on its own 100x30 pty, all of them read at once (one select over every pty, so
no program waits for us to read its output). The deck is the generated 1,000-slide deck; each
step types the right arrow (ESC [ C) into the leader and times until the next slide's title
marker (``P00002`` ...) is in each program's output. Rounds alternate four set-ups: `deck present`
without sharing, `deck present --share` with no follower, `deck present --share` with three
`deck follow` (audience view) joined, and the same with the first follower started `--drive` and
the keys typed into it instead. `--write` replaces the section "## Follow mode" of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import tempfile
import time
from pathlib import Path

from common import (
    Stat,
    Terminal,
    Timeout,
    bench_env,
    deck_command,
    generated,
    machine,
    table,
    verdict,
    visible,
    write_section,
)

RIGHT = b"\x1b[C"
FRAME = 1 / 60
HEADING = "## Follow mode"
NOTE = ("The leader sends a move once it has drawn it (`Leader._changed`). Measured once before that "
        "change, `--rounds 2 --steps 12`, the leader with 3 followers was +20.9 ms from the leader alone "
        "(the followers drew at the same time as the leader, on 2 cores) and the followers 34.0 ms; after "
        "it, in the same kind of run, +0.3 ms and 30.0 ms. A driving follower likewise sends its request once "
        "it has drawn the move (`Follower._request`): before that, `--rounds 3 --steps 15`, its own screen was "
        "21.3 ms and the leader 25.1 ms; after it, `--rounds 2 --steps 12`, 7.0 ms and 31.2 ms.")


def marker(number: int) -> str:
    return f"P{number:05d}"


def press_all(keys: Terminal, terms: list[Terminal], number: int, timeout: float = 10.0) -> list[float]:
    """Type → in `keys`; seconds until slide `number` is in each of `terms` (leader first)."""
    for term in terms:
        term.mark = len(term.output)
    sent = keys.send(RIGHT)
    text = marker(number)
    found: dict[int, float] = {}
    deadline = time.perf_counter() + timeout
    while len(found) < len(terms):
        left = deadline - time.perf_counter()
        if left <= 0:
            raise Timeout(f"{text} not on every screen after {timeout} s")
        ready, _, _ = select.select([term.fd for term in terms], [], [], left)
        for index, term in enumerate(terms):
            if term.fd in ready and term._read(0) and index not in found \
                    and text in visible(bytes(term.output[term.mark:])):
                found[index] = term.last_output - sent
    return [found[index] for index in range(len(terms))]


def settle_all(terms: list[Terminal], quiet: float = 0.05, limit: float = 1.0) -> None:
    """Read every pty until none has written for `quiet` seconds."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([term.fd for term in terms], [], [], quiet)
        if not ready:
            return
        for term in terms:
            if term.fd in ready:
                term._read(0)


def walk(deck: Path, steps: int, share: bool, followers: int, runtime: Path,
         drive: bool = False) -> list[list[float]]:
    """One walk of `steps` slides; per step the latencies of the leader, then of each follower.

    With `drive` the first follower is started with --drive and the keys go to it.
    """
    env = bench_env(XDG_RUNTIME_DIR=str(runtime))
    leader = Terminal([deck_command(), "present", str(deck), *(["--share"] if share else [])], env=env)
    terms = [leader]
    try:
        leader.wait_for(marker(1))
        for number in range(followers):
            driving = ["--drive"] if drive and number == 0 else []
            follower = Terminal([deck_command(), "follow", str(deck), "--view", "slide", *driving], env=env)
            terms.append(follower)
            follower.wait_for(marker(1))
        settle_all(terms, 0.3, 5.0)
        keys = terms[1] if drive else leader
        # The first press of a fresh `deck present` is slower (100-290 ms here in its not-shared
        # form: issue 20's first key, bench_keys.py); follow mode is about every press after it.
        press_all(keys, terms, 2)
        settle_all(terms)
        out = []
        for number in range(3, steps + 3):
            out.append(press_all(keys, terms, number))
            settle_all(terms)
        return out
    finally:
        for term in reversed(terms):
            term.close()


def run(rounds: int, steps: int, workdir: Path) -> tuple[list[str], list[list[str]]]:
    deck, _ = generated(1000, workdir)
    runtime = Path(tempfile.mkdtemp(prefix="run-", dir=workdir))
    os.chmod(runtime, 0o700)
    alone: list[float] = []
    shared: list[float] = []
    with_three: list[float] = []
    in_follower: list[float] = []
    driver_own: list[float] = []
    driven_leader: list[float] = []
    driven_others: list[float] = []
    walk(deck, 3, True, 1, runtime)  # warm up, unmeasured
    for _ in range(rounds):
        alone += [step[0] for step in walk(deck, steps, False, 0, runtime)]
        shared += [step[0] for step in walk(deck, steps, True, 0, runtime)]
        for step in walk(deck, steps, True, 3, runtime):
            with_three.append(step[0])
            in_follower += step[1:]
        for step in walk(deck, steps, True, 3, runtime, drive=True):
            driven_leader.append(step[0])
            driver_own.append(step[1])
            driven_others += step[2:]
    reference = statistics.fmean(alone)
    rows = []
    for name, samples in (("leader, `deck present` (not shared)", alone),
                          ("leader, `--share`, no follower", shared),
                          ("leader, `--share`, 3 followers", with_three),
                          ("each of the 3 followers", in_follower),
                          ("key in a driving follower: its own screen", driver_own),
                          ("key in a driving follower: the leader", driven_leader),
                          ("key in a driving follower: each of the 2 others", driven_others)):
        stat = Stat.of(samples)
        rows.append([name, str(stat.n), f"{statistics.fmean(samples) * 1000:.1f}", stat.ms(1),
                     f"{stat.low * 1000:.1f}-{stat.high * 1000:.1f}",
                     f"{(statistics.fmean(samples) - reference) * 1000:+.1f}"])
    gap = statistics.fmean(with_three) - reference
    lines = [
        HEADING,
        "",
        f"`python bench/bench_follow.py --rounds {rounds} --steps {steps} --write`; {machine()}. "
        f"{rounds} rounds, each four walks of {steps} slides forward through the generated 1,000-slide deck, "
        "one per set-up, in turn; every program on its own 100x30 pty, all read at once. Milliseconds from "
        "writing the arrow key to the leader's pty until the next slide's title is in each program's output "
        "(for a follower: the leader's key, its state over the Unix socket, the follower's frame); each walk's "
        "first press is made and not counted (a fresh `deck present`'s first key is issue 20's, in "
        "bench_keys.py). In the last set-up the key goes to a follower started with `--drive` (3 followers "
        "in all): it draws the move at once and asks the leader, which moves and tells the others.",
        "",
        *table(["what", "presses", "mean ms", "median (IQR)", "min-max", "mean vs not shared"], rows),
        "",
        f"With 3 followers the leader's mean is {gap * 1000:+.1f} ms from the leader alone "
        f"(target: within a frame, 16.7 ms: {verdict(gap <= FRAME)}). Five programs share 2 cores here, so "
        "a follower's figure includes waiting for a core; the leader itself only writes a line per "
        "follower into a socket and never waits for one.",
        "",
        NOTE,
    ]
    summary = [["Leader's key to next slide, 3 followers", "<= alone + 16 ms", f"{gap * 1000:+.1f} ms",
                verdict(gap <= FRAME)]]
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="write the section into docs/performance.md")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deck-bench-") as folder:
        lines, summary = run(arguments.rounds, arguments.steps, Path(folder))
    print("\n".join(lines))
    print("\n".join(table(["benchmark", "target", "result", ""], summary)))
    if arguments.write:
        write_section(HEADING, lines)


if __name__ == "__main__":
    main()
