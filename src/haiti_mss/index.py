"""The validated index: what loading and checking established, kept in SQLite beside the data.

A question about unchanged data is answered from the index without parsing any YAML. Every stored
result is keyed by what it depends on, so that a change invalidates exactly what it must:

- a data file's records and load problems: the digest of the file's bytes;
- the results of the per-claim rules (quotes, figures, dates) for a file: that digest and a digest
  of everything else those rules read: the records and archived texts of the sources the file's
  claims cite, and today's date as far as it matters (below);
- the whole dataset's problems: the digests of every data file and every archived text, and today.

Today matters only to the rule that no date may be after it, so a result holds for every day after
the latest date it checked: the keys carry today, or that latest date if it is earlier. A new day
does not make every claim be checked again.

Everything also carries the program's fingerprint (its version and code), so a new version starts a
new index. Digests are sha256. Reading every byte of every file on every question would cost more
than answering it, so, as git does, a file whose size, mtime, ctime and inode are those recorded
with its digest is taken to be unchanged, unless it was written within a second of being hashed
(a second write in the same clock tick could go unseen), in which case it is hashed again.

The index is never trusted blindly. A file that is not a SQLite database, a truncated, locked or
unwritable one, rows that do not decode: each means the index is rebuilt or bypassed, with a note
under --verbose, and the answer comes from the data. Apart from `mss export sqlite`, only this
module imports sqlite3; yaml and pydantic are imported only when data has to be read.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from haiti_mss import __version__
from haiti_mss.dates import InvalidDate, PartialDate
from haiti_mss.layout import ARCHIVE_FOLDER, data_files, index_folder, path_digest, project_root, shown_path
from haiti_mss.problems import Problem
from haiti_mss.records import ClaimRecord, Corpus, IgnoredFigure, SourceRecord

if TYPE_CHECKING:
    from haiti_mss.check import ClaimsChecked, Ref
    from haiti_mss.load import LoadedFile, Location, Spans

# Bump when what is stored, or how, changes: an index of another format is rebuilt.
FORMAT = 4
# Results kept for this many versions of the data (each edit, each new day makes one); older ones,
# and the records no kept version uses, are removed.
VERSIONS_KEPT = 8
# Answers longer than this are worked out again each time: long listings cost more to write than
# to produce, and they are not what anyone asks for twice in a second.
ANSWER_ROWS_KEPT = 2_000
INDEX_FILE = "index.sqlite"
# A file written this close to when it was hashed is hashed again next time (see above).
_RACY_NS = 1_000_000_000

Note = Callable[[str], None]
# What can go wrong with an index on disk: SQLite's errors, and rows that do not decode.
INDEX_ERRORS = (sqlite3.Error, OSError, ValueError, KeyError, TypeError, IndexError, InvalidDate)

# The digest of a file that cannot be read; no content has it.
UNREADABLE = "unreadable"

_CLAIM_FIELDS = list(ClaimRecord._fields)
_SOURCE_FIELDS = list(SourceRecord._fields)

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stats (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,
    hashed_ns INTEGER, digest TEXT NOT NULL
);
CREATE TABLE files (
    digest TEXT PRIMARY KEY, problems TEXT NOT NULL, cited TEXT NOT NULL,
    sources INTEGER NOT NULL, claims INTEGER NOT NULL,
    claim_ids TEXT NOT NULL, valid_cited TEXT NOT NULL, latest TEXT NOT NULL
);
CREATE TABLE sources (
    data_file TEXT NOT NULL, seq INTEGER NOT NULL, {", ".join(f'"{name}"' for name in _SOURCE_FIELDS)},
    spans TEXT NOT NULL, PRIMARY KEY (data_file, seq)
);
CREATE TABLE claims (
    data_file TEXT NOT NULL, seq INTEGER NOT NULL, {", ".join(f'"{name}"' for name in _CLAIM_FIELDS)},
    id_line INTEGER, id_column INTEGER, source_line INTEGER, source_column INTEGER,
    spans TEXT NOT NULL, PRIMARY KEY (data_file, seq)
);
CREATE INDEX claims_by_id ON claims (id);
CREATE TABLE claim_rules (
    data_file TEXT NOT NULL, context TEXT NOT NULL, problems TEXT NOT NULL, quoted TEXT NOT NULL,
    PRIMARY KEY (data_file, context)
);
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, problems TEXT NOT NULL,
    sources INTEGER NOT NULL, claims INTEGER NOT NULL
);
CREATE TABLE dataset_files (dataset INTEGER NOT NULL, digest TEXT NOT NULL);
CREATE INDEX dataset_files_by_digest ON dataset_files (digest);
CREATE TABLE answers (
    dataset INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (dataset, question)
);
CREATE TABLE countries (code TEXT PRIMARY KEY, name TEXT NOT NULL);
"""


# --- What a command gets ------------------------------------------------------------------------


class Snapshot(NamedTuple):
    """The data as it is now: its problems, its counts, and a way to read its valid records."""

    root: Path
    files: list[str]  # as messages show them
    problems: list[Problem]
    counts: dict[str, int]  # sources and claims that passed validation
    read: Callable[..., Corpus]  # read(kinds=None, country=None, claim_id=None) -> Corpus
    # remember(question, work, build) -> build(the answer given before for this data, or work() now)
    remember: Callable[[str, Callable[[], Any], Callable[[Any], Any]], Any] = lambda question, work, build: (
        build(work())
    )

    def corpus(
        self, kinds: Iterable[str] | None = None, country: str | None = None, claim_id: str | None = None
    ) -> Corpus:
        """The valid records; `kinds`, `country` and `claim_id` let the index read only the claims
        a question can use (a corpus read without them holds every claim)."""
        return self.read(kinds=kinds, country=country, claim_id=claim_id)

    def answer(self, question: str, work: Callable[[], Any], build: Callable[[Any], Any]) -> Any:
        """`build` of the answer to `question` about this data: the one the index kept, if it was
        asked before and builds; else `work()`, kept for next time. An answer holds lists, dicts,
        text, numbers and partial dates."""
        return self.remember(question, work, build)


def snapshot(
    data: Path, shown: str, today: date, *, use_index: bool = True, note: Note = lambda _: None
) -> Snapshot:
    """Check the data, from the index where it is still valid, and say how to read it."""
    if use_index and data_files(data):
        index = Index.open(data, note)
        if index is not None:
            try:
                return index.snapshot(data, shown, today)
            except INDEX_ERRORS as error:
                index.fail(error)
    return from_data(data, shown, today)


def from_data(data: Path, shown: str, today: date) -> Snapshot:
    """Load and check everything, with no index: `--no-cache`, or when the index cannot be used."""
    from haiti_mss.check import check
    from haiti_mss.load import load_dataset

    dataset = load_dataset(data, shown)
    result = check(dataset, today)
    corpus = dataset.corpus()
    counts = {"sources": len(corpus.sources), "claims": len(corpus.claims)}
    return Snapshot(
        dataset.root, [loaded.shown for loaded in dataset.files], result.problems, counts, lambda **_: corpus
    )


def _corpus_from_data(data: Path, shown: str) -> Corpus:
    """The valid records read afresh, when the index fails after the data was checked."""
    from haiti_mss.load import load_dataset

    return load_dataset(data, shown).corpus()


# --- Digests ------------------------------------------------------------------------------------


def program_fingerprint() -> str:
    """The version and the code of this program: a changed rule must not serve old results."""
    described = [str(FORMAT), __version__]
    with os.scandir(Path(__file__).parent) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.endswith(".py"):
                status = entry.stat()
                described.append(f"{entry.name} {status.st_size} {status.st_mtime_ns}")
    return _key_of(described)


def _key_of(parts: Iterable[str]) -> str:
    """A key that holds its parts whole. Longer than a digest of them, but taking a digest means
    loading hashlib (OpenSSL) on every run, which costs more than reading the index."""
    return _UNIT.join(parts)


# Separators for lists kept in one column. Text in the data cannot hold these control characters
# (the model refuses them), so splitting on them is exact.
_UNIT, _RECORD = "\x1f", "\x1e"


def _joined(values: Iterable[str]) -> str:
    return _UNIT.join(values)


def _split(text: str) -> list[str]:
    return text.split(_UNIT) if text else []


def _content_digest(path: Path | str) -> str:
    import hashlib  # only when a file's bytes must be read again

    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


# --- The index on disk --------------------------------------------------------------------------


class Index:
    """An open index: its connection, and what this run has learnt of file digests."""

    def __init__(self, path: Path, connection: sqlite3.Connection, note: Note) -> None:
        self.path = path
        self.db = connection
        self.note = note
        self._stats: dict[str, tuple[int, int, int, int, int, str]] | None = None
        self._stat_updates: list[tuple[Any, ...]] = []
        self._dates: dict[str, PartialDate] = {}

    @classmethod
    def open(cls, data: Path, note: Note) -> Index | None:
        """The index for `data`: beside the data, else (a read-only folder) in the user's cache
        folder. An index that cannot be opened is removed and started again; None when there is no
        usable place, or another mss holds the index locked."""
        for folder in _index_folders(data):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                note(f"no index in {folder}: {error}")
                continue
            if not os.access(folder, os.W_OK):
                note(f"no index in {folder}: the folder cannot be written")
                continue
            path = folder / INDEX_FILE
            for attempt in ("open", "start again"):
                try:
                    return cls._connect(path, note)
                except INDEX_ERRORS as error:
                    if _locked(error):
                        note(f"the index in {folder} is locked by another mss; answering without it")
                        return None
                    note(
                        f"the index {path} cannot be opened ({error}); "
                        + ("starting it again" if attempt == "open" else "giving up")
                    )
                    path.unlink(missing_ok=True)
        return None

    @classmethod
    def _connect(cls, path: Path, note: Note) -> Index:
        connection = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        try:
            connection.execute("PRAGMA synchronous = NORMAL")
            index = cls(path, connection, note)
            index._prepare()
        except INDEX_ERRORS:
            connection.close()
            raise
        return index

    def _prepare(self) -> None:
        """Start afresh when the index is empty, of another format, or of another program."""
        fingerprint = program_fingerprint()
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" in tables:
            stored = dict(self.db.execute("SELECT key, value FROM meta"))
            if stored.get("program") == fingerprint:
                return
            self.note(f"the index in {self.path} is of another program version; rebuilding it")
        self.db.execute("BEGIN IMMEDIATE")
        for table in tables:
            self.db.execute(f'DROP TABLE IF EXISTS "{table}"')
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)  # not executescript, which would commit half-way
        self.db.execute("INSERT INTO meta VALUES ('program', ?)", (fingerprint,))
        self.db.execute("COMMIT")

    def fail(self, error: Exception) -> None:
        """Give up on an index that failed, and remove it, so that the next run builds a new one;
        but leave an index another mss holds locked to it."""
        try:
            self.db.close()  # rolls back what was not committed
        except sqlite3.Error as closing:
            self.note(f"closing the index failed too ({closing})")
        if _locked(error):
            self.note(f"the index in {self.path.parent} is locked by another mss; answering without it")
            return
        self.note(f"the index could not be used ({error}); answering from the data, and it will be rebuilt")
        for path in (self.path, self.path.with_name(self.path.name + "-journal")):
            try:
                path.unlink(missing_ok=True)
            except OSError as removing:
                self.note(f"cannot remove {path}: {removing}")

    # -- digests, with the stat shortcut --

    def digest(self, path: Path | str) -> str:
        if self._stats is None:
            self._stats = {row[0]: row[1:] for row in self.db.execute("SELECT * FROM stats")}
        key = os.path.abspath(path)
        try:
            status = os.stat(path)
            seen = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
            known = self._stats.get(key)
            if known is not None and known[:4] == seen and known[4] - max(seen[1], seen[2]) > _RACY_NS:
                return known[5]
            hashed_ns = time.time_ns()
            digest = _content_digest(path)
        except OSError:
            # Not a fault of the index: the loader or the archive reports the file where it is named.
            return UNREADABLE
        self._stat_updates.append((key, *seen, hashed_ns, digest))
        return digest

    def _save_stats(self) -> None:
        if self._stat_updates:
            self.db.executemany(
                "INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?, ?, ?)", self._stat_updates
            )
            self._stat_updates.clear()

    # -- the dataset --

    def snapshot(self, data: Path, shown: str, today: date) -> Snapshot:
        root = project_root(data)
        paths = data_files(data)
        shown_files = [shown_path(data, shown, path) for path in paths]
        digests = [self.digest(path) for path in paths]
        seeds, plain_seeds = _seed_files(root)
        seed_digests = {name: self.digest(path) for name, path in seeds.items()}
        seed_keys = [f"{name} {digest}" for name, digest in sorted(seed_digests.items())]
        key = _key_of([self._today_as_far_as_it_matters(digests, today), *digests, *seed_keys])
        stored = self.db.execute(
            "SELECT id, problems, sources, claims FROM datasets WHERE key = ?", (key,)
        ).fetchone()
        if stored is not None:
            self.note(f"answered from the index in {self.path}")
            dataset, stored_problems, *stored_counts = stored
            problems = _problems_decoded(stored_problems, shown_files)
            counts = dict(zip(("sources", "claims"), stored_counts, strict=True))
        else:
            self.note(f"checking the data, and keeping the results in {self.path}")
            plain_digests = {
                name: digest
                for name, digest in seed_digests.items()
                if name in plain_seeds and digest != UNREADABLE
            }
            problems, counts = self._check(root, paths, shown_files, digests, plain_digests, today)
            # Every file is known now, so the key can say how far today matters.
            key = _key_of([self._today_as_far_as_it_matters(digests, today), *digests, *seed_keys])
            dataset = self._store_dataset(key, digests, shown_files, problems, counts)
        if self._stat_updates:
            self.db.execute("BEGIN IMMEDIATE")
            self._save_stats()
            self.db.execute("COMMIT")
        reader = _CorpusReader(self, root, digests, shown_files, lambda: _corpus_from_data(data, shown))
        return Snapshot(root, shown_files, problems, counts, reader.read, _Answers(self, dataset).remember)

    def _store_dataset(
        self,
        key: str,
        digests: list[str],
        shown_files: list[str],
        problems: list[Problem],
        counts: dict[str, int],
    ) -> int:
        """Keep the result of checking this version of the data; forget the oldest versions, and
        whatever only they used."""
        self.db.execute("BEGIN IMMEDIATE")
        self._save_stats()
        self.db.execute("DELETE FROM datasets WHERE key = ?", (key,))
        cursor = self.db.execute(
            "INSERT INTO datasets (key, problems, sources, claims) VALUES (?, ?, ?, ?)",
            (key, _problems_encoded(problems, shown_files), counts["sources"], counts["claims"]),
        )
        dataset = cursor.lastrowid
        self.db.executemany(
            "INSERT INTO dataset_files VALUES (?, ?)", [(dataset, digest) for digest in digests]
        )
        for statement in _FORGET_OLD_VERSIONS:
            self.db.execute(statement, (VERSIONS_KEPT,) if "?" in statement else ())
        self.db.execute("COMMIT")
        return dataset

    def _check(
        self,
        root: Path,
        paths: list[Path],
        shown_files: list[str],
        digests: list[str],
        seed_digests: dict[str, str],
        today: date,
    ) -> tuple[list[Problem], dict[str, int]]:
        """Check the dataset, reusing what the index holds for each unchanged file."""
        from haiti_mss.archive import Archive
        from haiti_mss.check import check_claims, check_ignores, check_references, check_sources
        from haiti_mss.load import collector_paused, load_file

        with collector_paused():
            files = []
            for path, shown, digest in zip(paths, shown_files, digests, strict=True):
                cached = self._cached_file(digest, shown)
                if cached is None:
                    cached = _IndexedFile(digest, shown, load_file(path, shown))
                    self._store_file(cached)
                files.append(cached)
            sources = [entry for indexed in files for entry in indexed.sources()]
            archive = Archive(root, seed_digests)
            source_problems, texts = check_sources(sources, archive, today)
            source_records = {source.id: source for source, _ in sources}
            problems = [*source_problems]
            # Where quotes sit matters only to sources with ignore lists: read it only then.
            with_ignores = {source.id for source, _ in sources if source.ignore}
            quoted: dict[str, list[tuple[int, int]]] = {}
            for indexed in files:
                context = self._context(indexed, source_records, texts, today)
                checked = self._cached_rules(indexed, context, with_ignores)
                if checked is None:
                    checked = check_claims(indexed.claims(self), source_records, texts, today)
                    self._store_rules(indexed, context, checked)
                problems.extend([*indexed.problems, *checked.problems])
                for source_id, spans in checked.quoted.items():
                    quoted.setdefault(source_id, []).extend(spans)
            problems.extend(
                check_references(
                    *self._reference_candidates(files, source_records),
                    source_ids=[_source_ref(source, location) for source, location in sources],
                    cited=set().union(*(indexed.cited for indexed in files)),
                )
            )
            problems.extend(check_ignores(sources, texts, quoted))
        problems.sort(key=lambda problem: problem.sort_key)
        counts = {"sources": len(sources), "claims": sum(len(indexed.claim_ids) for indexed in files)}
        return problems, counts

    def _reference_candidates(
        self, files: list[_IndexedFile], sources: Mapping[str, SourceRecord]
    ) -> tuple[list[Ref], list[Ref]]:
        """The claims that can break a rule across files, in data order: those whose id occurs more
        than once in the dataset, and those whose source it does not define. Each file's claim ids
        and cited sources are kept whole, so these few are found without reading every claim, and
        only they are read with their positions."""
        every_id = set().union(*(indexed.claim_ids for indexed in files))
        repeated: set[str] = set()
        if len(every_id) < sum(len(indexed.claim_ids) for indexed in files):  # some id repeats
            counts = Counter(claim_id for indexed in files for claim_id in indexed.claim_ids)
            repeated = {claim_id for claim_id, count in counts.items() if count > 1}
        repeated_refs: list[Ref] = []
        undefined_refs: list[Ref] = []
        for indexed in files:
            if repeated and not repeated.isdisjoint(indexed.claim_ids):
                found = indexed.refs(self, "id, ?, id_line, id_column, id")
                repeated_refs.extend(ref for ref in found if ref.id in repeated)
            if not indexed.valid_cited <= sources.keys():
                found = indexed.refs(self, "source, ?, source_line, source_column, id")
                undefined_refs.extend(ref for ref in found if ref.id not in sources)
        return repeated_refs, undefined_refs

    def _today_as_far_as_it_matters(self, digests: list[str], today: date) -> str:
        """Today, or the latest date the files' records hold if that is earlier (see above); today
        itself while any file is not yet known to the index."""
        unique = sorted(set(digests))
        found = self.db.execute(
            f"SELECT latest FROM files WHERE digest IN ({', '.join('?' * len(unique))})", unique
        ).fetchall()
        if len(found) < len(unique):
            return today.isoformat()
        return min(today.isoformat(), max((latest for (latest,) in found), default=""))

    def _context(
        self, indexed: _IndexedFile, sources: dict[str, SourceRecord], texts: Mapping[str, Any], today: date
    ) -> str:
        """A key of what the claim rules of this file read besides its claims: each cited source's
        record and whether its archived text is intact. (An intact text is the one whose sha256
        the record gives, so the record stands for the text.)"""
        read: list[str] = []
        for source_id in sorted(indexed.valid_cited):
            source = sources.get(source_id)
            if source is None:
                read.append(f"{source_id} undefined")
            else:
                intact = "intact" if source_id in texts else "not intact"
                read.append(f"{source_id} {source.file} {source.sha256} {source.published} {intact}")
        return _key_of([min(today.isoformat(), indexed.latest), *read])

    # -- per file --

    def _cached_file(self, digest: str, shown: str) -> _IndexedFile | None:
        row = self.db.execute(
            "SELECT problems, cited, claim_ids, valid_cited, latest FROM files WHERE digest = ?", (digest,)
        ).fetchone()
        if row is None:
            return None
        from haiti_mss.load import Location

        problems = [Problem(shown, *fields_) for fields_ in _decoded(row[0])]
        indexed = _IndexedFile(
            digest, shown, None, problems, set(_split(row[1])), _split(row[2]), set(_split(row[3])), row[4]
        )
        columns = ", ".join(f'"{name}"' for name in _SOURCE_FIELDS)
        rows = self.db.execute(
            f"SELECT {columns}, spans FROM sources WHERE data_file = ? ORDER BY seq", (digest,)
        )
        indexed.index_sources = [(_source(row, self.date), Location(shown, _spans(row[-1]))) for row in rows]
        return indexed

    def _store_file(self, indexed: _IndexedFile) -> None:
        from haiti_mss.countries import country_names

        loaded = indexed.loaded
        if loaded is None:
            return
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM sources WHERE data_file = ?", (indexed.digest,))
        self.db.execute("DELETE FROM claims WHERE data_file = ?", (indexed.digest,))
        self.db.executemany(
            f"INSERT INTO sources VALUES ({', '.join('?' * (len(_SOURCE_FIELDS) + 3))})",
            [
                (indexed.digest, seq, *_source_row(source), _spans_json(location))
                for seq, (source, location) in enumerate(loaded.sources)
            ],
        )
        self.db.executemany(
            f"INSERT INTO claims VALUES ({', '.join('?' * (len(_CLAIM_FIELDS) + 7))})",
            [
                (
                    indexed.digest,
                    seq,
                    *_claim_row(claim),
                    *location.spans.of("id"),
                    *location.spans.of("source"),
                    _spans_json(location),
                )
                for seq, (claim, location) in enumerate(loaded.claims)
            ],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO countries VALUES (?, ?)",
            country_names(claim for claim, _ in loaded.claims).items(),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                indexed.digest,
                _encoded([_problem_fields(problem) for problem in loaded.problems]),
                _joined(sorted(loaded.cited)),
                len(loaded.sources),
                len(loaded.claims),
                _joined(indexed.claim_ids),
                _joined(sorted(indexed.valid_cited)),
                indexed.latest,
            ),
        )
        self.db.execute("COMMIT")

    def _cached_rules(self, indexed: _IndexedFile, context: str, wanted: set[str]) -> ClaimsChecked | None:
        """The stored results of a file's claim rules for this context, with the quote spans of the
        `wanted` sources."""
        from haiti_mss.check import ClaimsChecked

        row = self.db.execute(
            "SELECT problems, quoted FROM claim_rules WHERE data_file = ? AND context = ?",
            (indexed.digest, context),
        ).fetchone()
        if row is None:
            return None
        problems = [Problem(indexed.shown, *fields_) for fields_ in _decoded(row[0])]
        quoted = {}
        if wanted:
            for source, spans in dict(_decoded(row[1])).items():
                if source in wanted:
                    quoted[source] = [tuple(span) for span in spans]
        return ClaimsChecked(problems, quoted)

    def _store_rules(self, indexed: _IndexedFile, context: str, checked: ClaimsChecked) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM claim_rules WHERE data_file = ?", (indexed.digest,))
        self.db.execute(
            "INSERT INTO claim_rules VALUES (?, ?, ?, ?)",
            (
                indexed.digest,
                context,
                _encoded([_problem_fields(problem) for problem in checked.problems]),
                _encoded(checked.quoted),
            ),
        )
        self.db.execute("COMMIT")

    def rows(self, sql: str, parameters: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        return self.db.execute(sql, tuple(parameters))

    def date(self, text: str) -> PartialDate:
        known = self._dates.get(text)
        if known is None:
            known = self._dates[text] = PartialDate.parse(text)
        return known


class _IndexedFile:
    """A data file of the dataset: freshly loaded (`loaded`), or known to the index."""

    __slots__ = (
        "cited", "claim_ids", "digest", "index_sources", "latest", "loaded", "problems", "shown",
        "valid_cited",
    )  # fmt: skip

    def __init__(
        self,
        digest: str,
        shown: str,
        loaded: LoadedFile | None,
        problems: list[Problem] | None = None,
        cited: set[str] | None = None,
        claim_ids: list[str] | None = None,
        valid_cited: set[str] | None = None,
        latest: str = "",
    ) -> None:
        self.digest, self.shown, self.loaded = digest, shown, loaded
        if loaded is not None:
            self.problems, self.cited = loaded.problems, loaded.cited
            self.claim_ids = [claim.id for claim, _ in loaded.claims]
            self.valid_cited = {claim.source for claim, _ in loaded.claims}
            # The latest date the rule on future dates reads: claims not scheduled, and sources.
            dates = [claim.as_of for claim, _ in loaded.claims if claim.status != "scheduled"]
            dates += [source.published for source, _ in loaded.sources]
            self.latest = max((when.first_day.isoformat() for when in dates), default="")
        else:
            self.problems, self.cited = problems or [], cited or set()
            self.claim_ids, self.valid_cited = claim_ids or [], valid_cited or set()
            self.latest = latest
        self.index_sources: list[tuple[SourceRecord, Location]] = []

    def sources(self) -> list[tuple[SourceRecord, Location]]:
        return self.loaded.sources if self.loaded is not None else self.index_sources

    def claims(self, index: Index) -> list[tuple[ClaimRecord, Location]]:
        if self.loaded is not None:
            return self.loaded.claims
        from haiti_mss.load import Location

        columns = ", ".join(f'"{name}"' for name in _CLAIM_FIELDS)
        rows = index.rows(
            f"SELECT {columns}, spans FROM claims WHERE data_file = ? ORDER BY seq", (self.digest,)
        )
        return [(_claim(row, index.date), Location(self.shown, _spans(row[-1]))) for row in rows]

    def refs(self, index: Index, columns: str) -> list[Ref]:
        """References read from this file's claims: `columns` are the id, this file's path (a
        parameter), line, column and the claim's id."""
        from haiti_mss.check import Ref

        sql = f"SELECT {columns} FROM claims WHERE data_file = ? ORDER BY seq"
        return list(map(Ref._make, index.rows(sql, (self.shown, self.digest))))


_FORGET_OLD_VERSIONS = (
    "DELETE FROM datasets WHERE id NOT IN (SELECT id FROM datasets ORDER BY id DESC LIMIT ?)",
    "DELETE FROM dataset_files WHERE dataset NOT IN (SELECT id FROM datasets)",
    "DELETE FROM answers WHERE dataset NOT IN (SELECT id FROM datasets)",
    *(
        f"DELETE FROM {table} WHERE {column} NOT IN (SELECT digest FROM dataset_files)"
        for table, column in (
            ("files", "digest"),
            ("sources", "data_file"),
            ("claims", "data_file"),
            ("claim_rules", "data_file"),
        )
    ),
)


class _Answers:
    """Answers kept in the index for one version of the data."""

    def __init__(self, index: Index, dataset: int) -> None:
        self.index, self.dataset = index, dataset

    def remember(self, question: str, work: Callable[[], Any], build: Callable[[Any], Any]) -> Any:
        try:
            for (kept,) in self.index.rows(
                "SELECT answer FROM answers WHERE dataset = ? AND question = ?", (self.dataset, question)
            ):
                built = build(_answer_decoded(kept))
                self.index.note("the answer was kept in the index")
                return built
        except INDEX_ERRORS as error:
            self.index.note(f"a kept answer could not be read ({error}); working it out again")
        answer = work()
        if _rows_in(answer) <= ANSWER_ROWS_KEPT:
            try:
                with self.index.db:
                    self.index.db.execute(
                        "INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                        (self.dataset, question, _answer_encoded(answer)),
                    )
            except INDEX_ERRORS as error:
                self.index.note(f"the answer could not be kept ({error})")
        return build(answer)


def _rows_in(answer: Any) -> int:
    return max((len(value) for value in answer.values() if isinstance(value, list)), default=0)


# A partial date inside a kept answer: JSON has no dates. Text in the data cannot hold NUL.
_DATE_MARK = "\x00date"


def _answer_encoded(answer: Any) -> str:
    import json

    def encode(value: Any) -> Any:
        if isinstance(value, PartialDate):
            return {_DATE_MARK: str(value)}
        raise TypeError(f"cannot keep a {type(value).__name__} in an answer")

    return json.dumps(answer, default=encode, ensure_ascii=False, allow_nan=False)


def _answer_decoded(text: str) -> Any:
    import json

    def decode(mapping: dict[str, Any]) -> Any:
        return PartialDate.parse(mapping[_DATE_MARK]) if _DATE_MARK in mapping else mapping

    return json.loads(text, object_hook=decode)


# --- Reading records back -------------------------------------------------------------------------


class _CorpusReader:
    """Reads a dataset's valid records from the index, only the claims a question can use. Should
    the index fail now (a damaged page, a row that does not decode), the records come from the data
    instead."""

    def __init__(
        self,
        index: Index,
        root: Path,
        digests: list[str],
        shown_files: list[str],
        fallback: Callable[[], Corpus],
    ) -> None:
        self.index, self.root, self.digests, self.shown_files = index, root, digests, shown_files
        self.fallback = fallback

    def read(
        self, kinds: Iterable[str] | None = None, country: str | None = None, claim_id: str | None = None
    ) -> Corpus:
        try:
            return self._read(kinds, country, claim_id)
        except INDEX_ERRORS as error:
            self.index.fail(error)
            return self.fallback()

    def _read(self, kinds: Iterable[str] | None, country: str | None, claim_id: str | None) -> Corpus:
        conditions, parameters = ["data_file = ?"], []
        if kinds is not None:
            wanted = sorted(set(kinds))
            conditions.append(f"kind IN ({', '.join('?' * len(wanted))})")
            parameters.extend(wanted)
        if country is not None:
            # the claim's country, or one of its parties (kept as one text, parties between separators)
            conditions.append("(country = ? OR (? || parties || ?) LIKE ?)")
            parameters.extend([country, _UNIT, _UNIT, f"%{_UNIT}{country}{_UNIT}%"])
        if claim_id is not None:
            conditions.append("id = ?")
            parameters.append(claim_id)
        columns = ", ".join(f'"{name}"' for name in _CLAIM_FIELDS)
        sql = f"SELECT {columns} FROM claims WHERE {' AND '.join(conditions)} ORDER BY seq"
        rows = self.index.rows
        claims = [
            _claim(row, self.index.date)
            for digest in self.digests
            for row in rows(sql, (digest, *parameters))
        ]
        source_columns = ", ".join(f'"{name}"' for name in _SOURCE_FIELDS)
        source_sql = f"SELECT {source_columns} FROM sources WHERE data_file = ? ORDER BY seq"
        sources = {
            source.id: source
            for digest in self.digests
            for source in (_source(row, self.index.date) for row in rows(source_sql, (digest,)))
        }
        names = dict(rows("SELECT code, name FROM countries"))
        return Corpus(self.root, sources, claims, _Positions(self), names)


class _Positions(Mapping[str, str]):
    """Where each claim is written (`file:line:column`), looked up in the index when asked for:
    only `mss show` asks, for one claim."""

    def __init__(self, reader: _CorpusReader) -> None:
        self.reader = reader

    def __getitem__(self, claim_id: str) -> str:
        sql = "SELECT id_line, id_column FROM claims WHERE data_file = ? AND id = ?"
        try:
            for digest, shown in zip(self.reader.digests, self.reader.shown_files, strict=True):
                for line, column in self.reader.index.rows(sql, (digest, claim_id)):
                    return f"{shown}:{line}:{column}"
        except INDEX_ERRORS as error:
            self.reader.index.note(f"the index could not say where {claim_id} is ({error})")
        raise KeyError(claim_id)

    def __iter__(self) -> Iterator[str]:
        raise NotImplementedError("positions are looked up one claim at a time")

    def __len__(self) -> int:
        raise NotImplementedError("positions are looked up one claim at a time")


# --- Rows and records -----------------------------------------------------------------------------


def _claim_row(claim: ClaimRecord) -> list[Any]:
    row: list[Any] = [getattr(claim, name) for name in _CLAIM_FIELDS]
    for position, name in enumerate(_CLAIM_FIELDS):
        if name in ("as_of", "mandate_until") and row[position] is not None:
            row[position] = str(row[position])
        elif name == "parties":
            row[position] = _joined(row[position])
    return row


_AS_OF, _MANDATE_UNTIL, _PARTIES = (
    _CLAIM_FIELDS.index(name) for name in ("as_of", "mandate_until", "parties")
)


def _claim(row: tuple[Any, ...], date_of: Callable[[str], PartialDate]) -> ClaimRecord:
    values = list(row[: len(_CLAIM_FIELDS)])
    values[_AS_OF] = date_of(values[_AS_OF])
    if values[_MANDATE_UNTIL] is not None:
        values[_MANDATE_UNTIL] = date_of(values[_MANDATE_UNTIL])
    values[_PARTIES] = tuple(_split(values[_PARTIES]))
    return ClaimRecord(*values)


def _source_row(source: SourceRecord) -> list[Any]:
    row: list[Any] = [getattr(source, name) for name in _SOURCE_FIELDS]
    row[_SOURCE_FIELDS.index("published")] = str(source.published)
    row[_SOURCE_FIELDS.index("ignore")] = _RECORD.join(_joined(item) for item in source.ignore)
    return row


def _source(row: tuple[Any, ...], date_of: Callable[[str], PartialDate]) -> SourceRecord:
    values = dict(zip(_SOURCE_FIELDS, row, strict=False))
    values["published"] = date_of(values["published"])
    entries = values["ignore"].split(_RECORD) if values["ignore"] else []
    values["ignore"] = tuple(IgnoredFigure(*_split(entry)) for entry in entries)
    return SourceRecord(**values)


def _spans_json(location: Location) -> str:
    """A record's spans, all the way down: rules point into nested entries (an `ignore:` entry's
    `text`, say)."""

    def listed(spans: Spans) -> list[Any]:
        return [spans.at, spans.entries, {key: listed(child) for key, child in spans.children.items()}]

    return _encoded(listed(location.spans))


def _spans(text: str) -> Spans:
    from haiti_mss.load import Spans

    def built(at: list[int], entries: dict[str, Any], children: dict[str, Any]) -> Spans:
        return Spans(
            tuple(at),
            {_entry_key(key): tuple(position) for key, position in entries.items()},
            {_entry_key(key): built(*child) for key, child in children.items()},
        )

    return built(*_decoded(text))


def _entry_key(key: str) -> str | int:
    """JSON keeps only string keys: a list's entries come back keyed by their index."""
    return int(key) if key.isdigit() else key


def _encoded(value: list[Any] | dict[str, Any]) -> str:
    """JSON for what the index keeps as text; nothing at all for an empty list, which is what
    the index holds for data without problems (so answering from it does not import json)."""
    if not value:
        return ""
    import json

    return json.dumps(value)


def _decoded(text: str) -> Any:
    if not text:
        return []
    import json

    return json.loads(text)


def _problem_fields(problem: Problem) -> list[Any]:
    return [problem.line, problem.column, problem.code, problem.message, problem.claim_id]


# A file of the dataset named inside a message ("already used at data/a.yaml:7:5"), kept by its
# number: the same data may be named otherwise next time (another --data, a renamed file).
_FILE_MARK = "\x1d"
_FILE_NUMBER = re.compile(f"{_FILE_MARK}(\\d+){_FILE_MARK}")


def _problems_encoded(problems: list[Problem], shown_files: list[str]) -> str:
    by_file = {name: number for number, name in enumerate(shown_files)}
    # Longest first, so that data/a.yaml is not found inside data/a.yaml.bak.
    naming = sorted(by_file, key=len, reverse=True)

    def marked(message: str) -> str:
        for name in naming:
            message = message.replace(f"{name}:", f"{_FILE_MARK}{by_file[name]}{_FILE_MARK}:")
        return message

    marked_problems = [problem._replace(message=marked(problem.message)) for problem in problems]
    return _encoded([[by_file.get(mark.path, 0), *_problem_fields(mark)] for mark in marked_problems])


def _problems_decoded(text: str, shown_files: list[str]) -> list[Problem]:
    def named(match: re.Match[str]) -> str:
        return shown_files[int(match[1])]

    return [
        Problem(shown_files[number], line, column, code, _FILE_NUMBER.sub(named, message), claim_id)
        for number, line, column, code, message, claim_id in _decoded(text)
    ]


def _source_ref(source: SourceRecord, location: Location) -> Ref:
    from haiti_mss.check import ref

    return ref(source.id, location, "id")


def _locked(error: BaseException) -> bool:
    """Another mss holds the index: a reason to answer without it, never to remove it."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _seed_files(root: Path) -> tuple[dict[str, str], set[str]]:
    """Every file of the archive (its path, by its path inside `seeds/`); and which of them are
    plain files (neither a symlink nor inside one), which the archive can read without resolving
    their path. Paths stay strings: there can be thousands."""
    folder = os.path.join(root, ARCHIVE_FOLDER)
    found: dict[str, str] = {}
    plain: set[str] = set()
    pending = [("", folder)]
    while pending:
        inside, parent = pending.pop()
        try:
            entries = list(os.scandir(parent))
        except OSError:
            continue
        for entry in entries:
            key = f"{inside}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{key}/", entry.path))
            elif entry.is_file():
                found[key] = entry.path
                if not entry.is_symlink():
                    plain.add(key)
    return dict(sorted(found.items())), plain


def _index_folders(data: Path) -> Iterator[Path]:
    """Where an index may be kept, best first: beside the data, else in the user's cache folder
    (computed only when needed: naming it takes a digest)."""
    yield index_folder(data)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    yield base / "mss" / path_digest(data)
