"""pandas input takes the fast path; its journeys equal the general (narwhals) path's, whatever the log.

Each case runs from_events twice on the same pandas log: as given (the fast path,
checked to have run) and with the fast path switched off (the general path). Every
test runs twice: with the compiled journey pass (which the test install must have
built) and with the numpy pass that replaces it where no C compiler was at hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.analytics.event_columns import Columns
from cjm_widgets.analytics.fast_path import journey_pass, log_arrays, numpy_pass

KW: dict[str, Any] = {"user": "user_id", "time": "timestamp", "touchpoint": "touchpoint"}
FULL: dict[str, Any] = {**KW, "stage": "stage", "channel": "channel", "sentiment": "csat", "segment": "segment"}


@pytest.fixture(autouse=True, params=["compiled", "numpy"])
def fast_pass(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "numpy":
        monkeypatch.setattr(journey_pass, "BUILT", False)
    else:
        assert journey_pass.BUILT, "the compiled journey pass is not built: pip install -e . needs a C compiler"
    return str(request.param)


def _general(monkeypatch: pytest.MonkeyPatch, call: Callable[[], Any]) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(log_arrays, "encode", lambda *args: None)
        return call()


def _fast(monkeypatch: pytest.MonkeyPatch, call: Callable[[], Any], compiled: bool) -> Any:
    """The call, failing unless the fast path produced its aggregates (in C when ``compiled``)."""
    ran: list[bool] = []
    in_c: list[bool] = []
    aggregate, compiled_aggregate = numpy_pass.aggregate, journey_pass.aggregate

    def spy(*args: Any, **kwargs: Any) -> Any:
        out = aggregate(*args, **kwargs)
        ran.append(out is not None)
        return out

    def compiled_spy(*args: Any, **kwargs: Any) -> Any:
        in_c.append(True)
        return compiled_aggregate(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(numpy_pass, "aggregate", spy)
        patch.setattr(journey_pass, "aggregate", compiled_spy)
        result = call()
    assert ran == [True], "the fast path did not run"
    assert bool(in_c) == compiled, "the compiled journey pass ran" if in_c else "the compiled journey pass did not run"
    return result


def assert_same_journey(fast: cjm.Journey, general: cjm.Journey) -> None:
    keys = ["metric", "stage", "touchpoint_id", "segment"]
    assert fast.stage_names == general.stage_names
    pd.testing.assert_frame_equal(fast.touchpoints, general.touchpoints)
    pd.testing.assert_frame_equal(
        fast.metrics.sort_values(keys).reset_index(drop=True),
        general.metrics.sort_values(keys).reset_index(drop=True),
        rtol=1e-12,
    )
    assert fast.notes == general.notes
    pd.testing.assert_frame_equal(fast.personas, general.personas)


def check(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame, in_c: bool = True, **kw: Any) -> cjm.Journey:
    """The fast path's journey, checked equal to the general path's (``in_c``: the compiled pass may run)."""
    fast = _fast(monkeypatch, lambda: cjm.from_events(log, **kw), in_c and journey_pass.BUILT)
    general = _general(monkeypatch, lambda: cjm.from_events(log, **kw))
    assert_same_journey(fast, general)
    return fast


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return cjm.datasets.events(n_users=300, seed=11)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"stage": "stage"},
        {"stage": "stage", "channel": "channel", "sentiment": "csat"},
        {"stage": "stage", "segment": "segment"},
        {"stage": "stage", "session_gap": "2h"},
        {"stage": "stage", "segment": "segment", "sentiment": "csat", "session_gap": "1h"},
    ],
)
def test_options(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame, options: dict[str, Any]) -> None:
    check(monkeypatch, log, **KW, **options)


def test_rows_in_any_order(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame) -> None:
    """A log not in time order is time-sorted first; the index is not read."""
    shuffled = log.sample(frac=1, random_state=3).set_index(np.arange(len(log))[::-1])
    journey = check(monkeypatch, shuffled, **FULL)
    assert_same_journey(journey, cjm.from_events(log, **FULL))


@pytest.mark.parametrize("seed", range(4))
def test_ties_in_time_follow_the_touchpoint_order(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Many events at the same instant: the order (so steps, gaps, first visits) follows the touchpoint code."""
    rng = np.random.default_rng(seed)
    n = 600
    tps = [f"tp {i}" for i in range(7)]
    log = pd.DataFrame(
        {
            "user_id": rng.integers(0, 40, n),
            "timestamp": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 15, n), unit="min"),
            "touchpoint": rng.choice(tps, n),
        }
    )
    log["stage"] = log["touchpoint"].map({tp: ["A", "B", "C"][i % 3] for i, tp in enumerate(tps)})
    check(monkeypatch, log, **KW, stage="stage")
    check(monkeypatch, log.sort_values("timestamp", kind="stable"), **KW, stage="stage", session_gap=300)


def _scattered_log(seed: int, n: int, n_users: int, n_touchpoints: int) -> pd.DataFrame:
    """Events at random times over touchpoints t000, t001, ..."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "user_id": rng.integers(0, n_users, n),
            "timestamp": rng.integers(0, 10_000, n).astype("float64"),
            "touchpoint": [f"t{i:03d}" for i in rng.integers(0, n_touchpoints, n)],
        }
    )


def test_many_touchpoints_and_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    """More touchpoints than bits in a word take the sort-based first visits."""
    stages = {f"t{i:03d}": f"S{i % 12:02d}" for i in range(90)}
    journey = check(monkeypatch, _scattered_log(1, 3000, 200, 90), **KW, stage=stages)
    assert len(journey.touchpoints) == 90


def test_more_stages_than_the_compiled_pass_counts_take_the_numpy_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sets of stages beyond MAX_STAGES bits: the numpy pass runs even where the compiled one is built."""
    stages = {f"t{i:03d}": f"S{i:02d}" for i in range(30)}
    check(monkeypatch, _scattered_log(5, 2000, 150, 30), in_c=False, **KW, stage=stages)


def test_journeys_longer_than_the_step_histograms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps beyond the compiled pass's histograms (64) are kept exactly; medians may fall there."""
    rng = np.random.default_rng(6)
    lengths = np.r_[rng.integers(60, 400, 30), rng.integers(1, 5, 20)]
    user = np.repeat(np.arange(len(lengths)), lengths)
    log = pd.DataFrame(
        {
            "user_id": user,
            "timestamp": rng.random(len(user)).cumsum(),
            "touchpoint": [f"t{i}" for i in rng.integers(0, 6, len(user))],
            "csat": rng.integers(1, 6, len(user)).astype("float64"),
        }
    )
    ends = np.cumsum(lengths)[:30] - 1  # the long journeys' last events: first visits past step 60
    log.loc[ends, "touchpoint"] = "end"
    log["stage"] = log["touchpoint"].map({**{f"t{i}": f"S{i // 2}" for i in range(6)}, "end": "S9"})
    journey = check(monkeypatch, log, **KW, stage="stage", sentiment="csat")
    assert journey.touchpoints["touchpoint"].iloc[-1] == "end"  # ordered by its median step
    check(monkeypatch, log, **KW, stage="stage", session_gap=3)


def test_column_kinds(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame) -> None:
    """Text user ids, sparse integer ids, categorical text, tz-aware and second-resolution times."""
    kinds = log.assign(
        user_id=log["user_id"].map(lambda u: f"user-{u}"),
        touchpoint=log["touchpoint"].astype("category"),
        stage=log["stage"].astype(object),
        timestamp=log["timestamp"].dt.tz_localize("UTC").dt.tz_convert("Europe/Riga").dt.as_unit("s"),
    )
    check(monkeypatch, kinds, **FULL)
    sparse = log.assign(user_id=log["user_id"] * 1_000_003 - 7)
    check(monkeypatch, sparse, **FULL)


def test_missing_stage_and_channel_values_are_allowed(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame) -> None:
    holes = log.copy()
    holes.loc[holes.index[::7], "channel"] = None
    holes.loc[holes.index[::5], "stage"] = None
    check(monkeypatch, holes, **FULL)


def test_bad_logs_take_the_general_path_and_its_errors(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame) -> None:
    """Missing users, touchpoints and times, and a user in two segments, are reported as before."""
    cases = []
    for column in ("user_id", "touchpoint", "timestamp"):
        bad = log.copy()
        bad[column] = bad[column].astype(object)
        bad.loc[bad.index[5], column] = None
        cases.append(bad)
    two_segments = log.copy()
    first = two_segments.index[two_segments["user_id"] == two_segments["user_id"].iloc[0]]
    two_segments.loc[first[1:], "segment"] = "someone else"
    cases.append(two_segments)
    for bad in cases:
        with pytest.raises(cjm.SchemaError) as fast:
            cjm.from_events(bad, **FULL)
        with pytest.raises(cjm.SchemaError) as general:
            _general(monkeypatch, lambda bad=bad: cjm.from_events(bad, **FULL))
        assert str(fast.value) == str(general.value)


def test_combinations_table_equals_the_group_by() -> None:
    log = cjm.datasets.events(n_users=50, seed=2)
    log.loc[log.index[::3], "channel"] = None
    columns = Columns("user_id", "timestamp", "touchpoint", "stage", "channel", None, "segment")
    codes = log_arrays.encode(log, columns, "datetime")
    assert codes is not None
    got = log_arrays.combos(codes)
    keys = ["touchpoint", "segment", "channel", "stage"]
    want = log.groupby(keys, dropna=False).size().reset_index(name="n")
    sort = ["__cjm_tp", "__cjm_segment", "__cjm_channel", "__cjm_stage"]
    got = got.sort_values(sort).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    assert got[sort].astype(object).fillna("").values.tolist() == want[keys].astype(object).fillna("").values.tolist()
    assert got["__cjm_events"].tolist() == want["n"].tolist()


@pytest.mark.parametrize("seed", range(3))
def test_order_statistics_equal_pandas(seed: int) -> None:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 9, 500)
    values = rng.normal(size=500).round(1)  # repeated values
    values[rng.random(500) < 0.2] = np.nan
    median, p90 = numpy_pass.order_statistics(values, *numpy_pass.counting_sort(group, 10), 0.9)
    frame = pd.DataFrame({"g": group, "v": values}).groupby("g")["v"]
    want_median = frame.median().reindex(range(10)).to_numpy()
    want_p90 = frame.quantile(0.9, interpolation="linear").reindex(range(10)).to_numpy()
    np.testing.assert_array_equal(median, want_median)
    np.testing.assert_array_equal(p90, want_p90)


def test_journey_order_is_a_lexsort() -> None:
    rng = np.random.default_rng(4)
    user = rng.integers(0, 50, 2000)
    time = rng.integers(0, 30, 2000).astype("float64")
    touchpoint = rng.integers(0, 6, 2000)
    order, times, starts = numpy_pass.journey_order(user, 50, time, touchpoint)
    np.testing.assert_array_equal(order, np.lexsort((touchpoint, time, user)))
    np.testing.assert_array_equal(times, time[order])
    np.testing.assert_array_equal(starts, np.r_[True, user[order][1:] != user[order][:-1]])


def test_first_rows_with_empty_last_groups() -> None:
    """Groups without rows at the end (codes no row has) leave the first rows as they are."""
    group = np.array([0, 1, 0, 1])
    row_start = np.array([0, 0, 2, 2])  # two journeys of two rows
    first = numpy_pass._first_rows(row_start, *numpy_pass.counting_sort(group, 4))
    assert first.tolist() == [True, True, True, True]


def test_a_forked_child_gets_its_own_worker_threads(log: pd.DataFrame) -> None:
    """A process forked after a first call (multiprocessing's default on Linux) must not wait forever."""
    import multiprocessing

    cjm.from_events(log, **KW)  # the parent's pool exists now
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        result = pool.apply_async(_touchpoints_in_child, (log,))
        assert result.get(timeout=60) == len(cjm.from_events(log, **KW).touchpoints)


def _touchpoints_in_child(log: pd.DataFrame) -> int:
    return len(cjm.from_events(log, **KW).touchpoints)


@pytest.mark.parametrize("dtype", ["int8", "int16", "uint8"])
def test_narrow_integer_user_ids(monkeypatch: pytest.MonkeyPatch, dtype: str) -> None:
    """Ids spanning more than half their dtype's range: offsets are taken in 64 bits (no wrap-around)."""
    info = np.iinfo(dtype)
    ids = np.array([info.min + 1, info.max - 1, info.min + 1, info.max - 1, 0], dtype=dtype)
    log = pd.DataFrame(
        {"user_id": ids, "timestamp": [0.0, 1.0, 2.0, 3.0, 4.0], "touchpoint": ["a", "b", "b", "a", "a"]}
    )
    journey = check(monkeypatch, log, **KW)
    metrics = journey.metrics.dropna(subset=["touchpoint_id"])
    users = metrics[metrics["metric"] == "users"].set_index("touchpoint_id")["value"]
    assert users.to_dict() == {"a": 3.0, "b": 2.0}
    check(monkeypatch, log, **KW, session_gap=10)


def test_combinations_beyond_one_integer_key() -> None:
    """More combinations of names than a 64-bit key holds: counted from the codes' distinct columns."""
    rng = np.random.default_rng(0)
    n, size = 3000, 70_000  # 70,001^4 combinations > 2^62
    text = {
        role: (rng.integers(-1, size, n).astype(np.int32), [f"{role}{i}" for i in range(size)])
        for role in log_arrays.TEXT_ROLES
    }
    text["__cjm_tp"][0][text["__cjm_tp"][0] < 0] = 0
    codes = log_arrays.LogCodes(np.arange(n), n, np.arange(n, dtype=np.float64), text, None)
    got = log_arrays.combos(codes)
    frame = pd.DataFrame({role: text[role][0] for role in log_arrays.TEXT_ROLES})
    want = frame.value_counts().reset_index(name="n")
    assert len(got) == len(want)
    named = {
        tuple(("" if pd.isna(v) else v) for v in row[:-1]): row[-1] for row in got.itertuples(index=False, name=None)
    }
    for row in want.itertuples(index=False, name=None):
        key = tuple(
            "" if code < 0 else f"{role}{code}" for role, code in zip(log_arrays.TEXT_ROLES, row[:-1], strict=True)
        )
        assert named[key] == row[-1]


def test_works_at_interpreter_shutdown(tmp_path) -> None:
    """Worker threads cannot start in atexit handlers: the pass runs in the calling thread instead."""
    import subprocess
    import sys

    script = tmp_path / "at_exit.py"
    script.write_text(
        "import atexit, cjm_widgets as cjm\n"
        "log = cjm.datasets.events(n_users=20, seed=1)\n"
        "atexit.register(lambda: print(cjm.from_events(log, user='user_id', time='timestamp',"
        " touchpoint='touchpoint').notes))\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Built from events: 20 users" in out.stdout, out.stderr


def test_sentiment_means_keep_their_precision(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 100_000
    log = pd.DataFrame(
        {
            "user_id": np.arange(n) % 5000,
            "timestamp": np.arange(n, dtype=np.float64),
            "touchpoint": np.where(np.arange(n) % 3 == 0, "a", "b"),
            "csat": np.full(n, 0.1),
        }
    )
    journey = check(monkeypatch, log, **KW, sentiment="csat")
    means = journey.metrics[journey.metrics["metric"] == "sentiment_mean"]["value"]
    np.testing.assert_allclose(means, 0.1, rtol=1e-14, atol=0)


def test_many_touchpoints_times_many_segments_take_the_general_path() -> None:
    """Per-group arrays of touchpoints x segments far bigger than the log: the general path runs instead."""
    rng = np.random.default_rng(2)
    n = 4000
    log = pd.DataFrame(
        {
            "user_id": np.arange(n) // 2,
            "timestamp": rng.random(n),
            "touchpoint": [f"t{i}" for i in rng.integers(0, 3000, n)],
        }
    )
    log["segment"] = [f"s{u % 500}" for u in log["user_id"]]
    from cjm_widgets.analytics.event_columns import TOUCHPOINT as TP

    codes = log_arrays.encode(log, Columns("user_id", "timestamp", "touchpoint", segment="segment"), "number")
    assert codes is not None
    segments = codes.text["__cjm_segment"]
    out = numpy_pass.aggregate(
        codes, codes.text[TP][0], len(codes.text[TP][1]), segments[0], segments[1], np.zeros(3000, int), None
    )
    assert out is None
    journey = cjm.from_events(log, **KW, segment="segment")
    assert len(journey.touchpoints) == log["touchpoint"].nunique()


def test_eager_polars_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch, log: pd.DataFrame) -> None:
    """An eager Polars frame is read through its own memory (string views), like pandas; a LazyFrame
    runs in Polars. Both give the pandas journey, and bad values the same errors."""
    import polars as pl

    frame = pl.from_pandas(log)
    fast = _fast(monkeypatch, lambda: cjm.from_events(frame, **FULL), journey_pass.BUILT)
    in_polars = _general(monkeypatch, lambda: cjm.from_events(frame.lazy(), **FULL))
    assert_same_journey(fast, in_polars)
    assert_same_journey(fast, cjm.from_events(log, **FULL))
    missing = pl.when(pl.int_range(pl.len()) == 5).then(None).otherwise(pl.col("touchpoint"))
    holes = frame.with_columns(missing.alias("touchpoint"))
    with pytest.raises(cjm.SchemaError) as eager:
        cjm.from_events(holes, **FULL)
    with pytest.raises(cjm.SchemaError) as lazy:
        cjm.from_events(holes.lazy(), **FULL)
    assert str(eager.value) == str(lazy.value)
