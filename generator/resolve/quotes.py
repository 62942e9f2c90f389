"""Direct quotations and who said them, by rules over quote marks, reporting verbs and the mentions.

No parser: a quotation is a balanced pair of double quote marks (straight or curly) around at least
`MIN_WORDS` words (shorter ones are scare quotes); in news style a quote runs on over paragraphs
that open with a quote mark while the last did not close it. Its speaker is, in this order:
- a reporting verb right after it, with its subject before or after the verb
  (`"...," Kishi said`, `"...," said the spokesman`, `"...," a White House statement said`);
- "according to X" in its sentence;
- a reporting verb before it in its sentence (`Kishi said:`, `Kishi said the attack was "..."`);
- the speaker of the quote before it in the same or the previous sentence (`"A," he said. "B."`).
A subject is a PERSON, ORG or GPE mention ending right before the verb (an appositive between
allowed: "Daniel Russel, the top US diplomat, said"); "he"/"she" or a person's title ("the
spokesman") stands for the first person named in the previous sentence (or the last one before it
in its own); "it" or an institution ("the ministry") for the last organisation before it there;
"a White House statement" for the mention in it. The speaker's mention gets the actor resolve gave
that name in the article (`Resolution.names`); else the quote keeps the words with no actor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence

from ..model import Annotations, Article, Mention, Quote
from .names import normalise

MIN_WORDS = 3
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")
_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|wrote|writes|asked|asks|warned|warns|explained|"
    "noted|notes|insisted|argued|declared|announced|replied|responded|recalled|claimed|urged|"
    "acknowledged|reported|tweeted|posted|concluded|remarked|testified|suggested|admitted|conceded|"
    "cautioned|emphasi[sz]ed|stressed|observed|complained|commented|contended|maintained|predicted|"
    "confirmed|countered|quipped|continued|described|called|revealed|reiterated|texted|shouted|yelled|"
    "demanded|sa(?:id|ys) in a statement"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
# A participle of a reporting verb speaks for its sentence's subject: "Biden, on Wednesday,
# reflected on the meeting, saying "..."" (after a comma, a dash, "by" or "and").
_PARTICIPLE = re.compile(
    r"(?:,|—|–|\bby|\band)\s+(?:saying|adding|declaring|warning|noting|telling|writing|arguing|"
    r"insisting|responding|explaining|claiming|stating|vowing)\b"
)
_OPENING_PRONOUN = re.compile(r"\s*(he|she)\b", re.IGNORECASE)
_OPEN = '"“'
_MARK = re.compile('["“”]')
_CLOSE = '"”'
_WORD = re.compile(r"[\w’'-]+")
# Between a subject and its verb: adverbs and auxiliaries ("Kishi also said", "he has said").
_FILLER = re.compile(
    r"(?:\s+(?:also|later|then|previously|has|had|have|was|were|would|will|once|further|again|"
    r"recently|earlier|separately|repeatedly|allegedly|reportedly|later|last\s+\w+|on\s+\w+day))*\s*$"
)
_APPOSITIVE = re.compile(r"\s*,[^\"“”]{1,200},\s*")
_TRAILING_COMMA = re.compile(
    r"\s*,\s*(?:which|who)?\s*"
)  # "the broadcaster, NHK, said"; "Fastly, which said"
_PRONOUN = re.compile(r"\b(he|she|it)\s*$", re.IGNORECASE)
_PRONOUN_FIRST = re.compile(r"\s*(?:he|she|they|it)\b", re.IGNORECASE)
_PERSON_NOUNS = (
    "spokesman|spokeswoman|spokesperson|minister|secretary|official|president|adviser|advisor|"
    "ambassador|envoy|chief|leader|lawmaker|senator|governor|mayor|director|chairman|chairwoman|"
    "prosecutor|judge|officer|sheriff|commissioner|diplomat|premier|chancellor|aide|representative"
)
_ORG_NOUNS = (
    "ministry|department|agency|government|office|statement|company|commission|committee|council|"
    "embassy|administration|police|military|army|party|group|organization|organisation|court|report|"
    "release|spokesman's office"
)
# Someone not named and not named before: "a witness said", "said one neighbor".
_OTHER_NOUNS = "witness|neighbou?r|resident|relative|friend|student|source|member|woman|man|person"
_NOUN_PHRASE = (
    rf"(?P<det>the|a|an|one|another|his|her|its|their)\s+(?:[\w’'.-]+\s+){{0,5}}?"
    rf"(?:(?P<person>{_PERSON_NOUNS})|(?P<org>{_ORG_NOUNS})|{_OTHER_NOUNS})s?"
)
_PHRASE = re.compile(rf"\b{_NOUN_PHRASE}\s*$", re.IGNORECASE)
_PHRASE_AFTER = re.compile(rf"\s+{_NOUN_PHRASE}\b", re.IGNORECASE)
# "Kishida's spokesman said", "Kishida's office said": Kishida speaks.
_OWNED = re.compile(rf"(?:’s|'s)(?:\s+[\w-]+){{0,2}}?\s+(?:{_PERSON_NOUNS}|office)s?\s*")
# Before a name after a verb or "according to": titles ("said Attorney Gen. Peter Kilmartin").
_TITLES = re.compile(
    r"\s*(?:(?!(?:that|in|on|at|to|for|after|before|during|when|while|it|there|he|she|they|"
    r"including|like|such|as|and|or)\b)"
    r"[\w.'’-]+,?\s+){0,5}"
)  # "said neighbor Fortuna Jordan", "said the girl's uncle, Silford Warren"
_ROLE_GAP = re.compile(r"\.?\s+(?:[\w.'’-]+\s+){0,4}")  # "County Attorney", "Cpl." before a name
# A name the model did not mark, right before a reporting verb: "Sheriff Darren White said".
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+\s*$")
_NO_NAME = re.compile(r"(?:I|We|You|This|That|These|Those|There|Then|And|But|So|Also|Now|Here)\b")
_STOP = re.compile(r"[!?;\n“]|\.(?=\s|$)|(?<=\s)\"")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|(?:\b[A-Z]\.)+[A-Z]?)\.$")
_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")

# A raw quote: (open mark offset, sentence, text, speaker words or None, speaker label, surface).
Raw = tuple[int, int, str, "str | None", str, str]


def find_spans(text: str) -> list[tuple[int, int, str]]:
    """The quotations of `text`: (opening mark offset, closing mark offset + 1, the words quoted)."""
    found: list[tuple[int, int, str]] = []
    carried: tuple[int, list[str]] | None = None  # a quote left open at the end of the last paragraph
    for paragraph in re.finditer(r"[^\n]+", text):
        p_start, para = paragraph.start(), paragraph.group(0)
        i, opened, start, parts = 0, None, 0, []
        if carried is not None:
            lead = len(para) - len(para.lstrip())
            if para[lead : lead + 1] in _OPEN:  # news style: the next paragraph reopens the quote
                (start, parts), opened, i = carried, p_start + lead + 1, lead + 1
            carried = None
        for mark in _MARK.finditer(para, i):
            i, c = mark.start(), mark.group(0)
            if opened is None and c in _OPEN and _opens(para, i):
                opened, start, parts = p_start + i + 1, p_start + i, []
            elif opened is not None and c in _CLOSE and _closes(para, i):
                words = " ".join([*parts, text[opened : p_start + i].strip()])
                if len(_WORD.findall(words)) >= MIN_WORDS and not _is_title(words):
                    found.append((start, p_start + i + 1, words))
                opened = None
        if opened is not None:
            carried = (start, [*parts, text[opened : paragraph.end()].strip()])
    return found


_MINOR_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def _is_title(words: str) -> bool:
    """A name in quote marks, no quotation: every word capitalised ("From the Desk of Donald J.
    Trump", "Fox News Primetime"), up to eight words."""
    tokens = _WORD.findall(words)
    return len(tokens) <= 8 and all(w[0].isupper() or w[0].isdigit() or w in _MINOR_WORDS for w in tokens)


def _opens(para: str, i: int) -> bool:
    """A straight quote opens after a space or start, a curly one always."""
    return para[i] == "“" or i == 0 or not para[i - 1].isalnum()


def _closes(para: str, i: int) -> bool:
    """A straight quote closes before a space or end, or after a stop (`offenses."The judge`)."""
    return para[i] == "”" or i + 1 == len(para) or not para[i + 1].isalnum() or para[i - 1] in ".,!?"


def _within(spans: Sequence[tuple[int, int, str]], opens: list[int], offset: int) -> bool:
    """Whether `offset` is inside one of `spans` (sorted, not overlapping; `opens`: their starts)."""
    i = bisect.bisect_right(opens, offset) - 1
    return i >= 0 and offset < spans[i][1]


class _Text:
    """One article's text, sentences and speaker mentions, for the rules."""

    def __init__(self, text: str, annotations: Annotations, spans: Sequence[tuple[int, int, str]]) -> None:
        self.text = text
        self.sentences = annotations.sentences
        self.starts = [s for s, _ in self.sentences]
        # Speaker mentions outside the quotations (who is quoted is never named inside the quote).
        opens = [a for a, _, _ in spans]
        self.mentions = [
            m
            for m in annotations.mentions
            if m.label in SPEAKER_LABELS and not _within(spans, opens, m.start)
        ]

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def bounds(self, index: int) -> tuple[int, int]:
        if 0 <= index < len(self.sentences):
            return self.sentences[index]
        return (0, 0)

    def ending_at(self, end: int, lo: int) -> Mention | None:
        """The speaker mention subject of a verb at `end`: the one right before it (adverbs between:
        "Kishi also said"), else the first before an appositive ("Daniel Russel, the top US
        diplomat, said"), else one closing an appositive ("the broadcaster, NHK, reported")."""
        near = appositive = closing = None
        for m in self.mentions:
            if lo <= m.start and m.end <= end:
                gap = self.text[m.end : end]
                if _FILLER.fullmatch(gap) or _OWNED.fullmatch(gap):
                    near = m
                elif appositive is None and _APPOSITIVE.fullmatch(gap):
                    appositive = m
                elif _TRAILING_COMMA.fullmatch(gap):
                    closing = m
        return near or appositive or closing

    def first_after(self, lo: int, hi: int, gap: re.Pattern[str]) -> Mention | None:
        """The first speaker mention in [lo, hi) with only `gap` before it from `lo`, or the person
        it qualifies ("Hennepin County Attorney Mike Freeman")."""
        within = [m for m in self.mentions if lo <= m.start and m.end <= hi]
        if not within or not gap.fullmatch(self.text, lo, within[0].start):
            return None
        first = within[0]
        for m in within[1:]:
            if (
                m.label == "PERSON"
                and first.label != "PERSON"
                and _ROLE_GAP.fullmatch(self.text, first.end, m.start)
            ):
                return m
        return first

    def last_within(self, lo: int, hi: int) -> Mention | None:
        within = [m for m in self.mentions if lo <= m.start and m.end <= hi]
        return within[-1] if within else None

    def antecedent(self, offset: int, label: str, speaker: Mention | None = None) -> Mention | None:
        """Who "he"/"the spokesman" (PERSON) or "it"/"the ministry" (ORG) at `offset` stands for:
        the last such mention before it in its sentence; else `speaker` (that of the quote before);
        else, in the previous sentence, the subject of a reporting verb, or the first person named
        (the last organisation) unless that sentence opens with a pronoun itself."""
        s = self.sentence_of(offset)
        lo, _ = self.bounds(s)
        own = [m for m in self.mentions if m.label == label and lo <= m.start and m.end <= offset]
        if own:
            return own[-1]
        if speaker is not None and speaker.label == label:
            return speaker
        p_lo, p_hi = self.bounds(s - 1)
        before = [m for m in self.mentions if m.label == label and p_lo <= m.start and m.end <= p_hi]
        for verb in _VERB.finditer(self.text, p_lo, p_hi):
            subject = self.ending_at(verb.start(), p_lo)
            if subject is not None and subject.label == label:
                return subject
        if not before or _PRONOUN_FIRST.match(self.text, p_lo):
            return None
        return before[0] if label == "PERSON" else before[-1]

    def clause_end(self, pos: int) -> int:
        """Where the words after a quote end: a stop (not that of "Lt." or "U.S." before a name),
        a semicolon, a line break or the next quote."""
        for stop in _STOP.finditer(self.text, pos):
            if (
                stop.group(0) == "."
                and _ABBREVIATION.search(self.text, max(0, stop.start() - 6), stop.end())
                and _CAPITAL_NEXT.match(self.text, stop.end())
            ):
                continue
            return stop.start()
        return len(self.text)


Speaker = tuple[str, Mention | None]  # the words, and the mention that names the speaker


def _phrase_speaker(t: _Text, phrase: re.Match[str], at: int, last: Mention | None) -> Speaker:
    """ "a White House statement": the mention in it; "the spokesman": who that stands for; "a
    witness": the words only."""
    named = t.last_within(at, at + len(phrase.group(0)))
    if named is not None:
        return phrase.group(0).strip(), named
    if phrase.group("det").lower() not in ("the", "his", "her", "its", "their"):
        return phrase.group(0).strip(), None
    label = "PERSON" if phrase.group("person") else "ORG" if phrase.group("org") else ""
    return phrase.group(0).strip(), t.antecedent(at, label, last) if label else None


def _subject_before(t: _Text, verb_start: int, lo: int, last: Mention | None) -> Speaker | None:
    """The subject of a reporting verb at `verb_start`, written before it from `lo`."""
    m = t.ending_at(verb_start, lo)
    if m is not None:
        return m.text, m
    left = t.text[lo:verb_start]
    trimmed = left[: len(left) - len(_FILLER.search(left).group(0))]
    pronoun = _PRONOUN.search(trimmed)
    if pronoun:
        label = "ORG" if pronoun.group(1).lower() == "it" else "PERSON"
        return pronoun.group(1), t.antecedent(lo + pronoun.start(), label, last)
    phrase = _PHRASE.search(trimmed)
    if phrase:
        return _phrase_speaker(t, phrase, lo + phrase.start(), last)
    name = _CAPITALISED.search(trimmed)
    if name and not _PRONOUN_FIRST.match(name.group(0)) and not _NO_NAME.match(name.group(0)):
        return name.group(0).strip(), None
    return None


def _subject_after(t: _Text, verb_end: int, last: Mention | None) -> Speaker | None:
    """The subject written after a reporting verb: "said Kishi", "said Lt. Bowman", "said the spokesman"."""
    named = t.first_after(verb_end, t.clause_end(verb_end), _TITLES)
    if named is not None:
        return named.text, named
    phrase = _PHRASE_AFTER.match(t.text, verb_end)
    if phrase:
        return _phrase_speaker(t, phrase, phrase.start("det"), last)
    return None


def _attribute(t: _Text, start: int, end: int, lo: int, last: Mention | None) -> Speaker | None:
    """The speaker of the quote at [start, end) by the words around it; `lo`: where its own text
    (its sentence, after any quote before it) begins; `last`: the last quote's speaker."""
    text = t.text
    hi = t.clause_end(end)
    if text[end - 2 : end - 1] in (".", "!", "?") and _CAPITAL_NEXT.match(text, end):
        hi = end  # the quote ended its sentence: "... home." The next one begins
    dash = re.compile(r"\s*[—–]\s*").match(text, end, hi)  # "..." — Sen. Tom Cotton, in a tweet
    if dash is not None:
        named = t.first_after(dash.end(), hi, _TITLES)
        if named is not None:
            return named.text, named
    verb = _VERB.search(text, end, hi)
    if verb is not None and verb.start() - end <= 120:
        if re.fullmatch(r"[\s,—–-]*", text[end : verb.start()]):
            found = _subject_after(t, verb.end(), last)
            if found is not None:
                return found
        found = _subject_before(t, verb.start(), end, last)
        if found is not None:
            return found
    _, sentence_end = t.bounds(t.sentence_of(start))
    for according in _ACCORDING.finditer(text, lo, max(hi, sentence_end)):
        named = t.first_after(according.end(), according.end() + 80, _TITLES)
        if named is not None:
            return named.text, named
    verbs = [*_VERB.finditer(text, lo, start), *_PARTICIPLE.finditer(text, lo, start)]
    for verb in sorted(verbs, key=lambda v: -v.start()):
        if verb.re is _PARTICIPLE:
            found = _subject_of_sentence(t, t.bounds(t.sentence_of(verb.start()))[0], verb.start(), last)
        else:
            found = _subject_before(t, verb.start(), lo, last)
        if found is not None:
            return found
    return None


def _subject_of_sentence(t: _Text, lo: int, hi: int, last: Mention | None) -> Speaker | None:
    """The subject a sentence opens with, before `hi`: a mention after titles only, or he/she."""
    named = t.first_after(lo, hi, _TITLES)
    if named is not None:
        return named.text, named
    pronoun = _OPENING_PRONOUN.match(t.text, lo, hi)
    if pronoun:
        return pronoun.group(1), t.antecedent(pronoun.start(1), "PERSON", last)
    return None


def find_quotes(text: str, annotations: Annotations) -> list[Raw]:
    """Every quotation in one text with its speaker's words, label and normalised surface (empty
    when no mention names the speaker), as plain values (`rerun` keeps them per text)."""
    spans = find_spans(text)
    t = _Text(text, annotations, spans)
    found: list[Raw] = []
    last: tuple[int, int, Raw] | None = None  # the sentence and end of the last quote, and it
    said: Mention | None = None  # the mention naming the last quote's speaker
    for start, end, words in spans:
        s = t.sentence_of(start)
        lo = max(t.bounds(s)[0], text.rfind("\n", 0, start) + 1)
        if last is not None and last[1] > lo:
            lo = last[1]
        opens = not text[max(t.bounds(s)[0], text.rfind("\n", 0, start) + 1) : start].strip()
        speaker = _attribute(t, start, end, lo, said)
        if speaker is not None:
            who, mention = speaker
            if mention is not None:
                raw: Raw = (
                    start,
                    s,
                    words,
                    mention.text,
                    mention.label,
                    normalise(mention.text, mention.label),
                )
            else:
                named = _CAPITALISED.fullmatch(who + " ") is not None  # unmarked, looked up in quotes()
                raw = (
                    start,
                    s,
                    words,
                    who,
                    "NAME" if named else "",
                    normalise(who, "PERSON") if named else "",
                )
        elif last is not None and last[2][3] is not None and (last[0] == s or (last[0] == s - 1 and opens)):
            raw = (start, s, words, *last[2][3:])  # "A," he said. "B." : the same speaker
        else:
            raw = (start, s, words, None, "", "")
        found.append(raw)
        last = (t.sentence_of(end - 1), end, raw)
    return found


def quotes(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    names: Mapping[str, Mapping[str, str]],
) -> tuple[Quote, ...]:
    """The quotations of every article, speakers resolved by `names` (`Resolution.names`)."""
    found: list[Quote] = []
    for article in sorted(articles, key=lambda a: a.id):
        found.extend(speak(article.id, find_quotes(article.text, annotations[article.id]), names))
    return tuple(found)


def speak(article: str, raws: Sequence[Raw], names: Mapping[str, Mapping[str, str]]) -> list[Quote]:
    """The quotations of one article from its `find_quotes` raws, speakers resolved by `names`."""
    found = []
    slugs = names.get(article, {})
    for start, sentence, words, speaker, label, surface in raws:
        actor = slugs.get(surface)
        if label == "NAME":  # "Sheriff Darren White": the actor of "Darren White" or "White"
            parts = surface.split()
            actor = next((slugs[n] for i in range(len(parts)) if (n := " ".join(parts[i:])) in slugs), None)
        found.append(Quote(article, start, sentence, words, speaker, actor))
    return found
