"""The journey schema: canonical columns of each table and their validation.

Every table goes through :func:`normalize_table`, driven by a :class:`TableSpec`
(which columns are text, numbers, required). Touchpoints add row ids, the
emotion scale and the stage check on top.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import SchemaError
from .values import TEXT_DTYPE, RowNamer, is_missing, require_present, to_number, to_text

__all__ = [
    "ACTIONS",
    "DEFAULT_EMOTION_SCALE",
    "EVIDENCE",
    "KINDS",
    "LANES",
    "METRICS",
    "PERSONAS",
    "STAGES",
    "TOUCHPOINTS",
    "TOUCHPOINT_COLUMNS",
    "TableSpec",
    "as_frame",
    "assign_ids",
    "check_evidence",
    "check_references",
    "check_stage_names",
    "in_map_order",
    "normalize_stages",
    "normalize_table",
    "normalize_touchpoints",
]

KINDS = ("current", "future", "day-in-the-life")
TOUCHPOINT_COLUMNS = (
    "id",
    "stage",
    "touchpoint",
    "channel",
    "action",
    "thought",
    "emotion",
    "pain_point",
    "opportunity",
)
# The built-in lanes of a map, top to bottom (touchpoint carries the channel).
LANES = ("touchpoint", "action", "thought", "emotion", "pain_point", "opportunity")
DEFAULT_EMOTION_SCALE = (-2.0, 2.0)
# What a touchpoint is backed by (its optional ``evidence`` column): data, people's words, or a hypothesis.
EVIDENCE = ("observed", "reported", "assumed")


@dataclass(frozen=True)
class TableSpec:
    """Canonical columns of one table: always present (added empty when absent)."""

    name: str
    text: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # Columns that are canonical but only kept when the user brings them.
    optional_text: tuple[str, ...] = ()
    unique: tuple[str, ...] = field(default=())
    # Display order of the canonical columns, when it differs from text + numbers.
    order: tuple[str, ...] = ()

    @property
    def canonical(self) -> tuple[str, ...]:
        return self.text + self.numbers

    def ordered(self, columns: Iterable[str]) -> list[str]:
        """Canonical columns first, in canonical order; then the user's, in theirs."""
        present = list(columns)
        known = [c for c in (*(self.order or self.canonical), *self.optional_text) if c in present]
        return known + [c for c in present if c not in known]


TOUCHPOINTS = TableSpec(
    "touchpoints",
    text=("id", "stage", "touchpoint", "channel", "action", "thought", "pain_point", "opportunity"),
    numbers=("emotion",),
    required=("stage", "touchpoint"),
    optional_text=("persona", "evidence"),
    order=TOUCHPOINT_COLUMNS,
)
STAGES = TableSpec("stages", text=("stage", "description", "goal"), required=("stage",), unique=("stage",))
PERSONAS = TableSpec(
    "personas",
    text=("persona", "name", "situation", "goals", "needs", "frustrations", "motivations", "quote", "picture"),
    numbers=("age",),
    required=("persona",),
    unique=("persona",),
    order=("persona", "name", "age", "situation", "goals", "needs", "frustrations", "motivations", "quote", "picture"),
)
METRICS = TableSpec(
    "metrics",
    text=("metric", "stage", "touchpoint_id"),
    numbers=("value",),
    required=("metric",),
    optional_text=("segment", "persona", "period"),
)
ACTIONS = TableSpec("actions", text=("action", "stage", "owner", "status"), required=("action",))


def as_frame(data: Any, table: str) -> pd.DataFrame:
    """Accept a DataFrame, a list of records or a dict of columns."""
    if isinstance(data, pd.DataFrame):
        return data
    if data is None:
        return pd.DataFrame()
    if isinstance(data, (list, tuple, dict)):
        try:
            return pd.DataFrame(data)
        except (TypeError, ValueError) as exc:
            raise SchemaError(
                f"cannot build a table from this {type(data).__name__}: {exc}",
                table=table,
                fix="Pass a pandas DataFrame, a list of dicts or a dict of columns",
            ) from None
    raise SchemaError(
        f"expected a DataFrame, got {type(data).__name__}",
        table=table,
        value=data,
        fix="Pass a pandas DataFrame, a list of dicts or a dict of columns",
    )


def _rename(df: pd.DataFrame, columns: Mapping[str, str] | None, spec: TableSpec) -> pd.DataFrame:
    dupes = df.columns[df.columns.duplicated()].tolist()
    if dupes:
        raise SchemaError(
            "the DataFrame has duplicate column names",
            table=spec.name,
            column=str(dupes[0]),
            fix="Rename or drop the duplicates before building the journey",
        )
    if not columns:
        return df
    allowed = (*spec.canonical, *spec.optional_text)
    for theirs, ours in columns.items():
        if theirs not in df.columns:
            raise SchemaError(
                f"columns= maps {theirs!r}, which is not a column of the DataFrame "
                f"(it has {', '.join(map(str, df.columns))})",
                table=spec.name,
                column=str(theirs),
                fix="Fix the name on the left of the mapping",
            )
        if ours not in allowed:
            raise SchemaError(
                f"columns= maps {theirs!r} to {ours!r}, which is not a canonical column",
                table=spec.name,
                column=str(ours),
                fix=f"Map to one of: {', '.join(allowed)}",
            )
    renamed = df.rename(columns=dict(columns))
    clash = renamed.columns[renamed.columns.duplicated()].tolist()
    if clash:
        raise SchemaError(
            "columns= maps a column onto a name the DataFrame already has",
            table=spec.name,
            column=str(clash[0]),
            fix="Drop or rename the existing column first",
        )
    return renamed


def normalize_table(
    data: Any,
    spec: TableSpec,
    columns: Mapping[str, str] | None = None,
    ids: Sequence[Any] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Validate one table and return it with canonical dtypes and column order.

    The user's extra columns, their dtypes and the DataFrame's index are kept.
    """
    if data is None:  # an absent table is an empty one with the canonical columns
        data = pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.required})
    df = _rename(as_frame(data, spec.name), columns, spec)
    missing = [c for c in spec.required if c not in df.columns]
    if missing:
        raise SchemaError(
            f"required column is missing (the DataFrame has: {', '.join(map(str, df.columns)) or 'no columns'})",
            table=spec.name,
            column=missing[0],
            fix=f"Add a {missing[0]!r} column, or map yours with columns={{'your_name': {missing[0]!r}}}",
        )
    rows = RowNamer(spec.name, ids)
    out: dict[str, pd.Series] = {}
    for name in df.columns:
        series = df[name]
        if name in spec.text or name in spec.optional_text:
            series = to_text(series, name, rows)
        elif name in spec.numbers:
            series = to_number(series, name, rows, (bounds or {}).get(name))
        out[name] = series
    for name in spec.canonical:
        if name not in out:
            dtype = TEXT_DTYPE if name in spec.text else "float64"
            out[name] = pd.Series([None] * len(df), index=df.index, dtype=dtype)
    for name in spec.required:
        require_present(out[name], name, rows)
    for name in spec.unique:
        _check_unique(out[name], name, rows)
    result = pd.DataFrame(out, index=df.index)
    return result[spec.ordered(result.columns)]


def _check_unique(series: pd.Series, column: str, rows: RowNamer) -> None:
    seen: dict[Any, int] = {}
    for position, value in enumerate(series.tolist()):
        if is_missing(value):
            continue
        if value in seen:
            raise rows.error(
                f"duplicate value {value!r} (also at position {seen[value]})",
                column,
                position,
                value,
                f"Each {column!r} must be unique: rename or drop one of them",
            )
        seen[value] = position


def assign_ids(df: pd.DataFrame, prefix: str = "tp") -> pd.Series:
    """Keep the user's ids (as text), generate ``<prefix>-N`` (``tp-N``) for rows without one."""
    given = df["id"].tolist() if "id" in df.columns else [None] * len(df)
    raw = ["" if is_missing(v) else str(v) for v in given]
    taken = {v for v in raw if v}
    counter = 0
    ids: list[str] = []
    for value in raw:
        if not value:
            counter += 1
            while f"{prefix}-{counter}" in taken:
                counter += 1
            value = f"{prefix}-{counter}"
            taken.add(value)
        ids.append(value)
    return pd.Series(ids, index=df.index, dtype=TEXT_DTYPE, name="id")


def normalize_touchpoints(
    data: Any,
    stages: Sequence[str] | None,
    columns: Mapping[str, str] | None = None,
    emotion_scale: tuple[float, float] = DEFAULT_EMOTION_SCALE,
) -> pd.DataFrame:
    """Validate touchpoints: canonical columns, stable ids, emotion scale, known stages."""
    df = _rename(as_frame(data, "touchpoints"), columns, TOUCHPOINTS)
    if "id" in df.columns:
        # Ids are text; numbers are a common, harmless way to bring them.
        df = df.assign(id=assign_ids(df))
    table = normalize_table(
        df, TOUCHPOINTS, ids=df["id"].tolist() if "id" in df.columns else None, bounds={"emotion": emotion_scale}
    )
    if "id" not in df.columns:
        table["id"] = assign_ids(df)
    _check_unique(table["id"], "id", RowNamer("touchpoints", table["id"].tolist()))
    if "evidence" in table.columns:
        check_evidence(table["evidence"].tolist(), RowNamer("touchpoints", table["id"].tolist()))
    if stages is not None:
        check_stage_names(table, stages, "touchpoints", table["id"].tolist())
    return table


def check_evidence(values: Sequence[Any], rows: RowNamer) -> None:
    """Each ``evidence`` value, when given, is one of :data:`EVIDENCE`."""
    for position, value in enumerate(values):
        if not is_missing(value) and value not in EVIDENCE:
            close = difflib.get_close_matches(str(value).lower(), EVIDENCE, n=1)
            hint = f"Did you mean {close[0]!r}? " if close else ""
            raise rows.error(
                f"unknown evidence {value!r}",
                "evidence",
                position,
                value,
                f"{hint}Use observed (seen in data or research), reported (customers said so) "
                "or assumed (a hypothesis), or leave it empty",
            )


def check_stage_names(table: pd.DataFrame, stages: Sequence[str], name: str, ids: Sequence[Any] | None) -> None:
    """Every non-missing ``stage`` cell must name one of the map's stages."""
    known = set(stages)
    column = table["stage"]
    if column.isin(known).to_numpy().sum() + column.isna().to_numpy().sum() == len(column):
        return  # all known (the common case, checked without a Python loop over large tables)
    rows = RowNamer(name, ids)
    for position, value in enumerate(column.tolist()):
        if is_missing(value) or value in known:
            continue
        close = difflib.get_close_matches(str(value), list(stages), n=1)
        hint = f"Did you mean {close[0]!r}? " if close else ""
        raise rows.error(
            f"unknown stage {value!r}; the map's stages are {', '.join(map(repr, stages))}",
            "stage",
            position,
            value,
            f"{hint}Correct the value, or add the stage to stages=[...]",
        )


def in_map_order(touchpoints: pd.DataFrame, stages: Sequence[str]) -> pd.DataFrame:
    """Rows grouped by stage in map order, keeping their order within a stage (a stable sort).

    The touchpoints DataFrame always reads like the map: left to right.
    """
    rank = {name: i for i, name in enumerate(stages)}
    keys = [rank.get(s, len(rank)) for s in touchpoints["stage"].tolist()]
    if all(a <= b for a, b in itertools.pairwise(keys)):
        return touchpoints
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return touchpoints.iloc[order]


def normalize_stages(stages: Any, touchpoints: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stages as a DataFrame (``stage``, ``description``, ``goal``); a list of names is enough.

    With no stages given, they are taken from the touchpoints in order of first
    appearance.
    """
    if stages is None:
        names: list[Any] = []
        if touchpoints is not None and "stage" in touchpoints.columns:
            names = [s for s in pd.unique(touchpoints["stage"]) if not is_missing(s)]
        stages = names
    if isinstance(stages, pd.Series):
        stages = stages.tolist()
    if isinstance(stages, (list, tuple)) and all(not isinstance(s, Mapping) for s in stages):
        stages = pd.DataFrame({"stage": pd.Series(list(stages), dtype=object)})
    table = normalize_table(stages, STAGES)
    for position, value in enumerate(table["stage"].tolist()):
        if not value.strip():
            raise SchemaError(
                "a stage name cannot be empty",
                table="stages",
                column="stage",
                position=position,
                value=value,
                fix="Give every stage a name",
            )
    return table.reset_index(drop=True)


def check_references(
    table: pd.DataFrame,
    name: str,
    stages: Sequence[str],
    touchpoint_ids: Sequence[str] | None = None,
    personas: Sequence[str] | None = None,
) -> None:
    """Cross-table checks: stages, touchpoint ids and personas must exist."""
    if "stage" in table.columns:
        check_stage_names(table, stages, name, None)
    rows = RowNamer(name)
    checks = [("touchpoint_id", touchpoint_ids, "touchpoint id"), ("persona", personas, "persona")]
    for column, known, label in checks:
        if known is None or column not in table.columns:
            continue
        allowed = set(known)
        if (table[column].isin(allowed) | table[column].isna()).all():
            continue
        for position, value in enumerate(table[column].tolist()):
            if not is_missing(value) and value not in allowed:
                raise rows.error(
                    f"unknown {label} {value!r}",
                    column,
                    position,
                    value,
                    f"Use one of: {', '.join(map(repr, sorted(allowed))) or '(none defined)'}",
                )
