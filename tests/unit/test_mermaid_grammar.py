"""Mermaid's own parser (npm ``mermaid``, run in node) against ours, on real diagrams and on what we write.

``tests/mermaid/parse_journeys.mjs`` runs mermaid's whole pipeline (preprocessing, entity
encoding, the journey grammar) and prints what mermaid read. Every corpus file must read here
with the same title, sections, tasks, scores and actors; every corpus file and every template,
written with ``to_mermaid``, must parse in mermaid's grammar and mean the same journey there.
"""

from __future__ import annotations

import html
import json
import math
import random
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest

import cjm_widgets as cjm
from cjm_widgets.io.mermaid import UNSECTIONED
from cjm_widgets.io.mermaid_syntax import js_trim

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "mermaid" / "parse_journeys.mjs"
CORPUS = sorted((ROOT / "tests" / "fixtures" / "mermaid").glob("*.mmd"))


def mermaid_reads(texts: list[str]) -> list[dict[str, Any]]:
    """What mermaid's own parser reads from each text (one node run for all)."""
    node = shutil.which("node")
    assert node, "node is needed: mermaid's parser runs in it (scripts/install.sh installs both)"
    done = subprocess.run(
        [node, str(SCRIPT)], input=json.dumps(texts), capture_output=True, text=True, cwd=ROOT, timeout=600, check=True
    )
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def shown(text: str) -> str:
    """Mermaid's text as its page shows it: entity codes decoded by the browser."""
    return html.unescape(js_trim(text))


def mermaid_journey(result: dict[str, Any]) -> dict[str, Any]:
    """The journey parts mermaid read: title, notes, stages and (stage, task, score, actors) rows."""
    assert result["ok"], result.get("error")
    stages: list[str] = []
    rows_by_stage: dict[str, list[tuple[str, float, str | None]]] = {}
    if any(t["section"] == "" for t in result["tasks"]):
        stages.append(UNSECTIONED)
    for section in result["sections"]:
        if shown(section) not in stages:
            stages.append(shown(section))
    for task in result["tasks"]:
        stage = shown(task["section"]) or UNSECTIONED
        score = math.nan if task["score"] is None else min(5.0, max(1.0, float(task["score"])))
        actors = ", ".join(a for a in (shown(p) for p in task["people"]) if a) or None
        rows_by_stage.setdefault(stage, []).append((shown(task["task"]), score, actors))
    rows = [(stage, *row) for stage in stages for row in rows_by_stage.get(stage, [])]
    return {
        "title": shown(result["title"]) or shown(result["accTitle"]),
        "notes": html.unescape(result["accDescr"]),
        "stages": stages,
        "rows": rows,
    }


def our_journey(journey: cjm.Journey, *, written: bool) -> dict[str, Any]:
    """The same parts of a Journey; ``written`` gives what to_mermaid writes (whole scores, channel as actor)."""
    low, high = journey.emotion_scale
    tp = journey.touchpoints
    rows = []
    for row in tp.to_dict("records"):
        emotion = row["emotion"]
        score = math.nan if cjm.schema.values.is_missing(emotion) else 1 + (float(emotion) - low) * 4 / (high - low)
        actor = row.get("persona")
        if written:
            score = 3.0 if math.isnan(score) else float(min(5, max(1, math.floor(score + 0.5))))
            actor = actor if not cjm.schema.values.is_missing(actor) else row.get("channel")
            if not cjm.schema.values.is_missing(actor):
                actor = ", ".join(a.strip() for a in str(actor).split(",") if a.strip()) or None
        actor = None if cjm.schema.values.is_missing(actor) else actor
        rows.append((row["stage"], row["touchpoint"], score, actor))
    return {"title": journey.title, "notes": journey.notes, "stages": journey.stage_names, "rows": rows}


def rounded(parts: dict[str, Any]) -> dict[str, Any]:
    # NaN (no emotion) is never equal to itself: compare it as None.
    rows = [(s, t, None if math.isnan(score) else round(score, 9), a) for s, t, score, a in parts["rows"]]
    return {**parts, "rows": rows}


def read_quietly(source: str | Path) -> cjm.Journey:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cjm.FormatWarning)
        return cjm.read_mermaid(source)


@pytest.fixture(scope="module")
def corpus_results() -> list[dict[str, Any]]:
    return mermaid_reads([path.read_text(encoding="utf-8") for path in CORPUS])


def test_the_corpus_is_large_and_mermaid_accepts_all_of_it(corpus_results: list[dict[str, Any]]) -> None:
    assert len([p for p in CORPUS if p.name.startswith("mermaid-")]) >= 30
    refused = {path.name: r["error"] for path, r in zip(CORPUS, corpus_results, strict=True) if not r["ok"]}
    assert refused == {}


@pytest.mark.parametrize("index", range(len(CORPUS)), ids=[p.name for p in CORPUS])
def test_we_read_what_mermaid_reads(index: int, corpus_results: list[dict[str, Any]]) -> None:
    journey = read_quietly(CORPUS[index])
    assert rounded(our_journey(journey, written=False)) == rounded(mermaid_journey(corpus_results[index]))


def test_what_we_write_parses_in_mermaid_and_means_the_same_journey() -> None:
    journeys = [read_quietly(path) for path in CORPUS] + [cjm.templates.load(name) for name in cjm.templates.names()]
    texts = [j.to_mermaid() for j in journeys]
    results = mermaid_reads(texts)
    for journey, text, result in zip(journeys, texts, results, strict=True):
        assert result["ok"], (journey.title, result.get("error"), text[:300])
        assert rounded(mermaid_journey(result)) == rounded(our_journey(journey, written=True)), text[:300]
        back = our_journey(read_quietly(text), written=False)
        assert rounded(back) == rounded(our_journey(journey, written=True))


def test_hostile_names_survive_mermaids_own_parser() -> None:
    names = [
        "title X",
        "section Y",
        "%% note",
        "journey",
        "accTitle: t",
        "a\u2028b",
        "x #1; y",
        "a;b",
        "  pad  ",
        "}%%",
    ]
    touchpoints = [{"stage": f"S {n}", "touchpoint": n, "emotion": 1.0, "persona": f"{n}, P"} for n in names]
    journey = cjm.Journey(touchpoints, title="title %% #x; a\u2029b", notes="line 1\n  line 2 } #a;")
    result = mermaid_reads([journey.to_mermaid()])[0]
    assert rounded(mermaid_journey(result)) == rounded(our_journey(journey, written=True))


FRAGMENTS = [
    "journey",
    "Journey",
    "title",
    "TITLE",
    "section",
    "Section",
    "accTitle",
    "accDescr",
    "{",
    "}",
    ":",
    ": ",
    ";",
    "#",
    "# c",
    "%%",
    "%% c",
    "%%{init: {}}%%",
    "#35;",
    "#quot;",
    "#0;",
    "#zz;",
    "A",
    "Me",
    "Cat",
    ",",
    ", ",
    " ",
    "\t",
    "\n",
    "\n",
    "\n",
    "\u2028",
    "3",
    "5",
    "0",
    "-1",
    "2.5",
    "abc",
    "x y",
    "<b>",
    "---",
    "é",
    "tea",
]


def random_diagrams(count: int, seed: int = 16) -> list[str]:
    """Journey-like texts from fragments mermaid gives a meaning to, mostly valid and often not."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = ["journey"]
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            if kind < 0.2:
                lines.append(rng.choice(["  section ", "section\t", "  Section "]) + rng.choice(["S", "Go", "A b"]))
            elif kind < 0.5:
                lines.append(f"    {rng.choice(['Make tea', 'A', 'x y'])}: {rng.choice(['1', '3', '5', '0', '7'])}: Me")
            else:
                lines.append("".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6))))
        texts.append("\n".join(lines) + "\n")
    return texts


def test_random_diagrams_are_accepted_and_read_exactly_as_mermaid_does() -> None:
    # 1,200 texts in one node run; 20 seeds (8,000 texts) agreed on every one when this was written.
    texts = [text for seed in (16, 17, 18) for text in random_diagrams(400, seed)]
    results = mermaid_reads(texts)
    accepted = 0
    for text, result in zip(texts, results, strict=True):
        if result["ok"]:
            accepted += 1
            ours = our_journey(read_quietly(text), written=False)
            assert rounded(ours) == rounded(mermaid_journey(result)), text
        else:
            with pytest.raises(cjm.FormatError):
                read_quietly(text)
    assert 150 < accepted < 1050  # both sides of the line are exercised
