"""An editor's unsaved text checked against the rest (`Workspace.check_buffers`) gives exactly what
`mss check` gives once the text is saved — however many checks of buffers came before in the same
Workspace, whose memory of them (records by text, claim results, digests) must never answer
differently from a fresh run: edits, an archived file changed, a new day, files read from the index."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from haiti_mss.core.problems import CATALOG
from haiti_mss.engine.workspace import Workspace

from conftest import CORPUS, FIXTURES, KENYA_PLEDGE, ONE_CLAIM, PINNED_TODAY, SOURCE_004

FIXTURE_FILES = sorted((FIXTURES / "valid").glob("*.yaml")) + sorted((FIXTURES / "invalid").glob("*.yaml"))


def outcome(checked: Any) -> dict[str, Any]:
    """What a check found: problems, counts, where verified quotes sit, and the valid records."""
    corpus = checked.corpus()
    return {
        "problems": checked.problems,
        "counts": checked.counts,
        "quoted": {source: sorted(spans) for source, spans in checked.quoted().items()},
        "claims": corpus.claims,
        "sources": corpus.sources,
        "positions": {claim.id: corpus.positions[claim.id] for claim in corpus.claims},
    }


def saved(data: Path, files: dict[str, bytes], today=PINNED_TODAY) -> dict[str, Any]:
    """What a fresh check without the index finds once `files` (by name, in the data's folder) are
    saved, in a copy of the project."""
    folder = data if data.is_dir() else data.parent
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(folder.parent, copy)
        for name, text in files.items():
            (copy / folder.name / name).write_bytes(text)
        copied = copy / folder.name / ("" if data.is_dir() else data.name)
        return outcome(Workspace(copied, today, shown=str(data), use_index=False).checked)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_buffer_of_every_fixture_is_checked_as_the_saved_file_is(project: Path, fixture: Path) -> None:
    data = project / "data" / "claims.yaml"
    data.write_text(ONE_CLAIM)  # on disk: something else
    opened = Workspace(data, PINNED_TODAY, use_index=True)
    text = fixture.read_bytes()
    assert outcome(opened.check_buffers({data: text})) == saved(data, {"claims.yaml": text})
    assert outcome(opened.check_buffers({data: text})) == saved(data, {"claims.yaml": text})


def test_a_buffer_check_leaves_nothing_in_the_index(project: Path) -> None:
    """The text may never be saved, and an editor checks it at every keystroke."""
    import sqlite3

    data = project / "data" / "claims.yaml"
    data.write_text(ONE_CLAIM)
    opened = Workspace(data, PINNED_TODAY, use_index=True)
    assert opened.problems == []
    index = opened.store.path  # type: ignore[attr-defined]

    def rows() -> dict[str, int]:
        with sqlite3.connect(index) as db:
            return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("files", "file_rules", "claim_rules", "datasets")}  # fmt: skip

    before = rows()
    for number in range(3):
        text = ONE_CLAIM.replace("personnel: 1000", f"personnel: 10{number}0")
        opened.check_buffers({data: text.encode()})
    assert rows() == before


# --- Edits, one check after another -------------------------------------------------------------

# The catalog's claims: a pledge, a vote and an event (a list of parties).
DRAFT = CATALOG["mandate-before-as-of"].passing.removeprefix(ONE_CLAIM)  # type: ignore[union-attr]
PACT = CATALOG["weekday-mismatch"].passing.removeprefix(ONE_CLAIM)  # type: ignore[union-attr]
CLAIMS = [KENYA_PLEDGE, DRAFT, PACT]
EDITS = [
    ("personnel: 1000", "personnel: 1200"),  # a figure the quote does not state
    ("as_of: 2023-09\n    action", "as_of: 2023-10\n    action"),  # after the source: an error
    ("as_of: 2023-09-25", "as_of: 2023-09-26"),  # a weekday the quote contradicts
    ("source: nations-join\n    quote: The US", "source: nations-joins\n    quote: The US"),  # unknown
    ("id: usa-ecu-draft", "id: ken-pledge"),  # a duplicate id, across files when split
    ("published: 2023-09", "published: 2023-07"),
    ("1,000 security", "1000 security"),  # the quote no longer in the source
    ("stage: committed", "stage: targeted"),  # not a stage
    ("  - id: usa-ken-pact", "# a comment\n  - id: usa-ken-pact"),  # every line below moves
    (
        "    action: draft_circulated\n",
        "    action: draft_circulated\n    action: adopted\n",
    ),  # a duplicate key
    ("    parties: [USA, KEN]\n", '    parties: [USA, KEN]\n    note: "unclosed\n'),  # a syntax error
    ("claims:\n", "claims:\n" + KENYA_PLEDGE.replace("ken-pledge", "ken-pledge-copy")),
]


def layout(folder: Path, split: bool) -> tuple[Path, dict[str, str]]:
    """A dataset in `folder`/data: one file, or a folder of two with the sources in the first."""
    data = folder / "data"
    if split:
        files = {"a.yaml": SOURCE_004 + "claims:\n" + CLAIMS[0], "b.yaml": "claims:\n" + "".join(CLAIMS[1:])}
    else:
        files = {"claims.yaml": SOURCE_004 + "claims:\n" + "".join(CLAIMS)}
    for name, text in files.items():
        (data / name).write_text(text)
    return (data if split else data / "claims.yaml"), files


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    split=st.booleans(),
    use_index=st.booleans(),
    all_open=st.booleans(),
    steps=st.lists(
        st.tuples(
            st.sampled_from(range(len(EDITS))),
            st.booleans(),
            st.sampled_from(["edit", "undo", "seed", "day"]),
        ),
        min_size=1,
        max_size=6,
    ),
)
# Found by the search: the files on disk were checked under the archive put back, with the results
# kept by the first check, but where their quotes sit was read from the results of the check made
# while the archive was changed.
@example(split=True, use_index=True, all_open=False, steps=[(0, False, "seed")])
def test_buffers_edited_one_check_after_another_are_checked_as_saved_files_are(
    split, use_index, all_open, steps
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        shutil.copytree(CORPUS / "seeds", folder / "seeds")
        (folder / "data").mkdir()
        data, files = layout(folder, split)
        opened = Workspace(data, PINNED_TODAY, use_index=use_index)
        assert opened.problems == saved(data, {})["problems"]  # the index knows the files on disk
        # The files open in the editor; any other is read from disk (or the index).
        buffers = {name: text.encode() for name, text in sorted(files.items())[: None if all_open else 1]}
        history = [dict(buffers)]
        for edit_number, in_last_file, what in steps:
            name = sorted(buffers)[-1 if in_last_file else 0]
            if what == "undo" and len(history) > 1:
                history.pop()
                buffers = dict(history[-1])
            elif what == "seed":  # the archived article changes under the editor, then is put back
                seed = folder / "seeds" / "004_a40b01aed8d90bdc.txt"
                original = seed.read_bytes()
                seed.write_bytes(original.replace(b"1,000", b"2,000"))
                checked = opened.check_buffers({_path(data, n): text for n, text in buffers.items()})
                assert outcome(checked) == saved(data, buffers)
                seed.write_bytes(original)
            elif what == "day":  # the editor stays open past midnight
                opened.today = opened.today + timedelta(days=400)
            else:
                old, new = EDITS[edit_number]
                buffers[name] = buffers[name].replace(old.encode(), new.encode(), 1)
                history.append(dict(buffers))
            checked = opened.check_buffers({_path(data, n): text for n, text in buffers.items()})
            assert outcome(checked) == saved(data, buffers, opened.today)


def _path(data: Path, name: str) -> Path:
    return data / name if data.is_dir() else data
