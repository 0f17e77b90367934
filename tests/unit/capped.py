"""Run a reader in a child Python under a memory cap and a time budget, and say how it ended.

A hostile file that takes all memory must fail the test, not the machine: the child
sets ``RLIMIT_AS`` before it imports anything, and is killed when its time is up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3
ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
import cjm_widgets as cjm
from cjm_widgets import FormatError
outcome = {{"kind": "ok", "message": "", "result": None}}
started = time.perf_counter()
try:
{body}
except BaseException as exc:
    message = "\\n".join([str(exc), *getattr(exc, "__notes__", [])])  # hypothesis notes its failing example
    outcome.update(kind=type(exc).__name__, message=message[:2000], length=len(message))
outcome["seconds"] = time.perf_counter() - started
sys.stdout.write("\\n" + json.dumps(outcome, default=str))
"""


@dataclass
class Outcome:
    """How the child ended: ``kind`` is ``ok``, an exception's class name, ``timeout`` or ``crash``."""

    kind: str
    message: str = ""
    length: int = 0
    seconds: float = 0.0
    result: object = None

    def __str__(self) -> str:
        return f"{self.kind} after {self.seconds:.1f} s: {self.message[:300]}"


def run_capped(body: str, *, memory: int = 2 * GIB, seconds: float = 60.0) -> Outcome:
    """Run ``body`` (Python; may set ``outcome["result"]``) with ``cjm`` imported, under the caps."""
    code = _CHILD.format(memory=memory, body=textwrap.indent(textwrap.dedent(body), "    "))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds, env=env, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return Outcome("timeout", f"still running after {seconds} s", seconds=seconds)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return Outcome("crash", f"exit {done.returncode}: {done.stderr[-1000:]}")
    data = json.loads(lines[-1])
    return Outcome(data["kind"], data["message"], data.get("length", 0), data["seconds"], data["result"])
