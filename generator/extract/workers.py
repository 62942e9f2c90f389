"""spaCy in worker processes (`extract.worker_process`), fed batches of texts over pipes.

A worker is a fresh interpreter, not a fork: it holds its pipeline and one batch, never a copy of
the build's memory, and it does not re-run the caller's main script (as `multiprocessing` spawn
would). It loads the pipeline as soon as it starts, so a build can start one before reading.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from ..errors import BuildError
from .annotate import Plain


def portable(loader: Callable[..., Any]) -> bool:
    """Whether a fresh process can import `loader` by name (a module-level function)."""
    module = sys.modules.get(getattr(loader, "__module__", None) or "")
    return module is not None and getattr(module, getattr(loader, "__qualname__", ""), None) is loader


def send(stream: IO[bytes], value: Any) -> None:
    pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


class Annotator:
    """`processes` workers running `loader(config)`; batches go round-robin, results come in order."""

    def __init__(self, loader: Callable[..., Any], config: Any, processes: int) -> None:
        self.processes = processes
        self._ready: list[bool] = []
        self._procs: list[subprocess.Popen[bytes]] = []
        # The worker imports this very package, wherever the caller imported it from.
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
        }
        try:
            for _ in range(processes):
                proc = subprocess.Popen(
                    [sys.executable, "-m", "generator.extract.worker_process"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=env,
                )
                self._procs.append(proc)
                self._ready.append(False)
                assert proc.stdin is not None
                send(proc.stdin, (sys.path, loader.__module__, loader.__qualname__, config))
        except BaseException:
            self.close()
            raise

    def _receive(self, index: int) -> Any:
        """The next reply of worker `index`; its first reply says whether the pipeline loaded."""
        proc = self._procs[index]
        assert proc.stdout is not None
        try:
            if not self._ready[index]:
                ok, error = pickle.load(proc.stdout)
                if not ok:
                    raise BuildError(*error)
                self._ready[index] = True
            return pickle.load(proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            raise BuildError("extract", f"spaCy worker exited unexpectedly (code {proc.poll()})") from None

    def annotate(self, texts: Sequence[str], batch_size: int) -> Iterator[Plain]:
        """Plain annotations of `texts`, in order, `batch_size` texts per `nlp.pipe` batch."""
        batches = [list(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        count = len(self._procs)

        def feed(index: int) -> None:  # a thread per worker, so a full pipe never blocks reading
            stream = self._procs[index].stdin
            assert stream is not None
            try:
                for batch in batches[index::count]:
                    send(stream, (batch, batch_size))
            except (OSError, ValueError):
                pass  # the worker died or was closed: reading its replies reports it

        feeders = [threading.Thread(target=feed, args=(i,), daemon=True) for i in range(count)]
        for thread in feeders:
            thread.start()
        for number in range(len(batches)):
            yield from self._receive(number % count)

    def alive(self) -> bool:
        """Whether every worker is still running (a kept annotator is replaced when one died)."""
        return bool(self._procs) and all(proc.poll() is None for proc in self._procs)

    def close(self) -> None:
        """Stop the workers (at once: every result wanted has been read); closing twice is harmless."""
        for proc in self._procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        self._procs = []
