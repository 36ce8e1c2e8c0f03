"""The validated index: used when the data is unchanged, invalidated by exactly what it depends on,
never trusted when it is not ours or not sound, and never the reason an answer differs."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from haiti_mss.analysis import archive
from haiti_mss.core.layout import index_folder
from haiti_mss.engine import index, pipeline
from haiti_mss.read import load as reading

from conftest import CORPUS_DATA, KENYA_PLEDGE, ONE_CLAIM, SOURCE_004, WITH_ERROR

FROM_INDEX = "answered from the index"
CHECKING = "checked the data, and kept the results"
KEPT = "the answer was kept in the index"
BLZ = """  - id: blz-pledge
    kind: pledge
    source: nations-join
    quote: Belize offered to deploy up to 50 uniformed personnel
    as_of: 2023-09-22
    country: BLZ
    personnel: 50
    stage: announced
    qualifier: at_most
"""


@pytest.fixture
def data(write_data) -> Path:
    return write_data(ONE_CLAIM)


def index_file(data: Path) -> Path:
    return index_folder(data) / index.INDEX_FILE


def kenya_pledged(run, path: Path, *options: str) -> int:
    result = run("troops", "--by-country", "--format", "json", "--data", path, *options)
    assert result.exit_code == 0, result.stderr
    return next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"]


def claim_ids(run, path: Path, *options: str) -> list[str]:
    result = run("claims", "--format", "json", "--data", path, *options)
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


# --- Used, and invalidated by exactly what changed --------------------------------------------------


def test_a_second_run_is_answered_from_the_index(run, data):
    first = run("check", "--verbose", "--data", data)
    second = run("check", "--verbose", "--data", data)
    assert CHECKING in first.stderr
    assert FROM_INDEX in second.stderr
    assert first.exit_code == second.exit_code == 0
    assert index_file(data).exists()


def test_no_cache_neither_reads_nor_writes_the_index(run, data):
    result = run("troops", "--by-country", "--no-cache", "--verbose", "--data", data)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert not index_folder(data).exists()


def test_a_changed_data_file_is_read_again(run, data):
    assert kenya_pledged(run, data) == 1000
    data.write_text(data.read_text().replace("personnel: 1000", "personnel: 1200"))
    assert kenya_pledged(run, data) == 1200  # the quote still says 1,000: a warning, not an error
    assert "[figure-not-in-quote]" in run("check", "--data", data).stderr


def test_a_changed_archive_is_caught(run, data, project):
    assert run("check", "--data", data).exit_code == 0
    seed = project / "seeds" / "004_a40b01aed8d90bdc.txt"
    seed.write_bytes(seed.read_bytes() + b"\nAn added line.\n")
    result = run("check", "--data", data)
    assert result.exit_code == 1
    assert "[seed-sha-mismatch]" in result.stderr


def test_another_program_version_starts_a_new_index(run, data, monkeypatch):
    run("check", "--data", data)
    monkeypatch.setattr(index, "program_fingerprint", lambda: "another version")
    result = run("check", "--verbose", "--data", data)
    assert "of another program version; rebuilding it" in result.stderr
    assert CHECKING in result.stderr


def test_today_counts_only_while_a_comparison_with_it_comes_out_the_same(run, write_data):
    path = write_data(
        SOURCE_004.replace("published: 2023-09", "published: 2026-01-05") + "claims:\n" + KENYA_PLEDGE
    )
    assert "[date-in-future]" in run("check", "--data", path, env={"MSS_TODAY": "2026-01-01"}).stderr
    assert run("check", "--data", path, env={"MSS_TODAY": "2026-02-01"}).exit_code == 0
    assert "[date-in-future]" in run("check", "--data", path, env={"MSS_TODAY": "2026-01-01"}).stderr
    again = run("check", "--verbose", "--data", path, env={"MSS_TODAY": "2026-01-04"})
    assert FROM_INDEX in again.stderr  # before 5 January every comparison comes out as on the 1st
    assert "[date-in-future]" in again.stderr


def test_a_new_day_does_not_check_everything_again(run, data):
    assert run("check", "--data", data, env={"MSS_TODAY": "2026-01-01"}).exit_code == 0
    later = run("check", "--verbose", "--data", data, env={"MSS_TODAY": "2026-06-01"})
    assert FROM_INDEX in later.stderr  # every date of the data is before both days


def parts(write_data, count: int) -> None:
    for number in range(count):
        claim = KENYA_PLEDGE.replace("id: ken-pledge", f"id: ken-pledge-{number}")
        source = SOURCE_004.replace("id: nations-join", f"id: nations-join-{number}")
        write_data(source + "claims:\n" + claim.replace("source: nations-join", f"source: nations-join-{number}"),
                   f"part-{number}.yaml")  # fmt: skip


@pytest.fixture
def counted(monkeypatch) -> dict[str, list]:
    """What a run reads and checks: data files parsed, claims whose rules ran."""
    seen: dict[str, list] = {"parsed": [], "ruled": []}
    real_load, real_rules = reading.load_bytes, pipeline._run_claim_rules
    monkeypatch.setattr(
        reading,
        "load_bytes",
        lambda raw, shown: seen["parsed"].append(Path(shown).name) or real_load(raw, shown),
    )
    monkeypatch.setattr(
        pipeline,
        "_run_claim_rules",
        lambda claim, *rest: seen["ruled"].append(claim.id) or real_rules(claim, *rest),
    )
    return seen


def test_only_changed_files_are_read_and_only_changed_claims_are_checked_again(
    run, write_data, project, counted
):
    parts(write_data, 3)
    folder = project / "data"
    assert run("check", "--data", folder).exit_code == 0
    assert sorted(counted["parsed"]) == ["part-0.yaml", "part-1.yaml", "part-2.yaml"]
    assert len(counted["ruled"]) == 3
    counted["parsed"].clear()
    counted["ruled"].clear()
    part = folder / "part-1.yaml"
    part.write_text(part.read_text() + "# a comment changes the bytes, not the claim\n")
    result = run("check", "--data", folder)
    assert result.stderr == "mss check: 3 claims and 3 sources in 3 files: 0 errors, 0 warnings\n"
    assert (counted["parsed"], counted["ruled"]) == (["part-1.yaml"], [])
    part.write_text(part.read_text().replace("stage: committed", "stage: announced"))
    run("check", "--data", folder)
    assert counted["ruled"] == ["ken-pledge-1"]


def test_a_source_edited_in_one_file_rechecks_the_claims_that_cite_it_in_another(
    run, write_data, project, counted
):
    write_data(SOURCE_004, "sources.yaml")
    write_data("claims:\n" + KENYA_PLEDGE, "claims.yaml")
    folder = project / "data"
    assert run("check", "--data", folder).exit_code == 0
    counted["ruled"].clear()
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text().replace("published: 2023-09", "published: 2023-08"))
    result = run("check", "--data", folder)
    assert counted["ruled"] == ["ken-pledge"]  # its rules read the source's record
    assert "[date-after-published]" in result.stderr


def personnel(run, path: Path, *options: str) -> dict[str, int]:
    result = run("claims", "--format", "json", "--data", path, *options)
    assert result.exit_code == 0, result.stderr
    return {row["id"]: row["value"] for row in json.loads(result.stdout)}


def last_run_kept(folder: Path) -> dict[str, bytes]:
    with sqlite3.connect(index_file(folder)) as connection:
        return dict(connection.execute("SELECT part, payload FROM last_run"))


def test_an_edit_among_many_files_takes_the_others_from_what_the_last_run_kept(
    run, write_data, project, monkeypatch
):
    parts(write_data, 10)
    folder = project / "data"
    assert run("check", "--data", folder).exit_code == 0
    kept = last_run_kept(folder)
    assert sorted(kept) == ["files", "rules", "statuses"]
    queried: list[list[str]] = []
    real_rows_in = index.Index._rows_in
    monkeypatch.setattr(
        index.Index,
        "_rows_in",
        lambda self, sql, keys: queried.append(list(keys)) or real_rows_in(self, sql, keys),
    )
    part = folder / "part-3.yaml"
    part.write_text(part.read_text().replace("personnel: 1000", "personnel: 1200"))
    assert personnel(run, folder)["ken-pledge-3"] == 1200
    # Only the edited file was looked up in the tables (its records are new: none were found there).
    assert len({digest for keys in queried for digest in keys}) == 1
    assert last_run_kept(folder) == kept  # one file in ten missed: what was kept still serves
    assert run("check", "--data", folder).stderr == run("check", "--no-cache", "--data", folder).stderr


def test_rows_the_last_run_kept_outlive_the_versions_that_used_them(run, write_data, project):
    """An edit undone after many versions: the file's first bytes are known from what the last run
    kept, so the rows of their records must still be there for queries."""
    parts(write_data, 10)
    folder = project / "data"
    part = folder / "part-3.yaml"
    first = part.read_text()
    assert claim_ids(run, folder) == [f"ken-pledge-{number}" for number in range(10)]
    for version in range(index.VERSIONS_KEPT + 3):
        part.write_text(first + f"# version {version}\n")
        assert run("check", "--data", folder).exit_code == 0
    part.write_text(first)
    assert claim_ids(run, folder) == [f"ken-pledge-{number}" for number in range(10)]
    assert (
        personnel(run, folder)
        == dict.fromkeys(claim_ids(run, folder), 1000)
        == personnel(run, folder, "--no-cache")
    )


def test_what_the_last_run_kept_is_never_served_when_edited_by_hand(run, write_data, project):
    parts(write_data, 10)
    folder = project / "data"
    assert run("check", "--data", folder).exit_code == 0
    with sqlite3.connect(index_file(folder)) as connection:
        (payload,) = connection.execute("SELECT payload FROM last_run WHERE part = 'files'").fetchone()
        changed = payload.replace(b"nations-join-3", b"nations-join-4")
        connection.execute("UPDATE last_run SET payload = ? WHERE part = 'files'", (changed,))
    part = folder / "part-3.yaml"
    part.write_text(part.read_text().replace("personnel: 1000", "personnel: 1200"))
    result = run("claims", "--format", "json", "--verbose", "--data", folder)
    assert "does not match its seal" in result.stderr
    assert {row["id"]: row["value"] for row in json.loads(result.stdout)}["ken-pledge-3"] == 1200


def test_the_key_is_what_rules_read_not_a_list_kept_by_hand(run, write_data, project, monkeypatch):
    """A rule added tomorrow that reads a source field no one thought of: its results still follow
    that field, because reading it through the context is what keys them."""
    from haiti_mss.core.positions import Finding
    from haiti_mss.rules import registered, registry

    @registry.rule(registry.Scope.CLAIM, ("figure-not-in-quote",), reads=("source",))
    def title_says_draft(claim, context):
        """Flags claims of a source whose title says draft."""
        source = context.source(claim.source)
        if source is not None and "draft" in source.title:
            yield Finding("figure-not-in-quote", "the title says draft", ("source",))

    monkeypatch.setattr(registered, "RULES", (*registered.RULES, title_says_draft))
    write_data(SOURCE_004, "sources.yaml")
    write_data("claims:\n" + KENYA_PLEDGE, "claims.yaml")
    folder = project / "data"
    assert "the title says draft" not in run("check", "--data", folder).stderr
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text().replace("title: Nations join", "title: A draft, nations join"))
    cold = run("check", "--no-cache", "--data", folder).stderr
    warm = run("check", "--data", folder).stderr
    assert "the title says draft" in cold
    assert warm == cold


def test_problems_from_the_index_carry_the_paths_of_this_run(run, write_data, project, monkeypatch):
    path = write_data(WITH_ERROR)
    monkeypatch.chdir(project)
    assert (
        "data/claims.yaml:13:5: error [invalid-country]" in run("check", "--data", "data/claims.yaml").stderr
    )
    again = run("check", "--verbose", "--data", str(path))
    assert FROM_INDEX in again.stderr
    assert f"{path}:13:5: error [invalid-country]" in again.stderr


def test_a_file_named_inside_a_message_is_named_as_this_run_names_it(run, write_data, project):
    write_data(ONE_CLAIM, "a.yaml")
    write_data("claims:\n" + KENYA_PLEDGE, "b.yaml")
    folder = project / "data"
    assert f"already used at {folder}/a.yaml:8:5" in run("check", "--data", folder).stderr
    renamed = folder / "a0.yaml"
    (folder / "a.yaml").rename(renamed)
    again = run("check", "--verbose", "--data", folder)
    assert FROM_INDEX in again.stderr  # same bytes, same order: the index answers
    assert (
        f"{folder}/b.yaml:2:5: error [duplicate-id] claim ken-pledge: claim id 'ken-pledge' is already used at {renamed}:8:5"
        in again.stderr
    )


def test_positions_inside_nested_entries_survive_the_index(run, write_data, project):
    ignored = SOURCE_004 + '    ignore:\n      - reason: not in the text\n        text: "999"\n'
    write_data(ignored + "claims:\n" + KENYA_PLEDGE, "a.yaml")
    write_data("claims: []\n", "b.yaml")
    folder = project / "data"
    cold = run("check", "--no-cache", "--data", folder).stderr
    run("check", "--data", folder)
    (folder / "b.yaml").write_text("claims: []\n# changed\n")  # a.yaml now comes from the index
    from_index = run("check", "--data", folder).stderr
    assert f"{folder}/a.yaml:9:9: warning [unused-ignore]" in cold
    assert [line for line in from_index.splitlines() if "unused-ignore" in line] == [
        line for line in cold.splitlines() if "unused-ignore" in line
    ]


# --- Answers -------------------------------------------------------------------------------------------


def test_a_country_that_is_only_a_party_is_found_through_the_index(run, write_data):
    pact = """  - id: pact
    kind: event
    source: nations-join
    quote: was signed on Monday, September 25, during a meeting in Nairobi
    as_of: 2023-09-25
    event_type: agreement
    country: KEN
    parties: [USA, KEN]
"""
    path = write_data(ONE_CLAIM + pact + BLZ)
    for options in ((), ("--no-cache",)):
        result = run("claims", "--country", "USA", "--format", "json", "--data", path, *options)
        assert [row["id"] for row in json.loads(result.stdout)] == ["pact"]


def test_show_finds_the_position_through_the_index(run, data):
    run("check", "--data", data)
    result = run("show", "ken-pledge", "--verbose", "--data", data)
    assert FROM_INDEX in result.stderr
    assert result.stdout.splitlines()[0] == f"claim ken-pledge — {data}:8:5"


def test_an_answer_is_kept_for_the_same_question_about_the_same_data(run, data):
    first = run("troops", "--by-country", "--verbose", "--data", data)
    again = run("troops", "--by-country", "--verbose", "--data", data)
    assert KEPT not in first.stderr
    assert KEPT in again.stderr
    assert again.stdout == first.stdout
    as_json = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    assert KEPT in as_json.stderr  # the format is not part of the question
    other = run("troops", "--by-country", "--country", "KEN", "--verbose", "--data", data)
    assert KEPT not in other.stderr  # another question
    data.write_text(data.read_text().replace("personnel: 1000", "personnel: 1200"))
    changed = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    assert KEPT not in changed.stderr  # other data
    assert next(row for row in json.loads(changed.stdout) if row["country"] == "KEN")["pledged"] == 1200


def test_coverage_is_answered_from_the_index(run, data):
    cold = run("coverage", "--format", "json", "--no-cache", "--data", data).stdout
    first = run("coverage", "--format", "json", "--verbose", "--data", data)
    again = run("coverage", "--format", "json", "--verbose", "--data", data)
    assert first.stdout == again.stdout == cold
    assert KEPT in again.stderr


def test_old_versions_of_the_data_are_forgotten(run, data):
    for figure in range(1001, 1001 + index.VERSIONS_KEPT + 3):
        data.write_text(data.read_text().replace("personnel: " + str(figure - 1), f"personnel: {figure}"))
        assert run("troops", "--by-country", "--data", data).exit_code == 0
    with sqlite3.connect(index_file(data)) as connection:
        counts = [connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("datasets", "files", "claims", "file_rules")]  # fmt: skip
        answered = connection.execute("SELECT count(DISTINCT dataset) FROM answers").fetchone()[0]
    assert (counts, answered) == ([index.VERSIONS_KEPT] * 4, index.VERSIONS_KEPT)


# --- Never trusted when it is not sound, or not ours ------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda file: file.write_bytes(b"this is not a database" * 100), id="garbage"),
        pytest.param(
            lambda file: file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2]), id="truncated"
        ),
        pytest.param(lambda file: file.write_bytes(b""), id="emptied"),
    ],
)
def test_a_damaged_index_is_rebuilt(run, data, damage):
    assert kenya_pledged(run, data) == 1000
    damage(index_file(data))
    assert kenya_pledged(run, data, "--verbose") == 1000
    assert FROM_INDEX in run("check", "--verbose", "--data", data).stderr  # rebuilt, and used


def test_rows_edited_by_hand_are_never_served(run, data):
    """The attack: a row of the index changed with sqlite3 was served and exported as checked data."""
    assert run("check", "--data", data).exit_code == 0
    with sqlite3.connect(index_file(data)) as connection:
        connection.execute("UPDATE claims SET personnel = 5000, quote = 'a quote nobody wrote'")
    result = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    assert next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"] == 1000
    assert "does not match its seal" in result.stderr
    exported = run("claims", "--format", "json", "--data", data)
    assert (
        json.loads(exported.stdout)[0]["quote"]
        == "Kenya has promised to provide 1,000 security personnel to Haiti."
    )


def test_a_kept_answer_edited_by_hand_is_worked_out_again(run, data):
    expected = run("funding", "--format", "json", "--data", data).stdout
    run("funding", "--format", "json", "--data", data)
    with sqlite3.connect(index_file(data)) as connection:
        connection.execute("""UPDATE answers SET answer = '{"rows": [], "title": "forged", "notes": []}'""")
    result = run("funding", "--format", "json", "--verbose", "--data", data)
    assert (result.exit_code, result.stdout) == (0, expected)
    assert "a kept answer could not be read" in result.stderr


def test_an_index_made_with_another_key_is_set_aside_not_trusted(run, data, tmp_path_factory):
    """An index copied from elsewhere (another user, another machine) holds rows this user's mss
    never sealed: it is moved aside, never read, never deleted."""
    assert run("check", "--data", data).exit_code == 0
    key = Path(os.environ["MSS_INDEX_DIR"]) / index.KEY_FILE
    key.write_bytes(os.urandom(index.KEY_BYTES))
    result = run("check", "--verbose", "--data", data)
    assert "not made by this user's mss" in result.stderr
    assert CHECKING in result.stderr
    set_aside = list(index_folder(data).glob("index.sqlite.set-aside-*"))
    assert len(set_aside) == 1


def test_a_symlinked_index_is_never_followed(run, data, tmp_path):
    """The attack: a symlink in place of the index had every table of its target dropped."""
    precious = tmp_path / "precious.sqlite"
    with sqlite3.connect(precious) as connection:
        connection.execute("CREATE TABLE accounts (name TEXT)")
        connection.execute("INSERT INTO accounts VALUES ('kept')")
    folder = index_folder(data)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / index.INDEX_FILE).symlink_to(precious)
    result = run("check", "--verbose", "--data", data)
    assert result.exit_code == 0
    with sqlite3.connect(precious) as connection:
        assert connection.execute("SELECT name FROM accounts").fetchall() == [("kept",)]
    assert not (folder / index.INDEX_FILE).is_symlink()
    assert [path.is_symlink() for path in folder.glob("index.sqlite.set-aside-*")] == [True]


def test_another_programs_database_in_its_place_is_set_aside(run, data):
    folder = index_folder(data)
    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(folder / index.INDEX_FILE) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    result = run("check", "--verbose", "--data", data)
    assert (result.exit_code, "not an mss index" in result.stderr) == (0, True)
    [aside] = folder.glob("index.sqlite.set-aside-*")
    with sqlite3.connect(aside) as connection:
        assert connection.execute("SELECT count(*) FROM notes").fetchone() == (0,)


def test_a_folder_in_place_of_the_index_is_no_traceback(run, data):
    """The attack: a folder named index.sqlite ended in a traceback."""
    (index_file(data)).mkdir(parents=True)
    result = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    assert result.exit_code == 0
    assert next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"] == 1000
    assert index_file(data).is_file()


def test_a_locked_index_is_bypassed_and_left_to_the_mss_that_holds_it(run, data):
    run("check", "--data", data)
    holder = sqlite3.connect(index_file(data), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE held (value TEXT)")
    try:
        data.write_text(data.read_text() + "# changed, so the index would be written\n")
        result = run("check", "--verbose", "--data", data)
    finally:
        holder.execute("COMMIT")  # the holder's work is not lost
        holder.close()
    assert result.exit_code == 0
    assert "locked by another mss" in result.stderr
    assert "rebuilt" not in result.stderr
    with sqlite3.connect(index_file(data)) as connection:
        assert connection.execute("SELECT count(*) FROM held").fetchone() == (0,)


def test_a_folder_that_cannot_be_written_sends_the_index_to_the_user_cache(run, data, monkeypatch, tmp_path):
    monkeypatch.delenv("MSS_INDEX_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    beside = data.parent / ".mss-cache"
    monkeypatch.setattr(index.os, "access", lambda path, mode: Path(path) != beside)
    result = run("check", "--verbose", "--data", data)
    assert result.exit_code == 0
    assert "the folder cannot be written" in result.stderr
    assert list((tmp_path / "cache" / "mss").glob("*/index.sqlite"))


def test_an_unreadable_data_file_is_a_problem_of_the_data_not_of_the_index(run, write_data, project):
    write_data(ONE_CLAIM, "a.yaml")
    (project / "data" / "b.yaml").symlink_to(project / "data" / "gone.yaml")
    folder = project / "data"
    first = run("check", "--verbose", "--data", folder)
    again = run("check", "--verbose", "--data", folder)
    assert "[file-unreadable]" in first.stderr
    assert "could not be used" not in first.stderr + again.stderr
    assert again.exit_code == first.exit_code == 1


# --- The bytes parsed are the bytes hashed ----------------------------------------------------------


def test_a_save_during_a_run_never_poisons_the_index(run, data, monkeypatch):
    """The attack: the file was hashed, then read again to be parsed; a save in between stored the
    new records under the old digest, and the old content, restored, was answered with the new."""
    two_claims = data.read_text() + BLZ
    real_load = reading.load_bytes

    def saved_meanwhile(raw: bytes, shown: str):
        data.write_text(two_claims)  # the editor saves while mss is parsing what it read
        return real_load(raw, shown)

    monkeypatch.setattr(reading, "load_bytes", saved_meanwhile)
    assert claim_ids(run, data) == ["ken-pledge"]  # what was read
    monkeypatch.setattr(reading, "load_bytes", real_load)
    assert claim_ids(run, data) == ["blz-pledge", "ken-pledge"]  # what is there now (22 Sep, then Sep)
    data.write_text(ONE_CLAIM)
    assert claim_ids(run, data) == ["ken-pledge"]
    assert claim_ids(run, data) == claim_ids(run, data, "--no-cache")


def test_an_archived_file_changed_during_a_run_is_read_again(run, data, project, monkeypatch):
    seed = project / "seeds" / "004_a40b01aed8d90bdc.txt"
    assert run("check", "--data", data).exit_code == 0
    original = seed.read_bytes()
    data.write_text(data.read_text() + "# the data changed too: rules must run\n")
    real_read = archive.read_once
    calls = []

    def changed_once(path, limit, code):
        calls.append(path)
        if len(calls) == 1:
            seed.write_bytes(original + b"\nA late addition.\n")
        return real_read(path, limit, code)

    monkeypatch.setattr(archive, "read_once", changed_once)
    result = run("check", "--data", data)
    assert "[seed-sha-mismatch]" in result.stderr  # the bytes verified are the bytes read
    seed.write_bytes(original)
    monkeypatch.setattr(archive, "read_once", real_read)
    assert run("check", "--data", data).exit_code == 0


# --- What is read, and what is refused ------------------------------------------------------------------


def test_only_archived_files_a_source_names_are_read(run, data, project, monkeypatch):
    os.mkfifo(project / "seeds" / "stray.txt")  # read whole, it would block forever
    read = []
    real_read = archive.read_once
    monkeypatch.setattr(
        archive, "read_once", lambda path, *rest: read.append(Path(path).name) or real_read(path, *rest)
    )
    assert run("check", "--no-cache", "--data", data).exit_code == 0
    assert read == ["004_a40b01aed8d90bdc.txt"]


def test_an_archived_file_over_the_cap_is_refused_unread(run, data, monkeypatch):
    monkeypatch.setattr(archive, "MAX_SEED_BYTES", 1000)
    result = run("check", "--no-cache", "--data", data)
    assert result.exit_code == 1
    assert f"{data}:3:5: error [seed-too-large]" in result.stderr
    assert "over the limit of 1,000" in result.stderr


def test_hidden_editor_files_in_a_data_folder_are_not_data(run, write_data, project):
    write_data(ONE_CLAIM, "claims.yaml")
    write_data(ONE_CLAIM, ".#claims.yaml")  # Emacs's lock
    write_data(b"\x00\x05\x16\x07Mac OS X", "._claims.yaml")  # macOS's AppleDouble
    result = run("check", "--data", project / "data")
    assert result.stderr == "mss check: 1 claim and 1 source in 1 file: 0 errors, 0 warnings\n"


def test_a_link_to_a_data_file_of_the_folder_is_that_file_read_once(run, write_data, project, tmp_path):
    write_data(ONE_CLAIM, "claims.yaml")
    folder = project / "data"
    (folder / "also.yaml").symlink_to(folder / "claims.yaml")  # another name of the same file
    (folder / "again.yaml").symlink_to("claims.yaml")
    (folder / "gone.yaml").symlink_to(tmp_path / "nothing.yaml")  # a broken link is read, and refused
    result = run("check", "--data", folder)
    assert result.exit_code == 1
    assert result.stderr.count("[duplicate-id]") == 0
    assert result.stderr.endswith("1 claim and 1 source in 2 files: 1 error, 0 warnings\n")
    assert f"{folder / 'gone.yaml'}:1:1: error [file-unreadable]" in result.stderr


@pytest.mark.parametrize("command", [["check"], ["troops", "--by-country"], ["export", "sqlite", "out.db"]])
def test_a_data_path_that_is_a_fifo_is_refused_at_once(run, project, monkeypatch, command):
    fifo = project / "data" / "claims.yaml"
    os.mkfifo(fifo)
    monkeypatch.chdir(project)
    result = run(*command, "--data", fifo)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"mss: error: --data {fifo}: is not a regular file or a folder (it is a named pipe)\n"
    )
    assert sorted(path.name for path in (project / "data").iterdir()) == ["claims.yaml"]
    assert not (project / "out.db").exists()


def test_a_device_as_data_is_refused_at_once(run, project):
    node = project / "zero"
    try:
        os.mknod(node, 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 5))  # like /dev/zero
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = run("check", "--data", node)
    assert (result.exit_code, "it is a character device" in result.stderr) == (2, True)


def test_a_fifo_inside_a_data_folder_is_a_problem_not_a_hang(run, write_data, project):
    write_data(ONE_CLAIM, "a.yaml")
    os.mkfifo(project / "data" / "b.yaml")
    result = run("check", "--data", project / "data")
    assert result.exit_code == 1
    assert (
        f"{project / 'data' / 'b.yaml'}:1:1: error [file-unreadable] cannot read the file: it is a named pipe"
        in result.stderr
    )


def test_the_first_indexed_run_writes_in_one_transaction(write_data, project, monkeypatch):
    parts(write_data, 20)
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(index.sqlite3, "connect", traced)
    from haiti_mss.engine.workspace import Workspace

    from conftest import PINNED_TODAY

    assert Workspace(project / "data", PINNED_TODAY).summary()["claims"] == 20
    commits = [statement for statement in statements if statement.strip().upper() == "COMMIT"]
    assert len(commits) == 2  # the new index's schema, then all the run's work


# --- Imports ------------------------------------------------------------------------------------------

WARM_QUERY = """
import sys
from haiti_mss.cli import main
also = [name for name in sys.argv[1].split(",") if name]
sys.argv = ["mss", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted(name for name in (*also, "pydantic", "yaml", "dateutil", "pycountry", "sqlite3", "rich") if name in sys.modules)
print(" ".join(heavy), file=sys.stderr)
"""
# What a question asked before, written off a terminal, does without: it copies out what was
# written then (README, "Start-up"). Dataclasses cost to define; the rest answer questions anew.
NOT_TO_COPY_OUT = (
    "dataclasses",
    "haiti_mss.analysis.query",
    "haiti_mss.analysis.text",
    "haiti_mss.present.views",
    "haiti_mss.rules.registry",
)


def run_counting_imports(*args: str | Path, also: tuple[str, ...] = ()) -> list[str]:
    """The heavy modules (and those named in `also`) a run of mss with `args` imported."""
    child = subprocess.run(
        [sys.executable, "-c", WARM_QUERY, ",".join(also), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return child.stderr.strip().splitlines()[-1].split() if child.stderr.strip() else []


def test_a_warm_query_imports_neither_pydantic_nor_yaml_nor_dateutil(data):
    run_counting_imports("check", "--data", data)  # builds the index
    assert run_counting_imports("troops", "--by-country", "--data", data) == ["sqlite3"]


def test_a_question_asked_before_off_a_terminal_loads_no_aggregation_view_rule_or_dataclass():
    # The test corpus, whose files were written long before: files written within the second
    # before they are read are read again, whatever the index holds (README, "What the index trusts").
    asked = ("troops", "--by-country", "--data", CORPUS_DATA)
    run_counting_imports(*asked)  # keeps the answer as written, if no test did before
    assert run_counting_imports(*asked, also=NOT_TO_COPY_OUT) == ["sqlite3"]
    # Worked out, the answer loads them: the budget above is not vacuous.
    anew = run_counting_imports(*asked, "--no-cache", also=NOT_TO_COPY_OUT)
    assert anew == [*NOT_TO_COPY_OUT, "pycountry", "pydantic", "sqlite3", "yaml"]


@pytest.mark.parametrize("country", ["KEN", "ken", "Kenya"])
def test_a_country_the_data_names_is_taken_from_it_not_looked_up_in_pycountry(data, country):
    asked = ("claims", "--country", country, "--format", "csv", "--data", data)
    run_counting_imports(*asked)  # builds the index, keeps the answer
    assert run_counting_imports(*asked) == ["sqlite3"]
    # One it does not name is looked up: a real country (no claims), or a usage error.
    assert "pycountry" in run_counting_imports(
        "claims", "--country", "NOR", "--format", "csv", "--data", data
    )


def test_a_country_the_data_does_not_name_is_still_looked_up_or_refused(run, data):
    assert run("claims", "--country", "Norway", "--format", "csv", "--data", data).exit_code == 0
    refused = run("claims", "--country", "Kenia", "--data", data)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "mss: error: --country: unknown country 'Kenia'; did you mean KEN (Kenya)?\n",
    )


def test_version_and_help_import_even_less(data):
    assert run_counting_imports("--version") == []
    assert run_counting_imports("--help") == ["rich"]


# --- Ids at any size ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thousands(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated data of more claims than are scanned whole for close ids."""
    out = tmp_path_factory.mktemp("thousands")
    subprocess.run(
        [sys.executable, Path(__file__).parents[1] / "benchmarks" / "generate.py", out, "--claims", "2500",
         "--sources", "25", "--seed", "5"],
        check=True, capture_output=True,
    )  # fmt: skip
    return out / "data" / "claims.yaml"


def test_a_mistyped_id_finds_the_claim_it_meant_through_the_index_of_ids(run, thousands):
    meant = claim_ids(run, thousands)[1234]
    for typo in (meant[:5] + "x" + meant[6:], "x" + meant[1:], meant[:-1] + "x"):
        for options in ((), ("--no-cache",)):
            result = run("show", typo, "--data", thousands, *options)
            assert result.exit_code == 2
            assert f"did you mean {meant}" in result.stderr, (typo, options, result.stderr)


def test_ids_written_in_bulk_are_indexed_after_the_rows_and_answer_the_same(
    run, thousands, monkeypatch, tmp_path
):
    """A first run of many claims makes the indexes of ids after writing the rows (one sort): they
    exist afterwards, and ids and suggestions come from them exactly as from the data."""
    from haiti_mss.engine import index

    monkeypatch.setattr(index, "_BULK_CLAIMS", 100)  # the 2,500 claims are a bulk write
    monkeypatch.setenv("MSS_INDEX_DIR", str(tmp_path / "index"))
    meant = claim_ids(run, thousands)[1234]  # the first run: builds the index
    (database,) = (tmp_path / "index").rglob("index.sqlite")
    with sqlite3.connect(database) as connection:
        indexes = {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    assert {"claims_by_id", "claims_by_id_reversed"} <= indexes
    assert claim_ids(run, thousands) == claim_ids(run, thousands, "--no-cache")
    for typo in (meant[:5] + "x" + meant[6:], meant[:-1] + "x"):
        warm, cold = (run("show", typo, "--data", thousands, *options) for options in ((), ("--no-cache",)))
        assert (warm.exit_code, warm.stderr) == (cold.exit_code, cold.stderr) == (2, cold.stderr)
        assert f"did you mean {meant}" in warm.stderr


def test_the_claim_results_kept_for_a_file_come_back_as_they_were(data):
    """What each claim's rules read (records, archived texts, the days a comparison with today
    holds for), where its quotes sit and what its rules found, as one row for the file."""
    from datetime import date

    from haiti_mss.core.positions import Finding
    from haiti_mss.engine.store import RuleResults
    from haiti_mss.rules.reads import Reads

    kept = {
        "a": RuleResults(
            Reads({"s1": "v1"}, {"s1": "sha"}, date(2024, 1, 1)),
            {"s1": [(1, 5)]},
            [],
            [Finding("c", "m", ("quote",))],
        ),
        "b": RuleResults(Reads({"s1": "v1", "s2": ""}, {}, None, date(2026, 1, 1)), {}, [], []),
        "c": RuleResults(Reads({"s1": "another value"}), {}, [], []),
    }
    store = index.Index.open(data, lambda message: None)
    store.keep_claim_rules("the file's digest", kept)
    store.commit()
    again = index.Index.open(data, lambda message: None)
    back = again.claim_rules(data, "the file's digest", ["a", "b", "c", "not kept"])

    def plain(result: RuleResults) -> tuple:
        reads = result.reads
        return (
            reads.sources,
            reads.archives,
            reads.today_from,
            reads.today_before,
            result.quoted,
            result.findings,
        )

    assert {claim: plain(result) for claim, result in back.items()} == {
        claim: plain(result) for claim, result in kept.items()
    }


# --- Records written by a second process -------------------------------------------------------------

ASKED_OF_THOUSANDS = [
    ("check", "--format", "json"),
    ("troops", "--by-country", "--format", "json"),
    ("claims", "--format", "csv"),
    ("show", "x"),
]


@pytest.fixture
def written_aside(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int | None]:
    """Every write of records is a bulk write, handed to a writer process when one can be made,
    into a new index; the ids of the processes made (None: none could be)."""
    made: list[int | None] = []
    real = index._write_aside
    monkeypatch.setattr(index, "_BULK_CLAIMS", 1)
    monkeypatch.setattr(index, "_write_aside", lambda *args: made.append(real(*args)) or made[-1])
    monkeypatch.setenv("MSS_INDEX_DIR", str(tmp_path / "index"))
    return made


def asked_of(run, data: Path, *options: str) -> list[tuple[int, str, str]]:
    return [
        (result.exit_code, result.stdout, result.stderr)
        for result in (run(*question, "--data", data, *options) for question in ASKED_OF_THOUSANDS)
    ]


def claims_kept(tmp_path: Path) -> int:
    (database,) = (tmp_path / "index").rglob("index.sqlite")
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM claims").fetchone()[0]


def test_a_first_run_has_a_second_process_write_its_records_and_answers_as_the_data_does(
    run, thousands, written_aside, tmp_path
):
    first = asked_of(run, thousands)  # the first question builds the index
    assert len(written_aside) == 1  # once: the later questions find the records kept
    assert written_aside[0] is not None
    assert claims_kept(tmp_path) == 2500
    cold = asked_of(run, thousands, "--no-cache")
    assert first == cold
    assert asked_of(run, thousands) == cold


def test_when_the_writer_process_fails_the_run_writes_the_records_itself(
    run, thousands, written_aside, monkeypatch, tmp_path
):
    parent, real = os.getpid(), index._connected

    def connected(path: Path, timeout: float) -> sqlite3.Connection:
        if os.getpid() != parent:
            raise sqlite3.OperationalError("disk I/O error")
        return real(path, timeout)

    monkeypatch.setattr(index, "_connected", connected)
    result = run("check", "--data", thousands, "--verbose")
    assert written_aside[0] is not None
    assert "mss: the process writing the records failed; writing them here\n" in result.stderr
    assert claims_kept(tmp_path) == 2500
    assert "answered from the index" in run("check", "--data", thousands, "--verbose").stderr
    assert asked_of(run, thousands) == asked_of(run, thousands, "--no-cache")


def test_a_process_with_other_threads_writes_its_records_itself(run, thousands, written_aside, tmp_path):
    """Forking copies only the calling thread: a language server's process is never forked."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert run("check", "--data", thousands).exit_code == 0
    finally:
        stop.set()
        other.join()
    assert written_aside == []
    assert claims_kept(tmp_path) == 2500


def test_ids_starting_and_countries_are_the_same_from_the_index_and_from_the_data(thousands):
    from haiti_mss.engine.workspace import Workspace

    from conftest import PINNED_TODAY

    warm, cold = (Workspace(thousands, PINNED_TODAY, use_index=use) for use in (True, False))
    warm.summary()  # builds the index
    warm = Workspace(thousands, PINNED_TODAY)
    for prefix in ("", "ken-", "ken-pledge-1", "zzz"):
        assert warm.claims_starting(prefix) == cold.claims_starting(prefix)
    assert warm.countries() == cold.countries()
    assert len(cold.claims_starting("")) == 2500


# --- Edited files parsed by a second process ---------------------------------------------------------


@pytest.fixture
def parsed_aside(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Edited files are parsed by a second process whenever one other file is known, statuses are
    trusted at once (files here are written just before they are read) and two processors are
    taken to be there; the names of the files each second process was given."""
    from haiti_mss.engine import aside

    started: list[list[str]] = []
    real = aside.ParsedAside.start
    monkeypatch.setattr(index, "_RACY_NS", 0)
    monkeypatch.setattr(pipeline, "_ASIDE_KNOWN_FILES", 1)
    monkeypatch.setattr(pipeline, "processors", lambda: 2)
    monkeypatch.setattr(
        aside.ParsedAside,
        "start",
        staticmethod(lambda files: started.append([Path(shown).name for _, shown in files]) or real(files)),
    )
    return started


def edited_among_parts(run, write_data, project) -> Path:
    """Ten data files, checked, then one of them edited (a figure its quote does not give)."""
    parts(write_data, 10)
    folder = project / "data"
    assert run("check", "--data", folder).exit_code == 0
    part = folder / "part-3.yaml"
    part.write_text(part.read_text().replace("personnel: 1000", "personnel: 1200"))
    return folder


def test_an_edit_among_many_files_is_parsed_by_a_second_process_and_answers_as_the_data_does(
    run, write_data, project, counted, parsed_aside
):
    folder = edited_among_parts(run, write_data, project)
    counted["parsed"].clear()
    warm = [run(*question, "--data", folder) for question in (["check"], ["claims", "--format", "json"])]
    assert parsed_aside == [["part-3.yaml"]]
    assert counted["parsed"] == []  # not in this process: load_bytes ran in the second one
    cold = [
        run(*question, "--data", folder, "--no-cache")
        for question in (["check"], ["claims", "--format", "json"])
    ]
    assert [(result.exit_code, result.stdout, result.stderr) for result in warm] == [
        (result.exit_code, result.stdout, result.stderr) for result in cold
    ]
    assert "[figure-not-in-quote]" in warm[0].stderr


def test_what_is_worked_out_of_the_known_files_meanwhile_gives_what_the_data_does(
    run, write_data, project, parsed_aside
):
    """The source rules, kept claim results and claim ids of the files the index knows are worked
    out while the edited file is parsed: their problems, and an id the edit repeats, come out as
    from the data."""
    parts(write_data, 10)
    folder = project / "data"
    wrong = folder / "part-7.yaml"  # a problem the index keeps: a source rule's, in a known file
    wrong.write_text(wrong.read_text().replace("sha256: 26d8", "sha256: 0000"))
    assert "[seed-sha-mismatch]" in run("check", "--data", folder).stderr
    part = folder / "part-3.yaml"
    part.write_text(part.read_text().replace("id: ken-pledge-3", "id: ken-pledge-5"))
    warm = run("check", "--data", folder, "--format", "json")
    assert parsed_aside == [["part-3.yaml"]]
    assert warm.stdout == run("check", "--data", folder, "--format", "json", "--no-cache").stdout
    codes = sorted(problem["code"] for problem in json.loads(warm.stdout)["problems"])
    assert codes == ["duplicate-id", "seed-sha-mismatch"]


def test_when_the_second_process_fails_the_edited_files_are_parsed_here(
    run, write_data, project, counted, parsed_aside, monkeypatch
):
    import pickle

    folder = edited_among_parts(run, write_data, project)
    counted["parsed"].clear()
    parent, real = os.getpid(), pickle.dump

    def dump(*args, **options):
        if os.getpid() != parent:
            raise OSError("no space left on device")
        return real(*args, **options)

    monkeypatch.setattr(pickle, "dump", dump)
    result = run("check", "--data", folder)
    assert parsed_aside == [["part-3.yaml"]]
    assert counted["parsed"] == ["part-3.yaml"]
    assert result.stderr == run("check", "--data", folder, "--no-cache").stderr


def test_a_process_with_other_threads_parses_edited_files_itself(
    run, write_data, project, counted, parsed_aside
):
    import threading

    folder = edited_among_parts(run, write_data, project)
    counted["parsed"].clear()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert "[figure-not-in-quote]" in run("check", "--data", folder).stderr
    finally:
        stop.set()
        other.join()
    assert (parsed_aside, counted["parsed"]) == ([], ["part-3.yaml"])


def test_on_one_processor_edited_files_are_parsed_here(
    run, write_data, project, counted, parsed_aside, monkeypatch
):
    """Nothing to run beside: a second process would only add the fork and the pickles."""
    folder = edited_among_parts(run, write_data, project)
    counted["parsed"].clear()
    monkeypatch.setattr(pipeline, "processors", lambda: 1)
    assert "[figure-not-in-quote]" in run("check", "--data", folder).stderr
    assert (parsed_aside, counted["parsed"]) == ([], ["part-3.yaml"])


EDIT_AMONG_PARTS = """
import sys
from haiti_mss.cli import main
from haiti_mss.engine import index, pipeline
index._RACY_NS, pipeline._ASIDE_KNOWN_FILES, pipeline.processors = 0, 1, lambda: 2
sys.argv = ["mss", "check", "--data", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
print("loaded:", *(name for name in ("pydantic", "yaml", "pycountry") if name in sys.modules), file=sys.stderr)
"""


def test_an_edit_among_many_files_loads_neither_pydantic_nor_yaml_nor_pycountry_here(write_data, project):
    """They are the second process's to load: this one reads the index meanwhile."""
    parts(write_data, 10)
    folder = project / "data"

    def heavy_modules() -> str:
        child = subprocess.run(
            [sys.executable, "-c", EDIT_AMONG_PARTS, str(folder)], capture_output=True, text=True
        )
        return child.stderr.splitlines()[-1]

    assert heavy_modules() == "loaded: pydantic yaml pycountry"  # the first run parses every file here
    part = folder / "part-3.yaml"
    part.write_text(part.read_text() + "# an edit\n")
    assert heavy_modules() == "loaded:"
