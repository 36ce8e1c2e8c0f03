"""Reading an edited file again from the records it kept (`read.incremental`) gives exactly what
reading it whole gives: every fixture, traps for splitting a file by its lines, and random edits of
a real data file, one after another through the same memo."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haiti_mss.read import incremental
from haiti_mss.read.incremental import RecordMemo, split_records
from haiti_mss.read.load import load_bytes, load_edited

from conftest import CORPUS_DATA, FIXTURES, KENYA_PLEDGE, ONE_CLAIM, SOURCE_004

FIXTURE_FILES = sorted((FIXTURES / "valid").glob("*.yaml")) + sorted((FIXTURES / "invalid").glob("*.yaml"))
CORPUS_TEXT = CORPUS_DATA.read_text(encoding="utf-8")
TWO_CLAIMS = ONE_CLAIM + KENYA_PLEDGE.replace("ken-pledge", "ken-pledge-again")


def read_both(text: str | bytes, memo: RecordMemo | None = None) -> tuple:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_edited(raw, "data.yaml", memo or RecordMemo()), load_bytes(raw, "data.yaml")


@pytest.mark.parametrize("fixture", [*FIXTURE_FILES, CORPUS_DATA], ids=lambda path: path.name)
def test_every_fixture_reads_the_same_through_the_memo_cold_and_warm(fixture: Path) -> None:
    memo = RecordMemo()
    edited, whole = read_both(fixture.read_bytes(), memo)
    assert edited == whole
    assert read_both(fixture.read_bytes(), memo)[0] == whole


def test_a_data_file_is_split_into_its_records_with_their_lines() -> None:
    lists = split_records(TWO_CLAIMS)
    assert lists is not None
    assert lists.keys == {"sources": 1, "claims": 7}
    assert [(entry.key, entry.line, entry.indent, entry.followed) for entry in lists.entries] == [
        ("sources", 2, 2, False),
        ("claims", 8, 2, True),
        ("claims", 16, 2, False),
    ]
    assert lists.entries[1].text == KENYA_PLEDGE


def test_an_unchanged_record_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = RecordMemo()
    read_both(TWO_CLAIMS, memo)
    read_alone = []
    real = incremental.read_alone
    monkeypatch.setattr(
        incremental, "read_alone", lambda record, shown: read_alone.append(record.line) or real(record, shown)
    )
    edited, whole = read_both(TWO_CLAIMS, memo)
    assert edited == whole
    assert read_alone == []
    edited, whole = read_both(TWO_CLAIMS.replace("id: ken-pledge-again", "id: ken-pledge-2"), memo)
    assert edited == whole
    assert read_alone == [16]  # only the edited claim
    # A line added above moves every record below it: read again from the memo, at its new lines.
    edited, whole = read_both(
        "# a comment\n" + TWO_CLAIMS.replace("id: ken-pledge-again", "id: ken-pledge-2"), memo
    )
    assert edited == whole
    assert read_alone == [16]
    assert [location.spans.at for _, location in edited.claims] == [(9, 5), (17, 5)]


# Texts a split by lines could get wrong: each must read as the whole file reads it.
TRAPS = {
    "a quoted value whose next line looks like an entry": TWO_CLAIMS.replace(
        "quote: Kenya has promised to provide 1,000 security personnel to Haiti.",
        'quote: "Kenya has promised to provide\n  - 1,000 security personnel to Haiti."',
        1,
    ),
    "a quoted value whose next line looks like a key": TWO_CLAIMS.replace(
        "title: Nations join the Kenya-led effort", 'title: "Nations join\nclaims:\n the Kenya-led effort"'
    ),
    "a quoted value whose next line looks like a comment": TWO_CLAIMS.replace(
        "title: Nations join the Kenya-led effort", 'title: "Nations join\n# the Kenya-led effort"'
    ),
    "a block value": TWO_CLAIMS.replace(
        "    stage: committed\n",
        "    stage: committed\n    note: |\n      - not an entry\n      claims:\n",
        1,
    ),
    "an empty entry between two": TWO_CLAIMS.replace("claims:\n", "claims:\n  -\n"),
    "an empty entry at the end": TWO_CLAIMS + "  -\n",
    "an empty entry in a nested list at the end of an entry": TWO_CLAIMS + "    parties:\n      -\n",
    "a plain text entry": TWO_CLAIMS.replace("claims:\n", "claims:\n  - just text\n    on two lines\n"),
    "an entry that is a list": TWO_CLAIMS.replace("claims:\n", "claims:\n  - - a\n    - b\n"),
    "entries at another indentation": ONE_CLAIM.replace("\n  ", "\n    "),
    "entries at the first column": ONE_CLAIM.replace("\n  - ", "\n- ").replace("\n    ", "\n  "),
    "an entry less indented than the first": TWO_CLAIMS.replace(
        "  - id: ken-pledge-again", " - id: ken-pledge-again"
    ),
    "a line less indented than its entry": TWO_CLAIMS.replace(
        "    stage: committed\n", "   stage: committed\n", 1
    ),
    "a tab": TWO_CLAIMS.replace("    stage: committed\n", "\tstage: committed\n", 1),
    "a tab after spaces": TWO_CLAIMS.replace("    stage: committed\n", "  \tstage: committed\n", 1),
    "comments at the first column between entries": TWO_CLAIMS.replace(
        "  - id: ken-pledge-again", "# a comment\n\n  - id: ken-pledge-again"
    ),
    "a comment with a control character": "# \x01\n" + TWO_CLAIMS,
    "a control character in a record": TWO_CLAIMS.replace("Nations join", "Nations\x01join"),
    "claims before sources": "claims:\n" + KENYA_PLEDGE + SOURCE_004,
    "claims twice": TWO_CLAIMS + "claims:\n" + KENYA_PLEDGE,
    "an unknown list": TWO_CLAIMS + "claim:\n" + KENYA_PLEDGE,
    "an empty list": SOURCE_004 + "claims:\n",
    "an empty list with a comment": SOURCE_004 + "claims:  # none yet\n\n",
    "a flow list": SOURCE_004 + "claims: []\n",
    "a document marker": "---\n" + TWO_CLAIMS,
    "a second document": TWO_CLAIMS + "---\nsources: []\n",
    "CRLF line ends": TWO_CLAIMS.replace("\n", "\r\n"),
    "a lone CR": TWO_CLAIMS.replace("stage: committed\n", "stage: committed\r", 1),
    "a line separator": TWO_CLAIMS.replace("Nations join", "Nations\u2028join"),
    "a next-line character": TWO_CLAIMS.replace("Nations join", "Nations\x85join"),
    "a byte order mark": "\ufeff" + TWO_CLAIMS,
    "a byte order mark inside": TWO_CLAIMS.replace("claims:\n", "claims:\n\ufeff"),
    "a duplicate key": TWO_CLAIMS.replace(
        "    stage: committed\n", "    stage: committed\n    stage: intent\n", 1
    ),
    "nesting one level short of the limit": TWO_CLAIMS + "    note: " + "[" * 13 + "]" * 13 + "\n",
    "nesting at the limit": TWO_CLAIMS + "    note: " + "[" * 14 + "]" * 14 + "\n",
    "50,000 levels of nesting": TWO_CLAIMS + "    note: " + "[" * 50_000 + "\n",
    "an unclosed quote in the last entry": TWO_CLAIMS + '    note: "unclosed\n',
    "an anchor and an alias": TWO_CLAIMS.replace("stage: committed", "stage: &s committed", 1)
    + "    note: *s\n",
    "an invalid record": TWO_CLAIMS.replace("country: KEN", "country: XXX", 1),
    "identical records": ONE_CLAIM + KENYA_PLEDGE + KENYA_PLEDGE,
    "no trailing line break": TWO_CLAIMS.rstrip("\n"),
    "comments only": "# nothing yet\n",
    "empty": "",
}


@pytest.mark.parametrize("text", TRAPS.values(), ids=TRAPS.keys())
def test_texts_that_a_split_by_lines_could_get_wrong_read_as_the_whole_file_reads_them(text: str) -> None:
    memo = RecordMemo()
    read_both(TWO_CLAIMS, memo)  # a memo warm with the records these texts are made from
    edited, whole = read_both(text, memo)
    assert edited == whole
    assert read_both(TWO_CLAIMS, memo)[0] == read_both(TWO_CLAIMS)[1]


def test_a_split_that_would_differ_from_the_whole_file_is_not_made() -> None:
    """The traps whose whole-file reading has problems or another shape are read whole: a memo
    that answered them would have to reproduce those problems."""
    for name in ("a quoted value whose next line looks like an entry", "entries at the first column",
                 "a tab", "a lone CR", "a line separator", "a comment with a control character",
                 "claims twice", "an unknown list", "a document marker", "a flow list"):  # fmt: skip
        lists = split_records(TRAPS[name])
        assert lists is None or any(incremental.read_alone(entry, "x") is None for entry in lists.entries), (
            name
        )


FRAGMENTS = [
    "\n", "\n  - ", "\n    ", "\n  ", '"', "'", "#", " #", ": ", "- ", "  ", "\t", "[", "]", "{", "}",
    "|\n", ">-\n", "&a ", "*a", "!!str ", "\r\n", "\r", "\u2028", "\ufeff", "claims:\n", "sources:\n",
    "x", "1", "é", "😀", "---\n", "    note: a\n", "  - id: dup\n", "\n  -\n", "\x01", "0", "NO",
]  # fmt: skip
EDITS = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),
        st.integers(min_value=0, max_value=30),
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_any_sequence_of_edits_reads_as_the_whole_file_reads_it(edits: list[tuple[float, int, str]]) -> None:
    memo = RecordMemo()
    text = CORPUS_TEXT
    assert read_both(text, memo)[0] == read_both(text)[1]
    for where, removed, inserted in edits:
        at = int(where * len(text))
        text = text[:at] + inserted + text[at + removed :]
        edited, whole = read_both(text, memo)
        assert edited == whole
