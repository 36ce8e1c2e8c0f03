"""The record around the cursor, read from the editor's text as it is now, and edits of it that are
checked before they are offered.

A record is read alone (as `read.incremental` reads it), so asking about one claim of a 10,000-claim
file costs one claim. Text that cannot be split into records is read whole; text that cannot be read
at all has no record at the cursor (completion still works from the line itself). An edit is offered
only when the record it gives, read again, holds exactly what the edit meant to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from haiti_mss.core.positions import Spans
from haiti_mss.lsp.text import BYTE_ORDER_MARK

_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#.*)?")


@dataclass(frozen=True, slots=True)
class Entry:
    """A record of the document: which list it is in, its values, and where they are (YAML lines
    and columns from 1, as the text is now)."""

    key: str  # "sources" or "claims"
    value: Any  # a mapping of fields when the record is one
    spans: Spans
    first_line: int  # of its `-`
    last_line: int  # of its text, trailing blank lines and comments included

    def fields(self) -> list[tuple[str, int, int]]:
        """The record's top-level fields with their lines and columns, in the order they are
        written."""
        if not isinstance(self.value, dict):
            return []
        return sorted(
            (
                (name, line, column)
                for name, (line, column) in self.spans.entries.items()
                if isinstance(name, str)
            ),
            key=lambda field: (field[1], field[2]),
        )

    def field_at(self, line: int, column: int) -> str | None:
        """The field whose key or value is at `line`, `column`: the last field that starts at or
        before it (a value may run over several lines)."""
        chosen = None
        for name, field_line, field_column in self.fields():
            if (field_line, field_column) <= (line, column) or (field_line == line and chosen is None):
                chosen = name
        return chosen

    def value_lines(self, name: str, lines: list[str]) -> tuple[int, int]:
        """The first and last line of the field `name` (its key's line, and the last line of its
        value that is not blank or a comment), given the document's YAML `lines` (from 1)."""
        fields = self.fields()
        starts = [field_line for _, field_line, _ in fields]
        line = {field: field_line for field, field_line, _ in fields}[name]
        after = [start for start in starts if start > line]
        last = (after[0] - 1) if after else self.last_line
        while last > line and _BLANK_OR_COMMENT.fullmatch(lines[last - 1]):
            last -= 1
        return line, last


def entry_at(source: str, line: int) -> Entry | None:
    """The record whose text holds the YAML `line` (from 1), read from `source` as it is now."""
    from haiti_mss.read.incremental import read_alone, split_records

    text = source.removeprefix(BYTE_ORDER_MARK)
    if not _is_text(text):  # a lone surrogate: bytes that are not UTF-8, reported as not-utf8
        return None
    lists = split_records(text)
    if lists is not None:
        for record in lists.entries:
            last = record.line + record.text.count("\n") - (1 if record.text.endswith("\n") else 0)
            if record.line <= line <= last:
                alone = read_alone(record, "")
                if alone is None:
                    return None
                value, at, spans = alone
                return Entry(
                    record.key, value, _moved(spans or Spans(at), record.line - 1), record.line, last
                )
        return None
    return _entry_of_whole(text, line)


def _is_text(source: str) -> bool:
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _entry_of_whole(text: str, line: int) -> Entry | None:
    """`entry_at` for text that cannot be split into records: read whole."""
    from haiti_mss.read.parse import parse_yaml

    root, spans, _ = parse_yaml(text, "")
    if root is None or spans is None:
        return None
    # Where every list and top-level key starts: a record ends where the next thing starts.
    boundaries = sorted({position[0] for position in spans.entries.values()})
    found = None
    for key in ("sources", "claims"):
        records, listed = root.get(key), spans.children.get(key)
        if not isinstance(records, list) or listed is None:
            continue
        starts = [listed.entries[index][0] for index in range(len(records))]
        boundaries = sorted({*boundaries, *starts})
        for index, start in enumerate(starts):
            if start <= line:
                found = (key, index, start)
    if found is None:
        return None
    key, index, start = found
    following = [boundary for boundary in boundaries if boundary > start]
    last = following[0] - 1 if following else text.count("\n") + 1
    if line > last:
        return None
    listed = spans.children[key]
    return Entry(
        key, root[key][index], listed.children.get(index) or Spans(listed.entries[index]), start, last
    )


def _moved(spans: Spans, lines: int) -> Spans:
    return Spans(
        (spans.at[0] + lines, spans.at[1]),
        {key: (line + lines, column) for key, (line, column) in spans.entries.items()},
        {key: _moved(child, lines) for key, child in spans.children.items()},
    )


def reads_as(record_text: str, indent: int, followed: bool) -> Any:
    """The value of a record's text read alone, or None when it cannot be read without a problem:
    what an edit is checked against before it is offered."""
    from haiti_mss.read.incremental import RecordText, read_alone

    alone = read_alone(RecordText("claims", 1, indent, record_text, followed), "")
    return None if alone is None else alone[0]
