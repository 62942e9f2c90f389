"""Fingerprints of code: the key of a cached result covers exactly the modules that compute it.

A module's fingerprint is a digest of its own file, of every module of this package it imports
(found by reading the import statements, at any depth, inside functions too) and of the
package's data files. Nothing is listed by
hand, so an edit anywhere in that code misses the cache, and an edit elsewhere (a template
filter, a setting nobody there reads) keeps it. The libraries that code imports are found the same
way (`library_versions`), for a key that must also change when one is upgraded.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
NAME = PACKAGE.name  # "generator"


def module_file(module: str, root: Path = PACKAGE) -> Path | None:
    """The file of `module` ("generator.resolve.names") under `root`, or None if it is none of ours."""
    parts = module.split(".")
    if parts[0] != NAME:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(module: str, file: Path) -> str:
    return module if file.name == "__init__.py" else module.rpartition(".")[0]


def _import_names(module: str, root: Path) -> frozenset[str]:
    """Every name `module`'s file imports (relative imports made absolute; `from a import b` gives
    both "a" and "a.b"), at any depth in the file."""
    file = module_file(module, root)
    if file is None:
        return frozenset()
    return _names_in(file.read_bytes(), str(file), _package_of(module, file))


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")  # the fields holding statements


def _imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements of a module, at any depth: found through the statement lists alone
    (an import is a statement, and no expression holds one), a tenth of `ast.walk`'s nodes."""
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        for field in _BLOCKS:
            children = getattr(node, field, None)
            if type(children) is list:
                todo.extend(children)


@lru_cache(maxsize=1024)
def _names_in(source: bytes, filename: str, package: str) -> frozenset[str]:
    """`_import_names` of a file's `source`: parsed once per content (parsing is the slow part)."""
    found: set[str] = set()
    for node in _imports(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source_name = ".".join(base + ([node.module] if node.module else []))
            else:
                source_name = node.module or ""
            found.add(source_name)
            found.update(f"{source_name}.{alias.name}" for alias in node.names)  # `from . import names`
    return frozenset(found)


def imported(module: str, root: Path = PACKAGE) -> list[str]:
    """The modules of this package that `module`'s file imports by name. The `__init__` of a
    package on the way is left out unless imported itself: it only gathers a stage's entry points."""
    found = _import_names(module, root)
    return sorted({name for name in found if module_file(name, root) is not None} - {module})


def closure(*modules: str, root: Path = PACKAGE) -> list[str]:
    """`modules` and every module of this package they import, at any depth, sorted."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module in seen or module_file(module, root) is None:
            continue
        seen.add(module)
        todo.extend(imported(module, root))
    return sorted(seen)


def _digest(modules: tuple[str, ...], root: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for module in closure(*modules, root=root):
        file = module_file(module, root)
        assert file is not None
        digest.update(f"\0{module}\0".encode())
        digest.update(file.read_bytes())
    data = root / "data"
    for file in sorted(p for p in data.rglob("*") if p.is_file()) if data.is_dir() else ():
        digest.update(f"\0{file.relative_to(root)}\0".encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=64)
def code_digest(*modules: str) -> str:
    """The fingerprint (hex) of the code of `modules` (see the module docstring), read once per
    process."""
    return _digest(modules, PACKAGE)


def code_digest_at(root: Path, *modules: str) -> str:
    """`code_digest` of a copy of the package at `root` (not remembered), for tests and tools."""
    return _digest(modules, Path(root))


def external(*modules: str, root: Path = PACKAGE) -> list[str]:
    """The top-level names outside this package and the standard library that `modules` and the
    modules of this package they import (`closure`) import: "jinja2", "slugify", ..."""
    found: set[str] = set()
    for module in closure(*modules, root=root):
        found.update(name.partition(".")[0] for name in _import_names(module, root))
    return sorted(name for name in found if name and name != NAME and name not in sys.stdlib_module_names)


@lru_cache(maxsize=1)
def _providers() -> dict[str, tuple[metadata.Distribution, ...]]:
    """Top-level importable name -> the installed distributions providing it: from each one's
    `top_level.txt`, else the first folder of each file its RECORD lists. (A few times faster than
    `metadata.packages_distributions`, which parses every RECORD into paths.)"""
    found: dict[str, list[metadata.Distribution]] = defaultdict(list)
    for dist in metadata.distributions():
        declared = dist.read_text("top_level.txt")
        if declared:
            tops = set(declared.split())
        else:
            lines = (dist.read_text("RECORD") or "").splitlines()
            tops = {line.split(",", 1)[0].split("/", 1)[0].removesuffix(".py") for line in lines}
        for top in tops:
            found[top].append(dist)
    return {top: tuple(dists) for top, dists in found.items()}


_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _required(dist: metadata.Distribution) -> list[str]:
    """The names of the distributions `dist` requires, leaving out those of its optional extras."""
    names = []
    for requirement in dist.requires or ():
        spec, _, marker = requirement.partition(";")
        found = _REQUIREMENT.match(spec)
        if found is not None and "extra" not in marker:
            names.append(found.group(1))
    return names


def library_versions(*modules: str, root: Path = PACKAGE) -> list[str]:
    """The "name=version" of each installed distribution whose package the code of `modules` imports
    (`external`), and of every distribution those require, at any depth; sorted. A name nothing
    installed provides (an optional import) is left out."""
    todo = [dist for name in external(*modules, root=root) for dist in _providers().get(name, ())]
    seen: dict[str, str] = {}
    while todo:
        dist = todo.pop()
        name = dist.metadata["Name"]
        if name is None or name.lower() in seen:
            continue
        seen[name.lower()] = f"{name}={dist.version}"
        for required in _required(dist):
            try:
                todo.append(metadata.distribution(required))
            except metadata.PackageNotFoundError:
                continue
    return sorted(seen.values(), key=str.lower)
