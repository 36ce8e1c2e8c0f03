"""What `mss diff` shows: one row per source or claim added, removed, changed or renamed.

JSON carries every field that differs with its old and new value (`fields`), and the figure's old
and new value for a claim (`figure_old`, `figure_new`, with `unit`); the table and Markdown (for a
pull-request comment) say the same in a line per record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord
from haiti_mss.present.view import Column, Row, View
from haiti_mss.present.wording import describe, figure_text, plural

if TYPE_CHECKING:
    from haiti_mss.curate.diff import Change

KEYS = ("change", "record", "id", "old_id", "figure_old", "figure_new", "unit", "fields")
# How a change reads in the summary, in the order it is listed.
_ORDER = ("added", "renamed", "changed", "removed")


def changes_view(found: Sequence[Change], old_label: str, new_label: str, notes: Sequence[str] = ()) -> View:
    rows = [_row(change) for change in found]
    counts = Counter((change.record, change.change) for change in found)
    summary = "; ".join(
        f"{plural(sum(counts[record, change] for change in _ORDER), record)}: "
        + ", ".join(f"{counts[record, change]} {change}" for change in _ORDER if counts[record, change])
        for record in ("source", "claim")
        if any(counts[record, change] for change in _ORDER)
    )
    title = f"Changes from {old_label} to {new_label}" + (f": {summary}" if summary else ": none")
    return View(KEYS, COLUMNS, rows, title, notes)


def _row(change: Change) -> Row:
    row: Row = {
        "change": change.change,
        "record": change.record,
        "id": change.id,
        "old_id": change.old_id,
        "figure_old": None,
        "figure_new": None,
        "unit": None,
        "fields": {
            field.name: {"old": _plain(field.old), "new": _plain(field.new)} for field in change.fields
        },
    }
    if change.record == "claim":
        before, after = change.old, change.new
        row["figure_old"] = before.value if isinstance(before, ClaimRecord) else None
        row["figure_new"] = after.value if isinstance(after, ClaimRecord) else None
        row["unit"] = (after or before).unit  # type: ignore[union-attr]
        row["summary"] = _claim_summary(before, after)
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _claim_summary(before: Any, after: Any) -> str:
    claim: ClaimRecord = after or before
    country = claim.country or ", ".join(claim.parties) or "mission-wide"
    return f"{claim.kind} {country} {describe(claim)}, as of {claim.as_of}"


def _what(row: Row) -> str:
    """The change in a line: a new or removed record in brief, else each field's old → new."""
    if row["change"] in ("added", "removed"):
        if row["record"] == "claim":
            return row["summary"]
        fields = row["fields"]
        title = (fields.get("title") or {}).get("new" if row["change"] == "added" else "old")
        return str(title or "")
    parts = [] if row["old_id"] is None else [f"was {row['old_id']}"]
    for name, values in row["fields"].items():
        if name in ("personnel", "amount") and row["unit"] is not None:
            old = figure_text(values["old"], row["unit"], "exact") if values["old"] is not None else "none"
            new = figure_text(values["new"], row["unit"], "exact") if values["new"] is not None else "none"
        else:
            old, new = _cell(values["old"]), _cell(values["new"])
        parts.append(f"{name}: {old} → {new}")
    return "; ".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


COLUMNS = (
    Column("change", "change"),
    Column("record", "record"),
    Column("id", "id"),
    Column("what", _what),
)
