"""The country table: names, demonyms and capitals that stand for a country's government."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

import pycountry
import yaml


@lru_cache(maxsize=1)
def _bundled() -> dict[str, dict[str, list[str]]]:
    text = files("generator").joinpath("data/countries.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _iso_names() -> dict[str, str]:
    """ISO 3166 short names (and common names) -> the name to show.

    A name that is also a region of another country ("Georgia", a US state) is left out: it is
    ambiguous, and news mostly means the region. The curated table or the editor can add it back.
    """
    foreign_regions: dict[str, set[str]] = {}
    for region in pycountry.subdivisions:
        foreign_regions.setdefault(region.name.lower(), set()).add(region.country_code)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        if foreign_regions.get(country.name.lower(), {country.alpha_2}) - {country.alpha_2}:
            continue
        shown = getattr(country, "common_name", None) or country.name
        if "," in shown:  # "Korea, Republic of": left to the curated table
            continue
        for name in {country.name, shown, getattr(country, "official_name", shown)}:
            if "," not in name:
                names[name.lower()] = shown
    return names


def country_table(extra: dict[str, Any] | None = None) -> dict[str, str]:
    """Lower-cased surface form -> country name, from ISO names, the bundled table and `extra`."""
    table = _iso_names()
    curated = dict(_bundled())
    curated.update(extra or {})
    for name, entry in curated.items():
        table[name.lower()] = name
        for key in ("aliases", "demonyms", "capitals"):
            for surface in (entry or {}).get(key, []) or []:
                table[str(surface).lower()] = name
    return table


@lru_cache(maxsize=8)
def _country_words(extra: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    curated = dict(_bundled())
    curated.update(yaml.safe_load(extra) or {})
    demonyms: set[str] = set()
    capitals: set[str] = set()
    for entry in curated.values():
        demonyms.update(str(s).lower() for s in (entry or {}).get("demonyms", []) or [])
        capitals.update(str(s).lower() for s in (entry or {}).get("capitals", []) or [])
    table = country_table(yaml.safe_load(extra) or {})
    names = frozenset(s for s in table if s not in demonyms and s not in capitals)
    return frozenset(demonyms), frozenset(capitals - names), names


def country_words(
    extra: dict[str, Any] | None = None,
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The lower-cased demonyms, capitals, and names (with aliases) of the country table."""
    return _country_words(yaml.safe_dump(extra or {}, sort_keys=True))


@lru_cache(maxsize=8)
def _acronyms(extra: str) -> frozenset[str]:
    curated = dict(_bundled())
    curated.update(yaml.safe_load(extra) or {})
    return frozenset(
        str(alias).lower()
        for entry in curated.values()
        for alias in (entry or {}).get("aliases", []) or []
        if str(alias).replace(".", "").isupper()
    )


def country_acronyms(extra: dict[str, Any] | None = None) -> frozenset[str]:
    """The lower-cased country aliases written in capitals ("us", "u.k."): they name the country only
    in capitals ("Like Us on Facebook" is no country)."""
    return _acronyms(yaml.safe_dump(extra or {}, sort_keys=True))
