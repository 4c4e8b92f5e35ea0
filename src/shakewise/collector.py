"""Python's cycle collector, paused while many acyclic objects are built at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Building tens of thousands of objects (a ten-year diary's rows, an unpickled lexicon)
    sets the collector off again and again over the whole heap: about half the time of
    such a load (docs/performance.md). They hold no cycles, so it waits until they are
    built; reference counting still frees everything as usual. The collector is switched
    back on afterwards, also on failure, unless the caller had it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
