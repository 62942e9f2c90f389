"""The spaCy pipeline shared by every executor: loading it, its fingerprint (part of every
extraction cache key) and running it over batches of texts.

`pipeline` (local workers), `worker_process` and `dask_executor` all import from here, so the
imports of the extract stage run one way: pipeline -> dask_executor -> spacy_model.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import ExtractConfig
from ..errors import BuildError
from ..incremental.fingerprint import code_digest
from . import annotate
from .annotate import Plain, plain_annotations

# Components the build needs: NER alone (it has its own tok2vec in the sm pipelines).
NEEDED = ("ner",)
# At most this many characters per NER batch (a text alone may be longer): a worker's peak memory
# grows with the batch (~1.7 KB a character); the annotations do not depend on batching.
BATCH_CHARS = 50_000


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
