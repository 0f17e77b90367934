"""What CJML 2.0 reading and writing share: element names, the extension namespace, the rating scale.

Kept apart from :mod:`cjm_widgets.io.cjml_reader` and :mod:`cjm_widgets.io.cjml_writer` so the
two directions name every element the same way.
"""

from __future__ import annotations

import math
from contextvars import ContextVar
from typing import Any
from xml.etree import ElementTree as ET

__all__ = [
    "ACTOR_NAME",
    "ACTOR_TYPES",
    "DEFAULT_STAGE",
    "EXACT_TEXT",
    "EXTENSION",
    "NAMESPACE",
    "TIMESTAMPS",
    "child",
    "emotion_of_rating",
    "local",
    "rating_of_emotion",
    "text_of",
]

NAMESPACE = "urn:cjm-widgets:cjml:1"
DEFAULT_STAGE = "Journey"  # a touchpoint that belongs to no phase
# Touchpoint column -> our extension element, for what CJML has no element of its own for.
EXTENSION = {"action": "action", "emotion": "emotion", "pain_point": "painPoint", "opportunity": "opportunity"}
# CJML's timestamps (inside <timestamps>) -> touchpoint columns (text, as written).
TIMESTAMPS = {
    "timeOriginated": "time_originated",
    "timeReceived": "time_received",
    "timeConsumed": "time_consumed",
    "timeStarted": "time_started",
    "timeCompleted": "time_completed",
}
# The actor elements CJML defines; any other actor_type is written as <otherActor cjm:actorType="...">,
# so a persona's actor_type is only ever an attribute value, never a tag name.
ACTOR_TYPES = ("endUser", "serviceProvider", "otherActor")
ACTOR_NAME = {"serviceProvider": "companyName"}  # other actor types use actorName
# Experience ratings as words (CJML tools write both numbers 1-5 and these).
_RATING_WORDS = {"verynegative": 1, "negative": 2, "neutral": 3, "positive": 4, "verypositive": 5}


def local(tag: Any) -> str:
    """An element's tag without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def _namespace(tag: Any) -> str:
    return str(tag)[1:].split("}", 1)[0] if str(tag).startswith("{") else ""


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    """The first child named ``name`` that is CJML's own (not in our extension namespace)."""
    if element is None:
        return None
    return next((c for c in element if local(c.tag) == name and _namespace(c.tag) != NAMESPACE), None)


# Other tools pad texts with spaces (ExcelToCJML writes <phaseName> Reporting</phaseName>), so their
# texts are trimmed; a file cjm_widgets wrote keeps every character (the reader sets this per journey).
EXACT_TEXT: ContextVar[bool] = ContextVar("EXACT_TEXT", default=False)


def text_of(element: ET.Element | None, *path: str) -> str | None:
    """The text at ``path`` below ``element`` (trimmed unless EXACT_TEXT); None when absent or empty."""
    for name in path:
        element = child(element, name)
    if element is None or element.text is None:
        return None
    return (element.text if EXACT_TEXT.get() else element.text.strip()) or None


def emotion_of_rating(rating: str, low: float, high: float) -> float | None:
    """An experience rating 1-5 (or a word such as ``positive``) on the emotion scale; None if unreadable.

    1 is the scale's low end, 5 its high end, linear in between (as Mermaid scores).
    """
    word = _RATING_WORDS.get(rating.replace(" ", "").replace("-", "").lower())
    try:
        score = float(word if word is not None else rating)
    except ValueError:
        return None
    if not math.isfinite(score) or not 1 <= score <= 5:
        return None
    return low + (score - 1) * (high - low) / 4


def rating_of_emotion(emotion: float, low: float, high: float) -> int:
    """The nearest whole experience rating 1-5 of an emotion."""
    if high == low:
        return 3
    return int(min(5, max(1, math.floor(1 + (emotion - low) * 4 / (high - low) + 0.5))))
