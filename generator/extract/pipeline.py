"""The `extract` stage: entity mentions and sentences from spaCy, cached by content hash."""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import ExtractConfig
from ..errors import BuildError
from ..incremental.extractions import ExtractCache
from ..incremental.fingerprint import code_digest
from ..model import Annotations, Article, Mention
from . import annotate
from .annotate import Plain, plain_annotations, spacy_text
from .workers import Annotator, portable

# Components the build needs: NER alone (it has its own tok2vec in the sm pipelines).
NEEDED = ("ner",)
# At most this many characters per NER batch (a text alone may be longer): a worker's peak memory
# grows with the batch (~1.7 KB a character); the annotations do not depend on batching.
BATCH_CHARS = 50_000
# With at least this many batches of uncached texts, `n_process` workers share them.
PARALLEL_BATCHES = 4


def load_pipeline(config: ExtractConfig) -> Any:
    """Load the configured spaCy pipeline with only NER plus a rule-based sentence splitter."""
    import spacy

    try:
        folder = Path(config.model)
        if not folder.is_dir():
            folder = spacy.util.get_package_path(config.model)
        meta = spacy.util.get_model_meta(folder)
        # Excluded components are never loaded (disabled ones such as `senter` included); NER has
        # its own tok2vec, so its output is the same as with the full pipeline.
        names = meta.get("components") or meta.get("pipeline", [])
        nlp = spacy.load(config.model, exclude=[name for name in names if name not in NEEDED])
    except (OSError, ImportError, TypeError, ValueError):
        # OSError: no meta.json or pipeline; ImportError: no such package; TypeError: a folder that
        # is no package (a namespace package has no __file__); ValueError: a bad meta.json.
        raise BuildError(
            config.config_file,
            f"'extract.model': spaCy model '{config.model}' is not installed (or is no spaCy "
            f"pipeline); install it with: pip install {config.model_package}",
        ) from None
    nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = max(nlp.max_length, config.max_chars + 1)
    return nlp


def model_fingerprint(config: ExtractConfig) -> str:
    """Model name and installed version, and the code that turns a Doc into Annotations: part of
    every cache key.

    Two versions: the `model_package` distribution's, and the one in the meta.json of what
    `spacy.load(model)` loads (so a model upgraded under another package name is noticed too).
    The code is `extract.annotate` and what it imports (`fingerprint.code_digest`)."""
    try:
        version = importlib.metadata.version(config.model_package)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    code = code_digest(annotate.__name__)
    return f"{config.model}-{version}-{_meta_version(config.model)}-{code}-{config.max_chars}"


def _meta_version(model: str) -> str:
    """The version in the meta.json of the model package (or folder) `model`, or "unknown"."""
    try:
        folder = Path(model)
        if not (folder / "meta.json").is_file():
            spec = importlib.util.find_spec(model)
            if spec is None or spec.origin is None:
                return "unknown"
            folder = Path(spec.origin).parent
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return str(meta.get("version", "unknown")) if isinstance(meta, dict) else "unknown"
    except (ImportError, ValueError, OSError):
        return "unknown"


def sized_batches(texts: Sequence[str], batch_size: int, max_chars: int) -> Iterator[list[str]]:
    """`texts` in order, in batches of at most `batch_size` texts and, unless a text alone is
    longer, `max_chars` characters (NER's working memory grows with the tokens in a batch)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) == batch_size or size + len(text) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def pipe_plain(nlp: Any, texts: Sequence[str], batch_size: int, n_process: int = 1) -> Iterator[Plain]:
    """Plain annotations of `texts`. In one process, batches are bounded by `BATCH_CHARS` too, and
    each batch's Docs and new strings are freed (`memory_zone`) once converted."""
    if n_process > 1:
        for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield plain_annotations(doc)
        return
    zone = getattr(nlp, "memory_zone", None)
    for batch in sized_batches(texts, batch_size, BATCH_CHARS):
        with zone() if zone is not None else contextlib.nullcontext():
            plains = [plain_annotations(doc) for doc in nlp.pipe(batch, batch_size=len(batch))]
        yield from plains


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
) -> dict[str, Annotations]:
    """Annotate every article, running spaCy only on texts the cache does not hold.

    `annotator` (from `start_annotator`, e.g. started before reading so that spaCy loads
    meanwhile) is used for the uncached texts, and closed in any case.
    """
    fingerprint = model_fingerprint(config)
    result: dict[str, Annotations] = {}
    todo: list[tuple[Article, str, str]] = []  # article, cache key, text for spaCy
    try:
        for article in articles:
            text = spacy_text(article.text, config.max_chars)
            key = ExtractCache.key(text, fingerprint)
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
