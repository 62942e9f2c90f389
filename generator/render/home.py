"""The home page: the latest storylines and the latest articles by day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from .. import urls
from .index import SiteIndex
from .links import Links
from .views import Day, PageView, Planned, StoryCard, Task, by_date, frame, story_card

HOME_ARTICLES = 30


@dataclass(frozen=True, kw_only=True)
class HomeView(PageView):
    """home.html: `storylines` (`StoryCard`s, newest first, `home_storylines` of them),
    `more_storylines` (whether the index has more), `days` (the latest `HOME_ARTICLES` articles
    but rewrites, as `Day`s of `ArticleItem`s)."""

    storylines: tuple[StoryCard, ...]
    more_storylines: bool
    days: tuple[Day, ...]


def pages(ix: SiteIndex) -> Iterator[Task]:
    yield partial(home_page, ix)


def home_page(ix: SiteIndex) -> Planned:
    path, config, links = urls.HOME, ix.config, Links(urls.HOME)
    stories = ix.ordered
    latest = [a for a in ix.model.articles if a.id not in ix.duplicate_of][:HOME_ARTICLES]
    return Planned(
        "home.html",
        HomeView(
            **frame(ix, path, config.title, "home"),
            storylines=tuple(story_card(ix, links, s) for s in stories[: config.home_storylines]),
            more_storylines=len(stories) > config.home_storylines,
            days=by_date(ix, links, latest),
        ),
    )
