"""The whole build in one function: read -> extract -> resolve -> group -> render -> write."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .actors import load_actor_settings, resolve
from .cache import ExtractCache
from .config import SiteConfig
from .errors import BuildError
from .extract import extract
from .model import Article, SiteModel
from .readers import read_articles
from .render import render_site
from .storylines import group, load_storyline_settings
from .writer import WriteReport, write_site

Progress = Callable[[Iterator[Any], int], Iterator[Any]]


@dataclass(frozen=True)
class BuildResult:
    articles: int
    storylines: int
    actors: int
    pages: int
    written: int
    seconds: float
    timings: dict[str, float]

    def summary(self) -> str:
        return (
            f"{self.articles} articles, {self.storylines} storylines, {self.actors} actors, "
            f"{self.pages} pages ({self.written} rewritten) in {self.seconds:.1f}s"
        )


def about_html(config: SiteConfig) -> str:
    """The about page's Markdown, rendered with raw HTML disabled."""
    path = config.path(config.about)
    if not path.exists():
        return ""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(str(path), f"cannot read: {exc}") from None
    return MarkdownIt("commonmark", {"html": False}).render(text)


def build_model(
    config: SiteConfig, articles: Sequence[Article], cache: ExtractCache | None, progress: Progress | None
) -> tuple[SiteModel, dict[str, float]]:
    """Everything between reading and rendering: extract, resolve and group."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    annotations = extract(articles, config.extract, cache, progress)
    timings["extract"] = time.perf_counter() - clock
    clock = time.perf_counter()
    resolution = resolve(
        articles, annotations, load_actor_settings(config.path(config.actors_file)), config.extract.model
    )
    timings["resolve"] = time.perf_counter() - clock
    clock = time.perf_counter()
    names = {a.slug: a.name for a in resolution.actors}
    grouping = group(
        articles,
        annotations,
        resolution.article_actors,
        resolution.places,
        names,
        config.grouping,
        load_storyline_settings(config.path(config.storylines_file)),
    )
    timings["group"] = time.perf_counter() - clock
    articles = [
        replace(a, date=grouping.inferred_dates[a.id], date_source="inferred")
        if a.id in grouping.inferred_dates
        else a
        for a in articles
    ]
    articles.sort(key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.id))
    model = SiteModel(
        articles=tuple(articles),
        actors=tuple(sorted(resolution.actors, key=lambda a: (a.name.lower(), a.slug))),
        grouping=grouping,
        article_actors=resolution.article_actors,
        about_html=about_html(config),
    )
    return model, timings


def build(
    config: SiteConfig,
    sources: Sequence[Path] | None = None,
    output: Path | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Read everything, build the model, render every page, then write the site in one swap."""
    started = time.perf_counter()
    paths = list(sources) if sources else [config.path(s) for s in config.sources]
    articles = read_articles(config, paths)
    if not articles:
        raise BuildError(", ".join(str(p) for p in paths), "no articles found")
    cache = ExtractCache(config.path(config.cache_dir)) if use_cache else None
    model, timings = build_model(config, articles, cache, progress)
    clock = time.perf_counter()
    pages = render_site(model, config, config.path(config.templates))
    timings["render"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report: WriteReport = write_site(pages, output or config.path(config.output))
    timings["write"] = time.perf_counter() - clock
    return BuildResult(
        articles=len(articles),
        storylines=len(model.grouping.storylines),
        actors=len(model.actors),
        pages=len(pages),
        written=report.written,
        seconds=time.perf_counter() - started,
        timings=timings,
    )
