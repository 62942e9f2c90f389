"""Lookups the page families build their views from, computed once from the model (templates never
see this: each reads only its page's view)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain
from typing import Any

from .. import urls
from ..config import SiteConfig
from ..model import Actor, Article, Quote, SiteModel, Storyline

RELATED = 4  # related storylines a storyline page shows
# A key actor of more storylines than this relates none of them: it is in the news, not specific to
# a story (a city's police, a president), and pairing every one of its storylines costs their square.
RELATED_MAX_HOLDERS = 25


def newest_first(items: Iterable[Article]) -> list[Article]:
    """Dated articles newest first, then the undated (stable otherwise)."""
    return sorted(items, key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0)))


def ordered_storylines(stories: Iterable[Storyline]) -> list[Storyline]:
    """Most recently active first; undated last; stable otherwise."""
    return sorted(stories, key=lambda s: (s.end is None, -(s.end.toordinal() if s.end else 0)))


class SiteIndex:
    """The model and config, with the lookups pages need."""

    def __init__(self, model: SiteModel, config: SiteConfig) -> None:
        self.model, self.config = model, config
        self.articles = {a.id: a for a in model.articles}
        self.order = {a.id: n for n, a in enumerate(model.articles)}
        self.actors = {a.slug: a for a in model.actors}
        self.storylines = {s.slug: s for s in model.grouping.storylines}
        self.ordered = ordered_storylines(model.grouping.storylines)
        self.duplicate_of = {k: v for k, v in model.grouping.duplicate_of.items() if k in self.articles}
        self.rewrites: dict[str, list[Article]] = defaultdict(list)
        for a in model.articles:
            root = self.original(a.id)
            if root != a.id:
                self.rewrites[root].append(a)
        mentioned_in: dict[str, list[str]] = defaultdict(list)
        for aid, slugs in model.article_actors.items():
            for slug in slugs:
                mentioned_in[slug].append(aid)
        self.actor_articles = {
            slug: [i for i in dict.fromkeys(actor.articles or mentioned_in[slug]) if i in self.articles]
            for slug, actor in self.actors.items()
        }
        self.article_quotes: dict[str, list[Quote]] = defaultdict(list)
        for q in model.quotes:
            if q.article in self.articles:
                self.article_quotes[q.article].append(q)
        self._paths: dict[str, str] = {}
        self.feed_items: dict[str, Any] = {}  # article id -> its `feeds.FeedItem`, made once
        self.feed_seconds: dict[str, int] | None = None  # `feeds.day_seconds`, made once
        self._distinct: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, str] = {}
        self._named: dict[str, list[str]] = {}
        self._related: dict[str, list[Storyline]] | None = None
        self._actor_quotes: dict[str, list[Quote]] | None = None

    def prepare(self) -> None:
        """Compute the lookups pages share at once (before the render processes fork, so each
        inherits them instead of computing its own)."""
        for a in self.model.articles:
            self.article_path(a.id)
        self._co_actors()
        for aid in self.model.article_actors:
            self.by_name(aid)
        self.related_storylines(None)
        self.actor_quotes(None)

    def original(self, article_id: str) -> str:
        """The report an article (transitively) rewrites, or itself."""
        seen = {article_id}
        while article_id in self.duplicate_of and self.duplicate_of[article_id] in self.articles:
            article_id = self.duplicate_of[article_id]
            if article_id in seen:
                break
            seen.add(article_id)
        return article_id

    def article_path(self, article_id: str) -> str:
        """`urls.article_url`, once per article."""
        found = self._paths.get(article_id)
        if found is None:
            found = self._paths[article_id] = urls.article_url(article_id)
        return found

    def storyline_of(self, article_id: str) -> Storyline | None:
        slug = self.model.grouping.storyline_of.get(article_id) or self.articles[article_id].storyline
        return self.storylines.get(slug) if slug else None

    def article_actors(self, article_id: str) -> list[Actor]:
        slugs = self.model.article_actors.get(article_id, ())
        return [self.actors[s] for s in slugs if s in self.actors]

    def story_actors(self, story: Storyline) -> list[Actor]:
        return [self.actors[s] for s in story.actors if s in self.actors]

    def story_articles(self, story: Storyline) -> list[Article]:
        """Articles shown as items on a storyline page: rewrites go under their original instead."""
        ids = [i for i in story.articles if i in self.articles]
        members = set(ids)
        return [self.articles[i] for i in ids if self.original(i) == i or self.original(i) not in members]

    def _co_actors(self) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
        """Each article's known actor slugs once, and each actor's name casefolded (for sorting)."""
        if not self._folded and self.actors:
            known = self.actors
            self._distinct = {
                aid: tuple(s for s in dict.fromkeys(slugs) if s in known)
                for aid, slugs in self.model.article_actors.items()
            }
            self._folded = {slug: a.name.casefold() for slug, a in self.actors.items()}
        return self._distinct, self._folded

    def mention_count(self, actor: Actor) -> int:
        return sum(actor.mentions.values()) or len(self.actor_articles[actor.slug])

    def actor_storylines(self, actor: Actor) -> list[Storyline]:
        found = {s.slug: s for i in self.actor_articles[actor.slug] if (s := self.storyline_of(i))}
        return ordered_storylines(found.values())

    def appears_with(self, actor: Actor) -> list[tuple[str, int]]:
        """The slugs of the other actors in this actor's articles, with how many articles each
        shares: most shared first, then by name and slug."""
        distinct, folded = self._co_actors()
        ids = self.actor_articles[actor.slug]
        if len(ids) == 1:  # each shares one article: the article's actors in name order, shared
            slug = actor.slug
            return [(s, 1) for s in self.by_name(ids[0]) if s != slug]
        counts = Counter(chain.from_iterable(distinct.get(aid, ()) for aid in ids))
        counts.pop(actor.slug, None)
        # Most shared first, then by name and slug (unique): plain tuples sort without a key function.
        order = sorted([(-n, folded[s], s) for s, n in counts.items()])
        return [(s, -n) for n, _, s in order]

    def by_name(self, article_id: str) -> list[str]:
        """An article's distinct known actors by casefolded name, then slug (computed once)."""
        found = self._named.get(article_id)
        if found is None:
            distinct, folded = self._co_actors()
            found = [s for _, s in sorted((folded[s], s) for s in distinct.get(article_id, ()))]
            self._named[article_id] = found
        return found

    def related_storylines(self, story: Storyline | None) -> list[Storyline]:
        """Up to RELATED storylines sharing the most specific key actors with `story`: each shared
        actor weighs 1 / the number of storylines it is a key actor of, so an actor of every story
        counts little, and one of more than RELATED_MAX_HOLDERS not at all. Highest weight first, then
        most shared, then most recent; computed for all storylines at once, on first use."""
        if self._related is None:
            stories = self.ordered
            rank = {s.slug: n for n, s in enumerate(stories)}
            holders: dict[str, list[str]] = defaultdict(list)
            for s in stories:
                for slug in dict.fromkeys(s.actors):
                    if slug in self.actors:
                        holders[slug].append(s.slug)
            self._related = {}
            for s in stories:
                score: dict[str, list[float]] = {}  # other storyline -> [weight, actors shared, rank]
                for slug in dict.fromkeys(s.actors):
                    others = holders.get(slug, ())
                    if not 2 <= len(others) <= RELATED_MAX_HOLDERS:
                        continue  # only this storyline's, or too common to relate any
                    weight = 1 / len(others)
                    for other in others:
                        entry = score.get(other)
                        if entry is None:
                            score[other] = [weight, 1, rank[other]]
                        else:
                            entry[0] += weight
                            entry[1] += 1
                score.pop(s.slug, None)
                if score:
                    best = sorted(score, key=lambda o: (-round(score[o][0], 9), -score[o][1], score[o][2]))
                    self._related[s.slug] = [self.storylines[o] for o in best[:RELATED]]
        return self._related.get(story.slug, []) if story is not None else []

    def actor_quotes(self, actor: Actor | None) -> list[Quote]:
        """The quotations spoken by `actor`, newest article first (then in article order and by
        position), each wording once; computed for all actors at once, on first use."""
        if self._actor_quotes is None:
            spoken: dict[str, list[Quote]] = defaultdict(list)
            for q in sorted(
                (q for quotes in self.article_quotes.values() for q in quotes if q.actor in self.actors),
                key=lambda q: (*self.newest_key(q.article), q.start),
            ):
                spoken[q.actor or ""].append(q)
            self._actor_quotes = {slug: distinct_quotes(quotes) for slug, quotes in spoken.items()}
        return self._actor_quotes.get(actor.slug, []) if actor is not None else []

    def newest_key(self, article_id: str) -> tuple[bool, int, int]:
        """A sort key putting articles newest first, undated last, then in the model's order."""
        day = self.articles[article_id].date
        return (day is None, -(day.toordinal() if day else 0), self.order[article_id])


def distinct_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """`quotes` with each wording once (the first kept): a rewrite repeats its original's quotes."""
    seen: set[str] = set()
    kept = []
    for q in quotes:
        words = " ".join(q.text.casefold().split())
        if words not in seen:
            seen.add(words)
            kept.append(q)
    return kept
