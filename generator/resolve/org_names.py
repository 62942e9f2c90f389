"""Classes of organisation names by their form: outlets, generic local offices, diseases, and the
key that makes "Department of Justice" and "Justice Department" one name."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

# US broadcast call letters (four letters starting K or W, maybe with a band or a channel:
# "KDKA", "WKRN-TV", "KCTV5"), a network or "Channel" with its channel number ("NBC 10", "Channel 3",
# "ABC13"), and names whose words are those of newspapers, stations and wires.
_CALL_LETTERS = re.compile(r"^[KW][A-Z]{3}(?:-?(?:TV|FM|AM|DT|HD|\d{1,2}))?\d{0,2}(?:\.com)?$")
_CHANNEL = re.compile(r"^(?:[A-Z]{2,5}|Fox|FOX|Channel|CW)\s?\d{1,2}\b")
_OUTLET_WORDS_TEXT = (
    "news radio tribune times chronicle journal gazette herald press broadcasting television tv channel "
    "inquirer dispatch courier magazine newspaper newspapers post-gazette sun-times journal-constitution "
    "star-telegram star-ledger newsroom network networks broadcast media"
)
_OUTLET_WORDS = frozenset(_OUTLET_WORDS_TEXT.split())
_WEB_NAME = re.compile(r"\.(?:com|net|org)\b", re.I)


@lru_cache(maxsize=1 << 16)
def outlet_by_form(surface: str) -> bool:
    """Whether a name is, by its form alone, a news outlet, station or wire ("WKRN", "NBC 10",
    "Chicago Tribune", "Channel 2 Action News", "CBSDFW.COM")."""
    words = surface.replace("/", " ").split()
    if not words:
        return False
    if _CALL_LETTERS.match(words[0]) or _CHANNEL.match(surface) or _WEB_NAME.search(surface):
        return True
    return any(w.lower().strip(".,") in _OUTLET_WORDS for w in words)


# The words of local offices every county and city has: a name made only of them ("Sheriff's Office",
# "Police Department", "District Court", "Medical Examiner") names a different office in each story;
# so does a word for the state as a party in court ("the Commonwealth", "the State").
_OFFICE_WORDS_TEXT = (
    "sheriff sheriffs office department dept police fire court courts district circuit superior county "
    "city municipal state patrol highway examiner medical coroner attorney attorneys prosecutor "
    "prosecutors jail council board school schools division unit bureau squad homicide crime stoppers "
    "crimestoppers emergency services service management commission commissioners clerk parish borough "
    "township village town commonwealth public safety corrections correctional metro metropolitan general "
    "sessions common pleas probate juvenile family criminal investigations investigation investigative "
    "detective detectives task force authority housing transit rescue regional area local"
)
_OFFICE_WORDS = frozenset(_OFFICE_WORDS_TEXT.split())
# "xPD", "xSO", "xFD": the acronym of a local police, sheriff's or fire department.
_LOCAL_ACRONYM = re.compile(r"^[A-Z]{1,3}(?:PD|SO|FD|DPS)$")


@lru_cache(maxsize=1 << 16)
def is_generic_office(surface: str) -> bool:
    """Whether a name is only words of a local office ("Sheriff's Office"), such words before a
    board of anything ("State Board of Education": every state and county has one), or a local
    office's acronym ("CPD"): it needs the full name of its article to say whose office it is."""
    if _LOCAL_ACRONYM.match(surface):
        return True
    words = [re.sub(r"['’]s?$", "", w).lower().strip(".,") for w in surface.split()]
    if "board" in words and words.index("board") + 2 < len(words) and words[words.index("board") + 1] == "of":
        words = words[: words.index("board") + 1]  # "Board of Education", "County Board of Elections"
    return bool(words) and all(w in _OFFICE_WORDS for w in words)


_DEPARTMENT_OF = re.compile(
    r"^(?P<owner>(?:u\.?s\.? |us |federal |state )?)department of (?:the )?(?P<what>.+)$"
)
_DEPARTMENT_TAIL = re.compile(r"^(?P<head>.+ (?:police|fire|sheriff's|sheriff))(?: department| dept\.?)$")


# Buildings and quarters whose name stands for the institution seated there (world knowledge, as a
# capital stands for its government): "the Pentagon said" is the Department of Defense speaking.
SEATS = {
    "pentagon": "department of defense",
    "foggy bottom": "department of state",
    "scotland yard": "metropolitan police",
}

_COMPANY_SUFFIX = re.compile(r",?\s+(?:inc|corp|co|ltd|llc|plc|l\.l\.c)\.?$")


@lru_cache(maxsize=1 << 16)
def org_key(lower: str) -> str:
    """One key for the spellings of one organisation's name (lower case in, lower case out):
    "department of justice" and "justice department" -> "justice", "chicago police department" ->
    "chicago police", "department of health and human services" -> "health and human services"."""
    lower = _COMPANY_SUFFIX.sub("", lower)
    match = _DEPARTMENT_OF.match(lower)
    if match:
        return match.group("owner") + match.group("what")
    tail = _DEPARTMENT_TAIL.match(lower)
    if tail:
        return tail.group("head")
    if lower.endswith(" department") and not is_generic_office(lower):
        return lower[: -len(" department")]
    return lower


# Diseases and their agents are topics, not actors: "COVID-19", "H1N1", "Ebola virus".
_DISEASE = re.compile(
    r"(?i:^h\dn\d\b|\b(?:virus|coronavirus|flu|influenza|syndrome|disease|"
    r"fever|cancer|variant|pandemic|epidemic|vaccine|vaccines)$|-19$)"
)


_HOST_NOISE = frozenset({"www", "com", "net", "org", "news", "local", "online", "html", "m", "mobile", "amp"})


def _squash(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


@lru_cache(maxsize=1 << 16)
def names_outlet(surface: str, source: str | None) -> bool:
    """Whether a name is the article's own outlet, given its `source` (a name or a web host):
    "WKRN" for wkrn.com, "CBS" for cbslocal.com, "Houston Chronicle" for houstonchronicle.com."""
    if not source:
        return False
    name = _squash(surface)
    if len(name) < 3:
        return False
    host = source.lower().split("://")[-1].split("/")[0].split(":")[0]
    if " " in host or "." not in host:
        return name == _squash(host)
    labels = [_squash(label) for label in host.split(".") if label not in _HOST_NOISE]
    acronym = surface.isupper() and name.isalpha()  # "CBS" of cbslocal.com
    return any(label == name or (acronym and label.startswith(name)) for label in labels if label)


def is_disease(surface: str) -> bool:
    """Whether a name is a disease, a virus or a vaccine's ("COVID-19", "Delta variant")."""
    return _DISEASE.search(surface) is not None


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    text = files("generator").joinpath("data/common_abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#")


def is_common_abbreviation(surface: str) -> bool:
    """Whether a name is the abbreviation of a common noun ("EMS", "CPR", "K-9"): a dictionary word."""
    return surface.lower() in _abbreviations()


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    import pycountry

    regions = pycountry.subdivisions.get(country_code="US") or []
    return frozenset({r.name.lower() for r in regions} | {r.code.split("-")[1].lower() for r in regions})


# The AP Stylebook's state abbreviations ("Tampa, Fla.", "DAYTON, Ohio (AP)"), by postal code.
_AP_STATES = {
    "AL": "Ala", "AZ": "Ariz", "AR": "Ark", "CA": "Calif", "CO": "Colo", "CT": "Conn", "DE": "Del",
    "DC": "D.C", "FL": "Fla", "GA": "Ga", "IL": "Ill", "IN": "Ind", "KS": "Kan Kans", "KY": "Ky",
    "LA": "La", "MD": "Md", "MA": "Mass", "MI": "Mich", "MN": "Minn", "MS": "Miss", "MO": "Mo",
    "MT": "Mont", "NE": "Neb Nebr", "NV": "Nev", "NH": "N.H", "NJ": "N.J", "NM": "N.M", "NY": "N.Y",
    "NC": "N.C", "ND": "N.D", "OK": "Okla", "OR": "Ore", "PA": "Pa", "RI": "R.I", "SC": "S.C",
    "SD": "S.D", "TN": "Tenn", "TX": "Tex", "VT": "Vt", "VA": "Va", "WA": "Wash", "WV": "W.Va",
    "WI": "Wis Wisc", "WY": "Wyo",
}  # fmt: skip


@lru_cache(maxsize=1)
def _state_names() -> dict[str, str]:
    """A US state's name (casefolded) and its AP abbreviations (as written) -> the state's name."""
    import pycountry

    found: dict[str, str] = {}
    for region in pycountry.subdivisions.get(country_code="US") or []:
        code = region.code.split("-")[1]
        found[region.name.casefold()] = region.name
        for short in _AP_STATES.get(code, "").split():
            found[short] = region.name
    return found


def us_state_name(surface: str) -> str | None:
    """The US state a place name names in full or as AP style abbreviates it ("Fla." -> "Florida",
    "texas" -> "Texas"), else None. Postal codes are left alone: "LA" is as often Los Angeles. An
    abbreviation is capitalised as written ("La." is Louisiana, "la" is not)."""
    text = " ".join(surface.split()).rstrip(".")
    names = _state_names()
    return names.get(text.casefold()) or names.get(text)


def is_region(surface: str) -> bool:
    """Whether a name is a US state's, or its postal code ("Texas", "NJ"): a place (ISO 3166-2)."""
    return surface.lower().rstrip(".") in _us_states()
