"""Render-cache keys of the index pages: reused while what they show is unchanged."""

from __future__ import annotations

import dataclasses

from test_render import make_model

from generator.config import SiteConfig
from generator.model import SiteModel
from generator.render import KeptPage, render_site

INDEXES = ("actors/index.html", "storylines/index.html")


def _render(model: SiteModel, previous: dict[str, str]) -> tuple[dict[str, bytes | str], dict[str, str]]:
    keys: dict[str, str] = {}
    pages = render_site(
        model, SiteConfig(), reuse=lambda p, k: p if previous.get(p) == k else None, keys=keys
    )
    return {p.path: p.source if isinstance(p, KeptPage) else p.content for p in pages}, keys


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
