"""Early cutoff between builds: a stage's last result, reused while the inputs it reads are unchanged.

A stage that is a pure function of plain data can be skipped when a digest of exactly what it
reads equals the last build's (as Shake and Bazel cut a rebuild off early): an edit that adds a
sentence naming nobody changes the text, but not what `resolve` reads. Each memo is one `marshal`
file in the cache folder holding the entries the last build used; values are plain data, so a
memo file can name no code to run. A corrupt file is reported and ignored.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import warn
from .fingerprint import code_digest


def digest(value: Any) -> bytes:
    """A short digest of plain values (marshal version 0: type-tagged and length-prefixed, and its
    bytes do not depend on string interning or reference counts)."""
    return hashlib.blake2b(marshal.dumps(value, 0), digest_size=16).digest()


class MarshalStore:
    """Entries `key -> plain value` in one `marshal` file, as the last build left them.

    `code` fingerprints the code that wrote them: a file written by other code is ignored. Only
    the entries a build used (read or put) are kept by `save`.
    """

    def __init__(self, path: Path, code: bytes | str, what: str) -> None:
        self.path = Path(path)
        self.code = code
        self.what = what  # for the warning about a corrupt file
        self._old: dict[bytes, Any] | None = None
        self.used: dict[bytes, Any] = {}

    def _load(self) -> dict[bytes, Any]:
        try:
            data = marshal.loads(self.path.read_bytes())
            if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
                raise TypeError("not a store")
            return data["entries"] if data.get("code") == self.code else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, EOFError, TypeError):
            warn(str(self.path), f"corrupt {self.what} ignored; it will be rebuilt")
            return {}

    @property
    def entries(self) -> dict[bytes, Any]:
        """Every entry the last build left (read on first use)."""
        if self._old is None:
            self._old = self._load()
        return self._old

    def get(self, key: bytes) -> Any:
        """The value stored under `key`, or None; a hit is kept for the next build."""
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        """Remember `value` (plain data) under `key` for the next build."""
        self.used[key] = value

    def save(self, changed: bool = False) -> None:
        """Keep the entries this build used (atomically), unless they are exactly those loaded
        and none was `changed` in place."""
        same = (self.entries.keys() == self.used.keys()) if self._old is not None else not self.used
        if same and not changed:
            return
        write_atomic(self.path, marshal.dumps({"code": self.code, "entries": self.used}))


class StageMemo(MarshalStore):
    """One stage's memo: `cache_dir/memo/<stage>.bin`, trusted only by the code that wrote it:
    `module` (the module computing what it holds) and what it imports (`fingerprint.code_digest`)."""

    def __init__(self, folder: Path, stage: str, module: str) -> None:
        super().__init__(Path(folder) / "memo" / f"{stage}.bin", code_digest(module), "memo")
