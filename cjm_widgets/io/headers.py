"""Spreadsheet headers as people write them: ``Stage``, ``Touch point``, ``User Action`` → canonical columns.

A long-layout header cell is matched ignoring case, spaces, underscores and dashes, against the
canonical column names and common synonyms (:data:`HEADER_NAMES`); the user's own ``columns=``
mapping (``{"Their name": "stage"}``) comes first. Unmatched headers are kept as extra columns.
For the wide layout, ``columns=`` maps lane labels (the first column) the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import FormatError
from ..schema.tables import TOUCHPOINTS
from .wide import LANE_NAMES

__all__ = ["HEADER_NAMES", "header_key", "match_headers"]

_CANONICAL = (*TOUCHPOINTS.canonical, *TOUCHPOINTS.optional_text)
# Spellings (see header_key) -> canonical column; the wide layout's lane names count too.
HEADER_NAMES = {
    **LANE_NAMES,
    **{re.sub(r"[\s_-]", "", c): c for c in _CANONICAL},
    "stages": "stage",
    "phase": "stage",
    "journeystage": "stage",
    "journeyphase": "stage",
    "step": "stage",
    "touchpointname": "touchpoint",
    "useraction": "action",
    "useractions": "action",
    "customeraction": "action",
    "customeractions": "action",
    "actions": "action",
    "thoughts": "thought",
    "customerthoughts": "thought",
    "userthoughts": "thought",
    "emotionscore": "emotion",
    "sentiment": "emotion",
    "painpoints": "pain_point",
    "opportunities": "opportunity",
}


def header_key(text: str) -> str:
    """A header's matching key: lower case, no spaces, underscores or dashes."""
    return re.sub(r"[\s_-]", "", text.strip().lower())


def match_headers(
    grid: list[list[Any]], layout: str, columns: Mapping[str, str] | None, source: str, call: str
) -> tuple[str, list[list[Any]]]:
    """(the layout, resolved from ``auto``; the grid with its header or lane labels made canonical).

    ``call`` is how the user called the reader (e.g. ``cjm.read_csv('map.csv'``), so an error's
    advice can be run as written.
    """
    columns = dict(columns or {})
    for theirs, ours in columns.items():
        if ours not in _CANONICAL:
            raise FormatError(f"{source}: columns= maps {theirs!r} to {ours!r}; map to one of: {', '.join(_CANONICAL)}")
    if not grid:
        return ("wide" if layout == "auto" else layout), grid
    header = [str(v).strip() for v in grid[0]]
    named = _long_header(header, columns, source)
    if layout == "auto":
        layout = "long" if {"stage", "touchpoint"} <= set(named) else "wide"
    if layout == "long":
        _check_long(header, named, columns, source, call)
        return layout, [named, *grid[1:]]
    if layout == "wide" and columns:
        return layout, _wide_lanes(grid, columns, source)
    return layout, grid


def _long_header(header: list[str], columns: dict[str, str], source: str) -> list[str]:
    # A column named exactly, or placed by the user, is not also guessed from another header
    # (so an extra column "Phase" beside "stage", as our own long files may have, stays as it is).
    chosen = set(columns.values()) | {text for text in header if text in _CANONICAL and text not in columns}
    named: list[str] = []
    for text in header:
        guess = HEADER_NAMES.get(header_key(text), text)
        named.append(columns.get(text) or (text if guess in chosen else guess))
    seen: dict[str, str] = {}
    for text, mapped in zip(header, named, strict=True):
        if mapped in seen and mapped in _CANONICAL:
            raise FormatError(
                f"{source}: row 1: columns {seen[mapped]!r} and {text!r} both read as {mapped!r}; say which one it is, "
                f"e.g. columns={{{seen[mapped]!r}: {mapped!r}}} (the other is then kept under its own name)"
            )
        seen[mapped] = text
    return named


def _check_long(header: list[str], named: list[str], columns: dict[str, str], source: str, call: str) -> None:
    unknown = [theirs for theirs in columns if theirs not in header]
    if unknown:
        raise FormatError(f"{source}: columns= names {unknown[0]!r}, which is not in the header ({', '.join(header)})")
    for required in TOUCHPOINTS.required:
        if required not in named:
            candidates = [h for h, n in zip(header, named, strict=True) if n not in _CANONICAL and h]
            example = candidates[0] if candidates else "Your column"
            advice = f"{call}, layout='long', columns={{{example!r}: {required!r}}})"
            raise FormatError(
                f"{source}: row 1 has no {required!r} column (the header is: {', '.join(header) or 'empty'}). "
                f"Name one {required!r}, or say which it is: {advice}"
            )


def _wide_lanes(grid: list[list[Any]], columns: dict[str, str], source: str) -> list[list[Any]]:
    labels = [str(row[0]).strip() if row else "" for row in grid[1:]]
    unknown = [theirs for theirs in columns if theirs not in labels]
    if unknown:
        raise FormatError(f"{source}: columns= names {unknown[0]!r}, which is not a lane (first column) of the sheet")
    out = [grid[0]]
    for row, label in zip(grid[1:], labels, strict=True):
        out.append([columns[label], *row[1:]] if label in columns else row)
    return out
