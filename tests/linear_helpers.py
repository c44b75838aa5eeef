"""Timing helpers for the tests that checks take time in proportion to an entry's length.

A check that is quadratic on some input does not fail quickly: 40,000 digits took three minutes.
So the long measurement runs in a forked child that is killed once it has taken several times
what a linear check may take: a regression fails in seconds instead of stalling the suite.
Times are the minimum of a few runs (the machine is shared; the minimum is the run least
disturbed by others), compared as ratios, never against a wall-clock figure.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from typing import Any

from tarjama.checks import run_checks
from tarjama.checks.report import format_json, format_text
from tarjama.formats.glossary import Glossary, Term
from tarjama.model import Catalog, Unit

# Every family of check has something to look at: a glossary with a term found in the
# baseline's source (so its patterns run), plural forms, a suppression comment.
GLOSSARY = Glossary(terms=[Term("minister", ["الوزير"], ["وزيرة"]), Term("", [], ["be"])])

# Ordinary prose of both languages: the linear baseline every hostile input is compared with.
PROSE = {
    "en": "The minister arrived in Baghdad on 3 May with 1,200 soldiers (see %s). ",
    "ar": "وصل الوزير إلى بغداد في ٣ مايو مع ١٬٢٠٠ جندي (انظر %s). ",
    "de": "Der Minister kam am 3. Mai mit 1.200 Soldaten in Bagdad an (siehe %s). ",
}


def sized(text: str, length: int) -> str:
    """``text`` repeated to ``length`` characters."""
    return (text * (length // max(len(text), 1) + 1))[:length]


def check_entry(source: str, target: str, source_lang: str, target_lang: str,
                plural: bool = False) -> None:
    """What ``tarjama check`` does with one entry (or, with ``plural``, with a plural entry
    whose two forms are ``target``): every check, then the text and JSON reports."""
    notes = "tarjama: ignore nothing\n" + target  # the suppression comments are read too
    unit = (Unit(source="one file", source_plural=source, target_plurals=[target, target],
                 line=1, translator_notes=notes) if plural else
            Unit(source=source, target=target, line=1, translator_notes=notes))
    catalog = Catalog(units=[unit], source_lang=source_lang, target_lang=target_lang)
    report = run_checks([catalog], glossary=GLOSSARY)
    format_text(report)
    format_json(report)


_BASELINES: dict[tuple[str, str, int], float] = {}


def prose_time(source_lang: str, target_lang: str, length: int) -> float:
    """The time :func:`check_entry` takes for ordinary prose of ``length`` characters (the
    linear baseline), measured once per test session."""
    key = (source_lang, target_lang, length)
    if key not in _BASELINES:
        _BASELINES[key] = best_time(check_entry, sized(PROSE[source_lang], length),
                                    sized(PROSE[target_lang], length), source_lang,
                                    target_lang, runs=2)
    return _BASELINES[key]


def best_time(function: Callable[..., Any], *args: Any, runs: int = 3) -> float:
    """The shortest of ``runs`` timed calls."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best


def _child(connection: Any, function: Callable[..., Any], args: tuple[Any, ...],
           runs: int) -> None:
    connection.send(best_time(function, *args, runs=runs))
    connection.close()


def best_time_within(function: Callable[..., Any], *args: Any, limit: float,
                     runs: int = 3) -> float | None:
    """:func:`best_time` in a forked child, or None when the child takes longer than
    ``limit`` seconds for all its runs (it is then killed)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, runs), daemon=True)
    child.start()
    sender.close()
    try:
        return float(receiver.recv()) if receiver.poll(limit) else None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def growth(function: Callable[..., Any], small: tuple[Any, ...], large: tuple[Any, ...],
           scale: int, floor: float, allowed: float,
           large_runs: int = 2) -> tuple[float, float, float | None]:
    """How much more time per character ``function`` takes on ``large`` (``scale`` times
    longer) than on ``small``: 1 for a linear function, ``scale`` for a quadratic one.

    The small input's time is taken as at least ``floor`` (a linear baseline's time for the
    same length: below it, timer noise would dominate). The large run is given ``allowed``
    times what a linear function may take, and ``inf`` is returned if it runs out; a growth
    over the threshold, or that ran out, is measured again with a longer limit (another
    program may have taken the processor).
    Returns (growth, small time, large time).
    """
    result: tuple[float, float, float | None] = (0.0, 0.0, None)
    for attempt in range(3):
        small_time = max(best_time(function, *small), floor)
        # Twice as long at each attempt: a busy machine may stall one run for a while.
        limit = (allowed * scale * small_time * large_runs + 0.5) * 2 ** attempt
        large_time = best_time_within(function, *large, limit=limit, runs=large_runs)
        ratio = float("inf") if large_time is None else large_time / (scale * small_time)
        result = (ratio, small_time, large_time)
        if ratio <= allowed:
            break
    return result
