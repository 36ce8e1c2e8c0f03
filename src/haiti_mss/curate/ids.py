"""Readable ids for new sources and claims: a few telling words and a date, as curators write them
(`nations-join-kenya-mission-2023-09`, `ken-pledge-1000-2023-09`), never one already taken."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable

# Words that tell nothing about an article or a claim.
_FILLER = frozenset(
    ("a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "from", "and", "or", "but",
     "as", "is", "are", "was", "were", "be", "been", "its", "it", "this", "that", "their", "his", "her",
     "s", "says", "said", "say", "will", "would", "could", "after", "over", "into", "than")
)  # fmt: skip
_MAX_LENGTH = 60  # well under the model's 120, and short enough to type


def words_of(text: str) -> list[str]:
    """The lowercase ASCII words of `text` ("Haiti’s" → "haiti"), accents dropped."""
    # "U.S." and "U.N." are one word each: "us", "un".
    text = re.sub(r"\b((?:[A-Za-z]\.){2,})", lambda match: match.group().replace(".", ""), text)
    ascii_text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"'s\b", "", ascii_text)
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def slug(parts: Iterable[str], most_words: int = 6) -> str:
    """A slug of the telling words among `parts`, at most `most_words` of them."""
    telling = [word for part in parts for word in words_of(part) if word not in _FILLER]
    return "-".join(telling[:most_words])[:_MAX_LENGTH].strip("-")


def unique(wanted: str, taken: Container[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… whichever is not taken."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate
