"""Figures in a text: counts, amounts of money, percentages, years, dates and lengths of time,
written in digits or in words; the qualifier in front of each; and whether each figure of a source is
cited by a claim's quote, ignored with a reason, or not cited (what `mss coverage` counts and
`unused-ignore` reads).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import NamedTuple

from haiti_mss.analysis.text import WEEKDAY_PATTERN, normalise
from haiti_mss.core.records import IgnoredFigure, SourceRecord

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|thousand|trillion|bn|m)\b)"
# Currencies as the press writes them, with their ISO codes: a sign or code before the figure, or
# words after it. One table for the figure finder here (is it money?) and the drafter (which
# currency? `curate.draft`). A sign is read whole: the "C$" of "EC$" is no Canadian dollar.
CURRENCY_SIGNS = (
    (r"US\$|USD\s?|U\.S\.\s?\$", "USD"), (r"C\$|CA\$|CAD\s?|Can\$", "CAD"), (r"J\$|JMD\s?", "JMD"),
    (r"A\$|AUD\s?", "AUD"), (r"NZ\$|NZD\s?", "NZD"), (r"KES\s?|KSh\.?\s?|Ksh\.?\s?|Sh\.?\s?", "KES"),
    (r"€|EUR\s?", "EUR"), (r"£|GBP\s?", "GBP"), (r"JP¥|JPY\s?", "JPY"), (r"CN¥|RMB\s?|CNY\s?", "CNY"),
    (r"¥", "JPY"), (r"HTG\s?", "HTG"), (r"R\$|BRL\s?", "BRL"), (r"CHF\s?", "CHF"), (r"BZ\$|BZD\s?", "BZD"),
    (r"TT\$|TTD\s?", "TTD"), (r"EC\$|XCD\s?", "XCD"), (r"HK\$|HKD\s?", "HKD"), (r"B\$|BSD\s?", "BSD"),
    (r"GTQ\s?", "GTQ"), (r"NOK\s?", "NOK"), (r"\$", "USD"),
)  # fmt: skip
CURRENCY_WORDS = (
    (r"Canadian\sdollars", "CAD"), (r"Jamaican\sdollars", "JMD"), (r"Australian\sdollars", "AUD"),
    (r"Bahamian\sdollars", "BSD"), (r"(?:US\s|U\.S\.\s|American\s)?dollars", "USD"),
    (r"(?:Kenyan\s|Kenya\s)?shillings", "KES"), (r"euros?", "EUR"),
    (r"(?:British\s)?pounds(?:\ssterling)?|sterling", "GBP"), (r"yen", "JPY"), (r"yuan|renminbi", "CNY"),
    (r"gourdes?", "HTG"), (r"(?:Swiss\s)?francs", "CHF"), (r"quetzal(?:es|s)?", "GTQ"),
    (r"Danish\skroner", "DKK"), (r"(?:Norwegian\s)?kroner", "NOK"), (r"(?:Swedish\s)?kronor", "SEK"),
)  # fmt: skip
_CURRENCY_BEFORE = rf"(?:{'|'.join(sign for sign, _ in CURRENCY_SIGNS)})\s?"
_CURRENCY_AFTER = rf"(?:\s(?:{'|'.join(words for words, _ in CURRENCY_WORDS)})\b)"
_FIGURE = re.compile(
    rf"""(?<!\w)(?:
      (?P<money>{_CURRENCY_BEFORE}(?:{_NUMBER}){_SCALE}?|(?:{_NUMBER}){_SCALE}?{_CURRENCY_AFTER})
    | (?P<date>(?:{WEEKDAY_PATTERN},?\s)?(?:
          {_MONTH}\s{_DAY}(?:,?\s\d{{4}})?      # September 25, 2023
        | {_DAY}\s{_MONTH}(?:,?\s\d{{4}})?      # 25 September 2023
        | {_MONTH},?\s\d{{4}}))                 # October 2025
    | (?P<percent>(?:{_NUMBER})\s?(?:%|percent\b|per\scent\b))
    | (?P<token>[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Za-z][A-Za-z\d]*)
    | (?P<number>(?:{_NUMBER}){_SCALE}?)
    )(?!\w)""",
    re.VERBOSE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_NUMBER_IN_FIGURE = re.compile(rf"({_NUMBER})(?:\s?(million|billion|thousand|trillion|bn|m)\b)?")
# A count followed by one of these is a length of time ("five years", "a 90-day review"), not a
# number of anything a claim counts.
_TIME_UNIT = re.compile(r"[\s-]*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    start: int
    end: int
    kind: str  # money, date, percent, year, count, duration, token
    value: int | float | None


def _figure_value(text: str) -> int | float | None:
    match = _NUMBER_IN_FIGURE.search(text)
    if match is None:
        return None
    digits, scale = match.groups()
    number = float(digits.replace(",", "")) * _SCALES.get(scale or "", 1)
    return int(number) if number.is_integer() else number


def figures(text: str) -> list[Figure]:
    """Every figure in normalised `text`, in order: amounts of money, dates, percentages, years,
    counts and lengths of time, in digits or in words ("a dozen", "two hundred"), and tokens that
    carry digits ("G20"). Digits inside web addresses are not figures."""
    urls = [match.span() for match in _URL.finditer(text)] if "http" in text or "www." in text else []
    found = []
    for match in _FIGURE.finditer(text):
        if any(start <= match.start() < end for start, end in urls):
            continue
        kind = match.lastgroup or "number"
        figure_text = match.group()
        value = None if kind in ("date", "token") else _figure_value(figure_text)
        if kind == "number":
            is_year = len(figure_text) == 4 and figure_text.isdigit() and 1800 <= int(figure_text) <= 2100
            kind = "year" if is_year else _count_or_duration(text, match.end())
        found.append(Figure(figure_text, match.start(), match.end(), kind, value))
    if not _ANY_NUMBER_WORD.search(text):
        return found
    taken = [(figure.start, figure.end) for figure in found]
    return sorted([*found, *word_figures(text, taken)], key=lambda figure: figure.start)


def _count_or_duration(text: str, end: int) -> str:
    return "duration" if _TIME_UNIT.match(text, end) else "count"


# A vote's none and one, which are no figures of a text ("one" on its own is not counted): "none
# against", "no votes against", "adopted unanimously", "one abstention", "a single vote against".
_TALLY_WORDS = {
    0: re.compile(r"\b(?:none|no|zero|nil|unanimous(?:ly)?)\b", re.IGNORECASE),
    1: re.compile(r"\b(?:one|a single)\b", re.IGNORECASE),
}


def states_count(text: str, found: Sequence[Figure], value: int) -> bool:
    """Whether normalised `text`, whose figures are `found`, states the count `value`: as a count
    in digits or words ("12", "three"), or, for a vote's 0 and 1, in the words that say them."""
    if any(figure.kind == "count" and figure.value == value for figure in found):
        return True
    words = _TALLY_WORDS.get(value)
    return words is not None and words.search(text) is not None


_MONEY_AFTER = re.compile(_CURRENCY_AFTER)


# --- Figures in words ------------------------------------------------------------------------

# Cardinals from two up, and the words that scale them. Not "one" on its own, articles, ordinals
# or vague amounts ("dozens", "thousands": the plural is not in the list, so never matched).
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}  # fmt: skip
_MULTIPLIERS = {"dozen": 12, "hundred": 100}
_LARGE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_NUMBER_WORDS = {**_UNITS, **_TEENS, **_TENS, **_MULTIPLIERS, **_LARGE}
_ANY_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def word_figures(text: str, taken: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Figures written in words: "two", "twenty-five", "three hundred and fifty", "a dozen",
    "two million". "A"/"an" belongs to the figure before dozen, hundred, thousand or million. Words
    inside the spans `taken` (the "million" of "$300 million") belong to figures in digits."""
    words = [
        (match.group(), match.group().lower(), match.start(), match.end())
        for match in _WORD.finditer(text)
        if not any(start < match.end() and match.start() < end for start, end in taken)
    ]
    found = []
    index = 0
    while index < len(words):
        phrase = _number_phrase(words, index, text)
        if phrase is None:
            index += 1
            continue
        first, last, value = phrase
        start, end = words[first][2], words[last][3]
        if value >= 2:
            kind = "money" if _MONEY_AFTER.match(text, end) else _count_or_duration(text, end)
            found.append(Figure(text[start:end], start, end, kind, value))
        index = last + 1
    return found


def _number_phrase(
    words: list[tuple[str, str, int, int]], index: int, text: str
) -> tuple[int, int, int] | None:
    """The number phrase starting at word `index`: its first and last word and its value."""
    first = index
    total = current = 0
    if words[index][1] in ("a", "an") and index + 1 < len(words) and words[index + 1][1] in (
        *_MULTIPLIERS, *_LARGE
    ) and _joined(text, words[index], words[index + 1]):  # fmt: skip
        index += 1
    elif _couple_of(words, index, text):  # "a couple of dozen": two dozen
        current, index = 2, index + 3
    if words[index][1] not in _NUMBER_WORDS:
        return None
    previous = None
    last = index
    while index < len(words):
        word = words[index][1]
        if word == "and" and previous in ("hundred", *_LARGE) and index + 1 < len(words):
            following = words[index + 1][1]
            if following in _UNITS or following in _TEENS or following in _TENS:
                index += 1
                continue
            break
        if word not in _NUMBER_WORDS or (previous is not None and not _may_follow(previous, word)):
            break
        if index > last and not _joined(text, words[last], words[index], allow_and=True):
            break
        value = _NUMBER_WORDS[word]
        if word in _MULTIPLIERS:
            current = (current or 1) * value
        elif word in _LARGE:
            total += (current or 1) * value
            current = 0
        else:
            current += value
        previous, last = word, index
        index += 1
    return first, last, total + current


def _couple_of(words: list[tuple[str, str, int, int]], index: int, text: str) -> bool:
    """ "a couple of" right before dozen, hundred, thousand or million."""
    phrase = words[index : index + 4]
    return (
        len(phrase) == 4
        and [word[1] for word in phrase[:3]] == ["a", "couple", "of"]
        and phrase[3][1] in (*_MULTIPLIERS, *_LARGE)
        and all(_joined(text, before, after) for before, after in pairwise(phrase))
    )


def _may_follow(previous: str, word: str) -> bool:
    """Whether `word` goes on the number `previous` began: "twenty" "five", "two" "hundred"."""
    if previous in _UNITS or previous in _TEENS:
        return word in _MULTIPLIERS or word in _LARGE
    if previous in _TENS:
        return word in _UNITS or word in _LARGE or word == "hundred"
    if previous == "dozen":
        return False
    return word not in _MULTIPLIERS or previous in _LARGE  # after hundred, thousand, million


def _joined(text: str, before: tuple[str, str, int, int], after: tuple[str, str, int, int], *,
            allow_and: bool = False) -> bool:  # fmt: skip
    """The two words are next to each other, apart only by a space or a hyphen (or "and")."""
    between = text[before[3] : after[2]]
    return between in (" ", "-") or (allow_and and between.strip() in ("and", "") and len(between) <= 5)


# --- Qualifiers ----------------------------------------------------------------------------

# Longest phrases first, so "just over" is read before "over".
_QUALIFIER_PHRASES = (
    ("at_least", ("just over", "more than", "at least", "upwards of", "in excess of", "over")),
    (
        "at_most",
        (
            "no more than",
            "as many as",
            "as much as",
            "a ceiling of",
            "just under",
            "fewer than",
            "less than",
            "at most",
            "up to",
            "under",
        ),
    ),
    (
        "approx",
        (
            "approximately",
            "an estimated",
            "close to",
            "roughly",
            "around",
            "nearly",
            "almost",
            "about",
            "some",
        ),
    ),
)
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|\W)("
    + "|".join(phrase for _, phrases in _QUALIFIER_PHRASES for phrase in phrases)
    + r")\s(?:US)?[$€£]?$",
    re.IGNORECASE,
)
_QUALIFIER_OF_PHRASE = {phrase: kind for kind, phrases in _QUALIFIER_PHRASES for phrase in phrases}


def qualifier_before(text: str, figure: Figure) -> str:
    """The qualifier the words right before `figure` express: "up to 50" is at_most."""
    match = _QUALIFIER_BEFORE.search(text[max(0, figure.start - 20) : figure.start])
    return _QUALIFIER_OF_PHRASE[match.group(1).lower()] if match else "exact"


# --- Cited, ignored or not cited ------------------------------------------------------------

CITED, IGNORED, NOT_CITED = "cited", "ignored", "not cited"


class Classified(NamedTuple):
    figure: Figure
    status: str
    reason: str | None  # why an ignored figure is not a claim


def classify(
    source: SourceRecord, text: str, quoted_spans: list[tuple[int, int]]
) -> tuple[list[Classified], tuple[int, ...]]:
    """Each figure of a source's normalised `text` with its status (and an ignored one's reason),
    given where its verified quotes sit; and the indexes of the source's `ignore:` entries that
    matched no uncited figure."""
    quoted = Quoted(quoted_spans)
    reasons: dict[str, tuple[int, IgnoredFigure]] = {
        normalise(item.text): (index, item) for index, item in enumerate(source.ignore)
    }
    used: set[int] = set()
    classified: list[Classified] = []
    for figure in figures(text):
        if quoted.covers(figure.start, figure.end):
            classified.append(Classified(figure, CITED, None))
        elif figure.text in reasons:
            index, item = reasons[figure.text]
            used.add(index)
            classified.append(Classified(figure, IGNORED, item.reason))
        else:
            classified.append(Classified(figure, NOT_CITED, None))
    return classified, tuple(index for index in range(len(source.ignore)) if index not in used)


class Quoted:
    """The quoted spans of one source, searchable in log time: a source can have thousands."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        # furthest[i]: the furthest end of any span among the first i + 1 (ordered by start)
        self.furthest = list(accumulate((end for _, end in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        """Some single span holds all of [start, end)."""
        count = bisect_right(self.starts, start)
        return count > 0 and self.furthest[count - 1] >= end

    def touches(self, start: int, end: int) -> bool:
        """Some span shares a character with [start, end)."""
        count = bisect_left(self.starts, end)
        return count > 0 and self.furthest[count - 1] > start
