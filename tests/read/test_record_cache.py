"""The JSONL record cache: cached reads give the very articles and warnings of a fresh read."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.incremental.fingerprint import closure
from generator.incremental.records import RecordCache
from generator.read import jsonl as readers
from generator.read import read_articles

LINES = [
    {"id": "a", "title": "Kishi in Tokyo", "date": "2022-05-04", "text": "Kishi met Austin.\n\nMore."},
    {"text": "No id here: Tokyo, 4 May 2022.\n\nSecond paragraph."},
    {"id": "c", "date": "not a date", "text": "Bad date, but text."},
    {"id": "d", "text": ""},
    {"id": "e", "source": "  Kyodo   News ", "author": "A. Writer", "url": "https://x.test/e", "text": "E."},
]


def _write(path: Path, records: list[object], prefix: str = "") -> Path:
    body = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records)
    path.write_text(prefix + body + "\n", encoding="utf-8")
    return path


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    caplog.clear()
    return found


@pytest.fixture
def cleaned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts passed to `clean_text` (cached lines never get there)."""
    seen: list[str] = []
    original = readers.clean_text

    def counting(raw: str, **kwargs: bool) -> object:
        seen.append(raw)
        return original(raw, **kwargs)

    monkeypatch.setattr(readers, "clean_text", counting)
    return seen


def test_cached_read_is_the_same_articles_and_warnings(
    tmp_path: Path, site_config: SiteConfig, caplog: pytest.LogCaptureFixture, cleaned: list[str]
) -> None:
    source = _write(tmp_path / "feed.jsonl", [*LINES, "{not json", "[1]"])
    fresh = read_articles(site_config, [source])
    expected = _warnings(caplog)
    assert len(expected) == 4 and len(fresh) == 4
    cache = tmp_path / "cache"
    first = read_articles(site_config, [source], cache_dir=cache)
    assert (first, _warnings(caplog)) == (fresh, expected)
    cleaned.clear()
    again = read_articles(site_config, [source], cache_dir=cache)
    assert (again, _warnings(caplog)) == (fresh, expected)
    assert [a.date for a in again] == [a.date for a in fresh] and again[0].date is not None
    assert len(cleaned) == 2  # only the lines that warned (bad date, empty text) are cleaned again


def test_moved_lines_keep_their_derived_ids_and_line_numbers(
    tmp_path: Path, site_config: SiteConfig, cleaned: list[str]
) -> None:
    cache = tmp_path / "cache"
    read_articles(site_config, [_write(tmp_path / "feed.jsonl", LINES)], cache_dir=cache)
    moved = _write(tmp_path / "feed.jsonl", LINES, prefix="\n\n")
    cleaned.clear()
    cached = read_articles(site_config, [moved], cache_dir=cache)
    assert len(cleaned) == 2
    assert cached == read_articles(site_config, [moved])
    assert {a.id: a.line for a in cached}["feed-4"] == 4


def test_other_reading_code_or_a_corrupt_file_means_a_fresh_read(
    tmp_path: Path,
    site_config: SiteConfig,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    cleaned: list[str],
) -> None:
    cache = tmp_path / "cache"
    source = _write(tmp_path / "feed.jsonl", LINES)
    fresh = read_articles(site_config, [source], cache_dir=cache)
    monkeypatch.setattr(readers, "reader_fingerprint", lambda: "other code")
    cleaned.clear()
    assert read_articles(site_config, [source], cache_dir=cache) == fresh
    assert len(cleaned) == len(LINES)
    (cache / "records.bin").write_bytes(b"\x00garbage")
    caplog.clear()
    assert read_articles(site_config, [source], cache_dir=cache) == fresh
    assert any("corrupt record cache" in w for w in _warnings(caplog))
    cleaned.clear()
    assert read_articles(site_config, [source], cache_dir=cache) == fresh
    assert len(cleaned) == 2


def test_only_the_lines_of_the_last_build_are_kept(tmp_path: Path, site_config: SiteConfig) -> None:
    cache = tmp_path / "cache"
    read_articles(site_config, [_write(tmp_path / "feed.jsonl", LINES)], cache_dir=cache)
    read_articles(site_config, [_write(tmp_path / "feed.jsonl", LINES[:1])], cache_dir=cache)
    store = RecordCache(cache, readers.reader_fingerprint())
    assert store.get(RecordCache.key(json.dumps(LINES[0]))) is not None
    assert store.get(RecordCache.key(json.dumps(LINES[1]))) is None


def test_the_fingerprint_covers_the_cleaning_code() -> None:
    assert {"generator.read.cleaning", "generator.read.dates"} <= set(closure(readers.__name__))
