"""A document's text as an editor counts positions in it, and as YAML counts lines. Standard
library only.

mss places a problem at a YAML line and column: lines broken at `\\r\\n`, `\\r`, `\\n` and also at
U+0085, U+2028 and U+2029, columns counted in characters, in the text without its byte order mark.
An LSP client counts lines broken at `\\r\\n`, `\\r` and `\\n` only, and columns in the code units of
the position encoding agreed at initialisation: UTF-16 unless the client offers another (UTF-8 and
UTF-32 are the others), so a character outside the Basic Multilingual Plane is two units. Every
position that crosses the wire goes through `Text`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from functools import cached_property
from typing import NamedTuple

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LSP_BREAK = re.compile(r"\r\n?|\n")
_YAML_BREAK = re.compile(r"\r\n?|[\n\x85\u2028\u2029]")
BYTE_ORDER_MARK = "\ufeff"


class Point(NamedTuple):
    """A position as the client counts it: line from 0, character in code units."""

    line: int
    character: int


class Text:
    """A document's text, with the arithmetic between character offsets, the client's positions
    in `encoding`, and YAML's lines and columns."""

    def __init__(self, source: str, encoding: str = UTF16) -> None:
        self.source = source
        self.encoding = encoding

    @cached_property
    def _line_starts(self) -> list[int]:
        return _starts(self.source, _LSP_BREAK, "\r\n")

    @cached_property
    def _yaml_line_starts(self) -> list[int]:
        if not any(char in self.source for char in "\x85\u2028\u2029"):
            return self._line_starts
        return _starts(self.source, _YAML_BREAK, "\r\n\x85\u2028\u2029")

    def line(self, number: int) -> str:
        """The client's line `number` (from 0), without its line break; "" past the end."""
        starts = self._line_starts
        if not 0 <= number < len(starts):
            return ""
        end = starts[number + 1] if number + 1 < len(starts) else len(self.source)
        return self.source[starts[number] : end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    # -- offsets and the client's positions ----------------------------------------------------------

    def point(self, offset: int) -> Point:
        """The client's position of the character offset `offset`."""
        offset = max(0, min(offset, len(self.source)))
        number = bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[number]
        return Point(number, units(self.source[start:offset], self.encoding))

    def line_end(self, offset: int) -> Point:
        """The client's position of the end of the text of `offset`'s line (trailing spaces left
        out), or of `offset` itself when it is further."""
        number = self.point(offset).line
        end = self._line_starts[number] + len(self.line(number).rstrip())
        return self.point(max(end, offset))

    def offset(self, point: Point) -> int:
        """The character offset of the client's position `point`, kept within its line (a position
        past the end of a line is its end, as the protocol says)."""
        if point.line < 0:
            return 0
        if point.line >= self.line_count:
            return len(self.source)
        line = self.line(point.line)
        return self._line_starts[point.line] + characters(line, point.character, self.encoding)

    # -- YAML's lines and columns ------------------------------------------------------------------------

    def yaml_offset(self, line: int, column: int) -> int:
        """The character offset of mss's `line` and `column` (both from 1, as problems have them),
        kept within the text."""
        starts = self._yaml_line_starts
        if line < 1:
            return 0
        if line > len(starts):
            return len(self.source)
        # mss reads the text without its byte order mark, so its first line's columns start after it.
        skipped = 1 if line == 1 and self.source.startswith(BYTE_ORDER_MARK) else 0
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.source)
        return min(start + skipped + max(column - 1, 0), end)

    def yaml_position(self, offset: int) -> tuple[int, int]:
        """mss's line and column (both from 1) of the character offset `offset`."""
        offset = max(0, min(offset, len(self.source)))
        line = bisect_right(self._yaml_line_starts, offset)
        column = offset - self._yaml_line_starts[line - 1] + 1
        if line == 1 and self.source.startswith(BYTE_ORDER_MARK):
            column = max(column - 1, 1)
        return line, column

    def yaml_lines(self) -> list[str]:
        """The text's lines as YAML breaks them, without their line breaks."""
        starts = [*self._yaml_line_starts, len(self.source)]
        return [
            self.source[start:end].rstrip("\r\n\x85\u2028\u2029") for start, end in itertools.pairwise(starts)
        ]


def _starts(source: str, breaks: re.Pattern[str], break_characters: str) -> list[int]:
    if not any(char in source for char in break_characters):
        return [0]
    return [0, *(match.end() for match in breaks.finditer(source))]


def units(text: str, encoding: str) -> int:
    """How many code units of `encoding` `text` takes (a lone surrogate counts as one character)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def characters(line: str, count: int, encoding: str) -> int:
    """How many characters of `line` the first `count` code units of `encoding` hold; a position
    inside a character is that character's start, and one past the line its end."""
    if encoding == UTF32 or line.isascii():
        return max(0, min(count, len(line)))
    taken = 0
    for index, char in enumerate(line):
        code = ord(char)
        if encoding == UTF8:
            width = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        else:
            width = 2 if code > 0xFFFF else 1
        if taken + width > count:
            return index
        taken += width
    return len(line)
