"""benchmarks/generate.py writes data that `mss check --strict` passes, whole and file by file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from haiti_mss.core.records import KINDS

from conftest import PROJECT

GENERATOR = PROJECT / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, GENERATOR, out, "--claims", "300", "--sources", "12", "--files", "3", "--seed", "7"],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize(
    ("data", "summary"),
    [
        ("data", "mss check: 300 claims and 12 sources in 3 files: 0 errors, 0 warnings"),
        ("data/part-2.yaml", "mss check: 100 claims and 4 sources in 1 file: 0 errors, 0 warnings"),
    ],
)
def test_generated_data_passes_strict_check(run, generated, data, summary):
    result = run("check", "--strict", "--data", generated / data)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [summary]


def test_generated_data_has_every_kind(run, generated):
    result = run("claims", "--format", "json", "--data", generated / "data")
    assert result.exit_code == 0, result.stderr
    assert {claim["kind"] for claim in json.loads(result.stdout)} == set(KINDS)
