"""The `resolve` stage: entity mentions -> one actor per real person, organisation or country."""

from __future__ import annotations

import dataclasses
import difflib
import importlib.metadata
import itertools
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from slugify import slugify

from .. import editor_yaml
from ..errors import BuildError
from ..ids import shorten
from ..incremental.memo import digest
from ..model import Actor, Annotations, Article, Mention, Quote
from ..schema import check_fields, from_mapping, setting
from .countries import country_acronyms, country_table, country_words
from .cues import (
    ACTS,
    ADJOINED,
    BYLINE,
    CREDIT,
    DEFINITE,
    HUMAN,
    INITIAL,
    LAW,
    MODIFIER,
    NAMED_FOR,
    NUMBER,
    OWNED,
    PART,
    PLACE,
    PLAYLIST,
    PRODUCT,
    QUOTED,
    SHOUTED,
    SITE,
    SPEAKS,
    STATE,
    TAKEN,
    WHERE,
    Casing,
    TextFacts,
    read_all,
)
from .name_variants import is_short_form
from .names import (
    common_words,
    ends_in_rank,
    ends_in_title,
    is_title_only,
    names_a_site,
    normalise,
    not_a_person,
    not_an_organisation,
    trim_role,
)
from .namesakes import Said, namesake_sets
from .org_names import (
    SEATS,
    is_common_abbreviation,
    is_disease,
    is_generic_office,
    is_region,
    names_outlet,
    org_key,
    outlet_by_form,
)

KINDS = ("person", "organisation", "country", "place")
PUBLISHED_KINDS = ("person", "organisation", "country")
# "PLACE" is no model label: resolve gives it to a mention the words around it show to be a place.
LABEL_KIND = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "PLACE": "place",
}
# An outlet is an actor of a story only where it is named this often other than as a source.
OUTLET_ABOUT = 3
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
    # article id -> normalised mention surface (`names.normalise`) -> the published actor's slug
    # it resolved to there: how a mention in that article (a quote's speaker) finds its actor.
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    quotes: tuple[Quote, ...] = ()  # direct quotations (`resolve.quotes`), filled in by `resolve`
    # Place names (as in `places`) that name a site by themselves ("Main Street", "Ben Taub
    # Hospital", `names.names_a_site`) or mostly stand for a site or an institution where they
    # occur: "Stroger" of "Stroger Hospital" and "taken to Stroger". Grouping reads them as places;
    # they get no place page.
    sites: frozenset[str] = frozenset()

    def values(self) -> tuple[Any, ...]:
        """The resolution as plain values (`Resolution.from_values` rebuilds it); no quotes."""
        actors = [_ACTOR_VALUES(a) for a in self.actors]
        return actors, self.article_actors, self.places, self.names, sorted(self.sites)

    @classmethod
    def from_values(cls, values: Any) -> Resolution:
        actors, article_actors, places, names, sites = values
        actors = tuple(Actor(*v) for v in actors)
        return cls(actors, dict(article_actors), dict(places), dict(names), sites=frozenset(sites))


# Libraries whose data or behaviour the resolution depends on: ISO country names, slugs (and
# the transliteration python-slugify uses: Unidecode when installed, else text-unidecode).
RESOLVE_LIBRARIES = ("pycountry", "python-slugify", "Unidecode", "text-unidecode")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


_ACTOR_VALUES = attrgetter(*(f.name for f in dataclasses.fields(Actor)))
# What `resolve` reads of a mention: its text and context, and the words around it (`cues`), never
# its offsets (an edit elsewhere in the text moves those, not the actors).
_MENTION_INPUTS = attrgetter("text", "label", "title_part", "document", "acronym", "role")


class Reading(NamedTuple):
    """What resolve reads of the texts themselves: each article's `cues.TextFacts` (in the
    order of the articles) and the corpus' casing summed from them."""

    facts: Sequence[TextFacts]
    casing: Casing


class Known(NamedTuple):
    """What resolve read of each article before, in the order of the articles (None: not known),
    filled in by `resolve`: `_occurrences`' reading (valid while the words it asked about are as
    common as they were: `_still_valid`) and `_article_acronyms`. Both are plain data, read of
    the article's own text, mentions and cues, the settings and the model, and nothing else."""

    found: list[Any]
    acronyms: list[Any]


def read_texts(articles: Sequence[Article], annotations: Mapping[str, Annotations]) -> Reading:
    """The `Reading` of the articles' texts."""
    return Reading(*read_all((a.text, annotations[a.id].mentions) for a in articles))


def settings_digest(settings: ActorSettings, model: str) -> bytes:
    """A digest of what `resolve` reads besides the articles: the editor's settings, `model` (its
    name and version: its word lists), the libraries whose data shape the result (by version), and
    Python's and Unicode's versions."""
    return digest(
        (
            # Field by field: the repr of a frozenset depends on the process's hash seed.
            repr((settings.aliases, settings.kinds, sorted(settings.ignore), settings.countries)),
            model,
            [(name, _version(name)) for name in RESOLVE_LIBRARIES],
            (sys.version_info[:2], unicodedata.unidata_version),  # str.isupper, \w, ...
        )
    )


def read_digest(article: Article, mentions: Sequence[Mention], facts: TextFacts) -> bytes:
    """A digest of what `resolve` reads of one article: its id, byline, date and outlet, its
    mentions' text and context (not their offsets) and their cues."""
    return digest(
        (
            article.id,
            article.author,
            article.date.toordinal() if article.date else None,
            article.source,
            list(map(_MENTION_INPUTS, mentions)),
            facts.cues,
        )
    )


def resolution_key(setting: bytes, reads: Sequence[bytes], casing: Casing) -> bytes:
    """A digest of exactly what `resolve` reads: equal keys, equal resolutions (keep in step with it).

    `setting` is `settings_digest`, `reads` each article's `read_digest` in order, and of the
    corpus' `casing` only which words of names the texts write in lower case (`_casing_read`); the
    package's own code is `fingerprint.code_digest`'s."""
    return digest((setting, list(reads), _casing_read(casing)))


def _casing_read(casing: Casing) -> list[Any]:
    """What resolve reads of the texts' lower-case words: which words of names are common words,
    and which adjacent pairs of words of names the texts write in lower case."""
    return [sorted(casing.name_words & casing.common), sorted(casing.name_pairs & casing.pairs)]


class _Form(NamedTuple):
    """A surface form with a label and role: resolve decides per form, not per mention."""

    surface: str  # normalised
    label: str
    role: str  # title-like words before it (Mention.role)


_UNSEEN = object()
_AGE = re.compile(r"\d+")  # the AGE cue: a person's age, in digits among the cue letters
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
# An organisation that owns units ("Memphis Police Department's Homicide Bureau"); not "Sheriff's Office".
# The last word of a body of an organisation, no other name for it: "Capitol Police Board".
_BODY_END = re.compile(
    r"\b(?:board|committee|subcommittee|commission|council|caucus|panel|union|association|foundation|"
    r"federation|office|division|unit|bureau|department|agency|court|organization|organisation|institute)$"
)
# The head word of an organisation's name, which a place's name never has ("United States Army",
# "Department of Justice", "U.S. Navy"; not "Navy Yard").
_ORG_HEAD = re.compile(
    r"(?:\b(?:army|navy|air force|marine corps|marines|coast guard|national guard|department|dept\.?|"
    r"ministry|bureau|agency|administration|commission|corps)$|^(?:department|ministry|bureau) of\b)"
)
# The endings of abstract nouns: acts, states, periods ("Communion", "Confederacy", "Prohibition").
_ABSTRACT_NOUN = re.compile(r"(?:ion|acy|ism|ity|ment|ness|hood|ship|dom|ance|ence)$")
_OWNER_END = re.compile(
    r"\b(?:department|division|bureau|agency|police|service|ministry|commission|university|company|office)$"
)


@dataclass
class _Signals:
    """What the contexts of a surface form say across the corpus (lower surface -> mentions)."""

    seen: dict[str, int] = field(default_factory=dict)
    credited: dict[str, int] = field(default_factory=dict)  # as a credit or a cited source
    product: dict[str, int] = field(default_factory=dict)  # as a description: "a silver Honda"
    midsentence: dict[str, int] = field(default_factory=dict)  # not the first word of a sentence
    definite: dict[str, int] = field(default_factory=dict)  # after "the"
    human: dict[str, int] = field(default_factory=dict)  # what only a person is or does: "Willrich, 30,"
    site: dict[str, int] = field(default_factory=dict)  # a site: "Stroger Hospital", "taken to Stroger"
    acting: dict[str, int] = field(default_factory=dict)  # doing something: "the Senate voted"
    ages: dict[tuple[str, str], set[int]] = field(default_factory=dict)  # (article, lower name) -> ages
    cut: set[tuple[str, str]] = field(default_factory=set)  # (article, lone word) cut from a longer name
    lowercase: frozenset[str] = frozenset()  # common words: written in lower case twice (cues.Casing)
    pairs: frozenset[str] = frozenset()  # "a b": adjacent words both in lower case


# Other spellings an editor may write for a kind (US English, plurals, capitals).
KIND_SPELLINGS = {"organization": "organisation", "org": "organisation"}


def editor_kind(value: str) -> str:
    """An actors.yaml `kind` as one of KINDS: `organization` and `organisation` alike, any case,
    a plural's "s" dropped; else ValueError listing the kinds."""
    word = str(value).strip().lower()
    single = word.removesuffix("s")
    word = single if single in KINDS or single in KIND_SPELLINGS else word
    word = KIND_SPELLINGS.get(word, word)
    if word not in KINDS:
        raise ValueError(f"must be one of {', '.join(KINDS)} (or organization), not {value!r}")
    return word


@dataclass(frozen=True)
class ActorEntry:
    """One entry of `actors:` in actors.yaml."""

    name: str = setting(nonempty=True)
    kind: str | None = setting(None, convert=lambda value: editor_kind(value))
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
    if "(" in surface and ")" not in surface:  # "Commission on Presidential Debates (CPD"
        surface = surface[: surface.index("(")].rstrip()
    words = surface.split()
    if not words or not surface[0].isupper() or len(words) > 6 or not any(c.isalpha() for c in surface):
        return None
    if surface.lower() in settings.ignore or is_title_only(surface):
        return None
    if label == "PERSON" and (ends_in_rank(surface) or ends_in_title(surface)):
        return None
    return surface


def _occurrences(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    settings: ActorSettings,
    signals: _Signals | None = None,
    model: str = "",
    facts: Sequence[TextFacts] | None = None,
    known: list[Any] | None = None,
) -> dict[_Form, dict[str, int]]:
    """Every usable mention, normalised and counted by form and article (form -> article ->
    mentions); title words, documents, bylines, ignored names, words of longer names, credits and
    descriptions dropped (credits and descriptions are counted in `signals`). A demonym stands for
    its country only before a state word ("Russian officials", not "Russian roulette"), a capital
    only where it acts ("Beijing said"); elsewhere, and before a number ("U.S. 27"), it is a place;
    a country's name is a place where it says where ("moved to the United States", "in the U.S."),
    and that place goes by the country's own name ("in America" is in the United States),
    and no mention inside a longer name ("America's Best Value Inn") or a list of other videos.

    `known`: per article what this read of it before (`_still_valid`), or None; what is read anew
    is put there (the texts' `facts` and mentions are read only for those)."""
    signals = signals if signals is not None else _Signals()
    if facts is None and (known is None or None in known):
        facts = read_texts(articles, annotations).facts
    counted = (
        signals.seen,
        signals.credited,
        signals.product,
        signals.midsentence,
        signals.definite,
        signals.human,
        signals.site,
        signals.acting,
    )
    demonyms, capitals, names = country_words(settings.countries)
    acronyms = country_acronyms(settings.countries)
    lowercase = signals.lowercase
    nouns = common_words(model, ("noun",)) if model else frozenset()
    found: dict[tuple[str, str, str], dict[str, int]] = {}
    documents: set[str] = set()  # acronyms of documents
    # (text, label) -> (surface, its lower-case words), or None: names recur, so each is done once
    usable: dict[tuple[str, str], Any] = {}
    table = country_table(settings.countries)

    def read(article: Article, mentions: Sequence[Mention], cues_of: Sequence[str]) -> tuple[Any, ...]:
        """What one article adds (see `_still_valid`), and which words it asked `lowercase` about."""
        forms: dict[tuple[str, str, str], int] = {}
        mine: tuple[dict[str, int], ...] = ({}, {}, {}, {}, {}, {}, {}, {})
        ages: list[tuple[str, int]] = []
        cut: list[str] = []
        docs: list[str] = []
        probed: dict[str, bool] = {}

        def common_word(lower: str) -> bool:
            hit = probed.get(lower)
            if hit is None:
                hit = probed[lower] = lower in lowercase
            return hit

        author_words = {w.lower() for w in (article.author or "").split()}
        # The countries the article names by name: a capital stands for one of those only.
        named = {table[k] for k in (normalise(m.text, m.label).lower() for m in mentions) if k in names}
        starts = {m.start for m in mentions}
        place_names = {m.text.lower() for m in mentions if m.label == "GPE"}
        for m, cues in zip(mentions, cues_of, strict=True):
            if (
                m.title_part
                or SHOUTED in cues
                or QUOTED in cues
                or (PART in cues and m.label in ("PERSON", "ORG"))
            ):
                continue
            if OWNED in cues and m.label == "ORG":
                continue  # "the FBI's Detroit Division": the owner is named by its own mention
            if (NAMED_FOR in cues or PLAYLIST in cues) and normalise(m.text, m.label).lower() in names:
                # "U.S. Attorney's Office", "America's Best Value Inn": the office or the motel is
                # named, not the country; a list of other videos names what other stories are about
                continue
            if BYLINE in cues and m.label == "PERSON":
                continue
            if m.label in ("PERSON", "ORG") and _plays_a_place(article.text, m, place_names):
                continue  # "John Tyler was playing Longview": a school's team in a game, not a person
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
                    docs.append(m.acronym.lower())
                continue
            if LAW in cues:  # "the Affordable Care Act (ACA)": the acronym names a law everywhere
                docs.append(entry[0].lower())
                continue
            lower = entry[0].lower()
            _add(mine[0], lower)
            if CREDIT in cues or (m.label == "ORG" and names_outlet(entry[0], article.source)):
                _add(mine[1], lower)
                continue
            if PRODUCT in cues and m.label != "NORP":
                _add(mine[2], lower)
                continue
            if INITIAL not in cues:
                _add(mine[3], lower)
            if DEFINITE in cues:
                _add(mine[4], lower)
            if HUMAN in cues:
                _add(mine[5], lower)
            if ACTS in cues or STATE in cues:
                _add(mine[7], lower)
            if m.label == "PERSON" and (age := _AGE.search(cues)):
                ages.append((lower, int(age[0])))
            if TAKEN in cues or SITE in cues:
                _add(mine[6], lower)
            if ADJOINED in cues:
                cut.append(lower)
            label = m.label
            if TAKEN in cues and label != "NORP":
                label = "PLACE"  # "taken to Mercy Hospital": where, not who
            if lower in demonyms and STATE not in cues:
                continue
            surface = entry[0]
            if (
                lower in capitals
                and (
                    SPEAKS not in cues
                    or table[lower] not in named
                    or _with_own_capital(article.text, m, table)
                )
            ) or (
                lower in names
                and (
                    NUMBER in cues
                    or (lower in acronyms and not surface.isupper())
                    or ((WHERE in cues or MODIFIER in cues) and STATE not in cues)
                    or _with_own_capital(article.text, m, table)
                )
            ):
                label = "PLACE"
                if lower in names and NUMBER not in cues and (lower not in acronyms or surface.isupper()):
                    surface = table[lower]  # "in America", "moved to the U.S.": the United States
            elif PLACE in cues and " " not in lower and label == "PERSON":
                label = "PLACE"  # "in Dayton", "of Kent,": not a surname
            elif (
                (PLACE in cues or WHERE in cues)
                and " " not in lower
                and label == "GPE"
                and lower not in names
                and lower not in capitals
            ):
                label = "PLACE"  # "in Tyler", "north of Tyler": the town, not the surname of "John Tyler"
            elif PLACE in cues and label == "ORG" and not common_word(lower):
                label = "PLACE"  # "in Dayton": not an organisation ("in Congress" is)
            common = common_word(lower) or lower in nouns
            if m.label == "ORG" and common and (whole := _cut_name(article.text, m, starts)):
                surface = whole  # "Customs" of "Customs and Border Protection"
            if m.label == "ORG" and is_generic_office(surface):
                surface = _owned_by_place(article.text[max(0, m.start - 40) : m.start], surface, names)
            form = (surface, label, m.role)
            forms[form] = forms.get(form, 0) + 1
        hits = sorted(w for w, hit in probed.items() if hit)
        misses = sorted(w for w, hit in probed.items() if not hit)
        return [[*f, n] for f, n in forms.items()], mine, ages, cut, docs, hits, misses

    for i, article in enumerate(articles):
        given = known[i] if known is not None else None
        if given is None or not _still_valid(given, lowercase):
            mentions = annotations[article.id].mentions
            given = read(article, mentions, facts[i].cues if facts is not None else ())
            if known is not None:
                known[i] = given
        forms, mine, ages, cut, docs, _, _ = given
        aid = article.id
        for *form, n in forms:
            key = tuple(form)
            by_article = found.get(key)
            if by_article is None:
                by_article = found[key] = {}
            by_article[aid] = by_article.get(aid, 0) + n
        for into, counts in zip(counted, mine, strict=True):
            for lower, n in counts.items():
                into[lower] = into.get(lower, 0) + n
        for lower, age in ages:
            signals.ages.setdefault((aid, lower), set()).add(age)
        signals.cut.update((aid, lower) for lower in cut)
        documents.update(docs)
    return {_Form(*form): n for form, n in found.items() if not documents or form[0].lower() not in documents}


def _still_valid(found: Sequence[Any], lowercase: frozenset[str]) -> bool:
    """Whether what `_occurrences` read of one article holds for the corpus' common words
    `lowercase`. `found` is (forms as [surface, label, role, mentions], the eight counts of
    `_Signals` by lower name, ages as (lower name, age), lower names cut from a longer name,
    acronyms of documents, then the words it asked `lowercase` about: those that were common,
    those that were not): all else it read is the article's own (its print), the settings and
    the model (the state's key)."""
    hits, misses = found[5], found[6]
    return all(w in lowercase for w in hits) and not any(w in lowercase for w in misses)


# A country and its own capital named together: "Apologies to Tokyo and Japan" are the city and the
# country as places (a host, a setting), not the government ("Tokyo said" is).
_COORDINATED_NAME_BEFORE = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+(?:and|or|&)\s+(?:the\s+)?$")
_COORDINATED_NAME_AFTER = re.compile(r"\s+(?:and|or|&)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)")


def _with_own_capital(text: str, mention: Mention, table: Mapping[str, str]) -> bool:
    """Whether a country's name or its capital's is coordinated with the other ("Tokyo and Japan",
    "Japan and Tokyo"): a city and its country, named as places."""
    own = table.get(normalise(mention.text, mention.label).lower())
    if own is None:
        return False
    before = _COORDINATED_NAME_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    after = _COORDINATED_NAME_AFTER.match(text, mention.end, mention.end + 40)
    for found in (before, after):
        other = found[1].lower() if found else ""
        if other and other != normalise(mention.text, mention.label).lower() and table.get(other) == own:
            return True
    return False


# A sports fixture: a name playing or beating a town ("John Tyler was playing Longview", "Longview
# beat Tyler"): a school's or a club's team, named for a person or a place.
_PLAYS = re.compile(
    r"\s+(?:(?:was|were|is|are|will be)\s+)?(?:playing|played|plays|play|beat|beats|"
    r"defeated|defeats|vs\.?|versus)\s+(?:the\s+)?"
)


_OPPONENT = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?")


def _plays_a_place(text: str, mention: Mention, places: set[str]) -> bool:
    """Whether a name is followed by a game's verb and a name the article gives a place
    (`places`, lower case) somewhere ("... was playing Longview")."""
    found = _PLAYS.match(text, mention.end)
    opponent = _OPPONENT.match(text, found.end()) if found else None
    if opponent is None:
        return False
    words = [w.rstrip(".'’") for w in opponent[0].lower().split()]
    return " ".join(words) in places or words[0] in places


# "and" with capitalised words after a name: the rest of a name the model cut short.
_AND_REST = re.compile(r" and(?: [A-Z][a-z]+)+\b(?! [A-Z])")


def _cut_name(text: str, mention: Mention, starts: set[int]) -> str | None:
    """The whole name a one-word name is cut from, where the model tagged a common word alone and
    left the rest untagged ("Customs" of "Customs and Border Protection"); else None."""
    if " " in mention.text:
        return None
    rest = _AND_REST.match(text, mention.end)
    if rest is None or any(mention.end < s < rest.end() for s in starts):
        return None  # "Pfizer and Moderna": the model names the second by itself
    return mention.text + rest[0]


# A possessive place name right before a generic office: "Florida's (state) Board of Education".
_PLACE_OWNER = re.compile(r"(?:^|[^\w.])((?:[A-Z][\w.]*\s)?[A-Z][\w.]*)['’]s\s+(?:(state)\s+)?$")


def _owned_by_place(before: str, surface: str, countries: frozenset[str]) -> str:
    """A generic office's name qualified by the US state or country whose it is, where the text says
    so by a possessive ("Florida's State Board of Education" -> "Florida Board of Education",
    "Texas's Department of Public Safety"); else the name unchanged."""
    found = _PLACE_OWNER.search(before)
    owners = [found[1], found[1].split()[-1]] if found else []
    owner = next((o for o in owners if is_region(o) or o.lower() in countries), None)
    if owner is None:
        return surface
    name = surface.removeprefix("State ") if surface.lower().startswith("state board of ") else surface
    return f"{owner} {name}"


class _Acronyms(NamedTuple):
    """ "Long Name (LN)" written in a text: LN stands for Long Name in that text, and wherever Long
    Name is the only name the corpus defines LN as."""

    anywhere: dict[str, set[str]]  # lower acronym -> the long names it is defined as
    here: dict[tuple[str, str], str]  # (article id, lower acronym) -> the long name it defines there


_FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "on", "&", "u.s.", "us", "federal"})


def _content_words(lower: str) -> frozenset[str]:
    """The words of a name but its function words and owners ("bureau", "alcohol", "tobacco", ...)."""
    return frozenset(w for w in (w.strip(",.") for w in lower.split()) if w and w not in _FUNCTION_WORDS)


def _state_split(lower: str) -> tuple[str, str] | None:
    """(state, rest) for a name that begins with a US state's name ("iowa", "dnr"), else None."""
    words = lower.split()
    for n in (2, 1):
        if len(words) > n and is_region(" ".join(words[:n])):
            return " ".join(words[:n]), " ".join(words[n:])
    return None


def _content_initials(lower: str) -> str:
    """The initials of a name's content words ("department of natural resources" -> "dnr")."""
    return "".join(w[0] for w in lower.replace("-", " ").split() if w not in _FUNCTION_WORDS)


def _within(words: frozenset[str], content: frozenset[str]) -> bool:
    """Whether every word is one of `content`, but for at most one mistyped ("alcochol")."""
    missing = words - content
    if not missing:
        return True
    if len(missing) > 1 or len(words) < 4:
        return False
    (typo,) = missing
    return any(
        w[0] == typo[0] and difflib.SequenceMatcher(None, w, typo).ratio() >= 0.8 for w in content - words
    )


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


def _stands_for(letters: str, long: str) -> bool:
    """Whether an acronym's letters are the initials of a long name, or of what follows its head
    ("ATF": "Bureau of Alcohol, Tobacco, Firearms and Explosives")."""
    letters = letters.replace(".", "").replace("&", "")
    tails = [long] + ([long.split(" of ", 1)[1]] if " of " in long else [])
    for tail in tails:
        initials = _initials(tail)
        if letters and letters[0] == initials[:1] and set(letters) <= set(initials):
            return True
    return False


def _article_acronyms(mentions: Sequence[Mention]) -> list[Any]:
    """What `_acronyms` reads of one article's mentions: the acronyms it defines as [lower acronym,
    long name], and its organisations' long names as [content initials, long name, whether the
    article also names those initials as an acronym] (`_undefined_acronyms`)."""
    defined = []
    for m in mentions:
        if m.acronym and m.label in ("ORG", "GPE", "FAC", "LOC"):
            long = normalise(m.text, m.label)
            if _stands_for(m.acronym, long):
                defined.append([m.acronym.lower(), long])
    short = {m.text.lower() for m in mentions if m.label == "ORG" and _ACRONYM.match(m.text)}
    organisations = []
    for m in mentions:
        if m.label == "ORG" and " " in m.text:
            long = normalise(m.text, m.label)
            letters = _content_initials(long.lower())
            if len(letters) >= 2 and not _OWNERLESS.match(long):
                organisations.append([letters, long, letters in short])
    return [defined, organisations]


def _acronyms(
    articles: Sequence[Article], annotations: Mapping[str, Annotations], known: list[Any] | None = None
) -> _Acronyms:
    """The acronyms the texts define or imply. `known`: per article its `_article_acronyms`, or
    None (read from its mentions, and put there)."""
    found = _Acronyms(defaultdict(set), {})
    longs: dict[str, set[str]] = defaultdict(set)  # content initials -> long organisation names
    together: dict[str, set[str]] = defaultdict(set)  # ... named in one article with the acronym
    for i, article in enumerate(articles):
        given = known[i] if known is not None else None
        if given is None:
            given = _article_acronyms(annotations[article.id].mentions)
            if known is not None:
                known[i] = given
        defined, organisations = given
        for letters, long in defined:
            found.anywhere[letters].add(long)
            found.here.setdefault((article.id, letters), long)
        for letters, long, named in organisations:
            longs[letters].add(long)
            if named:
                together[letters].add(long)
    for letters, long in _undefined_acronyms(longs, together).items():
        found.anywhere.setdefault(letters, {long})
    return found


_OWNERLESS = re.compile(
    r"^(?:the\s+)?(?:Department|Dept\.?|Division|Office|Bureau|Agency|Board|Commission|Committee|Council)\b"
)


def _undefined_acronyms(longs: Mapping[str, set[str]], together: Mapping[str, set[str]]) -> dict[str, str]:
    """Acronyms no text defines that stand for a long name all the same: an article names both
    ("the Georgia Bureau of Investigation ... the GBI said"), the acronym is the initials of the
    long name's content words, and no other organisation of the corpus has those initials ("CPD"
    stays alone where Chicago and Cleveland Police Departments are both named). A body named
    without its owner ("Department of Natural Resources": of which state?) is left to the texts
    that define it. `longs`: content initials -> the long organisation names; `together`: the
    same, of those named in an article that names the initials as an acronym. Lower acronym ->
    the long name."""
    return {letters: min(found) for letters, found in together.items() if len(longs[letters]) == 1}


class _Resolver:
    """Decides, for each occurrence, which actor key it belongs to."""

    def __init__(
        self,
        forms: Mapping[_Form, Mapping[str, int]],
        settings: ActorSettings,
        model: str,
        signals: _Signals | None = None,
        acronyms: _Acronyms | None = None,
    ) -> None:
        self.settings = settings
        self.signals = signals or _Signals()
        self.acronyms = acronyms or _Acronyms({}, {})
        self.adjectives = common_words(model, ("adj",))
        self._by_initials: dict[str, set[str]] | None = None  # initials -> organisations (lower keys)
        self._keys_of_orgs: set[str] | None = None
        self._state_offices: set[str] | None = None
        self._defined_names: dict[str, list[tuple[str, frozenset[str]]]] | None = None  # first word ->
        self.in_text: dict[str, set[str]] = defaultdict(set)  # article -> lower surfaces named in it
        for form, by_article in forms.items():
            for article in by_article:
                self.in_text[article].add(form.surface.lower())
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
        self.org_expansion: dict[str, set[str]] = defaultdict(set)  # "kyodo" -> {"kyodo news"}
        for surface in list(self.votes):
            words = surface.split()
            if len(words) > 1 and self.majority(surface) == "ORG":
                for n in range(1, len(words)):
                    self.org_expansion[" ".join(words[:n])].add(surface)
        self.persons: dict[tuple[str, ...], set[str]] = defaultdict(set)  # key -> surfaces
        self.in_article: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.person_articles: dict[tuple[str, ...], set[str]] = defaultdict(set)  # key -> articles
        self._spread: Counter[str] | None = None  # lower surface -> articles naming it
        self._full_names_lower: set[str] = set()  # the people's full names, lower case
        full = {form.surface for form in forms}
        full_keys = {surface: _person_key(surface) for surface in full if self._is_full_name(surface)}
        for form, by_article in forms.items():
            key = full_keys.get(form.surface)
            if key is not None:
                self.persons[key].add(form.surface)
                self.person_articles[key].update(by_article)
                for article in by_article:
                    self.in_article[article].add(key)
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
        if self._without_descriptor(surface):
            return False
        if all(self._common(w) for w in words) and self._written_lower(surface):
            return False  # "Involuntary Manslaughter", "Photo Courtesy": also written in lower case
        if len(words) > 1 and self._names_local_offices(surface.lower()):
            return False  # "Holly Hill", of "Holly Hill Police Department": a town
        return (
            len([w for w in words if not _INITIAL.match(w)]) >= 2
            and surface.lower() not in self.countries
            and surface.lower() not in self.settings.aliases
            and (
                self.majority(surface) == "PERSON"
                or (self._human(surface) and self.majority(surface) == "ORG" and self._person_like(surface))
            )
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
            # The corpus' one full name with this last word, only for a word the texts use for
            # nothing else and that is not itself common: elsewhere the article must name the person.
            placed = any(LABEL_KIND.get(label) != "person" for label in self.votes.get(lower, ()))
            alone = len(last) == 1 and not placed and not self._common(lower) and not first
            only = next(iter(last)) if alone else None
            people = self._word_people[lower] = (last, first, only)
        local = self.in_article.get(article)
        if local:
            for candidates in people[:2]:
                here = candidates & local
                if len(here) == 1:
                    return next(iter(here))
                if here:
                    return None  # two people in this article share the name: leave it
        if (article, lower) in self.signals.cut:
            return None  # "7-year-old Amiere Castro", the model naming only "Castro": someone else
        only = people[2]
        return only if only is None or self._tied(only, article, lower) else None

    def _tied(self, person: tuple[str, ...], article: str, word: str) -> bool:
        """Whether an article that names a person by one word only shares a name of few stories
        (named in FEW_STORIES articles or fewer) or another person named in full with an article
        naming the person in full: the same storyline or the same company ("Obama" with "Joe
        Biden"), not a namesake in an unrelated story ("Isaac", a boy in Ford City, is not the
        Cincinnati police chief Eliot Isaac). A word written alone in three articles or more that
        name no one in full by it is how the texts name a public figure ("Obama"): it joins."""
        if self._spread is None:
            self._spread = Counter(s for surfaces in self.in_text.values() for s in surfaces)
            self._full_names_lower = {s.lower() for names in self.persons.values() for s in names}
        with_full = sum(1 for a in self.person_articles[person] if word in self.in_text[a])
        if self._spread[word] - with_full >= 3:
            return True  # a word the texts use alone for someone again and again: "Obama"
        own = set(person) | {s.lower() for s in self.persons[person]}
        theirs = set().union(*(self.in_text[a] for a in self.person_articles[person] if a != article))
        shared = (self.in_text[article] & theirs) - own
        return any(self._spread[s] <= FEW_STORIES or s in self._full_names_lower for s in shared)

    def _in_some_full_name(self, word: str) -> bool:
        lower = word.lower()
        return f"last:{lower}" in self.by_token or f"first:{lower}" in self.by_token

    def anywhere(self, surface: str) -> bool:
        """True when a surface form is decided alike in every article: all but a lone word that is
        a word of some person's full name, and a conjunction ("Blinken and Austin")."""
        if surface.lower() in self.acronyms.anywhere or is_generic_office(surface) or _ACRONYM.match(surface):
            return False  # decided by the names of each article
        if self._state_office(surface.lower()):
            return False
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
        # A lone word named as a place, which the model never calls a person alone: "in Tyler" is
        # not "John Tyler" ("Kishi", mostly a place to the model, is also a person to it once).
        lower = surface.lower()
        placed = label == "PLACE" or (
            LABEL_KIND.get(label) == "place"
            and "PERSON" not in self.votes.get(lower, {})
            and self._mostly_place(lower)
        )  # "PLACE": the words around it say so ("north of Tyler")
        if not settled and label != "NORP" and len(surface.split()) == 1 and not placed:
            person = self._person_for_word(surface, article)
            if person:  # not "Tyler" (a city the texts mostly name as a place) for "John Tyler"
                return "person", "person:" + " ".join(person)
        if (
            not settled
            and decided
            and decided[0] in ("person", "organisation")
            and " " not in surface
            and not surface.isupper()
            and self._in_some_full_name(surface)
        ):
            return None  # a surname of several people, none named in this article: "Walker"
        lower = surface.lower()
        if lower in self.acronyms.anywhere and lower not in self.settings.aliases:
            return self._acronym_key(lower, article)
        if _ACRONYM.match(surface) and decided and decided[0] == "organisation":
            spelled = self._spelled_out(surface, article)  # "EU" where the article says "European Union"
            if spelled:
                return self.key(spelled, "ORG", article)
        if decided and decided[0] in ("organisation", "person") and is_generic_office(surface):
            return self._qualified(surface, article)
        if decided and decided[0] == "organisation" and self._state_office(lower):
            return self._qualified(surface, article, by_state=True)
        return decided

    def _state_office(self, lower: str) -> bool:
        """Whether a name is that of an office every state has: the texts write it after two
        states' names or more ("Iowa DNR", "Ohio DNR"; "Georgia Department of Natural Resources",
        "Wisconsin Department of Natural Resources"), or it is the acronym of one ("DNR")."""
        if self._state_offices is None:
            states: dict[str, set[str]] = defaultdict(set)
            for name in self.votes:
                split = _state_split(name)
                if split:
                    states[split[1]].add(split[0])
            for rest in [r for r in states if " " in r]:  # "Iowa Department of ..." and "Ohio DNR"
                states[_content_initials(rest)] |= states[rest]
            offices = {rest for rest, found in states.items() if len(found) >= 2}
            by_initials = {rest for rest in states if " " in rest and _content_initials(rest) in offices}
            self._state_offices = offices | by_initials
        return lower in self._state_offices

    def _acronym_key(self, lower: str, article: str) -> tuple[str, str] | None:
        """What an acronym names in an article: the long name defined there, else the one the
        article names of its expansions, else the corpus' only expansion (none when several, unless
        they are spellings of one name: "Bureau of Alcohol, Firearms and Tobacco")."""
        long = self.acronyms.here.get((article, lower))
        if long is None:
            expansions = self.acronyms.anywhere[lower]
            named = sorted(e for e in expansions if e.lower() in self.in_text.get(article, ()))
            long = named[0] if named else (next(iter(expansions)) if len(expansions) == 1 else None)
            if long is None:
                keys = {self._general_key(e, "ORG")[1] for e in sorted(expansions)}
                return keys.pop() if len(keys) == 1 else None
        if long is None or long.lower() == lower:
            return None
        return self.key(long, "ORG", article)

    def _qualified(self, surface: str, article: str, by_state: bool = False) -> tuple[str, str] | None:
        """A generic office ("Sheriff's Office", "CPD") as the full name its article gives it
        ("Harris County Sheriff's Office"), or None when the article gives none; `by_state`: a
        state's office ("DNR") as the state's ("Iowa Department of Natural Resources", "Ohio DNR")."""
        lower = surface.lower()
        here = self.in_text.get(article, set())
        if by_state:
            fuller = [
                s
                for s in here
                if (split := _state_split(s)) and lower in (split[1], _content_initials(split[1]))
            ]
        elif " " in lower:
            fuller = [s for s in here if s.endswith(" " + lower) and not is_generic_office(s)]
        else:
            fuller = [
                s for s in here if " " in s and _stands_for(surface, s.title()) and not is_generic_office(s)
            ]
        fuller = [s for s in fuller if LABEL_KIND.get(self.majority(s)) == "organisation"]
        if not fuller:
            return None
        best = sorted(fuller, key=lambda s: (-sum(self.votes[s].values()), -len(s), s))[0]
        decided = self._general_key(best, "ORG")[1]
        return decided if decided and decided[0] == "organisation" else None

    def _general_key(self, surface: str, label: str) -> tuple[bool, tuple[str, str] | None]:
        """What a surface form names wherever it stands, and whether that is settled: when it is
        not, a lone word may still be the surname of a person named in full in its article."""
        lower = surface.lower()
        if lower in self.settings.aliases:
            name = self.settings.aliases[lower]
            return True, (self.settings.kinds.get(name) or self._kind_of(name), "editor:" + name)
        glued = self._without_descriptor(surface)
        if glued and " " in glued and self.majority(surface) == "PERSON":  # "Spokeswoman Sonya Toler"
            return True, ("person", "person:" + " ".join(_person_key(glued)))
        if glued:  # "Drugmaker Pfizer" is Pfizer
            return self._general_key(glued, self.majority(glued))
        parts = lower.split("-")
        if len(parts) > 1 and all(p in self.countries for p in parts):
            return True, None  # "U.S.-Mexico" (border, talks): a relation, not an actor
        if self._is_full_name(surface):
            return True, ("person", "person:" + " ".join(_person_key(surface)))
        if lower in self.countries and label not in ("PERSON", "PLACE"):
            return False, ("country", "country:" + self.countries[lower])
        if label == "NORP":
            return True, None
        if is_disease(surface) or is_common_abbreviation(surface):
            return True, None
        if is_region(surface) and label != "PERSON":
            return True, ("place", "place:" + lower)
        kind = LABEL_KIND.get(self.majority(surface))
        if kind in ("person", "organisation"):  # "Ben Taub Hospital", "Cadieux Road"
            by_name = not_a_person(surface)
            if by_name == "place" or (by_name and kind == "person"):
                kind = by_name
        if kind == "person" and " " in lower and self._names_local_offices(lower):
            kind = "place"  # "near Holly Hill", "Holly Hill Police Department"
        if kind == "person" and " " not in lower and self._company(lower):
            kind = "organisation"  # "Pfizer", also "Pfizer Inc.": no person's name
        if kind == "person" and len(surface.split()) == 1:
            return False, None  # a lone word no full name explains: "Alarm over ...", "Okinawa"
        if kind == "organisation" and self._mostly_place(lower):
            kind = "place"  # "Dayton" of "Dayton police" and "in Dayton"
        if kind in ("person", "organisation") and self._described(lower):
            return True, None
        if kind == "person" and is_generic_office(surface):
            kind = "organisation"  # "Crime Stoppers"
        if kind == "organisation" and " " not in lower and self._generic_word(surface):
            return True, None
        if kind == "organisation" and " " not in lower and self._rite_or_period(surface):
            return True, None
        if kind == "organisation" and self._outlet(surface):
            return True, ("organisation", "outlet:" + lower)
        if kind == "organisation" and not_an_organisation(surface):
            kind = "place"  # "Capitol Hill", "Harris County"
        if kind == "organisation" and "'s " in lower and _OWNER_END.search(lower[: lower.index("'s ")]):
            owner = self._owner(surface)  # "Memphis Police Department's Homicide Bureau"
            # A unit of an owner never named alone, or of a generic one ("Criminal Division's
            # Organized Crime and Gang Section": whose division?), is a fragment.
            return (True, None) if owner is None else self._general_key(owner, "ORG")
        if kind == "organisation" and self._person_like(surface):
            return True, ("person", "person:" + " ".join(_person_key(surface)))  # "Norris Greenhouse Jr."
        if kind == "place" and _ORG_HEAD.search(lower):
            kind = "organisation"  # "United States Army", "Department of Justice": no place, tagged one
        if kind == "organisation":
            if lower in SEATS:  # "Pentagon": the Department of Defense
                return False, ("organisation", "organisation:" + org_key(SEATS[lower]))
            owner, _, rest = lower.partition(" ")  # "U.S. Food and Drug Administration"
            lower = org_key(lower)
            if owner in self.countries and " " in rest and org_key(rest) in self._org_keys():
                lower = org_key(rest)  # "U.S. Department of Justice" where "Justice Department" is named
            defined = self._defined_variant(lower)
            if defined:
                lower = org_key(defined)  # "Bureau of Alcohol, Tobacco and Firearms" (ATF)
            if len(self.org_expansion.get(lower, ())) == 1 and self._shorthand(lower):
                lower = next(iter(self.org_expansion[lower]))  # "Kyodo" -> "Kyodo News"
            elif self._head_of(lower):
                lower = org_key(self._head_of(lower))  # "the House" -> "House of Representatives"
            elif lower in self.place_prefixes and lower not in self.org_expansion:
                kind = "place"  # "Indo-Pacific", elsewhere "the Indo-Pacific region"
            elif (
                lower.endswith("s")
                and lower[:-1] in self.place_prefixes
                and lower[:-1] not in self.org_expansion
            ):
                kind = "place"  # "the Senkakus", elsewhere "the Senkaku Islands"
            elif " " not in surface and lower in self.nouns and sum(self.votes[lower].values()) < 2:
                return False, None  # one capitalised common noun, once: "Treaty", "Cabinet"
        return False, ((kind, f"{kind}:{lower}") if kind else None)

    def _shorthand(self, lower: str) -> bool:
        """Whether a name is short for the one longer name it begins ("Kyodo" for "Kyodo News"):
        a name the texts write, no more often than that longer one ("Microsoft" is no shorthand
        for "Microsoft Exchange"), and no body of it ("Capitol Police" is not the "Capitol Police
        Board") nor a product ("Microsoft Exchange email servers")."""
        (longer,) = self.org_expansion[lower]
        mine = sum(self.votes.get(lower, {}).values())
        if _BODY_END.search(longer) or self._described(longer):
            return False
        if " " in lower and (is_generic_office(lower.split()[-1]) or _BODY_END.search(lower)):
            return False  # "Delaware State Police" is whole; "Delaware State Police Aviation" a unit
        return 0 < mine <= sum(self.votes.get(longer, {}).values())

    def _head_of(self, lower: str) -> str | None:
        """The one "W of ..." organisation a lone word W heads, which W stands for ("House" for
        "House of Representatives"), or None: a word the texts name alone more than once, no
        generic office, and heading no other "W of ..." name ("Ministry" of two ministries)."""
        if " " in lower or is_generic_office(lower) or sum(self.votes.get(lower, {}).values()) < 2:
            return None
        heads = [n for n in self.org_expansion.get(lower, ()) if n.startswith(lower + " of ")]
        return heads[0] if len(heads) == 1 else None

    def _defined_variant(self, lower: str) -> str | None:
        """The one long name some text defines an acronym for ("Bureau of Alcohol, Tobacco, Firearms
        and Explosives (ATF)") that an organisation's name is a variant of: the same first word and
        three or more of its words, in any order, one maybe mistyped ("Bureau of Alcohol, Firearms and
        Tobacco", "Bureau of Alcochol, ..."); else None."""
        words = _content_words(lower)
        if len(words) < 3:
            return None
        if self._defined_names is None:
            self._defined_names = defaultdict(list)
            for longs in self.acronyms.anywhere.values():
                for long in longs:
                    content = _content_words(long.lower())
                    if len(content) >= 3:
                        self._defined_names[long.lower().split()[0]].append((long.lower(), content))
        found = sorted(
            {
                (-len(content), long)
                for long, content in self._defined_names.get(lower.split()[0], ())
                if _within(words, content) and org_key(long) != lower
            }
        )
        if not found or (len(found) > 1 and found[1][0] == found[0][0]):
            return None
        return found[0][1]  # the fullest: "... Firearms and Explosives"

    def _org_keys(self) -> set[str]:
        """The keys of the organisations of more than one word the texts name ("justice")."""
        if self._keys_of_orgs is None:
            self._keys_of_orgs = {org_key(n) for n in self.votes if " " in n and self.majority(n) == "ORG"}
        return self._keys_of_orgs

    def _spelled_out(self, surface: str, article: str) -> str | None:
        """The one organisation named in an article that an acronym no text defines spells ("EU":
        "European Union" in the same article), or None."""
        if self._by_initials is None:
            self._by_initials = defaultdict(set)
            for name in self.votes:
                if " " in name and self.majority(name) == "ORG":
                    self._by_initials[_initials(name.title()).lower()].add(name)
        here = self.in_text.get(article, set())
        found = sorted(n for n in self._by_initials.get(surface.lower(), ()) if n in here)
        return found[0] if len(found) == 1 else None

    def _person_like(self, surface: str) -> bool:
        """Whether what the model calls an organisation is a person's name by its form: a
        generational suffix ("Norris Greenhouse Jr."), a name the model also calls a person, or a last
        word the texts use alone for a person ("Royal Willrich", where "Willrich said")."""
        words = surface.split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or surface.isupper():
            return False
        if outlet_by_form(surface) or is_generic_office(surface) or not_a_person(surface) or "'s" in surface:
            return False
        if words[0].lower() in self.countries:
            return False
        if self._human(surface):
            return True  # "her son, Royal Willrich, 30,"; "the girl, Malijha Grant, died"
        if any(self._common(w) for w in words):
            return False
        if words[-1].rstrip(".") in ("Jr", "Sr", "II", "III", "IV"):
            return True
        votes = self.votes.get(surface.lower(), {})
        if 3 * votes.get("PERSON", 0) >= sum(votes.values()):
            return True  # the model itself calls it a person a third of the time: "Ebrahim Raisi"
        last = words[-1].lower()
        if 3 * self.signals.human.get(last, 0) >= max(2, self.signals.seen.get(last, 0)):
            return True  # "Ingram, 19, pleaded guilty"
        return self.majority(last) == "PERSON" and sum(self.votes.get(last, {}).values()) >= 2

    def _human(self, name: str) -> bool:
        """Whether a third of a name's mentions say what only a person is or does ("Willrich, 30,")."""
        lower = name.lower()
        return 3 * self.signals.human.get(lower, 0) >= max(1, self.signals.seen.get(lower, 0))

    def _names_local_offices(self, lower: str) -> bool:
        """Whether a name begins the name of a local office the texts write ("Holly Hill" of "Holly
        Hill Police Department"): the name of a town, which no person's name is."""
        return any(
            is_generic_office(longer[len(lower) + 1 :]) for longer in self.org_expansion.get(lower, ())
        )

    def _company(self, lower: str) -> bool:
        """Whether a lone word the model calls a person is a company the texts also name with its
        legal suffix ("Pfizer" and "Pfizer Inc."), and no person's name."""
        if self._in_some_full_name(lower):
            return False
        return any(org_key(longer) == lower for longer in self.org_expansion.get(lower, ()))

    def _mostly_place(self, lower: str) -> bool:
        votes = self.votes.get(lower, {})
        placed = sum(
            n for label, n in votes.items() if label in ("GPE", "LOC", "PLACE")
        )  # not FAC: "Pentagon"
        total = max(1, sum(votes.values()))
        return 2 * placed > total or (3 * placed >= total and not self._common(lower))

    def _written_lower(self, phrase: str) -> bool:
        """Whether the texts write this phrase in lower case somewhere ("involuntary manslaughter")."""
        words = phrase.lower().split()
        return all(" ".join(pair) in self.signals.pairs for pair in itertools.pairwise(words))

    def _common(self, word: str) -> bool:
        """Whether a word is a common word of the corpus: written in lower case in its texts."""
        return word.lower() in self.signals.lowercase

    def _described(self, lower: str) -> bool:
        """Whether a name is mostly a description, a product or a make ("a silver Honda")."""
        return 3 * self.signals.product.get(lower, 0) >= max(1, self.signals.seen.get(lower, 0))

    def _generic_word(self, surface: str) -> bool:
        """Whether a one-word name is a common noun written with a capital: in capitals ("HOUSE"),
        a plural ("Detectives"), or mostly first in its sentence ("Court documents show")."""
        lower = surface.lower()
        if not self._common(lower):
            return False
        singular = lower[:-1] if lower.endswith("s") else lower
        if (lower not in self.nouns and singular in self.nouns) or (surface.isupper() and len(surface) >= 5):
            return True  # "Detectives", "HOUSE"
        if 2 * self.signals.definite.get(lower, 0) < self.signals.seen.get(lower, 0):
            return True  # "Possession of a Firearm"; "the Court" may stand for one court
        seen = self.signals.seen.get(lower, 0) - self.signals.credited.get(lower, 0)
        return 2 * self.signals.midsentence.get(lower, 0) < seen

    def _rite_or_period(self, surface: str) -> bool:
        """Whether a one-word name is an abstract common noun of the dictionary (an act, a state or
        a period: "-ion", "-acy", "-ism", ...) written with a capital that never does anything in
        the texts: a rite, a period or an event ("receiving Communion", "statues associated with
        the Confederacy"), not a body ("the Senate voted") nor a name ("Hamas", "Airbus")."""
        lower = surface.lower()
        return (
            lower in self.nouns
            and _ABSTRACT_NOUN.search(lower) is not None
            and not surface.isupper()
            and lower not in SEATS
            and not self.signals.acting.get(lower)
            and not self.signals.human.get(lower)
        )

    def _outlet(self, surface: str) -> bool:
        """Whether an organisation is a news outlet: by its form, because it is mostly named as a
        credit or a source, or because the names it begins are outlets' ("NBC" of "NBC News")."""
        lower = surface.lower()
        if outlet_by_form(surface):
            return True
        if 3 * self.signals.credited.get(lower, 0) >= max(1, self.signals.seen.get(lower, 0)):
            return True
        longer = self.org_expansion.get(lower, ())
        return " " not in lower and bool(longer) and 2 * sum(map(outlet_by_form, longer)) > len(longer)

    def _owner(self, surface: str) -> str | None:
        """The organisation a unit named with its owner belongs to ("Memphis Police Department" of
        "Memphis Police Department's Homicide Bureau"): one the texts name alone, and no generic office."""
        if "'s " not in surface or not _OWNER_END.search(surface[: surface.index("'s ")].lower()):
            return None
        owner = surface[: surface.index("'s ")]
        if owner.lower() not in self.votes or LABEL_KIND.get(self.majority(owner)) != "organisation":
            return None
        return None if is_generic_office(owner) else owner

    def shown(self, surface: str) -> str:
        """The surface as a page may show it: without a descriptor glued before it, a unit as its owner."""
        return self._without_descriptor(surface) or self._owner(surface) or surface

    def _without_descriptor(self, surface: str) -> str | None:
        """The name without a descriptive common noun glued before it ("Drugmaker Pfizer" ->
        "Pfizer"), when the rest is a name seen by itself; else None."""
        words = surface.split()
        if len(words) < 2:
            return None
        first, rest = words[0].lower(), " ".join(words[1:])
        descriptor = first.endswith(("maker", "giant")) or (
            self._common(first)
            and first in self.nouns
            and first not in self.adjectives
            and first not in self.votes
        )
        if not descriptor or rest.lower() not in self.votes or self.majority(rest) not in ("ORG", "PERSON"):
            return None
        if is_generic_office(rest):
            return None
        if " " not in rest and (rest.lower() in self.nouns or rest.lower() in self.adjectives):
            return None
        return rest

    def _kind_of(self, name: str) -> str:
        if name.lower() in self.countries:
            return "country"
        return LABEL_KIND.get(self.majority(name), "organisation")


def _display_name(
    kind: str, key: str, surfaces: Mapping[str, int], generic: Callable[[str], bool] = is_generic_office
) -> str:
    if kind == "country" or key.startswith("editor:") or not surfaces:
        return key.split(":", 1)[1]
    pool = surfaces
    if kind == "person":  # prefer a full name over a lone surname
        full = {s: n for s, n in surfaces.items() if len(s.split()) >= 2}
        pool = full or surfaces
    elif kind == "organisation":  # prefer the full name over a generic one ("Sheriff's Office", "DNR")
        pool = {s: n for s, n in surfaces.items() if not generic(s)} or surfaces
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


def _names_a_site(surfaces: dict[str, int], signals: _Signals) -> bool:
    """Whether a place's surfaces stand for a site or an institution in at least half of their
    mentions: followed by a site's head noun ("Stroger Hospital") or where someone was taken."""
    lowers = {s.lower() for s in surfaces}
    seen = sum(signals.seen.get(s, 0) for s in lowers)
    return seen > 0 and 2 * sum(signals.site.get(s, 0) for s in lowers) >= seen


def resolve(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    settings: ActorSettings,
    model: str,
    reading: Reading | None = None,
    known: Known | None = None,
) -> Resolution:
    """Resolve every mention to an actor; collect roles, aliases and per-article counts. `reading`
    is `read_texts(articles, annotations)`, read here when not given. `known`: what the last
    resolve read of each article (`Known`), reused where it still holds and filled in here."""
    acronyms = _acronyms(articles, annotations, known.acronyms if known is not None else None)
    reading = reading if reading is not None else read_texts(articles, annotations)
    signals = _Signals(lowercase=reading.casing.common, pairs=reading.casing.pairs)
    found = known.found if known is not None else None
    forms = _occurrences(articles, annotations, settings, signals, model, reading.facts, found)
    resolver = _Resolver(forms, settings, model, signals, acronyms)
    # Plain dicts of counts (key -> kind/surface/article/role -> n): far cheaper than Counters.
    kinds: dict[str, dict[str, int]] = defaultdict(dict)
    surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    counts: dict[str, dict[str, int]] = defaultdict(dict)  # key -> article -> mentions
    roles: dict[str, dict[str, int]] = defaultdict(dict)
    country_words = set(resolver.countries)
    trimmed: dict[str, str] = {}
    named: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)  # article -> surface -> key -> n
    article_roles: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)  # key -> article -> role -> n
    for (surface, label, role), by_article in forms.items():
        if resolver.anywhere(surface):  # one decision for all its articles
            decisions = [(resolver.keys(surface, label, next(iter(by_article))), by_article)]
        else:
            decisions = [(resolver.keys(surface, label, a), {a: n}) for a, n in by_article.items()]
        for decided, where in decisions:
            if not decided:
                continue
            total = sum(where.values())
            if len(decided) == 1:
                for a, n in where.items():
                    _add(named[a].setdefault(surface, {}), decided[0][1], n)
            for kind, key in decided:
                _add(kinds[key], kind, total)
                if len(decided) == 1:
                    _add(surfaces[key], resolver.shown(surface), total)
                counted = counts[key]
                for a, n in where.items():
                    counted[a] = counted.get(a, 0) + n
                if kind == "person" and role:
                    if role not in trimmed:
                        trimmed[role] = trim_role(role, country_words)
                    if trimmed[role]:
                        _add(roles[key], trimmed[role], total)
                        for a, n in where.items():
                            _add(article_roles[key].setdefault(a, {}), trimmed[role], n)
    _join_short_given_names(kinds, surfaces, counts, roles)
    years = {a.id: a.date.year for a in articles if a.date}
    _split_namesakes(kinds, surfaces, counts, roles, named, article_roles, signals.ages, years, FEW_STORIES)
    for key in [k for k in counts if k.startswith("outlet:")]:  # a story about the outlet, not a credit
        about = {a: n for a, n in counts[key].items() if n >= OUTLET_ABOUT}
        if about:
            counts[key] = about
        else:
            del counts[key], kinds[key]
    final_kind = {key: max(sorted(c), key=lambda k: c[k]) for key, c in kinds.items()}

    def generic(name: str) -> bool:
        return is_generic_office(name) or resolver._state_office(name.lower())

    names = {key: _display_name(final_kind[key], key, surfaces[key], generic) for key in kinds}
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
    sites = frozenset(
        names[key]
        for key, kind in final_kind.items()
        if kind == "place"
        and key not in slugs
        and (names_a_site(names[key]) or _names_a_site(surfaces[key], signals))
    )
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
        sites=sites,
        names={
            a: found for a, by_surface in sorted(named.items()) if (found := _named_slugs(by_surface, slugs))
        },
    )


_GENERATION = frozenset({"jr", "sr", "ii", "iii", "iv"})
# An actor or place named in this many articles or fewer ties two people it is named with (not
# the FBI, not the United States). A number, not a share of the archive (1% was): a name's test
# then changes with its own articles only, not with every hundred articles added anywhere.
FEW_STORIES = 20


def _given_and_family(name: str) -> tuple[str, str] | None:
    """The given and family name of a person's full name ("Chris Few" -> chris, few), or None."""
    words = [w.lower().rstrip(".,") for w in name.split() if not _INITIAL.match(w)]
    words = [w for w in words if w not in _GENERATION]
    return (words[0], words[-1]) if len(words) >= 2 else None


def _join_short_given_names(
    kinds: dict[str, dict[str, int]],
    surfaces: dict[str, dict[str, int]],
    counts: dict[str, dict[str, int]],
    roles: dict[str, dict[str, int]],
    specific: int = FEW_STORIES,
) -> None:
    """Join a person named by a short given name to the one full name it is short for, with the same
    family name ("Chris Few" into "Christopher Few"), where the texts tie the two: an article names
    both, or the two share another actor or place of few stories (named in `specific` articles or
    fewer: not the FBI, not the United States). In place."""
    people: dict[str, list[tuple[str, str]]] = defaultdict(list)  # family name -> (given name, key)
    for key in counts:
        if key.startswith("person:") and max(sorted(kinds[key]), key=lambda k: kinds[key][k]) == "person":
            names = _given_and_family(_display_name("person", key, surfaces[key]))
            if names:
                people[names[1]].append((names[0], key))
    joins: list[tuple[str, str]] = []  # (short key, full key)
    for family in people.values():
        for given, key in family:
            longer = {g: k for g, k in family if g != given and is_short_form(given, g)}
            if len(longer) == 1:
                joins.append((key, next(iter(longer.values()))))
    if not joins:
        return
    in_article: dict[str, set[str]] = defaultdict(set)  # article -> keys of few stories
    for key, by_article in counts.items():
        if len(by_article) <= specific:
            for article in by_article:
                in_article[article].add(key)

    def named_with(key: str) -> set[str]:
        return set().union(*(in_article[a] for a in counts[key])) - {key}

    for short, full in joins:
        if short not in counts or full not in counts:
            continue
        if not (
            counts[short].keys() & counts[full].keys() or (named_with(short) - {full}) & named_with(full)
        ):
            continue
        for target, source in ((kinds, kinds), (surfaces, surfaces), (counts, counts), (roles, roles)):
            if short in source:
                merged = target[full]
                for item, n in source.pop(short).items():
                    merged[item] = merged.get(item, 0) + n


def _split_namesakes(
    kinds: dict[str, dict[str, int]],
    surfaces: dict[str, dict[str, int]],
    counts: dict[str, dict[str, int]],
    roles: dict[str, dict[str, int]],
    named: dict[str, dict[str, dict[str, int]]],
    article_roles: Mapping[str, Mapping[str, Mapping[str, int]]],
    ages: Mapping[tuple[str, str], set[int]],
    years: Mapping[str, int],
    specific: int = 3,
) -> None:
    """Split a person's articles into the namesakes they stand for (`namesakes.namesake_sets`):
    each further namesake is a key of its own ("person:calvin williams#2") with the names, roles
    and mentions of its articles. In place."""
    in_article: dict[str, set[str]] = defaultdict(set)  # article -> keys of few stories
    for key, by_article in counts.items():
        if len(by_article) <= specific:
            for article in by_article:
                in_article[article].add(key)
    for key in sorted(k for k in counts if k.startswith("person:") and len(counts[k]) >= 2):
        said = {}
        for article in counts[key]:
            names = [s for s, keys in named.get(article, {}).items() if key in keys]
            born = {
                years[article] - age
                for s in names
                for age in ages.get((article, s.lower()), ())
                if article in years
            }
            said[article] = Said(frozenset(born), bool(article_roles.get(key, {}).get(article)))
        sets = namesake_sets(said, {a: frozenset(in_article[a] - {key}) for a in counts[key]})
        if not sets:
            continue
        whole = dict(counts[key])
        for i, group in enumerate(sets):
            part = key if i == 0 else f"{key}#{i + 1}"
            counts[part] = {a: whole[a] for a in sorted(group)}
            kinds[part] = {"person": sum(counts[part].values())}
            roles[part] = {}
            for article in group:
                for role, n in article_roles.get(key, {}).get(article, {}).items():
                    _add(roles[part], role, n)
            if i == 0:
                continue  # the largest keeps its names
            surfaces[part] = {}
            for article in group:
                for surface, keys in named.get(article, {}).items():
                    if key in keys:
                        keys[part] = keys.pop(key)  # a quote's speaker there is this namesake
                        _add(surfaces[part], surface, keys[part])


def _named_slugs(by_surface: Mapping[str, Mapping[str, int]], slugs: Mapping[str, str]) -> dict[str, str]:
    """Each surface's published actor in one article: the key it resolved to most often there."""
    found = {}
    for surface in sorted(by_surface):
        keys = {k: n for k, n in by_surface[surface].items() if k in slugs}
        if keys:
            found[surface] = slugs[min(keys, key=lambda k: (-keys[k], k))]
    return found


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
