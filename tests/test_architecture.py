"""The architecture holds: import-linter's contracts in pyproject.toml (layers, Textual only in
deck.present, no Rich in deck.format) are kept, and breaking one is caught."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run([command, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(cwd), "PATH": str(Path(sys.executable).parent)})


def test_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def _with_import(tmp_path: Path, module: str, statement: str) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on a copy of the package in which `module` (a path under deck/) gains `statement`."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "deck", copy / "deck", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "deck" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{statement}  # deliberate\n", encoding="utf-8")
    return _lint_imports(copy)


def test_textual_in_draw_breaks_a_contract(tmp_path: Path) -> None:
    result = _with_import(tmp_path, "draw/layout.py", "import textual")
    assert result.returncode == 1
    assert "Only deck.present imports Textual BROKEN" in result.stdout
    assert "deck.draw.layout -> textual" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    result = _with_import(tmp_path, "format/model.py", "import deck.draw.render")
    assert result.returncode == 1
    assert "Layers: cli -> present | export -> draw -> format BROKEN" in result.stdout


def test_rich_in_the_format_breaks_a_contract(tmp_path: Path) -> None:
    result = _with_import(tmp_path, "format/loader.py", "import rich.color")
    assert result.returncode == 1
    assert "deck.format imports neither Rich nor Textual BROKEN" in result.stdout
    assert "deck.format.loader -> rich" in result.stdout
