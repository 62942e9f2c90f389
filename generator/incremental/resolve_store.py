"""The resolve stage's saved state: one compact file read every build, and per-text entries in shards.

A rebuild of a large archive should read what changed, not the archive. `SavedState` is one
`marshal` file (what the last build's result was and what it read, per article); `ShardedStore`
spreads per-text entries over `SHARDS` files by their key's first byte, so a build that reads or
writes a few texts loads and rewrites only their shards. Values are plain data; a file written by
other code (`code`) is ignored, a corrupt one reported and ignored.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import warn

SHARDS = 64


def _load(path: Path, code: str, what: str) -> Any:
    """The value a file written by `code` holds, or None (missing, other code, or corrupt)."""
    try:
        data = marshal.loads(path.read_bytes())
        if not isinstance(data, dict) or "value" not in data:
            raise TypeError("not a saved state")
        return data["value"] if data.get("code") == code else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, TypeError):
        warn(str(path), f"corrupt {what} ignored; it will be rebuilt")
        return None


def _save(path: Path, code: str, value: Any) -> None:
    write_atomic(path, marshal.dumps({"code": code, "value": value}))


class SavedState:
    """One plain value (a dict) saved between builds at `path`."""

    def __init__(self, path: Path, code: str) -> None:
        self.path = Path(path)
        self.code = code

    def load(self) -> dict[str, Any]:
        """What the last build saved (an empty dict when nothing usable was saved)."""
        value = _load(self.path, self.code, "saved resolve state")
        return value if isinstance(value, dict) else {}

    def save(self, value: dict[str, Any]) -> None:
        _save(self.path, self.code, value)


class ShardedStore:
    """Entries `key (bytes) -> plain value` in `SHARDS` files under `folder`, loaded per shard on
    first use; `save` rewrites only the shards an entry was put into or dropped from."""

    def __init__(self, folder: Path, code: str) -> None:
        self.folder = Path(folder)
        self.code = code
        self._shards: dict[int, dict[bytes, Any]] = {}
        self._dirty: set[int] = set()

    def _shard(self, key: bytes) -> dict[bytes, Any]:
        number = key[0] % SHARDS if key else 0
        shard = self._shards.get(number)
        if shard is None:
            found = _load(self.folder / f"{number:02x}.bin", self.code, "resolve memo shard")
            shard = self._shards[number] = found if isinstance(found, dict) else {}
        return shard

    def get(self, key: bytes) -> Any:
        """The value stored under `key`, or None."""
        return self._shard(key).get(key)

    def put(self, key: bytes, value: Any) -> None:
        self._shard(key)[key] = value
        self._dirty.add(key[0] % SHARDS if key else 0)

    def retain(self, live: set[bytes]) -> None:
        """Drop, from the shards loaded so far, every entry whose key is not in `live`."""
        for number, shard in self._shards.items():
            gone = [key for key in shard if key not in live]
            for key in gone:
                del shard[key]
            if gone:
                self._dirty.add(number)

    def save(self) -> None:
        for number in sorted(self._dirty):
            _save(self.folder / f"{number:02x}.bin", self.code, self._shards[number])
        self._dirty.clear()
