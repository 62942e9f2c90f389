"""Storyline permalinks: a storyline keeps its URL as it grows, as headlines change and when earlier
articles join, and an old URL keeps answering when storylines merge or split.

The assignment lives in the project (`permalinks: content/permalinks.json` in site.yaml), not in
the cache: the build reads it, gives each storyline the slug of the previous storyline it shares
the most articles with (each old slug to one storyline; ties to the smaller slug, then the storyline
with the smaller first article id), derives new slugs only for storylines that share none, and
writes the new state after a successful build (build.py). A slug no storyline keeps redirects to
the storyline holding most of its former articles; a slug whose articles are all gone is forgotten.
Deleting the file re-derives every slug from each storyline's first article, as without it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import editor_yaml
from ..errors import BuildError
from ..model import Permalinks

__all__ = ["Permalinks", "assign", "dump_permalinks", "load_permalinks"]


def load_permalinks(path: Path) -> Permalinks:
    """The state in `path` (missing: none). Bad JSON or a wrong shape is a BuildError naming the file
    (and line): the build never guesses at a half-edited state."""
    if not path.exists():
        return Permalinks()
    text = editor_yaml.read_text(path)

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, value in items:
            if key in found:
                raise ValueError(f"key '{key}' written twice")
            found[key] = value
        return found

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise BuildError(str(path), f"invalid JSON: {exc.msg}", exc.lineno) from None
    except ValueError as exc:
        raise BuildError(str(path), str(exc)) from None
    expected = 'expected {"storylines": {slug: [article ids]}, "redirects": {old slug: slug}}'
    if not isinstance(data, dict) or set(data) - {"storylines", "redirects"}:
        raise BuildError(str(path), expected)
    storylines, redirects = data.get("storylines", {}), data.get("redirects", {})
    if not isinstance(storylines, dict) or not isinstance(redirects, dict):
        raise BuildError(str(path), expected)
    for slug, ids in storylines.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise BuildError(str(path), f"storyline '{slug}': expected a list of article ids")
    for old, new in redirects.items():
        if not isinstance(new, str) or new not in storylines:
            raise BuildError(str(path), f"redirect '{old}' names no storyline of the file")
        if old in storylines:
            raise BuildError(str(path), f"'{old}' is both a storyline and a redirect")
    return Permalinks({s: tuple(ids) for s, ids in storylines.items()}, dict(redirects))


def dump_permalinks(state: Permalinks) -> bytes:
    """The state as JSON: sorted keys and ids, one id a line, so a new article is a one-line diff."""
    data = {
        "redirects": dict(sorted(state.redirects.items())),
        "storylines": {slug: sorted(ids) for slug, ids in sorted(state.storylines.items())},
    }
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def assign(
    groups: Sequence[tuple[str | None, Sequence[str]]],
    previous: Permalinks,
    fresh: Callable[[int, set[str]], str],
) -> tuple[list[str], Permalinks]:
    """The slug of each group (its pin, or None, and its article ids) and the new state.

    A pinned group keeps its pin. Every other group takes the previous slug it shares most
    articles with (greedily, largest overlap first), else `fresh(index, taken)`: a new slug, never
    one in use, redirected, or previously assigned. An old slug left over redirects to the group
    holding most of its articles; old redirects follow their target."""
    old = previous.storylines
    owner = {article: slug for slug, ids in old.items() for article in ids}
    overlap: dict[tuple[int, str], int] = defaultdict(int)
    for g, (_, ids) in enumerate(groups):
        for article in ids:
            if article in owner:
                overlap[g, owner[article]] += 1
    slugs: list[str | None] = [label for label, _ in groups]
    reserved = {label for label in slugs if label is not None}
    first = [min(ids) if ids else "" for _, ids in groups]
    used: set[str] = set()
    for (g, slug), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1], first[kv[0][0]])):
        if slugs[g] is None and slug not in used and slug not in reserved:
            slugs[g] = slug
            used.add(slug)
    taken = reserved | used | set(old) | set(previous.redirects)
    for g, slug in enumerate(slugs):
        if slug is None:
            slugs[g] = slug = fresh(g, taken)
            taken.add(slug)
    final = [s for s in slugs if s is not None]
    live = set(final)
    where: dict[str, str] = {}  # old slug -> the live slug now answering for it
    for slug in old:
        if slug in live:
            where[slug] = slug
            continue
        holders = [(-n, final[g]) for (g, s), n in overlap.items() if s == slug]
        if holders:
            where[slug] = min(holders)[1]
    redirects = {old_slug: new for old_slug, new in where.items() if old_slug != new}
    for old_slug, target in previous.redirects.items():
        new = where.get(target, target if target in live else None)
        if old_slug not in live and new is not None:
            redirects[old_slug] = new
    storylines = {final[g]: tuple(sorted(ids)) for g, (_, ids) in enumerate(groups)}
    return final, Permalinks(storylines, redirects)


def resolve(slug: str, state: Permalinks) -> str:
    """The live slug answering for `slug` (itself unless it redirects)."""
    return state.redirects.get(slug, slug)
