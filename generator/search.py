"""The search index: Pagefind (the `pagefind[bin]` PyPI package's binary, or one on PATH) run over
the staged site just before the writer swaps it in, so the index is part of the same atomic write
(a failed index leaves the published site as it was, and the staging tree is removed).

Only pages marking their content with `data-pagefind-body` (articles, storylines, actors) are
indexed; result URLs keep `index.html`, as every link of the site does. Pagefind's output depends
only on the pages (byte-identical across builds of the same site).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from .config import SiteConfig
from .errors import BuildError, warn

FOLDER = "pagefind"


def pagefind_binary() -> Path | None:
    """The Pagefind executable, or None when it is not installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind")
        return Path(found) if found else None
    return get_executable()


def index_site(site: Path, binary: Path) -> list[str]:
    """Write the Pagefind bundle to `site/pagefind/` (whatever was there is removed first: it may
    hold hard links to published files); returns its files' site paths, sorted."""
    bundle = site / FOLDER
    if bundle.is_symlink() or bundle.is_file():
        bundle.unlink()
    elif bundle.exists():
        shutil.rmtree(bundle)
    command = [str(binary), "--site", str(site), "--output-subdir", FOLDER, "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except OSError as exc:
        raise BuildError(str(binary), f"cannot run pagefind ({exc.strerror or exc})") from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = " ".join((done.stderr or done.stdout).split())[:300] or f"exit code {done.returncode}"
        raise BuildError("search", f"pagefind could not index the site: {said}")
    return sorted(p.relative_to(site).as_posix() for p in bundle.rglob("*") if p.is_file())


def search_step(config: SiteConfig) -> Callable[[Path], list[str]] | None:
    """What the writer runs on the staged site (`index_site`), or None when `search` is off or,
    with one warning, when Pagefind is not installed (the site is built without an index)."""
    if not config.search:
        return None
    binary = pagefind_binary()
    if binary is None:
        warn(
            "search", "pagefind is not installed (pip install 'pagefind[bin]'); the site has no search index"
        )
        return None
    return lambda site: index_site(site, binary)
