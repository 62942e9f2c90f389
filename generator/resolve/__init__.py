"""The resolve stage: mentions -> one actor per real person, organisation and country; places."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..config import ExtractConfig
from ..extract import model_fingerprint
from ..incremental import Reuse
from ..model import Annotations, Article
from . import actors, context, cues, quotes
from .actors import ActorSettings, Resolution, load_actor_settings, read_texts, resolve_key

__all__ = ["ActorSettings", "Resolution", "load_actor_settings", "resolve"]


def resolve(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    settings: ActorSettings,
    extract: ExtractConfig,
    reuse: Reuse | None = None,
) -> Resolution:
    """Read what the text around each mention says, then resolve every mention to an actor.

    With `reuse`, each text is read once (memos by a digest of the text), and the last build's
    resolution is taken as it is when what resolve reads is unchanged (`actors.resolve_key`).
    Then the quotations and their speakers (`quotes`), memoised per text."""
    reuse = reuse or Reuse(None, Path())
    readings = reuse.memo("context", context.__name__)
    annotations = context.with_context(articles, annotations, readings)
    facts = reuse.memo("cues", cues.__name__)  # each text's cues and casing, by a digest of it
    reading = read_texts(articles, annotations, facts)
    memo = reuse.memo("resolve", actors.__name__)
    key = resolve_key(articles, annotations, settings, model_fingerprint(extract), reading) if memo else b""
    known = memo.get(key) if memo is not None else None
    if known is not None:
        resolution = Resolution.from_values(known)
    else:
        resolution = actors.resolve(articles, annotations, settings, extract.model, reading)
        if memo is not None:
            memo.put(key, resolution.values())
    said = reuse.memo("quotes", quotes.__name__)  # each text's quotations, by a digest of it
    resolution = dataclasses.replace(
        resolution, quotes=quotes.quotes(articles, annotations, resolution.names, said)
    )
    for store in (readings, facts, memo, said):
        if store is not None:
            store.save()
    return resolution
