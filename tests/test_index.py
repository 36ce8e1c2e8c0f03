"""The validated index: used when the data is unchanged, invalidated by exactly what it depends on,
and never trusted when damaged."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from haiti_mss import check, index, load
from haiti_mss.layout import index_folder

from conftest import KENYA_PLEDGE, ONE_CLAIM, SOURCE_004, WITH_ERROR

FROM_INDEX = "answered from the index"
CHECKING = "checking the data, and keeping the results"
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


def kenya_pledged(run, path: Path, *options: str) -> int:
    result = run("troops", "--by-country", "--format", "json", "--data", path, *options)
    assert result.exit_code == 0, result.stderr
    return next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"]


def test_a_second_run_is_answered_from_the_index(run, data):
    first = run("check", "--verbose", "--data", data)
    second = run("check", "--verbose", "--data", data)
    assert CHECKING in first.stderr
    assert FROM_INDEX in second.stderr
    assert first.exit_code == second.exit_code == 0
    assert index_folder(data).joinpath(index.INDEX_FILE).exists()


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


def test_today_is_part_of_the_key(run, write_data):
    path = write_data(
        SOURCE_004.replace("published: 2023-09", "published: 2026-01-05") + "claims:\n" + KENYA_PLEDGE
    )
    assert "[date-in-future]" in run("check", "--data", path, env={"MSS_TODAY": "2026-01-01"}).stderr
    assert run("check", "--data", path, env={"MSS_TODAY": "2026-02-01"}).exit_code == 0
    assert "[date-in-future]" in run("check", "--data", path, env={"MSS_TODAY": "2026-01-01"}).stderr


def test_a_new_day_does_not_check_everything_again(run, data):
    assert run("check", "--data", data, env={"MSS_TODAY": "2026-01-01"}).exit_code == 0
    later = run("check", "--verbose", "--data", data, env={"MSS_TODAY": "2026-06-01"})
    assert FROM_INDEX in later.stderr  # every date of the data is before both days


def test_only_changed_files_of_a_folder_are_read_and_checked_again(run, write_data, project, monkeypatch):
    for number in range(3):
        claim = KENYA_PLEDGE.replace("id: ken-pledge", f"id: ken-pledge-{number}")
        source = SOURCE_004.replace("id: nations-join", f"id: nations-join-{number}")
        write_data(source + "claims:\n" + claim.replace("source: nations-join", f"source: nations-join-{number}"),
                   f"part-{number}.yaml")  # fmt: skip
    loaded, checked = [], []
    real_load, real_check = load.load_file, check.check_claims
    monkeypatch.setattr(
        load, "load_file", lambda path, shown: loaded.append(path.name) or real_load(path, shown)
    )
    monkeypatch.setattr(
        check, "check_claims", lambda claims, *rest: checked.append(len(claims)) or real_check(claims, *rest)
    )
    folder = project / "data"
    assert run("check", "--data", folder).exit_code == 0
    assert (sorted(loaded), len(checked)) == (["part-0.yaml", "part-1.yaml", "part-2.yaml"], 3)
    loaded.clear()
    checked.clear()
    part = folder / "part-1.yaml"
    part.write_text(part.read_text() + "# a comment changes the bytes\n")
    result = run("check", "--data", folder)
    assert result.exit_code == 0
    assert (loaded, checked) == (["part-1.yaml"], [1])
    assert result.stderr == "mss check: 3 claims and 3 sources in 3 files: 0 errors, 0 warnings\n"


def test_problems_from_the_index_carry_the_paths_of_this_run(run, write_data, project, monkeypatch):
    path = write_data(WITH_ERROR)
    monkeypatch.chdir(project)
    assert (
        "data/claims.yaml:13:5: error [invalid-country]" in run("check", "--data", "data/claims.yaml").stderr
    )
    again = run("check", "--verbose", "--data", str(path))
    assert FROM_INDEX in again.stderr
    assert f"{path}:13:5: error [invalid-country]" in again.stderr


@pytest.mark.parametrize(
    ("damage", "noted"),
    [
        pytest.param(lambda file: file.write_bytes(b"this is not a database" * 100), True, id="garbage"),
        pytest.param(
            lambda file: file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2]),
            True,
            id="truncated",
        ),
        pytest.param(
            lambda file: file.write_bytes(b""), False, id="emptied"
        ),  # SQLite: a new, empty database
    ],
)
def test_a_damaged_index_is_rebuilt(run, data, damage, noted):
    assert kenya_pledged(run, data) == 1000
    damage(index_folder(data) / index.INDEX_FILE)
    result = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    assert result.exit_code == 0
    assert next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"] == 1000
    assert ("could not be used" in result.stderr or "cannot be opened" in result.stderr) is noted
    assert FROM_INDEX in run("check", "--verbose", "--data", data).stderr  # rebuilt, and used


def test_rows_that_do_not_decode_are_not_trusted(run, data):
    assert run("check", "--data", data).exit_code == 0  # the index holds the records, no answers yet
    with sqlite3.connect(index_folder(data) / index.INDEX_FILE) as connection:
        connection.execute("UPDATE claims SET as_of = 'someday'")
    result = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    assert result.exit_code == 0
    assert next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"] == 1000
    assert "answering from the data" in result.stderr


def test_a_locked_index_is_bypassed(run, data):
    run("check", "--data", data)
    holder = sqlite3.connect(index_folder(data) / index.INDEX_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        data.write_text(data.read_text() + "# changed, so the index would be written\n")
        result = run("troops", "--by-country", "--format", "json", "--verbose", "--data", data)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 0
    assert "locked" in result.stderr
    assert next(row for row in json.loads(result.stdout) if row["country"] == "KEN")["pledged"] == 1000


def test_a_folder_that_cannot_be_written_sends_the_index_to_the_user_cache(run, data, monkeypatch, tmp_path):
    monkeypatch.delenv("MSS_INDEX_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    beside = data.parent / ".mss-cache"
    monkeypatch.setattr(index.os, "access", lambda path, mode: Path(path) != beside)
    result = run("check", "--verbose", "--data", data)
    assert result.exit_code == 0
    assert "the folder cannot be written" in result.stderr
    assert list((tmp_path / "cache" / "mss").glob("*/index.sqlite"))


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


KEPT = "the answer was kept in the index"


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


def test_a_kept_answer_that_does_not_decode_is_worked_out_again(run, data):
    expected = run("funding", "--format", "json", "--data", data).stdout
    with sqlite3.connect(index_folder(data) / index.INDEX_FILE) as connection:
        connection.execute("UPDATE answers SET answer = '{not json'")
    result = run("funding", "--format", "json", "--verbose", "--data", data)
    assert (result.exit_code, result.stdout) == (0, expected)
    assert "a kept answer could not be read" in result.stderr


def test_old_versions_of_the_data_are_forgotten(run, data):
    for figure in range(1001, 1001 + index.VERSIONS_KEPT + 3):
        data.write_text(data.read_text().replace("personnel: " + str(figure - 1), f"personnel: {figure}"))
        assert run("troops", "--by-country", "--data", data).exit_code == 0
    with sqlite3.connect(index_folder(data) / index.INDEX_FILE) as connection:
        counts = [connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("datasets", "files", "claims", "answers")]  # fmt: skip
    assert counts == [index.VERSIONS_KEPT] * 4


WARM_QUERY = """
import sys
from haiti_mss.cli import main
sys.argv = ["mss", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted(name for name in ("pydantic", "yaml", "dateutil", "pycountry", "sqlite3", "rich") if name in sys.modules)
print(" ".join(heavy), file=sys.stderr)
"""


def run_counting_imports(*args: str | Path) -> list[str]:
    child = subprocess.run(
        [sys.executable, "-c", WARM_QUERY, *map(str, args)], capture_output=True, text=True, timeout=60
    )
    return child.stderr.strip().splitlines()[-1].split() if child.stderr.strip() else []


def test_a_warm_query_imports_neither_pydantic_nor_yaml_nor_dateutil(data):
    run_counting_imports("check", "--data", data)  # builds the index
    assert run_counting_imports("troops", "--by-country", "--data", data) == ["rich", "sqlite3"]


def test_version_and_help_import_even_less(data):
    assert run_counting_imports("--version") == []
    assert run_counting_imports("--help") == ["rich"]


def test_a_locked_index_is_left_to_the_mss_that_holds_it(run, data):
    run("check", "--data", data)
    stored = index_folder(data) / index.INDEX_FILE
    holder = sqlite3.connect(stored, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta VALUES ('held', 'by another mss')")
    data.write_text(data.read_text() + "# changed, so the index would be written\n")
    result = run("check", "--verbose", "--data", data)
    holder.execute("COMMIT")  # the holder's work is not lost
    holder.close()
    assert result.exit_code == 0
    assert "locked by another mss" in result.stderr
    assert "rebuilt" not in result.stderr
    with sqlite3.connect(stored) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'held'").fetchone() == (
            "by another mss",
        )


def test_an_unreadable_data_file_is_a_problem_of_the_data_not_of_the_index(run, write_data, project):
    write_data(ONE_CLAIM, "a.yaml")
    (project / "data" / "b.yaml").symlink_to(project / "data" / "gone.yaml")
    folder = project / "data"
    first = run("check", "--verbose", "--data", folder)
    again = run("check", "--verbose", "--data", folder)
    assert "[file-unreadable]" in first.stderr
    assert "could not be used" not in first.stderr + again.stderr
    assert FROM_INDEX in again.stderr
    assert again.exit_code == first.exit_code == 1


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


def test_a_kept_answer_of_the_wrong_shape_is_worked_out_again(run, data):
    expected = run("funding", "--format", "json", "--data", data).stdout
    with sqlite3.connect(index_folder(data) / index.INDEX_FILE) as connection:
        connection.execute("""UPDATE answers SET answer = '{"x": 1}'""")
    result = run("funding", "--format", "json", "--verbose", "--data", data)
    assert (result.exit_code, result.stdout) == (0, expected)
    assert "a kept answer could not be read" in result.stderr
