"""The `extract` stage: entity mentions and sentences from spaCy, cached by content hash."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..config import ExtractConfig
from ..errors import BuildError
from ..incremental.extractions import ExtractCache
from ..incremental.prints import Prints
from ..model import Annotations, Article, Mention
from .annotate import Plain, spacy_text
from .spacy_model import load_pipeline, model_fingerprint, pipe_plain
from .workers import Annotator, portable

# With at least this many batches of uncached texts, `n_process` workers share them.
PARALLEL_BATCHES = 4


def start_annotator(config: ExtractConfig, processes: int = 1) -> Annotator | None:
    """Workers loading spaCy in the background, or None when `load_pipeline` cannot run in a fresh
    process (replaced by a local function), processes cannot be started, or spaCy runs on Dask."""
    if config.executor == "dask" or not portable(load_pipeline):
        return None
    try:
        return Annotator(load_pipeline, config, processes)
    except OSError:
        return None


def _workers(texts: list[str], config: ExtractConfig, annotator: Annotator | None) -> Annotator | None:
    """The Annotator for `texts`: `n_process` workers for many texts, else `annotator` (may be None)."""
    parallel = config.n_process > 1 and len(texts) >= PARALLEL_BATCHES * config.batch_size
    if parallel and (annotator is None or annotator.processes < config.n_process):
        bigger = start_annotator(config, config.n_process)
        if bigger is not None:
            if annotator is not None:
                annotator.close()
            return bigger
    return annotator


def extract(
    articles: Sequence[Article],
    config: ExtractConfig,
    cache: ExtractCache | None,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
    annotator: Annotator | None = None,
    prints: Prints | None = None,
) -> dict[str, Annotations]:
    """Annotate every article, running spaCy only on texts the cache does not hold.

    `annotator` (from `start_annotator`, e.g. started before reading so that spaCy loads
    meanwhile) is used for the uncached texts, and closed in any case. With `prints`, each
    article's cache key is noted there (`Prints.extracted`): later stages fingerprint the
    articles without hashing their texts again.
    """
    fingerprint = model_fingerprint(config)
    result: dict[str, Annotations] = {}
    todo: list[tuple[Article, str, str]] = []  # article, cache key, text for spaCy
    keys: dict[str, tuple[str, bool]] = {}  # article id -> (cache key, of the whole text?)
    try:
        for article in articles:
            whole = article.text
            text = spacy_text(whole, config.max_chars)
            key = ExtractCache.key(text, fingerprint)
            keys[article.id] = (key, text == whole)
            cached = cache.get(key, article.id) if cache else None
            if cached is None:
                todo.append((article, key, text))
            else:
                result[article.id] = cached
        if todo and config.executor == "dask":
            _extract_on_dask(todo, config, cache, progress, result)
        elif todo:
            texts = [text for _, _, text in todo]
            annotator = _workers(texts, config, annotator)
            if annotator is not None:
                plains = annotator.annotate(texts, config.batch_size)
            else:  # in this process (`load_pipeline` replaced by a local function, or few texts)
                many = config.n_process > 1 and len(texts) >= PARALLEL_BATCHES * config.batch_size
                n_process = config.n_process if many else 1
                plains = pipe_plain(load_pipeline(config), texts, config.batch_size, n_process)
            if progress:
                plains = progress(plains, len(todo))
            for (article, key, _), plain in zip(todo, plains, strict=True):
                annotations = _annotations(article, plain)
                result[article.id] = annotations
                if cache:
                    cache.put(key, annotations)
    finally:
        if annotator is not None:
            annotator.close()
    if cache:
        cache.save_pack()
    if prints is not None:
        for article in articles:
            key, whole = keys[article.id]
            prints.extracted(article, result[article.id], key, whole)
    return result


def _annotations(article: Article, plain: Plain) -> Annotations:
    mentions, sentences = plain
    return Annotations(article.id, tuple(Mention(*m) for m in mentions), sentences)


def _extract_on_dask(
    todo: list[tuple[Article, str, str]],
    config: ExtractConfig,
    cache: ExtractCache | None,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None,
    result: dict[str, Annotations],
) -> None:
    """`todo` annotated on Dask (`dask_executor`): each text cached as its batch arrives (an
    interrupted run keeps what finished), then added to `result` in `todo` order, as locally."""
    if importlib.util.find_spec("distributed") is None:
        raise BuildError(
            config.dask_named_in or config.config_file,
            "the dask executor needs the 'distributed' package: install briefing[dask]",
        )
    from . import dask_executor

    found: list[Annotations | None] = [None] * len(todo)
    arrived = dask_executor.annotate([text for _, _, text in todo], config)
    if progress:
        arrived = progress(arrived, len(todo))
    for index, plain in arrived:
        article, key, _ = todo[index]
        found[index] = annotations = _annotations(article, plain)
        if cache:
            cache.put(key, annotations)
    for (article, _, _), annotations in zip(todo, found, strict=True):
        assert annotations is not None  # every index arrives once
        result[article.id] = annotations
