"""Image files named by a deck: where they may be, how large, and what they are.

The loader checks every `image:` block here when the deck loads, with the standard library
only: the file must lie inside the deck's folder (no `..` or absolute path out of it, no link
pointing out of it), be a regular file of at most `MAX_IMAGE_BYTES`, and start with a PNG,
JPEG or GIF header whose size is at most `MAX_IMAGE_PIXELS`. So a deck that checks is a deck
whose pictures can be decoded in bounded memory; decoding itself (Pillow) happens only when a
slide with a picture is drawn (`deck.draw.image`).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096  # 16,777,216: an RGBA copy is 64 MB at most
MAX_IMAGE_WIDTH_CELLS = 1000  # `width:` in cells; no terminal is wider

_PNG = b"\x89PNG\r\n\x1a\n"
_GIFS = (b"GIF87a", b"GIF89a")
# JPEG markers that carry the frame size (start of frame), baseline to lossless.
_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


class ImageFileError(ValueError):
    """An image file the deck cannot use; the message says why and what to do."""


@dataclass(frozen=True)
class ImageInfo:
    """What the header says: the format and the size in pixels."""

    kind: str  # "png", "jpeg" or "gif"
    width: int
    height: int


def resolve_inside(base_dir: str, name: str) -> str:
    """`name` (relative to the deck's folder) as a real path, refused if it leaves that folder."""
    if not name or "\x00" in name:
        raise ImageFileError("give the image file's path, relative to the deck file")
    if os.path.isabs(name):
        raise ImageFileError(f"image '{name}' must be a path relative to the deck's folder, not an absolute path")
    root = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, target]) != root:
        raise ImageFileError(f"image '{name}' is outside the deck's folder; copy it next to the deck")
    return target


def sniff(data: bytes, name: str) -> ImageInfo:
    """The format and size of an image from its first bytes, or `ImageFileError`."""
    if data.startswith(_PNG):
        info = _png(data, name)
    elif data[:6] in _GIFS:
        info = _gif(data, name)
    elif data.startswith(b"\xff\xd8"):
        info = _jpeg(data, name)
    else:
        raise ImageFileError(f"'{name}' is not a PNG, JPEG or GIF image")
    if info.width <= 0 or info.height <= 0:
        raise ImageFileError(f"'{name}' says it is {info.width}x{info.height} pixels: the file is damaged")
    if info.width * info.height > MAX_IMAGE_PIXELS:
        raise ImageFileError(f"'{name}' is {info.width}x{info.height} pixels; deck draws images of at most "
                             f"{MAX_IMAGE_PIXELS:,} pixels (4096x4096): scale it down")
    return info


def _png(data: bytes, name: str) -> ImageInfo:
    # The first chunk must be IHDR: length 13, then width and height as big-endian words.
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise ImageFileError(f"'{name}' is a truncated or damaged PNG (no IHDR header)")
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("png", width, height)


def _gif(data: bytes, name: str) -> ImageInfo:
    if len(data) < 13:
        raise ImageFileError(f"'{name}' is a truncated GIF")
    width, height = struct.unpack("<HH", data[6:10])
    return ImageInfo("gif", width, height)


def _jpeg(data: bytes, name: str) -> ImageInfo:
    """Walk the JPEG's marker segments to the frame header (bounded by the data's length)."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            break
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length field
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if length < 2:
            break
        if marker in _SOF_MARKERS:
            if at + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return ImageInfo("jpeg", width, height)
        at += 2 + length
    raise ImageFileError(f"'{name}' is a truncated or damaged JPEG (no frame header)")
