"""Fingerprints of code: the key of a cached result covers exactly the modules that compute it.

A module's fingerprint is a digest of its own file, of every module of this package it imports
(found by reading the import statements, at any depth, inside functions too) and of the
package's data files. Nothing is listed by
hand, so an edit anywhere in that code misses the cache, and an edit elsewhere (a template
filter, a setting nobody there reads) keeps it.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
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


def imported(module: str, root: Path = PACKAGE) -> list[str]:
    """The modules of this package that `module`'s file imports by name. The `__init__` of a
    package on the way is left out unless imported itself: it only gathers a stage's entry points."""
    file = module_file(module, root)
    if file is None:
        return []
    package = _package_of(module, file)
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_bytes(), str(file))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)  # `from . import names`
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
