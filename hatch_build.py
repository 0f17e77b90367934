"""Build hook: check the front end is in every distribution; compile the C kernels of ``cjm.from_events``.

The front end: hatch-jupyter-builder (the hook before this one) runs the npm build, or skips it
when the bundle is already there (an sdist ships it, so installing one needs no Node). This hook
then refuses to make a wheel or an sdist without the bundle, even with ``SKIP_JUPYTER_BUILDER=1``.

The kernels: ``cjm_widgets/analytics/fast_path/_journey_pass.c`` (the journey pass) and
``_text_encoder.c`` (text columns to codes) use CPython's stable ABI of 3.11, so one compiled
wheel (tag ``cp311-abi3``) serves 3.11 and later; they are compiled next to their sources with
the C compiler Python was built with, for editable installs and wheels alike. Without a
compiler the package still installs and works as pure Python (numpy and pyarrow compute the
same figures, several times slower on big logs), and ``python -m cjm_widgets --info`` says why.

- ``CJM_PURE=1``: no compiled pass at all, a ``py3-none-any`` wheel;
- ``CJM_REQUIRE_COMPILED=1``: a failed compile is an error (the test suite's install sets it).

Each wheel records what was compiled and why not in ``fast_path/build.json``.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import sysconfig
import tomllib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FAST_PATH = Path("cjm_widgets/analytics/fast_path")
SOURCES = [FAST_PATH / "_journey_pass.c", FAST_PATH / "_text_encoder.c"]
RECORD = FAST_PATH / "build.json"  # what was compiled (read by cjm_widgets.analytics.pass_status)
ABI3 = "cp311-abi3"  # the sources define Py_LIMITED_API 0x030B0000
ABI3_SUFFIX = ".pyd" if sys.platform == "win32" else ".abi3.so"


def bundle_files(root: Path) -> list[Path]:
    """The built front end files a distribution must hold (pyproject's ``ensured-targets``)."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    targets = config["tool"]["hatch"]["build"]["hooks"]["jupyter-builder"]["ensured-targets"]
    return [Path(target) for target in targets]


def stale_extensions(root: Path) -> list[Path]:
    """Compiled kernels left beside the sources by earlier builds (each build makes its own afresh).

    Python prefers ``*.cpython-311-*.so`` to ``*.abi3.so``, so one left by an older build
    would be imported instead of the fresh one; and a pure build must leave none behind.
    """
    names = [source.with_name(source.stem + suffix) for source in SOURCES for suffix in EXTENSION_SUFFIXES]
    return [root / name for name in names if (root / name).exists()]


def compile_extension(root: Path, source: Path) -> Path:
    """Compile one extension in place against the stable ABI; returns its path."""
    target = root / source.with_name(source.stem + ABI3_SUFFIX)
    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
    command = [
        *compiler,
        "-O3",
        "-fPIC",
        "-shared",
        "-pthread",
        "-Wall",
        "-Werror=implicit-function-declaration",  # a name outside the limited API must fail here, not at import
        f"-I{sysconfig.get_paths()['include']}",
        *(["-undefined", "dynamic_lookup"] if sys.platform == "darwin" else []),  # Python's symbols, at load
        str(root / source),
        "-o",
        str(target),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return target


def failure_reason(compiler: str, error: Exception) -> str:
    """Why a compile failed, in words a user can act on."""
    if isinstance(error, FileNotFoundError):
        return f"no C compiler at install ({compiler!r} not found)"
    detail = (getattr(error, "stderr", None) or str(error)).strip()
    if "Python.h" in detail:
        return "Python's C headers were missing at install (e.g. apt install python3-dev)"
    first = detail.splitlines()[0] if detail else str(error)
    return f"the C compiler failed at install: {first}"


def platform_tag() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


class JourneyPassBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        if version == "standard":
            self.require_bundle(root)
        if self.target_name != "wheel":
            return
        pure = os.environ.get("CJM_PURE") == "1"
        for stale in stale_extensions(root):
            stale.unlink()
        record: dict[str, Any] = {"compiled": [], "abi": ABI3, "pure": pure, "reason": ""}
        built: list[Path] = []
        if pure:
            record["reason"] = "the pure-Python wheel (built with CJM_PURE=1)"
        else:
            built = self.compile_all(root, record)
        (root / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        if version != "editable":  # an editable install reads them in place
            for path in [root / RECORD, *built]:
                build_data["force_include"][str(path)] = path.relative_to(root).as_posix()
        if built:
            build_data["pure_python"] = False
            build_data["tag"] = f"{ABI3}-{platform_tag()}"

    def compile_all(self, root: Path, record: dict[str, Any]) -> list[Path]:
        """Compile each kernel; the ones built (their names in ``record``, or the first reason one was not)."""
        compiler = (shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc") or ["cc"])[0]
        built = []
        for source in SOURCES:
            try:
                built.append(compile_extension(root, source))
            except (OSError, subprocess.CalledProcessError) as error:
                reason = failure_reason(compiler, error)
                if os.environ.get("CJM_REQUIRE_COMPILED") == "1":
                    raise RuntimeError(f"cjm_widgets: compiling {source} failed: {reason}\n{error}") from error
                self.app.display_warning(f"cjm_widgets: {source} not compiled, numpy runs instead: {reason}")
                record["reason"] = record["reason"] or reason
                continue
            record["compiled"].append(source.stem)
        return built

    def require_bundle(self, root: Path) -> None:
        missing = [path.as_posix() for path in bundle_files(root) if not (root / path).is_file()]
        if missing:
            raise RuntimeError(
                f"cjm_widgets: the front end is not built ({', '.join(missing)} missing), and a "
                f"{self.target_name} without it would show no map. Run `npm ci && npm run build` "
                "(needs Node.js 20+), or build without SKIP_JUPYTER_BUILDER."
            )
