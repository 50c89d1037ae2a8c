"""Follow mode's follower: `deck follow` shows a shared talk and keeps up with its leader.

The follower is an ordinary `DeckApp` (the same screens, keys and renderer) with a `Follower`
companion that connects to the leader, applies each state it sends (by slide id, as a reload
does) and, when the leader goes away, says so and tries again every few seconds until it is back.

Keys that move the talk move it everywhere only from a follower started with ``--drive``: its
moves are sent to the leader as requests, and the leader's answer (which carries the request's
number) is what the follower then shows. Without ``--drive`` such a move is undone at once with
a word of why. What belongs to one screen (presenter view, notes, theme, scrolling, pop-ups) is
each screen's own.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from collections import deque
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from deck.draw.text import safe_text
from deck.format.errors import UsageError
from deck.present.app import DeckApp, check_theme
from deck.present.follow import (
    MAX_LINE,
    Bye,
    Go,
    Hello,
    ProtocolError,
    Refused,
    State,
    Welcome,
    decode,
    encode,
    file_digest,
    parse_address,
    peer_allowed,
    socket_path,
    talk_sockets,
)
from deck.present.follow_leader import MAX_BUFFER, apply, capture
from deck.present.graphics import choose
from deck.present.screens import SlideScreen

RETRY_MIN = 0.25  # seconds before trying the leader again, doubling ...
RETRY_MAX = 2.0  # ... up to this
CONNECT_TIMEOUT = 5.0
HINT_EVERY = 5.0  # seconds between two "this follower does not drive" hints
REQUEST_GAP = 1 / 16  # seconds between two requests of a driving follower (the leader allows 20 a second)
LOST_SECONDS = 24 * 3600.0  # "not following" stays until the leader is back
VIEWS = ("slide", "presenter")


class Refusal(Exception):
    """The leader answered with an error (a wrong token, too many followers)."""


@dataclass(frozen=True)
class Target:
    """Where the leader is: its Unix socket, or a loopback TCP address with the token."""

    path: Path | None = None
    host: str = ""
    port: int = 0
    token: str | None = None

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else f"{self.host}:{self.port}"


# --- before the app starts: which talk, and where it is now ---------------------------------


def _read_line(sock: socket.socket, pending: bytearray) -> bytes:
    while b"\n" not in pending:
        if len(pending) > MAX_LINE:
            raise ProtocolError(f"message longer than {MAX_LINE} bytes")
        chunk = sock.recv(MAX_LINE)
        if not chunk:
            raise ConnectionError("the leader closed the connection")
        pending += chunk
    line, _, rest = bytes(pending).partition(b"\n")
    pending[:] = rest
    return line + b"\n"


def _connect_blocking(target: Target, timeout: float) -> socket.socket:
    if target.path is not None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address: str | tuple[str, int] = str(target.path)
    else:
        sock = socket.socket(socket.AF_INET6 if ":" in target.host else socket.AF_INET, socket.SOCK_STREAM)
        address = (target.host, target.port)
    sock.settimeout(timeout)
    try:
        sock.connect(address)
        if not peer_allowed(sock, os.getuid()):
            raise ConnectionError("the socket belongs to another user")
    except BaseException:
        sock.close()
        raise
    return sock


def discover(target: Target, timeout: float = 2.0) -> tuple[Welcome, State] | None:
    """What the leader at `target` presents and where it is; None when no leader answers.

    Raises `UsageError` when the leader refuses (a wrong token).
    """
    try:
        sock = _connect_blocking(target, timeout)
    except OSError:
        return None
    with sock:
        try:
            sock.sendall(encode(Hello(token=target.token)))
            pending = bytearray()
            welcome = decode(_read_line(sock, pending))
            if isinstance(welcome, Refused):
                raise UsageError(f"{target}: the leader refused: {welcome.message}")
            where = decode(_read_line(sock, pending))
        except (OSError, ProtocolError):
            return None
    if not isinstance(welcome, Welcome) or not isinstance(where, State):
        return None
    return welcome, where


def choose_target(file: str | None, connect: str | None, token: str | None) -> Target:
    """The leader to follow: at `connect`, else the one presenting `file`, else the only one running."""
    if connect is not None:
        host, port = parse_address(connect)
        return Target(host=host, port=port, token=token)
    if file is not None:
        return Target(socket_path(file))
    live = [(path, found[0].path) for path in talk_sockets() if (found := discover(Target(path))) is not None]
    if not live:
        raise UsageError("no talk is shared here: start one with `deck present FILE --share`")
    if len(live) > 1:
        decks = ", ".join(deck for _, deck in live)
        raise UsageError(f"several talks are shared ({decks}): name one, `deck follow FILE`")
    return Target(live[0][0])


def follow(file: str | None, *, view: str = "slide", drive: bool = False, connect: str | None = None,
           token: str | None = None, theme: str | None = None, images: str = "blocks") -> int:
    """Run `deck follow`: join the talk and show it in `view` until q; return the exit status."""
    from deck.format.loader import load_deck

    check_theme(theme)
    if view not in VIEWS:
        raise UsageError(f"--view {view}: choose one of {', '.join(VIEWS)}")
    target = choose_target(file, connect, token)
    found = discover(target)
    if found is None and file is None:
        raise UsageError(f"{target}: no leader answers; is `deck present --share` running?")
    deck = load_deck(file if file is not None else found[0].path)  # type: ignore[index]
    where = found[1] if found is not None else None
    images = choose(images, os.environ, bool(deck.images))  # before Textual takes the terminal
    app = FollowerApp(deck, view=view, lang=where.lang if where else None, theme=theme,
                      start=where.index if where else 0, watch=False, images=images)
    app.companions.append(Follower(app, target, drive=drive, view=view, first=where))
    app.run()
    return app.return_code or 0


# --- in the app -------------------------------------------------------------------------------


class FollowLine(Static):
    """The audience view's only words of its own: one dim line over the slide's last row, shown
    while the follower has something to say (it lost the leader, another deck version, a hint)."""

    DEFAULT_CSS = """
    FollowLine {
        dock: bottom;
        layer: follow;
        height: 1;
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
        text-align: right;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        display: none;
    }
    """


class FollowerApp(DeckApp):
    """`deck follow`'s app: a `DeckApp` whose audience view (the slide view) shows the slide only.

    In the audience view the header, status bar (progress, timers) and key footer are hidden and
    no toast is shown: what the follower must say goes on one discreet line (`FollowLine`), and the
    app's own notices (a reload, a theme) are dropped unless they are warnings or errors. The
    presenter view (`--view presenter`, or `P`) is the usual one, toasts and all.
    """

    CSS = """
    SlideScreen { layers: default follow; }
    SlideScreen.-audience #header, SlideScreen.-audience #status, SlideScreen.-audience DeckFooter {
        display: none;
    }
    """

    def __init__(self, *args: Any, view: str = "slide", **options: Any) -> None:
        super().__init__(*args, **options)
        self.view = view
        self.said: deque[str] = deque(maxlen=50)  # what this screen was told, newest last (tests)
        self._line: FollowLine | None = None
        self._line_timer: Timer | None = None
        self._said_last: tuple[str, str, SeverityLevel, float] | None = None  # and until when

    def get_default_screen(self) -> Screen[None]:
        """The slides, in `view` from the first frame on."""
        screen = super().get_default_screen()
        if self.view == "presenter" and isinstance(screen, SlideScreen):
            screen.set_reactive(SlideScreen.presenter, True)
            screen.add_class("-presenter")
        else:
            screen.add_class("-audience")
        return screen

    @property
    def audience(self) -> bool:
        """Whether the audience view is on screen (the slide alone)."""
        return self._line is not None and not self.slide_screen.presenter

    def start_audience_view(self, screen: SlideScreen) -> None:
        """Give `screen` the discreet line, and the audience look whenever it is not the presenter view."""
        self._line = FollowLine(id="follow-line")
        screen.mount(self._line)

        self.watch(screen, "presenter", partial(self._switched, screen), init=False)

    def _switched(self, screen: SlideScreen, presenter: bool) -> None:
        """The other view: its look, and what is being said moved to it (toast or line)."""
        screen.set_class(not presenter, "-audience")
        super().clear_notifications()  # a toast left on the audience's screen would stay there
        self._clear_line()
        if self._said_last is not None:
            message, title, severity, until = self._said_last
            if until > time.monotonic():
                self.say(message, title=title, severity=severity, timeout=until - time.monotonic())

    def say(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
            timeout: float) -> None:
        """A toast in the presenter view; in the audience view, the discreet line for `timeout` s."""
        self.said.append(f"{title}: {message}" if title else message)
        self._said_last = (message, title, severity, time.monotonic() + timeout)
        if not self.audience:
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
            return
        line = self._line
        assert line is not None
        line.update(Content(safe_text(f"{title}: {message}" if title else message).plain))
        line.display = True
        if self._line_timer is not None:
            self._line_timer.stop()
        self._line_timer = self.set_timer(timeout, self._clear_line)

    def _clear_line(self) -> None:
        if self._line is not None:
            self._line.display = False

    def clear_notifications(self) -> None:
        """Clear the toasts and the discreet line."""
        super().clear_notifications()
        self._clear_line()
        self._said_last = None

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """The app's notices: as always in the presenter view; in the audience view only a warning
        or an error, on the discreet line (a reload or a theme change is no news to an audience)."""
        if not self.audience:
            self.said.append(f"{title}: {message}" if title else message)
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        elif severity != "information":  # (its markup, if any, is shown as typed)
            self.say(message, title=title, severity=severity, timeout=timeout or 5.0)
        else:
            self.said.append(f"{title}: {message}" if title else message)


class Follower:
    """Keeps `app` on the leader's state; the companion of a follower's `DeckApp`."""

    def __init__(self, app: DeckApp, target: Target, *, drive: bool = False, view: str = "slide",
                 first: State | None = None) -> None:
        self.app = app
        self.target = target
        self.drive = drive
        self.view = view
        self.digest = file_digest(app.deck.path)
        self.state = first  # the leader's last state
        self.connected = False
        self.applied = 0  # states shown, for tests and the benchmark
        self.applied_at = 0.0
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        self._applying = False
        self._ref = 0  # our last request's number ...
        self._acked = 0  # ... and the last one the leader answered
        self._leader_digest = ""
        self._told_lost = False
        self._hinted = 0.0
        self._received_at = time.monotonic()
        self._sending = False  # a request waits to be sent
        self._requested_at = 0.0

    # --- the companion's hooks ----------------------------------------------------------------

    def started(self) -> None:
        """Choose the view, start the connection, watch for local moves."""
        app = self.app
        screen = app.slide_screen
        screen.presenter = self.view == "presenter"
        if isinstance(app, FollowerApp):
            app.start_audience_view(screen)
        if self.state is not None:
            self._show(self.state)
        app.watch(screen, "position", self._local_move, init=False)
        app.watch(screen, "lang", self._local_move, init=False)
        self._task = asyncio.ensure_future(self._run())

    def timers_changed(self) -> None:
        """A key here paused, resumed, reset or started the timer: as any move, ask the leader
        (with --drive), else go back to the talk's timer."""
        self._local_move()

    def reloaded(self) -> None:
        """Our deck file was loaded again: its version changed."""
        self.digest = file_digest(self.app.deck.path)

    def stopping(self) -> None:
        """Close the connection."""
        if self._task is not None:
            self._task.cancel()
        if self._writer is not None:
            self._writer.close()

    # --- the connection -----------------------------------------------------------------------

    async def _run(self) -> None:
        delay = RETRY_MIN
        while True:
            try:
                reader, writer = await self._connect()
            except Refusal as refusal:
                self._lost(f"the leader refused: {refusal}")
                delay = RETRY_MAX
            except (OSError, ProtocolError, TimeoutError, asyncio.IncompleteReadError):
                self._lost("no leader")
            else:
                delay = RETRY_MIN
                reason = await self._follow(reader, writer)
                self._lost(reason)
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX)

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        target = self.target
        if target.path is not None:
            reader, writer = await asyncio.open_unix_connection(str(target.path), limit=MAX_LINE)
        else:
            reader, writer = await asyncio.open_connection(target.host, target.port, limit=MAX_LINE)
        try:
            sock = writer.get_extra_info("socket")
            if sock is None or not peer_allowed(sock, os.getuid()):
                raise ConnectionError("the socket belongs to another user")
            writer.write(encode(Hello(self.drive, target.token, self.digest)))
            welcome = decode(await asyncio.wait_for(reader.readline(), CONNECT_TIMEOUT))
            if isinstance(welcome, Refused):
                raise Refusal(welcome.message)
            if not isinstance(welcome, Welcome):
                raise ProtocolError("the leader did not answer with a welcome")
        except BaseException:
            writer.close()
            raise
        return reader, writer

    async def _follow(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> str:
        """Show each state until the connection ends; return why it did."""
        self._writer, self.connected = writer, True
        self._ref = self._acked = 0
        self._sending = False
        if self._told_lost:
            self._told_lost = False
            self.app.clear_notifications()
            self._say("following the talk again", timeout=3)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return "lost the leader"
                message = decode(line)
                if isinstance(message, State):
                    self._received(message)
                elif isinstance(message, Bye):
                    return "the leader has quit"
                elif isinstance(message, Refused):
                    return f"the leader refused: {message.message}"
        except ProtocolError as error:
            return f"the leader sent a bad message ({error})"
        except (OSError, ValueError, asyncio.IncompleteReadError):
            return "lost the leader"
        finally:
            self._writer, self.connected = None, False
            writer.close()

    def _lost(self, reason: str) -> None:
        """Say once per outage that the leader is gone (the connection is retried meanwhile)."""
        if not self._told_lost:
            self._told_lost = True
            self._say(f"{reason}: waiting for it at {self.target}", title="not following",
                      severity="warning", timeout=LOST_SECONDS)

    # --- states -------------------------------------------------------------------------------

    def _received(self, state: State) -> None:
        self.state, self._received_at = state, time.monotonic()
        self._acked = max(self._acked, state.ack)
        if self._acked < self._ref:
            return  # our request is on its way: show the leader's answer, not what came before
        self._check_version(state)
        self._show(state)

    def _check_version(self, state: State) -> None:
        """Reload when the leader shows another version of the deck; say so if ours differs."""
        if state.digest == self._leader_digest:
            return
        self._leader_digest = state.digest
        if state.digest and state.digest != self.digest:
            self.app.reload()
            if state.digest != self.digest:
                self._say(f"{self.app.deck.path} here is not the version the leader presents: "
                          "slides may differ", title="another deck version", severity="warning",
                          timeout=10)

    def _show(self, state: State) -> None:
        self._applying = True
        try:
            apply(self.app, state)
        finally:
            self._applying = False
        self.applied += 1
        self.applied_at = time.monotonic()

    def _aged(self, state: State) -> State:
        """`state` as it is now: a running timer has gone on since the leader sent it."""
        timer = state.timer
        if not timer.running:
            return state
        return replace(state, timer=replace(timer, elapsed=timer.elapsed + time.monotonic() - self._received_at))

    def _local_move(self) -> None:
        """A key moved this screen: ask the leader (with --drive), else go back to the talk."""
        if self._applying or self.state is None or not self.connected:
            return
        if self.drive:
            self._request()
            return
        self._show(self._aged(self.state))
        now = time.monotonic()
        if now - self._hinted > HINT_EVERY:
            self._hinted = now
            self._say("this screen only follows the talk; to drive it from here: deck follow --drive",
                      timeout=4)

    def _say(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
             timeout: float) -> None:
        """Tell the person at this screen: a toast, or the audience view's one discreet line."""
        if isinstance(self.app, FollowerApp):
            self.app.say(message, title=title, severity=severity, timeout=timeout)
        else:
            self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _request(self) -> None:
        """Ask the leader for the move this screen just made, once this screen has drawn it.

        As the leader does with its states: sent at once, the request had the leader and the other
        followers drawing beside this screen's own frame (21 ms from the key to this screen, mean,
        bench_follow.py, against 8 ms for a leader alone). The request is numbered now, so a state
        arriving meanwhile is not shown over the move. Moves made before it goes are sent as one
        (it carries the state as it is then), at most one per `REQUEST_GAP`, so a key held down
        stays under the leader's flood limit.
        """
        writer = self._writer
        if writer is None or writer.transport.get_write_buffer_size() > MAX_BUFFER:
            return
        self._ref += 1
        if self._sending:
            return
        self._sending = True
        wait = self._requested_at + REQUEST_GAP - time.monotonic()
        if wait > 0:
            self.app.set_timer(wait, partial(self._send_request, writer))
        else:
            self.app.call_after_refresh(self._send_request, writer)

    def _send_request(self, writer: asyncio.StreamWriter) -> None:
        self._sending = False
        if writer is not self._writer or writer.transport.is_closing():
            return  # the connection went meanwhile (a new one numbers its requests anew)
        self._requested_at = time.monotonic()
        writer.write(encode(Go(capture(self.app, self.digest), self._ref)))
