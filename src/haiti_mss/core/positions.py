"""Where things are written: the line and column of every record and field of a data file, kept
beside the data, never inside it. Standard library only, so that positions read back from the index
need neither yaml nor pydantic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from haiti_mss.core.plain import SlotsCompared
from haiti_mss.core.problems import Problem

Position = tuple[int, int]  # line and column, both counted from 1
FieldPath = tuple[str | int, ...]  # ("ignore", 0, "text"): a field inside a record


class Spans(SlotsCompared):
    """Where a mapping or sequence and its entries sit in the file.

    `entries` holds the position of each key (mapping) or item (sequence); `children` the spans of
    entries that are themselves mappings or sequences."""

    __slots__ = ("at", "children", "entries")

    def __init__(
        self,
        at: Position,
        entries: dict[Any, Position] | None = None,
        children: dict[Any, Spans] | None = None,
    ) -> None:
        self.at = at
        self.entries = {} if entries is None else entries
        self.children = {} if children is None else children

    def of(self, *path: str | int) -> Position:
        """Position of the deepest entry along `path` that exists (the record itself at worst)."""
        spans, position = self, self.at
        for step in path:
            if step not in spans.entries:
                break
            position = spans.entries[step]
            if step not in spans.children:
                break
            spans = spans.children[step]
        return position


class Finding(NamedTuple):
    """What a rule found in one record: a code, a message, and the field it is about. The engine
    gives it a file, line and column from the record's spans, so a finding kept for an unchanged
    record stays true when the record moves within its file."""

    code: str
    message: str
    at: FieldPath = ()


class Location:
    """A record's file and spans: enough to point a problem at any of its fields.

    The spans may be given as a function that works them out, called once, when they are first
    needed: a warm check reads a thousand sources back from the index and points at few of them."""

    __slots__ = ("_spans", "path")

    def __init__(self, path: str, spans: Spans | Callable[[], Spans]) -> None:
        self.path = path
        self._spans = spans

    @property
    def spans(self) -> Spans:
        if not isinstance(self._spans, Spans):
            self._spans = self._spans()
        return self._spans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return (self.path, self.spans) == (other.path, other.spans)

    def __repr__(self) -> str:
        return f"Location(path={self.path!r}, spans={self.spans!r})"

    def where(self, *field_path: str | int) -> str:
        """`file:line:column` of the record, or of one of its fields."""
        line, column = self.spans.of(*field_path)
        return f"{self.path}:{line}:{column}"

    def problem(
        self, code: str, message: str, *field_path: str | int, claim_id: str | None = None
    ) -> Problem:
        line, column = self.spans.of(*field_path)
        return Problem(self.path, line, column, code, message, claim_id)

    def placed(self, finding: Finding, claim_id: str | None = None) -> Problem:
        return self.problem(finding.code, finding.message, *finding.at, claim_id=claim_id)


class Ref(NamedTuple):
    """Where an id is written: a record's own id, or a claim's reference to its source."""

    id: str
    path: str
    line: int
    column: int
    claim_id: str | None = None  # the claim that writes it

    def problem(self, code: str, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, code, message, self.claim_id)


def ref(record_id: str, location: Location, field_name: str, claim_id: str | None = None) -> Ref:
    line, column = location.spans.entries.get(field_name) or location.spans.at
    return Ref(record_id, location.path, line, column, claim_id)
