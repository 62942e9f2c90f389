"""The extraction cache: what invalidates an entry, what does not, and corrupt entries."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest
from support import FakeNlp, plain_article

from generator.config import ExtractConfig
from generator.extract import spacy_model
from generator.extract.pipeline import extract, model_fingerprint
from generator.incremental.extractions import ExtractCache
from generator.model import Annotations, Article, Mention


def _run(articles: list[Article], config: ExtractConfig, folder: Path) -> dict[str, Annotations]:
    return extract(articles, config, ExtractCache(folder))


def test_unchanged_text_is_not_annotated_again(nlp: FakeNlp, tmp_path: Path) -> None:
    config = ExtractConfig()
    first = _run([plain_article("a", "Tokyo and Osaka"), plain_article("b", "Paris today")], config, tmp_path)
    assert len(nlp.seen) == 2
    second = _run(
        [plain_article("a", "Tokyo and Osaka"), plain_article("b", "Paris today")], config, tmp_path
    )
    assert len(nlp.seen) == 2
    assert first == second
    assert first["a"].mentions == (Mention("Tokyo", "GPE", 0, 5, 0), Mention("Osaka", "GPE", 10, 15, 0))


def test_same_text_under_another_id_is_a_hit_with_that_id(nlp: FakeNlp, tmp_path: Path) -> None:
    _run([plain_article("a", "Tokyo and Osaka")], ExtractConfig(), tmp_path)
    again = _run([plain_article("z", "Tokyo and Osaka")], ExtractConfig(), tmp_path)
    assert len(nlp.seen) == 1
    assert again["z"].article_id == "z"


def test_changed_text_invalidates(nlp: FakeNlp, tmp_path: Path) -> None:
    _run([plain_article("a", "Tokyo and Osaka")], ExtractConfig(), tmp_path)
    result = _run([plain_article("a", "Tokyo and Kyoto")], ExtractConfig(), tmp_path)
    assert nlp.seen == ["Tokyo and Osaka", "Tokyo and Kyoto"]
    assert result["a"].mentions[-1].text == "Kyoto"


def test_extraction_setting_invalidates(nlp: FakeNlp, tmp_path: Path) -> None:
    config = ExtractConfig()
    _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    _run([plain_article("a", "Tokyo and Osaka")], dataclasses.replace(config, max_chars=5), tmp_path)
    _run([plain_article("a", "Tokyo and Osaka")], dataclasses.replace(config, model="other_model"), tmp_path)
    assert nlp.seen == ["Tokyo and Osaka", "Tokyo", "Tokyo and Osaka"]


def test_batch_and_process_settings_do_not_invalidate(nlp: FakeNlp, tmp_path: Path) -> None:
    config = ExtractConfig()
    _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    _run(
        [plain_article("a", "Tokyo and Osaka")],
        dataclasses.replace(config, batch_size=7, n_process=1),
        tmp_path,
    )
    assert len(nlp.seen) == 1


def test_model_version_invalidates(nlp: FakeNlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = ExtractConfig()
    _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    before = model_fingerprint(config)
    monkeypatch.setattr(spacy_model.importlib.metadata, "version", lambda name: "99.0.0")
    assert model_fingerprint(config) != before
    _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    assert len(nlp.seen) == 2


def test_version_of_the_loaded_model_invalidates(tmp_path: Path) -> None:
    """The key follows the meta.json of what spacy.load(model) loads, whatever model_package says."""
    folder = tmp_path / "my_model"
    folder.mkdir()
    (folder / "meta.json").write_text('{"version": "3.8.0"}', encoding="utf-8")
    config = ExtractConfig(model=str(folder), model_package="some-other-package")
    before = model_fingerprint(config)
    assert "3.8.0" in before
    (folder / "meta.json").write_text('{"version": "3.8.1"}', encoding="utf-8")
    assert model_fingerprint(config) != before
    installed = model_fingerprint(ExtractConfig())
    assert "unknown" not in installed.split("-")[:3]  # the bundled model's package and meta both found


def test_other_extraction_code_invalidates(
    nlp: FakeNlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run([plain_article("a", "Tokyo and Osaka")], ExtractConfig(), tmp_path)
    monkeypatch.setattr(spacy_model, "code_digest", lambda *modules: "other code")
    _run([plain_article("a", "Tokyo and Osaka")], ExtractConfig(), tmp_path)
    assert len(nlp.seen) == 2


@pytest.mark.parametrize("garbage", [b"{not json", b"", b'{"mentions": 3}', b"[1, 2]", b"\xff\xfe"])
def test_corrupt_entry_is_ignored_with_a_warning_and_rebuilt(
    nlp: FakeNlp, tmp_path: Path, caplog: pytest.LogCaptureFixture, garbage: bytes
) -> None:
    config = ExtractConfig()
    first = _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    [entry] = (tmp_path / "extract").rglob("*.json")
    entry.write_bytes(garbage)
    with caplog.at_level(logging.WARNING):
        again = _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    assert again == first
    assert len(nlp.seen) == 2
    assert "corrupt cache entry" in caplog.text and entry.name in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        _run([plain_article("a", "Tokyo and Osaka")], config, tmp_path)
    assert len(nlp.seen) == 2  # rebuilt: a hit again, no warning
    assert "corrupt" not in caplog.text


def test_no_cache_annotates_every_time(nlp: FakeNlp) -> None:
    for _ in range(2):
        extract([plain_article("a", "Tokyo and Osaka")], ExtractConfig(), None)
    assert len(nlp.seen) == 2


def test_cache_lives_in_the_given_folder(nlp: FakeNlp, tmp_path: Path) -> None:
    _run([plain_article("a", "Tokyo")], ExtractConfig(), tmp_path / "elsewhere")
    assert list((tmp_path / "elsewhere" / "extract").rglob("*.json"))
    assert not list((tmp_path / "elsewhere" / "extract").rglob("*.tmp"))
