"""Autosave: every applied edit is on disk at once, atomically; conflicts and failed writes lose nothing."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.io import atomic

from .fake_view import Wire


def template() -> cjm.Journey:
    return cjm.templates.load("sales-funnel-4")


def on_disk(path: Path) -> cjm.Journey:
    return cjm.load(path)


def test_new_file_is_written_at_once_and_after_every_page_edit(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(template(), autosave=path)
    assert m.autosave == str(path)
    assert on_disk(path).equals(m.journey)
    view = Wire(m).view()
    first = m.touchpoints["id"].iloc[0]
    view.edit({"op": "set", "id": first, "column": "thought", "value": "Saved <b>at once</b>"})
    view.flush()
    saved = on_disk(path).touchpoints.set_index("id")
    assert saved.loc[first, "thought"] == "Saved <b>at once</b>"
    # a structural edit from the page, too
    view.edit({"op": "delete", "id": first})
    view.flush()
    assert first not in on_disk(path).touchpoints["id"].tolist()
    assert on_disk(path).equals(m.journey)


def test_python_edits_metadata_and_stage_changes_are_saved(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(template(), autosave=path)
    with m.edit() as df:
        df.loc[df.index[1], "emotion"] = -2.0
    assert on_disk(path).touchpoints["emotion"].iloc[1] == -2.0
    m.title = "Renamed in Python"
    m.kind = "future"
    assert (on_disk(path).title, on_disk(path).kind) == ("Renamed in Python", "future")
    m.stages = [*m.journey.stage_names, "Loyalty"]
    assert on_disk(path).stage_names[-1] == "Loyalty"
    assert on_disk(path).equals(m.journey)


def test_reopening_the_same_map_is_fine_and_a_different_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(template(), autosave=path)
    with m.edit() as df:
        df.loc[df.index[0], "thought"] = "edited"
    before = path.read_bytes()
    m.close()
    # Re-running the notebook's original cell: the file holds the edited map, not the template.
    with pytest.raises(cjm.AutosaveConflict, match=r"already holds a different journey map.*JourneyMap\.from_file"):
        cjm.JourneyMap(template(), autosave=path)
    assert path.read_bytes() == before  # nothing overwritten
    # The same map (e.g. loaded from the file) continues quietly.
    again = cjm.JourneyMap(cjm.load(path), autosave=path)
    assert again.touchpoints["thought"].iloc[0] == "edited"
    # overwrite=True replaces it, explicitly.
    cjm.JourneyMap(template(), autosave=path, overwrite=True)
    assert on_disk(path).equals(template())


def test_a_file_that_is_not_a_journey_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "notes.cjm.json"
    path.write_text("my precious notes")
    with pytest.raises(cjm.AutosaveConflict):
        cjm.JourneyMap(template(), autosave=path)
    assert path.read_text() == "my precious notes"


def test_open_starts_from_default_then_continues_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    with pytest.raises(FileNotFoundError, match="pass default="):
        cjm.JourneyMap.from_file(path)
    m = cjm.JourneyMap.from_file(path, default=template(), lanes=["touchpoint", "emotion"])
    assert m.lanes == ["touchpoint", "emotion"]
    with m.edit() as df:
        df.loc[df.index[0], "touchpoint"] = "Edited, then the kernel restarted"
    m.close()
    reopened = cjm.JourneyMap.from_file(path, default=template())  # the default is ignored now
    assert reopened.touchpoints["touchpoint"].iloc[0] == "Edited, then the kernel restarted"
    assert reopened.autosave == str(path)


def test_a_failed_write_keeps_the_map_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(template(), autosave=path)
    before = path.read_bytes()
    real_replace = os.replace

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with caplog.at_level(logging.WARNING), m.edit() as df:
        df.loc[df.index[0], "thought"] = "kept in memory"
    assert m.touchpoints["thought"].iloc[0] == "kept in memory"  # the edit stands
    assert m.autosave_error is not None and "No space left on device" in m.autosave_error
    assert str(path) in m.autosave_error and "next edit tries again" in m.autosave_error
    assert m.get_state()["autosave_error"] == m.autosave_error  # the page shows it
    assert "Autosave" in caplog.text
    assert path.read_bytes() == before  # the old file is intact, no temp file left
    assert [p.name for p in tmp_path.iterdir()] == ["map.cjm.json"]
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    with m.edit() as df:
        df.loc[df.index[1], "thought"] = "disk is back"
    assert m.autosave_error is None
    saved = on_disk(path).touchpoints
    assert saved["thought"].iloc[0] == "kept in memory" and saved["thought"].iloc[1] == "disk is back"


def test_closing_the_map_stops_autosave(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    j = template()
    m = cjm.JourneyMap(j, autosave=path)
    m.close()
    j.touchpoints = j.touchpoints.assign(thought="after close")
    assert "after close" not in on_disk(path).touchpoints["thought"].tolist()


def test_an_unwritable_folder_fails_clearly_at_construction(tmp_path: Path) -> None:
    path = tmp_path / "missing-folder" / "map.cjm.json"
    m = cjm.JourneyMap(template(), autosave=path)
    assert m.autosave_error is not None and "missing-folder" in m.autosave_error
    assert isinstance(m.touchpoints, pd.DataFrame)
