"""Hrefs between site paths: the URL-quoted relative link from one page to another path.

`urls.relative` computes the same with `posixpath.relpath`; a page has hundreds of links, so here
each page's folder is split once and each target's quoted parts are kept for the render.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from .. import urls

_TARGETS: dict[str, tuple[list[str], list[str]]] = {}  # site path -> (its parts, their quoted text)


def _target(path: str) -> tuple[list[str], list[str]]:
    found = _TARGETS.get(path)
    if found is None:
        parts = path.split("/")
        found = _TARGETS[path] = (parts, [quote(p, safe="") for p in parts])
    return found


def _clean(parts: list[str]) -> bool:
    """No part that `relpath` would normalise (site paths from `urls` never have one)."""
    return "" not in parts and "." not in parts and ".." not in parts


class Links:
    """Hrefs from the page at `page_path`; with `root` (the 404 page: any address), absolute from
    the site's base path instead."""

    __slots__ = ("_base", "page_path", "root")

    def __init__(self, page_path: str, root: str | None = None) -> None:
        self.page_path, self.root = page_path, root
        start = "index.html" if root is not None else page_path
        self._base = start.split("/")[:-1]

    def __call__(self, to_path: str, fragment: str = "") -> str:
        """The href to the site path `to_path` (all of it path: a `#` in it is part of a name), then
        `#fragment` if given; an empty `to_path` is the fragment alone."""
        tail = "#" + quote(fragment) if fragment else ""
        if not to_path:
            return tail
        parts, quoted = _target(to_path)
        base = self._base
        if not _clean(parts) or (base and not _clean(base)):
            start = posixpath.dirname("index.html" if self.root is not None else self.page_path) or "."
            rel = urls.quote_path(posixpath.relpath(to_path, start)) + tail
        else:
            common = 0
            for a, b in zip(parts, base, strict=False):
                if a != b:
                    break
                common += 1
            up = len(base) - common
            rest = quoted[common:]
            rel = "/".join(([".."] * up + rest) if up else rest) if (up or rest) else "."
            rel += tail
        return rel if self.root is None else self.root + rel


def reset() -> None:
    """Forget the targets kept for the last render."""
    _TARGETS.clear()
