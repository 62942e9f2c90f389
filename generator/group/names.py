"""The names that tie the reports of one story: each article's central actors and places, and
which of them name a participant of the story.

A follow-up (an arrest, a funeral, a trial) names the people the story happened to and where it
happened. Officials do not tie a story: a sheriff, a police spokeswoman or a senator is quoted,
with their office, in every story of their beat. Nor does a town: many stories happen in it. A
participant is a person named in full who holds no office in the texts, or a site (a street, an
address, a venue): sharing one says more than sharing the town, and keeps saying it months later.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Actor
from ..resolve.names import is_care_place, names_a_site

CENTRAL_NAMES = 4  # the actors and places an article mentions most
# The last word of a site that a story passes through rather than happens at: the court that tries
# it, the jail that holds the suspect, the office, station or agency that speaks for the police, the
# school a victim attended. Many stories of a town share them.
_INSTITUTIONS = frozenset(
    {"court", "courthouse", "jail", "prison", "office", "department", "police", "hall", "station"}
    | {"center", "centre", "school", "college", "university", "academy", "cemetery", "facility"}
    | {"sheriff", "patrol", "health"}
)


@dataclass(frozen=True)
class Cast:
    """What the resolution says about the actors, as far as grouping needs it (by slug)."""

    people: frozenset[str] = frozenset()
    officials: frozenset[str] = frozenset()  # people a text gives an office: "Sheriff Adrian Garcia"

    @classmethod
    def of(cls, actors: Collection[Actor]) -> Cast:
        people = frozenset(a.slug for a in actors if a.kind == "person")
        return cls(people, frozenset(a.slug for a in actors if a.slug in people and a.roles))


def central_names(actors: Sequence[str], places: Sequence[str], cast: Cast) -> list[str]:
    """What ties a follow-up to its story: the article's most mentioned actors (officials left
    out) and places, and each word of their names ("Montfort" in "Montfort shooting", "Santiago"
    in two relatives' names). Names mentioned in passing (a witness quoted once) are left out:
    they recur across unrelated stories."""
    actors = [a for a in actors if a not in cast.officials][:CENTRAL_NAMES]
    places = places[:CENTRAL_NAMES]
    names = [*actors, *(f"place:{p.lower()}" for p in places)]
    words = {w for n in [*actors, *places] for w in _name_words(n)}
    return names + sorted(words)


def participants(names: Sequence[str], cast: Cast) -> frozenset[str]:
    """The names among `central_names` that name a participant: a person named in full (two
    words or more) who holds no office, or a site that is no institution and no hospital (a
    street, an address, a venue: "Gumberry Road", not "Harris County Jail" or "Mercy Hospital")."""
    found = set()
    for name in names:
        if name.startswith("place:"):
            if _site(name[len("place:") :]):
                found.add(name)
        elif not name.startswith("word:") and name in cast.people and "-" in name:
            found.add(name)  # officials are not among the central names
    return frozenset(found)


def _site(place: str) -> bool:
    words = place.split()
    return bool(words) and names_a_site(place) and not is_care_place(place) and words[-1] not in _INSTITUTIONS


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[str, ...]:
    """The name's words of more than three letters, as `word:` tokens (names recur: cached)."""
    return tuple(f"word:{w}" for w in re.split(r"[\W_]+", name.lower()) if len(w) > 3)
