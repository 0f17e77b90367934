"""Files from elsewhere: every format round-trips what it can express, and reads what people write."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cjm_widgets as cjm
from cjm_widgets.io import mermaid

CANONICAL = ["id", "stage", "touchpoint", "channel", "action", "thought", "emotion", "pain_point", "opportunity"]
FILE_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def sample() -> cjm.Journey:
    df = pd.DataFrame(
        {
            "id": ["a1", "a2", "p1", "r1"],
            "stage": ["Awareness", "Awareness", "Purchase", "Retention"],
            "touchpoint": ["TV ad", "Friend's tip", '=HYPERLINK("http://x")', "Survey: 5 stars? #1"],
            "channel": ["TV", None, "Web", "Email"],
            "action": ["Sees the ad", "Asks a friend", "Pays", None],
            "thought": ["Looks good\nbut pricey", None, "-fast please", "@team, thanks"],
            "emotion": [1.0, 2.0, -1.5, np.nan],
            "pain_point": [None, None, "+3 steps too many", "Spam"],
            "opportunity": ["Show price", None, None, "'Quote' it"],
            "segment": ["new", "new", "returning", None],
        }
    )
    return cjm.Journey(df, ["Awareness", "Consideration", "Purchase", "Retention"], title="Round trip")


def values(series: pd.Series) -> list[object]:
    """The column's values with missing ones as None (pandas 3 text columns hold NaN)."""
    return [None if pd.isna(v) else v for v in series.tolist()]


def assert_same_touchpoints(a: cjm.Journey, b: cjm.Journey, columns: list[str] | None = None) -> None:
    columns = columns or list(a.touchpoints.columns)
    pd.testing.assert_frame_equal(
        a.touchpoints[columns].reset_index(drop=True), b.touchpoints[columns].reset_index(drop=True), check_exact=True
    )


@pytest.mark.parametrize(
    ("suffix", "layout"), [(".csv", "wide"), (".csv", "long"), (".xlsx", "wide"), (".xlsx", "long")]
)
def test_spreadsheet_round_trip(tmp_path: Path, suffix: str, layout: str) -> None:
    j = sample()
    path = tmp_path / f"map{suffix}"
    (j.to_csv if suffix == ".csv" else j.to_excel)(path, layout=layout)  # type: ignore[operator]
    back = cjm.load(path, title="Round trip")  # the layout is detected
    assert_same_touchpoints(j, back)
    if layout == "wide":  # the wide layout keeps a stage with no touchpoints; the long one cannot
        assert back.stage_names == j.stage_names
    else:
        assert back.stage_names == ["Awareness", "Purchase", "Retention"]


def test_wide_csv_is_what_people_draw(tmp_path: Path) -> None:
    j = sample()
    path = tmp_path / "map.csv"
    j.to_csv(path)
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    # Stages across (Awareness holds a multi-line thought, so each of its touchpoints gets a column)...
    assert rows[0] == ["Lane", "Awareness", "Awareness", "Consideration", "Purchase", "Retention"]
    # ...lanes down, in map order, extra columns before the ID row.
    assert [r[0] for r in rows[1:]] == [
        "Touchpoint",
        "Channel",
        "Actions",
        "Thoughts",
        "Emotion",
        "Pain points",
        "Opportunities",
        "segment",
        "ID",
    ]
    by_lane = {r[0]: r[1:] for r in rows[1:]}
    assert by_lane["Touchpoint"][3] == '\'=HYPERLINK("http://x")'  # a formula is written as text
    assert by_lane["Thoughts"][3] == "'-fast please" and by_lane["Pain points"][3] == "'+3 steps too many"
    assert by_lane["Thoughts"][4] == "'@team, thanks" and by_lane["Opportunities"][4] == "''Quote' it"
    assert by_lane["Emotion"][3] == "-1.5"  # numbers stay numbers
    assert by_lane["Touchpoint"][2] == ""  # Consideration: a stage with no touchpoints


def test_reads_a_hand_made_wide_sheet_with_several_touchpoints_per_cell(tmp_path: Path) -> None:
    path = tmp_path / "drawn.csv"
    path.write_text(
        "Stage,Awareness,Consideration,,Purchase\n"
        'Touchpoints,"TV ad\nFriend",Store visit,Website,Checkout\n'
        'Channel,"TV\nWord of mouth",Store,Web,Web\n'
        'Doing,"Watches\n",Browses,Compares,Pays\n'
        'Feelings,"1\n2",-1,0,2\n'
        'Pain Points,,"Pushy staff",,\n'
        "Ideas,,,,One-click pay\n"
        "Mood board,,,,Green\n",
        encoding="utf-8",
    )
    j = cjm.read_csv(path)
    assert j.title == "drawn" and j.stage_names == ["Awareness", "Consideration", "Purchase"]
    tp = j.touchpoints
    assert tp["touchpoint"].tolist() == ["TV ad", "Friend", "Store visit", "Website", "Checkout"]
    assert tp["stage"].tolist() == ["Awareness", "Awareness", "Consideration", "Consideration", "Purchase"]
    assert values(tp["channel"]) == ["TV", "Word of mouth", "Store", "Web", "Web"]
    assert values(tp["action"])[:2] == ["Watches", None]
    assert tp["emotion"].tolist() == [1.0, 2.0, -1.0, 0.0, 2.0]
    assert tp["pain_point"].tolist()[2] == "Pushy staff" and tp["opportunity"].tolist()[4] == "One-click pay"
    assert tp["Mood board"].tolist()[4] == "Green"  # an unknown lane is an extra column
    assert tp["id"].is_unique


def test_excel_keeps_the_title(tmp_path: Path) -> None:
    path = tmp_path / "map.xlsx"
    sample().to_excel(path)
    assert cjm.read_excel(path).title == "Round trip"
    assert cjm.read_excel(path, title="Other").title == "Other"


def test_excel_cells_are_typed_text_never_formulas(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "map.xlsx"
    sample().to_excel(path)
    sheet = openpyxl.load_workbook(path).active
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value is not None}
    assert cells['=HYPERLINK("http://x")'] == "s"  # stored as text: Excel will not run it
    assert cells[-1.5] == "n"  # the emotion row holds numbers


def test_long_csv_reads_pandas_output(tmp_path: Path) -> None:
    path = tmp_path / "touchpoints.csv"
    sample().touchpoints.to_csv(path, index=False)
    back = cjm.read_csv(path, layout="long", title="Round trip")
    assert_same_touchpoints(sample(), back, CANONICAL)


# -- Mermaid ---------------------------------------------------------------------------------


MERMAID = """
%% from the Mermaid docs, a little longer
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 2
"""


def test_reads_a_mermaid_journey() -> None:
    j = cjm.read_mermaid(MERMAID)
    assert j.title == "My working day" and j.stage_names == ["Go to work", "Go home"]
    tp = j.touchpoints
    assert tp["touchpoint"].tolist() == ["Make tea", "Go upstairs", "Do work", "Go downstairs", "Sit down"]
    assert tp["emotion"].tolist() == [2.0, 0.0, -2.0, 2.0, -1.0]  # 1..5 onto -2..2
    assert values(tp["persona"]) == ["Me", "Me", "Me, Cat", "Me", None]


def test_mermaid_text_survives_a_round_trip_and_a_file(tmp_path: Path) -> None:
    j = cjm.read_mermaid(MERMAID)
    text = j.to_mermaid(tmp_path / "day.mmd")
    assert text.splitlines()[:4] == ["journey", "  title My working day", "  section Go to work", "    Make tea: 5: Me"]
    back = cjm.load(tmp_path / "day.mmd")
    assert_same_touchpoints(j, back, ["stage", "touchpoint", "emotion", "persona"])
    assert back.to_mermaid() == text


def test_mermaid_scores_round_to_the_nearest_and_escape_special_characters() -> None:
    df = pd.DataFrame(
        {
            "stage": ["A: start", "A: start", "A: start"],
            "touchpoint": ["Pay: card #1", "Wait", "Done"],
            "emotion": [-0.4, np.nan, 1.6],
            "channel": [None, "Phone", None],
        }
    )
    text = cjm.Journey(df, title="T #1").to_mermaid()
    assert "section A#58; start" in text and "Pay#58; card #35;1: 3" in text
    assert "    Wait: 3: Phone" in text and "    Done: 5" in text  # no emotion -> 3; channel as actor
    back = cjm.read_mermaid(text)
    assert back.title == "T #1" and back.touchpoints["touchpoint"].tolist()[0] == "Pay: card #1"
    assert back.stage_names == ["A: start"]


words = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=12).map(
    str.strip
)
names = words.filter(bool)


@FILE_SETTINGS
@given(
    stages=st.lists(names.filter(lambda s: not s.startswith("%%")), min_size=1, max_size=4, unique=True),
    rows=st.lists(
        st.tuples(
            st.integers(0, 3),
            names.filter(lambda s: not s.startswith("%%") and s not in ("title", "section") and " " not in s[:8]),
            st.sampled_from([-2.0, -1.0, 0.0, 1.0, 2.0]),
            st.one_of(st.none(), names.filter(lambda s: "," not in s)),
        ),
        max_size=8,
    ),
)
def test_mermaid_round_trip_property(stages: list[str], rows: list[tuple[int, str, float, str | None]]) -> None:
    df = pd.DataFrame(
        [{"stage": stages[s % len(stages)], "touchpoint": t, "emotion": e, "persona": p} for s, t, e, p in rows],
        columns=["stage", "touchpoint", "emotion", "persona"],
    )
    j = cjm.Journey(df, stages, title="Property")
    back = cjm.read_mermaid(j.to_mermaid())
    assert back.stage_names == j.stage_names and back.title == "Property"
    assert_same_touchpoints(j, back, ["stage", "touchpoint", "emotion", "persona"])


# -- CJML ---------------------------------------------------------------------------------


CJML = """<?xml version="1.0" encoding="UTF-8"?>
<CJML version="2.0">
  <actualJourney>
    <journeyID>AJ1</journeyID>
    <actors>
      <endUser actorID="Carl"><actorName>Carl</actorName></endUser>
      <serviceProvider actorID="Bookis"><companyName>Bookis AS</companyName></serviceProvider>
    </actors>
    <touchpoints>
      <actualCommunicationPoint>
        <touchpointID>TP1</touchpointID>
        <initiator><refersTo actorIDref="Carl"/><initiatorLabel>Customer creates account</initiatorLabel></initiator>
        <receiver><refersTo actorIDref="Bookis"/><receiverLabel>Account registered</receiverLabel></receiver>
        <channel><channelName>Web</channelName></channel>
      </actualCommunicationPoint>
      <actualCommunicationPoint>
        <touchpointID>TP2</touchpointID>
        <initiator><refersTo actorIDref="Bookis"/><initiatorLabel>Welcome e-mail</initiatorLabel></initiator>
        <receiver><refersTo actorIDref="Carl"/><receiverLabel>Reads it</receiverLabel></receiver>
        <channel><channelName>E-mail</channelName></channel>
      </actualCommunicationPoint>
      <actualAction>
        <touchpointID>TP3</touchpointID>
        <actor><refersTo actorIDref="Carl"/></actor>
        <actionLabel>Lists a book for sale</actionLabel>
      </actualAction>
    </touchpoints>
  </actualJourney>
</CJML>
"""


def test_reads_a_cjml_journey(tmp_path: Path) -> None:
    path = tmp_path / "carl.cjml"
    path.write_text(CJML, encoding="utf-8")
    j = cjm.load(path)
    assert (j.title, j.kind, j.stage_names) == ("AJ1", "current", ["Journey"])
    tp = j.touchpoints
    assert tp["id"].tolist() == ["TP1", "TP2", "TP3"]
    assert tp["touchpoint"].tolist() == ["Customer creates account", "Welcome e-mail", "Lists a book for sale"]
    assert values(tp["channel"]) == ["Web", "E-mail", None]
    assert tp["initiator"].tolist() == ["Carl", "Bookis", "Carl"]
    assert values(tp["receiver"]) == ["Bookis", "Carl", None]
    assert values(tp["receiver_label"]) == ["Account registered", "Reads it", None]
    assert tp["cjml_type"].tolist() == ["communication", "communication", "action"]
    assert values(tp["persona"]) == ["Carl", "Carl", "Carl"]  # the end user taking part
    personas = j.personas.set_index("persona")
    assert personas.loc["Bookis", "name"] == "Bookis AS" and personas.loc["Bookis", "actor_type"] == "serviceProvider"


def test_cjml_from_cjml_keeps_every_element_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "carl.cjml"
    path.write_text(CJML, encoding="utf-8")
    j = cjm.read_cjml(path)
    written = j.to_cjml(tmp_path / "again.cjml")
    assert "<actualCommunicationPoint>" in written and "<actualAction>" in written
    assert '<serviceProvider actorID="Bookis">' in written and "<companyName>Bookis AS</companyName>" in written
    again = cjm.read_cjml(tmp_path / "again.cjml")
    assert_same_touchpoints(j, again)
    pd.testing.assert_frame_equal(j.personas, again.personas)
    assert again.to_cjml() == written


def test_planned_and_actual_journeys_follow_the_map_kind() -> None:
    j = sample()
    assert "<actualJourney>" in j.to_cjml()
    j.kind = "future"
    planned = j.to_cjml()
    assert "<plannedJourney>" in planned and "<plannedCommunicationPoint>" in planned
    back = cjm.io.cjml.parse(planned)
    assert back.kind == "future"
    assert_same_touchpoints(j, back, [*CANONICAL])
    assert back.stage_names == j.stage_names and back.title == j.title
    assert "<actualJourney>" in j.to_cjml(journey_type="actual")


def test_cjml_picks_one_of_several_journeys() -> None:
    two = CJML.replace("</CJML>", CJML.split('<CJML version="2.0">')[1].replace("AJ1", "AJ2").replace("TP", "X"))
    assert cjm.io.cjml.parse(two, journey="AJ2").touchpoints["id"].tolist() == ["X1", "X2", "X3"]
    assert cjm.io.cjml.parse(two, journey=1).title == "AJ2"
    with pytest.raises(cjm.FormatError, match=r"no journey with journeyID 'AJ9'"):
        cjm.io.cjml.parse(two, journey="AJ9")


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\r"), min_size=1, max_size=12
)


@FILE_SETTINGS
@given(
    # A blank stage name is refused by Journey itself (hypothesis found " "), so it is not generated.
    stages=st.lists(xml_text.filter(str.strip), min_size=1, max_size=3, unique=True),
    rows=st.lists(
        st.tuples(
            st.integers(0, 2),
            xml_text.map(str.strip).filter(bool),
            st.one_of(st.none(), xml_text.map(str.strip).filter(bool)),
            st.one_of(st.none(), xml_text),
            st.one_of(st.none(), st.floats(-2, 2)),
        ),
        max_size=6,
    ),
    kind=st.sampled_from(["current", "future", "day-in-the-life"]),
)
def test_cjml_round_trip_property(
    stages: list[str], rows: list[tuple[int, str, str | None, str | None, float | None]], kind: str
) -> None:
    df = pd.DataFrame(
        [
            {"stage": stages[s % len(stages)], "touchpoint": t, "channel": c, "thought": th, "emotion": e}
            for s, t, c, th, e in rows
        ],
        columns=["stage", "touchpoint", "channel", "thought", "emotion"],
    )
    j = cjm.Journey(df, stages, title="Property", kind=kind)
    back = cjm.io.cjml.parse(j.to_cjml())
    assert back.stage_names == j.stage_names and back.kind == kind and back.title == "Property"
    assert_same_touchpoints(j, back, CANONICAL)


# -- the wide layout, as a property -------------------------------------------------------------


# Spreadsheets hold no control characters but line breaks and tabs (openpyxl refuses them; see the hostile tests).
cell_text = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"], whitelist_characters="\n\t"), max_size=10)


@FILE_SETTINGS
@given(
    stages=st.lists(names, min_size=1, max_size=4, unique=True),
    rows=st.lists(
        st.tuples(
            st.integers(0, 3),
            cell_text.filter(lambda s: s and "\n" not in s),
            st.one_of(st.none(), cell_text.filter(bool)),
            st.one_of(st.none(), cell_text.filter(bool)),
            # People write scores like 1.5; Excel keeps 15 significant digits, not every bit of a double.
            st.one_of(st.none(), st.floats(-2, 2).map(lambda x: round(x, 6))),
        ),
        max_size=8,
    ),
    suffix=st.sampled_from([".csv", ".xlsx"]),
    layout=st.sampled_from(["wide", "long"]),
)
def test_spreadsheet_round_trip_property(
    tmp_path: Path,
    stages: list[str],
    rows: list[tuple[int, str, str | None, str | None, float | None]],
    suffix: str,
    layout: str,
) -> None:
    df = pd.DataFrame(
        [
            {"stage": stages[s % len(stages)], "touchpoint": t, "thought": th, "pain_point": p, "emotion": e}
            for s, t, th, p, e in rows
        ],
        columns=["stage", "touchpoint", "thought", "pain_point", "emotion"],
    )
    j = cjm.Journey(df, stages, title="Property")
    path = tmp_path / f"{layout}{suffix}"
    (j.to_csv if suffix == ".csv" else j.to_excel)(path, layout=layout)  # type: ignore[operator]
    if layout == "long" and not rows:  # a header and no rows: no touchpoints, no stages
        assert cjm.load(path, layout=layout).touchpoints.empty
        return
    back = cjm.load(path, layout=layout, title="Property")
    used = [s for s in j.stage_names if s in set(j.touchpoints["stage"])]
    assert back.stage_names == (j.stage_names if layout == "wide" else used)
    assert_same_touchpoints(j, back)


def test_mermaid_module_reads_paths_and_text(tmp_path: Path) -> None:
    path = tmp_path / "day.mermaid"
    path.write_text(MERMAID, encoding="utf-8")
    assert cjm.read_mermaid(path).equals(cjm.read_mermaid(str(path)))
    assert mermaid.parse(MERMAID).title == "My working day"
