"""Journeys as CJML 2.0 XML, in the initiator/receiver form other CJML tools read.

See :mod:`cjm_widgets.io.cjml` for the mapping. Every text goes through ElementTree (so it is
escaped, never markup); tag names come only from this module's constants, never from the data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal
from xml.etree import ElementTree as ET

from ..errors import FormatError
from ..model.journey import Journey
from ..schema.values import is_missing
from .cjml_names import ACTOR_NAME, ACTOR_TYPES, EXTENSION, NAMESPACE, TIMESTAMPS, rating_of_emotion

__all__ = ["cjml_text"]

JourneyType = Literal["planned", "actual"]
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Columns this writer places in CJML's own elements (or the extension ones); any other is an extra.
_PLACED = {
    *("id", "stage", "touchpoint", "channel", "thought", "emotion", "persona", "cjml_type"),
    *("initiator", "receiver", "receiver_label", "comment", "compliance", *EXTENSION, *TIMESTAMPS.values()),
}


def cjml_text(journeys: Sequence[Journey], journey_type: JourneyType | None = None) -> str:
    """One ``<CJML>`` document holding each journey (planned for a ``future`` map unless told)."""
    ET.register_namespace("cjm", NAMESPACE)
    root = ET.Element("CJML", {"version": "2.0"})
    for journey in journeys:
        _JourneyWriter(journey).write(root, journey_type)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _value(found: Any) -> str | None:
    if is_missing(found):
        return None
    text = str(found)
    bad = _NOT_XML.search(text)
    if bad:  # XML 1.0 cannot hold these at all; refuse rather than write a file nobody can read
        raise FormatError(f"text {text[:40]!r} holds character {bad.group()!r}, which XML cannot store")
    return text


def _sub(parent: ET.Element, tag: str, found: Any, attributes: dict[str, str] | None = None) -> ET.Element | None:
    text = _value(found)
    if text is None or text == "":
        return None
    element = ET.SubElement(parent, tag, attributes or {})
    element.text = text
    return element


def _ext(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _journey_id(title: str, prefix: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")
    return slug or f"{prefix}-journey"


class _JourneyWriter:
    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.tp = journey.touchpoints
        self.persona_keys = {str(p) for p in journey.personas["persona"].tolist()}
        self.actors = self._actor_table()
        self.phase_ids = {stage: f"P{n}" for n, stage in enumerate(journey.stage_names, start=1)}

    def write(self, root: ET.Element, journey_type: JourneyType | None) -> None:
        journey = self.journey
        planned = (journey.kind == "future") if journey_type is None else journey_type == "planned"
        prefix = "planned" if planned else "actual"
        element = ET.SubElement(root, f"{prefix}Journey")
        _sub(element, "journeyID", _journey_id(journey.title, prefix))
        _sub(element, "journeyTitle", journey.title)
        _sub(element, _ext("kind"), journey.kind)
        self._phases(element)
        _sub(element, "journeyShortSummary", journey.notes)
        actors = ET.SubElement(element, "actors")
        for actor_id, (kind, name) in self.actors.items():
            tag = kind if kind in ACTOR_TYPES else "otherActor"
            attributes = {"actorID": actor_id} if tag == kind else {"actorID": actor_id, _ext("actorType"): kind}
            if actor_id not in self.persona_keys:  # made up for CJML's sake: not a row of the personas table
                attributes[_ext("added")] = "true"
            actor = ET.SubElement(actors, tag, attributes)
            _sub(actor, ACTOR_NAME.get(tag, "actorName"), name)
        touchpoints = ET.SubElement(element, "touchpoints")
        for row in self.tp.to_dict("records"):
            self._touchpoint(touchpoints, prefix, row)

    def _phases(self, parent: ET.Element) -> None:
        phases = ET.SubElement(parent, "journeyPhases")
        for row in self.journey.stages.to_dict("records"):
            phase = ET.SubElement(phases, "journeyPhase", {"phaseID": self.phase_ids[row["stage"]]})
            _sub(phase, "phaseName", row["stage"])
            _sub(phase, "phaseDescription", row.get("description"))
            _sub(phase, _ext("goal"), row.get("goal"))

    def _actor_table(self) -> dict[str, tuple[str, str | None]]:
        actors: dict[str, tuple[str, str | None]] = {}
        for row in self.journey.personas.to_dict("records"):
            kind, name = row.get("actor_type"), row.get("name")
            actors[str(row["persona"])] = ("endUser" if is_missing(kind) else str(kind), _value(name))
        for column in ("persona", "initiator", "receiver"):
            for value in self.tp[column].tolist() if column in self.tp.columns else []:
                for actor in _actor_ids(value) if column == "persona" else [value]:
                    if not is_missing(actor) and str(actor) not in actors:
                        actors[str(actor)] = ("endUser" if column == "persona" else "serviceProvider", None)
        if not any(kind == "endUser" for kind, _ in actors.values()):
            actors["customer"] = ("endUser", "Customer")
        if "receiver" not in self.tp.columns and "provider" not in actors:
            actors["provider"] = ("serviceProvider", self.journey.title or "Service provider")
        return actors

    def _touchpoint(self, parent: ET.Element, prefix: str, row: dict[Any, Any]) -> None:
        def value(column: str) -> Any:
            found = row.get(column)
            return None if is_missing(found) else found

        personas = _actor_ids(value("persona"))
        default = next(actor_id for actor_id, (kind, _) in self.actors.items() if kind == "endUser")
        initiator = value("initiator") or (personas[0] if personas else default)
        action = value("cjml_type") == "action"
        element = ET.SubElement(parent, f"{prefix}{'Action' if action else 'CommunicationPoint'}")
        _sub(element, "touchpointID", row["id"])
        ET.SubElement(element, "belongsTo", {"phaseIDref": self.phase_ids[row["stage"]]})
        sender = ET.SubElement(element, "initiator")
        ET.SubElement(sender, "refersTo", {"actorIDref": str(initiator)})
        _sub(sender, "initiatorLabel", row["touchpoint"])
        if not action:
            receiver = ET.SubElement(element, "receiver")
            ET.SubElement(receiver, "refersTo", {"actorIDref": str(value("receiver") or "provider")})
            _sub(receiver, "receiverLabel", value("receiver_label"))
            if value("channel") is not None:
                _sub(ET.SubElement(element, "channel"), "channelName", value("channel"))
        _sub(element, "comment", value("comment"))
        self._timestamps(element, row)
        self._experience(element, value("thought"), value("emotion"))
        _sub(element, "compliance", value("compliance"))
        taker = None if action else str(value("receiver") or "provider")
        self._extensions(element, row, personas, [str(initiator), taker])

    def _timestamps(self, element: ET.Element, row: dict[Any, Any]) -> None:
        present = {name: row.get(column) for name, column in TIMESTAMPS.items() if not is_missing(row.get(column))}
        if present:
            stamps = ET.SubElement(element, "timestamps")
            for name, found in present.items():
                _sub(stamps, name, found)

    def _experience(self, element: ET.Element, thought: Any, emotion: Any) -> None:
        if thought is None and emotion is None:
            return
        experience = ET.SubElement(element, "touchpointExperience")
        _sub(experience, "experienceDescription", thought)
        if emotion is not None:
            low, high = self.journey.emotion_scale
            _sub(experience, "experienceRating", rating_of_emotion(float(emotion), low, high))

    def _extensions(self, element: ET.Element, row: dict[Any, Any], personas: list[str], sides: list[Any]) -> None:
        for column, name in EXTENSION.items():
            found: Any = row.get(column)
            if column == "emotion" and not is_missing(found):
                found = repr(float(found))  # every digit; the rating above is rounded
            _sub(element, _ext(name), found)
        persona = row.get("persona")
        # The reader takes the first end user among initiator and receiver; say so only when that differs.
        derived = next((side for side in sides if side in self._end_users() and side in self.persona_keys), None)
        if not is_missing(persona) and (len(personas) > 1 or persona != derived):
            _sub(element, _ext("persona"), persona)
        for column in self.tp.columns:
            if column not in _PLACED and isinstance(column, str):
                _sub(element, _ext("extra"), row.get(column), {"name": column})

    def _end_users(self) -> set[str]:
        return {actor_id for actor_id, (kind, _) in self.actors.items() if kind == "endUser"}


def _actor_ids(persona: Any) -> list[str]:
    """A persona such as Mermaid's ``Me, Cat`` is several actors."""
    if is_missing(persona):
        return []
    return [part.strip() for part in str(persona).split(",") if part.strip()]
