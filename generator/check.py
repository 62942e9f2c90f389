"""`briefing check`: everything a build would warn about, as `file:line: message` lines, without
writing the site.

The stages run up to render (extraction is cached; rendering happens in memory), and every
`errors.warn` they give is collected from the `briefing` logger (`Collect`); then the editor's
checks a build does not make: undated articles and inferred dates, probable duplicates,
storylines.yaml slugs that match no storyline, actors mentioned only once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import editor_yaml
from .config import SiteConfig
from .errors import BuildError, log
from .ids import shown
from .model import Article, SiteModel
from .read import read_articles
from .theme import project_theme


@dataclass
class Report:
    """What `check` found: warnings (`file:line: message` lines) and the error that stopped it."""

    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def add(self, path: str, message: str, line: int | None = None) -> None:
        self.warnings.append(str(BuildError(path, message, line)))


class Collect(logging.Handler):
    """Keeps the messages of the `briefing` logger's warnings (each `file:line: message`)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected() -> Iterator[Collect]:
    """Warnings go to a `Collect` only (not printed) while the block runs."""
    handler = Collect()
    propagate = log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield handler
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def check_site(config: SiteConfig, sources: Sequence[Path] | None = None, use_cache: bool = True) -> Report:
    """Run the stages on every article (drafts and scheduled ones too: they will be published) and
    report what a build would warn about and what the editor should look at; nothing is written
    into the output folder (the cache folder is used as a build uses it)."""
    from .build import site_model
    from .incremental import Reuse
    from .render import render_site

    report = Report()
    paths = list(sources) if sources else [config.path(s) for s in config.sources]
    target = config.path(config.output)
    cache = config.path(config.cache_dir) if use_cache else None
    with collected() as handler:
        try:
            articles = read_articles(config, paths, cache_dir=cache)
            if not articles:
                raise BuildError(", ".join(str(p) for p in paths), "no articles found")
            model = site_model(config, articles, Reuse(cache, target))
            render_site(model, config, project_theme(config))
        except BuildError as exc:
            report.error = str(exc)
    report.warnings = list(dict.fromkeys(handler.messages))
    if report.error is None:
        editor_checks(report, config, model)
    return report


def editor_checks(report: Report, config: SiteConfig, model: SiteModel) -> None:
    """The checks a build does not make (it publishes anyway), in file order."""
    inferred = model.grouping.inferred_dates
    by_id = {a.id: a for a in model.articles}
    for article in sorted(model.articles, key=_where):
        where = (shown(article.path), article.line or None)
        if article.date is None:
            report.add(*where[:1], "no date found; the article is listed as undated", where[1])
        elif article.id in inferred:
            original = model.grouping.duplicate_of.get(article.id, "")
            report.add(
                where[0],
                f"no date found; dated {article.date.isoformat()} from the report it repeats "
                f"({original}); set 'date' in overrides.yaml if that is wrong",
                where[1],
            )
        if (original := model.grouping.duplicate_of.get(article.id)) in by_id:
            other = by_id[original]
            there = f"{shown(other.path)}:{other.line}" if other.line else shown(other.path)
            report.add(
                where[0],
                f"probable duplicate of article '{original}' ({there}); it is listed under it",
                where[1],
            )
    _unmatched_slugs(report, config, model)
    once = []
    for actor in model.actors:
        article = by_id.get(actor.articles[0]) if actor.articles else None
        if sum(actor.mentions.values()) == 1 and article is not None:
            once.append((_where(article), actor.name.lower(), actor, article))
    for _, _, actor, article in sorted(once, key=lambda item: item[:2]):
        report.add(
            shown(article.path),
            f"actor '{actor.name}' ({actor.kind}) is mentioned once; check its spelling, or give it "
            "an alias or 'ignore' it in actors.yaml",
            article.line or None,
        )


def _where(article: Article) -> tuple[str, int]:
    return (article.path, article.line)


def _unmatched_slugs(report: Report, config: SiteConfig, model: SiteModel) -> None:
    """A storylines.yaml entry whose slug no storyline of this build has (nor redirects to)."""
    path = config.path(config.storylines_file)
    if not path.exists():
        return
    data = editor_yaml.expect_mapping(path, editor_yaml.load(path), "a mapping of storyline slugs")
    slugs = {s.slug for s in model.grouping.storylines}
    moved = model.grouping.permalinks.redirects
    for key in data:  # a key that now redirects: the grouping warned already
        if str(key) not in slugs and moved.get(str(key)) not in slugs:
            report.add(
                str(path),
                f"storyline '{key}' matches no storyline of this build (its title and description "
                "are unused); use a slug the site shows, or pin articles to it",
                data.line_of(key),
            )
