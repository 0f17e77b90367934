"""A file fuzz per reader: random bytes, mutated valid files, size and dimension bombs.

Each reader runs in a child Python under a 2 GB memory cap and a time budget
(:mod:`tests.unit.capped`). Hypothesis draws the inputs there; any exception other
than the reader's documented one (``FormatError``; also ``SchemaError`` for a
``.cjm.json`` file, whose tables are checked by the schema, and ``OutlineError`` for
the ``%%journey`` outline, which names the line to fix) fails the test with the
input that caused it; so does a message over 2,000 characters. Set ``CJM_FUZZ_EXAMPLES`` to fuzz longer than CI does.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

import cjm_widgets as cjm

from .capped import run_capped

EXAMPLES = int(os.environ.get("CJM_FUZZ_EXAMPLES", "120"))
OUTLINE = """title: Renewing a library card
kind: future
persona: Sam

# Notice
- Gets a reminder; channel: E-mail; emotion: -1
- Opens the app
  thought: Where is the button?

Renew:
description: On the app or at the desk
- Pays the fee
  pain point: Card expired
  opportunity: Renew without paying again
"""

# name: (file extension, the call that reads `path`, the exceptions a caller is told to expect)
READERS = {
    "csv": ("csv", "cjm.read_csv(path)", "FormatError"),
    "csv-long": ("csv", "cjm.read_csv(path, layout='long')", "FormatError"),
    "xlsx": ("xlsx", "cjm.read_excel(path)", "FormatError"),
    "cjm.json": ("cjm.json", "cjm.load(path)", "(FormatError, SchemaError)"),  # a lossless file's schema errors
    "outline": (
        "txt",
        "journey_from_outline(path.read_bytes().decode('utf-8', 'replace'))",
        "(FormatError, OutlineError)",
    ),
    "mermaid": ("mmd", "cjm.read_mermaid(path)", "FormatError"),
    "cjml": ("cjml", "cjm.read_cjml(path)", "FormatError"),
}


def seeds(kind: str, folder: Path) -> list[Path]:
    """Valid files of this kind, for the fuzz to mutate (and to check the reader reads them)."""
    journeys = [cjm.templates.load(name) for name in ("sales-funnel-4", "colleen-vacuum")]
    out = []
    for number, journey in enumerate(journeys):
        path = folder / f"seed{number}.{READERS[kind][0]}"
        if kind == "csv":
            journey.to_csv(path)
        elif kind == "csv-long":
            journey.to_csv(path, layout="long")
        elif kind == "xlsx":
            journey.to_excel(path, layout="wide" if number == 0 else "long")
        elif kind == "cjm.json":
            journey.save(path)
        elif kind == "outline":
            path.write_text(OUTLINE)
        elif kind == "mermaid":
            journey.to_mermaid(path)
        else:
            journey.to_cjml(path)
        out.append(path)
    return out


def bombs(kind: str, folder: Path) -> list[Path]:
    """Small files that ask for much: the reader must refuse them (or read them) within the caps."""
    made: dict[str, bytes] = {}
    if kind in ("csv", "csv-long"):
        made["commas.csv"] = b"Lane,A" + b"," * 2_000_000 + b"\nTouchpoint,x\n" + b"Note,y\n" * 300
        made["names.csv"] = b"stage,touchpoint," + b",".join(b"c%d" % i for i in range(300_000)) + b"\nA,x\n"
        made["lines.csv"] = b'Lane,A\nTouchpoint,"' + b"t\n" * 3_000_000 + b'"\nThoughts,x\n'
        made["rows.csv"] = b"stage,touchpoint\n" + b"A,x\n" * 2_000_000
        made["cell.csv"] = b"stage,touchpoint\nA," + b"x" * 30_000_000 + b"\n"
    elif kind == "xlsx":
        made["dimension.xlsx"] = _sheet_with('<dimension ref="A1:XFD1048576"/>', '<row r="1048576"/>')
        made["far.xlsx"] = _sheet_with(
            "", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        )
        made["past.xlsx"] = _sheet_with("", '<row r="9000000000"><c r="A9000000000"><v>1</v></c></row>')
        rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(2, 120_000))
        made["rows.xlsx"] = _sheet_with("", rows)
    elif kind == "cjm.json":
        big = '{"name": "x", "dtype": "<U500000000"}'
        made["dtype.cjm.json"] = _json_table(f'[{big}], "data": [["a"]]')
        made["subarray.cjm.json"] = _json_table('[{"name": "x", "dtype": "(4000,4000)f8"}], "data": [[1]]')
        made["deep.cjm.json"] = b"[" * 1_000_000 + b"]" * 1_000_000
        made["rows.cjm.json"] = _json_table('[{"name": "x", "dtype": "object"}], "data": [' + "[1]," * 500_000 + "[1]]")
        made["number.cjm.json"] = b'{"format": "cjm-journey", "version": 1' + b"0" * 100_000 + b"}"
    elif kind == "outline":
        made["heading.txt"] = b"# a" + b" " * 9_000 + b"b\n- x\n"
        made["field.txt"] = b"# A\n- x; a" + b" " * 9_000 + b"b\n"
        made["lines.txt"] = b"# A\n" + b"- x\n" * 2_000_000
    elif kind == "mermaid":
        made["sections.mmd"] = b"journey\n" + b"section " + b" " * 100_000 + b"x\n" + b"  t: 3: Me\n" * 200_000
        made["task.mmd"] = b"journey\nsection A\n  " + b":" * 3_000_000 + b"\n"
    else:
        tps = b"<plannedCommunicationPoint><touchpointID>T</touchpointID></plannedCommunicationPoint>" * 200_000
        made["touchpoints.cjml"] = b'<CJML version="2.0"><plannedJourney><journeyID>J</journeyID><touchpoints>'
        made["touchpoints.cjml"] += tps + b"</touchpoints></plannedJourney></CJML>"
        made["deep.cjml"] = b"<CJML>" + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</CJML>"
    out = []
    for name, data in made.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


def _sheet_with(dimension: str, rows: str) -> bytes:
    """A small wide-layout workbook whose sheet declares ``dimension`` (if given) and ends with ``rows``."""
    import openpyxl  # optional dependency, installed by the test extra

    buffer, good = io.BytesIO(), io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Lane", "A"])
    book.active.append(["Touchpoint", "x"])
    book.save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if dimension:
                    start = text.index("<dimension")
                    text = text[:start] + dimension + text[text.index("/>", start) + 2 :]
                data = text.replace("</sheetData>", rows + "</sheetData>").encode()
            target.writestr(item.filename, data)
    return buffer.getvalue()


def _json_table(columns_and_data: str) -> bytes:
    return ('{"format": "cjm-journey", "version": 1, "touchpoints": {"columns": ' + columns_and_data + "}}").encode()


FUZZ = """
import random, zipfile, io
from pathlib import Path
from hypothesis import HealthCheck, given, settings, strategies as st
from cjm_widgets.errors import OutlineError, SchemaError
from cjm_widgets.io.outline import journey_from_outline

folder = Path({folder!r})
seeds = [Path(p).read_bytes() for p in {seeds!r}]
TOKENS = [b",", b'"', b"\\n", b"\\r", b"#", b":", b";", b"-", b"<", b">", b"&", b"\\x00", b"\\xff",
          b"\\xed\\xa0\\x80", b"\\\\u0000", b"\\\\ud800", b"1e309", b"NaN", b"[", b"{{", b"}}", b"]",
          b"section", b"journey", b"\\t", b" " * 64]
# XML declarations naming encodings Python lacks or expat cannot use (each once let an error escape CJML).
ENCODINGS = [b"ttf-8", b"utf-32", b"utf-7", b"idna", b"punycode", b"undefined", b"rot13", b"latin-1"]

def expected(path):
    try:
        {call}
    except {errors} as exc:
        assert len(str(exc)) < 2000, f"a {{len(str(exc)):,}}-character message: {{str(exc)[:300]}}"

for path in map(Path, {seeds!r}):  # the seeds themselves read
    {call}

def mutate(data, draw):
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "token", "declare", "truncate"]))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif op == "insert":
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)):]
        elif op == "repeat":
            piece = data[at:at + draw(st.integers(1, 32))]
            data = data[:at] + piece * draw(st.integers(2, 200)) + data[at:]
        elif op == "token":
            data = data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
        elif op == "declare":
            start = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
            encoding = draw(st.sampled_from(ENCODINGS))
            data = b'<?xml version="1.0" encoding="' + encoding + b'"?>' + data[start:]
        else:
            data = data[:at]
    return data

@st.composite
def mutated(draw):
    data = draw(st.sampled_from(seeds))
    if data[:2] == b"PK":  # a workbook: mutate the XML inside, then zip it again
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {{item.filename: archive.read(item.filename) for item in archive.infolist()}}
        name = draw(st.sampled_from(sorted(parts)))
        parts[name] = mutate(parts[name], draw)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for key, value in parts.items():
                archive.writestr(key, value)
        return out.getvalue()
    return mutate(data, draw)

@settings(max_examples={examples}, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.one_of(st.binary(max_size=3000), mutated()))
def fuzz(data):
    path = folder / ("case" + {suffix!r})
    path.write_bytes(data)
    expected(path)

fuzz()
for bomb in {bombs!r}:
    expected(Path(bomb))
outcome["result"] = "fuzzed"
"""


@pytest.mark.parametrize("kind", list(READERS))
def test_only_the_documented_error_escapes_a_reader(tmp_path: Path, kind: str) -> None:
    extension, call, errors = READERS[kind]
    seed_paths = [str(p) for p in seeds(kind, tmp_path)]
    bomb_paths = [str(p) for p in bombs(kind, tmp_path)]
    body = FUZZ.format(
        folder=str(tmp_path),
        seeds=seed_paths,
        bombs=bomb_paths,
        call=call,
        errors=errors,
        examples=EXAMPLES,
        suffix="." + extension,
    )
    got = run_capped(body, seconds=240)
    assert got.kind == "ok", got.message[:3000]
    assert got.result == "fuzzed"
