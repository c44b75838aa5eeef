"""Headlines against broken paragraphs: boundary precision and recall of the document
segmenter, today's rule against an earlier revision's, on FLORES-200 news documents.

Documents: each FLORES-200 devtest document (281, both languages) in paragraphs of two lines,
(a) under a 10-25-word headline without final punctuation, (b) with one sentence broken
across two paragraphs at a random word. Also the segmenter's time on 1 MB of Arabic, the two
rules alternating, median. Run:
``python benchmarks/bench_headlines.py [--baseline REV] [--runs 5] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from bench_segment import arabic_megabytes
from tarjama.align.evaluate import flores_documents
from tarjama.segment.evaluate import Segmenter, broken_documents, headline_documents, score

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "corpus" / "parallel" / "flores200-devtest-ar-en"


def baseline_module(revision: str, folder: Path) -> ModuleType:
    """``tarjama.segment`` as it was at ``revision`` (its other modules are today's)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show",
                             f"{revision}:src/tarjama/segment/__init__.py"],
                            capture_output=True, text=True, check=True).stdout
    path = folder / "baseline_segment.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("baseline_segment", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_segment"] = module
    spec.loader.exec_module(module)
    return module


def flat(segmenter: ModuleType) -> Segmenter:
    def segments(text: str, lang: str) -> list[str]:
        return [s.text for p in segmenter.segment_document(text, lang) for s in p.segments]
    return segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="362a410",
                        help="git revision whose rule to compare with (default: before headlines)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    documents = flores_documents(FLORES)
    sets = {"headline": headline_documents(documents),
            "broken": broken_documents(documents, args.seed)}
    with tempfile.TemporaryDirectory() as folder:
        rules = {f"{args.baseline}": flat(baseline_module(args.baseline, Path(folder))),
                 "today": flat(importlib.import_module("tarjama.segment"))}
        for name, built in sets.items():
            for lang in ("ar", "en"):
                chosen = [doc for doc in built if doc.lang == lang]
                for rule, segmenter in rules.items():
                    print(f"{name:>8} {lang} {rule:>8}: {score(chosen, segmenter)}")
        text = arabic_megabytes(1.0)
        times: dict[str, list[float]] = {rule: [] for rule in rules}
        for round_number in range(args.runs + 1):
            for rule, segmenter in rules.items():
                start = time.perf_counter()
                segmenter(text, "ar")
                if round_number:
                    times[rule].append(time.perf_counter() - start)
    medians = {rule: statistics.median(values) for rule, values in times.items()}
    before, after = medians[args.baseline], medians["today"]
    print(f"1 MB of Arabic: {args.baseline} {before:.3f}s, today {after:.3f}s "
          f"(today/{args.baseline} {after / before:.2f}x, median of {args.runs})")


if __name__ == "__main__":
    main()
