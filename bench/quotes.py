"""Quotations and their speakers on the eval corpora: a sample to hand-check, and what finding costs.

Each corpus is read from ../shared/eval at run time (never copied into the project), extracted
from the cache and resolved; then `resolve.quotes` is timed alone on all its articles (no memo),
and `--sample N` quotes, drawn with a fixed seed, are printed with their sentence (and the one
before), the speaker words and the actor, to be judged by reading.

    .venv/bin/python bench/quotes.py --cache-dir /work/.cache-stages --corpus gva-dev --sample 40
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import EVAL_DIR, config  # noqa: E402

from generator.extract.pipeline import extract  # noqa: E402
from generator.incremental.extractions import ExtractCache  # noqa: E402
from generator.model import Quote  # noqa: E402
from generator.read import read_articles  # noqa: E402
from generator.resolve import context, load_actor_settings, quotes, resolve  # noqa: E402


def _sentence(text: str, sentences: tuple[tuple[int, int], ...], index: int, end: int) -> str:
    """The quote's sentence (and the one before), extended to the end of the quote."""
    lo = sentences[max(0, index - 1)][0]
    hi = max(sentences[index][1], end)
    return " ".join(text[lo:hi].split())


def _place(quote: Quote) -> tuple[str, int]:
    return quote.article, quote.start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache-dir", type=Path, help="extraction cache (default: the config's)")
    parser.add_argument("--corpus", default="gva-dev", help="corpus name in ../shared/eval")
    parser.add_argument("--sample", type=int, default=0, help="quotes to print for hand-checking")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    site = config(args.cache_dir)
    articles = read_articles(site, [EVAL_DIR / f"{args.corpus}.jsonl"], unique_ids=False)
    annotations = extract(articles, site.extract, ExtractCache(site.path(site.cache_dir)), None)
    settings = load_actor_settings(site.path(site.actors_file))
    gc.freeze()
    started = time.perf_counter()
    resolution = resolve(articles, annotations, settings, site.extract)
    whole = time.perf_counter() - started
    read = context.with_context(articles, annotations)
    started = time.perf_counter()
    found = quotes.quotes(articles, read, resolution.names)
    alone = time.perf_counter() - started
    assert found == resolution.quotes
    said = sum(q.speaker is not None for q in found)
    resolved = sum(q.actor is not None for q in found)
    print(
        f"{args.corpus}: {len(articles)} articles, {len(found)} quotes ({said} with a speaker, {resolved} "
        f"with an actor); quotes {alone:.2f} s of resolve's {whole:.2f} s"
    )
    texts = {a.id: a.text for a in articles}
    for n, q in enumerate(
        sorted(random.Random(args.seed).sample(found, min(args.sample, len(found))), key=_place), 1
    ):
        text = texts[q.article]
        end = q.start + len(q.text) + 2
        print(f"\n[{n}] {q.article} @{q.start}: speaker={q.speaker!r} actor={q.actor}")
        print(f"  QUOTE: {q.text[:300]}")
        print(f"  CONTEXT: {_sentence(text, annotations[q.article].sentences, q.sentence, end)[:900]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
