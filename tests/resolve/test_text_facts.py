"""What resolve reads of the texts (cues, casing), and the casing counts the resolve state keeps
(`rerun`): a saved state never changes a result."""

from __future__ import annotations

from pathlib import Path

from support import annotated_corpus

from generator.incremental.resolve_store import SavedState
from generator.resolve import rerun
from generator.resolve.actors import ActorSettings, read_texts, resolve
from generator.resolve.cues import Tally

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
    """One build's resolve from the state in `tmp_path`, checked against a resolve from nothing:
    the same resolution, and casing counts that sum to the texts' casing read afresh."""
    articles, annotations = annotated_corpus(texts)
    settings = ActorSettings()
    again = rerun.resolve_again(articles, annotations, settings, ("m", "m"), tmp_path, "code")
    fresh = read_texts(articles, annotations)
    assert again.actors == resolve(articles, annotations, settings, "m", fresh).actors
    kept = SavedState(tmp_path / "resolve-inputs.bin", "code").load()
    assert Tally(*kept["tally"]).casing() == fresh.casing


def test_the_saved_counts_sum_each_text_as_a_fresh_reading_does(tmp_path: Path) -> None:
    _build(tmp_path, TEXTS)
    edited = dict(TEXTS, a=(TEXTS["a"][0] + " The court adjourned.", TEXTS["a"][1]))
    _build(tmp_path, edited)  # one text edited: its old counts subtracted, its new ones added
    _build(tmp_path, {k: v for k, v in edited.items() if k != "b"})  # a text removed
    _build(tmp_path, dict(edited, d=TEXTS["b"], e=TEXTS["b"]))  # the same text three times
    _build(tmp_path, dict(edited, d=TEXTS["b"]))  # twice
    _build(tmp_path, {})


def test_common_words_and_lower_case_pairs_count_across_texts() -> None:
    articles, annotations = annotated_corpus(TEXTS)
    casing = read_texts(articles, annotations).casing
    assert "court" in casing.common  # once in each of two texts
    assert "detectives" not in casing.common  # "Detectives" elsewhere: once in lower case
    assert "involuntary manslaughter" in casing.pairs and "involuntary" in casing.name_words
    alone = read_texts(articles[:1], annotations).casing
    assert "court" not in alone.common
