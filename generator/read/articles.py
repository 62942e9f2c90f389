"""The `read` stage: raw .txt, curated .md and bulk .jsonl files -> cleaned `Article`s, each file
read by the reader its suffix names.

Bad input never raises a traceback: files or lines that cannot be used are skipped with a
warning (`errors.warn`), and input that would silently change the site (duplicate ids, bad
editor dates, malformed front matter or overrides) raises `BuildError` naming file and line.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..config import SiteConfig
from ..errors import BuildError, warn
from ..ids import clean_name, path_key, path_problem, shown, shown_apart
from ..incremental.records import RecordCache
from ..model import Article
from . import jsonl
from .fields import MAX_ARTICLE_BYTES
from .markdown import read_markdown
from .overrides import apply_overrides
from .plain_text import read_text

# The readers, by file suffix (as Pelican registers its readers by extension): a whole-file reader
# is given the file's decoded text; a line reader reads the open file record by record.
TEXT_READERS: dict[str, Callable[[str, str], Article | None]] = {".txt": read_text, ".md": read_markdown}
LINE_READERS: dict[str, Callable[[str, BinaryIO, RecordCache | None], Iterator[Article]]] = {
    ".jsonl": jsonl.read_jsonl
}
SUFFIXES = (*TEXT_READERS, *LINE_READERS)


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
    cache = RecordCache(cache_dir, jsonl.reader_fingerprint()) if cache_dir is not None else None
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
    apply_overrides(by_id, config.path(config.overrides))
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
        if suffix in LINE_READERS:
            with open(path, "rb") as handle:
                yield from LINE_READERS[suffix](str(path), handle, cache)
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
    article = TEXT_READERS[suffix](str(path), text)
    if article is not None:
        yield article
