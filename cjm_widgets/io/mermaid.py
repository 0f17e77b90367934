"""Mermaid ``journey`` diagrams (text), read and written.

::

    journey
      title Buying a vacuum
      section Awareness
        Sees TV ad: 3: Colleen
        Reads reviews: 4: Colleen, Friend

Reading follows mermaid's own parser (``cjm_widgets.io.mermaid_syntax``): whatever mermaid
accepts is read with the same title, sections, tasks, scores and actors. Mapping:

* ``title`` (or the front matter's ``title:``, which a ``title`` line overrides, as in mermaid)
  is the journey's title; ``accDescr`` (one line or ``{ ... }``) is its ``notes``; ``accTitle`` is
  the title when there is no other, and is otherwise reported in a :class:`~cjm_widgets.FormatWarning`.
* Each ``section`` is a stage, in order; a section named again continues the earlier stage.
  Tasks before any section go to a stage named ``UNSECTIONED`` (``"(no section)"``); both are
  reported in a :class:`~cjm_widgets.FormatWarning`.
* Each task ``<touchpoint>: <score>: <actors>`` is a touchpoint. Scores 1-5 map linearly onto the
  emotion scale: with the default (-2, 2), 1 → -2, 2 → -1, 3 → 0, 4 → 1, 5 → 2 (fractions in
  between). Mermaid's grammar takes any number (its docs say 1-5): a score below 1 is read as 1
  and one above 5 as 5 (the ends of the scale), a score that is not a number gives no emotion, and
  each is reported in a :class:`~cjm_widgets.FormatWarning` naming the line. Writing maps the other way and
  rounds to the nearest whole score (so -0.4 writes 3); a touchpoint with no emotion is written as
  3 (neutral) because Mermaid needs a score.
* Actors (comma-separated) are the touchpoint's ``persona``, as written (``Me, Cat``); when a
  touchpoint has no persona its ``channel`` is written as the actor, and read back as the persona
  (Mermaid has one field for both). A third ``:`` part (``A: 3: Me: extra``), which mermaid
  ignores, is reported.
* Entity codes (``#58;``, ``#quot;``) are decoded as mermaid's page shows them (``#0;`` is U+FFFD).
  Writing codes every character mermaid gives a meaning to (``:;#,%{}<>&"``, line and paragraph
  separators, control characters, spaces at either end) and the first letter of a task named like
  a keyword (``title X``, ``section Y``, ``journey``...), so any journey reads back the same.
* Other lanes (thoughts, pain points...) are not part of the format.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import unicodedata
import warnings
from typing import Any

import pandas as pd

from ..errors import FormatError, FormatWarning, SchemaError
from ..model import writers
from ..model.journey import Journey
from ..schema.tables import DEFAULT_EMOTION_SCALE
from ..schema.values import is_missing
from .atomic import decode_text, write_atomic
from .limits import DEFAULT_LIMITS, Limits, over_limit, read_bounded
from .mermaid_syntax import JS_SPACE, Statement, decode_entities, js_trim, preprocess, statements

__all__ = ["UNSECTIONED", "read_mermaid", "to_mermaid"]

UNSECTIONED = "(no section)"
_CODED = frozenset(':;#,%{}<>&"') | {chr(c) for c in range(0x20)} | {"\x7f", "\x85", "\u2028", "\u2029"}
_INDENT = re.compile("\n[" + re.escape("".join(sorted(JS_SPACE))) + "]+")  # one class, no backtracking
_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")


def read_mermaid(
    text_or_path: str | os.PathLike[str], *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Journey:
    """A Journey from Mermaid ``journey`` text, or from the file at a path.

    A path object is always a path. A string is the diagram itself when it holds a line break, or
    is one line starting with the word ``journey`` that names no existing file; otherwise it is a
    path (so ``"journey.mmd"`` is read from disk). ``limits`` (:class:`~cjm_widgets.Limits`) bounds
    the file's bytes, each line's characters (``max_line_chars``), the tasks (``max_rows``), their
    cells (``max_cells``) and each text (``max_cell_chars``), checked before the journey is built.
    """
    if isinstance(text_or_path, str) and _is_text(text_or_path):
        name = source or "mermaid text"
        if len(text_or_path) > limits.max_file_bytes:
            raise over_limit(name, "characters", len(text_or_path), "max_file_bytes", limits)
        return parse(text_or_path, name, limits)
    path = os.fspath(text_or_path)
    raw = read_bounded(path, limits, "Mermaid diagram")
    return parse(decode_text(raw, path), source or path, limits)


def _is_text(value: str) -> bool:
    if "\n" in value or "\r" in value:
        return True
    word = value.lstrip()[:8]
    return word.lower().startswith("journey") and (len(word) == 7 or word[7] in JS_SPACE) and not os.path.exists(value)


def parse(text: str, source: str = "mermaid text", limits: Limits = DEFAULT_LIMITS) -> Journey:
    """Parse Mermaid ``journey`` text (see the module doc for the mapping and :func:`read_mermaid` for ``limits``)."""
    if "\x00" in text:
        raise FormatError(f"{source}: holds a NUL character at position {text.index(chr(0))}; is it a binary file?")
    _check_lines(text, source, limits)
    code, front_title, origin = preprocess(text)
    reader = _Reader(source, front_title, limits)
    for statement in statements(code, source, origin):
        reader.add(statement)
    return reader.journey()


def _check_lines(text: str, source: str, limits: Limits) -> None:
    """Refuse a line over ``max_line_chars`` before the diagram is preprocessed (one forward scan).

    Lines end where JavaScript's do (LF, CR, U+2028, U+2029); the error counts lines by LF, as editors do.
    """
    start = 0
    for end in itertools.chain((match.start() for match in _LINE_END.finditer(text)), [len(text)]):
        if end - start > limits.max_line_chars:
            where = f"{source}: line {text.count(chr(10), 0, start) + 1:,}"
            raise over_limit(where, "characters", end - start, "max_line_chars", limits)
        start = end + 1


_LINE_END = re.compile("[\n\r\u2028\u2029]")

_TASK_CELLS = 5  # id, stage, touchpoint, emotion, persona: what one task becomes


class _Reader:
    """Collects statements into a journey's parts, reporting what a journey cannot hold."""

    def __init__(self, source: str, title: str | None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.source = source
        self.limits = limits
        self.title = title or ""
        self.acc_title = ""
        self.notes = ""
        self.stages: list[str] = []
        self.seen: set[str] = set()  # the stages, for a test that stays O(1) with thousands of sections
        self.stage: str | None = None
        self.records: list[dict[str, Any]] = []
        self.notices: list[str] = []
        self.unknown: list[str] = []

    def text(self, raw: str, line: int = 0) -> str:
        # Spaces written as entity codes (#32;) survive: mermaid's trim() runs before decoding.
        value = decode_entities(js_trim(raw), self.unknown)
        if len(value) > self.limits.max_cell_chars:
            where = f"{self.source}: line {line:,}" if line else self.source
            raise over_limit(where, "characters in one text", len(value), "max_cell_chars", self.limits)
        return value

    def add(self, statement: Statement) -> None:
        kind, line = statement.kind, statement.line
        if kind == "title":
            self.title = self.text(statement.text, line)
        elif kind == "accTitle":
            self.acc_title = self.text(statement.text, line)
        elif kind in ("accDescr", "accDescrBlock"):
            # mermaid's setAccDescription drops the white space after each line break (before decoding).
            self.notes = self.text(_INDENT.sub("\n", js_trim(statement.text)), line)
        elif kind == "section":
            self.stage = self.text(statement.text, line)
            if self.stage in self.seen:
                self.notices.append(f"line {line}: section {self.stage!r} appears again; its tasks join the first one")
            else:
                self.stages.append(self.stage)
                self.seen.add(self.stage)
        else:
            self.records.append(self.task(statement))

    def task(self, statement: Statement) -> dict[str, Any]:
        line = statement.line
        rows = len(self.records) + 1
        if rows > self.limits.max_rows:
            raise over_limit(f"{self.source}: line {line:,}", "tasks", rows, "max_rows", self.limits)
        if rows * _TASK_CELLS > self.limits.max_cells:
            cells = rows * _TASK_CELLS
            raise over_limit(f"{self.source}: line {line:,}", "cells", cells, "max_cells", self.limits)
        if self.stage is None:
            self.notices.append(f"line {line}: task before any section; put in stage {UNSECTIONED!r}")
            self.stage = UNSECTIONED
            self.stages.insert(0, UNSECTIONED)
            self.seen.add(UNSECTIONED)
        pieces = statement.data.split(":")
        score = js_number(pieces[0])
        if len(pieces) > 2:
            self.notices.append(f"line {line}: {':'.join(pieces[2:]).strip()[:40]!r} after the actors is ignored")
        actors = [self.text(a, line) for a in pieces[1].split(",")] if len(pieces) > 1 else []
        name = self.text(statement.text, line)
        return {
            "stage": self.stage,
            "touchpoint": name,
            "score": self.checked(score, pieces[0], line, name),
            "persona": ", ".join(a for a in actors if a) or None,
        }

    def checked(self, score: float, written: str, line: int, name: str) -> float:
        if math.isnan(score):
            self.notices.append(f"line {line}: task {name!r}: score {written.strip()!r} is not a number; no emotion")
        elif not 1 <= score <= 5:
            end = 1 if score < 1 else 5
            self.notices.append(f"line {line}: task {name!r}: score {written.strip()!r} is outside 1-5; read as {end}")
            return float(end)
        return score

    def journey(self) -> Journey:
        if self.acc_title and not self.title:
            self.title = self.acc_title
        elif self.acc_title and self.acc_title != self.title:
            self.notices.append(f"accTitle {self.acc_title!r} differs from the title and is not kept")
        if self.unknown:
            names = ", ".join(sorted(set(self.unknown))[:5])
            self.notices.append(f"unknown entity codes kept as written: {names}")
        order = {stage: n for n, stage in enumerate(self.stages)}  # ids follow map order, as on reading back
        records = sorted(self.records, key=lambda r: order[r["stage"]])
        frame = pd.DataFrame(records, columns=["stage", "touchpoint", "score", "persona"])
        frame = frame.astype({"stage": "str", "touchpoint": "str", "score": "float64", "persona": "str"})
        low, high = DEFAULT_EMOTION_SCALE
        frame["emotion"] = low + (frame.pop("score") - 1) * (high - low) / 4
        try:
            journey = Journey(frame, self.stages, title=self.title, notes=self.notes)
        except SchemaError as exc:
            raise FormatError(f"{self.source}: {exc}") from None
        if self.notices:
            shown = "; ".join(self.notices[:10]) + (
                f"; and {len(self.notices) - 10} more" if len(self.notices) > 10 else ""
            )
            warnings.warn(f"{self.source}: {shown}", FormatWarning, stacklevel=4)
        return journey


def js_number(text: str) -> float:
    """JavaScript's ``Number(text)`` for a score: trims, ``""`` is 0, hex/octal/binary and ``Infinity`` too."""
    body = js_trim(text)
    if not body:
        return 0.0
    sign, digits = (-1.0 if body[0] == "-" else 1.0, body[1:]) if body[0] in "+-" else (1.0, body)
    if digits == "Infinity":
        return sign * math.inf
    if body[:2].lower() in ("0x", "0o", "0b"):
        base = {"x": 16, "o": 8, "b": 2}[body[1].lower()]
        try:
            return float(int(body[2:], base)) if body[2:].isalnum() else math.nan
        except ValueError:
            return math.nan
    if not digits or any(c not in "0123456789.eE+-" for c in digits):
        return math.nan
    try:
        return sign * float(digits)
    except ValueError:
        return math.nan


# -- writing -----------------------------------------------------------------------------


@writers.register("mermaid text")
def to_mermaid(journey: Journey) -> str:
    """The journey as Mermaid ``journey`` text (see the module doc for the mapping)."""
    low, high = journey.emotion_scale
    tp = journey.touchpoints
    lines = ["journey"]
    if journey.title:
        lines.append(f"  title {encode(journey.title)}")
    if journey.notes:
        lines.append(f"  accDescr: {encode(journey.notes)}")
    personas = tp["persona"].tolist() if "persona" in tp.columns else [None] * len(tp)
    by_stage: dict[str, list[str]] = {stage: [] for stage in journey.stage_names}
    for stage, name, emotion, persona, channel in zip(
        tp["stage"].tolist(),
        tp["touchpoint"].tolist(),
        tp["emotion"].tolist(),
        personas,
        tp["channel"].tolist(),
        strict=True,
    ):
        actor = persona if not is_missing(persona) else channel
        actors = "" if is_missing(actor) else ": " + ", ".join(encode(a.strip()) for a in str(actor).split(","))
        by_stage[stage].append(f"    {encode(str(name), task=True)}: {_score(emotion, low, high)}{actors}")
    for stage, tasks in by_stage.items():
        lines.append(f"  section {encode(stage)}")
        lines.extend(tasks)
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


def encode(text: str, *, task: bool = False) -> str:
    """``text`` with every character mermaid would read as syntax written as an entity code (``#58;``)."""
    if "\x00" in text:
        raise FormatError(f"text {text[:40]!r} holds a NUL character, which Mermaid cannot show; remove it")
    chars = [f"#{ord(c)};" if c in _CODED or unicodedata.category(c) in ("Zl", "Zp", "Cc") else c for c in text]
    for order in (range(len(chars)), range(len(chars) - 1, -1, -1)):  # trim() would drop spaces at either end
        for index in order:
            if chars[index] not in JS_SPACE:
                break
            chars[index] = f"#{ord(chars[index])};"
    if task and text.lower().startswith(_KEYWORDS):
        chars[0] = f"#{ord(text[0])};"
    return "".join(chars)
