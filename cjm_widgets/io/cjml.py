"""CJML 2.0 (Customer Journey Modelling Language) XML, read and written.

A CJML file holds one or more ``<plannedJourney>`` (the journey as intended) and
``<actualJourney>`` (what happened to one person) elements, each with its ``<journeyPhases>``,
``<actors>`` (``<endUser>``, ``<serviceProvider>``...) and ``<touchpoints>``: communication points
(``<initiator>``, ``<receiver>``, ``<channel>``) and actions. Mapping to a
:class:`~cjm_widgets.Journey`:

* journey: ``<journeyTitle>`` (else the journeyID) ↔ title; ``<journeyShortSummary>`` (then
  ``<journeyLongSummary>`` after a blank line) ↔ notes; ``<journeyStatus>`` and
  ``<plannedReference>`` are reported in a :class:`~cjm_widgets.FormatWarning` (a journey has no place for them);
  planned ↔ kind ``future``, actual ↔ ``current`` (``day-in-the-life`` is written as actual and
  keeps its kind in an extension element);
* ``<journeyPhase phaseID>`` (``<phaseName>``, ``<phaseDescription>``) ↔ a stage and its
  description; a touchpoint's ``<belongsTo phaseIDref>`` ↔ its stage. A touchpoint that belongs to
  no phase is in a stage named ``Journey``;
* actors ↔ rows of the ``personas`` table: ``persona`` = actorID (an actor declared with
  ``actorIDref`` takes its name and kind from the declaration it refers to), ``name`` =
  actorName (companyName for a service provider), ``actor_type`` = the element (an
  ``actor_type`` CJML has no element for is written as ``<otherActor cjm:actorType="...">``,
  never as a tag of its own);
* each touchpoint ↔ one row: ``id`` = touchpointID, ``touchpoint`` = the initiator's label,
  ``channel`` = channelName, ``comment`` = ``<comment>``, ``compliance`` = ``<compliance>`` (see
  ``cjm_widgets.io.cjml_compliance`` for the map markers), ``time_originated`` ...
  ``time_completed`` = ``<timestamps>`` (text as written), ``thought`` = the experience's
  description, and the columns ``cjml_type`` (``communication`` or ``action``), ``initiator``,
  ``receiver`` (actor ids) and ``receiver_label``; ``persona`` is the end user taking part;
* ``<experienceRating>`` 1-5 (or ``veryNegative`` ... ``veryPositive``) ↔ emotion, linear onto the
  emotion scale (1 → low end, 5 → high end; with (-2, 2): 1 → -2, 3 → 0, 5 → 2). Writing rounds to
  the nearest rating and keeps the exact emotion in an extension element, which wins on reading;
* what CJML has no element for (action, pain point, opportunity, a persona of several actors,
  other columns) travels in elements of the namespace ``urn:cjm-widgets:cjml:1`` (prefix ``cjm``),
  which other CJML tools ignore.

Writing uses the form other CJML tools read: actions as ``<initiator><refersTo/><initiatorLabel>``.
A map that did not come from CJML gets its personas (or an end user ``customer``) as initiators
and a service provider ``provider`` as receiver; a persona such as Mermaid's ``Me, Cat`` becomes
two end users. Files are parsed with defusedxml, DTDs forbidden: no entity expansion, no
external entities, nothing fetched.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from typing import Literal
from xml.etree import ElementTree as ET

from ..errors import FormatError, FormatWarning
from ..model import writers
from ..model.journey import Journey
from .atomic import write_atomic
from .cjml_names import DEFAULT_STAGE, NAMESPACE, text_of
from .cjml_reader import journey_elements, parse_root, read_journey
from .cjml_writer import cjml_text
from .limits import DEFAULT_LIMITS, Limits, read_bounded

__all__ = ["DEFAULT_STAGE", "NAMESPACE", "parse", "parse_all", "read_cjml", "read_cjml_all", "to_cjml", "write_cjml"]


def read_cjml(
    path: str | os.PathLike[str], *, journey: str | int | None = None, limits: Limits = DEFAULT_LIMITS
) -> Journey:
    """A Journey from a CJML 2.0 file; ``journey`` picks one (index or journeyID) when it holds several.

    Without ``journey``, a file with several journeys gives its first and a :class:`~cjm_widgets.FormatWarning`
    saying how many there were (:func:`read_cjml_all` reads them all). ``limits``
    (:class:`~cjm_widgets.Limits`) bounds the file's bytes, its elements (``max_cells``, counted
    before the XML is parsed), each text or attribute (``max_cell_chars``), the touchpoints of a
    journey (``max_rows``) and its columns (``max_columns``).
    """
    source = os.fspath(path)
    return parse(read_bounded(path, limits, "CJML file"), source, journey=journey, limits=limits)


def read_cjml_all(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> list[Journey]:
    """Every journey of a CJML 2.0 file (planned and actual), in file order; ``limits`` as for :func:`read_cjml`."""
    source = os.fspath(path)
    return parse_all(read_bounded(path, limits, "CJML file"), source, limits=limits)


def parse(
    raw: bytes | str, source: str = "CJML", *, journey: str | int | None = None, limits: Limits = DEFAULT_LIMITS
) -> Journey:
    """Parse CJML text or bytes (see :func:`read_cjml`)."""
    root = parse_root(raw, source, limits)
    elements = journey_elements(root, source)
    if journey is None and len(elements) > 1:
        ids = ", ".join(repr(_journey_id(e)) for e in elements[:5])
        warnings.warn(
            f"{source}: holds {len(elements)} journeys ({ids}); read the first. Pick one with journey=, "
            "or read them all with cjm.read_cjml_all",
            FormatWarning,
            stacklevel=3,
        )
    return _read(_pick(elements, 0 if journey is None else journey, source), root, source, limits)


def parse_all(raw: bytes | str, source: str = "CJML", *, limits: Limits = DEFAULT_LIMITS) -> list[Journey]:
    """Every journey of CJML text or bytes (see :func:`read_cjml_all`)."""
    root = parse_root(raw, source, limits)
    return [_read(element, root, source, limits) for element in journey_elements(root, source)]


def _read(element: ET.Element, root: ET.Element, source: str, limits: Limits) -> Journey:
    notices: list[str] = []
    journey = read_journey(element, root, source, notices, limits)
    if notices:
        warnings.warn(f"{source}: {'; '.join(notices[:10])}", FormatWarning, stacklevel=4)
    return journey


def _journey_id(element: ET.Element) -> str:
    return text_of(element, "journeyID") or ""


def _pick(journeys: list[ET.Element], which: str | int, source: str) -> ET.Element:
    if isinstance(which, int):
        if not 0 <= which < len(journeys):
            raise FormatError(f"{source}: no journey number {which}; the file has {len(journeys)}")
        return journeys[which]
    for element in journeys:
        if _journey_id(element) == which:
            return element
    ids = [_journey_id(e) for e in journeys]
    raise FormatError(f"{source}: no journey with journeyID {which!r}; its journeys are {ids}")


@writers.register("cjml text")
def to_cjml(journey: Journey, journey_type: Literal["planned", "actual"] | None = None) -> str:
    """The journey as CJML 2.0 XML text (see the module doc for the mapping)."""
    return cjml_text([journey], journey_type)


@writers.register("cjml")
def write_cjml(
    journey: Journey | Sequence[Journey],
    path: str | os.PathLike[str],
    journey_type: Literal["planned", "actual"] | None = None,
) -> None:
    """Write one journey, or several (e.g. planned and actual) into one file, as CJML 2.0 (atomically)."""
    journeys = [journey] if isinstance(journey, Journey) else list(journey)
    write_atomic(path, cjml_text(journeys, journey_type).encode("utf-8"))
