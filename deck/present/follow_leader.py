"""Follow mode's leader: `deck present --share` serves its state to followers, and the state
both ends share (`capture`, `apply`).

The leader runs in the talk's own event loop and never waits for a follower: a state goes out
with a non-blocking write into a buffer bounded by `MAX_BUFFER` per follower; a follower whose
buffer is full (it does not read), that floods (more than `BURST` messages at once, `RATE` a
second after that), sends a line longer than `follow.MAX_LINE` or anything that is not a valid
message is dropped and the reason logged. At most `MAX_FOLLOWERS` at once; a connection that
does not say hello within `HELLO_TIMEOUT` seconds is closed.

What is sent is a snapshot of the state (slide, reveal step, language, timers, deck version),
whenever it differs from the last one sent (the slide screen's reactives are watched, the app
tells of a key that changed the timers, and a quick poll catches anything else), and at least
once a second. A move is sent once the leader has drawn it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass, field, replace
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from deck.present import state as nav
from deck.present.follow import (
    MAX_LINE,
    Bye,
    Go,
    Hello,
    ProtocolError,
    Refused,
    State,
    TimerState,
    Welcome,
    decode,
    encode,
    file_digest,
    peer_allowed,
    token_matches,
)
from deck.present.state import Position

if TYPE_CHECKING:
    from deck.present.app import DeckApp

MAX_FOLLOWERS = 32
MAX_BUFFER = 64 * 1024  # bytes waiting for one follower: a few hundred states
BURST = 50  # messages a follower may send at once ...
RATE = 20.0  # ... and per second after that
HELLO_TIMEOUT = 5.0
POLL = 0.2  # seconds between checks for changes no reactive reports (timers)
HEARTBEAT = 1.0  # seconds: the state is sent at least this often
LOG_BYTES = 256 * 1024


# --- the shared state -----------------------------------------------------------------------


def timer_of(app: DeckApp) -> TimerState:
    """The app's clock as the protocol carries it."""
    clock = app.talk_clock
    return TimerState(max(0.0, clock.elapsed(app.clock())), clock.running, app.duration, clock.waiting)


def set_timer(app: DeckApp, timer: TimerState) -> None:
    """Set the app's clock to `timer`."""
    app.set_talk_timer(timer.elapsed, timer.running, timer.duration, timer.waiting)


def capture(app: DeckApp, digest: str) -> State:
    """The state of `app` now."""
    screen = app.slide_screen
    position = screen.position
    slide = app.deck.slides[position.index]
    return State(position.index, slide.id, position.step, screen.lang, timer_of(app), digest)


def change_key(snapshot: State) -> tuple[object, ...]:
    """What makes two snapshots different (the timer by when it started, not by its reading)."""
    timer = snapshot.timer
    anchor = time.monotonic() - timer.elapsed if timer.running else timer.elapsed
    return (snapshot.index, snapshot.step, snapshot.lang, snapshot.digest, timer.running,
            timer.waiting, timer.duration, round(anchor * 4))


def apply(app: DeckApp, snapshot: State) -> None:
    """Show `snapshot` in `app`: the same slide by id (else by index), reveal step, language, timers."""
    deck, screen = app.deck, app.slide_screen
    index = _index_of(app, snapshot)
    position = Position(index, min(snapshot.step, nav.steps(deck, index)))
    set_timer(app, snapshot.timer)
    if snapshot.lang in deck.languages and snapshot.lang != screen.lang:
        screen.lang = snapshot.lang
        app.title = deck.title.get(snapshot.lang)
    if position != screen.position:
        screen.position = position


def _index_of(app: DeckApp, snapshot: State) -> int:
    slides = app.deck.slides
    if snapshot.slide_id is not None:
        for index, slide in enumerate(slides):
            if slide.id == snapshot.slide_id:
                return index
    return min(snapshot.index, len(slides) - 1)


# --- the leader -----------------------------------------------------------------------------


def open_log(path: Path) -> logging.Logger:
    """The leader's log, a file beside its socket (0600, at most about 2 x `LOG_BYTES`)."""
    logger = logging.getLogger(f"deck.follow.{path.name}")
    logger.propagate = False  # never onto the terminal the talk is on
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        old = os.umask(0o177)
        try:
            handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8")
        finally:
            os.umask(old)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    return logger


@dataclass(eq=False)
class Peer:
    """One connected follower."""

    name: str
    writer: asyncio.StreamWriter
    drive: bool = False
    budget: float = BURST
    refilled: float = field(default_factory=time.monotonic)

    def spend(self) -> bool:
        """Take one message from the budget; False once the follower floods."""
        now = time.monotonic()
        self.budget = min(BURST, self.budget + (now - self.refilled) * RATE)
        self.refilled = now
        self.budget -= 1
        return self.budget >= 0


class Leader:
    """Serves the talk in `app` on the listening `sockets` (Unix, and TCP with `token`)."""

    def __init__(self, app: DeckApp, sockets: list[socket.socket], *, token: str | None = None,
                 uid: int | None = None, log: logging.Logger | None = None,
                 socket_file: Path | None = None) -> None:
        self.app = app
        self.sockets = sockets
        self.token = token
        self.uid = os.getuid() if uid is None else uid
        self.log = log or logging.getLogger("deck.follow")
        self.socket_file = socket_file
        self._inode = os.stat(socket_file).st_ino if socket_file is not None else None
        self.peers: set[Peer] = set()
        self.events: deque[str] = deque(maxlen=200)  # recent log lines, newest last
        self.digest = file_digest(app.deck.path)
        self.sent = 0  # states written, all followers counted
        self.last_sent_at = 0.0
        self._last_key: tuple[object, ...] | None = None
        self._last_beat = 0.0
        self._servers: list[asyncio.AbstractServer] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._connections = 0

    # --- the companion's hooks ----------------------------------------------------------------

    def started(self) -> None:
        """Watch the slide screen and start accepting followers."""
        app = self.app
        screen = app.slide_screen
        app.watch(screen, "position", self._changed, init=False)
        app.watch(screen, "lang", self._changed, init=False)
        app.set_interval(POLL, self._poll)
        for sock in self.sockets:
            self._spawn(self._listen(sock))

    def timers_changed(self) -> None:
        """A key changed the timers: followers are told at once (not at the next poll)."""
        self._changed()

    def reloaded(self) -> None:
        """A new version of the deck: followers reload too and stay on the same slide."""
        self.digest = file_digest(self.app.deck.path)
        self.publish()

    def stopping(self) -> None:
        """Say goodbye, close every connection and remove the socket file."""
        goodbye = encode(Bye())
        for peer in list(self.peers):
            self._write(peer, goodbye)
            peer.writer.close()
        self.peers.clear()
        for server in self._servers:
            server.close()
        for sock in self.sockets:
            sock.close()
        self._remove_socket_file()

    def _remove_socket_file(self) -> None:
        # Only our own socket: a newer leader of the same deck may have replaced it.
        path = self.socket_file
        if path is not None:
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == self._inode:
                    path.unlink()

    # --- sending ------------------------------------------------------------------------------

    def snapshot(self) -> State:
        """The talk's state now."""
        return capture(self.app, self.digest)

    def publish(self, force: bool = False) -> None:
        """Send the state to every follower if it changed (or when `force`)."""
        try:
            snapshot = self.snapshot()
        except LookupError:  # the app is closing: a poll due after its screens went has nothing to send
            return
        key = change_key(snapshot)
        if key == self._last_key and not force:
            return
        self._last_key = key
        self._last_beat = time.monotonic()
        line = encode(snapshot)
        for peer in list(self.peers):
            self._write(peer, line)
        self.last_sent_at = time.monotonic()

    def _changed(self) -> None:
        # After the leader's own frame: followers then render while the leader's terminal shows
        # the slide, not before it (on 2 cores, 3 followers drawing at once delayed the leader's
        # frame by 21 ms; deferred, by 0.3 ms, and the followers were no later: bench_follow.py).
        self.app.call_after_refresh(self.publish)

    def _poll(self) -> None:
        self.publish(force=time.monotonic() - self._last_beat >= HEARTBEAT)

    def _write(self, peer: Peer, line: bytes) -> None:
        """Queue `line` for `peer` without waiting; drop a follower that does not read."""
        transport = peer.writer.transport
        if transport.is_closing():
            return
        if transport.get_write_buffer_size() + len(line) > MAX_BUFFER:
            self._drop(peer, f"not reading ({MAX_BUFFER} bytes waiting)")
            return
        peer.writer.write(line)
        self.sent += 1

    def _drop(self, peer: Peer, reason: str) -> None:
        self.note(f"{peer.name}: dropped: {reason}")
        self.peers.discard(peer)
        peer.writer.transport.abort()

    def note(self, message: str) -> None:
        """Log `message` (the file beside the socket, and `events`)."""
        self.events.append(message)
        self.log.info("%s", message)

    # --- serving ------------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _listen(self, sock: socket.socket) -> None:
        if sock.family == socket.AF_UNIX:
            server = await asyncio.start_unix_server(self._serve, sock=sock, limit=MAX_LINE)
        else:
            server = await asyncio.start_server(self._serve, sock=sock, limit=MAX_LINE)
        self._servers.append(server)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One follower, from hello to goodbye; every failure ends only this connection."""
        self._connections += 1
        sock = writer.get_extra_info("socket")
        tcp = sock is not None and sock.family != socket.AF_UNIX
        peer = Peer(f"follower {self._connections}{' (tcp)' if tcp else ''}", writer)
        try:
            if sock is None or not peer_allowed(sock, self.uid):
                self.note(f"{peer.name}: refused: another user")
                return
            if len(self.peers) >= MAX_FOLLOWERS:
                self._refuse(peer, f"too many followers (at most {MAX_FOLLOWERS})")
                return
            hello = decode(await asyncio.wait_for(reader.readline(), HELLO_TIMEOUT))
            if not isinstance(hello, Hello):
                self._refuse(peer, "the first message must be a hello")
                return
            if not token_matches(hello.token, self.token if tcp else None):
                self._refuse(peer, "wrong or missing token")
                return
            self._welcome(peer, hello)
            await self._read(peer, reader)
        except (ProtocolError, ValueError) as error:  # ValueError: a line over the limit
            self._refuse(peer, f"bad message: {error}")
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            self.note(f"{peer.name}: gone: {type(error).__name__}")
        finally:
            if peer in self.peers:
                self.note(f"{peer.name}: left")
            self.peers.discard(peer)
            writer.close()

    def _welcome(self, peer: Peer, hello: Hello) -> None:
        peer.drive = hello.drive
        self.peers.add(peer)
        self.note(f"{peer.name}: joined{' (driving)' if peer.drive else ''}")
        # Absolute: a follower started in another folder must find the same file.
        self._write(peer, encode(Welcome(os.path.abspath(self.app.deck.path), self.digest, peer.drive)))
        self._write(peer, encode(self.snapshot()))

    def _refuse(self, peer: Peer, reason: str) -> None:
        self.note(f"{peer.name}: refused: {reason}")
        self._write(peer, encode(Refused(reason)))

    async def _read(self, peer: Peer, reader: asyncio.StreamReader) -> None:
        while peer in self.peers:
            line = await reader.readline()
            if not line:
                return
            if not peer.spend():
                self._drop(peer, "flooding")
                return
            message = decode(line)
            if isinstance(message, Go):
                self._go(peer, message)

    def _go(self, peer: Peer, go: Go) -> None:
        """A follower's request to move the talk: only from one that said it drives."""
        if not peer.drive:
            self.note(f"{peer.name}: ignored a request: it does not drive (deck follow --drive)")
            return
        apply(self.app, go.state)
        self.publish()  # the watchers sent a move already; this catches a change of the timers
        # The answer, so the follower knows its request was seen (it ignores states until then).
        self._write(peer, encode(replace(self.snapshot(), ack=go.ref)))
