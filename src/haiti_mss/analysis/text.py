"""Text rules shared by the checks, coverage and curation: normalisation, quote search, weekdays,
sentences.

Normalisation is deliberately small. Both the archived source and the quote go through the same
`normalise`: NFC, zero-width characters removed, curly and straight quotes folded, dash variants
folded, whitespace runs collapsed. Nothing more: no case folding, no NFKC, no dropping of digit
separators, because "3100" must not verify against a source that says "3,100".
"""

from __future__ import annotations

import itertools
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


def normalised_origins(text: str) -> list[tuple[int, int]] | None:
    """Where each character of `normalise(text)` comes from in `text`: a span of it (several
    characters for a composed one, and for a space that stands for a run of whitespace); None in
    the rare text whose composition crosses the characters it is split at, which this cannot map."""
    if unicodedata.is_normalized("NFC", text):
        pieces = [(char, index, index + 1) for index, char in enumerate(text)]
    else:  # composition happens within a character and the combining marks after it
        starts = [index for index, char in enumerate(text) if not unicodedata.combining(char)] or [0]
        if starts[0] != 0:
            starts.insert(0, 0)
        bounds = [*starts, len(text)]
        pieces = [(unicodedata.normalize("NFC", text[a:b]), a, b) for a, b in itertools.pairwise(bounds)]
    folded: list[str] = []
    origins: list[tuple[int, int]] = []
    space: tuple[int, int] | None = None  # the whitespace run waiting for a character after it
    for piece, start, end in pieces:
        for char in piece.translate(_FOLD):
            if char.isspace():
                if folded:
                    space = (space[0] if space else start, end)
                continue
            if space is not None:
                folded.append(" ")
                origins.append(space)
                space = None
            folded.append(char)
            origins.append((start, end))
    return origins if "".join(folded) == normalise(text) else None


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


# --- Weekdays ------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_PATTERN = "(?:" + "|".join(WEEKDAYS) + ")"


def weekdays_in(text: str) -> set[str]:
    return set(re.findall(rf"\b({WEEKDAY_PATTERN})\b", text))


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
