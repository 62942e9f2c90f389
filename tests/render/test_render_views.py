"""Page views: each holds what its page shows, and its reuse key changes whenever its page does."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from markupsafe import escape
from support import MODEL_CONFIG as CONFIG
from support import make_model

from generator.incremental.fingerprint import closure
from generator.model import Page
from generator.render import PageBuilder, page_builder, tasks
from generator.render.index import SiteIndex
from generator.render.reuse import Keys, render_modules
from generator.render.views import PageView, Planned

NOT_SHOWN = {"page_path", "section"}  # where the page is and which menu entry is current


def _views() -> list[Planned]:
    return [
        made
        for made in (task() for task in tasks(SiteIndex(make_model(), CONFIG)))
        if isinstance(made, Planned)
    ]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(where, value) of every string and number in a view, `where` naming fields and indexes."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _leaves(getattr(value, field.name), (*path, field.name))
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        for name in value._fields:
            yield from _leaves(getattr(value, name), (*path, name))
    elif isinstance(value, tuple):
        for n, item in enumerate(value):
            yield from _leaves(item, (*path, n))


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        return (*value[:head], _replaced(value[head], rest, new), *value[head + 1 :])
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{head: _replaced(getattr(value, head), rest, new)})
    return value._replace(**{head: _replaced(getattr(value, head), rest, new)})


@cache
def _builder() -> PageBuilder:
    return page_builder()


def _render(planned: Planned) -> Page:
    ((page, _),) = _builder()(lambda: planned)
    return page


def test_every_text_of_a_view_is_on_its_page() -> None:
    checked = 0
    for planned in _views():
        html = _render(planned).content.decode()
        for where, value in _leaves(planned.view):
            if where[0] in NOT_SHOWN or not isinstance(value, str) or not value:
                continue
            shown = value if str(where[-1]).endswith("_html") else str(escape(value))  # trusted HTML: as is
            assert shown in html, f"{planned.view.page_path}: {where} = {value!r} not shown"
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("template", ["storyline.html", "actor.html", "article.html", "home.html"])
def test_changing_any_value_a_page_shows_changes_its_key(template: str) -> None:
    keys = Keys("salt", None)
    planned = next(p for p in _views() if p.template == template and p.view.page_path.count("/") != 1)
    view: PageView = planned.view
    before = _render(planned).content
    key = keys.key(view.page_path, template, view)
    changed = 0
    for where, value in _leaves(view):
        if where[0] in NOT_SHOWN:
            continue
        new = value + 1 if isinstance(value, int) else value + "x"
        variant = Planned(template, _replaced(view, where, new))
        if _render(variant).content != before:
            changed += 1
            assert keys.key(view.page_path, template, variant.view) != key, where
    assert changed > 10


def test_a_view_is_frozen_and_its_key_ignores_object_identity() -> None:
    planned = next(p for p in _views() if p.template == "actor.html")
    with pytest.raises(dataclasses.FrozenInstanceError):
        planned.view.page_title = "changed"  # type: ignore[misc]
    keys = Keys("salt", None)
    again = next(p for p in _views() if p.view.page_path == planned.view.page_path)
    assert again.view is not planned.view
    assert keys.key("x", again.view) == keys.key("x", planned.view)
    assert Keys("other salt", None).key("x", planned.view) != keys.key("x", planned.view)


def test_the_salt_covers_the_render_package_and_the_modules_it_imports() -> None:
    names = set(closure(*render_modules()))
    assert {"generator.render", "generator.render.views", "generator.render.feeds"} <= names
    assert {"generator.render.links", "generator.urls", "generator.ids", "generator.model"} <= names
    assert "generator.group.storylines" not in names and "generator.build" not in names  # not imported
