"""CJML 2.0 (Customer Journey Modelling Language) XML, read and written.

A CJML file holds a ``<plannedJourney>`` (the journey as intended) or an
``<actualJourney>`` (what happened to one person) with its ``<actors>``
(``<endUser>``, ``<serviceProvider>``...) and ``<touchpoints>``:
communication points (``<initiator>``, ``<receiver>``, ``<channel>``) and
actions. Mapping to a :class:`~cjm_widgets.Journey`:

* journey kind: planned ↔ ``future``, actual ↔ ``current`` (a
  ``day-in-the-life`` map is written as actual and keeps its kind in the
  extension below);
* actors ↔ rows of the ``personas`` table: ``persona`` = actorID, ``name`` =
  actorName (or companyName), ``actor_type`` = the CJML element
  (``endUser``, ``serviceProvider``...);
* each touchpoint ↔ one touchpoint row: ``id`` = touchpointID, ``touchpoint``
  = the initiator's label (or the action's label), ``channel`` =
  channelName, and the extra columns ``cjml_type`` (``communication`` or
  ``action``), ``initiator``, ``receiver`` (actor ids) and ``receiver_label``;
  ``persona`` is the end user taking part;
* what CJML has no element for (stage, action, thought, emotion, pain point,
  opportunity, title) travels in elements of the namespace
  ``urn:cjm-widgets:cjml:1`` (prefix ``cjm``), which other CJML tools ignore.
  A file without them gets one stage named ``Journey``.

Writing a map that did not come from CJML uses the personas (or an end user
``customer``) as initiators and a service provider ``provider`` as receiver.
Files are parsed with defusedxml with DTDs forbidden: no entity expansion
("billion laughs"), no external entities, nothing fetched.
"""

from __future__ import annotations

import os
import re
from typing import Any, Literal
from xml.etree import ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET
import pandas as pd

from ..errors import FormatError, SchemaError
from ..model import writers
from ..model.journey import Journey
from ..schema.values import is_missing
from .atomic import MAX_BYTES, read_limited, write_atomic

__all__ = ["NAMESPACE", "read_cjml", "to_cjml", "write_cjml"]

NAMESPACE = "urn:cjm-widgets:cjml:1"
_EXTENSION = {  # touchpoint column -> extension element
    "stage": "stage",
    "action": "action",
    "thought": "thought",
    "emotion": "emotion",
    "pain_point": "painPoint",
    "opportunity": "opportunity",
}
_ACTOR_NAME = {"serviceProvider": "companyName"}  # other actor types use actorName
DEFAULT_STAGE = "Journey"


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _ns(tag: Any) -> str:
    return str(tag)[1:].split("}", 1)[0] if str(tag).startswith("{") else ""


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name and _ns(c.tag) != NAMESPACE), None)


def _text(element: ET.Element | None, *path: str) -> str | None:
    for name in path:
        if element is None:
            return None
        element = _child(element, name)
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _ref(element: ET.Element | None) -> str | None:
    ref = None if element is None else _child(element, "refersTo")
    return None if ref is None else ref.get("actorIDref")


# -- reading -----------------------------------------------------------------------------


def read_cjml(path: str | os.PathLike[str], *, journey: str | int = 0) -> Journey:
    """A Journey from a CJML 2.0 file; ``journey`` picks one journey (index or journeyID) if it holds several."""
    source = os.fspath(path)
    return parse(read_limited(path, MAX_BYTES, "CJML file"), source, journey=journey)


def read_cjml_all(path: str | os.PathLike[str]) -> list[Journey]:
    """Every journey of a CJML 2.0 file, in file order."""
    source = os.fspath(path)
    raw = read_limited(path, MAX_BYTES, "CJML file")
    count = len(_journeys(_root(raw, source), source))
    return [parse(raw, source, journey=n) for n in range(count)]


def parse(raw: bytes | str, source: str = "CJML", *, journey: str | int = 0) -> Journey:
    """Parse CJML text or bytes (see :func:`read_cjml`)."""
    root = _root(raw, source)
    return _journey(_pick(_journeys(root, source), journey, source), root, source)


def _root(raw: bytes | str, source: str) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        raise FormatError(f"{source}: has a DTD (<!DOCTYPE ...>), which CJML files do not need; refused") from None
    except defusedxml.DefusedXmlException as exc:
        raise FormatError(f"{source}: refused unsafe XML ({exc})") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise FormatError(f"{source}: not well-formed XML at line {line}, column {column} ({exc.msg})") from None
    if _local(root.tag) != "CJML":
        raise FormatError(f"{source}: the root element is <{_local(root.tag)}>, not <CJML>")
    return root


def _journeys(root: ET.Element, source: str) -> list[ET.Element]:
    journeys = [e for e in root if _local(e.tag) in ("plannedJourney", "actualJourney")]
    if not journeys:
        raise FormatError(f"{source}: no <plannedJourney> or <actualJourney> in the file")
    return journeys


def _pick(journeys: list[ET.Element], which: str | int, source: str) -> ET.Element:
    if isinstance(which, int):
        if not 0 <= which < len(journeys):
            raise FormatError(f"{source}: no journey number {which}; the file has {len(journeys)}")
        return journeys[which]
    for element in journeys:
        if _text(element, "journeyID") == which:
            return element
    ids = [_text(e, "journeyID") for e in journeys]
    raise FormatError(f"{source}: no journey with journeyID {which!r}; its journeys are {ids}")


def _extension(element: ET.Element, name: str) -> str | None:
    found = element.find(f"{{{NAMESPACE}}}{name}")
    return None if found is None or found.text is None else found.text


def _journey(element: ET.Element, root: ET.Element, source: str) -> Journey:
    planned = _local(element.tag) == "plannedJourney"
    personas = _actors(element, source)
    end_users = {p["persona"] for p in personas if p["actor_type"] == "endUser"}
    touchpoints = _child(element, "touchpoints")
    rows = [] if touchpoints is None else [_touchpoint(tp, n, end_users, source) for n, tp in enumerate(touchpoints)]
    columns = ["id", "stage", "touchpoint", "channel", *[c for c in _EXTENSION if c != "stage"]]
    columns += ["persona", "cjml_type", "initiator", "receiver", "receiver_label"]
    frame = pd.DataFrame(rows, columns=columns, dtype=object).astype("str")
    frame["emotion"] = _numbers(frame["emotion"], frame["id"], source)
    stage_names = [s.text or "" for s in element.findall(f"{{{NAMESPACE}}}stages/{{{NAMESPACE}}}stage")]
    for stage in frame["stage"].tolist():
        if stage not in stage_names:
            stage_names.append(stage)
    kind = _extension(element, "kind") or ("future" if planned else "current")
    try:
        return Journey(
            frame,
            stage_names or [DEFAULT_STAGE],
            title=_extension(element, "title") or _text(element, "journeyID") or "",
            kind=kind,
            personas=pd.DataFrame(personas, columns=["persona", "name", "actor_type"], dtype=object).astype("str"),
        )
    except SchemaError as exc:
        raise FormatError(f"{source}: {exc}") from None


def _actors(element: ET.Element, source: str) -> list[dict[str, Any]]:
    actors = _child(element, "actors")
    out: list[dict[str, Any]] = []
    for actor in [] if actors is None else actors:
        actor_id = actor.get("actorID")
        if not actor_id:
            raise FormatError(f"{source}: <{_local(actor.tag)}> in <actors> has no actorID attribute")
        kind = _local(actor.tag)
        name = _text(actor, _ACTOR_NAME.get(kind, "actorName")) or _text(actor, "actorName")
        out.append({"persona": actor_id, "name": name, "actor_type": kind})
    return out


def _touchpoint(tp: ET.Element, position: int, end_users: set[str], source: str) -> dict[str, Any]:
    tag = _local(tp.tag)
    tp_id = _text(tp, "touchpointID")
    if tp_id is None:
        raise FormatError(f"{source}: touchpoint {position + 1} (<{tag}>) has no <touchpointID>")
    if tag.endswith("CommunicationPoint") or tag == "communicationPoint":
        kind = "communication"
        initiator, receiver = _child(tp, "initiator"), _child(tp, "receiver")
        label = _text(initiator, "initiatorLabel") or _text(receiver, "receiverLabel")
        row = {
            "initiator": _ref(initiator),
            "receiver": _ref(receiver),
            "receiver_label": _text(receiver, "receiverLabel"),
            "channel": _text(tp, "channel", "channelName"),
        }
    elif tag.endswith("Action") or tag == "action":
        kind = "action"
        actor = _child(tp, "actor") or _child(tp, "initiator")
        label = _text(tp, "actionLabel") or _text(actor, "actionLabel") or _text(actor, "initiatorLabel")
        row = {"initiator": _ref(actor), "receiver": None, "receiver_label": None, "channel": None}
    else:
        raise FormatError(f"{source}: touchpoint {tp_id!r}: unknown element <{tag}> in <touchpoints>")
    if label is None:
        raise FormatError(f"{source}: touchpoint {tp_id!r} has no label (initiatorLabel or actionLabel)")
    people = [a for a in (row["initiator"], row["receiver"]) if a in end_users]
    row.update(id=tp_id, touchpoint=label, cjml_type=kind, persona=people[0] if people else None)
    for column, name in _EXTENSION.items():
        row[column] = _extension(tp, name)
    row["stage"] = row["stage"] or DEFAULT_STAGE
    return row


def _numbers(values: pd.Series, ids: pd.Series, source: str) -> pd.Series:
    out = []
    for value, tp_id in zip(values.tolist(), ids.tolist(), strict=True):
        try:
            out.append(float("nan") if is_missing(value) else float(value))
        except ValueError:
            raise FormatError(f"{source}: touchpoint {tp_id!r}: emotion {value!r} is not a number") from None
    return pd.Series(out, index=values.index, dtype="float64")


# -- writing -----------------------------------------------------------------------------


@writers.register("cjml text")
def to_cjml(journey: Journey, journey_type: Literal["planned", "actual"] | None = None) -> str:
    """The journey as CJML 2.0 XML text (see the module doc for the mapping)."""
    ET.register_namespace("cjm", NAMESPACE)
    planned = (journey.kind == "future") if journey_type is None else journey_type == "planned"
    prefix = "planned" if planned else "actual"
    root = ET.Element("CJML", {"version": "2.0"})
    element = ET.SubElement(root, f"{prefix}Journey")
    _sub(element, "journeyID", _journey_id(journey.title))
    _sub(element, f"{{{NAMESPACE}}}title", journey.title)
    _sub(element, f"{{{NAMESPACE}}}kind", journey.kind)
    stages = ET.SubElement(element, f"{{{NAMESPACE}}}stages")
    for stage in journey.stage_names:
        _sub(stages, f"{{{NAMESPACE}}}stage", stage)
    tp = journey.touchpoints
    actors = _actor_table(journey, tp)
    actors_element = ET.SubElement(element, "actors")
    for actor_id, (kind, name) in actors.items():
        actor = ET.SubElement(actors_element, kind, {"actorID": actor_id})
        _sub(actor, _ACTOR_NAME.get(kind, "actorName"), name)
    touchpoints = ET.SubElement(element, "touchpoints")
    for row in tp.to_dict("records"):
        _write_touchpoint(touchpoints, prefix, row, _default_initiator(actors))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


@writers.register("cjml")
def write_cjml(
    journey: Journey, path: str | os.PathLike[str], journey_type: Literal["planned", "actual"] | None = None
) -> None:
    """Write :func:`to_cjml` XML to ``path`` (atomically)."""
    write_atomic(path, to_cjml(journey, journey_type).encode("utf-8"))


def _sub(parent: ET.Element, tag: str, text: Any) -> ET.Element | None:
    if is_missing(text) or text == "":
        return None
    child = ET.SubElement(parent, tag)
    child.text = _xml_text(str(text))
    return child


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters at all; refuse rather than write a file nobody can read.
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    if bad:
        raise FormatError(f"text {text[:40]!r} holds control character {bad.group()!r}, which XML cannot store")
    return text


def _journey_id(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")
    return slug or "journey"


def _actor_table(journey: Journey, tp: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    actors: dict[str, tuple[str, str | None]] = {}
    personas = journey.personas
    for row in personas.to_dict("records"):
        kind = row.get("actor_type")
        name = row.get("name")
        actors[str(row["persona"])] = (
            "endUser" if is_missing(kind) else str(kind),
            None if is_missing(name) else str(name),
        )
    for column in ("persona", "initiator", "receiver"):
        for value in tp[column].tolist() if column in tp.columns else []:
            if not is_missing(value) and str(value) not in actors:
                actors[str(value)] = ("endUser" if column == "persona" else "serviceProvider", None)
    if not any(kind == "endUser" for kind, _ in actors.values()):
        actors["customer"] = ("endUser", "Customer")
    if "receiver" not in tp.columns and "provider" not in actors:
        actors["provider"] = ("serviceProvider", journey.title or "Service provider")
    return actors


def _default_initiator(actors: dict[str, tuple[str, str | None]]) -> str:
    return next(actor_id for actor_id, (kind, _) in actors.items() if kind == "endUser")


def _write_touchpoint(parent: ET.Element, prefix: str, row: dict[Any, Any], default_initiator: str) -> None:
    def value(column: str) -> Any:
        found = row.get(column)
        return None if is_missing(found) else found

    initiator = value("initiator") or value("persona") or default_initiator
    if value("cjml_type") == "action":
        element = ET.SubElement(parent, f"{prefix}Action")
        _sub(element, "touchpointID", row["id"])
        actor = ET.SubElement(element, "actor")
        ET.SubElement(actor, "refersTo", {"actorIDref": str(initiator)})
        _sub(element, "actionLabel", row["touchpoint"])
    else:
        element = ET.SubElement(parent, f"{prefix}CommunicationPoint")
        _sub(element, "touchpointID", row["id"])
        sender = ET.SubElement(element, "initiator")
        ET.SubElement(sender, "refersTo", {"actorIDref": str(initiator)})
        _sub(sender, "initiatorLabel", row["touchpoint"])
        receiver = ET.SubElement(element, "receiver")
        ET.SubElement(receiver, "refersTo", {"actorIDref": str(value("receiver") or "provider")})
        _sub(receiver, "receiverLabel", value("receiver_label"))
        if value("channel") is not None:
            channel = ET.SubElement(element, "channel")
            _sub(channel, "channelName", value("channel"))
    for column, name in _EXTENSION.items():
        found = value(column)
        if column == "emotion" and found is not None:
            found = repr(float(found))
        _sub(element, f"{{{NAMESPACE}}}{name}", found)
