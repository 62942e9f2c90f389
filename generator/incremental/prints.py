"""One fingerprint per article, taken once a build and read by every stage that keys on articles.

Extract, resolve and group each keyed their saved results on a digest of every article's text,
hashing the whole archive three times a build. `Prints` digests each article's paragraphs
(`text`) and its annotations (`annotations`) once and hands the same digests to every stage.

Extract already hashes each text for its cache key (`ExtractCache.key`: the text spaCy reads and
the model's fingerprint); `extracted` notes that key, so a text spaCy read whole costs no second
hash, and annotations that are the very object extract returned for that key are digested by it
(the extraction cache holds one annotation per key). Anything else (a text spaCy read cut short,
annotations made elsewhere) is digested from its content. Either way equal prints mean equal
inputs, and a change of the paragraphs (their text or where one ends), of a mention or of a
sentence changes the print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Annotations, Article
from .memo import digest


class Prints:
    """The fingerprints of the articles of one build, each computed on first use."""

    def __init__(self) -> None:
        # article id -> (the article, the extraction key of its whole text)
        self._keys: dict[str, tuple[Article, str]] = {}
        # article id -> (the annotations extract returned, their extraction key)
        self._extracted: dict[str, tuple[Annotations, str]] = {}
        self._texts: dict[str, tuple[Article, bytes]] = {}
        self._annotations: dict[str, tuple[Annotations, bytes]] = {}

    def extracted(self, article: Article, annotations: Annotations, key: str, whole: bool) -> None:
        """Note what extract gave `article`: `annotations` under cache key `key`, the key of the
        article's whole text when `whole` (else of its first characters only)."""
        if whole:
            self._keys[article.id] = (article, key)
        self._extracted[article.id] = (annotations, key)

    def text(self, article: Article) -> bytes:
        """A digest of the article's paragraphs: their text and where each one ends."""
        found = self._texts.get(article.id)
        if found is not None and found[0] is article:
            return found[1]
        lengths = tuple(map(len, article.paragraphs))
        noted = self._keys.get(article.id)
        if noted is not None and noted[0] is article:
            value = digest(("extracted", noted[1], lengths))
        else:
            value = digest(("paragraphs", article.paragraphs))
        self._texts[article.id] = (article, value)
        return value

    def annotations(self, annotations: Annotations) -> bytes:
        """A digest of the annotations' mentions (what extract found of each) and sentences."""
        found = self._annotations.get(annotations.article_id)
        if found is not None and found[0] is annotations:
            return found[1]
        noted = self._extracted.get(annotations.article_id)
        if noted is not None and noted[0] is annotations:
            value = digest(("extracted", noted[1]))
        else:
            value = digest(("annotations", [m[:5] for m in annotations.mentions], annotations.sentences))
        self._annotations[annotations.article_id] = (annotations, value)
        return value

    def article(self, article: Article, annotations: Annotations) -> bytes:
        """A digest of everything the resolve stage reads of one article: its id, byline, date and
        outlet, its text and its annotations."""
        return digest(
            (
                article.id,
                article.author,
                article.date.toordinal() if article.date else None,
                article.source,
                self.text(article),
                self.annotations(annotations),
            )
        )

    def articles(self, articles: Sequence[Article], annotations: Mapping[str, Annotations]) -> list[bytes]:
        """`article` of each article, in order."""
        return [self.article(a, annotations[a.id]) for a in articles]
