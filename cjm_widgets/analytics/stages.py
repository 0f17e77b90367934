"""Which stage each touchpoint sits in, and the stages' order when the user gives one.

``stage=`` is a column of the log, a touchpoint -> stage mapping (dict or
pandas Series), or None (one stage, "Journey"). A touchpoint sits in one
stage: with a column, the stage most of its events carry (ties: the earlier
stage in the given order, else the first name alphabetically).

The order is given by ``stages=[...]``, or by the categories of a categorical
stage column or mapping (pandas categorical, Polars/DuckDB Enum); otherwise
the caller orders stages by where journeys typically reach them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import narwhals as nw
import pandas as pd

from ..errors import SchemaError
from ..schema.values import is_missing
from .event_columns import EVENTS, STAGE, TOUCHPOINT
from .events import EventLog

__all__ = ["DEFAULT_STAGE", "stage_map"]

DEFAULT_STAGE = "Journey"


def _categories(events: Any, column: str) -> list[str] | None:
    """The declared categories of a categorical/enum stage column, in their order."""
    try:
        dtype = nw.from_native(events).collect_schema()[column]
    except TypeError:  # not a dataframe (e.g. a list of dicts): no declared categories
        return None
    if isinstance(dtype, nw.Enum):
        return [str(c) for c in dtype.categories]
    if isinstance(dtype, nw.Categorical) and isinstance(events, pd.DataFrame):
        return [str(c) for c in events[column].cat.categories]
    return None


def _check_names(names: Sequence[Any], what: str, column: str | None) -> list[str]:
    out = []
    for name in names:
        if is_missing(name) or not isinstance(name, str) or not name.strip():
            raise SchemaError(
                f"{what}: a stage name must be non-empty text, got {name!r}",
                table="events",
                column=column,
                value=name,
                fix="Name every stage",
            )
        out.append(name)
    return out


def stage_map(
    log: EventLog, events: Any, stage: str | Mapping[str, str] | pd.Series | None, stages: Sequence[str] | None
) -> tuple[dict[str, str], list[str] | None]:
    """Touchpoint name -> stage name for every touchpoint in the log, and the stage order if given."""
    order = _check_names(list(stages), "stages=", None) if stages is not None else None
    touchpoints = sorted(set(log.combos[TOUCHPOINT].tolist()))
    if stage is None:
        return {tp: DEFAULT_STAGE for tp in touchpoints}, order or [DEFAULT_STAGE]
    if isinstance(stage, str):
        mapping = _from_column(log, touchpoints, stage, order)
        order = order or _categories(events, stage)
    else:
        series = stage if isinstance(stage, pd.Series) else pd.Series(dict(stage), dtype=object)
        if order is None and isinstance(series.dtype, pd.CategoricalDtype):
            order = [str(c) for c in series.dtype.categories]
        mapping = {str(k): v for k, v in series.items() if not is_missing(v)}
        _check_names(list(mapping.values()), "stage mapping", log.columns.touchpoint)
        for tp in touchpoints:
            if tp not in mapping:
                raise log.fail(
                    f"touchpoint {tp!r} has no stage in the stage mapping",
                    log.columns.touchpoint,
                    nw.col(log.columns.touchpoint).cast(nw.String) == tp,
                    f"Add {tp!r}: '<stage>' to the stage mapping",
                    value=tp,
                )
        mapping = {tp: mapping[tp] for tp in touchpoints}
    if order is not None:
        unknown = sorted(set(mapping.values()) - set(order))
        if unknown:
            raise SchemaError(
                f"stage {unknown[0]!r} is not among the stages {order}",
                table="events",
                column=stage if isinstance(stage, str) else None,
                value=unknown[0],
                fix="Add it to stages=[...] (or to the categories), or map its touchpoints to a listed stage",
            )
    return mapping, order


def _from_column(log: EventLog, touchpoints: list[str], column: str, order: list[str] | None) -> dict[str, str]:
    """Each touchpoint's most common stage in the stage column."""
    counts: dict[str, dict[str, int]] = {}  # touchpoint -> stage -> events (a few hundred rows: plain dicts)
    combos = log.combos
    for tp, st, n in zip(combos[TOUCHPOINT].tolist(), combos[STAGE].tolist(), combos[EVENTS].tolist(), strict=True):
        if isinstance(st, str):  # (a missing stage is NaN)
            per_stage = counts.setdefault(tp, {})
            per_stage[st] = per_stage.get(st, 0) + n
    rank = {name: i for i, name in enumerate(order or [])}

    def preference(per_stage: dict[str, int]) -> Callable[[str], tuple[int, int, str]]:
        return lambda st: (-per_stage[st], rank.get(st, len(rank)), st)  # most events, earlier stage, name

    mapping = {tp: min(per_stage, key=preference(per_stage)) for tp, per_stage in counts.items()}
    for tp in touchpoints:
        if tp not in mapping:
            raise log.fail(
                f"touchpoint {tp!r} has no stage: the stage column is empty in all its events",
                column,
                (nw.col(log.columns.touchpoint).cast(nw.String) == tp) & nw.col(column).is_null(),
                "Fill in the stage, or pass stage= a touchpoint -> stage mapping",
                value=None,
            )
    _check_names([mapping[tp] for tp in touchpoints], "stage column", column)  # in name order
    return mapping
