"""The compiled text encoder (``_text_encoder.c``): codes equal pandas' factorize, bad buffers raise.

log_arrays.py hands it the Arrow buffers behind a pandas string column; test_numpy_pass.py
checks whole journeys through it. Here: values of every length (around the eight-byte
ends it hashes first), missing values, several and sliced chunks, 32- and 64-bit
offsets, values alike at both ends (which must not make it quadratic), and buffers
that lie about their sizes.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from cjm_widgets.analytics.fast_path import log_arrays

text_codes = log_arrays._text_codes


@pytest.fixture(autouse=True)
def _built() -> None:
    assert text_codes is not None, "the compiled text encoder is not built: pip install -e . needs a C compiler"


def factorized(chunked: pa.ChunkedArray) -> tuple[list[int], list[str]]:
    codes, names = log_arrays._arrow_factorized(list(chunked.chunks), len(chunked))
    return codes.tolist(), names


def expected(values: list[Any]) -> tuple[list[int], list[str]]:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    return codes.tolist(), list(uniques)


def random_values(seed: int, n: int) -> list[str | None]:
    rng = np.random.default_rng(seed)
    words = ["", "a", "ab", "Awareness", "Awareness touchpoint 01", "Awareness touchpoint 02", "购买 阶段", "Iegāde"]
    words += [f"{'x' * int(k)}{i}" for i, k in enumerate(rng.integers(0, 30, 40))]
    values: list[str | None] = [words[int(i)] for i in rng.integers(0, len(words), n)]
    for i in rng.integers(0, n, n // 10):
        values[int(i)] = None
    return values


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
@pytest.mark.parametrize("seed", range(3))
def test_codes_equal_factorize(kind: pa.DataType, seed: int) -> None:
    values = random_values(seed, 3000)
    chunked = pa.chunked_array([pa.array(values[:1000], kind), pa.array(values[1000:], kind)])
    assert factorized(chunked) == expected(values)


@pytest.mark.parametrize("kind", [pa.large_string(), pa.string_view()])
def test_sliced_chunks_start_at_their_offset(kind: pa.DataType) -> None:
    values = random_values(7, 2000)
    whole = pa.array(values, kind)
    chunked = pa.chunked_array([whole.slice(0, 700), whole.slice(700, 1), whole.slice(701)])
    assert [c.offset for c in chunked.chunks] == [0, 700, 701]
    assert factorized(chunked) == expected(values)


def test_empty_and_all_missing_chunks() -> None:
    chunked = pa.chunked_array([pa.array([], pa.string()), pa.array([None, None], pa.string())], pa.string())
    assert factorized(chunked) == ([-1, -1], [])


def test_a_pandas_string_column() -> None:
    values = random_values(3, 500)
    series = pd.Series(values, dtype="str")
    chunks = log_arrays._arrow_chunks(series)
    assert chunks is not None
    codes, names = log_arrays._arrow_factorized(chunks, len(series))
    assert (codes.tolist(), names) == expected(values)


def test_values_alike_at_both_ends_stay_linear() -> None:
    """Ids with a common prefix and suffix collide in the quick hash; the table switches to full hashes."""
    values = [f"session-{i:08d}-of-the-journey-log" for i in range(50_000)] * 2
    start = time.perf_counter()
    codes, names = factorized(pa.chunked_array([pa.array(values, pa.string())]))
    assert time.perf_counter() - start < 2  # quadratic probing would take minutes
    assert codes == list(range(50_000)) * 2 and names == values[:50_000]


def buffers(values: list[str]) -> tuple[Any, ...]:
    return log_arrays._arrow_buffers(pa.array(values, pa.string()))


@pytest.mark.parametrize(
    "bad",
    [
        lambda b: (np.array([0, 1, 99], dtype=np.int32), *b[1:]),  # an offset beyond the bytes
        lambda b: (np.array([0, 2, 1], dtype=np.int32), *b[1:]),  # offsets going back
        lambda b: (np.array([0, 1], dtype=np.int32), *b[1:]),  # fewer offsets than values + 1
        lambda b: (b[0], 3, *b[2:]),  # offsets of three bytes
        lambda b: (*b[:3], b"", *b[4:]),  # a validity bitmap too short
        lambda b: (*b[:4], 5, b[5]),  # the first value beyond the offsets
    ],
)
def test_bad_buffers_raise(bad: Any) -> None:
    chunk = bad(buffers(["ab", "c"]))
    with pytest.raises(ValueError):
        text_codes([chunk], np.empty(chunk[5], dtype=np.int32))


def views(values: list[str]) -> tuple[Any, ...]:
    return log_arrays._arrow_buffers(pa.array(values, pa.string_view()))


def _view(size: int, buffer: int, offset: int) -> bytes:
    return np.array([size, 0, buffer, offset], dtype=np.int32).tobytes()


@pytest.mark.parametrize(
    "bad",
    [
        lambda b: (_view(200, 0, 0) * 2, *b[1:]),  # a view of 200 bytes in a data buffer of fewer
        lambda b: (_view(13, 5, 0) * 2, *b[1:]),  # a view into a data buffer that is not there
        lambda b: (_view(-1, 0, 0) * 2, *b[1:]),  # a negative size
        lambda b: (b[0][:16], *b[1:]),  # fewer views than values
        lambda b: (b[0], 16, b"abc", *b[3:]),  # data not a list of buffers
    ],
)
def test_bad_string_views_raise(bad: Any) -> None:
    chunk = bad(views(["a value longer than twelve", "short"]))
    with pytest.raises(ValueError):
        text_codes([chunk], np.empty(2, dtype=np.int32))


def test_codes_of_the_wrong_size_raise() -> None:
    with pytest.raises(ValueError, match="2 int32"):
        text_codes([buffers(["ab", "c"])], np.empty(3, dtype=np.int32))


def test_combination_counts_count_every_row() -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(-1, 4, 1000).astype(np.int32)
    b = rng.integers(-1, 3, 1000).astype(np.int32)
    counts = np.zeros(5 * 4, dtype=np.int64)
    log_arrays._combination_counts([a, b], (5, 4), counts)
    want = np.bincount((a + 1) * 4 + (b + 1), minlength=20)
    np.testing.assert_array_equal(counts, want)


@pytest.mark.parametrize(
    ("codes", "sizes", "counts"),
    [
        ([np.array([0, 5], dtype=np.int32)], (3,), np.zeros(3, dtype=np.int64)),  # a code beyond its size
        ([np.array([0, -2], dtype=np.int32)], (3,), np.zeros(3, dtype=np.int64)),  # below missing
        ([np.zeros(2, dtype=np.int32), np.zeros(3, dtype=np.int32)], (2, 2), np.zeros(4, dtype=np.int64)),
        ([np.zeros(2, dtype=np.int64)], (2,), np.zeros(2, dtype=np.int64)),  # not int32
        ([np.zeros(2, dtype=np.int32)], (2,), np.zeros(3, dtype=np.int64)),  # counts of the wrong size
        ([np.zeros(2, dtype=np.int32)], (2, 2), np.zeros(4, dtype=np.int64)),  # sizes and codes differ
        ([np.zeros(2, dtype=np.int32)] * 2, (2**40, 2**40), np.zeros(1, dtype=np.int64)),  # beyond memory
    ],
)
def test_combination_counts_refuse_bad_input(codes: list[np.ndarray], sizes: tuple, counts: np.ndarray) -> None:
    with pytest.raises(ValueError):
        log_arrays._combination_counts(codes, sizes, counts)


def test_codes_sharing_memory_with_a_chunk_are_refused() -> None:
    chunk = list(views(["a value longer than twelve", "short"]))
    codes = np.empty(8, dtype=np.int32)
    chunk[3] = codes.view(np.uint8)[:1]  # the validity bitmap inside the codes
    with pytest.raises(ValueError, match="share memory"):
        text_codes([tuple(chunk)], codes[:2])


def test_eager_polars_text_in_two_roles() -> None:
    """A text column that is also the user column is read both ways."""
    import polars as pl

    import cjm_widgets as cjm

    frame = pl.from_pandas(cjm.datasets.events(n_users=200, seed=1))
    kw = {"time": "timestamp", "touchpoint": "touchpoint", "segment": "segment", "user": "segment"}
    eager, lazy = cjm.from_events(frame, **kw), cjm.from_events(frame.lazy(), **kw)
    pd.testing.assert_frame_equal(eager.metrics, lazy.metrics, rtol=1e-12)
