"""Resolve again at the cost of what changed: per-article fingerprints and the last build's state.

Each article has a fingerprint of everything resolve reads of it
(`incremental.prints.Prints.article`: id, byline, date, outlet, text, mentions, sentences), taken
once a build for every stage. The saved result (`resolve-state.bin`) holds the last build's
fingerprints, the key of what it resolved, the resolution and the quotations by fingerprint; beside
it (`resolve-inputs.bin`), per article a digest of what `actors.resolve` reads of it
(`actors.read_digest`) and the corpus' casing counts. A build with the same fingerprints loads the
result and reads no text. Otherwise only the texts with a new fingerprint are read (their mention
contexts, cues and quotations, kept per text in a `ShardedStore`); the casing counts change by the
texts added and removed; and when the digest of what resolve reads (`actors.resolution_key`) is the
last one, the resolution is reused and only the changed texts' quotations are found again. Else
every text's reading is loaded and the archive resolved anew. Equal to a resolve with no state
(tests/resolve/test_rerun.py)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..collector import collector_paused
from ..incremental.memo import digest
from ..incremental.prints import Prints
from ..incremental.resolve_store import SavedState, ShardedStore
from ..model import Annotations, Article, Mention, Quote
from . import actors, quotes
from .actors import ActorSettings, Reading, Resolution, read_digest, resolution_key, settings_digest
from .context import mention_contexts
from .cues import Tally, TextFacts, text_facts

_QUOTE_VALUES = tuple(f.name for f in dataclasses.fields(Quote))


class _Text:
    """One article's reading: mentions with their context, its `TextFacts`, its quotations' raws
    and `actors.read_digest`; read from the text, or rebuilt from what a `ShardedStore` kept (`stored`)."""

    def __init__(self, article: Article, own: Annotations, stored: Any = None) -> None:
        self.new = stored is None
        if stored is None:
            contexts = mention_contexts(article.text, own.mentions)
        else:
            contexts, facts, self.raws, self.read = stored
        mentions = tuple(Mention(*m[:5], *c) for m, c in zip(own.mentions, contexts, strict=True))
        self.annotations = Annotations(own.article_id, mentions, own.sentences)
        if stored is None:
            self.facts = text_facts(article.text, mentions)
            self.raws = quotes.find_quotes(article.text, self.annotations)
            self.read = read_digest(article, mentions, self.facts)
            self.stored = (contexts, self.facts.stored(), self.raws, self.read)
        else:
            self.facts = TextFacts.from_stored(facts, len(mentions))
            self.stored = stored


class _Texts:
    """The articles' readings this build needs, by fingerprint: loaded from `store` or read anew."""

    def __init__(
        self,
        articles: Sequence[Article],
        annotations: Mapping[str, Annotations],
        store: ShardedStore,
        prints: Sequence[bytes],
        known: ShardedStore,
        setting: bytes,
    ) -> None:
        self.articles = articles
        self.annotations = annotations
        self.store = store
        self.prints = prints
        self.known = known  # per fingerprint: (setting, what resolve read of it: `actors.Known`)
        self.setting = setting
        self.read: dict[bytes, _Text] = {}

    def __call__(self, i: int, fingerprint: bytes) -> _Text:
        found = self.read.get(fingerprint)
        if found is None:
            article = self.articles[i]
            found = _Text(article, self.annotations[article.id], self.store.get(fingerprint))
            self.read[fingerprint] = found
        return found

    def save(self, live: set[bytes]) -> None:
        """Keep the texts read anew; drop, from the shards loaded, the texts no article has."""
        self.store.retain(live)
        for fingerprint, text in self.read.items():
            if text.new:
                self.store.put(fingerprint, text.stored)
        self.store.save()
        self.known.save()


def _tally(inputs: dict[str, Any], prints: list[bytes], texts: _Texts) -> Tally:
    """The corpus' casing counts of these texts: the last build's, changed by the texts added and
    removed (counted again from every text when a removed one's reading is lost)."""
    tally = Tally(*inputs["tally"]) if "tally" in inputs else Tally({}, {}, {}, {}, {}, {})
    now = Counter(prints)
    for fingerprint, times in (Counter(tally.texts) - now).items():
        stored = texts.store.get(fingerprint)
        if stored is None:
            tally = Tally({}, {}, {}, {}, {}, {})
            break
        tally.subtract(TextFacts.from_stored(stored[1], 0), times)
    added = now - Counter(tally.texts)
    for i, fingerprint in enumerate(prints):
        if fingerprint in added:
            tally.add(texts(i, fingerprint).facts, added.pop(fingerprint))
    return tally._replace(texts=dict(now))


@collector_paused()
def resolve_again(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    settings: ActorSettings,
    model: tuple[str, str],
    folder: Path,
    code: str,
    prints: Sequence[bytes] | None = None,
) -> Resolution:
    """`actors.resolve` with `quotes.quotes` filled in, as resolve without state finds them, using
    the state the last build (code `code`) left in `folder` to redo only what the changes need.
    `model`: the model's name (whose word lists resolve reads) and its fingerprint; `prints`:
    each article's fingerprint (`Prints.article`), in order (taken here when not given).

    Two files: the result (`resolve-state.bin`: fingerprints, key, resolution, quotations), all a
    build with no change reads, and what a change needs (`resolve-inputs.bin`: per article the
    digest of what resolution reads, the casing counts), valid only beside the result it was saved
    with (a digest of its fingerprints). The garbage collector is paused meanwhile: loading a state
    makes millions of tuples and no cycle, and each collection would walk the whole archive in memory."""
    result_file = SavedState(folder / "resolve-state.bin", code)
    inputs_file = SavedState(folder / "resolve-inputs.bin", code)
    last = result_file.load()
    setting = settings_digest(settings, model[1])
    prints = list(prints) if prints is not None else Prints().articles(articles, annotations)
    ids = [a.id for a in articles]
    if last.get("settings") == setting and last.get("ids") == ids and last.get("prints") == prints:
        return _saved_result(last)
    old_prints = last.get("prints", [])
    inputs = inputs_file.load()
    if inputs.get("of") != digest(old_prints):
        inputs = {}
    known_store = ShardedStore(folder / "resolve-known", code)
    texts = _Texts(
        articles, annotations, ShardedStore(folder / "resolve-texts", code), prints, known_store, setting
    )
    reads_of = dict(zip(old_prints, inputs.get("reads", []), strict=bool(inputs)))
    reads = [reads_of.get(f) or texts(i, f).read for i, f in enumerate(prints)]
    tally = _tally(inputs, prints, texts)
    casing = tally.casing()
    key = resolution_key(setting, reads, casing)
    saved_quotes: dict[bytes, Any] = {}
    old_names: Mapping[str, Any] = {}
    if "resolution" in last:
        saved_quotes = dict(zip(old_prints, last["quotes"], strict=True))
        old_names = last["resolution"][3]
    if key == last.get("key"):
        resolution = Resolution.from_values(last["resolution"])
    else:
        resolution = _resolve_reusing(articles, settings, model[0], Reading(_Facts(texts), casing), texts)
    found: dict[bytes, Any] = {}
    for i, fingerprint in enumerate(prints):
        if fingerprint not in found:
            known = saved_quotes.get(fingerprint)
            article_id = articles[i].id  # a quotation's speaker is found by its article's names only
            if known is not None and old_names.get(article_id) != resolution.names.get(article_id):
                known = None
            if known is None:
                said = quotes.speak(articles[i].id, texts(i, fingerprint).raws, resolution.names)
                known = [tuple(getattr(q, f) for f in _QUOTE_VALUES) for q in said]
            found[fingerprint] = known
    state = {
        "settings": setting,
        "ids": ids,
        "prints": prints,
        "key": key,
        "resolution": resolution.values(),
        "quotes": [found[f] for f in prints],
        "order": sorted(range(len(articles)), key=lambda i: ids[i]),
    }
    texts.save(set(prints))
    inputs_file.save({"of": digest(prints), "reads": reads, "tally": tuple(tally)})
    result_file.save(state)
    return dataclasses.replace(resolution, quotes=_quotes(state))


class _Facts(Sequence[TextFacts]):
    """Each article's `TextFacts`, its text's reading loaded (or read) only when asked for."""

    def __init__(self, texts: _Texts) -> None:
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts.prints)

    def __getitem__(self, i: Any) -> Any:
        return self.texts(i, self.texts.prints[i]).facts


class _Annotated(Mapping[str, Annotations]):
    """Each article's annotations with their mentions' context, loaded only when asked for."""

    def __init__(self, texts: _Texts) -> None:
        self.texts = texts
        self.at = {a.id: i for i, a in enumerate(texts.articles)}

    def __getitem__(self, article_id: str) -> Annotations:
        i = self.at[article_id]
        return self.texts(i, self.texts.prints[i]).annotations

    def __iter__(self) -> Any:
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)


def _resolve_reusing(
    articles: Sequence[Article], settings: ActorSettings, model: str, reading: Reading, texts: _Texts
) -> Resolution:
    """`actors.resolve` of the archive, reusing what it read of each unchanged article the last
    time (`actors.Known`, kept per fingerprint with the settings' digest in `texts.known`): only the
    new texts, and those whose reading a change of the corpus' common words voids, are read."""
    setting = texts.setting
    stored = [texts.known.get(f) for f in texts.prints]
    valid = [entry if entry is not None and entry[0] == setting else None for entry in stored]
    known = actors.Known(
        [e[1] if e is not None else None for e in valid], [e[2] if e is not None else None for e in valid]
    )
    before = list(known.found)
    resolution = actors.resolve(articles, _Annotated(texts), settings, model, reading, known)
    texts.known.retain(set(texts.prints))
    for i, fingerprint in enumerate(texts.prints):
        if valid[i] is None or known.found[i] is not before[i]:
            texts.known.put(fingerprint, (setting, known.found[i], known.acronyms[i]))
    return resolution


def _quotes(state: dict[str, Any]) -> tuple[Quote, ...]:
    """The quotations a state holds, in the order of article ids (as `quotes.quotes` gives them)."""
    found = state["quotes"]
    return tuple(Quote(*q) for i in state["order"] for q in found[i])


def _saved_result(state: dict[str, Any]) -> Resolution:
    """The resolution and quotations a state holds."""
    return dataclasses.replace(Resolution.from_values(state["resolution"]), quotes=_quotes(state))
