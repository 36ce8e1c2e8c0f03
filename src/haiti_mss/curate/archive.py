"""An article into the archive in one step: its text under `seeds/`, its source entry in the data.

The text is written under a name made from its content, `NNN_<first 16 hex of its sha256>.txt` (NNN
the next number in the folder, as the first five were numbered), and never over an existing file.
The source entry gets a readable id, the file and its sha256, the metadata found in the article
or given by the curator, and the day it was archived. An article whose text is already archived
(the same bytes, or the same text once normalised) is refused with the id of the source that holds
it. If the data file cannot be written, the archived text written for it is removed again.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from haiti_mss.analysis.archive import Archive, ArchiveError
from haiti_mss.analysis.text import normalise
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.layout import ARCHIVE_FOLDER
from haiti_mss.core.records import Corpus
from haiti_mss.curate.extract import Article
from haiti_mss.curate.ids import slug, unique
from haiti_mss.curate.insert import InsertError, appended, replace_file

_SEED_NAME = re.compile(r"^(\d{3,})_[0-9a-f]{16}\.txt$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ArchiveRefused(Exception):
    """The article cannot be archived as asked; the message says why (and which option helps)."""


@dataclass(frozen=True, slots=True)
class Given:
    """Metadata the curator gives on the command line: it overrides what the article says."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    source_id: str | None = None
    archived_url: str | None = None


@dataclass(frozen=True, slots=True)
class Archived:
    """What `archive` did: the source entry written, where, and where each value came from."""

    entry: dict[str, Any]
    seed: Path
    seed_written: bool  # False: the same text was already in the archive under that name
    data: Path
    line: int
    origins: dict[str, str] = field(default_factory=dict)  # field -> "the page", "--title", …


def archive(
    article: Article, given: Given, corpus: Corpus, into: Path, shown_into: str, today: date
) -> Archived:
    """Archive `article` and add its source to the data file `into` (which may not exist yet)."""
    data = article.archived_bytes
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_if_archived(article, sha256, corpus)
    entry, origins = _source_entry(article, given, corpus, sha256, today)
    seeds = corpus.root / ARCHIVE_FOLDER
    seed = _seed_path(seeds, sha256, data)
    entry["file"] = f"{ARCHIVE_FOLDER}/{seed.name}"
    entry = _ordered(entry)
    try:
        before = into.read_bytes()
    except FileNotFoundError:
        before = None
    except OSError as error:
        raise ArchiveRefused(f"cannot read {shown_into}: {error.strerror or error}") from None
    try:
        inserted = appended(before or b"", "sources", [entry], shown_into)
    except InsertError as error:
        raise ArchiveRefused(str(error)) from None
    written = not seed.exists()
    if written:
        _write_new(seed, data)
    try:
        replace_file(into, before, inserted.data)
    except BaseException as error:
        if written:
            seed.unlink(missing_ok=True)
        if isinstance(error, InsertError):
            raise ArchiveRefused(str(error)) from None
        raise
    return Archived(entry, seed, written, into, inserted.line, origins)


def _refuse_if_archived(article: Article, sha256: str, corpus: Corpus) -> None:
    text = None
    archive = Archive(corpus.root)
    for source in corpus.sources.values():
        if source.sha256 == sha256:
            raise ArchiveRefused(f"this article is already archived: source {source.id} ({source.file})")
        text = text if text is not None else normalise(article.text)
        try:
            same = archive.get(source.file).normalised == text
        except ArchiveError:
            continue
        if same:
            raise ArchiveRefused(
                f"this article's text is already archived: source {source.id} ({source.file}), "
                "the same words in another layout"
            )


def _source_entry(
    article: Article, given: Given, corpus: Corpus, sha256: str, today: date
) -> tuple[dict[str, Any], dict[str, str]]:
    origins: dict[str, str] = {}
    where = "from the page" if article.form == "HTML" else f"from the {article.form}"

    def chosen(name: str, option: str, ours: Any, found: Any) -> Any:
        if ours is not None:
            origins[name] = f"given with {option}"
            return ours
        if found is not None:
            origins[name] = where
        return found

    title = chosen("title", "--title", given.title, article.title)
    published = chosen("published", "--published", given.published, article.published)
    missing = [what for what, value in (("title", title), ("published", published)) if value is None]
    if missing:
        said = {"title": "its title", "published": "when it was published"}
        wanted = {"title": "--title TEXT", "published": "--published DATE"}
        raise ArchiveRefused(
            f"the {article.form} does not say {' or '.join(said[what] for what in missing)}; give "
            + " and ".join(wanted[what] for what in missing)
        )
    if published.first_day > today:
        raise ArchiveRefused(f"published {published} is after today ({today.isoformat()})")
    source_id = given.source_id or unique(
        f"{slug([title], 5) or 'article'}-{_month(published)}", corpus.sources
    )
    if given.source_id is not None:
        if not _SLUG.match(given.source_id):
            raise ArchiveRefused(
                f"--id {given.source_id!r} is not a slug: lowercase letters, digits and hyphens"
            )
        if given.source_id in corpus.sources:
            raise ArchiveRefused(f"--id {given.source_id}: a source with this id already exists")
        origins["id"] = "given with --id"
    entry: dict[str, Any] = {
        "id": source_id,
        "sha256": sha256,
        "title": title,
        "outlet": chosen("outlet", "--outlet", given.outlet, article.outlet),
        "url": chosen("url", "--url", given.url, article.url),
        "published": published,
    }
    if given.published is None and article.published_basis:
        entry["published_basis"] = article.published_basis
    entry["retrieved"] = PartialDate(today.year, today.month, today.day)
    origins["retrieved"] = "today"
    if given.archived_url:
        entry["archived_url"] = given.archived_url
        origins["archived_url"] = "given with --archived-url"
    return entry, origins


def _month(published: PartialDate) -> str:
    return str(published)[:7]


# The order the data writes a source's fields in.
_ORDER = ("id", "file", "sha256", "title", "outlet", "url", "published", "published_basis", "retrieved",
          "archived_url")  # fmt: skip


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    return {name: entry[name] for name in _ORDER if name in entry}


def _seed_path(seeds: Path, sha256: str, data: bytes) -> Path:
    """Where the text goes: a file of this content already there (left by an archive whose data
    file could not be written), else the next number with this content's hash."""
    numbers = []
    for existing in seeds.iterdir() if seeds.is_dir() else ():
        match = _SEED_NAME.match(existing.name)
        if match is None:
            continue
        if (
            existing.name.endswith(f"_{sha256[:16]}.txt")
            and existing.is_file()
            and existing.read_bytes() == data
        ):
            return existing
        numbers.append(int(match.group(1)))
    return seeds / f"{max(numbers, default=-1) + 1:03d}_{sha256[:16]}.txt"


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file in one step, never over an existing one: a temporary file beside it,
    linked to its name only if the name is free."""
    import tempfile

    from haiti_mss.core.output import new_file_mode

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, new_file_mode(path))
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise ArchiveRefused(f"{path} already exists; mss never writes over the archive") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
