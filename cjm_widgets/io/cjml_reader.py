"""CJML 2.0 XML into journeys (see :mod:`cjm_widgets.io.cjml` for the mapping).

Parsed with defusedxml, DTDs and entities forbidden (no "billion laughs", nothing fetched), after
:func:`~cjm_widgets.io.atomic.read_limited` has bounded the bytes; every step after is one pass
over the elements.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET
import pandas as pd

from ..errors import FormatError, SchemaError
from ..model.journey import Journey
from ..schema.tables import DEFAULT_EMOTION_SCALE, in_map_order
from .cjml_names import (
    DEFAULT_STAGE,
    EXACT_TEXT,
    EXTENSION,
    NAMESPACE,
    TIMESTAMPS,
    child,
    emotion_of_rating,
    local,
    text_of,
)
from .limits import DEFAULT_LIMITS, Limits, clip, over_limit, shorten

__all__ = ["journey_elements", "parse_root", "read_journey"]

_BASE_COLUMNS = ["id", "stage", "touchpoint", "channel", "action", "thought", "emotion", "pain_point", "opportunity"]
_CJML_COLUMNS = ["persona", "cjml_type", "initiator", "receiver", "receiver_label"]
_NOT_KEPT = ("journeyStatus", "plannedReference")  # a journey has no place for them: warned
_OPTIONAL = ["comment", "compliance", *TIMESTAMPS.values()]  # columns present only when a touchpoint has one


def parse_root(raw: bytes | str, source: str, limits: Limits = DEFAULT_LIMITS) -> ET.Element:
    """The ``<CJML>`` root element of a file's bytes; :class:`FormatError` for unsafe, malformed or too big XML."""
    _check_markup(raw, source, limits)
    try:
        root: ET.Element = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except LookupError as exc:  # <?xml encoding="ttf-8"?>: expat asks Python for a codec that does not exist
        raise FormatError(f"{source}: line 1: the XML declaration names an unknown encoding ({exc})") from None
    # defusedxml's refusals are ValueErrors too: they go first, before the encodings' ValueError.
    except defusedxml.DTDForbidden:
        raise FormatError(f"{source}: has a DTD (<!DOCTYPE ...>), which CJML files do not need; refused") from None
    except defusedxml.DefusedXmlException as exc:
        raise FormatError(f"{source}: refused unsafe XML ({exc})") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise FormatError(f"{source}: not well-formed XML at line {line}, column {column} ({exc.msg})") from None
    except ValueError as exc:  # utf-32, utf-7 (expat takes no multi-byte codec), idna, punycode, undefined...
        raise FormatError(
            f"{source}: line 1: the XML declaration names an encoding XML cannot be read in ({shorten(str(exc), 120)})"
        ) from None
    if local(root.tag) != "CJML":
        raise FormatError(f"{source}: the root element is <{local(root.tag)}>, not <CJML>")
    _check_texts(root, source, limits)
    return root


def _check_markup(raw: bytes | str, source: str, limits: Limits) -> None:
    """Refuse more tags than ``max_cells`` before parsing: each ``<`` starts at most one element."""
    opener: Any = b"<" if isinstance(raw, bytes) else "<"
    if raw.count(opener) <= limits.max_cells:
        return
    at = -1
    for _ in range(limits.max_cells + 1):  # only on refusal: find where the file passes the limit
        at = raw.find(opener, at + 1)
    newline: Any = b"\n" if isinstance(raw, bytes) else "\n"
    line = raw.count(newline, 0, at) + 1
    raise over_limit(f"{source}: line {line:,}", "elements (or more)", limits.max_cells + 1, "max_cells", limits)


def _check_texts(root: ET.Element, source: str, limits: Limits) -> None:
    """Refuse an element text, tail or attribute over ``max_cell_chars``, naming the element."""
    longest = limits.max_cell_chars
    for element in root.iter():
        values = [element.text or "", element.tail or "", *element.attrib.values()]
        size = max(len(v) for v in values)
        if size > longest:
            where = f"{source}: <{shorten(local(element.tag), 40)}>"
            raise over_limit(where, "characters", size, "max_cell_chars", limits)


def journey_elements(root: ET.Element, source: str) -> list[ET.Element]:
    """The file's ``<plannedJourney>`` and ``<actualJourney>`` elements, in order."""
    journeys = [e for e in root if local(e.tag) in ("plannedJourney", "actualJourney")]
    if not journeys:
        raise FormatError(f"{source}: no <plannedJourney> or <actualJourney> in the file")
    return journeys


def _extension(element: ET.Element, name: str) -> str | None:
    found = element.find(f"{{{NAMESPACE}}}{name}")
    return None if found is None or found.text is None else found.text


def read_journey(
    element: ET.Element, root: ET.Element, source: str, notices: list[str], limits: Limits = DEFAULT_LIMITS
) -> Journey:
    """One journey element as a Journey; what cannot be read as written is added to ``notices``."""
    token = EXACT_TEXT.set(element.find(f"{{{NAMESPACE}}}kind") is not None)  # cjm_widgets wrote it
    try:
        return _read_journey(element, root, source, notices, limits)
    finally:
        EXACT_TEXT.reset(token)


def _read_journey(element: ET.Element, root: ET.Element, source: str, notices: list[str], limits: Limits) -> Journey:
    planned = local(element.tag) == "plannedJourney"
    journey_id = text_of(element, "journeyID") or ""
    where = f"{source}: journey {clip(journey_id, 40)}"
    actors = _actors(element, _declared_actors(root), where)
    personas = [a for a in actors if not a.pop("added")]  # actors a writer made up are not personas
    end_users = {p["persona"] for p in personas if p["actor_type"] == "endUser"}
    phases, stages = _phases(element, where)
    touchpoints = child(element, "touchpoints")
    if touchpoints is not None and len(touchpoints) > limits.max_rows:
        raise over_limit(f"{where}: <touchpoints>", "touchpoints", len(touchpoints), "max_rows", limits)
    reader = _TouchpointReader(where, phases, end_users, notices)
    rows = [] if touchpoints is None else [reader.row(tp, n) for n, tp in enumerate(touchpoints)]
    frame = _frame(rows, where, limits)
    names = list(stages["stage"])
    for stage in frame["stage"].tolist():
        if stage not in names:
            names.append(stage)
            stages.loc[len(stages)] = [stage, None, None]
    if not names:
        stages.loc[0] = [DEFAULT_STAGE, None, None]
    # Files list touchpoints in time order, not phase order (ExcelToCJML even writes its phases in set
    # order): numbered in map order, a journey reads back from what we write with the same index.
    frame = in_map_order(frame, names).reset_index(drop=True)
    title = text_of(element, "journeyTitle") or _extension(element, "title") or journey_id
    try:
        return Journey(
            frame,
            stages.astype("str"),
            title=title,
            kind=_extension(element, "kind") or ("future" if planned else "current"),
            notes=_notes(element, clip(journey_id, 40), notices),
            personas=pd.DataFrame(personas, columns=["persona", "name", "actor_type"], dtype=object).astype("str"),
        )
    except SchemaError as exc:
        raise FormatError(f"{where}: {exc}") from None


def _notes(element: ET.Element, shown_id: str, notices: list[str]) -> str:
    """The short summary, then the long one after a blank line (a journey has one notes text)."""
    summaries = [text_of(element, "journeyShortSummary"), text_of(element, "journeyLongSummary")]
    dropped = [f"<{name}> {clip(text_of(element, name), 40)}" for name in _NOT_KEPT if text_of(element, name)]
    if dropped:
        notices.append(f"journey {shown_id}: {', '.join(dropped)} not kept (a journey has no place for them)")
    return "\n\n".join(s for s in summaries if s)


def _declared_actors(root: ET.Element) -> dict[str, tuple[str, str | None]]:
    """Every actor declared with an actorID anywhere in the file, for actorIDref declarations."""
    out: dict[str, tuple[str, str | None]] = {}
    for actors in root.iter():
        if local(actors.tag) != "actors":
            continue
        for actor in actors:
            actor_id = (actor.get("actorID") or "").strip()
            if actor_id and actor_id not in out:
                out[actor_id] = (_actor_type(actor), _actor_name(actor))
    return out


def _actor_type(actor: ET.Element) -> str:
    return actor.get(f"{{{NAMESPACE}}}actorType") or local(actor.tag)


def _actor_name(actor: ET.Element) -> str | None:
    return text_of(actor, "companyName" if local(actor.tag) == "serviceProvider" else "actorName") or text_of(
        actor, "actorName"
    )


def _actors(element: ET.Element, declared: dict[str, tuple[str, str | None]], where: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for actor in [] if (actors := child(element, "actors")) is None else actors:
        if not isinstance(actor.tag, str):
            continue  # a comment or processing instruction among the actors (some writers put names there)
        actor_id = (actor.get("actorID") or "").strip()
        ref = (actor.get("actorIDref") or "").strip()
        added = actor.get(f"{{{NAMESPACE}}}added") == "true"
        if actor_id:
            out.append(
                {"persona": actor_id, "name": _actor_name(actor), "actor_type": _actor_type(actor), "added": added}
            )
        elif ref:
            kind, name = declared.get(ref, (_actor_type(actor), None))
            name = _actor_name(actor) or name
            out.append({"persona": ref, "name": name, "actor_type": _actor_type(actor) or kind, "added": added})
        else:
            raise FormatError(f"{where}: <{local(actor.tag)}> in <actors> has no actorID or actorIDref attribute")
    return out


def _phases(element: ET.Element, where: str) -> tuple[dict[str, str], pd.DataFrame]:
    """phaseID -> stage name, and the stages table (stage, description, goal) in phase order."""
    ids: dict[str, str] = {}
    rows: list[list[str | None]] = []
    for phase in [] if (phases := child(element, "journeyPhases")) is None else phases:
        if not isinstance(phase.tag, str) or local(phase.tag) != "journeyPhase":
            continue
        phase_id = (phase.get("phaseID") or "").strip()
        name = text_of(phase, "phaseName") or phase_id
        if not name:
            raise FormatError(f"{where}: a <journeyPhase> has neither a phaseID nor a <phaseName>")
        ids[phase_id or name] = name
        if name not in (row[0] for row in rows):
            rows.append([name, text_of(phase, "phaseDescription"), _extension(phase, "goal")])
    for stage in element.findall(f"{{{NAMESPACE}}}stages/{{{NAMESPACE}}}stage"):  # files from cjm_widgets < 0.4
        if stage.text and stage.text not in (row[0] for row in rows):
            rows.append([stage.text, None, None])
    return ids, pd.DataFrame(rows, columns=["stage", "description", "goal"], dtype=object)


class _TouchpointReader:
    def __init__(self, where: str, phases: dict[str, str], end_users: set[str], notices: list[str]) -> None:
        self.where, self.phases, self.end_users, self.notices = where, phases, end_users, notices
        self.low, self.high = DEFAULT_EMOTION_SCALE

    def row(self, tp: ET.Element, position: int) -> dict[str, Any]:
        tag = local(tp.tag)
        tp_id = text_of(tp, "touchpointID")
        if tp_id is None:
            raise FormatError(f"{self.where}: touchpoint {position + 1} (<{tag}>) has no <touchpointID>")
        initiator, receiver = child(tp, "initiator"), child(tp, "receiver")
        if tag.endswith("CommunicationPoint"):
            kind, label = "communication", text_of(initiator, "initiatorLabel") or text_of(receiver, "receiverLabel")
        elif tag.endswith("Action"):
            initiator = initiator if initiator is not None else child(tp, "actor")  # older writers: <actor>
            kind = "action"
            label = (
                text_of(initiator, "initiatorLabel") or text_of(tp, "actionLabel") or text_of(initiator, "actionLabel")
            )
            receiver = None
        else:
            raise FormatError(f"{self.where}: touchpoint {tp_id!r}: unknown element <{tag}> in <touchpoints>")
        if label is None:
            raise FormatError(f"{self.where}: touchpoint {tp_id!r} has no label (initiatorLabel or receiverLabel)")
        row: dict[str, Any] = {
            "id": tp_id,
            "touchpoint": label,
            "cjml_type": kind,
            "stage": self._stage(tp, tp_id),
            "initiator": _ref(initiator),
            "receiver": _ref(receiver),
            "receiver_label": text_of(receiver, "receiverLabel"),
            "channel": text_of(tp, "channel", "channelName"),
            "comment": text_of(tp, "comment"),
            "compliance": text_of(tp, "compliance"),
        }
        stamps = child(tp, "timestamps")
        for name, column in TIMESTAMPS.items():
            row[column] = text_of(stamps, name) or text_of(tp, name)
        row.update(self._experience(tp, tp_id))
        for column, name in EXTENSION.items():
            if column != "emotion":
                row[column] = _extension(tp, name)
        persona = _extension(tp, "persona")
        people = [a for a in (row["initiator"], row["receiver"]) if a in self.end_users]
        row["persona"] = persona if persona is not None else (people[0] if people else None)
        for extra in tp.findall(f"{{{NAMESPACE}}}extra"):
            if extra.get("name"):
                row[f"extra:{extra.get('name')}"] = extra.text or ""
        return row

    def _stage(self, tp: ET.Element, tp_id: str) -> str:
        belongs = child(tp, "belongsTo")
        ref = None if belongs is None else (belongs.get("phaseIDref") or "").strip()
        if ref:
            if ref not in self.phases:
                known = ", ".join(repr(p) for p in self.phases) or "none"
                raise FormatError(
                    f"{self.where}: touchpoint {tp_id!r}: belongsTo phaseIDref {ref!r} names no <journeyPhase> "
                    f"(its phases: {known})"
                )
            return self.phases[ref]
        return _extension(tp, "stage") or DEFAULT_STAGE

    def _experience(self, tp: ET.Element, tp_id: str) -> dict[str, Any]:
        experience = child(tp, "touchpointExperience")
        thought = text_of(experience, "experienceDescription") or _extension(tp, "thought")
        exact = _extension(tp, "emotion")
        if exact is not None:
            try:
                return {"thought": thought, "emotion": float(exact)}
            except ValueError:
                raise FormatError(f"{self.where}: touchpoint {tp_id!r}: emotion {exact!r} is not a number") from None
        rating = text_of(experience, "experienceRating")
        emotion = None if rating is None else emotion_of_rating(rating, self.low, self.high)
        if rating is not None and emotion is None:
            self.notices.append(f"touchpoint {tp_id!r}: experienceRating {rating!r} is not 1-5; no emotion")
        return {"thought": thought, "emotion": emotion}


def _ref(element: ET.Element | None) -> str | None:
    ref = child(element, "refersTo")
    value = None if ref is None else ref.get("actorIDref")
    return value.strip() or None if value else None


def _frame(rows: list[dict[str, Any]], where: str, limits: Limits) -> pd.DataFrame:
    optional = [c for c in _OPTIONAL if any(r.get(c) is not None for r in rows)]
    extras = list(dict.fromkeys(k for r in rows for k in r if k.startswith("extra:")))
    columns = [*_BASE_COLUMNS, *_CJML_COLUMNS, *optional, *extras]
    if len(columns) > limits.max_columns:
        raise over_limit(f"{where}: <touchpoints>", "columns", len(columns), "max_columns", limits)
    if len(rows) * len(columns) > limits.max_cells:
        raise over_limit(f"{where}: <touchpoints>", "cells", len(rows) * len(columns), "max_cells", limits)
    frame = pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype=object)
    frame = frame.astype({c: "str" for c in columns if c != "emotion"})
    frame["emotion"] = pd.to_numeric(frame["emotion"]).astype("float64")
    taken = set(columns)
    renamed = {c: c.removeprefix("extra:") for c in extras}
    clash = [new for new in renamed.values() if new in taken]
    if clash:
        raise FormatError(f"{where}: extension column {clash[0]!r} has the name of a column CJML fills")
    return frame.rename(columns=renamed)
