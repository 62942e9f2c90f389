"""Storyline quality against gold labels: B-cubed precision, recall and F1 (Bagga and Baldwin 1998)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    items: int
    predicted_clusters: int
    gold_clusters: int

    def line(self, label: str) -> str:
        return (
            f"{label:<26} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"({self.items} articles, {self.predicted_clusters} storylines, {self.gold_clusters} gold)"
        )


def bcubed(items: Sequence[tuple[str, str]], predicted: Mapping[str, str]) -> Scores:
    """B-cubed over (item id, gold label) pairs; `predicted` maps item id -> predicted cluster.

    An item missing from `predicted` is a cluster of its own. An id listed with two gold labels
    counts once per label, as the corpus lists it.
    """
    if not items:
        return Scores(0.0, 0.0, 0.0, 0, 0, 0)
    pred = [predicted.get(i, f"\0alone:{i}") for i, _ in items]
    gold = [g for _, g in items]
    pair = Counter(zip(pred, gold, strict=True))
    pred_size, gold_size = Counter(pred), Counter(gold)
    precision = sum(pair[(p, g)] / pred_size[p] for p, g in zip(pred, gold, strict=True)) / len(items)
    recall = sum(pair[(p, g)] / gold_size[g] for p, g in zip(pred, gold, strict=True)) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(items), len(pred_size), len(gold_size))


def load_gold(path: Path) -> list[tuple[str, str]]:
    """(id, story) for every line of a gold JSONL file."""
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(str(path), f"cannot read: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            items.append((str(record["id"]), str(record["story"])))
        except (ValueError, KeyError, TypeError):
            raise BuildError(str(path), "each line needs JSON with 'id' and 'story'", number) from None
    return items


@dataclass(frozen=True)
class Largest:
    """The largest predicted storyline: its articles and how many gold stories it mixes."""

    articles: int
    stories: int

    def line(self, label: str = "largest storyline") -> str:
        return f"{label:<26} {self.articles} articles, {self.stories} labelled stories"


def _members(items: Sequence[tuple[str, str]], predicted: Mapping[str, str]) -> list[list[str]]:
    members: defaultdict[str, list[str]] = defaultdict(list)
    for i, g in items:
        members[predicted.get(i, f"\0alone:{i}")].append(g)
    return list(members.values())


def largest(items: Sequence[tuple[str, str]], predicted: Mapping[str, str]) -> Largest:
    """The predicted storyline with the most articles (ties: the one mixing more gold stories)."""
    found = [(len(gs), len(set(gs))) for gs in _members(items, predicted)]
    return Largest(*max(found)) if found else Largest(0, 0)


def most_mixed(items: Sequence[tuple[str, str]], predicted: Mapping[str, str]) -> Largest:
    """The predicted storyline mixing the most gold stories (ties: the larger)."""
    found = [(len(set(gs)), len(gs)) for gs in _members(items, predicted)]
    stories, size = max(found) if found else (0, 0)
    return Largest(size, stories)


def report(items: Sequence[tuple[str, str]], predicted: Mapping[str, str]) -> tuple[Scores, Scores]:
    """Scores for all articles, and for the gold storylines with at least two articles."""
    sizes: defaultdict[str, int] = defaultdict(int)
    for _, g in items:
        sizes[g] += 1
    multi = [(i, g) for i, g in items if sizes[g] >= 2]
    return bcubed(items, predicted), bcubed(multi, predicted)
