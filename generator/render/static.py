"""The static files: the theme's `static/` folders copied to `static/`, the project's files over the
default theme's, file by file."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import BuildError, warn
from ..ids import shown
from ..model import Page
from ..theme import Theme


def static_pages(theme: Theme) -> list[Page]:
    """Files under the default theme's `static/` and the project's `templates/static/` (the
    project's winning where both hold a path), copied to `static/`, sorted by path.

    A symlink is followed only while its target stays inside its templates folder (as sources
    treat theirs): one leaving it, broken or looping is not published, with a warning naming it,
    so a link cannot publish a system file. Entries that are no regular file are skipped with a
    warning; a file that cannot be read is a `BuildError` naming it."""
    found: dict[str, Path] = {}
    for folder in reversed(theme.folders):  # the default theme first, then the project's over it
        root = folder / "static"
        if root.is_dir():
            inside = Path(os.path.realpath(folder))
            _static_files(root, "static", inside, {os.path.realpath(root)}, found)
    pages = []
    for rel in sorted(found):
        try:
            pages.append(Page(rel, found[rel].read_bytes()))
        except OSError as exc:
            raise BuildError(shown(found[rel]), f"cannot read ({exc.strerror or exc})") from None
    return pages


def _static_files(folder: Path, prefix: str, inside: Path, seen: set[str], found: dict[str, Path]) -> None:
    """Fill `found` (site path -> file) with the files under `folder` (see `static_pages`)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise BuildError(shown(folder), f"cannot read ({exc.strerror or exc})") from None
    for entry in entries:
        path, rel = folder / entry.name, f"{prefix}/{entry.name}"
        if entry.is_symlink():
            target = os.path.realpath(path)
            if not Path(target).is_relative_to(inside):
                warn(shown(path), "symlink leaves the templates folder; not published")
                continue
            if not os.path.exists(target):
                warn(shown(path), "broken symlink; not published")
                continue
        if entry.is_dir():
            real = os.path.realpath(path)
            if real in seen:
                warn(shown(path), "symlink loops back to a folder above it; not followed")
                continue
            _static_files(path, rel, inside, seen | {real}, found)
        elif entry.is_file():
            found[rel] = path
        else:
            warn(shown(path), "not a regular file; not published")
