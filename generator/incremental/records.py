"""The read stage's record cache: cleaned JSONL records of the last build, by a hash of their line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .memo import MarshalStore


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
