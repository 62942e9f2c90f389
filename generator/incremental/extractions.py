"""The extraction cache: spaCy's annotations of each text, by a hash of the text and the model, kept
outside the site folder (one small JSON file per text, and a pack of those the last run used)."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..collector import collector_paused
from ..errors import warn
from ..model import Annotations, Mention


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
        try:
            with collector_paused(), path.open("rb") as handle:  # ~200k new objects, no cycles:
                entries = _MentionsOnly(handle).load()  # collections would only slow loading 2x
            if not isinstance(entries, dict):
                raise TypeError("not a dict")
            return entries
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, EOFError, AttributeError, IndexError, pickle.PickleError):
            warn(str(path), "corrupt cache pack ignored; it will be rebuilt")
            return {}

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
        self._released = False

    @staticmethod
    def key(text: str, fingerprint: str) -> str:
        """The cache key: a hash of the text and the model/settings fingerprint."""
        digest = hashlib.sha256(fingerprint.encode("utf-8") + b"\0" + text.encode("utf-8"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, article_id: str) -> Annotations | None:
        """The cached annotations for `key`, or None; a corrupt entry is reported and ignored."""
        self._check()
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
        self._check()
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
        self._check()
        if self.pack and self._used.keys() != (self._packed or {}).keys():
            self._pack.save(self._used)
            self._packed = dict(self._used)

    def release(self) -> None:
        """Drop what the cache holds in memory (the pack read, the entries this run used), once
        the extract stage is done with it, so later stages do not carry every article's mentions;
        the cache cannot be used afterwards (any use raises `RuntimeError`)."""
        self._released = True
        self._packed, self._used = None, {}
        self._pack.base, self._pack.added = {}, {}

    def _check(self) -> None:
        if self._released:
            raise RuntimeError(f"the extraction cache in {self.folder} was used after its release")
