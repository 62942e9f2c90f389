"""Reuse keys: a page's key is a digest of its view (what its template shows), its path and template,
and a salt covering everything every page depends on (templates, settings, rendering code).
Above them, the site's key (`site_digest`): the salt and the whole SiteModel, everything the render
reads; while it is unchanged, the last render's pages are reused without building a view.

A view is plain data (frozen dataclasses of strings, numbers, dates and tuples), so its digest is
taken over a canonical encoding: `marshal` version 0 of the view as nested tuples, each dataclass
tagged with its class name. No key is written by hand, so none can miss a field a page shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Callable, Iterable
from datetime import date
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..config import SiteConfig
from ..incremental.fingerprint import code_digest, library_versions
from ..model import Page, SiteModel
from ..theme import Theme

PACKAGE = Path(__file__).resolve().parent


# Decides whether a page can be reused: (page path, input key) -> published file with those bytes.
Reuse = Callable[[str, str], "str | None"]
# Decides whether the whole site can be reused: site key -> the last render's pages, as page path ->
# (its key, the published file with its bytes), when that render had this key and every file is intact.
SiteReuse = Callable[[str], "dict[str, tuple[str, str]] | None"]


def render_modules() -> list[str]:
    """Every module of the render package (its folder's files): with what they import, the code
    whose behaviour shapes page bytes (`fingerprint.code_digest`)."""
    names = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    return [__package__ or "generator.render", *(f"{__package__}.{name}" for name in names)]


def render_libraries() -> list[str]:
    """The "name=version" of every library the rendering code imports and of those they require
    (`fingerprint.library_versions`): found from the imports, so none can be missing."""
    return library_versions(*render_modules())


def render_salt(config: SiteConfig, theme: Theme) -> str:
    """A hash of everything every page depends on: settings, templates and static files (the
    project's and the default theme's), rendering code and the versions of the libraries it uses."""
    versions = render_libraries()
    code = code_digest(*render_modules())
    hasher = hashlib.sha256(f"{config!r}\0{versions}\0{code}".encode())
    for folder in theme.folders:
        hasher.update(f"\0folder\0{folder}\0".encode())
        for file in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            hasher.update(f"\0{file}\0".encode())
            hasher.update(file.read_bytes())
    return hasher.hexdigest()


_ATOMS = frozenset((str, int, bool, float, bytes, type(None)))
_FIELDS: dict[type, tuple[bytes, Callable[[Any], tuple[Any, ...]]]] = {}  # dataclass -> (tag, getter)


def _fields(kind: type) -> tuple[bytes, Callable[[Any], tuple[Any, ...]]] | None:
    """A dataclass's or named tuple's tag and a function giving an instance's field values as a
    tuple (None if `kind` is neither)."""
    found = _FIELDS.get(kind)
    if found is None and issubclass(kind, tuple) and hasattr(kind, "_fields"):  # a named tuple
        found = _FIELDS[kind] = (kind.__qualname__.encode(), tuple)
    elif found is None and dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        if len(names) > 1:
            getter = attrgetter(*names)  # a tuple of the values, in C
        else:
            getter = lambda value: tuple(getattr(value, n) for n in names)  # noqa: E731
        found = _FIELDS[kind] = (kind.__qualname__.encode(), getter)
    return found


def plain(value: Any) -> Any:
    """`value` as values `marshal` stores: dataclasses and named tuples by their fields, dates by
    ordinal, tagged."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is tuple or kind is list:
        if _ATOMS.issuperset(map(type, value)):
            return value
        kinds = set(map(type, value))
        if len(kinds) == 1:  # rows of one named tuple (a list of links, of items): encoded in bulk
            rows = _rows(kinds.pop(), value)
            if rows is not None:
                return rows
        return [plain(v) for v in value]
    if kind is date:
        return (b"date", value.toordinal())
    found = _fields(kind)
    if found is not None:
        values = found[1](value)
        if _ATOMS.issuperset(map(type, values)):
            return (found[0], values)
        return (found[0], [v if type(v) in _ATOMS else plain(v) for v in values])
    if kind is dict:
        if _ATOMS.issuperset(map(type, value)) and _ATOMS.issuperset(map(type, value.values())):
            return (b"dict", value)
        return (b"dict", [(plain(k), plain(v)) for k, v in value.items()])
    if kind is set or kind is frozenset:  # in a canonical order: iteration order follows the hash seed
        return (b"set", sorted((plain(v) for v in value), key=encode))
    return (b"repr", repr(value))


_ROW_VALUES = _ATOMS | {date}


def _rows(kind: type, value: Any) -> Any:
    """A sequence of `kind` named tuples whose fields are atoms or dates, tagged as rows: the
    values of every row in one flat list, after the tag and the number of fields a row has (else
    None). Flat, the rows are checked and encoded in a few passes in C instead of one per row."""
    if not (issubclass(kind, tuple) and hasattr(kind, "_fields")):
        return None
    width = len(kind._fields)
    flat = list(chain.from_iterable(value))
    if len(flat) != width * len(value):  # a row of another length: no fixed width to cut by
        return None
    found = set(map(type, flat))
    if found <= _ATOMS:
        return (b"rows", kind.__qualname__.encode(), width, flat)
    if found <= _ROW_VALUES:
        dated = [(b"date", v.toordinal()) if v.__class__ is date else v for v in flat]
        return (b"rows", kind.__qualname__.encode(), width, dated)
    return None


def encode(value: Any) -> bytes:
    """Plain values as bytes: marshal version 0 (type-tagged and length-prefixed, so unambiguous;
    unlike later versions, its bytes do not depend on string interning or reference counts)."""
    return marshal.dumps(value, 0)


class Keys:
    """Page keys under one salt, and which pages `reuse` lets keep their published file."""

    def __init__(self, salt: str, reuse: Reuse | None) -> None:
        self.reuse = reuse
        self._hasher = hashlib.blake2b(encode(salt), digest_size=20)

    def key(self, path: str, *inputs: Any) -> str:
        """The key of the page at `path` made from `inputs` (its template and view; or its bytes)."""
        hasher = self._hasher.copy()
        hasher.update(encode((path, plain(inputs))))
        return hasher.hexdigest()

    def keys(self, paths: Iterable[str], *inputs: Any) -> list[str]:
        """The keys of the pages at `paths` made from the same `inputs` (a feed's three files): the
        inputs are encoded once."""
        encoded = encode(plain(inputs))
        found = []
        for path in paths:
            hasher = self._hasher.copy()
            hasher.update(encode(path))
            hasher.update(encoded)
            found.append(hasher.hexdigest())
        return found

    def kept(self, path: str, key: str) -> Page | None:
        """The published file to reuse for the page, when `reuse` has one with that key."""
        source = self.reuse(path, key) if self.reuse is not None else None
        return Page(path, b"", source) if source is not None else None


def site_digest(salt: str, model: SiteModel) -> str:
    """The key of the whole site: `salt` (`render_salt`) and every field of `model`, all the render
    reads. The model is fed to the hash piece by piece (an article at a time), never encoded whole."""
    hasher = hashlib.blake2b(encode(salt), digest_size=20)
    _update(hasher, model, 1)
    return hasher.hexdigest()


def _update(hasher: Any, value: Any, depth: int) -> None:
    """Hash `value` in pieces: a dataclass field by field, a tuple item by item (`depth` tuple
    levels down), each piece as `encode(plain(piece))`. Each encoding is self-delimiting and the
    model's fields are fixed, so the sequence stands for one model only."""
    found = _fields(type(value)) if depth and dataclasses.is_dataclass(value) else None
    if found is not None:
        hasher.update(encode(found[0]))
        for field in found[1](value):
            _update(hasher, field, depth)
    elif depth and type(value) is tuple:
        hasher.update(encode((b"items", len(value))))
        for item in value:
            _update(hasher, item, depth - 1)
    else:
        hasher.update(encode(plain(value)))


def reused_site(site: SiteReuse, salt: str, model: SiteModel) -> list[tuple[Page, str]] | None:
    """The last render's pages (each a `Page` naming its published file) with their keys, when
    `site` has them under this render's `site_digest`; else None."""
    kept = site(site_digest(salt, model))
    if kept is None:
        return None
    return [(Page(path, b"", source), key) for path, (key, source) in kept.items()]
