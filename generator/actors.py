"""The `resolve` stage: entity mentions -> one actor per real person, organisation or country."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from slugify import slugify

from . import editor_yaml
from .countries import country_table
from .errors import BuildError
from .ids import shorten
from .memo import digest
from .model import Actor, Annotations, Article
from .names import common_words, ends_in_rank, is_title_only, normalise, not_a_person, trim_role
from .schema import check_fields, from_mapping, setting

KINDS = ("person", "organisation", "country", "place")
PUBLISHED_KINDS = ("person", "organisation", "country")
LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_INITIAL = re.compile(r"^[A-Z]\.?$")
_CONJUNCTION = re.compile(r"\s+(?:&|and)\s+")


@dataclass(frozen=True)
class ActorSettings:
    """The editor's `content/actors.yaml`: canonical actors, names to drop, extra countries."""

    aliases: dict[str, str] = field(default_factory=dict)  # lower surface -> canonical name
    kinds: dict[str, str] = field(default_factory=dict)  # canonical name -> kind
    ignore: frozenset[str] = frozenset()  # lower surfaces
    countries: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolution:
    """The resolve stage's output."""

    actors: tuple[Actor, ...]  # published actors (people, organisations, countries), by slug
    article_actors: dict[str, tuple[str, ...]]  # article id -> actor slugs, most mentioned first
    places: dict[str, tuple[str, ...]]  # article id -> place names, most mentioned first

    def values(self) -> tuple[list[tuple[Any, ...]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """The resolution as plain values (`Resolution.from_values` rebuilds it)."""
        return [_ACTOR_VALUES(a) for a in self.actors], self.article_actors, self.places

    @classmethod
    def from_values(cls, values: Any) -> Resolution:
        actors, article_actors, places = values
        return cls(tuple(Actor(*v) for v in actors), dict(article_actors), dict(places))


# Libraries whose data or behaviour the resolution depends on: ISO country names, slugs (and
# the transliteration python-slugify uses: Unidecode when installed, else text-unidecode).
RESOLVE_LIBRARIES = ("pycountry", "python-slugify", "Unidecode", "text-unidecode")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


_ACTOR_VALUES = attrgetter(*(f.name for f in dataclasses.fields(Actor)))
# What `resolve` reads of a mention: its text and context, never its offsets (an edit elsewhere in
# the text moves those, not the actors).
_MENTION_INPUTS = attrgetter("text", "label", "title_part", "document", "acronym", "role")


def resolve_key(
    articles: Sequence[Article], annotations: Mapping[str, Annotations], settings: ActorSettings, model: str
) -> bytes:
    """A digest of exactly what `resolve` reads: equal keys, equal resolutions (keep in step with it).

    `model` names the model and its version (its word lists); the libraries whose data shape the
    result are named by version too (the package's own code is `memo.code_fingerprint`)."""
    return digest(
        (
            # Field by field: the repr of a frozenset depends on the process's hash seed.
            repr((settings.aliases, settings.kinds, sorted(settings.ignore), settings.countries)),
            model,
            [(name, _version(name)) for name in RESOLVE_LIBRARIES],
            (sys.version_info[:2], unicodedata.unidata_version),  # str.isupper, \w, ...
            [
                (
                    a.id,
                    a.author,
                    a.date.toordinal() if a.date else None,
                    list(map(_MENTION_INPUTS, annotations[a.id].mentions)),
                )
                for a in articles
            ],
        )
    )


class _Form(NamedTuple):
    """A surface form with a label and role: resolve decides per form, not per mention."""

    surface: str  # normalised
    label: str
    role: str  # title-like words before it (Mention.role)


_UNSEEN = object()


@dataclass(frozen=True)
class ActorEntry:
    """One entry of `actors:` in actors.yaml."""

    name: str = setting(nonempty=True)
    kind: str | None = setting(None, choices=KINDS)
    aliases: tuple[str, ...] = setting((), convert=lambda items: tuple(_nonempty(items)))

    __post_init__ = check_fields


@dataclass(frozen=True)
class CountryEntry:
    """One extra row of `countries:` in actors.yaml (see `countries.country_table`)."""

    aliases: tuple[str, ...] = setting((), convert=lambda items: tuple(_nonempty(items)))
    demonyms: tuple[str, ...] = setting((), convert=lambda items: tuple(_nonempty(items)))
    capitals: tuple[str, ...] = setting((), convert=lambda items: tuple(_nonempty(items)))

    __post_init__ = check_fields


@dataclass(frozen=True)
class ActorsFile:
    """Every key `content/actors.yaml` may hold (a lone string where a list belongs is one item)."""

    actors: tuple[ActorEntry, ...] = ()
    ignore: tuple[str, ...] = setting((), convert=lambda items: tuple(_nonempty(items)))
    countries: dict[str, CountryEntry | None] = field(default_factory=dict)


def _nonempty(items: Iterable[str]) -> Iterable[str]:
    for item in items:
        if not item.strip():
            raise ValueError("must not hold an empty name")
        yield item


def load_actor_settings(path: Path) -> ActorSettings:
    """Read `content/actors.yaml` (a missing file means no editor settings). A name or alias that
    two actors claim is an error, as are unknown keys and values of the wrong shape."""
    if not path.exists():
        return ActorSettings()
    data = editor_yaml.expect_mapping(
        path, editor_yaml.load(path), "a mapping with keys actors, ignore, countries"
    )
    parsed: ActorsFile = from_mapping(ActorsFile, data, path)
    entries = data.get("actors") if isinstance(data.get("actors"), list) else []
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    names: set[str] = set()
    for i, entry in enumerate(parsed.actors):
        where = f"actors[{i}] ({entry.name})"
        line = getattr(entries[i], "line", None) if i < len(entries) else None
        if entry.name in names:
            raise BuildError(str(path), f"{where}: listed twice", line)
        names.add(entry.name)
        if entry.kind:
            kinds[entry.name] = entry.kind
        for alias in [entry.name, *entry.aliases]:
            owner = aliases.setdefault(alias.lower(), entry.name)
            if owner != entry.name:
                raise BuildError(
                    str(path), f"{where}: '{alias}' is already a name or alias of '{owner}'", line
                )
    countries = {
        name: {"aliases": list(row.aliases), "demonyms": list(row.demonyms), "capitals": list(row.capitals)}
        if row is not None
        else {}
        for name, row in parsed.countries.items()
    }
    return ActorSettings(aliases, kinds, frozenset(s.lower() for s in parsed.ignore), countries)


@lru_cache(maxsize=1 << 16)
def _person_key(name: str) -> tuple[str, ...]:
    """Group key for a full name: initials dropped, two-word names order-free ("Akiba Takeo")."""
    tokens = [t.lower() for t in name.split() if not _INITIAL.match(t)]
    return tuple(sorted(tokens)) if len(tokens) == 2 else tuple(tokens)


def _usable_surface(text: str, label: str, settings: ActorSettings) -> str | None:
    """A mention's normalised surface, or None when no context can make it an actor."""
    surface = normalise(text, label)
    words = surface.split()
    if not words or not surface[0].isupper() or len(words) > 6 or not any(c.isalpha() for c in surface):
        return None
    if surface.lower() in settings.ignore or is_title_only(surface):
        return None
    if label == "PERSON" and ends_in_rank(surface):
        return None
    return surface


def _occurrences(
    articles: Sequence[Article], annotations: Mapping[str, Annotations], settings: ActorSettings
) -> dict[_Form, dict[str, int]]:
    """Every usable mention, normalised and counted by form and article (form -> article ->
    mentions); title words, documents, bylines and ignored names dropped."""
    found: dict[tuple[str, str, str], dict[str, int]] = {}
    documents: set[str] = set()  # acronyms of documents
    # (text, label) -> (surface, its lower-case words), or None: names recur, so each is done once
    usable: dict[tuple[str, str], Any] = {}
    for article in articles:
        aid = article.id
        author_words = {w.lower() for w in (article.author or "").split()}
        for m in annotations[aid].mentions:
            if m.title_part:
                continue
            pair = (m.text, m.label)
            entry = usable.get(pair, _UNSEEN)
            if entry is _UNSEEN:
                surface = _usable_surface(m.text, m.label, settings)
                words = frozenset(w.lower() for w in surface.split()) if surface else None
                entry = usable[pair] = (surface, words) if surface else None
            if entry is None:
                continue
            if author_words and entry[1] <= author_words:
                continue
            if m.document:
                if m.acronym:  # "Treaty on the Non-Proliferation of Nuclear Weapons (NPT)"
                    documents.add(m.acronym.lower())
                continue
            form = (entry[0], m.label, m.role)
            by_article = found.get(form)
            if by_article is None:
                by_article = found[form] = {}
            by_article[aid] = by_article.get(aid, 0) + 1
    return {_Form(*form): n for form, n in found.items() if not documents or form[0].lower() not in documents}


def _acronyms(articles: Sequence[Article], annotations: Mapping[str, Annotations]) -> dict[str, str]:
    """ "Long Name (LN)" written in a text makes LN an alias of Long Name."""
    found: dict[str, str] = {}
    for article in articles:
        for m in annotations[article.id].mentions:
            if m.acronym and m.label in ("ORG", "GPE", "FAC", "LOC"):
                long = normalise(m.text, m.label)
                initials = "".join(w[0] for w in long.split() if w[0].isupper())
                letters = m.acronym.replace(".", "").replace("&", "")
                if letters and letters[0] == initials[:1] and set(letters) <= set(initials):
                    found.setdefault(m.acronym.lower(), long)
    return found


class _Resolver:
    """Decides, for each occurrence, which actor key it belongs to."""

    def __init__(self, forms: Mapping[_Form, Mapping[str, int]], settings: ActorSettings, model: str) -> None:
        self.settings = settings
        self.countries = country_table(settings.countries)
        self.common = common_words(model)
        self.nouns = common_words(model, ("noun",))
        self._majority: dict[str, str] = {}
        self._full_names: dict[str, bool] = {}
        self._decided: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._general: dict[tuple[str, str], tuple[bool, tuple[str, str] | None]] = {}
        self._word_people: dict[
            str, tuple[set[tuple[str, ...]], set[tuple[str, ...]], tuple[str, ...] | None]
        ] = {}
        self.votes: dict[str, dict[str, int]] = defaultdict(dict)  # surface -> label -> mentions
        for form, by_article in forms.items():
            _add(self.votes[form.surface.lower()], form.label, sum(by_article.values()))
        self.persons: dict[tuple[str, ...], set[str]] = defaultdict(set)  # key -> surfaces
        self.in_article: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        full = {form.surface for form in forms}
        full_keys = {surface: _person_key(surface) for surface in full if self._is_full_name(surface)}
        for form, by_article in forms.items():
            key = full_keys.get(form.surface)
            if key is not None:
                self.persons[key].add(form.surface)
                for article in by_article:
                    self.in_article[article].add(key)
        self.org_expansion: dict[str, set[str]] = defaultdict(set)  # "kyodo" -> {"kyodo news"}
        for surface in list(self.votes):
            words = surface.split()
            if len(words) > 1 and self.majority(surface) == "ORG":
                for n in range(1, len(words)):
                    self.org_expansion[" ".join(words[:n])].add(surface)
        self.place_prefixes: set[str] = set()  # "indo-pacific" from "Indo-Pacific region"
        for surface in list(self.votes):
            words = surface.split()
            if len(words) > 1 and LABEL_KIND.get(self.majority(surface)) == "place":
                self.place_prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
        self.by_token: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for key, surfaces in self.persons.items():
            for surface in surfaces:
                words = [w.lower() for w in surface.split() if not _INITIAL.match(w)]
                self.by_token["last:" + words[-1]].add(key)
                self.by_token["first:" + words[0]].add(key)

    def majority(self, surface: str) -> str:
        """The label the model gives this surface form most often (ties: alphabetical)."""
        lower = surface.lower()
        if lower not in self._majority:
            votes = self.votes.get(lower)
            self._majority[lower] = max(sorted(votes), key=lambda label: votes[label]) if votes else "ORG"
        return self._majority[lower]

    def _is_full_name(self, surface: str) -> bool:
        if surface not in self._full_names:
            self._full_names[surface] = self._looks_like_full_name(surface)
        return self._full_names[surface]

    def _looks_like_full_name(self, surface: str) -> bool:
        words = surface.split()
        return (
            len([w for w in words if not _INITIAL.match(w)]) >= 2
            and surface.lower() not in self.countries
            and surface.lower() not in self.settings.aliases
            and self.majority(surface) == "PERSON"
            and not_a_person(surface) is None
        )

    def _person_for_word(self, word: str, article: str) -> tuple[str, ...] | None:
        """The full-name person a lone surname (or family name written first) refers to."""
        lower = word.lower()
        people = self._word_people.get(lower)
        if people is None:  # full names with this word last, first; the one it names anywhere
            last, first = (
                self.by_token.get("last:" + lower, set()),
                self.by_token.get("first:" + lower, set()),
            )
            only = next(iter(last)) if len(last) == 1 and self.majority(word) == "PERSON" else None
            people = self._word_people[lower] = (last, first, only)
        local = self.in_article.get(article)
        if local:
            for candidates in people[:2]:
                here = candidates & local
                if len(here) == 1:
                    return next(iter(here))
                if here:
                    return None  # two people in this article share the name: leave it
        return people[2]

    def _in_some_full_name(self, word: str) -> bool:
        lower = word.lower()
        return f"last:{lower}" in self.by_token or f"first:{lower}" in self.by_token

    def anywhere(self, surface: str) -> bool:
        """True when a surface form is decided alike in every article: all but a lone word that is
        a word of some person's full name, and a conjunction ("Blinken and Austin")."""
        if " " not in surface:
            return not self._in_some_full_name(surface)
        return _CONJUNCTION.search(surface) is None

    def keys(self, surface: str, label: str, article: str) -> list[tuple[str, str]]:
        """(kind, key) for each actor a surface form in an article names: "Blinken & Austin" names two."""
        memo = (surface, label)
        if memo in self._decided:
            return self._decided[memo]
        parts = _CONJUNCTION.split(surface)
        if len(parts) > 1 and label != "PERSON":
            people = [self._person_for_word(p, article) if " " not in p else None for p in parts]
            if all(people):
                return [("person", "person:" + " ".join(p)) for p in people if p]
        decided = self.key(surface, label, article)
        found = [decided] if decided else []
        if self.anywhere(surface):
            self._decided[memo] = found
        return found

    def key(self, surface: str, label: str, article: str) -> tuple[str, str] | None:
        """(kind, key) for a surface form in an article, or None when it is not an actor."""
        memo = (surface, label)
        general = self._general.get(memo)
        if general is None:
            general = self._general[memo] = self._general_key(surface, label)
        settled, decided = general
        if not settled and label != "NORP" and len(surface.split()) == 1:
            person = self._person_for_word(surface, article)
            if person:
                return "person", "person:" + " ".join(person)
        return decided

    def _general_key(self, surface: str, label: str) -> tuple[bool, tuple[str, str] | None]:
        """What a surface form names wherever it stands, and whether that is settled: when it is
        not, a lone word may still be the surname of a person named in full in its article."""
        lower = surface.lower()
        if lower in self.settings.aliases:
            name = self.settings.aliases[lower]
            return True, (self.settings.kinds.get(name) or self._kind_of(name), "editor:" + name)
        if self._is_full_name(surface):
            return True, ("person", "person:" + " ".join(_person_key(surface)))
        if lower in self.countries and label != "PERSON":
            return False, ("country", "country:" + self.countries[lower])
        if label == "NORP":
            return True, None
        kind = LABEL_KIND.get(self.majority(surface))
        if kind in ("person", "organisation"):  # "Ben Taub Hospital", "Cadieux Road"
            by_name = not_a_person(surface)
            if by_name == "place" or (by_name and kind == "person"):
                kind = by_name
        if kind == "person" and len(surface.split()) == 1:
            return False, None  # a lone word no full name explains: "Alarm over ...", "Okinawa"
        if kind == "organisation":
            if len(self.org_expansion.get(lower, ())) == 1:
                lower = next(iter(self.org_expansion[lower]))  # "Kyodo" -> "Kyodo News"
            elif lower in self.place_prefixes and lower not in self.org_expansion:
                kind = "place"  # "Indo-Pacific", elsewhere "the Indo-Pacific region"
            elif " " not in lower and lower in self.nouns and sum(self.votes[lower].values()) < 2:
                return False, None  # one capitalised common noun, once: "Treaty", "Cabinet"
        return False, ((kind, f"{kind}:{lower}") if kind else None)

    def _kind_of(self, name: str) -> str:
        if name.lower() in self.countries:
            return "country"
        return LABEL_KIND.get(self.majority(name), "organisation")


def _display_name(kind: str, key: str, surfaces: Mapping[str, int]) -> str:
    if kind == "country" or key.startswith("editor:") or not surfaces:
        return key.split(":", 1)[1]
    pool = surfaces
    if kind == "person":  # prefer a full name over a lone surname
        full = {s: n for s, n in surfaces.items() if len(s.split()) >= 2}
        pool = full or surfaces
    return sorted(pool, key=lambda s: (-pool[s], -len(s), s))[0]


def _unique_slugs(items: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """key -> slug, deterministic; clashes get the kind, then a number, appended."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key, name, kind in sorted(items, key=lambda i: (i[1].lower(), i[0])):
        base = shorten(slugify(name)) or "actor"  # a 300-letter word is one long slug
        slug = base
        n = 1
        while slug in taken:
            slug = f"{base}-{kind}" if n == 1 else f"{base}-{kind}-{n}"
            n += 1
        taken.add(slug)
        slugs[key] = slug
    return slugs


def resolve(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    settings: ActorSettings,
    model: str,
) -> Resolution:
    """Resolve every mention to an actor; collect roles, aliases and per-article counts."""
    acronyms = _acronyms(articles, annotations)
    if acronyms:
        aliases = {**{a: n for a, n in acronyms.items() if a not in settings.aliases}, **settings.aliases}
        settings = ActorSettings(aliases, settings.kinds, settings.ignore, settings.countries)
    forms = _occurrences(articles, annotations, settings)
    resolver = _Resolver(forms, settings, model)
    # Plain dicts of counts (key -> kind/surface/article/role -> n): far cheaper than Counters.
    kinds: dict[str, dict[str, int]] = defaultdict(dict)
    surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    counts: dict[str, dict[str, int]] = defaultdict(dict)  # key -> article -> mentions
    roles: dict[str, dict[str, int]] = defaultdict(dict)
    country_words = set(resolver.countries)
    trimmed: dict[str, str] = {}
    for (surface, label, role), by_article in forms.items():
        if resolver.anywhere(surface):  # one decision for all its articles
            decisions = [(resolver.keys(surface, label, next(iter(by_article))), by_article)]
        else:
            decisions = [(resolver.keys(surface, label, a), {a: n}) for a, n in by_article.items()]
        for decided, where in decisions:
            if not decided:
                continue
            total = sum(where.values())
            for kind, key in decided:
                _add(kinds[key], kind, total)
                if len(decided) == 1:
                    _add(surfaces[key], surface, total)
                counted = counts[key]
                for a, n in where.items():
                    counted[a] = counted.get(a, 0) + n
                if kind == "person" and role:
                    if role not in trimmed:
                        trimmed[role] = trim_role(role, country_words)
                    if trimmed[role]:
                        _add(roles[key], trimmed[role], total)
    final_kind = {key: max(sorted(c), key=lambda k: c[k]) for key, c in kinds.items()}
    names = {key: _display_name(final_kind[key], key, surfaces[key]) for key in kinds}
    published = [k for k in kinds if final_kind[k] in PUBLISHED_KINDS]
    slugs = _unique_slugs((k, names[k], final_kind[k]) for k in published)
    order = {a.id: i for i, a in enumerate(sorted(articles, key=lambda a: (a.date is None, a.date, a.id)))}
    actors = []
    for key in published:
        role_counts = _merge_case(roles[key]) if key in roles else {}
        actors.append(
            Actor(
                slug=slugs[key],
                name=names[key],
                kind=final_kind[key],
                aliases=tuple(sorted(s for s in surfaces[key] if s != names[key])),
                roles=tuple(sorted(role_counts, key=lambda r: (-role_counts[r], r))),
                articles=tuple(sorted(counts[key], key=lambda a: order[a])),
                mentions=dict(sorted(counts[key].items())),
            )
        )
    actors.sort(key=lambda a: a.slug)
    per_article: dict[str, dict[str, int]] = defaultdict(dict)
    places: dict[str, dict[str, int]] = defaultdict(dict)
    for key, by_article in counts.items():
        for article, n in by_article.items():
            if key in slugs:
                _add(per_article[article], slugs[key], n)
            elif final_kind[key] == "place":
                _add(places[article], names[key], n)
    return Resolution(
        actors=tuple(actors),
        article_actors={a.id: _ranked(per_article[a.id]) for a in articles},
        places={a.id: _ranked(places[a.id]) for a in articles},
    )


def _add(counts: dict[str, int], item: str, n: int = 1) -> None:
    counts[item] = counts.get(item, 0) + n


def _ranked(counter: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(sorted(counter, key=lambda k: (-counter[k], k)))


def _merge_case(roles: Mapping[str, int]) -> Counter[str]:
    """Join roles that differ only in case or spelling of Defense/Defence, keeping the commonest form."""
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for role, n in roles.items():
        groups[role.lower().replace("defence", "defense")][role] += n
    return Counter({max(sorted(g), key=lambda r: g[r]): sum(g.values()) for g in groups.values()})
