"""Questions answered over validated records: pure filters and aggregations, no formatting.

How figures are combined (the README's "How figures are combined" says the same to readers):

- For each thing a row reports (Kenya's pledge, the mission's troops on the ground), the latest
  period wins: the one that ends last, a coarser period after the finer ones it holds. Every claim
  whose period overlaps it speaks of the same time; sources agree when they give the same value and
  qualifier. When they do not, the figure is disputed: every value is kept with its claims, none is
  picked, and nothing is worked out from it.
- A gap or a total is worked out only from comparable figures (the same unit, currency and, for
  money, basis; a total only of periods that overlap), keeps the figures it combines (and so their
  dates and sources), and carries qualifiers the way ranges do: pledged 3,100 minus at least 400
  deployed is at most 2,700. When no qualifier says what the result is, or the figures are not
  comparable, there is no value, and the reason is kept instead.
- A missing figure is `None`, never 0.
- Missions are apart: figures of two missions (the MSS and the Gang Suppression Force that succeeded
  it) are never added, subtracted, agreed or disputed across them; every row is of one mission.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from typing import NamedTuple

from haiti_mss.analysis.filters import Filters, published_by
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import KINDS, ClaimRecord, Corpus, SourceRecord


def select(corpus: Corpus, filters: Filters, within: Iterable[str] = KINDS) -> list[ClaimRecord]:
    """The claims of the kinds `within` that pass `filters`, in chronological order. Claims of the
    same date are ordered by when their sources were published, so that where the latest claim
    wins, the latest report of that date does."""
    kinds = set(within) & filters.kinds if filters.kinds else set(within)
    chosen = [claim for claim in corpus.claims if claim.kind in kinds and filters.admits(claim, corpus)]

    def reported_order(claim: ClaimRecord) -> tuple[tuple[date, int], tuple[date, int] | tuple[()]]:
        source = corpus.sources.get(claim.source)
        return claim.as_of.sort_key, source.published.sort_key if source else ()

    return sorted(chosen, key=reported_order)


def chronological(claim: ClaimRecord) -> tuple[date, int]:
    return claim.as_of.sort_key


# --- Reported figures --------------------------------------------------------------------------


class Stated(NamedTuple):
    """One value that sources give for a period, with the claims that give it."""

    value: int
    qualifier: str
    as_of: PartialDate  # the latest period among its claims
    claims: tuple[ClaimRecord, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(claim.source for claim in self.claims))


class Reported(NamedTuple):
    """What the latest reports say of one thing (Kenya's pledge, the mission's troops on the ground):
    every value given for the latest period, or for a period overlapping it. Sources agree when they
    give the same value and qualifier; when they do not, the figure is disputed and has no single
    value: every value is kept, none is picked."""

    values: tuple[Stated, ...]  # the latest first
    as_of: PartialDate  # the latest period reported

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1

    @property
    def value(self) -> int | None:
        return None if self.disputed else self.values[0].value

    @property
    def qualifier(self) -> str | None:
        return None if self.disputed else self.values[0].qualifier

    @property
    def claims(self) -> tuple[ClaimRecord, ...]:
        return tuple(claim for stated in self.values for claim in stated.claims)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(claim.source for claim in self.claims))

    @property
    def largest(self) -> int:
        return max(stated.value for stated in self.values)


def _later(when: PartialDate) -> tuple[date, int]:
    return when.sort_key


def _figure_of(claim: ClaimRecord) -> tuple[int | None, str]:
    return claim.value, claim.qualifier or "exact"


def latest_figure(claims: Iterable[ClaimRecord]) -> Reported | None:
    """The figure as the latest claims give it; None when no claim gives a number.

    The latest claim is the last in time (a coarser period after the finer ones it holds); every
    claim whose period overlaps its period speaks of the same time, and each distinct value among
    them is kept, with its claims."""
    numeric = [claim for claim in claims if claim.value is not None]
    if not numeric:
        return None
    latest = max(numeric, key=chronological).as_of
    by_figure: dict[tuple[int | None, str], list[ClaimRecord]] = {}
    for claim in numeric:
        if claim.as_of.overlaps(latest):
            by_figure.setdefault(_figure_of(claim), []).append(claim)
    values = [
        Stated(value, qualifier, max((claim.as_of for claim in group), key=_later), tuple(group))
        for (value, qualifier), group in by_figure.items()
        if value is not None
    ]  # fmt: skip
    values.sort(key=lambda stated: stated.as_of.sort_key, reverse=True)  # stable: ties keep data order
    return Reported(tuple(values), latest)


# --- Combining figures -------------------------------------------------------------------------

# Why a gap or a total has no value: the reasons `Combined.reason` takes.
DISPUTED = "disputed"  # a side gives more than one value
NO_BOUND = "no bound"  # the qualifiers give none: "at least 600" minus "at least 300"
OTHER_BASIS = "other basis"  # an annual amount with one to date, say
OTHER_CURRENCY = "other currency"
APART = "apart"  # amounts of periods that do not overlap
SEVERAL = "several"  # more than one cost estimate could be meant


class Combined(NamedTuple):
    """A figure worked out from reported ones (a gap, a total), with what it was worked out from;
    or, when they cannot honestly be combined, no value and the reason."""

    value: int | None
    qualifier: str | None
    parts: tuple[Reported, ...]
    reason: str | None = None

    @classmethod
    def refused(cls, reason: str, parts: Iterable[Reported]) -> Combined:
        return cls(None, None, tuple(parts), reason)


# How a qualifier carries through `left - right` and `left + right`, read as ranges: exact is one
# point, "at least" has no top, "at most" no bottom; "approximately" is a point of unknown error.
# Exact figures stay exact; a bound on one side becomes a bound on the result (at least 400
# deployed of 3,100 pledged leaves at most 2,700); an approximate figure with exact ones stays
# approximate. No qualifier says "about at most", so an approximate figure and a bound give none,
# and nor do two bounds that leave the result open both ways.
_DIFFERENCE = {
    ("exact", "exact"): "exact", ("exact", "at_least"): "at_most", ("exact", "at_most"): "at_least",
    ("at_least", "exact"): "at_least", ("at_most", "exact"): "at_most",
    ("at_least", "at_most"): "at_least", ("at_most", "at_least"): "at_most",
    ("approx", "exact"): "approx", ("exact", "approx"): "approx", ("approx", "approx"): "approx",
}  # fmt: skip
_SUM = {
    ("exact", "exact"): "exact", ("exact", "at_least"): "at_least", ("at_least", "exact"): "at_least",
    ("at_least", "at_least"): "at_least", ("exact", "at_most"): "at_most", ("at_most", "exact"): "at_most",
    ("at_most", "at_most"): "at_most",
    ("approx", "exact"): "approx", ("exact", "approx"): "approx", ("approx", "approx"): "approx",
}  # fmt: skip


def difference(left: Reported | None, right: Reported | Combined | None) -> Combined | None:
    """`left` minus `right` (a reported figure, or a total), each as of its own date; None when
    either is missing."""
    if left is None or right is None:
        return None
    parts = (left, *(right.parts if isinstance(right, Combined) else (right,)))
    if left.disputed or (isinstance(right, Reported) and right.disputed):
        return Combined.refused(DISPUTED, parts)
    if right.value is None:  # a total that was refused
        return Combined.refused(right.reason or NO_BOUND, parts)
    assert left.value is not None  # an undisputed figure has one value
    qualifier = _DIFFERENCE.get((left.qualifier or "exact", right.qualifier or "exact"))
    if qualifier is None:
        return Combined.refused(NO_BOUND, parts)
    return Combined(left.value - right.value, qualifier, parts)


def total(figures: Sequence[Reported]) -> Combined | None:
    """The figures added up: only figures of periods that all overlap (one moment, or none), and
    only when none is disputed and their qualifiers give a bound."""
    if not figures:
        return None
    if any(figure.disputed for figure in figures):
        return Combined.refused(DISPUTED, figures)
    if not _all_overlap(figure.as_of for figure in figures):
        return Combined.refused(APART, figures)
    value, qualifier = figures[0].value, figures[0].qualifier
    for figure in figures[1:]:
        qualifier = _SUM.get((qualifier or "exact", figure.qualifier or "exact"))
        if qualifier is None:
            return Combined.refused(NO_BOUND, figures)
        value = (value or 0) + (figure.value or 0)
    return Combined(value, qualifier, tuple(figures))


def _all_overlap(periods: Iterable[PartialDate]) -> bool:
    """Whether the periods share a day: periods of a line overlap pairwise exactly when they do."""
    listed = list(periods)
    return max(period.first_day for period in listed) <= min(period.last_day for period in listed)


# --- Troops ------------------------------------------------------------------------------------

# How far a country's participation has gone, furthest last.
PLEDGE_STAGES = ("intent", "announced", "committed")


class TroopsRow(NamedTuple):
    """Personnel of one country, or of the whole mission when `country` is None, in one mission."""

    country: str | None
    pledged: Reported | None
    deployed: Reported | None
    target: Reported | None  # the planned or authorised size: mission-wide only
    stage: str | None  # the furthest pledge stage reported
    on_the_ground: bool  # a deployment is reported, with or without a number
    gap: Combined | None  # pledged minus deployed, each as of its own date
    claims: tuple[ClaimRecord, ...]  # every personnel claim about the country
    used: tuple[ClaimRecord, ...]  # the claims behind what the row shows: its figures, stage, presence
    mission: str | None = None  # None: the data declares no missions

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the row rests on."""
        return tuple(dict.fromkeys(claim.source for claim in self.used))

    @property
    def as_of(self) -> PartialDate | None:
        """The date of the row's latest figure."""
        dates = [figure.as_of for figure in (self.target, self.pledged, self.deployed) if figure]
        return max(dates, key=_later) if dates else None


def troops_by_country(corpus: Corpus, filters: Filters) -> list[TroopsRow]:
    """For each mission (in the order declared), one row for the mission as a whole, then one per
    country that pledges or deploys anyone: numbers first (largest pledge first), then countries
    reported without a figure, by name. A country of two missions has a row in each."""
    claims = select(corpus, filters, within=("pledge", "deployment"))
    by_mission: dict[str | None, dict[str | None, list[ClaimRecord]]] = {}
    for claim in claims:
        countries = by_mission.setdefault(corpus.mission_of(claim), {None: []})
        countries.setdefault(claim.country, []).append(claim)
    rows = []
    for mission in in_mission_order(by_mission, corpus):
        mission_rows = [
            _troops_row(country, country_claims, mission)
            for country, country_claims in by_mission[mission].items()
        ]
        whole, countries = mission_rows[0], mission_rows[1:]
        countries.sort(
            key=lambda row: (
                row.pledged is None,
                -(row.pledged.largest if row.pledged else 0),
                corpus.name_of(row.country),
            )
        )
        rows.extend(row for row in (whole, *countries) if row.claims)
    return rows


def in_mission_order(missions: Iterable[str | None], corpus: Corpus) -> list[str | None]:
    """Mission ids in the order the data declares them."""
    declared = list(corpus.missions)
    return sorted(missions, key=lambda mission: declared.index(mission) if mission in declared else -1)


def _troops_row(country: str | None, claims: list[ClaimRecord], mission: str | None) -> TroopsRow:
    pledges = [claim for claim in claims if claim.kind == "pledge" and claim.stage != "target"]
    deployments = [claim for claim in claims if claim.kind == "deployment"]
    pledged = latest_figure(pledges)
    deployed = latest_figure(claim for claim in deployments if claim.measure == "stock")
    target = latest_figure(claim for claim in claims if claim.stage == "target")
    stages = [claim.stage for claim in pledges if claim.stage in PLEDGE_STAGES]
    stage = max(stages, key=PLEDGE_STAGES.index) if stages else None
    used = {
        claim.id
        for claim in (
            *(figure.claims if figure else () for figure in (target, pledged, deployed)),
            [claim for claim in pledges if claim.stage == stage],
            # "on the ground, no figure" rests on every deployment reported
            deployments if deployed is None else (),
        )
        for claim in claim
    }
    return TroopsRow(
        country=country,
        pledged=pledged,
        deployed=deployed,
        target=target,
        stage=stage,
        on_the_ground=bool(deployments),
        gap=difference(pledged, deployed),
        claims=tuple(claims),
        used=tuple(claim for claim in claims if claim.id in used),
        mission=mission,
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
    basis: str | None
    reported: Reported


class FundingSummary(NamedTuple):
    """The money of one mission."""

    rows: list[FundingRow]
    # The latest contribution of each donor, added up: None when none is reported.
    contributed: Combined | None
    # The cost estimate minus what was contributed: None without both.
    gap: Combined | None
    currency: str | None  # of contributed and gap
    basis: str | None  # of contributed and gap
    mission: str | None = None  # None: the data declares no missions


FLOWS = ("contribution", "pledge", "cost_estimate", "fund_balance", "request")


def _donor_and_flow(claim: ClaimRecord) -> tuple[int, str, str, str, str]:
    flow = claim.flow or ""
    return (
        FLOWS.index(flow) if flow in FLOWS else len(FLOWS),
        claim.country or "",
        claim.currency or "",
        claim.basis or "",
        flow,
    )


def funding(corpus: Corpus, filters: Filters) -> list[FundingSummary]:
    """For each mission with money reported (in the order declared): money by donor, flow, currency
    and basis; what was contributed in all; and the gap between the cost and that, when the two are
    comparable (the same currency and basis, periods that overlap, no disputed figure)."""
    by_mission: dict[str | None, list[ClaimRecord]] = {}
    for claim in select(corpus, filters, within=("funding",)):
        by_mission.setdefault(corpus.mission_of(claim), []).append(claim)
    return [
        _mission_funding(by_mission[mission], mission) for mission in in_mission_order(by_mission, corpus)
    ]


def _mission_funding(claims: list[ClaimRecord], mission: str | None) -> FundingSummary:
    rows = []
    for (_, _, currency, basis, flow), group in groupby(
        sorted(claims, key=_donor_and_flow), key=_donor_and_flow
    ):
        group_claims = list(group)
        reported = latest_figure(group_claims)
        if reported is not None:
            rows.append(FundingRow(group_claims[0].country, flow, currency, basis or None, reported))
    contributions = [row for row in rows if row.flow == "contribution"]
    costs = [row for row in rows if row.flow == "cost_estimate"]
    contributed = _contributed(contributions)
    currency, basis = _common(contributions)
    gap = _gap(costs, contributions, contributed, currency, basis)
    return FundingSummary(rows, contributed, gap, currency, basis, mission)


def _common(rows: Sequence[FundingRow]) -> tuple[str | None, str | None]:
    """The currency and the basis the rows share (None for either when they differ)."""
    currencies = {row.currency for row in rows}
    bases = {row.basis for row in rows}
    return (
        currencies.pop() if len(currencies) == 1 else None,
        bases.pop() if len(bases) == 1 else None,
    )


def _contributed(contributions: Sequence[FundingRow]) -> Combined | None:
    if not contributions:
        return None
    figures = [row.reported for row in contributions]
    currency, basis = _common(contributions)
    if currency is None:
        return Combined.refused(OTHER_CURRENCY, figures)
    if basis is None:
        return Combined.refused(OTHER_BASIS, figures)
    return total(figures)


def _gap(
    costs: Sequence[FundingRow],
    contributions: Sequence[FundingRow],
    contributed: Combined | None,
    currency: str | None,
    basis: str | None,
) -> Combined | None:
    if not costs or contributed is None:
        return None
    parts = [*(row.reported for row in costs), *(row.reported for row in contributions)]
    if contributed.value is None:  # the total is refused, and says why
        return Combined.refused(contributed.reason or NO_BOUND, parts)
    same_currency = [row for row in costs if row.currency == currency]
    if not same_currency:
        return Combined.refused(OTHER_CURRENCY, parts)
    comparable = [row for row in same_currency if row.basis == basis]
    if not comparable:
        return Combined.refused(OTHER_BASIS, parts)
    if len(comparable) > 1:
        return Combined.refused(SEVERAL, parts)
    cost = comparable[0].reported
    if not _all_overlap([cost.as_of, *(part.as_of for part in contributed.parts)]):
        return Combined.refused(APART, parts)
    return difference(cost, contributed)


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
    missions: tuple[str, ...] = ()  # the missions its claims are about, in the order declared

    @property
    def claims(self) -> int:
        return sum(self.claims_by_kind.values())


def sources(corpus: Corpus, filters: Filters) -> list[SourceSummary]:
    """Each source with its claims by kind and the missions they are about; under `reported_by`,
    only sources published by then; under `missions`, only sources with claims about them, and
    only those claims counted."""
    counts: dict[str, Counter[str]] = {source_id: Counter() for source_id in corpus.sources}
    missions: dict[str, set[str]] = {source_id: set() for source_id in corpus.sources}
    for claim in corpus.claims:
        mission = corpus.mission_of(claim)
        if filters.missions and mission not in filters.missions:
            continue
        counts[claim.source][claim.kind] += 1
        if mission is not None:
            missions[claim.source].add(mission)
    return [
        SourceSummary(
            source,
            {kind: counts[source.id][kind] for kind in KINDS if counts[source.id][kind]},
            tuple(in_mission_order(missions[source.id], corpus)),  # type: ignore[misc]
        )
        for source in corpus.sources.values()
        if (filters.source is None or source.id == filters.source)
        and (filters.reported_by is None or published_by(source, filters.reported_by))
        and (not filters.missions or counts[source.id])
    ]


# --- Conflicts ---------------------------------------------------------------------------------


class Conflict(NamedTuple):
    """Claims about the same thing (in one mission) in overlapping periods that give different figures."""

    kind: str
    country: str | None
    about: str  # the measure, stage or flow
    claims: tuple[ClaimRecord, ...] = ()
    mission: str | None = None


Period = tuple[int, int | None, int | None]  # a year, a month of it, or a day of that
Figure = tuple[int | None, str | None]  # a value and its qualifier


def conflicts(corpus: Corpus, filters: Filters) -> list[Conflict]:
    """Figures about the same thing that differ in overlapping periods: the same mission, kind,
    country and measure, stage or flow. Two missions' figures never conflict."""
    declared = list(corpus.missions)

    def subject(claim: ClaimRecord) -> tuple[int, str, str, str, str]:
        mission = corpus.mission_of(claim) or ""
        order = declared.index(mission) if mission in declared else -1
        about = claim.measure or claim.stage or claim.flow or ""
        return order, mission, claim.kind, claim.country or "", about

    claims = [claim for claim in select(corpus, filters) if claim.value is not None]
    found = []
    for (_, mission, kind, country, about), group in groupby(sorted(claims, key=subject), key=subject):
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
            clashes = tuple(sorted(clashing, key=chronological))
            found.append(Conflict(kind, country or None, about, clashes, mission or None))
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
