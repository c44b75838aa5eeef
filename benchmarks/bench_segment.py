"""Sentence segmentation: our segmenter against sentencex, PyICU and translate-toolkit.

Speed: 1 MB (UTF-8 bytes) of Arabic running text, in-process, alternating runs, median.
Correctness: a case table, and the FLORES-200 / TICO-19 lines of ../shared/corpus/parallel:
recall of the boundaries between consecutive lines joined into paragraphs, and how often the
Arabic and English sides of a line get the same number of sentences (about 10% of FLORES lines
hold two). Also the CLI end to end (``tarjama segment`` of the 1 MB file to a POT).
Run: ``python benchmarks/bench_segment.py [--runs 5] [--megabytes 1]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness import measure, report, tool
from tarjama.segment import segment_document, split_sentences

ROOT = Path(__file__).resolve().parent.parent
PARALLEL = ROOT.parent / "shared" / "corpus" / "parallel"
ARTICLE = ROOT / "locales" / "noonpost-191719.ar.txt"

Splitter = Callable[[str, str], list[str]]

# (language, text, expected sentences): the items of the point 4, both languages.
CASES: list[tuple[str, str, list[str]]] = [
    ("ar", "هل أنت هنا؟! نعم أنا هنا.", ["هل أنت هنا؟!", "نعم أنا هنا."]),
    ("en", "Really?! Yes. Wait... What? Fine!", ["Really?!", "Yes.", "Wait...", "What?", "Fine!"]),
    ("en", "He said “Go.” Then he left.", ["He said “Go.”", "Then he left."]),
    ("ar", "قال «اذهب.» ثم غادر.", ["قال «اذهب.»", "ثم غادر."]),
    ("ar", "التقى د. أحمد بالوزير. ثم غادر.", ["التقى د. أحمد بالوزير.", "ثم غادر."]),
    ("ar", "العنوان ص.ب. 1234 الرياض. ثم غادر.", ["العنوان ص.ب. 1234 الرياض.", "ثم غادر."]),
    ("en", "Dr. Smith met Mr. Jones. They talked.", ["Dr. Smith met Mr. Jones.", "They talked."]),
    ("en", "The U.S. President spoke. He left.", ["The U.S. President spoke.", "He left."]),
    ("en", "J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.", "It sold."]),
    ("en", "Fruit, e.g. Apples, is sweet. I eat it.",
     ["Fruit, e.g. Apples, is sweet.", "I eat it."]),
    ("ar", "بلغت النسبة ٣٫٥ بالمئة. ثم ارتفعت.", ["بلغت النسبة ٣٫٥ بالمئة.", "ثم ارتفعت."]),
    ("en", "The rate is 3.5 percent. It rose.", ["The rate is 3.5 percent.", "It rose."]),
    ("en", "See https://example.com/a.b?c=d. Then go.",
     ["See https://example.com/a.b?c=d.", "Then go."]),
    ("en", "Mail john.doe@example.org. He answers.", ["Mail john.doe@example.org.", "He answers."]),
    ("ar", "انظر [المقال. هنا](https://x.org/a.html) الآن. ثم اذهب.",
     ["انظر [المقال. هنا](https://x.org/a.html) الآن.", "ثم اذهب."]),
    ("ar", "الأول؛ الثاني.", ["الأول؛", "الثاني."]),
    ("en", "First; second.", ["First; second."]),
    ("ar", "أولاً، ثانياً، ثالثاً.", ["أولاً، ثانياً، ثالثاً."]),
    ("en", "“Where?” he asked. She left.", ["“Where?” he asked.", "She left."]),
    ("ar", "استمر ذلك لأسابيع.وتم الإعلان عن الخطة.",
     ["استمر ذلك لأسابيع.", "وتم الإعلان عن الخطة."]),
]


def ours(text: str, lang: str) -> list[str]:
    return split_sentences(text, lang)


def ours_document(text: str, lang: str) -> list[str]:
    """The whole document path: paragraphs, headings, joins, then sentences."""
    return [s.text for p in segment_document(text, lang) for s in p.segments]


def rivals() -> dict[str, Splitter]:
    """The rival segmenters installed here, by name."""
    found: dict[str, Splitter] = {}
    if importlib.util.find_spec("sentencex") is not None:
        sentencex = importlib.import_module("sentencex")

        def with_sentencex(text: str, lang: str) -> list[str]:
            return [s.strip() for s in sentencex.segment(lang, text) if s.strip()]

        found["sentencex"] = with_sentencex
    if importlib.util.find_spec("icu") is not None:
        icu = importlib.import_module("icu")

        iterators: dict[str, object] = {}

        def with_icu(text: str, lang: str) -> list[str]:
            if lang not in iterators:
                iterators[lang] = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
            iterator = iterators[lang]
            iterator.setText(text)  # type: ignore[attr-defined]
            # ICU reports UTF-16 offsets: cut an encoded copy to stay correct past the BMP.
            units = text.encode("utf-16-le")
            pieces, start = [], 0
            for end in iterator:  # type: ignore[attr-defined]
                pieces.append(units[start * 2:end * 2].decode("utf-16-le").strip())
                start = end
            return [p for p in pieces if p]

        found["pyicu"] = with_icu
    if importlib.util.find_spec("translate") is not None:
        from translate.lang import factory

        def with_toolkit(text: str, lang: str) -> list[str]:
            return [s for s in factory.getlanguage(lang).sentences(text) if s.strip()]

        found["translate-toolkit"] = with_toolkit
    return found


def arabic_megabytes(megabytes: float) -> str:
    """Realistic Arabic running text of at least ``megabytes`` MB: FLORES lines in
    paragraphs of five, and the article, repeated."""
    lines = []
    flores = PARALLEL / "flores200-devtest-ar-en" / "arb_Arab.devtest"
    if flores.exists():
        lines = flores.read_text(encoding="utf-8").split("\n")
    paragraphs = [" ".join(lines[i:i + 5]) for i in range(0, len(lines), 5)]
    paragraphs.append(ARTICLE.read_text(encoding="utf-8"))
    block = "\n\n".join(p for p in paragraphs if p.strip())
    target = int(megabytes * 1_000_000)
    size = len(block.encode("utf-8"))
    return "\n\n".join([block] * (target // size + 1))


def time_splitters(text: str, splitters: dict[str, Splitter], runs: int) -> dict[str, float]:
    """Median seconds per splitter over ``runs`` alternating rounds (one warm-up round)."""
    times: dict[str, list[float]] = {name: [] for name in splitters}
    for round_number in range(runs + 1):
        for name, splitter in splitters.items():
            start = time.perf_counter()
            splitter(text, "ar")
            elapsed = time.perf_counter() - start
            if round_number:
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def case_score(splitter: Splitter) -> int:
    return sum(splitter(text, lang) == expected for lang, text, expected in CASES)


def parallel_scores(splitter: Splitter) -> tuple[float, float]:
    """Join recall over line boundaries (both languages) and the share of line pairs whose
    Arabic and English sentence counts agree."""
    found = total = agree = pairs = 0
    sets = [("flores200-devtest-ar-en", "arb_Arab.devtest", "eng_Latn.devtest"),
            ("tico19-test-ar-en", "tico19-test.ar", "tico19-test.en")]
    for folder, ar_name, en_name in sets:
        ar_path, en_path = PARALLEL / folder / ar_name, PARALLEL / folder / en_name
        if not ar_path.exists():
            continue
        ar_lines = ar_path.read_text(encoding="utf-8").strip("\n").split("\n")
        en_lines = en_path.read_text(encoding="utf-8").strip("\n").split("\n")
        for lang, lines in (("ar", ar_lines), ("en", en_lines)):
            for i in range(0, len(lines) - 1, 2):
                # Two consecutive lines as one paragraph: the join must be a boundary.
                first = splitter(lines[i], lang)
                both = splitter(lines[i] + " " + lines[i + 1], lang)
                total += 1
                found += both[:len(first)] == first and len(both) > len(first)
        for ar_line, en_line in zip(ar_lines, en_lines, strict=False):
            pairs += 1
            agree += len(splitter(ar_line, "ar")) == len(splitter(en_line, "en"))
    return (found / total if total else 0.0, agree / pairs if pairs else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    splitters: dict[str, Splitter] = {"tarjama": ours, "tarjama-document": ours_document,
                                      **rivals()}
    text = arabic_megabytes(args.megabytes)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    print(f"# {size_mb:.2f} MB of Arabic, {len(text)} characters; runs={args.runs}")
    medians = time_splitters(text, splitters, args.runs)
    for name, seconds in medians.items():
        quality = parallel_scores(splitters[name])
        print(
            f"{name:>18}: {seconds:.3f}s ({size_mb / seconds:.1f} MB/s, "
            f"{seconds / medians['tarjama']:.1f}x ours) | cases {case_score(splitters[name])}"
            f"/{len(CASES)} | line-join recall {quality[0]:.3f} | ar/en count agreement "
            f"{quality[1]:.3f}"
        )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "big.ar.txt"
        source.write_text(text, encoding="utf-8")
        pot = Path(folder) / "big.pot"
        report([measure(f"tarjama segment {size_mb:.1f} MB -> POT",
                        [tool("tarjama"), "segment", str(source), "-o", str(pot)],
                        runs=args.runs)])
    sys.stdout.flush()


if __name__ == "__main__":
    main()
