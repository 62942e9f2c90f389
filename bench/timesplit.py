"""Time-split figures for storyline grouping: tune on one period, score the other.

Each labelled corpus in ../shared/eval (read at run time, never copied) is split by date at its
median day into an early and a late half. For each direction (early -> late, late -> early):

- the default configuration scores the held-out half as it is (nothing tuned);
- the linker is refitted (as bench/fit_linker.py does) on the candidate pairs of the tuning
  halves of every corpus together, `link_threshold` is chosen there from a few values, and the
  held-out halves are scored with the result: one configuration for every kind of news.

    .venv/bin/python bench/timesplit.py [--cache-dir DIR] [--corpus gva-dev --corpus allsides-dev]
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora
from fit_linker import best_threshold, fit_pooled, prepare

from generator.config import GroupingConfig
from generator.evaluate import largest, most_mixed, report
from generator.group.storylines import StorylineSettings, group


def halves(corpus: corpora.Corpus) -> dict[str, corpora.Corpus]:
    """The corpus cut at its median date: `early` (before it) and `late` (from it on, and undated)."""
    days = sorted(a.date for a in corpus.articles if a.date)
    median = days[len(days) // 2]
    early = {a.id for a in corpus.articles if a.date is not None and a.date < median}
    parts = {}
    for name, inside in (("early", True), ("late", False)):
        parts[name] = dataclasses.replace(
            corpus,
            name=f"{corpus.name} {name}",
            articles=[a for a in corpus.articles if (a.id in early) == inside],
            items=[(i, g) for i, g in corpus.items if (i in early) == inside],
        )
    return parts


def score(corpus: corpora.Corpus, config: GroupingConfig) -> str:
    """B-cubed F1 (all, >= 2), storylines and the largest storyline of one corpus."""
    grouping = group(
        corpus.articles,
        {},
        corpus.article_actors,
        corpus.places,
        corpus.actor_names,
        config,
        StorylineSettings(),
        cast=corpus.cast,
    )
    every, multi = report(corpus.items, grouping.storyline_of)
    big = largest(corpus.items, grouping.storyline_of)
    mixed = most_mixed(corpus.items, grouping.storyline_of)
    return (
        f"F1 {every.f1:.3f} (P {every.precision:.3f} R {every.recall:.3f})  >=2 F1 {multi.f1:.3f}  "
        f"{every.predicted_clusters} storylines / {every.gold_clusters}  "
        f"largest {big.articles} articles, {big.stories} stories; most mixed {mixed.stories} stories"
    )


def tune(parts: Sequence[corpora.Corpus], config: GroupingConfig) -> GroupingConfig:
    """The linker refitted on the candidate pairs of `parts` together (bench/fit_linker.py), and
    the link threshold that scores best there (mean B-cubed F1 over the parts)."""
    runs = [prepare(part, config) for part in parts]
    weights = fit_pooled(runs, config.linker)
    threshold = best_threshold(runs, weights, config)
    return dataclasses.replace(config, linker=weights, link_threshold=threshold)


def main(argv: list[str] | None = None) -> int:
    site, paths = corpora.from_command_line(__doc__, argv)
    if not paths:
        print("no labelled corpus found; nothing to score")
        return 0
    split = [halves(corpora.load(path, site)) for path in paths]
    default = site.grouping
    for tuned_on, held_out in (("early", "late"), ("late", "early")):
        print(f"== tuned on {tuned_on}, scored on {held_out}")
        for parts in split:
            print(f"  default  {parts[held_out].name:<20} {score(parts[held_out], default)}")
        tuned = tune([parts[tuned_on] for parts in split], default)
        print(f"  refitted linker on {tuned_on} halves, link_threshold {tuned.link_threshold}:")
        for parts in split:
            print(f"  refitted {parts[held_out].name:<20} {score(parts[held_out], tuned)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
