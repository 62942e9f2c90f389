"""Running Pagefind (the `pagefind[bin]` PyPI package's binary, or one on PATH) on one shard.

A shard's pages are hard-linked from the staged site into a scratch folder inside it, at their
site paths, so the bundle's result URLs are the pages' own; Pagefind writes the bundle straight
into the staged site. A bundle keeps only its index (`DATA`); the runtime every bundle repeats
(pagefind.js, the web worker, the wasm, the UI) is written once, at `pagefind/` (`write_runtime`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import BuildError

# How every bundle is made (part of its key: another option is another bundle).
OPTIONS = ("--keep-index-url", "--silent")
ENTRY = "pagefind-entry.json"
DATA_FOLDERS = frozenset({"index", "fragment", "filter"})
# The runtime files the primary bundle's folder must hold besides its index: pagefind.js loads
# the worker and the wasm from the primary bundle's folder, not from its own.
PRIMARY_EXTRAS = ("pagefind-worker.js",)


def pagefind_binary() -> Path | None:
    """The Pagefind executable, or None when it is not installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind")
        return Path(found) if found else None
    return get_executable()


@lru_cache(maxsize=8)
def pagefind_version(binary: Path) -> str:
    """What `pagefind --version` says ("pagefind 1.5.2"); a binary that cannot say is refused."""
    try:
        done = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(
            str(binary), f"cannot run pagefind ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    said = " ".join((done.stdout or "").split())
    if done.returncode != 0 or not said:
        raise BuildError("search", f"pagefind could not index the site: {_said(done)}")
    return said


def is_data(name: str) -> bool:
    """Whether a top-level entry of a bundle is its index (kept) rather than the runtime."""
    return name == ENTRY or name.endswith(".pf_meta") or name in DATA_FOLDERS


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join((done.stderr or done.stdout or "").split())[:300] or f"exit code {done.returncode}"


def _run(binary: Path, site: Path, out: Path) -> None:
    if out.exists() or out.is_symlink():
        shutil.rmtree(out) if out.is_dir() and not out.is_symlink() else out.unlink()
    command = [str(binary), "--site", str(site), "--output-path", str(out), *OPTIONS]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except OSError as exc:
        raise BuildError(str(binary), f"cannot run pagefind ({exc.strerror or exc})") from None
    if done.returncode != 0 or not (out / ENTRY).is_file():
        raise BuildError("search", f"pagefind could not index the site: {_said(done)}")


def _scratch(staging: Path) -> Path:
    """A scratch folder inside the staged site (same file system, removed with it if killed)."""
    return Path(tempfile.mkdtemp(prefix=".search-", dir=staging))


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def languages(bundle: Path) -> tuple[str, ...]:
    """The wasm names of the languages a bundle's pages are in (from its entry file)."""
    try:
        entry = json.loads((bundle / ENTRY).read_bytes())
        return tuple(sorted({str(lang.get("wasm") or "unknown") for lang in entry["languages"].values()}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(str(bundle / ENTRY), f"pagefind wrote an unreadable entry file ({exc})") from None


def index_shard(binary: Path, staging: Path, pages: Iterable[str], out: Path) -> list[str]:
    """Index the staged `pages` (site paths) into the bundle folder `out` (inside `staging`);
    returns the bundle's files, relative to `out`, sorted: its index only (`is_data`)."""
    scratch = _scratch(staging)
    try:
        for path in pages:
            target = scratch / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(staging / path, target)
        _run(binary, scratch, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for entry in out.iterdir():
        if not is_data(entry.name):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return _files(out)


def write_runtime(binary: Path, wasm: Iterable[str], out: Path) -> list[str]:
    """Write the Pagefind runtime (pagefind.js, its worker, the UI, and the wasm of each language
    named in `wasm`) into the folder `out`, from a one-page-per-language site; returns its files."""
    out.mkdir(parents=True, exist_ok=True)
    scratch = _scratch(out)
    try:
        site, bundle = scratch / "site", scratch / "bundle"
        for n, name in enumerate(sorted(set(wasm) - {"unknown"} | {"unknown"})):
            page = site / f"{n}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            lang = f' lang="{name}"' if name != "unknown" else ""
            page.write_text(
                f"<!doctype html><html{lang}><body><main data-pagefind-body>x</main></body></html>"
            )
        _run(binary, site, bundle)
        written = []
        for entry in sorted(bundle.iterdir()):
            if not is_data(entry.name) and entry.is_file():
                target = out / entry.name
                if target.exists() or target.is_symlink():
                    target.unlink()
                os.rename(entry, target)
                written.append(entry.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written
