"""PersonaCard binding, persona pictures (types and size limits) and the map's persona switcher trait."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

import cjm_widgets as cjm
from cjm_widgets.schema.pictures import picture_data_url
from cjm_widgets.sync.view_state import persona_choices

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def two_personas() -> cjm.Journey:
    j = cjm.templates.load("colleen-vacuum")
    j.personas = [*j.personas.to_dict("records"), {"persona": "bob", "name": "Busy Bob"}]
    tp = j.touchpoints
    tp.loc[tp["id"] == "cv-03", "persona"] = "bob"
    j.touchpoints = tp
    return j


def card_messages(card: cjm.PersonaCard) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    card.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    return sent


# -- pictures ---------------------------------------------------------------------------


def test_picture_from_a_file_becomes_a_data_url(tmp_path: Path) -> None:
    path = tmp_path / "face.jpg"  # the name lies: the bytes decide the type
    path.write_bytes(PNG)
    url = picture_data_url(path)
    assert url == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert picture_data_url(url) == url  # a data URL is checked and kept


def test_pictures_refused_with_clear_errors(tmp_path: Path) -> None:
    svg = tmp_path / "x.svg"
    svg.write_text("<svg onload='alert(1)'/>")
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\0" * 3_000_000)
    cases = [
        (tmp_path / "missing.png", "no picture file at"),
        (svg, "not a PNG, JPEG, GIF or WebP image"),
        (big, "the picture is 2.9 MB, over 2.0 MB"),
        ("data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(), "not a PNG, JPEG"),
        ("data:image/png;base64,%%%", "not a base64 data URL"),
        ("data:image/png;base64,abc", "base64 is damaged"),
    ]
    for source, message in cases:
        with pytest.raises(cjm.SchemaError, match=message) as info:
            picture_data_url(source, persona="colleen")
        assert (info.value.table, info.value.column, info.value.row) == ("personas", "picture", "colleen")
    with pytest.raises(cjm.SchemaError, match="the picture is 70 bytes, over 10 bytes"):
        picture_data_url(base64_url(PNG), max_bytes=10)


def base64_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


# -- PersonaCard --------------------------------------------------------------------------


def test_card_binds_to_the_first_or_a_named_persona() -> None:
    j = two_personas()
    m = cjm.JourneyMap(j)
    assert cjm.PersonaCard(m).persona == "colleen"
    bob = cjm.PersonaCard(j, "bob")
    assert bob.record["name"] == "Busy Bob"
    with pytest.raises(cjm.SchemaError, match="unknown persona 'zed'. Use one of: 'colleen', 'bob'"):
        cjm.PersonaCard(j, "zed")
    with pytest.raises(cjm.SchemaError, match="the journey has no personas"):
        cjm.PersonaCard(cjm.Journey())
    with pytest.raises(TypeError, match="needs a Journey"):
        cjm.PersonaCard(42)
    alone = cjm.PersonaCard({"name": "Ann", "age": 30})
    assert alone.record["name"] == "Ann" and alone.journey.personas["age"].tolist() == [30.0]


def test_card_edits_update_personas_and_bad_values_are_refused() -> None:
    j = two_personas()
    card = cjm.PersonaCard(j, "bob")
    sent = card_messages(card)
    card._handle_custom_msg({"type": "edit", "edit_id": "c1", "op": {"op": "set", "column": "age", "value": "35"}}, [])
    assert sent[-1] == {"type": "ack", "edit_id": "c1", "value": 35.0}
    assert j.personas.set_index("persona").loc["bob", "age"] == 35.0
    card._handle_custom_msg({"type": "edit", "edit_id": "c2", "op": {"op": "set", "column": "age", "value": "old"}}, [])
    assert sent[-1]["type"] == "reject" and "column 'age'" in sent[-1]["message"] and "'old'" in sent[-1]["message"]
    assert j.personas.set_index("persona").loc["bob", "age"] == 35.0
    card._handle_custom_msg(
        {"type": "edit", "edit_id": "c3", "op": {"op": "set", "column": "persona", "value": "x"}}, []
    )
    assert "the persona key is fixed" in sent[-1]["message"]
    card._handle_custom_msg({"type": "edit", "edit_id": "c4", "op": {"op": "set", "column": "goals", "value": " "}}, [])
    assert sent[-1]["type"] == "ack" and sent[-1]["value"] is None  # blank clears the field
    # The other persona's row is untouched.
    assert j.personas.set_index("persona").loc["colleen", "name"] == "Curious Colleen"


def test_python_side_changes_redraw_the_card_and_pictures_embed(tmp_path: Path) -> None:
    j = two_personas()
    card = cjm.PersonaCard(j)
    personas = j.personas
    personas.loc[personas["persona"] == "colleen", "quote"] = "Es gribu, lai tas kalpo ilgi."
    j.personas = personas
    assert card.record["quote"] == "Es gribu, lai tas kalpo ilgi."
    path = tmp_path / "face.png"
    path.write_bytes(PNG)
    card.load_picture(path)
    assert j.personas["picture"].iloc[0].startswith("data:image/png;base64,")
    # A path stored in the table is shown embedded; the table keeps the path.
    personas = j.personas
    personas.loc[personas["persona"] == "colleen", "picture"] = str(path)
    j.personas = personas
    assert card.record["picture"].startswith("data:image/png;base64,")
    assert j.personas["picture"].iloc[0] == str(path)
    card.close()
    assert card._journey_changed not in j._observers
    alone = cjm.PersonaCard({"name": "Ann"})
    alone.journey.personas = [{"persona": "someone-else"}]
    assert alone.record == {}  # the card says its persona is gone
    with pytest.raises(cjm.SchemaError, match="this persona was deleted"):
        alone.set("name", "Ann")


# -- the map's persona switcher ------------------------------------------------------------


def test_map_persona_trait_is_checked_and_follows_the_journey() -> None:
    j = two_personas()
    m = cjm.JourneyMap(j)
    assert m._personas == [{"persona": "colleen", "name": "Curious Colleen"}, {"persona": "bob", "name": "Busy Bob"}]
    assert m.persona is None
    m.persona = "bob"
    with pytest.raises(cjm.SchemaError, match="unknown persona 'zed'. Use None \\(all personas\\) or one of"):
        m.persona = "zed"
    sent: list[dict[str, Any]] = []
    m.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    m._handle_custom_msg({"type": "set_trait", "name": "persona", "value": "colleen"}, [])
    assert m.persona == "colleen"
    m._handle_custom_msg({"type": "set_trait", "name": "persona", "value": "nobody"}, [])
    assert sent[-1]["type"] == "reject" and m.persona == "colleen"
    # A persona only found in the touchpoints is offered too; one that vanishes resets the switcher.
    tp = j.touchpoints
    tp.loc[tp["id"] == "cv-04", "persona"] = "walk-in"
    j.personas = j.personas.iloc[:0]
    j.touchpoints = tp
    assert [c["persona"] for c in persona_choices(j)] == ["colleen", "bob", "walk-in"]
    m.persona = "walk-in"
    j.touchpoints = tp.assign(persona=None)
    assert m.persona is None and m._personas == []


def test_persona_card_edits_reach_an_autosaved_file(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(two_personas(), autosave=path)
    seen: list[Any] = []
    m.on_edit(seen.append)
    cjm.PersonaCard(m, "bob").set("quote", "Just tell me which one lasts.")
    assert cjm.load(path).personas.set_index("persona").loc["bob", "quote"] == "Just tell me which one lasts."
    assert [e.kind for e in seen] == ["personas"]
