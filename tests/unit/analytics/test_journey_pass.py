"""The compiled journey pass (``_journey_pass.c``) against the numpy pass it replaces, and its guards.

test_numpy_pass.py checks both passes against the general path through ``from_events``;
here the tables themselves are compared on random logs, including shapes ``from_events``
seldom makes (hundreds of thousands of groups, NaN scores, ties, session splits), and
the C entry point is fed bad buffers: it must raise, never read out of bounds.
"""

from __future__ import annotations

import time as time_module
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cjm_widgets.analytics.event_columns import TOUCHPOINT
from cjm_widgets.analytics.fast_path import journey_pass, numpy_pass
from cjm_widgets.analytics.fast_path.log_arrays import LogCodes


@pytest.fixture(autouse=True)
def _built() -> None:
    assert journey_pass.BUILT, "the compiled journey pass is not built: pip install -e . needs a C compiler"


def random_log(seed: int, n: int, n_tp: int, n_seg: int, n_stages: int, times: str = "ties") -> dict[str, Any]:
    """Random codes; ``times``: "ties" (random, many rows at one instant), "sorted" (with ties), "distinct"."""
    rng = np.random.default_rng(seed)
    n_users = max(n // 5, 1)
    user = rng.integers(0, n_users, n)
    time = rng.integers(0, 50, n).astype(np.float64) * 60
    if times == "sorted":
        time.sort()
    elif times == "distinct":
        time = np.arange(n) + rng.random(n) / 2
    sentiment = rng.normal(size=n)
    sentiment[rng.random(n) < 0.1] = np.nan
    segment_of_user = rng.integers(0, n_seg, n_users)
    return {
        "codes": LogCodes(user.astype(np.intp), n_users, time, {}, sentiment),
        "touchpoint": rng.integers(0, n_tp, n).astype(np.int32),
        "n_touchpoints": n_tp,
        "segment": segment_of_user[user].astype(np.int32) if n_seg > 1 else None,
        "segments": [f"s{i}" for i in range(n_seg)] if n_seg > 1 else None,
        "stage_of_code": np.sort(np.r_[np.arange(min(n_stages, n_tp)), rng.integers(0, n_stages, n_tp)][:n_tp]),
    }


def both_passes(monkeypatch: pytest.MonkeyPatch, gap: float | None, **log: Any) -> tuple[dict, dict]:
    compiled = numpy_pass.aggregate(**log, gap=gap)
    with monkeypatch.context() as patch:
        patch.setattr(journey_pass, "BUILT", False)
        plain = numpy_pass.aggregate(**log, gap=gap)
    assert compiled is not None and plain is not None
    return compiled, plain


@pytest.mark.parametrize(
    ("seed", "n", "n_tp", "n_seg", "n_stages", "gap", "times"),
    [
        (0, 5000, 12, 1, 5, None, "ties"),
        (1, 5000, 12, 4, 5, 600.0, "ties"),
        (0, 5000, 12, 1, 5, None, "sorted"),
        (1, 5000, 12, 4, 5, 600.0, "sorted"),
        (9, 5000, 12, 4, 5, 0.7, "distinct"),
        (2, 20_000, 50, 3, 20, 120.0, "ties"),  # the most stages the compiled pass counts sets of
        (3, 3, 2, 1, 1, None, "ties"),  # three events
        (4, 4000, 400, 200, 6, None, "ties"),  # 80,000 groups: narrower step histograms
        (5, 4000, 1000, 600, 4, None, "sorted"),  # 600,000 groups: every step kept exactly
        (11, 300_000, 40, 3, 5, 900.0, "ties"),  # big enough for the walk on two cores
        (12, 250_000, 30, 1, 4, None, "distinct"),
    ],
)
def test_tables_equal_the_numpy_pass(
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    n: int,
    n_tp: int,
    n_seg: int,
    n_stages: int,
    gap: float | None,
    times: str,
) -> None:
    log = random_log(seed, n, n_tp, n_seg, n_stages, times)
    compiled, plain = both_passes(monkeypatch, gap, **log)
    assert compiled.keys() == plain.keys()
    for name in plain:
        pd.testing.assert_frame_equal(compiled[name], plain[name], rtol=1e-12, obj=name)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy: inf - inf, sums beyond the largest float
def test_infinite_and_huge_scores_give_the_numpy_pass_means(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compensated sum must not turn an infinite sum into NaN (pandas keeps the infinity)."""
    log = random_log(10, 3000, 6, 1, 3)
    scores, touchpoint = log["codes"].sentiment.copy(), log["touchpoint"]
    scores[np.flatnonzero(touchpoint == 0)[::7]] = np.inf  # touchpoint 0: an infinite sum
    scores[touchpoint == 1] = 1e308  # touchpoint 1: a sum beyond the largest float
    scores[np.flatnonzero(touchpoint == 2)[:2]] = [np.inf, -np.inf]  # touchpoint 2: NaN
    log["codes"] = LogCodes(log["codes"].user, log["codes"].n_users, log["codes"].time, {}, scores)
    compiled, plain = both_passes(monkeypatch, None, **log)
    pd.testing.assert_frame_equal(compiled["times"], plain["times"], rtol=1e-12)
    means = compiled["times"].set_index(TOUCHPOINT)["sentiment_mean"]
    assert means[0] == np.inf and means[1] == np.inf and np.isnan(means[2])


@pytest.mark.parametrize("others", ["none", "unsorted"])
def test_one_heavy_user_with_200k_events_at_one_instant_is_sorted_in_n_log_n(
    monkeypatch: pytest.MonkeyPatch, others: str
) -> None:
    """Ties at one instant are re-sorted by touchpoint; an insertion sort made one such user quadratic.

    On main the compiled call took 17-38 s here (50k events: 1 s); a stable n log n sort of a
    long run takes well under a tenth of a second.
    """
    rng = np.random.default_rng(21)
    heavy = 200_000
    user = np.zeros(heavy, dtype=np.intp)
    time = np.full(heavy, 3600.0)
    if others == "unsorted":  # other users around the heavy one, out of time order: the by-time path
        log = random_log(22, 20_000, 40, 1, 5)
        user = np.r_[user, log["codes"].user + 1]
        time = np.r_[time, log["codes"].time]
        short_runs = np.repeat(np.arange(700), 33)[:20_000]  # runs just over the insertion sort's length
        time[heavy:] = np.where(rng.random(20_000) < 0.5, time[heavy:], 7200.0 + short_runs)
    n = len(user)
    touchpoint = rng.integers(0, 40, n).astype(np.int32)
    sentiment = rng.normal(size=n)  # read through each row's place: the rows move with their touchpoints
    log = {
        "codes": LogCodes(user, int(user.max()) + 1, time, {}, sentiment),
        "touchpoint": touchpoint,
        "n_touchpoints": 40,
        "segment": None,
        "segments": None,
        "stage_of_code": np.sort(np.r_[np.arange(5), rng.integers(0, 5, 35)]),
    }
    started = time_module.perf_counter()
    compiled = numpy_pass.aggregate(**log, gap=None)
    seconds = time_module.perf_counter() - started
    assert seconds < 4.0, f"{seconds:.1f} s"  # generous for a loaded 2-core machine; main took 17-38 s
    with monkeypatch.context() as patch:
        patch.setattr(journey_pass, "BUILT", False)
        plain = numpy_pass.aggregate(**log, gap=None)
    assert compiled is not None and plain is not None and compiled.keys() == plain.keys()
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
    """A valid call of the C entry point: two users, rows in time order."""
    groups = n_tp
    return [
        *(n, 2, n_tp, 1, n_stages, np.nan, 0.9),
        None,  # by_time
        (np.arange(n) % 2).astype(np.intp),  # user
        np.arange(n, dtype=np.float64),  # time
        (np.arange(n) % n_tp).astype(np.int32),  # touchpoint
        None,  # segment
        np.array([0, 1, 1][:n_tp], dtype=np.int8),  # stage_of
        None,  # sentiment
        *[np.empty(groups, dtype=np.int64) for _ in range(4)],
        *[np.empty(groups) for _ in range(4)],
        np.empty(n_stages, dtype=np.int64),
        *[np.empty(n_stages) for _ in range(3)],
        np.empty(1 << n_stages, dtype=np.int64),
    ]


ROWS, EXITS, USERS = 14, 15, 16  # where the entry point's first outputs are


def test_the_entry_point_accepts_a_valid_call() -> None:
    args = raw_arguments()
    assert journey_pass._journey_pass(*args) is True
    assert args[ROWS].tolist() == [2, 2, 2] and args[EXITS].tolist() == [0, 1, 1] and args[USERS].tolist() == [2, 2, 2]


def test_a_log_out_of_time_order_asks_for_the_time_order() -> None:
    args = raw_arguments()
    args[9] = np.array([5.0, 4, 3, 2, 1, 0])
    assert journey_pass._journey_pass(*args) == "not in time order"
    args[7] = np.argsort(args[9], kind="stable")
    assert journey_pass._journey_pass(*args) is True
    assert args[EXITS].tolist() == [1, 1, 0]  # user 0 ends at row 0 (touchpoint 0), user 1 at row 1 (1)


@pytest.mark.parametrize(
    ("index", "value", "error"),
    [
        (8, np.zeros(5, dtype=np.intp), ValueError),  # user: too short
        (8, np.zeros(6, dtype=np.int32), ValueError),  # user: wrong item size
        (7, np.array([0, 1, 2, 3, 4, 99], dtype=np.intp), ValueError),  # by_time: a row beyond the log
        (8, np.array([0, 1, 0, 1, 0, 2], dtype=np.intp), ValueError),  # a user code beyond n_users
        (10, np.array([0, 1, 2, 0, 1, 7], dtype=np.int32), ValueError),  # a touchpoint code beyond n_tp
        (12, np.array([0, 1, 5], dtype=np.int8), ValueError),  # a stage index beyond n_stages
        (ROWS, np.zeros(6, dtype=np.int64)[::2], ValueError),  # not contiguous
        (4, 40, ValueError),  # more stages than a set's bits
        (3, 2**62 + 1, ValueError),  # segments x touchpoints beyond 64 bits
        (1, 2**40, ValueError),  # more users than the pass numbers
        (6, 1.5, ValueError),  # a quantile beyond the values
        (6, np.nan, ValueError),
        (7, np.array([0, 1, 2, 3, 3, 5], dtype=np.intp), ValueError),  # by_time: a row twice
        (0, 1 << 31, ValueError),  # more rows than the pass numbers
        (2, 0, ValueError),  # no touchpoints
    ],
)
def test_bad_buffers_raise(index: int, value: Any, error: type[Exception]) -> None:
    args = raw_arguments()
    args[index] = value
    with pytest.raises(error):
        journey_pass._journey_pass(*args)


def test_a_read_only_output_is_refused() -> None:
    args = raw_arguments()
    args[ROWS] = np.zeros(3, dtype=np.int64)
    args[ROWS].setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        journey_pass._journey_pass(*args)


def test_the_wrong_number_of_arguments_is_refused() -> None:
    with pytest.raises(TypeError):
        journey_pass._journey_pass(*raw_arguments()[:-1])


def test_an_output_sharing_memory_with_an_input_is_refused() -> None:
    args = raw_arguments()
    args[ROWS] = np.zeros(3, dtype=np.int64)
    args[12] = args[ROWS].view(np.int8)[:3]  # stage_of inside rows: the counts would change the stages
    with pytest.raises(ValueError, match="shares memory"):
        journey_pass._journey_pass(*args)
    args = raw_arguments()
    args[EXITS] = args[USERS]  # two outputs in one array
    with pytest.raises(ValueError, match="shares memory"):
        journey_pass._journey_pass(*args)
