"""spaCy on a Dask cluster (`extract.executor: dask`): batches of uncached texts as Dask tasks.

Each worker loads the pipeline once (`PipelinePlugin`, a `distributed.WorkerPlugin`, also on a
worker that joins or restarts later); a task annotates one batch (`sized_batches`) there. Results
come back as batches finish, each text with its index, so the caller can cache them at once and
place them by index (the output does not depend on which worker ran what, or when). A worker lost
mid-run costs only its batches: the scheduler runs them again elsewhere.

This module imports `distributed`; `pipeline.extract` imports it only when the dask executor is
chosen (and says how to install it when it is missing).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from ..config import ExtractConfig, local_workers
from ..errors import BuildError
from .annotate import Plain
from .spacy_model import BATCH_CHARS, load_pipeline, model_fingerprint, pipe_plain, sized_batches

# Seconds to wait for a scheduler to answer (a wrong address fails with one line, not a hang).
CONNECT_TIMEOUT = 10
# The pipeline a worker process holds, by configuration: loaded once, kept across builds sent to a
# long-lived cluster (a plugin registered again finds it here), only the latest kept.
_PIPELINES: dict[str, Any] = {}


def local_worker_settings() -> dict[str, Any]:
    """Dask settings for a LocalCluster started here, measured by bench/dask_throughput.py (CPU
    seconds of the workers on the same texts: 9.2 s with Dask's defaults, 6.3 s with these, 6.7 s
    for `n_process` workers): no statistical profiler (it samples the running task's stack every
    10 ms), glibc's own malloc trimming (not Dask's MALLOC_TRIM_THRESHOLD_=65536), and the event
    loop's bookkeeping every second, not every 20 ms (each wake-up takes the GIL from spaCy).
    docs/cluster.md gives the same settings for a real cluster."""
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return {
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ": environ,
        "distributed.admin.tick.interval": "1000ms",
        "distributed.admin.system-monitor.interval": "2000ms",
    }


def _pipeline_key(config: ExtractConfig) -> str:
    """What the loaded pipeline depends on (model, its version, `max_chars`): builds with other
    batch sizes or sources reuse a worker's pipeline."""
    return hashlib.sha256(model_fingerprint(config).encode()).hexdigest()[:16]


class PipelinePlugin(WorkerPlugin):
    """Loads `load_pipeline(config)` on a worker when it starts (or when the plugin is registered)."""

    def __init__(self, config: ExtractConfig) -> None:
        self.config = config
        self.key = _pipeline_key(config)
        self.name = f"briefing-extract-{self.key}"
        self.error: BuildError | None = None

    def setup(self, worker: Any) -> None:
        if self.key in _PIPELINES:
            return
        try:
            nlp = load_pipeline(self.config)
        except BuildError as exc:  # raised again by each task, so the client reports it
            self.error = exc
            return
        _PIPELINES.clear()
        _PIPELINES[self.key] = nlp


def annotate_batch(plugin_name: str, texts: list[str], batch_size: int) -> list[Plain]:
    """The task: plain annotations of one batch, with the worker's pipeline."""
    plugin = get_worker().plugins[plugin_name]
    if plugin.error is not None:
        raise plugin.error
    return list(pipe_plain(_PIPELINES[plugin.key], texts, batch_size))


@contextlib.contextmanager
def connect(config: ExtractConfig) -> Iterator[Client]:
    """A client of `config.dask_scheduler`: a scheduler's address, or `local` / `local:N` for a
    `LocalCluster` of N worker processes (default `n_process`) started here and stopped after."""
    where = config.dask_named_in or config.config_file
    workers = local_workers(config.dask_scheduler, config.n_process)
    cluster = None
    quiet = logging.getLogger("distributed")  # its INFO lines (cluster up and down) are not the build's
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        if workers is not None:
            with dask.config.set(local_worker_settings()):
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,  # spaCy is one thread per process; a worker is a process
                    processes=True,
                    dashboard_address=None,
                    memory_limit=0,  # a pipeline's size is known; no pausing or killing for memory
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster)
        else:
            client = Client(config.dask_scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        quiet.setLevel(level)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = f"cannot reach the Dask scheduler {config.dask_scheduler}: {reason}"
        raise BuildError(where, message) from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        quiet.setLevel(level)


def annotate_on(client: Client, texts: Sequence[str], config: ExtractConfig) -> Iterator[tuple[int, Plain]]:
    """`(index, plain annotations)` of every text in `texts`, batch by batch as batches finish."""
    plugin = PipelinePlugin(config)
    client.register_plugin(plugin, name=plugin.name)
    pending: dict[Any, tuple[Any, int]] = {}  # future's key: the future, index of its first text
    start = 0
    for batch in sized_batches(texts, config.batch_size, BATCH_CHARS):
        future = client.submit(annotate_batch, plugin.name, batch, config.batch_size, pure=False)
        pending[future.key] = future, start
        start += len(batch)
    try:
        for done in as_completed([future for future, _ in pending.values()]):
            _, first = pending.pop(done.key)  # released: the worker may forget the result
            for offset, plain in enumerate(done.result()):
                yield first + offset, plain
    finally:
        if pending:  # an interrupted run leaves no batches behind on the cluster
            client.cancel([future for future, _ in pending.values()])


def annotate(texts: Sequence[str], config: ExtractConfig) -> Iterator[tuple[int, Plain]]:
    """`annotate_on` a client of `config.dask_scheduler` (connected here, closed after)."""
    with connect(config) as client:
        yield from annotate_on(client, texts, config)
