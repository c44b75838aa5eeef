"""The glossary checks: a source term's approved translation must appear in the target, and
a forbidden translation must not. Matching folds case, Arabic letter variants, diacritics
and digit scripts, and lets Arabic clitics (و ف ب ل ك ال) and English plural endings attach.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tarjama.checks.base import CheckContext, Issue, Pair, Severity, check
from tarjama.languages import is_arabic_script, normalize_for_matching

if TYPE_CHECKING:
    from tarjama.formats.glossary import Glossary

_ARABIC_PREFIX = "(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?"
_ARABIC_SUFFIX = r"\w{0,3}"
# Inflection and derivation at the end of a Latin-script term: "files", "Iraqi", "Iran's".
_LATIN_SUFFIX = r"(?:\w{0,3}|'s|’s)"


def _pattern(term: str, lang: str) -> re.Pattern[str]:
    folded = re.escape(normalize_for_matching(term))
    if is_arabic_script(lang):
        return re.compile(rf"(?<!\w){_ARABIC_PREFIX}{folded}{_ARABIC_SUFFIX}(?!\w)")
    return re.compile(rf"(?<!\w){folded}{_LATIN_SUFFIX}(?!\w)")


@dataclass
class _CompiledTerm:
    source: str
    gate: str
    pattern: re.Pattern[str]
    targets: list[tuple[str, re.Pattern[str]]]
    forbidden: list[tuple[str, re.Pattern[str]]]


class TermMatcher:
    """A glossary compiled for one language pair."""

    def __init__(self, glossary: Glossary, source_lang: str, target_lang: str) -> None:
        self.terms: list[_CompiledTerm] = []
        self.everywhere: list[tuple[str, re.Pattern[str]]] = []
        for term in glossary.terms:
            forbidden = [(t, _pattern(t, target_lang)) for t in term.forbidden]
            if not term.source:
                self.everywhere.extend(forbidden)
                continue
            gate = normalize_for_matching(term.source)
            self.terms.append(_CompiledTerm(
                term.source, gate, _pattern(term.source, source_lang),
                [(t, _pattern(t, target_lang)) for t in term.targets], forbidden,
            ))

    def problems(self, source: str, target: str) -> Iterator[tuple[bool, str]]:
        """``(forbidden, message)`` for each glossary problem of a pair."""
        folded_source = normalize_for_matching(source)
        folded_target = normalize_for_matching(target)
        for term in self.terms:
            if term.gate not in folded_source or not term.pattern.search(folded_source):
                continue
            if term.targets and not any(p.search(folded_target) for _, p in term.targets):
                wanted = " or ".join(repr(t) for t, _ in term.targets)
                yield False, f"{term.source!r} should be translated as {wanted}"
            for text, pattern in term.forbidden:
                if pattern.search(folded_target):
                    yield True, f"{text!r} is a forbidden translation of {term.source!r}"
        for text, pattern in self.everywhere:
            if pattern.search(folded_target):
                yield True, f"{text!r} is a forbidden term"


@check("glossary", Severity.WARNING, "Glossary terms translated as the glossary says",
       applies=lambda ctx: "terms" in ctx.options)
def glossary_term(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """A warning, not an error: Arabic inflects nouns inside the word (broken plurals) and
    a correct translation may use a form the glossary does not list."""
    matcher = ctx.options.get("terms")
    if isinstance(matcher, TermMatcher):
        for forbidden, message in matcher.problems(pair.source, pair.target):
            if not forbidden:
                yield Issue(message)


@check("forbidden-term", Severity.ERROR, "No term the glossary forbids",
       applies=lambda ctx: "terms" in ctx.options)
def forbidden_term(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    matcher = ctx.options.get("terms")
    if isinstance(matcher, TermMatcher):
        for forbidden, message in matcher.problems(pair.source, pair.target):
            if forbidden:
                yield Issue(message)
