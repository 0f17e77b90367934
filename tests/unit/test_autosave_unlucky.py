"""Autosave as an unlucky user meets it: a read-only folder, a file or folder deleted under it, two kernels.

Real files and, for two kernels, two real Python processes. Whatever happens on
disk, the edit stays in the map, the page gets its patch, and no writer's edits
are overwritten without a word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import cjm_widgets as cjm
import cjm_widgets.io.autosave as autosave_module
from cjm_widgets.io.autosave import Autosave

from .hostile_page import HostilePage


def colleen() -> cjm.Journey:
    return cjm.templates.load("colleen-vacuum")


def thought_on_disk(path: Path, row: str) -> Any:
    return cjm.load(path).touchpoints.set_index("id").loc[row, "thought"]


def page_edit(m: cjm.JourneyMap, value: str, row: str = "cv-01") -> str:
    page = HostilePage(m)
    [reply] = page.answers(page.edit({"op": "set", "id": row, "column": "thought", "value": value}))
    return str(reply["type"])


def read_only_folder(tmp_path: Path) -> Path:
    """A folder nobody may write in: chmod for a user; root ignores modes, so a read-only file system."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    return Path("/sys")  # sysfs: root cannot create files there either


def test_a_read_only_folder_keeps_every_edit_in_the_map_and_says_which_folder(tmp_path: Path) -> None:
    folder = read_only_folder(tmp_path)
    path = folder / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), autosave=path)
    assert m.autosave_error is not None and str(folder) in m.autosave_error
    assert ".tmp" not in m.autosave_error  # the user's folder, not our temporary file's name
    assert page_edit(m, "kept") == "patch"  # the edit is applied and answered as usual
    assert m.touchpoints.loc[0, "thought"] == "kept"
    assert "kept in the map" in m.autosave_error
    assert not path.exists()


def test_a_file_deleted_under_autosave_comes_back_with_every_edit(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), autosave=path)
    m.journey.apply({"op": "set", "id": "cv-02", "column": "thought", "value": "before"})
    path.unlink()
    assert page_edit(m, "after") == "patch"
    assert thought_on_disk(path, "cv-01") == "after" and thought_on_disk(path, "cv-02") == "before"
    assert m.autosave_error is None


def test_a_folder_deleted_under_autosave_is_named_and_the_next_edit_saves_all(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), autosave=path)
    shutil.rmtree(folder)
    assert page_edit(m, "while gone") == "patch"
    assert m.autosave_error is not None and f"the folder {folder} does not exist" in m.autosave_error
    folder.mkdir()
    assert page_edit(m, "back", row="cv-02") == "patch"
    assert m.autosave_error is None
    assert thought_on_disk(path, "cv-01") == "while gone" and thought_on_disk(path, "cv-02") == "back"


KERNEL = """
import sys, time
import cjm_widgets as cjm
path, row, go, done = sys.argv[1:5]
m = cjm.JourneyMap.from_file(path)
open(done + ".ready", "w").close()
while not __import__("os").path.exists(go):
    time.sleep(0.01)
m.journey.apply({"op": "set", "id": row, "column": "thought", "value": "from " + row})
open(done, "w").write(m.autosave_error or "")
"""


def test_two_kernels_on_one_file_one_saves_the_other_is_told(tmp_path: Path) -> None:
    """Two real processes open the same file, then edit it one after the other (not written against)."""
    path = tmp_path / "map.cjm.json"
    colleen().save(path)
    script = tmp_path / "kernel.py"
    script.write_text(KERNEL)
    env = {**os.environ, "PYTHONPATH": str(Path(cjm.__file__).parent.parent)}
    kernels = []
    for row in ("cv-01", "cv-02"):
        done = tmp_path / f"{row}.done"
        go = tmp_path / f"{row}.go"
        kernels.append(
            (
                row,
                go,
                done,
                subprocess.Popen([sys.executable, str(script), str(path), row, str(go), str(done)], env=env),
            )
        )
    for _row, _go, done, _proc in kernels:
        while not Path(str(done) + ".ready").exists():
            time.sleep(0.02)
    errors = []
    for _row, go, done, proc in kernels:  # the first kernel edits and saves, then the second
        go.touch()
        assert proc.wait(timeout=120) == 0
        errors.append(done.read_text())
    assert errors[0] == ""
    assert "another writer" in errors[1]
    assert thought_on_disk(path, "cv-01") == "from cv-01"  # the first kernel's edit survives
    assert thought_on_disk(path, "cv-02") != "from cv-02"


def test_two_writers_saving_at_the_same_moment_cannot_both_pass_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second writer checks while the first is between its check and its rename."""
    path = tmp_path / "map.cjm.json"
    one = Autosave(colleen(), path)
    two = Autosave(cjm.load(path), path)
    two.close()
    two.journey.title = "Two"  # an edit the second writer is about to save
    real_write = autosave_module.write_atomic
    results: dict[str, bool] = {}
    others: list[threading.Thread] = []

    def slow_write(target: Any, data: bytes) -> None:
        if not others:  # the first writer, checked and about to write: the second one saves now
            others.append(threading.Thread(target=lambda: results.setdefault("two saved", two.save_now())))
            others[0].start()
            others[0].join(timeout=0.5)  # without a lock it passes its check and writes in this time
            results["two finished first"] = not others[0].is_alive()
        real_write(target, data)

    monkeypatch.setattr(autosave_module, "write_atomic", slow_write)
    one.journey.title = "One"
    others[0].join(timeout=30)
    monkeypatch.undo()
    assert results["two finished first"] is False  # it waited for the first writer's lock...
    assert results["two saved"] is False and isinstance(two.conflict, cjm.AutosaveConflict)  # ...then saw its write
    assert cjm.load(path).title == "One"
