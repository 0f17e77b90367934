"""Import rate of the file corpus (tests/fixtures/mermaid, tests/fixtures/cjml): how many files read.

Run it against any checkout to compare (e.g. before and after issue 16)::

    PYTHONPATH=/path/to/checkout python benchmarks/bench_corpus_import.py

Prints, per format, the files read without error and, for those refused, the first words of why.
"""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import cjm_widgets as cjm

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def main() -> None:
    for folder, pattern in (("mermaid", "*.mmd"), ("cjml", "*.*ml")):
        files = sorted((FIXTURES / folder).glob(pattern))
        refused: Counter[str] = Counter()
        for path in files:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cjm.load(path)
            except Exception as exc:  # every refusal counts, whatever its kind
                reason = str(exc).replace(str(path), "").split("(")[0].split("'")[0].strip(": ")
                refused[reason[:60]] += 1
        read = len(files) - sum(refused.values())
        print(f"{folder}: {read}/{len(files)} files read ({read / len(files):.0%}) with {cjm.__file__}")
        for reason, count in refused.most_common():
            print(f"    refused {count}: {reason}")
    cjml_fidelity(sorted((FIXTURES / "cjml").glob("*.*ml")))


def cjml_fidelity(files: list[Path]) -> None:
    """What of CJML's content arrives: journeys, phases as stages, ratings as emotions."""
    journeys = read = staged = felt = touchpoints = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        journeys += text.count("<plannedJourney>") + text.count("<actualJourney>")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = cjm.read_cjml_all(path) if hasattr(cjm, "read_cjml_all") else [cjm.load(path)]
        read += len(found)
        for journey in found:
            tp = journey.touchpoints
            touchpoints += len(tp)
            staged += int((tp["stage"] != "Journey").sum())
            felt += int(tp["emotion"].notna().sum())
    print(
        f"cjml: {read}/{journeys} journeys read; of their {touchpoints} touchpoints, {staged} in a phase's stage, "
        f"{felt} with an emotion from a rating"
    )


if __name__ == "__main__":
    main()
