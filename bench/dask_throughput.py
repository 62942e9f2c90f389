"""Extraction throughput: `n_process=2` worker processes against a Dask LocalCluster of two workers.

Both annotate the same texts (default: the first 600 non-empty texts of
../shared/eval/allsides-dev.jsonl, read from there, never copied) with no cache: `workers.Annotator`
as `extract` runs it for `n_process=2`, and `dask_executor.annotate_on` on a LocalCluster. Each is
timed in two parts: starting the workers with spaCy loaded in each (for Dask: the cluster, then the
worker plugin), and annotating every text with the workers ready (the throughput). The model is
loaded once here first (untimed), so both find it in the page cache. Issue 16's target: Dask at
>= 0.9x the texts/s of `n_process=2`. The machine's other load moves both figures: run it once,
compare the ratio, not the rates.

    .venv/bin/python bench/dask_throughput.py
    .venv/bin/python bench/dask_throughput.py --texts 300 --corpus ../shared/eval/gva-dev.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "allsides-dev.jsonl"
sys.path.insert(0, str(ROOT))

from generator.config import ExtractConfig  # noqa: E402
from generator.extract import dask_executor, pipeline  # noqa: E402
from generator.extract.annotate import spacy_text  # noqa: E402
from generator.extract.workers import Annotator  # noqa: E402


def read_texts(corpus: Path, count: int, max_chars: int) -> list[str]:
    """What spaCy is given of the first `count` non-empty texts of a JSONL corpus."""
    texts: list[str] = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            text = str(json.loads(line).get("text") or "").strip()
            if text:
                texts.append(spacy_text(text, max_chars))
            if len(texts) == count:
                break
    return texts


def on_local(texts: list[str], config: ExtractConfig) -> tuple[float, float, list]:
    """Seconds to start `n_process` workers (spaCy loaded), seconds to annotate `texts`, results."""
    start = time.perf_counter()
    annotator = Annotator(pipeline.load_pipeline, config, config.n_process)
    try:
        list(annotator.annotate(texts[: config.n_process], 1))  # one text each: every worker loaded
        ready = time.perf_counter()
        plains = list(annotator.annotate(texts, config.batch_size))
        return ready - start, time.perf_counter() - ready, plains
    finally:
        annotator.close()


def on_dask(texts: list[str], config: ExtractConfig) -> tuple[float, float, list]:
    """The same on a LocalCluster (`config.dask_scheduler`): cluster and plugin, then annotating."""
    start = time.perf_counter()
    with dask_executor.connect(config) as client:
        plugin = dask_executor.PipelinePlugin(config)
        client.register_plugin(plugin, name=plugin.name)  # every worker loads spaCy
        ready = time.perf_counter()
        found = dict(dask_executor.annotate_on(client, texts, config))  # registered again: no reload
        seconds = time.perf_counter() - ready
    return ready - start, seconds, [found[i] for i in range(len(texts))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--texts", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    local = ExtractConfig(n_process=args.workers)
    texts = read_texts(args.corpus, args.texts, local.max_chars)
    dask = dataclasses.replace(local, executor="dask", dask_scheduler=f"local:{args.workers}")
    pipeline.load_pipeline(local)  # untimed: the model's files in the page cache for both runs
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts ({chars:,} characters) from {args.corpus.name}, batch_size {local.batch_size}")
    rates = []
    results = []
    for name, run, config in (
        (f"n_process={args.workers}", on_local, local),
        (f"LocalCluster({args.workers})", on_dask, dask),
    ):
        startup, seconds, plains = run(texts, config)
        rates.append((len(texts) / seconds, len(texts) / (startup + seconds)))
        results.append(plains)
        print(
            f"{name:16} start {startup:5.1f} s, annotate {seconds:5.1f} s: {rates[-1][0]:5.1f} texts/s "
            f"({rates[-1][1]:5.1f} texts/s with the start)"
        )
    print(
        f"ratio Dask / n_process: {rates[1][0] / rates[0][0]:.2f}x annotating, "
        f"{rates[1][1] / rates[0][1]:.2f}x with the start; same annotations: {results[0] == results[1]}"
    )


if __name__ == "__main__":
    main()
