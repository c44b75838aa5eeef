"""Helpers for bulk work over hundreds of thousands of units.

Reading a catalog or memory creates millions of small objects and no reference cycles; the
cyclic garbage collector would walk the growing heap again and again for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk read or write.

    On a 50,000-entry catalog the collector costs about 40% of the reading time. Reference
    counting still frees everything as usual; the collector resumes (if it was on) at exit,
    with what was made during the pause moved to its oldest generation. Nesting is safe:
    only the outermost pause turns it back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made during the pause sits in the youngest generation, which the
            # first collections after it would walk whole (about 70 ms on 50,000 entries).
            # Freezing then unfreezing moves it all to the oldest generation without a
            # collection; nothing is exempt from collecting afterwards.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
