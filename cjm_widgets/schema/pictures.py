"""Persona pictures as data URLs: read from a local file or checked when given as a data URL.

A picture travels inside the notebook (widget state, saved journeys, offline
reports), so it is embedded rather than linked, limited in size, and only
raster image types are accepted, recognised by their bytes, not by the file
name. SVG is refused: it can carry scripts.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from pathlib import Path

from ..errors import SchemaError

__all__ = ["IMAGE_TYPES", "MAX_PICTURE_BYTES", "page_picture", "picture_data_url"]

MAX_PICTURE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_HEADER_CHARS = 64  # "data:" + a media type + ";base64,"
_DATA_URL = re.compile(r"data:(?P<type>[\w.+-]+/[\w.+-]+);base64,(?P<data>[A-Za-z0-9+/=\s]*)", re.ASCII)


def _sniff(data: bytes) -> str | None:
    """The image type these bytes start with, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _refuse(problem: str, value: object, fix: str, persona: str | None) -> SchemaError:
    shown = value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "..."
    return SchemaError(problem, table="personas", column="picture", row=persona, value=shown, fix=fix)


def picture_data_url(
    source: str | os.PathLike[str], *, max_bytes: int = MAX_PICTURE_BYTES, persona: str | None = None
) -> str:
    """A ``data:image/...;base64,...`` URL for a local image file or a data URL.

    Reading a file is for Python code only: a picture sent by a page goes
    through :func:`page_picture`, which never opens a file.

    Raises :class:`SchemaError` (table ``personas``, column ``picture``) when the
    file is missing, is not a PNG/JPEG/GIF/WebP image, or is larger than ``max_bytes``.
    """
    if isinstance(source, str) and source.strip().lower().startswith("data:"):
        return page_picture(source, max_bytes=max_bytes, persona=persona)
    path = Path(source).expanduser()
    if not path.is_file():
        raise _refuse(f"no picture file at {str(path)!r}", str(source), "Check the path", persona)
    size = path.stat().st_size
    if size > max_bytes:
        raise _refuse(
            f"the picture is {_size(size)}, over {_size(max_bytes)}", str(path), "Use a smaller image", persona
        )
    return _checked(path.read_bytes(), str(source), max_bytes, persona)


def page_picture(source: object, *, max_bytes: int = MAX_PICTURE_BYTES, persona: str | None = None) -> str:
    """A picture sent by a page: a base64 data URL of a PNG, JPEG, GIF or WebP image, at most ``max_bytes``.

    Anything else (a file path above all: the page never names a kernel file) is
    a :class:`SchemaError`; the length is checked before anything is decoded.
    """
    if not isinstance(source, str) or not source.strip().lower().startswith("data:"):
        raise _refuse(
            "a picture from the page must be a data URL (data:image/png;base64,...); file paths are for Python code",
            source,
            "Choose the picture file in the card, or call card.load_picture(path) in Python",
            persona,
        )
    if len(source) > _HEADER_CHARS + 1024 + 3 * max_bytes:  # base64 (4/3) with line breaks: well under 3x
        raise _refuse(
            f"the data URL is over the {_size(max_bytes)} picture limit", source, "Use a smaller image", persona
        )
    match = _DATA_URL.fullmatch(source.strip())
    if match is None:
        raise _refuse("not a base64 data URL", source, "Pass data:image/png;base64,... or a file path", persona)
    try:
        data = base64.b64decode(re.sub(r"\s", "", match["data"]), validate=True)
    except (binascii.Error, ValueError):
        raise _refuse("the data URL's base64 is damaged", source, "Load the picture from its file", persona) from None
    return _checked(data, source, max_bytes, persona)


def _checked(data: bytes, source: str, max_bytes: int, persona: str | None) -> str:
    if len(data) > max_bytes:
        raise _refuse(
            f"the picture is {_size(len(data))}, over {_size(max_bytes)}", source, "Use a smaller image", persona
        )
    kind = _sniff(data)
    if kind is None:
        fix_type = f"Use a {', '.join(t.split('/')[1].upper() for t in IMAGE_TYPES)} image"
        raise _refuse("not a PNG, JPEG, GIF or WebP image", source, fix_type, persona)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
