"""Short forms of given names ("Chris" for "Christopher", "Chuck" for "Charles"): one person may be
named both ways, in one article or in two about the same story."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, frozenset[str]]:
    """short form -> the formal names it is short for (generator/data/given_name_variants.txt)."""
    text = files("generator").joinpath("data/given_name_variants.txt").read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        formal, _, shorts = line.partition(":")
        for short in shorts.split():
            found.setdefault(short, set()).add(formal.strip())
    return {short: frozenset(formals) for short, formals in found.items()}


def is_short_form(short: str, formal: str) -> bool:
    """Whether a given name is a short form of another ("chris", "christopher"; lower case)."""
    return formal in _short_forms().get(short, ())
