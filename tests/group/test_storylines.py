"""Grouping on the real seeds, and the scorer on hand cases."""

from __future__ import annotations

from generator.evaluate import bcubed, report

KISHI = ("000_bef067baec360f02", "001_98907c2f242617df", "002_934c19c211cac3e1")


def test_kishi_visit_is_one_storyline(seed_model) -> None:
    of = seed_model.grouping.storyline_of
    assert of[KISHI[0]] == of[KISHI[1]] == of[KISHI[2]]
    assert of["003_e6487fcd5c41d0e8"] != of[KISHI[0]]
    assert of["004_0fd9d44081501451"] != of[KISHI[0]]


def test_rewrite_is_a_duplicate_not_a_new_report(seed_model) -> None:
    assert seed_model.grouping.duplicate_of == {KISHI[1]: KISHI[0]}


def test_undated_rewrite_takes_its_originals_date(seed_model) -> None:
    articles = {a.id: a for a in seed_model.articles}
    assert articles[KISHI[1]].date == articles[KISHI[0]].date
    assert articles[KISHI[1]].date_source == "inferred"


def test_storyline_articles_in_date_order_with_span_and_summary(seed_model) -> None:
    story = next(s for s in seed_model.grouping.storylines if KISHI[0] in s.articles)
    dates = {a.id: a.date for a in seed_model.articles}
    ordered = [dates[i] for i in story.articles]
    assert ordered == sorted(ordered)
    assert (story.start.isoformat(), story.end.isoformat()) == ("2022-04-21", "2022-05-04")
    assert 2 <= len(story.summary) <= 3
    text = " ".join(a.text for a in seed_model.articles if a.id in story.articles)
    assert all(sentence.split()[0] in text for sentence in story.summary)
    assert {"nobuo-kishi", "lloyd-austin"} <= set(story.actors[:4])


def test_bcubed_hand_cases() -> None:
    items = [("a", "x"), ("b", "x"), ("c", "y")]
    perfect = bcubed(items, {"a": 1, "b": 1, "c": 2})
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    lumped = bcubed(items, {"a": 1, "b": 1, "c": 1})
    assert lumped.recall == 1.0 and abs(lumped.precision - (2 / 3 * 2 + 1 / 3) / 3) < 1e-9
    alone = bcubed(items, {})  # unassigned items are clusters of their own
    assert alone.precision == 1.0 and abs(alone.recall - (0.5 + 0.5 + 1) / 3) < 1e-9
    every, multi = report(items, {"a": 1, "b": 2, "c": 3})
    assert multi.items == 2 and multi.recall == 0.5 and every.items == 3


def test_template_paragraphs_do_not_glue_storylines() -> None:
    """Sign-up furniture repeated across unrelated reports is left out of their word vectors, so it
    makes them no more alike; a paragraph that two of them share is kept."""
    from generator.config import GroupingConfig
    from generator.group.features import word_vectors
    from generator.model import Article

    furniture = "We have sent you a verification email. Please check your email and click on the link."
    texts = [
        "A man was shot on Cerise Avenue in Hawthorne.",
        "Flooding closed the bridge in Dayton.",
        "The council approved the budget in Salem.",
    ]
    articles = [Article(f"a{i}", "x", t, "lead", None, "none", (t, furniture)) for i, t in enumerate(texts)]

    def similarity(of: list[Article]):
        rows = word_vectors(of, GroupingConfig())
        return (rows @ rows.T).toarray()

    apart = similarity(articles)
    assert apart[0, 1] == apart[0, 2] == apart[1, 2] == 0
    two = [*articles[:2], Article("a2", "x", texts[2], "lead", None, "none", (texts[2],))]
    shared = similarity(two)  # furniture in two reports only is no template: it is kept
    assert shared[0, 1] > 0 and shared[0, 2] == 0


def test_summary_sentences_never_run_across_a_paragraph_break() -> None:
    from datetime import date

    from generator.group.summaries import storyline_summaries
    from generator.model import Annotations, Article

    paragraphs = (
        "Chris Few, father of the boy, walks with his lawyer into the Grand Jury hearing. (Source: WAFB)",
        "A grand jury has indicted two officers on murder charges in connection with the shooting of a boy.",
    )
    article = Article("a", "a.txt", "Officers indicted", "lead", date(2015, 11, 13), "header", paragraphs)
    text = article.text
    # the sentence splitter saw no boundary at the paragraph break, as spaCy's sentencizer does not
    cut = text.index("(Source")
    annotations = {"a": Annotations("a", (), ((0, cut), (cut, len(text))))}
    (summary,) = storyline_summaries([[article]], annotations, {})
    assert summary == (paragraphs[0].rsplit(" (", 1)[0], paragraphs[1])
