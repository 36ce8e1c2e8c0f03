"""The by-country and funding rows held to a brute-force definition of how figures are combined
(README, "How figures are combined"), over claims generated from several sources, dates and
qualifiers. The definition here is written from the rules, not from the code it checks."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from haiti_mss.analysis.query import Filters, funding, troops_by_country
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord, Corpus, SourceRecord

DATES = ["2024", "2024-09", "2024-10", "2024-09-06", "2024-09-30", "2024-10-01", "2025"]
QUALIFIERS = ["exact", "approx", "at_least", "at_most"]
SOURCES = ["s1", "s2", "s3"]


def corpus_of(claims: list[ClaimRecord]) -> Corpus:
    sources = {
        name: SourceRecord(name, f"seeds/{name}.txt", "0" * 64, name, PartialDate(2025)) for name in SOURCES
    }
    return Corpus(Path("."), sources, claims, {}, {"KEN": "Kenya", "JAM": "Jamaica", "USA": "United States"})


# --- The rules, by brute force ----------------------------------------------------------------


def overlap(one: PartialDate, other: PartialDate) -> bool:
    return one.first_day <= other.last_day and other.first_day <= one.last_day


def latest(claims: list[ClaimRecord]) -> dict | None:
    """The latest figure: the period that ends last, and of periods ending that day the coarsest
    (it holds the others); every claim of a period overlapping it speaks of the same time."""
    numeric = [claim for claim in claims if claim.value is not None]
    if not numeric:
        return None
    last_day = max(claim.as_of.last_day for claim in numeric)
    ending = [claim.as_of for claim in numeric if claim.as_of.last_day == last_day]
    period = min(ending, key=lambda when: when.precision)
    current = [claim for claim in numeric if overlap(claim.as_of, period)]
    values: dict[tuple[int, str], set[str]] = {}
    for claim in current:
        values.setdefault((claim.value, claim.qualifier), set()).add(claim.source)
    return {"period": period, "values": values, "claims": {claim.id for claim in current}}


def as_range(value: int, qualifier: str) -> tuple[float, float, bool]:
    """A figure as a range and whether it is approximate: "at least 400" is [400, ∞)."""
    low = -math.inf if qualifier == "at_most" else value
    high = math.inf if qualifier == "at_least" else value
    return low, high, qualifier == "approx"


def from_range(low: float, high: float, approximate: bool) -> tuple[int, str] | None:
    """The figure a range is, if a qualifier says it; None when none does."""
    if low == high:
        return int(low), "approx" if approximate else "exact"
    if approximate or (math.isinf(low) and math.isinf(high)):
        return None  # "about at least" is no qualifier; nor is "anything"
    return (int(low), "at_least") if math.isinf(high) else (int(high), "at_most")


def minus(left: tuple[int, str], right: tuple[int, str]) -> tuple[int, str] | None:
    (low1, high1, approx1), (low2, high2, approx2) = as_range(*left), as_range(*right)
    return from_range(low1 - high2, high1 - low2, approx1 or approx2)


def plus(figures: list[tuple[int, str]]) -> tuple[int, str] | None:
    ranges = [as_range(*figure) for figure in figures]
    return from_range(sum(r[0] for r in ranges), sum(r[1] for r in ranges), any(r[2] for r in ranges))


def single(figure: dict | None) -> tuple[int, str] | None:
    return next(iter(figure["values"])) if figure and len(figure["values"]) == 1 else None


def shown(figure) -> tuple | None:
    """What the code reports of a figure, in the brute force's terms."""
    if figure is None:
        return None
    return {(stated.value, stated.qualifier): set(stated.sources) for stated in figure.values}


# --- Troops ------------------------------------------------------------------------------------

personnel_claims = st.lists(
    st.tuples(
        st.sampled_from(["pledge", "deployment"]),
        st.sampled_from(["KEN", "JAM", None]),
        st.sampled_from(DATES),
        st.sampled_from([None, 350, 400, 1000]),
        st.sampled_from(QUALIFIERS),
        st.sampled_from(SOURCES),
        st.sampled_from(["intent", "committed", "target", "stock", "arrival"]),
    ),
    max_size=14,
)


def make_personnel(drawn) -> list[ClaimRecord]:
    claims = []
    for number, (kind, country, when, value, qualifier, source, stage) in enumerate(drawn):
        if kind == "pledge":
            stage = stage if stage in ("intent", "committed", "target") else "committed"
            measure = None
        else:
            stage, measure = None, stage if stage in ("stock", "arrival") else "stock"
        claims.append(
            ClaimRecord(f"c{number}", kind, source, "q q q", PartialDate.parse(when), country=country,
                        personnel=value, qualifier=qualifier, stage=stage, measure=measure)
        )  # fmt: skip
    return claims


@settings(max_examples=300, deadline=None)
@given(personnel_claims)
def test_by_country_rows_follow_the_rules(drawn):
    claims = make_personnel(drawn)
    rows = {row.country: row for row in troops_by_country(corpus_of(claims), Filters())}
    countries = {claim.country for claim in claims}
    assert set(rows) == countries
    for country in countries:
        mine = [claim for claim in claims if claim.country == country]
        pledges = [c for c in mine if c.kind == "pledge" and c.stage != "target"]
        deployments = [c for c in mine if c.kind == "deployment"]
        pledged = latest(pledges)
        deployed = latest([c for c in deployments if c.measure == "stock"])
        target = latest([c for c in mine if c.stage == "target"])
        row = rows[country]
        for expected, got in ((pledged, row.pledged), (deployed, row.deployed), (target, row.target)):
            assert shown(got) == (expected and expected["values"])
            if expected:
                assert got.as_of == expected["period"]
                # A figure has one value only when every source of its period agrees.
                assert got.value == (single(expected) or (None,))[0]
        # The gap: from undisputed figures only, each side as of its own date, qualifiers carried.
        if pledged and deployed:
            one, other = single(pledged), single(deployed)
            expected_gap = minus(one, other) if one and other else None
            assert (row.gap.value, row.gap.qualifier) == (expected_gap or (None, None))
            assert [part.as_of for part in row.gap.parts] == [pledged["period"], deployed["period"]]
        else:
            assert row.gap is None
        # Every source the row rests on is cited: its figures, its stage, and its presence.
        stages = [c.stage for c in pledges if c.stage in ("intent", "announced", "committed")]
        furthest = max(stages, key=["intent", "announced", "committed"].index) if stages else None
        used = {
            *(pledged["claims"] if pledged else ()),
            *(deployed["claims"] if deployed else ()),
            *(target["claims"] if target else ()),
            *(c.id for c in pledges if c.stage == furthest),
            *((c.id for c in deployments) if not deployed else ()),
        }
        assert {claim.id for claim in row.used} == used
        assert set(row.sources) == {claim.source for claim in mine if claim.id in used}


# --- Funding -----------------------------------------------------------------------------------

funding_claims = st.lists(
    st.tuples(
        st.sampled_from(["contribution", "cost_estimate"]),
        st.sampled_from(["USA", "KEN", None]),
        st.sampled_from(DATES),
        st.sampled_from([100, 300, 600]),
        st.sampled_from(QUALIFIERS),
        st.sampled_from(SOURCES),
        st.sampled_from(["annual", "cumulative"]),
        st.sampled_from(["USD", "USD", "USD", "EUR"]),
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(funding_claims)
def test_funding_rows_follow_the_rules(drawn):
    claims = [
        ClaimRecord(f"f{number}", "funding", source, "q q q", PartialDate.parse(when), country=donor,
                    amount=amount, currency=currency, flow=flow, basis=basis, qualifier=qualifier)
        for number, (flow, donor, when, amount, qualifier, source, basis, currency) in enumerate(drawn)
    ]  # fmt: skip
    summary = funding(corpus_of(claims), Filters())
    groups: dict[tuple, list[ClaimRecord]] = {}
    for claim in claims:
        groups.setdefault((claim.flow, claim.country, claim.currency, claim.basis), []).append(claim)
    expected_rows = {key: latest(group) for key, group in groups.items()}
    assert {(row.flow, row.donor, row.currency, row.basis): shown(row.reported) for row in summary.rows} == {
        key: figure["values"] for key, figure in expected_rows.items()
    }
    contributions = [(key, figure) for key, figure in expected_rows.items() if key[0] == "contribution"]
    costs = [(key, figure) for key, figure in expected_rows.items() if key[0] == "cost_estimate"]
    # What was contributed in all: one currency, one basis, one moment, nothing disputed.
    if not contributions:
        assert summary.contributed is None
        expected_total = None
    else:
        figures = [single(figure) for _, figure in contributions]
        comparable = (
            len({key[2] for key, _ in contributions}) == 1
            and len({key[3] for key, _ in contributions}) == 1
            and all(figures)
            and all(overlap(a["period"], b["period"]) for _, a in contributions for _, b in contributions)
        )
        expected_total = plus(figures) if comparable else None
        assert (summary.contributed.value, summary.contributed.qualifier) == (expected_total or (None, None))
    # The gap: the one cost estimate in that currency and on that basis, of a period overlapping
    # every contribution's, undisputed, minus the total.
    if not costs or not contributions:
        assert summary.gap is None
        return
    expected_gap = None
    if expected_total:
        currency, basis = contributions[0][0][2], contributions[0][0][3]
        matching = [figure for key, figure in costs if key[2] == currency and key[3] == basis]
        if len(matching) == 1 and single(matching[0]):
            cost = matching[0]
            if all(overlap(cost["period"], figure["period"]) for _, figure in contributions):
                expected_gap = minus(single(cost), expected_total)
    assert (summary.gap.value, summary.gap.qualifier) == (expected_gap or (None, None))
    assert (summary.gap.reason is None) == (expected_gap is not None)
