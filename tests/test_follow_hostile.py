"""Follow mode against hostile or broken peers: nothing they do stops or stalls the talk.

Each test runs a leader (a pilot app with a `Leader` on a real socket) and a well-behaved
follower beside the bad peer, and ends by checking that the leader still presents (a key still
moves it and the follower), then that it quits with status 0.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from textual.pilot import Pilot

from deck.present import follow, follow_leader
from deck.present.app import DeckApp
from deck.present.follow import Go, Hello, State, TimerState, Welcome, decode, encode
from deck.present.follow_leader import Leader
from deck.present.follower import Follower, Target
from deck.present.state import Position
from tests.test_follow import FIXTURE, make_follower, make_leader, running, until, where


async def still_presenting(pilot: Pilot[int], leader_app: DeckApp, follower_app: DeckApp) -> None:
    """A key moves the leader and reaches the good follower; q quits with status 0."""
    before = where(leader_app)[0]
    await pilot.press("right")
    assert where(leader_app)[0] != before
    await until(lambda: where(follower_app) == where(leader_app), "the good follower to keep up")
    await pilot.press("q")
    await pilot.pause()
    assert leader_app.return_code == 0


async def raw(sock: Path, hello: bool = True) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_unix_connection(str(sock))
    if hello:
        writer.write(encode(Hello()))
        assert isinstance(decode(await reader.readline()), Welcome)
        assert isinstance(decode(await reader.readline()), State)
    return reader, writer


async def closed(reader: asyncio.StreamReader) -> bytes:
    """Everything the leader still sends until it closes the connection (fails on a hang).

    A connection closed with our data unread is reset: nothing more came, either.
    """
    try:
        return await asyncio.wait_for(reader.read(), 5.0)
    except ConnectionResetError:
        return b""


@pytest.fixture
def sock(tmp_path: Path) -> Path:
    return tmp_path / "talk.sock"


async def test_a_peer_of_another_uid_is_refused(sock: Path) -> None:
    # How the check is enforced: the leader compares the kernel's SO_PEERCRED uid with its
    # own. Here the leader believes it runs as another uid, so we are the stranger.
    leader_app = DeckApp(follow_leader_deck(), clock=lambda: 0.0, watch=False)
    leader = Leader(leader_app, [follow.bind_unix(sock)], uid=os.getuid() + 1, socket_file=sock)
    leader_app.companions.append(leader)
    async with running(leader_app) as pilot:
        reader, writer = await asyncio.open_unix_connection(str(sock))
        writer.write(encode(Hello()))
        assert await closed(reader) == b""  # not a byte of the talk
        assert any("another user" in line for line in leader.events)
        assert not leader.peers
        await pilot.press("q")
    assert leader_app.return_code == 0


def follow_leader_deck() -> object:
    from deck.format.loader import load_deck

    return load_deck(FIXTURE)


def test_the_peer_uid_comes_from_the_kernel() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert follow.peer_uid(left) == os.getuid()
        assert follow.peer_allowed(left, os.getuid())
        assert not follow.peer_allowed(left, os.getuid() + 1)


STRANGER = """
import socket, sys
sock = socket.socket(socket.AF_UNIX)
try:
    sock.connect(sys.argv[1])
except PermissionError:
    print("permission denied"); sys.exit(0)
try:
    sock.sendall(b'{"v":1,"type":"hello"}\\n')
    sock.settimeout(5)
    print("closed" if sock.recv(100) == b"" else "served")
except (BrokenPipeError, ConnectionResetError):
    print("closed")
"""


SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or sys.executable  # one "nobody" may run


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to run a process as another user")
async def test_a_process_of_another_user_cannot_join() -> None:
    folder = Path(tempfile.mkdtemp(prefix="deck-follow-"))  # 0700, in a directory anyone may enter
    try:
        await _stranger_refused(folder, folder / "talk.sock")
    finally:
        shutil.rmtree(folder)


async def _stranger_refused(folder: Path, sock: Path) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    async with running(leader_app) as pilot:
        async def stranger() -> str:
            process = await asyncio.create_subprocess_exec(
                SYSTEM_PYTHON, "-c", STRANGER, str(sock), user=65534, group=65534,
                stdout=asyncio.subprocess.PIPE, cwd="/")
            out, _ = await asyncio.wait_for(process.communicate(), 10)
            return out.decode().strip()

        assert await stranger() == "permission denied"  # first the 0700 directory, 0600 socket ...
        os.chmod(folder, 0o777)
        os.chmod(sock, 0o777)
        assert await stranger() == "closed"  # ... and if they were opened, the uid check
        assert any("another user" in line for line in leader.events)
        await pilot.press("q")
    assert leader_app.return_code == 0


@pytest.mark.parametrize("garbage", [
    b"GET / HTTP/1.1\r\n\r\n",
    b"\x00\xff\x1b[2J\n",
    b'{"v": 1, "type": "hello", "drive": 1}\n',
    b'{"v": 99, "type": "hello"}\n',
    b"[" * 10000 + b"\n",
])
async def test_malformed_messages_end_only_their_connection(sock: Path, garbage: bytes) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        reader, writer = await asyncio.open_unix_connection(str(sock))
        writer.write(garbage)
        assert b'"type":"error"' in await closed(reader)
        assert any("bad message" in line for line in leader.events)
        await still_presenting(pilot, leader_app, follower_app)


async def test_garbage_after_the_hello_drops_the_follower(sock: Path) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        reader, writer = await raw(sock)
        writer.write(b'{"v": 1, "type": "go", "index": "three"}\n')
        await closed(reader)
        assert len(leader.peers) == 1
        await still_presenting(pilot, leader_app, follower_app)


async def test_an_oversized_message_is_refused_without_reading_it_all(sock: Path) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        reader, writer = await asyncio.open_unix_connection(str(sock))
        writer.write(b'{"v": 1, "type": "hello", "x": "' + b"x" * (4 * follow.MAX_LINE))
        await closed(reader)
        assert any("bad message" in line for line in leader.events)
        await still_presenting(pilot, leader_app, follower_app)


async def test_a_follower_that_never_reads_is_dropped(sock: Path) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        _reader, writer = await raw(sock)  # says hello, then never reads again
        assert len(leader.peers) == 2
        # Far more states than a socket buffer and MAX_BUFFER hold; each write returns at once.
        for number in range(20000):
            leader.publish(force=True)
            if len(leader.peers) == 1:
                break
            if number % 100 == 0:
                await asyncio.sleep(0)  # the good follower reads meanwhile
        assert len(leader.peers) == 1
        assert any("not reading" in line for line in leader.events)
        writer.close()
        await still_presenting(pilot, leader_app, follower_app)


async def test_a_flooding_follower_is_dropped(sock: Path) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        reader, writer = await raw(sock)
        writer.write(b'{"v": 1, "type": "ping"}\n' * 1000)
        await closed(reader)
        assert any("flooding" in line for line in leader.events)
        await still_presenting(pilot, leader_app, follower_app)


async def test_a_hundred_connects_and_disconnects(sock: Path) -> None:
    leader_app, leader = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        for number in range(100):
            if number % 2:
                _reader, writer = await raw(sock)  # a whole join, then gone
            else:
                _reader, writer = await asyncio.open_unix_connection(str(sock))  # gone before hello
            writer.close()
            await writer.wait_closed()
        await until(lambda: len(leader.peers) == 1, "only the good follower left")
        await still_presenting(pilot, leader_app, follower_app)


async def test_silent_connections_time_out_and_the_number_of_followers_is_bounded(
        sock: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow_leader, "HELLO_TIMEOUT", 0.2)
    monkeypatch.setattr(follow_leader, "MAX_FOLLOWERS", 2)
    leader_app, _ = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        silent, _ = await asyncio.open_unix_connection(str(sock))
        assert await closed(silent) == b""
        _reader, second = await raw(sock)
        reader, _writer = await asyncio.open_unix_connection(str(sock))
        assert b"too many followers" in await closed(reader)
        second.close()
        await still_presenting(pilot, leader_app, follower_app)


async def test_tcp_needs_the_token(sock: Path) -> None:
    leader_app = DeckApp(follow_leader_deck(), clock=lambda: 0.0, watch=False)  # type: ignore[arg-type]
    server = follow.bind_tcp("127.0.0.1", 0)
    port = server.getsockname()[1]
    token = follow.token()
    leader = Leader(leader_app, [follow.bind_unix(sock), server], token=token, socket_file=sock)
    leader_app.companions.append(leader)
    async with running(leader_app) as pilot:
        for wrong in (None, "guess"):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(encode(Hello(token=wrong)))
            assert b"wrong or missing token" in await closed(reader)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(encode(Hello(token=token)))
        assert isinstance(decode(await reader.readline()), Welcome)
        writer.close()
        # A follower over TCP follows like one on the Unix socket.
        follower_app = DeckApp(follow_leader_deck(), clock=lambda: 0.0, watch=False)  # type: ignore[arg-type]
        follower = Follower(follower_app, Target(host="127.0.0.1", port=port, token=token))
        follower_app.companions.append(follower)
        async with running(follower_app):
            await until(lambda: follower.connected, "the TCP follower")
            await still_presenting(pilot, leader_app, follower_app)


async def test_a_follower_survives_a_leader_that_sends_garbage(sock: Path) -> None:
    async def bad_leader(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        writer.write(encode(Welcome(str(FIXTURE), "", False)) + b'{"v":1,"type":"state","index":"x"}\n')
        await writer.drain()

    server = await asyncio.start_unix_server(bad_leader, str(sock))
    follower_app, _ = make_follower(FIXTURE, sock)
    async with running(follower_app) as pilot:
        await until(lambda: any("bad message" in message for message in follower_app.said),
                    "the follower to say what happened")
        assert where(follower_app)[0] == Position(0)
        server.close()
        await pilot.press("right")  # the follower still works on its own
        assert where(follower_app)[0] == Position(1)


async def test_a_driving_follower_moves_the_talk_only_within_the_deck(sock: Path) -> None:
    leader_app, _ = make_leader(FIXTURE, sock)
    follower_app, follower = make_follower(FIXTURE, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the good follower")
        reader, writer = await asyncio.open_unix_connection(str(sock))
        writer.write(encode(Hello(drive=True)))
        assert isinstance(decode(await reader.readline()), Welcome)
        far = State(follow.MAX_INDEX, "no-such-id", follow.MAX_INDEX, "xx",
                    TimerState(follow.MAX_SECONDS, False, follow.MAX_SECONDS), ack=0)
        writer.write(encode(Go(far, ref=1)))
        last = len(leader_app.deck.slides) - 1
        await until(lambda: where(leader_app)[0].index == last, "the leader on its last slide")
        assert where(leader_app) == (Position(last, 0), "en")  # no such step, the language kept
        assert leader_app.timer_state() == "paused"
        await until(lambda: where(follower_app) == where(leader_app), "the good follower there too")
        writer.close()
        await pilot.press("home")
        await still_presenting(pilot, leader_app, follower_app)
