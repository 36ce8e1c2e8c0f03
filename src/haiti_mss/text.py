"""Text rules shared by `mss check` and `mss coverage`: normalisation, quote search, figures.

Normalisation is deliberately small. Both the archived source and the quote go through the same
`normalise`: NFC, zero-width characters removed, curly and straight quotes folded, dash variants
folded, whitespace runs collapsed. Nothing more: no case folding, no NFKC, no dropping of digit
separators, because "3100" must not verify against a source that says "3,100".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_FOLD = str.maketrans(
    {
        **dict.fromkeys(map(ord, _INVISIBLE), None),
        **dict.fromkeys(map(ord, _SINGLE_QUOTES), "'"),
        **dict.fromkeys(map(ord, _DOUBLE_QUOTES), '"'),
        **dict.fromkeys(map(ord, _DASHES), "-"),
    }
)

# A quote shorter than this cannot identify a passage: "400" or "the mission" occur anywhere.
MIN_QUOTE_WORDS = 3


def normalise(text: str) -> str:
    if not text.isascii():  # ASCII is already NFC and holds nothing to fold
        text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(text.split())


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    starts_clean = start == 0 or not (_is_word_char(text[start - 1]) and _is_word_char(text[start]))
    ends_clean = end == len(text) or not (_is_word_char(text[end - 1]) and _is_word_char(text[end]))
    return starts_clean and ends_clean


def find_quote(quote: str, text: str) -> int | None:
    """Where the normalised `quote` starts in the normalised `text`, on word boundaries, or None."""
    start = text.find(quote)
    while start != -1:
        if _on_word_boundaries(text, start, start + len(quote)):
            return start
        start = text.find(quote, start + 1)
    return None


@dataclass(frozen=True, slots=True)
class Divergence:
    """Where a quote that is not in the text parts from the passage most like it."""

    passage: str  # the source's closest passage, as long as the quote
    offset: int  # index in the quote of the first character that differs
    quote_char: str  # "" when the quote ends where the source goes on
    source_char: str  # "" when the source text ends first


# A shared run shorter than this is chance, not a near-miss worth showing.
_MIN_SHARED_RUN = 8


def closest_passage(quote: str, text: str) -> Divergence | None:
    """The passage of `text` that begins like `quote` (or, failing that, ends like it), and where
    the two part. The passage runs to the end of a word, so a dropped comma still shows."""
    prefix = _longest_present(quote, text, from_start=True)
    if prefix >= _MIN_SHARED_RUN:
        start = text.find(quote[:prefix])
        passage = _to_word_end(text, start, start + len(quote))
        offset = source_index = prefix
    else:
        suffix = _longest_present(quote, text, from_start=False)
        if suffix < _MIN_SHARED_RUN:
            return None
        # Only the quote's end is in the text: align the two ends and report the character just
        # before the shared end.
        end = text.find(quote[len(quote) - suffix :]) + suffix
        passage = text[max(0, end - len(quote)) : end]
        offset = len(quote) - suffix - 1
        source_index = offset - (len(quote) - len(passage))
    quote_char = quote[offset] if offset < len(quote) else ""
    source_char = passage[source_index] if 0 <= source_index < len(passage) else ""
    return Divergence(passage, offset, quote_char, source_char)


def _to_word_end(text: str, start: int, end: int) -> str:
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _longest_present(quote: str, text: str, *, from_start: bool) -> int:
    """Length of the longest prefix (or suffix) of `quote` found in `text`, by bisection:
    presence is monotone, since every prefix of a present prefix is present."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        part = quote[:middle] if from_start else quote[len(quote) - middle :]
        if part in text:
            low = middle
        else:
            high = middle - 1
    return low


def describe_char(char: str) -> str:
    if not char:
        return "nothing (end of text)"
    if char.isascii() and char.isprintable():
        return repr(char)
    name = unicodedata.name(char, "unnamed")
    return f"{char!r} (U+{ord(char):04X} {name})"


# --- Figures -------------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|thousand|trillion|bn|m)\b)"
_FIGURE = re.compile(
    rf"""(?<!\w)(?:
      (?P<money>(?:US\$|\$|€|£|USD\s?|EUR\s?)(?:{_NUMBER}){_SCALE}?)
    | (?P<date>(?:{_WEEKDAY},?\s)?(?:
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


def weekdays_in(text: str) -> set[str]:
    return set(re.findall(rf"\b({_WEEKDAY})\b", text))


# --- Sentences -----------------------------------------------------------------------------

# A full stop after an initial ("U.S.", "U.N.") or a title does not end a sentence.
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z]\.[A-Z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)"
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])"
)


def sentences(original: str, normalised: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a source, in the coordinates of `normalised`, its normalised text.

    Lines are split first (a headline has no full stop), then sentences within each line."""
    spans = []
    cursor = 0
    for line in original.splitlines():
        for part in _SENTENCE_END.split(normalise(line)):
            if not part:
                continue
            start = normalised.find(part, cursor)
            spans.append((start, start + len(part)))
            cursor = start + len(part)
    return spans
