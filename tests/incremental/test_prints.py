"""One fingerprint per article (`incremental.prints`): taken from extract's cache key where extract
hashed the whole text, else from the content; a change of anything resolve or group reads of an
article changes it, whichever way it was taken."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from support import FakeNlp

from generator.config import ExtractConfig
from generator.extract.pipeline import extract
from generator.incremental.extractions import ExtractCache
from generator.incremental.prints import Prints
from generator.model import Annotations, Article, Mention

TEXT = ("Police in Dayton said two men were arrested on Friday.", "Mayor Ann Lee spoke to reporters.")


def _article(**changes: object) -> Article:
    article = Article("a1", "a1.txt", "Two arrested", "lead", date(2024, 5, 1), "header", TEXT)
    return dataclasses.replace(article, **{"author": "Sam Reed", "source": "Dayton Daily", **changes})


def _annotations(article: Article, **changes: object) -> Annotations:
    found = Annotations(article.id, (Mention("Dayton", "GPE", 10, 16, 0),), ((0, 54), (56, 89)))
    return dataclasses.replace(found, **changes)


def _extracted(articles: list[Article], tmp_path: Path) -> tuple[Prints, dict[str, Annotations]]:
    prints = Prints()
    found = extract(articles, ExtractConfig(), ExtractCache(tmp_path), prints=prints)
    return prints, found


@pytest.mark.parametrize(
    "change",
    [
        {"id": "a2"},
        {"author": "Kim Park"},
        {"date": date(2024, 5, 2)},
        {"source": "Ohio Ledger"},
        {"paragraphs": (TEXT[0], TEXT[1] + " He said no more.")},
        {"paragraphs": (" ".join(TEXT),)},  # the same words, one paragraph fewer
    ],
)
def test_a_change_of_what_resolve_reads_of_an_article_changes_its_print(change: dict[str, object]) -> None:
    article = _article()
    base = Prints().article(article, _annotations(article))
    changed = _article(**change)
    assert Prints().article(changed, _annotations(changed)) != base


def test_a_change_of_a_mention_or_a_sentence_changes_the_print() -> None:
    article = _article()
    base = Prints().article(article, _annotations(article))
    for changed in (
        _annotations(article, mentions=(Mention("Dayton", "ORG", 10, 16, 0),)),
        _annotations(article, mentions=()),
        _annotations(article, sentences=((0, 54),)),
    ):
        assert Prints().article(article, changed) != base
    assert (
        Prints().article(dataclasses.replace(article, title="Other", url="x"), _annotations(article)) == base
    )


def test_a_text_extract_hashed_is_not_hashed_again(nlp: FakeNlp, tmp_path: Path, monkeypatch) -> None:
    article = _article()
    prints, found = _extracted([article], tmp_path)
    calls: list[object] = []
    from generator.incremental import prints as module

    real = module.digest
    monkeypatch.setattr(module, "digest", lambda value: calls.append(value) or real(value))
    prints.article(article, found[article.id])
    noted = [value for value in calls if isinstance(value, tuple) and value and value[0] == "extracted"]
    assert len(noted) == 2  # the text and the annotations, both by the extraction key
    assert not any(isinstance(value, tuple) and TEXT in value for value in calls)  # no paragraphs hashed


def test_prints_taken_from_extract_change_with_what_they_stand_for(nlp: FakeNlp, tmp_path: Path) -> None:
    """The paragraphs' split, an edit after extraction and other annotations all change the print."""
    article = _article()
    one = dataclasses.replace(
        article, id="a3", paragraphs=("\n\n".join(TEXT),)
    )  # the same text, one paragraph
    prints, found = _extracted([article, one], tmp_path)
    assert found[one.id].mentions == found[article.id].mentions  # one cache key: one extraction
    base = prints.article(article, found[article.id])
    assert prints.text(one) != prints.text(article)
    edited = dataclasses.replace(article, paragraphs=(TEXT[0], TEXT[1] + " He said no more."))
    assert prints.article(edited, found[article.id]) != base
    other = dataclasses.replace(found[article.id], sentences=((0, 10),))
    assert prints.article(article, other) != base
    assert prints.article(article, found[article.id]) == base
