"""Pictures on a cell grid: half blocks in colour, a 7-bit shade ramp, or the alt text.

An `ImageBlock` is a Rich renderable like the others: sized in cells from `options.max_width`
(never wider than the slide, the aspect ratio kept), so the screen and every export draw it
alike. It works in every terminal, tmux included, because it is plain text and colours:

* `blocks`: each cell is two pixels, the upper half `▀` in the foreground colour and the lower
  half in the background colour (a cell is about twice as tall as it is wide, so the pixels
  come out square);
* `ascii`: one shade character of `ASCII_RAMP` per cell (also used whenever only 7-bit output
  is wanted);
* `alt`: `[image: ALT]`, for text exports and screen readers;
* another mode (`kitty`) draws with the painter the presenter registered for it
  (`register_painter`, `deck.present.graphics`): a terminal graphics protocol in the same cells.

Pillow decodes the file (the optional extra `deck[images]`); it is imported only when a picture
is drawn. Without it, or when the file cannot be decoded, the alt text is shown in a frame with
a one-line hint, never a traceback. The loader has already bounded the file (`deck.format.images`:
20 MB, 16.7 million pixels); `scaled` scales before it converts (peak memory measured there), and
the drawn pixels are cached per size (`_pixels`, 32 entries).
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterator
from typing import Any

from rich.color import Color
from rich.color_triplet import ColorTriplet
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from deck.draw.text import safe_text, wrap
from deck.format import model

ASCII_RAMP = " .:-=+*#%@"  # dark to light, for a light-on-dark terminal
DEFAULT_MAX_WIDTH = 60  # cells, when the deck gives no `width`
DEFAULT_MAX_ROWS = 16  # rows a picture without `width` may take (fits 80x24 under a title)
MODES = ("blocks", "ascii", "alt")
Pixel = tuple[int, int, int, int]
_SCALABLE_MODES = frozenset({"RGB", "RGBA", "L", "LA"})  # Pillow's BOX filter works in these
# A terminal graphics protocol's drawing of a picture in (columns, rows) cells, or why it cannot
# be drawn; `deck.present.graphics` registers one per protocol it may use (`register_painter`).
Painter = Callable[[model.Image, int, int], "RenderableType | str"]
_PAINTERS: dict[str, Painter] = {}


def register_painter(mode: str, painter: Painter) -> None:
    """Draw pictures in `mode` with `painter` (a mode nobody registered draws half blocks)."""
    _PAINTERS[mode] = painter


class ImageBlock:
    """The renderable of an `image:` block in one of `MODES`."""

    def __init__(self, image: model.Image, *, lang: str, mode: str = "blocks", ascii_only: bool = False) -> None:
        self.image = image
        self.lang = lang
        self.mode = mode
        self.ascii_only = ascii_only

    def alt(self) -> str:
        """The alt text on one line."""
        return " ".join(self.image.alt.get(self.lang).split())

    def size(self, max_width: int) -> tuple[int, int]:
        """(columns, rows) the picture takes within `max_width`, its aspect ratio kept."""
        px_w, px_h = self.image.pixels
        px_w, px_h = max(px_w, 1), max(px_h, 1)
        # A cell is about twice as tall as it is wide, so a row of text spans two pixel rows'
        # worth of a picture drawn one pixel per column.
        if self.image.width is not None:
            columns = min(self.image.width, max_width)
        else:
            fit_rows = math.floor(DEFAULT_MAX_ROWS * 2 * px_w / px_h)
            columns = min(max_width, DEFAULT_MAX_WIDTH, max(fit_rows, 1))
        columns = max(columns, 1)
        rows = max(1, round(px_h * columns / px_w / 2))
        return columns, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        seven_bit = self.ascii_only or options.ascii_only
        mode = "ascii" if seven_bit and self.mode not in ("ascii", "alt") else self.mode
        width = options.max_width
        if mode == "alt":
            yield from _lines(console, wrap(safe_text(f"[image: {self.alt()}]"), width))
            return
        columns, rows = self.size(width)
        if mode in _PAINTERS:
            painted = _PAINTERS[mode](self.image, columns, rows)
            if not isinstance(painted, str):
                yield from console.render(painted, options.update(width=columns, height=rows))
                return
            mode = "blocks"  # the protocol cannot draw this one: the picture still shows
        elif mode not in MODES:
            mode = "blocks"
        pixels = _pixels(self.image.path, _stamp(self.image.path), columns, rows * 2 if mode == "blocks" else rows)
        if isinstance(pixels, str):
            yield from self._frame(console, width, pixels, options.ascii_only or self.ascii_only)
        elif mode == "blocks":
            yield from _half_blocks(pixels)
        else:
            yield from _shades(pixels)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        columns, _ = self.size(options.max_width)
        return Measurement(min(columns, options.max_width), min(columns, options.max_width))

    def _frame(self, console: Console, width: int, reason: str, ascii_only: bool) -> RenderResult:
        """The alt text in a frame, with why the picture is not shown."""
        inner = max(width - 4, 1)
        body = [*wrap(safe_text(self.alt()), inner), *wrap(safe_text(reason, "dim"), inner)]
        span = max((line.cell_len for line in body), default=0)
        h, v, corners = ("-", "|", "++++") if ascii_only else ("─", "│", "┌┐└┘")
        yield Segment(corners[0] + h * (span + 2) + corners[1] + "\n")
        for line in body:
            yield Segment(v + " ")
            yield from line.render(console)
            yield Segment(" " * (span - line.cell_len) + " " + v + "\n")
        yield Segment(corners[2] + h * (span + 2) + corners[3] + "\n")


def _lines(console: Console, lines: list[Text]) -> Iterator[Segment]:
    for line in lines:
        yield from line.render(console)
        yield Segment.line()


def _stamp(path: str) -> int:
    """When the file last changed (so an edited picture is decoded again after a reload)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def scaled(path: str, columns: int, pixel_rows: int) -> Any:
    """The picture decoded and scaled to `columns` x `pixel_rows` RGBA pixels (a Pillow image),
    or why it cannot be shown (a string). Nothing larger than the loader allowed is decoded."""
    try:
        from PIL import Image as PILImage
    except ImportError:
        return "pictures need Pillow: pip install 'deck[images]'"
    from deck.format.images import MAX_IMAGE_PIXELS

    PILImage.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with PILImage.open(path) as opened:
            opened.draft("RGB", (columns, pixel_rows))  # JPEG: decode at a fraction of the size
            # Scale first, in the file's own mode where it can be, then convert the few pixels
            # left. Measured on 4096x4096 pictures (the largest the loader lets through): peak
            # memory +66 MB for RGB, +82 MB for a palette, +146 MB for one with transparency
            # (its RGBA copy and the premultiplied copy Pillow scales), in 0.3 s; converting
            # first took +194 MB.
            picture: PILImage.Image = opened
            if picture.mode not in _SCALABLE_MODES:  # palettes and the rest; transparency kept
                alpha = "transparency" in picture.info or "A" in picture.mode
                picture = picture.convert("RGBA" if alpha else "RGB")
            return picture.resize((columns, pixel_rows), PILImage.Resampling.BOX).convert("RGBA")
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, PILImage.DecompressionBombError) as error:
        return f"cannot show the picture: {str(error) or type(error).__name__}"


@functools.lru_cache(maxsize=32)
def _pixels(path: str, stamp: int, columns: int, pixel_rows: int) -> tuple[tuple[Pixel, ...], ...] | str:
    """The picture scaled to `columns` x `pixel_rows` RGBA pixels, or why it cannot be shown."""
    small = scaled(path, columns, pixel_rows)
    if isinstance(small, str):
        return small
    raw = small.tobytes()  # RGBA, row by row
    pixels = [(raw[at], raw[at + 1], raw[at + 2], raw[at + 3]) for at in range(0, len(raw), 4)]
    return tuple(tuple(pixels[row * columns:(row + 1) * columns]) for row in range(pixel_rows))


def _colour(pixel: Pixel) -> Color:
    return Color.from_triplet(ColorTriplet(pixel[0], pixel[1], pixel[2]))


def _half_blocks(pixels: tuple[tuple[Pixel, ...], ...]) -> Iterator[Segment]:
    """Two pixel rows per text row; a transparent half shows the terminal's own background."""
    for upper_row, lower_row in zip(pixels[::2], pixels[1::2], strict=False):
        for upper, lower in zip(upper_row, lower_row, strict=True):
            top, bottom = upper[3] >= 128, lower[3] >= 128
            if top and bottom:
                yield Segment("▀", Style(color=_colour(upper), bgcolor=_colour(lower)))
            elif top:
                yield Segment("▀", Style(color=_colour(upper)))
            elif bottom:
                yield Segment("▄", Style(color=_colour(lower)))
            else:
                yield Segment(" ")
        yield Segment.line()


def _shades(pixels: tuple[tuple[Pixel, ...], ...]) -> Iterator[Segment]:
    """One 7-bit character per cell, by brightness (transparent is blank)."""
    top = len(ASCII_RAMP) - 1
    for row in pixels:
        chars = []
        for red, green, blue, alpha in row:
            light = (299 * red + 587 * green + 114 * blue) / 255_000 * alpha / 255
            chars.append(ASCII_RAMP[min(top, int(light * len(ASCII_RAMP)))])
        yield Segment("".join(chars).rstrip())
        yield Segment.line()


def image_problems(deck: model.Deck) -> list[tuple[model.Image, str]]:
    """Each picture that cannot be decoded, with the reason (`deck check` reports them).

    Without Pillow nothing is decoded and nothing is reported: the presenter then shows the
    alt text with a hint, which is not an error in the deck.
    """
    try:
        import PIL  # noqa: F401
    except ImportError:
        return []
    problems = []
    for image in deck.images:
        result = _pixels(image.path, _stamp(image.path), 1, 1)
        if isinstance(result, str):
            problems.append((image, result.removeprefix("cannot show the picture: ")))
    return problems


__all__ = ["ASCII_RAMP", "MODES", "ImageBlock", "Painter", "image_problems", "register_painter", "scaled"]
