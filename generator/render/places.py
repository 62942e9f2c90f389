"""Place pages: a page per place the articles name (towns, cities, regions, states), the places index,
and the places a storyline happens in ("Where" on its page).

Which places get a page (`find_places`): a name the resolve stage judged a place (`SiteModel.places`),
named in at least `MIN_ARTICLES` published articles, no lone compass word ("the East"), more than
two letters unless a state's postal code (one or two are an initial or an abbreviation: "Jr.",
"ST"), and no site: the resolve stage's `SiteModel.sites`, a street, address, hospital, venue or
building by its name (`resolve.names.names_a_site`: a page for "Main Street" or "Ben Taub
Hospital" helps no reader) or by the words where it is named ("Stroger" of "taken to Stroger
Hospital"). One page per place: names are compared casefolded, without a leading "the", and
"Dayton, Ohio" is Dayton when its tail is a US state or a country. A country is an actor (kind
country) with its own page: a place named like a country (or its alias) links to that page and
gets none of its own.
"""

from __future__ import annotations

import string
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from slugify import slugify

from .. import urls
from ..ids import shorten
from ..model import SiteModel
from ..resolve.org_names import is_region, us_state_name
from .actors import Letter, initial
from .index import SiteIndex, ordered_storylines
from .links import Links
from .views import CountedLink, Day, Link, PageView, Planned, Task, by_date, frame

MIN_ARTICLES = 2  # a place named in one article only gets no page: too little to follow
PLACES_TOP = 48  # places on a split index's first page (most named first)
WHERE = 5  # places shown under "Where" on a storyline page
# A lone compass word ("the East", "the Northeast") names a direction or a vague region, no place to follow.
_COMPASS = frozenset({f"{a}{b}" for a in ("", "north", "south") for b in ("", "east", "west")} - {""})
_COMPASS |= {"midwest", "mideast"}


@dataclass(frozen=True)
class Place:
    """A place with a page: slug, the name shown (its most used spelling), the articles naming it (in
    the model's order: newest first)."""

    slug: str
    name: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class PlaceIndex:
    """The model's places: those with a page (sorted by name), and where each place key links
    (`urls.place_url` of its page, or `urls.actor_url` of the country it names)."""

    places: tuple[Place, ...]
    targets: dict[str, str]  # place key -> site path
    names: dict[str, str]  # place key -> name shown (a country's: its actor's name)


def place_key(name: str, countries: dict[str, str]) -> tuple[str, str]:
    """What tells places apart, and the spelling a name gives the place: the casefolded name without
    a leading "the" or extra spaces, and without a ", <US state or country>" tail ("Dayton, Ohio" is
    "dayton", spelt "Dayton"); a US state in AP style is the state ("Fla." is "Florida")."""
    text = " ".join(name.split())
    if text.casefold().startswith("the "):
        text = text[4:]
    head, comma, tail = text.rpartition(",")
    tail = tail.strip()
    if comma and head.strip() and (is_region(tail) or us_state_name(tail) or tail.casefold() in countries):
        text = head.strip()
    text = us_state_name(text) or text
    return text.casefold(), text


def _countries(model: SiteModel) -> dict[str, str]:
    """Each country actor's name and aliases, casefolded -> its slug."""
    found: dict[str, str] = {}
    for actor in model.actors:
        if actor.kind == "country":
            for name in (actor.name, *actor.aliases):
                found.setdefault(" ".join(name.split()).casefold().removeprefix("the "), actor.slug)
    return found


def _shown(spellings: Counter[str]) -> str:
    """The spelling a place is shown by: the most used, but never a dateline's capitals
    ("LOUISVILLE" is shown "Louisville" where the place is never written otherwise)."""
    shown = min(spellings, key=lambda s: (_shouts(s), -spellings[s], s))
    return string.capwords(shown) if _shouts(shown) else shown


def _shouts(name: str) -> bool:
    return name.isupper() and _letters(name) > 3


def _letters(name: str) -> int:
    return sum(c.isalpha() for c in name)


def find_places(model: SiteModel) -> PlaceIndex:
    """The places of the published articles (see the module's docstring for which get a page)."""
    countries = _countries(model)
    articles: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in model.articles:
        for name in model.places.get(article.id, ()):
            key, spelling = place_key(name, countries)
            if not key:
                continue
            if not articles[key] or articles[key][-1] != article.id:
                articles[key].append(article.id)
            spellings[key][spelling] += 1
    names = {key: _shown(c) for key, c in spellings.items()}
    sites = {place_key(name, countries)[0] for name in model.sites}
    actors = {a.slug: a for a in model.actors}
    targets = {}
    for key in articles:
        if key in countries:
            targets[key] = urls.actor_url(countries[key])
            names[key] = actors[countries[key]].name
    chosen = [
        key
        for key, ids in articles.items()
        if key not in countries
        and len(ids) >= MIN_ARTICLES
        and key not in _COMPASS
        and (_letters(names[key]) > 2 or is_region(names[key]))
        and key not in sites
    ]
    places, taken = [], set()
    for key in sorted(chosen, key=lambda k: (names[k].casefold(), k)):
        base = shorten(slugify(names[key])) or "place"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        targets[key] = urls.place_url(slug)
        places.append(Place(slug, names[key], tuple(articles[key])))
    return PlaceIndex(tuple(places), targets, names)


def lookup(ix: SiteIndex) -> PlaceIndex:
    """`find_places` of the site, once per `SiteIndex` (computed when the tasks are listed, before
    the render processes fork)."""
    found = ix.__dict__.get("_places")
    if found is None:
        found = ix.__dict__["_places"] = find_places(ix.model)
    return found


def storyline_places(ix: SiteIndex, links: Links, article_ids: Sequence[str]) -> tuple[Link, ...]:
    """The most named places of a storyline's articles that have a page (or are a country), as
    links: by how many of its articles name them, then how early they stand in them, then name."""
    index = lookup(ix)
    countries = _countries_of(ix)
    counts: Counter[str] = Counter()
    ranks: Counter[str] = Counter()
    for aid in dict.fromkeys(article_ids):
        seen = set()
        for rank, name in enumerate(ix.model.places.get(aid, ())):
            key = place_key(name, countries)[0]
            if key in index.targets and key not in seen:
                seen.add(key)
                counts[key] += 1
                ranks[key] += rank
    top = sorted(counts, key=lambda k: (-counts[k], ranks[k], index.names[k].casefold(), k))[:WHERE]
    return tuple(Link(links(index.targets[k]), index.names[k]) for k in top)


def _countries_of(ix: SiteIndex) -> dict[str, str]:
    found = ix.__dict__.get("_place_countries")
    if found is None:
        found = ix.__dict__["_place_countries"] = _countries(ix.model)
    return found


@dataclass(frozen=True, kw_only=True)
class PlaceView(PageView):
    """place.html: `name`, `article_count`, `storylines` (the storylines there, most recent first, as
    `CountedLink`s with the place's articles in each), `days` (its articles by day, newest first, as
    `Day`s), `first` and `last` (the first and last day named)."""

    name: str
    article_count: int
    storylines: tuple[CountedLink, ...]
    days: tuple[Day, ...]
    first: date | None
    last: date | None


@dataclass(frozen=True)
class PlaceGroup:
    """A heading of the places index and its places (`CountedLink`: href, name, articles)."""

    label: str
    places: tuple[CountedLink, ...]


@dataclass(frozen=True, kw_only=True)
class PlacesView(PageView):
    """places.html: `groups` (`PlaceGroup`s), and on a split index `letters` (`Letter`s; empty on a
    single page), `letter` (this page's initial, None on the first page) and `top_href`."""

    groups: tuple[PlaceGroup, ...]
    letters: tuple[Letter, ...]
    letter: str | None
    top_href: str


def pages(ix: SiteIndex) -> Iterator[Task]:
    index = lookup(ix)
    _countries_of(ix)
    yield from index_pages(ix, index.places)
    for place in index.places:
        yield partial(place_page, ix, place)


def place_page(ix: SiteIndex, place: Place) -> Planned:
    path = urls.place_url(place.slug)
    links = Links(path)
    articles = [ix.articles[i] for i in place.articles if i in ix.articles]
    stories: Counter[str] = Counter()
    for a in articles:
        story = ix.storyline_of(a.id)
        if story is not None:
            stories[story.slug] += 1
    dated = [a.date for a in articles if a.date]
    return Planned(
        "place.html",
        PlaceView(
            **frame(ix, path, place.name, "places"),
            name=place.name,
            article_count=len(articles),
            storylines=tuple(
                CountedLink(links(urls.storyline_url(s.slug)), s.title, stories[s.slug])
                for s in ordered_storylines(ix.storylines[slug] for slug in stories)
            ),
            days=by_date(ix, links, articles),
            first=min(dated, default=None),
            last=max(dated, default=None),
        ),
    )


def index_pages(ix: SiteIndex, places: Sequence[Place]) -> Iterator[Task]:
    """The places index: one page, by initial, while there are at most `actors_per_page` places;
    beyond that the most named, and a page per initial letter."""
    letters: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        letters[initial(place.slug)].append(place)
    order = sorted(letters)
    if len(places) <= ix.config.actors_per_page:
        groups = [(x.upper(), letters[x]) for x in order]
        yield partial(index_page, ix, urls.PLACES, "Places", groups, [], None)
        return
    top = sorted(places, key=lambda p: (-len(p.articles), p.slug))[:PLACES_TOP]
    yield partial(index_page, ix, urls.PLACES, "Places", [("Most named", top)], order, None)
    for x in order:
        path, title = urls.places_letter_url(x), f"Places: {x.upper()}"
        yield partial(index_page, ix, path, title, [(x.upper(), letters[x])], order, x)


def index_page(
    ix: SiteIndex,
    path: str,
    title: str,
    groups: list[tuple[str, list[Place]]],
    letters: list[str],
    letter: str | None,
) -> Planned:
    links = Links(path)
    return Planned(
        "places.html",
        PlacesView(
            **frame(ix, path, title, "places"),
            groups=tuple(
                PlaceGroup(
                    label,
                    tuple(CountedLink(links(urls.place_url(p.slug)), p.name, len(p.articles)) for p in group),
                )
                for label, group in groups
            ),
            letters=tuple(Letter(x, links(urls.places_letter_url(x)), x == letter) for x in letters),
            letter=letter,
            top_href=links(urls.PLACES),
        ),
    )


def places_data(model: SiteModel, index: PlaceIndex | None = None) -> list[dict[str, object]]:
    """data/places.json: one record per place with a page, by name: slug, name, article ids
    (`index`: the model's `find_places`, when already found)."""
    places = (index or find_places(model)).places
    return [{"slug": p.slug, "name": p.name, "articles": list(p.articles)} for p in places]
