"""A content-addressed cache of extraction results, kept outside the site folder."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import warn
from ..model import Annotations, Mention
from .memo import MarshalStore


class _MentionsOnly(pickle.Unpickler):
    """Unpickles plain values and `Mention`s only: a pack file can name no other code to run."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("generator.model", "Mention"):
            return Mention
        raise pickle.UnpicklingError(f"unexpected {module}.{name}")


class _Pack:
    """Extraction entries in two files: a base, and the entries since added (rewritten alone while
    they and the base's unused entries stay under `REWRITE` of what a run uses)."""

    REWRITE = 0.1
    # The file names carry the format: a pack of another format is never read (v2: `Mention` a
    # named tuple). Files of older formats are removed when a pack is written.
    BASE, ADDED = "pack.v2.pickle", "pack-added.v2.pickle"
    LEGACY = ("pack.pickle", "pack-added.pickle")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.base: dict[str, Any] = {}
        self.added: dict[str, Any] = {}

    def _read(self, name: str) -> dict[str, Any]:
        path = self.folder / name
        collecting = gc.isenabled()
        gc.disable()  # ~200k new objects, no cycles: collections would only slow loading 2x
        try:
            with path.open("rb") as handle:
                entries = _MentionsOnly(handle).load()
            if not isinstance(entries, dict):
                raise TypeError("not a dict")
            return entries
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, EOFError, AttributeError, IndexError, pickle.PickleError):
            warn(str(path), "corrupt cache pack ignored; it will be rebuilt")
            return {}
        finally:
            if collecting:
                gc.enable()

    def load(self) -> dict[str, Any]:
        """Every packed entry: key -> (mentions, sentences)."""
        self.base, self.added = self._read(self.BASE), self._read(self.ADDED)
        return {**self.base, **self.added}

    def _write(self, name: str, entries: dict[str, Any]) -> None:
        write_atomic(self.folder / name, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self, used: dict[str, Any]) -> None:
        """Keep the entries of `used` (the base may keep a few more)."""
        added = {key: value for key, value in used.items() if key not in self.base}
        unused = len(self.base) - (len(used) - len(added))
        if not self.base or len(added) + unused > self.REWRITE * len(used):
            self._write(self.BASE, used)
            for name in (self.ADDED, *self.LEGACY):
                (self.folder / name).unlink(missing_ok=True)
            self.base, self.added = dict(used), {}
        elif added.keys() != self.added.keys():
            self._write(self.ADDED, added)
            self.added = added


class ExtractCache:
    """One small JSON file per (text, model, extraction settings) hash.

    With `pack`, the entries the last run used are also kept together (`_Pack`: Mentions and plain
    values only), read at once instead of one file per article; entries missing from it are looked
    up as files. `save_pack` writes it after a run.
    """

    def __init__(self, folder: Path, pack: bool = False) -> None:
        self.root = Path(folder)  # the cache folder; other caches (e.g. `generator.memo`) live here too
        self.folder = self.root / "extract"
        self.pack = pack
        self._pack = _Pack(self.folder)
        self._packed: dict[str, Any] | None = None
        self._used: dict[str, Any] = {}

    @staticmethod
    def key(text: str, fingerprint: str) -> str:
        """The cache key: a hash of the text and the model/settings fingerprint."""
        digest = hashlib.sha256(fingerprint.encode("utf-8") + b"\0" + text.encode("utf-8"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, article_id: str) -> Annotations | None:
        """The cached annotations for `key`, or None; a corrupt entry is reported and ignored."""
        if self.pack:
            if self._packed is None:
                self._packed = self._pack.load()
            packed = self._packed.get(key)
            if packed is not None:
                self._used[key] = packed
                return Annotations(article_id, *packed)
        path = self._file(key)
        try:
            data = json.loads(path.read_bytes())
            annotations = Annotations(
                article_id,
                tuple(Mention(*m) for m in data["mentions"]),
                tuple((int(s), int(e)) for s, e in data["sentences"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            warn(str(path), "corrupt cache entry ignored; it will be rebuilt")
            return None
        if self.pack:
            self._used[key] = (annotations.mentions, annotations.sentences)
        return annotations

    def put(self, key: str, annotations: Annotations) -> None:
        """Store annotations atomically (write to a temporary file, then rename)."""
        data = {
            "mentions": [list(m[:5]) for m in annotations.mentions],  # no context: resolve reads it
            "sentences": [list(s) for s in annotations.sentences],
        }
        write_atomic(
            self._file(key), json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        )
        if self.pack:
            self._used[key] = (annotations.mentions, annotations.sentences)

    def save_pack(self) -> None:
        """With `pack`, keep the entries this run used in the pack (atomically)."""
        if self.pack and self._used.keys() != (self._packed or {}).keys():
            self._pack.save(self._used)
            self._packed = dict(self._used)


class RecordCache(MarshalStore):
    """Cleaned JSONL records of the last build by a hash of their raw line (`records.bin`).

    A line read before skips JSON parsing and text cleaning. `code` fingerprints the reading code;
    a file written by other code is ignored. Only the entries the last build used are kept.
    """

    def __init__(self, folder: Path, code: str) -> None:
        super().__init__(Path(folder) / "records.bin", code, "record cache")

    @staticmethod
    def key(line: str) -> bytes:
        """The entry key of a raw line."""
        return hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=16).digest()


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
        write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    def forget(self) -> None:
        """Drop the record (before the site is replaced)."""
        self.path.unlink(missing_ok=True)
