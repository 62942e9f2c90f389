"""Render-cache keys of the index pages: reused while what they show is unchanged."""

from __future__ import annotations

import dataclasses
import shutil

from support import make_model

from generator.config import SiteConfig
from generator.model import SiteModel
from generator.render import render_site
from generator.urls import FEED_FILES

INDEXES = ("actors/index.html", "storylines/index.html")


def _render(model: SiteModel, previous: dict[str, str]) -> tuple[dict[str, bytes | str], dict[str, str]]:
    keys: dict[str, str] = {}
    pages = render_site(
        model, SiteConfig(), reuse=lambda p, k: p if previous.get(p) == k else None, keys=keys
    )
    return {p.path: p.source if p.source is not None else p.content for p in pages}, keys


def test_index_pages_are_reused_until_what_they_show_changes() -> None:
    model = make_model()
    fresh, keys = _render(model, {})
    assert isinstance(fresh["actors/index.html"], bytes)
    assert all(path in keys for path in INDEXES)
    again, _ = _render(model, keys)
    assert [again[path] for path in INDEXES] == list(INDEXES)  # kept: the published file
    actor = model.actors[0]
    renamed = dataclasses.replace(
        model, actors=(dataclasses.replace(actor, name="Someone Else"), *model.actors[1:])
    )
    changed, _ = _render(renamed, keys)
    assert isinstance(changed["actors/index.html"], bytes) and b"Someone Else" in changed["actors/index.html"]
    story = model.grouping.storylines[0]
    retitled = dataclasses.replace(story, title="A New Title")
    grouping = dataclasses.replace(model.grouping, storylines=(retitled, *model.grouping.storylines[1:]))
    changed, _ = _render(dataclasses.replace(model, grouping=grouping), keys)
    assert b"A New Title" in changed["storylines/index.html"]  # type: ignore[operator]
    assert changed["actors/index.html"] == "actors/index.html"


def _keys_and_bytes(
    model: SiteModel, config: SiteConfig | None = None
) -> tuple[dict[str, str], dict[str, bytes]]:
    """Every page's key and its freshly rendered bytes (nothing reused)."""
    keys: dict[str, str] = {}
    pages = render_site(model, config or SiteConfig(), reuse=lambda p, k: None, keys=keys)
    return keys, {p.path: p.content for p in pages}


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _with_article_actors(model: SiteModel, article_id: str, slugs: tuple[str, ...]) -> SiteModel:
    return dataclasses.replace(model, article_actors={**model.article_actors, article_id: slugs})


def test_keys_are_deterministic() -> None:
    model = make_model()
    assert _keys_and_bytes(model)[0] == _keys_and_bytes(make_model())[0]


def test_a_new_co_occurrence_changes_exactly_the_pages_that_show_it() -> None:
    model = make_model()
    before, files = _keys_and_bytes(model)
    slugs = (*model.article_actors["003"], "kyodo-news")
    after, _ = _keys_and_bytes(_with_article_actors(model, "003", slugs))
    # Article 003 lists its actors; the actor pages of 003's actors list who appears with them
    # (Kyodo's own page lists its `articles`, which do not include 003); the export lists actors;
    # every feed holding 003 names its actors as the item's categories.
    in_003 = {f"actors/{s}/index.html" for s in model.article_actors["003"]}
    feeds = {p for p, data in files.items() if p.endswith(FEED_FILES) and b"/articles/003/index.html" in data}
    assert {"feed.xml", "atom.xml", "feed.json"} <= feeds
    assert _changed(before, after) == {"articles/003/index.html", "data/articles.json", *in_003, *feeds}


def test_a_renamed_actor_changes_the_key_of_every_page_showing_it() -> None:
    model = make_model()
    before, old = _keys_and_bytes(model)
    kyodo = next(a for a in model.actors if a.slug == "kyodo-news")
    renamed = dataclasses.replace(kyodo, name="Kyodo Wire")
    actors = tuple(renamed if a is kyodo else a for a in model.actors)
    after, new = _keys_and_bytes(dataclasses.replace(model, actors=actors))
    shown = {p for p in new if old.get(p) != new[p] and p in after}
    assert "actors/nobuo-kishi/index.html" in shown  # appears with Kyodo Wire
    assert shown <= _changed(before, after)
    assert "actors/united-states/index.html" in _changed(before, after)


def test_every_page_whose_bytes_change_gets_a_new_key() -> None:
    model = make_model()
    before, old = _keys_and_bytes(model)
    story = model.grouping.storylines[1]
    moved = dataclasses.replace(story, end=dataclasses.replace(model.articles[0]).date)
    grouping = dataclasses.replace(model.grouping, storylines=(model.grouping.storylines[0], moved))
    article = model.articles[2]
    retitled = dataclasses.replace(article, title="Retitled", paragraphs=("New text.",))
    articles = tuple(retitled if a is article else a for a in model.articles)
    variants = [
        dataclasses.replace(model, grouping=grouping),
        dataclasses.replace(model, articles=articles),
        _with_article_actors(model, "004", ("japan",)),
        _with_article_actors(model, "001", ()),
    ]
    for variant in variants:
        after, new = _keys_and_bytes(variant)
        differ = {p for p in new.keys() & after.keys() if old.get(p) != new[p]}
        assert differ, "each variant changes some keyed page"
        assert differ <= _changed(before, after)


def test_key_values_are_unambiguous_and_independent_of_interning() -> None:
    from datetime import date

    from generator.render.reuse import encode as _bytes
    from generator.render.reuse import plain as _plain

    day = date(2022, 5, 4)
    values = [
        day,
        "2022-05-04",
        day.toordinal(),
        (day,),
        [day.toordinal()],
        None,
        "",
        0,
        False,
        {"a": 1},
        {"a"},
    ]
    encoded = [_bytes(_plain(v)) for v in values]
    assert len(set(encoded)) == len(values)
    name = "".join(["kishi", "-", "talks"])  # not interned, unlike the literal
    assert _bytes((name, name)) == _bytes(("kishi-talks", "kishi-talks"))
    assert _plain(make_model().actors[0]) == _plain(make_model().actors[0])


def test_a_render_reusing_every_page_still_has_every_path() -> None:
    model = make_model()
    keys, fresh = _keys_and_bytes(model)
    kept, _ = _render(model, keys)
    assert kept.keys() == fresh.keys()
    assert all(kept[p] == p for p in keys)  # every keyed page, the JSON exports too, was reused


def test_compiled_templates_are_cached_per_salt(tmp_path) -> None:
    model = make_model()
    plain = {p.path: p.content for p in render_site(model, SiteConfig())}
    stale = tmp_path / "jinja" / "other-salt"
    stale.mkdir(parents=True)
    for _ in range(2):  # compiles and stores, then loads
        cached = {
            p.path: p.content for p in render_site(model, SiteConfig(), bytecode_dir=tmp_path / "jinja")
        }
        assert cached == plain
    folders = list((tmp_path / "jinja").iterdir())
    assert len(folders) == 1 and folders[0] != stale and any(folders[0].iterdir())


def test_a_renamed_actor_changes_one_letter_page_of_a_split_index() -> None:
    model = make_model()
    config = SiteConfig(actors_per_page=2, storylines_per_page=1)
    before, _ = _keys_and_bytes(model, config)
    letters = {p for p in before if p.startswith("actors/letter/")}
    pages = {p for p in before if p.startswith("storylines/page/")} | {"storylines/index.html"}
    assert len(letters) > 2 and len(pages) == len(model.grouping.storylines)

    def renamed(slug: str, name: str) -> set[str]:
        actor = next(a for a in model.actors if a.slug == slug)
        actors = tuple(dataclasses.replace(a, name=name) if a is actor else a for a in model.actors)
        return _changed(before, _keys_and_bytes(dataclasses.replace(model, actors=actors), config)[0])

    kyodo = renamed("kyodo-news", "Kyodo Wire")  # on no storyline card
    assert kyodo & letters == {"actors/letter/k/index.html"} and not kyodo & pages
    carded = [s for s in model.grouping.storylines if "lloyd-austin" in s.actors[:5]]
    austin = renamed("lloyd-austin", "Lloyd J. Austin")  # on the cards of his storylines
    assert austin & letters == {"actors/letter/l/index.html"}
    assert carded and len(austin & pages) == len(carded)


def test_a_set_in_a_key_does_not_depend_on_the_hash_seed(under_hash_seeds) -> None:
    code = (
        "from generator.render.reuse import encode, plain;"
        "print(encode(plain({'kishi', 'austin', 'blinken', 'hayashi', frozenset({'a', 'b'})})).hex())"
    )
    assert len(under_hash_seeds(code)) == 1


def test_a_render_whose_compiled_templates_folder_is_removed_still_renders(tmp_path) -> None:
    """Another build on the same cache keeps only its own salt's folder (`bytecode_folder`): one
    removed under a render leaves its templates compiled but not stored, never a failed render."""
    from generator.render.environment import make_env
    from generator.theme import as_theme

    folder = tmp_path / "jinja" / "salt"
    folder.mkdir(parents=True)
    env = make_env(as_theme(None), folder)
    shutil.rmtree(folder)
    assert env.get_template("article.html").name == "article.html"
    assert not folder.exists()
