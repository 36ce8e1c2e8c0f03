"""Questions answered over validated records: pure filters and aggregations, no formatting.

Figures are never invented or added up across dates. For each thing a row reports (Kenya's pledge,
the mission's troops on the ground), the latest claim by `as_of` wins; the claims that give the same
figure are counted as agreeing, and claims about an overlapping period that give another figure are
kept as disputing it. A missing figure is `None`, never 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from typing import NamedTuple

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import KINDS, ClaimRecord, Corpus, SourceRecord

# --- Filters ---------------------------------------------------------------------------------


class Filters(NamedTuple):
    """What a user asked to narrow a question to. Every filter that is set must hold."""

    kinds: frozenset[str] = frozenset()
    country: str | None = None  # alpha-3; matches the claim's country or one of its parties
    source: str | None = None
    since: PartialDate | None = None  # periods overlap: a claim of 2024-06 matches since 2024-06-15
    until: PartialDate | None = None
    text: str | None = None  # in the quote or the note, ignoring case
    reported_by: PartialDate | None = None  # only sources certainly published by the end of it

    def admits(self, claim: ClaimRecord, sources: dict[str, SourceRecord]) -> bool:
        if self.kinds and claim.kind not in self.kinds:
            return False
        if self.country and claim.country != self.country and self.country not in claim.parties:
            return False
        if self.source and claim.source != self.source:
            return False
        if self.since and claim.as_of.last_day < self.since.first_day:
            return False
        if self.until and claim.as_of.first_day > self.until.last_day:
            return False
        if self.text and not _mentions(claim, self.text.casefold()):
            return False
        return self.reported_by is None or _published_by(sources.get(claim.source), self.reported_by)


def _mentions(claim: ClaimRecord, needle: str) -> bool:
    return needle in claim.quote.casefold() or needle in (claim.note or "").casefold()


def _published_by(source: SourceRecord | None, when: PartialDate) -> bool:
    return source is not None and source.published.last_day <= when.last_day


def select(corpus: Corpus, filters: Filters, within: Iterable[str] = KINDS) -> list[ClaimRecord]:
    """The claims of the kinds `within` that pass `filters`, in chronological order. Claims of the
    same date are ordered by when their sources were published, so that where the latest claim
    wins, the latest report of that date does."""
    kinds = set(within) & filters.kinds if filters.kinds else set(within)
    chosen = [
        claim for claim in corpus.claims if claim.kind in kinds and filters.admits(claim, corpus.sources)
    ]

    def reported_order(claim: ClaimRecord) -> tuple[tuple[date, int], tuple[date, int] | tuple[()]]:
        source = corpus.sources.get(claim.source)
        return claim.as_of.sort_key, source.published.sort_key if source else ()

    return sorted(chosen, key=reported_order)


def chronological(claim: ClaimRecord) -> tuple[date, int]:
    return claim.as_of.sort_key


# --- Reported figures --------------------------------------------------------------------------


class Reported(NamedTuple):
    """One figure as the latest claims give it, with the claims that agree and those that dispute."""

    value: int
    qualifier: str
    as_of: PartialDate
    agreeing: tuple[ClaimRecord, ...]  # every claim that gives this value and qualifier
    disputing: tuple[ClaimRecord, ...]  # claims about an overlapping period that give another

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(claim.source for claim in self.agreeing))

    @property
    def disputed(self) -> bool:
        return bool(self.disputing)


def _figure_of(claim: ClaimRecord) -> tuple[int | None, str | None]:
    return claim.value, claim.qualifier


def latest_figure(claims: Iterable[ClaimRecord]) -> Reported | None:
    """The figure of the latest claim that has one; None when no claim gives a number. Of claims
    with the same date, the last given wins (`select` gives them in order of publication)."""
    numeric = sorted((claim for claim in claims if claim.value is not None), key=chronological)  # stable
    if not numeric:
        return None
    latest = numeric[-1]
    value, qualifier = latest.value, latest.qualifier or "exact"
    assert value is not None  # numeric holds only claims with a value
    agreeing = tuple(claim for claim in numeric if _figure_of(claim) == (value, latest.qualifier))
    disputing = tuple(
        claim
        for claim in numeric
        if _figure_of(claim) != (value, latest.qualifier) and claim.as_of.overlaps(latest.as_of)
    )
    return Reported(value, qualifier, latest.as_of, agreeing, disputing)


class Approximate(NamedTuple):
    """A value derived from qualified figures: pledged 3,100 minus at least 400 is at most 2,700."""

    value: int
    qualifier: str


# How a qualifier carries through `left - right` and `left + right`: exact figures stay exact, a
# bound on one side becomes a bound on the result, and anything approximate stays approximate.
# Missing pairs (at least minus at least) have no bound, so no result is given.
_DIFFERENCE = {
    ("exact", "exact"): "exact", ("exact", "at_least"): "at_most", ("exact", "at_most"): "at_least",
    ("at_least", "exact"): "at_least", ("at_most", "exact"): "at_most",
    ("at_least", "at_most"): "at_least", ("at_most", "at_least"): "at_most",
}  # fmt: skip
_SUM = {
    ("exact", "exact"): "exact", ("exact", "at_least"): "at_least", ("at_least", "exact"): "at_least",
    ("at_least", "at_least"): "at_least", ("exact", "at_most"): "at_most", ("at_most", "exact"): "at_most",
    ("at_most", "at_most"): "at_most",
}  # fmt: skip


def _combine(table: dict[tuple[str, str], str], left: str, right: str) -> str | None:
    if "approx" in (left, right):
        return "approx"
    return table.get((left, right))


def difference(
    left: Reported | Approximate | None, right: Reported | Approximate | None
) -> Approximate | None:
    if left is None or right is None:
        return None
    qualifier = _combine(_DIFFERENCE, left.qualifier, right.qualifier)
    return None if qualifier is None else Approximate(left.value - right.value, qualifier)


def total(figures: Sequence[Reported]) -> Approximate | None:
    if not figures:
        return None
    running: Approximate | None = Approximate(figures[0].value, figures[0].qualifier)
    for figure in figures[1:]:
        if running is None:
            return None
        qualifier = _combine(_SUM, running.qualifier, figure.qualifier)
        running = None if qualifier is None else Approximate(running.value + figure.value, qualifier)
    return running


# --- Troops ------------------------------------------------------------------------------------

# How far a country's participation has gone, furthest last.
PLEDGE_STAGES = ("intent", "announced", "committed")


class TroopsRow(NamedTuple):
    """Personnel of one country, or of the whole mission when `country` is None."""

    country: str | None
    pledged: Reported | None
    deployed: Reported | None
    target: Reported | None  # the planned or authorised size: mission-wide only
    stage: str | None  # the furthest pledge stage reported
    on_the_ground: bool  # a deployment is reported, with or without a number
    gap: Approximate | None  # pledged minus deployed
    claims: tuple[ClaimRecord, ...]


def troops_by_country(corpus: Corpus, filters: Filters) -> list[TroopsRow]:
    """One row for the mission as a whole, then one per country that pledges or deploys anyone:
    numbers first (largest pledge first), then countries reported without a figure, by name."""
    claims = select(corpus, filters, within=("pledge", "deployment"))
    by_country: dict[str | None, list[ClaimRecord]] = {None: []}
    for claim in claims:
        by_country.setdefault(claim.country, []).append(claim)
    rows = [_troops_row(country, country_claims) for country, country_claims in by_country.items()]
    mission, countries = rows[0], rows[1:]
    countries.sort(
        key=lambda row: (
            row.pledged is None,
            -(row.pledged.value if row.pledged else 0),
            corpus.name_of(row.country),
        )
    )
    return [row for row in (mission, *countries) if row.claims]


def _troops_row(country: str | None, claims: list[ClaimRecord]) -> TroopsRow:
    pledges = [claim for claim in claims if claim.kind == "pledge" and claim.stage != "target"]
    stocks = [claim for claim in claims if claim.kind == "deployment" and claim.measure == "stock"]
    pledged = latest_figure(pledges)
    deployed = latest_figure(stocks)
    stages = [claim.stage for claim in pledges if claim.stage in PLEDGE_STAGES]
    return TroopsRow(
        country=country,
        pledged=pledged,
        deployed=deployed,
        target=latest_figure(claim for claim in claims if claim.stage == "target"),
        stage=max(stages, key=PLEDGE_STAGES.index) if stages else None,
        on_the_ground=any(claim.kind == "deployment" for claim in claims),
        gap=difference(pledged, deployed),
        claims=tuple(claims),
    )


def mission_over_time(corpus: Corpus, filters: Filters) -> list[ClaimRecord]:
    """Mission-wide personnel figures (targets, pledged totals, totals on the ground), by date."""
    claims = select(corpus, filters, within=("pledge", "deployment"))
    return [claim for claim in claims if claim.country is None]


# --- Funding -----------------------------------------------------------------------------------


class FundingRow(NamedTuple):
    donor: str | None
    flow: str
    currency: str
    reported: Reported


class FundingSummary(NamedTuple):
    rows: list[FundingRow]
    cost: FundingRow | None  # the latest cost estimate
    contributed: Approximate | None  # the latest contribution of each donor, added up
    gap: Approximate | None  # cost minus contributed
    currency: str | None  # of cost, contributed and gap; None when they mix currencies


FLOWS = ("contribution", "pledge", "cost_estimate", "fund_balance", "request")


def _donor_and_flow(claim: ClaimRecord) -> tuple[int, str, str, str]:
    flow = claim.flow or ""
    return (
        FLOWS.index(flow) if flow in FLOWS else len(FLOWS),
        claim.country or "",
        claim.currency or "",
        flow,
    )


def funding(corpus: Corpus, filters: Filters) -> FundingSummary:
    """Money by donor and flow, and the gap between the cost and what was contributed."""
    claims = select(corpus, filters, within=("funding",))
    rows = []
    for (_, _, currency, flow), group in groupby(sorted(claims, key=_donor_and_flow), key=_donor_and_flow):
        group_claims = list(group)
        reported = latest_figure(group_claims)
        if reported is not None:
            rows.append(FundingRow(group_claims[0].country, flow, currency, reported))
    costs = [row for row in rows if row.flow == "cost_estimate"]
    cost = max(costs, key=lambda row: row.reported.as_of.sort_key) if costs else None
    contributions = [row for row in rows if row.flow == "contribution"]
    currencies = {row.currency for row in [*contributions, *([cost] if cost else [])]}
    if len(currencies) > 1:
        return FundingSummary(rows, cost, None, None, None)
    contributed = total([row.reported for row in contributions])
    gap = difference(cost.reported, contributed) if cost else None
    return FundingSummary(rows, cost, contributed, gap, currencies.pop() if currencies else None)


# --- Votes, timeline, sources -------------------------------------------------------------------


# The order of a resolution's life, for actions reported with the same date.
VOTE_ACTIONS = ("draft_circulated", "debated", "draft_dropped", "scheduled", "adopted")


def votes(corpus: Corpus, filters: Filters) -> list[ClaimRecord]:
    """Security Council actions by date; on the same date, in the order of a resolution's life."""
    claims = select(corpus, filters, within=("vote",))
    return sorted(
        claims, key=lambda claim: (*chronological(claim), VOTE_ACTIONS.index(claim.action or "adopted"))
    )


def timeline(corpus: Corpus, filters: Filters) -> list[ClaimRecord]:
    return select(corpus, filters)


class SourceSummary(NamedTuple):
    source: SourceRecord
    claims_by_kind: dict[str, int]

    @property
    def claims(self) -> int:
        return sum(self.claims_by_kind.values())


def sources(corpus: Corpus, filters: Filters) -> list[SourceSummary]:
    """Each source with its claims by kind; under `reported_by`, only sources published by then."""
    counts: dict[str, Counter[str]] = {source_id: Counter() for source_id in corpus.sources}
    for claim in corpus.claims:
        counts[claim.source][claim.kind] += 1
    return [
        SourceSummary(source, {kind: counts[source.id][kind] for kind in KINDS if counts[source.id][kind]})
        for source in corpus.sources.values()
        if (filters.source is None or source.id == filters.source)
        and (filters.reported_by is None or _published_by(source, filters.reported_by))
    ]


# --- Conflicts ---------------------------------------------------------------------------------


class Conflict(NamedTuple):
    """Claims about the same thing in overlapping periods that give different figures."""

    kind: str
    country: str | None
    about: str  # the measure, stage or flow
    claims: tuple[ClaimRecord, ...] = ()


Period = tuple[int, int | None, int | None]  # a year, a month of it, or a day of that
Figure = tuple[int | None, str | None]  # a value and its qualifier


def _subject(claim: ClaimRecord) -> tuple[str, str, str]:
    """What a figure is about: the same kind, country and measure, stage or flow."""
    return claim.kind, claim.country or "", claim.measure or claim.stage or claim.flow or ""


def conflicts(corpus: Corpus, filters: Filters) -> list[Conflict]:
    claims = [claim for claim in select(corpus, filters) if claim.value is not None]
    found = []
    for (kind, country, about), group in groupby(sorted(claims, key=_subject), key=_subject):
        group_claims = list(group)
        # Partial dates nest (a year holds its months, a month its days), so two periods overlap
        # only when one holds the other. Figures indexed by period find every clash in one pass,
        # where comparing each pair would take minutes on a group of thousands.
        stated_at: dict[Period, set[Figure]] = defaultdict(set)
        stated_within: dict[Period, set[Figure]] = defaultdict(set)
        for claim in group_claims:
            periods = _periods_holding(claim.as_of)
            stated_at[periods[-1]].add(_figure_of(claim))
            for period in periods:
                stated_within[period].add(_figure_of(claim))
        clashing = [claim for claim in group_claims if _clashes(claim, stated_at, stated_within)]
        if clashing:
            found.append(Conflict(kind, country or None, about, tuple(sorted(clashing, key=chronological))))
    return found


def _periods_holding(when: PartialDate) -> list[Period]:
    """The periods that hold `when`, from its year down to itself."""
    periods: list[Period] = [(when.year, None, None)]
    if when.month is not None:
        periods.append((when.year, when.month, None))
        if when.day is not None:
            periods.append((when.year, when.month, when.day))
    return periods


def _clashes(
    claim: ClaimRecord, stated_at: dict[Period, set[Figure]], stated_within: dict[Period, set[Figure]]
) -> bool:
    """Another figure is stated within the claim's period, or at a period that holds it."""
    figure = _figure_of(claim)
    *holding, own = _periods_holding(claim.as_of)
    overlapping = [stated_within[own], *(stated_at.get(period, set()) for period in holding)]
    return any(other != figure for figures in overlapping for other in figures)


def find_claim(corpus: Corpus, claim_id: str) -> ClaimRecord | None:
    return next((claim for claim in corpus.claims if claim.id == claim_id), None)
