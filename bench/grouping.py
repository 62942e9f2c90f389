"""Time everything after spaCy (resolve + group) at scale, without paying for spaCy again.

The corpus (default ../shared/eval/gva-dev.jsonl) is read and extracted once (from the cache when
`make eval` warmed it), then replicated with fresh ids up to --articles as bench/run.py does
with `replicas.replica` as bench/run.py does: copy k of an article has id `<id>-r<k>`, is dated k
eras (the corpus' span plus a year) earlier, so the archive grows in time at the corpus' density
instead of piling copies onto the same days, has its people renamed and its paragraphs marked;
each replica reuses its original's annotations, offsets moved past the marks.

    .venv/bin/python bench/grouping.py                  # 10,000 articles, 3 runs
    .venv/bin/python bench/grouping.py --articles 2000 --runs 1
    .venv/bin/python bench/grouping.py --cache-dir /work/.cache-shared/briefing
    .venv/bin/python bench/grouping.py --articles 100000 --changes   # one edit, one new article

`--changes` times resolve + group as a build calls them (`generator.resolve.resolve`,
`generator.group.group`, with their memos in a fresh folder): a first build, a rebuild with no
change, one article edited (a paragraph appended: what resolve reads is unchanged, what group
reads is not) and one new article (a replica under a new id: both stages read something new);
`--resolve-only` times resolve alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import replicas  # noqa: E402

from generator.config import SiteConfig, load_config  # noqa: E402
from generator.extract.pipeline import extract  # noqa: E402
from generator.group import group as group_stage  # noqa: E402
from generator.group.storylines import StorylineSettings, group  # noqa: E402
from generator.incremental import Reuse  # noqa: E402
from generator.incremental.extractions import ExtractCache  # noqa: E402
from generator.model import Annotations, Article  # noqa: E402
from generator.read import read_articles  # noqa: E402
from generator.resolve import resolve as resolve_stage  # noqa: E402
from generator.resolve.actors import ActorSettings, load_actor_settings, resolve  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"


def replicate(
    articles: list[Article], annotations: dict[str, Annotations], size: int, max_chars: int
) -> tuple[list[Article], dict[str, Annotations]]:
    """`size` articles: the originals (unique ids), then replicas in earlier eras reusing their
    annotations (`replicas.Archive.copies`)."""
    seen: set[str] = set()
    base = [a for a in articles if not (a.id in seen or seen.add(a.id))]
    archive = replicas.Archive(base, annotations, replicas.era_days(base), max_chars)
    out: list[Article] = []
    found: dict[str, Annotations] = {}
    for article, own in archive.copies(size):
        found[article.id] = own
        out.append(article)
    return out, found


def replicated_corpus(
    corpus: Path, size: int, cache_dir: Path | None
) -> tuple[SiteConfig, list[Article], dict[str, Annotations]]:
    """The project's configuration and `size` articles of `corpus` with their annotations (read and
    extracted once, from the cache where it holds them, then replicated)."""
    logging.getLogger("briefing").setLevel(logging.ERROR)
    config = load_config(ROOT / "content" / "site.yaml", cache_dir=str(cache_dir) if cache_dir else None)
    originals = read_articles(config, [corpus], unique_ids=False)
    extracted = extract(originals, config.extract, ExtractCache(config.path(config.cache_dir)), None)
    articles, annotations = replicate(originals, extracted, size, config.extract.max_chars)
    return config, articles, annotations


def _stages(
    config: SiteConfig,
    settings: ActorSettings,
    articles: Sequence[Article],
    annotations: dict[str, Annotations],
    cache: Path,
    resolve_only: bool = False,
) -> tuple[float, float, int]:
    """resolve + group as a build runs them, with the memos in `cache`: seconds of each, storylines
    (with `resolve_only`, group is not run: 0 s, 0 storylines)."""
    reuse = Reuse(cache, cache / "site")
    started, cpu = time.perf_counter(), time.process_time()
    resolution = resolve_stage(articles, annotations, settings, config.extract, reuse)
    resolved = time.perf_counter()
    print(f"  (resolve CPU {time.process_time() - cpu:.2f} s)", flush=True)
    cpu = time.process_time()
    if resolve_only:
        return resolved - started, 0.0, 0
    grouping = group_stage(articles, annotations, resolution, config.grouping, StorylineSettings(), reuse)
    done = time.perf_counter()
    print(f"  (group CPU {time.process_time() - cpu:.2f} s)", flush=True)
    return resolved - started, done - resolved, len(grouping.storylines)


def changes(
    config: SiteConfig,
    settings: ActorSettings,
    articles: list[Article],
    annotations: dict[str, Annotations],
    resolve_only: bool = False,
) -> None:
    """Print the first build, the no-change rebuild, one edited and one new article (see the docstring)."""
    dated = sorted(range(len(articles)), key=lambda i: (articles[i].date is None, articles[i].date, i))
    middle = dated[len(dated) // 2]
    edited = list(articles)
    note = "Editor's note: this report was updated."
    edited[middle] = dataclasses.replace(articles[middle], paragraphs=(*articles[middle].paragraphs, note))
    source = articles[dated[-1]]  # the newest article, again under a new id: the common case
    new = dataclasses.replace(source, id=f"{source.id}-new")
    added = {**annotations, new.id: dataclasses.replace(annotations[source.id], article_id=new.id)}
    with tempfile.TemporaryDirectory(prefix="bench-grouping-") as folder:
        cache = Path(folder)
        for label, items, found in (
            ("first build", articles, annotations),
            ("no change", articles, annotations),
            ("one edited article", edited, annotations),
            ("one new article", [*edited, new], added),
        ):
            resolve_s, group_s, count = _stages(config, settings, items, found, cache, resolve_only)
            print(
                f"{label}: resolve {resolve_s:.2f} s, group {group_s:.2f} s, "
                f"total {resolve_s + group_s:.2f} s ({count} storylines)",
                flush=True,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, help="extraction cache (default: the config's)")
    parser.add_argument("--changes", action="store_true", help="time one edit and one new article")
    parser.add_argument("--resolve-only", action="store_true", help="with --changes: time resolve alone")
    args = parser.parse_args(argv)
    config, articles, annotations = replicated_corpus(args.corpus, args.articles, args.cache_dir)
    settings = load_actor_settings(config.path(config.actors_file))
    gc.freeze()  # as the build does: the articles live to the end
    print(f"{len(articles)} articles", flush=True)
    if args.changes:
        changes(config, settings, articles, annotations, args.resolve_only)
        return 0
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        resolution = resolve(articles, annotations, settings, config.extract.model)
        resolved = time.perf_counter()
        names = {a.slug: a.name for a in resolution.actors}
        grouping = group(
            articles,
            annotations,
            resolution.article_actors,
            resolution.places,
            names,
            config.grouping,
            StorylineSettings(),
        )
        done = time.perf_counter()
        print(
            f"run {run}: resolve {resolved - started:.2f} s, group {done - resolved:.2f} s, "
            f"total {done - started:.2f} s ({len(grouping.storylines)} storylines)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
