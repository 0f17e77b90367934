"""A journey from a short plain-text outline (what the ``%%journey`` cell magic reads).

::

    title: Buying a bike
    kind: current
    persona: Ana
    goals: Ride to work

    # Awareness
    - Sees an ad
      channel: Instagram
      emotion: 1
    - Asks a friend; channel: WhatsApp; emotion: 0

    Purchase:
    goal: Pay without surprises
    - Pays online
      pain point: Card refused
      opportunity: Offer another way to pay
      evidence: observed

Header lines (``title``, ``kind``, ``persona``, ``goals``, ``notes``) come
before the first stage. A stage is a heading (``# Name``) or a line ending in a
colon (``Name:``); ``description:``, ``goal:`` and ``time:`` (a day in the
life's time of day) right under it describe the stage. A touchpoint is a
bullet (``-``, ``*`` or ``+``) with its fields on indented ``key: value``
lines or inline after ``;``. Blank lines and lines starting with ``//`` are
ignored. Every error names the line and says how to fix it.

Parsing is linear in the text (no backtracking regex) and bounded by
:class:`~cjm_widgets.io.limits.Limits`: the text's size, its number of lines
(``max_rows``) and each line's length (``max_line_chars``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import OutlineError, SchemaError
from ..model.journey import Journey
from ..schema.tables import KINDS
from .limits import BAD_CHARACTER, DEFAULT_LIMITS, Limits, check_characters, clip, over_limit

__all__ = ["FIELDS", "Outline", "journey_from_outline", "parse_outline"]

# Touchpoint fields an outline may give (spaces or hyphens read as underscores).
FIELDS = ("channel", "action", "thought", "emotion", "pain_point", "opportunity", "evidence", "persona", "id")
HEADER = ("title", "kind", "persona", "goals", "notes")
STAGE_FIELDS = ("description", "goal", "time")

_WHERE = "%%journey outline"
_KEY_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_EXAMPLE = "e.g. '# Awareness' for a stage, '- Sees an ad' for a touchpoint, '  channel: Instagram' for a field"


@dataclass
class Outline:
    """What an outline says, before it becomes a :class:`Journey`."""

    title: str = ""
    kind: str = "current"
    notes: str = ""
    persona: dict[str, str] = field(default_factory=dict)
    stages: list[dict[str, Any]] = field(default_factory=list)
    touchpoints: list[dict[str, Any]] = field(default_factory=list)
    # 1-based outline line of each stage and touchpoint, to point errors at.
    stage_lines: list[int] = field(default_factory=list)
    touchpoint_lines: list[int] = field(default_factory=list)
    field_lines: list[dict[str, int]] = field(default_factory=list)
    header_lines: dict[str, int] = field(default_factory=dict)


# Lines are split by hand, not by regexes: '^#+\s*(.*?)\s*#*\s*$' took a minute on a
# heading holding 3,000 spaces (the lazy group and the spaces around it backtrack).
def _heading(stripped: str) -> str | None:
    """The name of a '# Name #' heading (stripped line), or None."""
    if not stripped.startswith("#"):
        return None
    return stripped.lstrip("#").strip().rstrip("#").rstrip()


def _bullet(stripped: str) -> str | None:
    """The text of a '- text' bullet (stripped line), or None."""
    return stripped[1:].lstrip() if stripped[:1] in ("-", "*", "+") else None


def _field(stripped: str) -> tuple[str, str] | None:
    """``(key, value)`` of a 'key: value' line (stripped), or None; a key is a letter, then words, spaces, dashes."""
    colon = stripped.find(":")
    if colon < 1:
        return None
    key = stripped[:colon].rstrip()
    if not key or key[0] not in _KEY_START or not all(c.isalnum() or c in "_ -" for c in key):
        return None
    return key, stripped[colon + 1 :].lstrip()


def _key(raw: str) -> str:
    return re.sub(r"[\s\-]+", "_", raw.strip().lower())


def _unknown(number: int, text: str, key: str, known: tuple[str, ...], what: str) -> OutlineError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"Did you mean {close[0]!r}? " if close else ""
    return OutlineError(number, text, f"unknown {what} {key!r}", f"{hint}Use one of: {', '.join(known)}")


class _Parser:
    def __init__(self) -> None:
        self.out = Outline()
        self.stage: dict[str, Any] | None = None
        self.touchpoint: dict[str, Any] | None = None

    def line(self, number: int, text: str) -> None:
        stripped = text.strip()
        if not stripped or stripped.startswith("//"):
            return
        indented = text[:1] in (" ", "\t")
        heading = _heading(stripped)
        bullet = _bullet(stripped)
        if heading is not None and not indented:
            return self.start_stage(number, text, heading)
        if bullet is not None:
            return self.start_touchpoint(number, text, bullet)
        pair = _field(stripped)
        if not indented and stripped.endswith(":") and (pair is None or self.out.stages or _key(pair[0]) not in HEADER):
            return self.start_stage(number, text, stripped[:-1].strip())
        if pair is None:
            raise OutlineError(
                number, text, "this line is not a stage, a touchpoint or a field", f"Write it as {_EXAMPLE}"
            )
        key, value = _key(pair[0]), pair[1].strip()
        if indented and self.touchpoint is not None:
            return self.set_field(number, text, self.touchpoint, key, value)
        if self.stage is None:
            return self.header(number, text, key, value)
        if self.touchpoint is None and key in STAGE_FIELDS:
            self.stage[key] = value
            return None
        if self.touchpoint is None:
            raise OutlineError(
                number,
                text,
                f"a field {key!r} before the stage's first touchpoint",
                "Under a stage, only 'description:', 'goal:' and 'time:' come before the bullets; "
                "put touchpoint fields indented under a '- touchpoint' line",
            )
        raise OutlineError(
            number, text, "a touchpoint field must be indented", f"Indent it under its touchpoint: '  {key}: {value}'"
        )

    def header(self, number: int, text: str, key: str, value: str) -> None:
        if key not in HEADER:
            raise _unknown(number, text, key, HEADER, "header field (before the first stage)")
        if key in self.out.header_lines:
            raise OutlineError(number, text, f"{key!r} is given twice", "Keep one line per header field")
        self.out.header_lines[key] = number
        if key == "kind" and value not in KINDS:
            raise OutlineError(number, text, f"unknown map kind {value!r}", f"Use one of: {', '.join(KINDS)}")
        if key in ("persona", "goals"):
            self.out.persona[key] = value
        else:
            setattr(self.out, key, value)

    def start_stage(self, number: int, text: str, name: str) -> None:
        if not name:
            raise OutlineError(
                number, text, "a stage heading without a name", "Write the stage's name, e.g. '# Awareness'"
            )
        if any(s["stage"] == name for s in self.out.stages):
            raise OutlineError(
                number, text, f"the stage {name!r} appears twice", "Put all its touchpoints under one heading"
            )
        self.stage = {"stage": name}
        self.touchpoint = None
        self.out.stages.append(self.stage)
        self.out.stage_lines.append(number)

    def start_touchpoint(self, number: int, text: str, body: str) -> None:
        if self.stage is None:
            raise OutlineError(
                number, text, "a touchpoint before any stage", "Put a stage heading above it, e.g. '# Awareness'"
            )
        name, *inline = body.split(";")
        if not name.strip():
            raise OutlineError(number, text, "a touchpoint without text", "Say what happens, e.g. '- Sees an ad'")
        self.touchpoint = {"stage": self.stage["stage"], "touchpoint": name.strip()}
        self.out.touchpoints.append(self.touchpoint)
        self.out.touchpoint_lines.append(number)
        self.out.field_lines.append({})
        for part in inline:
            pair = _field(part.strip())
            if pair is None:
                raise OutlineError(
                    number,
                    text,
                    f"cannot read {clip(part.strip())} as a field",
                    "Write inline fields as '; key: value'",
                )
            self.set_field(number, text, self.touchpoint, _key(pair[0]), pair[1].strip())

    def set_field(self, number: int, text: str, touchpoint: dict[str, Any], key: str, value: str) -> None:
        if key not in FIELDS:
            raise _unknown(number, text, key, FIELDS, "touchpoint field")
        if key in touchpoint:
            raise OutlineError(number, text, f"{key!r} is given twice for this touchpoint", "Keep one of them")
        if not value:
            raise OutlineError(number, text, f"{key!r} has no value", "Write a value after the colon, or drop the line")
        self.out.field_lines[-1][key] = number
        if key == "emotion":
            try:
                touchpoint[key] = float(value)
            except ValueError:
                raise OutlineError(
                    number, text, f"emotion must be a number, got {value!r}", "Write a number, e.g. 'emotion: -1'"
                ) from None
        else:
            touchpoint[key] = value


def parse_outline(text: str, limits: Limits = DEFAULT_LIMITS) -> Outline:
    """Read an outline (see the module docstring); raises :class:`OutlineError` naming the line.

    An outline over ``limits`` (its size, lines, a line's length) or holding a
    control character gets a :class:`FormatError` naming the line and the limit.
    """
    if len(text) > limits.max_file_bytes:
        raise over_limit(_WHERE, "characters", len(text), "max_file_bytes", limits)
    bad = BAD_CHARACTER.search(text)  # before splitting: splitlines() takes some controls for line ends
    if bad:
        start, end = text.rfind("\n", 0, bad.start()) + 1, text.find("\n", bad.start())
        check_characters(
            text[start : end if end >= 0 else len(text)], f"{_WHERE}, line {text.count(chr(10), 0, start) + 1}"
        )
    # Counted before the lines are made (a CRLF counts twice, hence the factor).
    if text.count("\n") + text.count("\r") > 2 * limits.max_rows:
        raise over_limit(_WHERE, "lines", text.count("\n"), "max_rows", limits)
    lines = text.splitlines()
    if len(lines) > limits.max_rows:
        raise over_limit(_WHERE, "lines", len(lines), "max_rows", limits)
    parser = _Parser()
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.max_line_chars:
            raise over_limit(f"{_WHERE}, line {number}", "characters", len(line), "max_line_chars", limits)
        parser.line(number, line)
    if not parser.out.stages:
        raise OutlineError(
            len(lines) or 1,
            lines[-1] if lines else "",
            "the outline has no stages",
            f"Start with a stage heading and its touchpoints, {_EXAMPLE}",
        )
    return parser.out


def journey_from_outline(text: str, limits: Limits = DEFAULT_LIMITS) -> Journey:
    """Build a :class:`Journey` from an outline; errors (also the schema's) name the outline line."""
    outline = parse_outline(text, limits)
    lines = text.splitlines()
    personas = None
    if outline.persona:
        name = outline.persona.get("persona") or "persona"
        personas = [{"persona": name, "name": name, "goals": outline.persona.get("goals")}]
    try:
        return Journey(
            outline.touchpoints or None,
            outline.stages,
            title=outline.title,
            kind=outline.kind,
            notes=outline.notes,
            personas=personas,
        )
    except SchemaError as exc:
        number = _line_of(exc, outline)
        raise OutlineError(number, lines[number - 1], exc.problem, exc.fix or "Correct the value") from None


def _line_of(exc: SchemaError, outline: Outline) -> int:
    """The outline line a schema error is about (the touchpoint or stage it names)."""
    if exc.table == "touchpoints" and exc.position is not None and exc.position < len(outline.touchpoint_lines):
        fields = outline.field_lines[exc.position]
        return fields.get(str(exc.column), outline.touchpoint_lines[exc.position])
    if exc.table == "stages" and exc.position is not None and exc.position < len(outline.stage_lines):
        return outline.stage_lines[exc.position]
    return next(iter(outline.header_lines.values()), outline.stage_lines[0])
