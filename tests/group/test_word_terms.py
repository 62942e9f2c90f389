"""Word vectors from term counts kept between builds (`incremental.terms`): after an edit, an
addition or a removal they equal a run that tokenises every text, and only the articles whose
grouping text changed are tokenised again.

Articles are a few hundred gva-dev texts when ../shared/eval holds them, else the seeds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from generator.config import GroupingConfig, SiteConfig
from generator.group import features
from generator.group.causal import date_order
from generator.group.features import word_vectors
from generator.incremental.memo import StageMemo
from generator.incremental.terms import TermStore
from generator.model import Article
from generator.read import read_articles

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"
CONFIG = GroupingConfig()


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """gva-dev's first few hundred articles if present, else the seeds."""
    config = SiteConfig(root=str(ROOT))
    if EVAL.is_file():
        found = read_articles(config, [EVAL], unique_ids=False)
        seen: set[str] = set()
        return [a for a in found if a.paragraphs and not (a.id in seen or seen.add(a.id))][:300]
    return read_articles(config, [ROOT / "seeds"])


def stored(
    articles: list[Article], folder: Path, config: GroupingConfig = CONFIG
) -> tuple[sparse.csr_matrix, int]:
    """The word vectors with the term counts kept in `folder`, and how many texts were tokenised."""
    store = TermStore(StageMemo(folder, "word-terms", features.__name__))
    matrix = word_vectors(articles, config, store)
    store.save()
    return matrix, store.counted


def assert_same(found: sparse.csr_matrix, full: sparse.csr_matrix) -> None:
    assert found.shape == full.shape
    assert np.array_equal(found.indptr, full.indptr)
    assert np.array_equal(found.indices, full.indices)
    assert np.array_equal(found.data, full.data)


def _replace(articles: list[Article], index: int, **changes: object) -> list[Article]:
    return [dataclasses.replace(a, **changes) if i == index else a for i, a in enumerate(articles)]


def _middle(articles: list[Article]) -> int:
    by_date = [i for i in date_order([a.date for a in articles]) if articles[i].date]
    return by_date[len(by_date) // 2]


def test_a_rebuild_tokenises_nothing_and_gives_the_same_vectors(articles, tmp_path):
    full = word_vectors(articles, CONFIG)
    first, counted = stored(articles, tmp_path)
    assert counted == len(articles)
    assert_same(first, full)
    again, counted = stored(articles, tmp_path)
    assert counted == 0
    assert_same(again, full)


def test_an_edited_text_is_tokenised_again(articles, tmp_path):
    stored(articles, tmp_path)
    i = _middle(articles)
    lead = ("Police named Dana Quill as the driver of the grey van.",)
    for changes in ({"title": "Storm closes the harbour"}, {"paragraphs": lead + articles[i].paragraphs}):
        changed = _replace(articles, i, **changes)
        full = word_vectors(changed, CONFIG)
        before = word_vectors(articles, CONFIG)[i]
        assert not np.array_equal(np.sort(full[i].data), np.sort(before.data))  # the edit shows
        found, counted = stored(changed, tmp_path)
        assert counted == 1
        assert_same(found, full)


def test_additions_and_removals_give_what_a_full_run_gives(articles, tmp_path):
    stored(articles, tmp_path)
    i = _middle(articles)
    added = [*articles, dataclasses.replace(articles[i], id="new-one", title=f"{articles[i].title} again")]
    found, counted = stored(added, tmp_path)
    assert counted == 1
    assert_same(found, word_vectors(added, CONFIG))
    removed = [a for n, a in enumerate(articles) if n != i]
    found, counted = stored(removed, tmp_path)
    assert counted == 0
    assert_same(found, word_vectors(removed, CONFIG))


def test_a_paragraph_turned_template_changes_the_kept_articles(articles, tmp_path):
    """Articles copying another's first paragraph make it a template (`causal.TEMPLATE_ARTICLES`):
    the original's own text loses it, though the original did not change."""
    stored(articles, tmp_path)
    i = _middle(articles)
    copies = [
        dataclasses.replace(
            articles[n], id=f"copy-{n}", paragraphs=(articles[i].paragraphs[0], *articles[n].paragraphs)
        )
        for n in (0, 1)
    ]
    changed = [*articles, *copies]
    full = word_vectors(changed, CONFIG)
    found, counted = stored(changed, tmp_path)
    assert counted == 3  # the two copies, and the original without its paragraph
    assert_same(found, full)


def test_the_vocabulary_shrinks_with_the_archive(articles, tmp_path):
    stored(articles, tmp_path)
    path = tmp_path / "memo" / "word-terms.bin"
    before = path.stat().st_size
    few = articles[: max(1, len(articles) // 10)]  # a tenth: the seeds give one article
    found, counted = stored(few, tmp_path)
    assert counted == 0 and path.stat().st_size < before / 2
    assert_same(found, word_vectors(few, CONFIG))
    found, counted = stored(articles, tmp_path)
    assert counted == len(articles) - len(few)
    assert_same(found, word_vectors(articles, CONFIG))


def test_word_pairs_are_counted_apart(articles, tmp_path):
    stored(articles, tmp_path)
    pairs = GroupingConfig(word_ngrams=2)
    found, counted = stored(articles, tmp_path, pairs)
    assert counted == len(articles)
    assert_same(found, word_vectors(articles, pairs))
