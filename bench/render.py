"""Time the render stage alone: `render_site` on a corpus's model, pages computed with their reuse keys
(as a cached build into a fresh folder does) but none reused, best of --repeat runs.

The model is built once (extraction from --cache-dir) and kept in a pickle (--model) so later runs, of
this code or another version of the render stage, time the same input.

    .venv/bin/python bench/render.py                       # gva-dev, 3 runs
    .venv/bin/python bench/render.py --profile 30          # one run under cProfile, top 30 functions
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pickle
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gva-dev.jsonl"
DEFAULT_CACHE = Path(".cache")  # the project's cache folder (pass --cache-dir for another)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--model", type=Path, default=Path("/tmp/briefing-render-model.pickle"))
    parser.add_argument("--templates", type=Path, default=ROOT / "templates")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse-all", action="store_true", help="every page reused (a rebuild, nothing changed)"
    )
    parser.add_argument("--no-keys", action="store_true", help="render without computing reuse keys")
    parser.add_argument("--processes", type=int, help="render processes (default: the render stage's)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one run, print the top N")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from generator.config import SiteConfig
    from generator.render import render_site

    if args.processes is not None:
        _set_processes(args.processes)
    model = load_model(args.corpus, args.cache_dir, args.model)
    gc.freeze()  # as the build does: the model lives to the end, the collector need not scan it
    config = SiteConfig(title="bench")

    def once() -> int:
        keys: dict[str, str] | None = None if args.no_keys else {}
        reuse = (lambda p, k: p) if args.reuse_all else (lambda p, k: None)
        return len(render_site(model, config, args.templates, reuse, keys))

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
    print(
        f"{pages} pages: best {best:.2f}s ({pages / best:.0f} pages/s); runs {runs}s; "
        f"CPU (with workers) best {min(cpus):.2f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
