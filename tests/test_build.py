"""Whole builds with a fake spaCy: cache folder options, --no-cache, and the no-op rebuild."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FakeNlp

from generator import build as build_module
from generator.build import build
from generator.cli import cli
from generator.config import SiteConfig, load_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))


def _config(tmp_path: Path) -> SiteConfig:
    return SiteConfig(root=str(ROOT), cache_dir=str(tmp_path / "cache"), output=str(tmp_path / "site"))


def _files(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_unchanged_rebuild_does_nothing(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    first = build(config, [seeds])
    before = _files(tmp_path / "site")
    index = [p for p in before if p.startswith("pagefind/")]  # the search index: files, not pages
    assert index and first.written == first.files == len(before)  # a first build writes every file
    assert first.pages == sum(p.endswith(".html") for p in before) < first.files
    assert f" {first.pages} pages, {first.files} files ({first.files} rewritten) in " in first.summary()

    def no_render(*_: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(build_module, "render_pages", no_render)
    monkeypatch.setattr(build_module, "read_articles", no_render)
    again = build(config, [seeds])
    assert again.written == 0
    assert (again.articles, again.pages, again.storylines) == (first.articles, first.pages, first.storylines)
    assert again.files == first.files and f"{first.files} files (0 rewritten)" in again.summary()
    assert _files(tmp_path / "site") == before


def test_a_touched_site_or_source_means_a_real_build(nlp: FakeNlp, seeds: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    build(config, [seeds])
    before = _files(tmp_path / "site")
    (tmp_path / "site" / "index.html").write_text("vandalised")
    repaired = build(config, [seeds])
    after = _files(tmp_path / "site")
    new = sorted(k for k, v in after.items() if v[1] != before[k][1] or k == "index.html")
    assert [k for k in new if not k.startswith("pagefind/")] == ["index.html"]  # the one page repaired
    assert repaired.written == len(new)  # and any search index file Pagefind wrote anew
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    (tmp_path / "site" / "stray.html").write_text("x")
    assert build(config, [seeds]).written == 0  # full build (no stray file kept), nothing rewritten
    assert not (tmp_path / "site" / "stray.html").exists()
    seen = len(nlp.seen)
    first = sorted(seeds.iterdir())[0]
    first.write_text(first.read_text() + "\n\nTokyo said more on Tuesday.\n")
    changed = build(config, [seeds])
    assert len(nlp.seen) == seen + 1  # only the changed article is annotated
    assert 1 <= changed.written < changed.pages


def test_no_op_build_gives_the_same_bytes_as_a_full_one(nlp: FakeNlp, seeds: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    build(config, [seeds])
    build(config, [seeds])
    other = tmp_path / "other"
    build(config, [seeds], other, use_cache=False)
    assert {k: v[0] for k, v in _files(other).items()} == {
        k: v[0] for k, v in _files(tmp_path / "site").items()
    }


def test_no_cache_writes_no_cache_and_annotates_everything(nlp: FakeNlp, seeds: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    build(config, [seeds], use_cache=False)
    build(config, [seeds], use_cache=False)
    assert len(nlp.seen) == 2 * len(list(seeds.iterdir()))
    assert not (tmp_path / "cache").exists()


def test_cli_cache_dir_and_no_cache(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    args = ["build", "--source", str(seeds), "--output", str(tmp_path / "site")]
    result = runner.invoke(cli, [*args, "--cache-dir", str(tmp_path / "c1")])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "c1" / "extract").rglob("*.json"))
    result = runner.invoke(cli, [*args, "--cache-dir", str(tmp_path / "c2"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "c2").exists()


def test_config_key_cache_dir(nlp: FakeNlp, seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text(
        f"cache_dir: mycache\ntemplates: {ROOT / 'templates'}\nsources: [{seeds}]\n"
    )
    config = load_config(tmp_path / "content" / "site.yaml")
    assert config.path(config.cache_dir) == tmp_path / "mycache"
    build(config)
    assert list((tmp_path / "mycache" / "extract").rglob("*.json"))
    assert (tmp_path / "site" / "index.html").exists()


def test_render_cache_gives_the_same_bytes_as_a_full_build(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.render import parallel

    config = _config(tmp_path)
    build(config, [seeds])
    first = sorted(seeds.iterdir())[0]
    first.write_text(first.read_text() + "\n\nTokyo said more on Tuesday.\n")
    rendered: list[str] = []
    real = parallel.iter_jobs

    def iter_jobs(jobs: list, processes: int | None = None) -> Iterator[list]:
        for built in real(jobs, processes):  # [(page, key), ...] per task: a Page with a source when reused
            rendered.extend(p.path for p, _ in built if p.path.endswith("index.html") and p.source is None)
            yield built

    monkeypatch.setattr(parallel, "iter_jobs", iter_jobs)
    changed = build(config, [seeds])
    monkeypatch.setattr(parallel, "iter_jobs", real)
    html = [p for p in _files(tmp_path / "site") if p.endswith("index.html")]
    assert 0 < len(rendered) < len(html)  # most pages were reused, not rendered
    other = tmp_path / "other"
    full = build(config, [seeds], other, use_cache=False)
    assert changed.pages == full.pages
    assert {k: v[0] for k, v in _files(other).items()} == {
        k: v[0] for k, v in _files(tmp_path / "site").items()
    }
    (tmp_path / "site" / sorted(html)[-1]).write_text("vandalised")  # a reused file was edited
    (tmp_path / "cache" / "build.json").unlink()
    build(config, [seeds])
    assert {k: v[0] for k, v in _files(other).items()} == {
        k: v[0] for k, v in _files(tmp_path / "site").items()
    }


def test_headline_only_report_is_published_with_its_link(nlp: FakeNlp, seeds: Path, tmp_path: Path) -> None:
    """A JSONL record with no usable text but a headline and a link becomes an article page that
    says so and links to the source; its storyline and the feed carry it."""
    import json

    record = {
        "id": "headline-only",
        "title": "Japan and US defence chiefs agree to deepen cooperation",
        "text": "Advertisement",
        "url": "https://news.example/defence-chiefs",
        "date": "2022-05-05",
    }
    (seeds / "extra.jsonl").write_text(json.dumps(record), encoding="utf-8")
    result = build(_config(tmp_path), [seeds])
    assert result.articles == 6
    page = (tmp_path / "site" / "articles" / "headline-only" / "index.html").read_text(encoding="utf-8")
    assert "Only the headline of this report is available" in page
    assert 'href="https://news.example/defence-chiefs"' in page
    assert "defence chiefs agree" in (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")


class _IdleAnnotator:
    """Stands for spaCy workers that are never needed: every text is in the cache."""

    processes = 1
    closed = False

    def annotate(self, texts: object, batch_size: int) -> object:
        raise AssertionError("every text is cached")

    def close(self) -> None:
        self.closed = True


def test_word_vectors_made_while_spacy_runs_give_the_same_model(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from generator import group as group_module
    from generator.group import features as features_module
    from generator.incremental import Reuse
    from generator.read import read_articles

    config = _config(tmp_path)
    articles = read_articles(config, [seeds])
    sequential = build_module.site_model(config, articles, Reuse(tmp_path / "cache", tmp_path / "site"))
    threads: list[str] = []
    real = features_module.word_vectors

    def counted(*args: object) -> object:
        threads.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(group_module, "word_vectors", counted)
    monkeypatch.setattr(features_module, "word_vectors", counted)  # what `group` would call
    idle = _IdleAnnotator()
    reuse = Reuse(tmp_path / "cache", tmp_path / "site")
    overlapped = build_module.site_model(config, articles, reuse, None, None, idle)  # type: ignore[arg-type]
    # computed once, in the thread, and used by `group` (which would otherwise compute them again)
    assert idle.closed and len(threads) == 1 and threads[0].startswith("word-vectors")
    assert overlapped == sequential
