"""scripts/release_check.py's artifact checks refuse planted defects (the full check runs in CI via scripts/test.sh)."""

from __future__ import annotations

import importlib.util
import io
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import cjm_widgets
from cjm_widgets.render.bundle import STATIC

REPO = Path(cjm_widgets.__file__).resolve().parent.parent


def release_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_check", REPO / "scripts" / "release_check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["release_check"] = module
    spec.loader.exec_module(module)
    return module


RC = release_check()
METADATA = "Metadata-Version: 2.4\nName: cjm_widgets\nVersion: 0.1.0\nLicense-Expression: BSD-3-Clause\n"


def wheel(tmp_path: Path, name: str, drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None) -> Path:
    """A wheel laid out as the build lays it out, from the checkout's built front end."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(STATIC.iterdir()):
            if file.name not in drop:
                archive.write(file, f"cjm_widgets/static/{file.name}")
        archive.writestr("cjm_widgets/__init__.py", "")
        archive.writestr("cjm_widgets-0.1.0.dist-info/METADATA", METADATA)
        archive.writestr("cjm_widgets-0.1.0.dist-info/licenses/LICENSE", (REPO / "LICENSE").read_text())
        for inner, data in (add or {}).items():
            archive.writestr(inner, data)
    return path


PURE = "cjm_widgets-0.1.0-py3-none-any.whl"
COMPILED = "cjm_widgets-0.1.0-cp311-abi3-manylinux_2_34_x86_64.whl"
KERNELS = {f"cjm_widgets/analytics/fast_path/{n}.abi3.so": b"\x7fELF" for n in ("_journey_pass", "_text_encoder")}


def test_complete_wheels_pass(tmp_path: Path) -> None:
    RC.check_wheel(wheel(tmp_path, PURE), "pure")
    RC.check_wheel(wheel(tmp_path, COMPILED, add=KERNELS), "compiled")


@pytest.mark.parametrize(
    ("name", "kind", "drop", "add", "complaint"),
    [
        (PURE, "pure", ("journey_map.js",), {}, "journey_map.js is missing"),
        (PURE, "pure", ("offline.js", "journey_map.js"), {}, "is missing"),
        (PURE, "pure", ("bundle.json",), {}, "the front end is missing"),
        (PURE, "pure", (), {"cjm_widgets/analytics/fast_path/_journey_pass.c": b"int x;"}, "sources or tests"),
        (
            PURE,
            "pure",
            ("journey_map.css",),
            {"cjm_widgets/static/journey_map.css": b"body{}"},
            "differs from its build",
        ),
        (PURE, "pure", (), KERNELS, "not a pure"),
        ("cjm_widgets-0.1.0-cp311-cp311-linux_x86_64.whl", "compiled", (), KERNELS, "not a cp311-abi3 manylinux"),
        (COMPILED, "compiled", (), {}, "not the two abi3 kernels"),
    ],
)
def test_planted_defects_are_refused(
    tmp_path: Path, name: str, kind: str, drop: tuple[str, ...], add: dict[str, bytes], complaint: str
) -> None:
    with pytest.raises(RC.ReleaseError, match=complaint):
        RC.check_wheel(wheel(tmp_path, name, drop, add), kind)


def sdist(tmp_path: Path, extra: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> Path:
    path = tmp_path / "cjm_widgets-0.1.0.tar.gz"
    root = "cjm_widgets-0.1.0/"
    files = {f"cjm_widgets/static/{f.name}": f.read_bytes() for f in STATIC.iterdir() if f.name not in drop}
    needed = ("LICENSE", "hatch_build.py", "package.json", "cjm_widgets/analytics/fast_path/_journey_pass.c")
    files |= {name: b"" for name in (*needed, *extra)}
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(root + name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_the_sdist_check_wants_the_bundle_and_no_tests(tmp_path: Path) -> None:
    RC.check_sdist(sdist(tmp_path))
    with pytest.raises(RC.ReleaseError, match="offline.js is missing"):
        RC.check_sdist(sdist(tmp_path, drop=("offline.js",)))
    with pytest.raises(RC.ReleaseError, match=r"\['benchmarks/', 'tests/'\]"):
        RC.check_sdist(sdist(tmp_path, extra=("tests/unit/test_x.py", "benchmarks/run.py")))


def test_without_js_strips_every_script(tmp_path: Path) -> None:
    (tmp_path / "planted").mkdir()
    planted = RC.without_js(wheel(tmp_path, PURE), tmp_path / "planted")
    with zipfile.ZipFile(planted) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".js")]
