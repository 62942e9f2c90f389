"""Pages built across processes for big sites: forked, so the model, its lookups and the compiled
templates are shared with the workers, not copied; each worker builds its pages' views, keys and
bytes, and sends back the pages and keys, a slice at a time.

The results come back in the jobs' order as they are made (`iter_jobs`), with only a few slices
in flight at once: the caller (the writer) takes each page as it comes, so neither this process
nor a worker ever holds the whole site's bytes.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

RENDER_PROCESSES = min(os.cpu_count() or 1, 4)
PARALLEL_MIN_PAGES = 2000
SLICE_JOBS = 250  # jobs a worker runs per slice: its pages' bytes are what a slice holds in memory
SLICES_IN_FLIGHT = 3  # slices per process sent ahead of the one being taken
T = TypeVar("T")
_JOBS: list[Callable[[], object]] = []  # the jobs a forked render worker inherits


def _run_slice(bounds: tuple[int, int]) -> list[object]:
    return [job() for job in _JOBS[bounds[0] : bounds[1]]]


def _return_free_memory() -> None:
    """Give the heap's free pages back to the system (glibc's `malloc_trim`; elsewhere nothing):
    a forked worker's resident memory starts as this process's, pages freed but kept included."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def iter_jobs(jobs: list[Callable[[], T]], processes: int | None = None) -> Iterator[T]:
    """The jobs' results in order, as they are made; a large list is split into slices run by
    forked processes (same results, faster), at most `SLICES_IN_FLIGHT` slices per process ahead
    of the one being taken."""
    global _JOBS
    processes = RENDER_PROCESSES if processes is None else processes
    methods = multiprocessing.get_all_start_methods()
    if processes < 2 or len(jobs) < PARALLEL_MIN_PAGES or "fork" not in methods:
        yield from (job() for job in jobs)
        return
    step = min(SLICE_JOBS, -(-len(jobs) // (processes * 8)))
    slices = iter([(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)])
    _JOBS = jobs  # type: ignore[assignment]
    _return_free_memory()  # what resolve and group freed (~10% of this process at 4,000 articles)
    # Not `multiprocessing.Pool`: leaving its `with` block on an error terminates the workers,
    # and a worker killed while it holds the task queue's lock leaves the pool's `terminate`
    # waiting forever (seen as a build failing mid-render that never returned). The executor's
    # shutdown cancels the slices not started and lets the running ones end.
    executor = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
    try:
        ahead = islice(slices, processes * SLICES_IN_FLIGHT)
        pending = deque(executor.submit(_run_slice, bounds) for bounds in ahead)
        while pending:
            done = pending.popleft().result()
            bounds = next(slices, None)
            if bounds is not None:
                pending.append(executor.submit(_run_slice, bounds))
            yield from done  # type: ignore[misc]
            del done
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        _JOBS = []


def run_jobs(jobs: list[Callable[[], T]], processes: int | None = None) -> list[T]:
    """Run jobs in order, giving their results (`iter_jobs`, all at once)."""
    return list(iter_jobs(jobs, processes))
