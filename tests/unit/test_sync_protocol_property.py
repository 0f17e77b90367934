"""Property test of the sync protocol: random interleavings of view and Python edits converge.

Views edit from whatever (possibly stale) state they have; messages are
delivered in random order between parties (in order per channel, as on a
websocket). After everything is delivered, every view equals Python's
DataFrame, no edit is lost (each is applied or refused with a reason, and
refused only when its row or stage is gone), and the last applied write of a
cell is what every view shows.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import cjm_widgets as cjm

from .fake_view import FakeView, Wire

STAGES = ["Awareness", "Consideration", "Purchase"]
TEXT_COLUMNS = ["thought", "action", "pain_point"]
words = st.text(alphabet="ab <>&é中", min_size=1, max_size=6)


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        df = pd.DataFrame(
            {
                "stage": ["Awareness", "Consideration", "Purchase", "Purchase"],
                "touchpoint": ["Ad", "Review", "Cart", "Pay"],
            }
        )
        self.map = cjm.JourneyMap(df, STAGES)
        self.wire = Wire(self.map)
        self.views: list[FakeView] = [self.wire.view(), self.wire.view()]
        self.sent_edits: dict[str, tuple[FakeView, dict]] = {}
        # (id, column) -> value of the last write Python applied to that cell
        self.last_write: dict[tuple[str, str], object] = {}
        self.map.on_edit(self._record)

    def _record(self, edit: object) -> None:
        if edit.kind == "set":  # type: ignore[attr-defined]
            self.last_write[(edit.id, edit.column)] = edit.new  # type: ignore[attr-defined]
        elif edit.kind == "delete":  # type: ignore[attr-defined]
            self.last_write = {k: v for k, v in self.last_write.items() if k[0] != edit.id}  # type: ignore[attr-defined]

    def _pick_row(self, view: FakeView, data: st.DataObject) -> str | None:
        return data.draw(st.sampled_from(view.ids)) if view.ids else None

    @rule(v=st.integers(0, 1), column=st.sampled_from(TEXT_COLUMNS), value=words, data=st.data())
    def view_sets_a_cell(self, v: int, column: str, value: str, data: st.DataObject) -> None:
        view = self.views[v]
        row = self._pick_row(view, data)
        if row is not None:
            op = {"op": "set", "id": row, "column": column, "value": value}
            self.sent_edits[view.edit(op)] = (view, op)

    @rule(v=st.integers(0, 1), score=st.sampled_from([-2, -1, 0, 1, 2, 1.5]), data=st.data())
    def view_drags_emotion(self, v: int, score: float, data: st.DataObject) -> None:
        view = self.views[v]
        row = self._pick_row(view, data)
        if row is not None:
            op = {"op": "set", "id": row, "column": "emotion", "value": score}
            self.sent_edits[view.edit(op)] = (view, op)

    @rule(v=st.integers(0, 1), stage=st.sampled_from(STAGES), name=words)
    def view_adds_a_touchpoint(self, v: int, stage: str, name: str) -> None:
        view = self.views[v]
        op = {"op": "insert", "row": {"stage": stage, "touchpoint": name}, "before": None}
        self.sent_edits[view.edit(op)] = (view, op)

    @rule(v=st.integers(0, 1), stage=st.sampled_from(STAGES), data=st.data())
    def view_moves_a_touchpoint(self, v: int, stage: str, data: st.DataObject) -> None:
        view = self.views[v]
        row = self._pick_row(view, data)
        if row is not None:
            before = data.draw(st.sampled_from([None, *view.ids]))
            op = {"op": "move", "id": row, "stage": stage, "before": before}
            self.sent_edits[view.edit(op)] = (view, op)

    @precondition(lambda self: len(self.views[0].ids) > 1)
    @rule(v=st.integers(0, 1), data=st.data())
    def view_deletes_a_touchpoint(self, v: int, data: st.DataObject) -> None:
        view = self.views[v]
        row = self._pick_row(view, data)
        if row is not None:
            op = {"op": "delete", "id": row}
            self.sent_edits[view.edit(op)] = (view, op)

    @rule(column=st.sampled_from(TEXT_COLUMNS), value=words, data=st.data())
    def python_edits_a_cell(self, column: str, value: str, data: st.DataObject) -> None:
        tp = self.map.touchpoints
        if len(tp):
            position = data.draw(st.integers(0, len(tp) - 1))
            with self.map.edit() as df:
                df.iloc[position, df.columns.get_loc(column)] = value

    @rule(name=words)
    def python_appends_a_row(self, name: str) -> None:
        tp = self.map.touchpoints
        row = pd.DataFrame({"stage": ["Purchase"], "touchpoint": [name]})
        self.map.touchpoints = pd.concat([tp, row], ignore_index=True)

    @rule(v=st.integers(0, 1))
    def deliver_to_python(self, v: int) -> None:
        if self.views[v].outbox:
            self.views[v].deliver_one()

    @rule(v=st.integers(0, 1))
    def deliver_to_view(self, v: int) -> None:
        if self.views[v].inbox:
            self.views[v].receive_one()

    @invariant()
    def python_table_is_valid(self) -> None:
        tp = self.map.touchpoints
        assert tp["id"].is_unique and set(tp["stage"]) <= set(STAGES)

    def teardown(self) -> None:
        for view in self.views:
            view.flush()
        for view in self.views:
            view.receive_all()
        state = self.map.get_state()
        for view in self.views:
            assert view.rows == state["_rows"], "a view did not converge to Python's DataFrame"
            assert view.stages == state["_stages"]
            assert view.rev == state["_rev"]
        tp = self.map.touchpoints.set_index("id")
        for edit_id, (view, op) in self.sent_edits.items():
            assert (edit_id in view.acked) != (edit_id in view.rejected), f"edit {op} lost"
            if edit_id in view.rejected:
                assert "does not exist" in view.rejected[edit_id], view.rejected[edit_id]
        for (row, column), value in self.last_write.items():
            if row in tp.index:
                stored = tp.loc[row, column]
                assert stored == value or (pd.isna(stored) and value is None), (row, column, stored, value)


SyncMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestSyncProtocol = SyncMachine.TestCase
