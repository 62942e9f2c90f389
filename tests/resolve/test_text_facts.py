"""The per-text memo of what resolve reads of the texts (cues, casing): a cache never changes a result."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from support import annotated_corpus

from generator.incremental.memo import StageMemo
from generator.resolve.actors import ActorSettings, read_texts, resolve, resolve_key

TEXTS = {
    "a": (
        "Lloyd Austin met Kishi Nobuo in Tokyo on Monday, the court heard. Austin said detectives "
        "would charge him with involuntary manslaughter today.",
        [("Lloyd Austin", "PERSON"), ("Kishi Nobuo", "PERSON"), ("Tokyo", "GPE"), ("Austin", "PERSON")],
    ),
    "b": (
        "Detectives said the Involuntary Manslaughter charge stands. A silver Honda was seen near the "
        "court, told CNN.",
        [("Involuntary Manslaughter", "ORG"), ("Honda", "ORG"), ("CNN", "ORG")],
    ),
    "c": (
        "Court documents show the Dayton Police Department asked the court for time. Dayton police said "
        "more.",
        [("Court", "ORG"), ("Dayton Police Department", "ORG"), ("Dayton", "GPE")],
    ),
}


def _build(tmp_path: Path, texts: dict[str, tuple[str, list[tuple[str, str]]]]) -> None:
    """One build's reading and resolution with the memo, checked against those without it."""
    articles, annotations = annotated_corpus(texts)
    memo = StageMemo(tmp_path, "cues", "generator.resolve.cues")
    remembered = read_texts(articles, annotations, memo)
    memo.save()
    fresh = read_texts(articles, annotations)
    assert remembered == fresh
    settings = ActorSettings()
    assert resolve(articles, annotations, settings, "m", remembered) == resolve(
        articles, annotations, settings, "m"
    )
    assert resolve_key(articles, annotations, settings, "m", remembered) == resolve_key(
        articles, annotations, settings, "m"
    )


def test_the_memo_reads_each_text_as_a_fresh_reading_does(tmp_path: Path) -> None:
    _build(tmp_path, TEXTS)
    edited = dict(TEXTS, a=(TEXTS["a"][0] + " The court adjourned.", TEXTS["a"][1]))
    _build(tmp_path, edited)  # one text edited: its old counts subtracted, its new ones added
    _build(tmp_path, {k: v for k, v in edited.items() if k != "b"})  # a text removed
    _build(tmp_path, dict(edited, d=TEXTS["b"], e=TEXTS["b"]))  # the same text three times
    _build(tmp_path, dict(edited, d=TEXTS["b"]))  # twice
    _build(tmp_path, {})


def test_common_words_and_lower_case_pairs_count_across_texts(tmp_path: Path) -> None:
    articles, annotations = annotated_corpus(TEXTS)
    casing = read_texts(articles, annotations, StageMemo(tmp_path, "cues", "generator.resolve.cues")).casing
    assert "court" in casing.common  # once in each of two texts
    assert "detectives" not in casing.common  # "Detectives" elsewhere: once in lower case
    assert "involuntary manslaughter" in casing.pairs and "involuntary" in casing.name_words
    alone = read_texts(articles[:1], annotations).casing
    assert "court" not in alone.common


def test_a_memo_left_by_another_corpus_or_broken_changes_nothing(tmp_path: Path) -> None:
    _build(tmp_path, TEXTS)
    memo = StageMemo(tmp_path, "cues", "generator.resolve.cues")
    first = next(k for k in memo.entries if len(k) == 16)
    del memo.entries[first]  # the counts name a text the memo no longer holds: counted afresh
    memo.used = dict(memo.entries)
    memo.save()
    _build(tmp_path, dict(TEXTS, d=TEXTS["c"]))
    articles, annotations = annotated_corpus(TEXTS)
    moved = dataclasses.replace(articles[0], paragraphs=("Updated.", *articles[0].paragraphs))
    assert (
        read_texts([moved, *articles[1:]], annotations).facts[0] != read_texts(articles, annotations).facts[0]
    )
