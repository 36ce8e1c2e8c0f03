"""Missions and succession: claims about the MSS and about the Gang Suppression Force that succeeded
it are answered side by side, one row per country per mission, and never added, subtracted, agreed
or disputed across missions. A claim that names no mission is about the first one declared."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from haiti_mss.analysis.query import Filters, conflicts
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord, Corpus, MissionRecord, SourceRecord

from conftest import MISSIONS_DATA, ONE_CLAIM, SOURCE_004, answered, checked, replace_once

DECLARED = """missions:
  - id: MSS
    name: Multinational Security Support mission
  - id: GSF
    name: Gang Suppression Force
    succeeds: MSS
"""


# --- One row per country per mission -----------------------------------------------------------


def test_troops_has_a_row_per_country_per_mission_each_worked_out_apart(in_missions, run):
    rows = answered(run, "troops", "--by-country")
    assert [
        (row["mission"], row["country"], row["target"], row["pledged"], row["pledged_qualifier"],
         row["deployed"], row["deployed_qualifier"], row["gap"], row["gap_qualifier"])
        for row in rows
    ] == [
        ("MSS", None, 2500, None, None, 800, "at_most", None, None),
        ("MSS", "KEN", None, 1000, "exact", 750, "approx", 250, "approx"),
        ("GSF", None, 5550, None, None, 1000, "approx", None, None),
        ("GSF", "KEN", None, 1000, "at_most", 700, "approx", None, None),
    ]  # fmt: skip
    # Kenya's MSS gap is the MSS pledge minus the MSS count, never the GSF's ~700 of a later date.
    mss_kenya = rows[1]
    assert (mss_kenya["gap_as_of"], mss_kenya["sources"]) == (
        ["2025-01-20", "2025-09-30"],
        ["kenyan-reinforcements-land-2025-01", "resolution-2793-gsf-2025-09"],
    )
    # Nothing is disputed: GSF's ≤1,000 offer and the MSS's 1,000 pledge are two missions' figures.
    assert not any(row[f"{figure}_disputed"] for row in rows for figure in ("pledged", "deployed", "target"))


def test_the_table_shows_the_mission_on_every_row_and_names_the_missions(in_missions, run):
    table = run("troops", "--by-country").stdout
    lines = table.splitlines()
    assert lines[2].split() == [
        "mission",
        "country",
        "planned",
        "pledged",
        "stage",
        "deployed",
        "gap",
        "sources",
    ]
    assert [line.split("  ")[0] for line in lines[3:7]] == ["MSS", "MSS", "GSF", "GSF"]
    assert (
        "Missions: MSS: Multinational Security Support mission; GSF: Gang Suppression Force, which succeeded "
        "MSS. Each row is of one mission; figures of two missions are never added or compared."
    ) in lines
    markdown = run("troops", "--by-country", "--format", "markdown").stdout
    assert "| mission | country | planned |" in markdown
    assert "| GSF | Kenya \\(KEN\\) |" in markdown


def test_funding_is_added_up_and_compared_within_each_mission_only(in_missions, run):
    rows = answered(run, "funding")
    assert [(row["mission"], row["donor"], row["flow"], row["amount"], row["basis"]) for row in rows] == [
        ("MSS", "USA", "contribution", 600_000_000, "cumulative"),
        ("MSS", None, "total_contributed", 600_000_000, "cumulative"),
        ("GSF", "USA", "pledge", 75_000_000, "one_off"),
        ("GSF", None, "cost_estimate", 800_000_000, "annual"),
    ]
    # The GSF's cost is never set against the MSS's contributions: no gap row in either mission.
    assert not [row for row in rows if row["flow"] == "gap"]


def test_the_personnel_over_time_and_the_timeline_carry_the_mission(in_missions, run):
    over_time = answered(run, "troops")
    assert [(row["mission"], row["claim"]) for row in over_time] == [
        ("MSS", "mss-target-2500-2023-10"),
        ("MSS", "mss-deployed-under-800-2025-01"),
        ("GSF", "gsf-target-up-to-5550-2025-09-30"),
        ("GSF", "gsf-deployed-about-1000-2025-12-13"),
    ]
    timeline = answered(run, "timeline", "--country", "KEN")
    assert [row["mission"] for row in timeline] == ["MSS", "MSS", "MSS", "MSS", "GSF", "GSF"]


@pytest.mark.parametrize(
    ("command", "was_last", "added"),
    [
        (["troops", "--by-country"], "gap_not_computed", "mission"), (["troops"], "quote", "mission"),
        (["funding"], "not_computed", "mission"), (["votes"], "quote", "mission"),
        (["timeline"], "claim", "mission"), (["claims"], "question", "mission"),
        (["conflicts"], "quote", "mission"), (["sources"], "title_is_headline", "missions"),
    ],
)  # fmt: skip
def test_the_contracts_gain_the_mission_after_their_columns(in_missions, run, command, was_last, added):
    """At the end of each contract as it stood, so that no column moves (a vote's tally came after)."""
    header = run(*command, "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[header.index(was_last) + 1] == added


def test_a_claim_naming_no_mission_is_about_the_first_declared(in_missions, run):
    claims = {row["id"]: row for row in answered(run, "claims")}
    assert claims["ken-pledge-1000-2025-01"]["mission"] == "MSS"  # no mission: in the data
    assert claims["ken-offers-up-to-1000-gsf-2025-09-30"]["mission"] == "GSF"
    sources = {row["id"]: row["missions"] for row in answered(run, "sources")}
    assert sources == {
        "kenyan-reinforcements-land-2025-01": ["MSS"],
        "resolution-2793-gsf-2025-09": ["MSS", "GSF"],
        "gsf-troop-offers-2025-12": ["GSF"],
    }
    shown = run("show", "ken-pledge-1000-2025-01").stdout
    assert "\nmission      MSS\n" in shown


# --- --mission ---------------------------------------------------------------------------------


def test_mission_narrows_every_answer_and_repeats_for_any_of_several(in_missions, run):
    gsf = answered(run, "troops", "--by-country", "--mission", "GSF")
    assert [(row["mission"], row["country"]) for row in gsf] == [("GSF", None), ("GSF", "KEN")]
    assert {row["mission"] for row in answered(run, "funding", "--mission", "gsf")} == {"GSF"}  # any case
    assert [row["claim"] for row in answered(run, "votes", "--mission", "GSF")] == [
        "gsf-authorised-2793-2025-09-30"
    ]
    assert answered(run, "votes", "--mission", "MSS") == []
    assert {row["mission"] for row in answered(run, "claims", "--mission", "MSS")} == {"MSS"}
    both = answered(run, "claims", "--mission", "MSS", "--mission", "GSF")
    assert len(both) == len(answered(run, "claims")) == 14
    sources = answered(run, "sources", "--mission", "GSF")
    assert [(row["id"], row["claims"]) for row in sources] == [
        ("resolution-2793-gsf-2025-09", 4), ("gsf-troop-offers-2025-12", 3),
    ]  # fmt: skip
    heading = run("timeline", "--mission", "GSF").stdout.splitlines()[0]
    assert heading == "Timeline — mission GSF"


def test_an_unknown_mission_is_a_usage_error_that_names_those_declared(in_missions, run):
    result = run("troops", "--mission", "MINUSTAH")
    assert (result.exit_code, result.stderr) == (
        2, "mss: error: --mission 'MINUSTAH' is not a mission of the data, which declares MSS, GSF\n",
    )  # fmt: skip
    assert run("claims", "--mission", " ").exit_code == 2


def test_mission_on_data_that_declares_none_is_a_usage_error(in_corpus, run):
    result = run("troops", "--mission", "MSS")
    assert (result.exit_code, result.stderr) == (
        2, "mss: error: --mission: the data declares no missions (a top-level missions: list)\n",
    )  # fmt: skip


# --- Never a conflict across missions -------------------------------------------------------------


def test_figures_of_two_missions_for_the_same_country_and_time_are_no_conflict(in_missions, run):
    """Kenya's ~700 on the ground (GSF), dated to the year, overlaps Kenya's ~600 of January and
    ~750 of September (MSS): two missions, no conflict. The same figures in one mission are one."""
    data = in_missions / "data" / "claims.yaml"
    replace_once(data, "    as_of: 2025-12-10\n    country: KEN\n    personnel: 700\n",
         "    as_of: 2025\n    country: KEN\n    personnel: 700\n")  # fmt: skip
    assert run("check").exit_code == 0
    assert run("conflicts").stdout == "No conflicting figures\n(none)\n"
    replace_once(data, "    note: Said at the conference \"on Wednesday\", 10 December 2025, before publication on Saturday "
         "13 December.\n    mission: GSF\n",
         "    note: Said at the conference \"on Wednesday\", 10 December 2025, before publication on Saturday "
         "13 December.\n")  # fmt: skip
    rows = answered(run, "conflicts")
    assert [(row["mission"], row["country"], row["claim"], row["value"]) for row in rows] == [
        ("MSS", "KEN", "ken-deployed-about-600-2025-01-18", 600),
        ("MSS", "KEN", "ken-deployed-about-750-2025-09-30", 750),
        ("MSS", "KEN", "ken-deployed-about-700-2025-12-10", 700),
    ]


def test_conflicts_are_found_within_a_mission_never_across(tmp_path):
    def stock(claim_id: str, value: int, mission: str | None) -> ClaimRecord:
        return ClaimRecord(claim_id, "deployment", "s1", "q q q", PartialDate(2025, 9), country="KEN",
                           personnel=value, measure="stock", qualifier="exact", mission=mission)  # fmt: skip

    missions = {"MSS": MissionRecord("MSS", "MSS"), "GSF": MissionRecord("GSF", "GSF", "MSS")}
    source = {"s1": SourceRecord("s1", "seeds/s1.txt", "0" * 64, "s1", PartialDate(2025, 9))}

    def found(*claims: ClaimRecord) -> list[tuple[str | None, tuple[str, ...]]]:
        corpus = Corpus(tmp_path, source, list(claims), {}, {}, missions)
        return [
            (conflict.mission, tuple(c.id for c in conflict.claims))
            for conflict in conflicts(corpus, Filters())
        ]

    assert found(stock("a", 400, None), stock("b", 350, "GSF")) == []
    assert found(stock("a", 400, None), stock("b", 350, "MSS")) == [("MSS", ("a", "b"))]
    assert found(stock("a", 400, "GSF"), stock("b", 350, "GSF"), stock("c", 300, None)) == [
        ("GSF", ("a", "b"))
    ]


# --- Checking missions -----------------------------------------------------------------------------


def problems(path: Path) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.code, p.message) for p in checked(path).problems]


def about(mission: str) -> str:
    return ONE_CLAIM.replace("    stage: committed\n", f"    stage: committed\n    mission: {mission}\n")


def test_an_undeclared_mission_is_named_with_the_one_meant(write_data):
    assert problems(write_data(DECLARED + about("GFS"))) == [
        (22, 5, "unknown-mission", "mission 'GFS' is not declared; did you mean 'GSF'?"),
    ]
    assert problems(write_data(DECLARED + about("MINUSTAH"))) == [
        (22, 5, "unknown-mission", "mission 'MINUSTAH' is not declared (declared: MSS, GSF)"),
    ]


def test_a_mission_on_a_claim_of_data_that_declares_none_is_an_error(write_data):
    assert problems(write_data(about("MSS"))) == [
        (16, 5, "unknown-mission", "mission 'MSS' is not declared: the data declares no missions; declare "
         "it in a top-level missions: list (id, name)"),
    ]  # fmt: skip


def test_a_succession_names_a_declared_mission_and_never_goes_round(write_data):
    unknown = DECLARED.replace("succeeds: MSS", "succeeds: MSZ")
    assert problems(write_data(unknown + ONE_CLAIM)) == [
        (6, 5, "unknown-mission", "mission 'MSZ' is not declared; did you mean 'MSS'?"),
    ]
    itself = DECLARED.replace("succeeds: MSS", "succeeds: GSF")
    assert problems(write_data(itself + ONE_CLAIM)) == [
        (
            6,
            5,
            "succession-cycle",
            "GSF, which succeeds GSF: missions cannot succeed one another in a circle",
        ),
    ]
    three = DECLARED.replace("mission\n", "mission\n    succeeds: BINUH\n") + (
        "  - id: BINUH\n    name: UN Integrated Office in Haiti\n    succeeds: GSF\n"
    )
    assert problems(write_data(three + ONE_CLAIM)) == [
        (10, 5, "succession-cycle", "BINUH, which succeeds GSF, which succeeds MSS, which succeeds BINUH: "
         "missions cannot succeed one another in a circle"),
    ]  # fmt: skip


def test_mission_ids_are_acronyms_and_unique(write_data):
    twice = DECLARED + "  - id: MSS\n    name: the MSS again\n"
    assert [(line, code) for line, _, code, _ in problems(write_data(twice + ONE_CLAIM))] == [
        (7, "duplicate-id")
    ]
    lower = DECLARED.replace("id: GSF", "id: gsf").replace("succeeds: MSS", "succeeds: Mss")
    assert [(line, code) for line, _, code, _ in problems(write_data(lower + ONE_CLAIM))] == [
        (4, "invalid-id"), (6, "invalid-id"),
    ]  # fmt: skip


def test_missions_declared_in_one_file_hold_for_claims_in_another(write_data, project, run):
    """A folder of data: the missions of `a.yaml`, the claims of `b.yaml`; the first declared is the
    first of the first file."""
    write_data(DECLARED, "a-missions.yaml")
    write_data(SOURCE_004 + "claims:\n" + about("GSF").split("claims:\n")[1], "b.yaml")
    write_data(
        "claims:\n" + ONE_CLAIM.split("claims:\n")[1].replace("ken-pledge", "ken-pledge-again"), "c.yaml"
    )
    rows = answered(run, "claims", "--data", project / "data")
    assert [(row["id"], row["mission"]) for row in rows] == [
        ("ken-pledge", "GSF"),
        ("ken-pledge-again", "MSS"),
    ]


def test_the_workspace_gives_the_missions_in_the_order_declared(in_missions):
    from conftest import checked as opened

    missions = opened(MISSIONS_DATA, use_index=True).missions()
    assert list(missions.values()) == [
        MissionRecord("MSS", "Multinational Security Support mission"),
        MissionRecord("GSF", "Gang Suppression Force", "MSS"),
    ]


def test_the_exports_hold_the_missions(in_missions, run, tmp_path):
    assert run("export", "datapackage", tmp_path / "package").exit_code == 0
    missions = list(csv.DictReader(io.StringIO((tmp_path / "package" / "missions.csv").read_text())))
    assert missions == [
        {"id": "MSS", "name": "Multinational Security Support mission", "succeeds": ""},
        {"id": "GSF", "name": "Gang Suppression Force", "succeeds": "MSS"},
    ]
    claims = list(csv.DictReader(io.StringIO((tmp_path / "package" / "claims.csv").read_text())))
    assert {row["mission"] for row in claims} == {"MSS", "GSF"}
