"""Machine-readable exports: data/articles.json, data/storylines.json, data/actors.json."""

from __future__ import annotations

import json
from datetime import date
from json.encoder import encode_basestring
from typing import Any

from .model import Page, SiteModel


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def dump_json(data: Any) -> bytes:
    """Deterministic, human-readable UTF-8 JSON with a trailing newline.

    The bytes of `json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)`, built by a small
    encoder for the plain values the exports hold (`json` has no C encoder for indented output).
    """
    parts: list[str] = []
    try:
        _encode(data, "\n", parts)
    except _Unusual:
        return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    parts.append("\n")
    return "".join(parts).encode("utf-8")


class _Unusual(Exception):
    """A value `_encode` leaves to `json.dumps` (floats, non-string keys, other types)."""


_SCALARS = {None: "null", True: "true", False: "false"}


def _scalar(value: Any) -> str | None:
    """A string, null, boolean or integer as JSON; None for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None or value is True or value is False:
        return _SCALARS[value]
    return int.__repr__(value) if kind is int else None


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """Append `value` as indented JSON; `newline` is a newline plus the current indentation."""
    leaf = _scalar(value)
    if leaf is not None:
        out.append(leaf)
    elif isinstance(value, list | tuple):
        inner = newline + "  "
        if not value:
            out.append("[]")
        elif all(type(item) is str for item in value):
            out.append(f"[{inner}{(',' + inner).join(map(encode_basestring, value))}{newline}]")
        else:
            out.append("[")
            for n, item in enumerate(value):
                out.append(inner if n == 0 else "," + inner)
                _encode(item, inner, out)
            out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        if not all(type(k) is str for k in value):
            raise _Unusual
        inner = newline + "  "
        out.append("{")
        for n, key in enumerate(sorted(value)):
            out.append((inner if n == 0 else "," + inner) + encode_basestring(key) + ": ")
            item = value[key]
            leaf = _scalar(item)
            if leaf is not None:
                out.append(leaf)
            else:
                _encode(item, inner, out)
        out.append(newline + "}")
    else:
        raise _Unusual


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


def export_data(model: SiteModel) -> list[tuple[str, list[dict[str, Any]]]]:
    """The three JSON files as (path, data): plain strings, integers, None, lists and dicts."""
    return [
        ("data/articles.json", articles_data(model)),
        ("data/storylines.json", storylines_data(model)),
        ("data/actors.json", actors_data(model)),
    ]


def export_pages(model: SiteModel) -> list[Page]:
    """The three JSON files as pages."""
    return [Page(path, dump_json(data)) for path, data in export_data(model)]
