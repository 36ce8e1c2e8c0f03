"""`mss coverage`: every figure of a source is cited, ignored with a reason, or not cited."""

from __future__ import annotations

import json

from haiti_mss.analysis.figures import CITED, IGNORED, NOT_CITED

from conftest import KENYA_PLEDGE, SOURCE_004, checked

IGNORE_15 = """    ignore:
      - text: "15"
        reason: size of the Security Council
"""
DATA = SOURCE_004 + IGNORE_15 + "claims:\n" + KENYA_PLEDGE


def test_each_figure_is_cited_ignored_or_not_cited(write_data):
    document = checked(write_data(DATA)).coverage()
    [report] = document["sources"]
    assert [(item["text"], item["kind"], item["status"]) for item in report["figure_list"]] == [
        ("a dozen", "count", NOT_CITED),  # figures in words count as much as figures in digits
        ("five", "duration", NOT_CITED),
        ("Monday, September 25", "date", NOT_CITED),
        ("two", "count", NOT_CITED),
        ("October 2022", "date", NOT_CITED),
        ("July 2023", "date", NOT_CITED),
        ("1,000", "count", CITED),
        ("a dozen", "count", NOT_CITED),
        ("15", "count", IGNORED),
        ("50", "count", NOT_CITED),
        ("150", "count", NOT_CITED),
        ("Two", "count", NOT_CITED),
    ]
    assert report["figure_list"][8]["reason"] == "size of the Security Council"
    assert report["figure_list"][9]["context"] == "to deploy up to 50 uniformed personnel to help"
    assert report["figure_list"][1]["context"] == "cooperation for the next five years, was signed on"
    assert report["sentences"] == {"quoted": 1, "total": 26}
    assert report["claims_by_kind"] == {"pledge": 1}
    assert document["share_accounted"] == round(100 * 2 / 12, 2)


def test_a_word_figure_is_ignored_by_its_text(write_data):
    ignore = IGNORE_15 + "      - text: a dozen\n        reason: a count of states\n"
    document = checked(write_data(SOURCE_004 + ignore + "claims:\n" + KENYA_PLEDGE)).coverage()
    statuses = [(item["text"], item["status"]) for item in document["sources"][0]["figure_list"]]
    assert statuses.count(("a dozen", IGNORED)) == 2


def test_an_ignore_entry_that_matches_no_uncited_figure_is_a_warning(write_data):
    stale = IGNORE_15 + '      - text: "1,000"\n        reason: now a claim\n'
    path = write_data(SOURCE_004 + stale + "claims:\n" + KENYA_PLEDGE)
    problems = checked(path).problems
    assert [(p.line, p.column, p.code) for p in problems] == [(10, 9, "unused-ignore")]
    assert problems[0].message == "ignore entry '1,000' matches no uncited figure of the source"


def test_coverage_table_on_the_test_corpus(run, in_corpus):
    """The test corpus was curated before figures in words were read: five of them are not cited."""
    result = run("coverage", "--fail-under", "100")
    assert result.exit_code == 1
    assert result.stderr == "mss coverage: 84.8% of figures accounted for, under 100%\n"
    lines = result.stdout.splitlines()
    assert lines[0] == "Coverage: 28 of 33 figures cited or ignored with a reason (84.8%) across 5 sources"
    assert lines[2].startswith("source  ")
    assert lines[2].endswith("figures  cited  ignored  not cited  sentences quoted  claims by kind")
    row = next(line for line in lines if line.startswith("unsc-debates-pko-2024-11 "))
    assert row.split()[1:6] == ["4", "4", "0", "0", "6/18"]
    assert any("2021" in line and "ignored" in line and "assassination" in line for line in lines)
    uncited = [
        line.split("  not cited  ")[0].split(maxsplit=1)[1].strip()
        for line in lines
        if "  not cited  …" in line
    ]
    assert uncited == ["two", "a dozen", "five", "two", "a dozen"]
    # The context is the archived text as written, not as it was matched.
    every = run("coverage", "--all").stdout
    assert "… October 2023, deployed only 400 Kenyan troops—far fewer than …" in every


def test_coverage_json(run, write_data):
    result = run("coverage", "--format", "json", "--data", write_data(DATA))
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["share_accounted"] == 16.67
    assert document["figures"] == {"total": 12, "cited": 1, "ignored": 1, "not_cited": 10}
    [source] = document["sources"]
    assert source["sentences"] == {"quoted": 1, "total": 26}
    assert source["figure_list"][6] == {
        "text": "1,000", "kind": "count", "status": "cited", "reason": None,
        "context": "has promised to provide 1,000 security personnel to Haiti.",
    }  # fmt: skip


def test_fail_under_exits_1_when_too_little_is_accounted_for(run, write_data):
    path = write_data(DATA)
    assert run("coverage", "--fail-under", "16", "--data", path).exit_code == 0
    result = run("coverage", "--fail-under", "50", "--data", path)
    assert result.exit_code == 1
    assert result.stderr == "mss coverage: 16.7% of figures accounted for, under 50%\n"


def test_fail_under_must_be_a_percentage(run, write_data):
    assert run("coverage", "--fail-under", "120", "--data", write_data(DATA)).exit_code == 2


def test_coverage_refuses_data_with_errors(run, write_data):
    result = run("coverage", "--data", write_data(DATA.replace("country: KEN", "country: XXX")))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[invalid-country]" in result.stderr
