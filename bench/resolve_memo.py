"""Time what resolve costs a build at scale: a fresh resolve, and the resolve step of a rebuild (the
resolve stage with its saved state, `resolve.rerun`) after one article is edited without naming anyone new.

The corpus (default ../shared/eval/gva-dev.jsonl) is replicated as bench/grouping.py does. Each
timing runs in a fresh process (no in-process cache helps), against a state folder in a temporary
directory; the resolutions with and without the state are checked equal.

    .venv/bin/python bench/resolve_memo.py --cache-dir /work/.cache-shared/briefing
    .venv/bin/python bench/resolve_memo.py --articles 2000
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import marshal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from grouping import DEFAULT_CORPUS, replicated_corpus  # noqa: E402

from generator.incremental import Reuse  # noqa: E402
from generator.resolve import actors, load_actor_settings, resolve  # noqa: E402

EDIT = "An added sentence naming nobody, said the court."


def _step(args: argparse.Namespace) -> None:
    """One timed step in this process: fresh, or rebuild (with --memo-dir)."""
    config, articles, annotations = replicated_corpus(args.corpus, args.articles, args.cache_dir)
    if args.edit:
        articles[5] = dataclasses.replace(articles[5], paragraphs=(*articles[5].paragraphs, EDIT))
    settings = load_actor_settings(config.path(config.actors_file))
    gc.freeze()
    started = time.perf_counter()
    if args.step == "fresh":
        values = resolve(articles, annotations, settings, config.extract).values()
    else:
        ran: list[int] = []
        real = actors.resolve
        actors.resolve = lambda *a: ran.append(1) or real(*a)
        values = resolve(
            articles, annotations, settings, config.extract, Reuse(args.memo_dir, Path())
        ).values()
        print(f"resolve ran: {bool(ran)}", end=", ")
    print(f"{time.perf_counter() - started:.2f} s")
    if args.dump:
        args.dump.write_bytes(marshal.dumps(values, 0))  # version 0: no sharing refs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--cache-dir", type=Path, help="extraction cache (default: the config's)")
    parser.add_argument("--step", choices=("fresh", "rebuild"), help=argparse.SUPPRESS)
    parser.add_argument("--memo-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--edit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        _step(args)
        return 0
    common = [sys.executable, __file__, "--corpus", str(args.corpus), "--articles", str(args.articles)]
    if args.cache_dir:
        common += ["--cache-dir", str(args.cache_dir)]
    with tempfile.TemporaryDirectory() as tmp:
        memo = ["--memo-dir", str(Path(tmp) / "memo")]
        runs = [
            ("fresh resolve (no state)", ["--step", "fresh", "--dump", f"{tmp}/fresh.bin"]),
            ("first build's resolve step (no state)", ["--step", "rebuild", *memo]),
            (
                "rebuild after one edited article, no new name",
                ["--step", "rebuild", "--edit", *memo, "--dump", f"{tmp}/rebuilt.bin"],
            ),
            ("the same edit again (no-op rebuild)", ["--step", "rebuild", "--edit", *memo]),
        ]
        print(f"{args.articles} articles")
        for label, extra in runs:
            out = subprocess.run(common + extra, check=True, capture_output=True, text=True).stdout.strip()
            print(f"{label}: {out}")
        edited = Path(tmp) / "edited.bin"
        subprocess.run(
            [*common, "--step", "fresh", "--edit", "--dump", str(edited)], check=True, capture_output=True
        )
        same = edited.read_bytes() == (Path(tmp) / "rebuilt.bin").read_bytes()
        print(f"the rebuild's resolution equals a fresh resolve of the edited corpus: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
