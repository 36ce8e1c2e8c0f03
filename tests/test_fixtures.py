"""The fixture corpus: every valid file passes `mss check --strict`; every invalid one fails with
exactly the problems listed for it in tests/fixtures/invalid/expected.toml."""

from __future__ import annotations

import json

import pytest

from conftest import EXPECTED, FIXTURES

VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def test_every_invalid_fixture_has_expectations_and_every_expectation_a_fixture():
    assert sorted(EXPECTED) == [path.name for path in INVALID]


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_valid_fixture_passes_strict_check(run, path):
    result = run("check", "--strict", "--format", "json", "--data", path)
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["problems"] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.name)
def test_invalid_fixture_fails_with_its_exact_problems(run, path):
    result = run("check", "--strict", "--format", "json", "--data", path)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [f"{p['line']}:{p['column']} {p['code']}" for p in problems] == EXPECTED[path.name]
