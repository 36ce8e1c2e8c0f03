"""The query commands through the CLI: real figures, filters, every format, safe text, atomic output."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat

import pytest

from haiti_mss.cli import app
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord
from haiti_mss.present import terminal, writers
from haiti_mss.present.text import csv_cell, markdown_cell
from haiti_mss.present.view import Column, View
from haiti_mss.present.views import CLAIM_KEYS

from conftest import CORPUS_DATA, KENYA_PLEDGE, PINNED_TODAY, SOURCE_004, WITH_ERROR, checked

QUERY_COMMANDS = ["troops", "funding", "votes", "timeline", "claims", "sources", "conflicts"]


@pytest.fixture(autouse=True)
def _in_corpus(in_corpus):
    """Every test here asks about the test corpus, in a copy of it."""


def rows_of(table: str) -> dict[str, str]:
    """Plain table lines keyed by their first cell (plain output separates cells by two spaces)."""
    return {line.split("  ")[0]: line for line in table.splitlines() if "  " in line}


def test_troops_by_country_table(run):
    result = run("troops", "--by-country")
    assert result.exit_code == 0
    assert result.stderr == ""
    rows = {name: " ".join(line.split()) for name, line in rows_of(result.stdout).items()}
    assert rows["Mission-wide"] == (
        "Mission-wide ≤2,500 · Sep 2024, 15 mo ago 3,100 · Nov 2024, 13 mo ago committed "
        "≥400 · Sep 2024, 15 mo ago ≤2,700 · Nov 2024 − Sep 2024 us-abandons-pko-push-2024-09, unsc-debates-pko-2024-11"
    )
    assert rows["Kenya (KEN)"] == (
        "Kenya (KEN) 1,000 · Sep 2023, 2 yr 3 mo ago committed 400 · Nov 2024, 13 mo ago 600 · Sep 2023 − Nov 2024 "
        "nations-join-kenya-mission-2023-09, unsc-debates-pko-2024-11"
    )
    assert "150 · Aug 2023, 2 yr 4 mo ago announced" in rows["Bahamas (BHS)"]
    assert "≤50 · 22 Sep 2023, 2 yr 3 mo ago announced" in rows["Belize (BLZ)"]
    assert "no figure intent" in rows["Italy (ITA)"]
    assert "on the ground, no figure" in rows["Jamaica (JAM)"]
    assert "gap: pledged minus deployed, each as of its own date" in result.stdout
    assert "[nations-join-kenya-mission-2023-09] [At least a dozen nations say" in result.stdout


def test_troops_by_country_json_contract(run):
    result = run("troops", "--by-country", "--format", "json")
    rows = {row["country"]: row for row in json.loads(result.stdout)}
    kenya = rows["KEN"]
    assert {key: kenya[key] for key in ("country", "country_name", "pledged", "deployed", "pledged_qualifier",
                                        "deployed_qualifier", "as_of", "sources")} == {
        "country": "KEN", "country_name": "Kenya", "pledged": 1000, "deployed": 400,
        "pledged_qualifier": "exact", "deployed_qualifier": "exact", "as_of": "2024-11",
        "sources": ["nations-join-kenya-mission-2023-09", "unsc-debates-pko-2024-11"],
    }  # fmt: skip
    assert kenya["deployed_values"] == [
        {"value": 400, "qualifier": "exact", "as_of": "2024-11", "sources": ["unsc-debates-pko-2024-11"]}
    ]
    assert (kenya["pledged_age_days"], kenya["deployed_age_days"]) == (
        824,
        397,
    )  # from 30 Sep 2023 and 30 Nov 2024 to 1 Jan 2026
    assert (kenya["gap"], kenya["gap_as_of"], kenya["gap_not_computed"]) == (
        600,
        ["2023-09", "2024-11"],
        None,
    )
    assert (rows["BLZ"]["pledged"], rows["BLZ"]["pledged_qualifier"]) == (50, "at_most")
    assert (rows["ITA"]["pledged"], rows["ITA"]["deployed"], rows["ITA"]["pledged_values"]) == (
        None,
        None,
        [],
    )
    mission = rows[None]
    assert (mission["deployed"], mission["deployed_qualifier"], mission["target"], mission["target_as_of"]) == (
        400, "at_least", 2500, "2024-09",
    )  # fmt: skip
    assert list(kenya)[-8:] == ["pledged_values", "deployed_values", "target_values", "pledged_age_days",
                                "deployed_age_days", "target_age_days", "gap_as_of", "gap_not_computed"]  # fmt: skip


def test_a_disputed_figure_shows_every_value_with_its_sources(run, write_data):
    police = "the mission, which currently has 400 Kenyan police officers in Haiti"
    sha = "1f8050d95e30fb0a281de6c9a1336c7dfe23917ee29c0af7d963dd9ad8b7b59c"
    path = write_data(f"""sources:
  - {{id: one, file: seeds/003_aa1795b269def836.txt, sha256: {sha}, title: One, published: 2024-09}}
  - {{id: two, file: seeds/003_aa1795b269def836.txt, sha256: {sha}, title: Two, published: 2024-09}}
claims:
  - {{id: a, kind: deployment, source: one, quote: "{police}", as_of: 2024-09, country: KEN, personnel: 400,
      measure: stock}}
  - {{id: b, kind: deployment, source: two, quote: "{police}", as_of: 2024-09, country: KEN, personnel: 350,
      measure: stock}}
  - {{id: p, kind: pledge, source: two, quote: "{police}", as_of: 2024-09, country: KEN, personnel: 400,
      stage: committed}}
""")
    table = run("troops", "--by-country", "--data", path).stdout
    kenya = " ".join(rows_of(table)["Kenya (KEN)"].split())
    assert (
        kenya
        == "Kenya (KEN) 400 · Sep 2024, 15 mo ago committed 400 ≠ 350 · Sep 2024, 15 mo ago not computed one, two"
    )
    assert (
        "Kenya (KEN), deployed: 400 as of Sep 2024 according to one; 350 as of Sep 2024 according to two"
        in table
    )
    [row] = [row for row in json.loads(run("troops", "--by-country", "--format", "json", "--data", path).stdout)
             if row["country"] == "KEN"]  # fmt: skip
    assert (row["deployed"], row["deployed_disputed"], row["gap"]) == (None, True, None)
    assert [(value["value"], value["sources"]) for value in row["deployed_values"]] == [
        (400, ["one"]),
        (350, ["two"]),
    ]
    assert row["gap_not_computed"] == "a figure it would be worked out from is disputed"
    assert ("[one] One" in table, "[two] Two" in table) == (True, True)  # both sides cited


def test_troops_all_lists_every_value_with_its_source(run):
    result = run("troops", "--by-country", "--all", "--country", "KEN", "--format", "json")
    rows = json.loads(result.stdout)
    assert [(row["what"], row["value"], row["source"]) for row in rows if row["value"] is not None] == [
        ("pledged", 1000, "nations-join-kenya-mission-2023-09"),
        ("on the ground", 400, "us-ecuador-draft-pko-2024-09"),
        ("on the ground", 400, "unsc-debates-pko-2024-11"),
    ]


def test_troops_without_by_country_is_the_mission_over_time(run):
    rows = json.loads(run("troops", "--format", "json").stdout)
    assert [(row["as_of"], row["what"], row["value"], row["qualifier"]) for row in rows] == [
        ("2024-02", "planned", 2500, "exact"),
        ("2024-06", "arrived", None, None),
        ("2024-09", "planned", 2500, "at_most"),
        ("2024-09", "on the ground", 400, "at_least"),
        ("2024-11", "pledged", 3100, "exact"),
    ]


def test_funding(run):
    result = run("funding")
    assert result.exit_code == 0
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert (
        "United States (USA) contribution total to date ≥$300M · Sep 2024, 15 mo ago us-abandons-pko-push-2024-09"
        in rows
    )
    assert "— gap: cost − contributed not computed us-abandons-pko-push-2024-09" in rows
    assert (
        "gap: cost − contributed: not computed: amounts on different bases are not added or subtracted: "
        "cost estimate, annual, in USD, Sep 2024; contribution, total to date, in USD, Sep 2024."
    ) in result.stdout
    data = json.loads(run("funding", "--format", "json").stdout)
    assert [(row["donor"], row["flow"], row["amount"], row["qualifier"], row["basis"]) for row in data] == [
        ("USA", "contribution", 300_000_000, "at_least", "cumulative"),
        (None, "cost_estimate", 600_000_000, "approx", "annual"),
        (None, "fund_balance", 100_000_000, "at_most", "at_date"),
        (None, "total_contributed", 300_000_000, "at_least", "cumulative"),
        (None, "gap", None, None, None),
    ]
    assert data[1]["speaker"] == "Kenyan authorities"
    assert (data[3]["combined_as_of"], data[3]["sources"]) == (["2024-09"], ["us-abandons-pko-push-2024-09"])
    assert data[4]["combined_as_of"] == ["2024-09", "2024-09"]
    assert data[4]["not_computed"].startswith("amounts on different bases are not added or subtracted")
    assert list(data[0])[-5:] == ["basis", "values", "age_days", "combined_as_of", "not_computed"]


def test_votes(run):
    data = json.loads(run("votes", "--format", "json").stdout)
    renewal = next(row for row in data if row["claim"] == "mss-renewal-vote-scheduled-2024-09-30")
    assert (renewal["as_of"], renewal["action"], renewal["mandate_until"], renewal["status"]) == (
        "2024-09-30", "scheduled", "2025-10", "scheduled",
    )  # fmt: skip
    dates = [PartialDate.parse(row["as_of"]) for row in data]
    assert dates == sorted(dates, key=lambda when: when.sort_key)
    # The draft circulated on 6 September is listed before the draft dropped some time in September.
    order = [row["claim"] for row in data]
    assert order.index("usa-ecu-pko-draft-2024-09-06") < order.index("pko-draft-dropped-2024-09")


def test_timeline_one_line_per_claim(run):
    result = run("timeline", "--kind", "event", "--country", "HTI", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["as_of"], row["actor"], row["summary"]) for row in rows] == [
        ("2022-10", "HTI", "request"),
        ("2024-09-05", "HTI", "visit USA, HTI"),
        ("2024-09-05", "HTI", "meeting USA, HTI"),
        ("2024", "KEN", "agreement KEN, HTI"),  # known only to be of 2024: after the days in it
    ]


def test_the_claims_contract_keeps_every_field_of_a_claim():
    """Only the figure's fields are merged: personnel or amount into value, currency into unit."""
    assert set(ClaimRecord._fields) - set(CLAIM_KEYS) == {"personnel", "amount", "currency"}


def test_claims_csv_for_kenya(run):
    result = run("claims", "--country", "KEN", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "id,kind,country,value,unit,qualifier,as_of,source,source_file,quote,note,speaker,status,stage,"
        "measure,personnel_type,flow,action,resolution,mandate_until,event_type,parties,stance,on,body,review,"
        "basis"
    )
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    pledge = rows["ken-pledge-1000-2023-09"]
    assert (pledge["value"], pledge["unit"], pledge["qualifier"], pledge["as_of"]) == (
        "1000",
        "personnel",
        "exact",
        "2023-09",
    )
    assert pledge["source_file"] == "seeds/004_a40b01aed8d90bdc.txt"
    assert rows["usa-ken-defence-pact-2023-09-25"]["parties"] == "USA;KEN"  # KEN as a party
    assert len(rows) == 10


@pytest.mark.parametrize("name", ["Bahamas", "The Bahamas", "bhs", "BS", "  the   bahamas "])
def test_country_names_and_codes(run, name):
    data = json.loads(run("claims", "--country", name, "--format", "json").stdout)
    assert {row["country"] for row in data} == {"BHS"}
    assert len(data) == 3


@pytest.mark.parametrize(
    ("name", "message"),
    [("Keniya", "did you mean KEN (Kenya)?"), ("Narnia", "unknown country 'Narnia'")],
)
def test_an_unknown_country_is_a_usage_error(run, name, message):
    result = run("claims", "--country", name)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_republic_of_korea_is_south_korea(run):
    result = run("claims", "--country", "Republic of Korea", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "Sept 2024", "--until", "2024-09"], 1 + 13 + 6),  # of 2024, of Sept, of days in it
        (["--until", "2024-06", "--since", "June 2024"], 2),
        (
            ["--since", "21 Feb 2024", "--until", "21 Feb 2024"],
            1 + 12,
        ),  # of 2024, of Feb 2024 (incl. the day)
        (["--text", "troops"], 3),
        (["--source", "us-ecuador-draft-pko-2024-09", "--kind", "position"], 2),
        (["--as-of", "2023-12", "--kind", "pledge"], 16),
    ],
)
def test_claims_filters(run, args, expected):
    result = run("claims", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "02/10/2023"],
            "--since: '02/10/2023' could be read more than one way; write YYYY-MM-DD",
        ),
        (["--until", "September"], "--until: 'September' has no year"),
        (["--as-of", "someday"], "--as-of: 'someday' is not a date"),
        (["--source", "nations-join"], "--source 'nations-join' is not a source id; did you mean"),
        (["--kind", "rumour"], "Invalid value for '--kind'"),
        (["--format", "xlsx"], "Invalid value for '--format'"),
        (["--country", ""], "--country is empty; give a value or leave the option out"),
        (["--country", "KEN", "--country", " "], "--country is empty"),
        (["--text", ""], "--text is empty"),
        (["--source", ""], "--source is empty"),
        (["--since", ""], "--since is empty"),
        (["--as-of", " "], "--as-of is empty"),
        (
            ["--since", "2024-10", "--until", "Sept 2024"],
            "--since 2024-10 is after --until 2024-09; nothing can be",
        ),
    ],
)
def test_bad_filters_are_usage_errors(run, args, message):
    result = run("claims", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_repeated_country_is_any_of_them(run):
    def ids(*args: str) -> set[str]:
        return {row["id"] for row in json.loads(run("claims", *args, "--format", "json").stdout)}

    both = ids("--country", "KEN", "--country", "JAM")
    assert both == ids("--country", "KEN") | ids("--country", "JAM")
    assert len(both) == 13
    rows = json.loads(
        run("troops", "--by-country", "--country", "KEN", "--country", "jm", "--format", "json").stdout
    )
    assert [row["country"] for row in rows] == ["KEN", "JAM"]


def test_text_is_found_whatever_apostrophe_is_typed(run):
    typed = json.loads(run("claims", "--text", "Haiti's", "--format", "json").stdout)
    curly = json.loads(run("claims", "--text", "HAITI’S", "--format", "json").stdout)
    assert [row["id"] for row in typed] == [row["id"] for row in curly]
    assert len(typed) == 3


@pytest.mark.parametrize(
    "command", ["troops", "funding", "votes", "timeline", "claims", "sources", "conflicts"]
)
def test_every_heading_says_which_filters_produced_the_answer(run, command):
    args = {"sources": ["--as-of", "2024-10"], "votes": ["--since", "2024", "--as-of", "2024-10"],
            "funding": ["--country", "USA", "--since", "2024", "--as-of", "2024-10"]}.get(
        command, ["--country", "KEN", "--since", "2024", "--as-of", "2024-10"])  # fmt: skip
    title = run(command, *args).stdout.splitlines()[0]
    scope = {
        "sources": "as of Oct 2024 (sources published by then)",
        "votes": "from 2024; as of Oct 2024 (sources published by then)",
        "funding": "country USA; from 2024; as of Oct 2024 (sources published by then)",
    }.get(command, "country KEN; from 2024; as of Oct 2024 (sources published by then)")
    assert title.endswith(f" — {scope}"), title


def test_sources(run):
    data = json.loads(run("sources", "--format", "json").stdout)
    assert [(row["id"], row["published"], row["claims"]) for row in data] == [
        ("us-abandons-pko-push-2024-09", "2024-09", 11),
        ("g20-support-kenya-mission-2024-02", "2024-02", 14),
        ("unsc-debates-pko-2024-11", "2024-11", 11),
        ("us-ecuador-draft-pko-2024-09", "2024-09", 6),
        ("nations-join-kenya-mission-2023-09", "2023-09", 24),
    ]
    assert data[1]["published_basis"].startswith("No dateline. Blinken's talks in Brazil")
    assert "How each publication date was established:" in run("sources").stdout


def test_show_highlights_the_quote_in_its_passage(run):
    result = run("show", "blz-pledge-up-to-50-2023-09")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "claim blz-pledge-up-to-50-2023-09 — data/claims.yaml:837:5"
    assert ["figure", "≤50"] in [line.split() for line in lines]
    assert (
        "In a symbolic gesture, »Belize offered to deploy up to 50 uniformed personnel« to help"
        in result.stdout
    )
    document = json.loads(run("show", "blz-pledge-up-to-50-2023-09", "--format", "json").stdout)
    assert document["passage"]["quote"] == "Belize offered to deploy up to 50 uniformed personnel"
    assert document["claim"]["value"] == 50


def test_show_prints_the_archived_text_as_written(run):
    """Normalisation is for matching: the passage keeps the archive's dashes, curly apostrophes and
    line breaks."""
    result = run("show", "ken-deployed-400-2024-11")
    assert result.stdout.endswith(
        "In the archived source:\n"
        "He added that the MSS mission, while well-intentioned, lacked the capacity to address Haiti’s "
        "deepening security crisis.\n"
        "The MSS mission, approved in October 2023, »deployed only 400 Kenyan troops«—far fewer than the "
        "3,100 pledged by participating nations. Its dedicated fund holds less than $100 million, a fraction "
        "of what is needed to tackle the crisis effectively.\n"
    )
    passage = json.loads(run("show", "ken-deployed-400-2024-11", "--format", "json").stdout)["passage"]
    assert (passage["quote"], passage["after"][:10]) == ("deployed only 400 Kenyan troops", "—far fewer")
    assert passage["before"].endswith(
        "Haiti’s deepening security crisis.\nThe MSS mission, approved in October 2023, "
    )


def test_show_keeps_line_breaks_however_written_and_escapes_other_controls(run, project, write_data):
    article = (
        "A headline\r\n\r\nKenya has promised to provide 1,000 security\x1b[31m personnel.\r\nThe end.\n"
    )
    (project / "seeds" / "crlf.txt").write_bytes(article.encode())
    sha = hashlib.sha256(article.encode()).hexdigest()
    path = write_data(f"""sources:
  - {{id: crlf, file: seeds/crlf.txt, sha256: {sha}, title: A headline, published: 2023-09}}
claims:
  - {{id: ken, kind: pledge, source: crlf, quote: Kenya has promised to provide, as_of: 2023-09, country: KEN,
      stage: intent}}
""")
    shown = run("show", "ken", "--data", path).stdout
    assert shown.endswith(
        "In the archived source:\nA headline\n\n»Kenya has promised to provide« 1,000 security\\x1b[31m "
        "personnel.\nThe end.\n"
    )
    assert "\r" not in shown


def test_show_an_unknown_id_suggests_close_ones(run):
    result = run("show", "ken-pledge-1000")
    assert result.exit_code == 2
    assert "no claim with id 'ken-pledge-1000'; did you mean ken-pledge-1000-2023-09" in result.stderr


def test_conflicts_side_by_side(run, write_data, project):
    police = "the mission, which currently has 400 Kenyan police officers in Haiti"
    sha = "1f8050d95e30fb0a281de6c9a1336c7dfe23917ee29c0af7d963dd9ad8b7b59c"
    data = f"""sources:
  - id: draft
    file: seeds/003_aa1795b269def836.txt
    sha256: {sha}
    title: Draft
    published: 2024-09
claims:
  - {{id: a, kind: deployment, source: draft, quote: "{police}", as_of: 2024-09, country: KEN, personnel: 400,
      measure: stock}}
  - {{id: b, kind: deployment, source: draft, quote: "{police}", as_of: 2024-09, country: KEN, personnel: 350,
      measure: stock}}
"""
    path = write_data(data)
    result = run("conflicts", "--data", path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1 conflicting figure"
    rows = json.loads(run("conflicts", "--format", "json", "--data", path).stdout)
    assert [(row["claim"], row["value"]) for row in rows] == [("a", 400), ("b", 350)]
    assert "400 ≠ 350" in run("troops", "--by-country", "--data", path).stdout  # no side is picked


def test_no_conflicts_in_the_shipped_data(run):
    assert run("conflicts").stdout == "No conflicting figures\n(none)\n"


MARKUP = "[bold]loud[/] [link=file:///etc/passwd]click[/link] :smile: =cmd|' /C calc'!A0"


@pytest.fixture
def markup_data(write_data):
    claim = KENYA_PLEDGE + f'    note: "{MARKUP}"\n    speaker: "-2+3"\n'
    return write_data(SOURCE_004 + "claims:\n" + claim)


def test_markup_like_text_is_shown_literally(run, markup_data):
    result = run("claims", "--data", markup_data, "--format", "json")
    assert json.loads(result.stdout)[0]["note"] == MARKUP
    shown = run("show", "ken-pledge", "--data", markup_data).stdout
    assert MARKUP in shown


def test_markup_like_text_is_literal_in_a_terminal_table_too():
    stream = io.StringIO()
    terminal.write_table(
        View(("a",), [Column("a", "a")], [{"a": MARKUP + " \x1b[31m"}], "t"), stream, width=200
    )
    out = stream.getvalue()
    assert "[bold]loud[/]" in out
    assert "[link=file:///etc/passwd]click[/link]" in out
    assert ":smile:" in out
    assert "\x1b]8;" not in out  # no hyperlink escape
    assert "\\x1b[31m" in out  # the escape is shown, not sent


def test_csv_neutralises_formulas_but_keeps_numbers(run, markup_data):
    rows = list(csv.DictReader(io.StringIO(run("claims", "--data", markup_data, "--format", "csv").stdout)))
    assert rows[0]["note"] == MARKUP  # starts with "[": harmless
    assert rows[0]["speaker"] == "'-2+3"
    assert rows[0]["value"] == "1000"
    assert [csv_cell(text) for text in ("=1+1", "  @SUM(A1)", "+1", "\tx", "\rx", "plain", -5, 2.5)] == [
        "'=1+1", "'  @SUM(A1)", "'+1", "'\tx", "'\rx", "plain", -5, 2.5,
    ]  # fmt: skip


def test_markdown_escapes_text_from_the_data(run, markup_data):
    out = run("claims", "--data", markup_data, "--format", "markdown").stdout
    lines = out.splitlines()
    assert lines[2] == "| claim | kind | country | figure | as of | source | quote |"
    assert lines[3] == "|---|---|---|---:|---|---|---|"
    assert "\\[link" not in lines[4]  # the note is not a table column
    escaped = markdown_cell("[x](javascript:alert(1)) | <b>")
    assert escaped == "\\[x\\]\\(javascript:alert\\(1\\)\\) \\| \\<b\\>"


def test_a_claim_without_a_figure_has_no_unit_or_qualifier(run):
    rows = json.loads(run("claims", "--format", "json").stdout)
    figureless = [row for row in rows if row["value"] is None]
    assert len(figureless) == 54
    assert {(row["unit"], row["qualifier"]) for row in figureless} == {(None, None)}
    assert all(row["unit"] for row in rows if row["value"] is not None)


def test_jsonl_is_one_object_per_line(run):
    lines = run("claims", "--kind", "funding", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        "usa-contributed-over-300m-2024-09", "mss-annual-cost-approx-600m-2024-09", "trust-fund-under-100m-2024-11",
    ]  # fmt: skip


def test_output_is_written_atomically(run, tmp_path):
    target = tmp_path / "kenya.csv"
    result = run("claims", "--country", "KEN", "--format", "csv", "--output", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("id,kind,country,value")
    assert [path.name for path in tmp_path.iterdir()] == ["kenya.csv"]


def test_output_gets_the_permissions_a_plain_write_would_give(run, tmp_path):
    umask = os.umask(0o022)
    try:
        fresh, kept = tmp_path / "fresh.csv", tmp_path / "kept.csv"
        kept.write_text("old\n")
        kept.chmod(0o640)
        for target in (fresh, kept):
            assert run("claims", "--format", "csv", "--output", target).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not the temporary file's private 0600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, MemoryError])
def test_an_interrupted_write_leaves_the_old_file(run, tmp_path, monkeypatch, interruption):
    target = tmp_path / "out.json"
    target.write_text("old and complete\n")

    def fail_midway(view, output_format, stream):
        stream.write("[{partial")
        raise interruption

    monkeypatch.setattr(writers, "write_view", fail_midway)
    try:
        result = run("claims", "--format", "json", "--output", target)
        assert result.exit_code == 130  # click turns Ctrl-C into "Aborted!" and status 130
    except MemoryError:
        pass
    assert target.read_text() == "old and complete\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"]


def test_output_to_a_folder_is_a_usage_error(run, tmp_path):
    result = run("claims", "--output", tmp_path)
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


@pytest.mark.parametrize("command", QUERY_COMMANDS)
def test_every_query_command_speaks_every_format(run, command):
    for output_format in ("table", "csv", "json", "jsonl", "markdown"):
        result = run(command, "--format", output_format)
        assert result.exit_code == 0, (command, output_format, result.stderr)
        assert "\x1b" not in result.stdout  # not a terminal: no colour
    json.loads(run(command, "--format", "json").stdout, parse_constant=pytest.fail)  # no NaN or Infinity


def test_queries_refuse_data_with_errors(run, write_data):
    path = write_data(WITH_ERROR)
    for command in QUERY_COMMANDS:
        result = run(command, "--data", path)
        assert (result.exit_code, result.stdout) == (1, "")
        assert "[invalid-country]" in result.stderr


def test_the_help_groups_commands(run):
    out = run("--help").stdout
    assert "Query" in out
    assert "Curation" in out
    assert app.info.no_args_is_help


def test_plain_output_does_not_depend_on_the_window_width(run):
    narrow = run("troops", "--by-country", env={"COLUMNS": "40"}).stdout
    wide = run("troops", "--by-country", env={"COLUMNS": "250"}).stdout
    assert narrow == wide
    assert max(len(line) for line in narrow.splitlines()) > 40


def test_a_wide_terminal_shows_a_bar_of_deployed_against_pledged():
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    corpus = checked(CORPUS_DATA).corpus()
    view = views.troops(query.troops_by_country(corpus, query.Filters()), corpus, PINNED_TODAY)
    for width, expected in ((160, True), (100, False)):
        stream = io.StringIO()
        terminal.write_table(view, stream, width=width)
        assert ("████░░░░░░ 40%" in stream.getvalue()) is expected  # Kenya: 400 of 1,000
