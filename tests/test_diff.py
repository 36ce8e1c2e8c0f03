"""mss diff: what changed in the data between a git revision (or a data path) and the working tree."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from haiti_mss.read import renamed

from conftest import CORPUS

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """The test corpus in a git repository of its own, committed, as the current folder."""
    folder = tmp_path / "repo"
    shutil.copytree(CORPUS, folder)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run([*GIT, *command], cwd=folder, check=True, capture_output=True)
    monkeypatch.chdir(folder)
    return folder / "data" / "claims.yaml"


def edit(path, *replacements):
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def diff_json(run, *args):
    result = run("diff", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_nothing_changed(repo, run):
    result = run("diff")
    assert result.exit_code == 0
    assert result.stdout == "Changes from HEAD to the working tree: none\n(none)\n"


def test_a_renamed_claim_is_one_claim_renamed_not_one_removed_and_one_added(repo, run):
    edit(repo, ("id: ken-pledge-1000-2023-09", "id: ken-promises-1000-2023-09"))
    assert diff_json(run) == [
        {"change": "renamed", "record": "claim", "id": "ken-promises-1000-2023-09",
         "old_id": "ken-pledge-1000-2023-09", "figure_old": 1000, "figure_new": 1000, "unit": "personnel",
         "fields": {}},
    ]  # fmt: skip


def test_a_rename_with_other_changes_shows_them_field_by_field(repo, run):
    edit(
        repo,
        ("id: ken-pledge-1000-2023-09", "id: ken-pledge-1200-2023-09"),
        ("    personnel: 1000\n    stage: committed\n", "    personnel: 1200\n    stage: announced\n"),
    )
    (row,) = diff_json(run)
    assert (row["change"], row["old_id"], row["figure_old"], row["figure_new"]) == (
        "renamed", "ken-pledge-1000-2023-09", 1000, 1200,
    )  # fmt: skip
    assert row["fields"] == {
        "personnel": {"old": 1000, "new": 1200},
        "stage": {"old": "committed", "new": "announced"},
    }
    table = run("diff").stdout
    assert (
        "renamed  claim   ken-pledge-1200-2023-09  was ken-pledge-1000-2023-09; personnel: 1,000 → 1,200; stage: committed → announced"
        in table
    )


def test_added_removed_and_changed_records(repo, run):
    edit(
        repo,
        ("    personnel: 150\n", "    personnel: 160\n"),
        ("  - id: blz-pledge-up-to-50-2023-09\n", "  - id: blz-pledge-up-to-50-2023-09-x\n"),
    )
    changes = {(row["change"], row["id"]): row for row in diff_json(run)}
    assert set(changes) == {
        ("changed", "bhs-announced-150-2023-08"),
        ("renamed", "blz-pledge-up-to-50-2023-09-x"),
    }
    assert changes["changed", "bhs-announced-150-2023-08"]["fields"] == {
        "personnel": {"old": 150, "new": 160}
    }
    text = repo.read_text(encoding="utf-8")
    start = text.index("  - id: usa-ken-defence-pact-2023-09-25")
    end = text.index("\n  - id:", start + 1)
    repo.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    removed = [row for row in diff_json(run) if row["change"] == "removed"]
    assert [(row["id"], row["fields"]["kind"]) for row in removed] == [
        ("usa-ken-defence-pact-2023-09-25", {"old": "event", "new": None})
    ]


def test_a_reviewed_draft_shows_its_review_line_gone(repo, run):
    edit(
        repo,
        (
            "    personnel: 1000\n    stage: committed\n",
            "    personnel: 1000\n    stage: committed\n    review: draft\n",
        ),
    )
    subprocess.run([*GIT, "commit", "-qam", "a draft"], cwd=repo.parent.parent, check=True)
    edit(repo, ("    review: draft\n", ""))
    (row,) = diff_json(run)
    assert (row["change"], row["id"], row["fields"]) == (
        "changed", "ken-pledge-1000-2023-09", {"review": {"old": "draft", "new": None}},
    )  # fmt: skip


def test_markdown_for_a_pull_request(repo, run):
    edit(repo, ("    personnel: 150\n", "    personnel: 160\n"))
    result = run("diff", "--format", "markdown")
    assert result.stdout == (
        "**Changes from HEAD to the working tree: 1 claim: 1 changed**\n\n"
        "| change | record | id | what |\n|---|---|---|---|\n"
        "| changed | claim | bhs-announced-150-2023-08 | personnel: 150 → 160 |\n"
    )


def test_two_data_paths(repo, run, tmp_path):
    old = tmp_path / "old.yaml"
    shutil.copy(repo, old)
    edit(repo, ("    personnel: 150\n", "    personnel: 160\n"))
    (row,) = diff_json(run, str(old), str(repo))
    assert (row["id"], row["figure_old"], row["figure_new"]) == ("bhs-announced-150-2023-08", 150, 160)


def test_an_older_revision_is_read_under_todays_names(repo, run, monkeypatch):
    """A key renamed since (here a test entry of the one table) is read under its new name."""
    edit(repo, ("    speaker: Kenyan authorities\n", "    told_by: Kenyan authorities\n"))
    subprocess.run([*GIT, "commit", "-qam", "the old name"], cwd=repo.parent.parent, check=True)
    edit(repo, ("    told_by: Kenyan authorities\n", "    speaker: Kenyan authorities\n"))
    # Without the table, the old claim does not validate (told_by is no field): it cannot be compared.
    without = run("diff")
    assert "added   claim   mss-annual-cost-approx-600m-2024-09" in without.stdout
    assert "HEAD: 1 problem in reading; records that fail validation are not compared" in without.stdout
    monkeypatch.setitem(renamed.RENAMED_KEYS, ("claim", "told_by"), "speaker")
    assert diff_json(run) == []


def test_outside_a_git_repository_or_for_an_unknown_revision_a_usage_error(repo, run, tmp_path):
    unknown = run("diff", "no-such-branch")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "mss: error: 'no-such-branch' is not a revision of the git repository at "
    )
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(CORPUS, elsewhere)
    outside = run("diff", "--data", elsewhere / "data" / "claims.yaml")
    assert outside.exit_code == 2
    assert "is not in a git repository; compare two data paths: mss diff OLD NEW" in outside.stderr
