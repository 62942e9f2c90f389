"""Pages built across processes for big sites: forked, so the model, its lookups and the compiled
templates are shared with the workers, not copied; each worker builds its pages' views, keys and
bytes, and sends back the pages and keys."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

RENDER_PROCESSES = min(os.cpu_count() or 1, 4)
PARALLEL_MIN_PAGES = 2000
T = TypeVar("T")
_JOBS: list[Callable[[], object]] = []  # the jobs a forked render worker inherits


def _run_slice(bounds: tuple[int, int]) -> list[object]:
    return [job() for job in _JOBS[bounds[0] : bounds[1]]]


def run_jobs(jobs: list[Callable[[], T]], processes: int | None = None) -> list[T]:
    """Run jobs in order, giving their results; a large list is split across forked processes
    (same results, faster)."""
    global _JOBS
    processes = RENDER_PROCESSES if processes is None else processes
    methods = multiprocessing.get_all_start_methods()
    if processes < 2 or len(jobs) < PARALLEL_MIN_PAGES or "fork" not in methods:
        return [job() for job in jobs]
    step = -(-len(jobs) // (processes * 8))
    chunks = [(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)]
    _JOBS = jobs  # type: ignore[assignment]
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [result for chunk in pool.map(_run_slice, chunks) for result in chunk]  # type: ignore[misc]
    finally:
        _JOBS = []
