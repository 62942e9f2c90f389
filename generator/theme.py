"""The theme pages are rendered with: the project's `templates/` folder over the default theme, file
by file. The default theme's source is the repository's top-level `templates/` folder; an installed
package holds a copy as package data (`generator/default_theme/`, see setup.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError

if TYPE_CHECKING:
    from .config import SiteConfig

SOURCE_THEME = Path(__file__).resolve().parent.parent / "templates"  # in a source checkout
PACKAGED = "default_theme"  # the package data folder an installed copy holds the theme in
DEFAULT_PREFIX = "default/"  # `{% extends "default/base.html" %}` always names the default theme's file


def packaged_theme() -> Path:
    """The default theme's folder: the installed package data, else (a source checkout, an editable
    install) the repository's `templates/`; when neither is there, where the package data belongs."""
    installed = Path(str(resources.files(__package__ or "generator") / PACKAGED))
    return SOURCE_THEME if not installed.is_dir() and SOURCE_THEME.is_dir() else installed


@dataclass(frozen=True)
class Theme:
    """The default theme's folder and the project's own templates folder (None: no overrides)."""

    default: Path
    own: Path | None = None

    @property
    def folders(self) -> tuple[Path, ...]:
        """The folders templates are looked up in, the first holding a name winning."""
        return (self.own, self.default) if self.own is not None else (self.default,)

    def file(self, name: str) -> Path:
        """The file template `name` loads from (`default/NAME`: the default theme's), or where it
        would be in the first folder when no folder holds it (named in errors)."""
        if name.startswith(DEFAULT_PREFIX):
            return self.default / name[len(DEFAULT_PREFIX) :]
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        return self.folders[0] / name

    def described(self) -> str:
        """The folders, for a message: 'templates or the default theme (…/templates)'."""
        missing = "" if self.default.is_dir() else ", which is missing from this installation"
        default = f"the default theme ({self.default}{missing})"
        return f"{self.own} or {default}" if self.own is not None else default


def as_theme(folder: Theme | Path | str | None) -> Theme:
    """A `Theme` from a Theme, a project templates folder (over the default theme) or None (the
    default theme alone)."""
    if isinstance(folder, Theme):
        return folder
    default = packaged_theme()
    if folder is None:
        return Theme(default)
    own = Path(folder)
    same = own.is_dir() and default.is_dir() and os.path.samefile(own, default)
    return Theme(default, None if same or not own.is_dir() else own)


def project_theme(config: SiteConfig) -> Theme:
    """The project's theme: its `templates` folder over the default theme; a missing or empty folder
    (as `briefing new` makes it) is the default theme alone. A file in its place is a BuildError."""
    own = config.path(config.templates)
    if own.exists() and not own.is_dir():
        raise BuildError(str(own), "is not a folder (the 'templates' setting names a folder of templates)")
    return as_theme(own)
