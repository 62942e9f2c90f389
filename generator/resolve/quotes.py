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
from typing import Any

from ..incremental.memo import StageMemo, digest
from ..model import Annotations, Article, Mention, Quote
from .names import normalise

MIN_WORDS = 3
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")
_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|wrote|writes|asked|asks|warned|warns|explained|"
    "noted|notes|insisted|argued|declared|announced|replied|responded|recalled|claimed|urged|"
    "acknowledged|reported|tweeted|posted|concluded|remarked|testified|suggested|admitted|conceded|"
    "cautioned|emphasi[sz]ed|stressed|observed|complained|commented|contended|maintained|predicted|"
    "confirmed|countered|quipped|continued|described|called|sa(?:id|ys) in a statement"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_OPEN = '"“'
_CLOSE = '"”'
_WORD = re.compile(r"[\w’'-]+")
# Between a subject and its verb: adverbs and auxiliaries ("Kishi also said", "he has said").
_FILLER = re.compile(
    r"(?:\s+(?:also|later|then|previously|has|had|have|was|were|would|will|once|further|again|"
    r"recently|earlier|separately|repeatedly|had|later|last\s+\w+|on\s+\w+day))*\s*$"
)
_APPOSITIVE = re.compile(r"\s*,[^\"“”]{1,200},\s*")
_TRAILING_COMMA = re.compile(r"\s*,\s*")
_PRONOUN = re.compile(r"\b(he|she|it)\s*$", re.IGNORECASE)
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
_PHRASE = re.compile(
    rf"\b(?:the|a|an|his|her|its|their)\s+(?:[\w’'.-]+\s+){{0,5}}?(?:(?P<person>{_PERSON_NOUNS})|"
    rf"(?P<org>{_ORG_NOUNS}))s?\s*$",
    re.IGNORECASE,
)
_OWNED = re.compile(
    rf"(?:’s|'s)(?:\s+[\w-]+){{0,2}}?\s+(?:{_PERSON_NOUNS}|office)s?\s*"
)  # "Kishida's spokesman"
# After a verb, its subject: "said Kishi", "said the spokesman" (up to a comma or stop).
_AFTER_SUBJECT = re.compile(r"[^,.;:!?\"“”]{0,80}")

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
        while i < len(para):
            c = para[i]
            if opened is None and c in _OPEN and _opens(para, i):
                opened, start, parts = p_start + i + 1, p_start + i, []
            elif opened is not None and c in _CLOSE and _closes(para, i):
                words = " ".join([*parts, text[opened : p_start + i].strip()])
                if len(_WORD.findall(words)) >= MIN_WORDS:
                    found.append((start, p_start + i + 1, words))
                opened = None
            i += 1
        if opened is not None:
            carried = (start, [*parts, text[opened : paragraph.end()].strip()])
    return found


def _opens(para: str, i: int) -> bool:
    """A straight quote opens after a space or start, a curly one always."""
    return para[i] == "“" or i == 0 or not para[i - 1].isalnum()


def _closes(para: str, i: int) -> bool:
    return para[i] == "”" or i + 1 == len(para) or not para[i + 1].isalnum()


class _Text:
    """One article's text, sentences and speaker mentions, for the rules."""

    def __init__(self, text: str, annotations: Annotations, spans: Sequence[tuple[int, int, str]]) -> None:
        self.text = text
        self.sentences = annotations.sentences
        self.starts = [s for s, _ in self.sentences]
        # Speaker mentions outside the quotations (who is quoted is never named inside the quote).
        self.mentions = [
            m
            for m in annotations.mentions
            if m.label in SPEAKER_LABELS and not any(a <= m.start < b for a, b, _ in spans)
        ]

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def bounds(self, index: int) -> tuple[int, int]:
        if 0 <= index < len(self.sentences):
            return self.sentences[index]
        return (0, 0)

    def ending_at(self, end: int, lo: int) -> Mention | None:
        """The speaker mention ending right before `end` (adverbs between: "Kishi also said"), or
        else the first one before an appositive ("Daniel Russel, the top US diplomat, said")."""
        near, appositive = None, None
        for m in self.mentions:
            if lo <= m.start and m.end <= end:
                gap = self.text[m.end : end]
                if _FILLER.fullmatch(gap) or _TRAILING_COMMA.fullmatch(gap) or _OWNED.fullmatch(gap):
                    near = m if near is None or m.end > near.end else near
                elif appositive is None and _APPOSITIVE.fullmatch(gap):
                    appositive = m
        return near or appositive

    def inside(self, lo: int, hi: int) -> Mention | None:
        within = [m for m in self.mentions if lo <= m.start and m.end <= hi]
        return within[-1] if within else None

    def antecedent(self, offset: int, label: str) -> Mention | None:
        """Who "he"/"the spokesman" (PERSON) or "it"/"the ministry" (ORG) at `offset` stands for."""
        s = self.sentence_of(offset)
        lo, _ = self.bounds(s)
        own = [m for m in self.mentions if m.label == label and lo <= m.start and m.end <= offset]
        if own:
            return own[-1]
        p_lo, p_hi = self.bounds(s - 1)
        before = [m for m in self.mentions if m.label == label and p_lo <= m.start and m.end <= p_hi]
        if not before:
            return None
        return before[0] if label == "PERSON" else before[-1]


Speaker = tuple[str, Mention | None]  # the words, and the mention that names the speaker


def _subject_before(t: _Text, verb_start: int, lo: int) -> Speaker | None:
    """The subject of a reporting verb at `verb_start`, written before it from `lo`."""
    m = t.ending_at(verb_start, lo)
    if m is not None:
        return m.text, m
    left = t.text[lo:verb_start]
    trimmed = left[: len(left) - len(_FILLER.search(left).group(0))] if _FILLER.search(left) else left
    pronoun = _PRONOUN.search(trimmed)
    if pronoun:
        label = "ORG" if pronoun.group(1).lower() == "it" else "PERSON"
        return pronoun.group(1), t.antecedent(lo + pronoun.start(), label)
    phrase = _PHRASE.search(trimmed)
    if phrase:
        at = lo + phrase.start()
        named = t.inside(at, lo + phrase.end())
        if named is not None:
            return phrase.group(0).strip(), named
        return phrase.group(0).strip(), t.antecedent(at, "PERSON" if phrase.group("person") else "ORG")
    return None


def _subject_after(t: _Text, verb_end: int) -> Speaker | None:
    """The subject written after a reporting verb: "said Kishi", "said the spokesman"."""
    span = _AFTER_SUBJECT.match(t.text, verb_end)
    hi = span.end() if span else verb_end
    named = t.inside(verb_end, hi)
    if named is not None and not t.text[verb_end : named.start].strip(" ").lower().startswith("in "):
        return named.text, named
    words = t.text[verb_end:hi].strip()
    phrase = _PHRASE.search(words)
    if phrase and phrase.start() == 0:
        return words, t.antecedent(verb_end, "PERSON" if phrase.group("person") else "ORG")
    return None


def _attribute(t: _Text, start: int, end: int, lo: int) -> Speaker | None:
    """The speaker of the quote at [start, end) by the words around it; `lo`: where its own text
    (its sentence, after any quote before it) begins."""
    text = t.text
    stop = re.compile(r"[!?;\n“]|\.(?=\s|$)|(?<=\s)\"")
    s = t.sentence_of(start)
    _, sent_hi = t.bounds(s)
    after = stop.search(text, end)
    hi = after.start() if after else len(text)
    verb = _VERB.search(text, end, hi)
    if verb is not None and verb.start() - end <= 120:
        lead = text[end : verb.start()]
        if re.fullmatch(r"[\s,—–-]*", lead):
            found = _subject_after(t, verb.end())
            if found is not None:
                return found
        found = _subject_before(t, verb.start(), end)
        if found is not None:
            return found
    for according in _ACCORDING.finditer(text, lo, max(hi, sent_hi)):
        named = t.inside(according.end(), according.end() + 60)
        if named is not None and re.fullmatch(r"\s*(?:the\s+)?", text[according.end() : named.start]):
            return named.text, named
    for verb in reversed(list(_VERB.finditer(text, lo, start))):
        found = _subject_before(t, verb.start(), lo)
        if found is not None:
            return found
    return None


def find_quotes(text: str, annotations: Annotations) -> list[Raw]:
    """Every quotation in one text with its speaker's words, label and normalised surface (empty
    when no mention names the speaker), as plain values (memoised per text)."""
    spans = find_spans(text)
    t = _Text(text, annotations, spans)
    found: list[Raw] = []
    last: tuple[int, int, Raw] | None = None  # the sentence and end of the last quote, and it
    for start, end, words in spans:
        s = t.sentence_of(start)
        lo = max(t.bounds(s)[0], text.rfind("\n", 0, start) + 1)
        if last is not None and last[1] > lo:
            lo = last[1]
        speaker = _attribute(t, start, end, lo)
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
                raw = (start, s, words, who, "", "")
        elif last is not None and last[0] >= s - 1 and last[2][3] is not None:
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
    memo: StageMemo | None = None,
) -> tuple[Quote, ...]:
    """The quotations of every article, speakers resolved by `names` (`Resolution.names`); with
    `memo`, each text is read once (by a digest of the text, its sentences and its mentions)."""
    found: list[Quote] = []
    for article in sorted(articles, key=lambda a: a.id):
        own = annotations[article.id]
        if memo is None:
            raws: Any = find_quotes(article.text, own)
        else:
            key = digest((article.text, [m[:5] for m in own.mentions], list(own.sentences)))
            raws = memo.get(key)
            if raws is None:
                raws = find_quotes(article.text, own)
                memo.put(key, raws)
        slugs = names.get(article.id, {})
        for start, sentence, words, speaker, _label, surface in raws:
            found.append(Quote(article.id, start, sentence, words, speaker, slugs.get(surface)))
    return tuple(found)


def quotes_data(
    quotes: Sequence[Quote], storyline_of: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """data/quotes.json's records: id (article id and offset), article, storyline, speaker, actor, text."""
    storyline_of = storyline_of or {}
    return [
        {
            "id": f"{q.article}-{q.start}",
            "article": q.article,
            "storyline": storyline_of.get(q.article),
            "speaker": q.speaker,
            "actor": q.actor,
            "text": q.text,
        }
        for q in quotes
    ]
