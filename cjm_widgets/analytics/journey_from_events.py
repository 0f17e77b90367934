"""Data-driven journeys: :func:`~cjm_widgets.from_events` turns a raw event log into a Journey with metrics.

The touchpoints are the ones observed, each placed in one stage (see
``analytics/stages.py``), stages in funnel order (the given order, else by the median
step at which journeys first reach them), touchpoints within a stage by the
median step at which journeys first reach them. A journey is one user's
events, or one session of them with ``session_gap=``; "users" below count
journeys.

Metrics (the Journey's ``metrics`` table: ``metric``, ``value``, ``stage`` or
``touchpoint_id``, ``segment``). Rows with an empty ``segment`` are about all
journeys; with ``segment=`` every metric is repeated once per segment.

Per touchpoint (``touchpoint_id``):

- ``events``: events at the touchpoint;
- ``users``: journeys that reach it; ``reach``: ``users`` / all journeys;
- ``drop_off_users``: journeys whose last event is there; ``drop_off``: that / ``users`` (the exit rate);
- ``time_to_next_median_s``, ``time_to_next_p90_s``: seconds from an event there to the
  journey's next event (last events have no next one);
- ``position_median``: median step (1 = first event) of a journey's first visit;
- ``sentiment_mean``, ``sentiment_count``: mean and number of scores (with ``sentiment=``);
- ``channel_share:<Channel>``: share of its events on that channel (with ``channel=``).

Per stage (``stage``):

- ``users``: journeys with an event in the stage; ``stage_reach``: that / all journeys;
- ``funnel``: share of journeys whose furthest stage is this one or a later one;
- ``conversion``: journeys reaching this stage or later / those reaching the previous
  stage or later (no row for the first stage);
- ``drop_off_users``, ``drop_off``: journeys whose last event is in the stage, and that / ``users``;
- ``time_from_start_median_s``, ``time_from_start_p90_s``: seconds from a journey's first
  event to its first event in the stage (for the last stage: from first to last stage);
- ``position_median``: median step of a journey's first event in the stage.

The touchpoints' ``channel`` is their most common channel, and ``emotion`` their
mean sentiment rescaled onto the emotion scale (the rule is in ``analytics/sentiment.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..errors import SchemaError
from ..model.journey import Journey
from ..schema.tables import DEFAULT_EMOTION_SCALE
from .aggregates import (
    BIT,
    EXITS,
    SENTIMENT_MEAN,
    USERS,
    first_in_stage,
    stage_reach,
    stage_sets,
    touchpoint_reach,
    touchpoint_times,
    visits,
)
from .code_books import EVENTS, Coded, by_range, encode_by_stage
from .engines import materialized
from .event_columns import CHANNEL, SEGMENT, TOUCHPOINT, USER, Columns
from .events import EventLog, load, to_pandas
from .fast_path import numpy_pass
from .metrics import ALL, SEG, channel_table, long_metrics, segment_names, stage_table, touchpoint_table
from .sentiment import rescale, sentiment_scale
from .stages import stage_map
from .steps import sessions, with_steps

__all__ = ["from_events", "gap_seconds"]

MAX_STAGES = 62  # stage sets are bit masks in a 64-bit integer


def gap_seconds(gap: Any) -> float | None:
    """``session_gap`` in seconds: a number, a timedelta, or text like ``"30min"``."""
    if gap is None:
        return None
    if isinstance(gap, (int, float)) and not isinstance(gap, bool):
        seconds = float(gap)
    else:
        try:
            seconds = pd.Timedelta(gap).total_seconds()
        except (TypeError, ValueError):
            seconds = float("nan")
    if not seconds > 0:
        raise SchemaError(
            f"session_gap must be a positive duration, got {gap!r}",
            table="events",
            column="session_gap",
            value=gap,
            fix='Pass e.g. session_gap="30min", a timedelta, or a number of seconds',
        )
    return seconds


def _summed(names: list[str], count: str, rows: Iterable[tuple[tuple[Any, ...], int]]) -> pd.DataFrame:
    """Counts summed per distinct key: text columns ``names``, then the sums in column ``count``.

    For tables of a few hundred rows: summing in a dict is ~10x faster than a group-by.
    """
    totals: dict[tuple[Any, ...], int] = {}
    for key, n in rows:
        totals[key] = totals.get(key, 0) + int(n)
    table = {name: pd.array([key[i] for key in totals], dtype="str") for i, name in enumerate(names)}
    return pd.DataFrame({**table, count: np.array(list(totals.values()), dtype=np.int64)})


def _by_segment(combos: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The combinations table summed per (segment, touchpoint[, channel]), overall rows under ALL."""
    columns = [[_key(v) for v in combos[k].tolist()] for k in keys]
    counts = combos[EVENTS].tolist()
    segments = [[ALL] * len(counts)] + ([combos[SEGMENT].tolist()] if SEGMENT in combos.columns else [])
    rows = (
        ((segment[row], *(column[row] for column in columns)), n)
        for segment in segments
        for row, n in enumerate(counts)
    )
    return _summed([SEG, *keys], EVENTS, rows)


def _last_if_missing(value: float) -> tuple[bool, float]:
    """A sort key that puts NaN after every number (as pandas' sort does) and keeps ties comparable."""
    return (True, 0.0) if value != value else (False, value)


def _key(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value  # NaN (missing) -> one key


def _aggregate(coded: Coded, bounds: list[int], gap: float | None) -> dict[str, pd.DataFrame]:
    """Run the in-engine aggregations over one materialized window pass (pandas: one numpy pass)."""
    codes, arrays = coded.log.codes, coded.arrays
    if codes is not None and arrays is not None:
        stage_of_code = np.searchsorted(np.asarray(bounds), np.arange(len(coded.touchpoints)), side="right")
        fast = numpy_pass.aggregate(
            codes, arrays[TOUCHPOINT], len(coded.touchpoints), arrays.get(SEGMENT), coded.segments, stage_of_code, gap
        )
        if fast is not None:
            return fast
    bit = by_range(TOUCHPOINT, bounds, [1 << i for i in range(len(bounds))], default=0)
    frame = coded.frame if gap is None else sessions(coded.frame, gap)
    frame = with_steps(frame).with_columns(bit.alias(BIT))
    key_sets: list[list[str]] = [[]] + ([[SEGMENT]] if coded.segments is not None else [])
    parts: dict[str, list[pd.DataFrame]] = {"times": [], "reach": [], "stages": [], "sets": []}
    with materialized(frame) as events, materialized(visits(events)) as visited:
        for keys in key_sets:
            parts["times"].append(touchpoint_times(events, keys))
            parts["reach"].append(touchpoint_reach(visited, keys))
            with materialized(first_in_stage(visited, keys)) as first:
                parts["stages"].append(stage_reach(first, keys))
                parts["sets"].append(stage_sets(first, keys))
    return {
        name: pd.concat([segment_names(t, coded.segments) for t in tables], ignore_index=True)
        for name, tables in parts.items()
    }


def _check_segments(log: EventLog, totals: pd.Series) -> None:
    """Each journey must sit in one segment: per-segment counts then add up to the total."""
    if totals.drop(ALL).sum() > totals[ALL]:
        users = log.frame.group_by(USER).agg(nw.col(SEGMENT).n_unique().alias("n"))
        bad = users.filter(nw.col("n") > 1).head(1).collect(backend="pandas").to_native()
        user = bad.iloc[0, 0] if len(bad) else None
        raise log.fail(
            f"user {user!r} has events in more than one segment",
            str(log.columns.segment),
            nw.col(log.columns.user) == user,
            "Give each user (or session) one segment, e.g. the segment of their first event",
            value=user,
        )


def _ids(names: Sequence[str]) -> dict[str, str]:
    """Readable, stable touchpoint ids from names ("Live chat" -> "live-chat")."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = re.sub(r"\W+", "-", name.lower()).strip("-") or "tp"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        ids[name] = candidate
    return ids


def _notes(log: EventLog, journeys: int, gap: float | None) -> str:
    users = journeys
    if gap is not None and log.codes is not None:  # journeys are sessions: count the users apart
        users = int(np.count_nonzero(np.bincount(log.codes.user, minlength=log.codes.n_users)))
    elif gap is not None:  # (one more small query)
        users = int(to_pandas(log.frame.select(nw.col(USER).n_unique()))[USER].iloc[0])
    if log.timestamps:
        start, end = (
            dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d %H:%M:%S") for t in (log.t_min, log.t_max)
        )
        span = f"from {start} to {end} UTC"
    else:
        span = f"from time {log.t_min:g} to {log.t_max:g}"
    sessions_note = f", {journeys:,} sessions (session_gap={gap:g} s)" if gap is not None else ""
    return f"Built from events: {users:,} users{sessions_note}, {log.n_events:,} events, {span}."


def from_events(
    events: Any,
    *,
    user: str,
    time: str,
    touchpoint: str,
    stage: str | Mapping[str, str] | pd.Series | None = None,
    channel: str | None = None,
    sentiment: str | None = None,
    segment: str | None = None,
    session_gap: Any = None,
    stages: Sequence[str] | None = None,
    sentiment_scale: Sequence[float] | None = None,
    emotion_scale: Sequence[float] = DEFAULT_EMOTION_SCALE,
    title: str = "Journey from events",
    time_format: str | None = None,
) -> Journey:
    """A Journey of the touchpoints observed in an event log, with metrics.

    The metric names are listed in :mod:`cjm_widgets.analytics.journey_from_events`.

    Parameters
    ----------
    events:
        One row per customer event: pandas or Polars DataFrame, Polars LazyFrame,
        DuckDB relation or PySpark DataFrame. The work runs in that engine.
    user, time, touchpoint:
        Column names: who, when (datetimes, ISO 8601 text, or seconds), where.
    stage:
        A column name, a touchpoint -> stage mapping, or None (one stage).
    channel, sentiment, segment:
        Optional column names: channel of each event; a numeric score (CSAT, NPS...);
        a segment per user (metrics per segment, and a persona per segment).
    session_gap:
        Split a user's events into journeys at pauses longer than this (``"30min"``).
    stages:
        The stages in funnel order (else: the categories of a categorical stage, else
        by where journeys typically reach them).
    sentiment_scale:
        ``(low, high)`` of the scores; guessed when absent (see ``analytics/sentiment.py``).
    emotion_scale, title:
        Passed to the Journey.
    time_format:
        Format of time strings, in the engine's syntax; ISO 8601 when absent.

    Raises
    ------
    SchemaError
        ``table="events"``: a missing column, an empty log, a missing user,
        touchpoint or time, an unparseable time, a touchpoint without a stage.
    """
    columns = Columns(user, time, touchpoint, stage if isinstance(stage, str) else None, channel, sentiment, segment)
    log = load(events, columns, time_format)
    scale = _scale(log, sentiment_scale) if sentiment is not None else None
    gap = gap_seconds(session_gap)
    mapping, order = stage_map(log, events, stage, stages)
    stage_list = list(order or sorted(set(mapping.values())))
    if len(stage_list) > MAX_STAGES:
        raise SchemaError(
            f"{len(stage_list)} stages; at most {MAX_STAGES} are supported",
            table="events",
            column=columns.stage,
            fix="Group touchpoints into fewer stages",
        )
    # Codes sorted by stage, then name: each stage is a range of codes, and its bit a few comparisons.
    coded, bounds = encode_by_stage(log, mapping, stage_list)
    bit_of = {name: 1 << i for i, name in enumerate(stage_list)}
    parts = _aggregate(coded, bounds, gap)
    totals = parts["sets"].groupby(SEG)[USERS].sum()  # journeys per segment (ALL: every journey)
    if coded.segments is not None:
        _check_segments(log, totals)

    stage_names = {bit: name for name, bit in bit_of.items()}
    if order is None:  # funnel order: by the median step at which journeys first reach each stage
        overall = parts["stages"][parts["stages"][SEG] == ALL]
        position = dict(zip((stage_names[int(b)] for b in overall[BIT]), overall["position"], strict=True))
        order = sorted(stage_list, key=lambda s: (position.get(s, float("inf")), s))
    stage_of_code = [mapping[n] for n in coded.touchpoints]
    times = parts["times"]
    exit_rows = zip(times[SEG].tolist(), times[TOUCHPOINT].tolist(), times[EXITS].tolist(), strict=True)
    exits = _summed([SEG, "stage"], EXITS, (((seg, stage_of_code[int(code)]), n) for seg, code, n in exit_rows))
    stage_wide = stage_table(parts["stages"], parts["sets"], exits, totals, stage_names, order)
    events_by_tp = _by_segment(coded.combos, [TOUCHPOINT])
    tp_wide = touchpoint_table(parts["reach"], parts["times"], events_by_tp, totals, coded.touchpoints)
    if channel is not None:
        tp_wide = tp_wide.merge(channel_table(_by_segment(coded.combos, [TOUCHPOINT, CHANNEL])), how="left")

    e_scale = (float(emotion_scale[0]), float(emotion_scale[1]))
    touchpoints = _touchpoints(tp_wide[tp_wide[SEG] == ALL], mapping, order, scale, e_scale)
    ids = dict(zip(touchpoints["touchpoint"], touchpoints["id"], strict=True))
    metrics = pd.concat([long_metrics(tp_wide, TOUCHPOINT, ids), long_metrics(stage_wide, "stage")], ignore_index=True)
    personas = None
    if coded.segments is not None:
        personas = pd.DataFrame({"persona": coded.segments, "name": coded.segments})
    return Journey(
        touchpoints,
        stages=list(order),
        title=title,
        notes=_notes(log, int(totals[ALL]), gap),
        personas=personas,
        metrics=metrics,
        emotion_scale=e_scale,
    )


def _touchpoints(
    wide: pd.DataFrame,
    mapping: dict[str, str],
    order: Sequence[str],
    scale: tuple[float, float] | None,
    emotion_scale: tuple[float, float],
) -> pd.DataFrame:
    """The map's touchpoints: by stage, then by the median step of the first visit, then by name."""
    rank = {s: i for i, s in enumerate(order)}
    names = wide[TOUCHPOINT].tolist()
    positions = wide["position_median"].tolist()
    # By stage, then median first-visit step (a touchpoint without one last), then name.
    rows = sorted(
        range(len(names)),
        key=lambda i: (rank[mapping[names[i]]], *_last_if_missing(positions[i]), names[i]),
    )
    names = [names[i] for i in rows]
    table = pd.DataFrame({"id": list(_ids(names).values()), "stage": [mapping[n] for n in names], "touchpoint": names})
    if "channel" in wide.columns:
        channels = wide["channel"].tolist()
        table["channel"] = [channels[i] for i in rows]
    if scale is not None:
        means = wide[SENTIMENT_MEAN].tolist()
        table["emotion"] = [rescale(means[i], scale, emotion_scale) for i in rows]
    return table


def _scale(log: EventLog, given: Sequence[float] | None) -> tuple[float, float]:
    """The sentiment scale; scores outside a given scale are an error (with an example row)."""
    column = str(log.columns.sentiment)
    scale = sentiment_scale(given, log.sentiment_range, column)
    seen = log.sentiment_range
    if seen is not None and (seen[0] < scale[0] or seen[1] > scale[1]):
        raise log.fail(
            f"score outside the sentiment scale {scale[0]:g}..{scale[1]:g}",
            column,
            (nw.col(column) < scale[0]) | (nw.col(column) > scale[1]),
            "Fix the score, or pass the scale the scores are on: sentiment_scale=(low, high)",
        )
    return scale
