"""Tables laid out for a terminal of a given width. Standard library only: `present.terminal` draws
what this lays out, and tests can lay out without a terminal.

A cell is broken only where it may be: prose (a name, a quote, a title) between words; anything
else only between the parts of a figure and its date (" · ") and between the items of a list
(", "), so that a figure, a date or an id is never split or cut. When the columns no longer fit
side by side at those breaks, the table is stacked: one block per row, a line per cell. A piece
longer than the whole width is shown whole on a line of its own, for the terminal to wrap: an id
can always be pasted back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from haiti_mss.present.text import cell_width, visible
from haiti_mss.present.view import Column, View

# How a line, or a piece of one, is drawn: plain, or as a title, a header, a block's heading, a note.
PLAIN, TITLE, HEADER, HEADING, NOTE = "plain", "title", "header", "heading", "note"
GAP = 2  # spaces between two columns
INDENT = 2  # of a stacked block's lines
# Below this many columns for a value, the value goes under its label instead of beside it.
_NARROWEST_VALUE = 16

Line = list[tuple[str, str]]  # pieces of text, each with how it is drawn

_PARTS = re.compile(r"( · |, )")
_WORDS = re.compile(r"( +)")


class Piece(NamedTuple):
    """A piece a cell may not be broken inside, and what separates it from the next."""

    text: str
    separator: str  # "" after the last piece

    @property
    def at_line_end(self) -> str:
        """The piece as it ends a line: with its separator's mark ("," or "·") but no spaces."""
        return self.text + self.separator.rstrip()


def pieces(text: str, *, words: bool) -> list[Piece]:
    """`text` cut where it may break: at spaces for prose (`words`), else only between parts and
    list items."""
    cut = (_WORDS if words else _PARTS).split(text)
    return [
        Piece(cut[index], cut[index + 1] if index + 1 < len(cut) else "") for index in range(0, len(cut), 2)
    ]


def wrapped(text: str, width: int, *, words: bool) -> list[str]:
    """`text` as lines no wider than `width`, broken only where it may break (a piece wider than
    `width` has a line of its own, whole)."""
    lines: list[str] = []
    line = ""
    previous: Piece | None = None
    for piece in pieces(text, words=words):
        if previous is None:
            line = piece.text
        elif cell_width(line + previous.separator + piece.at_line_end) <= width:
            line += previous.separator + piece.text
        else:
            lines.append(line + previous.separator.rstrip())
            line = piece.text
        previous = piece
    lines.append(line)
    return lines


def narrowest(text: str, *, words: bool) -> int:
    """The narrowest a column can be for `text`: its widest unbreakable piece."""
    return max(cell_width(piece.at_line_end) for piece in pieces(text, words=words))


def lay_out(view: View, width: int) -> list[Line]:
    """The view as lines for a terminal `width` columns wide: a table when its columns fit, else
    one block per row."""
    shown = view.shown_columns()
    title = visible(view.title) if view.title else None
    lines: list[Line] = []
    if title:
        lines.extend([(line, TITLE)] for line in wrapped(title, width, words=True))
    if not view.rows:
        return [*lines, [("(none)", PLAIN)]]
    if title:
        lines.append([])
    texts = [[visible(column.text(row)) for column in shown] for row in view.rows]  # each cell once

    def columns(keep: Callable[[Column], bool]) -> tuple[list[Column], list[list[str]]]:
        kept = [index for index, column in enumerate(shown) if keep(column)]
        return [shown[index] for index in kept], [[row[index] for index in kept] for row in texts]

    table, cells = columns(lambda column: column.min_terminal_width <= width)
    widths = _column_widths(table, cells, width)
    if widths is not None:
        lines.extend(_table(table, cells, widths))
    else:
        lines.extend(_stacked(*columns(lambda column: column.min_terminal_width == 0), width))
    if view.notes:
        lines.append([])
        for note in view.notes:
            lines.extend([(line, NOTE)] for line in wrapped(visible(note), width, words=True))
    return lines


def _column_widths(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[int] | None:
    """Each column's width, or None when even at their narrowest the columns do not fit."""
    natural, least = [], []
    for index, column in enumerate(columns):
        texts = [row[index] for row in cells]
        natural.append(max(cell_width(column.header), *(cell_width(text) for text in texts)))
        least.append(
            max(narrowest(column.header, words=True), *(narrowest(text, words=column.wrap) for text in texts))
        )
    room = width - GAP * (len(columns) - 1)
    if sum(natural) <= room:
        return natural
    if sum(least) > room:
        return None
    # The room left goes first to the columns it lets fit whole, the smallest need first, so that
    # as few columns as possible wrap; the widest (a quote, a list of sources) wraps last.
    widths, left = list(least), room - sum(least)
    for index in sorted(range(len(columns)), key=lambda at: natural[at] - least[at]):
        grown = min(natural[index] - least[index], left)
        widths[index] += grown
        left -= grown
    return widths


def _table(columns: Sequence[Column], cells: list[list[str]], widths: list[int]) -> list[Line]:
    header = [
        wrapped(column.header, width, words=True) for column, width in zip(columns, widths, strict=True)
    ]
    rows = [
        [
            wrapped(text, width, words=column.wrap)
            for column, width, text in zip(columns, widths, row, strict=True)
        ]
        for row in cells
    ]
    apart = any(len(lines) > 1 for row in rows for lines in row)  # rows of several lines get a blank between
    lines = [[(text, HEADER)] for text in _side_by_side(columns, header, widths)]
    lines.append([("─" * (sum(widths) + GAP * (len(widths) - 1)), HEADER)])
    for number, row in enumerate(rows):
        if apart and number:
            lines.append([])
        lines.extend([(text, PLAIN)] for text in _side_by_side(columns, row, widths))
    return lines


def _side_by_side(columns: Sequence[Column], cells: list[list[str]], widths: list[int]) -> list[str]:
    height = max(len(lines) for lines in cells)
    out = []
    for at in range(height):
        parts = []
        for column, lines, width in zip(columns, cells, widths, strict=True):
            text = lines[at] if at < len(lines) else ""
            pad = " " * (width - cell_width(text))
            parts.append(pad + text if column.numeric else text + pad)
        out.append((" " * GAP).join(parts).rstrip())
    return out


def _stacked(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[Line]:
    """One block per row: its first cell as a heading, then each other cell that has a value."""
    first, rest = columns[0], columns[1:]
    label_width = max((cell_width(column.header) for column in rest), default=0)  # the same in every block
    lines: list[Line] = []
    for number, row in enumerate(cells):
        if number:
            lines.append([])
        lines.extend([(text, HEADING)] for text in wrapped(row[0] or "—", width, words=first.wrap))
        shown = [
            (column.header, text, column.wrap) for column, text in zip(rest, row[1:], strict=True) if text
        ]
        lines.extend(labelled(shown, width, indent=INDENT, label_width=label_width))
    return lines


def labelled(
    fields: Sequence[tuple[str, str, bool]], width: int, *, indent: int = 0, label_width: int | None = None
) -> list[Line]:
    """Fields (a label, its value, whether the value is prose) as lines: each value beside its
    label, or under it when a piece of the value would not fit beside it; a piece wider than the
    terminal on a line of its own, whole."""
    if label_width is None:
        label_width = max((cell_width(label) for label, _, _ in fields), default=0)
    beside_width = width - indent - label_width - GAP
    lines: list[Line] = []
    for label, text, words in fields:
        if beside_width >= _NARROWEST_VALUE and narrowest(text, words=words) <= beside_width:
            lead = (" " * indent + label).ljust(indent + label_width + GAP)
            for at, part in enumerate(wrapped(text, beside_width, words=words)):
                lines.append([(lead, HEADER) if at == 0 else (" " * len(lead), PLAIN), (part, PLAIN)])
            continue
        lines.append([(" " * indent + label, HEADER)])
        under = indent + INDENT if narrowest(text, words=words) <= width - indent - INDENT else 0
        lines.extend([(" " * under + part, PLAIN)] for part in wrapped(text, width - under, words=words))
    return lines
