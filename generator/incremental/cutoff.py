"""Early cutoff over an archive: a stage's last result, with a fingerprint of each item it read.

A stage reading many items (articles) and some shared inputs (settings, names) digests each item
once per build (`item_digests`), and the last build's result is reused when the shared digest and
every item's digest are as they were. The item digests are saved with the result, so a build that
misses can also tell which items changed (`LastRun.changed`), the start of resuming a stage
rather than rerunning it.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .memo import MarshalStore, digest


def item_digests(items: Iterable[Any]) -> list[bytes]:
    """A 16-byte digest of each plain item (as `memo.digest`, one pass over the items)."""
    blake2b, dumps = hashlib.blake2b, marshal.dumps
    return [blake2b(dumps(item, 0), digest_size=16).digest() for item in items]


@dataclass(frozen=True)
class LastRun:
    """What the last build of a stage read and made: the digest of its shared inputs, each item's
    digest (in its order) and its result (plain data)."""

    shared: bytes
    items: tuple[bytes, ...]
    value: Any

    def changed(self, items: Sequence[bytes]) -> set[bytes]:
        """The digests of `items` that the last build did not read (new or edited items)."""
        return set(items).difference(self.items)


class Cutoff:
    """A stage's last result in `store` (a `memo.StageMemo`), reused while its inputs are unchanged.

    The store holds one entry, under a digest of the shared digest and every item's: the last
    build's `(shared, items, value)`."""

    def __init__(self, store: MarshalStore) -> None:
        self.store = store

    def last(self) -> LastRun | None:
        """The last build's run, if the store holds one written by this code."""
        entries = list(self.store.entries.values())
        if len(entries) != 1 or not (isinstance(entries[0], tuple) and len(entries[0]) == 3):
            return None
        shared, items, value = entries[0]
        return LastRun(shared, tuple(items), value)

    def reuse(self, shared: bytes, items: Sequence[bytes]) -> Any:
        """The last result if it was made from the same shared inputs and items, else None."""
        found = self.store.get(_key(shared, items))  # a hit is kept for the next build
        return found[2] if isinstance(found, tuple) and len(found) == 3 else None

    def record(self, shared: bytes, items: Sequence[bytes], value: Any) -> None:
        """Remember this build's result (plain data) and what it was made from, in place of the
        last build's."""
        self.store.used.clear()
        self.store.put(_key(shared, items), (shared, list(items), value))

    def save(self) -> None:
        self.store.save()


def _key(shared: bytes, items: Sequence[bytes]) -> bytes:
    return digest((shared, b"".join(items)))


__all__ = ["Cutoff", "LastRun", "digest", "item_digests"]
