"""The `group` stage: near-duplicates, storylines in date order, and storyline titles and summaries."""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse.linalg  # noqa: F401  (sparse.linalg.norm)
from scipy import sparse
from sklearn.preprocessing import normalize
from slugify import slugify

from .config import GroupingConfig, load_yaml
from .errors import BuildError
from .features import Features, build_features
from .model import Annotations, Article, Grouping, Storyline
from .summaries import storyline_summaries, storyline_title

_TOKEN = re.compile(r"\w+")
CENTRAL_NAMES = 4  # the actors and places an article mentions most


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
    """1 within the window (more within `same_days`: reports of one event come out together),
    then exponential decay with `decay_days` as the time scale."""
    boost = 1.0 + config.same_days_boost if gap_days <= config.same_days else 1.0
    return boost * float(np.exp(-max(0.0, gap_days - config.window_days) / config.decay_days))


def _top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row cut to its `keep` heaviest entries: enough to find candidates, far cheaper to multiply."""
    rows, cols, vals = [], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        data = matrix.data[start:end]
        top = np.argsort(-data, kind="stable")[:keep]
        rows.extend([i] * len(top))
        cols.extend(matrix.indices[start:end][top])
        vals.extend(data[top])
    return sparse.csr_matrix((vals, (rows, cols)), shape=matrix.shape, dtype=np.float32)


def candidate_neighbours(
    matrix: sparse.csr_matrix, days: np.ndarray, horizon: float, k: int = 12, block: int = 512
) -> list[np.ndarray]:
    """For each article, the `k` most similar articles within `horizon` days (pruned vectors)."""
    pruned = _top_terms(matrix, 48)
    transposed = pruned.T.tocsr()
    found: list[np.ndarray] = []
    for start in range(0, matrix.shape[0], block):
        sims = (pruned[start : start + block] @ transposed).toarray()
        gaps = np.abs(days[start : start + block, None] - days[None, :])
        sims[gaps > horizon] = 0.0  # NaN (undated) compares False: undated articles stay candidates
        for offset, row in enumerate(sims):
            row[start + offset] = 0.0
            top = np.argpartition(-row, min(k, len(row) - 1))[:k] if len(row) > k else np.arange(len(row))
            found.append(top[row[top] > 0.05])
    return found


def cluster(features: Features, dates: Sequence[float | None], config: GroupingConfig) -> list[int]:
    """Online centroid clustering in date order; returns a storyline index per article.

    Each article joins the most similar storyline among those of its nearest earlier neighbours
    (cosine to the storyline centroid, words and entities mixed by `entity_weight`, decayed by the
    time since the storyline's last article), or starts a new one below `threshold`. Neighbours
    come from pruned vectors in blocks, so the cost grows with the archive, not its square.
    """
    n = features.matrix.shape[0]
    matrix = features.matrix.tocsr()
    days = np.array([np.nan if d is None else d for d in dates], dtype=np.float64)  # NaN: undated
    horizon = config.window_days + 5 * config.decay_days
    neighbours = candidate_neighbours(matrix, days, horizon)
    order = sorted(range(n), key=lambda i: (dates[i] is None, dates[i] or 0.0, i))
    labels = [-1] * n
    sums: list[sparse.csr_matrix] = []
    last_day: list[float] = []
    for i in order:
        row = matrix[i]
        earlier = [j for j in neighbours[i] if labels[j] >= 0]
        link: dict[int, float] = defaultdict(float)  # storyline -> best single-article similarity
        if earlier and config.link_weight:
            for j, sim in zip(earlier, (row @ matrix[earlier].T).toarray().ravel(), strict=True):
                link[labels[j]] = max(link[labels[j]], float(sim))
        best, best_sim = -1, config.threshold
        for c in sorted({labels[j] for j in earlier}):
            norm = sparse.linalg.norm(sums[c])
            sim = float((row @ sums[c].T).toarray()[0, 0]) / norm if norm else 0.0
            sim = max(sim, config.link_weight * link[c])
            gap = abs(days[i] - last_day[c])
            sim *= 1.0 if np.isnan(gap) else time_decay(gap, config)
            if sim > best_sim:
                best, best_sim = c, sim
        if best < 0:
            sums.append(row.copy())
            last_day.append(days[i])
            labels[i] = len(sums) - 1
        else:
            sums[best] = sums[best] + row
            last_day[best] = np.fmax(last_day[best], days[i])
            labels[i] = best
    return labels


def _names(actors: Sequence[str], places: Sequence[str]) -> list[str]:
    """What ties a follow-up to its story: its most mentioned actors and places, and each word of
    their names ("Montfort" in "Montfort shooting", "Santiago" in two relatives' names). Names
    mentioned in passing (a police spokesperson quoted once) are left out: they recur across
    unrelated stories."""
    actors, places = actors[:CENTRAL_NAMES], places[:CENTRAL_NAMES]
    names = [*actors, *(f"place:{p.lower()}" for p in places)]
    words = {w for n in [*actors, *places] for w in re.split(r"[\W_]+", n.lower()) if len(w) > 3}
    return names + sorted(f"word:{w}" for w in words)


def cluster_agglomerative(
    features: Features, dates: Sequence[float | None], config: GroupingConfig
) -> list[int]:
    """Greedy centroid agglomeration over the nearest-neighbour graph: the most similar pair of
    storylines merges first, and similarities are recomputed on the merged centroid, so a chain of
    loosely related reports does not collapse into one storyline."""
    n = features.matrix.shape[0]
    matrix = features.matrix.tocsr()
    days = np.array([np.nan if d is None else d for d in dates], dtype=np.float64)
    horizon = config.window_days + 5 * config.decay_days
    neighbours = candidate_neighbours(matrix, days, horizon)
    sums: dict[int, sparse.csr_matrix] = {i: matrix[i] for i in range(n)}
    span = {i: (days[i], days[i]) for i in range(n)}
    links: dict[int, set[int]] = {i: set() for i in range(n)}
    for i in range(n):
        for j in neighbours[i]:
            links[i].add(int(j))
            links[int(j)].add(i)
    parent = list(range(n))

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def similarity(a: int, b: int) -> float:
        va, vb = sums[a], sums[b]
        norms = sparse.linalg.norm(va) * sparse.linalg.norm(vb)
        if not norms:
            return 0.0
        (sa, ea), (sb, eb) = span[a], span[b]
        gap = np.nanmax([0.0, sb - ea, sa - eb])
        return float((va @ vb.T).toarray()[0, 0]) / norms * time_decay(gap, config)

    heap = [(-similarity(a, b), a, b) for a in range(n) for b in links[a] if a < b]
    heap = [h for h in heap if -h[0] >= config.threshold]
    heapq.heapify(heap)
    while heap:
        _, a, b = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b:
            continue  # one side was merged since: its pairs were pushed again under the new root
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        sums[keep] = sums[keep] + sums.pop(gone)
        span[keep] = (np.fmin(span[keep][0], span[gone][0]), np.fmax(span[keep][1], span[gone][1]))
        links[keep] = {root(c) for c in links[keep] | links.pop(gone)} - {keep}
        for other in sorted(links[keep]):
            sim = similarity(keep, other)
            if sim >= config.threshold:
                heapq.heappush(heap, (-sim, min(keep, other), max(keep, other)))
    roots = [root(i) for i in range(n)]
    index = {r: k for k, r in enumerate(sorted(set(roots)))}
    return [index[r] for r in roots]


def merge_followups(
    labels: list[int],
    features: Features,
    entities: Sequence[Sequence[str]],
    config: GroupingConfig,
) -> list[int]:
    """Second pass: join storylines that share a rare actor or place and are similar enough overall.

    Follow-ups (an arrest, a trial, a funeral) come weeks or months after the first reports,
    beyond the time decay; what ties them is a name few other articles carry. A name is rare
    when at most `rare_max_articles` articles, and at most 1% of the archive, mention it: in a
    small archive no name is rare enough to say so.
    """
    limit = min(config.rare_max_articles, len(labels) // 100)
    n_clusters = max(labels) + 1 if labels else 0
    holders: dict[str, set[int]] = defaultdict(set)
    frequency: Counter[str] = Counter()
    for i, names in enumerate(entities):
        for name in set(names):
            frequency[name] += 1
            holders[name].add(labels[i])
    indicator = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(n_clusters, len(labels)),
    )
    sums = (indicator @ features.matrix).tocsr()
    centroids = normalize(sums)
    pairs: dict[tuple[int, int], float] = {}
    for name in sorted(holders):
        clusters = sorted(holders[name])
        if len(clusters) < 2 or frequency[name] > limit:
            continue
        sims = (centroids[clusters] @ centroids[clusters].T).toarray()
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                if sims[a, b] >= config.merge_threshold:
                    pairs[(clusters[a], clusters[b])] = float(sims[a, b])
    labels = _merge_pairs(labels, sums, pairs, config.merge_threshold)
    return _join_on_rare_words(labels, features, limit, config)


def _join_on_rare_words(
    labels: list[int], features: Features, limit: int, config: GroupingConfig
) -> list[int]:
    """Join the storylines of two reports that share `rare_shared_words` or more rare words and
    are at least `rare_min_similarity` alike.

    A victim's name, a street, a small town: words in at most `limit` articles. Two reports
    sharing three such words tell the same story, however far apart in time.
    """
    needed = config.rare_shared_words
    if limit < 2 or needed < 1:
        return labels
    present = (features.words > 0).astype(np.int32).tocsc()
    frequency = np.diff(present.indptr)
    rare = np.flatnonzero((frequency >= 2) & (frequency <= limit))
    shared: Counter[tuple[int, int]] = Counter()
    for column in rare:
        holders = present.indices[present.indptr[column] : present.indptr[column + 1]]
        for a in range(len(holders)):
            for b in range(a + 1, len(holders)):
                shared[(int(holders[a]), int(holders[b]))] += 1
    parent = {label: label for label in labels}

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    matrix = features.matrix
    for (a, b), count in sorted(shared.items()):
        if count >= needed and (matrix[a] @ matrix[b].T).toarray()[0, 0] >= config.rare_min_similarity:
            ra, rb = root(labels[a]), root(labels[b])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return [root(label) for label in labels]


def _merge_pairs(
    labels: list[int], sums: sparse.csr_matrix, pairs: dict[tuple[int, int], float], threshold: float
) -> list[int]:
    """Merge the most similar pairs first; a pair whose merged storylines have drifted apart is
    checked again on their current centroids, so merges cannot chain unrelated stories."""
    parent = list(range(sums.shape[0]))
    vectors: dict[int, sparse.csr_matrix] = {}

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def vector(c: int) -> sparse.csr_matrix:
        return vectors.get(c, sums[c])

    for (a, b), _ in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        if (ra, rb) != (a, b):
            va, vb = vector(ra), vector(rb)
            norms = sparse.linalg.norm(va) * sparse.linalg.norm(vb)
            if not norms or float((va @ vb.T).toarray()[0, 0]) / norms < threshold:
                continue
        keep, gone = min(ra, rb), max(ra, rb)
        vectors[keep] = vector(keep) + vector(gone)
        vectors.pop(gone, None)
        parent[gone] = keep
    return [root(label) for label in labels]


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
    method = cluster_agglomerative if config.method == "agglomerative" else cluster
    labels = method(features, [_day(a.date) for a in articles], config)
    entities = [_names(article_actors.get(a.id, ()), places.get(a.id, ())) for a in articles]
    labels = merge_followups(labels, features, entities, config)
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
    groups = sorted(members.values(), key=lambda idx: min(articles[i].id for i in idx))
    ordered = [sorted((articles[i] for i in idx), key=_date_order) for idx in groups]
    summaries = storyline_summaries(ordered, annotations, dup)
    frequency = Counter(slug for a in articles for slug in article_actors.get(a.id, ()))
    storylines = []
    storyline_of: dict[str, str] = {}
    taken: set[str] = set()
    for idx, items, summary in zip(groups, ordered, summaries, strict=True):
        label = labels[idx[0]]
        slug = label if isinstance(label, str) else _storyline_slug(items, taken)
        taken.add(slug)
        actors = _key_actors(items, article_actors, frequency, len(articles))
        dates = [a.date for a in items if a.date]
        title = settings.titles.get(slug) or storyline_title(items, actors, actor_names, places, dup)
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


def _date_order(article: Article) -> tuple[bool, date, str]:
    return (article.date is None, article.date or date.min, article.id)


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


def _key_actors(
    items: Sequence[Article], article_actors: Mapping[str, Sequence[str]], frequency: Counter[str], total: int
) -> tuple[str, ...]:
    """Actors central to this storyline and distinctive of it: named in many of its articles, high
    in each, and rare elsewhere (so "Japan" in every report ranks below the minister who travelled)."""
    score: Counter[str] = Counter()
    for a in items:
        for rank, slug in enumerate(article_actors.get(a.id, ())):
            score[slug] += (1.0 + 1.0 / (rank + 1)) * float(np.log(1.0 + total / frequency[slug]))
    return tuple(sorted(score, key=lambda s: (-score[s], s))[:8])
