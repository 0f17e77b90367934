"""FlowView: a Sankey-style view of who goes where next, linked to a journey map.

The view draws the top flows of a directly-follows table (see
:func:`cjm_widgets.transitions`): sources on the left, destinations on the
right, each node and each band as thick as its count. Clicking a band (or
pressing Enter on it) selects that flow; with a linked :class:`JourneyMap`
the map then highlights the flow's touchpoints, and selecting a stage on the
map highlights the flows that touch it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import anywidget
import pandas as pd
import traitlets

from ..analytics.flow_data import flow_records, is_transitions_table, stage_level
from ..analytics.transitions import END, START, transitions
from ..errors import SchemaError
from ..render.bundle import asset
from .journey_map import JourneyMap
from .page_state import FLOW_VIEW_SETTABLE, PageGuard

__all__ = ["FlowView"]


class FlowView(PageGuard, anywidget.AnyWidget):
    """A Sankey-style flow view of a transitions table, optionally linked to a map.

    Parameters
    ----------
    data:
        A transitions table (``from``, ``to``, ``count``, optional ``users`` and
        ``median_gap``: what :func:`cjm_widgets.transitions` returns), or an event
        log (any engine :func:`~cjm_widgets.transitions` accepts) together with
        ``user=``, ``time=`` and ``touchpoint=`` column names.
    level:
        ``"touchpoint"`` (default) or ``"stage"``. Stage level needs the
        touchpoints' stages: ``stage=`` (a column of the log, or a
        ``{touchpoint: stage}`` mapping) or a linked ``map=``; a table already
        at stage level (``transitions(..., level="stage")``) is shown as it is.
    n:
        How many of the biggest flows to draw; the rest are grouped as ``other``.
    map:
        A :class:`JourneyMap` to link: selecting a flow selects its touchpoints
        there (``map.selected_touchpoints``), nodes follow the map's order, and
        the map's selected stage highlights its flows.
    options:
        Passed on to :func:`~cjm_widgets.transitions` with an event log
        (``segment`` excepted: one FlowView shows one set of journeys).

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> log = cjm.datasets.events(n_users=200, seed=1)
    >>> cols = dict(user="user_id", time="timestamp", touchpoint="touchpoint")
    >>> m = cjm.JourneyMap(cjm.from_events(log, **cols, stage="stage"))
    >>> fv = cjm.FlowView(log, **cols, n=8, map=m)
    >>> fv.selected = {"from": fv.links[0]["from"], "to": fv.links[0]["to"]}
    >>> len(m.selected_touchpoints)  # the flow's two touchpoints, highlighted on the map
    2
    """

    _view_traits = FLOW_VIEW_SETTABLE  # what the page may set: see page_state.py
    _esm = asset("flow_view.js")
    _css = asset("flow_view.css")

    level = traitlets.Enum(["touchpoint", "stage"], default_value="touchpoint").tag(sync=True)
    """str: ``touchpoint`` or ``stage``: what the nodes are (default ``touchpoint``)."""

    nodes = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """list[str]: node names in display order (the map's order when linked)."""

    links = traitlets.List(traitlets.Dict()).tag(sync=True)
    """list[dict]: the flows drawn: from, to, count, users, median_gap (seconds or None), other."""

    node_stages = traitlets.Dict(traitlets.Unicode()).tag(sync=True)
    """dict[str, str]: each node's stage, when known (for highlighting a selected stage)."""

    timed = traitlets.Bool(True).tag(sync=True)
    """bool: True when median gaps are durations in seconds, False when in the log's own unit."""

    selected = traitlets.Dict(default_value=None, allow_none=True).tag(sync=True)
    """dict | None: the selected flow (a record of :attr:`links`); set ``{"from": a, "to": b}`` to select."""

    highlight_stage = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    """str | None: flows touching this stage are highlighted (follows the linked map's selected stage)."""

    language = traitlets.Unicode("").tag(sync=True)
    """str: UI language, ``en``, ``zh`` or ``lv`` ("" follows JupyterLab / the browser; a linked map's)."""

    def __init__(
        self,
        data: Any,
        *,
        user: str | None = None,
        time: str | None = None,
        touchpoint: str | None = None,
        stage: str | Mapping[str, str] | pd.Series | None = None,
        stages: Sequence[str] | None = None,
        level: str = "touchpoint",
        n: int = 10,
        other: str = "Other",
        map: JourneyMap | None = None,
        **options: Any,
    ) -> None:
        if level not in ("touchpoint", "stage"):
            raise ValueError(f"level must be 'touchpoint' or 'stage', got {level!r}")
        if map is not None and not isinstance(map, JourneyMap):
            raise TypeError(f"map= takes a JourneyMap, got {type(map).__name__}")
        self._map = map
        self._following_map = False  # True once observing the map (close() then stops it)
        tp_stage = self._touchpoint_stages(stage)
        if is_transitions_table(data):
            table = data
            # A touchpoint-level table is summed into stages; a table of stages is shown as it is.
            names = set(table["from"]) | set(table["to"])
            if level == "stage" and tp_stage and not names <= {*tp_stage.values(), START, END}:
                table = stage_level(table, tp_stage)
        else:
            if user is None or time is None or touchpoint is None:
                raise TypeError(
                    "FlowView needs a transitions table (from, to, count), or an event log with "
                    "user=, time= and touchpoint= column names"
                )
            from_map = level == "stage" and stage is None and map is not None
            if from_map and map is not None:
                stage, stages = tp_stage, stages or list(map.journey.stage_names)
            try:
                table = transitions(
                    data,
                    user=user,
                    time=time,
                    touchpoint=touchpoint,
                    stage=stage,
                    stages=stages,
                    level=level,
                    **options,
                )
            except SchemaError as exc:
                if not from_map or exc.column != touchpoint:
                    raise
                # The mapping came from the map: say so, and how to place touchpoints it does not show.
                raise SchemaError(
                    f"{exc.problem} (stages were taken from the linked map, which does not show it)",
                    table=exc.table,
                    column=exc.column,
                    value=exc.value,
                    fix="Pass stage= too: the log's stage column, or a {touchpoint: stage} mapping covering it",
                ) from exc
        order = self._order(level, stages)
        self._table, nodes, links = flow_records(table, n=n, other=other, order=order)
        timed = "median_gap" not in table.columns or pd.api.types.is_timedelta64_dtype(table["median_gap"])
        node_stages = {name: name for name in nodes} if level == "stage" else {}
        if level == "touchpoint":
            node_stages = {name: tp_stage[name] for name in nodes if name in tp_stage}
        super().__init__(level=level, nodes=nodes, links=links, node_stages=node_stages, timed=timed)
        if map is not None:
            map.observe(self._map_changed, ["selected_stage", "language"])
            self._following_map = True
            self.highlight_stage, self.language = map.selected_stage, map.language

    # -- public API -------------------------------------------------------------------

    @property
    def table(self) -> pd.DataFrame:
        """The flows drawn, as a DataFrame (``top_flows``' columns, ``is_other`` for grouped rows)."""
        return self._table.copy()

    @property
    def map(self) -> JourneyMap | None:
        """The linked journey map, if any."""
        return self._map

    def touchpoint_ids(self, flow: Mapping[str, Any]) -> list[str]:
        """Ids of the linked map's touchpoints a flow passes through (both ends; a stage: all of its)."""
        if self._map is None:
            return []
        tps = self._map.journey.touchpoints
        column = "stage" if self.level == "stage" else "touchpoint"
        ends = [flow.get("from"), flow.get("to")]
        return [str(i) for i, name in zip(tps["id"], tps[column], strict=True) if name in ends]

    def close(self) -> None:
        if getattr(self, "_following_map", False) and self._map is not None:  # not when __init__ failed
            self._map.unobserve(self._map_changed, ["selected_stage", "language"])
            self._following_map = False
        super().close()

    def __repr__(self) -> str:
        return f"FlowView(level={self.level!r}, {len(self.links)} flows, {len(self.nodes)} nodes)"

    # -- helpers ----------------------------------------------------------------------------

    def _touchpoint_stages(self, stage: Any) -> dict[str, str]:
        """Touchpoint name -> stage: from a stage mapping, else from the linked map."""
        if isinstance(stage, Mapping | pd.Series):
            return {str(k): str(v) for k, v in dict(stage).items()}
        if self._map is not None:
            tps = self._map.journey.touchpoints
            return {str(t): str(s) for t, s in zip(tps["touchpoint"], tps["stage"], strict=True)}
        return {}

    def _order(self, level: str, stages: Sequence[str] | None) -> list[str] | None:
        if self._map is not None:
            journey = self._map.journey
            return (
                list(journey.stage_names) if level == "stage" else [str(t) for t in journey.touchpoints["touchpoint"]]
            )
        return list(stages) if level == "stage" and stages is not None else None

    @traitlets.validate("selected")
    def _check_selected(self, proposal: dict[str, Any]) -> dict[str, Any] | None:
        """A selection names a drawn flow by from/to; it is stored as that flow's full record."""
        value = proposal["value"]
        if not value:
            return None
        for link in self.links:
            if link["from"] == value.get("from") and link["to"] == value.get("to"):
                return dict(link)
        shown = ", ".join(f"{link['from']} -> {link['to']}" for link in self.links[:5])
        raise traitlets.TraitError(
            f"no flow {value.get('from')!r} -> {value.get('to')!r} is shown; pick one of: {shown}..."
        )

    @traitlets.observe("selected")
    def _selected_changed(self, change: dict[str, Any]) -> None:
        if self._map is not None:
            self._map.selected_touchpoints = self.touchpoint_ids(change["new"] or {})

    def _map_changed(self, change: dict[str, Any]) -> None:
        """The map's selected stage highlights its flows; the view speaks the map's language."""
        if change["name"] == "language":
            self.language = change["new"]
        else:
            self.highlight_stage = change["new"]
