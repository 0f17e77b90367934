"""Differences between a current-state and a future-state journey, as a DataFrame.

Touchpoints are matched by id first, then by their text within the same stage
(case and surrounding spaces ignored), so a future map copied from the current
one and then edited still lines up with it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..model.journey import Journey
from ..schema.values import is_missing
from ..sync.records import records

__all__ = ["CHANGES", "compare_journeys"]

# The kinds of difference, in the order they are listed.
CHANGES = ("added", "removed", "changed", "pain_resolved", "emotion")
COLUMNS = ("change", "stage", "touchpoint_id", "touchpoint", "columns", "before", "after")
# Touchpoint columns never compared: ids are how rows match, not what changed.
_SKIP = {"id"}


def _value(value: Any) -> Any:
    return None if is_missing(value) or (isinstance(value, str) and value.strip() == "") else value


def _match(current: list[dict[str, Any]], future: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (current position, future position): same id, else same text in the same stage."""
    pairs: list[tuple[int, int]] = []
    future_ids = {row["id"]: j for j, row in enumerate(future)}
    used_current, used_future = set(), set()
    for i, row in enumerate(current):
        j = future_ids.get(row["id"])
        if j is not None:
            pairs.append((i, j))
            used_current.add(i)
            used_future.add(j)
    by_text: dict[tuple[Any, str], list[int]] = {}
    for j, row in enumerate(future):
        if j not in used_future:
            by_text.setdefault((row["stage"], str(row["touchpoint"]).strip().casefold()), []).append(j)
    for i, row in enumerate(current):
        if i in used_current:
            continue
        candidates = by_text.get((row["stage"], str(row["touchpoint"]).strip().casefold()))
        if candidates:
            pairs.append((i, candidates.pop(0)))
    return sorted(pairs)


def _row(
    change: str, stage: Any, tp: dict[str, Any] | None, columns: str = "", before: Any = None, after: Any = None
) -> dict[str, Any]:
    return {
        "change": change,
        "stage": stage,
        "touchpoint_id": None if tp is None else tp["id"],
        "touchpoint": None if tp is None else tp["touchpoint"],
        "columns": columns or None,
        "before": before,
        "after": after,
    }


def _mean(values: list[Any]) -> float | None:
    numbers = [float(v) for v in values if not is_missing(v)]
    return sum(numbers) / len(numbers) if numbers else None


def compare_journeys(current: Journey, future: Journey) -> pd.DataFrame:
    """The differences between two journeys, one row each.

    Columns: ``change`` (``added``: only in the future; ``removed``: only in the
    current; ``changed``: matched but different in a column both maps have, ``columns`` lists which, comma
    separated, with their ``before`` and ``after`` values as dicts;
    ``pain_resolved``: a current pain point that the future touchpoint no longer
    has, or whose touchpoint is gone; ``emotion``: a stage's mean emotion,
    ``before`` and ``after``, for every stage with an emotion on either side),
    ``stage``, ``touchpoint_id`` (the future's id for ``added`` and
    ``changed``, else the current's), ``touchpoint``, ``columns``, ``before``,
    ``after``.

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> now = cjm.Journey([{"id": "a", "stage": "Buy", "touchpoint": "Queue", "pain_point": "Slow"}])
    >>> later = cjm.Journey([{"id": "b", "stage": "Buy", "touchpoint": "Pay in app"}])
    >>> cjm.compare_journeys(now, later)["change"].tolist()
    ['added', 'removed', 'pain_resolved']
    """
    for name, value in (("current", current), ("future", future)):
        if not isinstance(value, Journey):
            raise TypeError(f"compare_journeys() takes two Journeys; {name} is a {type(value).__name__}")
    old, new = records(current.touchpoints), records(future.touchpoints)
    pairs = _match(old, new)
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    added = [_row("added", row["stage"], row) for j, row in enumerate(new) if j not in matched_new]
    removed = [_row("removed", row["stage"], row) for i, row in enumerate(old) if i not in matched_old]
    changed, resolved = [], []
    # Only columns both maps have: a column new in the future map (say, evidence) would otherwise "change" every row.
    theirs = set(future.touchpoints.columns)
    compared = [c for c in current.touchpoints.columns if c in theirs and c not in _SKIP]
    for i, j in pairs:
        before, after = old[i], new[j]
        diff = [c for c in compared if _value(before.get(c)) != _value(after.get(c))]
        if diff:
            changed.append(
                _row(
                    "changed",
                    after["stage"],
                    after,
                    ", ".join(map(str, diff)),
                    {c: _value(before.get(c)) for c in diff},
                    {c: _value(after.get(c)) for c in diff},
                )
            )
        if _value(before.get("pain_point")) is not None and _value(after.get("pain_point")) is None:
            resolved.append(_row("pain_resolved", after["stage"], after, "pain_point", before["pain_point"], None))
    for i in sorted(set(range(len(old))) - matched_old):
        if _value(old[i].get("pain_point")) is not None:
            resolved.append(_row("pain_resolved", old[i]["stage"], old[i], "pain_point", old[i]["pain_point"], None))
    emotions = []
    for stage in dict.fromkeys([*current.stage_names, *future.stage_names]):
        before_mean = _mean([r.get("emotion") for r in old if r["stage"] == stage])
        after_mean = _mean([r.get("emotion") for r in new if r["stage"] == stage])
        if before_mean is not None or after_mean is not None:
            emotions.append(_row("emotion", stage, None, "emotion", before_mean, after_mean))
    rows = [*added, *removed, *changed, *resolved, *emotions]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("change", "stage", "touchpoint_id", "touchpoint", "columns"):
        table[name] = table[name].astype("str")
    return table


def emotion_delta(before: Any, after: Any) -> float | None:
    """after - before, or None when either side has no emotion."""
    if before is None or after is None or (isinstance(before, float) and math.isnan(before)):
        return None
    if isinstance(after, float) and math.isnan(after):
        return None
    return float(after) - float(before)
