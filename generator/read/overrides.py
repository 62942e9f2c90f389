"""Editor overrides (`content/overrides.yaml`): fields of articles, by article id."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .. import editor_yaml
from ..errors import BuildError, warn
from ..ids import path_key, shown_apart
from ..model import Article
from .fields import editor_date, editor_flag, editor_text, editor_url, load_yaml

OVERRIDE_KEYS = ("title", "date", "storyline", "source", "author", "url", "draft")


def apply_overrides(articles: dict[str, Article], path: Path) -> None:
    """Apply `overrides.yaml` (article id -> fields) in place; a missing file means no overrides.
    An id written twice, an unknown field or a list where text belongs stops the build; an id
    that matches no article is a warning (raw data comes and goes)."""
    if not path.exists():
        return
    name = str(path)
    data = load_yaml(name, editor_yaml.read_text(path), first_line=1)
    if data is None:
        return
    if not isinstance(data, dict):
        raise BuildError(name, "overrides must map article ids to fields", 1)
    by_key = {path_key(i): i for i in articles}  # ids are unique by page path (`read_articles`)
    done: dict[str, str] = {}  # article id -> the override key that changed it
    for key, fields in data.items():
        article_id = str(key)
        line = data.line_of(key)
        if not isinstance(fields, dict | None):
            raise BuildError(name, f"override for '{article_id}' must be a mapping of fields", line)
        changes = _override_changes(name, fields or editor_yaml.Mapping(line=line))
        # An id is found by its page path too: an NFC `café:` overrides the NFD id `café`.
        found = article_id if article_id in articles else by_key.get(path_key(article_id))
        if found is None:
            warn(name, f"override for unknown article id '{article_id}' ignored", line)
            continue
        if found in done and done[found] != article_id:  # (the same key twice: editor_yaml's check)
            this, that = shown_apart(article_id, done[found], quote=True)
            raise BuildError(name, f"override for {this} overrides the same article as {that}", line)
        done[found] = article_id
        articles[found] = dataclasses.replace(articles[found], **changes)


def _override_changes(path: str, fields: editor_yaml.Mapping) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for raw_key, value in fields.items():
        key = str(raw_key)
        line = fields.line_of(raw_key)
        if key == "draft":
            changes[key] = editor_flag(path, key, value, line)
            continue
        value = editor_yaml.as_text(fields, raw_key, value)
        if key not in OVERRIDE_KEYS:
            raise BuildError(
                path, f"unknown override field '{key}' (known: {', '.join(OVERRIDE_KEYS)})", line
            )
        if key == "date":
            day = None if value is None else editor_date(path, value, line)
            changes.update(date=day, date_source="editor" if day else "none")
        elif key == "title":
            title = editor_text(path, key, value, line)
            if title is None:
                raise BuildError(path, "an overridden title cannot be empty", line)
            changes.update(title=title, title_source="editor")
        elif key == "url":
            changes[key] = editor_url(path, editor_text(path, key, value, line), line)
        else:
            changes[key] = editor_text(path, key, value, line)
    return changes
