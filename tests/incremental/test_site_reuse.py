"""The site's reuse key (issue 13): a rebuild whose render inputs (settings, theme, code, model)
are unchanged reuses every page without building a view; any change to them gives the pages a
build without the cache gives."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support import MODEL_CONFIG, ROOT, SEEDS, FakeNlp, files, make_model

import generator.render as render_module
from generator.build import build
from generator.config import SiteConfig
from generator.model import Page, SiteModel
from generator.render import render_site
from generator.render.reuse import render_libraries, render_salt, site_digest
from generator.theme import as_theme


def _count_views(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets one entry per view built (every page's task, as the render runs them)."""
    built: list[int] = []
    real = render_module.tasks

    def counted(ix):  # type: ignore[no-untyped-def]
        for task in real(ix):
            built.append(1)
            yield task

    monkeypatch.setattr(render_module, "tasks", counted)
    return built


@pytest.fixture
def project(tmp_path: Path) -> tuple[SiteConfig, Path]:
    """Settings building a copy of the seeds with a copy of the default theme as the project's."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    config = SiteConfig(
        root=str(ROOT),
        cache_dir=str(tmp_path / "cache"),
        output=str(tmp_path / "site"),
        templates=str(tmp_path / "templates"),
        search=False,
    )
    return config, seeds


def test_the_same_inputs_rebuild_nothing_and_build_no_view(
    nlp: FakeNlp, project: tuple[SiteConfig, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, seeds = project
    build(config, [seeds])
    published = files(tmp_path / "site")
    views = _count_views(monkeypatch)
    for _ in range(2):  # and the reused render records its site key again
        (tmp_path / "cache" / "build.json").unlink()  # not a no-op build: every stage runs
        again = build(config, [seeds])
        assert again.written == 0 and again.pages > 0
        assert views == []
        assert files(tmp_path / "site") == published
    build(config, [seeds], tmp_path / "fresh", use_cache=False)
    assert files(tmp_path / "fresh") == published
    assert views  # the counter sees the views a render builds


def _set_title(config: SiteConfig, seeds: Path) -> SiteConfig:
    return dataclasses.replace(config, title="Another Title")


def _edit_template(config: SiteConfig, seeds: Path) -> SiteConfig:
    base = Path(config.templates) / "base.html"
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("</body>", "<p>Edited</p></body>"), encoding="utf-8")
    return config


def _edit_stylesheet(config: SiteConfig, seeds: Path) -> SiteConfig:
    style = Path(config.templates) / "static" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\nmain { color: red; }\n", encoding="utf-8")
    return config


def _edit_article(config: SiteConfig, seeds: Path) -> SiteConfig:
    first = sorted(seeds.iterdir())[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text + "\n\nTokyo said more on Tuesday.\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("change", [_set_title, _edit_template, _edit_stylesheet, _edit_article])
def test_a_changed_input_builds_what_a_build_without_the_cache_builds(
    nlp: FakeNlp,
    project: tuple[SiteConfig, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[SiteConfig, Path], SiteConfig],
) -> None:
    config, seeds = project
    build(config, [seeds])
    before = files(tmp_path / "site")
    config = change(config, seeds)
    views = _count_views(monkeypatch)
    changed = build(config, [seeds])
    assert views and changed.written > 0
    after = files(tmp_path / "site")
    assert after != before
    build(config, [seeds], tmp_path / "fresh", use_cache=False)
    assert files(tmp_path / "fresh") == after


# The render alone: a published site, then a render of a changed model or setting under its key.


def _publish(model: SiteModel, config: SiteConfig, folder: Path) -> tuple[str, dict[str, tuple[str, str]]]:
    """Render `model` and write its pages into `folder`: the site key the render asked about, and
    its pages as `Reuse.site` gives them back (path -> (key, published file))."""
    asked: list[str] = []
    keys: dict[str, str] = {}
    for page in render_site(model, config, keys=keys, site=lambda digest: asked.append(digest)):
        (folder / page.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / page.path).write_bytes(page.content)
    assert len(asked) == 1
    return asked[0], {path: (key, str(folder / path)) for path, key in keys.items()}


def _bytes(pages: list[Page]) -> dict[str, bytes]:
    return {p.path: Path(p.source).read_bytes() if p.source is not None else p.content for p in pages}


def _renamed_actor(model: SiteModel) -> SiteModel:
    renamed = dataclasses.replace(model.actors[0], name="Someone Else")
    return dataclasses.replace(model, actors=(renamed, *model.actors[1:]))


def _edited_text(model: SiteModel) -> SiteModel:
    first = model.articles[0]
    edited = dataclasses.replace(first, paragraphs=(*first.paragraphs[:-1], "A new last paragraph."))
    articles = (edited, *model.articles[1:])
    grouping = dataclasses.replace(model.grouping, articles=articles)
    return dataclasses.replace(model, articles=articles, grouping=grouping)


def _moved_article(model: SiteModel) -> SiteModel:
    storyline_of = {**model.grouping.storyline_of, "003": model.grouping.storylines[0].slug}
    return dataclasses.replace(model, grouping=dataclasses.replace(model.grouping, storyline_of=storyline_of))


def _new_about(model: SiteModel) -> SiteModel:
    return dataclasses.replace(model, about_html="<p>Rewritten.</p>\n")


@pytest.mark.parametrize("edit", [_renamed_actor, _edited_text, _moved_article, _new_about])
def test_a_model_change_renders_what_a_fresh_render_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[SiteModel], SiteModel]
) -> None:
    model = make_model()
    digest, published = _publish(model, MODEL_CONFIG, tmp_path)
    recorded = {digest: published}
    views = _count_views(monkeypatch)
    kept = render_site(model, MODEL_CONFIG, keys={}, site=recorded.get)
    assert views == [] and all(p.source is not None for p in kept if not p.path.startswith("static/"))
    changed = edit(model)
    pages = render_site(changed, MODEL_CONFIG, keys={}, site=recorded.get)
    fresh = render_site(changed, MODEL_CONFIG)
    assert views and _bytes(pages) == _bytes(fresh) != _bytes(kept)


def test_the_site_key_covers_the_settings_and_the_theme(tmp_path: Path) -> None:
    model, theme = make_model(), as_theme(None)
    key = site_digest(render_salt(MODEL_CONFIG, theme), model)
    assert site_digest(render_salt(MODEL_CONFIG, theme), make_model()) == key  # a model built again
    other = dataclasses.replace(MODEL_CONFIG, base_url="https://example.org/other")
    assert site_digest(render_salt(other, theme), model) != key
    (tmp_path / "home.html").write_text('{% extends "default/home.html" %}\n', encoding="utf-8")
    assert site_digest(render_salt(MODEL_CONFIG, as_theme(tmp_path)), model) != key


def test_the_site_key_does_not_depend_on_the_hash_seed(under_hash_seeds) -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from support import make_model, MODEL_CONFIG\n"
        "from generator.render.reuse import render_salt, site_digest\n"
        "from generator.theme import as_theme\n"
        "print(site_digest(render_salt(MODEL_CONFIG, as_theme(None)), make_model()))\n"
    )
    assert len(under_hash_seeds(code)) == 1


def test_the_render_salt_names_every_library_the_render_imports() -> None:
    """Found from the imports of render's code (and what those libraries require), not listed."""
    names = {entry.partition("=")[0].lower() for entry in render_libraries()}
    imported = {"jinja2", "markupsafe", "python-slugify", "pycountry", "python-dateutil"}
    assert imported | {"text-unidecode"} <= names  # text-unidecode: python-slugify's
    assert not {"feedgen", "lxml"} & names  # the feeds' XML is written directly, no XML library
