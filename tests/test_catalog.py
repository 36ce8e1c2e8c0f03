"""The catalog is its own test: every code's failing snippet gives exactly that problem at the place
it names, its passing snippet gives none, and every code is found by reading or by a registered rule
that declares what it reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.problems import CATALOG, SNIPPET, Stage
from haiti_mss.core.records import ClaimRecord
from haiti_mss.rules.registered import RULES
from haiti_mss.rules.registry import ClaimContext, Scope, UndeclaredRead, rule

from conftest import checked

TESTS = Path(__file__).parent
WITH_SNIPPETS = [code for code in CATALOG.values() if code.failing is not None]
# Codes whose failure is not a data file, and the tests that give them.
TESTED_ELSEWHERE = {
    "file-unreadable": "test_load.py::test_an_unreadable_file_is_a_problem",
    "file-too-large": "test_load.py::test_an_oversized_file_is_refused_before_it_is_read",
    "not-utf8": "test_load.py::test_non_utf8_bytes_are_positioned_at_the_bad_byte",
    "seed-too-large": "test_index.py::test_an_archived_file_over_the_cap_is_refused_unread",
}


def found(project, text: str) -> list[tuple[str, str]]:
    path = project / "data" / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return [(f"{problem.line}:{problem.column}", problem.code) for problem in checked(path).problems]


@pytest.mark.parametrize("code", WITH_SNIPPETS, ids=lambda code: code.code)
def test_the_failing_snippet_gives_exactly_its_problem_where_it_says(project, code):
    assert found(project, code.failing) == [(code.at, code.code)]


@pytest.mark.parametrize("code", WITH_SNIPPETS, ids=lambda code: code.code)
def test_the_passing_snippet_gives_none(project, code):
    assert found(project, code.put_right) == []


def test_the_plain_snippet_is_the_passing_default(project):
    assert found(project, SNIPPET) == []


def test_every_code_has_snippets_or_a_test_of_its_own():
    without = {code.code for code in CATALOG.values() if code.failing is None}
    assert without == set(TESTED_ELSEWHERE)
    for test in TESTED_ELSEWHERE.values():
        module, name = test.split("::")
        assert f"def {name}(" in (TESTS / module).read_text(encoding="utf-8"), test


def test_every_rule_code_is_given_by_a_registered_rule_and_every_rule_code_is_catalogued():
    given = {code for rule_ in RULES for code in rule_.codes}
    assert given == {code.code for code in CATALOG.values() if code.stage is Stage.RULES}


def test_every_rule_has_a_summary_and_declares_only_known_reads():
    for rule_ in RULES:
        assert rule_.summary, rule_.name
        assert rule_.reads <= {"source", "archive", "today", "dataset"}


def test_a_rule_that_reads_what_it_did_not_declare_is_stopped():
    @rule(Scope.CLAIM, ("figure-not-in-quote",))
    def sneaky(claim: ClaimRecord, context: ClaimContext):
        """Reads today without saying so."""
        context.after_today(claim.as_of)
        yield from ()

    context = ClaimContext({}, {}, date(2026, 1, 1), {})
    context.running(sneaky)
    claim = ClaimRecord("c", "pledge", "s", "a quote here", PartialDate(2024))
    with pytest.raises(UndeclaredRead, match="sneaky reads today"):
        list(sneaky.check(claim, context))
