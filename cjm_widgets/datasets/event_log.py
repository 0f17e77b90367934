"""A synthetic customer event log, built from a journey template (vectorised numpy).

Each user walks the template's touchpoints in map order. Along the way they
drop off (more often after a stage and after touchpoints with a negative
emotion), skip touchpoints, repeat some, now and then visit one out of order or
take a detour to an unplanned touchpoint (help pages, the contact centre, a
branch). Events carry a channel (mostly the touchpoint's own), a CSAT score
(1..5, for about a quarter of events, following the template's emotion curve),
the user's segment and a timestamp (minutes apart within a stage, days between
stages). The same seed gives the same log.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import templates
from ..model.journey import Journey

__all__ = ["events"]

SEGMENTS = ("new customer", "existing customer", "small business")
SEGMENT_SHARE = (0.5, 0.35, 0.15)
SEGMENT_KEEP = (0.0, 0.02, -0.03)  # added to the chance of going on after each touchpoint
SEGMENT_CSAT = (-0.1, 0.2, -0.3)  # added to the CSAT score
UNPLANNED = (("Help centre search", "Web"), ("Contact centre call", "Phone"), ("Branch visit", "Branch"))
CHANNELS = ("Web", "App", "Email", "Phone", "Social", "Chat", "Branch")
DAY = 86_400


def _journey(journey: str | Journey) -> Journey:
    if isinstance(journey, Journey):
        return journey
    names = templates.names()
    for name in (journey, f"digital-5-{journey}"):
        if name in names:
            return templates.load(name)
    return templates.load(journey)  # raises LookupError listing the names


def _text(names: list[str], codes: np.ndarray) -> pd.Series:
    """A text column from category codes; through Arrow when there, which is ~20x faster."""
    try:
        import pyarrow as pa  # optional: Arrow text is ~20x faster to build where pandas has it
    except ImportError:  # pragma: no cover - pyarrow comes with pandas 3 in practice
        return pd.Series(np.asarray(names, dtype=object)[codes], dtype="str")
    return pd.Series(pa.array(names, type=pa.string()).take(pa.array(codes)), dtype="str")


def events(
    n_users: int = 1000,
    seed: int = 0,
    journey: str | Journey = "online-banking",
    start: str = "2024-01-01",
    drop_off: float = 1.0,
) -> pd.DataFrame:
    """A realistic event log of ``n_users`` customers travelling ``journey``.

    Parameters
    ----------
    n_users:
        Number of customers; expect about 6 events per customer for a 12-touchpoint template.
    seed:
        Random seed; the same seed gives the same log.
    journey:
        A template name (``"online-banking"`` is ``"digital-5-online-banking"``), or a Journey.
    start:
        First day of the three months the journeys start in.
    drop_off:
        Scales the chance of leaving after each touchpoint (2.0: twice as likely), for shorter
        or longer journeys.

    Returns
    -------
    pandas.DataFrame
        ``user_id`` (int), ``timestamp`` (datetime), ``touchpoint``, ``stage``,
        ``channel``, ``csat`` (1..5, NaN when not surveyed) and ``segment``, in time order.
    """
    rng = np.random.default_rng(seed)
    plan = _journey(journey).touchpoints
    names = plan["touchpoint"].tolist()
    stage_names = list(dict.fromkeys(plan["stage"].tolist()))
    stage_of = np.array([stage_names.index(s) for s in plan["stage"]])
    emotion = plan["emotion"].fillna(0.0).to_numpy()
    n_plan = len(names)

    # Per touchpoint: chance of going on, of skipping it, of repeating it.
    stage_end = np.append(stage_of[1:] != stage_of[:-1], True)
    leave = (0.05 + 0.10 * stage_end + 0.04 * np.clip(-emotion, 0, None)) * drop_off
    keep = 1.0 - leave
    skip = rng.uniform(0.05, 0.3, n_plan)
    skip[stage_of == 0] = 0.45  # first-stage touchpoints are alternatives (one ad or another)
    repeat = rng.uniform(0.05, 0.25, n_plan)

    # How far each user gets: P(reach i) is the product of the chances before i.
    segment = rng.choice(len(SEGMENTS), n_users, p=SEGMENT_SHARE)
    keep_by_segment = np.clip(keep[None, :] + np.array(SEGMENT_KEEP)[:, None], 0.0, 0.99)
    survival = np.cumprod(np.hstack([np.ones((len(SEGMENTS), 1)), keep_by_segment[:, :-1]]), axis=1)
    u = rng.random(n_users)
    reached = (survival[segment] > u[:, None]).sum(axis=1)  # >= 1: survival[:, 0] is 1

    # One (user, position) pair per reached touchpoint; drop the skipped ones.
    user = np.repeat(np.arange(n_users), reached)
    first = np.cumsum(reached) - reached
    pos = np.arange(len(user)) - np.repeat(first, reached)
    visit = rng.random(len(user)) >= skip[pos]
    visit[first[np.bincount(user, weights=visit, minlength=n_users) == 0]] = True  # everyone has an event
    user, pos = user[visit], pos[visit]

    # Repeats (up to two more visits), then out-of-order visits and unplanned detours.
    r = rng.random(len(user))
    times = 1 + (r < repeat[pos]) + (r < repeat[pos] * 0.3)
    user, pos = np.repeat(user, times), np.repeat(pos, times)
    key = pos + 1.5 * (rng.random(len(user)) < 0.04)
    detour = rng.random(len(user)) < 0.03
    n_detours = int(detour.sum())
    user = np.concatenate([user, user[detour]])
    tp = np.concatenate([pos, n_plan + rng.integers(0, len(UNPLANNED), n_detours)])
    stage = np.concatenate([stage_of[pos], stage_of[pos[detour]]])
    key = np.concatenate([key, key[detour] + 0.5])
    order = np.lexsort((key, user))
    user, tp, stage = user[order], tp[order], stage[order]

    # Timestamps: seconds between events, by what changed since the previous one.
    new_user = np.append(True, user[1:] != user[:-1])
    same_tp = np.append(False, tp[1:] == tp[:-1]) & ~new_user
    new_stage = np.append(False, stage[1:] != stage[:-1]) & ~new_user
    median = np.where(same_tp, 180.0, np.where(new_stage, 2 * DAY, 600.0))
    gap = np.ceil(median * rng.lognormal(0.0, 1.0, len(user)))
    gap[new_user] = 0
    elapsed = np.cumsum(gap)
    elapsed -= np.repeat(elapsed[new_user], np.diff(np.append(np.flatnonzero(new_user), len(user))))
    begin = rng.integers(0, 90 * DAY, n_users)
    seconds = begin[user] + elapsed.astype(np.int64)

    # Channel: mostly the touchpoint's own. CSAT: a quarter of events, following the emotion curve.
    all_names = names + [n for n, _ in UNPLANNED]
    own = [CHANNELS.index(c) if c in CHANNELS else 0 for c in plan["channel"].fillna("Web")]
    own_channel = np.array(own + [CHANNELS.index(c) for _, c in UNPLANNED])
    channel = np.where(rng.random(len(user)) < 0.8, own_channel[tp], rng.integers(0, len(CHANNELS), len(user)))
    mood = np.append(emotion, [-1.0] * len(UNPLANNED))[tp] * 0.8 + np.array(SEGMENT_CSAT)[segment[user]]
    csat = np.clip(np.rint(3.0 + mood + rng.normal(0.0, 0.9, len(user))), 1, 5)
    csat[rng.random(len(user)) >= 0.25] = np.nan

    by_time = np.argsort(seconds, kind="stable")
    columns: dict[str, Any] = {
        "user_id": user[by_time],
        "timestamp": pd.Timestamp(start) + pd.to_timedelta(seconds[by_time], unit="s"),
        "touchpoint": _text(all_names, tp[by_time]),
        "stage": _text(stage_names, stage[by_time]),
        "channel": _text(list(CHANNELS), channel[by_time]),
        "csat": csat[by_time],
        "segment": _text(list(SEGMENTS), segment[user][by_time]),
    }
    return pd.DataFrame(columns)
