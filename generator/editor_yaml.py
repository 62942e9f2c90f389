"""Strict, bounded YAML for the files an editor writes (site.yaml, overrides.yaml, actors.yaml,
storylines.yaml, Markdown front matter).

Every failure is a `BuildError` naming the file and line: invalid YAML, a key written twice in
one mapping, nesting deeper than `MAX_DEPTH` or aliases that expand past `MAX_NODES` values
(checked on the node graph, before any Python object is built). Dates stay text, so an
impossible date is the caller's error, not a crash. Mappings come back as `Mapping` (a dict
that knows the line of each key) so later checks can name the line too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BuildError

MAX_DEPTH = 50  # nesting levels, counted through aliases too; editor files need a handful
MAX_NODES = 100_000  # values once aliases are expanded (a "billion laughs" file has 10^9)


class Mapping(dict):
    """A YAML mapping: a dict plus the file line of each key (`lines`) and of the mapping (`line`)."""

    def __init__(self, *args: Any, line: int | None = None, lines: dict[Any, int] | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: dict[Any, int] = lines or {}

    def line_of(self, key: Any) -> int | None:
        """The file line of `key`, else of the mapping."""
        return self.lines.get(key, self.line)


class _Problem(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with a nesting bound while composing, duplicate keys refused, dates as text."""

    first_line = 1
    _depth = 0

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.last_lines: dict[Any, int] = {}  # key -> file line, of the mapping constructed last

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Problem(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise _Problem("a mapping key must be a plain value", key_node.start_mark) from None
                line = key_node.start_mark.line + self.first_line
                if key in seen:
                    raise _Problem(f"duplicate key '{key}' (first on line {seen[key]})", key_node.start_mark)
                seen[key] = line
        self.last_lines = seen
        return super().construct_mapping(node, deep=deep)


def _construct_map(loader: _Loader, node: Any) -> Any:
    result = Mapping(line=node.start_mark.line + loader.first_line)
    yield result
    result.update(loader.construct_mapping(node))
    result.lines = loader.last_lines


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


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


def read_text(path: Path) -> str:
    """An editor file's text (UTF-8, a leading BOM dropped); unreadable or non-UTF-8 is a BuildError."""
    try:
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
