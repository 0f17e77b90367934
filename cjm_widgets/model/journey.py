"""The Journey: one customer journey map as plain pandas data.

Importable without ipywidgets; widgets, renderers and file formats all read
and write journeys through this class, which owns validation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import SchemaError
from ..schema.metric_table import check_metric_refs, normalize_metrics
from ..schema.tables import (
    ACTIONS,
    DEFAULT_EMOTION_SCALE,
    KINDS,
    METRICS,
    PERSONAS,
    check_references,
    check_stage_names,
    in_map_order,
    normalize_stages,
    normalize_table,
    normalize_touchpoints,
)
from ..schema.values import RowNamer, is_missing
from ..sync.diff import changes_of, diff_touchpoints
from ..sync.observed import Observed, Update
from ..sync.touchpoint_ops import Applied, Tables, apply_op
from . import writers

__all__ = ["Journey"]


class Journey(Observed):
    """One customer journey map: stages, touchpoints, personas, metrics and an action plan.

    Parameters
    ----------
    touchpoints:
        A DataFrame (or list of dicts) with one row per touchpoint. Required
        columns ``stage`` and ``touchpoint``; canonical optional ones
        (``id, channel, action, thought, emotion, pain_point, opportunity``,
        ``persona``) are added empty when absent. Extra columns, their dtypes
        and the index are kept.
    stages:
        Stage names in map order, or a DataFrame with ``stage`` and optional
        ``description`` and ``goal``. Defaults to the stages of the touchpoints
        in order of first appearance.
    title, kind, notes:
        Metadata; ``kind`` is one of ``current``, ``future``, ``day-in-the-life``.
    personas, metrics, actions:
        Optional tables (their columns are listed in the file formats page).
    columns:
        Maps the user's column names to canonical ones, e.g. ``{"phase": "stage"}``.
    emotion_scale:
        Inclusive (low, high) range of the ``emotion`` column, default (-2, 2).

    Raises
    ------
    SchemaError
        When a value does not fit; the message names column, row and value.
    """

    _title: str
    _kind: str
    _notes: str

    def __init__(
        self,
        touchpoints: Any = None,
        stages: Any = None,
        *,
        title: str = "",
        kind: str = "current",
        notes: str = "",
        personas: Any = None,
        metrics: Any = None,
        actions: Any = None,
        columns: Mapping[str, str] | None = None,
        emotion_scale: Sequence[float] = DEFAULT_EMOTION_SCALE,
    ) -> None:
        self._emotion_scale = _check_scale(emotion_scale)
        self._start_observing()
        self.title = title
        self.kind = kind
        self.notes = notes
        if touchpoints is None:
            touchpoints = pd.DataFrame({"stage": pd.Series([], dtype="str"), "touchpoint": pd.Series([], dtype="str")})
        tps = normalize_touchpoints(touchpoints, None, columns, self._emotion_scale)
        self._stages = normalize_stages(stages, tps)
        check_stage_names(tps, self.stage_names, "touchpoints", tps["id"].tolist())
        self._touchpoints = in_map_order(tps, self.stage_names)
        self._personas = normalize_table(personas, PERSONAS)
        self._check_personas(self._touchpoints)
        self._metrics = self._validate_metrics(metrics)
        self._actions = self._validate_actions(actions)

    # -- metadata -------------------------------------------------------------

    @property
    def title(self) -> str:
        """The map's title (str)."""
        return self._title

    @title.setter
    def title(self, value: str) -> None:
        self._set_metadata("title", _check_str(value, "title"))

    @property
    def kind(self) -> str:
        """``current``, ``future`` or ``day-in-the-life``."""
        return self._kind

    @kind.setter
    def kind(self, value: str) -> None:
        if value not in KINDS:
            raise SchemaError(
                f"unknown map kind {value!r}",
                table="journey",
                column="kind",
                value=value,
                fix=f"Use one of: {', '.join(KINDS)}",
            )
        self._set_metadata("kind", value)

    @property
    def notes(self) -> str:
        """Free-form notes about the map (str)."""
        return self._notes

    @notes.setter
    def notes(self, value: str) -> None:
        self._set_metadata("notes", _check_str(value, "notes"))

    def _set_metadata(self, name: str, value: str) -> None:
        """Store title, kind or notes; a change (after ``__init__``) is told to observers (autosave, maps)."""
        old = getattr(self, f"_{name}", None)  # None while __init__ sets the first value
        setattr(self, f"_{name}", value)
        if old is not None and old != value:
            change = {"kind": name, "id": None, "column": name, "old": old, "new": value}
            self._notify([], [change], tables=("journey",))

    @property
    def emotion_scale(self) -> tuple[float, float]:
        """Inclusive (low, high) range of emotion scores."""
        return self._emotion_scale

    # -- tables (returned as cheap copy-on-write copies: edit, then assign back) --

    @property
    def touchpoints(self) -> pd.DataFrame:
        """One row per touchpoint, in map order (grouped by stage, left to right).

        Assign a new DataFrame to replace it; it is validated and put in map order.
        """
        return self._touchpoints.copy(deep=False)

    @touchpoints.setter
    def touchpoints(self, value: Any) -> None:
        table = in_map_order(
            normalize_touchpoints(value, self.stage_names, None, self._emotion_scale), self.stage_names
        )
        self._check_personas(table)
        self._check_metric_refs(self._metrics, self.stage_names, table["id"].tolist())
        old = self._touchpoints
        ops = diff_touchpoints(old, table)
        self._touchpoints = table
        if ops == [] and old.index.equals(table.index):
            return  # nothing a view or an observer could see changed
        self._notify(ops, changes_of(old, ops))

    @property
    def stages(self) -> pd.DataFrame:
        """Stages in map order, with columns ``stage``, ``description``, ``goal`` (+ extra columns)."""
        return self._stages.copy(deep=False)

    @stages.setter
    def stages(self, value: Any) -> None:
        stages = normalize_stages(value)
        names = stages["stage"].tolist()
        check_stage_names(self._touchpoints, names, "touchpoints", self._touchpoints["id"].tolist())
        self._check_metric_refs(self._metrics, names, self._touchpoints["id"].tolist())
        check_references(self._actions, "actions", names)
        self._stages = stages
        self._touchpoints = in_map_order(self._touchpoints, names)
        self._notify(
            None,
            [{"kind": "assign_stages", "id": None, "column": "stage", "old": None, "new": names}],
            tables=("stages",),
        )

    @property
    def stage_names(self) -> list[str]:
        """Stage names in map order."""
        return self._stages["stage"].tolist()

    @property
    def personas(self) -> pd.DataFrame:
        """Who travels the journey, with columns ``persona`` (key), ``name``, ``age``, ``goals``..."""
        return self._personas.copy(deep=False)

    @personas.setter
    def personas(self, value: Any) -> None:
        table = normalize_table(value, PERSONAS)
        keys = table["persona"].tolist()
        self._check_personas(self._touchpoints, keys)
        self._check_metric_refs_for(keys)
        old = self._personas
        self._personas = table
        if not old.equals(table):  # persona cards and the map's persona switcher follow
            change = {"kind": "personas", "id": None, "column": None, "old": None, "new": keys}
            self._notify([], [change], tables=("personas",))

    @property
    def metrics(self) -> pd.DataFrame:
        """Long table of numbers per stage or touchpoint.

        Columns ``metric``, ``value`` (NaN = missing) and exactly one of ``stage`` /
        ``touchpoint_id`` per row; optional ``segment`` or ``persona`` and ``period``.
        Assigning validates it (unknown stage or id, both or neither, non-numeric
        value, duplicate key: :class:`SchemaError` naming the row) and tells observers.
        """
        return self._metrics.copy(deep=False)

    @metrics.setter
    def metrics(self, value: Any) -> None:
        old = self._metrics
        self._metrics = self._validate_metrics(value)
        # Views show metric lanes: tell them (no touchpoint changed, so no touchpoint ops).
        change = {"kind": "assign_metrics", "id": None, "column": "metric", "old": len(old), "new": len(self._metrics)}
        self._notify([], [change], tables=("metrics",))

    @property
    def actions(self) -> pd.DataFrame:
        """The action plan in order, with columns ``action``, ``stage``, ``owner``, ``status``."""
        return self._actions.copy(deep=False)

    @actions.setter
    def actions(self, value: Any) -> None:
        old = self._actions
        self._actions = self._validate_actions(value)
        if not old.equals(self._actions):  # autosave follows
            change = {"kind": "actions", "id": None, "column": None, "old": len(old), "new": len(self._actions)}
            self._notify([], [change], tables=("actions",))

    # -- edits and observers ------------------------------------------------------

    def apply(self, op: Any, origin: str = "python", edit_id: str | None = None) -> Update:
        """Apply one edit op (see docs/sync-protocol.md) and tell the observers.

        Raises :class:`SchemaError` for a bad value and :class:`EditError` for a
        malformed op or a row that is gone; the journey is unchanged then.
        """
        tables = Tables(
            self._touchpoints,
            self._stages,
            self._metrics,
            self._actions,
            self._emotion_scale,
            tuple(self._personas["persona"].tolist()),
        )
        applied: Applied = apply_op(tables, op)
        new = applied.tables
        # Ops that touch the other tables (undo restoring metrics, stage records) are checked
        # like any assignment would be, so a view can never store what the schema refuses.
        if new.stages is not tables.stages:
            normalize_stages(new.stages)
        if new.metrics is not tables.metrics:
            self._check_metric_refs(
                normalize_table(new.metrics, METRICS), new.stages["stage"].tolist(), new.touchpoints["id"].tolist()
            )
        if new.actions is not tables.actions:
            check_references(normalize_table(new.actions, ACTIONS), "actions", new.stages["stage"].tolist())
        touchpoints = new.touchpoints
        if not isinstance(touchpoints.index, pd.RangeIndex) and touchpoints.index.equals(
            pd.RangeIndex(len(touchpoints))
        ):  # rows moved and back again: 0..n-1 is the default index, a RangeIndex
            touchpoints = touchpoints.set_axis(pd.RangeIndex(len(touchpoints)))
        self._touchpoints, self._stages = touchpoints, new.stages
        self._metrics, self._actions = new.metrics, new.actions
        changed = ("touchpoints", "metrics") if new.metrics is not tables.metrics else ("touchpoints",)
        return self._notify(applied.ops, applied.changes, origin, applied.inverse, edit_id, changed)

    # -- persistence ------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the journey to a ``.cjm.json`` file (atomically)."""
        writers.lookup("cjm.json")(self, path)

    def to_html(self, path: str | os.PathLike[str], lanes: Sequence[str] | None = None) -> Path:
        """Write one self-contained offline HTML file showing this journey's map; returns its path.

        The page uses the notebook's own map renderer (read-only; lane toggles and
        hover details work), loads nothing from the network and needs no kernel.
        Without JavaScript it shows the static table and emotion curve.
        """
        written: Path = writers.lookup("html")(self, path, lanes)
        return written

    # Files from elsewhere (see cjm_widgets.io): every export is written atomically.

    def to_csv(self, path: str | os.PathLike[str], layout: Literal["wide", "long"] = "wide") -> None:
        """Write a CSV file: ``wide`` (stages across, lanes down) or ``long`` (a row per touchpoint).

        Text cells that a spreadsheet would run as a formula get a leading ``'``.
        """
        writers.lookup("csv")(self, path, layout)

    def to_excel(self, path: str | os.PathLike[str], layout: Literal["wide", "long"] = "wide") -> None:
        """Write an ``.xlsx`` workbook (needs openpyxl: ``pip install cjm_widgets[excel]``)."""
        writers.lookup("excel")(self, path, layout)

    def to_mermaid(self, path: str | os.PathLike[str] | None = None) -> str:
        """The map as a Mermaid ``journey`` diagram (text); also written to ``path`` when given."""
        if path is not None:
            writers.lookup("mermaid")(self, path)
        text: str = writers.lookup("mermaid text")(self)
        return text

    def to_cjml(
        self, path: str | os.PathLike[str] | None = None, journey_type: Literal["planned", "actual"] | None = None
    ) -> str:
        """The map as CJML 2.0 XML (a ``future`` map is a planned journey, others actual); written to ``path`` too."""
        if path is not None:
            writers.lookup("cjml")(self, path, journey_type)
        text: str = writers.lookup("cjml text")(self, journey_type)
        return text

    def to_dict(self) -> dict[str, Any]:
        """The journey as a JSON-ready dict in the ``.cjm.json`` format."""
        data: dict[str, Any] = writers.lookup("dict")(self)
        return data

    def copy(self) -> Journey:
        """An independent copy."""
        copied: Journey = writers.lookup("from dict")(self.to_dict())
        return copied

    def equals(self, other: object) -> bool:
        """True when both journeys hold the same data, dtypes and metadata."""
        return isinstance(other, Journey) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        personas = f", {len(self._personas)} personas" if len(self._personas) else ""
        return (
            f"<Journey {self.title!r} ({self.kind}): {len(self._stages)} stages, "
            f"{len(self._touchpoints)} touchpoints{personas}>"
        )

    # -- validation helpers -------------------------------------------------------

    def _check_personas(self, touchpoints: pd.DataFrame, keys: list[str] | None = None) -> None:
        keys = self._personas["persona"].tolist() if keys is None else keys
        if keys and "persona" in touchpoints.columns:
            rows = RowNamer("touchpoints", touchpoints["id"].tolist())
            for position, value in enumerate(touchpoints["persona"].tolist()):
                if not is_missing(value) and value not in keys:
                    raise rows.error(
                        f"unknown persona {value!r}",
                        "persona",
                        position,
                        value,
                        f"Use one of the personas table's keys: {', '.join(map(repr, keys))}",
                    )

    def _validate_metrics(self, value: Any) -> pd.DataFrame:
        personas = self._personas["persona"].tolist()
        return normalize_metrics(value, self.stage_names, self._touchpoints["id"].tolist(), personas)

    def _check_metric_refs(self, table: pd.DataFrame, stages: list[str], ids: list[str]) -> None:
        check_metric_refs(table, stages, ids, self._personas["persona"].tolist())

    def _check_metric_refs_for(self, personas: list[str]) -> None:
        """New personas must still cover the metrics' ``persona`` values."""
        check_metric_refs(self._metrics, self.stage_names, self._touchpoints["id"].tolist(), personas)

    def _validate_actions(self, value: Any) -> pd.DataFrame:
        table = normalize_table(value, ACTIONS)
        check_references(table, "actions", self.stage_names)
        return table


def _check_str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise SchemaError(
            f"expected text, got {type(value).__name__} {value!r}",
            table="journey",
            column=name,
            value=value,
            fix=f"Pass {name} as a string",
        )
    surrogate = next((i for i, ch in enumerate(value) if "\ud800" <= ch <= "\udfff"), None)
    if surrogate is not None:  # no file can hold it (UTF-8 refuses it): refused here, not at the next save
        raise SchemaError(
            f"the text holds a lone surrogate (U+{ord(value[surrogate]):04X}) at character {surrogate}",
            table="journey",
            column=name,
            value=value,
            fix="Remove it; it is half of a character, usually from a broken copy and paste",
        )
    return value


def _check_scale(scale: Sequence[float]) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        lo = hi = float("nan")
    if not lo < hi:
        raise SchemaError(
            f"emotion_scale must be (low, high) numbers with low < high, got {scale!r}",
            table="journey",
            column="emotion_scale",
            value=scale,
            fix="Pass e.g. emotion_scale=(-2, 2) or (1, 5)",
        )
    return (lo, hi)
