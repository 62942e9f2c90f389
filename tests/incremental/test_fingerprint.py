"""Code fingerprints: each cached result's key covers the modules that compute it, found from
their imports, so an edit there misses the cache and an edit elsewhere keeps it (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.incremental.fingerprint import PACKAGE, closure, code_digest_at, library_versions

EXTRACTION = "generator.extract.annotate"
RESOLUTION = "generator.resolve.actors"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "generator"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_closure_follows_imports_at_any_depth() -> None:
    found = closure(RESOLUTION)
    # actors imports cues, which imports names; names is also imported inside functions elsewhere
    assert {"generator.resolve.cues", "generator.resolve.names", "generator.model"} <= set(found)
    assert not any(m.startswith(("generator.render", "generator.group", "generator.write")) for m in found)


def test_extraction_caches_only_spacy_output() -> None:
    """What the extraction cache stores depends on no rule of a later stage: editing a resolve rule
    never leaves a stale extraction behind, and never throws the extraction cache away."""
    assert closure(EXTRACTION) == [EXTRACTION, "generator.model"]


def test_a_rule_edit_changes_exactly_the_fingerprints_that_read_it(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = {m: code_digest_at(root, m) for m in (EXTRACTION, RESOLUTION, "generator.group.storylines")}
    _edit(root / "resolve" / "names.py", '"minister', '"ministerx')
    after = {m: code_digest_at(root, m) for m in before}
    assert after[RESOLUTION] != before[RESOLUTION]
    assert after[EXTRACTION] == before[EXTRACTION]
    assert after["generator.group.storylines"] == before["generator.group.storylines"]


def test_a_package_data_file_is_part_of_every_fingerprint(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = code_digest_at(root, RESOLUTION)
    data = next(p for p in sorted((root / "data").iterdir()) if p.suffix == ".txt")
    data.write_text(data.read_text(encoding="utf-8") + "\nXYZ\n", encoding="utf-8")
    assert code_digest_at(root, RESOLUTION) != before


def test_the_libraries_of_a_module_are_found_from_its_imports(tmp_path: Path) -> None:
    """A library imported inside a function of a module the code imports counts, with what it requires."""
    root = _copy(tmp_path)
    assert library_versions("generator.urls", root=root) == []
    _edit(
        root / "ids.py",
        "from __future__ import annotations\n",
        "from __future__ import annotations\n\n\n"
        "def _slug():\n    from slugify import slugify\n\n    return slugify\n",
    )
    names = {entry.partition("=")[0].lower() for entry in library_versions("generator.urls", root=root)}
    assert {"python-slugify", "text-unidecode"} <= names  # text-unidecode: python-slugify's requirement
    assert "jinja2" not in names  # nothing these modules import
