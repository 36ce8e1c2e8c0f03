"""Figures in a text: counts, amounts of money, percentages, years and dates, written in digits or
in words; the qualifier in front of each; and whether each figure of a source is cited by a claim's
quote, ignored with a reason, or not cited (what `mss coverage` counts and `unused-ignore` reads).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
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
_FIGURE = re.compile(
    rf"""(?<!\w)(?:
      (?P<money>(?:US\$|\$|€|£|USD\s?|EUR\s?)(?:{_NUMBER}){_SCALE}?)
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


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    start: int
    end: int
    kind: str  # money, date, percent, year, count, token
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
    counts, and tokens that carry digits ("G20"). Digits inside web addresses are not figures."""
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
            kind = "year" if is_year else "count"
        found.append(Figure(figure_text, match.start(), match.end(), kind, value))
    return found


_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20,
    "fifty": 50, "hundred": 100,
}  # fmt: skip
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)


def word_numbers(text: str) -> set[int]:
    """The numbers a text states in words: "a dozen" is 12, "two" is 2. (Figures in digits come
    from `figures`.)"""
    return {_WORD_NUMBERS[word.lower()] for word in _WORD_NUMBER.findall(text)}


# --- Qualifiers ----------------------------------------------------------------------------

# Longest phrases first, so "just over" is read before "over".
_QUALIFIER_PHRASES = (
    ("at_least", ("just over", "more than", "at least", "upwards of", "in excess of", "over")),
    ("at_most", ("no more than", "fewer than", "less than", "at most", "up to", "under")),
    (
        "approx",
        ("approximately", "an estimated", "roughly", "around", "nearly", "almost", "about", "some"),
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
