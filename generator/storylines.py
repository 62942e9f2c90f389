"""The `group` stage: near-duplicates, storylines in date order, and storyline titles and summaries."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from slugify import slugify

from .config import GroupingConfig, load_yaml
from .errors import BuildError
from .features import Features, build_features
from .model import Annotations, Article, Grouping, Storyline
from .summaries import storyline_summary, storyline_title

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class StorylineSettings:
    """The editor's `content/storylines.yaml`: titles, descriptions and pinned articles by slug."""

    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    pins: dict[str, str] = field(default_factory=dict)  # article id -> slug


def load_storyline_settings(path: Path) -> StorylineSettings:
    """Read `content/storylines.yaml` (missing file: no editor settings)."""
    if not path.exists():
        return StorylineSettings()
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise BuildError(str(path), "expected a mapping of storyline slugs to {title, description, articles}")
    settings = StorylineSettings()
    for slug, entry in data.items():
        if not isinstance(entry, dict):
            raise BuildError(str(path), f"storyline '{slug}' must be a mapping")
        if entry.get("title"):
            settings.titles[str(slug)] = str(entry["title"])
        if entry.get("description"):
            settings.descriptions[str(slug)] = str(entry["description"])
        for article_id in entry.get("articles") or []:
            settings.pins[str(article_id)] = str(slug)
    return settings


def _day(d: date | None) -> float | None:
    return float(d.toordinal()) if d else None


def time_decay(gap_days: float, config: GroupingConfig) -> float:
    """1 within the window, then exponential decay with `decay_days` as the time scale."""
    return float(np.exp(-max(0.0, gap_days - config.window_days) / config.decay_days))


def cluster(features: Features, dates: Sequence[float | None], config: GroupingConfig) -> list[int]:
    """Online centroid clustering in date order; returns a cluster index per article.

    Similarity to a storyline is the cosine to its centroid (words and entities mixed by
    `entity_weight`), decayed by the time since the storyline's last article. Only storylines
    active within a few windows are compared, so the cost grows with the archive, not its square.
    """
    n = features.matrix.shape[0]
    order = sorted(range(n), key=lambda i: (dates[i] is None, dates[i] or 0.0, i))
    labels = [-1] * n
    sums: list[np.ndarray] = []
    last_day: list[float | None] = []
    horizon = config.window_days + 5 * config.decay_days
    matrix = features.matrix.tocsr()
    for i in order:
        row = matrix[i]
        day = dates[i]
        active = [
            c for c in range(len(sums)) if day is None or last_day[c] is None or day - last_day[c] <= horizon
        ]
        best, best_sim = -1, config.threshold
        if active and row.nnz:
            centroids = np.vstack([sums[c] for c in active])
            norms = np.linalg.norm(centroids, axis=1)
            norms[norms == 0] = 1.0
            sims = np.asarray(row @ centroids.T).ravel() / norms
            for k, c in enumerate(active):
                gap = 0.0 if day is None or last_day[c] is None else abs(day - last_day[c])
                sim = sims[k] * time_decay(gap, config)
                if sim > best_sim:
                    best, best_sim = c, sim
        if best < 0:
            sums.append(row.toarray().ravel().astype(np.float64))
            last_day.append(day)
            best = len(sums) - 1
        else:
            sums[best] += row.toarray().ravel()
            if day is not None:
                last_day[best] = max(day, last_day[best] or day)
        labels[i] = best
    return labels


def shingles(text: str, size: int = 3) -> frozenset[int]:
    """Hashed word n-grams: what a rewrite of the same report keeps from its original."""
    words = _TOKEN.findall(text.lower())
    return frozenset(hash(tuple(words[i : i + size])) for i in range(max(0, len(words) - size + 1)))


def near_duplicates(articles: Sequence[Article], labels: Sequence[int], threshold: float) -> dict[str, str]:
    """Article id -> id of the earlier report it rewrites.

    Two reports in one storyline are one report rewritten when at least `threshold` of the shorter
    one's word 3-grams also stand in the other (different reports of one event share ~5-8%).
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    duplicate_of: dict[str, str] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda i: (articles[i].date is None, articles[i].date or date.min, articles[i].id))
        grams = [shingles(articles[i].text) for i in group]
        for b in range(1, len(group)):
            best, best_score = -1, threshold
            for a in range(b):
                shorter = min(len(grams[a]), len(grams[b]))
                score = len(grams[a] & grams[b]) / shorter if shorter else 0.0
                if score >= best_score:
                    best, best_score = a, score
            if best >= 0:
                original = articles[group[best]].id
                duplicate_of[articles[group[b]].id] = duplicate_of.get(original, original)
    return duplicate_of


def group(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    article_actors: Mapping[str, Sequence[str]],
    places: Mapping[str, Sequence[str]],
    actor_names: Mapping[str, str],
    config: GroupingConfig,
    settings: StorylineSettings,
) -> Grouping:
    """Group articles into storylines, find near-duplicates, title and summarise each storyline."""
    if not articles:
        return Grouping((), {}, {})
    features = build_features(articles, article_actors, places, config)
    labels = cluster(features, [_day(a.date) for a in articles], config)
    for i, article in enumerate(articles):  # editor pins win
        pin = settings.pins.get(article.id) or article.storyline
        if pin:
            labels[i] = _pin_label(pin)
    members: dict[object, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    ids = {label: n for n, label in enumerate(sorted(members, key=str))}
    dup = near_duplicates(articles, [ids[x] for x in labels], config.duplicate_threshold)
    known = {a.id: a.date for a in articles}
    inferred = {i: known[o] for i, o in dup.items() if known[i] is None and known[o] is not None}
    if inferred:
        articles = [
            dataclasses.replace(a, date=inferred[a.id], date_source="inferred") if a.id in inferred else a
            for a in articles
        ]
    storylines = []
    storyline_of: dict[str, str] = {}
    taken: set[str] = set()
    groups = sorted(members.items(), key=lambda kv: min(articles[i].id for i in kv[1]))
    for label, idx in groups:
        items = sorted((articles[i] for i in idx), key=lambda a: (a.date is None, a.date or date.min, a.id))
        slug = label if isinstance(label, str) else _storyline_slug(items, taken)
        taken.add(slug)
        actors = _key_actors(items, article_actors)
        dates = [a.date for a in items if a.date]
        title = settings.titles.get(slug) or storyline_title(items, actors, actor_names, places, dup)
        summary = storyline_summary(items, annotations, dup)
        storylines.append(
            Storyline(
                slug=slug,
                title=title,
                articles=tuple(a.id for a in items),
                actors=actors,
                start=min(dates) if dates else None,
                end=max(dates) if dates else None,
                summary=summary,
                description=settings.descriptions.get(slug),
            )
        )
        for a in items:
            storyline_of[a.id] = slug
    storylines.sort(key=lambda s: (s.end or date.min, s.slug), reverse=True)
    return Grouping(tuple(storylines), storyline_of, dup, inferred)


def _pin_label(slug: str) -> str:
    return slugify(slug) or "storyline"


def _storyline_slug(items: Sequence[Article], taken: set[str]) -> str:
    """A stable slug: the first article's date and title, so URLs survive later additions."""
    first = items[0]
    stem = slugify(first.title, max_length=60, word_boundary=True) or slugify(first.id) or "storyline"
    base = f"{first.date:%Y-%m-%d}-{stem}" if first.date else stem
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _key_actors(items: Sequence[Article], article_actors: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Actors named in the most articles of the storyline (then by rank within articles)."""
    score: Counter[str] = Counter()
    for a in items:
        for rank, slug in enumerate(article_actors.get(a.id, ())):
            score[slug] += 1.0 + 1.0 / (rank + 1)
    return tuple(sorted(score, key=lambda s: (-score[s], s))[:8])
