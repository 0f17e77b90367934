"""Which pass computes :func:`~.journey_from_events.from_events` for in-memory logs here, and why.

The compiled journey pass (C, built at install by ``hatch_build.py``) or its numpy twin: the
same figures, the numpy one several times slower on big logs. The build writes what it compiled,
or why it could not, to ``fast_path/build.json``; :func:`active_pass` reads it with what loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fast_path
from .fast_path import journey_pass
from .fast_path.log_arrays import ENCODER_BUILT

__all__ = ["BUILD_RECORD", "PassStatus", "active_pass", "build_record"]

BUILD_RECORD = Path(fast_path.__file__).parent / "build.json"


@dataclass(frozen=True)
class PassStatus:
    """The analytics pass in use: ``name`` is "compiled" or "numpy"; ``reason`` says why.

    ``warn`` is True when the compiled pass was meant to be there and is not (no compiler
    at install, a failed compile, an extension that did not load); ``text_encoder`` whether
    the compiled text encoder loaded (else pyarrow encodes text columns).
    """

    name: str
    reason: str
    warn: bool
    text_encoder: bool


def build_record(path: Path = BUILD_RECORD) -> dict[str, Any] | None:
    """What the install's build compiled (``{"compiled": [...], "abi", "pure", "reason"}``), or None."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def active_pass(record: dict[str, Any] | None = None, built: bool | None = None) -> PassStatus:
    """The pass ``from_events`` uses in this install (``record``/``built``: the build record and
    whether the compiled pass loaded, read from the install when not given)."""
    record = build_record() if record is None else record
    built = journey_pass.BUILT if built is None else built
    if built:
        abi = (record or {}).get("abi", "")
        how = f"C extension, stable ABI {abi}" if abi else "C extension"
        return PassStatus("compiled", f"compiled at install ({how})", False, ENCODER_BUILT)
    if record is None:
        why = "compiled extension not built: a source tree no build has run in (`pip install -e .` compiles it)"
        return PassStatus("numpy", why, True, ENCODER_BUILT)
    reason = str(record.get("reason") or "")
    if record.get("pure"):  # chosen (CJM_PURE=1): nothing to warn about
        return PassStatus("numpy", reason, False, ENCODER_BUILT)
    if "_journey_pass" not in record.get("compiled", []):
        return PassStatus("numpy", f"compiled extension not built: {reason or 'unknown reason'}", True, ENCODER_BUILT)
    return PassStatus("numpy", f"compiled extension did not load: {journey_pass.LOAD_ERROR}", True, ENCODER_BUILT)
