"""Text rules shared by the checks, coverage and curation: normalisation, quote search, weekdays,
sentences.

Normalisation is deliberately small. Both the archived source and the quote go through the same
`normalise`: NFC, zero-width characters removed, curly and straight quotes folded, dash variants
folded, whitespace runs collapsed. Nothing more: no case folding, no NFKC, no dropping of digit
separators, because "3100" must not verify against a source that says "3,100".

Normalisation is for matching only. What is shown as the source's text is the archived text as
written: `mapped` says where each character of the normalised text came from, so that a passage
found in the normalised text is cut from the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

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


class Mapped(NamedTuple):
    """A text's normalised form, and where each of its characters came from in the original:
    character `i` of `normalised` stands for `original[starts[i]:ends[i]]`."""

    original: str
    normalised: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the normalised `[start, end)` is in the original."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def verbatim(self, start: int, end: int) -> str:
        """The original text of the normalised `[start, end)`, as written: its line breaks, dashes
        and curly quotes."""
        first, last = self.span(start, end)
        return self.original[first:last]


_TOKEN = re.compile(r"\S+")


def mapped(original: str) -> Mapped:
    """`normalise(original)` with where each of its characters came from. Whitespace runs become
    one space (standing for the whole run); a character NFC changes stands for the stretch of the
    original it was composed from."""
    normalised: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for token in _TOKEN.finditer(original):
        pieces = _token_pieces(token.group(), token.start())
        if not pieces:  # only invisible characters: nothing, as `normalise` drops them
            continue
        if normalised:
            previous_end = ends[-1]
            normalised.append(" ")
            starts.append(previous_end)
            ends.append(token.start())
        for text, start, end in pieces:
            normalised.append(text)
            starts.append(start)
            ends.append(end)
    # The same text as `normalise` gives (a property test holds the two together): whitespace is
    # whitespace before and after NFC, and nothing folds into it.
    return Mapped(original, "".join(normalised), starts, ends)


def _token_pieces(token: str, offset: int) -> list[tuple[str, int, int]]:
    """The normalised characters of a whitespace-free token, each with its span in the original."""
    if unicodedata.is_normalized("NFC", token):  # nearly always: one character for one
        return [
            (folded, offset + index, offset + index + 1)
            for index, char in enumerate(token)
            if (folded := char.translate(_FOLD))
        ]
    pieces = []
    for start, end in _composing_runs(token):
        run = token[start:end]
        composed = unicodedata.normalize("NFC", run)
        one_to_one = len(composed) == len(run)
        for index, char in enumerate(composed):
            if folded := char.translate(_FOLD):
                span = (start + index, start + index + 1) if one_to_one else (start, end)
                pieces.append((folded, offset + span[0], offset + span[1]))
    return pieces


def _composing_runs(token: str) -> list[tuple[int, int]]:
    """The token cut where NFC cannot compose across: before each character that starts anew
    (combining class 0), unless composing the two runs together gives something else (Hangul
    syllables, a few Indic vowel signs)."""
    runs: list[tuple[int, int]] = []
    for index, char in enumerate(token):
        if runs and unicodedata.combining(char):
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    merged = [runs[0]]
    for start, end in runs[1:]:
        first = merged[-1][0]
        before, after = token[first:start], token[start:end]
        if unicodedata.normalize("NFC", before + after) != unicodedata.normalize(
            "NFC", before
        ) + unicodedata.normalize("NFC", after):
            merged[-1] = (first, end)
        else:
            merged.append((start, end))
    return merged


def word_count(text: str) -> int:
    return len(text.split())


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    return _is_boundary(text, start) and _is_boundary(text, end)


def _is_boundary(text: str, index: int) -> bool:
    """Whether a quote may start or end at `index`: not inside a word, nor inside a number (a
    digit, a separator or a decimal point between digits): "500 police officers" is not in "21,500
    police officers", nor "5 million" in "1.5 million"."""
    if index == 0 or index == len(text):
        return True
    before, after = text[index - 1], text[index]
    if _is_word_char(before) and _is_word_char(after):
        return False
    if before in ",." and after.isdigit() and index >= 2 and text[index - 2].isdigit():
        return False
    return not (before.isdigit() and after in ",." and index + 1 < len(text) and text[index + 1].isdigit())


def splits_number(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` starts or ends inside a number of `text`."""
    return any(
        0 < index < len(text)
        and (text[index - 1].isdigit() or text[index].isdigit())
        and not _is_boundary(text, index)
        for index in (start, end)
    )


def find_quote(quote: str, text: str) -> int | None:
    """Where the normalised `quote` starts in the normalised `text`, on word and number
    boundaries, or None."""
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
    start: int  # where the passage starts in the text
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
        start = max(0, end - len(quote))
        passage = text[start:end]
        offset = len(quote) - suffix - 1
        source_index = offset - (len(quote) - len(passage))
    quote_char = quote[offset] if offset < len(quote) else ""
    source_char = passage[source_index] if 0 <= source_index < len(passage) else ""
    return Divergence(passage, start, offset, quote_char, source_char)


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

# A full stop after an initial ("U.S.", "U.N.") or a title does not end a sentence. A pattern,
# compiled (and kept) by `re` when sentences are first asked for: queries never ask.
_SENTENCE_END = (
    r"(?<!\b[A-Z]\.[A-Z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)"
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])"
)


def sentences(original: str, normalised: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a source, in the coordinates of `normalised`, its normalised text.

    Lines are split first (a headline has no full stop), then sentences within each line."""
    spans = []
    cursor = 0
    for line in original.splitlines():
        for part in re.split(_SENTENCE_END, normalise(line)):
            if not part:
                continue
            start = normalised.find(part, cursor)
            spans.append((start, start + len(part)))
            cursor = start + len(part)
    return spans
