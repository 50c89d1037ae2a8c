"""The command line: exit statuses, messages, default deck, and no Textual on the fast paths."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deck import __version__
from deck.cli import bundled_deck, main, parse_duration

ROOT = Path(__file__).resolve().parent.parent
Writer = Callable[[str], Path]


def run(*argv: str) -> tuple[int, str, str]:
    """Run `deck argv` in-process; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_check_valid_deck_prints_a_summary() -> None:
    status, out, err = run("check", str(ROOT / "slides.yaml"))
    assert status == 0, err
    assert out.startswith(f"{ROOT / 'slides.yaml'}: ok: ")
    assert "languages zh, en" in out


def test_check_invalid_deck_reports_file_line_col(write_deck: Writer) -> None:
    path = write_deck("title: x\nslides:\n  - titel: y\n")
    status, out, err = run("check", str(path))
    assert status == 2
    assert out == ""
    assert err == f"{path}:3:5: unknown key 'titel' in a slide; did you mean 'title'?\n"


def test_check_reports_every_file_and_fails_if_any_fails(write_deck: Writer) -> None:
    good = write_deck("title: x\nslides:\n  - title: y\n", "good.yaml")
    bad = write_deck("title: x\n", "bad.yaml")
    status, out, err = run("check", str(good), str(bad))
    assert status == 2
    assert out == f"{good}: ok: 1 slide, 0 sections, 0 charts, languages en\n"
    assert err == f"{bad}:1:1: the deck is missing required key 'slides'\n"


def test_path_is_shown_as_given(write_deck: Writer, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_deck("title: x\nslides: []\n")
    monkeypatch.chdir(path.parent)
    assert run("check", "deck.yaml")[2] == "deck.yaml:2:9: 'slides' must not be empty\n"


@pytest.mark.parametrize("target", ["missing.yaml", "."])
def test_unreadable_targets_fail_in_one_line(target: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run("check", target)
    assert status == 1
    assert err.count("\n") == 1 and err.startswith(f"{target}: ")


def test_usage_errors_exit_2() -> None:
    status, _, err = run("check", "--size", "big")
    assert status == 2
    assert "expected a size like 80x24" in err
    assert run("export", "x.yaml", "--width", "3")[0] == 2
    assert run("present", "--duration", "soon")[0] == 2


def test_version() -> None:
    assert run("--version") == (0, f"deck {__version__}\n", "")


def test_python_dash_m_help() -> None:
    result = subprocess.run([sys.executable, "-m", "deck", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "check" in result.stdout and "export" in result.stdout


def test_durations() -> None:
    assert parse_duration("20m") == 1200
    assert parse_duration("1h30m") == 5400
    assert parse_duration("90s") == 90
    assert parse_duration("15") == 900


def test_bundled_deck_exists_and_is_the_repository_deck_in_a_checkout() -> None:
    assert bundled_deck().is_file()


def test_present_unknown_language_is_a_usage_error() -> None:
    status, _, err = run("present", str(ROOT / "slides.yaml"), "--lang", "fr")
    assert status == 2
    assert err == "deck: --lang fr: the deck is written in zh, en\n"


def _imported_modules(*argv: str) -> set[str]:
    code = ("import sys; from deck.cli import main; import io; "
            f"main({list(argv)!r}, stdout=io.StringIO()); print('\\n'.join(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return set(result.stdout.split())


@pytest.mark.parametrize("argv", [("check", "slides.yaml"), ("export", "slides.yaml"),
                                  ("check", "--size", "80x24", "slides.yaml"), ("schema",)])
def test_fast_paths_never_import_textual(argv: tuple[str, ...]) -> None:
    modules = _imported_modules(*argv)
    assert "deck.format.loader" in modules or argv == ("schema",)
    assert not any(name == "textual" or name.startswith("textual.") for name in modules)


def test_default_deck_prefers_a_local_slides_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deck.cli import default_deck

    monkeypatch.chdir(tmp_path)
    assert default_deck() == str(bundled_deck())
    (tmp_path / "slides.yaml").write_text("title: x\nslides:\n  - title: y\n")
    assert default_deck() == "slides.yaml"


# --- the presenter's options and the default deck of check and export ---------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("0", "at least 1s"), ("0m", "at least 1s"), ("0.001", "at least 1s"),
    ("-5m", "cannot be negative"), ("-5", "cannot be negative"),
    ("25h", "at most 24h"), ("9" * 400, "at most 24h"), ("1" + "0" * 400 + "s", "at most 24h"),
    ("inf", "expected a duration"), ("-inf", "expected a duration"), ("nan", "expected a duration"),
    ("infinity", "expected a duration"), ("1e3", "expected a duration"), ("", "expected a duration"),
])
@pytest.mark.parametrize("joined", [False, True])
def test_bad_durations_are_one_clear_line_and_exit_2(value: str, message: str, joined: bool) -> None:
    argv = [f"--duration={value}"] if joined else ["--duration", value]
    status, out, err = run("present", str(ROOT / "slides.yaml"), *argv)
    assert status == 2
    assert out == ""
    last = err.splitlines()[-1]
    assert last.startswith("deck present: error: argument --duration: ") and message in last
    assert len(last) < 140  # a 400-digit number is not echoed whole
    assert "Traceback" not in err


def test_durations_are_whole_seconds() -> None:
    assert parse_duration("10s") == 10
    assert parse_duration("1.5") == 90
    assert parse_duration("24h") == 24 * 3600


@pytest.mark.parametrize("command", ["check", "export"])
def test_check_and_export_without_file_use_the_default_deck_and_say_so(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(command)
    assert status == 0, err
    verb = "checking" if command == "check" else "exporting"
    assert err == f"deck: {verb} {bundled_deck()} (no FILE given)\n"
    assert out.startswith(f"{bundled_deck()}: ok: " if command == "check" else "Meta 的 AI 十字路口\n")
    (tmp_path / "slides.yaml").write_text("title: Local\nslides:\n  - title: y\n")
    status, out, err = run(command)
    assert status == 0, err
    assert err == f"deck: {verb} slides.yaml (no FILE given)\n"
    assert out.startswith("slides.yaml: ok: " if command == "check" else "Local\n")


_PRESENT_TOKENS = ["talk.yaml", "other.yaml", "", "present", "--lang", "en", "--lang=zh", "--theme", "dark",
                   "--start", "3", "--start=0", "--start=12", "--duration", "20m", "--duration=1h30m", "90",
                   "--duration=-5m", "--timer-on-key", "--share", "--share=1", "--listen", "127.0.0.1:8000",
                   "--images", "ascii", "--images=blocks", "--images=kitty", "--sta", "-h", "--", "-", "-5", "--lang="]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PRESENT_TOKENS), max_size=7))
def test_plain_present_arguments_read_as_argparse_reads_them(tokens: list[str]) -> None:
    from deck.cli import _Parser, _plain_present, build_parser

    argv = ["present", *tokens]
    plain = _plain_present(argv)
    if plain is None:
        return  # argparse's to read
    saved = _Parser.out, _Parser.err
    _Parser.out = _Parser.err = io.StringIO()
    try:
        assert plain == build_parser("present").parse_args(argv)
    finally:
        _Parser.out, _Parser.err = saved


def test_the_usual_present_command_lines_are_read_without_the_parser() -> None:
    from deck.cli import _plain_present

    for argv in (["present"], ["present", "talk.yaml"], ["present", "talk.yaml", "--start", "3", "--duration=20m"],
                 ["present", "--lang", "en", "--share", "talk.yaml"]):
        assert _plain_present(argv) is not None, argv
    for argv in (["present", "--help"], ["present", "--sta", "3"], ["present", "a", "b"], ["present", "--start", "0"]):
        assert _plain_present(argv) is None, argv
