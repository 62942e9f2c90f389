"""Editor and record values shared by the readers: texts, web links, dates, YAML, size limits."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from .. import editor_yaml
from ..errors import BuildError
from .cleaning import normalise
from .dates import parse_date

# 1 MB; a bigger one is a dump or garbage, skipped with a warning before it is read.
MAX_ARTICLE_BYTES = 10 * 1024 * 1024


_WEB_SCHEMES = ("http", "https")


WHITESPACE = re.compile(r"\s+")


def parses(url: str) -> bool:
    """Whether `url` can be split into its parts (an unclosed "[" or a bad port cannot)."""
    try:
        urlsplit(url).port  # noqa: B018 - the port is checked when read
    except ValueError:
        return False
    return True


def web_link(url: str) -> bool:
    """Whether `url` (which `parses`) is an absolute http or https link with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)


def scalar(value: Any) -> str | None:
    """Metadata text with whitespace normalised; None for missing, empty or non-scalar values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = WHITESPACE.sub(" ", normalise(str(value))).strip()
    return text or None


def load_yaml(path: str, text: str, first_line: int) -> Any:
    """Parse an editor's YAML (`editor_yaml.parse`: dates kept as text, duplicate keys and bombs
    refused, mappings knowing their key lines); errors name the file line."""
    return editor_yaml.parse(path, text, first_line)


def editor_text(path: str, key: str, value: Any, line: int | None) -> str | None:
    """A front-matter or override text field: a scalar as normalised text (None when empty); a
    list or mapping is an error naming the key."""
    if isinstance(value, list | dict):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise BuildError(path, f"'{key}' must be a single value, not {kind}", line)
    return scalar(value)


def editor_url(path: str, url: str | None, line: int | None) -> str | None:
    """An editor's `url`: an absolute http(s) link, else a BuildError naming the key."""
    if url is not None and not (parses(url) and web_link(url)):
        raise BuildError(path, f"'url' must be an absolute http(s) link, not {url!r}", line)
    return url


def editor_date(path: str, value: Any, line: int | None) -> date:
    parsed = parse_date(value)
    if parsed is None:
        raise BuildError(path, f"cannot parse date {value!r} (use YYYY-MM-DD)", line)
    return parsed


def editor_flag(path: str, key: str, value: Any, line: int | None) -> bool:
    """An editor's yes/no field (`draft: true`): a YAML boolean (empty: no), else a BuildError."""
    if value is None or isinstance(value, bool):
        return bool(value)
    raise BuildError(path, f"'{key}' must be true or false, not {value!r}", line)
