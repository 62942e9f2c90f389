"""Namesakes: one name for two people in unrelated articles ("Police Chief Calvin Williams" in
Cleveland, "Calvin Williams, 23," charged in Little Rock) are two actors.

What tells them apart is what the articles say of the person and what else they name: an office
in some articles and an age in others (officials are named by their title, people in a case by
their age), or ages that give birth years years apart; and no actor or place of few stories named
in both sets of articles (no shared storyline). Articles that say neither stay with the set they
share such a name with, else with the largest set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

# Birth years (the article's year less the age) this far apart are two people: an age is given in
# whole years, and an article may be dated a year after the events it reports.
YEARS_APART = 3


class Said(NamedTuple):
    """What one article says of a person: the birth years its ages give, and whether it names the
    person by an office ("Police Chief")."""

    born: frozenset[int]
    office: bool


def namesake_sets(said: Mapping[str, Said], shared: Mapping[str, frozenset[str]]) -> list[set[str]] | None:
    """The articles of one name split into the people it stands for (largest set first), or None
    when nothing says they are two. `said`: article -> what it says of the person (every article
    of the name); `shared`: article -> the keys of other actors and places of few stories it names."""
    sets = _by_birth_year(said) or _by_office_or_age(said)
    if not sets:
        return None
    named = [set().union(*(shared.get(a, frozenset()) for a in group)) for group in sets]
    if any(named[i] & named[j] for i in range(len(sets)) for j in range(i + 1, len(sets))):
        return None  # the same storyline: one person, described two ways
    placed = set().union(*sets)
    for article in sorted(set(said) - placed):
        ties = [i for i, names in enumerate(named) if shared.get(article, frozenset()) & names]
        sets[ties[0] if len(ties) == 1 else 0].add(article)
    sets.sort(key=lambda group: (-len(group), min(group)))
    return sets


def _by_birth_year(said: Mapping[str, Said]) -> list[set[str]] | None:
    """Articles by birth year, where two of them are more than YEARS_APART apart (an article
    giving two such years decides nothing)."""
    years = sorted({y for s in said.values() if len(s.born) == 1 for y in s.born})
    if len(years) < 2 or years[-1] - years[0] <= YEARS_APART:
        return None
    clusters: list[list[int]] = [[years[0]]]
    for year in years[1:]:
        if year - clusters[-1][-1] > YEARS_APART:
            clusters.append([])
        clusters[-1].append(year)
    sets: list[set[str]] = [set() for _ in clusters]
    for article, s in said.items():
        if len(s.born) == 1:
            (year,) = s.born
            sets[next(i for i, c in enumerate(clusters) if year in c)].add(article)
    return sets


def _by_office_or_age(said: Mapping[str, Said]) -> list[set[str]] | None:
    """Articles naming the person by an office, and articles giving an age, where none does both."""
    office = {a for a, s in said.items() if s.office and not s.born}
    aged = {a for a, s in said.items() if s.born and not s.office}
    if not office or not aged or any(s.office and s.born for s in said.values()):
        return None
    return [office, aged]
