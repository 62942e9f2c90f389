"""What the words around a mention say about it, for the resolve stage: a credit or a cited source,
a product or vehicle make used as a description, a word of a longer name, a place, a byline.

Each cue is one letter; `mention_cues` returns the letters that apply (a string, cheap to hash into
`actors.read_digest`)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from operator import and_
from typing import NamedTuple

from ..model import Mention
from .names import PLACE_OR_SITE_HEADS, ROLE_HEADS, SITE_HEADS, normalise

CREDIT = "c"  # "(AP) —", "told CNN", "CNN reported", "© 2014 CBS", "said on CNN", 'CNN's "New Day"'
PRODUCT = "p"  # "a silver Honda", "Ford Explorer SUV", "a YouTube video", "the drug, Aduhelm", a tip line
PART = "f"  # a word of a longer name: "John H. Stroger" Jr. Hospital, "Commonwealth's" Attorney, a law's
PLACE = "l"  # "in Dayton", "of Kent,": a lone word used as a place
BYLINE = "b"  # "John Domen contributed to this report", "Danya Bacchus reports"
DEFINITE = "d"  # "the Pentagon": a common noun used as a name takes "the"
STATE = "g"  # a demonym followed by a state word: "Russian officials", "Chinese military"
SPEAKS = "s"  # a capital followed by what a government does: "Beijing said", "Tokyo's"
NUMBER = "n"  # followed by a number: "U.S. 27" (a road), "NBC 10" (a station)
SHOUTED = "u"  # inside an all-capitals run: "JOINS US LIVE"
INITIAL = "i"  # first word of a sentence: "Detectives said", "Court documents show"
OWNED = "o"  # a unit after its owner's name: "the FBI's Detroit Division", "(ATF) Detroit Field Division"
TAKEN = "t"  # where someone was taken, treated or went: "taken to Mercy Hospital", "visited the Museum"
HUMAN = "h"  # what only a person is or does: "Royal Willrich, 30,", "Ingram pleaded guilty"
ADJOINED = "a"  # a lone word right after a capitalised word: "7-year-old Amiere [Castro]"
QUOTED = "q"  # a name alone in quotation marks, a title or nickname: 'said on "Fox & Friends."'
NAMED_FOR = "e"  # a place's name opening an institution's or a road's: "U.S. Attorney's Office"
# AGE: a person's age given with the name ("Carl Johnson, 19,"): its digits, not a letter.
SITE = "w"  # a place's name followed by a site's head noun: "Stroger Hospital", "Dayton High School"
LAW = "k"  # an acronym a text defines as a law's: "the Affordable Care Act (ACA)"
WHERE = "x"  # a country as where things happen: "moved to the United States", "small-town America"
MODIFIER = "m"  # a country's name describing what follows it: "a naturalized U.S. citizen", "U.S. visa"
PLAYLIST = "v"  # in a list of other videos: "1:11 Brain-dead toddler leaves U.S. for treatment"
ACTS = "r"  # an organisation doing something: "the Senate voted", "Congress will", "the Taliban's"

_COLOURS = (
    "black|white|silver|gray|grey|red|blue|green|tan|gold|maroon|dark|light|beige|brown|burgundy|"
    "champagne|purple|orange|yellow|teal|navy|older|newer|late-model|stolen|\\w+[ -]colou?red|"
    "two-door|four-door"
)
_VEHICLES = (
    "car|cars|sedan|sedans|suv|suvs|truck|trucks|van|vans|pickup|pickups|minivan|coupe|vehicle|vehicles|"
    "motorcycle|hatchback|wagon|convertible|jeep"
)
_PRODUCT_NOUNS = (
    f"{_VEHICLES}|video|videos|app|apps|account|page|post|phone|device|devices|restaurant|store|dealership|"
    "parking"
)
# A make or product after what describes a thing: "a silver Honda", "a 2005 Chevrolet", "his BMW",
# "a dark-colored, Pontiac minivan", "a red or burgundy Nissan".
_BEFORE_PRODUCT = re.compile(
    rf"(?i:\b(?:an?|the|his|her|their|its|my|your)\s+(?:(?:19|20)\d\d[\s,]+|(?:{_COLOURS})(?:[\s,]+|\s+or\s+)){{1,3}}"
    rf"|\b(?:19|20)\d\d\s+|\b(?:his|her|their|my|your)\s+)$"
)
# A tip line, given with its number: "call Crime Solvers at 804-748-0660", "CrimeStoppers at (850) 574-TIPS".
_PHONE_AFTER = re.compile(
    r"^\s+(?:anonymously\s+)?(?:at\s+|on\s+)?(?:\d-)?\(?\d{3}\)?[-\s.]?(?:\d{3}|[A-Z]{4})"
)
# What a product or service does, right after its name: "the city's ShotSpotter system", "a YouTube video".
_PRODUCT_AFTER = re.compile(
    r"^\s+(?:system|systems|technology|software|app|video|videos|account|accounts|page|feed|device|phone|"
    r"post|posts|profile|email|server|servers|platform|program|programme|programs|initiative|scheme)\b"
)
# A platform where something is posted: "posted this video to Instagram", "uploaded to YouTube".
# A product named as one: "the drug, Aduhelm (aducanumab)", "will be sold as Aduhelm", "brand name X".
_NAMED_PRODUCT_BEFORE = re.compile(
    r"(?i:\b(?:the|a|an|its|new)\s+(?:drug|drugs|medication|medicine|treatment|therapy|pill|vaccine|device|"
    r"product|brand|model)\s*,?\s+|\b(?:sold|marketed|branded|known commercially)\s+as\s+|brand[- ]name\s+)$"
)
_POSTED_BEFORE = re.compile(
    r"(?i:\b(?:posted|posting|posts|uploaded|shared|streamed|live-streamed|tweeted|broadcast)\b[\w\s,'’]{0,24}?"
    r"\b(?:on|to|via|onto)\s+)$"
)
# ... unless the name owns the page it was posted on: "posted on the Sheriff's Office website".
_PAGE_AFTER = re.compile(r"^(?:['’]s?|\s+[\w ]{0,20}?\b(?:website|site|page|account|channel|feed)\b)")
_INDEFINITE = re.compile(r"(?i:\ban?)\s+$")
_CLAUSE_END = re.compile(r"^\s*(?:[.,;:)!?]|$)")  # "possibly a Chevy.": a make, a thing
_AFTER_PRODUCT = re.compile(rf"^['’]?s?(?:\s+[A-Z0-9][\w-]*){{0,2}}\s+(?i:{_PRODUCT_NOUNS})\b")
_AFTER_MODEL = re.compile(rf"^(?:\s+[A-Z0-9][\w-]*){{1,2}}\s+(?i:{_VEHICLES})\b")
_CREDIT_BEFORE = re.compile(
    r"(?i:\b(?:told|tell|tells|telling|reported by|said to|confirmed to|spoke with|spoke to|speaking to|"
    r"speaking with|interview with|statement to|listen to|watch|copyright(?:\s+\d{4})?|"
    r"©(?:\s*\d{4})?)\s+(?:the\s+)?)$"
)
# The last letters _CREDIT_BEFORE may end with (told, tell, tells, telling, by, to, with, watch,
# copyright, ©, the; or a year's digit).
_CREDIT_ENDS = frozenset("dlsgyohte©")
_CREDIT_AFTER = re.compile(
    r"^(?:['’]s?)?(?:\s+\d+)?(?:\s+(?:first\s+)?(?:reported|reports|has learned|learned|obtained|contributed|"
    r"affiliate|reporter|correspondent|news partner|partner station|sister station|station)\b"
    r"|['’]s\s+[A-Z][\w.'-]*\s+"
    r"[A-Z][\w'-]*\s+(?:reports|reported|contributed))"
)
# An organisation as the venue someone speaks on ("said Sunday on Newsmax", "in an interview on
# ...", "an appearance on ..."), or owning a programme named in quotes ("... 's "Meet the Press"").
_VENUE_BEFORE = re.compile(
    r"(?i:\b(?:said|says|saying|appeared|appearing|appearance|interview|interviewed|speaking)"
    r"(?:\s+[a-z]*day(?:\s+(?:morning|afternoon|evening|night))?)?\s+on\s+)$"
)
_PROGRAMME_AFTER = re.compile(r"^['’]s?\s+[“\"]")
# A caption's credit: a name alone at the end of a paragraph ("... in Houston. Houston Chronicle"),
# or opening one before the caption ("Houston Chronicle A shooting victim is ...").
_CAPTION_BEFORE = re.compile(r"(?:[.!?]\s+|^|\n)$")
_CAPTION_AFTER = re.compile(r"^\s*(?:\n|$|[A-Z][a-z]*\s+[a-z])")
_PAREN_CREDIT = re.compile(r"^\s*\)\s*(?:[-—–:]|$)")
# A quotation's source named after it, and nothing more: '"... the MAGA throne," MSNBC...' (an
# excerpt cut short), where a speaker would be followed by what they did ("said").
_QUOTE_SOURCE_BEFORE = re.compile(r"[,.!?]\s*[\"”]\s+$")
_QUOTE_SOURCE_AFTER = re.compile(r"^\s*(?:\.\.\.|…)?\s*(?:\n|$)")
_BYLINE_AFTER = re.compile(
    r"^\s*(?:contributed(?: to)? (?:this|the) (?:report|story)|reports\b|reporting\b|reported from\b)"
)
# A reporter's contact line: "Contact Jane Doe: jdoe@example.com or 313-555-0100", "Contact Jane Doe at".
_CONTACT_BEFORE = re.compile(r"(?:^|\n|[.!?]\s+)(?:Contact|Reach|Email)\s+(?:reporter\s+)?$")
_CONTACT_AFTER = re.compile(r"^\s*(?::|at\b)\s*(?:\S+@|\(?\d{3}|@)")
# A site's links to a reporter's page: "Get email notifications on Jane Doe daily!", "More stories by".
_BYLINE_BEFORE = re.compile(r"(?i:\b(?:notifications|alerts|stories|articles|more)\s+(?:on|from|by)\s+)$")
_PART_AFTER = re.compile(
    rf"^(?:,?\s+(?:Jr|Sr|II|III)\.?)?(?:\s+(?:General|Memorial|Regional|Community|Medical|Barber))?\s+(?:Hospital|Shop|Medical|Center|Centre|Memorial|School|University|College|"
    rf"Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Dr\.|Lane|Terrace|Place|Court|Park|County|Parish|"
    rf"Township|Heights|Houses|Jr\. Hospital)(?![\w-])|^['’]s?\s+(?i:{ROLE_HEADS})\b"
)
# The rest of a law's name after a name-like start: "the [Cannabis Administration] and Opportunity Act".
_LAW_AFTER = re.compile(r"^\s+(?:and|of|for|on|to)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}(?:Act|Bill)\b")
# A law's name before an acronym in brackets: "the Affordable Care Act ([ACA])".
_LAW_BEFORE = re.compile(r"\b[A-Z][\w'’-]*\s+(?:Act|Bill|Law|Amendment|Treaty|Accords?)\s+\($")
# An owner before one of its units: "the FBI's Detroit Division", "(ATF) Detroit Field Division",
# "FBI - Detroit Division"; the unit is a fragment, the owner is named by its own mention.
_OWNER_BEFORE = re.compile(
    r"(?:\b[A-Z][\w.&-]*['’]s|\([A-Z][A-Z.&]{1,9}\)|\b[A-Z]{2,6}(?:\s*[-–—:])?)\s+(?:the\s+)?$"
)
_UNIT_END = re.compile(r"(?i:\b(?:division|section|unit|squad|branch|field office|task force))$")
# A site's or an institution's head noun after a place's name, which then names the site, not the
# town: "[Stroger] Hospital", "[Mount Sinai] Medical Center", "[Dayton] High School", "[Lincoln] Park",
# "[Memorial] Hermann Hospital" (one more name word before the head noun).
# Region words ("County", "Township", "Heights") are left out: "[Harris] County" is a place.
_SITE_HEAD = "|".join(
    re.escape(w.capitalize()) for w in sorted(SITE_HEADS | PLACE_OR_SITE_HEADS, key=lambda w: (-len(w), w))
)  # the longest first: "Hospitals" before "Hospital"
_SITE_AFTER = re.compile(
    r"^(?:,?\s+(?:Jr|Sr)\.?)?(?:\s+(?:General|Memorial|Regional|Community|Children['’]s|University|"
    r"Medical|Methodist|Baptist|Presbyterian|Catholic|Christian|Lutheran|Elementary|Middle|High|State|"
    r"Public|Senior|Junior|Trauma|Health|Fire|Police|Bus|Train|County)){0,2}(?:\s+[A-Z][a-z]+)?\s+"
    rf"(?:Medical\s+Cent(?:er|re)|Health\s+Cent(?:er|re)|{_SITE_HEAD})"
    r"(?![\w-])"
)
# Where someone was taken or treated, or went: a hospital, a museum (or any place) in the news, not
# an actor ("visited the Holocaust Museum").
_TAKEN_BEFORE = re.compile(
    r"(?i:\b(?:(?:taken|transported|rushed|driven|flown|airlifted|transferred|admitted)(?:\s+by\s+[\w-]+)?\s+(?:to|into)"
    r"|(?:treated|hospitali[sz]ed|died|pronounced dead|recovering)\s+(?:at|in)"
    r"|condition\s+at)\s+(?:the\s+)?)$"
)
# What only a person is or does: an age after the name ("Royal Willrich, 30,"), a kinship or a part
# in a case before it ("her son, Royal Willrich"), a plea or an arrest after it.
_HUMAN_AFTER = re.compile(
    r"^(?:,\s+(?:age\s+)?\d{1,2}\s*,|\s+\(\d{1,2}\)|\s+(?:pleaded|pled|was (?:arrested|sentenced|booked|"
    r"convicted|indicted|shot|wounded)|is (?:accused|facing|charged))\b)"
)
_HUMAN_BEFORE = re.compile(
    r"(?i:\b(?:\d{1,2}-year-old|victim|suspect|defendant|gunman|son|daughter|brother|sister|mother|father|"
    r"wife|husband|girlfriend|boyfriend|cousin|nephew|niece|uncle|aunt|grandson|granddaughter|girl|boy|baby|"
    r"child|toddler|infant|teen|teenager|man|woman)\s*,?\s+)$"
)
# A person's age, given with the name: "Carl Johnson, 19, was charged", "Calvin Williams, 24 was
# shot", "77-year-old Carl Johnson", "the 23-year-old, Calvin Williams" (the AGE cue: its digits).
_AGE_AFTER = re.compile(
    r"^,\s+(?:age\s+)?(\d{1,2})(?=\s*[,.;)]|\s+(?:was|is|were|and|of|who|has|had|died|remains|from)\b)"
)
_AGE_BEFORE = re.compile(r"\b(\d{1,2})-year-old(?:\s+[a-z]+)?,?\s+$")
_QUOTE_CLOSES = re.compile(r"^[.,!?]?[\"”]")
_TAKEN_ENDS = frozenset({"to", "into", "at", "in", "the"})
# Where someone went: "visited the Holocaust Museum" (not a person: "visiting Trump").
_VISITED_BEFORE = re.compile(r"\b(?:visited|visiting|visits|toured|touring|tours)\s+(?:the\s+)?$")
_HUMAN_ENDS = frozenset("dmtnrewly")  # the last letters of _HUMAN_BEFORE's words
# A capitalised word right before a lone name, no title: the name was cut ("Amiere [Castro]").
_ADJOINED_BEFORE = re.compile(r"\b([A-Z][a-z][\w'’-]*)\s$")
# Words before a surname that are no given name: titles, honorifics, days, months, sentence words.
_NOT_A_GIVEN_NAME = re.compile(
    rf"^(?:{ROLE_HEADS}|mr|mrs|ms|miss|dr|prof|sir|dame|lord|lady|gov|sen|rep|gen|col|capt|lt|sgt|det|cpl|"
    r"ofc|the|a|an|and|but|when|while|after|before|if|as|said|says|told|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?$",
    re.I,
)
_PLACE_WORDS = ("in", "near", "outside", "inside", "across", "throughout")
_PLACE_BEFORE = re.compile(rf"\b(?:{'|'.join(_PLACE_WORDS)})\s+$")
# A place's name before the people and offices of the place: "Dayton police", "a Pontiac man".
_MODIFIER_AFTER = re.compile(
    r"^\s+(?:police|officers?|fire|firefighters|authorities|officials|detectives|residents?|man|woman|men|women|"
    r"teen|teenager|boy|girl|couple|native|neighborhood|neighbourhood|homeowner)\b"
)
# What is named for a country or a place, right after its name: an office, a court, a force, a service
# or a road of its government ("U.S. Attorney's Office", "U.S. District Court", "U.S. marshals",
# "United States Marine Corps", "U.S. Highway 129", "U.S. Senate"). The place is the institution's
# name there, not a party to the news: the institution is.
_NAMED_FOR_AFTER = re.compile(
    r"^\s+(?:(?:Assistant|Acting|Deputy|Interim)\s+)?(?:(?:Attorneys?|Attorney['’]s|District|Circuit|"
    r"Bankruptcy|Court|Courts|Supreme Court|Army|Navy|Air Force|Marines?|Marine Corps|Coast Guard|Marshals?|"
    r"Highway|Route|Interstate|Mail|Postal|Park Police|Park Service|Secret Service|Customs|Border Patrol|"
    r"Immigration|Forest Service|Fish and Wildlife|Geological|Census|Capitol|Senate|House|Congress|"
    r"Embassy|Consulate|Mint|Department|Dept\.?|Bureau|Agency|Office)\b"
    r"|(?:attorneys?|attorney['’]s|marshals?|district court|mail|highway|embassy|consulate)\b)"
)
# A country's name inside a longer capitalised name, not the country: "America's Best Value Inn",
# "America's Most Wanted" (a superlative or title word after the possessive), "USA TODAY", "U.S.
# Virgin Islands" (capitalised words after it), "Central America", "RT USA", "Gun Sense in America"
# (a capitalised word before it). A title ("U.S. Senator"), a state word ("U.S. Army", above) and a
# day or month after it ("the U.S. Monday") are no such name.
_TITLE_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:Most|Best|Worst|Greatest|Largest|Biggest|Top|Next|Got|Favou?rite|Funniest|Deadliest)\b"
)
_NOT_A_NAME_WORD = re.compile(
    rf"(?:{ROLE_HEADS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|"
    r"oct|nov|dec|and|or|but|the|a|an|in|on|at|to|for|of|from|with|by|as|is|was|it|he|she|they|we|i|"
    r"this|that|there|officials?|authorities|forces|troops|military|government|embassy)\.?$",
    re.I,
)
_WORDS_AFTER = re.compile(r"^\s+([A-Z][\w'’&.-]*)(?:\s+([A-Z][\w'’&.-]*))?")
_NAME_WORD_BEFORE = re.compile(r"\b([A-Z][\w&-]*)\s+(?:(?:of|for|in)\s+)?$")
# Capitalised words that open a sentence or a clause rather than a name ("In America", "But the U.S.").
_FUNCTION_WORD = re.compile(
    r"^(?:In|At|To|From|For|Of|The|And|But|Or|So|Across|Throughout|Inside|Outside|Like|Unlike|With|By|"
    r"On|Into|Why|How|When|While|As|Than|Then|Even|Only|Both|Is|Was|Are|Were|Said|Says|If|That|This|"
    r"Where|What|Who|Now|Today|Here|There|Also|Not|All|Said|Says|Mr|Mrs|Ms|Dr)\.?$"
)


def _inside_a_name(text: str, before: str, after: str) -> bool:
    """Whether a country's name (`text`) is a word of a longer capitalised name ("USA TODAY")."""
    if _TITLE_POSSESSIVE.match(after):
        return True
    words = _WORDS_AFTER.match(after)
    if words:
        first, second = words.groups()
        if not _NOT_A_NAME_WORD.match(first):
            # "U.S." ends a sentence as often as it opens a name: a name takes two words or capitals
            if not text.endswith(".") or (second and not _NOT_A_NAME_WORD.match(second)):
                return True
            if first.isupper() and len(first) > 2:
                return True
    word = _NAME_WORD_BEFORE.search(before)
    return bool(word and not _FUNCTION_WORD.match(word[1]) and not _NOT_A_NAME_WORD.match(word[1]))


# A country as where things happen or a class things belong to, not a party: "moved to the United
# States", "his extradition to U.S. from Mexico", "into U.S.", "the U.S. city of Houston", "a pipeline
# stretched between Canada and the United States", "small-town America", "western Germany", "one of
# America's greatest heroes".
_MOTION = (
    "came|come|comes|coming|moved|move|moves|moving|immigrated|immigrating|emigrated|migrated|fled|flee|"
    "returned|return|returning|arrived|arriving|travell?ed|travell?ing|travel|brought|bring|smuggled|"
    "smuggling|deported|extradited|extradition|relocated|entered|entering|back|trip|flights?|journey|"
    "immigrants?|refugees?|migrants?|heading|headed|going|went|flew|flying|drove|driving|sailed|escaped|"
    "odyssey|voyage|route|go|goes"
)
# Earlier names of a list of places the country ends: "in the UK and [Belgium]", "plants in Texas,
# Alberta, [Canada]", "a laboratory in Wuhan, [China]" (no month: "In June, China said").
_PLACE_LIST = (
    r"(?:(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b)[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?,?\s+(?:(?:and|or)\s+)?){0,5}"
)
_WHERE_BEFORE = re.compile(
    rf"(?:\b(?:in|into|inside|outside|within|around|across|throughout)\s+{_PLACE_LIST}"
    rf"|\b(?:{_MOTION})\b(?:\s+[\w.,-]+){{0,3}}?\s+(?:to|from|into)\s+{_PLACE_LIST}"
    r"|\bborders?\b(?:\s+[\w'’]+){0,3}?\s+with\s+|\bnatives?\s+of\s+"
    r"|\b(?:parts?|regions?|areas?|corners?|cities|towns|states|communities|counties)\s+of\s+"
    r"|\b(?:man|woman|men|women|boy|girl|teen|family|families|natives?|citizens?|nationals?|residents?)\s+"
    r"from\s+"
    rf"|\b(?:stretch(?:ed|es|ing)?|runs?|running|ran|extend(?:ed|s|ing)?)\s+(?:between|from|across)\s+{_PLACE_LIST}"
    r"|\b(?:entered|enter|enters|entering|leave|leaves|leaving|left|crossed|cross|crossing|reached|reach|"
    r"visit|visits|visited|visiting)\s+|\b[a-z]+-(?:town|city)\s+"
    r"|\b(?:(?:north|south)(?:east|west)?|east|west|central|rural|mainland)(?:ern)?\s+)(?:the\s+)?$"
)
_WHERE_AFTER = re.compile(
    r"^(?:\s+(?:city|cities|town|towns|soil|mainland|territory|territories|state of)\b"
    r"|['’]s\s+(?:most|best|worst|greatest|largest|biggest|deadliest|oldest|longest|highest|lowest|"
    r"richest|poorest|safest|smallest|top|leading)\b)"
)
# A lower-case word after a country's name that makes it the subject of a verb ("the U.S. is", "the
# United States will send", "U.S. warns", "North Korea test-fired") or a preposition's, not a word
# it describes ("U.S. citizen"); a word ending in one "s" may be either ("grows", "adults"): a verb.
_VERB_AFTER = re.compile(
    r"^\s+(?:\w+ed|\w+ly|\w+ing|[a-z]*[^su\W]s|[a-z]+-[a-z]+|made|sent|took|gave|went|came|saw|told|paid|hit|"
    r"set|put|led|got|won|lost|left|began|became|held|kept|brought|bought|sold|spent|met|ran|struck|drew|"
    r"chose|fell|rose|grew|knew|thought|built|found|fought|stood|beat|often|again|already|never|just|soon|"
    r"once|first|last|then|ever|is|was|are|were|has|have|had|will|would|can|could|may|might|must|should|"
    r"shall|does|did|do|say|and|or|to|also|now|still|agree|want|need|recogni[sz]e|for|from|in|into|on|at|"
    r"with|by|as|of|over|after|before|since|than|but|because|when|where|which|who|that|this|if|until|amid|"
    r"during|under|against|toward|towards|about|across|through|via|without|within|versus|vs)\b"
)
# ... but a plural noun where a verb follows the word ("U.S. businesses are raising prices", "67% of
# U.S. adults have gotten a dose").
_PLURAL_AFTER = re.compile(
    r"^\s+(?!(?:does|says|goes|plans|wants|needs|sends|seeks|urges|calls|hopes|expects|faces|remains|"
    r"continues|leads|agrees|warns|tells|asks|gets|takes|makes|gives|keeps|sees|believes|knows|thinks|"
    r"stands|lacks|ranks|spends|pays|grows|seems|looks|feels|tries)\b)[a-z]{2,}[^su\W]s\b"
)
_PLURAL_THEN_VERB = re.compile(
    r"^\s+[a-z]{2,}[^su\W]s\s+(?:have|has|are|were|say|said|will|would|can|could|may|might|must|should|"
    r"do|did|\w+ed)\b"
)
# A country's name after "and" is one of two subjects, not a description: "Japan and the United
# States recognise".
_COORDINATED_BEFORE = re.compile(r"\b(?:and|or)\s+(?:the\s+)?$")
_LOWER_AFTER = re.compile(r"^\s+[a-z]")


# An entry in a list of other videos: a paragraph opening with a running time ("2:21 Man sentenced").
_PLAYLIST_LINE = re.compile(r"\d{1,2}:\d\d\s")
# A link to another story, its section after its headline: "Dozen hurt in parade shooting - U.S. ..."
# (the name of a site's section, cut short, at the end of the line).
_SECTION_BEFORE = re.compile(r"\S\s+[-–—|]\s+$")
_SECTION_AFTER = re.compile(r"^\s*(?:\.\.\.|…)?[ \t]*(?:\n|$)")


def country_cues(text: str, start: int, before: str, after: str, name: str) -> str:
    """The cues of a mention written as a country's name (see `mention_cues`): NAMED_FOR when it
    is a word of a longer name, WHERE when it says where, MODIFIER when it describes the word after
    it, PLAYLIST in a list of other videos or as the section of a link to another story."""
    cues = []
    if _inside_a_name(name, before, after):
        cues.append(NAMED_FOR)
    if _WHERE_BEFORE.search(before) or _WHERE_AFTER.match(after):
        cues.append(WHERE)
    if (
        _LOWER_AFTER.match(after)
        and (not _VERB_AFTER.match(after) or (_PLURAL_AFTER.match(after) and _PLURAL_THEN_VERB.match(after)))
        and not name.endswith(("'s", "’s"))
        and not _COORDINATED_BEFORE.search(before)
    ):
        cues.append(MODIFIER)  # not "North Korea's missile launches": an owner, not a description
    line = text.rfind("\n", 0, start) + 1
    if _PLAYLIST_LINE.match(text, line) or (_SECTION_BEFORE.search(before) and _SECTION_AFTER.match(after)):
        cues.append(PLAYLIST)
    return "".join(cues)


# Streets and crossings: "the 2000 block of Cadillac", "at Franklin and Chicago", "near 19th and Prospect".
_STREET_BEFORE = re.compile(
    r"(?:\bblock of|\b\d+(?:st|nd|rd|th)\s+and|\b(?:at|near)\s+[A-Z][\w.]*\s+and)\s+$"
)
_CROSSING_AFTER = re.compile(r"^\s+and\s+(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)\b")
_AT_BEFORE = re.compile(r"\b(?:at|near)\s+$")
_OF_BEFORE = re.compile(r"\b(?:of|from)\s+$")
_PLACE_AFTER = re.compile(
    r"^,\s+(?:[A-Z][a-z]{1,3}\.|[A-Z]{2}\b|Ala|Ariz|Calif|Colo|Conn|Fla|Ill|Ind|Kan|Mich|Minn|Miss|"
    r"Tenn|Tex|Wash|Wis|Texas|Ohio|Iowa|Utah|Idaho|Maine)"
)
_STATE_WORDS = (
    "government|governments|officials|official|military|forces|force|troops|army|navy|president|prime|"
    "minister|ministry|embassy|authorities|leader|leaders|diplomat|diplomats|foreign|defense|defence|"
    "state|regime|parliament|warships|jets|counterpart|counterparts|delegation|consulate|intelligence|"
    "sanctions|aggression|invasion|side|administration|coast|agents|agent|agency|agencies|prosecutors|"
    "regulators|senators|lawmakers|envoy|envoys|negotiators|spokesman|spokeswoman|allies|ally|policy|"
    "policies|interests|strikes|airstrikes|withdrawal|aid|commander|commanders|soldiers|personnel|"
    "spy|spies|investigators|marshals"
)
# ... but not a state word describing a building or a ground: "two U.S. military buildings", "a
# Chinese military base" (where, not who).
_STATE_SITES = (
    "buildings?|facilit(?:y|ies)|bases?|installations?|compounds?|sites?|recruiting|cent(?:er|re)s?|"
    "offices|hospitals?|cemetery|cemeteries|academy|housing|grounds|airfields?|museum"
)
_STATE_AFTER = re.compile(
    rf"^(?:,?\s+(?:and|or)\s+[A-Z][\w-]*)?\s+(?i:{_STATE_WORDS})\b(?!\s+(?i:{_STATE_SITES})\b)"
)
_SPEAKS_AFTER = re.compile(
    r"^(?:['’]s\b|\s+(?:has|have|had|said|says|say|warned|warns|announced|accused|denied|rejected|responded|"
    r"insisted|urged|called|demanded|wants|will|would|is|was|and)\b)"
)
# A finite verb or a possessive after an organisation's name: it does or owns something ("the Senate
# voted", "Congress will", "the Taliban's"), which a rite or a period does not ("receiving Communion").
_ACTS_AFTER = re.compile(
    r"^(?:['’]s?\s|\s+(?:[a-z]{2,}ed|[a-z]{2,}[^su\W]s|is|was|are|were|has|have|had|will|would|can|could|may|"
    r"might|must|should|shall|did|does|do|says?|said|made|sent|took|gave|told|won|lost|held|kept|met|"
    r"ran|set|put|led|chose|began|became|sought|brought|bought|sold|struck|fought|stood|voted|also|"
    r"now|then|already|never|still|just|first|quickly)\b)"
)
_NUMBER_AFTER = re.compile(r"^\s*-?\d|^\s+(?:Highway|Hwy\.?|Route|Rte\.?|Interstate)\s+\d")
_DEFINITE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[\"“]\s*)$")
_WINDOW = 60
_BEFORE = 32
_WIDE_BEFORE = 80


_LETTERS = re.compile(r"[A-Za-z]{2,}")
_POSSESSIVE_AFTER = re.compile(r"^['’]s\b")


def _shouted(before: str, after: str, name: str = "") -> bool:
    """Whether the words on both sides are in capitals too (a transcript or banner line): at least
    three words, one of them after it (most mentions are followed by a word in lower case), or
    three before a name in capitals ("WHO IS JOINING US.")."""
    right = _LETTERS.findall(after[:30])[:2]
    if right and all(w.isupper() for w in right):
        words = _LETTERS.findall(before[-30:])[-2:] + right
        return len(words) >= 3 and all(w.isupper() for w in words)
    if not (name.isupper() and len(name) > 1):
        return False
    left = _LETTERS.findall(before[-40:])[-3:]  # words, not a list of acronyms ("FBI, ATF, DEA")
    return len(left) == 3 and all(w.isupper() for w in left) and max(map(len, left)) >= 5


def mention_cues(text: str, mention: Mention) -> str:
    """The cue letters that apply to `mention` in `text` (see the constants above). Nationalities
    get only the cues resolve reads of them (state word, acting, number, capitals)."""
    before = text[max(0, mention.start - _BEFORE) : mention.start]
    after = text[mention.end : mention.end + _WINDOW]
    cues = []
    if mention.label != "NORP":
        cues.extend(_name_cues(mention, before, after))
        cues.extend(_unit_cues(mention, before, after))
    if _STATE_AFTER.match(after):
        cues.append(STATE)
    if _SPEAKS_AFTER.match(after):
        cues.append(SPEAKS)
    if mention.label == "ORG" and _ACTS_AFTER.match(after):
        cues.append(ACTS)
    if _NUMBER_AFTER.match(after):
        cues.append(NUMBER)
    if mention.label == "GPE":
        wide = text[max(0, mention.start - _WIDE_BEFORE) : mention.start]  # a list of places before it
        found = country_cues(text, mention.start, wide, after, mention.text)
        if _NAMED_FOR_AFTER.match(after) and NAMED_FOR not in found:
            cues.append(NAMED_FOR)
        cues.append(found)
    if mention.label in ("GPE", "LOC", "FAC") and _SITE_AFTER.match(after):
        cues.append(SITE)
    if _shouted(before, after, mention.text):
        cues.append(SHOUTED)
    return "".join(cues)


def _unit_cues(mention: Mention, before: str, after: str) -> list[str]:
    """The cues of a name as a unit of an owner, a place someone was taken to, a person by what
    is said of them, or a lone name cut from a longer one."""
    cues = []
    spaced = before.endswith(" ")
    # The last word before the name, lower case: each pattern anchored at the end of `before` is
    # tried only where that word allows it (a search tries every position of the window).
    last = before.rstrip().rsplit(None, 1)[-1].lower().rstrip(",") if spaced and before.strip() else ""
    if spaced and _UNIT_END.search(mention.text) and _OWNER_BEFORE.search(before):
        cues.append(OWNED)
    if (last in _TAKEN_ENDS and _TAKEN_BEFORE.search(before)) or (
        mention.label != "PERSON" and _VISITED_BEFORE.search(before)
    ):
        cues.append(TAKEN)
    if _HUMAN_AFTER.match(after) or (last and last[-1] in _HUMAN_ENDS and _HUMAN_BEFORE.search(before)):
        cues.append(HUMAN)
    if before.endswith(('"', "“")) and _QUOTE_CLOSES.match(after):
        cues.append(QUOTED)
    if mention.label == "PERSON":
        age = _AGE_AFTER.match(after) or (before.endswith(" ") and _AGE_BEFORE.search(before))
        if age:
            cues.append(age[1])  # digits: no cue letter
    if mention.label == "PERSON" and " " not in mention.text and before.endswith(" "):
        word = _ADJOINED_BEFORE.search(before)
        if word and not _NOT_A_GIVEN_NAME.match(word.group(1)):
            cues.append(ADJOINED)
    return cues


def _name_cues(mention: Mention, before: str, after: str) -> list[str]:
    """The cues of what the model calls a name (a person, an organisation, a place).

    Each pattern anchored at the end of `before` is tried only where the last characters allow it
    (what it must end with, checked first: a search tries every position of the window)."""
    cues = []
    stripped = before.rstrip()  # str.isspace is exactly re's \s
    spaced = len(stripped) < len(before)
    last = stripped[-1:].casefold()[-1:]  # as IGNORECASE patterns compare it (only "ſ" folds to s)
    indefinite = spaced and last in ("a", "n") and _INDEFINITE.search(before)
    if (
        (before.endswith("(") and _PAREN_CREDIT.match(after))
        or (spaced and (last in _CREDIT_ENDS or last.isdigit()) and _CREDIT_BEFORE.search(before))
        or _CREDIT_AFTER.match(after)
        or (
            mention.label == "ORG"
            and ((spaced and last == "n" and _VENUE_BEFORE.search(before)) or _PROGRAMME_AFTER.match(after))
        )
        or (
            mention.label == "ORG"
            and spaced
            and stripped.endswith(('"', "”"))
            and _QUOTE_SOURCE_BEFORE.search(before)
            and _QUOTE_SOURCE_AFTER.match(after)
        )
        or (
            (not before or before.endswith("\n") or (spaced and stripped.endswith((".", "!", "?"))))
            and _CAPTION_BEFORE.search(before)
            and _CAPTION_AFTER.match(after)
        )
    ):
        cues.append(CREDIT)
    if (
        ((spaced or before.endswith(",")) and _BEFORE_PRODUCT.search(before))
        or _AFTER_MODEL.match(after)
        or _PRODUCT_AFTER.match(after)
        or _PHONE_AFTER.match(after)
        or (indefinite and _AFTER_PRODUCT.match(after))
        or (indefinite and (_POSSESSIVE_AFTER.match(after) or mention.text.endswith(("'s", "’s"))))
        or (
            spaced
            and stripped.endswith(("on", "to", "via", "onto"))
            and _POSTED_BEFORE.search(before)
            and not _PAGE_AFTER.match(after)
        )
        or (indefinite and mention.label == "ORG" and _CLAUSE_END.match(after))
        or (spaced and _NAMED_PRODUCT_BEFORE.search(before))
    ):
        cues.append(PRODUCT)
    if _PART_AFTER.match(after) or _LAW_AFTER.match(after):
        cues.append(PART)
    if before.endswith("(") and _LAW_BEFORE.search(before) and after.startswith(")"):
        cues.append(LAW)
    if (
        _MODIFIER_AFTER.match(after)
        or (spaced and stripped.endswith(("of", "and")) and _STREET_BEFORE.search(before))
        or (
            spaced
            and stripped.endswith(("at", "near"))
            and _AT_BEFORE.search(before)
            and _CROSSING_AFTER.match(after)
        )
        or (
            spaced
            and stripped.endswith(_PLACE_WORDS)
            and _PLACE_BEFORE.search(before)
            and not after.startswith(("'", "’"))
        )
        or _PLACE_AFTER.match(after)
        or (
            spaced
            and stripped.endswith(("of", "from"))
            and after[:1] in (",", ".")
            and _OF_BEFORE.search(before)
        )
    ):
        cues.append(PLACE)
    if (
        _BYLINE_AFTER.match(after)
        or (spaced and stripped.endswith(("on", "from", "by")) and _BYLINE_BEFORE.search(before))
        or (spaced and _CONTACT_AFTER.match(after) and _CONTACT_BEFORE.search(before))
    ):
        cues.append(BYLINE)
    if spaced and stripped.endswith(("the", "The")) and _DEFINITE_BEFORE.search(before):
        cues.append(DEFINITE)
    if (
        not before
        or "\n" in before[len(stripped) :]
        or stripped.endswith(('"', "“"))
        or (spaced and stripped.endswith((".", "!", "?", ":")))
    ) and _SENTENCE_START.search(before):
        cues.append(INITIAL)
    return cues


# --- What resolve reads of each text -------------------------------------------

_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
# A word written in lower case twice in the corpus (twice in one text, or in two texts) is a common
# word ("court", "detectives"), not a name ("Dayton", "Congress"): the texts' own casing, where
# dictionaries also hold names. (Twice, so that `corpus_casing` needs no counts: a word written in
# two texts, or twice in one.)


class TextFacts(NamedTuple):
    """What resolve reads of one text: the cues of its mentions, its lower-case words and the words
    of the names it mentions.

    Plain strings, not sets, so that a store of ten thousand of them (`rerun`) loads fast."""

    cues: tuple[str, ...]  # mention_cues of each mention
    words: str  # the lower-case words (_LOWER_WORD) it writes, space-separated
    repeated: str  # those it writes twice or more
    pairs: str  # "a b" for adjacent words both in lower case ("involuntary manslaughter"), one a line
    name_words: str  # the lower-case words of its mentions' names (`names.normalise`), space-separated
    name_pairs: str  # "a b" for adjacent words of one of those names, one a line

    def stored(self) -> tuple[str, ...]:
        """As `rerun` stores it: the cues in one string (no cue letter is a space)."""
        return (" ".join(self.cues), *self[1:])

    @classmethod
    def from_stored(cls, value: tuple[str, ...], mentions: int) -> TextFacts:
        return cls(tuple(value[0].split(" ")) if mentions else (), *value[1:])


@lru_cache(maxsize=1 << 15)
def text_facts(text: str, mentions: tuple[Mention, ...]) -> TextFacts:
    """The `TextFacts` of a text with these mentions (remembered per text)."""
    counts = Counter(_LOWER_WORD.findall(text))
    words = text.split()
    lower = list(map(str.islower, words))
    pairs = set(map(" ".join, itertools.compress(itertools.pairwise(words), map(and_, lower, lower[1:]))))
    name_words: set[str] = set()
    name_pairs: set[str] = set()
    for name in {normalise(m.text, m.label) for m in mentions}:
        lower = name.lower().split()
        name_words.update(lower)
        name_pairs.update(map(" ".join, itertools.pairwise(lower)))
    return TextFacts(
        tuple(mention_cues(text, m) for m in mentions),
        " ".join(sorted(counts)),
        " ".join(sorted(w for w, n in counts.items() if n >= 2)),
        "\n".join(sorted(pairs)),
        " ".join(sorted(name_words)),
        "\n".join(sorted(name_pairs)),
    )


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


class Casing(NamedTuple):
    """The corpus' casing: its common words and its pairs of adjacent lower-case words; and the
    words and pairs of words of the names its texts mention."""

    common: frozenset[str]
    pairs: frozenset[str]  # "a b"
    name_words: frozenset[str]
    name_pairs: frozenset[str]  # "a b"


def corpus_casing(facts: Iterable[TextFacts]) -> Casing:
    """The `Casing` of the texts with these facts (set operations, no pass over the texts)."""
    seen: set[str] = set()
    common: set[str] = set()
    pairs: set[str] = set()
    name_words: set[str] = set()
    name_pairs: set[str] = set()
    for fact in facts:
        words = fact.words.split()
        common.update(seen.intersection(words))  # written in an earlier text too
        common.update(fact.repeated.split())
        seen.update(words)
        pairs.update(_lines(fact.pairs))
        name_words.update(fact.name_words.split())
        name_pairs.update(_lines(fact.name_pairs))
    return Casing(frozenset(common), frozenset(pairs), frozenset(name_words), frozenset(name_pairs))


class Tally(NamedTuple):
    """The corpus' casing as counts, so that a build adds and subtracts only the texts that changed."""

    texts: dict[bytes, int]  # an article's `Prints.article` -> how many articles have it
    writing: dict[str, int]  # lower-case word -> texts that write it
    repeating: dict[str, int]  # lower-case word -> texts that write it twice or more
    pairs: dict[str, int]  # "a b" -> texts that write it
    name_words: dict[str, int]  # word of a name -> texts that mention it
    name_pairs: dict[str, int]  # "a b" of a name -> texts that mention it

    def _items(self, facts: TextFacts) -> list[tuple[dict[str, int], list[str]]]:
        return [
            (self.writing, facts.words.split()),
            (self.repeating, facts.repeated.split()),
            (self.pairs, _lines(facts.pairs)),
            (self.name_words, facts.name_words.split()),
            (self.name_pairs, _lines(facts.name_pairs)),
        ]

    def add(self, facts: TextFacts, times: int) -> None:
        for counts, items in self._items(facts):
            for _ in range(times):
                Counter.update(counts, items)  # type: ignore[arg-type]  # counts in C, on a plain dict

    def subtract(self, facts: TextFacts, times: int) -> None:
        for counts, items in self._items(facts):
            for item in items:
                left = counts[item] - times
                if left:
                    counts[item] = left
                else:
                    del counts[item]

    def casing(self) -> Casing:
        common = {w for w, n in self.writing.items() if n >= 2}
        return Casing(
            frozenset(common.union(self.repeating)),
            frozenset(self.pairs),
            frozenset(self.name_words),
            frozenset(self.name_pairs),
        )


def read_all(items: Iterable[tuple[str, tuple[Mention, ...]]]) -> tuple[list[TextFacts], Casing]:
    """`text_facts` of each (text, mentions), and the corpus' `Casing`."""
    facts = [text_facts(text, mentions) for text, mentions in items]
    return facts, corpus_casing(facts)
