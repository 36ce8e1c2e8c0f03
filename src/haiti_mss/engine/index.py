"""The validated index: the store the engine consults, kept in SQLite beside the data.

It keeps what the pipeline hands it (`engine.store` says what, and under which key) and gives it back
on request; it sequences nothing. Apart from `mss export sqlite`, only this module imports sqlite3.

**What it trusts, and why.** A file's digest is taken from its status, as git does: a file whose
size, modification and change times and inode are those recorded when its bytes were read and
hashed is taken to be those bytes, unless it was written within a second of being read (a second
write in the same clock tick could go unseen), in which case it is read again. Everything else it
verifies:

- the index must be a regular file that this user's mss created: SQLite's `application_id` says it
  is an mss index, and its first row is sealed with a secret key kept in the user's cache folder
  (`index.key`, readable by the user alone). An index that is a symlink, a folder, another program's
  database, or an index sealed with another key (copied from elsewhere) is set aside under a new
  name, never followed, never written through, never deleted, and a new one is built;
- every row read back carries a seal (a keyed BLAKE2b of its values) that is checked as it is read,
  so a row changed by hand, or one of another index pasted in, is never served: the index is
  rebuilt and the answer comes from the data. A row hidden by hand-editing the columns a query
  filters on is not seen by that query (it is never read); `mss export` and `--no-cache` read
  everything;
- an index that cannot be read (not a database, truncated, of another format or program version)
  is rebuilt, a locked one (another mss is writing) is bypassed.

Each run's work is written in one transaction at its end, not an fsync per file; the records of
many claims are written by a second process while the run checks the rules (`records_read`). What a
run used (the statuses it trusted, its files' rows and rule results) is also kept in one sealed row
per part, which the next runs read instead of a few rows for each file: an edit among a thousand
files reads one row for the 999 others. It is written again only when it no longer serves most files,
and the rows it names stay in their tables while it does.
"""

from __future__ import annotations

import marshal
import os
import re
import signal
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import suppress
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

try:  # hashlib's BLAKE2 itself, without loading OpenSSL for the other digests: every warm run seals
    from _blake2 import blake2b
except ImportError:  # an interpreter without CPython's private module
    from hashlib import blake2b

from haiti_mss import __version__
from haiti_mss.core.dates import InvalidDate, PartialDate
from haiti_mss.core.files import FileRead, status_key
from haiti_mss.core.layout import index_folder, path_digest
from haiti_mss.core.positions import Finding, Location, Ref, Spans
from haiti_mss.core.problems import Problem
from haiti_mss.core.records import (
    ClaimRecord,
    Corpus,
    IgnoredFigure,
    LoadedFile,
    MissionRecord,
    SourceRecord,
    declared,
    record_text,
)
from haiti_mss.engine.aside import may_fork
from haiti_mss.engine.store import KnownDataset, KnownFile, RuleResults
from haiti_mss.rules.reads import Reads

# Bump when what is stored, or how, changes: an index of another format is rebuilt.
FORMAT = 14
# "mss1": SQLite's application_id of an mss index, so that no other database is ever taken for one.
APPLICATION_ID = 0x6D737331
# Results kept for this many versions of the data (each edit, each new day makes one); older ones,
# and the records no kept version uses, are removed.
VERSIONS_KEPT = 8
# Answers longer than this (in rows, or encoded) are worked out again each time: a listing that long
# costs more to keep and read back than to work out.
ANSWER_ROWS_KEPT = 50_000
ANSWER_BYTES_KEPT = 32_000_000
INDEX_FILE = "index.sqlite"
KEY_FILE = "index.key"
KEY_BYTES = 32
# A file written this close to when it was read is read again next time (see above).
_RACY_NS = 1_000_000_000

Note = Callable[[str], None]
# What can go wrong with an index on disk: SQLite's errors, and rows that do not decode or verify.
INDEX_ERRORS = (sqlite3.Error, OSError, ValueError, KeyError, TypeError, IndexError, InvalidDate)

_CLAIM_FIELDS = list(ClaimRecord._fields)
_SOURCE_FIELDS = list(SourceRecord._fields)
_CLAIM_COLUMNS = ", ".join(f'"{name}"' for name in _CLAIM_FIELDS)
_SOURCE_COLUMNS = ", ".join(f'"{name}"' for name in _SOURCE_FIELDS)

# Ids in order, for completion and "did you mean" (see `claims_between`).
_CLAIM_ID_INDEXES = {"claims_by_id": "data_file, id", "claims_by_id_reversed": "data_file, id_reversed"}
_CREATE_CLAIM_ID_INDEXES = [f"CREATE INDEX {name} ON claims ({on})" for name, on in _CLAIM_ID_INDEXES.items()]
# Claims written at once beyond which the indexes of ids are made again after the rows are in,
# when the rows outnumber those kept: one sort costs less than 100,000 insertions each in its place.
_BULK_CLAIMS = 10_000
# What a run keeps of what it used, for the next run to take in one row each: the statuses it
# trusted, and by digest the rows of each data file and of its rule results.
_LAST_RUN_PARTS = ("statuses", "files", "rules")
# The key column of each table of one value per key (`Index._kept_value`).
_KEYS = {"claim_rules": "data_file", "last_run": "part"}
# What the last run kept is written again when more than one in this many of a run's files were not
# in it.
_LAST_RUN_MISSES = 8

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, seal BLOB NOT NULL);
CREATE TABLE stats (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,
    read_ns INTEGER, digest TEXT NOT NULL, seal BLOB NOT NULL
);
CREATE TABLE files (
    digest TEXT PRIMARY KEY, problems TEXT NOT NULL, cited TEXT NOT NULL, claim_ids TEXT NOT NULL,
    valid_cited TEXT NOT NULL, countries TEXT NOT NULL, links TEXT NOT NULL, seal BLOB NOT NULL
);
CREATE TABLE missions (
    data_file TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, succeeds TEXT,
    spans TEXT NOT NULL, seal BLOB NOT NULL, PRIMARY KEY (data_file, seq)
);
CREATE TABLE sources (
    data_file TEXT NOT NULL, seq INTEGER NOT NULL, {_SOURCE_COLUMNS},
    spans TEXT NOT NULL, seal BLOB NOT NULL, PRIMARY KEY (data_file, seq)
);
CREATE TABLE claims (
    data_file TEXT NOT NULL, seq INTEGER NOT NULL, {_CLAIM_COLUMNS},
    id_line INTEGER, id_column INTEGER, source_line INTEGER, source_column INTEGER, id_reversed TEXT NOT NULL,
    seal BLOB NOT NULL, PRIMARY KEY (data_file, seq)
);
{";".join(_CREATE_CLAIM_ID_INDEXES)};
CREATE TABLE file_rules (
    data_file TEXT PRIMARY KEY, payload TEXT NOT NULL, quoted TEXT NOT NULL, seal BLOB NOT NULL
);
CREATE TABLE claim_rules (data_file TEXT PRIMARY KEY, payload BLOB NOT NULL, seal BLOB NOT NULL);
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, payload TEXT NOT NULL, seal BLOB NOT NULL
);
CREATE TABLE dataset_files (dataset INTEGER NOT NULL, digest TEXT NOT NULL);
CREATE INDEX dataset_files_by_digest ON dataset_files (digest);
CREATE TABLE answers (
    dataset INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, seal BLOB NOT NULL,
    PRIMARY KEY (dataset, question)
);
CREATE TABLE countries (code TEXT PRIMARY KEY, name TEXT NOT NULL, seal BLOB NOT NULL);
CREATE TABLE last_run (part TEXT PRIMARY KEY, payload BLOB NOT NULL, seal BLOB NOT NULL);
"""


class Tampered(ValueError):
    """A row whose seal does not match its values: changed by hand, or from another index."""


class Index:
    """An open index. Implements `engine.store.Store`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, key: bytes, note: Note) -> None:
        self.path, self.db, self.note = path, connection, note
        self._key = key
        self._keyed = blake2b(key=key, digest_size=16)  # this user's key, ready to seal rows
        # The files read this run, whose records are written when all are read (`records_read`).
        self._files_read: list[tuple[str, LoadedFile]] = []
        # A second process writing the records of these files, while this one runs the rules.
        self._writer: int | None = None
        self._written_aside: list[tuple[str, LoadedFile]] = []
        self._stats: dict[str, tuple[Any, ...]] | None = None
        # What the last run that kept a dataset used, by part (`_LAST_RUN_PARTS`), read when first
        # needed; and what this process used (the latest of each), kept for the next run.
        self._last_run: dict[str, dict[str, Any] | None] = {}
        self._used: dict[str, dict[str, Any]] = {part: {} for part in _LAST_RUN_PARTS}
        self._missed: set[str] = set()  # files whose rows or rule results the last run's did not give
        self._wrote_aside = False
        self._pending: dict[str, list[tuple[Any, ...]]] = {}
        self._dates: dict[str, PartialDate] = {}
        self._claim_results_read: dict[str, tuple[dict[str, int], list[list[Any]]]] = {}
        self.failed = False

    # -- opening --------------------------------------------------------------------------------

    @classmethod
    def open(cls, data: Path, note: Note) -> Index | None:
        """The index for `data`: beside the data, else (a read-only folder) in the user's cache
        folder. None when there is no usable place, no key, or another mss holds the index locked."""
        key = _user_key(note)
        if key is None:
            return None
        for folder in _index_folders(data):
            if not _usable_folder(folder, note):
                continue
            path = folder / INDEX_FILE
            for attempt in ("open", "start again"):
                try:
                    return cls._connect(path, key, note)
                except INDEX_ERRORS as error:
                    if _locked(error):
                        note(f"the index in {folder} is locked by another mss; answering without it")
                        return None
                    then = "setting it aside and starting again" if attempt == "open" else "giving up"
                    note(f"the index {path} cannot be used ({error}); {then}")
                    _set_aside(path, note)
        return None

    @classmethod
    def _connect(cls, path: Path, key: bytes, note: Note) -> Index:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            note(f"{path} is not a regular file that mss made; setting it aside")
            _set_aside(path, note)
        connection = _connected(path, timeout=2.0)
        try:
            index = cls(path, connection, key, note)
            index._prepare()
        except BaseException:
            connection.close()
            raise
        return index

    def _prepare(self) -> None:
        """Use the index when this user's mss of this version made it; start afresh when it is new,
        or ours but of another version; set it aside when it is not ours."""
        fingerprint = program_fingerprint()
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables:
            (application,) = self.db.execute("PRAGMA application_id").fetchone()
            if application != APPLICATION_ID or "meta" not in tables:
                raise Tampered("it is not an mss index")
            stored = self.db.execute("SELECT value, seal FROM meta WHERE key = 'program'").fetchone()
            if stored is None or not self._sealed_by_us(("program", stored[0]), stored[1]):
                raise Tampered("it was not made by this user's mss")
            if stored[0] == fingerprint:
                return
            self.note(f"the index in {self.path} is of another program version; rebuilding it")
        self.db.execute("BEGIN IMMEDIATE")
        for table in tables:
            self.db.execute(f'DROP TABLE IF EXISTS "{table}"')
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)  # not executescript, which would commit half-way
        self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.db.execute(
            "INSERT INTO meta VALUES ('program', ?, ?)", (fingerprint, self._seal(("program", fingerprint)))
        )
        self.db.execute("COMMIT")

    def fail(self, error: BaseException) -> None:
        """Give up on an index that failed now: remove it (it is ours: its key was checked when it
        was opened), so that the next run builds a new one; but leave one that another mss holds
        locked."""
        self.failed = True
        self._stop_writer()
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
                if path.is_file() and not path.is_symlink():
                    path.unlink()
            except OSError as removing:
                self.note(f"cannot remove {path}: {removing}")

    # -- seals ----------------------------------------------------------------------------------------

    def _seal(self, values: tuple[Any, ...]) -> bytes:
        sealing = self._keyed.copy()  # cheaper than keying a new hash for each of 100,000 rows
        sealing.update(record_text(values).encode())
        return sealing.digest()

    def _sealed_by_us(self, values: tuple[Any, ...], seal: bytes) -> bool:
        return self._seal(values) == seal

    def _verified(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """A row's values (its last column is the seal), or Tampered."""
        values, seal = row[:-1], row[-1]
        if self._seal(values) != seal:
            raise Tampered("a row of the index does not match its seal")
        return values

    def _rows(self, sql: str, parameters: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Whole rows (`SELECT *`: a seal covers every column) of a query, verified."""
        for row in self.db.execute(sql, tuple(parameters)):
            yield self._verified(row)

    def _pend(self, table: str, values: tuple[Any, ...]) -> None:
        self._pending.setdefault(table, []).append((*values, self._seal(values)))

    # Tables of one value per key (`claim_rules`, `last_run`), in marshal's format: many times faster
    # than JSON for many small dicts and lists, and read back only once the row's seal shows that this
    # user's mss wrote it. The seal is of the bytes as they are (spelling them out as text for
    # `_seal` would double what is hashed).

    def _pend_value(self, table: str, key: str, value: Any) -> None:
        payload = marshal.dumps(value)
        self._pending.setdefault(table, []).append((key, payload, self._value_seal(table, key, payload)))

    def _kept_value(self, table: str, key: str) -> Any | None:
        """The value kept under `key` (its table's first column), or None."""
        for _, payload, seal in self.db.execute(f"SELECT * FROM {table} WHERE {_KEYS[table]} = ?", (key,)):
            if self._value_seal(table, key, payload) != seal:
                raise Tampered("a row of the index does not match its seal")
            return marshal.loads(payload)  # after its seal: a row this user's mss wrote
        return None

    def _value_seal(self, table: str, key: str, payload: bytes) -> bytes:
        sealing = self._keyed.copy()
        sealing.update(f"{table}{_UNIT}{key}{_UNIT}".encode())
        sealing.update(payload)
        return sealing.digest()

    # -- digests, with the status shortcut ----------------------------------------------------------

    def _recorded(self, path: str) -> Iterator[tuple[Any, ...]]:
        """What was recorded when the file at `path` (absolute) was read: its status, when, and its
        digest. The last run's record first; then, if it used one, the table's, which another run
        may have written since."""
        last_run = self._kept_from_last_run("statuses")
        if last_run is None:
            if self._stats is None:
                self._stats = {row[0]: row[1:] for row in self._rows("SELECT * FROM stats")}
            if (known := self._stats.get(path)) is not None:
                yield known
            return
        if (known := last_run.get(path)) is not None:
            yield known
        yield from (row[1:] for row in self._rows("SELECT * FROM stats WHERE path = ?", (path,)))

    def known_digest(self, path: str | Path, status: os.stat_result | None = None) -> str | None:
        try:
            seen = status_key(status if status is not None else os.stat(path))
        except OSError:
            return None
        absolute = os.path.abspath(path)
        for known in self._recorded(absolute):
            size, mtime_ns, ctime_ns, inode, read_ns, digest = known
            if (size, mtime_ns, ctime_ns, inode) == seen and read_ns - max(mtime_ns, ctime_ns) > _RACY_NS:
                self._used["statuses"][absolute] = known
                return digest
        return None

    def saw(self, path: Path, read: FileRead) -> None:
        if read.status is not None:  # None: it changed while it was read; nothing stands for it
            recorded = (*read.status, time.time_ns(), read.digest)
            self._pend("stats", (os.path.abspath(path), *recorded))
            self._used["statuses"][os.path.abspath(path)] = recorded

    # -- data files --------------------------------------------------------------------------------------

    def known_files(self, files: Mapping[str, str]) -> dict[str, KnownFile]:
        """What reading each of these files gave (`files`: digest -> the name it is shown by), for
        those the index holds: from the last run's rows where it used the file (an edit among a
        thousand files reads one row for the 999 others, not three thousand), else a few queries
        however many files there are."""
        if not files:
            return {}
        # Most files give the same texts here (no problems, no links): each is decoded once, and
        # what is built of it is new for each file.
        decoded = cache(_decoded)
        known = {}
        for digest, (file_row, source_rows, mission_rows) in self._file_rows(files).items():
            shown = files[digest]
            _, problems, cited, claim_ids, valid_cited, _, links = file_row
            known[digest] = KnownFile(
                # Spans only when a problem points into the source: the seal covers their text.
                [
                    (_source(row[2:], self._date), Location(shown, partial(_spans, row[-1])))
                    for row in source_rows
                ],
                [Problem(shown, *fields) for fields in decoded(problems)],
                _split(claim_ids),
                set(_split(cited)),
                set(_split(valid_cited)),
                [
                    (MissionRecord(*row[2:5]), Location(shown, partial(_spans, row[-1])))
                    for row in mission_rows
                ],
                {name: [tuple(link) for link in listed] for name, listed in decoded(links).items()},
            )
        return known

    def _file_rows(self, files: Collection[str]) -> dict[str, tuple[Any, ...]]:
        """The rows of each of these files that the index holds (its row of `files`, and its rows of
        `sources` and of `missions`, without their seals), by digest."""
        last_run = self._kept_from_last_run("files") or {}
        found = {digest: last_run[digest] for digest in files if digest in last_run}
        wanted = [digest for digest in files if digest not in found]
        self._missed.update(wanted)
        if wanted:
            parts: dict[str, tuple[Any, list[Any], list[Any]]] = {}
            for row in self._rows_in("SELECT * FROM files WHERE digest IN ({})", wanted):
                parts[row[0]] = (row, [], [])
            for table, column in (("sources", 1), ("missions", 2)):
                for row in self._rows_in(
                    f"SELECT * FROM {table} WHERE data_file IN ({{}}) ORDER BY data_file, seq", wanted
                ):
                    if row[0] in parts:
                        parts[row[0]][column].append(row)
            found.update(parts)
        self._used["files"].update(found)
        return found

    def _rows_in(self, sql: str, keys: Collection[str]) -> Iterator[tuple[Any, ...]]:
        """Verified rows of `sql`, whose `IN ({})` is filled with `keys`, 500 at a time (SQLite's
        limit on parameters)."""
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            yield from self._rows(sql.format(", ".join("?" * len(part))), part)

    def claim_refs(self, digest: str, shown: str, column: str) -> list[Ref]:
        refs = []
        for row in self._rows("SELECT * FROM claims WHERE data_file = ? ORDER BY seq", (digest,)):
            claim = _claim(row[2:], self._date)
            id_line, id_column, source_line, source_column = row[_POSITIONS : _POSITIONS + 4]
            if column == "id":
                refs.append(Ref(claim.id, shown, id_line, id_column, claim.id))
            else:
                refs.append(Ref(claim.source, shown, source_line, source_column, claim.id))
        return refs

    def claims_between(
        self, digests: list[str], low: str, high: str, *, reversed_ids: bool = False, limit: int | None = None
    ) -> list[ClaimRecord]:
        """The claims of these files whose id (or reversed id) lies in [low, high), in data order:
        answered from an index of ids, whatever the size of the data."""
        column, index = ("id_reversed", "claims_by_id_reversed") if reversed_ids else ("id", "claims_by_id")
        found = []
        for digest in digests:
            # The index of ids finds the range; only the rows found are put in data order (a scan
            # in data order would read every claim of the file).
            sql = (
                f"SELECT * FROM claims INDEXED BY {index} "
                f"WHERE data_file = ? AND {column} >= ? AND {column} < ? ORDER BY seq"
            )
            if limit is not None:
                sql += f" LIMIT {int(limit) - len(found)}"
            found.extend(_claim(row[2:], self._date) for row in self._rows(sql, (digest, low, high)))
            if limit is not None and len(found) >= limit:
                break
        return found

    def countries(self, digests: list[str]) -> dict[str, str]:
        """The countries the claims of these files name, with their names."""
        codes: set[str] = set()
        for digest in digests:
            for row in self._rows("SELECT * FROM files WHERE digest = ?", (digest,)):
                codes.update(_split(row[5]))
        names = dict(self._rows("SELECT * FROM countries"))
        return {code: names.get(code, code) for code in sorted(codes)}

    def keep_file(self, digest: str, loaded: LoadedFile) -> None:
        self._files_read.append((digest, loaded))

    def records_read(self) -> None:
        """Every file of this run is read: write what reading them gave. Many claims are written
        by a second process while this one runs the rules (at 100,000 claims, about 3 s of a
        first run's 15 s): the same rows, in a transaction of its own."""
        files, self._files_read = self._files_read, []
        claims = sum(len(loaded.claims) for _, loaded in files)
        if claims >= _BULK_CLAIMS and self._writer is None and may_fork() and not self.db.in_transaction:
            self._writer = _write_aside(self.path, self._key, files)
            if self._writer is not None:
                self._written_aside, self._wrote_aside = files, True
                return
        for digest, loaded in files:
            self._pend_file(digest, loaded)

    def _wait_for_writer(self) -> None:
        """Before this process writes: the writer's rows are in, or (it failed) pending here."""
        if self._writer is None:
            return
        try:
            _, status = os.waitpid(self._writer, 0)
        except ChildProcessError:  # reaped by someone else: whether it committed is not known
            status = -1
        self._writer = None
        if status != 0:
            self.note("the process writing the records failed; writing them here")
            for digest, loaded in self._written_aside:
                self._pend_file(digest, loaded)
        self._written_aside = []

    def _stop_writer(self) -> None:
        """The index is given up: its writer's work is not wanted."""
        if self._writer is not None:
            with suppress(ProcessLookupError, ChildProcessError):  # it ended, and was reaped, already
                os.kill(self._writer, signal.SIGKILL)
                os.waitpid(self._writer, 0)
            self._writer, self._written_aside = None, []

    def _pend_file(self, digest: str, loaded: LoadedFile) -> None:
        from haiti_mss.analysis.countries import country_names

        claim_ids = [claim.id for claim, _ in loaded.claims]
        valid_cited = sorted({claim.source for claim, _ in loaded.claims})
        problems = _encoded([_problem_fields(problem) for problem in loaded.problems])
        named = country_names(claim for claim, _ in loaded.claims)
        file_row = (
            digest,
            problems,
            _joined(sorted(loaded.cited)),
            _joined(claim_ids),
            _joined(valid_cited),
            _joined(named),
            _encoded(loaded.links),
        )
        mission_rows = [
            (digest, seq, *mission, _spans_json(location))
            for seq, (mission, location) in enumerate(loaded.missions)
        ]
        source_rows = [
            (digest, seq, *_source_row(source), _spans_json(location))
            for seq, (source, location) in enumerate(loaded.sources)
        ]
        self._used["files"][digest] = (file_row, source_rows, mission_rows)
        self._missed.add(digest)
        self._pend("files", file_row)
        for row in mission_rows:
            self._pend("missions", row)
        for row in source_rows:
            self._pend("sources", row)
        for seq, (claim, location) in enumerate(loaded.claims):
            # A claim's other positions are not kept: a claim whose rules must run again is in a
            # file that is read again (see engine.pipeline), and that gives them all.
            positions = (*location.spans.of("id"), *location.spans.of("source"))
            self._pend("claims", (digest, seq, *_claim_row(claim), *positions, claim.id[::-1]))
        for code, name in named.items():
            self._pend("countries", (code, name))

    # -- rule results ------------------------------------------------------------------------------------

    def file_rules(self, files: Mapping[str, str]) -> dict[str, RuleResults]:
        """Each file's kept results without where its quotes sit (`quoted` is None): only a rule
        about `ignore:` entries or coverage asks for those, and `quoted()` reads them then. The
        last run's, where it used the file: any kept result holds for what it read."""
        last_run = self._kept_from_last_run("rules") or {}
        rows = {digest: last_run[digest] for digest in files if digest in last_run}
        wanted = [digest for digest in files if digest not in rows]
        self._missed.update(wanted)
        rows.update(
            (row[0], row) for row in self._rows_in("SELECT * FROM file_rules WHERE data_file IN ({})", wanted)
        )
        self._used["rules"].update(rows)
        found = {}
        for digest, (_, payload, _) in rows.items():
            reads, problems = _decoded(payload)
            shown = files[digest]
            found[digest] = RuleResults(
                Reads.from_plain(reads), None, [Problem(shown, *fields) for fields in problems], []
            )
        return found

    def keep_file_rules(self, digest: str, results: RuleResults) -> None:
        problems = [_problem_fields(problem) for problem in results.problems]
        row = (digest, _encoded([results.reads.as_plain(), problems]), _encoded(results.quoted))
        self._pend("file_rules", row)
        self._used["rules"][digest] = row
        self._missed.add(digest)

    def claim_rules(self, path: Path, digest: str, claim_digests: Collection[str]) -> dict[str, RuleResults]:
        versions = [digest]
        if (last_read := next(self._recorded(os.path.abspath(path)), None)) is not None:
            versions.append(last_read[-1])  # trusted or not: a claim's results are found by its digest
        found: dict[str, RuleResults] = {}
        for version in versions:
            at, columns = self._claim_results(version)
            _, sources, archives, days_from, days_before, quoted, findings, source_values, archive_values = (
                columns
            )
            for claim in claim_digests:
                if claim not in found and (row := at.get(claim)) is not None:
                    found[claim] = RuleResults(
                        Reads(
                            _read_values(sources[row], source_values),
                            _read_values(archives[row], archive_values),
                            _day(days_from[row]),
                            _day(days_before[row]),
                        ),
                        {source_id: list(spans) for source_id, spans in quoted[row].items()},
                        [],
                        [Finding(code, message, place) for code, message, place in findings[row]],
                    )
        return found

    def _claim_results(self, digest: str) -> tuple[dict[str, int], list[Any]]:
        """The results kept for the claims of one version of a data file, as kept (a column per
        part), and the row of each claim; read once: a language server asks again at every
        keystroke for the few claims it no longer remembers."""
        if digest not in self._claim_results_read:
            columns = self._kept_value("claim_rules", digest) or [[]] * 7 + [{}, {}]
            self._claim_results_read[digest] = ({claim: row for row, claim in enumerate(columns[0])}, columns)
        return self._claim_results_read[digest]

    def keep_claim_rules(self, digest: str, results: Mapping[str, RuleResults]) -> None:
        """One row for the whole file, a column per part of the results: 100,000 claims cost one
        encoding and one seal, not 100,000 (`_pend_value`).

        What each claim's rules read is kept as the names of what they read, with the value of
        each name once for the file: the results kept in one run read the same value of a source
        or an archived text (this run's, or one that agrees with it: `pipeline._still_hold`), so
        100,000 digests need not be written, sealed and read back one per claim. A claim whose
        reads disagree with the file's values keeps its own."""
        kept = list(results.values())
        reads = [result.reads for result in kept]
        source_values: dict[str, str] = {}
        archive_values: dict[str, str] = {}
        for read in reads:
            source_values.update(read.sources)
            archive_values.update(read.archives)
        # Inline, not a function called 200,000 times: the items' subset test runs in C.
        known_sources, known_archives = source_values.items(), archive_values.items()
        columns = [
            list(results),
            [tuple(read) if (read := each.sources).items() <= known_sources else read for each in reads],
            [tuple(read) if (read := each.archives).items() <= known_archives else read for each in reads],
            [day.toordinal() if (day := read.today_from) else None for read in reads],
            [day.toordinal() if (day := read.today_before) else None for read in reads],
            [result.quoted for result in kept],
            [list(map(tuple, found)) if (found := result.findings) else () for result in kept],
            source_values,
            archive_values,
        ]
        self._pend_value("claim_rules", digest, columns)
        self._claim_results_read.pop(digest, None)

    def quoted(self, digests: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """Where the quotes of these files sit, from the rule results this process used for them:
        the table may hold a file's results of another time, that held for another archive."""
        used, digests = self._used["rules"], list(digests)
        rows = [used[digest] for digest in digests if digest in used]
        rows.extend(
            self._rows_in(
                "SELECT * FROM file_rules WHERE data_file IN ({})",
                [digest for digest in digests if digest not in used],
            )
        )
        merged: dict[str, list[tuple[int, int]]] = {}
        for _, _, quoted in rows:
            for source_id, spans in _quoted(_decoded(quoted)).items():
                merged.setdefault(source_id, []).extend(spans)
        return merged

    # -- datasets and answers ----------------------------------------------------------------------------

    def dataset(self, key: str, shown_files: list[str]) -> KnownDataset | None:
        for dataset, _, payload in self._rows("SELECT * FROM datasets WHERE key = ?", (key,)):
            problems, counts, archive, today_from, today_before = _decoded(payload)
            self.note(f"answered from the index in {self.path}")
            reads = Reads.from_plain([{}, {}, today_from, today_before])
            return KnownDataset(dataset, _problems_decoded(problems, shown_files), counts, archive, reads)
        return None

    def keep_dataset(self, key: str, digests: list[str], shown_files: list[str], kept: KnownDataset) -> int:
        """Write this run's work and the dataset's result in one transaction; forget the oldest
        versions, and whatever only they used."""
        self.note(f"checked the data, and kept the results in {self.path}")
        today_from, today_before = kept.reads.as_plain()[2:]
        payload = _encoded(
            [
                _problems_encoded(kept.problems, shown_files),
                kept.counts,
                kept.archive,
                today_from,
                today_before,
            ]
        )
        self._keep_last_run(digests)
        self._wait_for_writer()
        self.db.execute("BEGIN IMMEDIATE")
        self._write_pending()
        self.db.execute("DELETE FROM datasets WHERE key = ?", (key,))
        (dataset,) = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM datasets").fetchone()
        self.db.execute(
            "INSERT INTO datasets VALUES (?, ?, ?, ?)",
            (dataset, key, payload, self._seal((dataset, key, payload))),
        )
        self.db.executemany(
            "INSERT INTO dataset_files VALUES (?, ?)", [(dataset, digest) for digest in digests]
        )
        self._forget_old_versions()
        self.db.execute("COMMIT")
        return dataset

    # -- the last run ----------------------------------------------------------------------------------

    def _kept_from_last_run(self, part: str) -> dict[str, Any] | None:
        """One part of what the last run that kept a dataset used (None when none is kept): one
        row, one seal and one decoding, however many files it covers."""
        if part not in self._last_run:
            self._last_run[part] = self._kept_value("last_run", part)
        return self._last_run[part]

    def _keep_last_run(self, digests: list[str]) -> None:
        """Keep what this run used for the runs after it (the statuses it trusted or took, the rows
        of the dataset's files and of their rule results), unless what is kept serves them well
        already: an edit among a thousand files then writes its own rows, not the 999 others'.
        After a run whose records a second process wrote, the next run keeps them."""
        wanted = set(digests)
        missed, self._missed = self._missed & wanted, set()
        wrote_aside, self._wrote_aside = self._wrote_aside, False
        if wrote_aside:
            return
        kept = all(self._kept_from_last_run(part) is not None for part in _LAST_RUN_PARTS)
        if kept and len(missed) * _LAST_RUN_MISSES <= len(digests):
            return
        for part, used in self._used.items():
            rows = dict(used) if part == "statuses" else {d: row for d, row in used.items() if d in wanted}
            self._pend_value("last_run", part, rows)
            self._last_run[part] = rows

    def _held_by_last_run(self) -> set[str]:
        """The data files whose rows the last run kept: they are kept in their tables too."""
        return set(self._kept_from_last_run("files") or ()) | set(self._kept_from_last_run("rules") or ())

    def kept_answer(self, dataset: int, question: str) -> Any | None:
        try:
            for _, _, kept in self._rows(
                "SELECT * FROM answers WHERE dataset = ? AND question = ?",
                (dataset, question),
            ):
                self.note("the answer was kept in the index")
                return _answer_decoded(kept)
        except INDEX_ERRORS as error:
            self.note(f"a kept answer could not be read ({error}); working it out again")
        return None

    def answer(self, dataset: int, question: str, work: Callable[[], Any]) -> Any:
        kept = self.kept_answer(dataset, question)
        if kept is not None:
            return kept
        answer = work()
        if _rows_in(answer) > ANSWER_ROWS_KEPT:
            return answer
        encoded = _answer_encoded(answer)
        if len(encoded) <= ANSWER_BYTES_KEPT:
            try:
                with self.db:
                    self.db.execute(
                        "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                        (dataset, question, encoded, self._seal((dataset, question, encoded))),
                    )
            except INDEX_ERRORS as error:
                self.note(f"the answer could not be kept ({error})")
        return answer

    def commit(self) -> None:
        self._wait_for_writer()
        # A process that checks again (a language server) reads what the last run kept again:
        # another run may have kept its own since, and let go of rows this one's named.
        self._last_run = {}
        if not self._pending:
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._write_pending()
        self.db.execute("COMMIT")

    def _write_pending(self) -> None:
        for table, rows in self._pending.items():
            marks = ", ".join("?" * len(rows[0]))
            indexed_after = table == "claims" and self._mostly_new_claims(len(rows))
            if indexed_after:
                for name in _CLAIM_ID_INDEXES:
                    self.db.execute(f"DROP INDEX IF EXISTS {name}")
            self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
            if indexed_after:
                for statement in _CREATE_CLAIM_ID_INDEXES:
                    self.db.execute(statement)
        self._pending.clear()
        self._stats = None

    def _mostly_new_claims(self, count: int) -> bool:
        """Whether `count` claims written now are many, and more than the index holds already."""
        if count < _BULK_CLAIMS:
            return False
        (kept,) = self.db.execute("SELECT count(*) FROM claims").fetchone()
        return count > kept

    def _forget_old_versions(self) -> None:
        """Remove the datasets beyond the newest few, then what no kept dataset uses. The orphans
        are found first, so that a kept index of a million claims is not scanned when none are."""
        old = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM datasets ORDER BY id DESC LIMIT -1 OFFSET ?", (VERSIONS_KEPT,)
            )
        ]
        if not old:
            return
        marks = ", ".join("?" * len(old))
        self.db.execute(f"DELETE FROM datasets WHERE id IN ({marks})", old)
        self.db.execute(f"DELETE FROM answers WHERE dataset IN ({marks})", old)
        self.db.execute(f"DELETE FROM dataset_files WHERE dataset IN ({marks})", old)
        orphans = [
            row[0]
            for row in self.db.execute(
                "SELECT digest FROM files WHERE digest NOT IN (SELECT digest FROM dataset_files)"
            )
        ]
        if orphans:
            held = self._held_by_last_run()
            orphans = [digest for digest in orphans if digest not in held]
        for start in range(0, len(orphans), 500):
            part = orphans[start : start + 500]
            marks = ", ".join("?" * len(part))
            for table, column in (("files", "digest"), ("missions", "data_file"), ("sources", "data_file"),
                                  ("claims", "data_file"), ("file_rules", "data_file"),
                                  ("claim_rules", "data_file")):  # fmt: skip
                self.db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", part)

    # -- records ---------------------------------------------------------------------------------------

    def corpus(
        self,
        root: Path,
        digests: list[str],
        shown_files: list[str],
        kinds: Collection[str] | None,
        countries: Collection[str] | None,
        claim_id: str | None,
    ) -> Corpus:
        conditions, parameters = ["data_file = ?"], []
        if kinds is not None:
            wanted = sorted(set(kinds))
            conditions.append(f"kind IN ({', '.join('?' * len(wanted))})")
            parameters.extend(wanted)
        if countries is not None:
            # the claim's country, or one of its parties (kept as one text, parties between separators)
            either = []
            for country in sorted(set(countries)):
                either.append("(country = ? OR (? || parties || ?) LIKE ?)")
                parameters.extend([country, _UNIT, _UNIT, f"%{_UNIT}{country}{_UNIT}%"])
            conditions.append(f"({' OR '.join(either) or '0'})")
        if claim_id is not None:
            conditions.append("id = ?")
            parameters.append(claim_id)
        sql = f"SELECT * FROM claims WHERE {' AND '.join(conditions)} ORDER BY seq"
        claims = [
            _claim(row[2:], self._date)
            for digest in digests
            for row in self._rows(sql, (digest, *parameters))
        ]
        source_sql = "SELECT * FROM sources WHERE data_file = ? ORDER BY seq"
        sources = {
            source.id: source
            for digest in digests
            for source in (_source(row[2:], self._date) for row in self._rows(source_sql, (digest,)))
        }
        names = dict(self._rows("SELECT * FROM countries"))
        missions = declared(
            MissionRecord(*row[2:5])
            for digest in digests
            for row in self._rows("SELECT * FROM missions WHERE data_file = ? ORDER BY seq", (digest,))
        )
        return Corpus(root, sources, claims, _Positions(self, digests, shown_files), names, missions)

    def _date(self, text: str) -> PartialDate:
        known = self._dates.get(text)
        if known is None:
            known = self._dates[text] = PartialDate.parse(text)
        return known


# --- Where things are ------------------------------------------------------------------------------


def _connected(path: Path, timeout: float) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        # A cache: a crash costs a rebuild at worst, so no fsync is worth waiting for.
        connection.execute("PRAGMA synchronous = OFF")
        # Up to 64 MiB of pages in memory (SQLite's default is 2 MiB): writing 100,000 claims
        # into tables indexed by id otherwise reads and writes the same pages again and again
        # (3.9 s of the first run at 100k, 5.5 s with the default). Pages are taken as used.
        connection.execute("PRAGMA cache_size = -65536")
    except BaseException:
        connection.close()
        raise
    return connection


def _write_aside(path: Path, key: bytes, files: list[tuple[str, LoadedFile]]) -> int | None:
    """Fork a process that writes the records of `files` into the index at `path`, in one
    transaction, on a connection of its own (never one opened before the fork), and exits 0 once
    they are committed. Its id, or None when no process could be made."""
    try:
        child = os.fork()
    except OSError:
        return None
    if child:
        return child
    status = 1
    try:
        # What this process was doing is the parent's: ^C, output and exit handlers are left to it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Long enough to wait for the parent's reads, which never hold the index for long.
        writer = Index(path, _connected(path, timeout=60.0), key, lambda message: None)
        for digest, loaded in files:
            writer._pend_file(digest, loaded)
        writer.db.execute("BEGIN IMMEDIATE")
        writer._write_pending()
        writer.db.execute("COMMIT")
        status = 0
    finally:
        os._exit(status)


def program_fingerprint() -> str:
    """The version and the code of this program: a changed rule must not serve old results. Every
    warm answer takes it, so each folder is listed once and each module's status taken from its
    entry, with no path worked out twice."""
    described = [str(FORMAT), __version__, sys.version]  # marshal's format is Python's own
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(package, folder)) as listed:
            entries = sorted(listed, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name.endswith(".py"):
                status = entry.stat()
                described.append(f"{folder}{entry.name} {status.st_size} {status.st_mtime_ns}")
            elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                folders.append(f"{folder}{entry.name}/")
    return _UNIT.join(described)


def _index_folders(data: Path) -> Iterator[Path]:
    """Where an index may be kept, best first: beside the data, else in the user's cache folder."""
    yield index_folder(data)
    yield _cache_home() / "mss" / path_digest(data)


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def _usable_folder(folder: Path, note: Note) -> bool:
    """A real folder (not a symlink to somewhere else) this user can write into, made when missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        note(f"no index in {folder}: {error.strerror or error}")
        return False
    if folder.is_symlink() or not folder.is_dir():
        note(f"no index in {folder}: it is not a folder of its own (a symlink?)")
        return False
    if not os.access(folder, os.W_OK):
        note(f"no index in {folder}: the folder cannot be written")
        return False
    return True


def _user_key(note: Note) -> bytes | None:
    """This user's secret for sealing index rows, made on first use; None when it cannot be had."""
    elsewhere = os.environ.get("MSS_INDEX_DIR")
    folder = Path(elsewhere) if elsewhere else _cache_home() / "mss"
    path = folder / KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        try:
            descriptor = os.open(path, flags)
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
            try:
                os.write(descriptor, os.urandom(KEY_BYTES))
            finally:
                os.close(descriptor)
            descriptor = os.open(path, flags)
        try:
            status = os.fstat(descriptor)
            key = os.read(descriptor, KEY_BYTES + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        note(f"no index: the key {path} cannot be read or made ({error.strerror or error})")
        return None
    if not stat.S_ISREG(status.st_mode) or len(key) != KEY_BYTES or status.st_mode & 0o077:
        note(f"no index: {path} is not a key of {KEY_BYTES} bytes readable by this user alone")
        return None
    return key


def _set_aside(path: Path, note: Note) -> None:
    """Move what is at `path` out of the way under a new name, without following or deleting it."""
    if not os.path.lexists(path):
        return
    aside = path.with_name(f"{path.name}.set-aside-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
    try:
        os.rename(path, aside)
        note(f"set {path} aside as {aside.name}")
    except OSError as error:
        note(f"cannot set {path} aside ({error.strerror or error})")
        raise


def _locked(error: BaseException) -> bool:
    """Another mss holds the index: a reason to answer without it, never to remove it."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


# --- Rows and records -----------------------------------------------------------------------------

# Separators for lists kept in one column. Text in the data cannot hold these control characters
# (the model refuses them), so splitting on them is exact.
_UNIT, _RECORD = "\x1f", "\x1e"
_POSITIONS = 2 + len(_CLAIM_FIELDS)  # where id_line is in a claims row


def _joined(values: Iterable[str]) -> str:
    return _UNIT.join(values)


def _split(text: str) -> list[str]:
    return text.split(_UNIT) if text else []


def _claim_row(claim: ClaimRecord) -> list[Any]:
    row: list[Any] = list(claim)
    for position in (_AS_OF, _MANDATE_UNTIL):
        if row[position] is not None:
            row[position] = str(row[position])
    for position in _LISTS:
        row[position] = _joined(row[position])
    return row


_AS_OF, _MANDATE_UNTIL = (_CLAIM_FIELDS.index(name) for name in ("as_of", "mandate_until"))
# The fields that hold lists of country codes, kept in one column each.
_LISTS = tuple(_CLAIM_FIELDS.index(name) for name in ("parties", "abstainers"))


def _claim(row: tuple[Any, ...], date_of: Callable[[str], PartialDate]) -> ClaimRecord:
    values = list(row[: len(_CLAIM_FIELDS)])
    values[_AS_OF] = date_of(values[_AS_OF])
    if values[_MANDATE_UNTIL] is not None:
        values[_MANDATE_UNTIL] = date_of(values[_MANDATE_UNTIL])
    for position in _LISTS:
        values[position] = tuple(_split(values[position]))
    return ClaimRecord(*values)


_PUBLISHED, _IGNORE, _RETRIEVED, _HEADLINE = (
    _SOURCE_FIELDS.index(name) for name in ("published", "ignore", "retrieved", "title_is_headline")
)


def _source_row(source: SourceRecord) -> list[Any]:
    row: list[Any] = list(source)
    row[_PUBLISHED] = str(source.published)
    row[_IGNORE] = _RECORD.join(_joined(item) for item in source.ignore)
    if source.retrieved is not None:
        row[_RETRIEVED] = str(source.retrieved)
    row[_HEADLINE] = int(source.title_is_headline)  # as SQLite gives it back, so that the seal holds
    return row


def _source(row: tuple[Any, ...], date_of: Callable[[str], PartialDate]) -> SourceRecord:
    values = list(row[: len(_SOURCE_FIELDS)])
    values[_PUBLISHED] = date_of(values[_PUBLISHED])
    if values[_RETRIEVED] is not None:
        values[_RETRIEVED] = date_of(values[_RETRIEVED])
    values[_HEADLINE] = bool(values[_HEADLINE])
    entries = values[_IGNORE].split(_RECORD) if values[_IGNORE] else []
    values[_IGNORE] = tuple(IgnoredFigure(*_split(entry)) for entry in entries)
    return SourceRecord(*values)


def _spans_json(location: Location) -> str:
    """A record's spans, all the way down: rules point into nested entries (an `ignore:` entry's
    `text`, say)."""

    def listed(spans: Spans) -> list[Any]:
        return [spans.at, spans.entries, {key: listed(child) for key, child in spans.children.items()}]

    return _encoded(listed(location.spans))


def _spans(text: str) -> Spans:
    def built(at: list[int], entries: dict[str, Any], children: dict[str, Any]) -> Spans:
        return Spans(
            tuple(at),  # type: ignore[arg-type]
            {_entry_key(key): tuple(position) for key, position in entries.items()},
            {_entry_key(key): built(*child) for key, child in children.items()},
        )

    return built(*_decoded(text))


def _entry_key(key: str) -> str | int:
    """JSON keeps only string keys: a list's entries come back keyed by their index."""
    return int(key) if key.isdigit() else key


def _read_values(kept: tuple[str, ...] | dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """What one claim's rules read: kept as the names whose values the file's `values` give, or as
    the values read (`Index.keep_claim_rules`)."""
    return dict(kept) if isinstance(kept, dict) else {name: values[name] for name in kept}


def _day(number: int | None) -> date | None:
    return date.fromordinal(number) if number is not None else None


def _quoted(plain: dict[str, list[list[int]]]) -> dict[str, list[tuple[int, int]]]:
    return {source_id: [(start, end) for start, end in spans] for source_id, spans in plain.items()}


def _encoded(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _decoded(text: str) -> Any:
    import json

    return json.loads(text)


def _problem_fields(problem: Problem) -> list[Any]:
    return [problem.line, problem.column, problem.code, problem.message, problem.claim_id]


# A file of the dataset named inside a message ("already used at data/a.yaml:7:5"), kept by its
# number: the same data may be named otherwise next time (another --data, a renamed file).
_FILE_MARK = "\x1d"
_FILE_NUMBER = re.compile(f"{_FILE_MARK}(\\d+){_FILE_MARK}")


def _problems_encoded(problems: list[Problem], shown_files: list[str]) -> list[Any]:
    by_file = {name: number for number, name in enumerate(shown_files)}
    # Longest first, so that data/a.yaml is not found inside data/a.yaml.bak.
    naming = sorted(by_file, key=len, reverse=True)

    def marked(message: str) -> str:
        for name in naming:
            message = message.replace(f"{name}:", f"{_FILE_MARK}{by_file[name]}{_FILE_MARK}:")
        return message

    return [
        [by_file.get(problem.path, 0), *_problem_fields(problem._replace(message=marked(problem.message)))]
        for problem in problems
    ]


def _problems_decoded(encoded: list[Any], shown_files: list[str]) -> list[Problem]:
    def named(match: re.Match[str]) -> str:
        return shown_files[int(match[1])]

    return [
        Problem(shown_files[number], line, column, code, _FILE_NUMBER.sub(named, message), claim_id)
        for number, line, column, code, message, claim_id in encoded
    ]


def _rows_in(answer: Any) -> int:
    if isinstance(answer, dict):
        return max((len(value) for value in answer.values() if isinstance(value, list)), default=0)
    return len(answer) if isinstance(answer, list) else 0


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


class _Positions(Mapping[str, str]):
    """Where each claim is written (`file:line:column`), looked up in the index when asked for:
    only `mss show` asks, for one claim."""

    def __init__(self, index: Index, digests: list[str], shown_files: list[str]) -> None:
        self.index, self.digests, self.shown_files = index, digests, shown_files

    def __getitem__(self, claim_id: str) -> str:
        for digest, shown in zip(self.digests, self.shown_files, strict=True):
            for row in self.index._rows(
                "SELECT * FROM claims WHERE data_file = ? AND id = ?", (digest, claim_id)
            ):
                line, column = row[_POSITIONS : _POSITIONS + 2]
                return f"{shown}:{line}:{column}"
        raise KeyError(claim_id)

    def __iter__(self) -> Iterator[str]:
        raise NotImplementedError("positions are looked up one claim at a time")

    def __len__(self) -> int:
        raise NotImplementedError("positions are looked up one claim at a time")
