"""Nothing is lost: an applied edit stays applied, acknowledged, sent to every view and autosaved.

Failing observers and callbacks are logged and isolated; text no file can hold
is refused before it is applied; every change of a Journey reaches the autosave
file; two writers of one file are caught; file writes are atomic and leave the
process (umask) and symlinks alone.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.io.atomic import write_atomic
from cjm_widgets.io.autosave import Autosave
from cjm_widgets.render.standalone import write_html

from .fake_view import Wire
from .hostile_page import HostilePage


def colleen() -> cjm.Journey:
    return cjm.templates.load("colleen-vacuum")


def saved(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text("utf-8")))


def thought(m: cjm.JourneyMap, row: str) -> Any:
    return m.touchpoints.set_index("id").loc[row, "thought"]


# -- failing observers and callbacks ----------------------------------------------------------


@pytest.mark.parametrize("where", ["on_edit", "observer first", "observer last"])
def test_a_failing_callback_or_observer_loses_nothing(
    where: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_: object) -> None:
        raise RuntimeError("the user's code is broken")

    journey = colleen()
    if where == "observer first":  # before the map and its autosave: the old code skipped them
        journey.observe(broken)
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(journey, autosave=path)
    if where == "on_edit":
        m.on_edit(broken)
    elif where == "observer last":
        journey.observe(broken)
    wire = Wire(m)
    editor, other = wire.view(), wire.view()
    with caplog.at_level(logging.ERROR):
        edit_id = editor.edit({"op": "set", "id": "cv-02", "column": "thought", "value": "Still here"})
        editor.flush()
    editor.receive_all()
    other.receive_all()
    assert edit_id in editor.acked and editor.rejected == {}  # acknowledged, not turned into a reject
    assert [r["thought"] for r in other.rows if r["id"] == "cv-02"] == ["Still here"]  # every view has it
    assert thought(m, "cv-02") == "Still here"
    assert cjm.load(path).touchpoints.set_index("id").loc["cv-02", "thought"] == "Still here"  # autosaved
    assert m.autosave_error is None
    assert any("the user's code is broken" in (r.exc_text or "") for r in caplog.records)  # logged


@pytest.mark.parametrize(
    ("text", "words"),
    [("half \ud83d a face", "lone surrogate (U+D83D)"), ("bell \x07", "control character (U+0007)")],
)
def test_text_no_file_can_hold_is_refused_with_a_clear_reject(text: str, words: str, tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), autosave=path)
    before = path.read_bytes()
    page = HostilePage(m)
    ops = [
        {"op": "set", "id": "cv-02", "column": "thought", "value": text},
        {"op": "insert", "row": {"stage": "Research", "touchpoint": text}, "before": None},
        {"op": "rename_stage", "stage": "Research", "to": text},
        {"op": "add_stage", "stage": "New", "index": None, "description": text},
    ]
    for op in ops:
        [answer] = page.answers(page.edit(op))
        assert answer["type"] == "reject" and words in answer["message"]
    assert path.read_bytes() == before and m.journey.revision == 0
    notes = cjm.EmpathyMap([{"quadrant": "says", "text": "Hi"}])
    page = HostilePage(notes)
    [answer] = page.answers(page.edit({"op": "set", "id": "note-1", "column": "text", "value": text}))
    assert answer["type"] == "reject" and words in answer["message"]
    assert notes.notes["text"].tolist() == ["Hi"]
    card = cjm.PersonaCard(colleen())
    page = HostilePage(card)
    [answer] = page.answers(page.edit({"op": "set", "id": "colleen", "column": "quote", "value": text}))
    assert answer["type"] == "reject" and words in answer["message"]


def test_a_lone_surrogate_in_a_title_is_refused_in_python() -> None:
    journey = colleen()
    with pytest.raises(cjm.SchemaError, match=r"column 'title'.*lone surrogate"):
        journey.title = "Colleen \udc00"
    with pytest.raises(cjm.SchemaError, match=r"column 'notes'.*lone surrogate"):
        journey.notes = "\ud800"
    assert journey.title == colleen().title


# -- every change reaches the autosave file ---------------------------------------------------


def test_every_change_of_the_journey_is_autosaved(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), autosave=path)
    journey = m.journey
    journey.title = "Colleen, second visit"
    assert saved(path)["title"] == "Colleen, second visit"
    assert m.title == "Colleen, second visit"  # the map shows it too
    journey.kind = "future"
    assert saved(path)["kind"] == "future" and m.kind == "future"
    journey.notes = "Interviewed in May"
    assert saved(path)["notes"] == "Interviewed in May"
    journey.actions = [{"action": "Show durability first", "stage": "Research", "owner": "Ann", "status": "todo"}]
    assert cjm.load(path).actions["action"].tolist() == ["Show durability first"]
    journey.personas = [*journey.personas.to_dict("records"), {"persona": "bob", "name": "Busy Bob"}]
    assert cjm.load(path).personas["persona"].tolist() == ["colleen", "bob"]
    journey.metrics = pd.DataFrame({"metric": ["csat"], "stage": ["Research"], "value": [3.5]})
    assert cjm.load(path).metrics["value"].tolist() == [3.5]
    assert cjm.load(path).equals(journey)


def test_title_changes_reach_on_edit_but_no_patch() -> None:
    m = cjm.JourneyMap(colleen())
    edits: list[cjm.widgets.journey_map.Edit] = []
    m.on_edit(edits.append)
    wire = Wire(m)
    m.journey.title = "New title"
    assert [(e.kind, e.old, e.new) for e in edits] == [("title", colleen().title, "New title")]
    assert wire.sent == []  # the synced title trait carries it; no empty patch


# -- two writers of one file -----------------------------------------------------------------


def test_two_maps_on_one_file_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    first = cjm.JourneyMap.from_file(path, default=colleen())
    second = cjm.JourneyMap.from_file(path)  # the same file, opened again (another cell, a copy of the notebook)
    first.journey.apply({"op": "set", "id": "cv-01", "column": "thought", "value": "first"})
    second.journey.apply({"op": "set", "id": "cv-02", "column": "thought", "value": "second"})
    on_disk = cjm.load(path).touchpoints.set_index("id")["thought"]
    assert on_disk["cv-01"] == "first"  # the first map's edit is kept...
    assert on_disk["cv-02"] == colleen().touchpoints.set_index("id").loc["cv-02", "thought"]  # ...not overwritten
    assert first.autosave_error is None
    assert second.autosave_error is not None and "another writer" in second.autosave_error
    assert thought(second, "cv-02") == "second"  # the edit stays in the map, to be saved elsewhere
    second.journey.apply({"op": "set", "id": "cv-03", "column": "thought", "value": "again"})
    assert cjm.load(path).touchpoints.set_index("id").loc["cv-01", "thought"] == "first"  # still refused


def test_the_conflict_is_an_autosave_conflict(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    one = Autosave(colleen(), path)
    two = Autosave(cjm.load(path), path)
    assert one.save_now() and two.save_now()  # the same bytes: no conflict
    one.journey.title = "One"
    two.journey.title = "Two"
    assert isinstance(two.conflict, cjm.AutosaveConflict)
    assert saved(path)["title"] == "One"


# -- atomic writes ----------------------------------------------------------------------------


def test_autosave_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "maps" / "real.cjm.json"
    target.parent.mkdir()
    link = tmp_path / "map.cjm.json"
    link.symlink_to(target)
    m = cjm.JourneyMap(colleen(), autosave=link)
    m.journey.title = "Through the link"
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert saved(target)["title"] == "Through the link"
    assert sorted(p.name for p in target.parent.iterdir()) == ["real.cjm.json"]  # no temporary file left


def test_writes_leave_the_umask_alone_and_fsync_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    umask = os.umask(0o027)
    os.umask(umask)  # read it for the expected mode, before the test forbids it
    synced: list[int] = []
    real_fsync = os.fsync

    def no_umask(mask: int) -> int:
        raise AssertionError("the process umask was changed (another thread's files would get it)")

    def fsync(fd: int) -> None:
        synced.append(os.fstat(fd).st_mode)
        real_fsync(fd)

    monkeypatch.setattr(os, "umask", no_umask)
    monkeypatch.setattr(os, "fsync", fsync)
    path = tmp_path / "new.cjm.json"
    write_atomic(path, b"{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert any(stat.S_ISDIR(mode) for mode in synced) and any(stat.S_ISREG(mode) for mode in synced)
    path.chmod(0o600)
    write_atomic(path, b"[]")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == b"[]"  # a replaced file keeps its mode


def test_write_html_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    cjm.JourneyMap(colleen()).to_html(path)
    before = path.read_bytes()
    with pytest.raises(UnicodeEncodeError):
        write_html("<p>half \ud800 a page</p>", path)  # fails halfway: the old page stays whole
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_autosave_that_cannot_encode_the_map_says_so_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), autosave=path)
    before = path.read_bytes()
    with m.edit() as df:  # an object column from Python code: pandas stores what it is given
        df["memo"] = pd.Series(["half \ud800"] + ["ok"] * (len(df) - 1), dtype=object, index=df.index)
    assert "memo" in m.touchpoints.columns  # the edit stands...
    assert m.autosave_error is not None and "surrogates not allowed" in m.autosave_error  # ...the failure is shown
    assert path.read_bytes() == before
