"""Archives of any size from the eval corpora, each replica reusing its original's annotations.

Copy 0 of the corpus is its articles as read (unique ids, some text); copy k > 0 of an article is
a new report of the same kind, in an era of its own:

- dated k eras earlier (an era: the corpus' span plus a year, more than the grouping's horizon),
  so an archive grows in time at the corpus' density, as a newsroom's does;
- with new people: every word of a PERSON mention is rewritten, throughout its title and text, by
  a letter rotation of copy k (length kept, so every offset stays valid); places, organisations
  and countries recur, as they do in the news;
- each paragraph ending in a mark of its copy made of ASCII punctuation (no word for TF-IDF or the
  3-gram shingles), so no paragraph repeats across copies and the template filter of grouping
  sees the archive as it sees the corpus.

`seed` then writes each replica's annotations (its original's, offsets moved past the marks,
mention texts from the replica's own text) into a build's extraction cache under the replica
text's own key, so a real build of the archive runs unchanged and only spaCy is skipped. Texts
are read from ../shared/eval at run time and never copied into the project.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from generator.config import SiteConfig
from generator.extract.annotate import spacy_text
from generator.extract.pipeline import extract, model_fingerprint
from generator.incremental.extractions import ExtractCache
from generator.model import Annotations, Article, Mention
from generator.read import read_articles

MARKS = "~+=*^"  # ASCII punctuation: neither a TF-IDF term nor a shingle word
RENAMED = frozenset({"PERSON"})  # labels whose words each copy renames
_WORD = re.compile(r"[A-Za-z]{2,}")


def originals(
    corpora: Sequence[Path], config: SiteConfig, cache_dir: Path | None
) -> tuple[list[Article], dict[str, Annotations]]:
    """The corpora's articles (unique ids, some text) and their annotations (from the extraction
    cache in `cache_dir` where it holds them, else spaCy now)."""
    logging.getLogger("briefing").setLevel(logging.ERROR)
    seen: set[str] = set()
    articles = []
    for article in read_articles(config, list(corpora), unique_ids=False):
        if article.id not in seen and article.paragraphs:
            seen.add(article.id)
            articles.append(article)
    cache = ExtractCache(cache_dir) if cache_dir is not None else None
    return articles, extract(articles, config.extract, cache, None)


def era_days(articles: Sequence[Article]) -> int:
    """How far apart two copies are: the corpus' span of dates plus a year."""
    days = [a.date.toordinal() for a in articles if a.date]
    return (max(days) - min(days) if days else 0) + 365


def mark(copy: int) -> str:
    """The end mark of copy `copy`'s paragraphs (" |" for copy 0: a text's first paragraph then
    never reads as a repeat of its title, which the reader would drop)."""
    digits = []
    while copy:
        copy, digit = divmod(copy, len(MARKS))
        digits.append(MARKS[digit])
    return " " + "".join(digits) + "|"


def rename(word: str, copy: int) -> str:
    """`word` with each ASCII letter rotated by an amount of `copy` and its position (length and
    case kept; copy 0 keeps it)."""
    if copy == 0:
        return word
    out = []
    for i, char in enumerate(word):
        shift = 1 + (copy + i * (1 + copy // 25)) % 25
        if "a" <= char <= "z":
            out.append(chr((ord(char) - 97 + shift) % 26 + 97))
        elif "A" <= char <= "Z":
            out.append(chr((ord(char) - 65 + shift) % 26 + 65))
        else:
            out.append(char)
    return "".join(out)


def _renamer(annotations: Annotations, copy: int):
    words = {w for m in annotations.mentions if m.label in RENAMED for w in _WORD.findall(m.text)}
    if not words or copy == 0:
        return lambda text: text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)"
    )
    return lambda text: pattern.sub(lambda m: rename(m.group(0), copy), text)


def replica(
    article: Article, annotations: Annotations, copy: int, era: int, max_chars: int, day: date | None = None
) -> tuple[Article, Annotations]:
    """Copy `copy` of `article` and its annotations (`day`: its date instead of `era` days a copy
    earlier)."""
    renamed = _renamer(annotations, copy)
    suffix = mark(copy)
    paragraphs = tuple(renamed(p) + suffix for p in article.paragraphs)
    when = day if day is not None else (article.date - timedelta(days=era * copy) if article.date else None)
    new = dataclasses.replace(
        article,
        id=f"{article.id}-r{copy}" if copy else article.id,
        title=renamed(article.title),
        paragraphs=paragraphs,
        date=when,
    )
    starts, total = [], 0
    for p in article.paragraphs:
        starts.append(total)
        total += len(p) + 2

    def moved(offset: int) -> int:
        return offset + len(suffix) * (bisect.bisect_right(starts, offset) - 1)

    text = new.text
    sentences = [(moved(s), moved(e)) for s, e in annotations.sentences]
    sentences = [(s, min(e, max_chars)) for s, e in sentences if s < max_chars]
    mentions = []
    for m in annotations.mentions:
        start, end = moved(m.start), moved(m.end)
        if end <= max_chars:
            mentions.append(Mention(text[start:end], m.label, start, end, m.sentence))
    return new, Annotations(new.id, tuple(mentions), tuple(sentences))


def record(article: Article) -> str:
    """A JSONL line the reader turns back into `article`."""
    fields = {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "url": article.url,
        "author": article.author,
    }
    return json.dumps({k: v for k, v in fields.items() if v is not None}, ensure_ascii=False)


@dataclasses.dataclass
class Archive:
    """The originals of an archive and how its copies are made."""

    articles: list[Article]
    annotations: dict[str, Annotations]
    era: int
    max_chars: int

    def newest(self) -> date:
        return max(a.date for a in self.articles if a.date)

    def copies(self, size: int, first: int = 0) -> Iterable[tuple[Article, Annotations]]:
        """Articles `first` .. `first + size - 1` of the endless archive: copy 0 of every
        original, then copy 1, ..."""
        base = self.articles
        for i in range(first, first + size):
            original = base[i % len(base)]
            yield replica(original, self.annotations[original.id], i // len(base), self.era, self.max_chars)

    def fresh(self, count: int, copy: int, day: date, stride: int = 1) -> list[tuple[Article, Annotations]]:
        """`count` new articles dated `day` (copy `copy` of every `stride`-th original): texts no
        cache holds, for spaCy to annotate."""
        picked = self.articles[::stride][:count]
        return [replica(a, self.annotations[a.id], copy, self.era, self.max_chars, day) for a in picked]


def write_corpus(
    path: Path, items: Iterable[tuple[Article, Annotations]], mode: str = "w"
) -> dict[str, Annotations]:
    """Write the articles of `items` as JSONL; their annotations by id."""
    found: dict[str, Annotations] = {}
    with path.open(mode, encoding="utf-8") as out:
        for article, annotations in items:
            out.write(record(article) + "\n")
            found[article.id] = annotations
    return found


def seed(
    config: SiteConfig,
    corpus: Path,
    annotations: dict[str, Annotations],
    cache_dir: Path,
    leave: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Put each article's `annotations` into the extraction cache in `cache_dir`, under the key of
    its text as the build reads it from `corpus`, but for the ids in `leave` (spaCy annotates
    those); (seeded, not seeded: read back otherwise)."""
    logging.getLogger("briefing").setLevel(logging.ERROR)
    cache = ExtractCache(cache_dir, pack=True)
    fingerprint = model_fingerprint(config.extract)
    seeded = skipped = 0
    for article in read_articles(config, [corpus]):
        own = annotations.get(article.id)
        if own is None or article.id in leave:
            continue
        if any(article.text[m.start : m.end] != m.text for m in own.mentions):
            skipped += 1
            continue
        cache.put(ExtractCache.key(spacy_text(article.text, config.extract.max_chars), fingerprint), own)
        seeded += 1
    cache.save_pack()
    return seeded, skipped
