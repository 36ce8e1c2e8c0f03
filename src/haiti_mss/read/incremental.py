"""Reading an edited data file again: each record's parse and validation kept by the record's text.

An editor checks its unsaved text on every change, and nearly all of a 10,000-claim file is what it
was a keystroke ago. `RecordMemo.load` splits the text into its records by their lines, reads each
record it has not seen alone (parse, then validate), and takes the others from its last reading. It
gives exactly what `load.load_bytes` gives for the same bytes, because it splits only where the
whole file's reader would find the same tokens on either side of the cut:

- it splits only a file laid out as data files are: `sources:` and `claims:` at the start of a line,
  each at most once, every other line that starts at the first column blank or a comment, and each
  list's entries starting `- ` at one indentation, with only deeper lines between them. Any other
  layout, and any line break but `\\n` and `\\r\\n` (YAML also breaks lines at U+0085, U+2028 and
  U+2029), is read whole;
- a record read alone is the same lines at the same columns, one level deep as in the file, and is
  followed by the token that follows it in the file: the next entry's `-` (a stand-in entry), or the
  end of its list at the start of a line;
- any problem in reading a record alone (YAML syntax, a duplicate key, a tag, nesting too deep, a
  quoted value still open where the record ends) sends the whole text to the full reader, whose
  problems are the ones reported; so does a character YAML refuses in a line outside every record;
- validation depends on a record's values alone, so a record whose text is unchanged keeps its
  result, placed at the lines where the record is now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from haiti_mss.core.positions import Position, Spans
from haiti_mss.core.records import LoadedFile
from haiti_mss.read.parse import parse_nested
from haiti_mss.read.validate import RECORD_LISTS, Validated, validate_file, validate_record

# Each pattern starts at a line break: Python's regular expressions then jump from one to the next
# rather than trying every character (a 3 MB file is searched in a few milliseconds).
# A line that starts at the first column with something other than a comment.
_FIRST_COLUMN = re.compile(r"\n([^ \r\n#][^\n]*)")
_LIST_KEY = re.compile("(" + "|".join(RECORD_LISTS) + r"):(?:[ ]+(?:#.*)?)?\r?")
# A line with content, after any indentation.
_CONTENT = re.compile(r"\n[ ]*[^ \r\n#]")
_ENTRY = re.compile(r"\n( +)-(?=[ ]|\r?\n|\r?$)")
_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class RecordText(NamedTuple):
    """One entry of a list of the file, as text."""

    key: str  # the list it is in: "sources" or "claims"
    line: int  # of its `-`, from 1
    indent: int  # columns before its `-`
    text: str  # its lines, up to the next entry or the end of its list
    followed: bool  # by another entry of its list


class Lists(NamedTuple):
    """The file's lists of records, as text: where each key is, and its entries."""

    keys: dict[str, int]  # the line of each list's key, in file order
    entries: list[RecordText]


def split_records(text: str) -> Lists | None:
    """The entries of `text`'s lists, when it is laid out as data files are (see above); else None."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text or text.count("\r") != text.count("\r\n"):
        return None
    text = "\n" + text  # so that the first line, too, follows a line break
    starts: list[tuple[str, int, int]] = []  # each key, where its line starts, where it ends
    between: list[str] = []  # what no entry holds: keys, blank lines and comments
    for match in _FIRST_COLUMN.finditer(text):
        key = _LIST_KEY.fullmatch(match.group(1))
        if key is None:
            return None
        starts.append((key.group(1), match.start(), match.end()))
        between.append(match.group())
    if not starts or len({key for key, _, _ in starts}) < len(starts):
        return None
    head = text[: starts[0][1]]
    if _CONTENT.search(head):
        return None
    between.append(head)
    keys: dict[str, int] = {}
    entries: list[RecordText] = []
    line = text.count("\n", 0, starts[0][1]) + 1
    for number, (key, start, end) in enumerate(starts):
        keys[key] = line
        # The list runs to the line break before the next key, which its last entry's text keeps.
        stop = starts[number + 1][1] if number + 1 < len(starts) else len(text)
        found = _entries(key, text[end : stop + 1], line, between)
        if found is None:
            return None
        entries.extend(found)
        line += text.count("\n", start, stop)
    if _REFUSED.search("".join(between)):
        return None
    return Lists(keys, entries)


def _entries(key: str, body: str, line: int, between: list[str]) -> list[RecordText] | None:
    """The entries of the list `key`, whose text after its key's line (on `line`) is `body`."""
    first = _CONTENT.search(body)
    if first is None:
        between.append(body)
        return []
    entry = _ENTRY.match(body, first.start())
    if entry is None:
        return None
    indent = len(entry.group(1))
    entry_start, not_an_entry = _patterns(indent)
    if not_an_entry.search(body):
        return None
    # Each entry's text runs from the line break before its `-` to the one before the next entry.
    starts = [match.start() for match in entry_start.finditer(body)]
    between.append(body[: starts[0]])
    line += body.count("\n", 0, starts[0]) + 1
    found = []
    for number, start in enumerate(starts):
        followed = number + 1 < len(starts)
        text = body[start + 1 : starts[number + 1] + 1 if followed else len(body)]
        found.append(RecordText(key, line, indent, text, followed))
        line += text.count("\n")
    return found


@cache
def _patterns(indent: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Lines that start an entry at `indent`, and lines that cannot be inside a list of such
    entries: content at a smaller indentation, or at the same one that is not an entry."""
    entry = f"[ ]{{{indent}}}-(?=[ ]|\\r?\\n|\\r?$)"
    shallower = f"|[ ]{{1,{indent - 1}}}[^ \\r\\n#]" if indent > 1 else ""
    other = f"[ ]{{{indent}}}(?:[^ \\r\\n#-]|-(?![ ]|\\r?\\n|\\r?$))"
    return re.compile(f"\\n{entry}"), re.compile(f"\\n(?:{other}{shallower})")


@dataclass(slots=True)
class Reading:
    """A record's text read alone: its value, where it is and its spans (its first line being line
    1), and its validation."""

    value: Any
    at: Position
    spans: Spans | None  # of a mapping or a list
    validated: Validated
    _placed: tuple[int, Spans] | None = None  # the spans moved to the last line asked for

    def spans_from(self, line: int) -> Spans:
        """The record's spans when its first line is `line`."""
        if self._placed is None or self._placed[0] != line:
            spans = self.spans if self.spans is not None else Spans(self.at)
            self._placed = (line, _moved(spans, line - 1))
        return self._placed[1]


def read_alone(record: RecordText, shown: str) -> tuple[Any, Position, Spans | None] | None:
    """A record's value, position and spans read out of its file (lines counted from its first),
    or None when reading it alone finds a problem (the whole file must be read)."""
    stand_in = f"{' ' * record.indent}- 0\n" if record.followed else ""
    value, spans, problems = parse_nested(record.text + stand_in, shown, depth=1)
    if problems or not isinstance(value, list) or len(value) != 1 + record.followed or spans is None:
        return None
    return value[0], spans.entries[0], spans.children.get(0)


class RecordMemo:
    """The readings of the records of one file's last text, by their text (see the module)."""

    def __init__(self) -> None:
        self._readings: dict[tuple[str, int, str, bool], Reading] = {}

    def load(self, text: str, shown: str) -> LoadedFile | None:
        """The file whose decoded text is `text`, as `load.load_bytes` reads it; None when it must
        be read whole."""
        lists = split_records(text)
        if lists is None:
            return None
        readings: dict[tuple[str, int, str, bool], Reading] = {}
        placed: dict[str, list[tuple[RecordText, Reading]]] = {key: [] for key in lists.keys}
        for record in lists.entries:
            key, _, indent, record_text, followed = record
            unplaced = (key, indent, record_text, followed)  # the same text anywhere reads the same
            reading = readings.get(unplaced) or self._readings.get(unplaced)
            if reading is None:
                alone = read_alone(record, shown)
                if alone is None:
                    return None
                reading = Reading(*alone, validate_record(record.key, alone[0]))
            readings[unplaced] = reading
            placed[record.key].append((record, reading))
        self._readings = readings
        root, spans = _assembled(lists, placed)
        loaded = LoadedFile(shown)
        validate_file(root, spans, loaded, lambda key, index, raw: placed[key][index][1].validated)
        return loaded


def _assembled(
    lists: Lists, placed: dict[str, list[tuple[RecordText, Reading]]]
) -> tuple[dict[str, Any], Spans]:
    """The file's value and spans, as the whole file's reader builds them, from its records'."""
    root: dict[str, Any] = {}
    first_key = min(lists.keys.values())
    spans = Spans((first_key, 1))
    for key, line in lists.keys.items():
        spans.entries[key] = (line, 1)
        entries = placed[key]
        if not entries:
            root[key] = None
            continue
        first = entries[0][0]
        listed = Spans((first.line, first.indent + 1))
        root[key] = []
        for index, (record, reading) in enumerate(entries):
            root[key].append(reading.value)
            moved = reading.spans_from(record.line)
            listed.entries[index] = moved.at
            if reading.spans is not None:
                listed.children[index] = moved
        spans.children[key] = listed
    return root, spans


def _moved(spans: Spans, lines: int) -> Spans:
    if lines == 0:
        return spans
    return Spans(
        (spans.at[0] + lines, spans.at[1]),
        {key: (line + lines, column) for key, (line, column) in spans.entries.items()},
        {key: _moved(child, lines) for key, child in spans.children.items()},
    )
