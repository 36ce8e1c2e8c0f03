"""The index never answers differently from a fresh run: every fixture, a generated multi-file
dataset, and data edited between runs (same size and times included, and during a run) give the
same problems, summaries and answers with the index, warm or cold, as with --no-cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haiti_mss.engine.workspace import Workspace
from haiti_mss.read import load as reading

from conftest import FIXTURES, KENYA_PLEDGE, PINNED_TODAY, PROJECT, SOURCE_004

QUESTIONS = [
    ["troops", "--by-country"],
    ["troops"],
    ["funding"],
    ["votes"],
    ["timeline", "--country", "KEN"],
    ["claims", "--kind", "pledge"],
    ["sources"],
    ["conflicts"],
    ["coverage"],
]
FIXTURE_FILES = sorted((FIXTURES / "valid").glob("*.yaml")) + sorted((FIXTURES / "invalid").glob("*.yaml"))


def outcome(run, *args: str | Path) -> tuple[int, str, str]:
    result = run(*args)
    return result.exit_code, result.stdout, result.stderr


# Output the index keeps as written (off a terminal): every format, for two questions.
WRITTEN = [(question, output_format) for question in (["claims"], ["troops", "--by-country"])
           for output_format in ("table", "csv", "jsonl", "markdown")]  # fmt: skip


def answers(run, data: Path, *options: str) -> list[tuple[int, str, str]]:
    """Every question's whole output (status, stdout, stderr) about `data`."""
    found = [outcome(run, "check", "--format", "json", "--data", data, *options)]
    found += [outcome(run, *question, "--format", "json", "--data", data, *options) for question in QUESTIONS]
    found += [outcome(run, *question, "--format", fmt, "--data", data, *options) for question, fmt in WRITTEN]
    return found


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_fixture_gets_the_same_answers_with_and_without_the_index(run, fixture, project):
    data = project / "data" / fixture.name
    shutil.copyfile(fixture, data)
    cold = answers(run, data, "--no-cache")
    assert answers(run, data) == cold  # builds the index
    assert answers(run, data) == cold  # answers from it


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, PROJECT / "benchmarks" / "generate.py", out, "--claims", "400", "--sources", "16",
         "--files", "4", "--seed", "3"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return out


def test_a_generated_multi_file_dataset_gets_the_same_answers(run, generated, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(generated, project)
    data = project / "data"
    cold = answers(run, data, "--no-cache")
    assert answers(run, data) == cold
    assert answers(run, data) == cold
    part = data / "part-2.yaml"
    part.write_text(part.read_text().replace("personnel: 2", "personnel: 3", 1))
    cold = answers(run, data, "--no-cache")
    assert answers(run, data) == cold


# --- Edits between runs ---------------------------------------------------------------------------

BASE = SOURCE_004
CLAIMS = [
    KENYA_PLEDGE,
    """  - id: blz-pledge
    kind: pledge
    source: nations-join
    quote: Belize offered to deploy up to 50 uniformed personnel
    as_of: 2023-09-22
    country: BLZ
    personnel: 50
    stage: announced
    qualifier: at_most
""",
    """  - id: bhs-pledge
    kind: pledge
    source: nations-join
    quote: The Bahamas, which announced a deployment of 150 individuals in August
    as_of: 2023-08
    country: BHS
    personnel: 150
    stage: announced
""",
]
# Edits a curator makes, as (old, new) text replacements; those of equal length keep the size.
EDITS = [
    ("personnel: 1000", "personnel: 1200"),  # same size: a figure the quote does not state
    ("personnel: 50", "personnel: 60"),
    ("as_of: 2023-08", "as_of: 2023-10"),  # after the source: an error
    ("country: BHS", "country: BRB"),
    ("source: nations-join\n    quote: Belize", "source: nations-joins\n    quote: Belize"),  # unknown
    ("id: blz-pledge", "id: ken-pledge"),  # a duplicate id, across files when split
    ("published: 2023-09", "published: 2023-07"),
    ("title: Nations join", "title: Nations will join"),
    ("1,000 security", "1000 security"),  # the quote no longer in the source
    ("stage: committed", "stage: target"),
]


def layout(folder: Path, claims: list[str], split: bool) -> list[Path]:
    data = folder / "data"
    for old in data.glob("*.yaml"):
        old.unlink()
    if split:
        paths = [data / "a.yaml", data / "b.yaml"]
        paths[0].write_text(BASE + "claims:\n" + claims[0])
        paths[1].write_text("claims:\n" + "".join(claims[1:]))
    else:
        paths = [data / "claims.yaml"]
        paths[0].write_text(BASE + "claims:\n" + "".join(claims))
    return paths


def state(data: Path, use_index: bool) -> dict[str, Any]:
    """Everything a front-end can ask of the Workspace, as plain data."""
    opened = Workspace(data, PINNED_TODAY, use_index=use_index)
    corpus = opened.corpus()
    found: dict[str, Any] = {
        "problems": opened.problems,
        "summary": opened.summary(),
        "claims": sorted(corpus.claims),
        "sources": sorted(corpus.sources.values()),
    }
    if not found["summary"]["errors"]:
        found["coverage"] = opened.coverage()
        found["kenya"] = sorted(opened.corpus(countries=["KEN"], kinds=["pledge"]).claims)
    return found


def edit(path: Path, old: str, new: str, keep_times: bool) -> None:
    text = path.read_text()
    if old not in text:
        return
    status = path.stat()
    path.write_text(text.replace(old, new, 1))
    if keep_times:  # an edit that leaves size and modification time as they were
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    split=st.booleans(),
    steps=st.lists(
        st.tuples(st.sampled_from(range(len(EDITS))), st.booleans(), st.booleans(), st.booleans()),
        min_size=1,
        max_size=6,
    ),
)
def test_warm_answers_equal_cold_ones_whatever_is_edited_between_runs(monkeypatch, split, steps):
    real_load = reading.load_bytes
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        shutil.copytree(PROJECT / "tests" / "fixtures" / "corpus" / "seeds", folder / "seeds")
        (folder / "data").mkdir()
        paths = layout(folder, CLAIMS, split)
        data = folder / "data" if split else paths[0]
        monkeypatch.setenv("MSS_INDEX_DIR", str(folder / "index"))
        assert state(data, use_index=True) == state(data, use_index=False)
        for edit_number, keep_times, undo_next, during_run in steps:
            old, new = EDITS[edit_number]
            target = paths[edit_number % len(paths)]
            if during_run:
                # The editor saves while mss is reading: what was read is answered, then what is there.
                def saved_meanwhile(raw, shown, target=target, old=old, new=new, keep_times=keep_times):
                    edit(target, old, new, keep_times)
                    return real_load(raw, shown)

                monkeypatch.setattr(reading, "load_bytes", saved_meanwhile)
                state(data, use_index=True)
                monkeypatch.setattr(reading, "load_bytes", real_load)
            else:
                edit(target, old, new, keep_times)
            assert state(data, use_index=True) == state(data, use_index=False)
            if undo_next:  # back to bytes the index has seen: it must answer for these bytes
                edit(target, new, old, keep_times)
                assert state(data, use_index=True) == state(data, use_index=False)
