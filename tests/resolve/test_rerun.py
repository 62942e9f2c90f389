"""Resolve again from the last build's state (`resolve.rerun`): the result equals a resolve from
nothing after additions, edits and removals at the start, middle and end of an archive, and a
change reads only the texts that changed."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.extract.pipeline import extract
from generator.incremental import Reuse
from generator.incremental.extractions import ExtractCache
from generator.model import Annotations, Article, Mention
from generator.read import read_articles
from generator.resolve import actors, context, rerun, resolve
from generator.resolve.actors import ActorSettings

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "gva-dev.jsonl"


def _replicas(articles: list[Article], annotations: dict[str, Annotations], copies: int):
    """The articles, then `copies` replicas of each (a new id, a last paragraph naming nobody)."""
    out, found = list(articles), dict(annotations)
    for k in range(1, copies + 1):
        for article in articles:
            copy = dataclasses.replace(
                article, id=f"{article.id}-r{k}", paragraphs=(*article.paragraphs, f"Replica marker {k}.")
            )
            out.append(copy)
            found[copy.id] = dataclasses.replace(annotations[article.id], article_id=copy.id)
    return out, found


@pytest.fixture(scope="module")
def seeds_archive(tmp_path_factory: pytest.TempPathFactory):
    """The seeds (real spaCy) and three replicas of each: 20 articles."""
    config = SiteConfig(root=str(ROOT))
    articles = read_articles(config, [ROOT / "seeds"])
    annotations = extract(articles, config.extract, ExtractCache(tmp_path_factory.mktemp("cache")))
    return config, *_replicas(articles, annotations, 3)


def _with_sentence(article: Article, own: Annotations, sentence: str, name: str = "", label: str = ""):
    """The article with a last paragraph `sentence`, and its annotations with a mention of `name`
    in it (none when `name` is empty)."""
    edited = dataclasses.replace(article, paragraphs=(*article.paragraphs, sentence))
    mentions = own.mentions
    if name:
        start = len(edited.text) - len(sentence) + sentence.index(name)
        mentions = (*mentions, Mention(name, label, start, start + len(name), len(own.sentences)))
    end = len(edited.text)
    sentences = (*own.sentences, (end - len(sentence), end))
    return edited, Annotations(own.article_id, mentions, sentences)


class _Counted:
    """Counts the texts read (`rerun.mention_contexts`) and the full resolves (`actors.resolve`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts = self.resolves = 0
        contexts, full = rerun.mention_contexts, actors.resolve

        def counted_contexts(*args):
            self.texts += 1
            return contexts(*args)

        def counted_resolve(*args):
            self.resolves += 1
            return full(*args)

        monkeypatch.setattr(rerun, "mention_contexts", counted_contexts)
        monkeypatch.setattr(actors, "resolve", counted_resolve)

    def take(self) -> tuple[int, int]:
        found = (self.texts, self.resolves)
        self.texts = self.resolves = 0
        return found


def _check(config: SiteConfig, settings: ActorSettings, articles, annotations, cache: Path) -> None:
    """Resolve with the state in `cache` equals resolve from nothing (quotations included)."""
    again = resolve(articles, annotations, settings, config.extract, Reuse(cache, cache / "site"))
    fresh = resolve(articles, annotations, settings, config.extract)
    assert again == fresh
    assert again.quotes == fresh.quotes and again.names == fresh.names


def test_rerun_equals_a_full_resolve_after_additions_edits_and_removals(
    seeds_archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, archive, annotations = seeds_archive
    settings = ActorSettings()
    base, extra = archive[:15], archive[15:]  # the last replicas are the articles added
    cache = tmp_path / "cache"
    counted = _Counted(monkeypatch)
    _check(config, settings, base, annotations, cache)
    assert counted.take()[0] == len(base)  # a first build reads every text (a fresh resolve: none)
    _check(config, settings, base, annotations, cache)
    assert counted.take() == (0, 1)  # no change: no text read, the saved result (one fresh resolve)
    articles = list(base)
    for at, new in zip((0, len(articles) // 2, len(articles)), extra[:3], strict=True):
        articles.insert(at, new)
        _check(config, settings, articles, annotations, cache)
        assert counted.take()[0] == 1  # only the new text is read
    found = dict(annotations)
    for at in (0, len(articles) // 2, len(articles) - 1):
        for sentence, name in (
            ("The police said more the next day.", ""),
            ("Officials in Sapporo spoke.", "Sapporo"),
        ):
            article = articles[at]
            articles[at], found[article.id] = _with_sentence(
                article, found[article.id], sentence, name, "GPE"
            )
            _check(config, settings, articles, found, cache)
            assert counted.take()[0] == 1  # only the edited text is read
    for where in (0, 0.5, 1):  # the start, the middle, the end
        del articles[round(where * (len(articles) - 1))]
        _check(config, settings, articles, found, cache)
        assert counted.take()[0] == 0  # a removal reads no text
    ignoring = ActorSettings(ignore=frozenset({"sapporo"}))
    _check(config, ignoring, articles, found, cache)
    assert counted.take() == (0, 2)  # other settings: resolved again, from the saved readings


def test_rerun_survives_a_lost_or_corrupt_state(seeds_archive, tmp_path: Path) -> None:
    config, archive, annotations = seeds_archive
    settings = ActorSettings()
    cache = tmp_path / "cache"
    _check(config, settings, archive[:10], annotations, cache)
    shards = sorted((cache / "memo" / "resolve-texts").iterdir())
    for shard in shards:
        shard.unlink()  # the texts the removed articles need to uncount are gone
    _check(config, settings, archive[2:], annotations, cache)
    (cache / "memo" / "resolve-state.bin").write_bytes(b"\x00not marshal")
    _check(config, settings, archive[:12], annotations, cache)
    inputs = cache / "memo" / "resolve-inputs.bin"
    older = inputs.read_bytes()
    _check(config, settings, archive[3:], annotations, cache)
    inputs.write_bytes(older)  # what resolve read of another archive, beside this one's result
    _check(config, settings, archive[1:], annotations, cache)


@pytest.mark.check
@pytest.mark.skipif(not EVAL.is_file(), reason="needs ../shared/eval/gva-dev.jsonl")
def test_rerun_equals_a_full_resolve_on_eval_texts(tmp_path: Path) -> None:
    """Three hundred eval texts (real spaCy): additions, edits and removals at the start, middle, end."""
    lines = EVAL.read_text(encoding="utf-8").splitlines()[:300]
    source = tmp_path / "sample.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = SiteConfig(root=str(ROOT))
    articles = read_articles(config, [source])
    annotations = extract(articles, config.extract, ExtractCache(tmp_path / "extract"))
    settings = ActorSettings()
    cache = tmp_path / "cache"
    current = list(articles[:250])
    _check(config, settings, current, annotations, cache)
    for at, new in zip((0, 125, 250), articles[250:253], strict=True):
        current.insert(at, new)
        _check(config, settings, current, annotations, cache)
    found = dict(annotations)
    for at in (0, 126, len(current) - 1):
        article = current[at]
        current[at], found[article.id] = _with_sentence(
            article, found[article.id], "Officials in Kent spoke.", "Kent", "GPE"
        )
        _check(config, settings, current, found, cache)
    for where in (0, 0.5, 1):
        del current[round(where * (len(current) - 1))]
        _check(config, settings, current, found, cache)


def test_a_change_of_any_field_resolve_reads_resolves_again(seeds_archive, tmp_path: Path) -> None:
    """A byline, an outlet, a date or an id changed (the text unchanged) misses the saved state."""
    config, archive, annotations = seeds_archive
    settings = ActorSettings()
    cache = tmp_path / "cache"
    articles = list(archive[:8])
    _check(config, settings, articles, annotations, cache)
    first = articles[3]
    for change in ({"author": "Jordan Mills"}, {"source": first.title}, {"date": None}):
        articles[3] = dataclasses.replace(first, **change)
        _check(config, settings, articles, annotations, cache)
    articles[3] = dataclasses.replace(first, id=f"{first.id}-moved")
    found = {
        **annotations,
        articles[3].id: dataclasses.replace(annotations[first.id], article_id=articles[3].id),
    }
    _check(config, settings, articles, found, cache)


def test_a_word_becoming_common_rereads_only_the_texts_that_asked_about_it(
    seeds_archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new article that writes a name's word in lower case twice makes it a common word: the
    texts whose reading asked whether it is common are read again, the others reused; the result
    is a full resolve's."""
    config, archive, annotations = seeds_archive
    settings = ActorSettings()
    articles = list(archive[:12])
    known = actors.Known([None] * len(articles), [None] * len(articles))
    annotated = context.with_context(articles, annotations)
    actors.resolve(articles, annotated, settings, config.extract.model, None, known)
    asked = Counter(w for found in known.found for w in found[6])  # asked about, not common
    word = min(w for w in asked if w.isalpha())
    readers = sum(word in found[6] for found in known.found)
    cache = tmp_path / "cache"
    _check(config, settings, articles, annotations, cache)
    counted = _Counted(monkeypatch)
    voided: list[bool] = []
    still = actors._still_valid
    monkeypatch.setattr(
        actors, "_still_valid", lambda *args: voided.append(not still(*args)) or not voided[-1]
    )
    first = articles[0]
    sentence = f"The {word} was closed, and the {word} stayed closed."
    new = dataclasses.replace(first, id="lower-case-note", author=None, paragraphs=(sentence,))
    articles.append(new)
    found = {**annotations, new.id: Annotations(new.id, (), ((0, len(sentence)),))}
    _check(config, settings, articles, found, cache)
    assert counted.take()[0] == 1  # the new text is read; the others' readings are kept
    assert len(voided) == len(articles) - 1  # every kept reading checked ...
    assert sum(voided) == readers > 0  # ... and those that asked about the word done again
