"""Fit the second grouping pass's linker on a labelled corpus and print its weights.

Runs the build's own stages on the corpus (default ../shared/eval/gva-dev.jsonl; extraction comes
from the cache when it is warm), takes the candidate storyline pairs of the first pass, labels each
pair by whether the two storylines' majority incidents agree, and fits a logistic regression. It
prints the weights as the `grouping.linker` mapping of content/site.yaml (and of LinkerWeights'
defaults), the in-sample B-cubed scores, and a time-split check: weights fitted on the pairs of one
period score the other, so the figure is not only in-sample.

    .venv/bin/python bench/fit_linker.py
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.actors import load_actor_settings, resolve  # noqa: E402
from generator.cache import ExtractCache  # noqa: E402
from generator.config import LinkerWeights, load_config  # noqa: E402
from generator.evaluate import load_gold, report  # noqa: E402
from generator.extract import extract  # noqa: E402
from generator.linking import FEATURES, Candidates, candidates, join, probabilities  # noqa: E402
from generator.model import Article  # noqa: E402
from generator.readers import read_articles  # noqa: E402
from generator.storylines import first_pass  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"


def truth(articles: Sequence[Article], labels: Sequence[int], gold: dict[str, str], found: Candidates):
    """Whether each candidate pair's storylines have the same majority incident."""
    votes: dict[int, Counter[str]] = {}
    for article, label in zip(articles, labels, strict=True):
        votes.setdefault(label, Counter())[gold[article.id]] += 1
    majority = {label: counts.most_common(1)[0][0] for label, counts in votes.items()}
    return np.array([majority[a] == majority[b] for a, b in found.pairs])


def fit(x: np.ndarray, y: np.ndarray) -> LinkerWeights:
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    weights = dict(zip(FEATURES, (round(float(w), 3) for w in model.coef_[0]), strict=True))
    return LinkerWeights(bias=round(float(model.intercept_[0]), 3), **weights)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--split-year", type=int, default=2014, help="time split: up to this year / after")
    parser.add_argument(
        "--thresholds", type=lambda v: [float(x) for x in v.split(",")], default=[], help="also score these"
    )
    args = parser.parse_args(argv)
    logging.getLogger("briefing").setLevel(logging.ERROR)
    config = load_config(ROOT / "content" / "site.yaml")
    items = load_gold(args.corpus)
    gold = dict(items)
    articles = read_articles(config, [args.corpus], unique_ids=False)
    annotations = extract(articles, config.extract, ExtractCache(config.path(config.cache_dir)), None)
    settings = load_actor_settings(config.path(config.actors_file))
    resolution = resolve(articles, annotations, settings, config.extract.model)
    first = first_pass(articles, resolution.article_actors, resolution.places, config.grouping)
    labels = first.labels
    found = candidates(articles, labels, first.features, first.names, config.grouping)
    y = truth(articles, labels, gold, found)
    print(f"{len(found.pairs)} candidate pairs, {int(y.sum())} of one incident")

    def scores(
        weights: LinkerWeights, probs: np.ndarray | None = None, threshold: float | None = None
    ) -> str:
        p = probabilities(found, weights) if probs is None else probs
        cut = config.grouping.link_threshold if threshold is None else threshold
        joined = join(labels, found.pairs, p, cut)
        every, multi = report(items, {a.id: str(label) for a, label in zip(articles, joined, strict=True)})
        return f"all F1 {every.f1:.4f} (P {every.precision:.3f} R {every.recall:.3f}), >=2 F1 {multi.f1:.4f}"

    weights = fit(found.features, y)
    print("in-sample:", scores(weights))
    first_year = _first_years(articles, labels)
    early = np.array([first_year.get(a, 0) <= args.split_year for a, _ in found.pairs])
    probs = np.zeros(len(found.pairs))
    for train in (early, ~early):
        if train.any() and (~train).any() and len(set(y[train])) == 2:
            part = dataclasses.replace(found, features=found.features[~train], pairs=[])
            held = [p for p, t in zip(found.pairs, train, strict=True) if not t]
            probs[~train] = probabilities(
                dataclasses.replace(part, pairs=held), fit(found.features[train], y[train])
            )
    print(
        f"time split at {args.split_year} (each half scored by weights fitted on the other):",
        scores(weights, probs),
    )
    for threshold in args.thresholds:
        print(f"link_threshold {threshold}: in-sample {scores(weights, None, threshold)}")
        print(f"link_threshold {threshold}: time split {scores(weights, probs, threshold)}")
    print("\ngrouping:\n  linker:")
    for field in dataclasses.fields(weights):
        print(f"    {field.name}: {getattr(weights, field.name)}")
    return 0


def _first_years(articles: Sequence[Article], labels: Sequence[int]) -> dict[int, int]:
    """Storyline label -> the year of its first dated article."""
    years: dict[int, int] = {}
    for article, label in zip(articles, labels, strict=True):
        if article.date:
            years[label] = min(years.get(label, 9999), article.date.year)
    return years


if __name__ == "__main__":
    raise SystemExit(main())
