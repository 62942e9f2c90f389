"""Machine-readable exports: data/articles.json, data/storylines.json, data/actors.json, data/places.json,
data/quotes.json."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ..model import SiteModel
from .places import PlaceIndex, places_data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def dump_json(data: Any) -> bytes:
    """Deterministic UTF-8 JSON with a trailing newline; a list is written one item per line.

    One record a line keeps the files diffable (an edit changes its record's line) and lets the C
    encoder do the work: `json` has none for indented output, and at 10,000 articles the
    difference is most of the cost of writing the exports.
    """
    if isinstance(data, list | tuple) and data:
        lines = (json.dumps(item, sort_keys=True, ensure_ascii=False) for item in data)
        text = "[\n" + ",\n".join(lines) + "\n]\n"
    else:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n"
    # U+2028 and U+2029 are line breaks to many readers: escaped, a record stays on its line.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")


def articles_data(model: SiteModel) -> list[dict[str, Any]]:
    """One record per article, newest first."""
    g = model.grouping
    return [
        {
            "id": a.id,
            "title": a.title,
            "date": _iso(a.date),
            "date_source": a.date_source,
            "author": a.author,
            "source": a.source,
            "storyline": g.storyline_of.get(a.id),
            "duplicate_of": g.duplicate_of.get(a.id),
            "actors": list(model.article_actors.get(a.id, ())),
            "url": a.url,
        }
        for a in model.articles
    ]


def storylines_data(model: SiteModel) -> list[dict[str, Any]]:
    """One record per storyline, in grouping order."""
    return [
        {
            "slug": s.slug,
            "title": s.title,
            "articles": list(s.articles),
            "actors": list(s.actors),
            "start": _iso(s.start),
            "end": _iso(s.end),
            "summary": list(s.summary),
        }
        for s in model.grouping.storylines
    ]


def actors_data(model: SiteModel) -> list[dict[str, Any]]:
    """One record per actor, sorted by name."""
    return [
        {
            "slug": a.slug,
            "name": a.name,
            "kind": a.kind,
            "aliases": list(a.aliases),
            "roles": list(a.roles),
            "articles": list(a.articles),
        }
        for a in model.actors
    ]


def quotes_data(model: SiteModel) -> list[dict[str, Any]]:
    """One record per quotation in a published article, by article id and position: `id` (article id
    and offset), `article`, `storyline`, `speaker` (the words naming them), `actor` (None unless a
    published actor) and `text`."""
    ids, actors = {a.id for a in model.articles}, {a.slug for a in model.actors}
    storyline_of = model.grouping.storyline_of
    return [
        {
            "id": f"{q.article}-{q.start}",
            "article": q.article,
            "storyline": storyline_of.get(q.article),
            "speaker": q.speaker,
            "actor": q.actor if q.actor in actors else None,
            "text": q.text,
        }
        for q in model.quotes
        if q.article in ids
    ]


def export_data(model: SiteModel, places: PlaceIndex | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """The JSON files as (path, data): plain strings, integers, None, lists and dicts (`places`:
    the model's `places.find_places`, when already found)."""
    return [
        ("data/articles.json", articles_data(model)),
        ("data/storylines.json", storylines_data(model)),
        ("data/actors.json", actors_data(model)),
        ("data/places.json", places_data(model, places)),
        ("data/quotes.json", quotes_data(model)),
    ]


def export_files(model: SiteModel, places: PlaceIndex | None = None) -> Iterator[tuple[str, bytes]]:
    """The JSON files of `export_data` as (path, bytes), each made when reached: one file's data
    at a time is in memory, not every export's."""
    makers: tuple[tuple[str, Callable[[], list[dict[str, Any]]]], ...] = (
        ("data/articles.json", lambda: articles_data(model)),
        ("data/storylines.json", lambda: storylines_data(model)),
        ("data/actors.json", lambda: actors_data(model)),
        ("data/places.json", lambda: places_data(model, places)),
        ("data/quotes.json", lambda: quotes_data(model)),
    )
    for path, make in makers:
        yield path, dump_json(make())
