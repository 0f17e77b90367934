"""Autosave: keep a ``.cjm.json`` file in step with a Journey, one atomic write per applied change.

Every change the Journey applies (an edit from the page, ``m.edit()``, an
assignment) is written at once, synchronously, with :func:`cjm_json.save`'s
temp-file-and-rename. Writing at once (rather than on a timer) means the last
edit is on disk before the kernel answers the page, so a kernel restart or a
crash never loses it; a 1,000-touchpoint map takes a few milliseconds to write
(``benchmarks/bench_autosave.py`` measures it).

A write that fails (disk full, folder removed, no permission) leaves the map
as it is, and is reported through ``on_error`` and :attr:`Autosave.error` in
the user's terms (which folder, what is wrong); the next change tries again.
Every change of the Journey is saved: its tables, title, kind, notes and actions.

Two writers of one file (two maps opened with ``from_file`` on one path, two
kernels) are caught by a version check: before each write the file must be
what this autosave last wrote or read (same inode, size and time, or the same
bytes). If not, nothing is written and :class:`AutosaveConflict` is reported
(:attr:`Autosave.conflict`, :attr:`Autosave.error`), never a silent overwrite.
The check and the write hold an advisory lock (``flock``) on the file, so two
kernels saving at the same moment cannot both pass the check.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import AutosaveConflict, FormatError
from ..model.journey import Journey
from .atomic import write_atomic
from .cjm_json import dumps, load

if sys.platform != "win32":
    import fcntl

__all__ = ["Autosave"]

_LOCK_WAIT = 10.0  # seconds; a write takes milliseconds, so a longer hold is a hung writer: report and retry later


class Autosave:
    """Write ``journey`` to ``path`` now and after every change it applies.

    Parameters
    ----------
    journey:
        The Journey to keep on disk.
    path:
        The ``.cjm.json`` file.
    overwrite:
        When the file exists and holds a *different* map: False (default)
        raises :class:`AutosaveConflict` and leaves the file alone; True
        replaces it. A file holding this very map is simply kept in step.
    on_error:
        Called with a message when a write fails (the map keeps its state).
    """

    def __init__(
        self,
        journey: Journey,
        path: str | os.PathLike[str],
        *,
        overwrite: bool = False,
        on_error: Callable[[str | None], Any] | None = None,
    ) -> None:
        self.journey = journey
        self.path = Path(path)
        self.error: str | None = None
        self.conflict: AutosaveConflict | None = None
        """The :class:`AutosaveConflict` that stopped autosave (another writer changed the file), or None."""
        self._on_error = on_error
        self._known: tuple[tuple[int, int, int], bytes] | None = None  # (stat, sha256) of the file we last saw
        if not overwrite and self.path.exists() and not _holds(self.path, journey):
            raise AutosaveConflict(
                f"{self.path} already holds a different journey map, and autosave would overwrite it. "
                f"To continue from the file: cjm.JourneyMap.from_file({str(self.path)!r}). "
                f"To replace it with this map: autosave={str(self.path)!r}, overwrite=True. "
                "Or pick another file name."
            )
        if self.path.exists():
            with contextlib.suppress(OSError):
                self._known = _version(self.path, self.path.read_bytes())
        self.save_now()
        journey.observe(self._changed)

    def save_now(self) -> bool:
        """Write the journey now; True when it was written (see :attr:`error` otherwise).

        Refused, with :attr:`conflict` set, when someone else wrote the file since
        this autosave last wrote or read it (another map on the same file, another
        kernel): the other writer's edits are never overwritten silently.
        """
        try:
            data = dumps(self.journey).encode("utf-8")
            with _writer_lock(self.path):  # check and write as one step: another kernel waits, then sees our write
                self._check_version()
                write_atomic(self.path, data)
        except AutosaveConflict as exc:
            self.conflict = exc
            self._report(f"Autosave stopped: {exc}")
            return False
        except Exception as exc:  # whatever fails, the edit stands and the next change tries again
            self._report(
                f"Autosave to {self.path} failed: {_reason(exc, self.path)}. The edit is kept in the map "
                "(not on disk yet); the next edit tries again."
            )
            return False
        self._known = _version(self.path, data)
        if self.error is not None:
            self._report(None)
        return True

    def _check_version(self) -> None:
        """Raise :class:`AutosaveConflict` when the file is not what this autosave last wrote or read."""
        if self._known is None:
            return
        try:
            now = _stat(self.path)
        except FileNotFoundError:
            return  # removed: writing it again loses nobody's edits
        if now == self._known[0]:
            return
        try:  # touched, or rewritten with the same bytes (another map saving the same journey): no conflict
            same = hashlib.sha256(self.path.read_bytes()).digest() == self._known[1]
        except OSError:
            same = False
        if not same:
            raise AutosaveConflict(
                f"{self.path} was changed by another writer (another map or kernel autosaving to it) since this "
                "map last saved it; nothing was written, so those changes are kept. To continue from the file: "
                f"cjm.JourneyMap.from_file({str(self.path)!r}); to keep this map, save it elsewhere "
                "(m.journey.save(other_path))"
            )
        self._known = (now, self._known[1])

    def close(self) -> None:
        """Stop following the journey (the file stays)."""
        self.journey.observe(self._changed, remove=True)

    def _changed(self, _update: Any) -> None:
        self.save_now()

    def _report(self, message: str | None) -> None:
        self.error = message
        if self._on_error is not None:
            self._on_error(message)

    def __repr__(self) -> str:
        return f"Autosave({str(self.path)!r})"


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock on the file now at ``path`` (followed through symlinks) while it is checked and replaced.

    Every autosave (any map, any kernel) takes it before its version check, so
    two writers cannot both pass the check and overwrite each other: the second
    waits, then finds the file changed. A writer that replaced the file holds
    the lock of the file it replaced, and a waiter then checks the new one. No
    lock where there is no file yet or no ``flock`` (Windows, some network
    folders): the version check alone guards those.
    """
    if sys.platform == "win32":
        yield
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + _LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another writer held {path} for over {_LOCK_WAIT:g} s") from None
                time.sleep(0.005)
            except OSError:  # a file system without flock: the version check still runs
                break
        yield
    finally:
        os.close(fd)  # releases the lock


def _reason(exc: BaseException, path: Path) -> str:
    """Why a write failed, in the user's terms (not the temporary file's name)."""
    folder = Path(os.path.realpath(path)).parent
    if isinstance(exc, FileNotFoundError):
        return f"the folder {folder} does not exist"
    if isinstance(exc, NotADirectoryError):
        return f"{folder} is not a folder"
    if isinstance(exc, PermissionError):
        return f"no permission to write in {folder}"
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return f"{folder} is on a read-only file system"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({folder})"
    return str(exc)


def _stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _version(path: Path, data: bytes) -> tuple[tuple[int, int, int], bytes]:
    return (_stat(path), hashlib.sha256(data).digest())


def _holds(path: Path, journey: Journey) -> bool:
    """Whether the file already holds this journey (same data, dtypes and metadata)."""
    try:
        return load(path).equals(journey)
    except (OSError, FormatError):
        return False  # unreadable or not a journey: a different file, never silently replaced
