"""`generator.vectors` gives the rows scikit-learn's TfidfVectorizer gives, on real article text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from generator.config import SiteConfig
from generator.group.vectors import english_stop_words, tfidf, unit_rows
from generator.read import read_articles

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The seed articles, their paragraphs one by one, and a few awkward strings."""
    articles = read_articles(SiteConfig(root=str(ROOT)), [ROOT / "seeds"])
    paragraphs = [p for a in articles for p in a.paragraphs]
    odd = ["Ōsaka's “mayor” met Kishi Nobuo — twice", "a I of", "x", "東京 Tokyo 2024 C-130s", ""]
    return [a.title + "\n" + a.text for a in articles] + paragraphs + odd


def _reference(docs: list, **options) -> np.ndarray:
    vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options)
    return vectorizer.fit_transform(docs).toarray()


def test_stop_words_are_scikit_learns() -> None:
    assert english_stop_words() == ENGLISH_STOP_WORDS


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ({"stop_words": "english"}, {"stop_words": "english"}),
        ({"stop_words": "english", "max_df": 0.5}, {"stop_words": "english", "max_df": 0.5}),
        ({"stop_words": "english", "ngrams": 2}, {"stop_words": "english", "ngram_range": (1, 2)}),
        ({}, {}),
    ],
)
def test_rows_equal_tfidf_vectorizer(texts: list[str], ours: dict, theirs: dict) -> None:
    expected = _reference(texts, **theirs)
    found = tfidf(texts, **ours)
    assert found.shape == expected.shape and found.dtype == np.float32
    np.testing.assert_allclose(found.toarray(), expected, rtol=1e-5, atol=1e-6)
    pruned = tfidf(texts, stop_words="english", max_df=0.05)
    assert pruned.shape[1] < tfidf(texts, stop_words="english").shape[1]  # pruning really removed terms


def test_token_lists_with_an_analyzer(texts: list[str]) -> None:
    tokens = [sorted({w for w in t.split() if w[:1].isupper()}) for t in texts]
    expected = _reference(tokens, analyzer=lambda doc: doc)
    np.testing.assert_allclose(
        tfidf(tokens, analyzer=lambda doc: doc).toarray(), expected, rtol=1e-5, atol=1e-6
    )


def test_nothing_but_stop_words_is_an_error_as_in_scikit_learn() -> None:
    with pytest.raises(ValueError):
        TfidfVectorizer(stop_words="english").fit_transform(["the of and", "a"])
    with pytest.raises(ValueError):
        tfidf(["the of and", "a"], stop_words="english")


def test_unit_rows_keeps_zero_rows(texts: list[str]) -> None:
    rows = unit_rows(tfidf(texts[:3]) * 3.0)
    lengths = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    np.testing.assert_allclose(lengths, 1.0, rtol=1e-6)
    assert unit_rows(tfidf(["Tokyo talks", "Tokyo talks"])[:, :0]).nnz == 0


def test_options_it_does_not_reproduce_are_refused() -> None:
    with pytest.raises(TypeError):
        tfidf(["Tokyo talks"], max_df=1)  # scikit-learn reads an integer as a document count
    with pytest.raises(TypeError):
        tfidf(["Tokyo talks"], stop_words="french")


def test_unit_rows_of_integer_counts_are_fractions() -> None:
    from scipy import sparse

    rows = unit_rows(sparse.csr_matrix(np.array([[3, 4], [0, 0]])))
    np.testing.assert_allclose(rows.toarray(), [[0.6, 0.8], [0.0, 0.0]])
