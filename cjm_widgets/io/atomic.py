"""Reading and writing files safely: atomic writes, size-limited reads.

Every export goes through :func:`write_atomic`, so a failed export (a bad
value, a full disk) leaves the old file as it was; every import goes through
:func:`read_limited`, which refuses a file too large to be a map before
reading it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import FormatError

__all__ = ["MAX_BYTES", "read_limited", "write_atomic"]

MAX_BYTES = 64 * 1024 * 1024  # a map this large is not a map; refuse before parsing


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write atomically: a temporary file in the same folder, fsynced, then renamed.

    A crash mid-write leaves the old file (or none), never half a file.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        # mkstemp makes 0600 files; give the file the mode a plain open() would (or the old file's).
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def read_limited(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES, what: str = "journey file") -> bytes:
    """The file's bytes; :class:`FormatError` when it is over ``max_bytes``."""
    source = os.fspath(path)
    size = os.path.getsize(source)
    if size > max_bytes:
        raise FormatError(f"{source}: {size:,} bytes is over the {max_bytes:,}-byte limit for a {what}")
    with open(source, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:  # grew while we looked
        raise FormatError(f"{source}: over the {max_bytes:,}-byte limit for a {what}")
    return raw


def decode_text(raw: bytes, source: str) -> str:
    """UTF-8 text (a BOM is allowed); binary data gets a :class:`FormatError`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start}); is it a binary file?"
        ) from None
    if "\x00" in text:
        raise FormatError(f"{source}: holds NUL bytes at character {text.index(chr(0))}; is it a binary file?")
    return text
