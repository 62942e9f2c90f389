"""What the text around each mention says about it (`names.mention_context`), read by resolve.

Extraction keeps only spaCy's output; this reading is the resolve stage's own, so its rules are in
the resolve stage's code fingerprint and a cached extraction never carries a stale reading.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Annotations, Article, Mention
from .names import mention_context


def mention_contexts(text: str, mentions: Sequence[Mention]) -> tuple[tuple[bool, bool, str, str], ...]:
    """`names.mention_context` of each of `mentions` in `text`."""
    return tuple(mention_context(text, m.text, m.label, m.start, m.end) for m in mentions)


def with_context(
    articles: Sequence[Article], annotations: Mapping[str, Annotations]
) -> dict[str, Annotations]:
    """The annotations of `articles` with each mention's context filled in."""
    found: dict[str, Annotations] = {}
    for article in articles:
        own = annotations[article.id]
        contexts = mention_contexts(article.text, own.mentions)
        mentions = tuple(Mention(*m[:5], *c) for m, c in zip(own.mentions, contexts, strict=True))
        found[article.id] = Annotations(own.article_id, mentions, own.sentences)
    return found
