"""What changed in the data between two versions: sources and claims added, removed, changed field
by field, and claims renamed.

A version is the data at a git revision (`git show REV:path`, for every data file the `--data` path
names at that revision) or the data at a path. Both are read with today's loader, keys renamed
since read under their new names (`read.renamed`), and compared record by record, by id, over every
field a record has, so a field added to the model shows up here without a change to this module. A
claim that disappeared and a claim that appeared with the same source and the same quote are one
claim renamed. Records that fail validation cannot be compared and are counted apart.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from haiti_mss.analysis.text import normalise
from haiti_mss.core.layout import data_files
from haiti_mss.core.records import ClaimRecord, SourceRecord
from haiti_mss.read.load import load_bytes

Record = SourceRecord | ClaimRecord
ADDED, REMOVED, CHANGED, RENAMED = "added", "removed", "changed", "renamed"


class DiffError(Exception):
    """The versions cannot be read as asked (no git repository, no such revision)."""


@dataclass(slots=True)
class Version:
    """The records of one version of the data, by id, and how many records failed validation."""

    label: str
    sources: dict[str, SourceRecord]
    claims: dict[str, ClaimRecord]
    problems: int = 0


class FieldChange(NamedTuple):
    name: str
    old: Any
    new: Any


class Change(NamedTuple):
    """One record added, removed, changed or renamed, and its fields that differ (every field it has,
    for a record added or removed)."""

    change: str
    record: str  # "source" or "claim"
    id: str
    old_id: str | None
    fields: tuple[FieldChange, ...]
    old: Record | None
    new: Record | None


def version_at_path(data: Path, label: str | None = None) -> Version:
    """The data at `data` (a file or a folder of them) as it is on disk."""
    files = []
    for path in data_files(data):
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as error:
            raise DiffError(f"cannot read {path}: {error.strerror or error}") from None
    return _version(label or str(data), files)


def version_at_revision(data: Path, revision: str) -> Version:
    """The data that `data` names as it was at git `revision`."""
    folder = data if data.is_dir() else data.parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    unknown = f"{revision!r} is not a revision of the git repository at {top}"
    commit = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
                  missing=unknown).strip()  # fmt: skip
    inside = PurePosixPath(Path(os.path.relpath(data.resolve(), top.resolve())).as_posix())
    if data.is_dir():
        listed = _git(top, "ls-tree", "--name-only", commit, "--", f"{inside}/").splitlines()
        names = sorted(
            name for name in listed if name.endswith(".yaml") and not PurePosixPath(name).name.startswith(".")
        )
    else:
        names = (
            [str(inside)] if _git(top, "ls-tree", "--name-only", commit, "--", str(inside)).strip() else []
        )
    files = [(name, _git_bytes(top, "show", f"{commit}:{name}")) for name in names]
    return _version(revision, files)


def _version(label: str, files: Iterable[tuple[str, bytes]]) -> Version:
    version = Version(label, {}, {})
    for shown, raw in files:
        loaded = load_bytes(raw, shown, old_names=True)
        version.sources.update((record.id, record) for record, _ in loaded.sources)
        version.claims.update((record.id, record) for record, _ in loaded.claims)
        version.problems += len(loaded.problems)
    return version


def _git(folder: Path, *args: str, missing: str | None = None) -> str:
    return _git_bytes(folder, *args, missing=missing).decode("utf-8", errors="replace")


def _git_bytes(folder: Path, *args: str, missing: str | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; compare two data paths instead: mss diff OLD NEW") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        if said and "not a git repository" in said[0]:
            raise DiffError(f"{folder} is not in a git repository; compare two data paths: mss diff OLD NEW")
        raise DiffError(missing or (said[0] if said else f"git {args[0]} failed"))
    return done.stdout


# --- Comparing ----------------------------------------------------------------------------------------


def changes(old: Version, new: Version) -> list[Change]:
    """Sources, then claims: added, renamed and changed in the new version's order, then removed."""
    return [*_compared("source", old.sources, new.sources), *_compared("claim", old.claims, new.claims)]


def _compared(record: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    gone = [key for key in old if key not in new]
    renamed = (
        _renames([old[key] for key in gone], [new[key] for key in new if key not in old])
        if record == "claim"
        else {}
    )
    found: list[Change] = []
    for key, now in new.items():
        before = old.get(key)
        if before is None and key in renamed:
            before = renamed[key]
            found.append(Change(RENAMED, record, key, before.id, _differences(before, now), before, now))
        elif before is None:
            found.append(Change(ADDED, record, key, None, _differences(None, now), None, now))
        elif before != now:
            found.append(Change(CHANGED, record, key, None, _differences(before, now), before, now))
    taken = {claim.id for claim in renamed.values()}
    found.extend(
        Change(REMOVED, record, key, None, _differences(old[key], None), old[key], None)
        for key in gone
        if key not in taken
    )
    return found


def _renames(removed: list[ClaimRecord], added: list[ClaimRecord]) -> dict[str, ClaimRecord]:
    """New id → the old claim it renames: same source, same quote; where several could pair, the
    pairs that share the most fields first."""

    def passage(claim: ClaimRecord) -> tuple[str, str]:
        return claim.source, normalise(claim.quote)

    candidates = sorted(
        ((_shared(before, after), index, before, after)
         for index, after in enumerate(added) for before in removed if passage(before) == passage(after)),
        key=lambda pair: (-pair[0], pair[1]),
    )  # fmt: skip
    renames: dict[str, ClaimRecord] = {}
    used: set[str] = set()
    for _, _, before, after in candidates:
        if after.id not in renames and before.id not in used:
            renames[after.id] = before
            used.add(before.id)
    return renames


def _shared(before: ClaimRecord, after: ClaimRecord) -> int:
    return sum(1 for one, other in zip(before, after, strict=True) if one == other)


def _differences(before: Record | None, after: Record | None) -> tuple[FieldChange, ...]:
    """Every field whose value differs, by name (for a record added or removed: every field it has)."""
    shape = type(after if after is not None else before)
    empty = _empty_values(shape)
    return tuple(
        FieldChange(name, old_value, new_value)
        for name, old_value, new_value in zip(
            shape._fields,
            before if before is not None else empty,
            after if after is not None else empty,
            strict=True,
        )
        if old_value != new_value and name != "id"
    )


def _empty_values(shape: type) -> tuple[Any, ...]:
    """A record of `shape` with nothing in it: every field at its empty value (None, or ())."""
    defaults = shape._field_defaults
    return tuple(() if isinstance(defaults.get(name), tuple) else None for name in shape._fields)
