"""The Mermaid and CJML readers do linear work on hostile input (no backtracking patterns, no quadratic loops).

Each input is a few megabytes built to make a backtracking regex or a rescan-per-token loop take
minutes (the old reader's ``line.split(":")`` per task and a regex per entity were fine; a lexer
that counts lines from the start for every token, or a directive pattern that rescans to the
end for every ``%%{``, is not). Each must be read (or refused) within seconds.
"""

from __future__ import annotations

import contextlib
import time
import warnings

import pytest

import cjm_widgets as cjm

N = 400_000
HOSTILE_MERMAID = {
    "unclosed tags": "journey\nsection S\n" + "<a " * N,
    "unclosed directives": "journey\n" + "%%{a " * N,
    "hash runs": "journey\nsection S\nx: 3: " + "#a" * N,
    "entity runs": "journey\nsection S\n" + "#35;" * N + ": 3\n",
    "colons": "journey\nsection S\nx" + ":" * N + "\n",
    "many tasks": "journey\nsection S\n" + "a: 3: Me\n" * (N // 4),
    "many sections": "journey\n" + "".join(f"section S{n}\n t: 2\n" for n in range(N // 20)),
    "long accDescr": "journey\naccDescr {\n" + "a\n  " * N + "}\n",
}


@pytest.mark.parametrize("name", list(HOSTILE_MERMAID))
def test_mermaid_reader_is_linear_on_hostile_text(name: str) -> None:
    started = time.perf_counter()
    # Refusing is fine; taking minutes is not.
    with warnings.catch_warnings(), contextlib.suppress(cjm.FormatError):
        warnings.simplefilter("ignore", cjm.FormatWarning)
        cjm.read_mermaid(HOSTILE_MERMAID[name])
    assert time.perf_counter() - started < 20


def test_cjml_reader_is_linear_on_deep_and_wide_xml() -> None:
    touchpoint = (
        "<actualCommunicationPoint><touchpointID>{n}</touchpointID><initiator><initiatorLabel>x</initiatorLabel>"
        "</initiator></actualCommunicationPoint>"
    )
    wide = '<CJML version="2.0"><actualJourney><touchpoints>'
    wide += "".join(touchpoint.format(n=n) for n in range(N // 20)) + "</touchpoints></actualJourney></CJML>"
    deep = '<CJML version="2.0"><actualJourney>' + "<x>" * N + "</x>" * N + "</actualJourney></CJML>"
    for text in (wide, deep):
        started = time.perf_counter()
        cjm.io.cjml.parse(text)
        assert time.perf_counter() - started < 20


def test_blank_lines_and_comment_lines_are_linear() -> None:
    for text in ("journey\n" + "\n" * (10 * N), "journey\n" + "  %% c\n" * N, "journey\n" + " \u2028" * N):
        started = time.perf_counter()
        cjm.read_mermaid(text)
        assert time.perf_counter() - started < 20
