"""Completeness checks of a journey map, written for students to read.

A teacher runs :func:`check` on a student's map; every finding is one row of a
DataFrame with a kind, plain-language message, and (with a map) a gentle
marker on the card or stage it is about. The checks never change the journey.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..model.journey import Journey
from ..schema.values import is_missing
from ..sync.records import records

if TYPE_CHECKING:
    from ..widgets.journey_map import JourneyMap

__all__ = ["CHECKS", "SEVERITIES", "check"]

# "warning": something the map needs; "info": a suggestion that makes it better.
SEVERITIES = ("warning", "info")
_TONES = {"warning": "warn", "info": "info"}
COLUMNS = ("check", "stage", "touchpoint_id", "message", "severity")

Finding = dict[str, Any]


def _filled(value: Any) -> bool:
    return not is_missing(value) and (not isinstance(value, str) or value.strip() != "")


def _finding(name: str, message: str, severity: str, stage: Any = None, touchpoint_id: Any = None) -> Finding:
    return {"check": name, "stage": stage, "touchpoint_id": touchpoint_id, "message": message, "severity": severity}


def _about(row: dict[str, Any], name: str, message: str, severity: str = "warning") -> Finding:
    """A finding about one touchpoint (and so its stage)."""
    return _finding(name, message, severity, stage=row["stage"], touchpoint_id=row["id"])


def _rows(journey: Journey) -> list[dict[str, Any]]:
    return records(journey.touchpoints)


def empty_stages(journey: Journey) -> Iterator[Finding]:
    """Every stage needs at least one touchpoint."""
    used = {row["stage"] for row in _rows(journey)}
    for stage in journey.stage_names:
        if stage not in used:
            message = f"The stage “{stage}” has no touchpoints yet. What does the customer see or do here?"
            yield _finding("empty_stage", message, "warning", stage=stage)


def pain_without_opportunity(journey: Journey) -> Iterator[Finding]:
    """Every pain point needs an opportunity, on the same touchpoint or in the same stage."""
    rows = _rows(journey)
    stages_with_ideas = {row["stage"] for row in rows if _filled(row.get("opportunity"))}
    for row in rows:
        if _filled(row.get("pain_point")) and row["stage"] not in stages_with_ideas:
            message = (
                f"“{row['touchpoint']}” has a pain point but its stage has no opportunity yet. "
                "How could the experience get better here?"
            )
            yield _about(row, "pain_without_opportunity", message)


def missing_emotions(journey: Journey) -> Iterator[Finding]:
    """Every touchpoint needs an emotion score, so the curve has no gaps."""
    low, high = journey.emotion_scale
    for row in _rows(journey):
        if not _filled(row.get("emotion")):
            message = (
                f"How does the customer feel at “{row['touchpoint']}”? Give it an emotion from {low:g} to {high:g}."
            )
            yield _about(row, "missing_emotion", message)


def unnamed_touchpoints(journey: Journey) -> Iterator[Finding]:
    """A touchpoint needs a few words saying what happens."""
    for row in _rows(journey):
        if not _filled(row.get("touchpoint")):
            yield _about(
                row, "unnamed_touchpoint", "This touchpoint has no name yet. Describe in a few words what happens."
            )


def persona_goals(journey: Journey) -> Iterator[Finding]:
    """The map needs a persona, and every persona needs goals."""
    personas = records(journey.personas)
    if not personas:
        yield _finding("no_persona", "Who travels this journey? Add a persona with a name and goals.", "info")
    for persona in personas:
        if not _filled(persona.get("goals")):
            name = persona.get("name") if _filled(persona.get("name")) else persona["persona"]
            message = f"The persona “{name}” has no goals yet. What does this person want to achieve?"
            yield _finding("persona_goals", message, "warning")


def assumed_evidence(journey: Journey) -> Iterator[Finding]:
    """Touchpoints marked as assumed are hypotheses worth checking with real customers."""
    for row in _rows(journey):
        if row.get("evidence") == "assumed":
            message = f"“{row['touchpoint']}” is an assumption. Could you observe it or ask customers about it?"
            yield _about(row, "assumed", message, "info")


# Check name(s) -> the function that finds them, in the order findings are listed.
CHECKS: tuple[Callable[[Journey], Iterator[Finding]], ...] = (
    empty_stages,
    unnamed_touchpoints,
    missing_emotions,
    pain_without_opportunity,
    persona_goals,
    assumed_evidence,
)


def _as_journey(value: Any) -> tuple[Journey, JourneyMap | None]:
    if isinstance(value, Journey):
        return value, None
    journey = getattr(value, "journey", None)
    if isinstance(journey, Journey) and hasattr(value, "show_markers"):
        return journey, value
    raise TypeError(f"check() takes a Journey or a JourneyMap, got {type(value).__name__}")


def check(journey: Journey | JourneyMap, on: JourneyMap | None = None) -> pd.DataFrame:
    """Completeness checks a teacher can run and students can read.

    Checks that every stage has a touchpoint, every touchpoint has a name and
    an emotion, every pain point has an opportunity (on the same touchpoint or
    in the same stage), the map has a persona with goals, and lists touchpoints
    whose evidence is only ``assumed``.

    Parameters
    ----------
    journey:
        A :class:`Journey`, or a :class:`JourneyMap` (then its findings are
        also shown on it as markers).
    on:
        A map to show the findings on, as gentle ``check`` markers in the
        cards and stage headers (``m.show_markers("check", ...)``); running
        the checks again replaces them, and an empty result clears them.

    Returns
    -------
    pandas.DataFrame
        One row per finding: ``check`` (its name), ``stage``, ``touchpoint_id``
        (missing when the finding is not about one), ``message`` (kind words for
        the student) and ``severity`` (``warning``: the map needs it; ``info``:
        a suggestion). Empty when the map is complete.

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> findings = cjm.check(cjm.Journey([{"stage": "Awareness", "touchpoint": "Sees an ad"}]))
    >>> findings["check"].tolist()
    ['missing_emotion', 'no_persona']
    """
    journey, shown = _as_journey(journey)
    shown = on if on is not None else shown
    findings = [finding for fn in CHECKS for finding in fn(journey)]
    table = pd.DataFrame(findings, columns=list(COLUMNS), dtype="str")  # None reads as missing
    if shown is not None:
        shown.show_markers("check", markers(findings))
    return table


def markers(findings: list[Finding]) -> list[dict[str, Any]]:
    """The findings a map can place (on a touchpoint or a stage) as marker dicts."""
    out = []
    for finding in findings:
        place = (
            {"touchpoint_id": finding["touchpoint_id"]}
            if _filled(finding["touchpoint_id"])
            else {"stage": finding["stage"]}
            if _filled(finding["stage"])
            else None
        )
        if place is not None:
            tone = _TONES[finding["severity"]]
            out.append({"kind": "check", "label": finding["message"], "tone": tone, **place})
    return out
