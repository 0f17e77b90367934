"""Mermaid ``journey`` diagrams (text), read and written.

::

    journey
      title Buying a vacuum
      section Awareness
        Sees TV ad: 3: Colleen
        Reads reviews: 4: Colleen, Friend

Mapping:

* ``title`` is the journey's title; each ``section`` is a stage (in order);
  each task line ``<touchpoint>: <score>: <actors>`` is a touchpoint.
* Scores 1-5 map linearly onto the journey's emotion scale: with the default
  scale (-2, 2), 1 → -2, 2 → -1, 3 → 0, 4 → 1, 5 → 2. Writing maps the other
  way and rounds to the nearest whole score (so -0.4 writes 3); a touchpoint
  with no emotion is written as 3 (neutral) because Mermaid needs a score.
* Actors (comma-separated) are the touchpoint's ``persona``, as written; when
  a touchpoint has no persona its ``channel`` is written as the actor, and read
  back as the persona (Mermaid has one field for both).
* Characters Mermaid gives a meaning to (``:`` in a task, ``#``, line
  breaks) are written as Mermaid entity codes (``#58;``) and decoded on reading.
* Other lanes (thoughts, pain points...) are not part of the format.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

import pandas as pd

from ..errors import FormatError, SchemaError
from ..model import writers
from ..model.journey import Journey
from ..schema.values import is_missing
from .atomic import decode_text, read_limited, write_atomic

__all__ = ["read_mermaid", "to_mermaid"]

MAX_BYTES = 8 * 1024 * 1024  # a diagram's text; far above any real one
_ENTITY = re.compile(r"#(\d+);")
_NEEDS_CODE = re.compile(r"[:#;\n\r,]")


def read_mermaid(text_or_path: str | os.PathLike[str], *, source: str | None = None) -> Journey:
    """A Journey from Mermaid ``journey`` text, or from the file at a path.

    A string is taken as the diagram itself when it has a line break or
    starts with ``journey``; otherwise as a file path.
    """
    if isinstance(text_or_path, str) and ("\n" in text_or_path or text_or_path.lstrip().startswith("journey")):
        if len(text_or_path) > MAX_BYTES:
            raise FormatError(f"{source or 'mermaid text'}: over the {MAX_BYTES:,}-character limit for a diagram")
        return parse(text_or_path, source or "mermaid text")
    path = os.fspath(text_or_path)
    return parse(decode_text(read_limited(path, MAX_BYTES, "Mermaid diagram"), path), source or path)


def parse(text: str, source: str = "mermaid text") -> Journey:
    """Parse Mermaid ``journey`` text (see the module doc for the mapping)."""
    lines = text.splitlines()
    body = [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip() and not _comment(line)]
    if not body or body[0][1] != "journey":
        first = body[0][1] if body else "nothing"
        raise FormatError(f"{source}: a Mermaid journey starts with the line 'journey', not {first[:40]!r}")
    title = ""
    stages: list[str] = []
    records: list[dict[str, Any]] = []
    low, high = -2.0, 2.0
    for number, line in body[1:]:
        keyword, _, rest = line.partition(" ")
        if keyword == "title":
            title = _decode(rest.strip())
        elif keyword == "section":
            stage = _decode(rest.strip())
            if not stage:
                raise FormatError(f"{source}: line {number}: 'section' needs a name")
            if stage in stages:
                raise FormatError(f"{source}: line {number}: section {stage!r} appears twice")
            stages.append(stage)
        elif keyword in ("accTitle:", "accDescr:", "accTitle", "accDescr"):
            continue
        else:
            records.append(_task(line, number, stages, source, low, high))
    frame = pd.DataFrame(records, columns=["stage", "touchpoint", "emotion", "persona"])
    frame = frame.astype({"stage": "str", "touchpoint": "str", "emotion": "float64", "persona": "str"})
    try:
        return Journey(frame, stages, title=title)
    except SchemaError as exc:
        raise FormatError(f"{source}: {exc}") from None


def _comment(line: str) -> bool:
    return line.strip().startswith("%%")


def _task(line: str, number: int, stages: list[str], source: str, low: float, high: float) -> dict[str, Any]:
    parts = line.split(":")
    if len(parts) not in (2, 3):
        raise FormatError(
            f"{source}: line {number}: {line[:60]!r} is not a task; write '<task>: <score 1-5>: <actors>'"
        )
    if not stages:
        raise FormatError(f"{source}: line {number}: task {parts[0].strip()!r} comes before any 'section'")
    score_text = parts[1].strip()
    if not re.fullmatch(r"\d+", score_text) or not 1 <= int(score_text) <= 5:
        raise FormatError(f"{source}: line {number}: score {score_text!r} must be a whole number from 1 to 5")
    actors = ", ".join(_decode(a.strip()) for a in parts[2].split(",") if a.strip()) if len(parts) == 3 else ""
    return {
        "stage": stages[-1],
        "touchpoint": _decode(parts[0].strip()),
        "emotion": low + (int(score_text) - 1) * (high - low) / 4,
        "persona": actors or None,
    }


@writers.register("mermaid text")
def to_mermaid(journey: Journey) -> str:
    """The journey as Mermaid ``journey`` text (see the module doc for the mapping)."""
    low, high = journey.emotion_scale
    tp = journey.touchpoints
    lines = ["journey"]
    if journey.title:
        lines.append(f"  title {_encode(journey.title)}")
    for stage in journey.stage_names:
        lines.append(f"  section {_encode(stage)}")
        rows = tp[tp["stage"] == stage]
        personas = rows["persona"].tolist() if "persona" in rows.columns else [None] * len(rows)
        for name, emotion, persona, channel in zip(
            rows["touchpoint"].tolist(), rows["emotion"].tolist(), personas, rows["channel"].tolist(), strict=True
        ):
            actor = persona if not is_missing(persona) else channel
            actors = "" if is_missing(actor) else ": " + ", ".join(_encode(a.strip()) for a in str(actor).split(","))
            lines.append(f"    {_encode(str(name))}: {_score(emotion, low, high)}{actors}")
    return "\n".join(lines) + "\n"


@writers.register("mermaid")
def write_mermaid(journey: Journey, path: str | os.PathLike[str]) -> None:
    """Write :func:`to_mermaid` text to ``path`` (atomically)."""
    write_atomic(path, to_mermaid(journey).encode("utf-8"))


def _score(emotion: Any, low: float, high: float) -> int:
    if is_missing(emotion) or high == low:
        return 3
    score = 1 + (float(emotion) - low) * 4 / (high - low)
    return int(min(5, max(1, math.floor(score + 0.5))))


def _encode(text: str) -> str:
    return _NEEDS_CODE.sub(lambda m: f"#{ord(m.group())};", text.strip())


def _decode(text: str) -> str:
    return _ENTITY.sub(lambda m: chr(int(m.group(1))) if int(m.group(1)) < 0x110000 else m.group(), text)
