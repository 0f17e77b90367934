"""Who travels a journey: the personas a map's switcher offers, and the check of ``JourneyMap.persona``."""

from __future__ import annotations

from typing import Any

from ..columns import is_missing
from ..errors import SchemaError
from ..journey import Journey

__all__ = ["check_persona", "persona_choices"]


def persona_choices(journey: Journey) -> list[dict[str, Any]]:
    """``{persona, name}`` for each persona: the personas table's rows, then keys only found in touchpoints."""
    table = journey.personas
    choices = [
        {"persona": key, "name": None if is_missing(name) else name}
        for key, name in zip(table["persona"].tolist(), table["name"].tolist(), strict=True)
    ]
    known = {c["persona"] for c in choices}
    tp = journey.touchpoints
    if "persona" in tp.columns:
        for key in tp["persona"].dropna().unique().tolist():
            if key not in known:
                known.add(key)
                choices.append({"persona": key, "name": None})
    return choices


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
