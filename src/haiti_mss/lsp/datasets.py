"""Which data a document belongs to, and what a check of it gives the editor: the problems of every
file as diagnostics, and the facts that hover, completion, definition and code actions read.

A document belongs to the data `mss lsp --data PATH` names (a file, or a folder whose `*.yaml` files
are merged, as `mss check --data` reads them) when it is that file or one of that folder's files.
Otherwise a `*.yaml` file in a folder named `data` of a project (a folder at or above it holds
`seeds/`) is data: the folder is one dataset when it holds several data files, else the file is.
Any other document is not data: it gets no diagnostics, and questions about it no answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from haiti_mss.core.layout import ARCHIVE_FOLDER, data_files
from haiti_mss.core.problems import Problem, Severity
from haiti_mss.core.records import SourceRecord
from haiti_mss.lsp.text import Text

if TYPE_CHECKING:
    from lsprotocol import types

    from haiti_mss.engine.pipeline import Checked

DATA_FOLDER = "data"


def data_path_of(document: Path, given: Path | None) -> Path | None:
    """The data `document` belongs to (see the module), or None when it is not data."""
    if given is not None and (document == given or (given.is_dir() and document in data_files(given))):
        return given
    folder = document.parent
    if (
        folder.name != DATA_FOLDER
        or document.suffix not in (".yaml", ".yml")
        or document.name.startswith(".")
    ):
        return None
    if not any((above / ARCHIVE_FOLDER).is_dir() for above in (folder, *folder.parents)):
        return None
    return folder if document in data_files(folder) and len(data_files(folder)) > 1 else document


@dataclass(frozen=True, slots=True)
class SourceFact:
    record: SourceRecord
    path: Path  # the data file that defines it
    line: int  # of its `id`, from 1
    column: int


@dataclass(slots=True)
class Facts:
    """What the last check of a dataset established, for the questions an editor asks."""

    root: Path  # the project root that `seeds/…` paths are relative to
    sources: dict[str, SourceFact] = field(default_factory=dict)  # the first definition of each id
    claims: dict[str, Path] = field(default_factory=dict)  # each valid claim id, and its file
    texts: Mapping[str, Any] = field(default_factory=dict)  # intact archived texts, by source id
    quoted: Mapping[str, list[tuple[int, int]]] = field(default_factory=dict)  # verified quotes
    # Every file of the data could be read: none gave up on its records (a YAML syntax error,
    # bytes that are not text…). While a file cannot be read, the last facts that could answer.
    complete: bool = True


# The problems of a file whose records could not be read at all.
UNREADABLE = frozenset(
    {"file-unreadable", "file-too-large", "not-utf8", "empty-file", "yaml-syntax", "multiple-documents",
     "not-a-mapping", "yaml-too-deep"}
)  # fmt: skip


def facts_of(checked: Checked) -> Facts:
    facts = Facts(
        checked.root,
        texts=checked.texts,
        quoted=checked.quoted_spans or {},
        complete=not any(problem.code in UNREADABLE for problem in checked.problems),
    )
    for file in checked.files:
        for source, location in file.sources:
            line, column = location.spans.of("id")
            facts.sources.setdefault(source.id, SourceFact(source, file.path, line, column))
        for claim_id in file.claim_ids:
            facts.claims.setdefault(claim_id, file.path)
    return facts


def diagnostics_of(
    checked: Checked, texts: Mapping[Path, str], encoding: str
) -> dict[Path, list[types.Diagnostic]]:
    """Every problem of the check as a diagnostic of its file, at its position in that file's text
    (`texts` for the files open in the editor, else the file on disk), in the client's encoding.
    Every file of the data is there, with no diagnostics when it has no problem."""
    files = {file.shown: file.path for file in checked.files}
    found: dict[Path, list[types.Diagnostic]] = {path: [] for path in files.values()}
    read: dict[Path, Text] = {}
    for problem in checked.problems:
        path = files.get(problem.path)
        if path is None:  # about the data path itself (a folder without data files): no document
            continue
        if path not in read:
            read[path] = Text(texts[path] if path in texts else _on_disk(path), encoding)
        found[path].append(diagnostic(problem, read[path]))
    return found


def _on_disk(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def diagnostic(problem: Problem, text: Text) -> types.Diagnostic:
    """A problem as the editor shows it: from its position to the end of that line's text, with
    the words of `mss check`."""
    from lsprotocol import types

    from haiti_mss.present.text import visible

    offset = text.yaml_offset(problem.line, problem.column)
    start, end = text.point(offset), text.line_end(offset)
    about = f"claim {problem.claim_id}: " if problem.claim_id else ""
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=start.line, character=start.character),
            end=types.Position(line=end.line, character=end.character),
        ),
        message=visible(about + problem.message),
        severity=types.DiagnosticSeverity.Error
        if problem.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning,
        code=problem.code,
        source="mss",
    )
