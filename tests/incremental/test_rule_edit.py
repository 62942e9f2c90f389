"""A cache never changes a result: after a rule of the resolve stage is edited, the cached build
equals the uncached one (the issue-13 case: `minister` taken out of `names.ROLE_HEADS`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, copy_project, tree


def _build(project: Path, code: Path, output: str, *flags: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    args = [sys.executable, "-m", "generator", "build", "--source", "src", "--output", output, *flags]
    done = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return tree(project / output)


def test_a_resolve_rule_edit_gives_the_cached_build_the_uncached_result(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    code = tmp_path / "code"
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    before = _build(project, code, "site-before")
    names = code / "generator" / "resolve" / "names.py"
    text = names.read_text(encoding="utf-8")
    assert '"minister|' in text
    names.write_text(text.replace('"minister|', '"', 1), encoding="utf-8")
    cached = _build(project, code, "site-cached")
    assert cached == _build(project, code, "site-uncached", "--no-cache")
    assert cached != before  # the rule shapes the site: the cache had something to get wrong
