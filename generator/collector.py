"""Pausing Python's cyclic garbage collector around work that makes many acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block (or the decorated function), then as it was before.

    For work that makes ~10^5 short-lived or lasting objects with no reference cycles (loading a
    cache, building a page, resolving an archive): collections there only walk them, for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
