"""The shortcuts the render takes for speed give what the general code gives: hrefs shared by
sibling pages, template output escaped as plain text, rows of a key hashed flat."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from generator import urls
from generator.render.environment import output_text
from generator.render.links import Links, sibling_hrefs
from generator.render.reuse import encode, plain
from generator.render.views import CountedLink, Link


def test_sibling_hrefs_are_the_hrefs_each_sibling_page_has() -> None:
    pages = [urls.actor_url(s) for s in ("kishi", "austin", "a b#c")]
    targets = [
        urls.article_url("report#2"),
        urls.storyline_url("summit"),
        *pages,
        urls.actor_url("kishi-nobuo"),
        urls.ACTORS,
        "feed.xml",
    ]
    shared = sibling_hrefs(pages[:2], targets)
    for page in pages:
        links = Links(page)
        own = page.rpartition("/")[0] + "/"
        for target in targets:
            if not target.startswith(own):  # a page's own folder: it links itself by its own Links
                assert shared[target] == links(target), (page, target)


def test_output_text_writes_what_markupsafe_escape_writes() -> None:
    for value in ("<script>alert(\"x\")</script> & 'q'", "plain", "", 42, 0, None, 1.5, Markup("<b>ok</b>")):
        found = output_text(value)
        assert found == str(escape(value))
        assert type(found) is (Markup if isinstance(value, Markup) else str)  # no wrapper made


def test_rows_of_named_tuples_encode_apart_when_any_value_differs() -> None:
    rows = (CountedLink("a/", "A", 1), CountedLink("b/", "B", 2))
    same = (CountedLink("a/", "A", 1), CountedLink("b/", "B", 2))
    assert encode(plain(rows)) == encode(plain(same))
    shifted = (CountedLink("a/", "A", 1), CountedLink("b/", "B", 3))
    assert encode(plain(rows)) != encode(plain(shifted))
    other_kind = (Link("a/", "A"), Link("b/", "B"))
    assert encode(plain(other_kind)) != encode(plain((Link("a/", "AB"),)))
    dated = ((date(2022, 5, 4), "x"),)
    assert encode(plain(dated)) != encode(plain(((738279, "x"),)))  # a date is no ordinal
