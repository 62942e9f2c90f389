"""`briefing new DIR`: a project that builds at once, copied from the skeleton shipped as package
data (`skeleton/`; a name starting `dot-` becomes a hidden one: `dot-github` -> `.github`)."""

from __future__ import annotations

import os
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from ..errors import BuildError

SKELETON = "skeleton"
HIDDEN_PREFIX = "dot-"


def _files(folder: Traversable, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], bytes]]:
    """(path parts in the new project, bytes) of every skeleton file, sorted by path."""
    found: list[tuple[tuple[str, ...], bytes]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        name = "." + entry.name[len(HIDDEN_PREFIX) :] if entry.name.startswith(HIDDEN_PREFIX) else entry.name
        if entry.is_dir():
            found += _files(entry, (*prefix, name))
        else:
            found.append(((*prefix, name), entry.read_bytes()))
    return found


def create_project(folder: Path) -> list[Path]:
    """Write a new project into `folder` (created; it must be missing or empty) and return the files
    written. A non-empty folder, or a file in its place, is a BuildError naming it."""
    if folder.exists() and not folder.is_dir():
        raise BuildError(str(folder), "is a file, not a folder; choose a new folder for the project")
    if folder.is_dir() and any(os.scandir(folder)):
        raise BuildError(str(folder), "is not empty; choose a new or empty folder for the project")
    written = []
    for parts, data in _files(resources.files(__name__) / SKELETON):
        path = folder.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise BuildError(str(path), f"cannot write ({exc.strerror or exc})") from None
        written.append(path)
    return written
