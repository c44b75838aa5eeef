"""A reproducibly degraded copy of a PO catalog, to show and benchmark ``tarjama score``.

Words of each translation are dropped, swapped, repeated or re-cased at a given rate (from a
seed), so the copy scores like a weaker machine translation of the same source.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tarjama.formats.po import read_po, write_po
from tarjama.model import Catalog, Status


def degrade_text(text: str, rng: random.Random, rate: float) -> str:
    """``text`` with about ``rate`` of its words dropped, swapped, repeated or re-cased."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if rng.random() >= rate:
            out.append(word)
        else:
            action = rng.randrange(4)
            if action == 1 and i + 1 < len(words):
                out += [words[i + 1], word]
                i += 1
            elif action == 2:
                out += [word, word]
            elif action == 3:
                out.append(word.lower() if word[:1].isupper() else word.capitalize())
            # action 0 (or a swap at the end): the word is dropped
        i += 1
    return " ".join(out)


def degrade(
    catalog: Catalog, *, seed: int = 1, rate: float = 0.15, drop: int = 0, fuzzy: int = 0
) -> Catalog:
    """Degrade every translated unit in place; then remove the first ``drop`` translated
    units and mark the next ``fuzzy`` ones fuzzy (to show what ``score`` leaves out)."""
    rng = random.Random(seed)
    translated = [
        unit for unit in catalog.units if unit.source and unit.status is Status.TRANSLATED
    ]
    for unit in translated:
        unit.set_targets([degrade_text(text, rng, rate) for text in unit.targets])
    for unit in translated[:drop]:
        catalog.units.remove(unit)
    for unit in translated[drop : drop + fuzzy]:
        unit.fuzzy = True
    return catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("po", help="the catalog to copy")
    parser.add_argument("-o", "--output", required=True, help="the degraded copy ('-': stdout)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.15, help="share of words touched")
    parser.add_argument("--drop", type=int, default=0, help="translated entries to remove")
    parser.add_argument("--fuzzy", type=int, default=0, help="translated entries to mark fuzzy")
    args = parser.parse_args()
    catalog = degrade(read_po(args.po), seed=args.seed, rate=args.rate, drop=args.drop,
                      fuzzy=args.fuzzy)
    write_po(catalog, args.output)


if __name__ == "__main__":
    main()
