"""The no-op check's fingerprint: a hash of everything a build reads."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..config import SiteConfig
from ..theme import packaged_theme


def _files(path: Path) -> list[Path]:
    """The regular files of `path` (a file, or a folder walked without following symlinked folders)
    in sorted order; a FIFO, socket or device is never among them, so hashing never blocks on one."""
    if path.is_dir():
        found = (Path(folder) / name for folder, _, names in os.walk(path) for name in names)
        return sorted(p for p in found if "__pycache__" not in p.parts and _regular(p))
    return [path]


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def input_fingerprint(
    config: SiteConfig, sources: Sequence[Path], output: Path, model: str, code: str, extra: str = ""
) -> str:
    """A hash of everything a build reads: settings, the model (`model`: its name and version),
    sources, content, templates (the project's and the theme used), the build's code (`code`:
    `fingerprint.code_digest`) and `extra` (what else decides the site: the publishing policy).

    Only regular files are read: a FIFO or device among the sources is hashed as missing (the read
    stage refuses it), so hashing never blocks on one."""
    digest = hashlib.sha256()
    digest.update(f"{config!r}\0{model}\0{code}\0{extra}\0{Path(output).resolve()}".encode())
    content = [config.path(p) for p in (config.overrides, config.actors_file, config.storylines_file)]
    content += [config.path(config.about), config.path(config.templates)]
    content += [config.path(config.permalinks)] if config.permalinks else []
    content.append(packaged_theme())  # the default theme the project's templates override
    for root in [*map(Path, sources), *content]:
        for file in _files(root):
            digest.update(f"\0{file}\0".encode("utf-8", "surrogateescape"))
            if not _regular(file):
                digest.update(b"\0missing")
                continue
            try:
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"\0missing")
    return digest.hexdigest()
