"""Build hook: compile the event-log kernels of ``cjm.from_events`` (C extensions, no dependencies).

``cjm_widgets/analytics/fast_path/_journey_pass.c`` (the journey pass) and ``_text_encoder.c`` (text
columns to codes) are compiled next to their sources with the C compiler Python was
built with, for editable installs and wheels alike. Without a compiler the package still
installs and works, as pure Python: numpy and pyarrow compute the same figures, several
times slower on big logs. ``CJM_REQUIRE_COMPILED=1`` makes a failed compile an error
instead (the test suite's install sets it).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCES = [
    Path("cjm_widgets/analytics/fast_path/_journey_pass.c"),
    Path("cjm_widgets/analytics/fast_path/_text_encoder.c"),
]


def compile_extension(root: Path, source: Path) -> Path:
    """Compile one extension in place; returns its path."""
    target = root / source.with_name(source.stem + sysconfig.get_config_var("EXT_SUFFIX"))
    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
    command = [
        *compiler,
        "-O3",
        "-fPIC",
        "-shared",
        "-pthread",
        "-Wall",
        f"-I{sysconfig.get_paths()['include']}",
        *(["-undefined", "dynamic_lookup"] if sys.platform == "darwin" else []),  # Python's symbols, at load
        str(root / source),
        "-o",
        str(target),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return target


class JourneyPassBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        for source in SOURCES:
            try:
                target = compile_extension(root, source)
            except (OSError, subprocess.CalledProcessError) as error:
                detail = getattr(error, "stderr", None) or str(error)
                if os.environ.get("CJM_REQUIRE_COMPILED") == "1":
                    raise RuntimeError(f"cjm_widgets: compiling {source} failed:\n{detail}") from error
                self.app.display_warning(f"cjm_widgets: {source} not compiled, numpy runs instead: {detail}")
                continue
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
            if version != "editable":
                build_data["force_include"][str(target)] = str(target.relative_to(root))
