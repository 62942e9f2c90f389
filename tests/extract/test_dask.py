"""Extraction on Dask (`extract.executor: dask`, `build --dask`) with a LocalCluster of two worker
processes and real spaCy: the same site and annotations as a local build, a rerun after an
interrupted run redoes only the missing texts, a worker killed mid-run costs only its batches."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import logging
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, assert_built, assert_refused, plain_article, run_cli, tree

from generator.config import ExtractConfig
from generator.errors import BuildError
from generator.extract import pipeline
from generator.extract.annotate import spacy_text
from generator.incremental.extractions import ExtractCache

distributed = pytest.importorskip("distributed")
from generator.extract import dask_executor  # noqa: E402  (needs distributed)

EVAL = Path("/work/shared/eval/allsides-dev.jsonl")
EVAL_TEXTS = 200
BATCH = 10  # texts per batch: about 20 batches of the eval texts, so a killed worker has some in flight


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A LocalCluster of two worker processes, one thread each, set up as `--dask local:2` does."""
    import dask

    with dask.config.set(dask_executor.local_worker_settings()):
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=0,
            silence_logs=logging.ERROR,
        )
    with local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def eval_texts() -> list[str]:
    """The first 200 texts of the allsides dev corpus (read here, never copied into the project)."""
    if not EVAL.is_file():
        pytest.skip(f"{EVAL} is not here")
    with EVAL.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    return [spacy_text(text, ExtractConfig().max_chars) for text in texts if text.strip()][:EVAL_TEXTS]


@pytest.fixture(scope="module")
def config(cluster: Any) -> ExtractConfig:
    return ExtractConfig(executor="dask", dask_scheduler=cluster.scheduler_address, batch_size=BATCH)


@pytest.fixture(scope="module")
def local_plains(eval_texts: list[str], config: ExtractConfig) -> list[Any]:
    """The eval texts annotated in this process, as a local build does."""
    return list(pipeline.pipe_plain(pipeline.load_pipeline(config), eval_texts, config.batch_size))


def test_the_seeds_on_dask_build_the_local_site(seeds_site: Path, cluster: Any, tmp_path: Path) -> None:
    """`build --dask ADDRESS` through a fresh cache writes the local build's site, byte for byte."""
    out = tmp_path / "site"
    outcome = run_cli(
        "build",
        "--output",
        str(out),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--dask",
        cluster.scheduler_address,
        cwd=ROOT,
    )
    assert assert_built(outcome) == [] and "5 articles, 3 storylines" in outcome.stdout
    assert tree(out) == tree(seeds_site)


def test_where_spacy_runs_is_no_input_of_the_site(tmp_path: Path) -> None:
    """The executor settings stay out of the build's input fingerprint and the page keys (both hash
    the config's repr), so switching to Dask and back rebuilds nothing; other settings do count."""
    from generator.cli import _on_dask
    from generator.config import load_config
    from generator.incremental.inputs import input_fingerprint

    local = load_config(ROOT / "content" / "site.yaml")
    on_dask = _on_dask(local, "tcp://10.0.0.5:8786")
    assert on_dask.extract.executor == "dask" and repr(on_dask) == repr(local)
    bigger = dataclasses.replace(local, extract=dataclasses.replace(local.extract, max_chars=5))
    sources = [ROOT / "seeds"]
    fingerprints = {input_fingerprint(c, sources, tmp_path, "m", "c") for c in (local, on_dask, bigger)}
    assert len(fingerprints) == 2


@pytest.mark.check  # slow (about a minute on a loaded machine): `make check`
def test_a_killed_worker_costs_only_its_batch(
    client: Any, eval_texts: list[str], config: ExtractConfig, local_plains: list[Any]
) -> None:
    """A worker process killed while batches are in flight: the scheduler runs its batches on the
    other worker (and the nanny restarts it); every text arrives once, annotated as locally."""
    before = client.run(os.getpid)  # worker address: its process id
    arrived: dict[int, Any] = {}
    for index, plain in dask_executor.annotate_on(client, eval_texts, config):
        if not arrived:  # the first batch is back, the others are queued or running
            busy = [address for address, keys in client.processing().items() if keys]
            assert busy, "no batch in flight to lose"
            os.kill(before[busy[0]], signal.SIGKILL)
        assert index not in arrived
        arrived[index] = plain
    assert [arrived[i] for i in range(len(eval_texts))] == local_plains
    client.wait_for_workers(2, timeout=120)
    assert set(client.run(os.getpid).values()) != set(before.values())  # one worker is a new process


class _Interrupt(Exception):
    pass


@pytest.mark.check  # slow (about 40 s on a loaded machine): `make check`
def test_a_rerun_after_an_interrupted_run_redoes_only_the_missing_texts(
    eval_texts: list[str],
    config: ExtractConfig,
    local_plains: list[Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [plain_article(f"a{n}", text) for n, text in enumerate(eval_texts)]
    finished: list[int] = []

    def stop_after_some(items: Iterator[tuple[int, Any]], total: int) -> Iterator[tuple[int, Any]]:
        for item in items:
            yield item
            finished.append(item[0])
            if len(finished) == total // 3:
                raise _Interrupt

    with pytest.raises(_Interrupt):
        pipeline.extract(articles, config, ExtractCache(tmp_path), stop_after_some)
    sent: list[str] = []
    annotate = dask_executor.annotate

    def recording(texts: list[str], config: ExtractConfig) -> Iterator[tuple[int, Any]]:
        sent.extend(texts)
        return annotate(texts, config)

    monkeypatch.setattr(dask_executor, "annotate", recording)
    result = pipeline.extract(articles, config, ExtractCache(tmp_path))
    done = set(finished)
    assert 0 < len(done) < len(eval_texts)
    assert sent == [text for n, text in enumerate(eval_texts) if n not in done]
    assert [(result[a.id].mentions, result[a.id].sentences) for a in articles] == [
        (tuple(pipeline.Mention(*m) for m in mentions), sentences) for mentions, sentences in local_plains
    ]


def test_a_model_the_workers_cannot_load_is_one_build_error(config: ExtractConfig) -> None:
    missing = dataclasses.replace(config, model="no_such_model_xx", model_package="no-such-model-xx")
    with pytest.raises(BuildError, match=r"no_such_model_xx.*pip install no-such-model-xx"):
        pipeline.extract([plain_article("a", "Tokyo and Osaka")], missing, None)


def test_without_distributed_the_build_says_what_to_install(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a)
    )
    config = dataclasses.replace(ExtractConfig(executor="dask"), config_file="content/site.yaml")
    with pytest.raises(BuildError, match=r"content/site.yaml: .*install briefing\[dask\]"):
        pipeline.extract([plain_article("a", "Tokyo and Osaka")], config, None)


@pytest.mark.parametrize(
    ("value", "problem"), [("local:0", "1 <= N <= 64"), ("local:65", "1 <= N <= 64"), ("a b", "address")]
)
def test_a_bad_dask_option_is_refused_in_one_line(value: str, problem: str, tmp_path: Path) -> None:
    outcome = run_cli("build", "--dask", value, "--output", str(tmp_path / "site"))
    assert problem in assert_refused(outcome, "--dask")
    assert not (tmp_path / "site").exists()


def test_a_bad_executor_in_site_yaml_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "content" / "site.yaml"
    config.parent.mkdir()
    config.write_text("extract:\n  executor: ray\n", encoding="utf-8")
    outcome = run_cli("build", "--config", str(config), "--output", str(tmp_path / "site"))
    assert "local, dask" in assert_refused(outcome, str(config), "executor")
