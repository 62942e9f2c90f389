"""Template problems as one `BuildError` naming the template file and line: a missing template, a
syntax error, a non-UTF-8 file, an undefined variable or attribute, a failing expression."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from .errors import BuildError

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


def template_error(exc: BaseException, templates_dir: Path, name: str | None = None) -> BuildError | None:
    """`exc` as a BuildError naming the template and line, or None when no template caused it
    (`name`: the template being loaded or rendered)."""
    frame = _template_frame(exc.__traceback__)
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or str(templates_dir / (exc.name or name or "?"))
        return BuildError(where, f"template syntax error: {exc.message}", exc.lineno)
    if isinstance(exc, TemplateNotFound):
        missing = exc.name if isinstance(exc.name, str) else str(exc)
        if frame is not None:
            return BuildError(frame[0], f"template '{missing}' not found in {templates_dir}", frame[1])
        return BuildError(str(templates_dir / missing), "template not found")
    if isinstance(exc, UnicodeDecodeError):
        where, line = frame or (str(templates_dir / (name or "?")), None)
        return BuildError(where, "a template this one loads is not valid UTF-8", line)
    if frame is None:
        return None
    if isinstance(exc, UndefinedError):
        return BuildError(frame[0], f"undefined in template: {exc.message}", frame[1])
    if isinstance(exc, (TemplateError, *_EXPRESSION_ERRORS)):
        return BuildError(frame[0], f"template error: {type(exc).__name__}: {exc}", frame[1])
    return None


def check_templates(env: Environment, templates_dir: Path, names: Iterable[str]) -> None:
    """Every template file readable as UTF-8 and compiling, and each of `names` present: else a
    BuildError naming the file (and line), before any page is rendered."""
    for path in sorted(templates_dir.rglob("*")):
        rel = path.relative_to(templates_dir)
        if path.suffix not in TEMPLATE_SUFFIXES or rel.parts[0] == "static" or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise BuildError(str(path), f"template is not valid UTF-8 (byte {exc.start})", line) from None
    for name in names:
        load_template(env, templates_dir, name)
    for name in env.list_templates(extensions=[s.lstrip(".") for s in TEMPLATE_SUFFIXES]):
        if not name.startswith("static/"):
            load_template(env, templates_dir, name)


def load_template(env: Environment, templates_dir: Path, name: str) -> Template:
    """`env.get_template(name)`, its problems as a BuildError."""
    try:
        return env.get_template(name)
    except (TemplateError, UnicodeDecodeError) as exc:
        error = template_error(exc, templates_dir, name)
        if error is None:
            raise
        raise error from None


def render_template(template: Template, context: dict[str, Any], templates_dir: Path) -> str:
    """`template.render(context)`, a failure inside the template as a BuildError naming its line."""
    try:
        return template.render(context)
    except (TemplateError, UnicodeDecodeError, *_EXPRESSION_ERRORS) as exc:
        error = template_error(exc, templates_dir, template.name)
        if error is None:
            raise
        raise error from None
