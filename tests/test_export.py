"""`mss export`: a data package that `frictionless validate` accepts, a SQLite database queried here,
Datasette metadata, and a content hash that names the version of the data."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from haiti_mss import export
from haiti_mss.present.views import CLAIM_KEYS

from conftest import CORPUS_DATA, ONE_CLAIM, TODAY

CORPUS_CLAIMS, CORPUS_SOURCES = 66, 5


def frictionless_validate(descriptor) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(descriptor)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(completed.stdout)
    assert completed.returncode == (0 if report["valid"] else 1), completed.stderr
    return report


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """The shipped data exported once as a data package (the CLI is run in-process below too)."""
    from typer.testing import CliRunner

    from haiti_mss.cli import app

    folder = tmp_path_factory.mktemp("package") / "mss"
    result = CliRunner().invoke(
        app,
        ["export", "datapackage", str(folder), "--data", str(CORPUS_DATA)],
        env={"MSS_TODAY": TODAY},
    )
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from typer.testing import CliRunner

    from haiti_mss.cli import app

    path = tmp_path_factory.mktemp("sqlite") / "mss.db"
    result = CliRunner().invoke(
        app, ["export", "sqlite", str(path), "--data", str(CORPUS_DATA)], env={"MSS_TODAY": TODAY}
    )
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def descriptor_of(folder) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


# --- The data package ---------------------------------------------------------------------------


def test_frictionless_validate_accepts_the_data_package(package):
    report = frictionless_validate(package / "datapackage.json")
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]
    # The test corpus declares no missions: their table has a header and no row.
    assert {task["name"]: task["stats"].get("rows", 0) for task in report["tasks"]} == {
        "sources": CORPUS_SOURCES,
        "claims": CORPUS_CLAIMS,
        "missions": 0,
    }


def test_frictionless_validate_notices_a_changed_csv(package, tmp_path):
    """The descriptor holds each file's size and hash, so a CSV edited afterwards is caught."""
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("datapackage.json", "sources.csv", "missions.csv"):
        (copy / name).write_bytes((package / name).read_bytes())
    claims = (package / "claims.csv").read_text(encoding="utf-8")
    (copy / "claims.csv").write_text(
        claims.replace(",1000,personnel,", ",2000,personnel,", 1), encoding="utf-8"
    )
    report = frictionless_validate(copy / "datapackage.json")
    errors = {error["type"] for task in report["tasks"] for error in task["errors"]}
    assert not report["valid"]
    assert "hash-count" in errors


def test_the_descriptor_has_keys_licence_provenance_and_the_content_hash(package):
    descriptor = descriptor_of(package)
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert [source["archived"] for source in descriptor["sources"]] == [
        f"seeds/00{number}_{digest}.txt"
        for number, digest in enumerate(
            [
                "4698e5c2061155d6",
                "b40d312e517e90c3",
                "4c4c73db95676832",
                "aa1795b269def836",
                "a40b01aed8d90bdc",
            ]
        )
    ]
    assert re.fullmatch("sha256:[0-9a-f]{64}", descriptor["contentHash"])
    sources, claims, missions = descriptor["resources"]
    assert (sources["name"], claims["name"], missions["name"]) == ("sources", "claims", "missions")
    assert sources["schema"]["primaryKey"] == claims["schema"]["primaryKey"] == ["id"]
    assert claims["schema"]["foreignKeys"] == [
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
        {"fields": ["mission"], "reference": {"resource": "missions", "fields": ["id"]}},
        {"fields": ["superseded_by"], "reference": {"resource": "", "fields": ["id"]}},
    ]
    assert missions["schema"]["foreignKeys"] == [
        {"fields": ["succeeds"], "reference": {"resource": "", "fields": ["id"]}}
    ]


def test_partial_dates_are_text_with_their_precision_and_real_date_bounds(package):
    fields = {field["name"]: field for field in descriptor_of(package)["resources"][1]["schema"]["fields"]}
    assert fields["as_of"]["type"] == "string"
    assert fields["as_of"]["constraints"] == {"required": True, "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
    assert [fields[name]["type"] for name in ("as_of_first_day", "as_of_last_day")] == ["date", "date"]
    assert fields["value"] == {
        "name": "value",
        "type": "integer",
        "description": "The claim's figure: a head count, or an amount of money in whole units of the currency.",
        "constraints": {"minimum": 0},
    }
    assert fields["qualifier"]["constraints"]["enum"] == ["exact", "approx", "at_least", "at_most"]
    assert fields["parties"] | {"description": ""} == {
        "name": "parties", "type": "list", "delimiter": ";", "itemType": "string", "description": "",
    }  # fmt: skip
    assert all(field["description"] for field in fields.values())
    rows = {row["id"]: row for row in csv.DictReader((package / "claims.csv").open(encoding="utf-8"))}
    pledge = rows["ken-pledge-1000-2023-09"]
    assert (pledge["as_of"], pledge["as_of_first_day"], pledge["as_of_last_day"]) == (
        "2023-09", "2023-09-01", "2023-09-30",
    )  # fmt: skip
    year_only = rows["ken-hti-mou-2024"]
    assert (year_only["as_of"], year_only["as_of_first_day"], year_only["as_of_last_day"]) == (
        "2024", "2024-01-01", "2024-12-31",
    )  # fmt: skip


def test_the_csv_columns_are_the_claims_contract_and_then_the_date_bounds(package):
    header = (package / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [
        *CLAIM_KEYS,
        "as_of_first_day", "as_of_last_day", "mandate_until_first_day", "mandate_until_last_day",
    ]  # fmt: skip


# --- SQLite and Datasette ---------------------------------------------------------------------------


def test_sqlite_holds_every_claim_and_source_with_keys(database):
    counts = [
        database.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("claims", "sources")
    ]
    assert counts == [CORPUS_CLAIMS, CORPUS_SOURCES]
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute("SELECT name FROM pragma_table_info('claims') WHERE pk").fetchall() == [("id",)]
    assert database.execute(
        "SELECT value, unit, qualifier, as_of, source FROM claims WHERE id = 'usa-contributed-over-300m-2024-09'"
    ).fetchone() == (300000000, "USD", "at_least", "2024-09", "us-abandons-pko-push-2024-09")


def test_sqlite_answers_a_question_by_joining_claims_to_sources(database):
    committed = database.execute(
        """SELECT claims.id, claims.country, claims.value, sources.published FROM claims
           JOIN sources ON sources.id = claims.source
           WHERE claims.kind = 'pledge' AND claims.stage = 'committed' ORDER BY claims.value DESC"""
    ).fetchall()
    assert committed == [
        ("mission-pledged-3100-2024-11", None, 3100, "2024-11"),
        ("ken-pledge-1000-2023-09", "KEN", 1000, "2023-09"),
    ]


def test_sqlite_searches_quotes_and_speakers_in_full_text(database):
    def search(query: str) -> list[str]:
        found = database.execute(
            """SELECT claims.id FROM claims_fts JOIN claims ON claims.rowid = claims_fts.rowid
               WHERE claims_fts MATCH ? ORDER BY claims.id""",
            (query,),
        )
        return [claim_id for (claim_id,) in found]

    assert search('quote: "security personnel"') == [
        "jam-deployed-2024-09", "ken-pledge-1000-2023-09", "mission-deployed-over-400-2024-09",
        "mission-target-up-to-2500-2024-09",
    ]  # fmt: skip
    assert search("speaker: Ruto") == ["ken-supports-deployment-2024-02"]


def test_sqlite_lists_are_json_and_the_meta_table_names_the_version(database, package):
    parties = database.execute(
        "SELECT group_concat(json_each.value, '+') FROM claims, json_each(claims.parties) "
        "WHERE claims.id = 'usa-ken-defence-pact-2023-09-25'"
    ).fetchone()
    assert parties == ("USA+KEN",)
    meta = dict(database.execute("SELECT key, value FROM meta"))
    assert meta["content_hash"] == descriptor_of(package)["contentHash"]
    assert (meta["license"], meta["generator"]) == ("CC-BY-4.0", "mss 0.1.0")


def test_datasette_metadata_describes_the_database(database):
    (path,) = [row[2] for row in database.execute("PRAGMA database_list")]
    metadata = json.loads((Path(path).parent / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["title"] == export.TITLE
    assert (metadata["license"], metadata["license_url"]) == (
        "Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/",
    )  # fmt: skip
    assert metadata["source"]
    tables = metadata["databases"]["mss"]["tables"]
    assert tables["claims"]["fts_table"] == "claims_fts"
    columns = [name for (name,) in database.execute("SELECT name FROM pragma_table_info('claims')")]
    assert list(tables["claims"]["columns"]) == columns
    assert all(tables["claims"]["columns"].values())


# --- The content hash, and writing safely -------------------------------------------------------------


def content_hash(run, data, tmp_path, *options) -> str:
    folder = tmp_path / f"package-{len(list(tmp_path.iterdir()))}"
    result = run("export", "datapackage", folder, "--data", data, *options)
    assert result.exit_code == 0, result.stderr
    return descriptor_of(folder)["contentHash"]


def test_the_content_hash_follows_the_records_not_the_yaml_layout(run, write_data, tmp_path):
    original = content_hash(run, write_data(ONE_CLAIM), tmp_path)
    relaid = "# a comment\n" + ONE_CLAIM.replace("    stage: committed\n", "    stage:   committed   # why\n")
    assert content_hash(run, write_data(relaid), tmp_path) == original
    assert content_hash(run, write_data(relaid), tmp_path, "--no-cache") == original  # index or not
    changed = ONE_CLAIM.replace("stage: committed", "stage: announced")
    assert content_hash(run, write_data(changed), tmp_path) != original


def test_the_summary_line_names_what_was_written(run, write_data, tmp_path):
    result = run("export", "sqlite", tmp_path / "out.db", "--data", write_data(ONE_CLAIM))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert re.fullmatch(
        rf"mss export: 1 claim and 1 source \(data sha256:[0-9a-f]{{64}}\) written to "
        rf"{re.escape(str(tmp_path / 'out.db'))}, {re.escape(str(tmp_path / 'metadata.json'))}\n",
        result.stderr,
    )


def test_csv_cells_are_safe_for_spreadsheets_and_sqlite_keeps_the_exact_text(run, write_data, tmp_path):
    data = write_data(ONE_CLAIM + '    speaker: "=HYPERLINK(1)"\n')
    assert run("export", "datapackage", tmp_path / "package", "--data", data).exit_code == 0
    assert run("export", "sqlite", tmp_path / "mss.db", "--data", data).exit_code == 0
    (row,) = csv.DictReader((tmp_path / "package" / "claims.csv").open(encoding="utf-8"))
    assert row["speaker"] == "'=HYPERLINK(1)"
    with sqlite3.connect(tmp_path / "mss.db") as connection:
        assert connection.execute("SELECT speaker FROM claims").fetchone() == ("=HYPERLINK(1)",)


def test_exports_refuse_data_with_errors_and_write_nothing(run, write_data, tmp_path):
    data = write_data(ONE_CLAIM.replace("country: KEN", "country: XXX"))
    out = tmp_path / "out"
    out.mkdir()
    for command in (["datapackage", out / "package"], ["sqlite", out / "mss.db"]):
        result = run("export", *command, "--data", data)
        assert (result.exit_code, result.stdout) == (1, "")
        assert "[invalid-country]" in result.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["datapackage", "{file}"], "is a file; name a folder"),
        (["sqlite", "{folder}"], "is a folder; name a file"),
        (["sqlite", "{folder}/missing/mss.db"], "missing/mss.db: no folder"),
        (["sqlite", "{folder}/mss.db", "--metadata", "{folder}/missing/m.json"], "missing/m.json: no folder"),
        (["sqlite", "{folder}/mss.db", "--metadata", "{folder}"], "is a folder; name a file"),
    ],
)
def test_an_unusable_destination_is_a_usage_error(run, write_data, tmp_path, arguments, message):
    data = write_data(ONE_CLAIM)
    (tmp_path / "a-file").write_text("x")
    filled = [argument.format(file=tmp_path / "a-file", folder=tmp_path) for argument in arguments]
    result = run("export", *filled, "--data", data)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("*.db")) == []  # nothing half-written


def test_an_interrupted_sqlite_export_leaves_the_old_database(run, write_data, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "mss.db"
    target.write_bytes(b"the old database")

    def fail_midway(connection, exported):
        connection.execute("CREATE TABLE half (x)")
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_fill", fail_midway)
    result = run("export", "sqlite", target, "--data", write_data(ONE_CLAIM))
    assert result.exit_code == 130
    assert target.read_bytes() == b"the old database"
    assert [path.name for path in out.iterdir()] == ["mss.db"]  # no temporary file left behind
