"""The golden snapshot of the bundled example site (seeds/ and content/) in tests/golden/seeds/.

`make golden` (`.venv/bin/python -m tests.golden_site`) builds the example twice (once through a
fresh cache, once with `--no-cache` under another hash seed), refuses if the two builds differ, and
rewrites the snapshot; tests/test_golden.py compares every build of the suite with it. Every page,
feed and data/*.json export is kept; static/ is not (it is a verbatim copy of templates/static/,
which the test checks instead), nor Pagefind's bundle `pagefind/` (binary, Pagefind's own format;
tests/test_search.py checks it is byte-stable), nor the empty `.briefing-site/` marker.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "seeds"
NOT_SNAPSHOT = ("static/", "pagefind/")  # copied from templates/static/; Pagefind's own bundle
SHOWN_DIFFS = 3  # unified diffs shown in a failure message; the other files are only named


def build_example(output: Path, *extra: str, hash_seed: str | None = None) -> str:
    """`briefing build --output OUTPUT` on the bundled example, in a fresh interpreter (real spaCy),
    under `hash_seed` if given; returns what it printed."""
    seed = {"PYTHONHASHSEED": hash_seed} if hash_seed is not None else {}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--output", str(output), *extra],
        cwd=ROOT,
        env={**os.environ, **seed},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"briefing build failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def snapshot(site: Path) -> dict[str, bytes]:
    """The files of `site` the golden snapshot keeps (relative POSIX path -> bytes)."""
    return {
        rel: path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not (rel := path.relative_to(site).as_posix()).startswith(NOT_SNAPSHOT)
    }


def differences(site: Path, golden: Path = GOLDEN) -> str:
    """'' when `site` matches the snapshot in `golden`; else the missing and extra files and a
    unified diff of the first differing ones."""
    built, kept = snapshot(site), snapshot(golden)
    lines = [f"missing from the build: {p}" for p in sorted(kept.keys() - built.keys())]
    lines += [f"not in the snapshot: {p}" for p in sorted(built.keys() - kept.keys())]
    changed = [p for p in sorted(built.keys() & kept.keys()) if built[p] != kept[p]]
    for path in changed[:SHOWN_DIFFS]:
        lines += difflib.unified_diff(
            kept[path].decode("utf-8", "replace").splitlines(),
            built[path].decode("utf-8", "replace").splitlines(),
            f"golden/{path}",
            f"built/{path}",
            lineterm="",
        )
    lines += [f"also differs: {p}" for p in changed[SHOWN_DIFFS:]]
    if lines:
        lines.append("(if the change is intended: `make golden` rewrites tests/golden/seeds/)")
    return "\n".join(lines)


def update() -> int:
    """Build the example twice, check the builds agree, and rewrite the snapshot."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        build_example(tmp / "first", "--cache-dir", str(tmp / "cache"), hash_seed="1")
        build_example(tmp / "second", "--no-cache", hash_seed="2")
        if snapshot(tmp / "first") != snapshot(tmp / "second"):
            print("golden: two builds of the example differ; snapshot not written:", file=sys.stderr)
            print(differences(tmp / "second", tmp / "first"), file=sys.stderr)
            return 1
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in snapshot(tmp / "first").items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    print(f"golden: wrote {len(snapshot(GOLDEN))} files to {GOLDEN.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(update())
