"""`deck serve`: the presenter in Chromium through textual-serve, on a loopback port.

The browser's terminal is drawn on a canvas, so the test reads what the presenter sends it: the
websocket frames the page receives carry the app's screen output, in which slide 1's title
appears first, and slide 2's after a key press in the page.
"""

from __future__ import annotations

import base64
import io
import os
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


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "deck", "serve", str(SLIDES), "--port", str(port), "--lang", "en"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "COLUMNS": "120"})
    assert process.stdout is not None
    first = process.stdout.readline()
    yield first, process
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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


def test_loopback_by_default_and_a_warning_otherwise() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 8000) == "http://[::1]:8000"
    assert socket.gethostname() in public_url("0.0.0.0", 8000)


def test_the_command_is_quoted() -> None:
    line = command("/tmp/my talk; rm -rf x.yaml", "en", None)
    assert "'/tmp/my talk; rm -rf x.yaml'" in line


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
