"""What a reader scans on storyline and actor pages: the top facts, the timeline by day, the SVG
charts, related storylines and the quotes (views built from make_model(), and their pages)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date, timedelta

from support import MODEL_CONFIG as CONFIG
from support import make_model

from generator.model import Quote, SiteModel, Storyline
from generator.render import render_site
from generator.render.actors import ACTOR_QUOTES, ActorView, actor_page
from generator.render.index import RELATED_MAX_HOLDERS, SiteIndex
from generator.render.storylines import KEY_QUOTES, StorylineView, storyline_page
from generator.render.views import CHART_MAX_BARS, bar_chart

TALKS = "storylines/kishi-austin-talks/index.html"


def story_view(model: SiteModel, slug: str = "kishi-austin-talks") -> StorylineView:
    ix = SiteIndex(model, CONFIG)
    view = storyline_page(ix, ix.storylines[slug]).view
    assert isinstance(view, StorylineView)
    return view


def actor_view(model: SiteModel, slug: str) -> ActorView:
    ix = SiteIndex(model, CONFIG)
    view = actor_page(ix, ix.actors[slug]).view
    assert isinstance(view, ActorView)
    return view


def test_the_top_facts_of_a_storyline() -> None:
    view = story_view(make_model())
    # 002 (4 May) is the newest report; 000 (21 April, Kyodo News) the first; 001 is ANI's rewrite
    assert view.latest is not None and view.latest.href == "../../articles/002/index.html"
    assert view.latest.date == date(2022, 5, 4) and view.latest.source == "Kyodo News"
    c = view.coverage
    assert (c.articles, c.outlets, c.days) == (3, 2, 14)  # Kyodo News and ANI; 21 April to 4 May
    assert c.first is not None and c.first.text == "Kyodo News" and c.first_date == date(2022, 4, 21)
    assert c.first.href == "../../articles/000/index.html" and c.updated == date(2022, 5, 4)
    html = render_site(make_model(), CONFIG)
    page = next(p for p in html if p.path == TALKS).content.decode()
    assert "3 articles from 2 outlets" in page and "(14 days)" in page
    assert page.index("Latest:") < page.index("First reported") < page.index('id="timeline"')


def test_the_first_reporter_is_the_earliest_dated_article_whatever_the_order() -> None:
    model = make_model()
    # ANI's rewrite moved a day before Kyodo News's report: ANI reported first
    articles = tuple(
        dataclasses.replace(a, date=date(2022, 4, 20)) if a.id == "001" else a for a in model.articles
    )
    c = story_view(dataclasses.replace(model, articles=articles)).coverage
    assert c.first is not None and c.first.text == "ANI" and c.first_date == date(2022, 4, 20)
    undated = tuple(dataclasses.replace(a, date=None, source=None) for a in model.articles)
    c = story_view(dataclasses.replace(model, articles=undated)).coverage
    assert c.outlets == 0 and c.updated is None and c.first is not None and c.first_date is None


def test_the_timeline_is_by_day_newest_first_with_rewrites_as_also_reported_by() -> None:
    view = story_view(make_model())
    assert [d.date for d in view.days] == [date(2022, 5, 4), date(2022, 4, 21)]
    assert [[i.href for i in d.items] for d in view.days] == [
        ["../../articles/002/index.html"],
        ["../../articles/000/index.html"],
    ]
    assert [r.text for r in view.days[1].items[0].rewrites] == ["ANI"]  # 001 under its original
    model = make_model()
    undated = tuple(dataclasses.replace(a, date=None) if a.id == "002" else a for a in model.articles)
    days = story_view(dataclasses.replace(model, articles=undated)).days
    assert [d.date for d in days] == [date(2022, 4, 21), None]  # undated last


def test_the_svg_chart_is_byte_stable_and_says_what_it_shows() -> None:
    first = {p.path: p.content for p in render_site(make_model(), CONFIG)}
    second = {p.path: p.content for p in render_site(make_model(), CONFIG)}
    for path in (TALKS, "actors/lloyd-austin/index.html"):
        svg = re.findall(rb"<svg.*?</svg>", first[path], re.S)
        assert len(svg) == 1 and svg == re.findall(rb"<svg.*?</svg>", second[path], re.S), path
        assert b'role="img" aria-labelledby="chart-title"' in svg[0] and b"<script" not in svg[0]
        assert b'<title id="chart-title">' in svg[0]
    talks = first[TALKS].decode()
    assert "Articles per day from 21 April 2022 to 4 May 2022: 3 in all." in talks
    assert talks.count("<rect ") == 3  # 21 April, 22 April (ANI), 4 May; the empty days have none
    austin = first["actors/lloyd-austin/index.html"].decode()
    assert "Mentions per month from November 2021 to May 2022: 8 in all; most in April 2022 (4)." in austin
    assert "<title>April 2022: 4 mentions</title>" in austin


def test_a_chart_has_a_bar_per_period_and_coarser_periods_when_long() -> None:
    days = Counter({date(2024, 1, 1): 2, date(2024, 1, 3): 4})
    chart = bar_chart(days, "article")
    assert chart is not None and chart.width == 30 and [b.x for b in chart.bars] == [1, 21]
    assert [b.height for b in chart.bars] == [20, 40] and [b.y for b in chart.bars] == [20, 0]
    assert (
        chart.label
        == "Articles per day from 1 January 2024 to 3 January 2024: 6 in all; most on 3 January 2024 (4)."
    )
    long = Counter({date(2024, 1, 1) + timedelta(days=n): 1 for n in range(0, 400, 9)})
    weekly = bar_chart(long, "article")
    assert weekly is not None and weekly.label.startswith("Articles per week from the week of 1 January 2024")
    assert len(weekly.bars) == len(long) and weekly.width // 10 <= CHART_MAX_BARS
    assert bar_chart({}, "article") is None and bar_chart({date(2024, 1, 1): 0}, "article") is None
    assert bar_chart({date(2024, 5, 17): 3, date(2024, 5, 30): 1}, "mention", "month") is None  # one bar
    two = bar_chart({date(2024, 5, 17): 3, date(2024, 6, 1): 1}, "mention", "month")
    assert (
        two is not None
        and two.label == "Mentions per month from May 2024 to June 2024: 4 in all; most in May 2024 (3)."
    )


def with_storylines(model: SiteModel, *extra: Storyline) -> SiteModel:
    grouping = dataclasses.replace(model.grouping, storylines=model.grouping.storylines + extra)
    return dataclasses.replace(model, grouping=grouping)


def story(slug: str, actors: tuple[str, ...], day: int) -> Storyline:
    return Storyline(slug, slug.title(), ("003",), actors, date(2022, 1, day), date(2022, 1, day))


def test_related_storylines_share_the_most_specific_actors() -> None:
    model = with_storylines(
        make_model(),
        # Lloyd Austin: key actor of 2 storylines; the United States of 3; Japan of all 4
        story("austin-trip", ("lloyd-austin", "japan"), 5),
        story("japan-us-trade", ("japan", "united-states"), 9),
        story("unrelated", ("kyodo-news",), 10),
    )
    related = [c.title for c in story_view(model).related]
    # sharing Austin and Japan outweighs sharing the United States and Japan; then the most recent first
    assert related == ["Austin-Trip", "Japan-US two-plus-two", "Japan-Us-Trade"]
    alone = story_view(model, "unrelated")
    assert (
        alone.related == () and alone.latest is None and alone.coverage.first is None
    )  # one article: the title's
    assert alone.chart is None and alone.coverage.articles == 1
    html = {p.path: p.content.decode() for p in render_site(model, CONFIG) if p.path.endswith(".html")}
    assert (
        "Related storylines" in html[TALKS]
        and "Related storylines" not in html["storylines/unrelated/index.html"]
    )
    assert html[TALKS].index("../austin-trip/index.html") < html[TALKS].index("../japan-us-trade/index.html")


def test_key_quotes_put_distinct_speakers_first() -> None:
    view = story_view(make_model())
    # Kishi's two quotes and Austin's two, from 002; the ministry's and the unattributed ones left out
    assert [q.speaker.text if q.speaker else None for q in view.quotes] == [
        "Nobuo Kishi",
        "Lloyd Austin",
        "Nobuo Kishi",
        "Lloyd Austin",
    ]
    assert view.quotes[0].text == "a serious challenge to the international order"
    assert view.quotes[1].text == "far beyond Europe"
    assert all(q.href == "../../articles/002/index.html" for q in view.quotes)
    assert view.quotes[0].speaker and view.quotes[0].speaker.href == "../../actors/nobuo-kishi/index.html"
    assert story_view(make_model(), "japan-us-two-plus-two").quotes[0].speaker.text == "Kyodo News"  # type: ignore[union-attr]


def many_quotes(model: SiteModel, n: int) -> SiteModel:
    """`model` with `n` more quotes by Kyodo News in 003 (and one repeating the first in older 004)."""
    more = tuple(Quote("003", 5000 + i, 0, f"quote number {i} here", "Kyodo", "kyodo-news") for i in range(n))
    again = Quote("004", 9000, 0, "Quote  number 0 HERE", "Kyodo", "kyodo-news")
    return dataclasses.replace(model, quotes=model.quotes + more + (again,))


def test_key_quotes_are_capped_and_each_wording_shown_once() -> None:
    view = story_view(many_quotes(make_model(), 10), "japan-us-two-plus-two")
    texts = [q.text for q in view.quotes]
    assert len(texts) == KEY_QUOTES and len(set(texts)) == KEY_QUOTES
    talks = story_view(many_quotes(make_model(), 10))
    assert [q.speaker.text for q in talks.quotes][:2] == ["Nobuo Kishi", "Lloyd Austin"]  # type: ignore[union-attr]


def test_an_actor_page_has_first_and_last_seen_and_their_words_newest_first() -> None:
    austin = actor_view(make_model(), "lloyd-austin")
    assert (austin.first_seen, austin.last_seen) == (date(2021, 11, 29), date(2022, 5, 4))
    assert [q.text for q in austin.quotes] == [
        "far beyond Europe",
        "common norms, values and institutions that underpin that order,",
    ]
    assert all(q.speaker is None and q.href == "../../articles/002/index.html" for q in austin.quotes)
    kyodo = actor_view(many_quotes(make_model(), 2 * ACTOR_QUOTES), "kyodo-news")
    assert len(kyodo.quotes) == ACTOR_QUOTES and kyodo.quote_count == 2 * ACTOR_QUOTES + 1  # the repeat once
    # newest article first: 003 (21 January 2022) before 004 (29 November 2021), in position order
    assert [q.href for q in kyodo.quotes[:2]] == ["../../articles/003/index.html"] * 2
    assert kyodo.quotes[0].text == "quote number 0 here"
    assert actor_view(make_model(), "japan").quotes == ()
    html = {
        p.path: p.content.decode()
        for p in render_site(many_quotes(make_model(), 2 * ACTOR_QUOTES), CONFIG)
        if p.path.endswith(".html")
    }
    page = html["actors/kyodo-news/index.html"]
    assert "In their words" in page and f"The {ACTOR_QUOTES} newest of {2 * ACTOR_QUOTES + 1} quotes." in page
    assert "In their words" not in html["actors/japan/index.html"]
    assert "Key quotes" in html[TALKS] and "<blockquote>" in html[TALKS]


def test_an_actor_of_too_many_storylines_relates_none() -> None:
    # Japan is a key actor of every storyline here; with more of them than RELATED_MAX_HOLDERS it is
    # in the news, not specific to a story, and relates none of them: the storylines sharing other
    # actors stay related (as without the others).
    many = [story(f"japan-{n}", ("japan",), 1 + n % 28) for n in range(RELATED_MAX_HOLDERS)]
    model = with_storylines(make_model(), story("austin-trip", ("lloyd-austin", "japan"), 5), *many)
    related = [c.title for c in story_view(model).related]
    assert related == ["Japan-US two-plus-two", "Austin-Trip"]
    assert story_view(model, "japan-0").related == ()
