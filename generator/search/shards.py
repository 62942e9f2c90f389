"""How the indexed pages are split into shards, each indexed by Pagefind into its own bundle.

A site of at most `limit` indexed pages is one shard (`all`), as if it were not split: Pagefind's
ranking (BM25: a word's weight from how many of the bundle's pages hold it, a page's length against
the bundle's average) sees the whole site. A larger one is split by family (the first folder of a
page's path: `articles`, `storylines`, `actors`), so that a day's batch of new articles does not
touch every shard, and then each family's pages form a binary trie on their address: the day they
belong to (an article's date, a storyline's first article's; none for an actor), then a hash of
their path. A shard is the smallest subtree holding at most `limit` pages. The split is a function
of the current pages alone (every build of the same site splits it the same way) and it keeps a
change local: an edited page changes only its own shard; a page added or removed can split or join
only the shard it falls in, at most `limit` pages. A day's pages stay together when they fit.
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Mapping

DAY_BITS = 20  # date.toordinal() of any date before the year 2870
HASH_BITS = 32
BITS = DAY_BITS + HASH_BITS


WHOLE = "all"  # the name of the one shard of a site that needs no split


def family(path: str) -> str:
    """The page family of a site path: its first folder (`pages` for a page at the root)."""
    head, slash, _ = path.partition("/")
    return head if slash else "pages"


def address(path: str, day: int | None) -> int:
    """The page's place in its family's trie: the day (0 when it has none), then a hash of the
    path (CRC-32: the same on every machine, and its bits spread similar paths evenly)."""
    return ((day or 0) << HASH_BITS) | zlib.crc32(path.encode("utf-8"))


def partition(days: Mapping[str, int | None], limit: int) -> dict[str, tuple[str, ...]]:
    """Shard name -> its pages' paths (sorted), for the pages of `days` (path -> day ordinal or
    None). A name is `all`, or `<family>-<depth>-<prefix in hex>`: a folder name that stays the
    same as long as the shard's subtree does."""
    if limit < 1:
        raise ValueError(f"a shard holds at least one page, not {limit}")
    if len(days) <= limit:
        return {WHOLE: tuple(sorted(days))} if days else {}
    families: dict[str, list[tuple[int, str]]] = {}
    for path, day in days.items():
        families.setdefault(family(path), []).append((address(path, day), path))
    shards: dict[str, tuple[str, ...]] = {}
    for name, items in families.items():
        items.sort()
        addresses = [a for a, _ in items]
        todo = [(0, len(items), 0, 0)]  # (start, end, depth, prefix): a subtree's items
        while todo:
            lo, hi, depth, prefix = todo.pop()
            while hi - lo > limit and depth < BITS:
                middle = ((prefix << 1) | 1) << (BITS - depth - 1)  # the first address with the next bit set
                cut = bisect.bisect_left(addresses, middle, lo, hi)
                depth += 1
                if lo < cut < hi:
                    todo.append((lo, cut, depth, prefix << 1))
                if cut < hi:
                    lo, prefix = cut, (prefix << 1) | 1
                else:
                    prefix <<= 1
            shards[f"{name}-{depth}-{prefix:x}"] = tuple(sorted(path for _, path in items[lo:hi]))
    return dict(sorted(shards.items()))
