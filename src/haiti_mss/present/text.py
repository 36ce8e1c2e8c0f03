"""Text from the data is data: shown, never obeyed. Standard library only.

Control characters and bidi overrides are shown as visible escapes (`\\x1b`) wherever text goes to a
terminal, a message or an annotation; a CSV cell a spreadsheet would run as a formula gets a leading
apostrophe; Markdown metacharacters are escaped. `cell_width` measures text as a terminal lays it
out, for plain tables that need no terminal library.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Everything a terminal obeys although it changes what is shown: C0 and C1 controls (ESC starts
# colour codes, a line feed forges a row), DEL, bidi embeddings, overrides, isolates and marks.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def visible(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), line breaks included
    (`\\n`) so that one value stays one line, unless `keep_lines` (a passage shown as written: its
    line breaks, however written, become the terminal's)."""
    if keep_lines:
        return "\n".join(_INVISIBLE.sub(_escape, line) for line in _LINE_BREAK.split(text))
    return _INVISIBLE.sub(_escape, text)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as written: Unix, Windows or old Mac


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Characters that may not take one column: combining marks and format characters (none), and the
# blocks of wide East Asian characters and emoji (two). Text without any is as wide as it is long.
# A pattern, not a compiled one: `re` compiles it (a few milliseconds) on the first non-ASCII text
# and keeps it, so answers written in ASCII never pay for it.
_MAYBE_NOT_ONE_COLUMN = (
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0e31-\u0e3a\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u200b-\u200f\u20d0-\u20ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe00-\ufe0f"
    "\ufe20-\ufe6f\uff00-\uff60\uffe0-\uffe6\u1100-\u115f\U0001f000-\U0001faff\U00020000-\U0003fffd]"
)


def cell_width(text: str) -> int:
    """How many terminal columns `text` takes: wide (East Asian) characters take two, combining
    marks none."""
    if text.isascii() or not re.search(_MAYBE_NOT_ONE_COLUMN, text):
        return len(text)
    return sum(_char_width(char) for char in text)


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


# A spreadsheet runs a cell that starts with one of these (after spaces) as a formula.
_FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell: numbers stay numbers; text that a spreadsheet would run as a formula gets a
    leading apostrophe; lists are joined with ';' (a list of records is JSON); dates are ISO text.
    (Text needs no other escaping: the csv module quotes line breaks and separators.)"""
    kind = type(value)
    if kind is str:
        text = value
    elif value is None:
        return ""
    elif kind is bool:
        return "true" if value else "false"
    elif kind is int or kind is float:
        return value
    elif kind is tuple or kind is list:
        if value and type(value[0]) is dict:  # records (every value of a figure): as JSON
            import json

            text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
        else:
            text = ";".join(str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.lstrip(" ")[:1] in _FORMULA_STARTS else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_cell(text: str) -> str:
    """Text from the data shown as text in Markdown: no links, emphasis, HTML or table breaks, and
    its line breaks and control characters shown as escapes (`\\n`), as in a terminal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))
