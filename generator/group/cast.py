"""Who and where a resolution names, as grouping needs it (`names.Cast`).

Apart from `names` so that the grouping code does not read the resolve rules: an edit there
changes the resolution (and so what grouping is given), not how grouping works.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from ..model import Actor
from ..resolve.names import is_care_place, names_a_site
from .names import Cast

# The last word of a site that a story passes through rather than happens at: the court that tries
# it, the jail that holds the suspect, the office, station or agency that speaks for the police, the
# school a victim attended. Many stories of a town share them.
_INSTITUTIONS = frozenset(
    {"court", "courthouse", "jail", "prison", "office", "department", "police", "hall", "station"}
    | {"center", "centre", "school", "college", "university", "academy", "cemetery", "facility"}
    | {"sheriff", "patrol", "health"}
)


def cast_of(actors: Collection[Actor], places: Mapping[str, Iterable[str]]) -> Cast:
    """The people among `actors`, the officials among them (a text gave them a role), and the
    sites among the articles' `places` where a story happens: a street, an address, a venue
    ("Gumberry Road", "1200 Main"), not an institution or a hospital ("Harris County Jail",
    "Mercy Hospital") nor a town."""
    people = frozenset(a.slug for a in actors if a.kind == "person")
    officials = frozenset(a.slug for a in actors if a.slug in people and a.roles)
    names = {p.lower() for found in places.values() for p in found}
    return Cast(people, officials, frozenset(p for p in names if is_site(p)))


def is_site(place: str) -> bool:
    """Whether a place name is where a story happens (see `cast_of`)."""
    words = place.lower().split()
    return bool(words) and names_a_site(place) and not is_care_place(place) and words[-1] not in _INSTITUTIONS
