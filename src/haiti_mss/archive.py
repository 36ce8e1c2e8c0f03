"""The archive: the source texts under `seeds/`, read safely and once.

A source's `file` must name a file inside `seeds/` of the project root: relative, without `..`, and
not a symlink that leads out. Each file is read once per run; its sha256 and its normalised text
(what quotes are matched against) are kept together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from haiti_mss.text import find_quote, normalise, sentences

ARCHIVE_FOLDER = "seeds"


class ArchiveError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ArchivedText:
    sha256: str
    text: str
    normalised: str


@dataclass(slots=True)
class Archive:
    root: Path
    _read: dict[str, ArchivedText | ArchiveError] = field(default_factory=dict)

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
        path = self.resolve(file)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise ArchiveError("seed-missing", f"cannot read {file}: {error.strerror or error}") from None
        # Archived articles are UTF-8; a stray byte shows as U+FFFD and fails the quotes near it.
        text = raw.decode("utf-8", errors="replace")
        return ArchivedText(hashlib.sha256(raw).hexdigest(), text, normalise(text))

    def resolve(self, file: str) -> Path:
        relative = PurePosixPath(file)
        if relative.is_absolute() or "\\" in file or ".." in relative.parts:
            raise ArchiveError(
                "seed-outside-archive",
                f"{file!r} must be a relative path inside {ARCHIVE_FOLDER}/ without '..'",
            )
        if not relative.parts or relative.parts[0] != ARCHIVE_FOLDER or len(relative.parts) < 2:
            raise ArchiveError("seed-outside-archive", f"{file!r} is not inside {ARCHIVE_FOLDER}/")
        archive = (self.root / ARCHIVE_FOLDER).resolve()
        path = (self.root / relative).resolve()
        if not path.is_relative_to(archive):
            raise ArchiveError(
                "seed-outside-archive", f"{file!r} leads out of {ARCHIVE_FOLDER}/ (a symlink?)"
            )
        if not path.is_file():
            raise ArchiveError("seed-missing", f"{file} does not exist in the archive")
        return path


@dataclass(frozen=True, slots=True)
class Passage:
    """A quote inside its surroundings: the sentence before, the quote's sentences, the one after."""

    before: str
    quote: str
    after: str


def passage_around(archived: ArchivedText, quote: str) -> Passage | None:
    """Where `quote` stands in the archived text, with a sentence of context on either side."""
    text = archived.normalised
    start = find_quote(normalise(quote), text)
    if start is None:
        return None
    end = start + len(normalise(quote))
    spans = sentences(archived.text)
    inside = [index for index, (first, last) in enumerate(spans) if first < end and start < last]
    if not inside:
        return Passage("", text[start:end], "")
    begin = spans[max(inside[0] - 1, 0)][0]
    finish = spans[min(inside[-1] + 1, len(spans) - 1)][1]
    return Passage(text[begin:start], text[start:end], text[end:finish])
