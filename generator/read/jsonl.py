"""The reader of JSON Lines (`.jsonl`): one article a line, read line by line, with a record cache."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import warn
from ..ids import clean_name, shown
from ..incremental.fingerprint import code_digest
from ..incremental.records import RecordCache
from ..model import Article
from .cleaning import clean_text, drop_outlet
from .dates import parse_date
from .fields import MAX_ARTICLE_BYTES, parses, scalar, web_link
from .headlines import lead_title

_CHUNK = 1 << 20  # how much of an over-long JSONL line is read at a time while skipping it


_TEXT_FIELDS = ("id", "title", "author", "source", "url", "date")


def reader_fingerprint() -> str:
    """A hash of the reading code (`fingerprint.code_digest`), the dateutil version and the Python
    version: what turns a JSONL line into an Article."""
    import dateutil

    return f"{code_digest(__name__)}-{dateutil.__version__}-{sys.version}"


class _NonFinite(ValueError):
    """A JSON `NaN`, `Infinity` or `-Infinity` (Python's json accepts them; JSON has none)."""


def _refuse_constant(name: str) -> Any:
    raise _NonFinite(name)


def _lines(source: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes without the newline) for each line of `source`, read a line at a time;
    a line over `MAX_ARTICLE_BYTES` is skipped through in chunks and given as None. A leading
    UTF-8 byte order mark is dropped."""
    number = 0
    while True:
        line = source.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        number += 1
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while (rest := source.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line.removesuffix(b"\n")


def read_jsonl(
    path: str, data: bytes | str | BinaryIO, cache: RecordCache | None = None
) -> Iterator[Article]:
    """One article per line of `data` (the file's bytes or text, or the file open for reading in
    binary); bad lines (not UTF-8, not JSON, holding NaN or Infinity, not an object, no text, over
    `MAX_ARTICLE_BYTES`) are skipped with a `file:line` warning.

    With `cache`, a line read before becomes its Article without parsing or cleaning; lines that
    warned are never cached, so their warnings repeat.
    """
    stem = clean_name(Path(path).stem)
    name = shown(path)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    for number, line_bytes in _lines(source):
        if line_bytes is None:
            warn(name, f"line over the {MAX_ARTICLE_BYTES}-byte limit; line skipped", number)
            continue
        if not line_bytes.strip():
            continue
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            warn(name, f"not valid UTF-8 (column {exc.start + 1}); line skipped", number)
            continue
        key = b""
        if cache is not None:
            key = cache.key(line)
            fields = cache.get(key)
            if fields is not None:
                yield _cached_article(path, number, stem, fields)
                continue
        try:
            record = json.loads(line, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            warn(name, f"invalid JSON ({exc.msg}); line skipped", number)
            continue
        except _NonFinite as exc:
            warn(name, f"invalid JSON ({exc} is no JSON number); line skipped", number)
            continue
        except (ValueError, RecursionError) as exc:  # a number past int's digit limit; deep nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else "number too long"
            warn(name, f"invalid JSON ({reason}); line skipped", number)
            continue
        if not isinstance(record, dict):
            warn(name, "expected a JSON object; line skipped", number)
            continue
        article, warned = _record_article(path, number, stem, record)
        if article is None:
            continue
        if cache is not None and not warned:
            cache.put(key, _record_fields(article, _record_id(record.get("id")) is not None))
        yield article


def _record_fields(article: Article, own_id: bool) -> tuple[Any, ...]:
    """An Article from a JSONL line as plain values for the record cache (no path or line)."""
    a = article
    day = a.date.toordinal() if a.date else None
    own = a.id if own_id else None
    return (
        own,
        a.title,
        a.title_source,
        day,
        a.date_source,
        a.paragraphs,
        a.source,
        a.url,
        a.author,
        a.draft,
    )


def _cached_article(path: str, number: int, stem: str, fields: tuple[Any, ...]) -> Article:
    """`_record_fields` back into the Article read from line `number` of `path`."""
    own_id, title, title_source, day, date_source, paragraphs, source, url, author, draft = fields
    return Article(
        id=own_id or f"{stem}-{number}",
        path=path,
        title=title,
        title_source=title_source,
        date=date.fromordinal(day) if day is not None else None,
        date_source=date_source,
        paragraphs=paragraphs,
        source=source,
        url=url,
        author=author,
        line=number,
        draft=draft,
    )


def _record_article(path: str, number: int, stem: str, record: dict[str, Any]) -> tuple[Article | None, bool]:
    """The Article of one JSONL record (None if unusable) and whether a warning was given. A list
    or mapping where a text field belongs, and a url that is not http(s), are ignored with a
    warning (the article is kept)."""
    name = shown(path)
    warned = False
    body = record.get("text")
    title = scalar(record.get("title"))
    cleaned = clean_text(body if isinstance(body, str) else "", find_headline=title is None)
    paragraphs = cleaned.paragraphs
    if title is not None and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the text repeats its own headline
    source, url = scalar(record.get("source")), scalar(record.get("url"))
    if url is not None and not parses(url):
        warn(name, f"invalid url {url!r}; url ignored", number)
        url, warned = None, True
    elif url is not None and not web_link(url):
        warn(name, f"url {url!r} is not an http(s) link; url ignored", number)
        url, warned = None, True
    if not paragraphs:
        if not _headline_only(title, url):
            warn(name, "no article text ('text' missing or empty after cleaning); line skipped", number)
            return None, True
        warn(name, "no article text; kept as a headline linking to its source", number)
    for key in _TEXT_FIELDS:  # (only for a line kept: a skipped line gets one warning)
        if isinstance(record.get(key), list | dict):
            kind = "a list" if isinstance(record[key], list) else "a mapping"
            warn(name, f"'{key}' is {kind}, not a single value; field ignored", number)
            warned = True
    draft = record.get("draft", False)
    if not isinstance(draft, bool) and draft is not None:
        warn(name, f"'draft' must be true or false, not {draft!r}; the line is held back as a draft", number)
        draft, warned = True, True
    if title is not None:
        title = drop_outlet(title, source)
    day, day_source = cleaned.date, cleaned.date_source
    raw_date = record.get("date")
    if raw_date not in (None, "") and not isinstance(raw_date, list | dict):
        parsed = parse_date(raw_date)
        if parsed is None:
            warn(name, f"cannot parse date {raw_date!r}; using the date found in the text", number)
            warned = True
        else:
            day, day_source = parsed, "published"
    if title is not None:
        title_source = "metadata"
    elif cleaned.headline:
        title, title_source = cleaned.headline, "headline"
    else:
        title, title_source = lead_title(paragraphs[0]), "lead"
    warned = warned or not paragraphs
    article = Article(
        id=_record_id(record.get("id")) or f"{stem}-{number}",
        path=path,
        title=title,
        title_source=title_source,
        date=day,
        date_source=day_source,
        paragraphs=paragraphs,
        source=source,
        url=url,
        author=scalar(record.get("author")) or cleaned.author,
        line=number,
        draft=bool(draft),
    )
    return article, warned


def _record_id(value: Any) -> str | None:
    """A record's own id: `scalar` text without noncharacters (`ids.clean_name`), None if empty."""
    text = scalar(value)
    return clean_name(text) or None if text is not None else None


def _headline_only(title: str | None, url: str | None) -> bool:
    """Whether a record without text is still worth listing, as a news aggregator would: it has a
    real headline (three words or more) and a link to the full report."""
    return title is not None and len(title.split()) >= 3 and url is not None
