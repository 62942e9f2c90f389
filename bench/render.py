"""Time the render stage alone: `render_site` on a corpus's model, pages computed with their reuse keys
(as a cached build into a fresh folder does) but none reused, best of --repeat runs.

The model is built once (extraction from --cache-dir) and kept in a pickle (--model) so later runs, of
this code or another version of the render stage, time the same input.

    .venv/bin/python bench/render.py                       # gva-dev, 3 runs
    .venv/bin/python bench/render.py --profile 30          # one run under cProfile, top 30 functions
    .venv/bin/python bench/render.py --rebuild 3           # a real warm rebuild, 3 times (see `rebuild`)
    .venv/bin/python bench/render.py --write /tmp/w --without feeds   # render and write, feeds left out
    .venv/bin/python bench/render.py --articles 10000 --cache-dir /work/.cache-stages \
        --model /tmp/m10k.pickle     # 10,000 articles: replicas of the corpus (bench/replicas.py)
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import json
import os
import pickle
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gva-dev.jsonl"
DEFAULT_CACHE = Path(".cache")  # the project's cache folder (pass --cache-dir for another)
# The benches' compiled templates, under the cache folder: their own, as their settings are not a
# build's (a render keeps only its own settings' folder there: `environment.bytecode_folder`).
BYTECODE = "bench-templates"


def load_model(corpus: Path, cache_dir: Path, pickled: Path):
    """The corpus's SiteModel: from `pickled` if it exists, else built (and pickled there)."""
    if pickled.is_file():
        return pickle.loads(pickled.read_bytes())
    from generator.build import site_model
    from generator.config import SiteConfig
    from generator.incremental import Reuse
    from generator.read import read_articles

    config = SiteConfig(title="bench", cache_dir=str(cache_dir))
    articles = read_articles(config, [corpus], cache_dir=cache_dir)
    model = site_model(config, articles, Reuse(cache_dir, Path(config.path(config.output))))
    pickled.write_bytes(pickle.dumps(model, pickle.HIGHEST_PROTOCOL))
    return model


def replicated(corpus: Path, cache_dir: Path, size: int, work: Path) -> tuple[Path, Path]:
    """`size` articles of `corpus` as `bench/run.py` makes them (`bench/replicas.py`: the originals,
    then copies in earlier eras), written to work/corpus.jsonl with their annotations seeded into
    work/cache (spaCy is skipped); (corpus, cache folder)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import replicas

    from generator.config import SiteConfig

    config = SiteConfig(title="bench", cache_dir=str(cache_dir))
    articles, annotations = replicas.originals([corpus], config, cache_dir)
    archive = replicas.Archive(articles, annotations, replicas.era_days(articles), config.extract.max_chars)
    work.mkdir(parents=True, exist_ok=True)
    found = replicas.write_corpus(work / "corpus.jsonl", archive.copies(size))
    replicas.seed(config, work / "corpus.jsonl", found, work / "cache")
    return work / "corpus.jsonl", work / "cache"


def _peak_mb() -> float:
    """Peak resident memory in MB of this process and of its largest finished child."""
    own, child = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(own.ru_maxrss, child.ru_maxrss) / 1024


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the render's forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _set_processes(n: int) -> None:
    """Set the render stage's process count, wherever this version keeps it."""
    import importlib

    for name in ("generator.render.parallel", "generator.render"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "RENDER_PROCESSES"):
            module.RENDER_PROCESSES = n
            return


def _work_config(work: Path):
    """The project's site.yaml with its cache and output in `work` (as `bench/run.py` builds)."""
    from generator.config import load_config

    config = load_config(ROOT / "content" / "site.yaml")
    return dataclasses.replace(config, cache_dir=str(work / "cache"), output=str(work / "site"))


def _seed_extractions(shared: Path, work: Path) -> None:
    """Hard-link the extraction entries of the shared cache folder into `work`'s own cache (its
    manifests and packs stay private to the bench; the entries are content-addressed)."""
    source, dest = shared / "extract", work / "cache" / "extract"
    if dest.exists() or not source.is_dir():
        return
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        (dest / folder.name).mkdir(parents=True, exist_ok=True)
        for entry in folder.iterdir():
            try:
                os.link(entry, dest / folder.name / entry.name)
            except OSError:
                continue


def rebuild_phase(corpus: Path, work: Path) -> dict[str, object]:
    """One `build` of `corpus` into work/site (cache work/cache), with the render stage's wall and
    CPU seconds (this process and its forked renderers)."""
    import generator.build as build_module

    measured: dict[str, float] = {}
    render = build_module.render_site

    def timed_render(*args, **kwargs):
        clock, cpu = time.perf_counter(), _cpu()
        try:
            return render(*args, **kwargs)
        finally:
            measured["render_wall"] = time.perf_counter() - clock
            measured["render_cpu"] = _cpu() - cpu

    build_module.render_site = timed_render
    clock = time.perf_counter()
    config = dataclasses.replace(_work_config(work), search=False)  # Pagefind: not the render
    result = build_module.build(config, [corpus], work / "site")
    return {
        "seconds": time.perf_counter() - clock,
        "pages": result.pages,
        "written": result.written,
        "timings": result.timings,
        **measured,
    }


def rebuild(corpus: Path, shared: Path, work: Path, runs: int) -> None:
    """A warm rebuild through the whole pipeline, `runs` times: the site built once into `work`
    (extraction entries from `shared`), then each run forgets only the no-op record (`build.json`),
    so read, extract (cached), resolve, group (memos), render (pages reused) and write all run."""
    work.mkdir(parents=True, exist_ok=True)
    _seed_extractions(shared, work)
    for n in range(runs + 1):
        (work / "cache" / "build.json").unlink(missing_ok=True)
        script = str(Path(__file__).resolve())
        cmd = [sys.executable, script, "--phase-rebuild", str(work), "--corpus", str(corpus)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["timings"].items())
        label = "first build" if n == 0 else f"rebuild {n}"
        print(
            f"{label}: {r['seconds']:.2f}s, {r['pages']} pages, {r['written']} written; render "
            f"{r['render_wall']:.2f}s wall, {r['render_cpu']:.2f}s CPU (with workers); stages: {stages}",
            flush=True,
        )


FEATURES = ("feeds", "places", "quotes", "search")  # what `--without` can leave out


def without(model, config, features: list[str]):
    """The model and config with `features` left out: "quotes" and "places" as a model without
    quotes or places (no quote sections, place pages or "where"), "search" as `search: false` (no
    search page; Pagefind is not part of the render), "feeds" with no feed task (no RSS, Atom or
    JSON Feed file; the OPML list and the pages' feed links stay)."""
    if "quotes" in features:
        model = dataclasses.replace(model, quotes=())
    if "places" in features:
        model = dataclasses.replace(model, places={})
    if "search" in features:
        config = dataclasses.replace(config, search=False)
    if "feeds" in features:
        import generator.render as render_module

        render_module.feeds = lambda ix: iter(())
    return model, config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--articles", type=int, help="replicate the corpus to this many articles (`replicated`)"
    )
    parser.add_argument("--model", type=Path, default=Path("/tmp/briefing-render-model.pickle"))
    parser.add_argument("--templates", type=Path, default=ROOT / "templates")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse-all", action="store_true", help="every page reused (a rebuild, nothing changed)"
    )
    parser.add_argument("--no-keys", action="store_true", help="render without computing reuse keys")
    parser.add_argument("--processes", type=int, help="render processes (default: the render stage's)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one run, print the top N")
    parser.add_argument(
        "--rebuild", type=int, metavar="N", help="N warm rebuilds through the whole pipeline (`rebuild`)"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-render-rebuild"))
    parser.add_argument(
        "--without", action="append", default=[], choices=FEATURES, help="leave a feature out (repeatable)"
    )
    parser.add_argument("--write", type=Path, metavar="DIR", help="also write each render into DIR, timed")
    parser.add_argument("--phase-rebuild", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.phase_rebuild:
        print(json.dumps(rebuild_phase(args.corpus, args.phase_rebuild)))
        return 0
    if args.rebuild:
        rebuild(args.corpus, args.cache_dir, args.work, args.rebuild)
        return 0
    from generator.config import SiteConfig
    from generator.render import render_site

    if args.processes is not None:
        _set_processes(args.processes)
    corpus, cache_dir = args.corpus, args.cache_dir
    if args.articles and not args.model.is_file():
        work = args.model.with_name(args.model.stem + "-corpus")
        corpus, cache_dir = replicated(corpus, cache_dir, args.articles, work)
    model = load_model(corpus, cache_dir, args.model)
    gc.freeze()  # as the build does: the model lives to the end, the collector need not scan it
    model, config = without(model, SiteConfig(title="bench"), args.without)
    writes: list[tuple[float, float]] = []

    def once() -> int:
        keys: dict[str, str] | None = None if args.no_keys else {}
        reuse = (lambda p, k: p) if args.reuse_all else (lambda p, k: None)
        pages = render_site(model, config, args.templates, reuse, keys, args.cache_dir / BYTECODE)
        if args.write:
            import shutil

            from generator.write import write_site

            shutil.rmtree(args.write, ignore_errors=True)  # an empty folder: every file written
            clock, cpu = time.perf_counter(), _cpu()
            write_site(pages, args.write)
            writes.append((time.perf_counter() - clock, _cpu() - cpu))
        return len(pages)

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(once)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        return 0
    times, cpus = [], []
    for _ in range(args.repeat):
        clock, cpu = time.perf_counter(), _cpu()
        pages = once()
        times.append(time.perf_counter() - clock)
        cpus.append(_cpu() - cpu)
    best = min(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    wrote = ""
    if writes:
        render_cpu = [c - w for c, (_, w) in zip(cpus, writes, strict=True)]
        wrote = (
            f"; of it write best {min(t for t, _ in writes):.2f}s wall, "
            f"{min(w for _, w in writes):.2f}s CPU, render CPU best {min(render_cpu):.2f}s"
        )
    left_out = f" without {', '.join(args.without)}" if args.without else ""
    print(
        f"{pages} files{left_out}: best {best:.2f}s ({pages / best:.0f} files/s); runs {runs}s; "
        f"CPU (with workers) best {min(cpus):.2f}s{wrote}; peak memory {_peak_mb():.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
