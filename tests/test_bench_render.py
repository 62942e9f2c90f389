"""`bench/render.py --articles N`: a replicated corpus whose extraction cache spaCy never needs."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

from generator.config import SiteConfig
from generator.extract.pipeline import extract
from generator.incremental.extractions import ExtractCache
from generator.read import read_articles

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _render_bench():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_render", BENCH / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_replicated_corpus_is_read_back_from_its_seeded_cache(nlp, seeds_dir: Path, tmp_path: Path) -> None:
    bench = _render_bench()
    logger = logging.getLogger("briefing")
    level = logger.level
    try:  # the replicas module quiets the project's logger: give later tests theirs back
        corpus, cache_dir = bench.replicated(seeds_dir, tmp_path / "shared", 12, tmp_path / "work")
    finally:
        logger.setLevel(level)
    annotated = len(nlp.seen)  # the originals, annotated once (no cache held them)
    config = SiteConfig(title="bench")
    articles = read_articles(config, [corpus])
    assert len(articles) == 12
    assert len({a.id for a in articles}) == 12
    assert len({a.text for a in articles}) == 12  # every copy a text of its own
    dated = sorted(a.date for a in articles if a.date)
    assert dated[0] < dated[-1]
    found = extract(articles, config.extract, ExtractCache(cache_dir), None)
    assert len(nlp.seen) == annotated  # every replica's annotations came from the seeded cache
    assert set(found) == {a.id for a in articles}
