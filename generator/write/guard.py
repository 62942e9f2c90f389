"""Where a site may be written: checked before a build reads or writes anything."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..config import SiteConfig
from ..errors import BuildError
from .writer import check_replaceable


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _protected(
    config: SiteConfig, sources: Sequence[Path], use_cache: bool, config_file: Path | None
) -> list[tuple[str, Path, bool]]:
    """(what, path, whether the site may not lie inside it either) for everything a build reads
    or keeps: the sources, the content folder and files, the templates and the cache folder."""
    found: list[tuple[str, Path, bool]] = [("source", Path(s), True) for s in sources]
    root = _real(Path(config.root))
    files = [
        config.path(f) for f in (config.overrides, config.actors_file, config.storylines_file, config.about)
    ]
    if config_file is not None:
        files.append(Path(config_file))
    for file in files:
        folder = _real(file.parent)
        # The folder of the content files, unless it is the project folder itself (config at the top).
        if folder != root and folder not in root.parents:
            found.append(("content folder", file.parent, True))
        found.append(("content file", file, False))
    found.append(("templates folder", config.path(config.templates), True))
    if use_cache:
        found.append(("cache folder", config.path(config.cache_dir), True))
    return found


def check_output(
    config: SiteConfig,
    sources: Sequence[Path],
    output: Path,
    use_cache: bool = True,
    config_file: Path | None = None,
) -> None:
    """Raise a `BuildError` naming `output` unless a site may be written there: it is not, does not
    contain and (folders) does not lie inside a source, the content folder or files, the templates
    or the cache folder, and it is absent, empty or a site this tool wrote (`check_replaceable`).
    A cache folder that is no folder or cannot be made is refused naming it (`check_cache_folder`)."""
    site = _real(output)
    protected = _protected(config, sources, use_cache, config_file)
    for what, path, tree in protected:
        real = _real(path)
        if real == site:
            raise BuildError(str(output), f"the site folder would replace the {what} {path}")
        if site in real.parents:
            raise BuildError(str(output), f"the site folder contains the {what} {path}")
        if tree and real in site.parents:
            raise BuildError(str(output), f"the site folder lies inside the {what} {path}")
    if use_cache:
        cache = config.path(config.cache_dir)
        check_cache_folder(cache)
        _check_cache_place(cache, [entry for entry in protected if entry[0] != "cache folder"])
    check_replaceable(output)


def _check_cache_place(cache: Path, protected: list[tuple[str, Path, bool]]) -> None:
    """Raise a `BuildError` naming `cache` if it is, contains or lies inside a folder the build
    reads (a source, the content or templates folder): its files would be read or published as
    input, and clearing it would delete the editor's files."""
    folder = _real(cache)
    for what, path, tree in protected:
        if not tree:
            continue
        real = _real(path)
        if real == folder or folder in real.parents:
            raise BuildError(str(cache), f"the cache folder would hold the {what} {path}")
        if real in folder.parents:
            raise BuildError(str(cache), f"the cache folder lies inside the {what} {path}")


def check_cache_folder(cache: Path) -> None:
    """Raise a `BuildError` naming `cache` unless it is a folder or can be made one: it exists and
    is no folder, or the nearest existing folder above it is a file (`/dev/null/x`)."""
    if os.path.lexists(cache):
        if not cache.is_dir():
            raise BuildError(str(cache), "the cache folder exists and is not a folder")
        return
    above = cache.parent
    while not os.path.lexists(above) and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise BuildError(str(cache), f"the cache folder cannot be made: {above} is not a folder")
