"""A small synchronous driver for the system Chromium over the DevTools protocol, for the tests.

One headless Chromium per test module (see the `browser` fixtures): `Browser.page()` opens a tab,
whose `call` sends a protocol command and waits for its answer, and `events` records what the
page reported (network requests among them). The protocol runs on an asyncio loop in a thread
of its own, so tests stay plain functions. Only loopback addresses are used.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TIMEOUT = 60.0  # generous: only catches a hang


class Browser:
    """A headless Chromium started with a throw-away profile; `close()` ends it."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="deck-chromium-")
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--metrics-recording-only",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "--hide-scrollbars", "--force-device-scale-factor=1",
             "--font-render-hinting=none", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.endpoint = self._endpoint()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.session: aiohttp.ClientSession = self.run(self._session())

    def _endpoint(self) -> str:
        """The browser's DevTools websocket, read from what it prints when it starts."""
        assert self.process.stderr is not None
        deadline = time.monotonic() + TIMEOUT
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stderr.readline().decode(errors="replace")
            if not line and self.process.poll() is not None:
                break
            seen.append(line)
            match = re.search(r"DevTools listening on (ws://127\.0\.0\.1:\d+/\S+)", line)
            if match:
                threading.Thread(target=self._drain, daemon=True).start()
                return match.group(1)
        self.close()
        raise RuntimeError("chromium did not start: " + "".join(seen[-10:]))

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for _ in iter(self.process.stderr.readline, b""):
            pass

    async def _session(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    def run(self, coroutine: Any, timeout: float = TIMEOUT) -> Any:
        """Run `coroutine` on the protocol's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def page(self, width: int = 1280, height: int = 800) -> Page:
        """A new tab of `width` x `height` CSS pixels."""
        port = re.search(r":(\d+)/", self.endpoint).group(1)  # type: ignore[union-attr]
        info = self.run(self._new_target(f"http://127.0.0.1:{port}/json/new?about:blank"))
        page = Page(self, info["webSocketDebuggerUrl"], info["id"])
        page.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page

    async def _new_target(self, url: str) -> dict[str, Any]:
        async with self.session.put(url) as response:
            return await response.json(content_type=None)  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the browser and remove its profile."""
        if getattr(self, "session", None) is not None:
            self.run(self.session.close())
        if getattr(self, "loop", None) is not None:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: protocol commands, recorded events, and a few conveniences."""

    def __init__(self, browser: Browser, url: str, target: str) -> None:
        self.browser = browser
        self.target = target
        self.events: list[dict[str, Any]] = []
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.counter = 0
        self.socket = browser.run(self._connect(url))

    async def _connect(self, url: str) -> aiohttp.ClientWebSocketResponse:
        socket = await self.browser.session.ws_connect(url, max_msg_size=0)
        self.reader = asyncio.get_running_loop().create_task(self._read(socket))
        return socket

    async def _read(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for message in socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                future = self.pending.pop(data["id"])
                if "error" in data:
                    future.set_exception(RuntimeError(str(data["error"])))
                else:
                    future.set_result(data.get("result", {}))
            elif "method" in data:
                self.events.append(data)

    async def _call(self, method: str, params: dict[str, Any]) -> Any:
        self.counter += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[self.counter] = future
        await self.socket.send_str(json.dumps({"id": self.counter, "method": method, "params": params}))
        return await future

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """Send one DevTools command and return its result."""
        return self.browser.run(self._call(method, params or {}))

    def open(self, url: str) -> None:
        """Navigate to `url` and wait until it has loaded."""
        self.call("Page.enable")
        self.call("Network.enable")
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_for(lambda: any(e["method"] == "Page.loadEventFired" for e in self.events))

    def wait_for(self, condition: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
        """Poll `condition` until it is true; its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError("the page did not get there")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def press(self, key: str, code: str = "", key_code: int = 0, text: str = "") -> None:
        """A key press, as the keyboard sends it."""
        params: dict[str, Any] = {"key": key, "code": code or key, "windowsVirtualKeyCode": key_code}
        down = {"type": "keyDown" if text else "rawKeyDown", **params}
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", down)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", **params})

    def screenshot(self, path: Path | None = None) -> bytes:
        """The viewport as PNG bytes (also written to `path`)."""
        data = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        if path is not None:
            path.write_bytes(data)
        return data

    def print_pdf(self) -> bytes:
        """The page printed to PDF by Chromium, with the page's own CSS page size."""
        result = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
        return base64.b64decode(result["data"])

    def requests(self) -> list[str]:
        """URLs of every request the page made since it was opened."""
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def close(self) -> None:
        """Close the tab."""
        self.browser.run(self.socket.close())


KEYS = {
    "ArrowRight": ("ArrowRight", 39), "ArrowLeft": ("ArrowLeft", 37), "PageDown": ("PageDown", 34),
    "PageUp": ("PageUp", 33), "Home": ("Home", 36), "End": ("End", 35), " ": ("Space", 32),
}


def press(page: Page, key: str) -> None:
    """Press `key` (a DOM key name: ArrowRight, Home, ' ', or a letter)."""
    if key in KEYS:
        code, number = KEYS[key]
        page.press(key, code, number, text=" " if key == " " else "")
    else:
        page.press(key, f"Key{key.upper()}", ord(key.upper()), text=key)


def available() -> bool:
    """Whether the system Chromium is there to drive."""
    return os.access(CHROMIUM, os.X_OK)
