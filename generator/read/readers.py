"""The `read` stage: raw .txt, curated .md and bulk .jsonl files -> cleaned `Article`s.

Bad input never raises a traceback: files or lines that cannot be used are skipped with a
warning (`errors.warn`), and input that would silently change the site (duplicate ids, bad
editor dates, malformed front matter or overrides) raises `BuildError` naming file and line.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from .. import editor_yaml
from ..config import SiteConfig
from ..errors import BuildError, warn
from ..ids import clean_name, path_key, path_problem, shown, shown_apart
from ..incremental.cache import RecordCache
from ..incremental.fingerprint import code_digest
from ..model import Article
from .cleaning import clean_text, drop_outlet, lead_title, normalise
from .dates import find_date, parse_date

SUFFIXES = (".txt", ".md", ".jsonl")
# The largest .txt or .md file and the longest JSONL line read (bytes): a news report is well under
# 1 MB; a bigger one is a dump or garbage, skipped with a warning before it is read.
MAX_ARTICLE_BYTES = 10 * 1024 * 1024
_CHUNK = 1 << 20  # how much of an over-long JSONL line is read at a time while skipping it
# JSONL fields that hold one text each; a list or mapping there is ignored with a warning.
_TEXT_FIELDS = ("id", "title", "author", "source", "url", "date")
_WEB_SCHEMES = ("http", "https")
FRONT_MATTER_KEYS = ("id", "title", "date", "source", "url", "author", "storyline")
OVERRIDE_KEYS = ("title", "date", "storyline", "source", "author", "url")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def read_articles(
    config: SiteConfig, sources: Sequence[Path], unique_ids: bool = True, cache_dir: Path | None = None
) -> tuple[Article, ...]:
    """Read every article under `sources`, apply editor overrides, and sort newest first.

    Every id gets one page path (`ids.page_path`): a raw id that cannot make one is skipped with a
    warning, and two ids whose paths would be one on a case-insensitive file system are duplicates.
    A JSONL file repeating an id updates the earlier line (as a feed reader treats a repeated guid),
    with a warning; the same id in two files is an error. With `unique_ids` off (evaluation corpora
    list one report under two incidents), a repeated id whose text is the same is read once. With
    `cache_dir`, JSONL lines read by the last build are taken from a `RecordCache` there.
    """
    cache = RecordCache(cache_dir, reader_fingerprint()) if cache_dir is not None else None
    by_id: dict[str, Article] = {}
    by_key: dict[str, str] = {}  # ids.path_key -> the id holding that page path
    for path in _collect(sources):
        for article in _read_file(path, cache):
            if (own := clean_name(article.id)) != article.id:  # e.g. a Markdown file name's controls
                article = dataclasses.replace(article, id=own)
            if _unsafe(article):
                continue
            key = path_key(article.id)
            other = by_id.get(article.id) or by_id.get(by_key.get(key, ""))
            if other is not None and other.id == article.id:
                if not unique_ids and other.text == article.text:
                    continue
                if other.path == article.path and other.line and article.line:
                    warn(
                        shown(article.path),
                        f"article id {article.id!r} repeats line {other.line}; this line replaces it",
                        article.line,
                    )
                    by_id[article.id] = article
                    continue
            if other is not None:
                here, there = shown_apart(article.path, other.path)
                own, its = shown_apart(article.id, other.id, quote=True)
                where = f"{there}:{other.line}" if other.line else there
                if other.id != article.id:  # another spelling of the same page path
                    where += f" as {its}, the same page path"
                raise BuildError(here, f"duplicate article id {own} (also in {where})", article.line or None)
            by_id[article.id] = article
            by_key[key] = article.id
    if cache is not None:
        cache.save()
    _apply_overrides(by_id, config.path(config.overrides))
    return tuple(sorted(by_id.values(), key=_newest_first))


def _unsafe(article: Article) -> bool:
    """Whether `article`'s id cannot make a page path: a warning for raw data (the record is
    skipped), a BuildError for a curated Markdown file."""
    problem = path_problem(article.id)
    if problem is None:
        return False
    message = f"article id {article.id!r} {problem}"
    if article.path.lower().endswith(".md"):
        raise BuildError(shown(article.path), message, article.line or None)
    warn(
        shown(article.path), f"{message}; {'line' if article.line else 'file'} skipped", article.line or None
    )
    return True


def reader_fingerprint() -> str:
    """A hash of the reading code (`fingerprint.code_digest`), the dateutil version and the Python
    version: what turns a JSONL line into an Article."""
    import dateutil

    return f"{code_digest(__name__)}-{dateutil.__version__}-{sys.version}"


def _newest_first(article: Article) -> tuple[bool, int, str]:
    return (article.date is None, -article.date.toordinal() if article.date else 0, article.id)


def check_source(source: Path) -> bool:
    """Whether `source` is a folder (True) or a regular file (False); anything else (missing, a
    FIFO, a device) is a BuildError naming it, raised before anything opens it."""
    try:
        mode = source.stat().st_mode
    except OSError:
        raise BuildError(shown(source), "source not found") from None
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise BuildError(shown(source), "not a regular file or folder; refused")
    return stat.S_ISDIR(mode)


def _collect(sources: Sequence[Path]) -> list[Path]:
    """Article files in source order, each folder's files sorted by path, each file once.

    A source must be a regular file or a folder (a FIFO or device is refused before it is opened).
    In a folder, hidden entries are skipped, symlinks leaving the folder are not followed (a
    warning names each), and entries that are not regular files are skipped with a warning."""
    files: list[Path] = []
    seen: set[Path] = set()
    for source in map(Path, sources):
        if check_source(source):
            found = sorted(_walk(source, source.resolve()))
        else:
            if source.suffix.lower() not in SUFFIXES:
                raise BuildError(shown(source), f"unsupported file type (expected {', '.join(SUFFIXES)})")
            found = [source]
        for path in found:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    return files


def _walk(folder: Path, root: Path) -> Iterator[Path]:
    """The article files under `folder` (inside the source folder `root`, resolved), unsorted."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        warn(shown(folder), f"cannot read ({exc.strerror}); folder skipped")
        return
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                warn(shown(path), "symlink leaves the source folder; not followed")
                continue
            if entry.is_dir() or not any(p.startswith(".") for p in target.relative_to(root).parts):
                continue  # what it points to is read by its own path (so its id is its own name)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root)
        elif path.suffix.lower() in SUFFIXES:
            try:
                regular = stat.S_ISREG(path.stat().st_mode)
            except OSError:
                warn(shown(path), "cannot read (broken symlink); skipped")
                continue
            if regular:
                yield path
            else:
                warn(shown(path), "not a regular file; skipped")


def _read_file(path: Path, cache: RecordCache | None = None) -> Iterator[Article]:
    """Articles in one file; unreadable files, non-UTF-8 .txt or .md files and those over
    `MAX_ARTICLE_BYTES` (known by their size, before reading) are skipped with a warning. A JSONL
    file is read line by line from the open file (a bad byte or an over-long line costs its line)."""
    name = shown(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with open(path, "rb") as handle:
                yield from read_jsonl(str(path), handle, cache)
            return
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            warn(name, f"file is {size} bytes, over the {MAX_ARTICLE_BYTES}-byte limit; file skipped")
            return
        data = path.read_bytes()
    except OSError as exc:
        warn(name, f"cannot read ({exc.strerror or exc}); file skipped")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        warn(name, f"not valid UTF-8 (byte {exc.start}); file skipped", line)
        return
    article = read_markdown(str(path), text) if suffix == ".md" else read_text(str(path), text)
    if article is not None:
        yield article


def read_text(path: str, text: str) -> Article | None:
    """A raw scraped article: headline or lead title, best date evidence, byline as author."""
    cleaned = clean_text(text)
    if not cleaned.paragraphs:
        warn(shown(path), "no article text after cleaning; file skipped")
        return None
    title, title_source = (
        (cleaned.headline, "headline") if cleaned.headline else (lead_title(cleaned.paragraphs[0]), "lead")
    )
    return Article(
        id=clean_name(Path(path).stem),
        path=path,
        title=title,
        title_source=title_source,
        date=cleaned.date,
        date_source=cleaned.date_source,
        paragraphs=cleaned.paragraphs,
        author=cleaned.author,
    )


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
    return (own, a.title, a.title_source, day, a.date_source, a.paragraphs, a.source, a.url, a.author)


def _cached_article(path: str, number: int, stem: str, fields: tuple[Any, ...]) -> Article:
    """`_record_fields` back into the Article read from line `number` of `path`."""
    own_id, title, title_source, day, date_source, paragraphs, source, url, author = fields
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
    )


def _record_article(path: str, number: int, stem: str, record: dict[str, Any]) -> tuple[Article | None, bool]:
    """The Article of one JSONL record (None if unusable) and whether a warning was given. A list
    or mapping where a text field belongs, and a url that is not http(s), are ignored with a
    warning (the article is kept)."""
    name = shown(path)
    warned = False
    body = record.get("text")
    title = _scalar(record.get("title"))
    cleaned = clean_text(body if isinstance(body, str) else "", find_headline=title is None)
    paragraphs = cleaned.paragraphs
    if title is not None and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the text repeats its own headline
    source, url = _scalar(record.get("source")), _scalar(record.get("url"))
    if url is not None and not _parses(url):
        warn(name, f"invalid url {url!r}; url ignored", number)
        url, warned = None, True
    elif url is not None and not _web_link(url):
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
        author=_scalar(record.get("author")) or cleaned.author,
        line=number,
    )
    return article, warned


def _record_id(value: Any) -> str | None:
    """A record's own id: `_scalar` text without noncharacters (`ids.clean_name`), None if empty."""
    text = _scalar(value)
    return clean_name(text) or None if text is not None else None


def _parses(url: str) -> bool:
    """Whether `url` can be split into its parts (an unclosed "[" or a bad port cannot)."""
    try:
        urlsplit(url).port  # noqa: B018 - the port is checked when read
    except ValueError:
        return False
    return True


def _web_link(url: str) -> bool:
    """Whether `url` (which `_parses`) is an absolute http or https link with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)


def _headline_only(title: str | None, url: str | None) -> bool:
    """Whether a record without text is still worth listing, as a news aggregator would: it has a
    real headline (three words or more) and a link to the full report."""
    return title is not None and len(title.split()) >= 3 and url is not None


def _scalar(value: Any) -> str | None:
    """Metadata text with whitespace normalised; None for missing, empty or non-scalar values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _WHITESPACE.sub(" ", normalise(str(value))).strip()
    return text or None


def _load_yaml(path: str, text: str, first_line: int) -> Any:
    """Parse an editor's YAML (`editor_yaml.parse`: dates kept as text, duplicate keys and bombs
    refused, mappings knowing their key lines); errors name the file line."""
    return editor_yaml.parse(path, text, first_line)


def _editor_text(path: str, key: str, value: Any, line: int | None) -> str | None:
    """A front-matter or override text field: a scalar as normalised text (None when empty); a
    list or mapping is an error naming the key."""
    if isinstance(value, list | dict):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise BuildError(path, f"'{key}' must be a single value, not {kind}", line)
    return _scalar(value)


def _editor_url(path: str, url: str | None, line: int | None) -> str | None:
    """An editor's `url`: an absolute http(s) link, else a BuildError naming the key."""
    if url is not None and not (_parses(url) and _web_link(url)):
        raise BuildError(path, f"'url' must be an absolute http(s) link, not {url!r}", line)
    return url


def _editor_date(path: str, value: Any, line: int | None) -> date:
    parsed = parse_date(value)
    if parsed is None:
        raise BuildError(path, f"cannot parse date {value!r} (use YYYY-MM-DD)", line)
    return parsed


def read_markdown(path: str, text: str) -> Article | None:
    """A curated article: YAML front matter plus a Markdown body rendered with raw HTML disabled."""
    text = normalise(text)
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    data: Any = None
    match = _FRONT_MATTER.match(text)
    if match:
        data = _load_yaml(path, match.group("yaml") or "", first_line=2)
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
        k: _editor_text(path, k, editor_yaml.as_text(data, k, v), lines.get(k))
        for k, v in meta.items()
        if k != "date"
    }
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
        day, day_source = _editor_date(path, meta["date"], lines.get("date")), "editor"
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
        url=_editor_url(path, fields.get("url"), lines.get("url")),
        author=fields.get("author"),
        storyline=fields.get("storyline"),
        body_html=_MARKDOWN.render(text),
    )


def _plain(inline: Any) -> str:
    """Plain text of an inline token for NLP: markup, images and breaks flattened."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _WHITESPACE.sub(" ", "".join(parts)).strip()


def _apply_overrides(articles: dict[str, Article], path: Path) -> None:
    """Apply `overrides.yaml` (article id -> fields) in place; a missing file means no overrides.
    An id written twice, an unknown field or a list where text belongs stops the build; an id
    that matches no article is a warning (raw data comes and goes)."""
    if not path.exists():
        return
    name = str(path)
    data = _load_yaml(name, editor_yaml.read_text(path), first_line=1)
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
        value = editor_yaml.as_text(fields, raw_key, value)
        if key not in OVERRIDE_KEYS:
            raise BuildError(
                path, f"unknown override field '{key}' (known: {', '.join(OVERRIDE_KEYS)})", line
            )
        if key == "date":
            day = None if value is None else _editor_date(path, value, line)
            changes.update(date=day, date_source="editor" if day else "none")
        elif key == "title":
            title = _editor_text(path, key, value, line)
            if title is None:
                raise BuildError(path, "an overridden title cannot be empty", line)
            changes.update(title=title, title_source="editor")
        elif key == "url":
            changes[key] = _editor_url(path, _editor_text(path, key, value, line), line)
        else:
            changes[key] = _editor_text(path, key, value, line)
    return changes
