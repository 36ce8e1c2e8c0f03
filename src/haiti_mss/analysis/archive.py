"""The archive: the source texts under `seeds/`, read safely and once.

A source's `file` must name a regular file inside `seeds/` of the project root: relative, without
`..`, and not a symlink that leads out. Only files a source names are read, each at most once per
run and up to a size cap; its sha256 is taken of the bytes read, and its text and normalised text
(what quotes are matched against) come from those same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from haiti_mss.analysis.text import Mapped, find_quote, mapped, normalise, sentences
from haiti_mss.core.files import ChangedWhileRead, FileRead, FileUnreadable, read_once
from haiti_mss.core.layout import ARCHIVE_FOLDER

# An archived article is text: a few hundred kilobytes at most. A file far larger is not one.
MAX_SEED_BYTES = 64 * 1024 * 1024


class ArchiveError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ArchiveChanged(ChangedWhileRead):
    """An archived file read now is not the one whose digest was verified earlier in this run."""


class ArchivedText:
    """An archived file: its sha256, its text and its normalised text, each worked out when first
    asked for. Checking one changed data file among many reads only the archive it quotes; the
    validated index knows the digests of the rest."""

    def __init__(self, path: str | Path, sha256: str | None = None, name: str | None = None) -> None:
        # As given: a warm check makes one for each of a thousand sources and reads none of them,
        # so a Path is made only when asked for.
        self._given = path
        self.name = name or str(path)  # as the data names it: seeds/…
        if sha256 is not None:
            self.sha256 = sha256  # known: the file need not be read to be verified

    @cached_property
    def path(self) -> Path:
        return Path(self._given)

    @cached_property
    def read(self) -> FileRead:
        """The file's bytes, read once; ArchiveChanged when they are not those already verified."""
        try:
            read = read_once(self._given, MAX_SEED_BYTES, "seed-too-large")
        except FileUnreadable as error:
            message = error.message.replace("the file", self.name, 1)
            raise ArchiveError(_ARCHIVE_CODES.get(error.code, error.code), message) from None
        known = self.__dict__.get("sha256")
        if known is not None and known != read.digest:
            raise ArchiveChanged(f"{self.path} changed while it was being read")
        return read

    @property
    def raw(self) -> bytes:
        return self.read.data

    @cached_property
    def sha256(self) -> str:
        return self.read.digest

    @cached_property
    def text(self) -> str:
        # Archived articles are UTF-8; a stray byte shows as U+FFFD and fails the quotes near it.
        return self.raw.decode("utf-8", errors="replace")

    @cached_property
    def normalised(self) -> str:
        return normalise(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """The spans of its sentences in the normalised text, split once however many quotes of
        it are placed in their passage (a report places every claim's)."""
        return sentences(self.text, self.normalised)

    @cached_property
    def mapped(self) -> Mapped:
        """The normalised text with where each character came from: what turns a passage found
        by matching back into the text as written."""
        return mapped(self.text)


@dataclass(slots=True)
class Archive:
    """The archive of a project root. `known` holds where archived files already known to be
    unchanged are (unresolved, as `archived_path` gives it) and their sha256 (by a source's
    `file`): they need not be read again to be verified; `saw` hears of every file read, with what
    it held."""

    root: Path
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    saw: Callable[[Path, FileRead], None] | None = None
    _read: dict[str, ArchivedText | ArchiveError] = field(default_factory=dict)
    _folder: Path | None = None  # the archive folder, symlinks resolved, once

    def outcome(self, file: str) -> str:
        """What reading `file` gives, in a word: "sha256 <its digest>", or the problem it is."""
        try:
            return f"sha256 {self.get(file).sha256}"
        except ArchiveError as error:
            return f"{error.code} {error.message}"

    def outcomes(self) -> dict[str, str]:
        """The outcome of every file asked for so far."""
        return {file: self.outcome(file) for file in self._read}

    def get(self, file: str) -> ArchivedText:
        """The archived text named by a source's `file`, or ArchiveError with a problem code."""
        if file not in self._read:
            try:
                self._read[file] = self._load(file)
            except ArchiveError as error:
                self._read[file] = error
        found = self._read[file]
        if isinstance(found, ArchiveError):
            raise found
        return found

    def _load(self, file: str) -> ArchivedText:
        if file in self.known:
            # A file whose digest is known is the very file (same inode, size and times) that was
            # read and resolved inside the archive before: it needs no system calls to be resolved
            # again.
            path, digest = self.known[file]
            return ArchivedText(path, digest, file)
        inside = _inside_archive(file)
        archived = ArchivedText(self._resolve(file, inside), None, file)
        read = archived.read  # now, so that an unreadable file is a problem here
        if self.saw is not None:
            self.saw(self.root.joinpath(ARCHIVE_FOLDER, *inside), read)
        return archived

    def _resolve(self, file: str, inside: tuple[str, ...]) -> Path:
        if self._folder is None:
            self._folder = (self.root / ARCHIVE_FOLDER).resolve()
        path = self._folder.joinpath(*inside)
        # Only a symlink below the archive folder can lead out of it; resolving the whole path of
        # every file (a system call per folder on the way) is needed only then.
        below = self._folder
        for part in inside:
            below = below / part
            if below.is_symlink():
                if not path.resolve().is_relative_to(self._folder):
                    raise ArchiveError(
                        "seed-outside-archive", f"{file!r} leads out of {ARCHIVE_FOLDER}/ (a symlink)"
                    )
                break
        if not path.is_file():
            raise ArchiveError("seed-missing", f"{file} does not exist in the archive")
        return path


def archived_path(root: Path, file: str) -> str | None:
    """Where a source's `file` is, unresolved; None when it does not name a file inside seeds/. As
    text: a warm run looks every source's file up by name, and makes a Path only of one it reads."""
    try:
        inside = _inside_archive(file)
    except ArchiveError:
        return None
    return os.path.join(root, ARCHIVE_FOLDER, *inside)


# A file the reader refuses is, to a source, a missing or oversized archive.
_ARCHIVE_CODES = {"file-unreadable": "seed-missing"}


def _inside_archive(file: str) -> tuple[str, ...]:
    """A source's `file` as the parts of a path inside the archive folder; ArchiveError when it is
    not one."""
    parts = file.split("/")
    # The usual `seeds/name.txt`: plain names between single slashes are the parts PurePosixPath
    # would give, without building one for each of a thousand sources. Anything else goes the long way.
    if len(parts) > 1 and parts[0] == ARCHIVE_FOLDER and "\\" not in file and _NOT_PLAIN.isdisjoint(parts):
        return tuple(parts[1:])
    relative = PurePosixPath(file)
    if relative.is_absolute() or "\\" in file or ".." in relative.parts:
        raise ArchiveError(
            "seed-outside-archive", f"{file!r} must be a relative path inside {ARCHIVE_FOLDER}/ without '..'"
        )
    if not relative.parts or relative.parts[0] != ARCHIVE_FOLDER or len(relative.parts) < 2:
        raise ArchiveError("seed-outside-archive", f"{file!r} is not inside {ARCHIVE_FOLDER}/")
    return relative.parts[1:]


# Parts that PurePosixPath drops ("", "."), or that lead out (".."): a name holding one is not plain.
_NOT_PLAIN = frozenset(("", ".", ".."))


@dataclass(frozen=True, slots=True)
class Passage:
    """A quote inside its surroundings, as the archive has them (line breaks, dashes and curly
    quotes as written): the sentence before, the quote's sentences, the one after."""

    before: str
    quote: str
    after: str


def passage_around(archived: ArchivedText, quote: str) -> Passage | None:
    """Where `quote` stands in the archived text, with a sentence of context on either side. The
    quote is found in the normalised text; what is returned is cut from the text as written."""
    text = archived.normalised
    wanted = normalise(quote)
    start = find_quote(wanted, text)
    if start is None:
        return None
    end = start + len(wanted)
    spans = archived.sentences
    inside = [index for index, (first, last) in enumerate(spans) if first < end and start < last]
    begin = spans[max(inside[0] - 1, 0)][0] if inside else start
    finish = spans[min(inside[-1] + 1, len(spans) - 1)][1] if inside else end
    where = archived.mapped
    (start_at, end_at), finish_at = where.span(start, end), where.span(end, finish)[1]
    original = archived.text
    return Passage(original[where.span(begin, start)[0] : start_at], original[start_at:end_at],
                   original[end_at:finish_at])  # fmt: skip
