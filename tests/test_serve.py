"""`deck serve`: the presenter in Chromium through textual-serve, on a loopback port.

The browser's terminal is drawn on a canvas, so the test reads what the presenter sends it: the
websocket frames the page receives carry the app's screen output, in which slide 1's title
appears first, and slide 2's after a key press in the page. With `--follow`, the browser is a
follower of a talk `deck present --share` leads in tmux: it shows the leader's slide, and the
next one after a key press in the leader's terminal.
"""

from __future__ import annotations

import base64
import io
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, Page, available, press

from deck.cli import main
from deck.format.loader import load_deck
from deck.present.serve import command, is_loopback, public_url
from tests.test_tmux import FIXTURE, Tmux, first_line

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def start_server(*argv: str, env: dict[str, str] | None = None) -> tuple[str, subprocess.Popen[str]]:
    """`deck serve ARGV --port N` and the line it prints first."""
    process = subprocess.Popen([sys.executable, "-m", "deck", "serve", *argv, "--port", str(free_port())],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**(env or os.environ), "COLUMNS": "120"})
    assert process.stdout is not None
    return process.stdout.readline(), process


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    first, process = start_server(str(SLIDES), "--lang", "en")
    yield first, process
    stop(process)


def received(page: Page) -> bytes:
    """Everything the page's websockets received so far."""
    data = b""
    for event in page.events:
        if event["method"] == "Network.webSocketFrameReceived":
            frame = event["params"]["response"]
            payload = frame["payloadData"]
            data += base64.b64decode(payload) if frame.get("opcode") == 2 else payload.encode()
    return data


@pytest.mark.skipif(not available() and not os.environ.get("DECK_REQUIRE_BROWSER"), reason="no chromium")
def test_the_presenter_runs_in_the_browser(server: tuple[str, subprocess.Popen[str]]) -> None:
    first, _ = server
    assert first.startswith("deck: serving ") and "http://127.0.0.1:" in first
    url = first.split(" at ", 1)[1].split()[0]
    deck = load_deck(SLIDES)
    titles = [slide.title.get("en").encode() for slide in deck.slides[:2]]
    browser = Browser()
    try:
        page = browser.page(1280, 800)
        page.open(url)
        page.wait_for(lambda: titles[0] in received(page), TIMEOUT)
        assert titles[1] not in received(page)
        page.call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": 640, "y": 400, "button": "left",
                                               "clickCount": 1})
        page.call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": 640, "y": 400, "button": "left",
                                               "clickCount": 1})
        deadline = time.monotonic() + TIMEOUT
        while titles[1] not in received(page) and time.monotonic() < deadline:
            press(page, "ArrowRight")
            time.sleep(0.5)
        assert titles[1] in received(page)
        hosts = {request.split("/")[2] for request in page.requests()}
        sockets = {e["params"]["url"].split("/")[2] for e in page.events if e["method"] == "Network.webSocketCreated"}
        assert hosts | sockets == {url.split("/")[2]}  # nothing but this server, on loopback
        page.close()
    finally:
        browser.close()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.skipif(not available() and not os.environ.get("DECK_REQUIRE_BROWSER"), reason="no chromium")
def test_a_browser_follows_a_shared_talk(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    env = {**os.environ, "TERM": "xterm-256color", "XDG_RUNTIME_DIR": str(run_dir)}  # this test's talks only
    leader = Tmux(tmp_path / "tmux.sock", "leader")
    titles = [slide.title.get("en").encode() for slide in load_deck(FIXTURE).slides]
    subprocess.run(["tmux", "-S", str(leader.socket), "new-session", "-d", "-s", leader.name, "-x", "100", "-y", "30",
                    "sh", "-c", f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck present "
                    f"{shlex.quote(str(FIXTURE))} --share --lang en --start 3; sleep 60"],
                   env=env, check=True, timeout=10)
    browser = None
    process = None
    try:
        leader.wait_for(lambda s: "3/6" in first_line(s), "the leader on slide 3")
        first, process = start_server("--follow", env=env)  # no file: the one talk shared here
        assert first.startswith("deck: serving a follower of the talk sharing "), first
        url = first.split(" at ", 1)[1].split()[0]
        browser = Browser()
        page = browser.page(1280, 800)
        page.open(url)
        page.wait_for(lambda: titles[2] in received(page), TIMEOUT)  # the leader's slide, not slide 1
        assert titles[3] not in received(page)
        leader.keys("Right")
        page.wait_for(lambda: titles[3] in received(page), TIMEOUT)
        page.close()
    finally:
        if browser is not None:
            browser.close()
        if process is not None:
            stop(process)
        subprocess.run(["tmux", "-S", str(leader.socket), "kill-server"], capture_output=True, timeout=10)


def test_follow_refuses_a_language() -> None:
    status, stdout, stderr = run("serve", str(SLIDES), "--follow", "--lang", "en", "--port", str(free_port()))
    assert (status, stdout) == (2, "") and "--lang" in stderr and len(stderr.splitlines()) == 1


def test_follow_without_a_shared_talk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run_dir))
    status, stdout, stderr = run("serve", "--follow", "--port", str(free_port()))
    assert (status, stdout) == (2, "") and "deck present FILE --share" in stderr and len(stderr.splitlines()) == 1


def test_loopback_by_default_and_a_warning_otherwise() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 8000) == "http://[::1]:8000"
    assert socket.gethostname() in public_url("0.0.0.0", 8000)


def test_the_command_is_quoted() -> None:
    line = command("/tmp/my talk; rm -rf x.yaml", "en", None)
    assert "'/tmp/my talk; rm -rf x.yaml'" in line
    follower = command("/tmp/my talk; rm -rf x.yaml", "en", "high-contrast", follow=True)
    assert follower.endswith("-m deck follow '/tmp/my talk; rm -rf x.yaml' --view slide --theme high-contrast")


def test_invalid_deck_is_reported_before_serving(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nslides: 3\n", encoding="utf-8")
    status, stdout, stderr = run("serve", str(bad), "--port", str(free_port()))
    assert (status, stdout) == (2, "") and stderr.startswith(f"{bad}:")


def test_a_busy_port_is_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status, _, stderr = run("serve", str(SLIDES), "--port", str(port))
    assert status == 2 and f"--port {port}" in stderr and len(stderr.splitlines()) == 1


def test_missing_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    status, stdout, stderr = run("serve", str(SLIDES), "--port", str(free_port()))
    assert (status, stdout) == (2, "")
    assert stderr.strip().endswith("pip install 'deck[web]'") and len(stderr.splitlines()) == 1


def test_an_exposed_host_is_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    import textual_serve.server

    monkeypatch.setattr(textual_serve.server.Server, "serve", lambda self, debug=False: None)
    status, stdout, stderr = run("serve", str(SLIDES), "--host", "0.0.0.0", "--port", str(free_port()))
    assert status == 0 and "warning" in stderr and "0.0.0.0" in stderr
    assert stdout.startswith("deck: serving ")
