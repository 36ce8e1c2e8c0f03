"""A view: one answer as data, not output. Standard library only.

`keys` is the CSV and JSON contract (these keys, in this order); `columns` is what tables and
Markdown show. A writer of `present.writers` turns a view into a table, CSV, JSON, JSON Lines or
Markdown; nothing here knows how.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

Row = dict[str, Any]


class Column(NamedTuple):
    """A table column: its header, and the row's key to show or a function that makes the cell."""

    header: str
    cell: str | Callable[[Row], str]
    numeric: bool = False
    min_terminal_width: int = 0  # shown only on a terminal at least this wide (a bar chart)
    # Whether a terminal table may wrap the cell at any space (prose: a name, a quote), rather
    # than only between the parts and items of a figure, a date or a list of ids.
    wrap: bool = False

    def text(self, row: Row) -> str:
        return self.cell(row) if callable(self.cell) else plain(row.get(self.cell))


class View(NamedTuple):
    keys: Sequence[str]
    columns: Sequence[Column]
    rows: Sequence[Row]
    title: str | None = None
    notes: Sequence[str] = ()


def plain(value: Any) -> str:
    """A raw value as a table cell shows it: lists joined, whole numbers with separators."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(plain(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
