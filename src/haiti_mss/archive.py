"""The archive: the source texts under `seeds/`, read safely and once.

A source's `file` must name a file inside `seeds/` of the project root: relative, without `..`, and
not a symlink that leads out. Each file is read once per run; its sha256 and its normalised text
(what quotes are matched against) are kept together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from haiti_mss.layout import ARCHIVE_FOLDER
from haiti_mss.text import find_quote, normalise, sentences


class ArchiveError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ArchivedText:
    """An archived file: its sha256, its text and its normalised text, each worked out when first
    asked for. Checking one changed data file among many reads only the archive it quotes; the
    validated index knows the digests of the rest."""

    def __init__(self, path: Path, sha256: str | None = None) -> None:
        self.path = path
        if sha256 is not None:
            self.sha256 = sha256  # known: the file need not be read to be verified

    @cached_property
    def raw(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @cached_property
    def text(self) -> str:
        # Archived articles are UTF-8; a stray byte shows as U+FFFD and fails the quotes near it.
        return self.raw.decode("utf-8", errors="replace")

    @cached_property
    def normalised(self) -> str:
        return normalise(self.text)


@dataclass(slots=True)
class Archive:
    """The archive of a project root. `digests` holds the sha256 of archived files already known
    (by their path inside seeds/), which need not be read again to be verified."""

    root: Path
    digests: dict[str, str] = field(default_factory=dict)
    _read: dict[str, ArchivedText | ArchiveError] = field(default_factory=dict)
    _folder: Path | None = None  # the archive folder, symlinks resolved, once

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
        inside = _inside_archive(file)
        digest = self.digests.get(inside.as_posix())
        # A file whose digest is known was found as a plain file while walking the archive folder:
        # it exists and leads nowhere else, so it needs no system calls to be resolved.
        path = self.root.joinpath(ARCHIVE_FOLDER, *inside.parts) if digest else self.resolve(file)
        archived = ArchivedText(path, digest)
        try:
            archived.sha256  # noqa: B018 - reads the file now, so that an unreadable one is a problem here
        except OSError as error:
            raise ArchiveError("seed-missing", f"cannot read {file}: {error.strerror or error}") from None
        return archived

    def resolve(self, file: str) -> Path:
        inside = _inside_archive(file)
        if self._folder is None:
            self._folder = (self.root / ARCHIVE_FOLDER).resolve()
        path = self._folder.joinpath(*inside.parts)
        # Only a symlink below the archive folder can lead out of it; resolving the whole path of
        # every file (a system call per folder on the way) is needed only then.
        below = self._folder
        for part in inside.parts:
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


def _inside_archive(file: str) -> PurePosixPath:
    """A source's `file` as a path inside the archive folder; ArchiveError when it is not one."""
    relative = PurePosixPath(file)
    if relative.is_absolute() or "\\" in file or ".." in relative.parts:
        raise ArchiveError(
            "seed-outside-archive", f"{file!r} must be a relative path inside {ARCHIVE_FOLDER}/ without '..'"
        )
    if not relative.parts or relative.parts[0] != ARCHIVE_FOLDER or len(relative.parts) < 2:
        raise ArchiveError("seed-outside-archive", f"{file!r} is not inside {ARCHIVE_FOLDER}/")
    return PurePosixPath(*relative.parts[1:])


@dataclass(frozen=True, slots=True)
class Passage:
    """A quote inside its surroundings: the sentence before, the quote's sentences, the one after."""

    before: str
    quote: str
    after: str


def passage_around(archived: ArchivedText, quote: str) -> Passage | None:
    """Where `quote` stands in the archived text, with a sentence of context on either side."""
    text = archived.normalised
    wanted = normalise(quote)
    start = find_quote(wanted, text)
    if start is None:
        return None
    end = start + len(wanted)
    spans = sentences(archived.text, text)
    inside = [index for index, (first, last) in enumerate(spans) if first < end and start < last]
    if not inside:
        return Passage("", text[start:end], "")
    begin = spans[max(inside[0] - 1, 0)][0]
    finish = spans[min(inside[-1] + 1, len(spans) - 1)][1]
    return Passage(text[begin:start], text[start:end], text[end:finish])
