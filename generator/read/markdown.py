"""The reader of curated articles (`.md`): YAML front matter and a Markdown body."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .. import editor_yaml
from ..errors import BuildError, warn
from ..model import Article
from .cleaning import normalise
from .dates import find_date
from .fields import WHITESPACE, editor_date, editor_flag, editor_text, editor_url, load_yaml
from .headlines import lead_title

FRONT_MATTER_KEYS = ("id", "title", "date", "source", "url", "author", "storyline", "draft")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def read_markdown(path: str, text: str) -> Article | None:
    """A curated article: YAML front matter plus a Markdown body rendered with raw HTML disabled."""
    text = normalise(text)
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    data: Any = None
    match = _FRONT_MATTER.match(text)
    if match:
        data = load_yaml(path, match.group("yaml") or "", first_line=2)
        if data is not None and not isinstance(data, dict):
            raise BuildError(path, "front matter must be a mapping of keys to values", 2)
        meta = {str(k): v for k, v in (data or {}).items()}
        lines = {str(k): n for k, n in getattr(data, "lines", {}).items()}
        text = text[match.end() :]
    elif text.startswith("---\n"):
        raise BuildError(path, "front matter has no closing '---' line", 1)
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(FRONT_MATTER_KEYS)
            raise BuildError(path, f"unknown front matter key '{key}' (known: {known})", lines.get(key))
    fields = {
        k: editor_text(path, k, editor_yaml.as_text(data, k, v), lines.get(k))
        for k, v in meta.items()
        if k not in ("date", "draft")
    }
    draft = editor_flag(path, "draft", meta.get("draft"), lines.get("draft"))
    tokens = _MARKDOWN.parse(text)
    title, title_source = fields.get("title"), "editor"
    if title is None and len(tokens) > 2 and tokens[0].type == "heading_open" and tokens[0].map:
        title, title_source = _plain(tokens[1]), "headline"
        text = "\n".join(text.split("\n")[tokens[0].map[1] :])
        tokens = _MARKDOWN.parse(text)
    paragraphs = tuple(p for p in (_plain(t) for t in tokens if t.type == "inline") if p)
    if not paragraphs:
        warn(path, "no article text in the Markdown body; file skipped")
        return None
    if title is None:
        title, title_source = lead_title(paragraphs[0]), "lead"
    if meta.get("date") is not None:
        day, day_source = editor_date(path, meta["date"], lines.get("date")), "editor"
    else:
        day = next((d for d in map(find_date, paragraphs) if d), None)
        day_source = "text" if day else "none"
    return Article(
        id=fields.get("id") or Path(path).stem,
        path=path,
        title=title,
        title_source=title_source,
        date=day,
        date_source=day_source,
        paragraphs=paragraphs,
        source=fields.get("source"),
        url=editor_url(path, fields.get("url"), lines.get("url")),
        author=fields.get("author"),
        storyline=fields.get("storyline"),
        body_html=_MARKDOWN.render(text),
        draft=draft,
    )


def _plain(inline: Any) -> str:
    """Plain text of an inline token for NLP: markup, images and breaks flattened."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return WHITESPACE.sub(" ", "".join(parts)).strip()
