"""The presenter in a real terminal: tmux runs `python -m deck`, keys go in, the screen is read.

This catches what Textual's headless pilot cannot: the CLI wiring, the real driver, key escape
sequences, and that quitting restores the terminal and exits 0. Skipped when tmux is missing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "app_deck.yaml"
TIMEOUT = 15.0

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One detached tmux session on a private server (its own socket), killed at the end."""

    def __init__(self, socket: Path, name: str) -> None:
        self.socket = socket
        self.name = name

    def run(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True,
                                text=True, timeout=10, check=True)
        return result.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def wait_for(self, condition: Callable[[str], bool], what: str) -> str:
        """Poll the screen until `condition` holds (no fixed sleeps); fail after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path / "tmux.sock", "deck")
    yield session
    subprocess.run(["tmux", "-S", str(session.socket), "kill-server"], capture_output=True, timeout=10)


def first_line(screen: str) -> str:
    return screen.splitlines()[0] if screen else ""


def test_present_navigate_and_quit_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    status = tmp_path / "status"
    command = (f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck "
               f"{shlex.quote(str(FIXTURE))} --lang en; echo EXIT=$? | tee {shlex.quote(str(status))}; sleep 30")
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(["tmux", "-S", str(tmux.socket), "new-session", "-d", "-s", tmux.name,
                    "-x", "100", "-y", "30", "sh", "-c", command], env=env, check=True, timeout=10)

    # A frame may reach the terminal in pieces: wait for the header and the slide together.
    screen = tmux.wait_for(lambda s: "1/6" in first_line(s) and "How a social company" in s, "slide 1")
    assert first_line(screen).startswith("Meta at the AI crossroads")

    tmux.keys("Right")
    tmux.wait_for(lambda s: "2/6" in first_line(s) and "Three questions" in s, "slide 2")

    tmux.keys("End")
    screen = tmux.wait_for(lambda s: "6/6" in first_line(s) and "Thank you" in s, "the last slide")
    assert "Questions" in screen

    tmux.keys("q")
    screen = tmux.wait_for(lambda s: "EXIT=" in s, "the presenter to exit")
    assert status.read_text().strip() == "EXIT=0"
    # The terminal is restored: back on the main screen, no mouse reporting, no slide left over.
    assert tmux.run("display-message", "-p", "-t", tmux.name, "#{alternate_on}#{mouse_any_flag}").strip() == "00"
    assert "Thank you" not in screen


def test_chinese_and_resizing_in_a_real_terminal(tmux: Tmux) -> None:
    command = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck {shlex.quote(str(FIXTURE))}"
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(["tmux", "-S", str(tmux.socket), "new-session", "-d", "-s", tmux.name,
                    "-x", "80", "-y", "24", "sh", "-c", command], env=env, check=True, timeout=10)
    tmux.wait_for(lambda s: "zh  1/6" in first_line(s), "slide 1 in Chinese")
    tmux.keys("3", "Enter")
    screen = tmux.wait_for(lambda s: "3/6" in first_line(s), "the chart slide")
    assert "现实实验室的亏损" in screen and "亿美元" in screen
    tmux.run("resize-window", "-t", tmux.name, "-x", "38", "-y", "20")
    tmux.wait_for(lambda s: "the terminal has 38" in " ".join(s.split()), "the too-small message")
    tmux.run("resize-window", "-t", tmux.name, "-x", "80", "-y", "24")
    tmux.wait_for(lambda s: "现实实验室的亏损" in s and "3/6" in first_line(s), "the slide again")
