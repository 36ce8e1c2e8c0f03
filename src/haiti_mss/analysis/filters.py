"""What a user asked to narrow a question to: the filters every question takes.

Apart from the aggregations (`analysis.query`), so that a question asked before, whose answer is
kept, is told apart without loading them."""

from __future__ import annotations

from typing import NamedTuple

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord, Corpus, SourceRecord


class Filters(NamedTuple):
    """What a user asked to narrow a question to. Every filter that is set must hold."""

    kinds: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # alpha-3; any of them, as the claim's country or a party
    source: str | None = None
    since: PartialDate | None = None  # periods overlap: a claim of 2024-06 matches since 2024-06-15
    until: PartialDate | None = None
    # In the quote or the note, ignoring case and the variants normalisation folds (’ and ', “ and ",
    # — and -), so that "Haiti's" typed on a keyboard finds "Haiti’s".
    text: str | None = None
    reported_by: PartialDate | None = None  # only sources certainly published by the end of it
    missions: frozenset[str] = frozenset()  # any of them, as `Corpus.mission_of` gives a claim's

    def admits(self, claim: ClaimRecord, corpus: Corpus) -> bool:
        if self.kinds and claim.kind not in self.kinds:
            return False
        if self.missions and corpus.mission_of(claim) not in self.missions:
            return False
        if (
            self.countries
            and claim.country not in self.countries
            and self.countries.isdisjoint(claim.parties)
        ):
            return False
        if self.source and claim.source != self.source:
            return False
        if self.since and claim.as_of.last_day < self.since.first_day:
            return False
        if self.until and claim.as_of.first_day > self.until.last_day:
            return False
        if self.text and not _mentions(claim, _folded(self.text)):
            return False
        return self.reported_by is None or published_by(corpus.sources.get(claim.source), self.reported_by)


def _folded(text: str) -> str:
    from haiti_mss.analysis.text import normalise  # only for --text: an answer without it reads no text

    return normalise(text).casefold()


def _mentions(claim: ClaimRecord, needle: str) -> bool:
    return needle in _folded(claim.quote) or needle in _folded(claim.note or "")


def published_by(source: SourceRecord | None, when: PartialDate) -> bool:
    """Whether `source` was certainly published by the end of `when`."""
    return source is not None and source.published.last_day <= when.last_day
