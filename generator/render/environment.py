"""The Jinja environment the page templates run in: the theme's loader (the project's templates over
the default theme), autoescaping, strict undefined, the `rel` filter for links to fixed site paths,
date and URL filters, and the folder of compiled templates."""

from __future__ import annotations

import contextlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context, Macro
from jinja2.utils import missing
from markupsafe import Markup

from ..theme import DEFAULT_PREFIX, Theme
from ..urls import safe_url

try:  # markupsafe >= 3: the C function its `escape` wraps
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - older markupsafe: templates keep its `escape`
    _escape_inner = None
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
    found = ctx.vars  # what the template set, over the view's fields (`ctx["links"]`, in one lookup)
    links: Links = found["links"] if "links" in found else ctx.parent["links"]
    return links(to_path, fragment)


def output_text(value: object) -> str:
    """What `{{ value }}` writes under autoescaping, as markupsafe's `escape` gives it, but without
    wrapping it in a new `Markup` (a plain `str`, or what the value's `__html__` gives): the text
    is only joined into the page (making a `Markup` per output was a fifth of the template work)."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_inner(str(value))


class PageTemplate(Template):
    """A template whose `{{ ... }}` output is escaped by `output_text`: the compiled code calls the
    `escape` of its module's namespace only for output (Jinja's `_output_child_pre`)."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):  # type: ignore[no-untyped-def]
        if _escape_inner is not None:
            namespace["escape"] = output_text
        return super()._from_namespace(environment, namespace, globals)


_BUILTIN = type(len)  # a builtin function or a builtin's bound method (`day.isoformat`)


class PageContext(Context):
    """A template context whose calls of macros and of builtin methods take a short way (most of
    a template's calls: `when(day)`, `day.isoformat()`), with Jinja's results: a macro's output as
    `Markup` under autoescaping, arguments it is not given as Jinja's `missing` (its defaults), a
    StopIteration as undefined. Any other call, or a macro taking a caller, `varargs` or `kwargs`,
    or given arguments it has not, goes through `Context.call`."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is Macro:
            if __obj.caller or __obj.catch_kwargs or __obj.catch_varargs or len(args) > __obj._argument_count:
                return super().call(__obj, *args, **kwargs)
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            rest = __obj.arguments[len(args) :]
            if kwargs:
                if not kwargs.keys() <= set(rest):
                    return super().call(__obj, *args, **kwargs)  # Jinja's error
                args = (*args, *(kwargs.get(name, missing) for name in rest))
            elif rest:
                args = (*args, *(missing for _ in rest))
            try:
                made = __obj._func(*args)
            except StopIteration:
                return super().call(_stop, *args)
            return Markup(made) if __self.eval_ctx.autoescape else made
        if kind is _BUILTIN:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return super().call(_stop)
        return super().call(__obj, *args, **kwargs)


def _stop(*args: Any) -> None:
    """Raises StopIteration: `Context.call` makes it the undefined value it stands for."""
    raise StopIteration


def theme_loader(theme: Theme) -> BaseLoader:
    """Templates by name from the project's folder, else the default theme's; `default/NAME` always
    the default theme's (so an override can extend the template it replaces)."""
    default = FileSystemLoader(str(theme.default))
    prefixed = PrefixLoader({DEFAULT_PREFIX.rstrip("/"): default}, delimiter="/")
    return ChoiceLoader([prefixed, *(FileSystemLoader(str(folder)) for folder in theme.folders)])


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's folder of compiled templates, where one that cannot be stored (the folder removed by
    another build on the same cache, which keeps only its own salt's: see `bytecode_folder`) is
    compiled again next time rather than failing the render."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def make_env(theme: Theme, bytecode_dir: Path | None = None) -> Environment:
    """The Jinja environment: the theme's loader, autoescaping, strict undefined, the `rel`, `date`,
    `safe_url` and `excerpt` filters.

    With `bytecode_dir`, compiled templates are kept there (Jinja checks each against its source;
    the folder must be specific to this environment's settings and Jinja version: see `bytecode_folder`).
    """
    env = Environment(
        loader=theme_loader(theme),
        bytecode_cache=CompiledTemplates(str(bytecode_dir)) if bytecode_dir else None,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a render: no stat of the file per use
    )
    env.template_class = PageTemplate
    env.context_class = PageContext
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
