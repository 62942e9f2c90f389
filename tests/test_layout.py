"""The pipeline in the folders: a stage imports only from earlier stages, the shared modules and the
incremental package; no import cycles between stages (issue 13)."""

from __future__ import annotations

from generator.incremental.fingerprint import PACKAGE, imported

STAGES = ("read", "extract", "resolve", "group", "render", "write")
SHARED = {"model", "config", "schema", "errors", "ids", "urls", "editor_yaml", "atomic", "template_errors"}


def _modules() -> list[str]:
    found = []
    for file in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in file.parts or "project" in file.relative_to(PACKAGE).parts[:1]:
            continue
        parts = list(file.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(["generator", *parts]))
    return found


def _place(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_stage_imports_a_later_stage_and_shared_modules_import_no_stage() -> None:
    wrong = []
    for module in _modules():
        own = _place(module)
        for other in imported(module):
            target = _place(other)
            if own in STAGES and target in STAGES and STAGES.index(target) > STAGES.index(own):
                wrong.append(f"{module} -> {other}")
            if own in SHARED and (target in STAGES or target == "incremental"):
                wrong.append(f"{module} -> {other}")
            if own == "incremental" and target in STAGES:
                wrong.append(f"{module} -> {other}")
    assert wrong == []


def test_every_stage_is_a_package_with_an_entry() -> None:
    for stage in (*STAGES, "incremental"):
        assert (PACKAGE / stage / "__init__.py").is_file()


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of `graph` with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                other = stack.pop()
                part.append(other)
                if other == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_modules_or_packages() -> None:
    """Imports run one way: between modules (inside functions too) and between the top-level
    packages and modules of `generator`. A module's own package (`from . import names` runs its
    `__init__`, which only gathers the entry points) is no edge."""
    modules = {
        module: {other for other in imported(module) if not module.startswith(other + ".")}
        for module in _modules()
    }
    assert _cycles(modules) == []

    def top(module: str) -> str:
        return ".".join(module.split(".")[:2])

    packages: dict[str, set[str]] = {}
    for module, targets in modules.items():
        packages.setdefault(top(module), set()).update(top(t) for t in targets if top(t) != top(module))
    assert _cycles(packages) == []
