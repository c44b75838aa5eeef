"""Large, realistic Arabic -> English PO catalogs for benchmarks, reproducible from a seed.

Sentences are built from a word list with their glosses, so targets carry the same numbers
(in either digit system on the source side), punctuation equivalents (``؟`` -> ``?``),
plurals, contexts, fuzzy, untranslated and obsolete entries that real catalogs have.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tarjama.formats.po import new_header, write_po
from tarjama.languages import ARABIC_INDIC_DIGITS
from tarjama.model import Catalog, Unit

# (Arabic, English) pairs: nouns, verbs and adjectives of news prose.
SUBJECTS = [
    ("الحكومة", "the government"), ("البرلمان", "parliament"), ("الوزارة", "the ministry"),
    ("التحالف الدولي", "the international coalition"), ("القوات الأمريكية", "US forces"),
    ("الجيش العراقي", "the Iraqi army"), ("رئيس الوزراء", "the prime minister"),
    ("المتحدث الرسمي", "the official spokesman"), ("البنك المركزي", "the central bank"),
    ("اللجنة الأمنية", "the security committee"), ("المحافظ", "the governor"),
    ("الفصائل المسلحة", "the armed factions"), ("الأمم المتحدة", "the United Nations"),
]
VERBS = [
    ("أعلنت", "announced"), ("رفضت", "rejected"), ("ناقشت", "discussed"), ("دعمت", "supported"),
    ("أجّلت", "postponed"), ("استأنفت", "resumed"), ("راجعت", "reviewed"), ("وقّعت", "signed"),
    ("انتقدت", "criticised"), ("اقترحت", "proposed"),
]
OBJECTS = [
    ("خطة جديدة", "a new plan"), ("الاتفاق الأمني", "the security agreement"),
    ("الميزانية السنوية", "the annual budget"), ("جولة من الحوارات", "a round of talks"),
    ("قرار الانسحاب", "the withdrawal decision"), ("برنامج التدريب", "the training programme"),
    ("تقريرًا مفصلًا", "a detailed report"), ("مشروع القانون", "the draft law"),
    ("صفقة الطائرات", "the aircraft deal"), ("إجراءات جديدة", "new measures"),
]
TAILS = [
    ("في بغداد", "in Baghdad"), ("في أربيل", "in Erbil"), ("مساء الاثنين", "on Monday evening"),
    ("خلال الأسبوع الماضي", "during the past week"),
    ("بعد أيام من الهجوم", "days after the attack"),
    ("رغم الضغوط الداخلية", "despite internal pressure"), ("", ""),
]
UNITS = [("جندي", "soldiers"), ("مليون دولار", "million dollars"), ("كيلومترًا", "kilometres"),
         ("يومًا", "days"), ("بالمئة", "percent")]


def _number(rng: random.Random) -> tuple[str, str]:
    value = rng.choice([rng.randint(2, 99), rng.randint(100, 9999), rng.randint(1990, 2030)])
    english = str(value)
    if rng.random() < 0.4:
        return english.translate(str.maketrans("0123456789", ARABIC_INDIC_DIGITS)), english
    return english, english


def sentence(rng: random.Random, serial: int) -> tuple[str, str]:
    """One Arabic sentence and its English gloss; ``serial`` makes sources unique."""
    (sa, se), (va, ve), (oa, oe), (ta, te) = (
        rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)
    )
    ar = f"{va} {sa} {oa}"
    en = f"{se[0].upper()}{se[1:]} {ve} {oe}"
    if ta:
        ar, en = f"{ar} {ta}", f"{en} {te}"
    if rng.random() < 0.6:
        na, ne = _number(rng)
        ua, ue = rng.choice(UNITS)
        ar, en = f"{ar}، بقيمة {na} {ua}", f"{en}, worth {ne} {ue}"
    # The serial number keeps every source distinct, as in a real document set.
    ar, en = f"{ar} (رقم {serial})", f"{en} (no. {serial})"
    kind = rng.random()
    if kind < 0.1:
        return f"هل {ar}؟", f"Has {en[0].lower()}{en[1:]}?"
    if kind < 0.15:
        return f"{ar}؛ وهذا مهم.", f"{en}; this matters."
    return f"{ar}.", f"{en}."


def generate(n: int, seed: int = 1) -> Catalog:
    """A catalog of ``n`` units (about 3% plural, 5% with context, 5% fuzzy, 5% untranslated,
    1% obsolete)."""
    rng = random.Random(seed)
    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en", project="bench"))
    catalog.header["Language"] = "en"
    catalog.source_lang, catalog.target_lang = "ar", "en"
    for serial in range(1, n + 1):
        ar, en = sentence(rng, serial)
        unit = Unit(
            source=ar,
            target=en,
            references=[(f"doc-{serial // 500 + 1}.ar.txt", str(serial % 500 + 1))],
            extracted_notes=f"paragraph {serial % 40 + 1}, sentence {serial % 3 + 1}",
            source_lang="ar",
            target_lang="en",
        )
        roll = rng.random()
        if roll < 0.03:
            count_ar, count_en = _number(rng)
            unit.source = f"{count_ar} ملف محذوف (رقم {serial})"
            unit.source_plural = f"{count_ar} ملفات محذوفة (رقم {serial})"
            unit.target = ""
            unit.target_plurals = [f"{count_en} deleted file (no. {serial})",
                                   f"{count_en} deleted files (no. {serial})"]
        elif roll < 0.08:
            unit.context = rng.choice(["menu", "headline", "caption", "button"])
        roll = rng.random()
        if roll < 0.05:
            unit.fuzzy = True
        elif roll < 0.10:
            unit.set_targets(["" for _ in unit.targets])
        elif roll < 0.11:
            unit.obsolete = True
            unit.references = []
        catalog.units.append(unit)
    return catalog


def ensure(n: int, seed: int = 1) -> Path:
    """The path of a generated catalog of ``n`` units under benchmarks/data, made if missing."""
    folder = Path(__file__).resolve().parent / "data"
    folder.mkdir(exist_ok=True)
    path = folder / f"bench-{n}-s{seed}.po"
    if not path.exists():
        write_po(generate(n, seed), path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("entries", type=int, help="number of entries")
    parser.add_argument("-o", "--output", default="-", help="output PO ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_po(generate(args.entries, args.seed), args.output)


if __name__ == "__main__":
    main()
