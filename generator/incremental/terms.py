"""Term counts of documents kept across builds, so a build counts the terms of changed texts only.

Each document is named by a digest of what its terms are a function of (the caller's: its text,
or what the text is made from). The store keeps, under that digest, the document's distinct terms
in order of first use (as numbers into one vocabulary saved with them) and how often each occurs;
`TermStore.rows` gives every document's, counting those it does not hold, with the terms numbered
by first use over the documents in the order given, exactly as counting them all would. Plain
data in a `memo.MarshalStore`, so the store's code fingerprint covers the code that counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from .memo import MarshalStore

VOCABULARY = b"vocabulary"
TERMS, OWN = b"t:", b"o:"  # the prefixes of a document's term counts and of the caller's values
COMPACT_BELOW = 0.5  # the vocabulary is renumbered when fewer than this share of its terms is used


class TermStore:
    """Documents' term counts in `store` (None: kept for this build only)."""

    def __init__(self, store: MarshalStore | None = None) -> None:
        self.store = store
        saved = store.entries.get(VOCABULARY) if store is not None else None
        self.terms: list[str] = list(saved) if isinstance(saved, list) else []
        self.ids = {term: i for i, term in enumerate(self.terms)}
        self.known = isinstance(saved, list)  # entries number into `terms`
        self.changed = False  # the vocabulary grew or was renumbered
        self.counted = 0  # documents whose terms this build counted (the others were kept)

    def get(self, key: bytes) -> object:
        """A plain value the caller saved under `key` (`put`) in the last build, or None."""
        return self.store.get(OWN + key) if self.store is not None else None

    def put(self, key: bytes, value: object) -> None:
        """Save a plain value under `key` for the next build."""
        if self.store is not None:
            self.store.put(OWN + key, value)

    def _entry(self, key: bytes, count: Callable[[], Counter[str]]) -> tuple[bytes, bytes]:
        found = self.store.get(TERMS + key) if self.store is not None and self.known else None
        if isinstance(found, tuple) and len(found) == 2:
            return found
        self.counted += 1
        counts = count()
        ids = self.ids
        for term in counts:
            if term not in ids:
                ids[term] = len(self.terms)
                self.terms.append(term)
                self.changed = True
        entry = (
            np.array([ids[t] for t in counts], dtype=np.int32).tobytes(),
            np.array(list(counts.values()), dtype=np.int32).tobytes(),
        )
        if self.store is not None:
            self.store.put(TERMS + key, entry)
        return entry

    def numbered(self, key: bytes, count: Callable[[], Counter[str]]) -> tuple[bytes, bytes]:
        """One document's distinct terms as numbers into `terms` (int32 bytes, in order of first
        use) and their counts (int32 bytes), kept under `key`; `count()` counts them when the store
        lacks them. (The vocabulary is renumbered only by `rows`.)"""
        return self._entry(key, count)

    def rows(
        self, keys: Sequence[bytes], count: Callable[[int], Counter[str]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """The term counts of the documents `keys` names, in their order: the column of each stored
        term (numbered by first use over these documents, as `causal.term_counts` numbers them),
        its count, each document's number of distinct terms, and the number of columns.
        `count(i)` counts the terms of document i (in order of first use) when the store lacks it."""
        entries = [self._entry(key, lambda i=i: count(i)) for i, key in enumerate(keys)]
        ids = np.frombuffer(b"".join(e[0] for e in entries), dtype=np.int32)
        counts = np.frombuffer(b"".join(e[1] for e in entries), dtype=np.int32)
        lengths = np.array([len(e[0]) // 4 for e in entries], dtype=np.int64)
        used, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
        column = np.empty(len(used), dtype=np.int64)
        column[np.argsort(first, kind="stable")] = np.arange(len(used))
        self._compact(used)
        return column[inverse.reshape(-1)], counts, lengths, len(used)

    def _compact(self, used: np.ndarray) -> None:
        """Renumber the vocabulary to `used`, the terms of this build's documents, when most of it
        is not (texts edited or removed since it grew)."""
        if self.store is None or len(used) >= COMPACT_BELOW * len(self.terms):
            return
        self.terms = [self.terms[i] for i in used]
        self.ids = {term: i for i, term in enumerate(self.terms)}
        renumber = np.zeros(int(used[-1]) + 1 if len(used) else 0, dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        entries = self.store.used
        for key, (ids, counts) in [(k, v) for k, v in entries.items() if k.startswith(TERMS)]:
            entries[key] = (renumber[np.frombuffer(ids, dtype=np.int32)].tobytes(), counts)
        self.changed = True

    def save(self) -> None:
        """Keep the entries this build used, with the vocabulary they number into."""
        if self.store is None:
            return
        self.store.put(VOCABULARY, list(self.terms))
        self.store.save(changed=self.changed)


__all__ = ["TermStore"]
