"""hatch_build.py's helpers: stale kernels are found, compile failures explained, the bundle list is pyproject's.

(The hook itself is exercised by scripts/release_check.sh: real builds of both wheels from an
sdist, and a SKIP_JUPYTER_BUILDER=1 build on a tree without the bundle, which must fail.)
"""

from __future__ import annotations

import subprocess
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import cjm_widgets
import hatch_build  # (the repository's root is on sys.path: tests/ is a package there)

REPO = Path(cjm_widgets.__file__).resolve().parent.parent


def test_every_kernel_left_by_an_earlier_build_is_found(tmp_path: Path) -> None:
    fast_path = tmp_path / hatch_build.FAST_PATH
    fast_path.mkdir(parents=True)
    old = [fast_path / f"_journey_pass{EXTENSION_SUFFIXES[0]}", fast_path / f"_text_encoder{hatch_build.ABI3_SUFFIX}"]
    for path in [*old, fast_path / "_journey_pass.c", fast_path / "journey_pass.py"]:
        path.write_bytes(b"")
    # A cpython-311 .so would be imported before the fresh .abi3.so: the hook deletes both kinds first.
    assert EXTENSION_SUFFIXES.index(EXTENSION_SUFFIXES[0]) < EXTENSION_SUFFIXES.index(hatch_build.ABI3_SUFFIX)
    assert sorted(hatch_build.stale_extensions(tmp_path)) == sorted(old)


def test_a_missing_compiler_is_named_in_words_a_user_can_act_on() -> None:
    assert hatch_build.failure_reason("gcc", FileNotFoundError(2, "No such file")) == (
        "no C compiler at install ('gcc' not found)"
    )
    headers = subprocess.CalledProcessError(1, ["gcc"], stderr="x.c:14:10: fatal error: Python.h: No such file")
    assert "Python's C headers" in hatch_build.failure_reason("gcc", headers)
    broken = subprocess.CalledProcessError(1, ["gcc"], stderr="x.c:3: error: expected ';'\nmore")
    assert hatch_build.failure_reason("gcc", broken) == "the C compiler failed at install: x.c:3: error: expected ';'"


def test_the_bundle_every_distribution_must_hold_is_what_the_build_makes() -> None:
    required = {path.name for path in hatch_build.bundle_files(REPO)}
    built = {path.name for path in (REPO / "cjm_widgets" / "static").iterdir()}
    assert {"journey_map.js", "offline.js", "bundle.json"} <= required <= built


def test_the_kernels_declare_the_stable_abi_the_wheel_tag_claims() -> None:
    for source in hatch_build.SOURCES:
        text = (REPO / source).read_text(encoding="utf-8")
        assert "#define Py_LIMITED_API 0x030B0000" in text.split("#include <Python.h>")[0], source
    assert hatch_build.ABI3 == "cp311-abi3"
