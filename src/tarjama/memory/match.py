"""How alike two segments are, on the 0-100 scale translators know from CAT tools.

Scorers share RapidFuzz's signature ``(a, b, *, score_cutoff=None) -> float`` and compare the
folded forms of :func:`fold`; :func:`grade` turns a score into a match with its kind.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tarjama.languages import ARABIC_MARKS, TATWEEL, normalize_for_matching
from tarjama.memory.placeables import Adapted, adapt, analyse, rendered

Scorer = Callable[..., float]

# The highest score a match that is not identical after folding can get, so that 100 and 99
# keep their meaning (identical text / identical once folded) whatever the scorer says.
FUZZY_CEILING = 98.0

_WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def fold(text: str) -> str:
    """The form segments are compared in: what does not change meaning is folded away
    (white space, tatweel, diacritics, alef/yeh/teh marbuta variants, digit scripts, case)."""
    return normalize_for_matching(text)


def words(folded: str) -> list[str]:
    """Words and punctuation marks of a folded segment, the units of word-level distance."""
    return _WORD_RE.findall(folded)


def _cut(score: float, score_cutoff: float | None) -> float:
    return 0.0 if score_cutoff is not None and score < score_cutoff else score


def char_similarity(a: str, b: str, *, score_cutoff: float | None = None) -> float:
    """Levenshtein similarity of the characters, 0-100 (one letter of forty wrong: 97.5)."""
    return _cut(100.0 * Levenshtein.normalized_similarity(a, b), score_cutoff)


def word_similarity(a: str, b: str, *, score_cutoff: float | None = None) -> float:
    """Levenshtein similarity of the word sequences, 0-100 (one word of twenty: 95)."""
    return _cut(100.0 * Levenshtein.normalized_similarity(words(a), words(b)), score_cutoff)


def blend_similarity(a: str, b: str, *, score_cutoff: float | None = None) -> float:
    """The mean of the word and character similarities: the default.

    Word level alone punishes a one-letter clitic change in Arabic (``والحكومة`` /
    ``الحكومة``) as much as a new word; character level alone barely notices a short word
    replaced in a long sentence. Their mean falls steadily with each edit.
    """
    score = (char_similarity(a, b) + word_similarity(a, b)) / 2.0
    return _cut(score, score_cutoff)


# The one registry of scorers; ``--scorer`` and the docs read it.
SCORERS: dict[str, Scorer] = {
    "blend": blend_similarity,
    "char": char_similarity,
    "word": word_similarity,
}
DEFAULT_SCORER = "blend"


class MatchKind(enum.Enum):
    """Why a memory unit matched, from the strongest to the weakest."""

    EXACT = "exact"  # identical source text, context agreeing: 100
    FOLDED = "folded"  # identical once folded (digits, diacritics, spaces...): 99
    CONTEXT = "context"  # identical text, but the memory gives it another context: 99
    # identical but for numbers, placeholders or tags, substituted in the translation: 98.1-98.9
    PLACEABLE = "placeable"
    FUZZY = "fuzzy"  # similar: the scorer's figure, at most FUZZY_CEILING


# A placeable match scores between the folded ones (99) and the best fuzzy one (98): 98.9
# with one substitution, 0.1 less for each further one down to 98.1, so that the one needing
# fewer substitutions comes first.
PLACEABLE_BEST = 98.9
PLACEABLE_FLOOR = 98.1


@dataclass(frozen=True)
class Grade:
    score: float
    kind: MatchKind
    adapted: Adapted | None = None  # a placeable match's translation, substituted
    note: str | None = None  # why placeables that differ were not substituted


def grade(
    query: str,
    query_folded: str,
    query_context: str | None,
    source: str,
    source_folded: str,
    source_context: str | None,
    scorer: Scorer = blend_similarity,
    *,
    score_cutoff: float | None = None,
    targets: Sequence[str] = (),
    plural: bool = False,
) -> Grade | None:
    """Score a memory unit's source against a query, or None below ``score_cutoff``.

    A memory unit without a context matches any query context; one with a context is exact
    only for that context, as gettext keys entries by context and source.

    Numbers, placeholders and tags are placeables (see :mod:`tarjama.memory.placeables`): a
    unit that differs from the query only in them is a placeable match, its translation
    ``targets`` (the plural forms, with ``plural``) adapted; when that is ambiguous it is a
    fuzzy match, and each placeable that differs costs as much as the query's longest word.
    """
    context_agrees = source_context is None or source_context == query_context
    adapted: Adapted | None = None
    note: str | None = None
    if query_folded == source_folded:
        score, kind = _identical(query == source, context_agrees)
    else:
        mine, theirs = analyse(query), analyse(source)
        kind = MatchKind.FUZZY
        if mine.shown == theirs.shown:  # no placeables, or the same ones: words differ
            score = scorer(query_folded, source_folded)
        else:
            outcome = adapt(mine, theirs, targets, plural=plural) if (
                mine.template == theirs.template) else ""
            if outcome is None:  # the same placeables, written another way (1,000 / 1000)
                score, kind = _identical(False, context_agrees)
            elif isinstance(outcome, Adapted):
                adapted, kind = outcome, MatchKind.PLACEABLE
                score = max(PLACEABLE_FLOOR, PLACEABLE_BEST - 0.1 * (len(outcome.substitutions)
                                                                     - 1))
            else:
                note = outcome or None
                score = scorer(*rendered(mine, theirs, query_folded, source_folded))
        if kind is MatchKind.FUZZY:
            score = min(FUZZY_CEILING, score)
        score = round(score, 1)
    if score_cutoff is not None and score < score_cutoff:
        return None
    return Grade(score, kind, adapted, note)


def _identical(same_text: bool, context_agrees: bool) -> tuple[float, MatchKind]:
    if not context_agrees:
        return 99.0, MatchKind.CONTEXT
    return (100.0, MatchKind.EXACT) if same_text else (99.0, MatchKind.FOLDED)


# Words as written, diacritics and tatweel included (they are not \w), or a punctuation mark.
_SHOWN_WORD_RE = re.compile(f"[\\w{ARABIC_MARKS}{TATWEEL}]+|[^\\w\\s]")


def diff_words(query: str, source: str) -> list[tuple[str, str, str]]:
    """Word-level differences ``(op, memory words, query words)`` for showing a fuzzy match,
    in the texts as written but compared folded: op is ``equal``, ``replace``, ``delete``
    (only in the memory) or ``insert`` (only in the query)."""
    old, new = _SHOWN_WORD_RE.findall(source), _SHOWN_WORD_RE.findall(query)
    return [
        (op.tag, " ".join(old[op.src_start:op.src_end]), " ".join(new[op.dest_start:op.dest_end]))
        for op in Levenshtein.opcodes([fold(w) for w in old], [fold(w) for w in new])
    ]
