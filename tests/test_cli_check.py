"""`mss check` through the CLI: exit codes, streams and output formats."""

from __future__ import annotations

import io
import json
import re

import pytest

from haiti_mss import __version__
from haiti_mss.core.problems import CATALOG, Problem
from haiti_mss.present import writers
from haiti_mss.present.writers import github_annotation, problem_line

from conftest import ONE_CLAIM, WITH_ERROR

WITH_WARNING = ONE_CLAIM.replace("personnel: 1000", "personnel: 1500")


def test_clean_data_exits_0_with_only_a_summary_on_stderr(run, write_data):
    result = run("check", "--data", write_data(ONE_CLAIM))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "mss check: 1 claim and 1 source in 1 file: 0 errors, 0 warnings\n"


def test_errors_exit_1_with_file_line_column_on_stderr(run, write_data, project):
    path = write_data(WITH_ERROR)
    result = run("check", "--data", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:13:5: error [invalid-country] claim ken-pledge: country: 'XXX' is not an ISO 3166-1 "
        "alpha-3 country code",
        "mss check: 0 claims and 1 source in 1 file: 1 error, 0 warnings",
    ]


def test_warnings_pass_unless_strict(run, write_data):
    path = write_data(WITH_WARNING)
    relaxed, strict = run("check", "--data", path), run("check", "--strict", "--data", path)
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert (
        "warning [figure-not-in-quote] claim ken-pledge: personnel 1,500 does not appear in the quote"
        in relaxed.stderr
    )


def test_json_goes_to_stdout(run, write_data):
    path = write_data(WITH_WARNING)
    result = run("check", "--format", "json", "--data", path)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["summary"] == {
        "files": 1,
        "sources": 1,
        "claims": 1,
        "errors": 0,
        "warnings": 1,
    }
    assert document["problems"] == [
        {"path": str(path), "line": 14, "column": 5, "severity": "warning", "code": "figure-not-in-quote",
         "claim": "ken-pledge", "message": "personnel 1,500 does not appear in the quote"},
    ]  # fmt: skip


ANNOTATION = (
    "::error file=data/claims.yaml,line=13,col=5,title=mss [invalid-country]::claim ken-pledge: "
    "country: 'XXX' is not an ISO 3166-1 alpha-3 country code"
)
PLAIN = (
    "data/claims.yaml:13:5: error [invalid-country] claim ken-pledge: country: 'XXX' is not an ISO 3166-1 "
    "alpha-3 country code"
)
SUMMARY_LINE = "mss check: 0 claims and 1 source in 1 file: 1 error, 0 warnings"


def test_github_format_writes_annotations_and_the_full_plain_list(run, write_data, project, monkeypatch):
    monkeypatch.chdir(project)
    write_data(WITH_ERROR)
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [ANNOTATION]
    assert result.stderr.splitlines() == [PLAIN, SUMMARY_LINE]  # GitHub shows only ten annotations


def test_under_github_actions_check_picks_the_github_format(run, write_data, project, monkeypatch):
    monkeypatch.chdir(project)
    write_data(WITH_ERROR)
    assert run("check", env={"GITHUB_ACTIONS": "true"}).stdout.splitlines() == [ANNOTATION]
    assert run("check", "--format", "text", env={"GITHUB_ACTIONS": "true"}).stdout == ""
    assert run("check", env={"GITHUB_ACTIONS": "false"}).stdout == ""


def test_the_step_summary_gets_a_markdown_table_appended(run, write_data, project, monkeypatch):
    monkeypatch.chdir(project)
    write_data(WITH_ERROR)
    step_summary = project / "summary.md"
    step_summary.write_text("## Earlier step output\n\n")
    result = run("check", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary)})
    assert result.exit_code == 1
    assert step_summary.read_text().splitlines() == [
        "## Earlier step output",
        "",
        f"### {SUMMARY_LINE}",
        "",
        "| severity | location | code | claim | message |",
        "|---|---|---|---|---|",
        "| error | data/claims.yaml:13:5 | invalid-country | ken-pledge | country: 'XXX' is not an ISO 3166-1 "
        "alpha-3 country code |",
        "",
    ]


def test_a_clean_step_summary_says_so(run, write_data, tmp_path):
    path = write_data(ONE_CLAIM)
    step_summary = tmp_path / "summary.md"
    assert run("check", "--data", path, env={"GITHUB_STEP_SUMMARY": str(step_summary)}).exit_code == 0
    assert step_summary.read_text().splitlines()[2:] == ["No problems found.", ""]


def test_the_step_summary_escapes_markdown_and_stays_under_githubs_size_limit(monkeypatch):
    problems = [
        Problem(
            "data/a|b.yaml", 3, 4, "unknown-field", "[click](https://x.example) <img> *bold*\nnext", "a_b"
        ),
        Problem("data/c.yaml", 5, 6, "quote-not-found", "second", None),
    ]
    monkeypatch.setattr(writers, "SUMMARY_ROWS", 1)
    stream = io.StringIO()
    writers.write_problems_markdown(
        problems, {"files": 2, "sources": 1, "claims": 2, "errors": 2, "warnings": 0}, stream
    )
    assert stream.getvalue().splitlines()[4:] == [
        "| error | data/a\\|b.yaml:3:4 | unknown-field | a\\_b | "
        "\\[click\\]\\(https://x.example\\) \\<img\\> \\*bold\\*\\\\nnext |",
        "",
        "…and 1 more problem: the job's log lists all.",
        "",
    ]


def test_an_unwritable_step_summary_is_an_error_of_the_environment(run, write_data, tmp_path):
    path = write_data(ONE_CLAIM)
    result = run(
        "check", "--data", path, env={"GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "summary.md")}
    )
    assert result.exit_code == 2
    assert "mss: error: cannot write the step summary" in result.stderr


def test_github_annotations_escape_as_the_actions_toolkit_does():
    problem = Problem("data/a,b:c.yaml", 3, 4, "quote-not-found", "50% off\r\nnext line", "x")
    assert github_annotation(problem) == (
        "::error file=data/a%2Cb%3Ac.yaml,line=3,col=4,title=mss [quote-not-found]::"
        "claim x: 50%25 off%0D%0Anext line"
    )


def test_control_characters_in_messages_are_shown_as_escapes():
    problem = Problem("d.yaml", 1, 1, "unknown-field", "key \x1b[31mred\u202e", None)
    line = problem_line(problem)
    assert line == "d.yaml:1:1: error [unknown-field] key \\x1b[31mred\\u202e"


def test_the_data_path_comes_from_mss_data(run, write_data):
    path = write_data(WITH_ERROR)
    result = run("check", env={"MSS_DATA": str(path)})
    assert result.exit_code == 1
    assert "[invalid-country]" in result.stderr


def test_the_default_data_is_data_claims_yaml_in_the_current_folder(run, in_corpus):
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["check", "--data", "no/such/file.yaml"],
            "--data no/such/file.yaml: no such file or folder",
        ),
        (["check", "--format", "xml"], "Invalid value for '--format'"),
        (["check", "--bogus"], "No such option"),
    ],
)
def test_usage_errors_exit_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_default_data_is_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "no data/claims.yaml here" in result.stderr


def test_a_bad_mss_today_is_a_usage_error(run, write_data):
    result = run("check", "--data", write_data(WITH_WARNING), env={"MSS_TODAY": "22/11/2026"})
    assert result.exit_code == 2
    assert "MSS_TODAY='22/11/2026' is not a date in the form YYYY-MM-DD" in result.stderr


def test_version(run):
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"mss {__version__}\n")


def test_every_catalog_code_is_kebab_case_with_a_summary_and_example():
    for code, rule in CATALOG.items():
        assert code == rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
        assert rule.summary
        assert rule.example
