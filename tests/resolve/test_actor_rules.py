"""One test per rule of actor resolution, on sentences written for the purpose (issue 12)."""

from __future__ import annotations

from support import annotated_corpus

from generator.group.key_actors import key_actors
from generator.model import Article
from generator.read.cleaning import boilerplate_name
from generator.resolve.actors import ActorSettings, Resolution, resolve
from generator.resolve.names import normalise


def _resolve(articles: dict[str, tuple[str, list[tuple[str, str]]]], source: str | None = None) -> Resolution:
    """Resolve articles given as id -> (text, [(mention, label), ...] in text order)."""
    built, annotations = annotated_corpus(articles, source)
    return resolve(built, annotations, ActorSettings(), "x")


def _names(resolution: Resolution) -> dict[str, str]:
    return {a.name: a.kind for a in resolution.actors}


def test_a_wire_credit_in_a_dateline_is_no_actor() -> None:
    text = "DAYTON, Ohio (AP) — Two men were shot on Friday. The Dayton Police Department is investigating."
    found = _names(_resolve({"a": (text, [("AP", "ORG"), ("Dayton Police Department", "ORG")])}))
    assert "AP" not in found and found["Dayton Police Department"] == "organisation"


def test_a_station_named_by_its_call_letters_is_no_actor() -> None:
    text = "Police told WKRN that the gunman fled. Metro Nashville Police are searching for him."
    found = _names(_resolve({"a": (text, [("WKRN", "ORG"), ("Metro Nashville Police", "ORG")])}))
    assert "WKRN" not in found and "Metro Nashville Police" in found


def test_a_source_citation_is_no_actor_but_a_story_about_the_outlet_is() -> None:
    cited = "The suspect's mother told CNN he had been depressed. CNN reported that the gun was stolen."
    about = (
        "CNN fired an anchor on Monday. CNN said the decision was final, and CNN staff were told by email."
    )
    resolution = _resolve(
        {"a": (cited, [("CNN", "ORG"), ("CNN", "ORG")]), "b": (about, [("CNN", "ORG")] * 3)}
    )
    (cnn,) = [a for a in resolution.actors if a.name == "CNN"]
    assert cnn.articles == ("b",)


def test_a_hospital_where_victims_were_taken_is_a_place() -> None:
    text = "Both victims were taken to Grady Memorial Hospital, where one died. Atlanta Police said."
    resolution = _resolve({"a": (text, [("Grady Memorial Hospital", "ORG"), ("Atlanta Police", "ORG")])})
    assert "Grady Memorial Hospital" not in _names(resolution)
    assert "Grady Memorial Hospital" in resolution.places["a"]


def test_app_prompts_and_trademark_lines_are_furniture() -> None:
    assert boilerplate_name("Download our free app for iPhone and Android phones") == "app-prompt"
    assert boilerplate_name("Take WXYZ with you!") == "take-with-you"
    assert boilerplate_name("(TM and © Copyright 2014 CBS Radio Inc. Used under license.)") == "copyright"
    assert boilerplate_name("iPhone | iPad | Android | Email Alerts | Facebook") == "menu"
    assert boilerplate_name("The gunman did not get far before officers stopped him.") is None


def test_a_defined_acronym_joins_its_full_name() -> None:
    text = "The Houston Police Department (HPD) said the man ran. HPD officers caught him an hour later."
    found = _names(_resolve({"a": (text, [("Houston Police Department", "ORG"), ("HPD", "ORG")])}))
    assert list(found) == ["Houston Police Department"]


def test_curly_and_straight_apostrophes_are_one_name() -> None:
    assert normalise("Harris County Sheriff’s Office", "ORG") == "Harris County Sheriff's Office"
    resolution = _resolve(
        {
            "a": (
                "The Harris County Sheriff’s Office is investigating.",
                [("Harris County Sheriff’s Office", "ORG")],
            ),
            "b": (
                "The Harris County Sheriff's Office made an arrest.",
                [("Harris County Sheriff's Office", "ORG")],
            ),
        }
    )
    assert [(a.name, a.articles) for a in resolution.actors] == [
        ("Harris County Sheriff's Office", ("a", "b"))
    ]


def test_a_generic_office_takes_the_full_name_of_its_article_or_is_not_published() -> None:
    harris = (
        "The Harris County Sheriff's Office was called at 2 a.m. The Sheriff's Office said a man was shot."
    )
    pasco = "Deputies of the Pasco County Sheriff's Office arrived. The Sheriff's Office has not named him."
    bare = "The Sheriff's Office said the road would stay closed."
    resolution = _resolve(
        {
            "a": (harris, [("Harris County Sheriff's Office", "ORG"), ("Sheriff's Office", "ORG")]),
            "b": (pasco, [("Pasco County Sheriff's Office", "ORG"), ("Sheriff's Office", "ORG")]),
            "c": (bare, [("Sheriff's Office", "ORG")]),
        }
    )
    pages = {a.name: a.mentions for a in resolution.actors}
    assert pages == {"Harris County Sheriff's Office": {"a": 2}, "Pasco County Sheriff's Office": {"b": 2}}


def test_a_car_make_used_as_a_description_is_no_actor() -> None:
    text = "The gunman fled in a silver Honda. Witnesses saw a 2005 Chevrolet Impala. Toledo Police said."
    names = [("Honda", "ORG"), ("Chevrolet", "ORG"), ("Toledo Police", "ORG")]
    assert list(_names(_resolve({"a": (text, names)}))) == ["Toledo Police"]


def test_department_of_x_and_x_department_are_one() -> None:
    a = "The Justice Department opened an inquiry into the shooting."
    b = "The Department of Justice said it would review the case."
    resolution = _resolve(
        {"a": (a, [("Justice Department", "ORG")]), "b": (b, [("Department of Justice", "ORG")])}
    )
    assert [a.articles for a in resolution.actors] == [("a", "b")]


def test_a_descriptor_glued_to_a_name_is_dropped() -> None:
    text = "Drugmaker Pfizer said the doses were ready. Pfizer will ship them on Monday."
    found = _names(_resolve({"a": (text, [("Drugmaker Pfizer", "ORG"), ("Pfizer", "ORG")])}))
    assert found == {"Pfizer": "organisation"}


def test_a_nationality_word_is_its_country_only_before_a_state_word() -> None:
    game = "He died playing Russian roulette with a friend's gun."
    state = "Russian officials denied the report on Tuesday."
    resolution = _resolve({"a": (game, [("Russian", "NORP")]), "b": (state, [("Russian", "NORP")])})
    assert [(a.name, a.articles) for a in resolution.actors] == [("Russia", ("b",))]


def test_key_actors_are_central_to_their_storyline_not_frequent_everywhere() -> None:
    def article(aid: str) -> Article:
        return Article(aid, f"{aid}.txt", "t", "lead", None, "none", ("x",))

    ranked = {
        "a1": ("china", "austin", "kishi", "russia"),
        "a2": ("china", "kishi", "austin"),
        "b1": ("china", "russia", "blinken"),
        "c1": ("china", "kishida"),
    }
    first, *_ = key_actors([[article("a1"), article("a2")], [article("b1")], [article("c1")]], ranked)
    assert first[:2] in (("austin", "kishi"), ("kishi", "austin"))
    assert first.index("kishi") < first.index("russia") < first.index("china")
