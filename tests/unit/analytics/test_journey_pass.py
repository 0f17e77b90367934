"""The compiled journey pass (``_journey_pass.c``) against the numpy pass it replaces, and its guards.

test_numpy_pass.py checks both passes against the general path through ``from_events``;
here the tables themselves are compared on random logs, including shapes ``from_events``
seldom makes (hundreds of thousands of groups, NaN scores, ties, session splits), and
the C entry point is fed bad buffers: it must raise, never read out of bounds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from cjm_widgets.analytics import journey_pass, numpy_pass
from cjm_widgets.analytics.log_codes import LogCodes


@pytest.fixture(autouse=True)
def _built() -> None:
    assert journey_pass.BUILT, "the compiled journey pass is not built: pip install -e . needs a C compiler"


def random_log(seed: int, n: int, n_tp: int, n_seg: int, n_stages: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    n_users = max(n // 5, 1)
    user = rng.integers(0, n_users, n)
    time = rng.integers(0, 50, n).astype(np.float64) * 60  # ties in time
    sentiment = rng.normal(size=n)
    sentiment[rng.random(n) < 0.1] = np.nan
    segment_of_user = rng.integers(0, n_seg, n_users)
    return {
        "codes": LogCodes(user.astype(np.intp), n_users, time, {}, sentiment),
        "touchpoint": rng.integers(0, n_tp, n).astype(np.int32),
        "n_touchpoints": n_tp,
        "segment": segment_of_user[user].astype(np.int32) if n_seg > 1 else None,
        "segments": [f"s{i}" for i in range(n_seg)] if n_seg > 1 else None,
        "stage_of_code": np.sort(rng.integers(0, n_stages, n_tp)),
    }


def both_passes(monkeypatch: pytest.MonkeyPatch, gap: float | None, **log: Any) -> tuple[dict, dict]:
    compiled = numpy_pass.aggregate(**log, gap=gap)
    with monkeypatch.context() as patch:
        patch.setattr(journey_pass, "BUILT", False)
        plain = numpy_pass.aggregate(**log, gap=gap)
    assert compiled is not None and plain is not None
    return compiled, plain


@pytest.mark.parametrize(
    ("seed", "n", "n_tp", "n_seg", "n_stages", "gap"),
    [
        (0, 5000, 12, 1, 5, None),
        (1, 5000, 12, 4, 5, 600.0),
        (2, 20_000, 50, 3, 19, 120.0),  # the most stages the compiled pass counts sets of
        (3, 3, 2, 1, 1, None),  # three events
        (4, 4000, 400, 200, 6, None),  # 80,000 groups: narrower step histograms
        (5, 4000, 1000, 600, 4, None),  # 600,000 groups: every step kept exactly
    ],
)
def test_tables_equal_the_numpy_pass(
    monkeypatch: pytest.MonkeyPatch, seed: int, n: int, n_tp: int, n_seg: int, n_stages: int, gap: float | None
) -> None:
    compiled, plain = both_passes(monkeypatch, gap, **random_log(seed, n, n_tp, n_seg, n_stages))
    assert compiled.keys() == plain.keys()
    for name in plain:
        pd.testing.assert_frame_equal(compiled[name], plain[name], rtol=1e-12, obj=name)


def test_repeated_calls_start_from_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    log = random_log(7, 3000, 10, 2, 4)
    first, _ = both_passes(monkeypatch, None, **log)
    again, _ = both_passes(monkeypatch, None, **log)
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])


def test_a_journey_in_two_segments_gives_none() -> None:
    log = random_log(8, 1000, 5, 3, 2)
    log["segment"] = np.arange(1000, dtype=np.int32) % 3  # segments change within journeys
    assert numpy_pass.aggregate(**log, gap=None) is None


def raw_arguments(n: int = 6, n_tp: int = 3, n_stages: int = 2) -> list[Any]:
    """A valid call of the C entry point: one user, rows in order."""
    groups = n_tp
    return [
        n,
        n_tp,
        1,
        n_stages,
        n,
        np.nan,
        0.9,
        np.arange(n, dtype=np.intp),
        np.arange(n, dtype=np.float64),
        np.r_[1, np.zeros(n - 1)].astype(np.uint8),
        (np.arange(n) % n_tp).astype(np.int32),
        None,
        np.array([0, 1, 1][:n_tp], dtype=np.int8),
        None,
        *[np.zeros(groups, dtype=np.int64) for _ in range(4)],
        *[np.zeros(groups) for _ in range(4)],
        np.zeros(n_stages, dtype=np.int64),
        *[np.zeros(n_stages) for _ in range(3)],
        np.zeros(1 << n_stages, dtype=np.int64),
    ]


def test_the_entry_point_accepts_a_valid_call() -> None:
    args = raw_arguments()
    assert journey_pass._journey_pass(*args) is True
    rows, exits, users = args[14], args[15], args[16]
    assert rows.tolist() == [2, 2, 2] and exits.tolist() == [0, 0, 1] and users.tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    ("index", "value", "error"),
    [
        (7, np.arange(5, dtype=np.intp), ValueError),  # order: too short
        (7, np.arange(6, dtype=np.int32), ValueError),  # order: wrong item size
        (7, np.array([0, 1, 2, 3, 4, 99], dtype=np.intp), ValueError),  # a row beyond the log
        (10, np.array([0, 1, 2, 3, 4, 7], dtype=np.int32), ValueError),  # a touchpoint code beyond n_tp
        (12, np.array([0, 1, 5], dtype=np.int8), ValueError),  # a stage index beyond n_stages
        (14, np.zeros(6, dtype=np.int64)[::2], ValueError),  # not contiguous
        (3, 40, ValueError),  # more stages than a set's bits
        (1, 0, ValueError),  # no touchpoints
    ],
)
def test_bad_buffers_raise(index: int, value: Any, error: type[Exception]) -> None:
    args = raw_arguments()
    args[index] = value
    with pytest.raises(error):
        journey_pass._journey_pass(*args)


def test_a_read_only_output_is_refused() -> None:
    args = raw_arguments()
    args[14] = np.zeros(3, dtype=np.int64)
    args[14].setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        journey_pass._journey_pass(*args)


def test_the_wrong_number_of_arguments_is_refused() -> None:
    with pytest.raises(TypeError):
        journey_pass._journey_pass(*raw_arguments()[:-1])
