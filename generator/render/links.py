"""Hrefs between site paths: the URL-quoted relative link from one page to another path.

`urls.relative` computes the same with `posixpath.relpath`; a page has hundreds of links, so here
each page's folder is split once and each target's quoted parts are kept for the render.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from .. import urls

_TARGETS: dict[str, tuple[list[str], list[str], str, str, bool]] = {}  # site path -> its `_target`
_SHARED: dict[tuple[str, int, str | None], dict[str, str]] = {}  # (folder above, depth, root) -> hrefs


def _target(path: str) -> tuple[list[str], list[str], str, str, bool]:
    """A site path's parts, their quoted text, the quoted path, the quoted path after its first
    part, and whether its parts are clean."""
    found = _TARGETS.get(path)
    if found is None:
        parts = path.split("/")
        quoted = [quote(p, safe="") for p in parts]
        found = (parts, quoted, "/".join(quoted), "/".join(quoted[1:]), _clean(parts))
        _TARGETS[path] = found
    return found


def _clean(parts: list[str]) -> bool:
    """No part that `relpath` would normalise (site paths from `urls` never have one)."""
    return "" not in parts and "." not in parts and ".." not in parts


class Links:
    """Hrefs from the page at `page_path`; with `root` (the 404 page: any address), absolute from
    the site's base path instead."""

    __slots__ = (
        "_base",
        "_clean",
        "_first",
        "_own",
        "_second",
        "_shared",
        "_up",
        "_up1",
        "page_path",
        "root",
    )

    def __init__(self, page_path: str, root: str | None = None) -> None:
        self.page_path, self.root = page_path, root
        start = "index.html" if root is not None else page_path
        base = self._base = start.split("/")[:-1]
        self._clean = _clean(base)
        self._first = base[0] if base else None
        self._second = base[1] if len(base) > 1 else None
        self._up = "../" * len(base)
        self._up1 = "../" * (len(base) - 1)
        # An href to a path outside the page's own folder depends only on the folder above it: the
        # pages in one folder (each actor's, each article's) share those hrefs.
        self._own = "/".join(base) + "/"
        self._shared = _SHARED.setdefault(("/".join(base[:-1]), len(base), root), {})

    def __call__(self, to_path: str, fragment: str = "") -> str:
        """The href to the site path `to_path` (all of it path: a `#` in it is part of a name), then
        `#fragment` if given; an empty `to_path` is the fragment alone."""
        if fragment or not to_path or not self._clean or (to_path + "/").startswith(self._own):
            return self._href(to_path, fragment)
        found = self._shared.get(to_path)
        if found is None:
            found = self._href(to_path, "")
            if _target(to_path)[4]:  # a clean path: its href is the same from the folder's other pages
                self._shared[to_path] = found
        return found

    def _href(self, to_path: str, fragment: str) -> str:
        if not to_path:
            return "#" + quote(fragment) if fragment else ""
        found = _TARGETS.get(to_path) or _target(to_path)
        parts = found[0]
        if not (found[4] and self._clean):
            start = posixpath.dirname("index.html" if self.root is not None else self.page_path) or "."
            rel = urls.quote_path(posixpath.relpath(to_path, start))
        elif parts[0] != self._first:  # nothing in common: up to the root, then down
            rel = self._up + found[2]
        elif self._second is not None and len(parts) > 1 and parts[1] != self._second:
            rel = self._up1 + found[3]  # the first folder in common (a sibling page's folder)
        else:
            base = self._base
            common = 0
            for a, b in zip(parts, base, strict=False):
                if a != b:
                    break
                common += 1
            up = len(base) - common
            rest = found[1][common:]
            rel = "/".join([".."] * up + rest) if (up or rest) else "."
        if fragment:
            rel += "#" + quote(fragment)
        return rel if self.root is None else self.root + rel


def sibling_hrefs(pages: list[str], targets: list[str]) -> dict[str, str]:
    """The href to each of `targets` from pages that are siblings (`pages`: one path per folder, all
    in one folder above and at one depth, as `actors/*/index.html`): a target outside a page's own
    folder has the same href from all of them (`Links`), so it is computed once here. A target in
    the first page's own folder is linked as its siblings link it (from the second page); the page
    itself must not use that entry."""
    if not pages:
        return {}
    first = Links(pages[0])
    second = Links(pages[1]) if len(pages) > 1 else first
    own = first._own
    return {t: (second if (t + "/").startswith(own) else first)(t) for t in targets}


def reset() -> None:
    """Forget the targets and hrefs kept for the last render."""
    _TARGETS.clear()
    _SHARED.clear()
