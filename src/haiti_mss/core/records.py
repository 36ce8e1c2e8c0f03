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
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.plain import SlotsCompared
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


class MissionRecord(NamedTuple):
    """A mission or force claims may be about (the MSS; the Gang Suppression Force that succeeded it)."""

    id: str  # an acronym in capitals: MSS, GSF
    name: str
    succeeds: str | None = None  # the id of the mission it took over from


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
    question: str | None = None  # what the stance is on (`on` before it was renamed)
    # Added since: at the end, so that a record's values keep their order.
    mission: str | None = None  # as written: None is the dataset's first mission (`Corpus.mission_of`)
    # vote: the tally, when the source gives one
    in_favour: int | None = None
    against: int | None = None
    abstentions: int | None = None
    abstainers: tuple[str, ...] = ()
    # after publication: a claim replaced by another, or withdrawn, leaves every answer
    superseded_by: str | None = None
    withdrawn: str | None = None  # why

    @property
    def retired(self) -> bool:
        """Superseded or withdrawn: kept in the data, shown and exported, left out of answers."""
        return self.superseded_by is not None or self.withdrawn is not None

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
    # Every mission the data declares, by id, in the order declared (the first one declared wins
    # where an id is declared twice, an error).
    missions: Mapping[str, MissionRecord] = MappingProxyType({})

    def name_of(self, country: str | None) -> str:
        if country is None:
            return "Mission-wide"
        return self.country_names.get(country, country)

    def mission_of(self, claim: ClaimRecord) -> str | None:
        """The mission a claim is about: its own `mission:`, else the first mission the data
        declares (so that nothing needs annotating when a successor is declared); None when the
        data declares none."""
        return claim.mission or next(iter(self.missions), None)


class LoadedFile(SlotsCompared):
    """One data file as read: its valid records with their locations, and the problems found on
    the way. A record that failed validation is not among the records but is in `problems`."""

    __slots__ = ("cited", "claims", "links", "missions", "problems", "shown", "sources")

    def __init__(self, shown: str, *, problems: list[Problem] | None = None) -> None:
        self.shown = shown  # the path as messages show it
        self.sources: list[tuple[SourceRecord, Location]] = []
        self.claims: list[tuple[ClaimRecord, Location]] = []
        self.problems: list[Problem] = [] if problems is None else problems
        # Source ids named by every claim, valid or not, so that a source whose only claim failed
        # validation is not also reported as unused.
        self.cited: set[str] = set()
        self.missions: list[tuple[MissionRecord, Location]] = []
        # What the valid claims name besides their source, gathered as each is added (`add_claim`):
        # every dataset rule about missions and supersession asks for it, so it is worked out once.
        self.links: Links = {name: [] for name in LINK_FIELDS}

    def add_claim(self, claim: ClaimRecord, location: Location) -> None:
        self.claims.append((claim, location))
        for name in LINK_FIELDS:
            if (value := getattr(claim, name)) is not None:
                self.links[name].append((claim.id, value))


# The fields of a claim that name another record of the dataset (besides its source), checked
# against the whole dataset: each file keeps, for each, the (claim id, value) of the claims that set it.
LINK_FIELDS = ("mission", "superseded_by")
Links = dict[str, list[tuple[str, str]]]


def declared(missions: Iterable[MissionRecord]) -> dict[str, MissionRecord]:
    """The missions by id, in the order declared; of an id declared twice (an error), the first."""
    found: dict[str, MissionRecord] = {}
    for mission in missions:
        found.setdefault(mission.id, mission)
    return found


def record_text(values: Iterable[Any]) -> str:
    """A record's (or a row's) values as one text that tells them apart, to take a digest of: text,
    numbers, dates and None. Text from the data cannot hold these control characters, so the
    separators are unambiguous, and None is not the text "None"."""
    # A list, not a generator: join makes one anyway, and a warm run seals thousands of rows.
    return "\x1f".join(["\x00" if value is None else str(value) for value in values])
