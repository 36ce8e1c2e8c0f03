"""The rules of each source: its archived file, and its publication date."""

from __future__ import annotations

from collections.abc import Iterator

from haiti_mss.analysis.archive import ArchiveError
from haiti_mss.core.positions import Finding
from haiti_mss.core.records import SourceRecord
from haiti_mss.rules.registry import Scope, SourceContext, rule


@rule(
    Scope.SOURCE,
    ("seed-missing", "seed-outside-archive", "seed-too-large", "seed-sha-mismatch"),
    reads=("archive",),
)
def archive_intact(source: SourceRecord, context: SourceContext) -> Iterator[Finding]:
    """The archived file is a regular file inside seeds/, and byte for byte what was curated."""
    try:
        text = context.archived(source)
    except ArchiveError as error:
        yield Finding(error.code, error.message, ("file",))
        return
    if text.sha256 != source.sha256:
        message = (
            f"{source.file} has sha256 {text.sha256}, not the recorded {source.sha256}: the archive "
            "changed; re-verify its quotes before updating sha256"
        )
        yield Finding("seed-sha-mismatch", message, ("sha256",))
        return
    context.intact(text)


@rule(Scope.SOURCE, ("date-in-future",), reads=("today",))
def published_by_today(source: SourceRecord, context: SourceContext) -> Iterator[Finding]:
    """A source is not published after today."""
    if context.after_today(source.published):
        yield Finding("date-in-future", f"published {source.published} is after today", ("published",))
