"""`candidate_neighbours` from sparse products equals the dense top-k it replaces, ties included."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from generator.config import GroupingConfig, load_config
from generator.group.features import word_vectors
from generator.group.storylines import _day, _top_terms, candidate_neighbours
from generator.read import read_articles

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"


def dense_neighbours(matrix, days, horizon, k=12, block=512):
    """The former computation: each block's similarities as a dense array, top k by argpartition."""
    pruned = _top_terms(matrix, 48)
    n = matrix.shape[0]
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    dated = int(np.count_nonzero(~np.isnan(days)))
    sorted_days, undated = days[order[:dated]], order[dated:]
    found = [np.zeros(0, dtype=np.int64)] * n
    for start in range(0, n, block):
        rows = order[start : start + block]
        row_days = days[rows]
        if np.isnan(row_days).any():
            columns = order
        else:
            low = np.searchsorted(sorted_days, row_days.min() - horizon, side="left")
            high = np.searchsorted(sorted_days, row_days.max() + horizon, side="right")
            columns = np.concatenate([order[low:high], undated])
        sims = (pruned[rows] @ pruned[columns].T).toarray()
        sims[np.abs(row_days[:, None] - days[columns][None, :]) > horizon] = 0.0
        sims[rows[:, None] == columns[None, :]] = 0.0
        width = len(columns)
        top = (
            np.argpartition(-sims, k, axis=1)[:, :k]
            if width > k
            else np.tile(np.arange(width), (len(rows), 1))
        )
        chosen = np.take_along_axis(sims, top, axis=1) > 0.05
        picked = np.sort(np.where(chosen, columns[top], n), axis=1)
        for article, row, count in zip(rows.tolist(), picked, chosen.sum(axis=1).tolist(), strict=True):
            found[article] = row[:count]
    return found


@pytest.fixture(scope="module")
def eval_articles():
    if not EVAL.exists():
        pytest.skip(f"{EVAL} is not here")
    logging.getLogger("briefing").setLevel(logging.ERROR)
    config = load_config(ROOT / "content" / "site.yaml")
    return read_articles(config, [EVAL], unique_ids=False)[:700]


def _same(matrix, days, horizon) -> None:
    found, sims = candidate_neighbours(matrix, days, horizon)
    expected = dense_neighbours(matrix, days, horizon)
    assert len(found) == len(expected)
    for got, want in zip(found, expected, strict=True):
        assert got.dtype == want.dtype and got.tolist() == want.tolist()
    assert sum(len(f) for f in found) > len(found)  # most articles have neighbours: a real test
    assert all(len(s) == len(f) for s, f in zip(sims, found, strict=True))


def test_equals_the_dense_top_k_on_real_text(eval_articles) -> None:
    matrix = word_vectors(eval_articles, GroupingConfig())
    days = np.array([np.nan if a.date is None else _day(a.date) for a in eval_articles])
    _same(matrix, days, 30.0)


def test_equals_the_dense_top_k_with_ties(eval_articles) -> None:
    """Five copies of every article: rows whose k-th and (k+1)-th neighbours tie, and undated rows."""
    articles = eval_articles[:300]
    copies = [
        dataclasses.replace(a, id=f"{a.id}-{n}", date=None if (i + n) % 37 == 0 else a.date)
        for n in range(5)
        for i, a in enumerate(articles)
    ]
    matrix = word_vectors(articles, GroupingConfig())
    stacked = sparse.vstack([matrix] * 5).tocsr()
    days = np.array([np.nan if a.date is None else float(a.date.toordinal()) for a in copies])
    _same(stacked, days, 30.0)
