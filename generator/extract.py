"""The `extract` stage: entity mentions and sentences from spaCy, cached by content hash."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .cache import ExtractCache
from .config import ExtractConfig
from .errors import BuildError
from .model import Annotations, Article, Mention

# Bump when the code below changes what it stores: old cache entries then miss.
EXTRACT_VERSION = "1"
# The labels the resolve and group stages use; the rest are dropped before caching.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Components the build needs: NER alone (it has its own tok2vec in the sm pipelines).
NEEDED = ("ner",)


def load_pipeline(config: ExtractConfig) -> Any:
    """Load the configured spaCy pipeline with only NER plus a rule-based sentence splitter."""
    import spacy

    try:
        meta = spacy.util.get_model_meta(spacy.util.get_package_path(config.model))
        # Excluded components are never loaded (nor copied to n_process workers); NER has its own
        # tok2vec, so its output is the same as with the full pipeline.
        unneeded = [name for name in meta.get("pipeline", []) if name not in NEEDED]
        nlp = spacy.load(config.model, exclude=unneeded)
    except (OSError, ImportError):
        raise BuildError(
            "config",
            f"spaCy model '{config.model}' is not installed; install it with: "
            f"pip install {config.model_package}",
        ) from None
    nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = max(nlp.max_length, config.max_chars + 1)
    return nlp


def model_fingerprint(config: ExtractConfig) -> str:
    """Model name and installed version: part of every cache key."""
    try:
        version = importlib.metadata.version(config.model_package)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return f"{config.model}-{version}-x{EXTRACT_VERSION}-{config.max_chars}"


def annotations_from_doc(article_id: str, doc: Any) -> Annotations:
    """Turn a spaCy Doc into plain Annotations."""
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    starts = [s for s, _ in sentences]
    mentions = []
    index = 0
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        while index + 1 < len(starts) and starts[index + 1] <= ent.start_char:
            index += 1
        mentions.append(Mention(ent.text, ent.label_, ent.start_char, ent.end_char, index))
    return Annotations(article_id, tuple(mentions), sentences)


def extract(
    articles: Sequence[Article],
    config: ExtractConfig,
    cache: ExtractCache | None,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
) -> dict[str, Annotations]:
    """Annotate every article, running spaCy only on texts the cache does not hold."""
    fingerprint = model_fingerprint(config)
    result: dict[str, Annotations] = {}
    todo: list[tuple[Article, str]] = []
    for article in articles:
        key = ExtractCache.key(article.text[: config.max_chars], fingerprint)
        cached = cache.get(key, article.id) if cache else None
        if cached is None:
            todo.append((article, key))
        else:
            result[article.id] = cached
    if todo:
        nlp = load_pipeline(config)
        texts = (a.text[: config.max_chars] for a, _ in todo)
        n_process = config.n_process if len(todo) >= 4 * config.batch_size else 1
        docs = nlp.pipe(texts, batch_size=config.batch_size, n_process=n_process)
        if progress:
            docs = progress(docs, len(todo))
        for (article, key), doc in zip(todo, docs, strict=True):
            annotations = annotations_from_doc(article.id, doc)
            result[article.id] = annotations
            if cache:
                cache.put(key, annotations)
    return result
