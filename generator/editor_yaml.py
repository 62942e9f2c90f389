"""Strict, bounded YAML for the files an editor writes (site.yaml, overrides.yaml, actors.yaml,
storylines.yaml, Markdown front matter).

Every failure is a `BuildError` naming the file and line: invalid YAML, a key written twice in
one mapping, nesting deeper than `MAX_DEPTH` or aliases that expand past `MAX_NODES` values
(checked on the node graph, before any Python object is built), a tag that builds no text,
number, list or mapping (`!!binary`, `!!set`, `!!python/...`). Mapping keys are the text written
(`1:` and `"1":` are one key written twice; `010:` is "010", not 8), dates stay text, so an
impossible date is the caller's error, not a crash. Mappings and lists come back as `Mapping` and
`Sequence` (knowing the line of each key or item, and the text as written of each value YAML read
as a number or boolean: `as_text`) so later checks can name the line and read text as written.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildError

MAX_DEPTH = 50  # nesting levels, counted through aliases too; editor files need a handful
MAX_NODES = 100_000  # values once aliases are expanded (a "billion laughs" file has 10^9)


class Mapping(dict):
    """A YAML mapping: a dict plus the file line of each key (`lines`) and of the mapping (`line`),
    and the text as written of each value YAML read as a number or boolean (`texts`)."""

    def __init__(self, *args: Any, line: int | None = None, lines: dict[Any, int] | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: dict[Any, int] = lines or {}
        self.texts: dict[Any, str] = {}

    def line_of(self, key: Any) -> int | None:
        """The file line of `key`, else of the mapping."""
        return self.lines.get(key, self.line)


class Sequence(list):
    """A YAML sequence: a list plus the file line of each item (`lines`) and of the sequence
    (`line`), and the text as written of each item YAML read as a number or boolean (`texts`)."""

    def __init__(self, *args: Any, line: int | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: dict[int, int] = {}
        self.texts: dict[int, str] = {}

    def line_of(self, index: int | None) -> int | None:
        """The file line of item `index`, else of the sequence."""
        return self.lines.get(index, self.line) if index is not None else self.line


def as_text(container: Any, key: Any, value: Any) -> Any:
    """`value` (`container[key]`) as the editor wrote it when YAML read it as a number or
    boolean (`010`, `1_000`, `12:30`, `yes`: text, not 8, 1000, 750, True); else `value`."""
    if isinstance(value, bool | int | float):
        return getattr(container, "texts", {}).get(key, value)
    return value


class _Problem(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


_YAML = "tag:yaml.org,2002:"
# Tags that build text, numbers, booleans, null, lists and mappings; any other (`!!binary`, `!!set`,
# `!!omap`, `!!pairs`, `!!python/...`, a local `!tag`) would build a value no editor field holds.
KNOWN_TAGS = frozenset(
    _YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value", "seq", "map", "merge")
)


class _Loader(yaml.SafeLoader):
    """SafeLoader with a nesting bound while composing, mapping keys as the text written (`1` and
    `"1"` are one key, `yes` is "yes"), duplicate keys refused, dates as text."""

    first_line = 1
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Problem(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def construct_mapping(self, node: Any, deep: bool = False) -> Mapping:
        """The mapping `node` with text keys; a key written twice (as text: `1` and `"1"`) is refused."""
        if not isinstance(node, yaml.MappingNode):
            raise _Problem("expected a mapping", node.start_mark)
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _YAML + "merge":
                continue
            key = _key(key_node)
            if key in seen:
                raise _Problem(f"duplicate key '{key}' (first on line {seen[key]})", key_node.start_mark)
            seen[key] = self._line(key_node)
        self.flatten_mapping(node)  # merged keys first: a key written here wins over a merged one
        result = Mapping(line=self._line(node))
        for key_node, value_node in node.value:
            key = _key(key_node)
            value = self.construct_object(value_node, deep=deep)
            result[key] = value
            result.lines[key] = seen.get(key, self._line(key_node))
            result.texts.pop(key, None)
            if isinstance(value_node, yaml.ScalarNode) and isinstance(value, bool | int | float):
                result.texts[key] = value_node.value
        return result


def _key(node: yaml.Node) -> str:
    """A mapping key as the text written (a scalar's source text, whatever YAML would read it as)."""
    if not isinstance(node, yaml.ScalarNode):
        raise _Problem("a mapping key must be a plain value", node.start_mark)
    return node.value


def _construct_map(loader: _Loader, node: Any) -> Any:
    result = Mapping(line=loader._line(node))
    yield result
    built = loader.construct_mapping(node)
    result.update(built)
    result.lines, result.texts = built.lines, built.texts


def _construct_seq(loader: _Loader, node: Any) -> Any:
    result = Sequence(line=loader._line(node))
    yield result
    for index, item in enumerate(node.value):
        value = loader.construct_object(item)
        result.append(value)
        result.lines[index] = loader._line(item)
        if isinstance(item, yaml.ScalarNode) and isinstance(value, bool | int | float):
            result.texts[index] = item.value


_Loader.add_constructor(_YAML + "map", _construct_map)
_Loader.add_constructor(_YAML + "seq", _construct_seq)
_Loader.add_constructor(_YAML + "timestamp", lambda loader, node: loader.construct_scalar(node))
_Loader.add_constructor(_YAML + "value", lambda loader, node: loader.construct_scalar(node))  # `=`


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


def _check_tags(root: yaml.Node) -> None:
    """Refuse a tag that builds no text, number, boolean, list or mapping (`!!binary` makes bytes,
    `!!set` a set): named with the key it sits under (`title`, `harbour.articles[0]`)."""
    done: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, where = stack.pop()
        if id(node) in done:
            continue
        done.add(id(node))
        if node.tag not in KNOWN_TAGS:
            under = f" under key '{where}'" if where else ""
            raise _Problem(
                f"tag {_tag_name(node.tag)}{under} builds no text, number, list or mapping; remove the tag",
                node.start_mark,
            )
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):  # popped in file order
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                stack.append((value_node, f"{where}.{key}" if where else key))
                stack.append((key_node, where))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{where}[{i}]") for i, item in reversed(list(enumerate(node.value))))


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a node graph whose aliases expand past `MAX_NODES` values or `MAX_DEPTH` levels,
    or refer to themselves (each node is measured once, so this is linear in the file)."""
    measured: dict[int, tuple[int, int]] = {}  # node -> (values, levels) once expanded
    open_nodes: set[int] = set()

    def measure(node: yaml.Node, depth: int) -> tuple[int, int]:
        key = id(node)
        if key in open_nodes:
            raise _Problem("an alias refers to the value that contains it", node.start_mark)
        found = measured.get(key)
        if found is None:
            size, height = 1, 1
            if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
                open_nodes.add(key)
                pairs = node.value if isinstance(node, yaml.MappingNode) else [(n,) for n in node.value]
                for child in (n for pair in pairs for n in pair):
                    child_size, child_height = measure(child, depth + 1)
                    size, height = size + child_size, max(height, child_height + 1)
                    if size > MAX_NODES:
                        raise _Problem(f"aliases expand to more than {MAX_NODES} values", node.start_mark)
                open_nodes.discard(key)
            found = measured[key] = (size, height)
        if depth + found[1] - 1 > MAX_DEPTH:
            raise _Problem(f"aliases nest values more than {MAX_DEPTH} levels deep", node.start_mark)
        return found

    measure(root, 1)


def parse(path: str | Path, text: str, first_line: int = 1) -> Any:
    """The YAML document in `text` (None when empty); `first_line` is the file line of its first line."""
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        _check_tags(node)
        return loader.construct_document(node)
    except _Problem as exc:
        raise BuildError(str(path), f"invalid YAML: {exc.message}", exc.mark.line + first_line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BuildError(
            str(path), f"invalid YAML: {problem}", mark.line + first_line if mark else None
        ) from None
    finally:
        loader.dispose()


MAX_EDITOR_BYTES = 10_000_000  # an editor's YAML or Markdown file is far smaller


def read_text(path: Path) -> str:
    """An editor file's text (UTF-8, a leading BOM dropped); unreadable, non-UTF-8, not a regular
    file (a FIFO or device would block or never end) or larger than `MAX_EDITOR_BYTES` is a BuildError."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise BuildError(str(path), "not a regular file (a folder, FIFO or device); give a file")
        if info.st_size > MAX_EDITOR_BYTES:
            raise BuildError(str(path), f"larger than {MAX_EDITOR_BYTES // 1_000_000} MB; not an editor file")
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError(str(path), f"not valid UTF-8 (byte {exc.start})", line) from None


def load(path: Path) -> Any:
    """Read and parse an editor's YAML file."""
    return parse(path, read_text(path))


def expect_mapping(path: str | Path, data: Any, what: str) -> Mapping:
    """`data` as a Mapping (an empty document is an empty one), else a BuildError: `what` says
    what the file must hold."""
    if data is None:
        return Mapping(line=1)
    if not isinstance(data, Mapping):
        raise BuildError(str(path), f"expected {what}", 1)
    return data
