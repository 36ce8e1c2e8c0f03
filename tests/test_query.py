"""The query layer, pure: figures picked, agreed, disputed and combined without inventing any."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haiti_mss.analysis.query import (
    APART,
    DISPUTED,
    NO_BOUND,
    OTHER_BASIS,
    Filters,
    Reported,
    conflicts,
    difference,
    funding,
    latest_figure,
    select,
    sources,
    total,
    troops_by_country,
    votes,
)
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord, Corpus, SourceRecord

from conftest import CORPUS_DATA, checked

CORPUS_RECORDS = checked(CORPUS_DATA).corpus()


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def deployment(
    claim_id: str, as_of: str, personnel: int | None, qualifier: str = "exact", **fields
) -> ClaimRecord:
    return ClaimRecord(
        id=claim_id, kind="deployment", source=fields.pop("source", "s1"), quote="q q q", as_of=day(as_of),
        country=fields.pop("country", "KEN"), personnel=personnel, qualifier=qualifier, measure="stock",
        personnel_type="police", **fields,
    )  # fmt: skip


def pledge(
    claim_id: str, as_of: str, personnel: int | None, qualifier: str = "exact", **fields
) -> ClaimRecord:
    return ClaimRecord(
        id=claim_id, kind="pledge", source=fields.pop("source", "s1"), quote="q q q", as_of=day(as_of),
        country=fields.pop("country", "KEN"), personnel=personnel, qualifier=qualifier,
        stage=fields.pop("stage", "committed"), **fields,
    )  # fmt: skip


def money(
    claim_id: str, as_of: str, amount: int, flow: str, basis: str, qualifier: str = "exact", **fields
) -> ClaimRecord:
    return ClaimRecord(
        id=claim_id, kind="funding", source=fields.pop("source", "s1"), quote="q q q", as_of=day(as_of),
        country=fields.pop("country", None), amount=amount, currency=fields.pop("currency", "USD"), flow=flow,
        basis=basis, qualifier=qualifier, **fields,
    )  # fmt: skip


def corpus_of(*claims: ClaimRecord) -> Corpus:
    source_ids = sorted({claim.source for claim in claims})
    published = {source_id: SourceRecord(source_id, f"seeds/{source_id}.txt", "0" * 64, source_id, day("2024-12"))
                 for source_id in source_ids}  # fmt: skip
    return Corpus(Path("."), published, list(claims), {}, {"KEN": "Kenya", "JAM": "Jamaica"})


def test_troops_by_country_on_the_test_corpus():
    rows = {row.country: row for row in troops_by_country(CORPUS_RECORDS, Filters())}
    mission, kenya = rows[None], rows["KEN"]
    assert (mission.target.value, mission.target.qualifier, str(mission.target.as_of)) == (
        2500,
        "at_most",
        "2024-09",
    )
    assert mission.target.sources == ("us-abandons-pko-push-2024-09",)  # February's 2,500 is older
    assert (mission.pledged.value, str(mission.pledged.as_of)) == (3100, "2024-11")
    assert (mission.deployed.value, mission.deployed.qualifier, str(mission.deployed.as_of)) == (
        400,
        "at_least",
        "2024-09",
    )
    assert (mission.gap.value, mission.gap.qualifier) == (2700, "at_most")
    assert [str(part.as_of) for part in mission.gap.parts] == ["2024-11", "2024-09"]
    assert (kenya.pledged.value, kenya.stage, str(kenya.pledged.as_of)) == (1000, "committed", "2023-09")
    # September's 400 and November's 400 are two counts at two dates, not two sources agreeing.
    assert (kenya.deployed.value, str(kenya.deployed.as_of), kenya.deployed.sources) == (
        400, "2024-11", ("unsc-debates-pko-2024-11",),
    )  # fmt: skip
    assert (kenya.gap.value, kenya.gap.qualifier) == (600, "exact")
    assert [str(part.as_of) for part in kenya.gap.parts] == ["2023-09", "2024-11"]
    assert (rows["BHS"].pledged.value, rows["BHS"].stage) == (150, "announced")
    assert (rows["BLZ"].pledged.value, rows["BLZ"].pledged.qualifier) == (50, "at_most")
    jamaica = rows["JAM"]
    assert (jamaica.pledged, jamaica.deployed, jamaica.on_the_ground, jamaica.stage) == (
        None,
        None,
        True,
        "intent",
    )
    assert jamaica.sources == (
        "nations-join-kenya-mission-2023-09", "g20-support-kenya-mission-2024-02", "us-abandons-pko-push-2024-09",
    )  # fmt: skip
    assert (rows["ITA"].pledged, rows["ITA"].deployed, rows["ITA"].gap) == (None, None, None)


def test_every_source_a_row_rests_on_is_cited():
    """Until June 2024 the mission is on the ground only by the arrival that the November article
    reports; that source is cited, and no other source is made to say it."""
    [mission, *_] = troops_by_country(CORPUS_RECORDS, Filters(until=day("2024-06")))
    assert (mission.deployed, mission.on_the_ground) == (None, True)
    assert mission.sources == ("g20-support-kenya-mission-2024-02", "unsc-debates-pko-2024-11")
    assert [claim.id for claim in mission.used] == [
        "mission-planned-2500-2024-02",
        "mss-partial-deployment-2024-06",
    ]


def test_troops_rows_are_the_mission_then_numbers_then_names():
    order = [row.country for row in troops_by_country(CORPUS_RECORDS, Filters())]
    assert order[:4] == [None, "KEN", "BHS", "BLZ"]
    assert order[4:] == ["ATG", "GTM", "ITA", "JAM", "MNG", "PER", "SEN", "ESP", "SUR"]  # by name


def test_sources_agree_when_they_give_one_value_for_overlapping_periods():
    reported = latest_figure([
        deployment("a", "2024-06", 200, source="s1"),
        deployment("b", "2024-09", 400, source="s2"),
        deployment("c", "2024-09-15", 400, source="s3"),
    ])  # fmt: skip
    assert (reported.value, str(reported.as_of), reported.sources, reported.disputed) == (
        400, "2024-09", ("s2", "s3"), False,
    )  # fmt: skip


def test_a_different_value_for_an_overlapping_period_is_a_dispute_that_is_never_resolved():
    reported = latest_figure(
        [deployment("a", "2024-09", 400, source="s1"), deployment("b", "2024-09-20", 380, source="s2")]
    )
    assert (reported.value, reported.qualifier, reported.disputed) == (None, None, True)
    assert [(stated.value, stated.sources) for stated in reported.values] == [(400, ("s1",)), (380, ("s2",))]
    qualified = latest_figure([deployment("a", "2024-09", 400), deployment("b", "2024-09", 400, "at_least")])
    assert qualified.disputed  # "just over 400" is not "400"


def test_a_disputed_figure_keeps_one_row_and_gives_no_gap():
    corpus = corpus_of(
        pledge("p", "2024-01", 1000),
        deployment("a", "2024-09", 400, source="s1"),
        deployment("b", "2024-09", 350, source="s2"),
    )
    [kenya] = troops_by_country(corpus, Filters())
    assert (kenya.deployed.value, [stated.value for stated in kenya.deployed.values]) == (None, [400, 350])
    assert (kenya.gap.value, kenya.gap.reason) == (None, DISPUTED)
    assert kenya.sources == ("s1", "s2")  # both sides cited


def test_a_claim_without_a_number_is_never_a_zero():
    assert latest_figure([deployment("a", "2024-09", None)]) is None
    [row] = troops_by_country(corpus_of(deployment("a", "2024-09", None)), Filters())
    assert (row.deployed, row.on_the_ground, row.gap) == (None, True, None)


def reported(value: int, qualifier: str = "exact", as_of: str = "2024") -> Reported:
    return latest_figure([deployment("x", as_of, value, qualifier)])


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (("exact", 1000), ("exact", 400), (600, "exact")),
        (("exact", 3100), ("at_least", 400), (2700, "at_most")),
        (("exact", 3100), ("at_most", 400), (2700, "at_least")),
        (("approx", 600), ("exact", 300), (300, "approx")),
        (("approx", 600), ("at_least", 300), None),  # "about at most" is no qualifier
        (("at_least", 600), ("at_least", 300), None),  # no bound either way
    ],
)
def test_differences_carry_their_qualifiers(left, right, expected):
    combined = difference(reported(left[1], left[0]), reported(right[1], right[0]))
    assert (None if combined.value is None else (combined.value, combined.qualifier)) == expected
    assert combined.reason == (None if expected else NO_BOUND)


def test_totals_carry_their_qualifiers_and_add_only_overlapping_periods():
    assert total([reported(300, "at_least"), reported(100, "exact")])[:2] == (400, "at_least")
    assert total([reported(300, "at_least"), reported(100, "at_most")]).reason == NO_BOUND
    assert total([reported(300, as_of="2024-09"), reported(100, as_of="2024-11")]).reason == APART
    assert total([]) is None


def test_funding_on_the_test_corpus():
    summary = funding(CORPUS_RECORDS, Filters())
    by_flow = {(row.donor, row.flow): row for row in summary.rows}
    contribution = by_flow[("USA", "contribution")]
    assert (contribution.reported.value, contribution.reported.qualifier, contribution.basis) == (
        300_000_000, "at_least", "cumulative",
    )  # fmt: skip
    cost = by_flow[(None, "cost_estimate")]
    assert (cost.reported.value, cost.reported.qualifier, cost.basis) == (600_000_000, "approx", "annual")
    balance = by_flow[(None, "fund_balance")]
    assert (balance.reported.value, balance.reported.qualifier, balance.basis) == (
        100_000_000,
        "at_most",
        "at_date",
    )
    assert summary.contributed[:2] == (300_000_000, "at_least")
    # An annual cost minus a total to date is no gap: it is not worked out.
    assert (summary.gap.value, summary.gap.reason) == (None, OTHER_BASIS)
    assert (summary.currency, summary.basis) == ("USD", "cumulative")


def test_a_gap_on_one_basis_with_its_dates_and_qualifiers():
    corpus = corpus_of(
        money("cost", "2024", 600, "cost_estimate", "annual", "approx"),
        money("usa", "2024-09", 300, "contribution", "annual", "exact", country="USA"),
        money("can", "2024", 50, "contribution", "annual", "exact", country="CAN"),
    )
    summary = funding(corpus, Filters())
    assert summary.contributed[:2] == (350, "exact")
    assert summary.gap[:2] == (250, "approx")
    assert [str(part.as_of) for part in summary.gap.parts] == ["2024", "2024", "2024-09"]
    # Contributions reported in March and in September are not one moment: they are not added up.
    march = corpus_of(money("usa", "2024-09", 300, "contribution", "annual", country="USA"),
                      money("can", "2024-03", 50, "contribution", "annual", country="CAN"))  # fmt: skip
    assert funding(march, Filters()).contributed.reason == APART
    apart = corpus_of(
        money("cost", "2023", 600, "cost_estimate", "annual"),
        money("usa", "2024-09", 300, "contribution", "annual"),
    )
    assert funding(apart, Filters()).gap.reason == APART


def test_votes_are_in_date_order_and_a_resolutions_life_order():
    listed = [(str(claim.as_of), claim.action) for claim in votes(CORPUS_RECORDS, Filters())]
    assert listed[:2] == [("2023-09", "draft_circulated"), ("2023-10", "adopted")]
    # Days of September come before what is known only to be of September: it may be the 30th.
    assert listed[2:8] == [("2024-09-06", "draft_circulated"), ("2024-09-30", "scheduled"),
                           ("2024-09", "draft_circulated"), ("2024-09", "draft_circulated"),
                           ("2024-09", "draft_dropped"), ("2024-09", "draft_dropped")]  # fmt: skip
    assert listed[-1] == ("2024-11", "debated")


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        (Filters(countries=frozenset({"USA"}), kinds=frozenset({"event"})),
         {"usa-convenes-20-countries-2024-02", "usa-bra-meeting-2024-02-21", "bra-joins-haiti-talks-2024-02",
          "usa-blinken-visits-haiti-2024-09-05", "usa-blinken-meets-conille-2024-09-05",
          "usa-ken-defence-pact-2023-09-25"}),
        # Periods overlap: June 2024 and the whole of 2024 both touch the second half of June.
        (Filters(since=day("2024-06-15"), until=day("2024-06")), {"mss-partial-deployment-2024-06", "ken-hti-mou-2024"}),
        (Filters(kinds=frozenset({"funding"}), text="KENYAN AUTHORITIES"), {"mss-annual-cost-approx-600m-2024-09"}),
        (Filters(kinds=frozenset({"vote"}), text="resolution 2751"), {"mss-renewal-vote-scheduled-2024-09-30"}),
        (Filters(source="unsc-debates-pko-2024-11", kinds=frozenset({"deployment"})),
         {"ken-deployed-400-2024-11", "mss-partial-deployment-2024-06"}),
    ],
)  # fmt: skip
def test_filters_combine(filters, expected_ids):
    assert {claim.id for claim in select(CORPUS_RECORDS, filters)} == expected_ids


def test_several_countries_are_any_of_them():
    both = select(CORPUS_RECORDS, Filters(countries=frozenset({"KEN", "JAM"})))
    kenya = select(CORPUS_RECORDS, Filters(countries=frozenset({"KEN"})))
    jamaica = select(CORPUS_RECORDS, Filters(countries=frozenset({"JAM"})))
    assert {claim.id for claim in both} == {claim.id for claim in kenya} | {claim.id for claim in jamaica}
    assert (len(kenya), len(jamaica)) == (10, 3)


@pytest.mark.parametrize("typed", ["Haiti's", "HAITI’S", "haiti‘s"])
def test_text_matches_across_apostrophes_and_case(typed):
    assert {claim.id for claim in select(CORPUS_RECORDS, Filters(text=typed))} == {
        "unsc-pko-debate-2024-11", "rus-opposes-pko-2024-11", "chn-opposes-pko-2024-11",
    }  # fmt: skip


def test_text_matches_across_dashes_and_quotes():
    claim = deployment("a", "2024-11", 400)._replace(quote="deployed only 400 Kenyan troops—far “fewer”")
    corpus = corpus_of(claim)
    for typed in ("troops-far", "TROOPS–FAR", '"fewer"'):
        assert select(corpus, Filters(text=typed)) == [claim]


def test_as_of_answers_from_sources_published_by_then():
    before_2024 = Filters(reported_by=day("2023-12"))
    assert {claim.source for claim in select(CORPUS_RECORDS, before_2024)} == {
        "nations-join-kenya-mission-2023-09"
    }
    kenya = next(row for row in troops_by_country(CORPUS_RECORDS, before_2024) if row.country == "KEN")
    assert (kenya.pledged.value, kenya.deployed) == (1000, None)
    # A source published "2024-09" is not certainly published by 15 September 2024.
    mid_september = Filters(reported_by=day("2024-09-15"))
    assert "us-abandons-pko-push-2024-09" not in {
        claim.source for claim in select(CORPUS_RECORDS, mid_september)
    }
    assert [summary.source.id for summary in sources(CORPUS_RECORDS, before_2024)] == [
        "nations-join-kenya-mission-2023-09"
    ]


def test_conflicts_are_different_figures_about_the_same_thing_in_overlapping_periods():
    corpus = corpus_of(
        deployment("a", "2024-09", 400, source="s1"),
        deployment("b", "2024-09-10", 350, source="s2"),
        deployment("c", "2024-11", 350, source="s3"),  # later: the number changed, no conflict
        deployment("d", "2024-09", 50, country="JAM", source="s1"),
    )
    [conflict] = conflicts(corpus, Filters())
    assert (conflict.kind, conflict.country, conflict.about) == ("deployment", "KEN", "stock")
    assert [claim.id for claim in conflict.claims] == ["b", "a"]  # 10 Sep, then September


def test_the_shipped_data_has_no_conflicts():
    assert conflicts(CORPUS_RECORDS, Filters()) == []


_DATES = st.sampled_from(["2024", "2024-09", "2024-10", "2024-09-10", "2024-09-30", "2024-10-01", "2025"])


@given(st.lists(st.tuples(_DATES, st.sampled_from([350, 400]), st.sampled_from(["KEN", "JAM"])), max_size=12))
def test_conflicts_are_exactly_the_pairs_of_overlapping_periods_that_disagree(stated):
    claims = [deployment(f"c{number}", when, figure, country=country)
              for number, (when, figure, country) in enumerate(stated)]  # fmt: skip
    pairwise = {
        claim.id
        for claim in claims
        for other in claims
        if claim.country == other.country
        and claim.personnel != other.personnel
        and claim.as_of.overlaps(other.as_of)
    }
    found = {claim.id for conflict in conflicts(corpus_of(*claims), Filters()) for claim in conflict.claims}
    assert found == pairwise
