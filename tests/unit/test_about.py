"""``python -m cjm_widgets --info`` / ``cjm.show_versions()``, and the package's metadata agreeing with itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

import cjm_widgets as cjm
from cjm_widgets.about.versions import installed, report
from cjm_widgets.analytics.pass_status import PassStatus, active_pass, build_record
from cjm_widgets.render.bundle import STATIC, bundle_info

REPO = Path(cjm.__file__).resolve().parent.parent


def info_command(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "cjm_widgets", *args], capture_output=True, text=True, check=True)
    return done.stdout


def test_info_prints_package_python_dependencies_pass_engines_and_front_end() -> None:
    text = info_command("--info")
    assert text.startswith(f"cjm_widgets {cjm.__version__}\n")
    for name in ("anywidget", "ipywidgets", "pandas", "bqplot", "numpy", "polars", "duckdb"):
        assert f"  {name}" in text and version(name) in text, name
    assert f"Python           {sys.version.split()[0]}" in text
    package_json = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert f"bundle         {package_json['version']} (" in text and "all as built" in text
    status = active_pass()
    assert f"active         {status.name}" in text and status.reason in text


def test_info_as_json_is_the_dict_show_versions_reports(capsys: pytest.CaptureFixture[str]) -> None:
    printed = json.loads(info_command("--info", "--json"))
    assert printed["cjm_widgets"]["version"] == cjm.__version__
    assert printed["dependencies"]["pandas"] == version("pandas")
    assert printed["analytics_pass"]["name"] in ("compiled", "numpy")
    cjm.show_versions()
    assert capsys.readouterr().out.startswith(f"cjm_widgets {cjm.__version__}")
    assert installed()["front_end"]["problems"] == []


def test_without_arguments_the_command_explains_itself() -> None:
    assert "--info" in info_command()


def with_pass(status: PassStatus) -> dict[str, Any]:
    """installed() as an install with this pass would report it."""
    info = installed()
    info["analytics_pass"] = {"name": status.name, "reason": status.reason, "warn": status.warn}
    info["analytics_pass"]["compiled_text_encoder"] = False
    return info


def record(compiled: list[str], pure: bool, reason: str) -> dict[str, Any]:
    return {"compiled": compiled, "abi": "cp311-abi3", "pure": pure, "reason": reason}


def test_a_failed_compile_is_a_visible_warning_with_its_reason() -> None:
    status = active_pass(record([], False, "no C compiler at install ('gcc' not found)"), built=False)
    assert (status.name, status.warn) == ("numpy", True)
    assert status.reason == "compiled extension not built: no C compiler at install ('gcc' not found)"
    text = report(with_pass(status))
    assert "WARNING: from_events runs its numpy pass" in text and "'gcc' not found" in text


def test_the_pure_wheel_says_so_without_a_warning() -> None:
    status = active_pass(record([], True, "the pure-Python wheel (built with CJM_PURE=1)"), built=False)
    assert (status.name, status.warn) == ("numpy", False) and "CJM_PURE=1" in status.reason
    assert "WARNING" not in report(with_pass(status))


def test_an_extension_that_was_built_but_does_not_load_is_named() -> None:
    status = active_pass(record(["_journey_pass", "_text_encoder"], False, ""), built=False)
    assert status.warn and status.reason.startswith("compiled extension did not load")


def test_a_source_tree_without_a_build_record_is_told_how_to_build(tmp_path: Path) -> None:
    assert build_record(tmp_path / "build.json") is None
    status = active_pass({}, built=False)
    assert status.warn and status.name == "numpy"


def test_the_bundle_check_finds_a_changed_or_missing_file(tmp_path: Path) -> None:
    static = tmp_path / "static"
    shutil.copytree(STATIC, static)
    assert bundle_info(static).problems == ()
    (static / "journey_map.css").write_text("body{}", encoding="utf-8")
    (static / "offline.js").unlink()
    assert bundle_info(static).problems == ("journey_map.css changed since the build", "offline.js missing")
    (static / "bundle.json").unlink()
    info = bundle_info(static)
    assert info.version is None and "not built" in info.problems[0]


def test_licence_and_version_are_declared_once_and_agree() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package_json = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert project["license"] == package_json["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("BSD 3-Clause License")
    assert not any(c.startswith("License ::") for c in project["classifiers"])  # PEP 639: `license` alone
    assert package_json["version"] == cjm.__version__
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"][""]
    assert (lock["version"], lock["license"]) == (cjm.__version__, "BSD-3-Clause")
    assert json.loads((STATIC / "bundle.json").read_text(encoding="utf-8"))["version"] == cjm.__version__
    python_versions = {
        c.rsplit(" ", 1)[-1] for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")
    }
    assert "3.11" in python_versions and project["requires-python"] == ">=3.11"
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(project["urls"])
