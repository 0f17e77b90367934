"""JourneyMap: an editable customer journey map, two-way bound to its Journey's DataFrames.

Stages are columns, lanes are rows (touchpoint with its channel, action,
thought, the emotion curve, pain point, opportunity, and any extra column).
Edits travel as small patches both ways (docs/sync-protocol.md): the view
sends an op, Python validates and applies it to the Journey, and every view of
the map receives the same patch.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import pandas as pd
import traitlets

from ..errors import SchemaError
from ..insights.action_plan import action_plan
from ..io.autosave import Autosave
from ..io.cjm_json import load
from ..model.journey import Journey
from ..render.bundle import asset
from ..render.mimebundle import StaticRepr
from ..render.standalone import journey_html, write_html
from ..render.static_html import static_html
from ..schema.tables import KINDS, LANES
from ..sync.locking import check_locked_names, refuse_locked
from ..sync.metric_lanes import lane_metric, metric_lanes_state
from ..sync.observed import Update
from ..sync.records import records
from ..sync.view_state import check_lanes, column_specs, offline_state, persona_choices
from .edit_events import Edit
from .markers import normalize_markers
from .page_state import JOURNEY_MAP_SETTABLE
from .personas import check_persona
from .table_sync import Table, TableSyncWidget

__all__ = ["Edit", "JourneyMap"]

log = logging.getLogger(__name__)

# View state computed from the Journey whenever ipywidgets sends full state
# (first render, page reload): Python's DataFrame is the one truth.
_VIEW_TABLES = ("_rows", "_stages", "_columns", "_rev")


class JourneyMap(StaticRepr, TableSyncWidget):
    """An editable customer journey map bound to a :class:`~cjm_widgets.Journey`.

    Parameters
    ----------
    journey:
        A :class:`Journey`, or a touchpoints DataFrame (then ``stages``,
        ``columns``, ``title`` and ``kind`` build the Journey around it).
    lanes:
        Rows to show, top to bottom: built-in lanes (``touchpoint``, ``action``,
        ``thought``, ``emotion``, ``pain_point``, ``opportunity``), any extra
        touchpoint column, and ``metric:<name>`` for a metric of the journey.
    editable:
        False shows the map read-only (for presenting); Python refuses every edit its
        page sends, whatever the page does (see ``cjm_widgets.widgets.page_state``).
    locked:
        Lane and/or stage names that edits made in the page cannot change (a
        classroom exercise's frame): locked lanes' cells cannot be edited, locked
        stages cannot be renamed, deleted or moved, and their touchpoints stay in
        them. Python-side edits still work. See ``cjm_widgets.sync.locking``.
    autosave:
        A ``.cjm.json`` path: the map is written there now and after every
        applied edit (from the page or from Python), atomically, so
        ``cjm.load(path)`` gets the edits back after a kernel restart. If the
        file already holds a *different* map, :class:`AutosaveConflict` is
        raised and the file is left alone: continue from it with
        :meth:`JourneyMap.from_file`, or pass ``overwrite=True`` to replace it. A
        failed write shows a message on the map (:attr:`autosave_error`) and
        keeps the map's state; the next edit tries again. If another writer
        changed the file meanwhile (a second map on the same path), nothing is
        written and :attr:`autosave_error` says so (:class:`AutosaveConflict`).
    overwrite:
        With ``autosave``: replace a file holding a different map.

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> m = cjm.JourneyMap(cjm.templates.load("colleen-vacuum"))
    >>> with m.edit() as df:
    ...     df.loc[df.index[0], "thought"] = "Not again!"
    >>> m.touchpoints["thought"].iloc[0]
    'Not again!'
    """

    _view_traits = JOURNEY_MAP_SETTABLE  # what the page may set: see page_state.py
    _view_tables = _VIEW_TABLES
    _esm = asset("journey_map.js")
    _css = asset("journey_map.css")

    title = traitlets.Unicode("").tag(sync=True)
    """str: the map's title, shown above the grid (default ``""``)."""

    kind = traitlets.Enum(KINDS, default_value="current").tag(sync=True)
    """str: ``current``, ``future`` or ``day-in-the-life`` (default ``current``)."""

    lanes = traitlets.List(traitlets.Unicode(), default_value=list(LANES)).tag(sync=True)
    """list[str]: rows of the map, top to bottom (default: the built-in lanes); ``metric:<name>`` shows a metric."""

    editable = traitlets.Bool(True).tag(sync=True)
    """bool: whether the map can be edited in the page (default True)."""

    selected_stage = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    """str | None: the stage selected on the map (default None)."""

    locked = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    """list[str]: lanes and stages students cannot change in the page (default ``[]``); see ``sync/locking.py``."""

    selected_touchpoints = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """list[str]: ids of the touchpoints highlighted on the map, e.g. by a linked flow view (default [])."""

    markers = traitlets.List(traitlets.Dict(), read_only=True).tag(sync=True)
    """list[dict]: badges shown on the map by analyses; set them with :meth:`show_markers`."""

    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    """str | None: the persona whose touchpoints the map shows (default None: all; the page's switcher sets it)."""

    _personas = traitlets.List(traitlets.Dict()).tag(sync=True)  # the switcher's choices: {persona, name}

    language = traitlets.Unicode("").tag(sync=True)
    """str: language of the map's labels (``en``, ``zh``, ``lv``); ``""`` follows JupyterLab/the browser."""

    emotion_scale = traitlets.List(traitlets.Float(), minlen=2, maxlen=2, default_value=[-2.0, 2.0]).tag(sync=True)
    """list[float]: (low, high) of the emotion lane; set by the Journey."""

    autosave_error = traitlets.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    """str | None: why the last autosave write failed, shown on the map (None when it succeeded)."""

    # The validators below accept what Journey accepts and store the validated DataFrame.
    touchpoints = Table()
    """pandas.DataFrame: the current touchpoints, every edit included; assign to update every view."""

    stages = Table()
    """pandas.DataFrame: the current stages; assign names or a DataFrame to change them."""

    metrics = Table()
    """pandas.DataFrame: the journey's metrics (long table); assign to update the metric lanes of every view."""

    # Sent in full only with the widget's state (see get_state); patches keep views current.
    _rows = traitlets.List(traitlets.Dict()).tag(sync=True)
    _stages = traitlets.List(traitlets.Dict()).tag(sync=True)
    _columns = traitlets.List(traitlets.Dict()).tag(sync=True)
    _rev = traitlets.Int(0).tag(sync=True)
    # The metric lanes' data, aggregated per lane (see sync/metric_lanes.py); kept current, so saved state shows them.
    _metrics = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        journey: Journey | pd.DataFrame | None = None,
        stages: Any = None,
        *,
        columns: Mapping[str, str] | None = None,
        title: str | None = None,
        kind: str | None = None,
        lanes: Sequence[str] | None = None,
        locked: Sequence[str] | None = None,
        autosave: str | os.PathLike[str] | None = None,
        overwrite: bool = False,
        **kwargs: Any,
    ) -> None:
        if not isinstance(journey, Journey):
            journey = Journey(journey, stages, columns=columns, title=title or "", kind=kind or "current")
        elif stages is not None or columns is not None:
            raise TypeError("stages= and columns= apply when building from a DataFrame; pass the Journey alone")
        if title is not None:
            journey.title = title
        if kind is not None:
            journey.kind = kind
        self._journey = journey
        self._following = False  # True while a trait is set from the Journey (not by the user)
        self._metric_lanes_of: list[str] = []  # the metric lanes `_metrics` was last made for
        with self._follow():
            super().__init__(
                title=journey.title,
                kind=journey.kind,
                emotion_scale=list(journey.emotion_scale),
                lanes=list(lanes) if lanes is not None else list(LANES),
                touchpoints=journey.touchpoints,
                _personas=persona_choices(journey),
                stages=journey.stages,
                locked=list(locked or []),
                metrics=journey.metrics,
                **kwargs,
            )
            self._refresh_metric_lanes(force=True)
        self._bind(journey)
        self._autosave: Autosave | None = None
        if autosave is not None:
            try:
                self._autosave = Autosave(journey, autosave, overwrite=overwrite, on_error=self._autosave_failed)
            except BaseException:
                self.close()  # a refused autosave leaves no half-built widget following the journey
                raise

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], default: Journey | pd.DataFrame | None = None, **kwargs: Any
    ) -> JourneyMap:
        """A map of the journey saved at ``path``, autosaved back to it.

        The notebook idiom for maps edited in the page: the first run starts
        from ``default`` (a Journey or a touchpoints DataFrame) and creates the
        file; every later run (after a kernel restart, or for a report)
        continues from the file, edits included. Other keyword arguments go to
        :class:`JourneyMap`.

        >>> m = cjm.JourneyMap.from_file("map.cjm.json", default=cjm.templates.load("colleen-vacuum"))  # doctest: +SKIP
        """
        if os.path.exists(path):
            journey: Journey | pd.DataFrame | None = load(path)
        elif default is None:
            raise FileNotFoundError(
                f"{os.fspath(path)} does not exist; pass default=<a Journey> to start a new map there"
            )
        else:
            journey = default
        return cls(journey, autosave=path, **kwargs)

    @property
    def autosave(self) -> str | None:
        """The file this map is autosaved to, or None."""
        return None if self._autosave is None else str(self._autosave.path)

    # -- public API -------------------------------------------------------------------

    @property
    def journey(self) -> Journey:
        """The Journey this map shows, always current."""
        return self._journey

    @contextmanager
    def edit(self) -> Iterator[pd.DataFrame]:
        """Edit the touchpoints with ordinary pandas; validated and synced when the block ends.

        An invalid result raises :class:`SchemaError` and leaves the map unchanged.
        """
        df = self._journey.touchpoints.copy()
        yield df
        self.touchpoints = df

    def on_edit(self, callback: Callable[[Edit], Any], remove: bool = False) -> None:
        """Call ``callback(edit)`` once per applied change, from the page or from Python.

        ``edit`` has ``kind`` (set, insert, delete, move, add_stage, rename_stage,
        delete_stage, move_stage, reset, personas; title, kind, notes, actions when
        set on the Journey), ``id``, ``column``, ``old``, ``new``,
        ``origin`` ("view" or "python") and ``revision``.
        """
        super().on_edit(callback, remove)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write this map, as shown now (lanes included), to one self-contained offline HTML file.

        The page draws the map with the notebook's own renderer, read-only: no
        kernel, no network; lane toggles and hover details work. Returns the path.
        """
        return write_html(journey_html(self._journey, state=offline_state(self.get_state())), path)

    def action_plan(self, y: str = "effort") -> pd.DataFrame:
        """The opportunities ranked by priority, ``impact / effort`` (see :func:`cjm_widgets.action_plan`)."""
        return action_plan(self._journey, y=y)  # type: ignore[arg-type]

    def show_markers(self, source: str, markers: pd.DataFrame | Sequence[Mapping[str, Any]] | None) -> None:
        """Show ``markers`` on the map in place of the earlier markers of ``source``.

        Each marker (a DataFrame row or a dict) names a ``touchpoint_id`` or a
        ``stage``, and has a ``kind`` (e.g. ``"peak"``), a ``label`` people read
        and an optional ``tone`` (``info``, ``good``, ``warn``, ``bad``). ``None``
        or an empty table clears the markers of ``source``.

        Raises :class:`SchemaError` naming the marker and the key at fault; the
        markers shown do not change then.
        """
        new = normalize_markers(source, markers, self._journey)
        kept = [m for m in self.markers if m.get("source") != source]
        self.set_trait("markers", kept + new)

    def __panel__(self) -> Any:
        """What Panel shows for this map (``pn.panel(m)``, a ``panel serve`` app): the map, read-only.

        Panel draws an anywidget by loading anywidget's front end from a CDN while the page
        loads, so offline it shows an error instead of a map; this static map (the same as a
        report's fallback, scrolling inside its own box) needs nothing from outside. Edit
        maps in JupyterLab, Notebook 7, Voila or marimo.
        """
        import panel as pn  # only Panel calls __panel__, so Panel is installed and loaded

        html = static_html(self._journey, self.lanes, markers=self.markers)
        styles = {"overflow-x": "auto", "max-width": "100%"}
        return pn.pane.HTML(html, sizing_mode="stretch_width", styles=styles)  # type: ignore[no-untyped-call]

    def close(self) -> None:
        autosave = getattr(self, "_autosave", None)
        if autosave is not None:
            autosave.close()
        super().close()  # TableSyncWidget stops following the journey

    def __repr__(self) -> str:
        return f"JourneyMap({self._journey!r})"

    # -- state sent to views ------------------------------------------------------------

    def _view_table(self, name: str) -> Any:
        journey = self._journey
        if name == "_rows":
            return records(journey.touchpoints)
        if name == "_stages":
            return records(journey.stages)
        if name == "_columns":
            return column_specs(journey.touchpoints)
        return journey.revision

    # -- traits ---------------------------------------------------------------------------

    @traitlets.validate("touchpoints")
    def _assign_touchpoints(self, proposal: dict[str, Any]) -> pd.DataFrame:
        if self._following:
            return cast("pd.DataFrame", proposal["value"])
        with self._follow():  # the Journey validates, then notifies us; the trait is set on return
            self._journey.touchpoints = proposal["value"]
        return cast("pd.DataFrame", self._journey.touchpoints)

    @traitlets.validate("stages")
    def _assign_stages(self, proposal: dict[str, Any]) -> pd.DataFrame:
        if self._following:
            return cast("pd.DataFrame", proposal["value"])
        value = proposal["value"]
        with self._follow():
            self._journey.stages = value
        return cast("pd.DataFrame", self._journey.stages)

    @traitlets.validate("metrics")
    def _assign_metrics(self, proposal: dict[str, Any]) -> pd.DataFrame:
        if self._following:
            return cast("pd.DataFrame", proposal["value"])
        with self._follow():  # the Journey validates (nothing changes on error), then notifies us
            self._journey.metrics = proposal["value"]
        return cast("pd.DataFrame", self._journey.metrics)

    @traitlets.validate("lanes")
    def _check_lanes(self, proposal: dict[str, Any]) -> list[str]:
        shown = self.lanes if "lanes" in self._trait_values else []
        lanes = check_lanes(proposal["value"], self._journey, shown)
        # The lane data goes out before the lanes themselves, so a view draws a new lane with its values.
        self._refresh_metric_lanes(lanes=lanes)
        return lanes

    @traitlets.validate("locked")
    def _check_locked(self, proposal: dict[str, Any]) -> list[str]:
        return check_locked_names(proposal["value"], self._journey.stage_names, self._journey.touchpoints.columns)

    @traitlets.validate("selected_stage")
    def _check_selected_stage(self, proposal: dict[str, Any]) -> str | None:
        stage = proposal["value"]
        if stage is not None and stage not in self._journey.stage_names:
            raise SchemaError(
                f"unknown stage {stage!r}",
                table="stages",
                column="stage",
                value=stage,
                fix=f"Use one of: {', '.join(map(repr, self._journey.stage_names))}",
            )
        return cast("str | None", stage)

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        return check_persona(proposal["value"], self._journey)

    @traitlets.validate("selected_touchpoints")
    def _check_selected_touchpoints(self, proposal: dict[str, Any]) -> list[str]:
        ids = set(self._journey.touchpoints["id"].astype(str))
        selected = list(dict.fromkeys(proposal["value"]))
        for position, tp in enumerate(selected):
            if tp not in ids:
                raise SchemaError(
                    f"unknown touchpoint id {tp!r}",
                    table="touchpoints",
                    column="id",
                    position=position,
                    value=tp,
                    fix="Select ids from the map's touchpoints (m.touchpoints['id'])",
                )
        return selected

    @traitlets.observe("title", "kind")
    def _metadata_changed(self, change: dict[str, Any]) -> None:
        setattr(self._journey, change["name"], change["new"])  # the Journey tells autosave

    def _autosave_failed(self, message: str | None) -> None:
        if message is not None:
            log.warning("%s", message)
        self.set_trait("autosave_error", message)

    # -- the sync protocol (TableSyncWidget does the messages) --------------------------------

    def _refresh_metric_lanes(self, lanes: Sequence[str] | None = None, force: bool = False) -> None:
        """Recompute `_metrics` when the metrics table (``force``) or the shown metric lanes changed."""
        lanes = self.lanes if lanes is None else lanes
        wanted = [lane for lane in lanes if lane_metric(lane) is not None]
        if force or wanted != self._metric_lanes_of:
            self._metric_lanes_of = wanted
            self._metrics = metric_lanes_state(self._journey.metrics, wanted)

    def _on_model_update(self, update: Update) -> None:
        # An assignment or an edit that took metric rows along (a deleted touchpoint) says "metrics".
        self._refresh_metric_lanes(force="metrics" in update.tables)
        super()._on_model_update(update)

    def _patches_views(self, update: Update) -> bool:
        # Metrics, metadata or actions only: `_metrics`, `title` and `kind` carry the change; no touchpoint moved.
        return bool(update.ops) or not set(update.tables) <= {"metrics", "journey", "actions"}

    def _model_changed(self, update: Update) -> None:
        if set(update.tables) <= {"journey", "actions"}:  # title, kind, notes or actions set on the Journey
            self.title, self.kind = self._journey.title, self._journey.kind
            return
        if not self._following:
            with self._follow():
                if update.tables != ("metrics",) or update.ops:
                    self.touchpoints = self._journey.touchpoints
                if "stages" in update.tables or any(c["kind"].endswith("_stage") for c in update.changes):
                    self.stages = self._journey.stages
        if "metrics" in update.tables and not self._following:  # assigned, or an edit took rows along
            with self._follow():
                self.metrics = self._journey.metrics
        renamed = {c["old"]: c["new"] for c in update.changes if c["kind"] == "rename_stage"}
        if self.locked and any(c["kind"].endswith("_stage") for c in update.changes):
            # The teacher renamed or deleted a locked stage in Python: the lock follows it.
            names = [renamed.get(n, n) for n in self.locked]
            self.locked = [n for n in names if n in self._journey.stage_names or n in self._lane_names()]
        if self.selected_stage in renamed:
            self.selected_stage = renamed[self.selected_stage]
        elif self.selected_stage is not None and self.selected_stage not in self._journey.stage_names:
            self.selected_stage = None
        if "personas" in update.tables or any(c["kind"] != "set" or c["column"] == "persona" for c in update.changes):
            self._personas = persona_choices(self._journey)  # synced only when the list changed
            if self.persona is not None and self.persona not in {c["persona"] for c in self._personas}:
                self.persona = None

    def _check_view_edit(self, op: Any) -> None:
        refuse_locked(op, self.locked, self._journey.touchpoints)

    def _lane_names(self) -> set[str]:
        return set(LANES) | set(map(str, self._journey.touchpoints.columns))
