"""Follow mode with a leader and followers as pilot apps in one event loop, on a real Unix socket.

The leader is `deck present --share` (a `DeckApp` with a `Leader`), each follower `deck follow`
(a `DeckApp` with a `Follower`); keys go in through the pilots, and assertions read what each
app shows. The protocol's own checks are at the end; the hostile peers are in
tests/test_follow_hostile.py, the real commands in tmux in tests/test_follow_tmux.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from deck.format.errors import UsageError
from deck.format.loader import load_deck
from deck.present import follow
from deck.present.app import DeckApp
from deck.present.follow import Go, Hello, ProtocolError, State, TimerState, Welcome, decode, encode
from deck.present.follow_leader import Leader
from deck.present.follower import Follower, FollowerApp, Target
from deck.present.state import Position, TalkClock

FIXTURE = Path(__file__).parent / "fixtures" / "app_deck.yaml"
SIZE = (100, 30)
WAIT = 5.0  # seconds before a wait is a hang (the latency check is separate, and generous)


async def until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Let the event loop run until `condition` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.002)


def make_leader(deck_path: Path, sock: Path, **options: object) -> tuple[DeckApp, Leader]:
    app = DeckApp(load_deck(deck_path), clock=lambda: 0.0, watch=False, lang="en", **options)  # type: ignore[arg-type]
    leader = Leader(app, [follow.bind_unix(sock)], socket_file=sock)
    app.companions.append(leader)
    return app, leader


def make_follower(deck_path: Path, sock: Path, *, drive: bool = False, view: str = "slide",
                  clock: Callable[[], float] = lambda: 0.0) -> tuple[FollowerApp, Follower]:
    app = FollowerApp(load_deck(deck_path), view=view, clock=clock, watch=False)
    follower = Follower(app, Target(sock), drive=drive, view=view)
    app.companions.append(follower)
    return app, follower


def where(app: DeckApp) -> tuple[Position, str]:
    screen = app.slide_screen
    return screen.position, screen.lang


def slide_id(app: DeckApp) -> str | None:
    # Not `screen.slide`: a screen finds its app through a context variable, which in a test
    # body running several apps names the app entered last.
    return app.deck.slides[app.slide_screen.position.index].id


@contextlib.asynccontextmanager
async def running(app: DeckApp) -> AsyncIterator[Pilot[int]]:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        yield pilot


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "talk.yaml"
    shutil.copy(FIXTURE, path)
    return path


@pytest.fixture
def sock(tmp_path: Path) -> Path:
    return tmp_path / "talk.sock"


async def test_every_key_in_the_leader_reaches_both_followers(deck_file: Path, sock: Path) -> None:
    leader_app, leader = make_leader(deck_file, sock)
    one_app, one = make_follower(deck_file, sock, view="slide")
    two_app, two = make_follower(deck_file, sock, view="presenter")
    latencies: list[float] = []
    async with running(leader_app) as pilot, running(one_app), running(two_app):
        await until(lambda: one.connected and two.connected, "both followers to join")
        assert not one_app.slide_screen.presenter and two_app.slide_screen.presenter
        for key in ["right", "right", "right", "right", "L", "left", "end", "home", "L", "space"]:
            before = (one.applied, two.applied)
            await pilot.press(key)
            target = where(leader_app)
            await until(lambda target=target: where(one_app) == target == where(two_app),  # type: ignore[misc]
                        f"followers after {key}")
            if (one.applied, two.applied) > before:  # a key that changed the state
                latencies += [follower.applied_at - leader.last_sent_at for follower in (one, two)]
        assert where(one_app) == (Position(1), "en")
        assert len(latencies) == 20
        # The bound: each state is shown by both followers within 100 ms of the leader
        # sending it (which it does once it has drawn the move). Here three apps share one thread;
        # key-to-screen in separate processes is measured by bench/bench_follow.py.
        assert max(latencies) < 0.1, latencies
        await pilot.press("q")
    assert leader_app.return_code == 0


async def test_a_follower_drives_only_with_the_flag(deck_file: Path, sock: Path) -> None:
    leader_app, leader = make_leader(deck_file, sock)
    watcher_app, watcher = make_follower(deck_file, sock)
    driver_app, driver = make_follower(deck_file, sock, drive=True)
    async with running(leader_app), running(watcher_app) as watching, running(driver_app) as driving:
        await until(lambda: watcher.connected and driver.connected, "followers to join")
        await watching.press("right")
        await watching.pause()
        await asyncio.sleep(0.2)
        assert where(leader_app)[0] == Position(0)  # the watcher moved nothing ...
        assert where(watcher_app)[0] == Position(0)  # ... not even itself
        assert any("--drive" in message for message in watcher_app.said)
        assert any("does not drive" in line for line in leader.events) is False  # it sent no request

        await driving.press("right", "right", "L")
        expected = (Position(1, 1), "zh")
        await until(lambda: where(leader_app) == expected, "the leader to follow the driver")
        await until(lambda: where(watcher_app) == expected == where(driver_app), "everyone to be there")


async def test_a_key_held_down_in_a_driving_follower_is_followed_not_dropped(deck_file: Path, sock: Path) -> None:
    leader_app, leader = make_leader(deck_file, sock)
    watcher_app, watcher = make_follower(deck_file, sock)
    driver_app, driver = make_follower(deck_file, sock, drive=True)
    async with running(leader_app), running(watcher_app), running(driver_app) as driving:
        await until(lambda: watcher.connected and driver.connected, "followers to join")
        screen = driver_app.slide_screen
        for _ in range(80):  # a move every 10 ms for 1.6 s: faster than a key's autorepeat
            screen.action_next()
            await asyncio.sleep(0.01)
            screen.action_previous()
            await asyncio.sleep(0.01)
        await driving.press("right", "right", "right")
        assert where(driver_app) == (Position(1, 2), "en")
        await until(lambda: where(leader_app) == where(driver_app) == where(watcher_app), "everyone there")
        assert driver.connected and not any("flooding" in line for line in leader.events)


async def test_the_leader_ignores_requests_from_a_follower_that_does_not_drive(deck_file: Path, sock: Path) -> None:
    leader_app, leader = make_leader(deck_file, sock)
    async with running(leader_app):
        reader, writer = await asyncio.open_unix_connection(str(sock))
        writer.write(encode(Hello(drive=False)))
        assert isinstance(decode(await reader.readline()), Welcome)
        assert isinstance(decode(await reader.readline()), State)
        writer.write(encode(Go(State(3, None, 0, "en", TimerState(0.0)), ref=1)))
        await until(lambda: any("does not drive" in line for line in leader.events), "the refusal logged")
        assert where(leader_app)[0] == Position(0)
        writer.close()


async def test_a_follower_joining_mid_talk_starts_on_the_current_slide_and_step(deck_file: Path, sock: Path) -> None:
    leader_app, _ = make_leader(deck_file, sock)
    async with running(leader_app) as pilot:
        await pilot.press("right", "right", "right")  # slide 2, two of its three bullets shown
        assert where(leader_app)[0] == Position(1, 2)
        late_app, late = make_follower(deck_file, sock, view="presenter")
        async with running(late_app):
            await until(lambda: late.connected and where(late_app) == where(leader_app), "the late follower")
            assert where(late_app) == (Position(1, 2), "en")


async def test_a_follower_waits_for_a_leader_that_restarts(deck_file: Path, sock: Path) -> None:
    first_app, _ = make_leader(deck_file, sock)
    follower_app, follower = make_follower(deck_file, sock)
    async with running(follower_app):
        async with running(first_app) as pilot:
            await until(lambda: follower.connected, "the follower to join")
            await pilot.press("right")
            await until(lambda: where(follower_app)[0] == Position(1), "slide 2")
            await pilot.press("q")
        await until(lambda: not follower.connected, "the follower to notice")
        assert not sock.exists()  # the leader removed its socket
        await until(lambda: any("waiting for it" in message for message in follower_app.said),
                    "the follower to say so")

        second_app, _ = make_leader(deck_file, sock, start=4)
        async with running(second_app):
            await until(lambda: follower.connected, "the follower to join again")
            await until(lambda: where(follower_app)[0] == Position(4), "slide 5 of the new leader")


async def test_a_reload_carries_followers_to_the_same_slide_by_id(deck_file: Path, sock: Path) -> None:
    leader_app, _ = make_leader(deck_file, sock)
    follower_app, follower = make_follower(deck_file, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the follower to join")
        await pilot.press("right", "right", "right", "right", "right")  # slide 3, "losses"
        await until(lambda: where(follower_app)[0] == Position(2), "slide 3")
        text = deck_file.read_text(encoding="utf-8")
        extra = "  - id: inserted\n    section: intro\n    title: {zh: 插入, en: Inserted}\n"
        deck_file.write_text(text.replace("  - id: agenda\n", extra + "  - id: agenda\n"), encoding="utf-8")
        assert leader_app.reload()
        assert slide_id(leader_app) == "losses"
        await until(lambda: where(follower_app)[0].index == 3, "the follower on the same slide")
        assert slide_id(follower_app) == "losses"
        assert len(follower_app.deck.slides) == 7  # it reloaded its deck too


async def test_a_follower_with_another_version_of_the_deck_says_so(deck_file: Path, sock: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(FIXTURE.read_text(encoding="utf-8").replace("Three questions", "Four questions"),
                     encoding="utf-8")
    leader_app, _ = make_leader(deck_file, sock)
    follower_app, follower = make_follower(other, sock)
    async with running(leader_app) as pilot, running(follower_app):
        await until(lambda: follower.connected, "the follower to join")
        await pilot.press("right")
        await until(lambda: where(follower_app)[0] == Position(1), "slide 2, by id")
        await until(lambda: any("not the version" in message for message in follower_app.said),
                    "the warning")


async def test_the_timers_are_followed(deck_file: Path, sock: Path) -> None:
    now = [100.0]
    leader_app = DeckApp(load_deck(deck_file), clock=lambda: now[0], watch=False, duration=600.0)
    leader = Leader(leader_app, [follow.bind_unix(sock)], socket_file=sock)
    leader_app.companions.append(leader)
    follower_app, follower = make_follower(deck_file, sock)
    async with running(leader_app), running(follower_app):
        await until(lambda: follower.connected, "the follower to join")
        now[0] += 75.0
        await until(lambda: follower_app.timers().elapsed == "01:15", "the follower's clock")
        assert follower_app.timers().left == "08:45"


def timer_reading(app: DeckApp) -> tuple[str, str]:
    return app.timers().elapsed, app.timer_state()


async def test_timer_keys_in_a_driving_follower_move_the_leader_and_the_others(deck_file: Path, sock: Path) -> None:
    now = [100.0]
    leader_app = DeckApp(load_deck(deck_file), clock=lambda: now[0], watch=False, duration=600.0)
    leader = Leader(leader_app, [follow.bind_unix(sock)], socket_file=sock)
    leader_app.companions.append(leader)
    driver_app, driver = make_follower(deck_file, sock, drive=True, view="presenter", clock=lambda: now[0])
    other_app, other = make_follower(deck_file, sock, clock=lambda: now[0])
    apps = (leader_app, driver_app, other_app)
    async with running(leader_app), running(driver_app) as driving, running(other_app):
        await until(lambda: driver.connected and other.connected, "the followers to join")
        now[0] += 75.0
        await until(lambda: all(timer_reading(app) == ("01:15", "running") for app in apps), "01:15 everywhere")
        for key, expected in (("z", ("01:15", "paused")), ("ctrl+r", ("00:00", "paused")),
                              ("z", ("00:00", "running"))):
            sent = leader.sent
            await driving.press(key)
            await until(lambda expected=expected: all(timer_reading(app) == expected for app in apps),  # type: ignore[misc]
                        f"{expected} everywhere after {key} in the driving follower")
            assert leader.sent > sent  # the leader told everyone (the other follower heard it from it)
        now[0] += 30.0
        await until(lambda: all(timer_reading(app) == ("00:30", "running") for app in apps), "00:30 everywhere")


async def test_timer_keys_in_a_follower_that_does_not_drive_change_nothing(deck_file: Path, sock: Path) -> None:
    leader_app, _ = make_leader(deck_file, sock)
    follower_app, follower = make_follower(deck_file, sock)
    async with running(leader_app), running(follower_app) as pilot:
        await until(lambda: follower.connected, "the follower to join")
        await pilot.press("z")
        await pilot.pause()
        assert timer_reading(follower_app)[1] == "running"  # undone at once ...
        assert timer_reading(leader_app)[1] == "running"  # ... and never asked
        assert any("--drive" in message for message in follower_app.said)


async def test_the_leaders_timer_keys_reach_the_followers_at_once(deck_file: Path, sock: Path) -> None:
    leader_app, leader = make_leader(deck_file, sock)
    one_app, one = make_follower(deck_file, sock)
    two_app, two = make_follower(deck_file, sock, view="presenter")
    async with running(leader_app) as pilot, running(one_app), running(two_app):
        await until(lambda: one.connected and two.connected, "both followers to join")
        for state in ("paused", "running"):
            await pilot.press("z")
            await until(lambda state=state: timer_reading(one_app)[1] == state == timer_reading(two_app)[1],  # type: ignore[misc]
                        f"both followers {state}")
            # Sent on the key (not at the next poll) and shown within the 100 ms.
            assert max(follower.applied_at for follower in (one, two)) - leader.last_sent_at < 0.1


async def test_a_waiting_timer_is_followed_and_started_by_a_driving_follower(deck_file: Path, sock: Path) -> None:
    leader_app, _ = make_leader(deck_file, sock, timer_on_key=True)
    driver_app, driver = make_follower(deck_file, sock, drive=True)
    async with running(leader_app), running(driver_app) as driving:
        await until(lambda: driver.connected, "the follower to join")
        assert driver_app.timer_state() == "waiting" == leader_app.timer_state()
        await driving.press("right")
        await until(lambda: leader_app.timer_state() == "running" == driver_app.timer_state(),
                    "the first key in the follower to start the talk's timer")


def test_a_clock_set_back_sets_the_slides_time_back_too() -> None:
    # A follower shown the leader's reset: THIS SLIDE counts from the new reading, not from the
    # old one (it read 00:00 for as long as the talk had run).
    clock = TalkClock(0.0)
    clock.new_slide(500.0)
    clock.set(600.0, 0.0, True)
    assert clock.on_slide(610.0) == 10.0
    clock.set(700.0, 0.0, False, waiting=True)
    assert clock.waiting and not clock.running


# --- the audience view ------------------------------------------------------------------------


def shown(app: DeckApp, selector: str) -> bool:
    return app.slide_screen.query_one(selector).display


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_audience_view_shows_the_slide_only(deck_file: Path, sock: Path, size: tuple[int, int]) -> None:
    from textual.widgets._toast import Toast

    leader_app, _ = make_leader(deck_file, sock)
    audience_app, audience = make_follower(deck_file, sock)
    async with audience_app.run_test(size=size) as pilot:
        async with running(leader_app) as leading:
            await until(lambda: audience.connected, "the audience screen to join")
            await pilot.pause()
            screen = audience_app.slide_screen
            assert not any(shown(audience_app, part) for part in ("#header", "#status", "DeckFooter"))
            assert screen.query_one("#stage").region.height == size[1]  # the slide has every row
            # A reload (this follower reloads too), a theme, a stray key, a lost leader: no toast
            # on this screen, and what must be said is one line at the bottom.
            deck_file.write_text(deck_file.read_text(encoding="utf-8").replace("Three questions", "Four"),
                                 encoding="utf-8")
            assert leader_app.reload()
            await until(lambda: audience_app.generation == 1, "the follower to reload")
            await pilot.press("t", "right")  # this follower does not drive
            await until(lambda: shown(audience_app, "#follow-line"), "the discreet line")
            line = screen.query_one("#follow-line")
            assert "--drive" in str(line.render()) and line.region.height == 1
            assert line.region.y == size[1] - 1
            await leading.press("q")
        await until(lambda: not audience.connected, "the follower to lose the leader")
        await until(lambda: "not following" in str(line.render()), "the line to say the leader is gone")
        await pilot.pause()
        assert not audience_app.screen.query(Toast)
        assert not audience_app._notifications  # nothing queued for a toast either

        await pilot.press("P")  # the presenter view, on this screen only: the usual one again
        await pilot.pause()
        assert shown(audience_app, "#header") and shown(audience_app, "DeckFooter")
        # What is being said moves with the view: a toast here, the line there (no toast left).
        assert not shown(audience_app, "#follow-line")
        assert [n.title for n in audience_app._notifications] == ["not following"]
        await pilot.press("P")
        await pilot.pause()
        assert not audience_app._notifications and "not following" in str(line.render())
        assert shown(audience_app, "#follow-line") and not shown(audience_app, "#header")


# --- the protocol -------------------------------------------------------------------------------


def test_messages_survive_the_round_trip() -> None:
    state = State(2, "losses", 1, "en", TimerState(12.5, True, 600.0), "ab" * 32, ack=7)
    for message in (state, Go(state, 3), Hello(True, "t0ken", "cd" * 32), Welcome("/a/b.yaml", "", True),
                    follow.Refused("no"), follow.Bye()):
        line = encode(message)
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert decode(line) == message


def test_unknown_fields_are_ignored_and_unknown_types_skipped() -> None:
    data = json.loads(encode(State(1, None, 0, "zh", TimerState(1.0))))
    data["future"] = {"anything": [1, 2]}
    data["timer"]["paused_for"] = 3
    assert decode(json.dumps(data).encode()) == State(1, None, 0, "zh", TimerState(1.0))
    assert decode(b'{"v": 1, "type": "laser-pointer", "x": 3}\n') is None


@pytest.mark.parametrize(("line", "problem"), [
    (b"not json\n", "not JSON"),
    (b"[1, 2]\n", "JSON object"),
    (b'{"type": "hello"}\n', "protocol version"),
    (b'{"v": 2, "type": "hello"}\n', "protocol version"),
    (b'{"v": true, "type": "hello"}\n', "protocol version"),
    (b'{"v": 1}\n', "type"),
    (b'{"v": 1, "type": "hello", "drive": "yes"}\n', "drive"),
    (b'{"v": 1, "type": "state", "index": -1, "step": 0, "lang": "en", "timer": {"elapsed": 0}}\n', "index"),
    (b'{"v": 1, "type": "state", "index": 1.5, "step": 0, "lang": "en", "timer": {"elapsed": 0}}\n', "index"),
    (b'{"v": 1, "type": "state", "index": 0, "step": 0, "lang": "en", "timer": {"elapsed": NaN}}\n', "not JSON"),
    (b'{"v": 1, "type": "state", "index": 0, "step": 0, "lang": "en", "timer": {"elapsed": 1e400}}\n', "seconds"),
    (b'{"v": 1, "type": "state", "index": 0, "step": 0, "lang": "en", "timer": 5}\n', "timer"),
    (b'{"v": 1, "type": "state", "index": 0, "step": 0, "lang": "\\u001b[2J", "timer": {"elapsed": 0}}\n', "lang"),
    (b'{"v": 1, "type": "hello", "digest": "../../etc"}\n', "digest"),
    (b"[" * 5000 + b"]" * 5000 + b"\n", "not JSON"),
    (b'{"v": 1, "type": "error", "message": "' + b"x" * follow.MAX_LINE + b'"}\n', "longer than"),
])
def test_bad_messages_are_refused(line: bytes, problem: str) -> None:
    with pytest.raises(ProtocolError, match=problem):
        decode(line)


def test_the_socket_directory_is_private(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o755)
    folder = follow.runtime_dir({"XDG_RUNTIME_DIR": str(runtime)})
    assert folder == runtime / "deck"
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o755)  # opened by hand: closed again
    follow.runtime_dir({"XDG_RUNTIME_DIR": str(runtime)})
    assert folder.stat().st_mode & 0o777 == 0o700
    (runtime / "link").symlink_to(tmp_path)
    with pytest.raises(UsageError, match="not a directory of this user"):
        follow.check_private_dir(runtime / "link")


def test_the_socket_is_0600_and_one_leader_per_deck(tmp_path: Path) -> None:
    path = tmp_path / "talk.sock"
    server = follow.bind_unix(path)
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        with pytest.raises(UsageError, match="already shared"):
            follow.bind_unix(path)
    finally:
        server.close()
    stale = follow.bind_unix(path)  # a socket nobody answers on (a crashed leader) is replaced
    stale.close()


def test_one_socket_per_deck_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert follow.socket_path(str(a), tmp_path) != follow.socket_path(str(b), tmp_path)
    assert follow.socket_path(str(a), tmp_path) == follow.socket_path(str(tmp_path / "." / "a.yaml"), tmp_path)


@pytest.mark.parametrize("address", ["0.0.0.0:7000", "192.168.1.2:7000", "example.org:7000", "127.0.0.1",
                                     "127.0.0.1:0", "127.0.0.1:99999", ":7000"])
def test_tcp_only_on_loopback(address: str) -> None:
    with pytest.raises(UsageError):
        follow.parse_address(address)


def test_loopback_addresses_are_accepted() -> None:
    assert follow.parse_address("127.0.0.1:7000") == ("127.0.0.1", 7000)
    assert follow.parse_address("[::1]:7000") == ("::1", 7000)
    assert follow.parse_address("localhost:7000") == ("127.0.0.1", 7000)


def test_tokens_are_compared() -> None:
    token = follow.token()
    assert len(token) >= 20 and follow.token() != token
    assert follow.token_matches(token, token)
    assert not follow.token_matches(None, token) and not follow.token_matches("x" + token, token)
    assert follow.token_matches(None, None)  # a Unix socket needs none: the uid is checked


# --- the command line ---------------------------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str]:
    import io

    from deck.cli import main

    err = io.StringIO()
    status = main(list(args), stdout=io.StringIO(), stderr=err)
    return status, err.getvalue()


@pytest.fixture
def private_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    return run


def test_follow_without_a_shared_talk_says_how_to_share_one(private_runtime: Path) -> None:
    status, err = run_cli("follow")
    assert status == 2
    assert err == "deck: no talk is shared here: start one with `deck present FILE --share`\n"


def test_follow_refuses_a_leader_that_is_already_running_twice(private_runtime: Path) -> None:
    server = follow.bind_unix(follow.socket_path(str(FIXTURE)))
    try:
        status, err = run_cli("present", str(FIXTURE), "--share")
    finally:
        server.close()
    assert status == 2 and "already shared" in err and "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["present", str(FIXTURE), "--listen", "0.0.0.0:7000"], "only a loopback address"),
    (["follow", "--connect", "10.0.0.1:7000"], "only a loopback address"),
    (["follow", "--token", "abc"], "--token goes with --connect"),
    (["follow", "--connect", "127.0.0.1:1", "--theme", "nope"], "unknown theme"),
])
def test_follow_options_are_checked(private_runtime: Path, args: list[str], message: str) -> None:
    status, err = run_cli(*args)
    assert status == 2 and message in err
    assert list(private_runtime.glob("deck/*.sock")) == []  # nothing left behind


def test_follow_of_a_deck_nobody_presents_waits_for_its_leader(private_runtime: Path) -> None:
    # With a file named, the follower starts and waits (tested in the app above); without a
    # file and at an address where nobody listens, it cannot know which deck to show.
    status, err = run_cli("follow", "--connect", "127.0.0.1:1")
    assert status == 2 and "no leader answers" in err


async def test_the_leader_names_its_deck_by_an_absolute_path(deck_file: Path, sock: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # `deck present talk.yaml --share` in one folder, `deck follow` (no FILE) in another: the
    # follower loads the file the leader names, so a relative name would miss it.
    from deck.present.follower import discover

    monkeypatch.chdir(deck_file.parent)
    app, _ = make_leader(Path("talk.yaml"), sock)
    async with running(app):
        found = await asyncio.to_thread(discover, Target(sock))
    assert found is not None and found[0].path == str(deck_file.absolute())
