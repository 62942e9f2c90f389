"""The build: read -> extract -> resolve -> group -> render -> write, each stage timed.

What a build may reuse from the last one (caches, memos, manifests) enters as one `Reuse` object;
with the same inputs into an untouched site, the build is a no-op and spaCy is never loaded.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from . import editor_yaml
from .config import SiteConfig
from .errors import BuildError
from .extract import Annotator, extract, model_fingerprint, start_annotator
from .group import group, load_storyline_settings, word_vectors_ahead
from .incremental import Reuse
from .incremental.fingerprint import code_digest
from .model import Article, SiteModel
from .read import check_source, read_articles
from .render import render_site
from .resolve import load_actor_settings, resolve
from .write import check_output, recover, write_site

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


def _files(path: Path) -> list[Path]:
    """The regular files of `path` (a file, or a folder walked without following symlinked folders)
    in sorted order; a FIFO, socket or device is never among them, so hashing never blocks on one."""
    if path.is_dir():
        found = (Path(folder) / name for folder, _, names in os.walk(path) for name in names)
        return sorted(p for p in found if "__pycache__" not in p.parts and _regular(p))
    return [path]


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def input_fingerprint(config: SiteConfig, sources: Sequence[Path], output: Path) -> str:
    """A hash of everything a build reads: settings, model version, sources, content, templates, code.

    A source that is missing or neither a regular file nor a folder (a FIFO, a device) is refused
    here (`read.check_source`), before anything opens it."""
    digest = hashlib.sha256()
    digest.update(f"{config!r}\0{model_fingerprint(config.extract)}\0{Path(output).resolve()}".encode())
    digest.update(code_digest(__name__).encode())  # the code of every stage
    content = [config.path(p) for p in (config.overrides, config.actors_file, config.storylines_file)]
    content += [config.path(config.about), config.path(config.templates)]
    for source in map(Path, sources):
        check_source(source)
    for root in [*map(Path, sources), *content]:
        for file in _files(root):
            digest.update(f"\0{file}\0".encode("utf-8", "surrogateescape"))
            if not _regular(file):
                digest.update(b"\0missing")
                continue
            try:
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"\0missing")
    return digest.hexdigest()


def about_html(config: SiteConfig) -> str:
    """The about page's Markdown (UTF-8, a leading BOM dropped), rendered with raw HTML disabled;
    an unreadable or non-UTF-8 file is a BuildError."""
    path = config.path(config.about)
    if not path.exists():
        return ""
    return MarkdownIt("commonmark", {"html": False}).render(editor_yaml.read_text(path))


class Clock:
    """Stage timings: `with clock("read"): ...` adds the seconds spent to `clock.timings`."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    def result(self, counts: dict[str, int], written: int) -> BuildResult:
        return BuildResult(
            **counts, written=written, seconds=time.perf_counter() - self.started, timings=self.timings
        )


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
    words = word_vectors_ahead(articles, config.grouping, background=annotator is not None)
    with clock("extract"):
        annotations = extract(articles, config.extract, reuse.extractions, progress, annotator)
    gc.freeze()
    with clock("resolve"):
        actor_settings = load_actor_settings(config.path(config.actors_file))
        resolution = resolve(articles, annotations, actor_settings, config.extract, reuse)
    with clock("group"):
        settings = load_storyline_settings(config.path(config.storylines_file))
        grouping = group(articles, annotations, resolution, config.grouping, settings, reuse, words)
    return SiteModel(
        articles=grouping.articles,
        actors=tuple(sorted(resolution.actors, key=lambda a: (a.name.lower(), a.slug))),
        grouping=grouping,
        article_actors=resolution.article_actors,
        about_html=about_html(config),
    )


def build(
    config: SiteConfig,
    sources: Sequence[Path] | None = None,
    output: Path | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    config_file: Path | None = None,
) -> BuildResult:
    """Read everything, extract, resolve, group, render every page, then write the site in one swap.

    First the output folder is checked (`write.check_output`: never a source, the content,
    templates or cache folder, nor a folder this tool did not write; `config_file` is protected
    too) and what a killed build left there is recovered (`write.recover`). With the cache on, a
    build whose inputs hash as the last one's, into a site nobody touched since, does nothing.
    """
    clock = Clock()
    paths = list(sources) if sources else [config.path(s) for s in config.sources]
    target = Path(output or config.path(config.output))
    check_output(config, paths, target, use_cache, config_file)
    recover(target)
    reuse = Reuse(config.path(config.cache_dir) if use_cache else None, target)
    with clock("check"):
        fingerprint = input_fingerprint(config, paths, target) if reuse.on else ""
        # When something changed, spaCy starts loading in a worker now, while the articles are read
        # (with no cache every text is new: extract starts its own workers).
        annotator = start_annotator(config.extract) if reuse.on and reuse.differs(fingerprint) else None
        previous = reuse.unchanged(fingerprint)
    if previous is not None:
        if annotator is not None:
            annotator.close()
        return clock.result(previous, written=0)
    if annotator is None and reuse.on:  # the same inputs, but the site was touched
        annotator = start_annotator(config.extract)
    try:
        # Articles and annotations live to the end: keep the cyclic garbage collector from
        # scanning their ~10^5 objects on every collection (it made later stages 1.7x slower).
        with clock("read"):
            articles = read_articles(config, paths, cache_dir=reuse.cache_dir)
        if not articles:
            raise BuildError(", ".join(str(p) for p in paths), "no articles found")
        gc.freeze()
        model = site_model(config, articles, reuse, clock, progress, annotator)
        gc.freeze()
        with clock("render"):
            bytecode = reuse.cache_dir / "templates" if reuse.cache_dir is not None else None
            pages = render_site(
                model,
                config,
                config.path(config.templates),
                reuse.page if reuse.on else None,
                reuse.keys,
                bytecode,
            )
        with clock("write"):
            reuse.forget()  # if the swap below half-happens, the next build must not trust it
            report = write_site(pages, target, keep_spare=True, published=reuse.published)
        counts = {"articles": len(articles), "storylines": len(model.grouping.storylines)}
        counts |= {"actors": len(model.actors), "pages": len(pages)}
        with clock("record"):
            reuse.record(counts, report.files)
        return clock.result(counts, report.written)
    finally:
        if annotator is not None:
            annotator.close()  # closing twice is harmless
        gc.unfreeze()  # objects frozen above become collectable again
