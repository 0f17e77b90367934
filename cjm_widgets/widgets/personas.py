"""The check of ``JourneyMap.persona``: None (everyone) or one of the journey's personas."""

from __future__ import annotations

from typing import Any

from ..errors import SchemaError
from ..model.journey import Journey
from ..sync.view_state import persona_choices

__all__ = ["check_persona"]


def check_persona(value: Any, journey: Journey) -> str | None:
    """``value`` if it is None (all personas) or a persona of the journey, else a SchemaError."""
    if value is None:
        return None
    keys = [c["persona"] for c in persona_choices(journey)]
    if value not in keys:
        raise SchemaError(
            f"unknown persona {value!r}",
            table="personas",
            column="persona",
            value=value,
            fix=f"Use None (all personas) or one of: {', '.join(map(repr, keys)) or '(the journey has none)'}",
        )
    return str(value)
