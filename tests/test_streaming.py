"""A build streams its pages from render to write (issue 16, memory): the site is written as it is
rendered, never held whole; the bytes are those of a build that rendered everything first, a
render failing midway leaves the published site as it was, and the extraction cache's memory is
released once extract is done (nothing reads it afterwards)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import FakeNlp, file_stats, files

from generator import render as render_package
from generator.build import build
from generator.config import SiteConfig
from generator.errors import BuildError
from generator.incremental.extractions import ExtractCache
from generator.incremental.reuse import Reuse
from generator.render import parallel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))


def _config(tmp_path: Path, search: bool = False) -> SiteConfig:
    return SiteConfig(
        root=str(ROOT), cache_dir=str(tmp_path / "cache"), output=str(tmp_path / "site"), search=search
    )


def _forked_in_small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render the seeds (a few hundred pages) as a big site is: forked workers, slices of 5 pages."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 2)
    monkeypatch.setattr(parallel, "RENDER_PROCESSES", 2)
    monkeypatch.setattr(parallel, "SLICE_JOBS", 5)


def test_the_site_streamed_by_forked_workers_equals_one_rendered_in_this_process(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inline = build(_config(tmp_path / "a"), [seeds], use_cache=False)
    _forked_in_small_slices(monkeypatch)
    forked = build(_config(tmp_path / "b"), [seeds], use_cache=False)
    assert (forked.pages, forked.files) == (inline.pages, inline.files)
    assert files(tmp_path / "b" / "site") == files(tmp_path / "a" / "site")


def test_pages_are_written_while_the_site_is_still_rendering(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the last page is rendered, the staging tree beside the site already holds the others."""
    staged_when_rendering: list[int] = []
    real = render_package.render_template

    def render_template(*args: object, **kwargs: object) -> str:
        staging = [n for n in os.listdir(tmp_path) if n.startswith(".site.new-")]
        staged_when_rendering.append(sum(len(f) for s in staging for _, _, f in os.walk(tmp_path / s)))
        return real(*args, **kwargs)

    monkeypatch.setattr(render_package, "render_template", render_template)
    result = build(_config(tmp_path), [seeds])
    assert len(staged_when_rendering) == result.pages  # a template run per HTML page
    assert staged_when_rendering[0] == 0  # a first build: the staging tree starts empty
    # every page made before the last one is written already (the redirects too: no template)
    assert staged_when_rendering[-1] >= len(staged_when_rendering) - 1


@pytest.mark.parametrize("forked", [False, True])
def test_a_render_failing_midway_leaves_the_previous_site_intact(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    config = _config(tmp_path)
    build(config, [seeds])
    build(config, [seeds], use_cache=False)  # a spare tree to recycle, as in any later build
    before, stats, names = (
        files(tmp_path / "site"),
        file_stats(tmp_path / "site"),
        sorted(os.listdir(tmp_path)),
    )
    first = sorted(seeds.iterdir())[0]
    first.write_text(first.read_text() + "\n\nTokyo said more on Tuesday.\n")
    if forked:
        _forked_in_small_slices(monkeypatch)
    real = render_package.render_template

    def render_template(template, context, theme) -> str:  # type: ignore[no-untyped-def]
        if str(context.get("page_path", "")).startswith("archive/"):  # pages late in the order
            raise BuildError("templates/month.html", "undefined in template: y", 3)
        return real(template, context, theme)

    monkeypatch.setattr(render_package, "render_template", render_template)
    with pytest.raises(BuildError) as caught:
        build(config, [seeds], use_cache=False)  # every page rendered: none is reused
    assert str(caught.value) == "templates/month.html:3: undefined in template: y"
    assert files(tmp_path / "site") == before and file_stats(tmp_path / "site") == stats
    assert not [n for n in os.listdir(tmp_path) if n.startswith((".site.new-", ".site.old-"))]
    assert set(os.listdir(tmp_path)) <= set(names)  # no staging tree left (the spare may be used up)
    monkeypatch.setattr(render_package, "render_template", real)  # (undo() would bring spaCy back)
    build(config, [seeds])
    build(_config(tmp_path / "full"), [seeds], use_cache=False)
    assert files(tmp_path / "site") == files(tmp_path / "full" / "site")


def test_the_extraction_cache_is_released_after_extract_and_never_read_again(
    nlp: FakeNlp, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[ExtractCache] = []
    real = Reuse.release_extractions

    def release(self: Reuse) -> None:
        released.append(self.extractions)  # type: ignore[arg-type]
        real(self)

    monkeypatch.setattr(Reuse, "release_extractions", release)
    build(_config(tmp_path), [seeds])  # a later read of the released cache would fail this build
    (cache,) = released
    assert cache._packed is None and not cache._used and not cache._pack.base
    with pytest.raises(RuntimeError, match="used after its release"):
        cache.get("0" * 64, "a")
