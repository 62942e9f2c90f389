"""The resolve stage: mentions -> one actor per real person, organisation and country; places."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..config import ExtractConfig
from ..extract import model_fingerprint
from ..incremental import Reuse
from ..incremental.fingerprint import code_digest
from ..model import Annotations, Article
from . import actors, context, quotes, rerun
from .actors import ActorSettings, Resolution, load_actor_settings, read_texts

__all__ = ["ActorSettings", "Resolution", "load_actor_settings", "resolve"]


def resolve(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    settings: ActorSettings,
    extract: ExtractConfig,
    reuse: Reuse | None = None,
) -> Resolution:
    """Read what the text around each mention says, then resolve every mention to an actor, and
    find the quotations and their speakers (`quotes`).

    With a cache (`reuse`), the last build's state is reused as far as the articles are unchanged
    (`rerun`: one changed article reads one text); the result is the same."""
    if reuse is not None and reuse.cache_dir is not None:
        code = code_digest(rerun.__name__)
        folder = Path(reuse.cache_dir) / "memo"
        model = (extract.model, model_fingerprint(extract))
        prints = reuse.prints.articles(articles, annotations)
        return rerun.resolve_again(articles, annotations, settings, model, folder, code, prints)
    annotations = context.with_context(articles, annotations)
    reading = read_texts(articles, annotations)
    resolution = actors.resolve(articles, annotations, settings, extract.model, reading)
    return dataclasses.replace(resolution, quotes=quotes.quotes(articles, annotations, resolution.names))
