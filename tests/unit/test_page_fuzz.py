"""Property-based fuzz of every widget's page messages: Python stays in charge whatever arrives.

Random and mutated messages (edits with well-formed, mutated and nonsense ops,
``set_trait`` messages, raw values, and standard ipywidgets ``update`` messages)
are thrown at every widget, and at a chart's bqplot marks (drags and picks with
NaN, infinities, wrong lengths and odd typed arrays). For each message:

- no exception escapes the widget's handler;
- a refused message changes no table (and no revision);
- an ``update`` changes no trait outside the widget's allow-list, and no table;
- every edit message gets exactly one reply (a patch, an ack or a reject).

Speed (the unit run stays quick): a widget is built once and reused by later
examples until a message changes its tables, and tables are compared as copies
of small DataFrames rather than encoded to JSON; ~30 s instead of ~95 s, with
the same 30 examples per widget and the marks added.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import ipywidgets
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cjm_widgets as cjm
from cjm_widgets.widgets.page_state import same_json

from .hostile_page import HostilePage

OPS = [
    "set", "insert", "delete", "move", "add_stage", "rename_stage", "delete_stage",
    "move_stage", "restore_stage_refs", "batch", "nonsense", "",
]  # fmt: skip
STAGES = ["Awareness", "Purchase", "Use"]
IDS = ["a", "b", "c", "note-1", "note-2", "colleen"]
COLUMNS = ["id", "stage", "touchpoint", "channel", "thought", "emotion", "persona", "text", "quadrant", "picture",
           "quote", "name", "age", "score"]  # fmt: skip

text = st.text(max_size=12) | st.sampled_from([*STAGES, *IDS, "says", "feels", "\ud800", "\x00", "data:image/png"])
scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True, allow_infinity=True) | text
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=10
)


@st.composite
def ops(draw: st.DrawFn, depth: int = 0) -> Any:
    """An op: right names and fields with random values, some fields dropped or added."""
    op: dict[str, Any] = {"op": draw(st.sampled_from(OPS))}
    fields = {
        "id": st.sampled_from(IDS) | json_values,
        "column": st.sampled_from(COLUMNS) | json_values,
        "value": json_values,
        "stage": st.sampled_from(STAGES) | json_values,
        "to": st.sampled_from(STAGES) | text,
        "index": st.integers(-3, 5) | json_values,
        "before": st.sampled_from(IDS) | st.none() | json_values,
        "touchpoints": st.sampled_from(["remove", "move"]) | json_values,
        "row": st.fixed_dictionaries(
            {"stage": st.sampled_from(STAGES), "touchpoint": text},
            optional={"id": text, "quadrant": text, "text": text, "emotion": json_values},
        )
        | json_values,
        "description": json_values,
        "record": json_values,
        "metrics": json_values,
        "actions": json_values,
    }
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=5, unique=True)):
        op[name] = draw(fields[name])
    if op["op"] == "batch" and depth < 2:
        op["ops"] = draw(st.lists(ops(depth + 1), max_size=3))
    return op


VALID = [  # ops each widget would apply, as its page sends them
    {"op": "set", "id": "a", "column": "thought", "value": "x"},
    {"op": "set", "id": "a", "column": "emotion", "value": 1.5},
    {"op": "insert", "row": {"stage": "Use", "touchpoint": "t"}, "before": None},
    {"op": "delete", "id": "b"},
    {"op": "move", "id": "a", "stage": "Use", "before": None},
    {"op": "add_stage", "stage": "New", "index": 1},
    {"op": "rename_stage", "stage": "Use", "to": "Used"},
    {"op": "delete_stage", "stage": "Purchase", "touchpoints": "move", "to": "Use"},
    {"op": "move_stage", "stage": "Use", "index": 0},
    {"op": "batch", "ops": [{"op": "delete", "id": "c"}, {"op": "set", "id": "b", "column": "thought", "value": "y"}]},
    {"op": "set", "id": "note-1", "column": "text", "value": "x"},
    {"op": "insert", "row": {"quadrant": "says", "text": "t"}, "before": None},
    {"op": "delete", "id": "note-2"},
    {"op": "set", "id": "p", "column": "quote", "value": "x"},
    {"op": "set", "id": "p", "column": "age", "value": "34"},
]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid op with one or two fields dropped, replaced by random JSON, or given odd text."""
    op = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 2))):
        key = draw(st.sampled_from(sorted(op)))
        how = draw(st.sampled_from(["drop", "json", "text"]))
        if how == "drop":
            del op[key]
        else:
            op[key] = draw(json_values if how == "json" else text)
        if not op:
            break
    return op


def messages() -> st.SearchStrategy[Any]:
    edit = st.fixed_dictionaries(
        {"type": st.just("edit"), "op": ops() | mutated() | st.sampled_from(VALID) | json_values},
        optional={"edit_id": st.text(max_size=4) | json_values, "rev": json_values},
    )
    set_trait = st.fixed_dictionaries(
        {"type": st.just("set_trait"), "name": st.sampled_from(["lanes", "persona", "editable", "locked"]) | text},
        optional={"value": json_values},
    )
    return edit | edit | set_trait | json_values


def updates(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(names) | text, json_values, max_size=4)


# -- the widgets under fire -----------------------------------------------------------------


def small_journey() -> cjm.Journey:
    return cjm.Journey(
        [
            {"id": "a", "stage": "Awareness", "touchpoint": "Ad", "thought": "Hm", "emotion": 1, "persona": "p"},
            {"id": "b", "stage": "Purchase", "touchpoint": "Pay"},
            {"id": "c", "stage": "Purchase", "touchpoint": "Box"},
        ],
        stages=STAGES,
        personas=[{"persona": "p", "name": "Pat"}],
        metrics=pd.DataFrame({"metric": ["csat"], "stage": ["Use"], "value": [4.0]}),
    )


WIDGETS: dict[str, Callable[[], ipywidgets.Widget]] = {
    "map": lambda: cjm.JourneyMap(small_journey()),
    "read-only map": lambda: cjm.JourneyMap(small_journey(), editable=False),
    "locked map": lambda: cjm.JourneyMap(small_journey(), locked=["thought", "Awareness"]),
    "empathy map": lambda: cjm.EmpathyMap(
        [{"quadrant": "says", "text": "Hi", "persona": "p"}, {"quadrant": "feels", "text": "Tired"}]
    ),
    "persona card": lambda: cjm.PersonaCard(small_journey()),
}
VIEWLESS: dict[str, Callable[[], ipywidgets.Widget]] = {  # take no custom messages: updates only
    "flow view": lambda: cjm.FlowView(
        pd.DataFrame({"from": ["a", "b"], "to": ["b", "c"], "count": [3, 2], "users": [3, 2], "median_gap": [1.0, 2.0]})
    ),
    "emotion curve": lambda: cjm.EmotionCurve(cjm.JourneyMap(small_journey())),
    "board": lambda: cjm.JourneyBoard(small_journey()),
}


def rated_journey() -> cjm.Journey:
    journey = small_journey()
    journey.touchpoints = journey.touchpoints.assign(pain_point=["Slow", None, "Late"], impact=[2.0, None, 4.0])
    return journey


# A chart's bqplot marks (charts/marks.py): the page may drag and pick, on an editable map or a read-only one.
MARKS: dict[str, Callable[[], Any]] = {  # each: (the mark, its chart's journey)
    "curve points": lambda: (lambda c: (c.points[0], c.journey))(cjm.EmotionCurve(cjm.JourneyMap(small_journey()))),
    "read-only curve points": lambda: (lambda c: (c.points[0], c.journey))(
        cjm.EmotionCurve(cjm.JourneyMap(small_journey(), editable=False))
    ),
    "matrix points": lambda: (lambda c: (c.points, c.journey))(cjm.PriorityMatrix(cjm.JourneyMap(rated_journey()))),
    "read-only matrix points": lambda: (lambda c: (c.points, c.journey))(
        cjm.PriorityMatrix(cjm.JourneyMap(rated_journey(), editable=False))
    ),
    "metrics bars": lambda: (lambda c: (next(iter(c.bars.values())), c.journey))(
        cjm.MetricsPanel(cjm.JourneyMap(small_journey()))
    ),
    "curve figure": lambda: (lambda c: (c.figure, c.journey))(cjm.EmotionCurve(small_journey())),
}
# What a drag or a pick looks like, near misses included (NaN, inf, wrong lengths, huge ints, bools).
numbers = st.floats() | st.integers(-(2**70), 2**70) | st.booleans()
mark_values = json_values | st.lists(numbers, max_size=4) | st.fixed_dictionaries(
    {"value": st.binary(max_size=40), "dtype": st.sampled_from(["float64", "uint32", "object", "<U9"]),
     "shape": st.lists(st.integers(-1, 5), max_size=2)}, optional={"type": st.none() | text}
)  # fmt: skip

# Building a widget costs far more than a message (a board is a dozen bqplot widgets): each
# example reuses the widget the last one left, unless a message changed its tables; every
# message is still checked against the state just before it.
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_built: dict[str, tuple[ipywidgets.Widget, HostilePage, Any]] = {}


def under_fire(name: str, make: Callable[[], ipywidgets.Widget]) -> tuple[ipywidgets.Widget, HostilePage]:
    """The widget ``name`` as ``make`` builds it: rebuilt only when an earlier example changed its tables."""
    if name in _built:
        widget, page, pristine = _built[name]
        if snapshot_of(widget)() == pristine:
            return widget, page
    widget = make()
    page = HostilePage(widget)
    _built[name] = (widget, page, snapshot_of(widget)())
    return widget, page


class JourneyState:
    """A journey's revision, metadata and tables, cheap to take and compare.

    ``to_dict()`` encodes every cell (~25 ms a call, most of the fuzz's time);
    copies of the five small tables compare the same things: values, dtypes, columns.
    """

    def __init__(self, journey: cjm.Journey) -> None:
        self.meta = (journey.revision, journey.title, journey.kind, journey.notes, tuple(journey.emotion_scale))
        self.tables = [
            getattr(journey, name).copy() for name in ("stages", "touchpoints", "personas", "metrics", "actions")
        ]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, JourneyState)
            and self.meta == other.meta
            and all(
                a.equals(b) and list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes)
                for a, b in zip(self.tables, other.tables, strict=True)
            )
        )

    __hash__ = None  # type: ignore[assignment]  # compared, never hashed

    def __repr__(self) -> str:
        return f"JourneyState({self.meta})"


def snapshot_of(widget: ipywidgets.Widget) -> Callable[[], Any]:
    """What a refused message must not change: the widget's tables and revision."""
    if isinstance(widget, cjm.EmpathyMap):
        return lambda: (widget.model.revision, widget.model.table.to_json())
    journey = getattr(widget, "journey", None)
    if journey is None:  # a flow view: no journey
        return lambda: None
    return lambda: JourneyState(journey)


@pytest.mark.parametrize("name", sorted(WIDGETS))
@FUZZ
@given(data=st.data())
def test_custom_messages(name: str, data: st.DataObject) -> None:
    widget, page = under_fire(name, WIDGETS[name])
    snapshot = snapshot_of(widget)
    for message in data.draw(st.lists(messages(), min_size=1, max_size=4)):
        before, replies = snapshot(), len(page.replies)
        widget._on_view_message(widget, copy.deepcopy(message), [])  # raises if anything escapes
        answers = [r for r in page.replies[replies:] if r.get("type") in ("patch", "ack", "reject")]
        if isinstance(message, dict) and message.get("type") == "edit":
            assert len(answers) == 1, (message, answers)
        if not answers or answers[-1]["type"] == "reject" or name == "read-only map":
            assert snapshot() == before, message


@pytest.mark.parametrize("name", sorted(WIDGETS) + sorted(VIEWLESS))
@FUZZ
@given(data=st.data())
def test_update_messages(name: str, data: st.DataObject) -> None:
    widget, _page = under_fire(name, (WIDGETS | VIEWLESS)[name])
    allowed = set(getattr(widget, "_view_traits", ()))
    kept = sorted(set(widget.keys) - allowed)
    snapshot = snapshot_of(widget)
    for update in data.draw(st.lists(updates(list(widget.keys)), min_size=1, max_size=3)):
        before, state = snapshot(), widget.get_state(kept)
        widget.set_state(copy.deepcopy(update))  # raises if anything escapes
        assert snapshot() == before, update
        after = widget.get_state(kept)
        assert all(same_json(state[k], after[k]) for k in kept), update


_marks: dict[str, tuple[Any, cjm.Journey, Any]] = {}


@pytest.mark.parametrize("name", sorted(MARKS))
@FUZZ
@given(data=st.data())
def test_mark_updates(name: str, data: st.DataObject) -> None:
    """A chart's marks take drags and picks only: nothing escapes, no other trait moves, read-only stays so."""
    if name not in _marks or JourneyState(_marks[name][1]) != _marks[name][2]:  # rebuilt once a drag edited
        mark, journey = MARKS[name]()
        HostilePage(mark)
        _marks[name] = (mark, journey, JourneyState(journey))
    mark, journey, _pristine = _marks[name]
    settable = set(mark.page_drags + mark.page_picks)
    kept = sorted(set(mark.keys) - settable - {"x", "y", "names", "colors", "opacities"})  # a drag redraws these
    names = st.sampled_from([*sorted(settable), "x", "y", "enable_move", "restrict_y", "title", "selected"]) | text
    points = 0 if getattr(mark, "x", None) is None else len(mark.x)
    # Most drags that get past the shape check have exactly as many numbers as the mark has points.
    drag = st.lists(numbers, min_size=points, max_size=points)
    updates = st.dictionaries(names, mark_values, max_size=3) | st.dictionaries(st.sampled_from(["x", "y"]), drag)
    for update in data.draw(st.lists(updates, min_size=1, max_size=3)):
        state, before = mark.get_state(kept), JourneyState(journey)
        mark.set_state(copy.deepcopy(update))  # raises if anything escapes
        after = mark.get_state(kept)
        assert all(same_json(state[k], after[k]) for k in kept), update
        if name.startswith("read-only") or not set(update) & set(mark.page_drags):
            assert JourneyState(journey) == before, update


def test_the_fuzz_reaches_both_answers() -> None:
    """The strategies are not all nonsense: the valid ops apply (so mutating them explores near misses)."""
    for make, ops in ((WIDGETS["map"], VALID[:10]), (WIDGETS["empathy map"], VALID[10:13])):
        for op in ops:
            widget = make()
            page = HostilePage(widget)
            page.edit(op)
            assert [r["type"] for r in page.replies] == ["patch"], (op, page.replies)
    card = WIDGETS["persona card"]()
    page = HostilePage(card)
    for op in VALID[13:]:
        page.edit(op)
    page.edit({"op": "set", "id": "p", "column": "quote", "value": "\ud800"})
    assert [r["type"] for r in page.replies] == ["ack", "ack", "reject"]
