"""The ``.cjm.json`` file format: one journey, versioned, lossless, written atomically.

Layout (version 1)::

    {"format": "cjm-journey", "version": 1, "title": ..., "kind": ..., "notes": ...,
     "emotion_scale": [low, high],
     "stages": <table>, "touchpoints": <table>, "personas": <table>,
     "metrics": <table>, "actions": <table>}

Each ``<table>`` is the codec of :mod:`cjm_widgets.io.table`. Reading refuses
files over the limits (:class:`~cjm_widgets.io.limits.Limits`: bytes, rows,
columns, cells, characters, dtypes), deeper than the format allows, or of a
newer version, with a message that says which. Writing refuses text holding a
control character or a lone surrogate, naming the table, column and row.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from ..errors import FormatError
from ..model import writers
from ..model.journey import Journey
from .atomic import MAX_BYTES, read_limited, write_atomic
from .limits import DEFAULT_LIMITS, Limits, check_frames_text, check_text, clip, file_error, over_limit
from .table import decode_table, encode_table, table_size

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "VERSION",
    "FormatError",
    "dumps",
    "journey_from_dict",
    "journey_to_dict",
    "load",
    "loads",
    "save",
]

FORMAT = "cjm-journey"
VERSION = 1
_TABLES = ("stages", "touchpoints", "personas", "metrics", "actions")


@writers.register("dict")
def journey_to_dict(journey: Journey) -> dict[str, Any]:
    """The JSON-ready dict of a journey."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "title": journey.title,
        "kind": journey.kind,
        "notes": journey.notes,
        "emotion_scale": list(journey.emotion_scale),
    }
    for name in _TABLES:
        out[name] = encode_table(getattr(journey, name), name)
    return out


@writers.register("from dict")
def journey_from_dict(obj: Any, source: str = "journey", limits: Limits = DEFAULT_LIMITS) -> Journey:
    """Rebuild (and validate) a journey from :func:`journey_to_dict` output, within ``limits``."""
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise FormatError(f'{source}: not a cjm_widgets journey (expected "format": "{FORMAT}")')
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(f"{source}: 'version' must be a positive integer, got {clip(version)}")
    if version > VERSION:
        raise FormatError(
            f"{source}: written by a newer cjm_widgets (format version {version}; this one reads up to "
            f"{VERSION}). Upgrade with: pip install -U cjm_widgets"
        )
    for key in ("title", "kind", "notes"):
        if key in obj and not isinstance(obj[key], str):
            raise FormatError(f"{source}: {key!r} must be a string, got {type(obj[key]).__name__}")
        if key in obj:
            check_text(obj[key], f"{source}: {key!r}", limits)
    cells = sum(table_size(obj.get(name)) for name in _TABLES)  # all tables together, before any is built
    if cells > limits.max_cells:
        raise over_limit(source, "cells", cells, "max_cells", limits)
    empty: dict[str, list[Any]] = {"columns": [], "data": []}
    tables = {name: decode_table(obj.get(name, empty), f"{source}: {name}", limits) for name in _TABLES}
    scale = obj.get("emotion_scale", [-2, 2])
    if not isinstance(scale, list) or len(scale) != 2:
        raise FormatError(f"{source}: 'emotion_scale' must be [low, high], got {clip(scale)}")
    stages = tables["stages"] if len(tables["stages"].columns) else None
    return Journey(
        tables["touchpoints"] if len(tables["touchpoints"].columns) else None,
        stages,
        title=obj.get("title", ""),
        kind=obj.get("kind", "current"),
        notes=obj.get("notes", ""),
        personas=tables["personas"],
        metrics=tables["metrics"],
        actions=tables["actions"],
        emotion_scale=scale,
    )


@writers.register("cjm.json")
def save(journey: Journey, path: str | os.PathLike[str]) -> None:
    """Write atomically: a temporary file in the same folder, fsynced, then renamed.

    A crash mid-write leaves the old file (or none), never half a file; text
    holding a control character or a lone surrogate is refused first.
    """
    write_atomic(path, dumps(journey).encode("utf-8"))


def dumps(journey: Journey) -> str:
    """The journey as ``.cjm.json`` text: one line per key, and one line per table row.

    A row per line keeps a one-cell edit a one-line diff under version control,
    and lets every line go through json's fast C encoder (``indent=`` would not):
    autosave writes the whole map after every edit.
    """
    obj = journey_to_dict(journey)
    lines = []
    for key, value in obj.items():
        name = _dump(key)
        if key in _TABLES:
            rows = ",\n  ".join(_dump(row) for row in value["data"])
            head = ", ".join(f"{_dump(k)}: {_dump(v)}" for k, v in value.items() if k != "data")
            data = f'"data": [\n  {rows}\n ]' if rows else '"data": []'
            lines.append(f" {name}: {{{head}, {data}}}" if head else f" {name}: {{{data}}}")
        else:
            lines.append(f" {name}: {_dump(value)}")
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    # One search of the written text (autosave writes after every edit): json escapes a control
    # character as \u00XX, \b or \f and leaves DEL and lone surrogates as they are. Only on a hit
    # (or a backslash typed before such letters) is every cell looked at, to name the bad one.
    if _MAYBE_BAD.search(text):
        tables = {name: getattr(journey, name) for name in _TABLES}
        check_frames_text(tables, {"title": journey.title, "kind": journey.kind, "notes": journey.notes})
    return text


_MAYBE_BAD = re.compile(r"\\u00[01][0-9a-fA-F]|\\[bf]|[\x7f\ud800-\udfff]")
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)  # one encoder: json.dumps makes one per call
_dump = _ENCODER.encode


def load(path: str | os.PathLike[str], max_bytes: int | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Journey:
    """Read a ``.cjm.json`` file; malformed or hostile content raises :class:`FormatError`.

    ``max_bytes`` (older spelling of ``limits.max_file_bytes``) wins when given.
    """
    size = limits.max_file_bytes if max_bytes is None else max_bytes
    return loads(read_limited(path, size), os.fspath(path), limits=limits)


def loads(raw: bytes | str, source: str = "journey", *, limits: Limits = DEFAULT_LIMITS) -> Journey:
    """Parse a journey from JSON text or bytes (see :func:`load`)."""
    if len(raw) > limits.max_file_bytes:
        raise over_limit(
            source, "bytes" if isinstance(raw, bytes) else "characters", len(raw), "max_file_bytes", limits
        )
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        obj = json.loads(text, parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise FormatError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except FormatError as exc:
        raise file_error(source, exc) from None
    except RecursionError:
        raise FormatError(f"{source}: JSON nested too deeply to be a journey") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise FormatError(f"{source}: not valid JSON ({clip(str(exc), 200)})") from None
    return journey_from_dict(obj, source, limits)


def _refuse_constant(name: str) -> Any:
    raise FormatError(f"bare {name} is not JSON; non-finite numbers are written as strings")
