"""A headline made from a lead, for an article that has none: the lead's main clause.

No parser runs in the read stage, so these are rules over words and punctuation: drop the
dateline, attributions ("..., police said", "according to officials"), time phrases ("on
Wednesday", "late Tuesday night"), bracketed asides and appositives; then, when the clause is
still long, cut at a clause boundary ("after", "as", a comma) and never mid-phrase. The result is
a clause of about 6-14 words, in the lead's own case, with no final period and no "…".
"""

from __future__ import annotations

import re

from .cleaning import first_sentence, strip_opening
from .dates import MONTH_NAMES

TITLE_WORDS = 14  # a made headline aims for at most this many words ...
TITLE_STRETCH = 18  # ... and keeps a lead clause this long whole rather than cut it mid-phrase
LONGEST = 24  # ... and, failing a boundary before, a whole clause up to this long over a fragment
MIN_WORDS = 6  # a cut at a phrase never leaves fewer words than this ...
MIN_CLAUSE = 4  # ... nor one at a clause ("Police arrested four suspects, who ...")

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PART = r"(?:morning|afternoon|evening|night)"
_CLOCK = r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?|o['’]clock)"
_DATE = rf"(?:{MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
# Phrases that say when, not what: dropped from a made headline. A bare weekday counts only where it
# cannot be a modifier ("the Tuesday meeting", "Sunday's game" keep theirs).
_TIME = re.compile(
    rf"(?:\b(?:on|by|until|from|since|through|earlier|later|late|early)\s+){{0,3}}"
    rf"(?:(?<!\bthe )(?<!\ba )(?<!\bevery )\b{_DAY}(?!['’]s)(?:\s+{_PART})?(?:,?\s+{_DATE})?"
    rf"|\b(?:this|last|next|over\s+the|on\s+the|during\s+the)\s+(?:week(?:end)?|month|year|{_PART}|{_DAY})"
    rf"(?:\s+{_PART})?"
    rf"|\b(?:in|on)\s+the\s+(?:morning|afternoon|evening)"
    rf"|\b(?:earlier|later)\s+(?:in\s+the|this)\s+(?:day|week|month|year)"
    rf"|\b(?:yesterday|today|tonight|overnight)\b(?!['’]s)(?:\s+{_PART})?"
    rf"|\b(?:(?:shortly|just|sometime|soon)\s+)?(?:at|around|about|before|after|near)\s+"
    rf"(?:(?:about|around|approximately|roughly)\s+)?{_CLOCK}"
    rf"|\b(?:at|around|about|near)\s+midnight|\b{_DATE}"
    rf"|\bin\s+(?:early|late|mid-?)\s*(?:{MONTH_NAMES})\b)",
    re.IGNORECASE,
)
_REPORTING = "said says say reported told tells announced confirmed stated revealed added wrote tweeted"
REPORTING_VERBS = frozenset(_REPORTING.split())
_LEADING_REPORTING = frozenset(("said", "says", "say", "told"))  # "Police said a man ...": no "that" needed
_PRONOUNS = "he she they it we i you this these those there"
_SUBJECT_PRONOUNS = frozenset(_PRONOUNS.split())
# News verbs in their common forms: enough to tell a clause from a noun phrase without a parser.
_VERB_STEMS = """
accuse add agree aim allow announce appear approve arrest ask attack back ban become begin block
blame call cancel capture charge claim close collapse condemn confirm conduct consider continue
convict crash criticize cut decide declare defend delay deny describe die discover discuss draft
drop end expect face fail file find fire flee force gather give grow halt help hire hit hold host
hurt identify impose increase indict injure investigate issue join kill launch lead leave lift limit
lose make mark meet move name offer open order pass plan plead pledge probe propose protest pull
push raise reach receive reject release remain report resign respond return reveal rise rob rule say
search seek seize sentence shoot show sign spark speak spend start steal strike sue suspend take
talk target tell threaten track try unveil urge visit vote vow want warn win wound"""
_IRREGULAR = """is are was were be been being am has have had will would shall should can could may might must
do does did said told shot died found met held won lost hit struck left took made gave got went came shown
showed began begun fell rose cut became sought stole fled led ran spoke sped"""


def _verb_forms() -> frozenset[str]:
    forms = set(_IRREGULAR.split())
    for stem in _VERB_STEMS.split():
        base = stem[:-1] if stem.endswith("e") else stem
        forms.update({stem, stem + "s", stem + "es", base + "ed", base + "ing"})
        if stem.endswith("y"):
            forms.update({stem[:-1] + "ies", stem[:-1] + "ied"})
    return frozenset(forms)


VERBS = _verb_forms()
# Verbs whose object is followed by "to ...": "urged the court to rule", "asked agencies to redouble".
_OBJECT_TO_STEMS = """urge ask force order allow tell want expect help push encourage persuade require invite
press permit enable cause lead warn advise instruct authorize pressure compel direct"""
_OBJECT_TO = frozenset(
    form
    for stem in _OBJECT_TO_STEMS.split()
    for form in (stem, stem + "s", (stem[:-1] if stem.endswith("e") else stem) + "ed", "told", "led")
)
_FUNCTION = """a an the of and or but nor to in on at for with by from as amid into onto over under than that
which who whom whose its his her their our your my this these those is are was were be been being has have had
will would shall should can could may might must do does did not so about between during including despite
following against among via per if while when since after before because near outside inside also"""
FUNCTION_WORDS = frozenset(_FUNCTION.split())  # a cut title never ends on one of these
# Words that open a clause: a cut before one of them leaves a whole clause.
_CLAUSE = """after as when while amid which who whose where because since following despite before but saying
citing according leaving killing sparking prompting forcing sending marking"""
CLAUSE_OPENERS = frozenset(_CLAUSE.split())
# Words that open a phrase: a cut before one of them (after a noun) leaves a whole phrase; before "to"
# not after a verb that needs it ("urged the court | to ..." leaves the complement open).
_PHRASE = "in on at for with from to into over during near outside inside and or by"
PHRASE_OPENERS = frozenset(_PHRASE.split())
_RELATIVE = frozenset(("who", "which", "whose", "where"))
_SUBORDINATE = "when while as after if because although though since before once until"
_SUBORDINATORS = frozenset(_SUBORDINATE.split())
_DETERMINER_START = re.compile(r"(?:the|a|an|\d[\d,.]*|of [A-Z])\b")
_TAIL = re.compile(rf"(?:and|but|so)\s+(?:{'|'.join(_PRONOUNS.split())})\b", re.IGNORECASE)
_ASIDE = re.compile(r"\s*\([^()]{0,40}\)")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")  # "Sunday night.The shooting"
_QUOTED_LEAD = re.compile(r"\A[\"“](?P<quote>[^\"“”]{3,200}?)[,.!?]?[\"”],?\s+(?P<rest>.+)\Z")


def _bare(word: str) -> str:
    return word.strip('.,;:!?"“”‘’()').lower()


def _split_commas(sentence: str) -> list[str]:
    """`sentence` split at its commas outside quotation marks (each piece keeps no comma)."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(sentence):
        if char in "“":
            depth += 1
        elif char in "”":
            depth = max(0, depth - 1)
        elif char == '"':
            depth = 0 if depth else 1
        elif char == "," and not depth and not sentence[i + 1 : i + 2].isdigit():
            pieces.append(sentence[start:i])
            start = i + 1
    pieces.append(sentence[start:])
    return [piece.strip() for piece in pieces]


def _is_attribution(piece: str) -> bool:
    """Whether a comma piece only says who said it: "police said", "said Sheriff Mike Ezell",
    "according to officials", "citing people familiar with the matter"."""
    words = [_bare(w) for w in piece.split()]
    if not words or len(words) > 10:
        return False
    if words[0] in ("according", "citing") or words[:2] == ["as", "per"]:
        return True
    return any(w in REPORTING_VERBS for w in words) and "that" not in words


def _drop_attribution(sentence: str) -> str:
    """The sentence without attributions at its end ("..., police said") or start ("Police said
    that ...", "According to police, ...")."""
    pieces = _split_commas(sentence)
    while len(pieces) > 1 and _is_attribution(pieces[-1]) and len(" ".join(pieces[:-1]).split()) >= 4:
        pieces.pop()
    if len(pieces) > 1 and _is_attribution(pieces[0]) and pieces[0].split()[0].lower() == "according":
        pieces = pieces[1:]
    sentence = ", ".join(pieces)
    sentence = re.sub(r"\s+according to\s+[^,]{2,60}\Z", "", sentence, flags=re.IGNORECASE)
    words = sentence.split()
    for k, word in enumerate(words[:7]):
        if _bare(word) in REPORTING_VERBS and k >= 1:
            rest = words[k + 1 :]
            if rest and _bare(rest[0]) == "that":
                rest = rest[1:]
            elif _bare(word) not in _LEADING_REPORTING:
                break
            subject = {_bare(w) for w in words[:k]}
            if (
                len(rest) >= 4
                and not subject & (_RELATIVE | {"that", "and"})
                and _bare(rest[0]) not in _SUBJECT_PRONOUNS
                and rest[0][:1].isalnum()
            ):
                return _capitalise(" ".join(rest))
            break
    return sentence


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;:.!?”’)])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    return text.strip(" ,;:—–-")


def _drop_time(sentence: str) -> str:
    """The sentence without phrases that only say when ("on Wednesday", "earlier this week")."""
    kept = _TIME.sub(" ", sentence)
    kept = re.sub(r"\A\s*,\s*", "", _tidy(kept))
    return kept if len(kept.split()) >= 3 else sentence


def _drop_asides(sentence: str) -> str:
    """Without bracketed asides ("(D-CA)"), appositives between commas ("John Kerry, the U.S.
    envoy, is ..." -> "John Kerry is ...") and a leading phrase before a comma ("In an unprecedented
    move, police showed ..."), where the rest still reads as a clause."""
    sentence = _tidy(_ASIDE.sub("", sentence))
    pieces = _split_commas(sentence)
    if len(pieces) > 1 and _leading_phrase(pieces[0], ", ".join(pieces[1:])):
        pieces = pieces[1:]
        pieces[0] = _capitalise(pieces[0])
    kept, joined = [pieces[0]], False
    for i, piece in enumerate(pieces[1:], start=1):
        if _TAIL.match(piece):
            break  # ", and he could face charges": a second clause about the first
        if joined:
            kept[-1] = f"{kept[-1]} {piece}"
            joined = False
            continue
        later = pieces[i + 1] if i + 1 < len(pieces) else ""
        if later and _appositive(piece, later):
            joined = True  # "John Kerry, the U.S. envoy, is ...": the next piece carries on the clause
            continue
        kept.append(piece)
    return ", ".join(p for p in kept if p)


def _appositive(piece: str, later: str) -> bool:
    """Whether a piece between commas only renames what precedes it ("the U.S. envoy", "34")."""
    words = piece.split()
    relative = next((k for k, w in enumerate(words) if _bare(w) in _RELATIVE), len(words))
    return (
        bool(_DETERMINER_START.match(piece))
        and len(words) <= 14
        and not _has_verb(words[:relative])  # "a former Navy secretary who was once married to ..."
        and not _DETERMINER_START.match(later)
        and not later.startswith(("and ", "or "))
    )


def _leading_phrase(first: str, rest: str) -> bool:
    """Whether `first` is an opening phrase the clause `rest` can stand without."""
    words, following = first.split(), rest.split()
    return (
        len(words) <= 10
        and len(following) >= 5
        and words[0].lower() in (_SUBORDINATORS | {"in", "with", "amid", "despite", "following", "on", "at"})
        and _bare(following[0]) not in _SUBJECT_PRONOUNS
        and _has_verb(following)
    )


_THAT_NOUN = (
    "notion idea claim claims fact belief fear fears concern concerns hope hopes possibility news word"
)
_THAT_NOUNS = frozenset(_THAT_NOUN.split())
_THAT_VERBS = frozenset(("saying", "claiming", "showing", "arguing", "noting", "warning", "announcing"))
_DETERMINER = "a an the his her their its our my your this that"
_DETERMINERS = frozenset(_DETERMINER.split())
_AUXILIARY = "is are was were has have had will would can could may might must should"
_AUXILIARIES = frozenset(_AUXILIARY.split())
_PARTICIPLE = "shot found held hit struck left taken made given shown cut sought stolen led"
_PARTICIPLES = frozenset(_PARTICIPLE.split())
# After a participle that only modifies its noun: "a man shot in", "a teen accused of".
_MODIFYING = "in of by at on near with during inside outside after while when from"
_AFTER_PARTICIPLE = frozenset(_MODIFYING.split())
_ADVERBS = frozenset(("not", "also", "never", "still", "now", "just", "already", "again"))


def _is_verb(words: list[str], k: int) -> bool:
    """Whether words[k] reads as a verb: an auxiliary, or a known news verb or a lowercase "-ed"
    word that no determiner precedes ("police arrested", not "the wounded" or "the plan")."""
    bare = _bare(words[k])
    if bare in _AUXILIARIES:
        return True
    if k and _bare(words[k - 1]) in _DETERMINERS:
        return False  # "the plan", "a report", "the wounded"
    return bare in VERBS or (words[k][:1].islower() and len(bare) >= 5 and bare.endswith("ed"))


def _has_verb(words: list[str]) -> bool:
    return any(_is_verb(words, k) for k in range(len(words)))


def _verb_groups(words: list[str]) -> list[int]:
    """Where each run of verbs (with adverbs between) starts."""
    starts, inside = [], False
    for k, word in enumerate(words):
        if _is_verb(words, k):
            if not inside:
                starts.append(k)
            inside = True
        elif not (inside and (_bare(word).endswith("ly") or _bare(word) in _ADVERBS)):
            inside = False
    return starts


def _relative_at(words: list[str], k: int) -> bool:
    """Whether words[k] opens a relative clause ("who", "which", "that" after a noun)."""
    bare = _bare(words[k])
    if bare in _RELATIVE:
        return True
    if bare != "that" or k == 0 or _function(words[k - 1]):
        return False
    previous = _bare(words[k - 1])
    if previous in _THAT_NOUNS:
        return False  # "the notion that ...": the noun's content, not a relative clause
    if previous.endswith("ing") and previous not in _THAT_VERBS:
        return True  # "a shooting that left ...", not "saying that ..."
    return not _is_verb(words, k - 1)


def _function(word: str) -> bool:
    """Whether `word` is a function word ("of", "may"; not "May" inside a sentence)."""
    return _bare(word) in FUNCTION_WORDS and not word[:1].isupper()


def main_verb(words: list[str]) -> int | None:
    """The index of the main clause's verb: the first verb group not inside a relative clause, and
    past a participle that only modifies the subject ("Four men shot in ... were inside ...")."""
    groups = _verb_groups(words)
    relative = [k for k in range(len(words)) if _relative_at(words, k)]
    free = []
    for n, start in enumerate(groups):
        opener = max((r for r in relative if r < start), default=None)
        previous_group = groups[n - 1] if n else -1
        if opener is not None and opener > previous_group:
            continue  # the verb of a relative clause
        free.append(start)
    if not free:
        return None
    first = free[0]
    bare = _bare(words[first])
    participle = bare.endswith("ed") or bare in _PARTICIPLES
    modifier = first + 1 < len(words) and _bare(words[first + 1]) in _AFTER_PARTICIPLE
    if participle and modifier and first and not _function(words[first - 1]):
        later = [g for g in free[1:] if _bare(words[g]) in _AUXILIARIES]
        if later:
            return later[0]
    return first


def _is_clause(words: list[str], main: int | None) -> bool:
    """Whether words (a prefix of the sentence) hold its main verb, do not open with a
    subordinate clause and leave no quotation open."""
    if main is None or main >= len(words) or _bare(words[0]) in _SUBORDINATORS:
        return False
    text = " ".join(words)
    return text.count("“") == text.count("”") and not text.count('"') % 2


def _object_complete(words: list[str], k: int) -> bool:
    """Whether the clause before words[k] ("to") is whole without it: the last verb is not one that
    takes an object and "to ..." ("urged the court to ..."), or a phrase stands between them."""
    last = max((i for i in range(k) if _is_verb(words, i)), default=-1)
    if last < 0 or _bare(words[last]) not in _OBJECT_TO:
        return True
    return any(_bare(w) in PHRASE_OPENERS or _bare(w) == "of" for w in words[last + 1 : k])


def _cut_points(words: list[str]) -> tuple[list[int], list[int]]:
    """Clause and phrase boundaries: the k where `words[:k]` ends a whole clause or phrase."""
    clauses, phrases = [], []
    main = main_verb(words)
    for k in range(MIN_CLAUSE, len(words)):
        previous, following = words[k - 1], words[k]
        bare_previous, bare_following = _bare(previous), _bare(following)
        if _function(previous) or not _is_clause(words[:k], main):
            continue
        dash = following in ("—", "–", "-", "--") or previous[-1] in "—–"
        if previous[-1] in ",;:" or dash or bare_following in CLAUSE_OPENERS or _relative_at(words, k):
            clauses.append(k)
            continue
        after_verb = bare_previous.endswith("ing") or bare_previous in VERBS  # "calling on", "took to"
        phrase = bare_following in PHRASE_OPENERS and not after_verb
        names = previous[:1].isupper() and words[k + 1 : k + 2] and words[k + 1][:1].isupper()
        idiom = k >= 2 and _bare(words[k - 2]) == "in" and bare_following in ("with", "of")  # "in connection"
        if bare_following == "to":
            phrase = not after_verb and _object_complete(words, k)
        if phrase and not names and not idiom and k >= MIN_WORDS:  # (not "Japan and the United States")
            phrases.append(k)
    return clauses, phrases


def _shorten(sentence: str) -> str:
    """The sentence cut to about TITLE_WORDS words at the latest clause, else phrase, boundary."""
    words = sentence.split()
    if len(words) <= TITLE_WORDS:
        return sentence
    clauses, phrases = _cut_points(words)
    for points in (clauses, phrases):
        within = [k for k in points if k <= TITLE_WORDS]
        if within:
            return " ".join(words[: within[-1]])
    if len(words) <= TITLE_STRETCH:
        return sentence
    for points in (clauses, phrases):
        within = [k for k in points if k <= TITLE_STRETCH]
        if within:
            return " ".join(words[: within[0]])
    later = [k for k in sorted(clauses + phrases) if k <= LONGEST]
    if later or len(words) <= LONGEST:
        return " ".join(words[: later[0]]) if later else sentence  # a long clause over a fragment
    cut = TITLE_WORDS
    while cut > MIN_WORDS and (_bare(words[cut - 1]) in FUNCTION_WORDS or words[cut][:1].isupper()):
        cut -= 1  # never end on "of" or inside a name
    return " ".join(words[:cut])


def _quoted(sentence: str) -> str | None:
    """`Speaker: “quote”` for a lead that is a quotation and who said it, else None."""
    match = _QUOTED_LEAD.match(sentence)
    if not match or not _is_attribution(match.group("rest")):
        return None
    quote = match.group("quote").strip()
    said = _split_commas(_drop_time(match.group("rest").rstrip(".")))[0]
    speaker = [w for w in said.split() if _bare(w) not in REPORTING_VERBS]
    if speaker and _bare(speaker[0]) in ("the", "a", "an"):
        speaker = speaker[1:]
    if not speaker or len(speaker) > 5 or _bare(speaker[0]) in _SUBJECT_PRONOUNS:
        return f"“{quote}”"
    return f"{_capitalise(' '.join(speaker))}: “{quote}”"


def lead_title(paragraph: str) -> str:
    """A headline made from a lead paragraph: its first sentence's main clause, about 6-14 words,
    without dateline, attribution, time phrases or final period; never a prefix cut with "…"."""
    sentence = first_sentence(strip_opening(paragraph))
    glued = _GLUED_SENTENCE.search(sentence)
    if glued and len(sentence[: glued.start()].split()) >= 4:
        sentence = sentence[: glued.start() + 1]
    sentence = sentence.strip().rstrip(" .,;:")
    if quoted := _quoted(sentence):
        return quoted
    made = _drop_asides(_drop_attribution(_drop_time(sentence)))
    made = _tidy(_shorten(made)).rstrip(" .")
    words = made.split()
    while len(words) > MIN_WORDS and (_bare(words[-1]) in FUNCTION_WORDS or words[-1] in ("—", "–", "-")):
        words.pop()
    made = _balance_quotes(" ".join(words).rstrip(" ,;:—–-"))
    return _capitalise(made) if made else sentence


def _balance_quotes(title: str) -> str:
    """Without quotation marks left open by a cut (an apostrophe, "Floyd’s", is not one)."""
    if title.count("“") != title.count("”"):
        title = title.replace("“", "").replace("”", "")
    if title.count("‘") != len(re.findall(r"’(?!\w)", title)):
        title = title.replace("‘", "")
    return title.replace('"', "") if title.count('"') % 2 else title
