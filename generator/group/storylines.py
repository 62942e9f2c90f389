"""The `group` stage: near-duplicates, storylines in date order, and storyline titles and summaries."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from scipy import sparse
from slugify import slugify

from .. import editor_yaml
from ..config import GroupingConfig
from ..errors import BuildError, warn
from ..ids import path_key, quoted, shorten
from ..incremental.memo import StageMemo
from ..incremental.terms import TermStore
from ..model import Annotations, Article, Grouping, Permalinks, Storyline
from ..schema import check_fields, coerce, setting
from .causal import date_order
from .features import Features, build_features, lead_paragraphs
from .key_actors import key_actors
from .linking import link
from .names import Cast, central_names, participants
from .permalinks import assign, resolve
from .summaries import kept_title, storyline_summaries

SHINGLE_CHARS = 3000  # a rewrite shows in its opening; longer texts are compared on this much


@dataclass(frozen=True)
class StorylineSettings:
    """The editor's `content/storylines.yaml`: titles, descriptions and pinned articles by slug."""

    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    pins: dict[str, str] = field(default_factory=dict)  # article id -> slug
    pin_lines: dict[str, int | None] = field(default_factory=dict)  # article id -> its line in `path`
    lines: dict[str, int | None] = field(default_factory=dict)  # slug -> its line in `path`
    path: str = ""


@dataclass(frozen=True)
class StorylineEntry:
    """One storyline of storylines.yaml: its title, description and the article ids pinned to it."""

    title: str | None = setting(None, nonempty=True)
    description: str | None = setting(None, nonempty=True)
    articles: tuple[str, ...] = ()

    __post_init__ = check_fields


def load_storyline_settings(path: Path) -> StorylineSettings:
    """Read `content/storylines.yaml` (missing file: no editor settings). Each key must be a slug
    (the storyline's URL); an article pinned to two storylines is an error. Article ids are the
    text written (`[010]` pins article `010`, not 8)."""
    if not path.exists():
        return StorylineSettings()
    data = editor_yaml.expect_mapping(
        path, editor_yaml.load(path), "a mapping of storyline slugs to {title, description, articles}"
    )
    settings = StorylineSettings(path=str(path))
    for key, value in data.items():
        slug, line = str(key), data.line_of(key)
        if _pin_label(slug) != slug:  # the storyline's URL: a title under another key would be lost
            raise BuildError(
                str(path), f"storyline '{slug}' is not a slug (write '{_pin_label(slug)}')", line
            )
        entry = coerce(str(path), slug, StorylineEntry | None, value, line) or StorylineEntry()
        settings.lines[slug] = line
        if entry.title:
            settings.titles[slug] = entry.title
        if entry.description:
            settings.descriptions[slug] = entry.description
        listed = value.get("articles") if isinstance(value, editor_yaml.Mapping) else None
        for i, article_id in enumerate(entry.articles):
            if isinstance(listed, editor_yaml.Sequence):
                settings.pin_lines.setdefault(article_id, listed.line_of(i))
            else:  # `articles: a`, one id
                settings.pin_lines.setdefault(article_id, value.line_of("articles"))
            other = settings.pins.setdefault(article_id, slug)
            if other == slug and entry.articles.count(article_id) > 1:
                raise BuildError(str(path), f"article '{article_id}' is listed twice under '{slug}'", line)
            if other != slug:
                raise BuildError(
                    str(path), f"article '{article_id}' is pinned to '{other}' and '{slug}'", line
                )
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
    matrix: sparse.csr_matrix,
    days: np.ndarray,
    horizon: float,
    k: int = 12,
    block: int = 512,
    first: int = 0,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """For each article, its `k` most similar earlier articles (in `causal.date_order`: by date,
    the undated last) within `horizon` days and their exact similarities. Candidates come from
    pruned vectors, block by block in date order, each block against the earlier articles within
    `horizon` days of it: the cost grows with the archive's density in time, not with its square,
    and no article's candidates depend on a later one (those before the `first` in date order
    are left without: a resumed `cluster` has their labels)."""
    pruned = _top_terms(matrix, 48)
    n = matrix.shape[0]
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    sorted_days = days[order]
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * n
    for start in range(first, n, block):
        rows = order[start : start + block]
        row_days = days[rows]
        undated = np.isnan(row_days).any()
        low = 0 if undated else np.searchsorted(sorted_days, row_days.min() - horizon, "left")
        columns = order[low : start + len(rows)]  # an undated article is compared with every earlier one
        sims = (pruned[rows] @ pruned[columns].T).toarray()
        sims[np.abs(row_days[:, None] - days[columns][None, :]) > horizon] = 0.0  # NaN: undated
        sims[position[columns][None, :] >= position[rows][:, None]] = 0.0  # earlier articles only
        width = len(columns)
        # ties go to the earliest article, whatever else the block holds
        top = (
            np.argsort(-sims, axis=1, kind="stable")[:, :k]
            if width > k
            else np.tile(np.arange(width), (len(rows), 1))
        )
        chosen = np.take_along_axis(sims, top, axis=1) > 0.05
        picked = np.sort(np.where(chosen, columns[top], n), axis=1)  # n: not chosen, sorts last
        for article, row, count in zip(rows.tolist(), picked, chosen.sum(axis=1).tolist(), strict=True):
            found[article] = row[:count]
    sources = np.repeat(np.arange(len(found)), [len(f) for f in found])
    targets = np.concatenate(found) if found else np.array([], dtype=np.int64)
    exact = np.asarray(matrix[sources].multiply(matrix[targets]).sum(axis=1)).ravel()
    bounds = np.cumsum([0, *(len(f) for f in found)])
    return found, [exact[bounds[i] : bounds[i + 1]] for i in range(len(found))]


def cluster(
    features: Features, dates: Sequence[float | None], config: GroupingConfig, kept: Sequence[int] = ()
) -> list[int]:
    """Online average-link clustering in date order; returns a storyline index per article.

    Each article joins the storyline, among those of its nearest earlier neighbours, whose
    articles it is most similar to on average (the dot product with the storyline's undecayed sum
    of article vectors, over its size: every member counts alike, so the storyline cannot lean
    toward its latest report and walk from one incident to the next), times the time decay since
    the storyline's last article; or it starts a new storyline below `threshold`. Words and
    entities are mixed by `entity_weight`; `link_weight` weighs the best single-article match
    against the average. The sums are sparse dictionaries, so each article costs a few lookups
    per candidate storyline.

    `kept`: the labels of the first articles in date order, as a run over the same first articles
    gave them (vectors and neighbours are causal, so the run resumes after them with the state
    their labels imply, and gives what a run from the start gives).
    """
    n = features.matrix.shape[0]
    matrix = features.matrix.tocsr()
    days = np.array([np.nan if d is None else d for d in dates], dtype=np.float64)  # NaN: undated
    horizon = config.window_days + 5 * config.decay_days
    neighbours, neighbour_sims = candidate_neighbours(matrix, days, horizon, first=len(kept))
    order = date_order(dates)
    labels = [-1] * n
    members: list[list[int]] = []  # each storyline's articles, in date order
    for i, label in zip(order, kept, strict=False):
        labels[i] = label
        members.extend([] for _ in range(label + 1 - len(members)))
        members[label].append(i)

    def terms_of(i: int) -> list[tuple[int, float]]:
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        return list(zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True))

    sums: dict[int, dict[int, float]] = {}  # storyline -> sum of article vectors, once needed
    sizes = [len(m) for m in members]
    last_day = [float(np.nan)] * len(members)

    def summed(c: int) -> dict[int, float]:
        """The sum of storyline `c`'s vectors, as adding its members one by one made it."""
        if c not in sums:
            total = dict(terms_of(members[c][0]))
            for i in members[c][1:]:
                for term, value in terms_of(i):
                    total[term] = total.get(term, 0.0) + value
            sums[c] = total
        return sums[c]

    for c, found in enumerate(members):
        day = days[found[0]]
        for i in found[1:]:
            day = np.fmax(day, days[i])
        last_day[c] = day
    for i in order[len(kept) :]:
        terms = terms_of(i)
        link: dict[int, float] = {}  # storyline -> best single-article similarity
        for j, sim in zip(neighbours[i].tolist(), neighbour_sims[i].tolist(), strict=True):
            if labels[j] >= 0:
                link[labels[j]] = max(link.get(labels[j], 0.0), sim)
        best, best_sim = -1, config.threshold
        for c in sorted(link):
            total = summed(c)
            mean = sum(value * total.get(term, 0.0) for term, value in terms) / sizes[c]
            sim = max(mean, config.link_weight * link[c])
            gap = abs(days[i] - last_day[c])
            sim *= 1.0 if np.isnan(gap) else time_decay(gap, config)
            if sim > best_sim:
                best, best_sim = c, sim
        if best < 0:
            labels[i] = len(members)
            members.append([i])
            sums[labels[i]] = dict(terms)
            sizes.append(1)
            last_day.append(days[i])
        else:
            total = summed(best)
            for term, value in terms:
                total[term] = total.get(term, 0.0) + value
            members[best].append(i)
            sizes[best] += 1
            last_day[best] = np.fmax(last_day[best], days[i])
            labels[i] = best
    return labels


# Lower-cased UTF-8 bytes to words: ASCII punctuation becomes a space, every other byte stays.
_WORD_BYTES = bytes(c if chr(c).isalnum() or c == ord("_") or c >= 128 else ord(" ") for c in range(256))


_UNICODE_PUNCTUATION = tuple("‘’“”–—…".encode()[i : i + 3] for i in range(0, 21, 3))


def word_trigrams(texts: Sequence[str]) -> list[set[tuple[bytes, bytes, bytes]]]:
    """Each text's word 3-grams, lower-cased (exact: compared by value, never by a hash). Equal
    texts (syndicated copies) share one set."""
    found = []
    seen: dict[str, set[tuple[bytes, bytes, bytes]]] = {}
    for text in texts:
        if text in seen:
            found.append(seen[text])
            continue
        data = text.lower().encode()
        if b"\xe2\x80" in data:  # curly quotes, dashes, ellipsis: punctuation too
            for mark in _UNICODE_PUNCTUATION:
                data = data.replace(mark, b" ")
        words = data.translate(_WORD_BYTES).split()
        seen[text] = set(zip(words, words[1:], words[2:], strict=False))
        found.append(seen[text])
    return found


def near_duplicates(
    articles: Sequence[Article],
    labels: Sequence[int],
    threshold: float,
    days: float = 3.0,
    overlaps: StageMemo | None = None,
) -> dict[str, str]:
    """Article id -> id of the earlier report it rewrites.

    Two reports in one storyline, at most `days` apart (or undated), are one report rewritten when
    at least `threshold` of the shorter one's word 3-grams also stand in the other (different
    reports of one event share ~5-8%). The overlap of two openings depends on those alone:
    `overlaps` remembers it between builds, by a digest of both.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    pairs: list[tuple[int, int]] = []  # (earlier, later) article indices
    for group in members.values():
        group.sort(key=lambda i: _date_order(articles[i]))
        for b in range(1, len(group)):
            later = articles[group[b]].date
            for a in range(b - 1, -1, -1):
                earlier = articles[group[a]].date
                if later and earlier and (later - earlier).days > days:
                    break
                pairs.append((group[a], group[b]))
    if not pairs:
        return {}
    used = sorted({i for pair in pairs for i in pair})
    leads = {i: "\n\n".join(lead_paragraphs(articles[i], SHINGLE_CHARS))[:SHINGLE_CHARS] for i in used}
    keys = {i: hashlib.blake2b(leads[i].encode(), digest_size=16).digest() for i in used}
    scores = [overlaps.get(keys[a] + keys[b]) if overlaps is not None else None for a, b in pairs]
    missing = sorted({i for pair, score in zip(pairs, scores, strict=True) if score is None for i in pair})
    grams = dict(zip(missing, word_trigrams([leads[i] for i in missing]), strict=True))
    best: dict[int, tuple[float, int]] = {}  # later -> (score, earlier)
    for (a, b), score in zip(pairs, scores, strict=True):
        if score is None:
            first, second = grams[a], grams[b]
            shared = len(first) if first is second else len(first & second)
            score = shared / max(1, min(len(first), len(second)))
        if overlaps is not None:
            overlaps.put(keys[a] + keys[b], score)
        current = best.get(b)
        if score >= threshold and (current is None or (score, -a) > (current[0], -current[1])):
            best[b] = (score, a)  # the most overlapping earlier report; ties: the earliest
    duplicate_of: dict[str, str] = {}
    for b in sorted(best, key=lambda i: _date_order(articles[i])):
        original = articles[best[b][1]].id
        duplicate_of[articles[b].id] = duplicate_of.get(original, original)
    return duplicate_of


@dataclass(frozen=True)
class FirstPass:
    """Article vectors, the first pass's storyline labels, each article's central names and which
    of them name a participant (`names.participants`)."""

    features: Features
    labels: list[int]
    names: list[list[str]]
    participants: list[frozenset[str]]


def first_pass(
    articles: Sequence[Article],
    article_actors: Mapping[str, Sequence[str]],
    places: Mapping[str, Sequence[str]],
    config: GroupingConfig,
    words: sparse.csr_matrix | None = None,
    cast: Cast | None = None,
    kept: Sequence[int] = (),
) -> FirstPass:
    """Vectorise the articles (`words`: their `word_vectors`, if computed already) and cluster
    them online in date order (resuming after the first `kept` labels, see `cluster`); `cast`
    tells people and officials apart (`names.Cast`)."""
    cast = cast or Cast()
    features = build_features(articles, article_actors, places, config, words)
    labels = cluster(features, [_day(a.date) for a in articles], config, kept)
    names = [central_names(article_actors.get(a.id, ()), places.get(a.id, ()), cast) for a in articles]
    return FirstPass(features, labels, names, [participants(n, cast) for n in names])


def group(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    article_actors: Mapping[str, Sequence[str]],
    places: Mapping[str, Sequence[str]],
    actor_names: Mapping[str, str],
    config: GroupingConfig,
    settings: StorylineSettings,
    overlaps: StageMemo | None = None,
    words: sparse.csr_matrix | None = None,
    permalinks: Permalinks | None = None,
    cast: Cast | None = None,
    first: FirstPass | None = None,
    summary_store: TermStore | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> Grouping:
    """Group articles into storylines, find near-duplicates, title and summarise each storyline
    (`overlaps`: the report-pair overlaps measured by earlier builds, see `near_duplicates`;
    `words`: the articles' `features.word_vectors`, if computed already; `permalinks`: the
    previous build's slugs, which storylines keep, see `permalinks.assign`; `cast`: who of the
    actors are people and officials, see `names.Cast`; `first`: the `first_pass` of these
    articles, if made already; `summary_store` and `keys`: the summaries' store kept between builds
    and each article's `saved.article_inputs` digest, see `storyline_summaries`)."""
    previous = permalinks or Permalinks()
    _warn_unknown_pins(articles, settings)
    if not articles:
        return Grouping((), {}, {})
    first = first or first_pass(articles, article_actors, places, config, words, cast)
    labels = link(articles, first.labels, first.features, first.names, config, first.participants)
    pins = {path_key(article_id): slug for article_id, slug in settings.pins.items()}
    for i, article in enumerate(articles):  # editor pins win (an id found by its page path, as overrides)
        pin = pins.get(path_key(article.id)) or article.storyline
        if pin:  # a pin to a slug that now redirects pins to the storyline answering for it
            labels[i] = resolve(_pin_label(pin), previous)
    members: dict[object, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    ids = {label: n for n, label in enumerate(sorted(members, key=str))}
    dup = near_duplicates(articles, [ids[x] for x in labels], config.duplicate_threshold, overlaps=overlaps)
    known = {a.id: a.date for a in articles}
    inferred = {i: known[o] for i, o in dup.items() if known[i] is None and known[o] is not None}
    if inferred:
        articles = [
            dataclasses.replace(a, date=inferred[a.id], date_source="inferred") if a.id in inferred else a
            for a in articles
        ]
    groups = sorted(members.values(), key=lambda idx: min(articles[i].id for i in idx))
    ordered = [sorted((articles[i] for i in idx), key=_date_order) for idx in groups]
    summaries = storyline_summaries(ordered, annotations, dup, store=summary_store, keys=keys)
    central = key_actors(ordered, article_actors)
    storylines = []
    storyline_of: dict[str, str] = {}
    pinned = [
        (label if isinstance(label, str) else None, [a.id for a in items])
        for label, items in zip((labels[idx[0]] for idx in groups), ordered, strict=True)
    ]
    slugs, state = assign(pinned, previous, lambda g, taken: _storyline_slug(ordered[g], taken))
    titles, descriptions = _moved_entries(settings, state, set(slugs))
    for slug, items, summary, actors in zip(slugs, ordered, summaries, central, strict=True):
        dates = [a.date for a in items if a.date]
        title = titles.get(slug) or kept_title(summary_store, keys, items, actors, actor_names, places, dup)
        storylines.append(
            Storyline(
                slug=slug,
                title=title,
                articles=tuple(a.id for a in items),
                actors=actors,
                start=min(dates) if dates else None,
                end=max(dates) if dates else None,
                summary=summary,
                description=descriptions.get(slug),
            )
        )
        for a in items:
            storyline_of[a.id] = slug
    storylines.sort(key=lambda s: (s.end or date.min, s.slug), reverse=True)
    newest_first = sorted(articles, key=lambda a: (a.date is None, -(a.date or date.min).toordinal(), a.id))
    return Grouping(tuple(storylines), storyline_of, dup, inferred, tuple(newest_first), state)


def warn_settings(
    articles: Sequence[Article],
    settings: StorylineSettings,
    state: Permalinks,
    storylines: Sequence[Storyline],
) -> None:
    """The warnings `group` gives about storylines.yaml, for a grouping reused as it was."""
    _warn_unknown_pins(articles, settings)
    _moved_entries(settings, state, {s.slug for s in storylines})


def _moved_entries(
    settings: StorylineSettings, state: Permalinks, live: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """storylines.yaml's titles and descriptions by live slug: an entry keyed to a slug that now
    redirects applies to the storyline answering for it (with a warning to rename the key), unless
    an entry keyed to that storyline's own slug says otherwise."""
    found: list[dict[str, str]] = []
    for given in (settings.titles, settings.descriptions):
        by_slug = {slug: text for slug, text in given.items() if slug in live}
        for slug, text in sorted(given.items()):
            target = resolve(slug, state)
            if slug not in live and target in live:
                by_slug.setdefault(target, text)
        found.append(by_slug)
    for slug in sorted(set(settings.titles) | set(settings.descriptions)):
        target = resolve(slug, state)
        if slug not in live and target in live:
            warn(
                settings.path,
                f"storyline '{slug}' now redirects to '{target}'; its entry applies there (rename the key)",
                settings.lines.get(slug),
            )
    return found[0], found[1]


def _warn_unknown_pins(articles: Sequence[Article], settings: StorylineSettings) -> None:
    """A warning naming storylines.yaml's line for each pinned id that no article has (raw data
    comes and goes, as for an override of an unknown id)."""
    known = {path_key(a.id) for a in articles}
    for article_id, slug in settings.pins.items():
        if path_key(article_id) not in known:
            warn(
                settings.path,
                f"article id {quoted(article_id)} pinned to storyline '{slug}' matches no article; ignored",
                settings.pin_lines.get(article_id),
            )


def _date_order(article: Article) -> tuple[bool, date, str]:
    return (article.date is None, article.date or date.min, article.id)


def _pin_label(slug: str) -> str:
    return shorten(slugify(slug)) or "storyline"


SLUG_TITLE_CHARS = 60  # the title's part of a storyline's slug, cut after a whole word


def title_slug(title: str, limit: int = SLUG_TITLE_CHARS) -> str:
    """A title as URL words: apostrophes dropped ("Japan's" is "japans", as Hugo and Pelican write
    it), cut after the last whole word that fits in `limit` characters (a word that does not fit
    ends the slug: no later, shorter word is taken in its place)."""
    slug = slugify(title, replacements=[["'", ""], ["’", ""]])
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    return head.rsplit("-", 1)[0] if "-" in head else slug[:limit]


def _storyline_slug(items: Sequence[Article], taken: set[str]) -> str:
    """A stable slug: the first article's date and title, so URLs survive later additions."""
    first = items[0]
    stem = title_slug(first.title) or shorten(slugify(first.id)) or "storyline"
    base = f"{first.date:%Y-%m-%d}-{stem}" if first.date else stem
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
