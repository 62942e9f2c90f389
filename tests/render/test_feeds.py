"""Feed tests (RSS 2.0, Atom 1.0, JSON Feed 1.1): valid, ordered, deterministic, capped, full text with
its summary, stable ids, no near-duplicates, article text kept as text."""

from __future__ import annotations

import dataclasses
import email.utils
import importlib
import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from feed_reading import (
    ATOM,
    atom_problems,
    content_markup,
    fields,
    json_feed_problems,
    markup,
    markup_problems,
    parse,
    shown,
)
from support import EVIL_AUTHOR, MODEL_CONFIG, make_model

from generator.config import SiteConfig
from generator.model import Article, Grouping, Permalinks, SiteModel, Storyline
from generator.render import render_site
from generator.render.feeds import (
    actor_feed,
    excerpt,
    feed_author,
    feed_files,
    feed_html,
    prepare,
    render_feed,
    rss_text,
    site_feed,
    storyline_feed,
    xml_safe,
)
from generator.render.index import SiteIndex
from generator.render.reuse import Keys
from generator.urls import FEED_FILES, FEED_TYPES


def test_site_feed() -> None:
    data = render_feed(make_model(), MODEL_CONFIG)
    feed = parse(data)
    assert feed.version == "rss20"
    assert feed.feed.title == "Briefing Test"
    assert feed.feed.link == "https://example.org/brief/"
    assert feed.feed.language == "en-GB"
    assert (
        b'<atom:link href="https://example.org/brief/feed.xml" rel="self" type="application/rss+xml"/>'
        in data
    )
    assert b"<lastBuildDate>Wed, 04 May 2022 00:00:00 +0000</lastBuildDate>" in data
    links = [e.link for e in feed.entries]
    ids = [link.rsplit("/", 2)[-2] for link in links]
    assert ids == ["002", "000", "003", "004", "005"]  # newest first, undated last, 001 is a rewrite
    guids = [e.id for e in feed.entries]
    assert guids == links and len(set(guids)) == len(guids)
    assert data.count(b'<guid isPermaLink="true">') == len(feed.entries)
    assert all(link.startswith("https://example.org/brief/articles/") for link in links)
    dated = [e for e in feed.entries if "published_parsed" in e]
    assert len(dated) == 4 and "published" not in feed.entries[-1]
    assert all(len(e.summary) <= 301 for e in feed.entries)
    assert feed.entries[3].author == "Aparna Shandilya"  # dc:creator, not <author>
    assert b"<author>" not in data
    evil = feed.entries[4]  # HTML-escaped text: a reader shows the characters, builds no element
    assert evil.title == "&lt;script&gt;alert(1)&lt;/script&gt;" and evil.title_detail.type == "text/html"
    assert shown(evil.title, evil.title_detail.type) == "<script>alert(1)</script>"
    assert shown(evil.summary, evil.summary_detail.type) == "First <b>para</b> & more. Second para."
    assert EVIL_AUTHOR.encode() not in data


def test_deterministic_and_limited() -> None:
    model = make_model()
    assert render_feed(model, MODEL_CONFIG) == render_feed(make_model(), MODEL_CONFIG)
    small = parse(render_feed(model, dataclasses.replace(MODEL_CONFIG, feed_items=2)))
    assert [e.link.rsplit("/", 2)[-2] for e in small.entries] == ["002", "000"]


def test_storyline_feed() -> None:
    data = render_feed(make_model(), MODEL_CONFIG, "kishi-austin-talks")
    feed = parse(data)
    assert b'href="https://example.org/brief/storylines/kishi-austin-talks/feed.xml" rel="self"' in data
    assert feed.feed.link == "https://example.org/brief/storylines/kishi-austin-talks/index.html"
    assert [e.link.rsplit("/", 2)[-2] for e in feed.entries] == ["002", "000"]


def test_empty_feed_and_email_author() -> None:
    empty = SiteModel(articles=(), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    data = render_feed(empty, SiteConfig())
    assert b"<lastBuildDate>Thu, 01 Jan 1970 00:00:00 +0000</lastBuildDate>" in data
    assert parse(data).entries == []
    art = Article(
        "a", "x.md", "T", "editor", date(2024, 1, 2), "editor", ("Body.",), author="Jo <jo@example.com>"
    )
    one = SiteModel(articles=(art,), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    data = render_feed(one, SiteConfig())
    assert b"<author>jo@example.com (Jo)</author>" in data
    parse(data)


def test_excerpt() -> None:
    assert excerpt(["Short."]) == "Short."
    long = "word " * 100
    out = excerpt([long, "next"], 50)
    assert out.endswith("…") and len(out) <= 51 and not out[:-1].endswith(" ")
    assert excerpt(["a  b\n c", "d"]) == "a b c d"


# Article text that would become markup, or break the XML, if any field were escaped once or not at all.
HOSTILE = (
    '"><script>alert(1)</script><img src=x onerror=alert(2)>',
    "Jane <b>Doe</b> &amp; <i>friends</i>",  # tags feedparser accepts as HTML, and an entity
    "</title></item></channel>]]><![CDATA[<svg onload=alert(3)>]]> <!-- c --> <?pi x?>",
    "Bell\x07 null\x00 vtab\x0b esc\x1b[31m \ufffe\uffff lone\ud800 surrogate",
    "\u202eright-to-left override, then <a href=javascript:alert(4)>a link</a>",
)


def hostile_model() -> SiteModel:
    """One article per hostile string, in its title, body, byline (plain and email form) and storyline."""
    articles = []
    for i, text in enumerate(HOSTILE):
        author = text if i % 2 else f'"{text}" <reporter{i}@example.org>'
        body = (text, f"Second paragraph {text}")
        articles.append(
            Article(f"h{i}", "h.md", text, "editor", date(2024, 3, 9 - i), "editor", body, author=author)
        )
    story = Storyline("hostile", HOSTILE[0], tuple(a.id for a in articles), (), None, None, (), HOSTILE[2])
    grouping = Grouping((story,), {a.id: story.slug for a in articles}, {})
    return SiteModel(articles=tuple(articles), actors=(), grouping=grouping, article_actors={})


def test_hostile_text_stays_text_in_every_feed() -> None:
    model = hostile_model()
    config = SiteConfig(title=f"Site {HOSTILE[1]}", description=HOSTILE[0], base_url="https://example.org/")
    for storyline, kind in itertools.product((None, "hostile"), (0, 1)):
        feed = parse(render_feed(model, config, storyline, kind=kind))
        assert len(feed.entries) == len(HOSTILE)
        assert markup_problems(feed) == [], (storyline, kind)
        assert content_markup(feed) == {"<p>", "</p>"}  # the full text's paragraphs, nothing from the text
        if kind == 0:  # RSS: no element, whatever the reader guesses
            assert all("<" not in value for where, value, _ in fields(feed) if not where.endswith("content"))
        for entry, article in zip(feed.entries, model.articles, strict=True):
            text = " ".join(xml_safe(article.title).split())
            assert " ".join(shown(entry.title, entry.title_detail.type).split()) == text
            body = " ".join(xml_safe(" ".join(article.paragraphs)).split())  # short: the excerpt is all of it
            assert shown(entry.summary, entry.summary_detail.type) == body
            full = shown(entry.content[0].value, entry.content[0].type)
            assert full == "".join(xml_safe(p) for p in article.paragraphs)
            for author in entry.get("authors", ()):  # a byline's name as text, or no name at all
                name = shown(author.get("name", ""), "text/plain" if kind else "text/html")
                assert "<" not in name and "@" not in name and any(c.isalpha() for c in name), name
        assert "<script>alert(1)</script>" in shown(feed.entries[0].title, feed.entries[0].title_detail.type)
        title = shown(feed.feed.title, feed.feed.title_detail.type)
        assert "<b>Doe</b> &amp; <i>friends</i>" in title  # the entity is text too, shown as typed
        subtitle = shown(feed.feed.subtitle, feed.feed.subtitle_detail.type)
        assert subtitle == (HOSTILE[0] if storyline is None else " ".join(xml_safe(HOSTILE[2]).split()))
    for storyline in (None, "hostile"):
        data = render_feed(model, config, storyline, kind=2)
        assert json_feed_problems(data) == []
        feed = json.loads(data)
        for item, article in zip(feed["items"], model.articles, strict=True):
            assert item["title"] == " ".join(xml_safe(article.title).split())  # JSON strings are plain text
            assert markup(item["content_html"]) == ["<p>", "</p>", "<p>", "</p>"]
            assert shown(item["content_html"], "text/html") == "".join(
                xml_safe(p) for p in article.paragraphs
            )


# Bylines as scrapers and editors leave them, and the name a feed shows for each (None: no name).
BYLINES = (
    ("reporter@example.org", None, "reporter@example.org"),
    ("", None, None),
    ("  \t ", None, None),
    ("Jane <b>Doe</b> &amp; <i>Roe</i>", "Jane Doe & Roe", None),
    ("Jane Doe <script>alert(1)</script>", "Jane Doe", None),
    ('"><img src=x onerror=alert(1)>', None, None),
    ("By <img src=x onerror=alert(1)>", None, None),
    ("Name\x08With\x00Controls\x1b", "NameWithControls", None),
    ("\u202eDesk \u2067Editor", "Desk Editor", None),
    ("Long" * 40, None, None),
    ("https://news.example.org/staff/jane-doe", None, None),
    ("By AP and Staff", "AP and Staff", None),
    ("By: Maria Lopez, Harbour Herald", "Maria Lopez, Harbour Herald", None),
    ('"Jo Roe" <jo@example.org>', "Jo Roe", "jo@example.org"),
    ('"<script>alert(1)</script>" <jo@example.org>', None, "jo@example.org"),
    ("Byron Smith", "Byron Smith", None),
)


def test_feed_author_is_a_clean_name_or_none() -> None:
    assert [feed_author(byline) for byline, _, _ in BYLINES] == [(n, e) for _, n, e in BYLINES]


def test_hostile_bylines_give_valid_authors_in_every_format() -> None:
    articles = tuple(
        Article(f"b{i}", "b.md", f"Report {i}", "editor", date(2024, 3, 20 - i), "editor", ("T.",), author=b)
        for i, (b, _, _) in enumerate(BYLINES)
    )
    model = SiteModel(articles=articles, actors=(), grouping=Grouping((), {}, {}), article_actors={})
    config = SiteConfig(title="Desk", base_url="https://example.org/")
    atom = render_feed(model, config, kind=1)
    assert atom_problems(atom, "https://example.org/atom.xml") == []
    rss, jsonfeed = parse(render_feed(model, config, kind=0)), json.loads(render_feed(model, config, kind=2))
    root = ET.fromstring(render_feed(model, config, kind=0))
    for n, (entry, item, (_, name, address)) in enumerate(
        zip(parse(atom).entries, jsonfeed["items"], BYLINES, strict=True)
    ):
        assert [a.get("name") for a in entry.get("authors", ())] == ([name] if name else [])
        assert [a.get("email") for a in entry.get("authors", ())] == ([address] if name else [])
        assert item.get("authors", []) == ([{"name": name}] if name else [])
        rss_item = root.findall("channel/item")[n]
        rss_author = rss_item.findtext("author")  # RSS <author> is an address, else dc:creator
        assert (rss_author is not None) == bool(address and name)  # an address alone: no author
        if rss_author:
            assert email.utils.parseaddr(rss_author)[1] == address
        creator = rss_item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        assert creator == (name if name and not address else None)
        assert rss.entries[n].get("author") in (None, name, address, f"{address} ({name})")


def test_text_that_is_only_forbidden_characters_still_builds() -> None:
    gone = "\x00\x01\ufffe\ud800"
    article = Article("x", "x.md", gone, "editor", date(2024, 1, 2), "editor", (gone,), author=gone)
    model = SiteModel(articles=(article,), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    config = SiteConfig(title=gone, description=gone)
    for kind in (0, 1):
        feed = parse(render_feed(model, config, kind=kind))
        assert feed.feed.title == "http://127.0.0.1:8000/" and feed.feed.subtitle == feed.feed.title
        assert [e.title for e in feed.entries] == ["http://127.0.0.1:8000/articles/x/index.html"]
        assert [a.get("name") for a in feed.entries[0].get("authors", ())] in ([], ["http://127.0.0.1:8000/"])
        entry = feed.entries[0]  # no summary: RSS has the full text as its description
        full = entry.content[0].value if "content" in entry else entry.summary
        assert "Only the headline of this report is available." in full
    assert json_feed_problems(render_feed(model, config, kind=2)) == []


def test_escaping_per_context() -> None:
    assert (
        xml_safe("a\x00b\x08c\td\ne\rf\x0b\x0c\x1f\x7f\x85\ufffe\uffff\ud800\U0001f600")
        == "abc\td\ne\rf\U0001f600"  # C1 controls (\x7f, \x85) too: never text (see _NOT_XML)
    )
    assert xml_safe("<b>&amp;\x00</b>") == "<b>&amp;</b>"  # plain text stays plain; the XML writer escapes it
    assert feed_html("<b>&amp;\x00</b> \"q\" 'a'") == "&lt;b&gt;&amp;amp;&lt;/b&gt; \"q\" 'a'"


FORMATS = (0, 1, 2)  # RSS, Atom, JSON Feed


def _entries(data: bytes, kind: int) -> list[dict[str, object]]:
    """(id, link, date, title, full text, summary, categories) of each item, read the way a reader
    reads the format: feedparser for RSS and Atom, json for JSON Feed."""
    if kind == 2:
        assert json_feed_problems(data) == []
        items = json.loads(data)["items"]
        return [
            {
                "id": i["id"],
                "link": i["url"],
                "date": i.get("date_published", "")[:10],
                "title": i["title"],
                "full": i["content_html"],
                "summary": i.get("summary", ""),
                "tags": i.get("tags", []),
            }
            for i in items
        ]
    feed = parse(data)
    assert feed.version == ("rss20", "atom10")[kind]
    return [
        {
            "id": e.id,
            "link": e.link,
            "date": f"{e.published_parsed.tm_year:04d}-{e.published_parsed.tm_mon:02d}-"
            f"{e.published_parsed.tm_mday:02d}"
            if "published_parsed" in e
            else "",
            "title": shown(e.title, e.title_detail.type),
            "full": e.content[0].value,
            "summary": shown(e.summary, e.summary_detail.type),
            "tags": [t.term for t in e.get("tags", ())],
        }
        for e in feed.entries
    ]


def test_the_three_formats_carry_the_same_items_with_full_text_and_categories() -> None:
    model = make_model()
    articles = {a.id: a for a in model.articles}
    for feed in ({}, {"storyline": "kishi-austin-talks"}, {"actor": "nobuo-kishi"}):
        read = [_entries(render_feed(model, MODEL_CONFIG, kind=kind, **feed), kind) for kind in FORMATS]
        assert read[0] == read[1] == read[2], feed
        for entry in read[0]:
            article = articles[str(entry["link"]).rsplit("/", 2)[-2]]
            assert (
                entry["id"] == entry["link"] == f"https://example.org/brief/articles/{article.id}/index.html"
            )
            assert entry["date"] == (article.date.isoformat() if article.date else "")
            assert shown(str(entry["full"]), "text/html") == "".join(article.paragraphs)  # the full text
            assert entry["summary"] == excerpt(article.paragraphs) and len(str(entry["summary"])) <= 301
            story = next((s for s in model.grouping.storylines if article.id in s.articles), None)
            actors = {a.slug: a.name for a in model.actors}
            expected = ([story.title] if story else []) + [
                actors[s] for s in model.article_actors[article.id]
            ]
            assert entry["tags"] == expected
    site = _entries(render_feed(model, MODEL_CONFIG, kind=2), 2)
    assert [str(e["id"]).rsplit("/", 2)[-2] for e in site] == ["002", "000", "003", "004", "005"]


def test_atom_and_json_feed_rules_and_dates_from_the_newest_item() -> None:
    model = make_model()
    base = "https://example.org/brief/"
    for feed, folder, newest in (
        ({}, "", "2022-05-04"),
        ({"storyline": "japan-us-two-plus-two"}, "storylines/japan-us-two-plus-two/", "2022-01-21"),
        ({"actor": "lloyd-austin"}, "actors/lloyd-austin/", "2022-05-04"),
    ):
        url = f"{base}{folder}atom.xml"
        data = render_feed(model, MODEL_CONFIG, kind=1, **feed)
        assert atom_problems(data, url) == []
        root = ET.fromstring(data)
        assert root.findtext(f"{ATOM}updated") == f"{newest}T00:00:00+00:00"
        assert (
            root.findtext(f"{ATOM}id") == url and root.findtext(f"{ATOM}author/{ATOM}name") == "Briefing Test"
        )
        rss = ET.fromstring(render_feed(model, MODEL_CONFIG, kind=0, **feed))
        assert rss.findtext("channel/lastBuildDate") == email.utils.format_datetime(
            datetime.fromisoformat(f"{newest}T00:00:00+00:00")
        )
        document = json.loads(render_feed(model, MODEL_CONFIG, kind=2, **feed))
        assert document["feed_url"] == url.replace("atom.xml", "feed.json")
        assert document["version"] == "https://jsonfeed.org/version/1.1" and document["language"] == "en-GB"
    undated = ET.fromstring(render_feed(model, MODEL_CONFIG, kind=1)).findall(f"{ATOM}entry")[-1]
    assert undated.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"  # the epoch: never the clock
    assert undated.find(f"{ATOM}published") is None


def test_caps_site_and_topic_feeds() -> None:
    model = make_model()
    small = dataclasses.replace(MODEL_CONFIG, feed_items=2, topic_feed_items=1)
    for kind in FORMATS:
        assert len(_entries(render_feed(model, small, kind=kind), kind)) == 2
        assert len(_entries(render_feed(model, small, "kishi-austin-talks", kind=kind), kind)) == 1
        assert len(_entries(render_feed(model, small, actor="japan", kind=kind), kind)) == 1
        assert len(_entries(render_feed(model, MODEL_CONFIG, actor="japan", kind=kind), kind)) == 5


def test_actor_feeds_and_follow_links() -> None:
    model = make_model()
    pages = {p.path: p.content for p in render_site(model, MODEL_CONFIG)}
    # Kyodo News is named in one report only (a rewrite): no feeds; each other actor in two or more.
    for slug in ("japan", "lloyd-austin", "nobuo-kishi", "united-states"):
        assert {f"actors/{slug}/{name}" for name in FEED_FILES} <= set(pages)
        html = pages[f"actors/{slug}/index.html"].decode()
        assert (
            '<p class="follow">Follow this actor: <a href="feed.xml" type="application/rss+xml">RSS</a> · '
            '<a href="atom.xml" type="application/atom+xml">Atom</a> · '
            '<a href="feed.json" type="application/feed+json">JSON Feed</a></p>'
        ) in html
        head = html.split("</head>")[0]
        assert '<link rel="alternate" type="application/atom+xml" title="\u2068' in head
        assert head.index('href="feed.json"') < head.index('href="../../feed.xml"')  # its own first
    assert not any(p.startswith("actors/kyodo-news/") and p.endswith(FEED_FILES) for p in pages)
    assert 'class="follow"' not in pages["actors/kyodo-news/index.html"].decode()
    for slug in ("kishi-austin-talks", "japan-us-two-plus-two"):
        html = pages[f"storylines/{slug}/index.html"].decode()
        assert '<p class="follow">Follow this storyline: <a href="feed.xml"' in html
    for path in ("index.html", "about/index.html", "articles/000/index.html"):
        head = pages[path].decode().split("</head>")[0]
        assert sum(f'type="{media}"' in head for media in FEED_TYPES) == 3, path


def test_opml_lists_each_feed_once() -> None:
    model = make_model()
    pages = {p.path: p.content for p in render_site(model, MODEL_CONFIG)}
    root = ET.fromstring(pages["feeds.opml"])
    assert root.tag == "opml" and root.get("version") == "2.0" and root.findtext("head/title")
    outlines = [o for o in root.iter("outline") if o.get("type") == "rss"]
    urls = [o.get("xmlUrl") or "" for o in outlines]
    assert len(urls) == len(set(urls)) == 1 + 2 + 4  # the site, two storylines, four actors
    base = MODEL_CONFIG.absolute_base_url
    feeds = {p for p in pages if p.endswith("feed.xml")}
    assert {u.removeprefix(base) for u in urls} == feeds
    assert all(o.get("text") for o in outlines)
    homes = {(o.get("htmlUrl") or "").removeprefix(base) or "index.html" for o in outlines}
    assert homes <= set(pages)
    about = pages["about/index.html"].decode()
    assert 'href="../feeds.opml"' in about and 'href="feeds.opml"' in pages["index.html"].decode()


def test_item_ids_stay_when_a_storyline_is_renamed_or_merged_away() -> None:
    model = make_model()
    before = {
        kind: _entries(render_feed(model, MODEL_CONFIG, "kishi-austin-talks", kind=kind), kind)
        for kind in FORMATS
    }
    talks = model.grouping.storylines[0]
    renamed = dataclasses.replace(talks, slug="kishi-visit", title="Kishi visits Washington")
    permalinks = Permalinks({"kishi-visit": talks.articles}, {"kishi-austin-talks": "kishi-visit"})
    grouping = dataclasses.replace(
        model.grouping,
        storylines=(renamed, model.grouping.storylines[1]),
        storyline_of={
            k: "kishi-visit" if v == talks.slug else v for k, v in model.grouping.storyline_of.items()
        },
        permalinks=permalinks,
    )
    moved = dataclasses.replace(model, grouping=grouping)
    pages = {p.path: p.content for p in render_site(moved, MODEL_CONFIG)}
    for kind, name in zip(FORMATS, FEED_FILES, strict=True):
        after = _entries(pages[f"storylines/kishi-visit/{name}"], kind)
        assert [e["id"] for e in after] == [
            e["id"] for e in before[kind]
        ]  # the article's, not the storyline's
        assert all(e["tags"][0] == "Kishi visits Washington" for e in after)
        assert pages[f"storylines/kishi-austin-talks/{name}"] == pages[f"storylines/kishi-visit/{name}"]
    assert b"storylines/kishi-visit/atom.xml" in pages["storylines/kishi-austin-talks/atom.xml"]


def test_an_item_is_made_once_for_every_feed_holding_it() -> None:
    ix = SiteIndex(make_model(), MODEL_CONFIG)
    prepare(ix)
    site = {i.url: i for i in site_feed(ix).items}
    story = {i.url: i for i in storyline_feed(ix, "kishi-austin-talks").items}
    actor = {i.url: i for i in actor_feed(ix, "nobuo-kishi").items}
    assert (
        story
        and actor
        and all(site[u] is story[u] for u in story)
        and all(site[u] is actor[u] for u in actor)
    )


def _feed_leaves(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], object]]:
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) or (isinstance(value, tuple) and hasattr(value, "_fields")):
        names = (
            [f.name for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else value._fields
        )
        for name in names:
            yield from _feed_leaves(getattr(value, name), (*path, name))
    elif isinstance(value, tuple):
        for n, item in enumerate(value):
            yield from _feed_leaves(item, (*path, n))


def _replace(value: Any, path: tuple[Any, ...], new: str) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        return (*value[:head], _replace(value[head], rest, new), *value[head + 1 :])
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{head: _replace(getattr(value, head), rest, new)})
    return value._replace(**{head: _replace(getattr(value, head), rest, new)})


def test_every_value_of_a_feed_view_is_written_and_keyed() -> None:
    """The view is each file's key: every text it holds is written in some file (so a change in it
    changes bytes), and any change in it changes the key of each file."""
    ix = SiteIndex(make_model(), MODEL_CONFIG)
    view = storyline_feed(ix, "kishi-austin-talks")
    keys = Keys("salt", None)
    before, key = feed_files(view), keys.keys(view.paths, view)
    checked = 0
    for where, value in _feed_leaves(view):
        variant = _replace(view, where, f"{value}x")
        new_keys = keys.keys(variant.paths, variant)
        assert all(a != b for a, b in zip(new_keys, key, strict=True)), where
        if where[0] != "paths":
            assert feed_files(variant) != before, where
            checked += 1
    assert checked > 20


def test_rss_plain_text_is_escaped_only_where_html_would_read_it_otherwise() -> None:
    assert rss_text("Tom & Jerry > AT&T") == "Tom & Jerry > AT&T"  # HTML shows these as they are
    assert rss_text("Fish &amp; chips") == "Fish &amp;amp; chips"  # an entity: shown as typed
    assert rss_text("a &copy b") == "a &amp;copy b"  # HTML reads "&copy" even without ";"
    assert rss_text("<b>bold</b>\x00") == "&lt;b&gt;bold&lt;/b&gt;"
    model = make_model()
    ampersand = dataclasses.replace(model.articles[0], title="Blinken & Austin <meet>")
    model = dataclasses.replace(model, articles=(ampersand, *model.articles[1:]))
    data = render_feed(model, MODEL_CONFIG)
    assert b"<title>Blinken &#x26;amp; Austin &#x26;lt;meet&#x26;gt;</title>" in data  # hexadecimal, as
    assert b"&amp;" not in data.split(b"<![CDATA[")[0]  # the RSS Best Practices Profile asks
    assert parse(data).entries[0].title == "Blinken &amp; Austin &lt;meet&gt;"
    atom = render_feed(model, MODEL_CONFIG, kind=1)  # Atom declares the type of a text that needs HTML
    assert b'<title type="html">Blinken &amp;amp; Austin &amp;lt;meet&amp;gt;</title>' in atom
    assert b"<title>Briefing Test</title>" in atom  # plain text, Atom's default, elsewhere
    assert parse(atom).entries[0].title == "Blinken &amp; Austin &lt;meet&gt;"


def test_atom_entries_of_one_day_have_distinct_updated_times() -> None:
    day = date(2024, 3, 9)
    articles = tuple(
        Article(f"s{i}", "s.md", f"Report {i}", "editor", day, "editor", ("T.",)) for i in range(3)
    )
    model = SiteModel(articles=articles, actors=(), grouping=Grouping((), {}, {}), article_actors={})
    root = ET.fromstring(render_feed(model, SiteConfig(title="Desk"), kind=1))
    updated = [e.findtext(f"{ATOM}updated") for e in root.findall(f"{ATOM}entry")]
    # Newest first, one second apart within the day (dates have no time); the feed's the newest.
    assert updated == ["2024-03-09T00:00:02+00:00", "2024-03-09T00:00:01+00:00", "2024-03-09T00:00:00+00:00"]
    assert root.findtext(f"{ATOM}updated") == updated[0]
    published = {e.findtext(f"{ATOM}published") for e in root.findall(f"{ATOM}entry")}
    assert published == {"2024-03-09T00:00:00+00:00"}  # the day itself


def test_c1_controls_and_lost_characters_are_dropped_from_feed_text() -> None:
    # Windows-1252 read as Latin-1 leaves C1 controls ("\x93quoted\x94"); a lost byte leaves U+FFFD.
    assert xml_safe("He said \x93no\x94 \ufffd twice\x85") == "He said no  twice"
    assert xml_safe("caf\u00e9 \u2014 \u00a0ok") == "caf\u00e9 \u2014 \u00a0ok"  # text characters stay


def test_an_items_entry_xml_is_written_once_and_shared_by_every_feed_holding_it() -> None:
    """Each item's RSS and Atom entry and JSON Feed line is written once per render process and
    copied into every feed holding it; the feeds are byte for byte those written with none kept."""
    feeds_module = importlib.import_module("generator.render.feeds")  # (the package's `feeds` is a function)
    ix = SiteIndex(make_model(), MODEL_CONFIG)
    prepare(ix)
    views = [site_feed(ix), storyline_feed(ix, "kishi-austin-talks"), actor_feed(ix, "nobuo-kishi")]
    shared = {i.url for i in views[1].items} & {i.url for i in views[2].items}
    assert shared  # an item in more than one feed
    feeds_module.reset()
    kept = [feed_files(v) for v in views]
    assert len(feeds_module._ENTRIES) == 3 * len({i.url for v in views for i in v.items})  # a format each
    fresh = []
    for view in views:
        feeds_module.reset()  # nothing kept: each feed's entries written afresh
        fresh.append(feed_files(view))
    assert fresh == kept
    feeds_module.reset()
