"""Claims marked `review: draft`: a warning in `mss check`, left out of every answer unless
`--include-drafts`, shown by `mss show`, and accepted by deleting the line."""

from __future__ import annotations

import json

import pytest

from conftest import KENYA_PLEDGE, ONE_CLAIM, SOURCE_004, checked

DRAFT = """  - id: blz-pledge-50
    kind: pledge
    source: nations-join
    quote: Belize offered to deploy up to 50 uniformed personnel
    as_of: 2023-09
    country: BLZ
    personnel: 50
    stage: announced
    qualifier: at_most
    review: draft
"""
WITH_DRAFT = ONE_CLAIM + DRAFT  # the draft's review: line is line 25


def test_a_draft_is_a_warning_that_strict_refuses(write_data, run):
    path = write_data(WITH_DRAFT)
    assert [(problem.line, problem.column, problem.code) for problem in checked(path).problems] == [
        (25, 5, "unreviewed-draft")
    ]
    assert run("check", "--data", path).exit_code == 0
    strict = run("check", "--strict", "--data", path)
    assert strict.exit_code == 1
    assert (
        f"{path}:25:5: warning [unreviewed-draft] claim blz-pledge-50: drafted by mss draft" in strict.stderr
    )


def test_deleting_the_review_line_accepts_the_draft(write_data, run):
    path = write_data(WITH_DRAFT.replace("    review: draft\n", ""))
    assert run("check", "--strict", "--data", path).exit_code == 0
    listed = run("claims", "--format", "json", "--data", path)
    assert [row["id"] for row in json.loads(listed.stdout)] == ["ken-pledge", "blz-pledge-50"]


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_answers_leave_drafts_out_unless_asked(write_data, run, cache):
    path = write_data(WITH_DRAFT)

    def ids(*options: str) -> list[str]:
        result = run("claims", "--format", "json", "--data", path, *cache, *options)
        assert result.exit_code == 0
        return [row["id"] for row in json.loads(result.stdout)]

    # Asked twice in each order: an answer kept in the index for one question is never served for the other.
    assert ids() == ["ken-pledge"]
    assert ids("--include-drafts") == ["ken-pledge", "blz-pledge-50"]
    assert ids() == ["ken-pledge"]
    assert ids("--include-drafts") == ["ken-pledge", "blz-pledge-50"]
    troops = run("troops", "--by-country", "--format", "json", "--data", path, *cache)
    assert [row["country"] for row in json.loads(troops.stdout)] == ["KEN"]
    with_drafts = run(
        "troops", "--by-country", "--format", "json", "--data", path, "--include-drafts", *cache
    )
    assert [(row["country"], row["pledged"]) for row in json.loads(with_drafts.stdout)] == [
        ("KEN", 1000),
        ("BLZ", 50),
    ]
    claims_json = json.loads(run("claims", "--format", "json", "--data", path, "--include-drafts").stdout)
    assert [row["review"] for row in claims_json] == [None, "draft"]


def test_every_query_command_takes_include_drafts(write_data, run):
    path = write_data(WITH_DRAFT)
    for command in ("troops", "funding", "votes", "timeline", "claims", "sources", "conflicts"):
        assert run(command, "--include-drafts", "--data", path).exit_code == 0, command


def test_show_shows_a_draft_as_one(write_data, run):
    path = write_data(WITH_DRAFT)
    shown = run("show", "blz-pledge-50", "--data", path)
    assert shown.exit_code == 0
    assert "review       draft" in shown.stdout


def test_exports_leave_drafts_out(write_data, run, tmp_path):
    path = write_data(WITH_DRAFT)
    result = run("export", "datapackage", tmp_path / "out", "--data", path)
    assert result.exit_code == 0
    assert "1 claim and 1 source" in result.stderr
    assert "blz-pledge-50" not in (tmp_path / "out" / "claims.csv").read_text(encoding="utf-8")


def test_a_source_records_when_and_where_it_was_archived(write_data, run):
    retrieved = SOURCE_004.replace(
        "    published: 2023-09\n",
        "    published: 2023-09\n    retrieved: 2023-09-30\n"
        "    archived_url: https://web.archive.example/2023/nations-join\n",
    )
    path = write_data(retrieved + "claims:\n" + KENYA_PLEDGE)
    result = run("sources", "--format", "json", "--data", path)
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert list(row)[-3:] == ["retrieved", "archived_url", "title_is_headline"]  # in the order they landed
    assert (row["retrieved"], row["archived_url"]) == (
        "2023-09-30",
        "https://web.archive.example/2023/nations-join",
    )
    # The index keeps them too: a second run answers from it with the same values.
    again = json.loads(run("sources", "--format", "json", "--data", path).stdout)
    assert again == [row]
