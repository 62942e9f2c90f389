"""Storyline titles (a real headline, the most central, else the latest) and summaries that never
open with a dateline, a credit or a stamp. Hand-written articles, not evaluation text."""

from __future__ import annotations

import re
from datetime import date

from generator.group.summaries import storyline_summaries, storyline_title
from generator.model import Annotations, Article
from generator.read.headlines import lead_title


def article(key: str, title: str, source: str, day: int, *paragraphs: str) -> Article:
    return Article(key, f"{key}.txt", title, source, date(2026, 10, day), "header", paragraphs)


def sentences(item: Article) -> Annotations:
    """Sentence spans as a sentencizer gives them: at ". " followed by a capital."""
    text, spans, start = item.text, [], 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[A-Z(])", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return Annotations(item.id, (), tuple(spans))


def title_of(items: list[Article], duplicate_of: dict[str, str] | None = None) -> str:
    return storyline_title(items, [], {}, {}, duplicate_of or {})


FLOOD = "The river flooded the lower town after two days of rain."
FLOOD_LATER = "Residents of the lower town began cleaning up as the river fell."


def test_a_real_headline_wins_over_a_made_one() -> None:
    made = article("a", lead_title(FLOOD), "lead", 14, FLOOD)
    real = article("b", "Town counts the cost of the flood", "headline", 15, FLOOD_LATER)
    assert title_of([made, real]) == "Town counts the cost of the flood"
    assert title_of([real, made]) == "Town counts the cost of the flood"  # whatever the order


def test_the_most_central_headline_wins_then_the_latest() -> None:
    central = article("a", "River floods lower town after heavy rain", "headline", 14, FLOOD)
    aside = article(
        "b", "Mayor thanks volunteers", "headline", 15, "The mayor thanked the volunteers at a meeting."
    )
    third = article("c", "Lower town cleans up as river falls", "metadata", 16, FLOOD_LATER)
    # "river", "lower", "town" recur in the other reports; the mayor's thanks, the latest, share nothing.
    # Per word of its headline the clean-up report shares most (3 of 5 words, the first 3 of 6).
    assert title_of([central, third, aside]) == third.title
    assert title_of([third, central, aside]) == third.title  # the most central, though the earliest
    first = article("x", "Bridge reopens", "headline", 14, "The bridge reopened to traffic.")
    second = article("y", "Bridge open again", "headline", 15, "The bridge reopened to traffic on Monday.")
    # equally central (each shares "bridge" with the other, per word): the latest report's headline
    assert title_of([first, second]) == "Bridge open again"


def test_a_duplicate_never_gives_the_title() -> None:
    original = article("a", lead_title(FLOOD), "lead", 14, FLOOD)
    copy = article("b", "River floods town", "headline", 14, FLOOD)
    assert title_of([original, copy], {"b": "a"}) == "The river flooded the lower town after two days of rain"


def test_summaries_never_open_with_a_dateline_credit_or_stamp() -> None:
    items = [
        article(
            "a",
            "Council approves library budget",
            "headline",
            14,
            "RIVERTON, Oct. 14, 2026 — The city council approved a new budget for the public library.",
            "The vote was unanimous after a short debate about opening hours on weekends.",
        ),
        article(
            "b",
            "Library budget passes",
            "headline",
            15,
            "(AP) — Riverton's council voted to give the public library a larger budget next year.",
            "Updated 5:45 PM The new budget adds two librarians and keeps the branch open on Sundays.",
        ),
    ]
    annotations = {item.id: sentences(item) for item in items}
    (one,) = storyline_summaries([items[:1]], annotations, {})
    assert one[0] == "The city council approved a new budget for the public library."
    (both,) = storyline_summaries([items], annotations, {})
    assert both
    for sentence in both:
        assert not sentence.startswith(("RIVERTON", "(AP)", "Updated")), sentence
        assert sentence[0].isupper()


def test_a_headline_cut_short_by_its_site_loses_to_a_whole_one() -> None:
    body = "An officer was charged in the shooting death of a boy, the district attorney said."
    cut = article("a", "Officer charged in the shooting dea", "headline", 14, body)
    whole = article("b", "Boy's family speaks", "headline", 13, "The boy's family spoke about his death.")
    assert title_of([whole, cut]) == "Boy's family speaks"  # though the cut one is the latest
    dots = article("d", "Officer charged in the shooting...", "headline", 14, body)
    assert title_of([whole, dots]) == "Boy's family speaks"
    ends_whole = article("c", "Officer charged in the shooting death", "headline", 14, body)
    assert title_of([whole, ends_whole]) == "Officer charged in the shooting death"
