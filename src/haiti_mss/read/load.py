"""Data files → records: read once, decode, parse, validate. Every failure is a problem.

`load_bytes` is the whole stage for one file's bytes (the engine hands it the very buffer it
hashed); `load_file` and `load_dataset` read from disk for tests, benchmarks and `mss diff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from haiti_mss.core.files import read_data_file
from haiti_mss.core.layout import data_files, project_root, shown_path
from haiti_mss.core.memory import collector_paused
from haiti_mss.core.positions import Location
from haiti_mss.core.problems import Problem
from haiti_mss.core.records import ClaimRecord, LoadedFile, SourceRecord
from haiti_mss.read.incremental import RecordMemo
from haiti_mss.read.parse import parse_yaml
from haiti_mss.read.renamed import under_new_names
from haiti_mss.read.validate import validate_file


def load_bytes(raw: bytes, shown: str, *, old_names: bool = False) -> LoadedFile:
    """Decode, parse and validate the bytes of one data file. With `old_names`, keys renamed since
    (`read.renamed`) are read under their new names: how an older revision is read."""
    loaded = LoadedFile(shown)
    text, problem = _decoded(raw, shown)
    if problem is not None:
        loaded.problems.append(problem)
        return loaded
    root, spans, problems = parse_yaml(text, shown)
    loaded.problems.extend(problems)
    if root is not None and spans is not None:
        if old_names:
            under_new_names(root, spans)
        validate_file(root, spans, loaded)
    return loaded


def load_edited(raw: bytes, shown: str, memo: RecordMemo) -> LoadedFile:
    """`load_bytes` of a file being edited: each record `memo` has read before is taken from it
    (see `incremental`)."""
    text, problem = _decoded(raw, shown)
    if problem is None and (loaded := memo.load(text, shown)) is not None:
        return loaded
    return load_bytes(raw, shown)


def load_file(path: Path, shown: str) -> LoadedFile:
    """Read, parse and validate one data file."""
    read, problem = read_data_file(path, shown)
    if read is None:
        assert problem is not None
        return LoadedFile(shown, problems=[problem])
    return load_bytes(read.data, shown)


def _decoded(raw: bytes, shown: str) -> tuple[str, Problem | None]:
    """The text of a data file, without a UTF-8 byte order mark; or why it is not text."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        bad = raw[error.start : error.end].hex(" ").upper()
        return "", Problem(
            shown, line, column, "not-utf8", f"byte {bad} is not UTF-8; save the file as UTF-8"
        )


@dataclass(slots=True)
class Dataset:
    """Every file of a data path, loaded: for tests, benchmarks and reading an older revision."""

    root: Path  # the project root that `seeds/...` paths are relative to
    files: list[LoadedFile] = field(default_factory=list)
    outside_files: list[Problem] = field(default_factory=list)  # an empty folder, say

    @property
    def sources(self) -> list[tuple[SourceRecord, Location]]:
        return [entry for loaded in self.files for entry in loaded.sources]

    @property
    def claims(self) -> list[tuple[ClaimRecord, Location]]:
        return [entry for loaded in self.files for entry in loaded.claims]

    @property
    def problems(self) -> list[Problem]:
        return [*self.outside_files, *(problem for loaded in self.files for problem in loaded.problems)]


def load_dataset(data: Path, display: str | None = None) -> Dataset:
    """Load a data file or a folder of them. `display` is how paths are shown (as the user typed)."""
    shown = display if display is not None else str(data)
    dataset = Dataset(root=project_root(data))
    files = data_files(data)
    if not files:
        dataset.outside_files.append(Problem(shown, 1, 1, "file-unreadable", NO_DATA_FILES))
        return dataset
    with collector_paused():
        dataset.files.extend(load_file(path, shown_path(data, shown, path)) for path in files)
    return dataset


NO_DATA_FILES = "the folder holds no *.yaml files"
