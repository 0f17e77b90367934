"""The pandas shortcuts (numpy ordering, first rows in journey order) give what the general path gives."""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd
import pytest

from cjm_widgets.analytics import aggregates, steps
from cjm_widgets.analytics.event_columns import TIME, TOUCHPOINT, USER


def _events(seed: int, n: int = 400) -> pd.DataFrame:
    """Random events with many ties in time (so the touchpoint decides the order)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            USER: rng.integers(0, 30, n),
            TIME: rng.integers(0, 20, n).astype("float64"),
            TOUCHPOINT: rng.integers(0, 6, n).astype("int32"),
        }
    )


@pytest.mark.parametrize("seed", range(5))
def test_order_is_a_full_lexsort(seed: int) -> None:
    log = _events(seed)
    keys = [log[USER].to_numpy(), log[TIME].to_numpy(), log[TOUCHPOINT].to_numpy()]
    assert np.array_equal(steps._order(keys), np.lexsort(keys[::-1]))


@pytest.mark.parametrize("seed", range(5))
def test_steps_equal_the_window_path(seed: int) -> None:
    log = _events(seed)
    fast = steps.with_steps(nw.from_native(log).lazy()).collect().to_native()
    general = steps.windowed(
        nw.from_native(log).lazy(),
        [USER],
        lambda over: [
            over(nw.col(TOUCHPOINT).shift(-1), [USER]).alias(steps.NEXT),
            (over(nw.col(TIME).shift(-1), [USER]) - nw.col(TIME)).alias(steps.GAP),
            over(nw.col(TIME).cum_count(), [USER]).alias(steps.STEP),
            (nw.col(TIME) - over(nw.col(TIME).cum_min(), [USER])).alias(steps.SINCE_START),
        ],
    )
    pd.testing.assert_frame_equal(fast, general.collect().to_native().reset_index(drop=True))


def _visits_sorted(frame: nw.LazyFrame) -> pd.DataFrame:
    table = aggregates.visits(frame).collect().to_native()
    return table.sort_values([USER, TOUCHPOINT]).reset_index(drop=True)


@pytest.mark.parametrize("seed", range(5))
def test_first_visits_in_any_row_order(seed: int) -> None:
    """In journey order the shortcut runs; shuffled, the group-by does: the same visits."""
    events = steps.with_steps(nw.from_native(_events(seed)).lazy()).with_columns(
        (nw.lit(1, dtype=nw.Int64) + nw.col(TOUCHPOINT) % 2).alias(aggregates.BIT)
    )
    native = events.collect().to_native()
    assert aggregates._journey_runs(native) is not None
    shuffled = native.sample(frac=1, random_state=seed)
    assert aggregates._journey_runs(shuffled) is None
    in_order = _visits_sorted(events)
    pd.testing.assert_frame_equal(in_order, _visits_sorted(nw.from_native(shuffled).lazy()), check_dtype=False)
    firsts = [aggregates.first_in_stage(nw.from_native(f).lazy(), []) for f in (native, shuffled)]
    by = [USER, aggregates.BIT]
    fast, general = (f.collect().to_native().sort_values(by).reset_index(drop=True) for f in firsts)
    pd.testing.assert_frame_equal(fast, general, check_dtype=False)
