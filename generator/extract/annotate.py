"""A spaCy Doc as plain Annotations: what the extraction cache stores, and all it stores.

This module and what it imports are the extraction cache's code fingerprint: keep it to spaCy's
own output (entities, sentences). What the text around a mention says is the resolve stage's
reading (`resolve.context`), so a rule there never leaves a stale cache behind.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Annotations, Mention

# The labels the resolve and group stages use; the rest are dropped before caching.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# spaCy's tokenizer is quadratic in the length of a run without spaces (40 s on 20,000 "(" in a
# row): a run is cut to this many characters, the rest blanked (offsets into the text stay valid).
LONGEST_RUN = 100
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{LONGEST_RUN + 1},}}")  # tried at run starts only: linear
# An article's annotations as plain values: mentions (the first five fields of `Mention`, in
# order), sentence spans.
Plain = tuple[tuple[tuple[Any, ...], ...], tuple[tuple[int, int], ...]]


def annotations_from_doc(article_id: str, doc: Any) -> Annotations:
    """Turn a spaCy Doc into plain Annotations."""
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    starts = [s for s, _ in sentences]
    mentions = []
    index = 0
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        while index + 1 < len(starts) and starts[index + 1] <= ent.start_char:
            index += 1
        mentions.append(Mention(ent.text, ent.label_, ent.start_char, ent.end_char, index))
    return Annotations(article_id, tuple(mentions), sentences)


def plain_annotations(doc: Any) -> Plain:
    """`annotations_from_doc` as plain values (cheap to send between processes)."""
    found = annotations_from_doc("", doc)
    mentions = tuple(m[:5] for m in found.mentions)  # the rest is context, read by resolve
    return mentions, found.sentences


def spacy_text(text: str, max_chars: int) -> str:
    """What spaCy is given of `text`: its first `max_chars` characters, with every run of more than
    `LONGEST_RUN` characters without a space blanked after its first `LONGEST_RUN` (a text without
    such runs is given as it is, so its cache key is unchanged)."""
    text = text[:max_chars]
    if len(text) <= LONGEST_RUN or not _LONG_RUN.search(text):
        return text
    return _LONG_RUN.sub(lambda m: m.group(0)[:LONGEST_RUN].ljust(len(m.group(0))), text)
