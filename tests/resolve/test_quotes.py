"""Direct quotations and their speakers: rules on sentences written for the tests, and every quote
of the seeds (real spaCy, `seed_model`), checked by hand."""

from __future__ import annotations

import dataclasses
import re

from generator.model import Annotations, Article, Mention
from generator.resolve import quotes as q


def _annotated(text: str, names: dict[str, str]) -> Annotations:
    """Annotations of `text` as a model would give them: each name in `names` (name -> label) at
    every place it occurs, sentences split after a stop (and a closing quote mark)."""
    bounds, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[\"”]?\s+|\n\n", text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    mentions = []
    for name, label in names.items():
        for m in re.finditer(re.escape(name), text):
            sentence = next(i for i, (a, b) in enumerate(bounds) if a <= m.start() < max(b, a + 1))
            mentions.append(Mention(name, label, m.start(), m.end(), sentence))
    mentions.sort(key=lambda m: m.start)
    return Annotations("a", tuple(mentions), tuple(bounds))


def _speakers(text: str, names: dict[str, str]) -> list[tuple[str, str | None]]:
    """(quoted words, speaker words) of each quotation found."""
    return [(raw[2], raw[3]) for raw in q.find_quotes(text, _annotated(text, names))]


def test_said_after_the_quote_both_orders() -> None:
    text = (
        '"We will not back down from this fight," Maria Lopez said on Monday. '
        '"The council has no say in the matter," said Tom Baker.'
    )
    assert _speakers(text, {"Maria Lopez": "PERSON", "Tom Baker": "PERSON"}) == [
        ("We will not back down from this fight,", "Maria Lopez"),
        ("The council has no say in the matter,", "Tom Baker"),
    ]


def test_said_before_with_a_colon_and_indirect_speech() -> None:
    text = (
        'Governor Ann Reed said: "The roads will reopen by Friday." '
        'Ann Reed also said the delay was "entirely avoidable and deeply regrettable."'
    )
    assert [s for _, s in _speakers(text, {"Ann Reed": "PERSON"})] == ["Ann Reed", "Ann Reed"]


def test_according_to() -> None:
    text = 'The plant will close, according to Acme Corp, which called it "a painful but necessary step."'
    assert _speakers(text, {"Acme Corp": "ORG"}) == [("a painful but necessary step.", "Acme Corp")]


def test_pronoun_speaker_from_the_previous_sentence() -> None:
    text = (
        "Daniel Moss, a senior fellow at the Hoover Institution, said the talks had stalled. "
        '"Neither side wants to be the first to blink," he said.'
    )
    names = {"Daniel Moss": "PERSON", "Hoover Institution": "ORG"}
    found = q.find_quotes(text, _annotated(text, names))
    assert [(r[3], r[4]) for r in found] == [("Daniel Moss", "PERSON")]


def test_an_organisation_statement_and_a_spokesman() -> None:
    text = (
        '"The president remains committed to the alliance," a White House statement said. '
        "The Pentagon sent a delegation led by Karen Hill. "
        '"We expect progress on all fronts," the spokeswoman said.'
    )
    names = {"White House": "ORG", "Pentagon": "ORG", "Karen Hill": "PERSON"}
    assert [s for _, s in _speakers(text, names)] == ["White House", "Karen Hill"]


def test_scare_quotes_are_no_quotes() -> None:
    text = 'Officials called the plan a "game changer" and the "so-called" reform, Jo Park said.'
    assert _speakers(text, {"Jo Park": "PERSON"}) == []


def test_a_quote_over_paragraphs_in_news_style() -> None:
    text = (
        'Mayor Lee Chan said: "We have waited long enough for the state to act.\n\n'
        '"Now we will act ourselves, and we will not wait for permission."\n\n'
        'Critics were "not at all convinced by it," Sam Ortiz said.'
    )
    found = q.find_quotes(text, _annotated(text, {"Lee Chan": "PERSON", "Sam Ortiz": "PERSON"}))
    assert [(r[2], r[3]) for r in found] == [
        (
            "We have waited long enough for the state to act. "
            "Now we will act ourselves, and we will not wait for permission.",
            "Lee Chan",
        ),
        ("not at all convinced by it,", "Sam Ortiz"),
    ]
    assert text[found[0][0]] == '"'


def test_curly_quotes_and_a_continued_speaker() -> None:
    text = "“Prices will keep rising this year,” Nina Roth told reporters. “There is no quick fix.”"
    assert _speakers(text, {"Nina Roth": "PERSON"}) == [
        ("Prices will keep rising this year,", "Nina Roth"),
        ("There is no quick fix.", "Nina Roth"),
    ]


def test_a_quote_with_no_speaker() -> None:
    text = "The sign at the gate read “no entry after dark for anyone.” Nobody knew who put it there."
    assert _speakers(text, {}) == [("no entry after dark for anyone.", None)]


def test_speakers_resolve_to_the_actor_of_their_name_in_the_article() -> None:
    text = '"We will not back down from this fight," Lopez said, and "the others will follow," Kim said.'
    article = Article("a", "a.txt", "t", "lead", None, "none", (text,))
    annotations = {"a": _annotated(text, {"Lopez": "PERSON", "Kim": "PERSON"})}
    found = q.quotes([article], annotations, {"a": {"Lopez": "maria-lopez"}})
    assert [(x.speaker, x.actor) for x in found] == [("Lopez", "maria-lopez"), ("Kim", None)]
    first = found[0]
    assert (first.article, first.start) == ("a", text.index(chr(34)))
    assert first.text == "We will not back down from this fight,"


# Every quotation of at least three words in the seeds, with its speaker's actor, checked by hand
# (None: no speaker named, or a speaker that is no actor: "The statement", the Kyodo News credit,
# "the Japanese ministry" named three sentences before as "the Japanese Defense Ministry").
SEED_QUOTES = [
    ("000", "undermine the rules-based order", None),
    ("000", "examine all options necessary for national defense", None),
    ("001", "undermine the rules-based order", None),
    ("002", "a serious challenge to the international order", "nobuo-kishi"),
    ("002", "such unilateral change to the status quo by force", "nobuo-kishi"),
    ("002", "far beyond Europe", "lloyd-austin"),
    ("002", "common norms, values and institutions", "lloyd-austin"),
    ("002", "The two ministers confirmed", None),
    ("002", "deter and if necessary, respond", None),
    ("003", "a meaningful outcome", "nhk"),
    ("003", "Japan and the United States recognise the NPT", "nhk"),
    ("003", "Sullivan underscored concern", "white-house"),
    ("003", "to further strengthen the US-Japan alliance", "jen-psaki"),
    ("003", "a free and open Indo-Pacific", "jen-psaki"),
    ("003", "We should expect their discussion", "daniel-russel"),
    ("003", "all options, including possession", "fumio-kishida"),
    ("004", "Tokyo and Washington are expected", None),
]


def test_every_seed_quote_and_its_speaker(seed_model) -> None:
    found = [(x.article[:3], x.text, x.actor) for x in seed_model.quotes]
    assert len(found) == len(SEED_QUOTES)
    for (article, text, actor), (want_article, want_text, want_actor) in zip(found, SEED_QUOTES, strict=True):
        assert (article, text.startswith(want_text), actor) == (want_article, True, want_actor)
    speakers = {x.speaker for x in seed_model.quotes}
    assert {"Kyodo News", "The statement"} <= speakers  # kept as words, with no actor
    assert [x.text for x in seed_model.quotes if x.actor == "white-house"] == [
        next(x.text for x in seed_model.quotes if x.speaker == "White House")
    ]


def test_participles_dashes_and_relative_clauses_speak_for_their_subject() -> None:
    text = (
        "Rep. Jane Holt, on Monday, apologized to the families of the victims, saying "
        '"there is no excuse for what I said." '
        "The outage was blamed on Acme Cloud, which said in an update that "
        '"the issue has been identified and fixed." '
        '"We will rebuild every single home," — Gov. Ray Stone, in a tweet.'
    )
    names = {"Jane Holt": "PERSON", "Acme Cloud": "ORG", "Ray Stone": "PERSON"}
    assert [s for _, s in _speakers(text, names)] == ["Jane Holt", "Acme Cloud", "Ray Stone"]


def test_names_in_quote_marks_are_no_quotes_and_a_speaker_carries_only_to_a_quote_opening_its_sentence() -> (
    None
):
    text = (
        '"We will win this seat," Adams said on the night. '
        'His critics once called him a "hustler from the borough," a label he rejects. '
        'She told viewers of "Fox News Primetime Tonight" about it.'
    )
    found = _speakers(text, {"Adams": "PERSON"})
    assert found == [("We will win this seat,", "Adams"), ("hustler from the borough,", None)]


def test_a_rebuild_reads_only_the_texts_that_changed(tmp_path, monkeypatch) -> None:
    from generator.resolve import rerun
    from generator.resolve.actors import ActorSettings

    texts = [
        '"We will not back down from this fight," Lopez said.',
        '"The others will follow soon," Kim said.',
    ]
    articles = [Article(f"a{i}", "a.txt", "t", "lead", None, "none", (t,)) for i, t in enumerate(texts)]
    annotations = {
        a.id: dataclasses.replace(_annotated(a.text, {"Lopez": "PERSON", "Kim": "PERSON"}), article_id=a.id)
        for a in articles
    }
    settings = ActorSettings()
    first = rerun.resolve_again(articles, annotations, settings, ("m", "m"), tmp_path, "code").quotes
    read: list[str] = []
    real = q.find_quotes
    monkeypatch.setattr(q, "find_quotes", lambda text, own: read.append(text) or real(text, own))
    edited = dataclasses.replace(articles[1], paragraphs=('"The others will follow very soon," Kim said.',))
    annotations["a1"] = _annotated(edited.text, {"Kim": "PERSON"})
    again = rerun.resolve_again([articles[0], edited], annotations, settings, ("m", "m"), tmp_path, "code")
    assert read == [edited.text]
    assert again.quotes[0] == first[0] and again.quotes[1].text == "The others will follow very soon,"
