"""Storylines hold: similar but separate incidents stay apart, famous names join nothing.

Every report below is written for these tests (none is taken from the evaluation corpora).
"""

from __future__ import annotations

from datetime import date

from generator.config import GroupingConfig
from generator.group.storylines import StorylineSettings, group
from generator.model import Article

# Six shootings in one city, a week or two apart, told in the same newsroom's words; each has its
# own victim and street. The last report is a follow-up to the third shooting: the same victim,
# street and suspect, after an arrest.
SHOOTINGS = [
    ("s1", date(2014, 3, 2), "Man shot on Alder Street in Riverton", "Derrick Mayes", "Alder Street"),
    ("s2", date(2014, 3, 6), "Teen wounded in shooting on Birch Lane", "Jamal Ortiz", "Birch Lane"),
    ("s3", date(2014, 3, 10), "Woman shot outside home on Cedar Avenue", "Latoya Greene", "Cedar Avenue"),
    ("s4", date(2014, 3, 14), "Man critically hurt in Dunmore Road shooting", "Victor Sands", "Dunmore Road"),
    ("s5", date(2014, 3, 18), "Shots fired on Elm Court leave one injured", "Corey Whitfield", "Elm Court"),
    ("s6", date(2014, 3, 22), "Gunman shoots man near Fulton Park", "Andre Pickett", "Fulton Park"),
]
DETAILS = [
    "a man fired a handgun from a passing car after an argument outside a corner store",
    "a guest opened fire with a rifle during a fight at a birthday party and ran off on foot",
    "someone shot through the front window with a shotgun while the family was at dinner",
    "the victim was robbed at a bus stop and shot in the leg when he refused to hand over his phone",
    "the victim was hit by a stray bullet when two groups exchanged gunfire in a parking lot",
    "a driver shot the man after a traffic crash turned into a shouting match",
]


def _shooting(index: int) -> Article:
    key, day, title, victim, street = SHOOTINGS[index]
    text = (
        f"Riverton police are investigating a shooting on {street}. Officers found {victim}, "
        f"{24 + index}, with a gunshot wound and took the victim to Riverton General Hospital. "
        f"Witnesses said {DETAILS[index]}."
    )
    return Article(key, f"{key}.txt", title, "headline", day, "published", (text,))


FOLLOW_UP = Article(
    "s3-arrest",
    "s3-arrest.txt",
    "Suspect arrested in Cedar Avenue shooting of Latoya Greene",
    "headline",
    date(2014, 3, 29),
    "published",
    (
        "Riverton police arrested Marcus Bell, 31, on Wednesday in the shooting of Latoya Greene "
        "outside her home on Cedar Avenue last week. Greene remains at Riverton General Hospital. "
        "Bell is charged with attempted murder and was held on a $500,000 bond.",
    ),
)


def _entities(articles: list[Article]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    actors = {a.id: ("riverton-police-department", "riverton-general-hospital") for a in articles}
    places = {}
    for key, _, _, victim, street in SHOOTINGS:
        actors[key] = (victim.lower().replace(" ", "-"), *actors[key])
        places[key] = ("Riverton", street)
    actors["s3-arrest"] = ("latoya-greene", "marcus-bell", "riverton-police-department")
    places["s3-arrest"] = ("Riverton", "Cedar Avenue")
    return actors, places


def _storylines(articles: list[Article], actors, places) -> dict[str, str]:
    return group(articles, {}, actors, places, {}, GroupingConfig(), StorylineSettings()).storyline_of


def test_similar_incidents_in_one_city_stay_separate_and_a_follow_up_joins_its_own() -> None:
    articles = [_shooting(i) for i in range(len(SHOOTINGS))] + [FOLLOW_UP]
    of = _storylines(articles, *_entities(articles))
    assert len({of[key] for key, *_ in SHOOTINGS}) == len(SHOOTINGS)
    assert of["s3-arrest"] == of["s3"]


# Four unrelated events of one month, each with two reports; every report names the same famous
# people and institutions, which tie nothing together.
EVENTS = {
    "dam": (
        date(2021, 6, 1),
        "President visits flooded towns after dam failure in Oregon",
        "The Harlow Creek dam gave way after days of rain, flooding three towns along the river. "
        "President Joe Biden toured the damage in Millbrook and promised federal help, the White House said.",
    ),
    "chips": (
        date(2021, 6, 3),
        "Senate bill would fund semiconductor plants",
        "A bipartisan Senate bill would spend $52 billion on semiconductor factories and chip research. "
        "President Joe Biden backs the measure, the White House said, and Congress could vote in July.",
    ),
    "envoy": (
        date(2021, 6, 8),
        "New ambassador to Kenya confirmed",
        "The Senate confirmed career diplomat Ruth Okafor as ambassador to Kenya on Tuesday. President "
        "Joe Biden nominated her in April; the White House called her a steady hand in Nairobi.",
    ),
    "pardon": (
        date(2021, 6, 14),
        "Turkeys, veterans and a rare pardon",
        "President Joe Biden granted a pardon to a Vietnam veteran convicted of a minor drug offence "
        "in 1971, the White House said, after a campaign by his daughter in Tulsa.",
    ),
}
SECOND = {
    "dam": "Residents of Millbrook returned to mud-filled homes two days after the Harlow Creek dam "
    "burst. Federal disaster aid promised by President Joe Biden began to arrive, the White House said.",
    "chips": "Chip makers welcomed the $52 billion semiconductor bill moving through the Senate. The "
    "White House said President Joe Biden would sign it; factories could open by 2024.",
    "envoy": "Ruth Okafor, newly confirmed as ambassador to Kenya by the Senate, said she would "
    "arrive in Nairobi next month. President Joe Biden thanked her, the White House said.",
    "pardon": "The Vietnam veteran pardoned by President Joe Biden thanked his daughter, whose "
    "campaign from Tulsa won the pardon, the White House said.",
}
FAMOUS = ("joe-biden", "white-house", "united-states", "senate")


def test_a_famous_name_shared_by_unrelated_events_does_not_join_them() -> None:
    articles, actors, places = [], {}, {}
    for key, (day, title, text) in EVENTS.items():
        for n, (body, when) in enumerate(((text, day), (SECOND[key], date.fromordinal(day.toordinal() + 1)))):
            article_id = f"{key}-{n}"
            articles.append(
                Article(
                    article_id,
                    f"{article_id}.txt",
                    title if n == 0 else "",
                    "lead",
                    when,
                    "published",
                    (body,),
                )
            )
            actors[article_id] = FAMOUS
    of = _storylines(articles, actors, places)
    assert len({of[f"{key}-0"] for key in EVENTS}) == len(EVENTS)  # four events, four storylines
    assert all(of[f"{key}-0"] == of[f"{key}-1"] for key in EVENTS)  # each with both its reports


def test_names_weigh_by_how_few_articles_hold_them() -> None:
    """A name in every article weighs nothing; one in half of them less than one in a single one."""
    from generator.group.features import specific, tfidf_or_zeros

    tokens = [["actor:president", "actor:senate", "actor:ruth-okafor"], ["actor:president", "actor:senate"]]
    tokens += [["actor:president"], ["actor:president", "actor:harlow-creek"]]
    rows = specific(tfidf_or_zeros(tokens, analyzer=lambda t: t)).toarray()
    vocabulary = sorted({t for doc in tokens for t in doc})
    president, senate, okafor = (
        vocabulary.index(f"actor:{n}") for n in ("president", "senate", "ruth-okafor")
    )
    assert (rows[:, president] == 0).all()
    assert 0 < rows[0, senate] < rows[0, okafor]
    assert not rows[2].any()  # an article naming only the president has no specific name
