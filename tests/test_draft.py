"""mss draft: one claim proposed per figure not yet cited or ignored, read from the words around it.

The drafter is developed on these snippets (written for the purpose) and on the five real articles;
it is measured, not tuned, on the test articles of tests/fixtures/articles (see measure_draft.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import SourceRecord
from haiti_mss.curate.draft import Drafter

from conftest import CORPUS, checked, one_block_added


def drafted(text: str, published: str = "2025-03-12", taken: tuple[str, ...] = ()):
    source = SourceRecord("wire-2025", "seeds/x.txt", "0" * 64, "A wire story", PartialDate.parse(published))
    return Drafter(source, text, taken).drafted([])


def only(text: str, published: str = "2025-03-12") -> dict:
    result = drafted(text, published)
    assert len(result.drafts) == 1, [draft.fields for draft in result.drafts]
    fields = dict(result.drafts[0].fields)
    assert fields.pop("review") == "draft"
    assert fields.pop("source") == "wire-2025"
    return fields


def test_a_pledge_by_name_dated_by_its_weekday():
    # 12 March 2025 is a Wednesday: "on Monday" is 10 March.
    assert only("Jamaica pledged 200 soldiers to the force on Monday, officials said.") == {
        "id": "jam-pledge-200-2025-03-10",
        "kind": "pledge",
        "quote": "Jamaica pledged 200 soldiers to the force on Monday, officials said.",
        "as_of": PartialDate(2025, 3, 10),
        "country": "JAM",
        "personnel": 200,
        "stage": "committed",
        "note": '"Monday" is the Monday before publication on 2025-03-12, Monday 10 March 2025.',
    }


def test_an_arrival_by_demonym_with_its_qualifier_and_curly_quotes_kept():
    fields = only(
        "“Some 300 Kenyan police officers arrived in Port-au-Prince on Saturday,” the ministry said."
    )
    assert {key: fields[key] for key in ("id", "kind", "country", "personnel", "personnel_type", "measure",
                                         "qualifier", "as_of")} == {
        "id": "ken-arrived-about-300-2025-03-08", "kind": "deployment", "country": "KEN", "personnel": 300,
        "personnel_type": "police", "measure": "arrival", "qualifier": "approx", "as_of": PartialDate(2025, 3, 8),
    }  # fmt: skip
    assert fields["quote"].startswith("“Some 300 Kenyan police officers arrived")


def test_a_stock_on_the_ground_at_least():
    fields = only("The Bahamas now has more than 150 troops on the ground in Haiti.")
    assert (fields["kind"], fields["country"], fields["personnel"], fields["measure"], fields["qualifier"]) == (
        "deployment", "BHS", 150, "stock", "at_least",
    )  # fmt: skip
    assert fields["personnel_type"] == "unspecified"  # "troops" says nothing of police or army
    assert fields["as_of"] == PartialDate.parse("2025-03-12")
    assert "note" not in fields


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Canada will contribute C$80 million to the trust fund, its foreign ministry said.",
         ("CAN", 80_000_000, "CAD", "pledge", "one_off")),
        ("The United States has paid US$45.5 million into the fund so far.",
         ("USA", 45_500_000, "USD", "contribution", "cumulative")),
        ("The fund holds less than $12 million, a U.N. report says.", (None, 12_000_000, "USD", "fund_balance", "at_date")),
        ("The mission's annual cost is estimated at €600 million.", (None, 600_000_000, "EUR", "cost_estimate", "annual")),
    ],
)  # fmt: skip
def test_money_is_funding_with_its_currency_flow_and_basis(sentence, expected):
    fields = only(sentence)
    assert fields["kind"] == "funding"
    assert (
        fields["country"],
        fields["amount"],
        fields["currency"],
        fields["flow"],
        fields["basis"],
    ) == expected
    # Only a basis no word gives is said to be a guess.
    assert ("The basis (one_off) is a guess" in fields.get("note", "")) is (fields["basis"] == "one_off")


def test_a_mission_wide_ceiling_is_a_target():
    fields = only("The Security Council authorised a force of up to 3,000 personnel.")
    assert (fields["kind"], fields["country"], fields["personnel"], fields["stage"], fields["qualifier"]) == (
        "pledge", None, 3000, "target", "at_most",
    )  # fmt: skip
    assert fields["id"] == "mission-target-up-to-3000-2025-03-12"


def test_a_clause_without_a_country_borrows_the_subject_and_the_quote_is_the_shortest_that_says_it():
    result = drafted("Kenya deployed 400 more officers last week, bringing its total to 1,000.", "2025-03-12")
    first, second = (draft.fields for draft in result.drafts)
    assert (first["country"], first["personnel"], first["as_of"]) == ("KEN", 400, PartialDate(2025, 3))
    assert first["quote"] == "Kenya deployed 400 more officers last week"
    assert (second["country"], second["personnel"], second["measure"]) == ("KEN", 1000, "stock")


def test_hard_wrapped_lines_give_whole_sentences():
    text = "KINGSTON\n\nBelize offered on Friday to send up to\n50 soldiers to Haiti, the\ngovernment said.\n"
    fields = only(text, "2025-03-12")
    assert (
        fields["quote"] == "Belize offered on Friday to send up to 50 soldiers to Haiti, the government said."
    )
    assert (fields["country"], fields["stage"], fields["qualifier"], fields["as_of"]) == (
        "BLZ", "announced", "at_most", PartialDate(2025, 3, 7),
    )  # fmt: skip


def test_a_repeated_figure_is_drafted_once():
    text = "Jamaica pledged 200 soldiers to the force.\n\nJamaica pledged 200 soldiers to the force, again.\n"
    result = drafted(text)
    assert [draft.fields["personnel"] for draft in result.drafts] == [200]
    assert [(item.figure, item.reason) for item in result.undrafted] == [
        ("200", "repeats the figure of jam-pledge-200-2025-03-12")
    ]


def test_figures_that_are_not_head_counts_or_money_are_listed_not_drafted():
    result = drafted("The council's 15 members voted in October 2024; 60% of Haitians approve.")
    assert result.drafts == []
    assert [(item.figure, item.kind) for item in result.undrafted] == [
        ("15", "count"), ("October 2024", "date"), ("60%", "percent"),
    ]  # fmt: skip
    assert result.undrafted[0].reason == "counts members, not personnel"


def test_a_weekday_in_an_article_dated_to_the_month_gives_the_month():
    fields = only("Jamaica pledged 200 soldiers on Monday.", "2025-03")
    assert fields["as_of"] == PartialDate(2025, 3)
    assert fields["note"] == '"Monday" in an article dated only to 2025-03: the day is not known.'


def test_a_speaker_is_not_the_country():
    fields = only("The operation will cost approximately $600 million a year, according to Kenyan officials.")
    assert (fields["country"], fields["speaker"], fields["flow"]) == (
        None,
        "Kenyan officials",
        "cost_estimate",
    )


def test_ids_are_unique():
    result = drafted("Jamaica pledged 200 soldiers on Monday.", taken=("jam-pledge-200-2025-03-10",))
    assert result.drafts[0].id == "jam-pledge-200-2025-03-10-2"


# --- The command ---------------------------------------------------------------------------------


@pytest.fixture
def uncited(tmp_path, monkeypatch):
    """The test corpus with the claims of one source (nations-join…) removed: its figures uncited."""
    folder = tmp_path / "project"
    shutil.copytree(CORPUS, folder)
    data = folder / "data" / "claims.yaml"
    text = data.read_text(encoding="utf-8")
    kept = [
        block
        for block in text.split("\n  - id: ")
        if "source: nations-join-kenya-mission-2023-09" not in block
    ]
    data.write_text("\n  - id: ".join(kept), encoding="utf-8")
    monkeypatch.chdir(folder)
    return data


def test_draft_prints_yaml_to_paste_and_lists_what_it_does_not_draft(run, uncited):
    result = run("draft", "nations-join-kenya-mission-2023-09")
    assert result.exit_code == 0, result.stderr
    assert "  - id: ken-pledge-1000-2023-09\n    kind: pledge\n" in result.stdout
    assert "    review: draft\n" in result.stdout
    assert "#   'October 2022' (date): a date" in result.stdout


def test_draft_json(run, uncited):
    result = run("draft", "nations-join-kenya-mission-2023-09", "--format", "json")
    document = json.loads(result.stdout)
    pledge = next(item for item in document["drafts"] if item["id"] == "ken-pledge-1000-2023-09")
    assert pledge == {
        "id": "ken-pledge-1000-2023-09", "kind": "pledge", "source": "nations-join-kenya-mission-2023-09",
        "quote": "Kenya has promised to provide 1,000 security personnel to Haiti.", "as_of": "2023-09",
        "country": "KEN", "personnel": 1000, "stage": "committed", "review": "draft",
    }  # fmt: skip
    assert {item["figure"] for item in document["undrafted"]} >= {"October 2022", "July 2023"}


def test_draft_write_adds_checked_drafts_and_a_second_run_finds_nothing_left(run, uncited):
    before = uncited.read_text(encoding="utf-8")
    written = run("draft", "nations-join-kenya-mission-2023-09", "--write")
    assert written.exit_code == 0, written.stderr
    after = uncited.read_text(encoding="utf-8")
    assert "  - id: ken-pledge-1000-2023-09\n" in one_block_added(before, after)
    problems = checked(uncited).problems
    assert {problem.code for problem in problems} == {"unreviewed-draft"}  # every quote verifies
    again = run("draft", "nations-join-kenya-mission-2023-09", "--format", "json")
    assert json.loads(again.stdout)["drafts"] == []
    assert run("check", "--strict").exit_code == 1
    uncited.write_text(after.replace("    review: draft\n", ""), encoding="utf-8")
    assert run("check").exit_code == 0
    troops = json.loads(run("troops", "--by-country", "--format", "json").stdout)
    assert {row["country"]: row["pledged"] for row in troops}["BLZ"] == 50


def test_an_unknown_source_is_a_usage_error(run, in_corpus):
    result = run("draft", "nations-join")
    assert result.exit_code == 2
    assert (
        "no source with id 'nations-join'; did you mean nations-join-kenya-mission-2023-09?" in result.stderr
    )
