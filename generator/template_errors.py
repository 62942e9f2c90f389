"""Template problems as one `BuildError` naming the template file and line: a missing template, a
syntax error, a non-UTF-8 file, templates extending each other in a loop, an undefined variable or
attribute, a failing expression, includes without end."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    Environment,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)

from .errors import BuildError
from .theme import DEFAULT_PREFIX, Theme

TEMPLATE_SUFFIXES = (".html", ".xml")
# What a template expression can raise besides Jinja's own errors (`{{ 1 + "a" }}`, `{{ x[9] }}`).
_EXPRESSION_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError)


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template (file, line) in a traceback Jinja rewrote (its template frames hold
    `__jinja_exception__`)."""
    found = None
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_error(exc: BaseException, theme: Theme, name: str | None = None) -> BuildError | None:
    """`exc` as a BuildError naming the template file (the project's override or the default
    theme's) and line, or None when no template caused it (`name`: the template being loaded or
    rendered)."""
    frame = _template_frame(exc.__traceback__)
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or str(theme.file(exc.name or name or "?"))
        return BuildError(where, f"template syntax error: {exc.message}", exc.lineno)
    if isinstance(exc, TemplateNotFound):
        missing = exc.name if isinstance(exc.name, str) else str(exc)
        if frame is not None:
            return BuildError(frame[0], f"template '{missing}' not found in {theme.described()}", frame[1])
        return BuildError(str(theme.file(missing)), f"template not found in {theme.described()}")
    if isinstance(exc, UnicodeDecodeError):
        where, line = frame or (str(theme.file(name or "?")), None)
        return BuildError(where, "a template this one loads is not valid UTF-8", line)
    if frame is None:
        return None
    if isinstance(exc, RecursionError):
        return BuildError(frame[0], "templates include or extend each other without end", frame[1])
    if isinstance(exc, UndefinedError):
        return BuildError(frame[0], f"undefined in template: {exc.message}", frame[1])
    if isinstance(exc, (TemplateError, *_EXPRESSION_ERRORS)):
        return BuildError(frame[0], f"template error: {type(exc).__name__}: {exc}", frame[1])
    return None


def check_templates(env: Environment, theme: Theme, names: Iterable[str]) -> None:
    """Every template file of the theme's folders readable as UTF-8 and compiling, and each of
    `names` present: else a BuildError naming the file (and line), before any page is rendered."""
    for folder in theme.folders:
        for path in sorted(folder.rglob("*")):
            _check_utf8(path, path.relative_to(folder))
    for name in names:
        load_template(env, theme, name)
    found = [
        name
        for name in env.list_templates(extensions=[s.lstrip(".") for s in TEMPLATE_SUFFIXES])
        if not name.removeprefix(DEFAULT_PREFIX).startswith("static/")
    ]
    for name in found:
        load_template(env, theme, name)
    check_extends(env, theme, found)


def _check_utf8(path: Path, rel: Path) -> None:
    """A template file (not under static/) that is no UTF-8 is a BuildError naming its line."""
    if path.suffix not in TEMPLATE_SUFFIXES or rel.parts[0] == "static" or not path.is_file():
        return
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError(str(path), f"template is not valid UTF-8 (byte {exc.start})", line) from None


def _parent(env: Environment, name: str) -> tuple[str, int] | None:
    """The template `name` extends and the line saying so, when it names one as plain text."""
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    for node in env.parse(source, name).find_all(nodes.Extends):
        if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
            return node.template.value, node.lineno
    return None


def check_extends(env: Environment, theme: Theme, names: Iterable[str]) -> None:
    """No template extends itself through others (`base.html` extending `article.html`, which
    extends `base.html`): rendering would recurse without end. Else a BuildError naming the
    template and the `extends` line that closes the loop."""
    parents: dict[str, tuple[str, int] | None] = {}
    for start in sorted(names):
        chain: list[str] = []
        name: str | None = start
        while name is not None and name not in chain:
            chain.append(name)
            if name not in parents:
                try:
                    parents[name] = _parent(env, name)
                except TemplateNotFound:
                    parents[name] = None  # named in the error of whichever template loads it
            parent = parents[name]
            name = parent[0] if parent else None
        if name is not None:
            loop = chain[chain.index(name) :]
            closing = loop[-1]
            shown = " -> ".join([*loop, name])
            raise BuildError(
                str(theme.file(closing)),
                f"templates extend each other in a loop: {shown}",
                parents[closing][1],
            )


def load_template(env: Environment, theme: Theme, name: str) -> Template:
    """`env.get_template(name)`, its problems as a BuildError."""
    try:
        return env.get_template(name)
    except (TemplateError, UnicodeDecodeError) as exc:
        error = template_error(exc, theme, name)
        if error is None:
            raise
        raise error from None


def render_template(template: Template, context: dict[str, Any], theme: Theme) -> str:
    """`template.render(context)`, a failure inside the template as a BuildError naming its line."""
    try:
        return template.render(context)
    except (TemplateError, UnicodeDecodeError, RecursionError, *_EXPRESSION_ERRORS) as exc:
        error = template_error(exc, theme, template.name)
        if error is None:
            raise
        raise error from None
