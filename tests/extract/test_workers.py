"""spaCy worker processes (with a fake pipeline): order, batching, errors, and the extract stage."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import FakeDoc

from generator.config import ExtractConfig
from generator.errors import BuildError
from generator.extract import pipeline as extract_module
from generator.extract.pipeline import extract
from generator.extract.spacy_model import pipe_plain, sized_batches
from generator.extract.workers import Annotator, portable
from generator.incremental.extractions import ExtractCache
from generator.model import Article

TEXTS = [f"Text {n} about Tokyo and Osaka" + " word" * (n % 7) for n in range(23)]


class _Pipeline:
    """A fake pipeline that worker processes can load by name (via `fake_loader`)."""

    def pipe(self, texts: Iterable[str], batch_size: int = 1, n_process: int = 1) -> Iterator[FakeDoc]:
        for text in texts:
            yield FakeDoc(text)


def fake_loader(config: ExtractConfig) -> _Pipeline:
    return _Pipeline()


def failing_loader(config: ExtractConfig) -> Any:
    raise BuildError("config", f"spaCy model '{config.model}' is not installed")


def test_only_module_level_functions_are_portable() -> None:
    assert portable(fake_loader) and portable(extract_module.load_pipeline)
    assert not portable(lambda config: _Pipeline())


def test_workers_return_every_annotation_in_order() -> None:
    expected = list(pipe_plain(_Pipeline(), TEXTS, 4))
    annotator = Annotator(fake_loader, ExtractConfig(), 2)
    try:
        assert list(annotator.annotate(TEXTS, 4)) == expected
        assert list(annotator.annotate(TEXTS[:1], 4)) == expected[:1]  # a second run, one batch
    finally:
        annotator.close()
        annotator.close()  # harmless


def test_a_worker_that_cannot_load_raises_build_error() -> None:
    annotator = Annotator(failing_loader, ExtractConfig(model="missing_model"), 1)
    try:
        with pytest.raises(BuildError, match="missing_model"):
            list(annotator.annotate(TEXTS, 4))
    finally:
        annotator.close()


def test_unused_workers_close_at_once() -> None:
    Annotator(fake_loader, ExtractConfig(), 2).close()


def test_batches_are_bounded_by_count_and_characters() -> None:
    texts = ["a" * 10, "b" * 10, "c" * 45, "d" * 100, "e", "f", "g"]
    batches = list(sized_batches(texts, 2, 50))
    assert batches == [texts[0:2], [texts[2]], [texts[3]], texts[4:6], texts[6:7]]
    assert list(sized_batches([], 2, 50)) == []


def test_extract_with_workers_matches_extract_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [Article(f"a{n}", "x.txt", "T", "lead", None, "none", (t,)) for n, t in enumerate(TEXTS)]
    config = ExtractConfig(batch_size=4, n_process=2)
    monkeypatch.setattr(extract_module, "load_pipeline", fake_loader)
    monkeypatch.setattr(extract_module, "PARALLEL_BATCHES", 2)  # 23 texts: two workers start
    with_workers = extract(articles, config, ExtractCache(tmp_path / "a"))
    prestarted = extract(articles, config, None, annotator=extract_module.start_annotator(config))
    monkeypatch.setattr(extract_module, "load_pipeline", lambda config: _Pipeline())  # not portable
    in_process = extract(articles, config, ExtractCache(tmp_path / "b"))
    assert with_workers == prestarted == in_process
    assert list(with_workers) == [a.id for a in articles]
