"""Hostile deck files through the real command line: refused in one line, nothing else touched.

Every case runs `deck check FILE` and `deck export FILE -o OUT` in a subprocess (under a 400 MB
address-space limit, see limited.py) with OUT already holding an earlier export, and asserts the
issue's contract: exit 2 (1 for a file that cannot be read), one line on stderr naming the file
with its line and column where there is one, no traceback, under 200 MB, no hang (10 s
timeout), both commands saying the same thing, and OUT's folder byte-for-byte as it was.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_support import ARTICLE, CAN_BE_UNPRIVILEGED, PRECIOUS, assert_refused, folder_snapshot, run_deck

MINIMAL = "title: x\nslides:\n  - title: y\n"
MiB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """A hostile file: how to make it, and how deck must refuse it."""

    name: str
    make: Callable[[Path], Path]  # writes the file(s) into a folder, returns the path to pass
    line: int | None = None  # None: no position expected (or not asserted)
    col: int | None = None
    message: str | None = None  # a regular expression the message must match
    status: int = 2
    unprivileged: bool = False  # run without root's power to read any file


def text(content: str, name: str = "deck.yaml") -> Callable[[Path], Path]:
    """A deck file holding `content` as UTF-8."""
    return raw(content.encode("utf-8"), name)


def raw(content: bytes, name: str = "deck.yaml") -> Callable[[Path], Path]:
    """A deck file holding exactly `content`."""
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def value_deck(value: str) -> str:
    """A deck whose only chart value is `value` (YAML source), at line 8, column 18."""
    return ("title: x\nslides:\n  - title: y\n    chart:\n      kind: bar\n      data:\n"
            f"        - label: a\n          value: {value}\n")


def alias_bomb(folder: Path) -> Path:
    # 3 MB of aliases to one slide of 100,000 bullets: 4 * 10^10 nodes if walked naively
    anchor = "  - &s {title: t, bullets: [" + ", ".join(["a"] * 100_000) + "]}\n"
    return text("title: x\nslides:\n" + anchor + "  - *s\n" * 400_000)(folder)


def billion_laughs(folder: Path) -> Path:
    # each slide's bullets are nine of the previous list: 9^10 bullets if expanded
    lines = ["title: x", "slides:", "  - {title: a, bullets: &a0 [" + ", ".join(["lol"] * 9) + "]}"]
    lines += [f"  - {{title: a, bullets: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]}" for i in range(1, 10)]
    return text("\n".join(lines) + "\n")(folder)


def fifty_megabytes(folder: Path) -> Path:
    path = folder / "huge.yaml"
    with path.open("wb") as out:
        out.write(MINIMAL.encode())
        line = b"    # " + b"x" * 1018 + b"\n"
        for _ in range(50 * 1024):
            out.write(line)
    return path


def missing(folder: Path) -> Path:
    return folder / "no-such-deck.yaml"


def unreadable(folder: Path) -> Path:
    path = text(MINIMAL)(folder)
    path.chmod(0)
    return path


def directory(folder: Path) -> Path:
    path = folder / "a-folder.yaml"
    path.mkdir()
    return path


def symlink_loop(folder: Path) -> Path:
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    return folder / "loop-a.yaml"


def dangling_link(folder: Path) -> Path:
    (folder / "dangling.yaml").symlink_to("gone.yaml")
    return folder / "dangling.yaml"


def named_pipe(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def with_source(source_file: str, setup: Callable[[Path], None] = lambda folder: None) -> Callable[[Path], Path]:
    """A deck naming `source_file` as its article (line 2, column 16)."""
    def make(folder: Path) -> Path:
        setup(folder)
        return text(f"title: x\nsource: {{file: {source_file}}}\nslides:\n  - title: y\n")(folder)

    return make


def _fifo_article(folder: Path) -> None:
    os.mkfifo(folder / "article.txt")


def _binary_article(folder: Path) -> None:
    (folder / "article.txt").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe" * 100)


def _huge_article(folder: Path) -> None:
    (folder / "article.txt").write_bytes(b"x" * (6 * MiB))


_random = random.Random(20251129)
RANDOM_BYTES = bytes(_random.getrandbits(8) for _ in range(64 * 1024))
RANDOM_UNICODE = "".join(chr(_random.choice([_random.randrange(0x20, 0x7F), _random.randrange(0xA0, 0xD7FF)]))
                         for _ in range(20_000))
DEEP_FLOW = "title: x\nslides: " + "[" * 20_000 + "]" * 20_000 + "\n"
DEEP_MAPS = "title: x\nslides: " + "{a: " * 20_000 + "b" + "}" * 20_000 + "\n"
DEEP_BLOCK = "title: x\nslides:\n" + "".join("  " * depth + "-\n" for depth in range(1, 1_500))
MARKER = "deck-hostile-marker"

CASES = [
    # empty and shapeless
    Case("empty file", raw(b""), 1, 1, "the file is empty"),
    Case("blank lines only", text("   \n\n  \n"), 1, 1, "the file is empty"),
    Case("comments only", text("# a deck, one day\n# not yet\n"), 1, 1, "the file is empty"),
    Case("document markers only", text("---\n...\n"), None, None, "not empty|the file is empty"),
    Case("list at the top", text("- title: x\n- slides: []\n"), 1, 1, "top level must be a mapping.*not a list"),
    Case("string at the top", text("just some words\n"), 1, 1, "top level must be a mapping.*not a string"),
    Case("number at the top", text("42\n"), 1, 1, "top level must be a mapping.*not a number"),
    Case("null at the top", text("~\n"), 1, 1, "top level must be a mapping"),
    # YAML syntax errors
    Case("bad indentation", text("title: x\nslides:\n  - title: y\n   notes: z\n"), 4, 4, "YAML syntax error"),
    Case("tab indentation", text("title: x\nslides:\n\t- title: y\n"), 3, 1, "indent with spaces, not tabs"),
    Case("tab inside a block", text("title: x\nslides:\n  - title: y\n  \tnotes: z\n"), 4, 3, "tab"),
    Case("unclosed double quote", text('title: "abc\nslides:\n  - title: y\n'), 4, 1,
         "quoted scalar started at line 1, column 8"),
    Case("unclosed single quote", text("title: x\nslides:\n  - title: 'abc\n"), 4, 1,
         "quoted scalar started at line 3, column 12"),
    Case("unclosed bracket", text("title: x\nslides: [{title: y}\n"), 3, 1, "flow sequence started at line 2, column 9"),
    Case("unclosed brace", text("title: x\nslides:\n  - {title: y\n"), 4, 1, "flow mapping started at line 3, column 5"),
    Case("colon in a plain value", text("title: a: b\nslides:\n  - title: y\n"), 1, 9, "put text containing .: . in quotes"),
    Case("undefined alias", text("title: *nowhere\nslides:\n  - title: y\n"), 1, 8, "undefined alias"),
    Case("two documents", text(MINIMAL + "---\n" + MINIMAL), 4, 1, "another document"),
    Case("raw escape sequence in the file", text(MINIMAL + "\x1b[2J\x1b]0;owned\x07\n"), 4, 1,
         "control character U\\+001B"),
    Case("NUL byte", raw(b"title: x\x00\nslides:\n  - title: y\n"), 1, 9, "U\\+0000"),
    # encodings
    Case("Latin-1 byte", raw(b"title: caf\xe9\nslides:\n  - title: y\n"), 1, 11, "not UTF-8: byte 0xe9 at offset 10"),
    Case("invalid UTF-8 on line 3", raw(b"title: x\nslides:\n  - title: \xff\xfe\n"), 3, 12, "not UTF-8: byte 0xff"),
    Case("truncated UTF-8 sequence", raw(MINIMAL.encode() + "  - title: 中".encode()[:-1]), 4, 12, "not UTF-8"),
    Case("UTF-16 LE with BOM", raw(MINIMAL.encode("utf-16")), 1, 1, "UTF-16"),
    Case("UTF-16 BE with BOM", raw(b"\xfe\xff" + MINIMAL.encode("utf-16-be")), 1, 1, "UTF-16"),
    Case("UTF-16 LE without BOM", raw(MINIMAL.encode("utf-16-le")), 1, 2, "U\\+0000.*UTF-16"),
    Case("UTF-32 with BOM", raw(MINIMAL.encode("utf-32")), 1, 1, "UTF-16|UTF-32"),
    Case("random binary", raw(RANDOM_BYTES), None, None, "not UTF-8|control character"),
    Case("random Unicode text", text(RANDOM_UNICODE), None, None, None),
    # size and shape bombs
    Case("50 MB file", fifty_megabytes, None, None, "larger than 5 MB"),
    Case("20,000 nested lists", text(DEEP_FLOW), 2, 1008, "exceeded maximum nesting depth"),
    Case("20,000 nested mappings", text(DEEP_MAPS), 2, None, "exceeded maximum nesting depth"),
    Case("1,500 nested block lists", text(DEEP_BLOCK), 1001, None, "exceeded maximum nesting depth"),
    Case("alias bomb", alias_bomb, 3, None, "more than 300000 nodes after expanding aliases"),
    Case("billion laughs", billion_laughs, 3, 25, "a bullet must be text, not a list"),
    Case("recursive alias", text("slides: &s [*s]\ntitle: x\n"), 1, 9, "a slide must be a mapping, not a list"),
    Case("2.5 million tiny nodes", text("title: x\nslides: [" + "a," * 2_500_000 + "a]\n"), 2, None,
         "more than 300000 YAML nodes"),
    # tags: nothing is ever constructed, let alone executed
    Case("!!python/object/apply", text(f"title: !!python/object/apply:os.system ['touch {MARKER}']\nslides:\n  - title: y\n"),
         1, 8, "tag '!!python/object/apply:os.system' is not allowed"),
    Case("!!python/name", text("title: !!python/name:os.system\nslides:\n  - title: y\n"), 1, 8, "!!python/name:os.system"),
    Case("!!python/object/new", text(f"title: x\nslides:\n  - title: !!python/object/new:os.system [touch {MARKER}]\n"),
         3, 12, "is not allowed"),
    Case("!!python/module", text("title: x\nslides: !!python/module:os\n"), 2, 9, "is not allowed"),
    Case("verbatim python tag", text("title: !<tag:yaml.org,2002:python/object:os.system> x\nslides:\n  - title: y\n"),
         1, 8, "is not allowed"),
    Case("!!binary", text("title: !!binary aGVsbG8=\nslides:\n  - title: y\n"), 1, 8, "!!binary"),
    Case("!!set", text("title: x\nslides: !!set {a, b}\n"), 2, 9, "!!set"),
    Case("!!omap", text("title: x\nslides: !!omap [a: 1]\n"), 2, 9, "!!omap"),
    Case("local tag", text("title: !secret x\nslides:\n  - title: y\n"), 1, 8, "'!secret'"),
    Case("%TAG directive", text("%TAG !e! tag:example.com,2000:\n---\ntitle: !e!foo x\nslides:\n  - title: y\n"),
         3, 8, "tag:example.com,2000:foo"),
    Case("merge key", text("title: x\nslides:\n  - <<: {title: y}\n"), 3, 5, "!!merge"),
    # numbers
    Case("NaN", text(value_deck(".nan")), 8, 18, "finite number, not .nan"),
    Case("infinity", text(value_deck(".inf")), 8, 18, "finite number, not .inf"),
    Case("minus infinity", text(value_deck("-.Inf")), 8, 18, "finite number"),
    Case("1.0e+308", text(value_deck("1.0e+308")), 8, 18, "out of range"),
    Case("1e308 (text in YAML 1.1)", text(value_deck("1e308")), 8, 18, "not a string.*write 1.0e\\+308"),
    Case("5000-digit integer", text(value_deck("9" * 5000)), 8, 18, "out of range"),
    Case("huge hexadecimal", text(value_deck("0x" + "f" * 400)), 8, 18, "out of range"),
    Case("!!float on a word", text(value_deck('!!float "lots"')), 8, 18, "must be a number, not 'lots'"),
    Case("!!int on nothing", text(value_deck('!!int ""')), 8, 18, "must be a number"),
    Case("!!bool on a word", text("title: x\nreveal: !!bool maybe\nslides:\n  - title: y\n"), 2, 9, "true or false"),
    # duplicate keys
    Case("duplicate top-level key", text("title: x\ntitle: y\nslides:\n  - title: y\n"), 2, 1,
         "duplicate key 'title' \\(first given on line 1\\)"),
    Case("duplicate slide key", text("title: x\nslides:\n  - title: y\n    title: z\n"), 4, 5, "duplicate key 'title'"),
    Case("duplicate language", text("title: {en: a, en: b}\nslides:\n  - title: y\n"), 1, 16, "duplicate key 'en'"),
    # control characters quoted back in messages must not reach the terminal raw
    Case("escape sequence in a key", text('title: x\n"\\e]52;c;SGk=\\a": 1\nslides:\n  - title: y\n'), 2, 1,
         r"unknown key '\\x1b\]52;c;SGk=\\x07'"),
    Case("newline in a language code", text('title: {"a\\nb": x}\nslides:\n  - title: y\n'), 1, 9, r"language 'a\\nb'"),
    Case("escape sequence in a slide id", text('title: x\nslides:\n  - {title: y, id: "\\e[2J"}\n'), 3, 20, r"slide id '\[2J'"),
    # files that cannot be read (exit 1, no position)
    Case("missing file", missing, None, None, "^cannot read: No such file or directory$", status=1),
    Case("unreadable file", unreadable, None, None, "^cannot read: Permission denied$", status=1, unprivileged=True),
    Case("a directory", directory, None, None, "^is a directory, not a deck file$", status=1),
    Case("symlink loop", symlink_loop, None, None, "^cannot read: Too many levels of symbolic links$", status=1),
    Case("dangling symlink", dangling_link, None, None, "^cannot read: No such file or directory$", status=1),
    Case("named pipe nobody writes to", named_pipe, 1, 1, "the file is empty"),
    # the source article a deck names
    Case("source is missing", with_source("article.txt"), 2, 16, "cannot read source file 'article.txt'"),
    Case("source is a named pipe", with_source("article.txt", _fifo_article), 2, 16, "not a regular file"),
    Case("source is a device", with_source("/dev/zero"), 2, 16, "not a regular file"),
    Case("source is a directory", with_source("."), 2, 16, "[Ii]s a directory"),
    Case("source is binary", with_source("article.txt", _binary_article), 2, 16, "not UTF-8"),
    Case("source is 6 MB", with_source("article.txt", _huge_article), 2, 16, "larger than 5 MB"),
]


def _prepare(case: Case, tmp_path: Path) -> tuple[Path, Path, Path]:
    """The deck folder, the deck path, and an output folder holding an earlier export."""
    decks = tmp_path / "decks"
    outputs = tmp_path / "out"
    for folder in (decks, outputs):
        folder.mkdir()
    (outputs / "slides.txt").write_bytes(PRECIOUS)
    return decks, case.make(decks), outputs


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_file_is_refused_in_one_line(case: Case, tmp_path: Path) -> None:
    if case.unprivileged and not CAN_BE_UNPRIVILEGED:
        pytest.skip("root without setpriv reads every file")
    decks, path, outputs = _prepare(case, tmp_path)
    before = folder_snapshot(outputs)
    check = run_deck("check", path, label=case.name, cwd=decks,
                     unprivileged=case.unprivileged)
    said = assert_refused(check, path, status=case.status, line=case.line, col=case.col, message=case.message)
    export = run_deck("export", path, "-o", outputs / "slides.txt", label=case.name, cwd=decks,
                     unprivileged=case.unprivileged)
    assert assert_refused(export, path, status=case.status, line=case.line, col=case.col) == said
    assert folder_snapshot(outputs) == before
    assert not (decks / MARKER).exists() and not Path(MARKER).exists()


def test_every_case_has_a_distinct_name() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("UTF-8 BOM", b"\xef\xbb\xbf" + MINIMAL.encode()),
        ("CRLF line ends", MINIMAL.replace("\n", "\r\n").encode()),
        ("-0.0 as a value", value_deck("-0.0").encode()),
        ("no final newline", MINIMAL.rstrip("\n").encode()),
    ],
)
def test_odd_but_valid_files_are_accepted(name: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(content)
    check = run_deck("check", path, label=name)
    assert (check.status, check.stderr) == (0, "")
    assert check.stdout.startswith(f"{path}: ok: 1 slide")
    out = tmp_path / "slides.txt"
    export = run_deck("export", path, "-o", out, label=name)
    assert (export.status, export.stdout, export.stderr) == (0, "", "")
    document = out.read_text(encoding="utf-8")
    assert document.startswith("x\n")
    assert "\ufeff" not in document and "\r" not in document
    assert "-0" not in document  # -0.0 is drawn as 0


def test_a_deck_from_a_pipe_still_works() -> None:
    # the named-pipe case must not be "fixed" by refusing pipes: `deck check <(generate)` works
    read, write = os.pipe()
    os.write(write, MINIMAL.encode())
    os.close(write)
    try:
        run = run_deck("check", f"/dev/fd/{read}", label="deck from a pipe", pass_fds=(read,))
    finally:
        os.close(read)
    assert (run.status, run.stderr) == (0, "")
    assert run.stdout == f"/dev/fd/{read}: ok: 1 slide, 0 sections, 0 charts, languages en\n"


def test_python_tags_never_run(tmp_path: Path) -> None:
    # the same payloads inside a valid deck's every string position would be refused above;
    # here the proof that nothing ran: the marker file the payload would create never appears
    marker = tmp_path / MARKER
    payload = f"!!python/object/apply:os.system ['touch {marker}']"
    path = tmp_path / "deck.yaml"
    path.write_text(f"title: x\nslides:\n  - title: y\n    notes: {payload}\n", encoding="utf-8")
    run = run_deck("check", path, label="python tag in notes")
    assert_refused(run, path, line=4, col=12, message="is not allowed")
    assert not marker.exists()


def test_source_article_next_to_the_deck_is_found(tmp_path: Path) -> None:
    # the control case for the source cases above: a real article works
    (tmp_path / "article.txt").write_bytes(ARTICLE.read_bytes())
    path = tmp_path / "deck.yaml"
    path.write_text("title: x\nsource: {file: article.txt}\nslides:\n  - title: y\n", encoding="utf-8")
    assert run_deck("check", path).status == 0


# Once took 400 MB (deck/text.py kept a tuple per grapheme while folding a huge word; fixed in bc1ef3f).
def test_a_one_megabyte_word_exports_within_200_mb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(MINIMAL + "    text: " + "a" * MiB + "\n", encoding="utf-8")
    monkeypatch.setenv("DECK_LIMIT_ADDRESS_SPACE", "0")
    run = run_deck("export", path, "-o", tmp_path / "out.txt", label="1 MB word (valid)", timeout=30)
    assert (run.status, run.stderr) == (0, "")
    assert run.max_rss_kb < 200 * 1024, f"{run.max_rss_kb // 1024} MB"
