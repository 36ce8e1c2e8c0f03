"""New entries added to a data file as text, verified, and written atomically.

`mss archive` and `mss draft --write` are the only commands that change a data file. They never
re-serialise it: the new entries are appended, as text in the file's own layout (its indentation,
its blank lines between entries, its line endings, a byte order mark), to the end of the `sources:`
or `claims:` list, and every other byte is kept. Before the file is replaced, the new text is read
back by the strict loader: it must hold no problem, every value that was there must be there
unchanged, and the new entries must read as exactly the values intended. The file is then replaced
atomically (a temporary file renamed over it), and only if it still holds the bytes that were read:
an interrupted write, or a curator saving the file meanwhile, leaves the data file as it was.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.positions import Spans
from haiti_mss.read.load import load_bytes
from haiti_mss.read.parse import parse_yaml
from haiti_mss.read.yaml_text import value_text

_BOM = b"\xef\xbb\xbf"
Entry = Mapping[str, Any]  # one source or claim: its fields in the order they are written


class InsertError(Exception):
    """The entries cannot be added safely; the message says why, and nothing was written."""


@dataclass(frozen=True, slots=True)
class Inserted:
    """The new bytes of a data file, and where the first new entry begins (a line, from 1)."""

    data: bytes
    line: int


def render_entries(entries: Sequence[Entry], dash_column: int = 2, key_column: int = 4) -> list[str]:
    """The lines of list entries (`- key: value`), without line endings, a blank line between two
    entries: what is inserted, and what `mss draft` prints for pasting."""
    lines: list[str] = []
    for entry in entries:
        if lines:
            lines.append("")
        for index, (key, value) in enumerate(entry.items()):
            lead = (
                " " * dash_column + "-" + " " * (key_column - dash_column - 1)
                if index == 0
                else " " * key_column
            )
            lines.extend(f"{lead}{key}:{value_text(value, key_column)}".split("\n"))
    return lines


def appended(raw: bytes, list_key: str, entries: Sequence[Entry], shown: str) -> Inserted:
    """`raw` (a data file's bytes) with `entries` added at the end of its `list_key` list
    (`sources` or `claims`), read back and verified; InsertError when that cannot be done safely."""
    has_bom = raw.startswith(_BOM)
    try:
        text = raw[len(_BOM) if has_bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise InsertError(f"{shown} is not UTF-8 text") from None
    problems = load_bytes(raw, shown).problems if text.strip() else []
    if [problem.code for problem in problems] == ["empty-file"]:  # comments only: a file to start
        problems = []
    if problems:
        first = problems[0]
        raise InsertError(f"{shown}:{first.line}:{first.column}: {first.message}; fix it before adding to it")
    root, spans, _ = parse_yaml(text, shown) if text.strip() else ({}, None, [])
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    start, stop, new_lines = _placement(lines, root or {}, spans, list_key, entries)
    before = "".join(lines[:start])
    if before and not before.endswith(("\n", "\r")):
        before += newline  # the last line had no line break of its own
    new_text = before + "".join(line + newline for line in new_lines) + "".join(lines[stop:])
    _verify(root or {}, new_text, list_key, entries, shown)
    first_line = (
        before.count("\n") + 1 + next(i for i, line in enumerate(new_lines) if line.lstrip().startswith("- "))
    )
    return Inserted((_BOM if has_bom else b"") + new_text.encode("utf-8"), first_line)


def _placement(
    lines: list[str], root: dict[str, Any], spans: Spans | None, list_key: str, entries: Sequence[Entry]
) -> tuple[int, int, list[str]]:
    """Which lines the new text replaces (`start` to `stop`, usually none: an insertion), and its
    lines: after the last entry of the list, in the list's own layout; or a new list."""
    if list_key not in root or spans is None:
        block = [f"{list_key}:", *render_entries(entries)]
        if list_key == "sources" and spans is not None and "claims" in root:
            at = spans.entries["claims"][0] - 1  # sources come first, as in every data file
            return at, at, [*block, ""]
        return len(lines), len(lines), (["", *block] if lines else block)
    key_line = spans.entries[list_key][0]
    value = root[list_key]
    if value is None or value == []:
        if not _EMPTY_LIST.fullmatch(lines[key_line - 1].strip()):
            raise InsertError(f"{list_key}: holds an empty list written in a way mss does not rewrite")
        return key_line - 1, key_line, [f"{list_key}:", *render_entries(entries)]
    if not isinstance(value, list):
        raise InsertError(f"{list_key}: is not a list")
    listed = spans.children[list_key]
    if lines[listed.at[0] - 1][listed.at[1] - 1] == "[":
        raise InsertError(
            f"{list_key}: is written as a flow list ([...]); write it as a block list to add to it"
        )
    first_line, first_column = listed.entries[0]
    dash_column = lines[first_line - 1].rfind("-", 0, first_column - 1)
    end = min((line - 1 for line, _ in spans.entries.values() if line > key_line), default=len(lines))
    last = end
    while last > listed.entries[len(value) - 1][0] and _between_entries(lines[last - 1], dash_column):
        last -= 1
    rendered = render_entries(entries, dash_column, first_column - 1)
    # Entries a blank line apart get one more so; a lone entry followed by a blank line too.
    separated = (
        not lines[listed.entries[1][0] - 2].strip()
        if len(value) > 1
        else last < end and not lines[last].strip()
    )
    return last, last, (["", *rendered] if separated else rendered)


# `sources:`, `sources: []`, `sources: null` or `sources: ~`, perhaps with a comment.
_EMPTY_LIST = re.compile(r"[\w-]+:\s*(?:\[\s*\]|null|~)?\s*(?:#.*)?")


def _between_entries(line: str, dash_column: int) -> bool:
    """A blank line, or a comment no deeper than the list's dashes: it belongs to what follows."""
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and len(line) - len(line.lstrip()) <= dash_column)


def _verify(root: dict[str, Any], new_text: str, list_key: str, entries: Sequence[Entry], shown: str) -> None:
    """The new text reads without a problem, with every value there was unchanged and the new
    entries exactly as intended."""
    new_root, _, problems = parse_yaml(new_text, shown)
    if problems:
        raise InsertError(
            f"the new entry would not read cleanly ({problems[0].message}); nothing was written"
        )
    old = dict(root)
    old_items = old.pop(list_key, None) or []
    new = dict(new_root)
    new_items = new.pop(list_key, None) or []
    intended = [{key: _as_read(value) for key, value in entry.items()} for entry in entries]
    if old != new or new_items[: len(old_items)] != old_items or new_items[len(old_items) :] != intended:
        raise InsertError("the new text does not read back as intended; nothing was written")
    invalid = load_bytes(new_text.encode("utf-8"), shown).problems
    if invalid:
        raise InsertError(f"the new entry would not be valid: {invalid[0].message}; nothing was written")


def _as_read(value: Any) -> Any:
    """How the strict loader gives a value back: dates as text (a year alone as a number)."""
    if isinstance(value, PartialDate):
        text = str(value)
        return int(text) if text.isdigit() else text
    if isinstance(value, tuple):
        return list(value)
    return value


def file_holding(data: Path, shown: str, source_id: str) -> tuple[Path, str] | None:
    """The data file of `data` (a file or a folder) whose `sources:` hold `source_id`, and how it
    is named in messages: where the claims of that source are added."""
    from haiti_mss.core.layout import data_files, shown_path
    from haiti_mss.read.load import load_file

    for path in data_files(data):
        named = shown_path(data, shown, path)
        if any(source.id == source_id for source, _ in load_file(path, named).sources):
            return path, named
    return None


# --- Writing ---------------------------------------------------------------------------------------


def replace_file(path: Path, expected: bytes | None, data: bytes) -> None:
    """Write `data` over `path` atomically, provided `path` still holds `expected` (None: that it
    does not exist yet). Only a regular file is written over, never through a symlink."""
    from haiti_mss.core.output import replacing

    _refuse_unless_regular(path)
    with replacing(path) as temporary:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if _current_bytes(path) != expected:
            raise InsertError(f"{path} changed while mss was adding to it; nothing was written, run it again")


def _refuse_unless_regular(path: Path) -> None:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise InsertError(
            f"{path} is not a regular file (a symlink or another kind); mss writes only regular files"
        )


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
