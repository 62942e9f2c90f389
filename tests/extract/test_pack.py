"""The extraction cache's pack: the last run's entries in one file, read instead of many files."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from support import FakeNlp, plain_article

from generator.config import ExtractConfig
from generator.extract.pipeline import extract
from generator.incremental.extractions import ExtractCache, _MentionsOnly, _Pack


def _run(folder: Path, texts: list[str]) -> dict[str, object]:
    articles = [plain_article(f"a{n}", t) for n, t in enumerate(texts)]
    return extract(articles, ExtractConfig(), ExtractCache(folder, pack=True))


TEXTS = [f"Tokyo report {n} from Osaka" for n in range(40)]


def test_a_packed_run_reads_no_entry_files(nlp: FakeNlp, tmp_path: Path) -> None:
    first = _run(tmp_path, TEXTS)
    for entry in (tmp_path / "extract").rglob("*.json"):
        entry.unlink()  # only the pack is left
    assert _run(tmp_path, TEXTS) == first
    assert len(nlp.seen) == len(TEXTS)
    assert extract([plain_article("a0", TEXTS[0])], ExtractConfig(), ExtractCache(tmp_path)) is not None
    assert len(nlp.seen) == len(TEXTS) + 1  # without `pack`, the files are the cache


def test_few_new_entries_go_to_a_small_file_many_rewrite_the_pack(nlp: FakeNlp, tmp_path: Path) -> None:
    pack, added = tmp_path / "extract" / _Pack.BASE, tmp_path / "extract" / _Pack.ADDED
    _run(tmp_path, TEXTS)
    stamp = pack.stat().st_mtime_ns
    changed = [*TEXTS[:-1], "Kyoto news"]
    assert _run(tmp_path, changed)["a39"].mentions[0].text == "Kyoto"
    assert pack.stat().st_mtime_ns == stamp and added.exists()
    assert _run(tmp_path, changed)["a39"].mentions[0].text == "Kyoto"
    assert len(nlp.seen) == len(TEXTS) + 1
    _run(tmp_path, [f"Nagoya item {n}" for n in range(40)])
    assert pack.stat().st_mtime_ns != stamp and not added.exists()


def test_a_corrupt_pack_is_ignored_with_a_warning(
    nlp: FakeNlp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = _run(tmp_path, TEXTS)
    (tmp_path / "extract" / _Pack.BASE).write_bytes(b"\x80\x05garbage")
    with caplog.at_level(logging.WARNING):
        assert _run(tmp_path, TEXTS) == first
    assert "corrupt cache pack" in caplog.text
    assert len(nlp.seen) == len(TEXTS)  # the entry files answered


def test_the_pack_unpickles_mentions_and_plain_values_only(tmp_path: Path) -> None:
    path = tmp_path / "evil.pickle"
    path.write_bytes(pickle.dumps({"k": (print, ())}))
    with path.open("rb") as handle, pytest.raises(pickle.UnpicklingError):
        _MentionsOnly(handle).load()
