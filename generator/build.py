"""The whole build in one function: read -> extract -> resolve -> group -> render -> write."""

from __future__ import annotations

import gc
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from . import editor_yaml
from .actors import Resolution, load_actor_settings, read_texts, resolve, resolve_key
from .cache import BuildManifest, ExtractCache, RenderManifest, snapshot
from .config import SiteConfig
from .errors import BuildError
from .extract import Annotator, extract, model_fingerprint, start_annotator
from .features import word_vectors
from .guard import check_output
from .memo import StageMemo, code_fingerprint
from .model import Annotations, Article, SiteModel
from .readers import check_source, read_articles
from .render import render_site
from .storylines import group, load_storyline_settings
from .writer import WriteReport, recover, write_site

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
    here (`readers.check_source`), before anything opens it."""
    digest = hashlib.sha256()
    digest.update(f"{config!r}\0{model_fingerprint(config.extract)}\0{Path(output).resolve()}".encode())
    digest.update(code_fingerprint())  # the generator's own files, hashed once per process
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


def _resolve(
    config: SiteConfig,
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    memo_dir: Path | None,
) -> Resolution:
    """The resolve stage, or the last build's resolution when what it reads is unchanged."""
    settings = load_actor_settings(config.path(config.actors_file))
    if memo_dir is None:
        return resolve(articles, annotations, settings, config.extract.model)
    texts = StageMemo(memo_dir, "cues")  # each text's cues and casing, by a digest of it
    reading = read_texts(articles, annotations, texts)
    texts.save()
    memo = StageMemo(memo_dir, "resolve")
    key = resolve_key(articles, annotations, settings, model_fingerprint(config.extract), reading)
    known = memo.get(key)
    if known is not None:
        resolution = Resolution.from_values(known)
    else:
        resolution = resolve(articles, annotations, settings, config.extract.model, reading)
        memo.put(key, resolution.values())
    memo.save()
    return resolution


def build_model(
    config: SiteConfig,
    articles: Sequence[Article],
    cache: ExtractCache | None,
    progress: Progress | None,
    annotator: Annotator | None = None,
) -> tuple[SiteModel, dict[str, float]]:
    """Everything between reading and rendering: extract (with `annotator` if given), resolve, group.

    With a cache, `resolve` is skipped when what it reads is as in the last build, and the group
    stage reuses the overlap of report pairs it measured before (`generator.memo`).
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    word_matrix = None
    if annotator is None:
        annotations = extract(articles, config.extract, cache, progress, annotator)
    else:
        # The word vectors need no annotation: a thread computes them while this one mostly waits
        # for spaCy in the worker processes (only then: no fork while the thread runs), so they
        # cost nothing on a rebuild that annotates a text.
        with ThreadPoolExecutor(1, thread_name_prefix="word-vectors") as pool:
            words = pool.submit(word_vectors, articles, config.grouping)
            annotations = extract(articles, config.extract, cache, progress, annotator)
            word_matrix = words.result()
    timings["extract"] = time.perf_counter() - clock
    # The annotations live to the end: keep the cyclic garbage collector from scanning their
    # ~10^5 objects on every collection while resolve and group allocate (unfrozen on return).
    gc.freeze()
    try:
        model = _resolve_and_group(config, articles, annotations, cache, timings, word_matrix)
    finally:
        gc.unfreeze()
    return model, timings


def _resolve_and_group(
    config: SiteConfig,
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    cache: ExtractCache | None,
    timings: dict[str, float],
    words: Any = None,
) -> SiteModel:
    """`build_model` after extraction (stage timings are added to `timings`; `words`: the
    articles' `features.word_vectors`)."""
    clock = time.perf_counter()
    memo_dir = cache.root if cache is not None else None
    resolution = _resolve(config, articles, annotations, memo_dir)
    timings["resolve"] = time.perf_counter() - clock
    clock = time.perf_counter()
    names = {a.slug: a.name for a in resolution.actors}
    overlaps = StageMemo(memo_dir, "overlaps") if memo_dir is not None else None
    grouping = group(
        articles,
        annotations,
        resolution.article_actors,
        resolution.places,
        names,
        config.grouping,
        load_storyline_settings(config.path(config.storylines_file)),
        overlaps,
        words,
    )
    if overlaps is not None:
        overlaps.save()
    timings["group"] = time.perf_counter() - clock
    articles = [
        replace(a, date=grouping.inferred_dates[a.id], date_source="inferred")
        if a.id in grouping.inferred_dates
        else a
        for a in articles
    ]
    articles.sort(key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.id))
    return SiteModel(
        articles=tuple(articles),
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
    """Read everything, build the model, render every page, then write the site in one swap.

    First of all the output folder is checked (`guard.check_output`: never a source, the content,
    templates or cache folder, nor a folder this tool did not write; `config_file` is protected
    too) and what a killed build left there is recovered (`writer.recover`).

    With the cache on, a build whose inputs (sources, config, content files, templates, code and
    model version) hash the same as the last one, into an output folder nobody has touched since,
    is a no-op: nothing is read, extracted, rendered or written, and spaCy is not loaded.
    """
    started = time.perf_counter()
    paths = list(sources) if sources else [config.path(s) for s in config.sources]
    target = Path(output or config.path(config.output))
    check_output(config, paths, target, use_cache, config_file)
    recover(target)
    timings: dict[str, float] = {}
    manifest = BuildManifest(config.path(config.cache_dir)) if use_cache else None
    fingerprint = ""
    published: dict[str, list[int]] = {}
    annotator = None
    if manifest is not None:
        clock = time.perf_counter()
        fingerprint = input_fingerprint(config, paths, target)
        if manifest.fingerprint_differs(fingerprint):
            # Something changed: spaCy starts loading in a worker now, while the articles are read,
            # in case a text is new (with no cache every text is: extract starts its own workers).
            annotator = start_annotator(config.extract)
        published = snapshot(target)
        previous = manifest.unchanged(fingerprint, target, published)
        timings["check"] = time.perf_counter() - clock
        if previous is not None:
            if annotator is not None:
                annotator.close()
            return BuildResult(**previous, written=0, seconds=time.perf_counter() - started, timings=timings)
        if annotator is None:  # the same inputs, but the site was touched
            annotator = start_annotator(config.extract)
    try:
        return _build(
            config,
            paths,
            target,
            use_cache,
            progress,
            manifest,
            fingerprint,
            published,
            timings,
            started,
            annotator,
        )
    finally:
        if annotator is not None:
            annotator.close()
        gc.unfreeze()  # objects frozen below become collectable again


def _build(
    config: SiteConfig,
    paths: list[Path],
    target: Path,
    use_cache: bool,
    progress: Progress | None,
    manifest: BuildManifest | None,
    fingerprint: str,
    published: dict[str, list[int]],
    timings: dict[str, float],
    started: float,
    annotator: Annotator | None = None,
) -> BuildResult:
    """`build` after the no-op check: read, build the model, render, write, record."""
    clock = time.perf_counter()
    cache_dir = config.path(config.cache_dir) if use_cache else None
    articles = read_articles(config, paths, cache_dir=cache_dir)
    timings["read"] = time.perf_counter() - clock
    # The articles and, below, the model live until the end: keep the cyclic garbage collector from
    # scanning them again and again (it made later stages up to 1.7x slower); `build` unfreezes.
    gc.freeze()
    if not articles:
        raise BuildError(", ".join(str(p) for p in paths), "no articles found")
    cache = ExtractCache(config.path(config.cache_dir), pack=True) if use_cache else None
    model, stage_timings = build_model(config, articles, cache, progress, annotator)
    timings.update(stage_timings)
    gc.freeze()
    clock = time.perf_counter()
    rendered = RenderManifest(config.path(config.cache_dir)) if use_cache else None
    keys: dict[str, str] | None = None
    reuse = None
    if rendered is not None:
        keys = {}
        reusable = rendered.reusable(target, published)

        def reuse(path: str, key: str) -> str | None:
            found = reusable.get(path)
            return found[1] if found is not None and found[0] == key else None

    bytecode = config.path(config.cache_dir) / "templates" if use_cache else None
    pages = render_site(model, config, config.path(config.templates), reuse, keys, bytecode)
    timings["render"] = time.perf_counter() - clock
    clock = time.perf_counter()
    if manifest is not None:
        manifest.forget()  # if the swap below half-happens, the next build must not trust it
    if rendered is not None:
        rendered.forget()
    report: WriteReport = write_site(pages, target, keep_spare=True, published=published)
    timings["write"] = time.perf_counter() - clock
    counts = {
        "articles": len(articles),
        "storylines": len(model.grouping.storylines),
        "actors": len(model.actors),
        "pages": len(pages),
    }
    if manifest is not None:
        clock = time.perf_counter()
        files = report.files if report.files is not None else snapshot(target)
        manifest.record(fingerprint, target, counts, files)
        if rendered is not None and keys is not None:
            rendered.record(target, keys, files)
        timings["record"] = time.perf_counter() - clock
    return BuildResult(
        **counts, written=report.written, seconds=time.perf_counter() - started, timings=timings
    )
