"""Hostile places to write an export: refused in one line, every existing file left as it was.

`deck export GOOD -o OUT` through the real command line, with OUT a missing folder, a read-only
file, a folder, a named pipe, a device node, a loop of links, the deck itself or its article.
Links are written through (the link stays, the file it names is replaced).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hostile_support import ARTICLE, CAN_BE_UNPRIVILEGED, PRECIOUS, assert_refused, folder_snapshot, run_deck

DECK = "title: x\nsource: {file: article.txt}\nslides:\n  - title: y\n    bullets: [one, two]\n"
EXPECTED = "x\nSource: article.txt\n"  # how the export starts


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    """A valid deck with its article, in a folder that also holds an earlier export."""
    (tmp_path / "article.txt").write_bytes(ARTICLE.read_bytes())
    path = tmp_path / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    (tmp_path / "old.txt").write_bytes(PRECIOUS)
    return path


def _refused(deck: Path, out: Path | str, message: str, *, unprivileged: bool = False) -> None:
    folder = deck.parent
    before = folder_snapshot(folder)
    run = run_deck("export", deck, "-o", out, label=f"-o {message}", unprivileged=unprivileged)
    assert_refused(run, out, status=1, message=message)
    assert folder_snapshot(folder) == before


def test_missing_folder(deck: Path) -> None:
    _refused(deck, deck.parent / "no" / "such" / "out.txt", r"^cannot write: folder .*/no/such does not exist$")
    assert not (deck.parent / "no").exists()


def test_read_only_file(deck: Path) -> None:
    old = deck.parent / "old.txt"
    old.chmod(0o444)
    _refused(deck, old, "^cannot write: the file is read-only$")
    assert stat.S_IMODE(old.stat().st_mode) == 0o444


def test_a_folder(deck: Path) -> None:
    (deck.parent / "folder").mkdir()
    (deck.parent / "folder" / "inside.txt").write_bytes(PRECIOUS)
    _refused(deck, deck.parent / "folder", "^is a directory; give a file name to write to$")
    assert folder_snapshot(deck.parent / "folder") == {"inside.txt": PRECIOUS}


def test_a_named_pipe(deck: Path) -> None:
    os.mkfifo(deck.parent / "pipe")
    _refused(deck, deck.parent / "pipe", "^cannot write: not a regular file")
    assert stat.S_ISFIFO((deck.parent / "pipe").stat().st_mode)


def test_a_device_node(deck: Path) -> None:
    node = deck.parent / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot make a device node here")
    _refused(deck, node, "^cannot write: not a regular file")
    assert stat.S_ISCHR(node.stat().st_mode)


def test_a_link_to_a_device_node(deck: Path) -> None:
    # the rename must not replace what the link names either (think /dev/stdout -> /proc/self/fd/1)
    node = deck.parent / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot make a device node here")
    (deck.parent / "stdout").symlink_to(node)
    _refused(deck, deck.parent / "stdout", "^cannot write: not a regular file")
    assert stat.S_ISCHR(node.stat().st_mode) and (deck.parent / "stdout").is_symlink()


def test_a_loop_of_links(deck: Path) -> None:
    (deck.parent / "a.txt").symlink_to("b.txt")
    (deck.parent / "b.txt").symlink_to("a.txt")
    _refused(deck, deck.parent / "a.txt", "^cannot write: Too many levels of symbolic links$")
    assert (deck.parent / "a.txt").is_symlink() and (deck.parent / "b.txt").is_symlink()


def test_the_deck_itself(deck: Path) -> None:
    _refused(deck, deck, "^cannot write: that is .*deck.yaml, an input of this export")
    assert deck.read_text(encoding="utf-8") == DECK


def test_the_deck_through_a_link(deck: Path) -> None:
    (deck.parent / "alias.txt").symlink_to(deck)
    _refused(deck, deck.parent / "alias.txt", "an input of this export")
    assert deck.read_text(encoding="utf-8") == DECK


def test_the_source_article(deck: Path) -> None:
    _refused(deck, deck.parent / "article.txt", "an input of this export")
    assert (deck.parent / "article.txt").read_bytes() == ARTICLE.read_bytes()


@pytest.mark.skipif(not CAN_BE_UNPRIVILEGED, reason="root without setpriv writes anywhere")
def test_a_read_only_folder(deck: Path) -> None:
    locked = deck.parent / "locked"
    locked.mkdir()
    (locked / "out.txt").write_bytes(PRECIOUS)
    locked.chmod(0o555)
    try:
        _refused(deck, locked / "out.txt", "^cannot write: Permission denied$", unprivileged=True)
        assert folder_snapshot(locked) == {"out.txt": PRECIOUS}
    finally:
        locked.chmod(0o755)


def test_a_link_is_written_through(deck: Path) -> None:
    target = deck.parent / "old.txt"
    link = deck.parent / "latest.txt"
    link.symlink_to("old.txt")
    run = run_deck("export", deck, "-o", link, label="-o a link")
    assert (run.status, run.stdout, run.stderr) == (0, "", "")
    assert link.is_symlink() and os.readlink(link) == "old.txt"
    assert target.read_text(encoding="utf-8").startswith(EXPECTED)
    assert not list(deck.parent.glob(".deck-*.tmp"))


def test_a_dangling_link_creates_its_target(deck: Path) -> None:
    link = deck.parent / "latest.txt"
    link.symlink_to("new.txt")
    run = run_deck("export", deck, "-o", link, label="-o a dangling link")
    assert (run.status, run.stderr) == (0, "")
    assert link.is_symlink() and (deck.parent / "new.txt").read_text(encoding="utf-8").startswith(EXPECTED)


def test_replacing_an_export_keeps_its_permissions(deck: Path) -> None:
    old = deck.parent / "old.txt"
    old.chmod(0o640)
    run = run_deck("export", deck, "-o", old, label="-o an earlier export")
    assert (run.status, run.stderr) == (0, "")
    assert old.read_text(encoding="utf-8").startswith(EXPECTED)
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    assert sorted(path.name for path in deck.parent.iterdir()) == ["article.txt", "deck.yaml", "old.txt"]
