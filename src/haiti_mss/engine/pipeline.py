"""The one place that sequences the stages: read each data file, run the source and claim rules, run
the dataset rules, and say how to read the records and answers — consulting a store for every
piece of work already done, and handing it every piece done now.

What a result is kept under is what it was derived from, nothing listed by hand:

- a data file's records and reading problems: the digest of the very bytes parsed;
- a claim's rule results: the digest of the claim record, and what its rules read (each source
  record and archived text by value, each comparison with today by the days it holds for);
- a file's rule results: the same reads, gathered over its claims, so that an unchanged file whose
  sources are unchanged costs one lookup;
- a dataset's problems: its files' digests, what reading each source's archived file gave, and
  the days its comparisons with today hold for.

The pipeline never imports yaml or pydantic unless a file has to be read, nor runs a rule unless a
result is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from haiti_mss.core.files import MAX_FILE_BYTES
from haiti_mss.core.layout import data_files, project_root, shown_path
from haiti_mss.core.memory import collector_paused
from haiti_mss.core.positions import Location, Ref, ref
from haiti_mss.core.problems import Problem
from haiti_mss.core.records import (
    ClaimRecord,
    Corpus,
    Links,
    LoadedFile,
    MissionRecord,
    SourceRecord,
    declared,
    record_text,
)
from haiti_mss.engine.aside import ParsedAside, may_fork, processors
from haiti_mss.engine.progress import Progress, silent
from haiti_mss.engine.store import KnownDataset, KnownFile, RuleResults, Spans, Store
from haiti_mss.rules.reads import Reads

NO_DATA_FILES = "the folder holds no *.yaml files"
# The value of each source record or archived text that rules may read, by source id.
Values = dict[str, str]


# Plain classes, not dataclasses, as in every module a warm answer loads: `core.plain` says why.
class DataFile:
    """One file of the data in this run: its digest first (from the store's record of its status,
    or from its bytes, read once); its records only when a result must be worked out: read now
    (`loaded`), or known to the store (`known`)."""

    __slots__ = ("buffer", "data", "digest", "known", "loaded", "path", "shown")

    def __init__(
        self,
        path: Path,
        shown: str,
        digest: str,
        *,
        data: bytes | None = None,  # the bytes the digest was taken of, when they were read
        loaded: LoadedFile | None = None,
        buffer: bool = False,  # an editor's unsaved text: what it gives is not kept in the store
    ) -> None:
        self.path, self.shown, self.digest = path, shown, digest
        self.data, self.loaded, self.buffer = data, loaded, buffer
        self.known: KnownFile | None = None

    @property
    def sources(self) -> list[tuple[SourceRecord, Location]]:
        return self.loaded.sources if self.loaded is not None else self.known.sources  # type: ignore[union-attr]

    @property
    def problems(self) -> list[Problem]:
        return self.loaded.problems if self.loaded is not None else self.known.problems  # type: ignore[union-attr]

    @property
    def claim_ids(self) -> list[str]:
        if self.loaded is not None:
            return [claim.id for claim, _ in self.loaded.claims]
        return self.known.claim_ids  # type: ignore[union-attr]

    @property
    def cited(self) -> set[str]:
        return self.loaded.cited if self.loaded is not None else self.known.cited  # type: ignore[union-attr]

    @property
    def valid_cited(self) -> set[str]:
        if self.loaded is not None:
            return {claim.source for claim, _ in self.loaded.claims}
        return self.known.valid_cited  # type: ignore[union-attr]

    @property
    def missions(self) -> list[tuple[MissionRecord, Location]]:
        return self.loaded.missions if self.loaded is not None else self.known.missions  # type: ignore[union-attr]

    @property
    def links(self) -> Links:
        return self.loaded.links if self.loaded is not None else self.known.links  # type: ignore[union-attr]


class Checked:
    """The data as it is now: every problem, the counts, and how to read records and answers."""

    __slots__ = (
        "counts",
        "dataset",
        "files",
        "problems",
        "quoted_kept",
        "quoted_spans",
        "root",
        "store",
        "texts",
    )

    def __init__(
        self,
        root: Path,
        files: list[DataFile],
        problems: list[Problem],
        counts: dict[str, int],  # valid sources and claims
        store: Store,
        dataset: int,  # what answers are kept under
        # Given when this run checked the data rather than reusing a kept result:
        texts: dict[str, Any] | None = None,  # intact archived texts, by source id
        quoted_spans: dict[str, Spans] | None = None,
        # Files whose quoted spans are in the store, not yet in `quoted_spans`: read when asked for.
        quoted_kept: list[str] | None = None,
    ) -> None:
        self.root, self.files, self.problems, self.counts = root, files, problems, counts
        self.store, self.dataset = store, dataset
        self.texts = {} if texts is None else texts
        self.quoted_spans = quoted_spans
        self.quoted_kept = [] if quoted_kept is None else quoted_kept

    @property
    def shown_files(self) -> list[str]:
        return [file.shown for file in self.files]

    def corpus(
        self,
        kinds: Collection[str] | None = None,
        countries: Collection[str] | None = None,
        claim_id: str | None = None,
    ) -> Corpus:
        """The valid records; `kinds`, `countries` and `claim_id` let the store read only the claims
        a question can use (without them, every claim)."""
        if any(file.buffer for file in self.files) or all(file.loaded is not None for file in self.files):
            # A buffer's records are in no store: the other files' are read again to join them.
            corpus = corpus_from(self.root, [file.loaded or _read_again(file) for file in self.files])
            return corpus._replace(
                claims=[claim for claim in corpus.claims if _asked(claim, kinds, countries, claim_id)]
            )
        return self.store.corpus(
            self.root, [file.digest for file in self.files], self.shown_files, kinds, countries, claim_id
        )

    def quoted(self) -> dict[str, Spans]:
        """Where every verified quote sits, by source id."""
        if self.quoted_spans is None:
            self.quoted_spans, self.quoted_kept = {}, [file.digest for file in self.files]
        if self.quoted_kept:
            for source_id, spans in self.store.quoted(self.quoted_kept).items():
                self.quoted_spans.setdefault(source_id, []).extend(spans)
            self.quoted_kept = []
        return self.quoted_spans

    def kept_answer(self, question: str) -> Any | None:
        """The answer kept for `question` about this data; None when none is."""
        return self.store.kept_answer(self.dataset, question)

    def answer(self, question: str, work: Callable[[], Any]) -> Any:
        """The answer kept for `question` about this data, or `work()`, kept for next time."""
        return self.store.answer(self.dataset, question, work)


class BufferMemo:
    """What checking an editor's buffers again can take from the last check of them: each buffer's
    records by their text (`read.incremental`), and the claim rules' results of every claim of a
    buffer, by the claim's digest. Nothing derived from a buffer goes into the store: the text may
    never be saved, and an editor checks it at every keystroke."""

    __slots__ = ("claim_rules", "digests", "records")

    def __init__(self) -> None:
        self.records: dict[Path, Any] = {}  # a `read.incremental.RecordMemo` by path
        self.claim_rules: dict[str, RuleResults] = {}
        # The digest of each claim record read (the very object, which the record memo hands out
        # again while its text is unchanged), by the object's id: it holds the object, so the id is
        # its own.
        self.digests: dict[int, tuple[ClaimRecord, str]] = {}

    def records_of(self, path: Path) -> Any:
        if path not in self.records:
            from haiti_mss.read.incremental import RecordMemo

            self.records[path] = RecordMemo()
        return self.records[path]


def check(
    data: Path,
    shown: str,
    store: Store,
    today: date,
    *,
    buffers: Mapping[Path, bytes] | None = None,
    memo: BufferMemo | None = None,
    progress: Progress = silent,
    one_shot: bool = False,
) -> Checked:
    """Check the data at `data` (a file or a folder of them), from the store where it can be.
    `buffers` stand in for files on disk: an editor's unsaved text, checked against the rest, taking
    what it can from `memo` (the last check of buffers) and leaving there what the next may take.
    `one_shot`: the process ends after this answer, so what is loaded never needs collecting."""
    root = project_root(data)
    paths = data_files(data)
    if not paths:
        problem = Problem(shown, 1, 1, "file-unreadable", NO_DATA_FILES)
        return Checked(root, [], [problem], {"sources": 0, "claims": 0}, store, 0)
    buffers = buffers or {}
    files = _digests(paths, data, shown, store, buffers, progress)
    kept = store.dataset(_key(files), [file.shown for file in files]) if not buffers else None
    if kept is not None and kept.reads.holds_on(today) and _archive_unchanged(kept.archive, root, store):
        return Checked(root, files, kept.problems, kept.counts, store, kept.id)
    with collector_paused(freeze=one_shot):
        run = _Run(root, files, store, today, progress, memo)
        _records(files, store, keep=not buffers, memo=memo, meanwhile=run.prepare)
        checked, archive, reads = run.check()
    if not buffers:
        kept = KnownDataset(0, checked.problems, checked.counts, archive, reads)
        checked.dataset = store.keep_dataset(
            _key(files), [file.digest for file in files], checked.shown_files, kept
        )
    elif memo is not None:
        memo.claim_rules, memo.digests = run.buffer_claim_rules, run.buffer_digests
    store.commit()
    return checked


def _key(files: list[DataFile]) -> str:
    return "\x1f".join(file.digest for file in files)


# --- Reading the data files ------------------------------------------------------------------------


def _digests(
    paths: list[Path], data: Path, shown: str, store: Store, buffers: Mapping[Path, bytes], progress: Progress
) -> list[DataFile]:
    """Each file's digest: from the store where its status shows it unchanged, else from its
    bytes, read once (and kept for parsing). Each file's status is taken once, for its size (the
    progress shown) and for the store to compare."""
    files = []
    statuses = [_status(path) for path in paths]
    sizes = [0 if status is None else status.st_size for status in statuses]
    reading = progress.stage("reading data files", sum(sizes), "bytes")
    for path, status, size in zip(paths, statuses, sizes, strict=True):
        shown_as = shown_path(data, shown, path)
        files.append(_digest_of(path, shown_as, store, buffers.get(path), status=status))
        reading.advance(size)
    reading.done()
    return files


def _status(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _digest_of(
    path: Path,
    shown: str,
    store: Store,
    buffer: bytes | None,
    *,
    trust_status: bool = True,
    status: os.stat_result | None = None,
) -> DataFile:
    if buffer is not None:
        import hashlib  # only to check a buffer: answering from the index takes no digest

        return DataFile(path, shown, hashlib.sha256(buffer).hexdigest(), data=buffer, buffer=True)
    digest = store.known_digest(path, status) if trust_status else None
    if digest is not None:
        return DataFile(path, shown, digest)
    from haiti_mss.core.files import read_data_file

    read, problem = read_data_file(path, shown)
    if read is None:
        # Unreadable: no content has this digest, so nothing is kept for it.
        return DataFile(path, shown, f"unreadable {shown}", loaded=LoadedFile(shown, problems=[problem]))  # type: ignore[list-item]
    store.saw(path, read)
    return DataFile(path, shown, read.digest, data=read.data)


def _records(
    files: list[DataFile],
    store: Store,
    *,
    keep: bool,
    memo: BufferMemo | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Each file's records: from the store (the same bytes, seen before), or parsed from its bytes
    (read now if the store no longer holds what its status stood for). A buffer's are its text's
    own, whatever the store knows: read again from `memo` where they were read before. Files read
    now that the store does not know are parsed by a second process, where that pays, while the
    store gives what it knows of the others (`engine.aside`) and `meanwhile` works on them."""
    read_now = {file.digest: file.shown for file in files if file.loaded is None and file.data is not None}
    known = store.known_files(read_now)
    to_parse = [
        file for file in files if file.data is not None and not file.buffer and file.digest not in known
    ]
    aside = _parse_aside(to_parse, files)
    try:
        known.update(
            store.known_files(
                {
                    file.digest: file.shown
                    for file in files
                    if file.loaded is None and file.digest not in read_now
                }
            )
        )
        parsed = None
        if aside is not None:
            for file in files:
                if not file.buffer and file.loaded is None:
                    file.known = known.get(file.digest)
            if meanwhile is not None:
                meanwhile()
            parsed = aside.take()
    except BaseException:
        if aside is not None:
            aside.abandon()
        raise
    if parsed is not None:
        from haiti_mss.analysis.countries import names_known

        for file, (loaded, names) in zip(to_parse, parsed, strict=True):
            file.loaded = loaded
            names_known(names)
            if keep:
                store.keep_file(file.digest, loaded)
    for index, file in enumerate(files):
        if file.loaded is not None:
            continue
        if file.buffer and memo is not None:
            from haiti_mss.read.load import load_edited

            file.loaded = load_edited(file.data, file.shown, memo.records_of(file.path))  # type: ignore[arg-type]
            continue
        file.known = known.get(file.digest)
        if file.known is not None:
            continue
        if file.data is None:
            file = files[index] = _digest_of(file.path, file.shown, store, None, trust_status=False)
            if file.loaded is not None:
                continue
            file.known = store.known_files({file.digest: file.shown}).get(file.digest)
            if file.known is not None:
                continue
        from haiti_mss.read.load import load_bytes  # yaml and pydantic: only when a file must be parsed

        file.loaded = load_bytes(file.data, file.shown)  # type: ignore[arg-type]
        if keep:
            store.keep_file(file.digest, file.loaded)
    store.records_read()


def _parse_aside(to_parse: list[DataFile], files: list[DataFile]) -> ParsedAside | None:
    """A second process parsing `to_parse` while this one reads what the store knows of the other
    `files`, when that pays: when there are many of those (else forking, and pickling what the files
    gave, cost more than they save), the files to parse are small, and there is a second processor.
    None: they are parsed here."""
    if not to_parse:
        return None
    known_elsewhere = sum(1 for file in files if file.data is None)
    size = sum(len(file.data) for file in to_parse)  # type: ignore[arg-type]
    if known_elsewhere < _ASIDE_KNOWN_FILES or size > _ASIDE_BYTES or processors() < 2 or not may_fork():
        return None
    return ParsedAside.start([(file.data, file.shown) for file in to_parse])  # type: ignore[misc]


# Parsing edited files in a second process pays when the store has this many other files to give
# meanwhile (each costs this process about 0.1 ms, forking about 3 ms), and the files to parse are no
# larger than this: pickling and unpickling what a file gave costs about a third of parsing it, which
# a large file's parse does not win back beside the other work.
_ASIDE_KNOWN_FILES = 200
_ASIDE_BYTES = 4_000_000


# --- Checking -----------------------------------------------------------------------------------------


class _Run:
    """One run of the rules over data whose kept result no longer holds."""

    def __init__(
        self,
        root: Path,
        files: list[DataFile],
        store: Store,
        today: date,
        progress: Progress,
        memo: BufferMemo | None = None,
    ):
        self.root, self.files, self.store, self.today, self.progress = root, files, store, today, progress
        self.reads = Reads()
        self.memo = memo
        # The claim rules' results and digests of every claim of a buffer, for the next check.
        self.buffer_claim_rules: dict[str, RuleResults] = {}
        self.buffer_digests: dict[int, tuple[ClaimRecord, str]] = {}
        # What `prepare` worked out of the files known before the others were parsed (none when it
        # did not run): what is left is worked out of the other files, the same way.
        self._ready = _Ready(set(), ([], [], {}), {}, set(), 0)

    def prepare(self) -> None:
        """Work out what needs nothing of the files a second process is parsing, while it does:
        the source rules of the files the store knows, their kept claim results, and their claim
        ids as one set (`engine.aside`)."""
        ready = [file for file in self.files if file.known is not None]
        self._ready = _Ready(
            {id(file) for file in ready},
            self._source_rules([entry for file in ready for entry in file.sources]),
            self.store.file_rules({file.digest: file.shown for file in ready}),
            set().union(*(file.claim_ids for file in ready)),
            sum(len(file.claim_ids) for file in ready),
        )

    def check(self) -> tuple[Checked, dict[str, str], Reads]:
        """The result; what reading each source's archived file gave; what the rules read."""
        sources = [entry for file in self.files for entry in file.sources]
        problems, verified, archive_outcomes = self._every_source_rule()
        texts = {
            source.id: text for (source, _), text in zip(sources, verified, strict=True) if text is not None
        }
        records = {source.id: source for source, _ in sources}
        quoted: dict[str, Spans] = {}
        quoted_kept: list[str] = []
        problems.extend(problem for file in self.files for problem in file.problems)
        problems.extend(self._claim_rules(records, texts, quoted, quoted_kept))
        counts = {"sources": len(sources), "claims": sum(len(file.claim_ids) for file in self.files)}
        result = Checked(self.root, self.files, problems, counts, self.store, 0, texts, quoted, quoted_kept)
        problems.extend(self._dataset_rules(sources, texts, result.quoted))
        problems.sort(key=lambda problem: problem.sort_key)
        return result, archive_outcomes, self.reads

    def _every_source_rule(self) -> tuple[list[Problem], list[Any], dict[str, str]]:
        """`_source_rules` of every source, in data order: taken from `prepare` for the files it
        saw, worked out now for the others."""
        ready = self._ready.files
        problems, verified, outcomes = self._source_rules(
            [entry for file in self._rest() for entry in file.sources]
        )
        ready_problems, ready_verified, ready_outcomes = self._ready.sources
        problems.extend(ready_problems)
        outcomes.update(ready_outcomes)
        by_rest, by_ready = iter(verified), iter(ready_verified)
        in_order = [
            next(by_ready if id(file) in ready else by_rest) for file in self.files for _ in file.sources
        ]
        return problems, in_order, outcomes

    def _rest(self) -> list[DataFile]:
        """The files `prepare` did not see."""
        return [file for file in self.files if id(file) not in self._ready.files]

    def _source_rules(
        self, sources: list[tuple[SourceRecord, Location]]
    ) -> tuple[list[Problem], list[Any], dict[str, str]]:
        """The source rules; each source's archived text, when found intact (else None), in order;
        and what reading each source's file gave (what the dataset's result holds for)."""
        from haiti_mss.rules.registered import of_scope
        from haiti_mss.rules.registry import Scope, SourceContext

        archive = _archive(self.root, self.store, [source.file for source, _ in sources])
        rules = of_scope(Scope.SOURCE)
        problems: list[Problem] = []
        verified: list[Any] = []
        checking = self.progress.stage("checking sources", len(sources), "sources")
        for source, location in sources:
            context = SourceContext(archive, self.today)
            for rule in rules:
                context.running(rule)
                problems.extend(location.placed(finding) for finding in rule.check(source, context))
            self.reads.merge(context.reads)
            verified.append(context.verified)
            checking.advance()
        checking.done()
        return problems, verified, archive.outcomes()

    def _claim_rules(
        self,
        sources: dict[str, SourceRecord],
        texts: dict[str, Any],
        quoted: dict[str, Spans],
        quoted_kept: list[str],
    ) -> Iterator[Problem]:
        """The claim rules of every file: a file's kept results where what they read is unchanged,
        else each claim's kept results where its reads are unchanged, else the rules. Where their
        quotes sit goes into `quoted`, or, for a file whose results were kept, stays in the store
        (its digest is added to `quoted_kept`): few checks ask for it."""
        source_values = {source_id: _digest(record_text(record)) for source_id, record in sources.items()}
        archive_values = {source_id: text.sha256 for source_id, text in texts.items()}
        total = sum(len(file.claim_ids) for file in self.files)
        checking = self.progress.stage("checking claims", total, "claims")
        kept_rules = self._ready.rules | self.store.file_rules(
            {file.digest: file.shown for file in self._rest() if file.loaded is None}
        )
        for file in self.files:
            kept = kept_rules.get(file.digest)
            if kept is None or not self._still_hold(kept.reads, source_values, archive_values):
                kept = self._file_claim_rules(file, sources, texts, source_values, archive_values, checking)
                if not file.buffer:
                    self.store.keep_file_rules(file.digest, kept)
            else:
                checking.advance(len(file.claim_ids))
            self.reads.merge(kept.reads)
            if kept.quoted is None:
                quoted_kept.append(file.digest)
            else:
                for source_id, spans in kept.quoted.items():
                    quoted.setdefault(source_id, []).extend(spans)
            yield from kept.problems
        checking.done()

    def _file_claim_rules(
        self,
        file: DataFile,
        sources: dict[str, SourceRecord],
        texts: dict[str, Any],
        source_values: Values,
        archive_values: Values,
        checking: Any,
    ) -> RuleResults:
        from haiti_mss.rules.registered import of_scope
        from haiti_mss.rules.registry import ClaimContext, Scope

        claims = (file.loaded or _read_again(file)).claims
        digests = (
            self._digests(claims) if file.buffer else [_digest(record_text(claim)) for claim, _ in claims]
        )
        kept = self._kept_claim_rules(file, digests)
        rules = of_scope(Scope.CLAIM)
        context = ClaimContext(sources, texts, self.today, source_values)
        every: dict[str, RuleResults] = {}
        results = RuleResults(Reads(), {}, [], [])
        for (claim, location), digest in zip(claims, digests, strict=True):
            claim_results = kept.get(digest)
            if claim_results is None or not self._still_hold(
                claim_results.reads, source_values, archive_values
            ):
                claim_results = _run_claim_rules(claim, rules, context.for_claim())
            if file.buffer:  # nothing is kept for a buffer, so what it read need not be gathered
                self.buffer_claim_rules[digest] = claim_results
            else:
                every[digest] = claim_results
                results.reads.merge(claim_results.reads)
            for source_id, spans in claim_results.quoted.items():
                results.quoted.setdefault(source_id, []).extend(spans)
            if claim_results.findings:
                results.problems.extend(
                    location.placed(finding, claim.id) for finding in claim_results.findings
                )
            checking.advance()
        if not file.buffer:
            self.store.keep_claim_rules(file.digest, every)
        return results

    def _digests(self, claims: list[tuple[ClaimRecord, Location]]) -> list[str]:
        """The digests of a buffer's claims: those of the records the last check read too are
        remembered."""
        remembered = self.memo.digests if self.memo is not None else {}
        digests = []
        for claim, _ in claims:
            known = remembered.get(id(claim))
            if known is None or known[0] is not claim:
                known = (claim, _digest(record_text(claim)))
            self.buffer_digests[id(claim)] = known
            digests.append(known[1])
        return digests

    def _kept_claim_rules(self, file: DataFile, digests: list[str]) -> dict[str, RuleResults]:
        """The results kept for the claims of `file`, by their digests: for a buffer's, first
        those of the last check of buffers, then the store's."""
        if not file.buffer or self.memo is None:
            return self.store.claim_rules(file.path, file.digest, digests)
        remembered = self.memo.claim_rules
        kept = {digest: remembered[digest] for digest in digests if digest in remembered}
        missing = [digest for digest in digests if digest not in kept]
        if missing:
            kept.update(self.store.claim_rules(file.path, file.digest, missing))
        return kept

    def _still_hold(self, reads: Reads, source_values: Values, archive_values: Values) -> bool:
        return (
            reads.holds_on(self.today)
            and _agree(reads.sources, source_values)
            and _agree(reads.archives, archive_values)
        )

    def _dataset_rules(
        self,
        sources: list[tuple[SourceRecord, Location]],
        texts: dict[str, Any],
        quoted: Callable[[], dict[str, Spans]],
    ) -> Iterator[Problem]:
        from haiti_mss.rules.dataset_rules import DatasetFacts
        from haiti_mss.rules.registered import of_scope
        from haiti_mss.rules.registry import Scope

        facts = DatasetFacts(
            sources=sources,
            cited=set().union(*(file.cited for file in self.files)),
            texts=texts,
            repeated_claim_ids=self._repeated_claim_ids,
            undefined_sources=self._undefined_sources,
            quoted=quoted,
            missions=[entry for file in self.files for entry in file.missions],
            links=self._links,
            link_refs=self._link_refs,
            claim_ids=lambda: [claim_id for file in self.files for claim_id in file.claim_ids],
        )
        for rule in of_scope(Scope.DATASET):
            yield from rule.check(facts)

    def _repeated_claim_ids(self) -> list[Ref]:
        """Where each claim id used more than once is written, in data order. Each file's claim ids
        are at hand, so only files holding a repeated id are read with positions."""
        from collections import Counter
        from itertools import chain

        rest = [file.claim_ids for file in self._rest()]
        every = self._ready.claim_ids.union(*rest)  # `prepare`'s ids, with the others': in C
        if len(every) == self._ready.claim_count + sum(map(len, rest)):  # the usual case
            return []
        by_file = [file.claim_ids for file in self.files]
        counts = Counter(chain.from_iterable(by_file))
        repeated = {claim_id for claim_id, count in counts.items() if count > 1}
        return [
            reference
            for file in self.files
            if not repeated.isdisjoint(file.claim_ids)
            for reference in self._refs(file, "id")
            if reference.id in repeated
        ]

    def _undefined_sources(self, known: set[str]) -> list[Ref]:
        return [
            reference
            for file in self.files
            if not file.valid_cited <= known
            for reference in self._refs(file, "source")
            if reference.id not in known
        ]

    def _links(self, name: str) -> list[tuple[str, str]]:
        return [link for file in self.files for link in file.links[name]]

    def _link_refs(self, name: str, links: Collection[tuple[str, str]]) -> list[Ref]:
        """Where the field `name` is written in the claims that give these (claim id, value) links:
        a file the store knows is read again for it, as a problem was found there."""
        wanted = set(links)
        return [
            ref(getattr(claim, name), location, name, claim.id)
            for file in self.files
            if not wanted.isdisjoint(file.links[name])
            for claim, location in (file.loaded or _read_again(file)).claims
            if (claim.id, getattr(claim, name)) in wanted
        ]

    def _refs(self, file: DataFile, column: str) -> list[Ref]:
        if file.loaded is None:
            return self.store.claim_refs(file.digest, file.shown, column)
        return [
            ref(getattr(claim, column), location, column, claim.id) for claim, location in file.loaded.claims
        ]


class _Ready(NamedTuple):
    """What `_Run.prepare` worked out of the files the store knew, while the others were parsed."""

    files: set[int]  # which (by identity)
    sources: tuple[list[Problem], list[Any], dict[str, str]]  # `_Run._source_rules` of their sources
    rules: dict[str, RuleResults]  # their kept claim results (`Store.file_rules`)
    claim_ids: set[str]  # of them all
    claim_count: int


def _agree(read: Values, now: Values) -> bool:
    """Every value that was read is the value now ("" for one that was not there, nor is)."""
    # The items' subset test runs in C; only a read of something missing needs the loop.
    return read.items() <= now.items() or all(now.get(key, "") == value for key, value in read.items())


def _read_again(file: DataFile) -> LoadedFile:
    """The records and positions of a file the store knows, read again: its claims' rules must run
    again (a source they cite changed), and the index keeps no claim's every position."""
    from haiti_mss.core.files import ChangedWhileRead, read_once
    from haiti_mss.read.load import load_bytes

    read = read_once(file.path, MAX_FILE_BYTES, "file-too-large")
    if read.digest != file.digest:
        raise ChangedWhileRead(f"{file.shown} changed while it was being checked")
    return load_bytes(read.data, file.shown)


def _run_claim_rules(claim: ClaimRecord, rules: tuple[Any, ...], context: Any) -> RuleResults:
    findings = []
    for rule in rules:
        context.running(rule)
        findings.extend(rule.check(claim, context))
    return RuleResults(context.reads, dict(context.quoted), [], findings)


# --- The archive ---------------------------------------------------------------------------------


def _archive(root: Path, store: Store, files: Collection[str]) -> Any:
    """The archive of `root`, knowing the digest of every named file the store knows unchanged."""
    from haiti_mss.analysis.archive import Archive, archived_path

    known = {}
    for file in files:
        path = archived_path(root, file)
        if path is not None and (digest := store.known_digest(path)) is not None:
            known[file] = (path, digest)
    return Archive(root, known, store.saw)


def _archive_unchanged(outcomes: dict[str, str], root: Path, store: Store) -> bool:
    """Whether reading each source's file would give what it gave when a result was kept. A file
    that was read intact and whose status is unchanged is taken as it was (a `file` that gave a
    digest was found inside the archive then); any other is looked at again."""
    folder = os.fspath(root)
    others = {}
    for file, outcome in outcomes.items():
        if not outcome.startswith(_INTACT):
            others[file] = outcome
        elif (digest := store.known_digest(f"{folder}/{file}")) is None:
            others[file] = outcome  # unknown now (written just before it was read): read it again
        elif digest != outcome[len(_INTACT) :]:
            return False
    if not others:
        return True
    archive = _archive(root, store, others.keys())
    return all(archive.outcome(file) == outcome for file, outcome in others.items())


_INTACT = "sha256 "  # the outcome of reading an archived file whole: "sha256 <its digest>"


# --- Records -------------------------------------------------------------------------------------------


def corpus_from(root: Path, files: list[LoadedFile]) -> Corpus:
    """The valid records of files read this run, as questions are answered from them."""
    from haiti_mss.analysis.countries import CountryNames

    claims = [entry for loaded in files for entry in loaded.claims]
    return Corpus(
        root=root,
        sources={source.id: source for loaded in files for source, _ in loaded.sources},
        claims=[claim for claim, _ in claims],
        positions={claim.id: location.where("id") for claim, location in claims},
        country_names=CountryNames(claim for claim, _ in claims),
        missions=declared(mission for loaded in files for mission, _ in loaded.missions),
    )


def _asked(
    claim: ClaimRecord, kinds: Collection[str] | None, countries: Collection[str] | None, claim_id: str | None
) -> bool:
    """The claim is of one of `kinds`, about one of `countries` (as subject or party), with the id
    `claim_id`: as the store selects them."""
    return (
        (kinds is None or claim.kind in kinds)
        and (
            countries is None
            or claim.country in countries
            or any(party in countries for party in claim.parties)
        )
        and (claim_id is None or claim.id == claim_id)
    )


def _digest(text: str) -> str:
    import hashlib  # only when rules run: answering from the index takes no digest

    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
