"""Values → YAML text that every reader reads back as the same value, for edits made as text.

`mss archive` and `mss draft --write` add entries to a data file as text rather than through a
round-trip YAML library (one was measured reformatting 1,859 lines of the data, turning `null` into
empty values and writing `NO` and `on` unquoted). Each value is written in the plainest form that
reads back as itself both here (the strict loader, close to YAML 1.2) and under YAML 1.1 (PyYAML's
`safe_load`, and the many tools built on it): plain when that is safe, folded (`>-`) when a long
text would not fit on its line, double-quoted otherwise. Nothing is assumed about YAML's rules for
plain scalars: every candidate is parsed back, by both readers, before it is chosen.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

import yaml

from haiti_mss.core.dates import PartialDate
from haiti_mss.read.parse import parse_yaml

# The data's own style: lines up to this many characters before a long text is folded.
LINE_WIDTH = 100


def value_text(value: Any, column: int, width: int = LINE_WIDTH) -> str:
    """What follows `key:` (or `- `) for `value` in a mapping whose keys start at `column` (counted
    from 0): ` text` on the key's line, or ` >-` and indented lines. Dates, numbers and None are
    written as the data writes them (`2024-09`, `1000`, `null`); a list of plain items in flow style."""
    if value is None:
        return " null"
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, PartialDate):
        # Plain, as the data writes dates: YAML 1.1 tools read 2024-09-30 as a date, and that is the
        # same day; the strict loader keeps it as text at its precision.
        return f" {value}"
    if isinstance(value, list | tuple):
        items = [_flow_item(str(item)) for item in value]
        return " [" + ", ".join(items) + "]"
    text = str(value)
    for candidate in _candidates(text, column, width):
        if reads_back(candidate, text):
            return candidate
    raise ValueError(f"no YAML form reads back as {text!r}")  # unreachable: escaped JSON always does


def _candidates(text: str, column: int, width: int) -> list[str]:
    plain = f" {text}"
    folded_lines = textwrap.wrap(
        text, width=max(width - column - 2, 40), break_long_words=False, break_on_hyphens=False
    )
    indent = " " * (column + 2)
    folded = " >-\n" + "\n".join(indent + line for line in folded_lines)
    quoted = " " + json.dumps(text, ensure_ascii=False)
    escaped = " " + _escaped(text)
    fits = column + len("key:") + len(plain) <= width
    # A folded text is read back with single spaces where it was wrapped: only for texts that have
    # exactly that (no runs of spaces, no line breaks, no spaces at either end). It is chosen for a
    # long text, and for a short one whose quoted form would need escapes (`"said \"yes\""`).
    foldable = " ".join(text.split()) == text and (len(folded_lines) > 1 or "\\" in quoted)
    return [*([plain] if fits else []), *([folded] if foldable else []), plain, quoted, escaped]


# What a quoted YAML scalar may hold as it is: YAML 1.1's printable characters (as PyYAML's reader
# has them) less the line breaks YAML would fold (NEL, the line and paragraph separators).
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(text: str) -> str:
    """`text` double-quoted, every character a YAML stream may not hold escaped ("\\x7f")."""
    parts = []
    for char in text:
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif _PRINTABLE.fullmatch(char):
            parts.append(char)
        else:
            code = ord(char)
            parts.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
    return '"' + "".join(parts) + '"'


def _flow_item(text: str) -> str:
    """An item of a flow list: plain when it reads back as itself there, else double-quoted."""
    if text and all(char.isalnum() or char in "-_. " for char in text) and reads_back(f" [{text}]", [text]):
        return text
    return json.dumps(text, ensure_ascii=False)


def reads_back(rendered: str, value: Any) -> bool:
    """Whether `key:` followed by `rendered` is read as `value` by the strict loader (without a
    problem) and by YAML 1.1's safe loader."""
    document = f"key:{rendered}\n"
    root, _, problems = parse_yaml(document, "<value>")
    if problems or root != {"key": value}:
        return False
    try:
        return yaml.safe_load(document) == {"key": value}
    except yaml.YAMLError:
        return False
