"""Surface forms of names: normalisation, titles captured as roles, and model noise."""

from __future__ import annotations

import re
from functools import lru_cache

# Words that head a title before a name: "Defense Minister", "press secretary", "Sheriff".
ROLE_HEADS = (
    "minister|secretary|president|vice-president|premier|chancellor|adviser|advisor|spokesman|"
    "spokeswoman|spokesperson|governor|senator|sen\\.|representative|rep\\.|congressman|"
    "congresswoman|mayor|chief|director|ambassador|envoy|sheriff|officer|commissioner|"
    "chairman|chairwoman|chair|ceo|leader|king|queen|prince|princess|general|gen\\.|admiral|"
    "colonel|col\\.|captain|capt\\.|lieutenant|lt\\.|sergeant|sgt\\.|detective|det\\.|"
    "deputy|trooper|attorney|prosecutor|judge|justice|coach|pope|emperor|dictator|"
    "superintendent|principal|councilman|councilwoman|assemblyman|assemblywoman"
)
# Lower-case words that may stand inside a title: "national security adviser".
ROLE_MODIFIERS = (
    "national|security|press|foreign|defen[cs]e|deputy|vice|chief|top|prime|former|acting|"
    "police|district|county|state|senior|assistant|associate|executive|general|interior|"
    "finance|trade|home|health|justice|economy|economic|energy|army|navy|fire|city|public|"
    "information|communications"
)
# Abbreviated titles that the model sometimes reads as a name ("Def Min", "FM").
# Abbreviated ranks, which never end a person's name: "Auburn Det" (from "Auburn Det. John Doe").
RANK_ABBREVIATIONS = frozenset(
    {"det", "cpl", "sgt", "lt", "capt", "col", "maj", "pfc", "spc", "ofc", "insp", "supt", "cmdr"}
    | {"gov", "sen", "rep"}
)
TITLE_ABBREVIATIONS = frozenset({"def", "min", "fm", "pm", "sec", "pres", "amb", "dept"} | RANK_ABBREVIATIONS)
_TITLE_WORD = rf"(?:[A-Z][\w.’'&-]*|(?:{ROLE_MODIFIERS}))"
ROLE_BEFORE = re.compile(
    rf"(?P<role>(?:{_TITLE_WORD}\s+){{0,5}}(?i:{ROLE_HEADS})(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*)?)\s*$"
)
HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|prof|sir|dame|lord|lady|president|prime minister|gov|sen|rep|"
    r"gen|col|capt|lt|sgt|det|officer|sheriff|judge|mayor|pope|king|queen|prince|princess)\.?\s+)+",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_EDGE_CHARS = " ,;:!?\"'“”‘’()[]{}-–—/*|"
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\.[A-Za-z]|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St))\.$")
_ARTICLE = re.compile(r"^the\s+", re.I)
_PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "ʼ": "'"})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)  # the same names recur across thousands of articles
def normalise(surface: str, label: str) -> str:
    """The form a mention is grouped by: typographic quotes made plain ("Sheriff’s Office" is
    "Sheriff's Office"), no leading 'the', possessive, honorific or edge punctuation."""
    text = _SPACE.sub(" ", surface.translate(_PLAIN_QUOTES)).strip()
    text = _POSSESSIVE.sub("", text)
    text = _ARTICLE.sub("", text)
    if label == "PERSON":
        text = HONORIFICS.sub("", text)
    text = text.strip(_EDGE_CHARS)
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1].rstrip(_EDGE_CHARS)
    return text


# The last word of a name that makes it a street or an institution, never a person, whatever the
# model says ("Martin Luther King Drive", "Ben Taub Hospital"). Words that are also surnames
# ("Lane", "Street", "Park", "Church", "Court") are left out: the rule must not misfile people.
_STREETS = (
    "drive road avenue boulevard highway parkway expressway freeway turnpike ave ave. blvd blvd. rd rd. hwy"
)
_INSTITUTIONS = (
    "hospital clinic school college university academy institute office department police cemetery prison "
    "jail restaurant apartments center centre"
)
STREET_HEADS = frozenset(_STREETS.split())
INSTITUTION_HEADS = frozenset(_INSTITUTIONS.split())


# Where patients are taken: a hospital is a place in the news, not an actor ("were taken to Mount
# Sinai Hospital"); the last word or two of its name say so.
_CARE_HEADS = frozenset({"hospital", "hospitals", "infirmary", "healthcare"})
# Venues, where things happen: "Bunny Friend Playground", "Chalk Linez Barber Shop", "Grand Theatre".
_VENUES = (
    "playground plaza shop store mall motel hotel inn theatre theater cafe café grill tavern pub lounge "
    "nightclub supermarket st st. terrace"
)
_VENUE_HEADS = frozenset(_VENUES.split())
_CARE_TAILS = frozenset(
    {"medical center", "medical centre", "health center", "trauma center", "health system", "youth center"}
    | {"detention center", "juvenile center", "correctional center", "justice center", "detention facility"}
)


def is_care_place(surface: str) -> bool:
    """Whether a place name is where people are taken (a hospital, a medical, trauma or detention
    center) by its last word or two: not where a story happened."""
    words = surface.lower().split()
    return bool(words) and (words[-1] in _CARE_HEADS or " ".join(words[-2:]) in _CARE_TAILS)


def not_a_person(surface: str) -> str | None:
    """The kind a name of two words or more is by its last word ("place" for a street or a
    hospital, "organisation" for an institution), or None when that word says nothing."""
    words = surface.split()
    if len(words) < 2:
        return None
    last = words[-1].lower()
    if (
        last in STREET_HEADS
        or last in _CARE_HEADS
        or last in _VENUE_HEADS
        or " ".join(words[-2:]).lower() in _CARE_TAILS
    ):
        return "place"
    return "organisation" if last in INSTITUTION_HEADS else None


# The last word of what the model calls an organisation that makes it a place: words that are also
# surnames, so not_a_person cannot use them ("Capitol Hill", "Harris County", "Lincoln Park").
_PLACES = (
    "hill hills heights park square beach lake springs village ridge valley creek island islands county "
    "parish township borough"
)
_PLACE_ENDS = frozenset(_PLACES.split())


def not_an_organisation(surface: str) -> bool:
    """Whether a name of two words or more the model calls an organisation is a place by its last word."""
    words = surface.split()
    return len(words) > 1 and words[-1].lower() in _PLACE_ENDS


# The head nouns that end the name of a site (a street, a building, a facility, a venue) rather than
# of a town, a region or a country: "Main Street", "Mount Sinai Hospital", "Lincoln Park". One
# vocabulary for the two ways resolve tells a site: by the name itself (`names_a_site`) and by the
# words after a place's name where it is mentioned (`cues.SITE`: "[Stroger] Hospital").
_SITE_WORDS = (
    "hospital hospitals clinic infirmary school academy university college institute church "
    "cathedral chapel mosque synagogue temple cemetery stadium arena mall plaza library museum airport "
    "station prison jail penitentiary hotel motel inn apartments courts homes street st. avenue ave. "
    "road rd. boulevard blvd. drive lane bridge court way place row alley tunnel terminal building "
    "tower towers field hall house base camp facility complex campus garage market zoo gardens pier "
    "dam trail circle terrace crossing bar club stop"
)
SITE_HEADS = frozenset(_SITE_WORDS.split())
# Heads that end a neighbourhood's or a town's name as often as a site's ("Oak Park", "Humboldt
# Park"): a site only where a place's name stands before it ("[Dayton] Park"), not by the name.
PLACE_OR_SITE_HEADS = frozenset({"park"})
# Also the last word of an agency the model took for a place ("Orange County Sheriff"): words
# `not_a_person` leaves out because they are also surnames, and no site's head after a place's name.
_AGENCY_ENDS = frozenset({"health", "sheriff", "patrol"})
_SITE_ENDS = SITE_HEADS | _AGENCY_ENDS
_DIGIT = re.compile(r"\d")


def names_a_site(surface: str) -> bool:
    """Whether a place name is a site (a street, an address, a hospital, a venue, a building), not a
    town, a region or a country: a number in it ("1200 Main", "I-95"), or a last word of a street,
    an institution, a venue or another facility ("Main Street", "Mount Sinai Hospital")."""
    words = surface.split()
    if not words or _DIGIT.search(surface):
        return True
    return not_a_person(surface) is not None or (len(words) > 1 and words[-1].lower() in _SITE_ENDS)


_HEAD_WORDS = frozenset(ROLE_HEADS.replace("\\", "").split("|"))
_OWNER_WORDS = _HEAD_WORDS | {"department", "ministry", "office"}


def _previous_words(text: str, start: int, count: int) -> list[str]:
    return [w.lower().strip(",;:") for w in text[max(0, start - 12 * count) : start].split()[-count:]]


def role_words_before(text: str, start: int) -> str:
    """The title-like words just before a person's name at `start`, untrimmed ("US Defense
    Secretary" before "Lloyd Austin"; "" when there are none)."""
    before = _previous_words(text, start, 3)
    if not before or not (before[-1] in _HEAD_WORDS or (len(before) == 3 and before[-2] == "of")):
        return ""  # cheap test first: most names have no title right before them
    window = text[max(0, start - 80) : start]
    window = window.split("\n")[-1]
    match = ROLE_BEFORE.search(window)
    return match.group("role") if match else ""


def trim_role(words_before: str, country_words: set[str]) -> str | None:
    """`role_words_before` without what is not part of the title: articles, nationalities, owners
    ("Japan's"); None unless a title head word remains."""
    words = words_before.split()
    while words and (
        words[0].lower() in {"the", "a", "an", "and", "of", "for"}
        or _POSSESSIVE.sub("", words[0]).lower() in country_words
        or (words[0][0].isupper() and words[0].lower().rstrip(".") in {"said", "says", "by", "with"})
    ):
        words.pop(0)
    if not words:
        return None
    role = " ".join(words)
    return role if _ROLE_HEAD.search(role) else None


_ROLE_HEAD = re.compile(rf"(?i:{ROLE_HEADS})")


def mention_context(text: str, mention: str, label: str, start: int, end: int) -> tuple[bool, bool, str, str]:
    """What the text around a mention says about it, for the resolve stage: whether it is a word of
    a title, whether it names a document, the acronym written after it ("(NPT)"), and the
    title-like words before it. Computed once per mention at extraction and cached with it."""
    acronym = _ACRONYM_AFTER.match(text, end, end + 14) if "(" in text[end : end + 3] else None
    other = label != "PERSON"
    return (
        other and is_title_part(text, start, end),
        other and is_document(normalise(mention, label), text, start),
        acronym.group(1) if acronym else "",
        role_words_before(text, start),
    )


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z.&]{1,9})\)")


_TITLE_WORD_ONLY = re.compile(rf"^(?i:{ROLE_HEADS}|{ROLE_MODIFIERS})$")


@lru_cache(maxsize=1 << 16)
def is_title_only(surface: str) -> bool:
    """Whether every word of a name is a title or its abbreviation ("Def Min", "President")."""
    words = surface.split()
    return all(w.lower().rstrip(".") in TITLE_ABBREVIATIONS or _TITLE_WORD_ONLY.match(w) for w in words)


# Titles that end what the model calls a person's name ("Anderson County Sheriff"); words that are also
# surnames (King, Judge, General) are left out.
_TITLES = (
    "sheriff mayor commissioner superintendent prosecutor spokesman spokeswoman spokesperson trooper "
    "detective deputy councilman councilwoman coroner chief director officer attorney senator governor "
    "secretary minister president"
)
_TITLE_ENDS = frozenset(_TITLES.split())


def ends_in_title(surface: str) -> bool:
    """Whether a name of two words or more ends in a title ("Anderson County Sheriff"): an office."""
    words = surface.split()
    return len(words) > 1 and words[-1].lower() in _TITLE_ENDS


def ends_in_rank(surface: str) -> bool:
    """Whether a name of two words or more ends in an abbreviated rank ("Auburn Det", "ACSO Sgt")."""
    words = surface.split()
    return len(words) > 1 and words[-1].lower().rstrip(".") in RANK_ABBREVIATIONS


# Head words of documents, laws and plans: named, but not actors ("National Security Strategy",
# "Treaty on the Non-Proliferation of Nuclear Weapons", "Affordable Care Act").
DOCUMENT_WORDS = frozenset(
    [
        "treaty",
        "act",
        "convention",
        "agreement",
        "accord",
        "accords",
        "strategy",
        "protocol",
        "charter",
        "constitution",
        "doctrine",
        "bill",
        "law",
        "resolution",
        "declaration",
        "pact",
    ]
)


def is_document(surface: str, text: str, start: int) -> bool:
    """Whether a name is a document's ("... Strategy") or part of one ("Treaty on the ...")."""
    words = surface.lower().split()
    if words and (
        words[-1] in DOCUMENT_WORDS
        or (len(words) > 2 and words[0] in DOCUMENT_WORDS and words[1] in ("on", "of", "for"))
    ):
        return True
    before = text[max(0, start - 40) : start].split()[-3:]
    if before[-1:] == ["the"]:
        before = before[:-1]
    return (
        len(before) >= 2
        and before[-1] in ("on", "of", "for")
        and before[-2][:1].isupper()  # a name: "Treaty on the ...", not "a treaty on the ..."
        and before[-2].lower() in DOCUMENT_WORDS
    )


def is_title_part(text: str, start: int, end: int) -> bool:
    """Whether a mention is a word of a title ("Defense" Minister, Secretary of "State")."""
    after = text[end : end + 30].split(maxsplit=1)
    if text[end : end + 1].isspace() and after and after[0].lower() in _HEAD_WORDS:
        return True
    if not text[max(0, start - 5) : start].lower().endswith(("of ", "for ", "the ")):
        return False  # cheap test first: most names follow none of these words
    before = _previous_words(text, start, 3)
    if before[-1:] == ["the"]:
        before = before[:-1]
    return len(before) >= 2 and before[-1] in ("of", "for") and before[-2] in _OWNER_WORDS


# A word that only one part-of-speech list holds tells which list is which: the lookups file
# keys its lists by spaCy string hashes, and reading it must not cost importing spaCy.
_POS_PROBES = {"noun": "giraffe", "verb": "eat", "adj": "happy", "adv": "quickly"}


@lru_cache(maxsize=8)
def common_words(model: str, parts: tuple[str, ...] = ("verb", "adj", "adv")) -> frozenset[str]:
    """English words of the given parts of speech, from the model package's lemmatizer lookups
    (WordNet lists), or nothing when the package has none.

    A capitalised word seen alone that is also a verb, adjective or adverb ("Alarm over ...") is
    not a name; a single common noun ("Treaty") is weak evidence of an organisation.
    """
    try:
        import importlib.util
        from pathlib import Path

        import srsly

        spec = importlib.util.find_spec(model)
        if spec is None or spec.origin is None:
            return frozenset()
        found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"))
        if not found:
            return frozenset()
        tables = srsly.msgpack_loads(found[0].read_bytes())["lemma_index"]
        lists = [set(words) for words in tables.values() if isinstance(words, list)]
        wanted = [_POS_PROBES[p] for p in parts]
        return frozenset(
            w
            for words in lists
            if any(p in words for p in wanted) and not _other_probe(words, parts)
            for w in words
        )
    except Exception:  # a model without lookups: the rules that need them are simply off
        return frozenset()


def _other_probe(words: set[str], parts: tuple[str, ...]) -> bool:
    """Whether a list holds the probe word of a part of speech that was not asked for."""
    return any(probe in words for pos, probe in _POS_PROBES.items() if pos not in parts)
