"""Who a figure is about: the country that pledged, sent, paid or holds it, or none for a figure of
the mission as a whole.

Read in this order, the first that answers wins:

1. a demonym in the figure's own noun phrase ("200 Jamaican soldiers", "180 Chadians");
2. several countries before a figure that is each one's ("Jamaicans and Guatemalans numbering about
   200 each"): one claim per country; and figures paired with countries by "respectively";
3. a country right after it with "from" or "by" ("650 soldiers from Chad", "€3m from France");
4. nobody, for a figure of all contributors ("400 foreign personnel", "pledged by participating
   nations") or an authorised size (the Security Council authorises, no country does);
5. for a figure inside a relative clause ("Jamaica, which added 40 more"), what the clause is about;
   a mission or fund there ("the mission, which numbers just under 1,000") means nobody;
6. the nearest country before it in its clause, else after it there, else the sentence's subject;
   two or more named before it with "total", "together" or "between them" make a joint figure,
   nobody's, and so do two demonyms in its noun phrase ("70 Belizean and Bahamian personnel");
7. in a clause that names no country and is not about the mission, its fund or the U.N. (whichever
   the clause names first, that or "it", "the government", "the Treasury"), the country the text is
   about: the first named in its sentence, else the subject of the sentences just before ("Of the
   1,000 the government promised", after a sentence about Kenyan officers).

Countries that only speak ("according to Kenyan authorities"), that sit in an aside about something
else (", which Kenya criticised for paying late,", ", with China, Pakistan and Russia abstaining,"),
and Haiti, the host, are never the figure's.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

from haiti_mss.analysis.figures import Figure
from haiti_mss.curate.passages import Passage, Passages, Span
from haiti_mss.curate.places import Mention, mentions
from haiti_mss.curate.words import NOUN_AFTER

# Who is credited: "according to Kenyan authorities", up to the next comma or the sentence's end
# (a full stop inside "U.N." does not end it).
SPEAKER = re.compile(r"\baccording\sto\s(?P<who>.{3,80}?)(?=[,;]|\.\s[A-Z\"'(]|\.?$)")
# The words right after a figure that describe what it counts ("400 Kenyan police officers").
_NOUN_PHRASE = re.compile(r"(?:\s[\w'-]+){1,5}")
_ALL_CONTRIBUTORS = re.compile(r"\b(?:foreign|international|multinational)\b", re.IGNORECASE)
_CONTRIBUTORS = re.compile(
    r"\b(?:participating|contributing|member|partner|troop-contributing)\s(?:nations|countries|states)\b",
    re.IGNORECASE,
)
_FROM_AFTER = re.compile(r"(?:\s[\w'-]+){0,3}?\s(?:from|by)\s(?:the\s)?")
_EACH_AFTER = re.compile(r"\s(?:each|apiece)\b")
_RESPECTIVELY = re.compile(r"\brespectively\b")
# A clause without a country borrows the sentence's subject: a country in its first few words.
_SUBJECT_WORDS = 4
_JOINT_WORDS = re.compile(r"\b(?:total|combined|together|altogether|jointly|between\sthem)\b", re.IGNORECASE)
# This many countries named before a figure with "total" or "between them" make it a joint one
# ("El Salvador and Guatemala add roughly 400 between them"): mission-wide, for no one of them.
_JOINT = 2
# An aside about something else, between commas: its countries are not the figure's.
_ASIDE = re.compile(r",\s(?:which|who|whom|whose|with)\s[^,]*,")
_RELATIVE = re.compile(r",\s(?:which|who|whose)\s[^,]*$")
# A clause that goes on with the one before it: its country is that one's.
_GOING_ON = re.compile(r"(?:including|of\swhich|among\sthem)\b")
# What belongs to the mission as a whole: a figure of theirs is nobody's.
_MISSION_WIDE = re.compile(
    r"\b(?:MSS|GSF|UNSOH|U\.N\.|UN|United\sNations|CARICOM|(?i:missions?|forces?|deployments?|funds?|"
    r"operations?|support\soffice|security\scouncil|council|general\sassembly|secretary-general|donors|offers|"
    r"pledges|countries|nations|(?<!united\s)states|contributors|arrivals|region|bloc|coalition))\b"
)
# Words that point back to a country named before: "it", "the government", "the Treasury".
_ANAPHOR = re.compile(
    r"\b(?:it|its|they|their|them|he|his|she|her|we|our|government|country|treasury|exchequer|ministry|"
    r"cabinet|congress|parliament|president|minister)\b",
    re.IGNORECASE,
)
# How far after a figure its agent may stand: "the 2,500 the Security Council envisaged".
_AGENT_REACH = 40
# How many sentences back the text's subject is looked for.
_TOPIC_REACH = 3


class Actor(NamedTuple):
    """Whom a figure is about: one country, several (one claim each), or none (mission-wide); and
    how many countries a joint figure was read from."""

    countries: tuple[Mention | None, ...]
    joint: int = 0


_NOBODY = Actor((None,))


class Actors:
    """The countries of an article's figures."""

    def __init__(self, passages: Passages) -> None:
        self.passages = passages
        self.text = passages.normalised

    def of(
        self, figure: Figure, passage: Passage, clause: Span, *, authorised: bool, others: list[Figure]
    ) -> Actor:
        """Whom `figure` (in `clause` of `passage`) is about; `others` are the sentence's figures of
        head counts and money, for pairing by "respectively"; an `authorised` size is nobody's."""
        text = self.text
        # the noun phrase ends where the next figure starts: "24 Jamaican soldiers and two Belizean"
        following = min((other.start for other in others if other.start > figure.start), default=clause[1])
        noun_phrase = _NOUN_PHRASE.match(text, figure.end, min(clause[1], following))
        phrase_end = noun_phrase.end() if noun_phrase else figure.end
        phrase = [mention for mention in mentions(text, figure.end, phrase_end) if mention.demonym]
        if len({mention.country for mention in phrase}) >= 2:  # "70 Belizean and Bahamian personnel"
            return Actor((None,), len({mention.country for mention in phrase}))
        if phrase and phrase[0].country != "HTI":
            return Actor((phrase[0],))
        named = self._named(passage)
        if _EACH_AFTER.match(text, figure.end):  # "Jamaicans and Guatemalans …, numbering about 200 each"
            for start in (clause[0], passage.sentence[0]):
                each = {
                    mention.country: mention for mention in named if start <= mention.start < figure.start
                }
                if len(each) >= 2:
                    return Actor(tuple(each.values()))
        if (paired := self._respectively(figure, clause, named, others)) is not None:
            return Actor((paired,))
        after = _FROM_AFTER.match(text, figure.end, clause[1])
        if after is not None:
            following = [mention for mention in named if mention.start == after.end()]
            if following:
                return Actor(following[:1])
        if (
            authorised
            or _ALL_CONTRIBUTORS.search(text, figure.end, self._noun_end(figure, phrase_end))
            or _CONTRIBUTORS.search(text, *clause)
        ):
            return _NOBODY  # "400 foreign security personnel", "3,100 pledged by participating nations"
        relative = _RELATIVE.search(text, clause[0], figure.start)
        if relative is not None:
            antecedent = self._antecedent(relative.start(), clause, named)
            if antecedent is not None:
                return antecedent
        return self._in_sentence(figure, passage, clause, named)

    def _noun_end(self, figure: Figure, phrase_end: int) -> int:
        """Where the noun counted by the figure ends: "400 foreign security personnel" ends at
        "personnel", before "to the multinational mission"."""
        noun = NOUN_AFTER.match(self.text[figure.end : phrase_end])
        return figure.end + noun.end() if noun is not None else phrase_end

    def _named(self, passage: Passage) -> list[Mention]:
        """The countries of a sentence that may be a figure's: not Haiti, not a speaker, not one in
        an aside."""
        start, end = passage.sentence
        aside = [match.span() for match in _ASIDE.finditer(self.text, start, end)]
        aside += [match.span() for match in SPEAKER.finditer(self.text, start, end)]
        return [
            mention
            for mention in mentions(self.text, start, end)
            if mention.country != "HTI" and not any(first <= mention.start < last for first, last in aside)
        ]

    def _respectively(
        self, figure: Figure, clause: Span, named: list[Mention], others: list[Figure]
    ) -> Mention | None:
        """ "Jamaica and Belize have offered 200 and 50 respectively": the nth figure is the nth
        country's."""
        if not _RESPECTIVELY.search(self.text, *clause):
            return None
        listed = [other for other in others if clause[0] <= other.start < clause[1]]
        first = min((other.start for other in listed), default=figure.start)
        countries = [mention for mention in named if clause[0] <= mention.start < first]
        if len(countries) != len(listed) or figure not in listed:
            return None
        return countries[listed.index(figure)]

    def _antecedent(self, comma: int, clause: Span, named: list[Mention]) -> Actor | None:
        """What a relative clause starting at `comma` is about: the last words before it."""
        words = self.text[clause[0] : comma].split()[-3:]
        start = comma - len(" ".join(words))
        country = [mention for mention in named if start <= mention.start < comma]
        if country:
            return Actor((country[-1],))
        return _NOBODY if _MISSION_WIDE.search(self.text, start, comma) else None

    def _in_sentence(self, figure: Figure, passage: Passage, clause: Span, named: list[Mention]) -> Actor:
        earlier = {mention.country for mention in named if mention.end <= figure.start}
        if len(earlier) >= _JOINT and _JOINT_WORDS.search(self.text, *clause):
            return Actor((None,), len(earlier))
        # "…, including C$82.5 million paid into the trust fund": the clause goes on with the one before
        start = passage.sentence[0] if _GOING_ON.match(self.text, clause[0]) else clause[0]
        in_clause = [mention for mention in named if start <= mention.start < clause[1]]
        before = [mention for mention in in_clause if mention.end <= figure.start]
        if before:
            return Actor((before[-1],))
        # Whoever the clause names first acts: the mission or its fund ("The U.N. trust fund has
        # received $85 million from donors, most of it from Canada"), or someone the text named
        # before ("the 150 the government offered").
        if self._mission_first(clause[0], figure.start):
            return _NOBODY
        reach = min(clause[1], figure.end + _AGENT_REACH)  # "the 2,500 the Council envisaged"
        after = [mention for mention in in_clause if mention.start >= figure.end]
        if after and _ANAPHOR.search(self.text, clause[0], reach) is None:
            return Actor((after[0],))
        # A clause without a country ("bringing its total to 1,000") is about the sentence's
        # subject; a sentence that opens with an aside ("While Kenyan police have arrived, …")
        # has none to lend.
        main = passage.clauses[0]
        if main != clause and not passage.opens_with_aside:
            opening = self._opening(main, _SUBJECT_WORDS)
            subject = [mention for mention in named if main[0] <= mention.start < opening]
            if subject:
                return Actor((subject[0],))
        if self._mission_first(clause[0], reach):
            return _NOBODY
        return Actor((self._topic(figure, passage, named),))

    def _mission_first(self, start: int, end: int) -> bool:
        """`text[start:end]` names the mission, its fund or the U.N. before any word that points
        back to a country ("it", "the government")."""
        mission = _MISSION_WIDE.search(self.text, start, end)
        anaphor = _ANAPHOR.search(self.text, start, end)
        return mission is not None and (anaphor is None or mission.start() < anaphor.start())

    def _opening(self, span: Span, words: int) -> int:
        """Where the first `words` words of `span` end: a sentence's or a clause's subject."""
        return span[0] + len(" ".join(self.text[span[0] : span[1]].split()[:words]))

    def _topic(self, figure: Figure, passage: Passage, named: list[Mention]) -> Mention | None:
        """The country a clause that names none of its own is about: the first named in its
        sentence, else in the sentences just before; nobody's when the sentence before the figure,
        or a sentence on the way back, is about the mission as a whole ("the UN Support Office …;
        its budget was approved at $398.6 million")."""
        if named:
            return named[0]
        if self._mission_first(passage.sentence[0], figure.start):
            return None
        index = self._index[passage.sentence[0]]
        for earlier in reversed(self.passages.sentences[max(0, index - _TOPIC_REACH) : index]):
            subject = self._opening(earlier.sentence, _SUBJECT_WORDS + 2)
            found = self._named(earlier)
            if found and found[0].start < subject:
                return found[0]  # "The Guatemalan deployment is paid for …. Congress approved …"
            if _MISSION_WIDE.search(self.text, earlier.sentence[0], subject):
                return None  # "The MSS mission … deployed only 400 Kenyan troops. Its dedicated fund …"
            if found:
                return found[0]
        return None

    @cached_property
    def _index(self) -> dict[int, int]:
        return {passage.sentence[0]: index for index, passage in enumerate(self.passages.sentences)}
