"""The shipped data is data, not a fixture: it grows every week, so these tests hold it only to what
must be true of any curated data. Behaviour tests read the frozen test corpus in tests/fixtures/."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from haiti_mss.read.load import load_dataset

from conftest import PROJECT, SHIPPED_DATA

SHARED_SUMS = PROJECT.parent / "shared" / "seeds" / "SHA256SUMS"


# The shipped data is checked as of the real today, as CI checks it: an article published after the
# day the other tests pin (2026-01-01) is not a date in the future.
TODAY = {"MSS_TODAY": date.today().isoformat()}


def test_shipped_data_passes_strict_check(run, monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = run("check", "--strict", env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("0 errors, 0 warnings\n")


def test_every_figure_of_the_shipped_sources_is_cited_or_ignored(run, monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = run("coverage", "--fail-under", "100", env=TODAY)
    assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(not SHARED_SUMS.exists(), reason="../shared is not beside this checkout")
def test_the_original_articles_are_archived_byte_for_byte():
    """New articles join the five shared ones in seeds/; those five never change."""
    expected = dict(reversed(line.split()) for line in SHARED_SUMS.read_text().splitlines() if line.strip())
    archived = {
        name: hashlib.sha256((PROJECT / "seeds" / name).read_bytes()).hexdigest()
        for name in expected
        if (PROJECT / "seeds" / name).is_file()
    }
    assert archived == expected


def test_every_archived_file_is_the_file_of_a_source():
    named = {source.file for source, _ in load_dataset(SHIPPED_DATA).sources}
    archived = {
        f"seeds/{path.relative_to(PROJECT / 'seeds').as_posix()}" for path in _files(PROJECT / "seeds")
    }
    assert archived - named == set()


def test_one_position_per_state_per_question_per_source():
    """A curation convention: a second stance of a state on a question in one article is a mistake."""
    claims = [claim for claim, _ in load_dataset(SHIPPED_DATA).claims if claim.kind == "position"]
    repeated = [
        key for key, count in Counter((c.source, c.country, c.on) for c in claims).items() if count > 1
    ]
    assert repeated == []


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]
