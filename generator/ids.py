"""Article ids and slugs as page paths: one safe path per id, and a key telling which ids share one.

An id's page lives under `articles/<path>/`, where `<path>` is the id's `/`-separated parts without
empty or `.` parts, each NFC-normalised and, when longer than `MAX_PART_BYTES`, cut with a stable
hash of the whole part appended (an id past `MAX_PATH_BYTES` in all is folded into one such part).
Two ids whose paths are equal after case folding (macOS and Windows file systems ignore case and
Unicode normalisation) would share a page: `path_key` says so.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_PART_BYTES = 120  # well under the 255 bytes a file name may have, with room for a suffix
MAX_PATH_BYTES = 480  # a deeper id is folded into one part (the site's paths stay far from PATH_MAX)
_HASH_CHARS = 12
# Characters that are never text: C0/C1 controls, lone surrogates and Unicode noncharacters.
_NOT_TEXT = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# Parts that cannot be a folder of their own: `..` leaves the folder, and a part named like the
# page file would put one page's folder where another page's file is.
_RESERVED = frozenset({"..", "index.html"})


def clean_name(text: str) -> str:
    """`text` (an id, a file name's stem) without control characters or noncharacters. (Not
    normalised: NFC and NFD spellings stay distinct ids, and `path_key` finds that they collide.)"""
    return _NOT_TEXT.sub("", text).strip()


def shorten(part: str, limit: int = MAX_PART_BYTES) -> str:
    """`part` unchanged if it has at most `limit` UTF-8 bytes, else cut to fit with `-<hash>` of the
    whole of it appended (stable: the same long part always gives the same short one)."""
    data = part.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return part
    digest = hashlib.sha256(data).hexdigest()[:_HASH_CHARS]
    head = data[: limit - _HASH_CHARS - 1].decode("utf-8", "ignore").rstrip("-")
    return f"{head}-{digest}"


def _parts(article_id: str) -> list[str]:
    text = unicodedata.normalize("NFC", clean_name(article_id))
    return [p for p in text.split("/") if p.strip() not in ("", ".")]


def path_problem(article_id: str) -> str | None:
    """Why `article_id` cannot be a page path (None when it can)."""
    parts = _parts(article_id)
    if not parts:
        return "cannot be a page path"
    if any(p.strip().casefold() in _RESERVED for p in parts):
        return "cannot be a page path"
    return None


def page_path(article_id: str) -> str:
    """The folder path (relative to `articles/`) of the page of `article_id` (see `path_problem`)."""
    path = "/".join(shorten(p) for p in _parts(article_id))
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return shorten(path.replace("/", "-"))
    return path or "_"


def path_key(article_id: str) -> str:
    """What the page path of `article_id` is on a case-insensitive, normalising file system: two ids
    with the same key would share one page."""
    return unicodedata.normalize("NFC", page_path(article_id).casefold())


# Bidirectional formatting characters: in a message they could reverse the text after them.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(name: object) -> str:
    """A file name or id for a message: quoted with control characters and bidirectional
    formatting characters escaped when it has any (`repr` style, the bidi ones as `\\u202e`), else
    as it is (so ordinary paths read as before)."""
    text = str(name)
    if _NOT_TEXT.search(text) or _BIDI.search(text) or "\\" in text:
        return quoted(text)
    return text


def quoted(name: object) -> str:
    """An id for a message, quoted as `repr` does, bidirectional formatting characters escaped too."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", repr(str(name)))


def shown_apart(first: object, second: object, quote: bool = False) -> tuple[str, str]:
    """Two names for one message, `shown` (or, with `quote`, `quoted`); when they differ but would
    print alike (NFC and NFD spellings of `café`), both escaped `ascii()` style so the reader sees
    how they differ."""
    show = quoted if quote else shown
    a, b = show(first), show(second)
    if str(first) != str(second) and unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b):
        return ascii(str(first)), ascii(str(second))
    return a, b
