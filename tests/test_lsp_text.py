"""The language server's arithmetic, without a server: positions between mss's lines and columns
and the client's encodings, held to what YAML's parser and Python's codecs say; and which data a
document belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from haiti_mss.lsp.datasets import data_path_of
from haiti_mss.lsp.text import UTF8, UTF16, UTF32, Point, Text

PIECES = st.sampled_from(
    ["a", "é", "😀", "𝄞", " ", "-", ":", "\n", "\r\n", "\r", "\u2028", "\x85", "\t", "key: value\n", '"q"']
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)
ENCODINGS = st.sampled_from([UTF8, UTF16, UTF32])
_CODEC = {UTF8: "utf-8", UTF16: "utf-16-le", UTF32: "utf-32-le"}
_WIDTH = {UTF8: 1, UTF16: 2, UTF32: 4}


@settings(max_examples=300)
@given(source=TEXTS, encoding=ENCODINGS)
def test_a_character_offset_and_the_clients_position_convert_both_ways(source: str, encoding: str) -> None:
    text = Text(source, encoding)
    for offset in range(len(source) + 1):
        if source[offset - 1 : offset + 1] == "\r\n":
            continue  # inside a line break: no position of the client's is there
        point = text.point(offset)
        assert text.offset(point) == offset
        # The client counts lines broken at \r\n, \r and \n only, and code units of its encoding.
        before = source[:offset].replace("\r\n", "\n").replace("\r", "\n")
        line = before.split("\n")[-1]
        assert point == Point(before.count("\n"), len(line.encode(_CODEC[encoding])) // _WIDTH[encoding])


@settings(max_examples=300)
@given(source=TEXTS, bom=st.booleans())
def test_mss_lines_and_columns_are_yamls(source: str, bom: bool) -> None:
    """Every event's mark, as PyYAML's reader counts it (lines also broken at U+0085, U+2028 and
    U+2029, in the text without its byte order mark), is the same character in `Text`."""
    try:
        events = list(yaml.parse(source, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    text = Text(("\ufeff" if bom else "") + source)
    for event in events:
        mark = event.start_mark
        assert text.yaml_offset(mark.line + 1, mark.column + 1) == mark.index + bom
        assert text.yaml_position(mark.index + bom) == (mark.line + 1, mark.column + 1)


def test_a_position_past_a_line_is_its_end_and_inside_a_character_is_its_start() -> None:
    text = Text("a😀b\ncd", UTF16)
    assert text.offset(Point(0, 2)) == 1  # inside 😀 (two UTF-16 units): its start
    assert text.offset(Point(0, 99)) == 3  # past the line: its end
    assert text.offset(Point(9, 0)) == len(text.source)
    assert text.line_end(0) == Point(0, 4)


def _project(root: Path, *data: str) -> None:
    (root / "seeds").mkdir(parents=True)
    for name in data:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("sources: []\n")


def test_which_data_a_document_belongs_to(tmp_path: Path) -> None:
    _project(tmp_path / "one", "data/claims.yaml", ".pre-commit-config.yaml")
    _project(tmp_path / "two", "data/a.yaml", "data/b.yaml", "data/.#a.yaml", "data/notes.yml")
    _project(tmp_path / "deep", "years/2025/data/claims.yaml")
    (tmp_path / "elsewhere" / "data").mkdir(parents=True)
    one, two = tmp_path / "one", tmp_path / "two"
    assert data_path_of(one / "data" / "claims.yaml", None) == one / "data" / "claims.yaml"
    assert data_path_of(one / ".pre-commit-config.yaml", None) is None
    assert data_path_of(two / "data" / "a.yaml", None) == two / "data"  # as --data data reads it
    assert data_path_of(two / "data" / ".#a.yaml", None) is None  # an editor's lock file
    assert data_path_of(two / "data" / "notes.yml", None) == two / "data" / "notes.yml"  # not of the folder
    assert data_path_of(tmp_path / "deep" / "years" / "2025" / "data" / "claims.yaml", None) is not None
    assert data_path_of(tmp_path / "elsewhere" / "data" / "claims.yaml", None) is None  # no seeds/
    given = one / ".pre-commit-config.yaml"  # --data names whatever it names
    assert data_path_of(given, given) == given
    assert data_path_of(two / "data" / "b.yaml", two / "data") == two / "data"


@pytest.mark.parametrize(("encoding", "character"), [(UTF8, 14), (UTF16, 12), (UTF32, 11)])
def test_a_problem_after_an_emoji_is_placed_in_the_clients_units(encoding: str, character: int) -> None:
    from haiti_mss.core.problems import Problem
    from haiti_mss.lsp.datasets import diagnostic

    text = Text('- {a: "😀", bb: 1}\n', encoding)
    found = diagnostic(Problem("x", 1, 12, "wrong-type", "bb should be text"), text)
    assert (found.range.start.line, found.range.start.character) == (0, character)
    assert found.range.end.character == character + 6  # to the end of the line's text
