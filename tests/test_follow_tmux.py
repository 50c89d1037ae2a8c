"""Follow mode with the real commands: `deck present --share` and `deck follow` in two tmux panes.

Keys go to the leader's pane; both panes are read back. Skipped when tmux is missing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_tmux import FIXTURE, ROOT, Tmux, first_line, pytestmark  # noqa: F401  (the skip mark)


class Panes(Tmux):
    """A tmux window split in two: the leader's pane (.0) above the follower's (.1)."""

    def pane(self, number: int) -> str:
        return self.run("capture-pane", "-p", "-t", f"{self.name}.{number}")

    def wait_pane(self, number: int, condition: object, what: str) -> str:
        self.name, saved = f"{self.name}.{number}", self.name
        try:
            return self.wait_for(condition, what)  # type: ignore[arg-type]
        finally:
            self.name = saved


@pytest.fixture
def panes(tmp_path: Path) -> Iterator[Panes]:
    session = Panes(tmp_path / "tmux.sock", "follow")
    yield session
    subprocess.run(["tmux", "-S", str(session.socket), "kill-server"], capture_output=True, timeout=10)


def deck_command(arguments: str, status: Path) -> str:
    return (f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck {arguments}; "
            f"echo EXIT=$? | tee {shlex.quote(str(status))}; sleep 60")


def test_a_leader_and_a_follower_in_two_panes(panes: Panes, tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    env = {**os.environ, "TERM": "xterm-256color", "XDG_RUNTIME_DIR": str(run)}
    deck = shlex.quote(str(FIXTURE))
    leader = deck_command(f"present {deck} --share --lang en", tmp_path / "leader")
    subprocess.run(["tmux", "-S", str(panes.socket), "new-session", "-d", "-s", panes.name,
                    "-x", "100", "-y", "61", "sh", "-c", leader], env=env, check=True, timeout=10)
    panes.wait_pane(0, lambda s: "1/6" in first_line(s), "the leader on slide 1")
    follower = deck_command(f"follow {deck} --view presenter", tmp_path / "follower")
    panes.run("split-window", "-t", panes.name, "-v", "-l", "30", "sh", "-c", follower)
    panes.wait_pane(1, lambda s: "1/6" in first_line(s) and "ELAPSED" in s, "the follower's presenter view")

    panes.keys("-t", f"{panes.name}.0", "Right")
    panes.wait_pane(0, lambda s: "2/6" in first_line(s), "the leader on slide 2")
    screen = panes.wait_pane(1, lambda s: "2/6" in first_line(s) and "bullet 1 of 3" in s, "the follower on slide 2")
    assert "Pause after each question." in screen  # the speaker's notes, on the follower only
    assert "Pause after each question." not in panes.pane(0)

    panes.keys("-t", f"{panes.name}.0", "L")
    panes.wait_pane(1, lambda s: "三个问题" in s and "zh  2/6" in first_line(s), "the follower in Chinese")

    # The follower was not started with --drive: its keys do not move the talk.
    panes.keys("-t", f"{panes.name}.1", "Right")
    panes.wait_pane(1, lambda s: "--drive" in " ".join(s.split()), "the follower's hint")
    assert "2/6" in first_line(panes.pane(0)) and "2/6" in first_line(panes.pane(1))

    # The leader quits (status 0); the follower says so and waits; a new leader is followed.
    panes.keys("-t", f"{panes.name}.0", "q")
    panes.wait_pane(0, lambda s: "EXIT=" in s, "the leader to exit")
    assert (tmp_path / "leader").read_text().strip() == "EXIT=0"
    panes.wait_pane(1, lambda s: "not following" in s, "the follower to say the leader is gone")
    panes.run("respawn-pane", "-k", "-t", f"{panes.name}.0", "sh", "-c",
              deck_command(f"present {deck} --share --lang en --start 5", tmp_path / "leader"))
    panes.wait_pane(1, lambda s: "5/6" in first_line(s) and "In one sentence" in s, "the follower on slide 5")

    panes.keys("-t", f"{panes.name}.1", "q")
    panes.wait_pane(1, lambda s: "EXIT=" in s, "the follower to exit")
    assert (tmp_path / "follower").read_text().strip() == "EXIT=0"
    panes.keys("-t", f"{panes.name}.0", "q")
    panes.wait_pane(0, lambda s: "EXIT=" in s, "the second leader to exit")
    assert (tmp_path / "leader").read_text().strip() == "EXIT=0"
    assert list(run.glob("deck/*.sock")) == []  # the leader removed its socket


def test_an_audience_screen_and_a_driving_follower(panes: Panes, tmp_path: Path) -> None:
    """The leader at 80x24, the audience's screen at 80x24 and a driving presenter view at 120x36
    (three sessions on one tmux server): the audience sees the slide alone, the driver's keys
    (a move and the timer's pause) reach the leader and the audience."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    env = {**os.environ, "TERM": "xterm-256color", "XDG_RUNTIME_DIR": str(run)}
    deck = shlex.quote(str(FIXTURE))

    def session(name: str, size: tuple[int, int], arguments: str) -> Panes:
        subprocess.run(["tmux", "-S", str(panes.socket), "new-session", "-d", "-s", name, "-x", str(size[0]),
                        "-y", str(size[1]), "sh", "-c", deck_command(arguments, tmp_path / name)],
                       env=env, check=True, timeout=10)
        return Panes(panes.socket, name)

    leader = session("leader", (80, 24), f"present {deck} --share --lang en --duration 20m")
    leader.wait_for(lambda s: "1/6" in first_line(s), "the leader on slide 1")
    audience = session("audience", (80, 24), f"follow {deck}")
    driver = session("driver", (120, 36), f"follow {deck} --view presenter --drive")
    driver.wait_for(lambda s: "1/6" in first_line(s) and "ELAPSED" in s, "the driver's presenter view")
    # The driver draws the talk from its first look at it, then connects: keys count from then.
    log = next(run.glob("deck/talk-*.log"))
    driver.wait_for(lambda _: "(driving)" in log.read_text(encoding="utf-8"), "the driver to join")
    screen = audience.wait_for(lambda s: "Meta at the AI crossroads" in s, "the audience's slide")
    assert "1/6" not in screen and "Quit" not in screen and "elapsed" not in screen  # no header, footer, timers

    driver.keys("Right", "Right")  # slide 2, then its first bullet
    leader.wait_for(lambda s: "2/6" in first_line(s) and "How much" in s, "the leader moved by the driver")
    screen = audience.wait_for(lambda s: "Three questions" in s and "How much" in s, "the audience on slide 2")
    assert "Why did AI" not in screen  # the first bullet only, as everywhere
    driver.keys("z")
    leader.wait_for(lambda s: "timer paused" in s, "the leader's timer paused by the driver")
    driver.wait_for(lambda s: "PAUSED" in s, "the driver's timer paused")

    leader.keys("q")
    leader.wait_for(lambda s: "EXIT=" in s, "the leader to exit")
    screen = audience.wait_for(lambda s: "not following" in s, "the audience's one line")
    lines = [line for line in screen.splitlines() if line.strip()]
    assert "not following" in lines[-1] and len(lines[-1]) <= 80
    assert sum("not following" in line for line in lines) == 1 and "Quit" not in screen

    driver.keys("P")  # the driver's own screen, now the slide alone at 120x36
    screen = driver.wait_for(lambda s: "Three questions" in s and "ELAPSED" not in s, "the driver's slide view")
    assert "Quit" not in screen and "2/6" not in screen
    for follower in (audience, driver):
        follower.keys("q")
        follower.wait_for(lambda s: "EXIT=" in s, "the follower to exit")
    assert (tmp_path / "audience").read_text().strip() == "EXIT=0" == (tmp_path / "driver").read_text().strip()
    assert (tmp_path / "leader").read_text().strip() == "EXIT=0"
