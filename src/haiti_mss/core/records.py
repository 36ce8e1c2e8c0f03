"""The validated records every later stage works on: plain, immutable named tuples.

`model.py` decides what is valid (pydantic); once a record has passed, it lives on as one of these.
They import nothing heavier than the standard library, so answering a query from the validated
index never loads pydantic or yaml. (They are named tuples rather than dataclasses because a query
starts a fresh process each time, and a named tuple class is several times cheaper to create.)
A claim is flat: the fields of every kind side by side, `None` where a kind does not have them,
which is also the shape of the CSV and JSON exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.positions import Location
from haiti_mss.core.problems import Problem
from haiti_mss.core.vocabulary import KINDS as _KIND_MEANINGS

KINDS = tuple(_KIND_MEANINGS)


class IgnoredFigure(NamedTuple):
    text: str
    reason: str


class SourceRecord(NamedTuple):
    id: str
    file: str
    sha256: str
    title: str
    published: PartialDate
    outlet: str | None = None
    url: str | None = None
    published_basis: str | None = None
    note: str | None = None
    ignore: tuple[IgnoredFigure, ...] = ()
    retrieved: PartialDate | None = None  # the day the article was archived
    archived_url: str | None = None  # a copy in a web archive
    # False when the title is the curator's description of an article without a headline.
    title_is_headline: bool = True

    @property
    def shown_title(self) -> str:
        """The title as every listing shows it: a description in brackets, so that it never passes
        for the article's own headline."""
        return self.title if self.title_is_headline else f"[{self.title}]"


class ClaimRecord(NamedTuple):
    id: str
    kind: str
    source: str
    quote: str
    as_of: PartialDate
    speaker: str | None = None
    status: str = "reported"
    note: str | None = None
    review: str | None = None  # "draft": proposed by `mss draft`, not yet reviewed
    country: str | None = None
    qualifier: str | None = None
    # deployment and pledge
    personnel: int | None = None
    personnel_type: str | None = None
    measure: str | None = None
    stage: str | None = None
    # funding
    amount: int | None = None
    currency: str | None = None
    flow: str | None = None
    basis: str | None = None
    # vote
    body: str | None = None
    action: str | None = None
    resolution: str | None = None
    mandate_until: PartialDate | None = None
    # event
    event_type: str | None = None
    parties: tuple[str, ...] = ()
    # position
    stance: str | None = None
    on: str | None = None

    @property
    def value(self) -> int | None:
        """The claim's figure: a personnel count or an amount of money."""
        return self.personnel if self.amount is None else self.amount

    @property
    def unit(self) -> str | None:
        if self.kind == "funding":
            return self.currency
        return "personnel" if self.kind in ("deployment", "pledge") else None

    @property
    def actor(self) -> str | None:
        """Who the claim is about: its country, else its parties, else the body that acted, else
        whoever is quoted."""
        if self.country:
            return self.country
        if self.parties:
            return "+".join(self.parties)
        return self.body or self.speaker


class Corpus(NamedTuple):
    """What questions are answered from: the valid records of a dataset, wherever they were read."""

    root: Path  # the project root that source files are relative to
    sources: dict[str, SourceRecord]
    claims: list[ClaimRecord]
    positions: Mapping[str, str]  # claim id -> "file:line:column" of the claim in the data
    country_names: dict[str, str]  # alpha-3 -> a short English name, for every code in the claims

    def name_of(self, country: str | None) -> str:
        if country is None:
            return "Mission-wide"
        return self.country_names.get(country, country)


@dataclass(slots=True)
class LoadedFile:
    """One data file as read: its valid records with their locations, and the problems found on
    the way. A record that failed validation is not among the records but is in `problems`."""

    shown: str  # the path as messages show it
    sources: list[tuple[SourceRecord, Location]] = field(default_factory=list)
    claims: list[tuple[ClaimRecord, Location]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Source ids named by every claim, valid or not, so that a source whose only claim failed
    # validation is not also reported as unused.
    cited: set[str] = field(default_factory=set)


def record_text(values: Iterable[Any]) -> str:
    """A record's (or a row's) values as one text that tells them apart, to take a digest of: text,
    numbers, dates and None. Text from the data cannot hold these control characters, so the
    separators are unambiguous, and None is not the text "None"."""
    return "\x1f".join("\x00" if value is None else str(value) for value in values)
