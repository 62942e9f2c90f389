"""The build: read -> extract -> resolve -> group -> render -> write, each stage timed.

What a build may reuse from the last one (caches, memos, manifests) enters as one `Reuse` object;
with the same inputs into an untouched site, the build is a no-op and spaCy is never loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from markdown_it import MarkdownIt

from . import editor_yaml
from .atomic import write_atomic
from .config import ExtractConfig, SiteConfig
from .errors import BuildError
from .extract import Annotator, extract, model_fingerprint, start_annotator
from .group import group, load_storyline_settings, word_vectors_ahead
from .group.permalinks import dump_permalinks, load_permalinks
from .incremental import Reuse
from .incremental.fingerprint import code_digest
from .incremental.inputs import input_fingerprint
from .model import Article, Page, SiteModel
from .read import HeldBack, Publishing, hold_back, read_articles
from .render import render_pages
from .resolve import load_actor_settings, resolve
from .search import SearchIndex, SearchPlan, search_plan
from .theme import project_theme
from .write import check_output, recover, write_site

try:
    import resource
except ImportError:  # not on Windows: no peak memory figures
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
Progress = Callable[[Iterator[Any], int], Iterator[Any]]


@dataclass(frozen=True)
class BuildResult:
    articles: int
    storylines: int
    actors: int
    pages: int  # HTML pages
    written: int  # files of the site whose bytes are new or changed
    seconds: float
    timings: dict[str, float]
    drafts: int = 0  # drafts not published
    scheduled: int = 0  # articles dated after the build's date, not published
    peaks: dict[str, float] = dataclasses.field(default_factory=dict)  # stage -> peak RSS (MB) by its end
    files: int = 0  # every file of the site: pages, feeds, data, assets, the search index

    def summary(self) -> str:
        held = HeldBack(self.drafts, self.scheduled).summary()
        return (
            f"{self.articles} articles, {self.storylines} storylines, {self.actors} actors, "
            f"{self.pages} pages, {self.files} files ({self.written} rewritten) in {self.seconds:.1f}s"
        ) + (f"; {held}" if held else "")


def about_html(config: SiteConfig) -> str:
    """The about page's Markdown (UTF-8, a leading BOM dropped), rendered with raw HTML disabled;
    an unreadable or non-UTF-8 file is a BuildError."""
    path = config.path(config.about)
    if not path.exists():
        return ""
    return MarkdownIt("commonmark", {"html": False}).render(editor_yaml.read_text(path))


class Clock:
    """Stage timings: `with clock("read"): ...` adds the seconds spent to `clock.timings`, and
    the process's peak resident memory so far (MB) to `clock.peaks` (which stage raised it)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
            if resource is not None:
                self.peaks[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def moved(self, stage: str, within: str, seconds: float) -> None:
        """`seconds` counted under `stage` rather than under the stage `within` they ran in."""
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        self.timings[within] = self.timings.get(within, 0.0) - seconds

    def stream(self, stage: str, within: str, items: Iterator[T]) -> Iterator[T]:
        """`items`, the time spent making each counted under `stage` rather than `within` (the
        stage taking them); `stage`'s peak memory is updated when they are done."""
        spent, clock = 0.0, time.perf_counter
        try:
            while True:
                start = clock()
                try:
                    item = next(items)
                except StopIteration:
                    break
                finally:
                    spent += clock() - start
                yield item
        finally:
            self.moved(stage, within, spent)
            if resource is not None:
                self.peaks[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def part(self, stage: str, within: str, run: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
        """`run`, its seconds counted under `stage` rather than under the stage `within` it runs in."""

        def timed(site: Path) -> list[str]:
            start = time.perf_counter()
            try:
                return run(site)
            finally:
                self.moved(stage, within, time.perf_counter() - start)

        return timed

    def result(self, counts: dict[str, int], written: int) -> BuildResult:
        known = {k: v for k, v in counts.items() if k in BuildResult.__dataclass_fields__}
        return BuildResult(
            **known,
            written=written,
            seconds=time.perf_counter() - self.started,
            timings=self.timings,
            peaks=self.peaks,
        )


class SiteStream:
    """The files of the site as the writer takes them: the rendered pages (their making timed as
    `render`; with `plan`, each HTML page's digest taken for the search index, timed as `search`),
    then the search index's own pages. Only counts and digests stay: no page's bytes."""

    def __init__(
        self,
        clock: Clock,
        pages: Iterator[Page],
        plan: SearchPlan | None,
        config: SiteConfig,
        model: SiteModel,
    ) -> None:
        self.clock, self.plan, self.config, self.model = clock, plan, config, model
        self.pages: Iterator[Page] = clock.stream("render", "search" if plan else "write", pages)
        if plan is not None:
            self.pages = clock.stream("search", "write", plan.watch(self.pages))
        self.html = 0  # HTML pages rendered
        self.index: SearchIndex | None = None

    def __iter__(self) -> Iterator[Page]:
        for page in self.pages:
            self.html += page.path.endswith(".html")
            yield page
        if self.plan is not None:
            start = time.perf_counter()
            self.index = self.plan.index(self.config, self.model)
            self.clock.moved("search", "write", time.perf_counter() - start)
            yield from self.index.pages  # the reused shards' bundles; the rest run in `finish`

    def finish(self, reuse: Reuse) -> Callable[[Path], list[str]]:
        """What the writer runs on the staged site just before the swap: the manifests forgotten
        (if the swap half-happens, the next build must not trust them; a build that fails before
        leaves the published site and its records as they were), then the search index's shards."""

        def run(staging: Path) -> list[str]:
            reuse.forget()
            return self.index.finish(staging) if self.index is not None else []

        return self.clock.part("search", "write", run)


def site_model(
    config: SiteConfig,
    articles: Sequence[Article],
    reuse: Reuse,
    clock: Clock | None = None,
    progress: Progress | None = None,
    annotator: Annotator | None = None,
) -> SiteModel:
    """Everything between reading and rendering: extract (with `annotator` if given), resolve, group."""
    clock = clock or Clock()
    words = word_vectors_ahead(articles, config.grouping, annotator is not None, reuse)
    with clock("extract"):
        annotations = extract(articles, config.extract, reuse.extractions, progress, annotator, reuse.prints)
        reuse.release_extractions()  # saved: later stages read `annotations`, never the cache
    gc.freeze()
    with clock("resolve"):
        actor_settings = load_actor_settings(config.path(config.actors_file))
        resolution = resolve(articles, annotations, actor_settings, config.extract, reuse)
    with clock("group"):
        settings = load_storyline_settings(config.path(config.storylines_file))
        previous = load_permalinks(config.path(config.permalinks)) if config.permalinks else None
        grouping = group(articles, annotations, resolution, config.grouping, settings, reuse, words, previous)
    return SiteModel(
        articles=grouping.articles,
        actors=tuple(sorted(resolution.actors, key=lambda a: (a.name.lower(), a.slug))),
        grouping=grouping,
        article_actors=resolution.article_actors,
        about_html=about_html(config),
        quotes=resolution.quotes,
        places=resolution.places,
        sites=resolution.sites,
    )


def keeps_permalinks(config: SiteConfig, sources: Sequence[Path], output: Path) -> bool:
    """Whether a build records its storylines' slugs in the project's permalinks file: only the
    project's own site (its configured sources into its configured output). A build of other
    sources, or into another folder (a test, a preview elsewhere), reads the file but never
    rewrites it with storylines the published site does not have."""
    configured = [config.path(s).resolve() for s in config.sources]
    given = [Path(s).resolve() for s in sources]
    return given == configured and Path(output).resolve() == config.path(config.output).resolve()


def save_permalinks(path: Path, data: bytes) -> bool:
    """Write the permalinks file atomically when its bytes change (an unchanged file is not touched);
    whether it was written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def build(
    config: SiteConfig,
    sources: Sequence[Path] | None = None,
    output: Path | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    config_file: Path | None = None,
    publishing: Publishing | None = None,
    annotators: Callable[[ExtractConfig], Annotator | None] = start_annotator,
) -> BuildResult:
    """Read everything, extract, resolve, group, render every page, then write the site in one swap.

    First the output folder is checked (`write.check_output`: never a source, the content,
    templates or cache folder, nor a folder this tool did not write; `config_file` is protected
    too) and what a killed build left there is recovered (`write.recover`). With the cache on, a
    build whose inputs hash as the last one's, into a site nobody touched since, does nothing.
    Drafts and articles dated after the build's date are left out unless `publishing` includes
    them (default: neither, dated by `SOURCE_DATE_EPOCH` or today). `annotators` gives the spaCy
    worker a build uses (the preview server keeps one loaded across its rebuilds).

    Render and write are one stream (`SiteStream`): each page is written as it is made, so no
    page's bytes outlive its write; the `render` timing is the time the writer waited for pages.
    """
    publishing = publishing or Publishing.default()
    clock = Clock()
    paths = list(sources) if sources else [config.path(s) for s in config.sources]
    target = Path(output or config.path(config.output))
    check_output(config, paths, target, use_cache, config_file)
    recover(target)
    reuse = Reuse(config.path(config.cache_dir) if use_cache else None, target)
    with clock("check"):
        model, code = model_fingerprint(config.extract), code_digest(__name__)  # code: every stage
        inputs = (config, paths, target, model, code, repr(publishing))
        fingerprint = input_fingerprint(*inputs) if reuse.on else ""
        # When something changed, spaCy starts loading in a worker now, while the articles are read
        # (with no cache every text is new: extract starts its own workers).
        annotator = annotators(config.extract) if reuse.on and reuse.differs(fingerprint) else None
        previous = reuse.unchanged(fingerprint)
    if previous is not None:
        if annotator is not None:
            annotator.close()
        return clock.result(previous, written=0)
    if annotator is None and reuse.on:  # the same inputs, but the site was touched
        annotator = annotators(config.extract)
    try:
        # Articles and annotations live to the end: keep the cyclic garbage collector from
        # scanning their ~10^5 objects on every collection (it made later stages 1.7x slower).
        with clock("read"):
            articles, held = hold_back(read_articles(config, paths, cache_dir=reuse.cache_dir), publishing)
        if not articles:
            why = f" to publish ({held.summary()})" if held.summary() else ""
            raise BuildError(", ".join(str(p) for p in paths), f"no articles found{why}")
        gc.freeze()
        model = site_model(config, articles, reuse, clock, progress, annotator)
        gc.freeze()
        with clock("render"):  # templates checked, shared lookups made: the pages come as written
            bytecode = reuse.cache_dir / "templates" if reuse.cache_dir is not None else None
            pages = render_pages(
                model,
                config,
                project_theme(config),
                reuse.page if reuse.on else None,
                reuse.keys,
                bytecode,
                reuse.site if reuse.on else None,
            )
        with contextlib.closing(pages):
            with clock("search"):
                plan = search_plan(config, target, reuse.search, reuse.published)
            site = SiteStream(clock, pages, plan, config, model)
            with clock("write"):
                report = write_site(
                    site, target, keep_spare=True, published=reuse.published, finish=site.finish(reuse)
                )
        counts = {"articles": len(articles), "storylines": len(model.grouping.storylines)}
        counts |= {"actors": len(model.actors), "pages": site.html}
        counts["files"] = len(report.files or ())
        counts |= {"drafts": held.drafts, "scheduled": held.scheduled}
        with clock("record"):
            state = dump_permalinks(model.grouping.permalinks)
            kept = config.permalinks and keeps_permalinks(config, paths, target)
            if kept and save_permalinks(config.path(config.permalinks), state) and reuse.on:
                reuse.fingerprint = input_fingerprint(*inputs)  # the new state is this build's input
            reuse.record(counts, report.files)
        return clock.result(counts, report.written)
    finally:
        if annotator is not None:
            annotator.close()  # closing twice is harmless
        gc.unfreeze()  # objects frozen above become collectable again
