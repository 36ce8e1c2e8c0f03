"""The façade every front-end uses: open a data path, ask what it holds.

The command line, the curation commands, the language server and the report all open a `Workspace`
and ask it for problems, the summary, records, coverage and answers, or to check an unsaved buffer
against the rest. It runs the pipeline once, with the index as its store (or none, `--no-cache`),
and falls back to the data itself whenever the index fails: an answer never depends on the index
being sound.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from haiti_mss.core.problems import Problem, Severity, of_severity
from haiti_mss.core.records import Corpus
from haiti_mss.engine.pipeline import BufferMemo, Checked, check
from haiti_mss.engine.progress import Progress, silent
from haiti_mss.engine.store import NullStore, Store

Note = Callable[[str], None]
# How often a run starts again when the archive changes under it, before it gives up.
_ATTEMPTS = 3


def quiet(message: str) -> None:
    """Notes are for --verbose; by default nobody hears them."""


class DataKeepsChanging(RuntimeError):
    """The archive changed every time mss read the data."""


class Workspace:
    def __init__(
        self,
        data: Path,
        today: date,
        *,
        shown: str | None = None,
        use_index: bool = True,
        note: Note = quiet,
        progress: Progress = silent,
    ) -> None:
        self.data, self.today, self.note, self.progress = data, today, note, progress
        self.shown = shown if shown is not None else str(data)
        self.use_index = use_index
        self._store: Store | None = None
        self._checked: Checked | None = None
        self._buffer_memo = BufferMemo()

    # -- the check ------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = NullStore()
            if self.use_index:
                from haiti_mss.engine.index import Index

                self._store = Index.open(self.data, self.note) or NullStore()
        return self._store

    @property
    def checked(self) -> Checked:
        if self._checked is None:
            self._checked = self._run(
                lambda store: check(self.data, self.shown, store, self.today, progress=self.progress)
            )
        return self._checked

    def check_buffers(self, buffers: Mapping[Path, bytes]) -> Checked:
        """The data checked with `buffers` (an editor's unsaved text, by file) in place of those
        files on disk, against the rest as it is now. What the last check of buffers read and
        found is kept in memory and taken again where it still holds: an edit costs what the
        records it changes cost."""
        return self._run(
            lambda store: check(
                self.data,
                self.shown,
                store,
                self.today,
                buffers=buffers,
                memo=self._buffer_memo,
                progress=self.progress,
            )
        )

    def _run(self, run: Callable[[Store], Checked]) -> Checked:
        from haiti_mss.analysis.archive import ArchiveChanged
        from haiti_mss.engine.index import INDEX_ERRORS

        for _ in range(_ATTEMPTS):
            try:
                return run(self.store)
            except ArchiveChanged as changed:
                self.note(f"{changed}; checking again")
            except INDEX_ERRORS as error:
                if isinstance(self.store, NullStore):
                    raise
                self._fail(error)
        raise DataKeepsChanging("the archive kept changing while mss read it; try again when it is still")

    def _fail(self, error: BaseException) -> None:
        """Give up on the index for the rest of this run: the data itself answers."""
        fail = getattr(self.store, "fail", None)
        if fail is not None:
            fail(error)
        self._store = NullStore()
        self._checked = None

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems

    @property
    def files(self) -> list[str]:
        return self.checked.shown_files

    @property
    def root(self) -> Path:
        return self.checked.root

    def summary(self) -> dict[str, int]:
        """What was checked and what was found: files, sources, claims, errors, warnings."""
        checked = self.checked
        return {
            "files": len(checked.files),
            **checked.counts,
            "errors": len(of_severity(checked.problems, Severity.ERROR)),
            "warnings": len(of_severity(checked.problems, Severity.WARNING)),
        }

    # -- records and answers ------------------------------------------------------------------------------

    def corpus(
        self,
        kinds: Collection[str] | None = None,
        countries: Collection[str] | None = None,
        claim_id: str | None = None,
    ) -> Corpus:
        """The valid records; `kinds`, `countries` and `claim_id` let the index read only the claims
        a question can use (without them, every claim)."""
        return self._from_index(lambda: self.checked.corpus(kinds, countries, claim_id))

    def answer(self, question: str, work: Callable[[], Any]) -> Any:
        """The answer kept for `question` about this data, or `work()`, kept for next time. An
        answer holds lists, dicts, text, numbers and partial dates."""
        return self._from_index(lambda: self.checked.answer(question, work))

    def coverage(self) -> dict[str, Any]:
        """How completely the claims capture each source, as a plain document (see
        `analysis.coverage.document`)."""
        from haiti_mss.analysis.coverage import document

        def work() -> dict[str, Any]:
            checked = self.checked
            return document(checked.root, self.corpus(), checked.quoted(), checked.texts)

        return self.answer("coverage", work)

    def _from_index(self, read: Callable[[], Any]) -> Any:
        from haiti_mss.engine.index import INDEX_ERRORS

        try:
            return read()
        except INDEX_ERRORS as error:
            if isinstance(self.store, NullStore):
                raise
            self._fail(error)
            return read()
