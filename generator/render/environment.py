"""The Jinja environment the page templates run in: the theme's loader (the project's templates over
the default theme), autoescaping, strict undefined, the `rel` filter for links to fixed site paths,
date and URL filters, and the folder of compiled templates."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from ..theme import DEFAULT_PREFIX, Theme
from ..urls import safe_url
from .feeds import excerpt
from .links import Links

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date | None) -> str:
    """'4 May 2022' (locale-independent)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "Undated"


@pass_context
def _rel(ctx: Context, to_path: str, fragment: str = "") -> str:
    """Href from the page being rendered to a fixed site path (`'feed.xml' | rel`): the page's view
    holds its `links` (every other link is in the view already)."""
    links: Links = ctx["links"]
    return links(to_path, fragment)


def theme_loader(theme: Theme) -> BaseLoader:
    """Templates by name from the project's folder, else the default theme's; `default/NAME` always
    the default theme's (so an override can extend the template it replaces)."""
    default = FileSystemLoader(str(theme.default))
    prefixed = PrefixLoader({DEFAULT_PREFIX.rstrip("/"): default}, delimiter="/")
    return ChoiceLoader([prefixed, *(FileSystemLoader(str(folder)) for folder in theme.folders)])


def make_env(theme: Theme, bytecode_dir: Path | None = None) -> Environment:
    """The Jinja environment: the theme's loader, autoescaping, strict undefined, the `rel`, `date`,
    `safe_url` and `excerpt` filters.

    With `bytecode_dir`, compiled templates are kept there (Jinja checks each against its source;
    the folder must be specific to this environment's settings and Jinja version: see `bytecode_folder`).
    """
    env = Environment(
        loader=theme_loader(theme),
        bytecode_cache=FileSystemBytecodeCache(str(bytecode_dir)) if bytecode_dir else None,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(rel=_rel, date=format_date, safe_url=safe_url, excerpt=excerpt)
    return env


def bytecode_folder(root: Path, salt: str) -> Path | None:
    """`root/<salt>` for compiled templates, created, other salts' folders removed (None on failure).

    The salt covers the templates, config, rendering code (the environment's settings) and the
    Jinja version, so compiled code is never used by an environment it was not compiled for.
    """
    folder = Path(root) / salt[:24]
    try:
        if Path(root).is_dir():
            for old in Path(root).iterdir():
                if old != folder and old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
