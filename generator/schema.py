"""Settings that validate themselves: each dataclass field declares its range (`setting`), one
function checks them all (`check_fields`, from `__post_init__`), and `from_mapping` builds a
dataclass from an editor's YAML mapping: unknown or missing keys, wrong types and values out of
range are a `BuildError` naming the file, the key and its line (as MkDocs config options do).

Shapes: a lone string where a list of strings belongs is a one-item list (`aliases: Kishida`,
`sources: seeds`); a list or mapping where a single value belongs is an error.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass
from pathlib import Path
from typing import Any

from .errors import BuildError


@dataclass(frozen=True)
class Check:
    """What a field's value must satisfy; `convert` may also normalise it (or raise ValueError)."""

    minimum: float | None = None  # value >= minimum
    above: float | None = None  # value > above
    maximum: float | None = None  # value <= maximum
    nonempty: bool = False
    choices: tuple[Any, ...] | None = None
    convert: Callable[[Any], Any] | None = None

    def problem(self, value: Any) -> str | None:
        """Why `value` is refused, or None."""
        if value is None:
            return None
        if self.choices is not None and value not in self.choices:
            return "must be one of " + ", ".join(map(str, self.choices))
        if self.nonempty and not (value.strip() if isinstance(value, str) else value):
            return "must not be empty"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {self.minimum}"
        if self.above is not None and value <= self.above:
            return f"must be more than {self.above}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {self.maximum}"
        return None


def setting(
    default: Any = MISSING, *, default_factory: Any = MISSING, repr: bool = True, **check: Any
) -> Any:
    """A dataclass field with its `Check` (minimum, above, maximum, nonempty, choices, convert);
    `repr=False` keeps it out of the repr that build fingerprints hash (a setting that cannot
    change the site, such as where spaCy runs)."""
    return dataclasses.field(
        default=default, default_factory=default_factory, repr=repr, metadata={"check": Check(**check)}
    )


class SettingError(ValueError):
    """A field's value is out of range: `key` and `problem` ("must be at least 1")."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"'{key}' {problem}")
        self.key, self.problem = key, problem


def check_fields(obj: Any) -> None:
    """Check every field of a (frozen) dataclass against its `Check`, and floats for being finite;
    a `convert` replaces the value. Raises SettingError naming the first bad field."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, float) and not math.isfinite(value):
            raise SettingError(f.name, "must be a finite number")
        check: Check | None = f.metadata.get("check")
        if check is None:
            continue
        problem = check.problem(value)
        if problem is None and check.convert is not None and value is not None:
            try:
                object.__setattr__(obj, f.name, check.convert(value))
            except ValueError as exc:
                problem = str(exc)
        if problem:
            raise SettingError(f.name, problem)


_KIND_NAMES = {str: "str", int: "int", float: "float", bool: "bool", list: "list", dict: "mapping"}


def _name(value: Any) -> str:
    if value is None:
        return "null"
    return next((name for kind, name in _KIND_NAMES.items() if type(value) is kind), None) or (
        "mapping" if isinstance(value, dict) else "list" if isinstance(value, list) else type(value).__name__
    )


def _line(data: Any, key: Any) -> int | None:
    line_of = getattr(data, "line_of", None)
    return line_of(key) if line_of else None


def _written(data: Any, key: Any) -> str | None:
    """The text as written of `data[key]` where YAML read it as a number or boolean (editor_yaml)."""
    return getattr(data, "texts", {}).get(key)


def coerce(
    path: str, key: str, kind: Any, value: Any, line: int | None = None, written: str | None = None
) -> Any:
    """`value` checked against the annotated type `kind` (str, int, float, bool, tuple[X, ...],
    dict[str, X], X | None, a dataclass), nested dataclasses built; `key` names it in errors.
    `written`: the text of a value YAML read as a number or boolean (`010`, `yes`), taken where
    text belongs."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return None if value is None else coerce(path, key, args[0], value, line, written)
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise BuildError(path, f"'{key}' must be a mapping, not {_name(value)}", line)
        return from_mapping(kind, value, path, prefix=f"{key}.")
    origin = typing.get_origin(kind)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        items = [value] if isinstance(value, str) and item is str else value
        if not isinstance(items, list):
            what = "strings" if item is str else "mappings" if dataclasses.is_dataclass(item) else "values"
            raise BuildError(path, f"'{key}' must be a list of {what}, not {_name(value)}", line)
        return tuple(
            coerce(
                path, f"{key}[{i}]", item, v, _line(v, None) or _line(items, i) or line, _written(items, i)
            )
            for i, v in enumerate(items)
        )
    if origin is dict:
        item = typing.get_args(kind)[1]
        if not isinstance(value, dict):
            raise BuildError(path, f"'{key}' must be a mapping, not {_name(value)}", line)
        return {
            str(k): coerce(path, f"{key}.{k}", item, v, _line(value, k) or line, _written(value, k))
            for k, v in value.items()
        }
    if kind is str and isinstance(value, int | float) and written is not None:
        return written  # `title: 1984`, `articles: [010]`: the editor meant text, as written
    if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is Any:
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BuildError(path, f"'{key}' must be {_KIND_NAMES.get(kind, kind)}, not {_name(value)}", line)
    return value


def from_mapping(
    cls: type, data: dict[Any, Any], path: str | Path, prefix: str = "", skip: tuple[str, ...] = ()
) -> Any:
    """A `cls` built from an editor's mapping; `prefix` names where it sits ("grouping.");
    fields in `skip` are not YAML keys."""
    path = str(path)
    hints = typing.get_type_hints(cls)
    fields = {
        f.name: f for f in dataclasses.fields(cls) if f.name not in skip and not f.metadata.get("internal")
    }
    for key in data:
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise BuildError(path, f"unknown key '{prefix}{key}' (known: {known})", _line(data, key))
    for name, f in fields.items():
        if name not in data and f.default is MISSING and f.default_factory is MISSING:
            raise BuildError(path, f"'{prefix}{name}' is required", getattr(data, "line", None))
    values = {
        name: coerce(path, prefix + name, hints[name], v, _line(data, name), _written(data, name))
        for name, v in data.items()
    }
    try:
        return cls(**values)
    except SettingError as exc:
        raise BuildError(path, f"'{prefix}{exc.key}' {exc.problem}", _line(data, exc.key)) from None


def internal(default: Any) -> Any:
    """A field the program sets, not a YAML key (`from_mapping` refuses it as unknown)."""
    return dataclasses.field(default=default, metadata={"internal": True})


def count(default: int, maximum: int | None = None) -> Any:
    """A count of at least 1 (and at most `maximum`, where more would exhaust the machine)."""
    return setting(default, minimum=1, maximum=maximum)


def nonneg(default: float) -> Any:
    """A weight, length of time or boost of at least 0."""
    return setting(default, minimum=0)


def positive(default: float) -> Any:
    """A value more than 0 (a time scale that is divided by)."""
    return setting(default, above=0)


def unit(default: float) -> Any:
    """A similarity, probability, share or mixing weight in [0, 1]."""
    return setting(default, minimum=0, maximum=1)
