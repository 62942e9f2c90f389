"""Rendering split across processes for big sites: forked, so the views and compiled templates are
shared with the workers, not copied."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

from ..model import Page

RENDER_PROCESSES = min(os.cpu_count() or 1, 4)
PARALLEL_MIN_PAGES = 2000
_JOBS: list[Callable[[], Page]] = []  # the jobs a forked render worker inherits


def _run_slice(bounds: tuple[int, int]) -> list[Page]:
    return [job() for job in _JOBS[bounds[0] : bounds[1]]]


def run_jobs(jobs: list[Callable[[], Page]], processes: int | None = None) -> list[Page]:
    """Run page jobs in order; a large list is split across forked processes (same pages, faster)."""
    global _JOBS
    processes = RENDER_PROCESSES if processes is None else processes
    methods = multiprocessing.get_all_start_methods()
    if processes < 2 or len(jobs) < PARALLEL_MIN_PAGES or "fork" not in methods:
        return [job() for job in jobs]
    step = -(-len(jobs) // (processes * 8))
    chunks = [(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)]
    _JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [page for chunk in pool.map(_run_slice, chunks) for page in chunk]
    finally:
        _JOBS = []
