"""The shipped data is a test: it passes its own validator, and the archive is the shared one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import PROJECT, SHIPPED_DATA

SHARED_SUMS = PROJECT.parent / "shared" / "seeds" / "SHA256SUMS"


def test_shipped_data_passes_strict_check(run, monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("0 errors, 0 warnings\n")


@pytest.mark.skipif(not SHARED_SUMS.exists(), reason="../shared is not beside this checkout")
def test_the_archive_is_the_shared_seeds_byte_for_byte():
    expected = dict(reversed(line.split()) for line in SHARED_SUMS.read_text().splitlines() if line.strip())
    archived = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (PROJECT / "seeds").iterdir()
    }
    assert archived == expected


def test_every_seed_is_a_source_of_the_shipped_data():
    text = SHIPPED_DATA.read_text(encoding="utf-8")
    for seed in sorted(Path(PROJECT / "seeds").glob("*.txt")):
        assert f"file: seeds/{seed.name}" in text
