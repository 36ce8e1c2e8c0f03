"""What a figure counts, read from the words around it: mission personnel, or something else.

A count is a head count when the noun after it counts personnel ("400 Kenyan police", "180
Chadians", "the mission has 430 people"), when the noun before it does ("a contingent of 200"), or
when the press leaves the noun out ("the 400 who arrived", "add 300 more", "Guatemala 150", "784
from Kenya", "Kenya (720)") in a clause about personnel, or after a sentence about them. A count
followed by a noun of its own counts that ("31 weapons", "eleven armoured vehicles"). Whatever the
words, these are never head counts of the mission: ages ("Inspector Wanjiku, 38,", "aged between
22 and 40"), parts of names and numbers ("Route 3", "resolution 2751", a phone number, "5:30"), a
vote's tally ("voted 107 to 19"), the dead, wounded and displaced, a population, and the Haitian
police, which the mission supports but is not.

Money is the mission's unless it converts the amount before it ("KES 2 billion (about $15.5
million)"), is the difference between two amounts ("$60 million less than"), or is a rate per
person ("$1,448 per soldier", "a daily allowance of Sh13,000").

Positions are in the normalised text, as `analysis.figures` finds figures.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from haiti_mss.analysis.figures import Figure
from haiti_mss.curate.places import mentions
from haiti_mss.curate.words import (
    ANY_PERSONNEL,
    CUE_PATTERNS,
    HAS_BEFORE,
    NOUN_AFTER,
    NOUN_BEFORE,
    PEOPLE_AFTER,
    QUALIFYING,
)

Span = tuple[int, int]


class Counted(NamedTuple):
    """Whether a figure is a head count of the mission, and if not, why (when the words say)."""

    personnel: bool
    reason: str | None = None


# Words that may follow a count whose noun is left out: a relative, a verb, a preposition, "more".
_ELIDED_NEXT = frozenset((
    "who", "whom", "that", "which", "were", "was", "are", "is", "be", "been", "being", "have", "has",
    "had", "would", "will", "could", "can", "may", "might", "should", "must", "shall", "more", "of",
    "from", "to", "in", "on", "at", "by", "for", "with", "into", "and", "or", "but", "each", "apiece",
    "strong", "respectively", "altogether", "the", "a", "an", "his", "her", "its", "their", "our", "we",
    "they", "it", "he", "she", "this", "these", "those", "already", "still", "now", "also", "yet", "so",
    "as", "than", "until", "before", "after", "during", "under", "over", "about", "left", "sent", "flew",
    "went", "came", "took", "gave", "paid", "put", "set", "held", "kept", "brought", "made", "met",
    "began", "stood", "spent", "said", "told", "got", "between", "among", "remain", "remains", "stay",
    "stays", "serve", "serves", "follow", "follows", "come", "comes", "go", "goes", "return", "returns",
    "wait", "waits",
))  # fmt: skip
# Capitalised words before a count that are no name: "Some 300", "About 2,500".
_NOT_NAMES = _ELIDED_NEXT | frozenset((
    "some", "around", "roughly", "nearly", "almost", "approximately", "just", "only", "another", "all",
    "up", "fewer", "less", "exactly", "perhaps",
))  # fmt: skip
_WORD = re.compile(r"\s([A-Za-z][\w'-]*)")
_NAME_WORD = re.compile(r"\s([A-Za-z0-9][\w'-]*)")
# How many names may stand between a count and its noun: "Two CC-130J Hercules aircraft".
_NAME_WORDS = 3
# A past or present participle: a verb after a count whose noun is left out ("the 1,500 deployed"),
# or an adjective before its noun ("eleven armoured vehicles").
_PARTICIPLE = re.compile(r"[a-z]+(?:ed|ing)$")
_ANY_CUE = re.compile("|".join(f"(?:{pattern.pattern})" for _, _, pattern in CUE_PATTERNS), re.IGNORECASE)
# Words that make a clause one about personnel when a count's noun is left out.
_PERSONNEL_CONTEXT = re.compile(
    r"\b(?:deploy\w*|arriv\w*|pledg\w*|promis\w*|offer\w*|authori[sz]\w*|envisag\w*|contingents?|"
    r"force|strength|send|sent|reinforc\w*|rotations?|battalions?|troop\w*)\b",
    re.IGNORECASE,
)
# A count whose noun is that of the sentence before: "Jamaica has 150, Guatemala 150", "the
# Caribbean states about 250", "784 from Kenya".
_STATES_BEFORE = re.compile(
    rf"\b(?:states|countries|nations|contributors|contingents)\s(?:(?:{QUALIFYING})\s)?$"
)
_NAMED_BEFORE = re.compile(rf"(\S+)\s\(?(?:(?:{QUALIFYING})\s)?$")
_FROM_NAMED = re.compile(r"\sfrom\s(?:the\s)?")
# Or that of its clause's sentence: "300 more", "up from roughly 1,800".
_MORE_AFTER = re.compile(r"\s(?:more|others)\b")
_COMPARED = re.compile(
    r"(?:up|down)\sfrom|against|compared|(?:well\s|far\s|still\s)?(?:below|above|short\sof)", re.IGNORECASE
)
# "Days since first deployment: 356"
_TIME_LABEL = re.compile(r"\b(?:days|weeks|months|years|hours)\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(
    r"\b(?:aged?|ages)\s(?:(?:of|between|from)\s)?(?:\d+\s(?:and|to)\s)?$", re.IGNORECASE
)
# Things with numbers: "resolution 2751", "Route 3", "page 12", "Flight 1502"; not "meant to number"
# or "the mission numbers 1,000".
_NUMBERED = re.compile(
    r"\b(?:resolutions?|roads?|routes?|highways?|pages?|flights?|articles?|chapters?|paragraphs?|rooms?|"
    r"No\.|(?<!to\s)number|Nationale|National\sRoad)\s$",
    re.IGNORECASE,
)
_CASUALTIES = re.compile(
    r"\b(?:killed|died|dead|deaths?|wounded|injured|casualties|murdered|kidnapped|displaced)\b", re.IGNORECASE
)
_INHABITANTS = re.compile(r"\b(?:population|inhabitants|residents)\b", re.IGNORECASE)
# "people" counts everyone in a clause about a city, a country or those who fled.
_PEOPLE_AT_LARGE = re.compile(r"\b(?:city|country|fled|homes)\b", re.IGNORECASE)
_VOTE = re.compile(r"\b(?:vot\w*|abstain\w*|in\sfavou?r)\b", re.IGNORECASE)
_TALLY_AFTER = re.compile(r"\s?(?:to|-)\s?\d")
_TALLY_BEFORE = re.compile(r"\d\s?(?:to|-)\s?$")
# A Security Council has 15 members: a count this small in a clause about a vote is its tally.
_COUNCIL_SIZE = 15
# The Haitian police: the mission supports it, its strength is never the mission's.
_HAITIAN_POLICE = re.compile(r"\b(?:(?:Haiti's|Haitian|[Tt]he\scountry's)\s(?:[\w-]+\s){0,2}[Pp]olice|HNP)\b")
_HAITIAN_AFTER = re.compile(r"\s(?:[\w-]+\s)?(?:Haitian|HNP)\b")
# An amount right after another, converting it: "(about $15.5 million)", ", or roughly $76 million".
_CONVERSION_BETWEEN = re.compile(
    r"\s*(?:\(|,\s*or\s|\s-\s)\s*(?:about|around|roughly|some|approximately|nearly|almost|"
    r"equivalent\sto|the\sequivalent\sof)?\s*",
    re.IGNORECASE,
)
_EXCHANGE_RATE = re.compile(r"\s(?:at\s(?:the\s)?(?:current\s|today's\s|present\s)?exchange\srates?)\b")
_DIFFERENCE_AFTER = re.compile(r"\s(?:less|more|fewer)\sthan\b")
_PER_PERSON_AFTER = re.compile(
    r"\s(?:per|a|an|each|for\seach)\s(?:soldier|officer|person|head|member|trooper|police\w*|recruit)\b",
    re.IGNORECASE,
)
_ALLOWANCE_BEFORE = re.compile(
    r"\b(?:(?:allowance|salary|stipend|wage)s?\s(?:of\s)?|earn(?:s|ed|ing)?\s)(?:about\s|some\s|around\s|"
    r"roughly\s)?$",
    re.IGNORECASE,
)
_REACH = 40  # how far before a figure its qualifier and noun may stand


def head_count(text: str, figure: Figure, clause: Span, sentence: Span, previous_start: int) -> Counted:
    """Whether the count `figure` (in `clause` of `sentence`; the sentence before starts at
    `previous_start`) is a head count of the mission."""
    before = text[max(clause[0], figure.start - _REACH) : figure.start]
    after = text[figure.end : min(sentence[1], figure.end + 60)]
    reason = _not_a_count(text, figure, before, after) or _not_the_missions(
        text, figure, clause, before, after
    )
    if reason is not None:
        return Counted(False, reason)
    if NOUN_AFTER.match(after):
        return Counted(True)
    cued = _ANY_CUE.search(text, *clause) or HAS_BEFORE.search(before)
    if PEOPLE_AFTER.match(after) and cued and not _PEOPLE_AT_LARGE.search(text, *clause):
        return Counted(True)  # "the mission has a little over 430 people"
    noun = _noun_after(text, figure, after)
    if noun is not None:
        return Counted(False, f"counts {noun}, not personnel")
    if NOUN_BEFORE.search(before):
        return Counted(True)
    return _left_out(text, figure, clause, sentence, previous_start, before, after)


def _not_a_count(text: str, figure: Figure, before: str, after: str) -> str | None:
    """Why the number is no count at all: an age, a time, part of a name or a longer number."""
    value = figure.value if isinstance(figure.value, int) else None
    if value is not None and value < 120 and re.search(r",\s$", before) and re.match(r"[,.)]", after):
        return "an age or an aside"
    if _AGE_BEFORE.search(before):
        return "an age"
    if re.match(r"[:/]\d|-\d", after) or re.search(r"\d[:/-]$", before):
        return "part of a time, a tally or a longer number"
    if re.match(r"\s\(?\d", after) or re.search(r"[\d)]\s\(?$|\+$", before):
        return "part of a longer number (a phone number?)"
    if _NUMBERED.search(before):
        return "part of a name or a number"
    name = re.search(r"([A-Z][\w'-]*)\s$", before)
    if name is not None and name.group(1).lower() not in _NOT_NAMES:
        at = figure.start - len(before) + name.start(1)
        # a name that is no country's ("Delmas 33"); a country's possessive is fine ("Sri Lanka's 200")
        if not any(mention.end > at for mention in mentions(text, max(0, at - 30), at + len(name.group(1)))):
            return "part of a name"
    return None


def _not_the_missions(text: str, figure: Figure, clause: Span, before: str, after: str) -> str | None:
    """Why a count of people is not one of the mission's personnel."""
    if _CASUALTIES.search(text, *clause):
        return "the dead, wounded or displaced, not the mission's strength"
    if _INHABITANTS.search(text, *clause):
        return "a population, not the mission's strength"
    if _VOTE.search(text, *clause) and (_TALLY_AFTER.match(after) or _TALLY_BEFORE.search(before)):
        return "a vote's tally"  # "Lawmakers voted 107 to 19"
    if _haitian_police(text, figure, clause):
        return "the Haitian police's strength, not the mission's"
    return None


def _left_out(
    text: str, figure: Figure, clause: Span, sentence: Span, previous_start: int, before: str, after: str
) -> Counted:
    """A count whose noun is left out is a head count when the words it stands in are about
    personnel: its clause; its sentence for "300 more" or "up from roughly 1,800"; and the sentence
    before too for "Jamaica has 150, Guatemala 150" or "784 from Kenya"."""
    if _VOTE.search(text, *clause) and isinstance(figure.value, int) and figure.value <= _COUNCIL_SIZE:
        return Counted(False, "a vote's tally")
    label = text.rfind(": ", clause[0], figure.start)
    if label >= 0 and _TIME_LABEL.search(text, clause[0], label):
        return Counted(False, "counts time, not personnel")
    context = clause
    if _MORE_AFTER.match(after) or _COMPARED.match(text, clause[0]):
        context = sentence
    if (
        HAS_BEFORE.search(before)
        or _STATES_BEFORE.search(before)
        or _named_right_before(text, figure, before)
        or _named_after(text, figure, after)
    ):
        context = (previous_start, sentence[1])
    if any(pattern.search(text, *context) for pattern in (_PERSONNEL_CONTEXT, ANY_PERSONNEL, _ANY_CUE)):
        return Counted(True)
    return Counted(False)


def _noun_after(text: str, figure: Figure, after: str) -> str | None:
    """The noun right after the figure when it is one ("weapons" of "31 weapons", "vehicles" of
    "eleven armoured vehicles"); None when the words after it leave the noun out ("the 400 who
    arrived", "300 more", "Guatemala 150,", "the 1,000 President Ruto pledged")."""
    word = _WORD.match(after)
    if word is None:
        return None
    # a demonym or name after the figure ("180 Chadians") is the personnel's, not another noun
    if mentions(text, figure.end + word.start(1), figure.end + word.end(1)):
        return None
    named = False
    for _ in range(_NAME_WORDS):  # names before the noun: "two Caribbean nations", "Two CC-130J aircraft"
        if not (word.group(1)[:1].isupper() or any(char.isdigit() for char in word.group(1))):
            break
        word, named = _NAME_WORD.match(after, word.end()), True
        if word is None:
            return None
    lower = word.group(1).lower()
    if _PARTICIPLE.match(lower):
        # a verb ("the 1,500 deployed by", "President Ruto pledged"), or an adjective ("armoured vehicles")
        following = _WORD.match(after, word.end())
        if named or following is None or _leaves_noun_out(following.group(1)):
            return None
        lower = following.group(1).lower()
    return None if _leaves_noun_out(lower) else lower


def _leaves_noun_out(word: str) -> bool:
    return word.lower() in _ELIDED_NEXT or word[:1].isupper() or bool(_ANY_CUE.fullmatch(word))


def _named_right_before(text: str, figure: Figure, before: str) -> bool:
    """A country right before the count, or before its qualifier or bracket: "Guatemala 150", "El
    Salvador about 80", "Kenya (720)"."""
    name = _NAMED_BEFORE.search(before)
    if name is None:
        return False
    end = figure.start - len(before) + name.end(1)
    return any(mention.end == end for mention in mentions(text, figure.start - len(before), end))


def _named_after(text: str, figure: Figure, after: str) -> bool:
    """A country right after the count with "from": "784 from Kenya"."""
    start = _FROM_NAMED.match(after)
    return start is not None and any(
        mention.start == figure.end + start.end()
        for mention in mentions(text, figure.end, figure.end + len(after))
    )


def _haitian_police(text: str, figure: Figure, clause: Span) -> bool:
    """The count is the Haitian police's: the clause's subject before it ("Haiti's national police
    has about 9,000 officers", no contributor named between), or its own noun ("9,000 Haitian
    police")."""
    if _HAITIAN_AFTER.match(text, figure.end):
        return True
    subject = _HAITIAN_POLICE.search(text, clause[0], figure.start)
    return subject is not None and not any(
        mention.country != "HTI" for mention in mentions(text, subject.end(), min(clause[1], figure.end + 30))
    )


def conversion_or_rate(text: str, figure: Figure, earlier_money: Figure | None) -> str | None:
    """Why an amount of money is not the mission's: it converts the amount before it, it is the
    difference between two amounts ("$60 million less than requested"), or it is paid per
    person."""
    if _DIFFERENCE_AFTER.match(text, figure.end):
        return "the difference between two amounts"
    if earlier_money is not None and (
        _CONVERSION_BETWEEN.fullmatch(text, earlier_money.end, figure.start)
        or _EXCHANGE_RATE.match(text, figure.end)
    ):
        return f"a conversion of {earlier_money.text}"
    if _PER_PERSON_AFTER.match(text, figure.end) or _ALLOWANCE_BEFORE.search(
        text, max(0, figure.start - _REACH), figure.start
    ):
        return "an amount per person, not for the mission"
    return None
