"""Evidence: observed / reported / assumed, validated on every way in, offered as choices in the page."""

from __future__ import annotations

import pandas as pd
import pytest

import cjm_widgets as cjm

from .fake_view import Wire


def journey() -> cjm.Journey:
    return cjm.Journey(
        [
            {"id": "a", "stage": "Buy", "touchpoint": "Pays", "evidence": "observed"},
            {"id": "b", "stage": "Buy", "touchpoint": "Smiles", "evidence": None},
        ]
    )


def test_known_values_are_kept_and_the_column_is_only_there_when_brought() -> None:
    assert journey().touchpoints["evidence"].tolist()[0] == "observed"
    assert "evidence" not in cjm.Journey([{"stage": "Buy", "touchpoint": "Pays"}]).touchpoints.columns


def test_an_unknown_value_names_row_value_and_the_three_words() -> None:
    with pytest.raises(cjm.SchemaError) as info:
        cjm.Journey([{"id": "a", "stage": "Buy", "touchpoint": "Pays", "evidence": "Observd"}])
    error = info.value
    assert (error.table, error.column, error.row, error.value) == ("touchpoints", "evidence", "a", "Observd")
    assert "Did you mean 'observed'?" in str(error) and "assumed (a hypothesis)" in str(error)
    j = journey()
    bad = j.touchpoints
    bad.loc[bad["id"] == "b", "evidence"] = "rumour"
    with pytest.raises(cjm.SchemaError, match="unknown evidence 'rumour'"):
        j.touchpoints = bad
    assert j.touchpoints["evidence"].isna().tolist() == [False, True]


def test_the_page_picks_from_the_three_and_a_bad_value_is_refused() -> None:
    m = cjm.JourneyMap(journey())
    column = next(c for c in m.get_state()["_columns"] if c["name"] == "evidence")
    assert column == {"name": "evidence", "kind": "category", "options": ["observed", "reported", "assumed"]}
    wire = Wire(m)
    view = wire.view()
    good = view.edit({"op": "set", "id": "b", "column": "evidence", "value": "assumed"})
    bad = view.edit({"op": "set", "id": "b", "column": "evidence", "value": "vibes"})
    view.flush()
    view.receive_all()
    assert good in view.acked and "unknown evidence 'vibes'" in view.rejected[bad]
    pd.testing.assert_series_equal(
        m.touchpoints["evidence"], pd.Series(["observed", "assumed"], name="evidence", dtype="str"), check_index=False
    )
