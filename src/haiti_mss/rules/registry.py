"""What a rule is, and what it may read.

A rule has one of three scopes, each with one signature:

- source:  `check(source, context: SourceContext) -> Iterable[Finding]`
- claim:   `check(claim, context: ClaimContext) -> Iterable[Finding]`
- dataset: `check(facts: DatasetFacts) -> Iterable[Problem]`

and declares what it reads beyond its own record (`READS`). A source or claim rule reads through its
context, and the context refuses what the rule did not declare, so a declaration cannot be wrong.
The context also records what each record's rules actually read — which source records, which
archived texts, and which comparisons with today — and that record is the key under which the
engine keeps the results: a new rule that reads something new changes the key by reading it,
with nothing to list by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.positions import Finding, Location
from haiti_mss.core.records import SourceRecord
from haiti_mss.rules.reads import Reads

if TYPE_CHECKING:
    from haiti_mss.analysis.archive import Archive, ArchivedText
    from haiti_mss.analysis.figures import Figure
    from haiti_mss.core.problems import Problem


class Scope(StrEnum):
    SOURCE = "source"
    CLAIM = "claim"
    DATASET = "dataset"


# What a rule may declare it reads besides its own record.
READS = {
    "source": "the record of the source a claim cites",
    "archive": "the archived text of a source, once verified intact",
    "today": "today's date (MSS_TODAY pins it)",
    "dataset": "every record of the dataset, their ids and references, and where quotes sit",
}


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    scope: Scope
    codes: tuple[str, ...]  # the problem codes it can give
    reads: frozenset[str]
    check: Callable[..., Iterable[Any]]
    summary: str


def rule(scope: Scope, codes: tuple[str, ...], reads: Iterable[str] = ()) -> Callable[..., Rule]:
    """Make a function a `Rule`: its name and docstring's first line become the rule's."""

    def made(check: Callable[..., Iterable[Any]]) -> Rule:
        unknown = set(reads) - READS.keys()
        if unknown:
            raise ValueError(f"{check.__name__} declares unknown reads {sorted(unknown)}")
        summary = (check.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        return Rule(check.__name__, scope, codes, frozenset(reads), check, summary)

    return made


class UndeclaredRead(RuntimeError):
    """A rule read what it did not declare: a bug in the rule, never in the data."""


class _Context:
    """What every per-record context shares: the rule now running, and what it may read."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.reads = Reads()
        self._rule: Rule | None = None

    def running(self, rule: Rule) -> None:
        self._rule = rule

    def _require(self, what: str) -> None:
        if self._rule is not None and what not in self._rule.reads:
            raise UndeclaredRead(f"rule {self._rule.name} reads {what} but does not declare it")

    def after_today(self, when: PartialDate | date) -> bool:
        """Whether all of `when` lies after today."""
        self._require("today")
        day = when.first_day if isinstance(when, PartialDate) else when
        return self.reads.compared_with_today(day, self.today)


class SourceContext(_Context):
    """What a source rule can read: the archive, and today."""

    def __init__(self, archive: Archive, today: date) -> None:
        super().__init__(today)
        self.archive = archive
        self.verified: ArchivedText | None = None  # the source's text, once found intact

    def archived(self, source: SourceRecord) -> ArchivedText:
        """The archived text the source names (ArchiveError when there is none to read)."""
        self._require("archive")
        return self.archive.get(source.file)

    def intact(self, text: ArchivedText) -> None:
        """The source's archived text is the one curated: claim rules may read it."""
        self.verified = text


class ClaimContext(_Context):
    """What a claim rule can read: the cited source's record, its archived text when intact, and
    today. Quotes and their figures are worked out once for every claim that shares them."""

    def __init__(
        self,
        sources: Mapping[str, SourceRecord],
        texts: Mapping[str, ArchivedText],
        today: date,
        source_values: Mapping[str, str],
    ) -> None:
        super().__init__(today)
        self._sources, self._texts, self._source_values = sources, texts, source_values
        self._normalised: dict[str, str] = {}
        self._figures: dict[str, list[Figure]] = {}
        self.quoted: dict[str, list[tuple[int, int]]] = {}

    def for_claim(self) -> ClaimContext:
        """Start a new claim: its own reads and quote positions, the shared quote memo."""
        self.reads = Reads()
        self.quoted = {}
        return self

    def source(self, source_id: str) -> SourceRecord | None:
        self._require("source")
        self.reads.sources[source_id] = self._source_values.get(source_id, "")
        return self._sources.get(source_id)

    def text(self, source_id: str) -> ArchivedText | None:
        self._require("archive")
        text = self._texts.get(source_id)
        self.reads.archives[source_id] = text.sha256 if text is not None else ""
        return text

    def quote_found(self, source_id: str, start: int, end: int) -> None:
        """Where a verified quote sits in its source's normalised text (what coverage counts)."""
        self.quoted.setdefault(source_id, []).append((start, end))

    def normalised(self, quote: str) -> str:
        from haiti_mss.analysis.text import normalise

        found = self._normalised.get(quote)
        if found is None:
            found = self._normalised[quote] = normalise(quote)
        return found

    def figures(self, quote: str) -> list[Figure]:
        from haiti_mss.analysis.figures import figures

        found = self._figures.get(quote)
        if found is None:
            found = self._figures[quote] = figures(quote)
        return found


def placed(findings: Iterable[Finding], location: Location, claim_id: str | None = None) -> list[Problem]:
    return [location.placed(finding, claim_id) for finding in findings]
