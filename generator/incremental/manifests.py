"""What the last build read and wrote (`BuildManifest`), which key each published page was
rendered from (`RenderManifest`), and the `snapshot` of a site folder both compare against."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..atomic import write_atomic
from ..errors import warn


def snapshot(folder: Path) -> dict[str, list[int]]:
    """Every file under `folder` as relative path -> [size, mtime_ns, inode] (empty if missing)."""
    found: dict[str, list[int]] = {}
    stack = [(os.fspath(folder), "")]
    while stack:
        path, prefix = stack.pop()
        try:
            scan = os.scandir(path)
        except OSError:
            continue
        with scan as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    st = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


class BuildManifest:
    """What the last successful build read (a fingerprint) and wrote (a snapshot of the site)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "build.json"

    def fingerprint_differs(self, fingerprint: str) -> bool:
        """True when the last build recorded another fingerprint, or none (an early, partial check)."""
        try:
            return json.loads(self.path.read_bytes())["fingerprint"] != fingerprint
        except (OSError, ValueError, KeyError, TypeError):
            return True

    def unchanged(
        self, fingerprint: str, output: Path, files: dict[str, list[int]] | None = None
    ) -> dict[str, int] | None:
        """The last build's counts if its fingerprint matches and the site is exactly as it left it
        (`files` is `snapshot(output)` if already taken)."""
        try:
            data = json.loads(self.path.read_bytes())
            if data["fingerprint"] != fingerprint or data["output"] != str(Path(output).resolve()):
                return None
            if (snapshot(output) if files is None else files) != data["files"]:
                return None
            return {k: int(v) for k, v in data["counts"].items()}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            warn(str(self.path), "corrupt build manifest ignored; doing a full build")
            return None

    def record(
        self,
        fingerprint: str,
        output: Path,
        counts: dict[str, int],
        files: dict[str, list[int]] | None = None,
    ) -> None:
        """Remember a successful build (atomically); `files` is `snapshot(output)` if already taken."""
        data = {
            "fingerprint": fingerprint,
            "output": str(Path(output).resolve()),
            "counts": counts,
            "files": snapshot(output) if files is None else files,
        }
        write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    def forget(self) -> None:
        """Drop the record (before the site is replaced)."""
        self.path.unlink(missing_ok=True)


class RenderManifest:
    """Which input key each published page was rendered from, with the file's [size, mtime, inode],
    and the key of the whole render (`render.reuse.site_digest`) that made them.

    A page whose key is unchanged and whose published file still has the recorded stat is reused
    (hard-linked) instead of being rendered again; while the site's key is unchanged and every
    recorded file is intact, the whole page set is, without building a view.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "render.json"

    def reusable(self, output: Path, files: dict[str, list[int]]) -> tuple[dict[str, tuple[str, str]], str]:
        """Page path -> (key, published file) for recorded pages whose file is as it was left, and
        the site key they were rendered under ("" unless every recorded page is so)."""
        try:
            data = json.loads(self.path.read_bytes())
            if data["output"] != str(Path(output).resolve()):
                return {}, ""
            root = str(output)
            pages = {
                path: (entry[0], os.path.join(root, path))
                for path, entry in data["pages"].items()
                if files.get(path) == entry[1:]
            }
            site = data.get("site") or ""
            return pages, str(site) if len(pages) == len(data["pages"]) else ""
        except FileNotFoundError:
            return {}, ""
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            warn(str(self.path), "corrupt render manifest ignored; rendering every page")
            return {}, ""

    def record(self, output: Path, keys: dict[str, str], files: dict[str, list[int]], site: str = "") -> None:
        """Remember each keyed page's key and its published file's stat, and the render's site key
        when every keyed page was published (atomically)."""
        pages = {path: [key, *files[path]] for path, key in keys.items() if path in files}
        complete = len(pages) == len(keys)
        data = {"output": str(Path(output).resolve()), "site": site if complete else "", "pages": pages}
        write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    def forget(self) -> None:
        """Drop the record (before the site is replaced)."""
        self.path.unlink(missing_ok=True)
