"""Fit the second grouping pass's linker on labelled corpora and print its weights.

Runs the build's own stages on each corpus (default: every corpus in ../shared/eval, read at run
time; extraction comes from the cache when it is warm), takes the candidate storyline pairs of the
first pass, labels each pair by whether the two storylines' majority stories agree, and fits one
logistic regression on the pairs of all corpora together, each corpus weighing alike: one
configuration for every kind of news. It prints the weights as the `grouping.linker` mapping of
content/site.yaml (and of LinkerWeights' defaults) and the in-sample B-cubed F1 of each corpus at
a few link thresholds. Held-out figures (fit on one period, score the other) come from bench/timesplit.py.

    .venv/bin/python bench/fit_linker.py [--cache-dir DIR] [--corpus gva-dev --corpus allsides-dev]

It needs scikit-learn, which a build does not: the `fit` extra (`pip install -e '.[fit]'`; `make
build` installs it with the `test` extra).
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora

from generator.config import GroupingConfig, LinkerWeights
from generator.evaluate import report
from generator.group.linking import FEATURES, Candidates, _compact, candidates, join, probabilities
from generator.group.storylines import FirstPass, first_pass
from generator.model import Article

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


def truth(articles: Sequence[Article], labels: Sequence[int], gold: dict[str, str], found: Candidates):
    """Whether each candidate pair's storylines have the same majority story."""
    votes: dict[int, Counter[str]] = {}
    for article, label in zip(articles, labels, strict=True):
        votes.setdefault(label, Counter())[gold[article.id]] += 1
    majority = {label: counts.most_common(1)[0][0] for label, counts in votes.items()}
    return np.array([majority[a] == majority[b] for a, b in found.pairs], dtype=bool)


def fit(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> LinkerWeights:
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y, sample_weight=sample_weight)
    weights = dict(zip(FEATURES, (round(float(w), 3) for w in model.coef_[0]), strict=True))
    return LinkerWeights(bias=round(float(model.intercept_[0]), 3), **weights)


@dataclass(frozen=True)
class Run:
    """One corpus' first pass and its candidate pairs, labelled."""

    corpus: corpora.Corpus
    first: FirstPass
    labels: list[int]
    found: Candidates
    truth: np.ndarray


def prepare(corpus: corpora.Corpus, config: GroupingConfig) -> Run:
    first = first_pass(corpus.articles, corpus.article_actors, corpus.places, config, cast=corpus.cast)
    labels = _compact(first.labels)
    found = candidates(corpus.articles, labels, first.features, first.names, config, first.participants)
    return Run(corpus, first, labels, found, truth(corpus.articles, labels, dict(corpus.items), found))


def balance(runs: Sequence[Run]) -> np.ndarray:
    """Sample weights under which every run's pairs of one story weigh as much as another run's:
    each pair of a run counts 1 / (the run's pairs of one story), scaled to a mean of 1. Without
    them the corpus with the most such pairs (local news: about seven times political news') would
    set the linker alone."""
    weights = np.concatenate([np.full(len(run.truth), 1.0 / max(1, int(run.truth.sum()))) for run in runs])
    return weights * len(weights) / weights.sum() if len(weights) else weights


def fit_pooled(runs: Sequence[Run], default: LinkerWeights) -> LinkerWeights:
    """One linker for the candidate pairs of every run together, each run weighing alike (`balance`)."""
    y = np.concatenate([run.truth for run in runs])
    if len(set(y.tolist())) < 2:
        return default
    return fit(np.vstack([run.found.features for run in runs]), y, balance(runs))


def joined_f1(run: Run, weights: LinkerWeights, threshold: float, config: GroupingConfig) -> float:
    """B-cubed F1 (all articles) of the run's corpus with the linker's joins."""
    scores = probabilities(run.found, weights)
    labels = join(
        run.labels, run.found.pairs, scores, threshold, run.first.features.matrix, config.link_min_similarity
    )
    predicted = {a.id: str(label) for a, label in zip(run.corpus.articles, labels, strict=True)}
    return report(run.corpus.items, predicted)[0].f1


def best_threshold(runs: Sequence[Run], weights: LinkerWeights, config: GroupingConfig) -> float:
    """The link threshold with the best mean F1 over the runs (ties: the higher)."""
    return max(
        THRESHOLDS, key=lambda t: (sum(joined_f1(run, weights, t, config) for run in runs) / len(runs), t)
    )


def main(argv: list[str] | None = None) -> int:
    site, paths = corpora.from_command_line(__doc__, argv)
    if not paths:
        print("no labelled corpus found; nothing to fit")
        return 0
    runs = [prepare(corpora.load(path, site), site.grouping) for path in paths]
    for run in runs:
        print(
            f"{run.corpus.name}: {len(run.found.pairs)} candidate pairs, {int(run.truth.sum())} of one story"
        )
    weights = fit_pooled(runs, site.grouping.linker)
    for threshold in THRESHOLDS:
        figures = ", ".join(
            f"{run.corpus.name} F1 {joined_f1(run, weights, threshold, site.grouping):.4f}" for run in runs
        )
        print(f"link_threshold {threshold}: in-sample {figures}")
    print("\ngrouping:\n  linker:")
    for field in dataclasses.fields(weights):
        print(f"    {field.name}: {getattr(weights, field.name)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
