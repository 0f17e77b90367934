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

__all__ = ["IMAGE_TYPES", "MAX_PICTURE_BYTES", "picture_data_url"]

MAX_PICTURE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
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

    Raises :class:`SchemaError` (table ``personas``, column ``picture``) when the
    file is missing, is not a PNG/JPEG/GIF/WebP image, or is larger than ``max_bytes``.
    """
    limit = _size(max_bytes)
    fix_type = f"Use a {', '.join(t.split('/')[1].upper() for t in IMAGE_TYPES)} image"
    if isinstance(source, str) and source.strip().lower().startswith("data:"):
        match = _DATA_URL.fullmatch(source.strip())
        if match is None:
            raise _refuse("not a base64 data URL", source, "Pass data:image/png;base64,... or a file path", persona)
        try:
            data = base64.b64decode(re.sub(r"\s", "", match["data"]), validate=True)
        except (binascii.Error, ValueError):
            raise _refuse(
                "the data URL's base64 is damaged", source, "Load the picture from its file", persona
            ) from None
    else:
        path = Path(source).expanduser()
        if not path.is_file():
            raise _refuse(f"no picture file at {str(path)!r}", str(source), "Check the path", persona)
        size = path.stat().st_size
        if size > max_bytes:
            raise _refuse(f"the picture is {_size(size)}, over {limit}", str(path), "Use a smaller image", persona)
        data = path.read_bytes()
    if len(data) > max_bytes:
        raise _refuse(f"the picture is {_size(len(data))}, over {limit}", source, "Use a smaller image", persona)
    kind = _sniff(data)
    if kind is None:
        raise _refuse("not a PNG, JPEG, GIF or WebP image", str(source), fix_type, persona)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
