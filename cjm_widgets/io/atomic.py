"""Reading and writing files safely: atomic writes, size-limited reads.

Every export goes through :func:`write_atomic`, so a failed export (a bad
value, a full disk) leaves the old file as it was; every import goes through
:func:`read_limited`, which refuses a file too large to be a map before
reading it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from ..errors import FormatError

__all__ = ["MAX_BYTES", "read_limited", "write_atomic"]

MAX_BYTES = 64 * 1024 * 1024  # a map this large is not a map; refuse before parsing


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write atomically: a temporary file in the same folder, fsynced, renamed, the folder fsynced.

    A crash mid-write leaves the old file (or none), never half a file. A symlink
    is followed (its target is written, the link stays); a new file gets the mode
    a plain ``open()`` would give it (the umask is never read or changed), a
    replaced one keeps its mode.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    for _ in range(100):  # a name clash with another writer's temporary file: pick another name
        tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            # 0o666 through the kernel's umask: what open() gives a new file, without touching the umask.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"{folder}: no free temporary file name for {target.name}")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, target.stat().st_mode & 0o7777)  # a replaced file keeps its mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
