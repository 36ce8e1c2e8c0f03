"""Curated facts pinned through the loader, so that an accidental edit of data/claims.yaml is caught."""

from __future__ import annotations

from collections import Counter

import pytest

from haiti_mss.load import load_dataset

from conftest import SHIPPED_DATA

DATASET = load_dataset(SHIPPED_DATA)
CLAIMS = {claim.id: claim for claim, _ in DATASET.claims}
SOURCES = {source.id: source for source, _ in DATASET.sources}


def test_the_shipped_data_loads_without_problems():
    assert DATASET.problems == []
    assert len(SOURCES) == 5


@pytest.mark.parametrize(
    ("claim_id", "kind", "country", "value", "qualifier", "as_of", "detail"),
    [
        ("ken-pledge-1000-2023-09", "pledge", "KEN", 1000, "exact", "2023-09", "committed"),
        ("blz-pledge-up-to-50-2023-09", "pledge", "BLZ", 50, "at_most", "2023-09-22", "announced"),
        ("bhs-announced-150-2023-08", "pledge", "BHS", 150, "exact", "2023-08", "announced"),
        ("mission-pledged-3100-2024-11", "pledge", None, 3100, "exact", "2024-11", "committed"),
        ("mission-target-up-to-2500-2024-09", "pledge", None, 2500, "at_most", "2024-09", "target"),
        ("mission-planned-2500-2024-02", "pledge", None, 2500, "exact", "2024-02", "target"),
        ("mission-deployed-over-400-2024-09", "deployment", None, 400, "at_least", "2024-09", "stock"),
        ("ken-deployed-400-2024-11", "deployment", "KEN", 400, "exact", "2024-11", "stock"),
        ("ken-deployed-400-police-2024-09", "deployment", "KEN", 400, "exact", "2024-09", "stock"),
        ("trust-fund-under-100m-2024-11", "funding", None, 10**8, "at_most", "2024-11", "fund_balance"),
        ("usa-contributed-over-300m-2024-09", "funding", "USA", 3 * 10**8, "at_least", "2024-09", "contribution"),
        ("mss-annual-cost-approx-600m-2024-09", "funding", None, 6 * 10**8, "approx", "2024-09", "cost_estimate"),
    ],
)  # fmt: skip
def test_figures(claim_id, kind, country, value, qualifier, as_of, detail):
    claim = CLAIMS[claim_id]
    assert (claim.kind, claim.country, claim.value, claim.qualifier, str(claim.as_of)) == (
        kind, country, value, qualifier, as_of,
    )  # fmt: skip
    assert detail in (claim.stage, claim.measure, claim.flow)


def test_money_is_in_us_dollars():
    assert {claim.currency for claim in CLAIMS.values() if claim.kind == "funding"} == {"USD"}


def test_security_council_actions():
    renewal = CLAIMS["mss-renewal-vote-scheduled-2024-09-30"]
    assert (renewal.action, renewal.status, str(renewal.as_of), str(renewal.mandate_until)) == (
        "scheduled", "scheduled", "2024-09-30", "2025-10",
    )  # fmt: skip
    approval = CLAIMS["mss-approved-2023-10"]
    assert (approval.action, approval.resolution, str(approval.as_of)) == (
        "adopted",
        "S/RES/2699 (2023)",
        "2023-10",
    )
    assert CLAIMS["usa-ecu-pko-draft-2024-09-06"].action == "draft_circulated"
    assert CLAIMS["pko-draft-dropped-2024-09"].action == "draft_dropped"


def test_countries_that_will_join_without_a_number_are_recorded():
    joining = {
        c.country for c in CLAIMS.values() if c.kind == "pledge" and c.id.endswith("-will-join-2023-09")
    }
    assert joining == {"ITA", "ESP", "MNG", "SEN", "BLZ", "SUR", "GTM", "PER"}
    assert all(CLAIMS[f"{code.lower()}-will-join-2023-09"].personnel is None for code in joining)


def test_one_position_per_state_per_question_per_source():
    keys = Counter((c.source, c.country, c.on) for c in CLAIMS.values() if c.kind == "position")
    assert max(keys.values()) == 1
    stances = {(c.country, c.stance) for c in CLAIMS.values() if c.kind == "position"}
    assert {("CHN", "opposes"), ("RUS", "opposes"), ("BRA", "hesitant"), ("HTI", "supports")} <= stances


def test_dated_events():
    assert str(CLAIMS["usa-ken-defence-pact-2023-09-25"].as_of) == "2023-09-25"
    assert str(CLAIMS["usa-bra-meeting-2024-02-21"].as_of) == "2024-02-21"
    assert str(CLAIMS["ken-high-court-ruling-2024-01"].as_of) == "2024-01"
    assert str(CLAIMS["hti-requests-armed-force-2022-10"].as_of) == "2022-10"


def test_every_source_has_a_publication_date_and_its_basis():
    assert {source_id: str(source.published) for source_id, source in SOURCES.items()} == {
        "us-abandons-pko-push-2024-09": "2024-09",
        "g20-support-kenya-mission-2024-02": "2024-02",
        "unsc-debates-pko-2024-11": "2024-11",
        "us-ecuador-draft-pko-2024-09": "2024-09",
        "nations-join-kenya-mission-2023-09": "2023-09",
    }
    assert all(source.published_basis for source in SOURCES.values())


def test_the_republication_says_so():
    source = SOURCES["us-abandons-pko-push-2024-09"]
    assert source.outlet == "Miami Herald (republished)"
    assert "republication" in (source.note or "")


def test_ignore_lists_are_short_and_give_reasons():
    ignored = [(source.id, item.text) for source in SOURCES.values() for item in source.ignore]
    assert ignored == [
        ("g20-support-kenya-mission-2024-02", "G20"),
        ("us-ecuador-draft-pko-2024-09", "2021"),
        ("us-ecuador-draft-pko-2024-09", "15"),
        ("nations-join-kenya-mission-2023-09", "15"),
    ]
    assert all(item.reason for source in SOURCES.values() for item in source.ignore)
