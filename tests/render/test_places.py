"""Place pages: which places get one, one page per place with a unique slug, the index, "Where" on
storyline pages, data/places.json, and every link of those pages resolving."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re

import pytest
from support import MODEL_CONFIG as CONFIG
from support import make_model

from generator.model import SiteModel
from generator.render import render_site
from generator.render.places import find_places, place_key
from generator.resolve.names import names_a_site

# make_model: 002 (May 2022), 001, 000 (April 2022), 003 (Jan 2022), 004 (Nov 2021), newest first;
# storylines 000-002 (talks, to May 2022) and 003-004 (summit, to Jan 2022).
PLACES = {
    "000": ("Riverton", "Main Street", "Ben Taub Hospital", "Japan", "the East"),
    "001": ("Riverton", "Main Street", "Ben Taub Hospital", "Okinawa"),
    "002": ("Dayton, Ohio", "Sao Paulo", "1200 Elm"),
    "003": ("Dayton", "São Paulo", "U.S.", "East"),
    "004": ("Sao Paulo", "São Paulo", "1200 Elm", "Lone Pine"),
}


@pytest.fixture(scope="module")
def model() -> SiteModel:
    # the sites among them as the resolve stage gives them (`Resolution.sites`): render reads them
    sites = frozenset(n for names in PLACES.values() for n in names if names_a_site(n))
    return dataclasses.replace(make_model(), places=PLACES, sites=sites)


@pytest.fixture(scope="module")
def site(model: SiteModel) -> dict[str, bytes]:
    return {p.path: p.content for p in render_site(model, CONFIG)}


def test_sites_are_no_places_to_follow() -> None:
    sites = ("Main Street", "Ben Taub Hospital", "Cadieux Road", "1200 Elm", "I-95", "Grand Theatre")
    sites += ("Silver Bell Circle", "Yaupon Trail", "Centennial Hill Bar", "Harris County Sheriff")
    for site in sites:
        assert names_a_site(site), site
    towns = ("Riverton", "Dayton", "Harris County", "Lone Pine", "São Paulo", "Indo-Pacific region")
    for town in (*towns, "Third Ward", "Park Manor"):
        assert not names_a_site(town), town


def test_which_places_get_a_page(model: SiteModel) -> None:
    index = find_places(model)
    names = {p.name: p for p in index.places}
    assert set(names) == {"Riverton", "Dayton", "Sao Paulo", "São Paulo"}
    assert names["Riverton"].articles == ("001", "000")  # the model's order: newest first
    # Named once (Okinawa, Lone Pine): too little for a page; streets, hospitals, addresses and
    # compass words never; a country ("Japan", "U.S." an alias) is its actor's page.
    assert index.targets[place_key("Japan", {"japan": "japan"})[0]] == "actors/japan/index.html"
    assert index.targets["u.s."] == "actors/united-states/index.html"
    assert index.names["u.s."] == "United States"
    for key in ("okinawa", "lone pine", "main street", "ben taub hospital", "1200 elm", "east"):
        assert key not in index.targets, key


def test_a_name_resolve_found_standing_for_a_site_gets_no_page(model: SiteModel) -> None:
    assert "Riverton" in {p.name for p in find_places(model).places}
    as_site = dataclasses.replace(model, sites=model.sites | {"Riverton"})
    assert {p.name for p in find_places(as_site).places} == {"Dayton", "Sao Paulo", "São Paulo"}


def test_one_page_per_place_and_unique_slugs(model: SiteModel) -> None:
    places = find_places(model).places
    dayton = [p for p in places if p.name.startswith("Dayton")]
    assert len(dayton) == 1 and set(dayton[0].articles) == {"002", "003"}  # "Dayton, Ohio" is Dayton
    slugs = [p.slug for p in places]
    assert len(set(slugs)) == len(slugs)
    assert {"sao-paulo", "sao-paulo-2"} <= set(slugs)  # two spellings, two keys: slugs never collide


def test_place_pages_and_index(site: dict[str, bytes]) -> None:
    index = site["places/index.html"].decode()
    for name, slug in (("Riverton", "riverton"), ("Dayton", "dayton"), ("São Paulo", "sao-paulo-2")):
        assert f'href="{slug}/index.html" dir="auto">{name}</a>' in index
    assert "Main Street" not in index and "Okinawa" not in index
    page = site["places/dayton/index.html"].decode()
    assert "<h1><bdi>Dayton</bdi></h1>" in page
    hrefs = re.findall(r'class="item-title" href="([^"]+)"', page)
    assert hrefs == ["../../articles/002/index.html", "../../articles/003/index.html"]  # newest first
    days = page[page.index('id="articles"') :]
    assert days.index('datetime="2022-05-04"') < days.index('datetime="2022-01-21"')  # day headings
    stories = page[page.index('id="storylines"') : page.index('id="articles"')]
    assert stories.index("kishi-austin-talks") < stories.index("japan-us-two-plus-two")  # most recent first
    assert '<a href="../index.html" aria-current="page">Places</a>' in page  # the menu's entry


def test_where_on_storyline_pages(site: dict[str, bytes]) -> None:
    talks = site["storylines/kishi-austin-talks/index.html"].decode()
    start = talks.index('id="where"')
    where = talks[start : talks.index("</section>", start)]
    links = re.findall(r'<a href="([^"]+)" dir="auto">([^<]+)</a>', where)
    # Riverton is named in two of its articles, first in both; Japan (a country) links to its actor.
    assert links[0] == ("../../places/riverton/index.html", "Riverton")
    assert ("../../actors/japan/index.html", "Japan") in links
    assert all("main-street" not in href and "okinawa" not in href for href, _ in links)


def test_places_json(site: dict[str, bytes], model: SiteModel) -> None:
    records = json.loads(site["data/places.json"])
    assert [r["slug"] for r in records] == [p.slug for p in find_places(model).places]
    assert {"slug": "riverton", "name": "Riverton", "articles": ["001", "000"]} in records


def test_links_of_place_pages_resolve(site: dict[str, bytes]) -> None:
    pages = [p for p in site if p.startswith("places/") or p.startswith("storylines/")]
    assert any(p.startswith("places/") and p != "places/index.html" for p in pages)
    for path in pages:
        if not path.endswith(".html"):
            continue
        for href in re.findall(r'href="([^"#:]+)"', site[path].decode()):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            assert target in site, (path, href)


def test_no_places_no_pages() -> None:
    pages = {p.path: p.content for p in render_site(make_model(), CONFIG)}
    assert b"No places yet." in pages["places/index.html"]
    assert json.loads(pages["data/places.json"]) == []
    assert b'id="where"' not in pages["storylines/kishi-austin-talks/index.html"]


def test_a_long_index_splits_by_initial(model: SiteModel) -> None:
    config = dataclasses.replace(CONFIG, actors_per_page=2)  # 4 places: the most named, then A-Z
    pages = {p.path: p.content.decode() for p in render_site(model, config) if p.path.startswith("places/")}
    first = pages["places/index.html"]
    assert '<h2 id="group-1">Most named</h2>' in first
    assert 'href="letter/d/index.html"' in first and 'href="letter/r/index.html"' in first
    s_page = pages["places/letter/s/index.html"]
    assert "Sao Paulo" in s_page and "São Paulo" in s_page and "Riverton" not in s_page
    assert '<a href="index.html" aria-current="page">S</a>' in s_page


def test_a_state_in_ap_style_is_the_state() -> None:
    # "DAYTON, Ohio (AP)", "Tampa, Fla.": AP abbreviations are the state; a postal code is not
    # rewritten ("LA" is as often Los Angeles), nor a lower-case word that looks like one.
    assert place_key("Fla.", {}) == place_key("Florida", {}) == ("florida", "Florida")
    assert place_key("N.Y.", {}) == ("new york", "New York")
    assert place_key("Tampa, Fla.", {}) == ("tampa", "Tampa")
    assert place_key("Ind", {})[1] == "Indiana" and place_key("Tenn.", {})[1] == "Tennessee"
    assert place_key("LA", {}) == ("la", "LA") and place_key("la", {}) == ("la", "la")


def test_state_abbreviations_share_the_page_and_datelines_do_not_shout() -> None:
    places = {
        "000": ("Fla.", "LOUISVILLE", "Jr."),
        "001": ("Florida", "Louisville", "Jr.", "ST"),
        "002": ("Fla", "LOUISVILLE", "ST", "LA"),
        "003": ("LA", "SPRINGFIELD"),
        "004": ("SPRINGFIELD",),
    }
    index = find_places(dataclasses.replace(make_model(), places=places))
    names = {p.name: p.articles for p in index.places}
    # one page for the state however it is written; the spelling shown is not a dateline's capitals
    # though those are the most used; one or two letters are no place but a state's postal code
    assert names == {
        "Florida": ("002", "001", "000"),
        "Louisville": ("002", "001", "000"),
        "LA": ("002", "003"),
        "Springfield": ("003", "004"),
    }
