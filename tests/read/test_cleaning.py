"""Raw-text cleanup (boilerplate, bylines, headlines, dates, openings) and headlines made from leads."""

from __future__ import annotations

from datetime import date

import pytest

from generator.read.cleaning import (
    boilerplate_name,
    clean_text,
    drop_outlet,
    first_sentence,
    is_stamp_line,
    normalise,
    split_stamps,
    strip_credits,
    strip_opening,
)
from generator.read.dates import find_date, parse_date
from generator.read.headlines import lead_title


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Image: AP",
        "Image: AP | Image:self",
        "(Image: AP)",
        "(With inputs from agencies)",
        "(AP Photo/Evan Vucci)",
        "Updated November 29th, 2021 at 07:35 IST",
        "Published: 2022-05-06",
        "Created: 01/26/2015 1:24 PM KSTP.com",
        "Click here to read the full report",
        "Read more",
        "Share this article",
        "Follow us on Twitter and Facebook",
        "Subscribe to our newsletter",
        "https://example.com/story?id=1",
        "Copyright 2015 The Associated Press. All rights reserved. This material may not be published.",
        "(Source: Sun-Times Media Wire © Chicago Sun-Times 2015. All rights reserved.)",
        "Please enable Javascript to watch this video",
        "Like this: Like Loading...",
        "Scroll down for video",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_name(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Japan-US ties",
        "Lloyd Austin speaks to his Chinese counterpart",
        "The images show damage to the port.",
        "Published reports say the talks stalled.",
        "Updated figures show growth slowed.",
        "Advertisement revenue fell sharply in March.",
        "Copyright infringement cases rose sharply last year, the court said.",
        "He said all rights reserved by the union were waived.",
    ],
)
def test_story_text_is_not_boilerplate(line: str) -> None:
    assert boilerplate_name(line) is None


def test_byline_becomes_author_and_leaves_body() -> None:
    cleaned = clean_text("Talks held\n\nReported by: Jane Roe\nAdvertisement\n\nThe talks were held.")
    assert cleaned.author == "Jane Roe"
    assert cleaned.paragraphs == ("The talks were held.",)
    assert cleaned.headline == "Talks held"


def test_single_newline_files_give_one_paragraph_per_line() -> None:
    cleaned = clean_text("First paragraph here.\nSecond paragraph here.\nImage: AP")
    assert cleaned.paragraphs == ("First paragraph here.", "Second paragraph here.")


def test_control_characters_and_odd_spaces_are_normalised() -> None:
    assert normalise("a\x00b\u00a0 c\r\nd\te") == "ab c\nd\te"


def test_date_header_is_stripped_and_wins() -> None:
    cleaned = clean_text(" date 2022-04-21 Kishi met Austin on May 4, 2022.")
    assert (cleaned.date, cleaned.date_source) == (date(2022, 4, 21), "header")
    assert cleaned.paragraphs == ("Kishi met Austin on May 4, 2022.",)


def test_updated_beats_published() -> None:
    cleaned = clean_text(
        "Published May 1, 2022 at 10:00 IST\n\nBody text.\n\nUpdated May 2, 2022 at 10:00 IST"
    )
    assert (cleaned.date, cleaned.date_source) == (date(2022, 5, 2), "updated")


def test_caption_date_beats_text_date() -> None:
    text = (
        "Talks were first proposed on April 1, 2022.\n\nThe two men at the Pentagon on May 4, 2022. (Kyodo)"
    )
    cleaned = clean_text(text)
    assert (cleaned.date, cleaned.date_source) == (date(2022, 5, 4), "caption")


def test_dateline_date_takes_year_from_text() -> None:
    cleaned = clean_text(
        "WASHINGTON, May 4 (Reuters) - Biden met Kishida.\n\nA deal was signed on March 3, 2022."
    )
    assert (cleaned.date, cleaned.date_source) == (date(2022, 5, 4), "dateline")


def test_full_date_in_text() -> None:
    cleaned = clean_text("The treaty was signed on 8 September 1951 in San Francisco.")
    assert (cleaned.date, cleaned.date_source) == (date(1951, 9, 8), "text")


def test_weekday_only_is_not_a_date() -> None:
    cleaned = clean_text("Officials said Thursday that talks would resume in early May.")
    assert (cleaned.date, cleaned.date_source) == (None, "none")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-05-04", date(2022, 5, 4)),
        ("2022-05-04T10:00:00Z", date(2022, 5, 4)),
        ("November 29th, 2021", date(2021, 11, 29)),
        ("4 May 2022", date(2022, 5, 4)),
        (date(2020, 1, 2), date(2020, 1, 2)),
        ("Thursday", None),
        ("2022-13-45", None),
        ("soon", None),
        (12, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_find_date_needs_day_month_and_year() -> None:
    assert find_date("in March 2021 and on Wednesday") is None
    assert find_date("hold talks near Washington on May 4, 2022. (Kyodo)") == date(2022, 5, 4)


def test_first_sentence_skips_abbreviations() -> None:
    text = "The U.S. Defense Secretary met Mr. Kishi. He left."
    assert first_sentence(text) == "The U.S. Defense Secretary met Mr. Kishi."


def test_short_lead_becomes_whole_title() -> None:
    assert (
        lead_title("Kishi met Austin at the Pentagon. More followed.") == "Kishi met Austin at the Pentagon"
    )


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        # datelines, with a year, an agency credit or a bracketed place
        (
            "RIVERTON, Oct. 14, 2026 — The city council approved a new budget for the library on Tuesday.",
            "The city council approved a new budget for the library",
        ),
        ("TOKYO (AP) — Japan and the Philippines signed a defense pact late Tuesday night.", None),
        (
            "(MILLBROOK) - Two bakeries on Elm Street closed their doors.",
            "Two bakeries on Elm Street closed their doors",
        ),
        ("HAWTHORNE — SpaceX launched its rocket.", "SpaceX launched its rocket"),
        # attribution at the end or the start
        (
            "Two men were arrested after a fight outside a bar on Main Street, police said.",
            "Two men were arrested after a fight outside a bar on Main Street",
        ),
        (
            "The bridge will stay closed until the spring, according to officials.",
            "The bridge will stay closed until the spring",
        ),
        (
            "Police said a woman was injured when her car struck a tree near the school.",
            "A woman was injured when her car struck a tree near the school",
        ),
        # a time phrase inside, then cut before the rest of the sentence
        (
            "The school board voted earlier this week to close two elementary schools in the north of the "
            "county, a spokeswoman said.",
            "The school board voted to close two elementary schools",
        ),
        # a long relative clause on the subject: the cut comes after the main verb, never inside it
        (
            "A man who was found injured near the river by two joggers early on Sunday morning has died at a "
            "hospital in the city, the county coroner said.",
            "A man who was found injured near the river by two joggers has died at a hospital",
        ),
        # an appositive between commas goes, and a relative clause at the end
        (
            "Jane Roe, a 34-year-old nurse from Riverton, was charged on Monday with stealing drugs from the "
            "hospital where she worked for nine years.",
            "Jane Roe was charged with stealing drugs from the hospital",
        ),
        ("Is the city ready for another flood?", "Is the city ready for another flood?"),
        # a quotation with its speaker
        ('"We will not back down," the mayor said on Tuesday.', "Mayor: “We will not back down”"),
        (
            "“The water came in fast,” said Maria Lopez, who lives by the creek.",
            "Maria Lopez: “The water came in fast”",
        ),
    ],
)
def test_lead_title_is_the_main_clause(lead: str, title: str | None) -> None:
    made = lead_title(lead)
    assert made == (title or "Japan and the Philippines signed a defense pact")
    assert "…" not in made and not made.endswith(".")


def test_lead_title_keeps_a_second_clause_about_the_first_out() -> None:
    title = lead_title(
        "A 16-year-old accidentally shot himself on Sunday, and he could face charges, police said."
    )
    assert title == "A 16-year-old accidentally shot himself"


def test_lead_title_keeps_what_a_verb_or_an_idiom_needs() -> None:
    urged = lead_title(
        "The county council and the school board urged a reluctant state legislature to repay the money "
        "it borrowed from the pension fund last year."
    )
    assert not urged.endswith("legislature")  # "urged X" needs its "to repay ..."
    assert urged.startswith(
        "The county council and the school board urged a reluctant state legislature to repay"
    )
    arrested = lead_title(
        "Police arrested a second man in connection with the robbery of a jewelry store on Main Street in "
        "Riverton on Friday."
    )
    assert not arrested.endswith(("connection", "in"))
    assert arrested.startswith("Police arrested a second man in connection with the robbery")


def test_lead_title_drops_an_appositive_holding_a_relative_clause() -> None:
    title = lead_title(
        "Mary Smith, a retired teacher who ran the food bank for twenty years, died on Monday at her home in "
        "Riverton."
    )
    assert title == "Mary Smith died at her home in Riverton"


def test_long_lead_title_never_ends_on_a_function_word_nor_inside_a_name() -> None:
    title = lead_title(
        "Officials of the ministry and the agency of the government of the region of the north of the "
        "country met the press of the capital today after a long meeting with the governor of North Dakota."
    )
    words = title.split()
    assert "…" not in title and len(words) <= 25
    assert words[-1].lower() not in {"of", "the", "and", "to", "a", "with"}
    assert "today" not in words and words[-1] != "North"


@pytest.mark.parametrize(
    "opening",
    [
        "Updated 5:45 PM ",
        "By Jane Doe — ",
        "(AP) — ",
        "Updated: Oct. 14, 2026 5:45 p.m. ET RIVERTON, Oct. 14, 2026 — ",
        "RIVERTON | ",
        "AP RIVERTON, Ore. — ",
        "A A RIVERTON — ",
        "RIVERTON - Update: ",
    ],
)
def test_strip_opening_drops_datelines_credits_and_stamps(opening: str) -> None:
    assert strip_opening(opening + "The mayor resigned.") == "The mayor resigned."


@pytest.mark.parametrize(
    "text", ["Posted guards stood at the gate.", "By the river, a man fished.", "(AP) —", "A A battery died."]
)
def test_strip_opening_keeps_prose(text: str) -> None:
    assert strip_opening(text) == text


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [
        (
            "4 Teens Hurt In Drive-By Shooting In Brentwood « CBS San Francisco",
            "sanfrancisco.cbslocal.com:80",
            "4 Teens Hurt In Drive-By Shooting In Brentwood",
        ),
        (
            "1 dead, 3 injured in Shreveport shooting - KSLA News 12 Shreveport, Louisiana News Weather",
            "www.ksla.com:80",
            "1 dead, 3 injured in Shreveport shooting",
        ),
        (
            "Woman, 29, charged in shooting at Smithfield sports bar :: WRAL.com",
            "www.wral.com",
            "Woman, 29, charged in shooting at Smithfield sports bar",
        ),
        (
            "CBS 58 - Two Shot Friday Night including 10-Year-Old Girl",
            "www.cbs58.com",
            "Two Shot Friday Night including 10-Year-Old Girl",
        ),
        (
            "Kishi and Austin meet at the Pentagon - Kyodo News",
            "Kyodo News",
            "Kishi and Austin meet at the Pentagon",
        ),
        # kept: the rest does not name the outlet, or too little would remain
        (
            "Mass Shooting – Killed – Carlton Lewis (Kansas City, MO)",
            "usgunviolence.wordpress.com",
            "Mass Shooting – Killed – Carlton Lewis (Kansas City, MO)",
        ),
        ("Shooting - KCTV5", "www.kctv5.com", "Shooting - KCTV5"),
        (
            "Ex-Kyodo chief - a profile of the new editor",
            "Kyodo News",
            "Ex-Kyodo chief - a profile of the new editor",
        ),
        ("Four shot in Dayton - WHIO", None, "Four shot in Dayton - WHIO"),
    ],
)
def test_outlet_name_is_dropped_from_titles(title: str, source: str | None, expected: str) -> None:
    assert drop_outlet(title, source) == expected


def test_gallery_widget_residue_is_removed() -> None:
    raw = (
        "Photo: 21 Pro Video Image 1 of / 11 Caption Close gallery_thumbnails_show|article-gallery-6390430|"
        "article-gallery-6390430|0 Image 1 of 11 San Antonio police investigate the scene of a shooting.\n\n"
        "photo_prev_inline|article-gallery-5845524|article-gallery-5845524|0\n\n"
        "Follow @Topeka_Police for updates. Facebook | Twitter"
    )
    paragraphs = clean_text(raw).paragraphs
    assert paragraphs[0] == "Photo: 21 Pro Video San Antonio police investigate the scene of a shooting."
    assert paragraphs[1:] == ("Follow @Topeka_Police for updates. Facebook | Twitter",)


def test_page_stamps_glued_to_a_headline_are_split_off() -> None:
    raw = (
        "Police arrest second suspect in deadly Cedar Grove shooting Posted: Wednesday, March 6, 2013"
        " 1:55 PM EST Updated: Wednesday, March 20, 2013 1:58 PM EST Posted:Updated:\n\n"
        "Police arrested a second man on Tuesday in the shooting that killed two people."
    )
    cleaned = clean_text(raw)
    assert cleaned.headline == "Police arrest second suspect in deadly Cedar Grove shooting"
    assert (cleaned.date, cleaned.date_source) == (date(2013, 3, 20), "updated")  # as on a line of its own
    assert cleaned.paragraphs == (
        "Police arrested a second man on Tuesday in the shooting that killed two people.",
    )


@pytest.mark.parametrize(
    "line",
    [
        "The sheriff said the video was posted: nobody has come forward since March 6, 2013.",
        "Updated: March 6, 2013 police said the man fled after firing several shots at the house",
        "Officers wrote in the report Posted: see the attached statement",
        "The video was posted: March 6, 2013.",
        "Police said it was updated: May 4, 2015 at 6 PM",
    ],
)
def test_text_that_only_mentions_posting_is_kept_whole(line: str) -> None:
    assert split_stamps(line) == (line, [])


def test_last_updated_stamp_is_split_off_whole() -> None:
    head, stamps = split_stamps("Police arrest suspect Last Updated: March 2, 2013 7:39 AM EST")
    assert (head, stamps) == ("Police arrest suspect", [("updated", date(2013, 3, 2))])


@pytest.mark.parametrize(
    "line",
    [
        "Created 20 years ago, the fund has helped families.",
        "Created March 2010, the program serves 400 kids.",
    ],
)
def test_created_in_prose_is_not_a_stamp(line: str) -> None:
    assert boilerplate_name(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "UPDATE SATURDAY 5:45 AM",
        "Update | 5:23 p.m.",
        "03:24",
        "on August 07, 2015 7:15 AM",
        "Sun Apr 14, 2013 10:26 PM EDT",
    ],
)
def test_lines_that_are_only_a_time_stamp_are_furniture(line: str) -> None:
    assert is_stamp_line(line)
    cleaned = clean_text(f"Gunfire at a party\n\n{line}\n\nTwo people were shot at a party on Sunday.")
    assert cleaned.paragraphs == ("Two people were shot at a party on Sunday.",)
    assert cleaned.headline == "Gunfire at a party"


@pytest.mark.parametrize(
    "line",
    [
        "The accidental shooting happened around 1:30 p.m.",
        "NEW YORK 5:30 PM",
        "CNN 4:30 PM ET",
        "Police said 3:30",
    ],
)
def test_text_with_a_clock_time_is_not_a_stamp(line: str) -> None:
    assert not is_stamp_line(line)


def test_a_stamp_lines_date_is_the_publication_date() -> None:
    cleaned = clean_text("on August 07, 2015 7:15 AM\n\nA man was shot on July 30, 2015 in Dayton.")
    assert (cleaned.date, cleaned.date_source) == (date(2015, 8, 7), "published")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "A boy was shot on the west side. (Photo: Daniel Bethencourt, Detroit Free Press) Buy Photo",
            "A boy was shot on the west side.",
        ),
        ("A man was shot in Spring. (Brett Coomer / Houston Chronicle)", "A man was shot in Spring."),
        ("Police at the scene on Monday (AP Photo/Charles Rex Arbogast)", "Police at the scene on Monday"),
        (
            "Six people died in the house. Photo: Cody Duty, Houston Chronicle",
            "Six people died in the house. Houston Chronicle",
        ),
        ("He said 24/7 coverage (and/or more) was needed: Police agreed.", None),
        ("Read the report (Part 1/2) before the hearing.", None),
    ],
)
def test_photo_credits_inside_a_line_are_dropped(line: str, expected: str | None) -> None:
    assert clean_text(f"Gunfire at a party\n\n{line}").paragraphs == (expected or line,)
    if expected is None:
        assert strip_credits(line) == line
