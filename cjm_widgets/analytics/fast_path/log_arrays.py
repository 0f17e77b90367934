"""A pandas event log as numpy arrays: the input of the fast path (:mod:`.numpy_pass`).

The general path checks a log and counts its combinations with a group-by over
the text columns, then factorizes them again for the window pass. On pandas
input each text column is factorized once instead (in two threads: pyarrow's
encoder, behind pandas' string dtype, releases the GIL), time becomes float
seconds the way :func:`~.engines.with_seconds` computes them, and the checks and
the combinations table come from the codes.

:func:`encode` returns None when a column is of a kind the codes do not cover
(text times, non-text touchpoints...) or holds a missing value: the general path
then runs and names the bad row.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..engines import TICKS_PER_SECOND
from ..event_columns import CHANNEL, EVENTS, SEGMENT, STAGE, TOUCHPOINT, Columns

try:  # the compiled text encoder (hatch_build.py); pyarrow and numpy where it is not built
    from ._text_encoder import combination_counts as _combination_counts
    from ._text_encoder import text_codes as _text_codes
except ImportError:  # pragma: no cover
    _combination_counts = _text_codes = None

ENCODER_BUILT = _text_codes is not None  # (``--info`` reports it)
__all__ = ["ENCODER_BUILT", "LogCodes", "combos", "encode", "in_background", "polars_columns"]

T = TypeVar("T")
TEXT_ROLES = (TOUCHPOINT, SEGMENT, CHANNEL, STAGE)  # the order of the combinations table's columns
REQUIRED = (TOUCHPOINT, SEGMENT)  # text roles that may not be missing (stage and channel may)


_workers: tuple[int, ThreadPoolExecutor] | None = None


def _pool() -> ThreadPoolExecutor:
    """Two threads, made once per process: a child forked after the first call inherits
    the pool but not its threads, so it makes its own."""
    global _workers
    if _workers is None or _workers[0] != os.getpid():
        _workers = (os.getpid(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="cjm-events"))
    return _workers[1]


def in_background(work: Callable[..., T], *args: Any) -> Future[T]:
    """``work(*args)`` on one of two worker threads (pyarrow's encoder and numpy's sorts,
    gathers and partitions release the GIL, so two columns are worked on at once).

    Runs it at once, in this thread, when threads cannot start (at interpreter shutdown).
    """
    try:
        return _pool().submit(work, *args)
    except RuntimeError:
        done: Future[T] = Future()
        try:
            done.set_result(work(*args))
        except Exception as error:  # handed to the caller by result(), as a worker's would be
            done.set_exception(error)
        return done


@dataclass(frozen=True)
class LogCodes:
    """The log's columns as numpy arrays, in the input's row order."""

    user: np.ndarray  # integer codes, 0 <= code < n_users (some codes may be unused)
    n_users: int
    time: np.ndarray  # float64 seconds (since the epoch for datetimes)
    text: dict[str, tuple[np.ndarray, list[str]]]  # role -> (int32 codes, names); code -1: missing
    sentiment: np.ndarray | None  # float64 scores, NaN where missing

    def __len__(self) -> int:
        return len(self.time)


def _seconds(series: pd.Series, kind: str) -> np.ndarray | None:
    """Float seconds as :func:`~.engines.with_seconds` gives them (ticks / ticks per second)."""
    dtype = series.dtype
    if kind == "number":
        if not (isinstance(dtype, np.dtype) and dtype.kind in "iuf"):
            return None
        return series.to_numpy(dtype=np.float64)
    if kind != "datetime":
        return None
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        unit = np.datetime_data(dtype.str)[0]
        ticks = series.to_numpy().view(np.int64)
    elif isinstance(dtype, pd.DatetimeTZDtype):
        unit, ticks = dtype.unit, series.array.asi8
    else:
        return None
    if unit not in TICKS_PER_SECOND or (ticks == np.iinfo(np.int64).min).any():  # NaT: the general path names it
        return None
    return ticks / TICKS_PER_SECOND[unit]


def _users(series: pd.Series) -> tuple[np.ndarray, int] | None:
    """Codes for the user column: offsets from the least id when ids are compact integers, else factorized."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iu" and len(series):
        values = series.to_numpy()
        low, high = int(values.min()), int(values.max())
        if high - low <= 2 * len(values) + 1024:  # a counting sort over the range stays linear
            # 64 bits before subtracting: in a narrow dtype the offsets could wrap around.
            wide = values.astype(np.uint64 if dtype.kind == "u" else np.int64, copy=False)
            offsets = wide if low == 0 else wide - wide.dtype.type(low)  # (read, never written)
            return offsets.astype(np.intp, copy=False), high - low + 1
    codes, uniques = pd.factorize(series)
    if (codes < 0).any():
        return None
    return codes.astype(np.intp, copy=False), len(uniques)


def _is_text(series: pd.Series) -> bool:
    """Text the general path would not change when it casts the column to strings."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.api.types.is_string_dtype(dtype.categories.dtype)
    return pd.api.types.is_string_dtype(dtype)


def _arrow_chunks(series: pd.Series) -> list[Any] | None:
    """The pyarrow chunks behind a pandas string column, or None for other storage."""
    chunked = getattr(series.array, "_pa_array", None)  # ArrowStringArray's storage
    if chunked is None or not hasattr(chunked, "chunks"):
        return None
    import pyarrow as pa  # here, not at the top: only pandas' Arrow-backed text needs it

    kinds = (pa.types.is_string, pa.types.is_large_string) + ((pa.types.is_string_view,) if _text_codes else ())
    if not all(any(kind(c.type) for kind in kinds) for c in chunked.chunks):
        return None
    return list(chunked.chunks)


def _arrow_factorized(chunks: list[Any], n: int) -> tuple[np.ndarray, list[str]]:
    """Codes of pyarrow string chunks, in one int32 array, numbered in order of first appearance.

    The compiled encoder (``_text_encoder.c``) reads the Arrow buffers directly; without it,
    each chunk is dictionary-encoded by pyarrow and renumbered (pandas' factorize unifies
    the chunks' dictionaries and widens the codes to int64: ~2x slower on big logs).
    """
    if _text_codes is not None:
        codes = np.empty(n, dtype=np.int32)
        names = _text_codes([_arrow_buffers(chunk) for chunk in chunks], codes)
        return codes, [name.decode() for name in names]

    import pyarrow.compute as pc  # only without the compiled encoder

    codes = np.empty(n, dtype=np.int32)
    rank: dict[str, int] = {}
    offset = 0
    for chunk in chunks:
        encoded = pc.dictionary_encode(chunk)
        names = encoded.dictionary.to_pylist()
        renumber = np.array([rank.setdefault(name, len(rank)) for name in names] + [-1], dtype=np.int32)
        local = pc.fill_null(encoded.indices, len(names)).to_numpy(zero_copy_only=False)  # null -> the -1
        np.take(renumber, local, out=codes[offset : offset + len(chunk)])
        offset += len(chunk)
    return codes, list(rank)


def _arrow_buffers(chunk: Any) -> tuple[Any, int, Any, Any, int, int]:
    """What the compiled encoder reads of an Arrow string array: its offsets (and their size) and
    bytes, or its 16-byte views and data buffers (string_view); its validity bitmap, first value
    and length."""
    import pyarrow as pa  # here, not at the top: only pandas' Arrow-backed text needs it

    validity, offsets, *data = chunk.buffers()
    if pa.types.is_string_view(chunk.type):
        return offsets, 16, [b"" if d is None else d for d in data], validity, chunk.offset, len(chunk)
    size = 8 if pa.types.is_large_string(chunk.type) else 4
    if offsets is None:  # an empty array may have none
        offsets = bytes(size)
    return offsets, size, b"" if data[0] is None else data[0], validity, chunk.offset, len(chunk)


def _factorized(series: pd.Series) -> tuple[np.ndarray, list[str]] | None:
    chunks = _arrow_chunks(series)
    if chunks is not None:
        return _arrow_factorized(chunks, len(series))
    codes, uniques = pd.factorize(series)
    names = list(uniques)
    if not all(isinstance(name, str) for name in names):  # e.g. numbers in an object column
        return None
    return codes.astype(np.int32), names


def encode(
    native: pd.DataFrame, columns: Columns, kind: str, arrow_text: dict[str, Any] | None = None
) -> LogCodes | None:
    """The log as codes, or None when the general path must handle it (see the module doc).

    ``arrow_text``: text columns given as Arrow string arrays instead of in ``native``.
    """
    roles, arrow_text = columns.roles(), arrow_text or {}
    text_roles = [r for r in TEXT_ROLES if r in roles]
    if not len(native) or any(roles[r] not in arrow_text and not _is_text(native[roles[r]]) for r in text_roles):
        return None
    sentiment = None
    if columns.sentiment is not None:
        sentiment = native[columns.sentiment].to_numpy(dtype=np.float64, na_value=np.nan)
    seconds_job = in_background(_seconds, native[columns.time], kind)
    users_job = in_background(_users, native[columns.user])
    jobs = [
        in_background(_arrow_factorized, [arrow_text[name]], len(native))
        if name in arrow_text
        else in_background(_factorized, native[name])
        for name in (roles[r] for r in text_roles)
    ]
    encoded = [job.result() for job in jobs]
    seconds, users = seconds_job.result(), users_job.result()
    if seconds is None or np.isnan(seconds).any() or users is None or any(e is None for e in encoded):
        return None
    text = {role: e for role, e in zip(text_roles, encoded, strict=True) if e is not None}
    if any(role in text and (text[role][0] < 0).any() for role in REQUIRED):
        return None
    return LogCodes(users[0], users[1], seconds, text, sentiment)


def polars_columns(frame: Any, columns: Columns) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """The log's columns of an eager Polars DataFrame, over its own memory, for :func:`encode`.

    An eager frame is in memory already, so it is read as pandas is: the text columns as
    Arrow arrays (string views: Polars' own buffers, no copy), the others as pandas columns
    (numbers and microsecond datetimes are numpy views; the seconds equal those of Polars'
    own path). None, and the log runs in Polars, for a LazyFrame or other column types
    (categoricals, other time units, time zones).
    """
    import polars as pl  # optional: only reached with Polars input (the [polars] extra)

    if not isinstance(frame, pl.DataFrame) or _text_codes is None:
        return None
    roles = columns.roles()
    text_names = {roles[r] for r in TEXT_ROLES if r in roles}
    other_names = {name for role, name in roles.items() if role not in TEXT_ROLES}  # user, time, sentiment
    out: dict[str, pd.Series] = {}
    text: dict[str, Any] = {}
    for name in dict.fromkeys(roles.values()):
        series = frame.get_column(name)
        dtype = series.dtype
        if dtype == pl.String:
            if name in text_names:
                text[name] = series.to_arrow(compat_level=pl.CompatLevel.newest())
            if name in other_names:  # text user ids (or a text column in two roles)
                out[name] = pd.Series(pd.arrays.ArrowStringArray(series.to_arrow()), copy=False)
        elif dtype.is_numeric() or dtype == pl.Datetime("us"):
            out[name] = pd.Series(series.to_numpy(), copy=False)  # nulls: NaN, NaT (the checks find them)
        else:
            return None
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)), copy=False), text


def _decode(key: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    """Split a mixed-radix key back into its digits (last digit varies fastest)."""
    digits = []
    for size in reversed(sizes):
        digits.append(key % size)
        key = key // size
    return digits[::-1]


def combos(codes: LogCodes) -> pd.DataFrame:
    """Events per combination of touchpoint, segment, channel and stage names (as the general path counts)."""
    roles = [r for r in TEXT_ROLES if r in codes.text]
    sizes = [len(codes.text[r][1]) + 1 for r in roles]  # +1: code -1 (missing) is digit 0
    combinations = float(np.prod(sizes, dtype=np.float64))
    if combinations >= 2**62:  # too many for one integer key: count the distinct columns of codes
        stacked = np.stack([codes.text[role][0] + 1 for role in roles])
        digits, counts = np.unique(stacked, axis=1, return_counts=True)
        return _named(roles, list(digits), counts, codes)
    if _combination_counts is not None and combinations <= 4 * len(codes) + 4096:  # one pass, no key array
        counts = np.zeros(int(combinations), dtype=np.int64)
        _combination_counts([codes.text[role][0] for role in roles], tuple(sizes), counts)
        present = np.flatnonzero(counts)
        return _named(roles, _decode(present, sizes), counts[present], codes)
    key: np.ndarray = np.zeros(len(codes), dtype=np.int32 if combinations < 2**31 else np.int64)
    for role, size in zip(roles, sizes, strict=True):  # in place: fresh memory is the cost here
        np.multiply(key, size, out=key)
        np.add(key, codes.text[role][0], out=key)
        np.add(key, 1, out=key)
    if combinations <= 4 * len(codes) + 4096:
        counts = np.bincount(key, minlength=int(combinations))
        present = np.flatnonzero(counts)
        keys, counts = present, counts[present]
    else:
        keys, counts = np.unique(key, return_counts=True)
    return _named(roles, _decode(keys, sizes), counts, codes)


def _named(roles: list[str], digits: Sequence[np.ndarray], counts: np.ndarray, codes: LogCodes) -> pd.DataFrame:
    """The combinations table: names for each role's digits (code + 1; 0 is missing), and the counts."""
    table: dict[str, Any] = {}
    for role, digit in zip(roles, digits, strict=True):
        names = np.array([*codes.text[role][1], None], dtype=object)  # digit 0 -> index -1 -> None
        table[role] = pd.array(names[digit - 1], dtype="str")
    table[EVENTS] = counts.astype(np.int64)
    return pd.DataFrame(table)
