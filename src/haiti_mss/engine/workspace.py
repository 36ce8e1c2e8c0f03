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
from haiti_mss.core.records import ClaimRecord, Corpus, MissionRecord
from haiti_mss.engine.pipeline import BufferMemo, Checked, check
from haiti_mss.engine.progress import Progress, silent
from haiti_mss.engine.store import NullStore, Store

Note = Callable[[str], None]
# How often a run starts again when the archive changes under it, before it gives up.
_ATTEMPTS = 3


# Above the last character any id can hold: "abc" + _LAST bounds every id that starts with "abc".
_LAST = "\U0010ffff"
# Up to this many claims, close ids are looked for among them all, as difflib does.
_SCAN_AT_MOST = 2_000


def _all_read(checked: Checked) -> bool:
    return all(file.loaded is not None for file in checked.files)


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
        one_shot: bool = False,
    ) -> None:
        """`one_shot`: the process ends after its answer (a command), so the records it loads are
        kept out of the garbage collector's sight for good; a long-lived front-end (the language
        server) leaves it False."""
        self.data, self.today, self.note, self.progress = data, today, note, progress
        self.one_shot = one_shot
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
                lambda store: check(
                    self.data, self.shown, store, self.today, progress=self.progress, one_shot=self.one_shot
                )
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
        from haiti_mss.core.files import ChangedWhileRead
        from haiti_mss.engine.index import INDEX_ERRORS

        for _ in range(_ATTEMPTS):
            try:
                return run(self.store)
            except ChangedWhileRead as changed:
                self.note(f"{changed}; checking again")
            except INDEX_ERRORS as error:
                if isinstance(self.store, NullStore):
                    raise
                self._fail(error)
        raise DataKeepsChanging("the data kept changing while mss read it; try again when it is still")

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
        *,
        include_drafts: bool = False,
        include_retired: bool = False,
    ) -> Corpus:
        """The valid records; `kinds`, `countries` and `claim_id` let the index read only the claims
        a question can use (without them, every claim). Claims marked `review: draft` are proposals
        nobody has checked yet: they are left out unless `include_drafts`, here and so in every
        answer, export and report made from these records. Claims superseded by another or
        withdrawn are left out unless `include_retired`: every answer leaves them out, while a claim
        shown in full, an export and coverage keep them."""
        corpus = self._from_index(lambda: self.checked.corpus(kinds, countries, claim_id))
        if include_drafts and include_retired:
            return corpus
        kept = [
            claim
            for claim in corpus.claims
            if (include_drafts or claim.review is None) and (include_retired or not claim.retired)
        ]
        return corpus._replace(claims=kept)

    def missions(self) -> Mapping[str, MissionRecord]:
        """Every mission the data declares, by id, in the order declared: the first is the one a
        claim without `mission:` is about. From the index without reading a claim (completion, the
        language server, --mission)."""
        return self.corpus(kinds=()).missions

    def kept_answer(self, question: str) -> Any | None:
        """The answer kept for `question` about this data; None when none is (or no index)."""
        return self._from_index(lambda: self.checked.kept_answer(question))

    def answer(self, question: str, work: Callable[[], Any]) -> Any:
        """The answer kept for `question` about this data, or `work()`, kept for next time. An
        answer holds lists, dicts, text, numbers and partial dates."""
        return self._from_index(lambda: self.checked.answer(question, work))

    def coverage(self, *, cited: bool = True) -> dict[str, Any]:
        """How completely the claims capture each source, as a plain document (see
        `analysis.coverage.document`); without `cited`, its figure lists hold only the figures a
        curator has to act on (not cited, or ignored with a reason): small however large the data."""
        from haiti_mss.analysis.coverage import document, without_cited

        def every_figure() -> dict[str, Any]:
            checked = self.checked
            # Drafts count: their quotes cite figures (`mss draft` proposes no figure twice), and
            # `mss check --strict` refuses them anyway. So do superseded and withdrawn claims: their
            # quotes show which figures a curator has looked at, and decided about.
            every_claim = self.corpus(include_drafts=True, include_retired=True)
            return document(checked.root, every_claim, checked.quoted(), checked.texts)

        if cited:
            return self.answer("coverage", every_figure)
        return self.answer("coverage without cited figures", lambda: without_cited(every_figure()))

    # -- ids, for completion and suggestions: answered from the index of ids at any size ------------

    def claims_starting(self, prefix: str, limit: int | None = None) -> list[ClaimRecord]:
        """The claims whose id starts with `prefix`, in data order."""
        return self._ids_between(prefix, prefix + _LAST, reversed_ids=False, limit=limit)

    def claims_ending(self, suffix: str, limit: int | None = None) -> list[ClaimRecord]:
        """The claims whose id ends with `suffix`, in data order."""
        return self._ids_between(suffix[::-1], suffix[::-1] + _LAST, reversed_ids=True, limit=limit)

    def countries(self) -> dict[str, str]:
        """Every country the claims name (as subject or party), with its name, by code."""

        def read() -> dict[str, str]:
            checked = self.checked
            if _all_read(checked):
                return dict(sorted(checked.corpus().country_names.items()))
            return self.store.countries([file.digest for file in checked.files])

        return self._from_index(read)

    def suggested_claim_ids(self, unknown: str) -> list[str]:
        """Up to three claim ids a person who typed `unknown` may have meant: ids that start with it,
        else close ones. Over a few thousand claims, the close ones are looked for among the ids that
        share the longest start or end with it, found in the index of ids: a typo leaves one of the
        two halves whole."""
        from difflib import get_close_matches

        starting = [claim.id for claim in self.claims_starting(unknown, limit=3)]
        if starting:
            return starting
        if self.summary()["claims"] <= _SCAN_AT_MOST:
            ids = [claim.id for claim in self.corpus(include_drafts=True, include_retired=True).claims]
            return get_close_matches(unknown, ids, n=3)
        shorter = range(len(unknown) - 1, 0, -1)
        candidates: dict[str, None] = {}
        for find, parts in (
            (self.claims_starting, (unknown[:length] for length in shorter)),
            (self.claims_ending, (unknown[-length:] for length in shorter)),
        ):
            found = next((hits for part in parts if (hits := find(part, limit=200))), [])
            candidates.update(dict.fromkeys(claim.id for claim in found))
        return get_close_matches(unknown, list(candidates), n=3)

    def _ids_between(
        self, low: str, high: str, *, reversed_ids: bool, limit: int | None
    ) -> list[ClaimRecord]:
        def read() -> list[ClaimRecord]:
            checked = self.checked
            if _all_read(checked):
                key = (lambda claim: claim.id[::-1]) if reversed_ids else (lambda claim: claim.id)
                found = [claim for claim in checked.corpus().claims if low <= key(claim) < high]
                return found[:limit] if limit is not None else found
            digests = [file.digest for file in checked.files]
            return self.store.claims_between(digests, low, high, reversed_ids=reversed_ids, limit=limit)

        return self._from_index(read)

    def coverage_totals(self) -> dict[str, int]:
        """How many figures of every source are cited, ignored or not cited, in all."""
        return self.answer("coverage totals", lambda: self.coverage(cited=False)["figures"])

    def _from_index(self, read: Callable[[], Any]) -> Any:
        from haiti_mss.engine.index import INDEX_ERRORS

        try:
            return read()
        except INDEX_ERRORS as error:
            if isinstance(self.store, NullStore):
                raise
            self._fail(error)
            return read()
