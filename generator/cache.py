"""A content-addressed cache of extraction results, kept outside the site folder."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .errors import warn
from .model import Annotations, Mention


class ExtractCache:
    """One small JSON file per (text, model, extraction settings) hash."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "extract"

    @staticmethod
    def key(text: str, fingerprint: str) -> str:
        """The cache key: a hash of the text and the model/settings fingerprint."""
        digest = hashlib.sha256(fingerprint.encode("utf-8") + b"\0" + text.encode("utf-8"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, article_id: str) -> Annotations | None:
        """The cached annotations for `key`, or None; a corrupt entry is reported and ignored."""
        path = self._file(key)
        try:
            data = json.loads(path.read_bytes())
            return Annotations(
                article_id,
                tuple(Mention(*m) for m in data["mentions"]),
                tuple((int(s), int(e)) for s, e in data["sentences"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            warn(str(path), "corrupt cache entry ignored; it will be rebuilt")
            return None

    def put(self, key: str, annotations: Annotations) -> None:
        """Store annotations atomically (write to a temporary file, then rename)."""
        path = self._file(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "mentions": [[m.text, m.label, m.start, m.end, m.sentence] for m in annotations.mentions],
            "sentences": [list(s) for s in annotations.sentences],
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)


def snapshot(folder: Path) -> dict[str, list[int]]:
    """Every file under `folder` as relative path -> [size, mtime_ns, inode] (empty if missing)."""
    found: dict[str, list[int]] = {}
    stack = [(Path(folder), "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), rel + "/"))
            else:
                st = entry.stat(follow_symlinks=False)
                found[rel] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


class BuildManifest:
    """What the last successful build read (a fingerprint) and wrote (a snapshot of the site)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "build.json"

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, self.path)

    def forget(self) -> None:
        """Drop the record (before the site is replaced)."""
        self.path.unlink(missing_ok=True)


class RenderManifest:
    """Which input key each published page was rendered from, with the file's [size, mtime, inode].

    A page whose key is unchanged and whose published file still has the recorded stat is reused
    (hard-linked) instead of being rendered again.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "render.json"

    def reusable(self, output: Path, files: dict[str, list[int]]) -> dict[str, tuple[str, str]]:
        """Page path -> (key, published file) for recorded pages whose file is as it was left."""
        try:
            data = json.loads(self.path.read_bytes())
            if data["output"] != str(Path(output).resolve()):
                return {}
            root = str(output)
            return {
                path: (entry[0], os.path.join(root, path))
                for path, entry in data["pages"].items()
                if files.get(path) == entry[1:]
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            warn(str(self.path), "corrupt render manifest ignored; rendering every page")
            return {}

    def record(self, output: Path, keys: dict[str, str], files: dict[str, list[int]]) -> None:
        """Remember each keyed page's key and its published file's stat (atomically)."""
        pages = {path: [key, *files[path]] for path, key in keys.items() if path in files}
        data = {"output": str(Path(output).resolve()), "pages": pages}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, self.path)

    def forget(self) -> None:
        """Drop the record (before the site is replaced)."""
        self.path.unlink(missing_ok=True)
