"""Pictures: the loader's checks (inside the deck's folder, a real PNG/JPEG/GIF, bounded size),
the half-block and 7-bit drawings as exact cells, the alt text in exports, the fallback without
Pillow, and a real terminal showing the picture. Every image is made by the test itself."""

from __future__ import annotations

import os
import shlex
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image as PILImage
from rich.console import Console
from rich.segment import Segment

from deck.draw import image as drawing
from deck.draw.render import RenderOptions, render_slide
from deck.export import export_deck
from deck.format.errors import DeckError
from deck.format.loader import load_deck
from deck.present import state

ROOT = Path(__file__).resolve().parent.parent
RED, BLUE, WHITE, BLACK = (255, 0, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)


def picture(folder: Path, name: str, rows: list[list[tuple[int, int, int]]], fmt: str = "PNG") -> Path:
    """A picture whose pixels are `rows` (top to bottom), written as `name`."""
    image = PILImage.new("RGB", (len(rows[0]), len(rows)))
    image.putdata([pixel for row in rows for pixel in row])
    path = folder / name
    image.save(path, fmt)
    return path


def deck_with(folder: Path, image: str) -> Path:
    path = folder / "deck.yaml"
    path.write_text(f"title: Pictures\nslides:\n  - title: One\n    image: {image}\n", encoding="utf-8")
    return path


def cells(renderable: object, width: int) -> list[list[Segment]]:
    console = Console(width=width, color_system="truecolor", force_terminal=True, legacy_windows=False)
    return console.render_lines(renderable, console.options.update(width=width), pad=False)  # type: ignore[arg-type]


def block_of(path: Path, mode: str = "blocks", ascii_only: bool = False) -> drawing.ImageBlock:
    deck = load_deck(path)
    (image,) = deck.images
    return drawing.ImageBlock(image, lang="en", mode=mode, ascii_only=ascii_only)


# ------------------------------------------------------------------------- the drawing


def test_half_blocks_put_two_pixels_in_a_cell(tmp_path: Path) -> None:
    # 2 x 4 pixels: red over blue in the left column, white over black in the right, twice.
    picture(tmp_path, "p.png", [[RED, WHITE], [BLUE, BLACK], [BLUE, BLACK], [RED, WHITE]])
    lines = cells(block_of(deck_with(tmp_path, "{file: p.png, alt: squares, width: 2}")), 40)
    assert len(lines) == 2
    drawn = [[(s.text, s.style.color.triplet, s.style.bgcolor.triplet) for s in line if s.text]  # type: ignore[union-attr]
             for line in lines]
    assert drawn == [
        [("▀", RED, BLUE), ("▀", WHITE, BLACK)],
        [("▀", BLUE, RED), ("▀", BLACK, WHITE)],
    ]


def test_seven_bit_shades_one_cell_per_sample(tmp_path: Path) -> None:
    grey = [(0, 0, 0), (60, 60, 60), (130, 130, 130), (255, 255, 255)]
    picture(tmp_path, "g.png", [grey, grey])
    block = block_of(deck_with(tmp_path, "{file: g.png, alt: greys, width: 4}"), mode="ascii")
    text = ["".join(s.text for s in line) for line in cells(block, 40)]
    assert text == [" :+@"]
    assert all(line.isascii() for line in text)


def test_ascii_only_output_switches_blocks_to_shades(tmp_path: Path) -> None:
    picture(tmp_path, "w.png", [[WHITE, WHITE], [WHITE, WHITE]])
    block = block_of(deck_with(tmp_path, "{file: w.png, alt: white, width: 2}"), ascii_only=True)
    assert ["".join(s.text for s in line) for line in cells(block, 40)] == ["@@"]


def test_aspect_ratio_is_kept_and_the_width_never_exceeds_the_slide(tmp_path: Path) -> None:
    picture(tmp_path, "wide.png", [[BLUE] * 40 for _ in range(20)])
    block = block_of(deck_with(tmp_path, "{file: wide.png, alt: wide, width: 30}"))
    assert block.size(80) == (30, 8)  # 20 px tall at 30/40 scale = 15 px = 7.5 rows of two
    assert block.size(12) == (12, 3)
    lines = cells(block, 12)
    assert len(lines) == 3 and all(sum(len(s.text) for s in line) == 12 for line in lines)
    # Without `width`, a picture takes at most 16 rows and 60 cells.
    picture(tmp_path, "tall.png", [[RED] * 10 for _ in range(100)])
    tall = block_of(deck_with(tmp_path, "{file: tall.png, alt: tall}"))
    columns, rows = tall.size(80)
    assert rows <= drawing.DEFAULT_MAX_ROWS and columns == 3


def test_jpeg_and_the_first_frame_of_a_gif(tmp_path: Path) -> None:
    picture(tmp_path, "p.jpg", [[RED] * 8 for _ in range(8)], fmt="JPEG")
    jpeg = block_of(deck_with(tmp_path, "{file: p.jpg, alt: red, width: 4}"))
    assert jpeg.image.pixels == (8, 8)
    first = cells(jpeg, 20)[0][0].style
    assert first.color is not None and first.color.triplet is not None and first.color.triplet.red > 200
    frames = [PILImage.new("RGB", (4, 4), colour) for colour in (BLUE, RED)]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:])
    gif = block_of(deck_with(tmp_path, "{file: a.gif, alt: blue then red, width: 4}"))
    style = cells(gif, 20)[0][0].style
    assert style.color is not None and style.color.triplet == BLUE


def test_transparent_pixels_show_the_terminal_background(tmp_path: Path) -> None:
    image = PILImage.new("RGBA", (1, 2))
    image.putdata([(0, 0, 0, 0), (255, 0, 0, 255)])
    image.save(tmp_path / "t.png")
    (line,) = cells(block_of(deck_with(tmp_path, "{file: t.png, alt: half, width: 1}")), 10)
    (segment,) = [s for s in line if s.text]
    assert segment.text == "▄" and segment.style is not None and segment.style.bgcolor is None


# ------------------------------------------------------------------------ the checks


@pytest.mark.parametrize(("image", "message"), [
    ("{file: ../outside.png, alt: x}", "outside the deck's folder"),
    ("{file: /etc/hostname, alt: x}", "relative to the deck's folder, not an absolute path"),
    ("{file: missing.png, alt: x}", "cannot read image 'missing.png'"),
    ("{file: notes.png, alt: x}", "is not a PNG, JPEG or GIF image"),
    ("{file: link.png, alt: x}", "outside the deck's folder"),
    ("{file: sub, alt: x}", "cannot read image 'sub'"),
    ("{file: ok.png}", "missing required key 'alt'"),
    ("{file: ok.png, alt: x, width: 0}", "'width' is a whole number of cells from 1 to 1000"),
    ("{file: ok.png, alt: x, width: 2.5}", "'width' is a whole number of cells"),
])
def test_refused_files_are_located_errors(tmp_path: Path, image: str, message: str) -> None:
    folder = tmp_path / "talk"
    folder.mkdir()
    picture(tmp_path, "outside.png", [[RED]])
    picture(folder, "ok.png", [[RED]])
    (folder / "notes.png").write_text("just text\n", encoding="utf-8")
    (folder / "sub").mkdir()
    os.symlink(tmp_path / "outside.png", folder / "link.png")
    with pytest.raises(DeckError) as caught:
        load_deck(deck_with(folder, image))
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{folder / 'deck.yaml'}:4:")


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


def test_a_huge_picture_is_refused_from_its_header_at_once(tmp_path: Path) -> None:
    # 10000 x 10000 would be 400 MB decoded: refused before any decoding, from 33 bytes.
    (tmp_path / "huge.png").write_bytes(_png_header(10_000, 10_000) + b"\0" * 1000)
    started = time.perf_counter()
    with pytest.raises(DeckError, match=r"is 10000x10000 pixels; deck draws images of at most 16,777,216"):
        load_deck(deck_with(tmp_path, "{file: huge.png, alt: x}"))
    assert time.perf_counter() - started < 5  # a hang detector, not a speed test


@pytest.mark.parametrize("mode", ["RGB", "P"])
def test_the_largest_picture_allowed_is_drawn_in_bounded_memory(tmp_path: Path, mode: str) -> None:
    # 4096 x 4096, the most the loader lets through: scaled before it is converted, so one decoded
    # copy is held (measured +66 MB for RGB, +82 MB for a palette; converting first was +194 MB).
    big = PILImage.new(mode, (4096, 4096), 3 if mode == "P" else RED)
    big.save(tmp_path / "big.png")
    del big
    code = ("import resource, sys; from deck.draw.image import scaled; import PIL.Image;"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
            "small = scaled(sys.argv[1], 60, 32);"
            "print(small.size, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "big.png")], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=60)
    size, grown = out.stdout.rsplit(" ", 1)
    assert size == "(60, 32)" and int(grown) < 120, out.stdout  # MB


def test_a_jpeg_claiming_a_huge_frame_is_refused(tmp_path: Path) -> None:
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 60_000, 60_000, 1) + b"\x01\x11\x00"
    (tmp_path / "big.jpg").write_bytes(b"\xff\xd8" + sof + b"\xff\xd9")
    with pytest.raises(DeckError, match="60000x60000 pixels"):
        load_deck(deck_with(tmp_path, "{file: big.jpg, alt: x}"))


def test_a_truncated_picture_is_reported_by_check_and_drawn_as_its_alt_text(tmp_path: Path) -> None:
    good = picture(tmp_path, "good.png", [[RED] * 16 for _ in range(16)])
    (tmp_path / "cut.png").write_bytes(good.read_bytes()[:50])
    path = deck_with(tmp_path, "{file: cut.png, alt: a red square}")
    result = subprocess.run([sys.executable, "-m", "deck", "check", str(path)], capture_output=True,
                            text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:4:12: cannot decode image 'cut.png': ")
    assert "Traceback" not in result.stderr
    lines = ["".join(s.text for s in line) for line in cells(block_of(path, ascii_only=True), 40)]
    assert lines[0].startswith("+-") and "| a red square" in lines[1] and "cannot show the picture" in lines[2]


def test_without_pillow_the_alt_text_is_framed_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    picture(tmp_path, "p.png", [[RED, RED]])
    block = block_of(deck_with(tmp_path, "{file: p.png, alt: a red line}"))
    drawing._pixels.cache_clear()
    monkeypatch.setitem(sys.modules, "PIL", None)
    try:
        text = ["".join(s.text for s in line) for line in cells(block, 50)]
    finally:
        drawing._pixels.cache_clear()
    assert text[1].startswith("│ a red line")
    assert "pip install 'deck[images]'" in " ".join(line.strip("│ ") for line in text)
    assert {len(line) for line in text} == {len(text[0])}  # a closed frame
    assert drawing.image_problems(load_deck(deck_with(tmp_path, "{file: p.png, alt: x}"))) == []


def test_a_deck_without_pictures_never_imports_the_image_modules() -> None:
    code = ("import sys; from deck.cli import main; main(['export', 'slides.yaml'], open('/dev/null', 'w'));"
            "print(sorted(m for m in sys.modules if m.startswith(('PIL', 'deck.draw.image'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------ the outputs


def test_exports_give_the_alt_text(tmp_path: Path) -> None:
    picture(tmp_path, "p.png", [[RED]])
    deck = load_deck(deck_with(tmp_path, "{file: p.png, alt: A red dot}"))
    assert "[image: A red dot]" in export_deck(deck, lang="en")
    assert "[image: A red dot]" in export_deck(deck, lang="en", ascii_only=True)
    out = tmp_path / "handout"
    out.mkdir()
    assert "![A red dot](<../p.png>)" in export_deck(deck, fmt="markdown", lang="en", out_dir=str(out))


def test_search_finds_the_alt_text(tmp_path: Path) -> None:
    picture(tmp_path, "p.png", [[RED]])
    deck = load_deck(deck_with(tmp_path, "{file: p.png, alt: The architecture diagram}"))
    assert state.matches(deck.slides[0], "en", "architecture")


def test_check_size_counts_the_rows_a_picture_takes(tmp_path: Path) -> None:
    picture(tmp_path, "p.png", [[RED] * 10 for _ in range(40)])
    path = deck_with(tmp_path, "{file: p.png, alt: tall, width: 20}")  # 20 cols x 40 rows
    result = subprocess.run([sys.executable, "-m", "deck", "check", "--size", "80x24", str(path)],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2 and "rows" in result.stderr
    slide = render_slide(load_deck(path).slides[0], RenderOptions("en"))
    assert len(cells(slide, 80)) >= 40


# ------------------------------------------------------------------------ a real terminal


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_picture_shows_as_half_blocks_in_tmux(tmp_path: Path, tmux_session: Callable[..., str]) -> None:
    picture(tmp_path, "p.png", [[RED] * 8 + [BLUE] * 8 for _ in range(8)])
    path = deck_with(tmp_path, "{file: p.png, alt: red and blue, width: 16}")
    # Even when tmux runs in kitty (its variables passed on), the picture is half blocks.
    screen = tmux_session(f"KITTY_WINDOW_ID=1 TERM_PROGRAM=ghostty {shlex.quote(sys.executable)} -m deck "
                          f"{shlex.quote(str(path))}", lambda s: "▀▀▀▀" in s)
    # Red on red then blue on blue, as 24-bit colours.
    assert "\x1b[38;2;255;0;0" in screen and "\x1b[38;2;0;0;255" in screen


@pytest.fixture
def tmux_session(tmp_path: Path) -> Callable[..., str]:
    socket = tmp_path / "tmux.sock"

    def run(command: str, ready: Callable[[str], bool]) -> str:
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        subprocess.run(["tmux", "-S", str(socket), "new-session", "-d", "-s", "deck", "-x", "80", "-y", "24",
                        "sh", "-c", f"cd {shlex.quote(str(ROOT))} && {command}"], env=env, check=True, timeout=10)
        deadline = time.monotonic() + 20
        screen = ""
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-S", str(socket), "capture-pane", "-p", "-e", "-t", "deck"],
                                    capture_output=True, text=True, timeout=10).stdout
            if ready(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out; the screen was:\n{screen}")

    yield run  # type: ignore[misc]
    subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True, timeout=10)
