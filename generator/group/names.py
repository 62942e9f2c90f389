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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

CENTRAL_NAMES = 4  # the actors and places an article mentions most


@dataclass(frozen=True)
class Cast:
    """What the resolution says about the actors and places, as far as grouping needs it
    (`group.cast.cast_of` reads it from a resolution)."""

    people: frozenset[str] = frozenset()  # actor slugs
    officials: frozenset[str] = frozenset()  # people a text gives an office: "Sheriff Adrian Garcia"
    sites: frozenset[str] = frozenset()  # lower-cased place names where a story happens: "gumberry road"


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
    words or more) who holds no office, or one of the cast's sites."""
    found = set()
    for name in names:
        if name.startswith("place:"):
            if name[len("place:") :] in cast.sites:
                found.add(name)
        elif not name.startswith("word:") and name in cast.people and "-" in name:
            found.add(name)  # officials are not among the central names
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[str, ...]:
    """The name's words of more than three letters, as `word:` tokens (names recur: cached)."""
    return tuple(f"word:{w}" for w in re.split(r"[\W_]+", name.lower()) if len(w) > 3)
