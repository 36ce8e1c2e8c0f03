"""Entries added to a data file as text: every other byte kept, the result read back by the strict
loader before the file is replaced, and values YAML 1.1 reads differently quoted."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from haiti_mss.core.dates import PartialDate
from haiti_mss.curate.insert import InsertError, appended, render_entries
from haiti_mss.read.parse import parse_yaml
from haiti_mss.read.yaml_text import reads_back, value_text

from conftest import ONE_CLAIM, SHA_004, one_block_added

SOURCE = {
    "id": "wire-2025",
    "file": "seeds/004_a40b01aed8d90bdc.txt",
    "sha256": SHA_004,
    "title": "A wire story",
    "outlet": None,
    "url": None,
    "published": PartialDate(2025, 3),
}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_every_text_is_written_so_that_both_yaml_readers_read_it_back(text):
    assert reads_back(value_text(text, 4), text)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("NO", ' "NO"'), ("on", ' "on"'), ("010", ' "010"'), ("1e5", ' "1e5"'), ("null", ' "null"'),
        ("a: b", ' "a: b"'), ("Kenya’s “force”", " Kenya’s “force”"), (None, " null"), (1000, " 1000"),
        (PartialDate(2024, 9, 30), " 2024-09-30"), (["KEN", "NO"], ' [KEN, "NO"]'),
    ],
)  # fmt: skip
def test_values_are_written_as_the_data_writes_them(value, written):
    assert value_text(value, 4) == written


def test_a_long_text_is_folded_and_one_with_escapes_too():
    long = "word " * 30
    assert value_text(long.strip(), 4).startswith(" >-\n      word word")
    assert value_text('He said "yes": done', 4) == ' >-\n      He said "yes": done'


LAYOUTS = {
    "comments everywhere": (
        "# a header\n\nsources:  # the articles\n  # before the first\n  - id: nations-join\n"
        "    file: seeds/004_a40b01aed8d90bdc.txt  # archived\n"
        f"    sha256: {SHA_004}\n    title: Nations join\n    published: 2023-09\n    # inside the last\n\n"
        "  # between: belongs to what follows\n# top level\nclaims: []\n# the end\n"
    ),
    "no sources yet": "claims: []\n",
    "empty list": "# header\nsources: []\nclaims: []\n",
    "no final line break": ONE_CLAIM.rstrip("\n"),
    "comments only": "# a new data file\n",
}


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_an_entry_is_added_and_every_other_byte_kept(layout):
    before = LAYOUTS[layout]
    inserted = appended(before.encode(), "sources", [SOURCE], "claims.yaml")
    after = inserted.data.decode()
    root, _, problems = parse_yaml(after, "claims.yaml")
    assert problems == []
    assert root["sources"][-1]["id"] == "wire-2025"
    assert after.splitlines()[inserted.line - 1] == "  - id: wire-2025"
    if layout not in ("empty list", "no final line break"):
        added = one_block_added(before, after)
        assert "\n".join(render_entries([SOURCE])) in added


def test_the_list_s_own_indentation_and_line_endings_and_byte_order_mark_are_kept():
    before = "\ufeffsources:\r\n- id: nations-join\r\n  file: seeds/004_a40b01aed8d90bdc.txt\r\n" + (
        f"  sha256: {SHA_004}\r\n  title: Nations join\r\n  published: 2023-09\r\n"
    )
    after = appended(before.encode(), "sources", [SOURCE], "claims.yaml").data.decode()
    assert after.startswith("\ufeff" + before.removeprefix("\ufeff"))
    assert after[len(before) :] == "- id: wire-2025\r\n  file: seeds/004_a40b01aed8d90bdc.txt\r\n" + (
        f"  sha256: {SHA_004}\r\n  title: A wire story\r\n  outlet: null\r\n  url: null\r\n  published: 2025-03\r\n"
    )
    assert yaml.safe_load(after.removeprefix("\ufeff"))["sources"][1]["title"] == "A wire story"


@pytest.mark.parametrize("separator", ["\n", ""], ids=["blank line", "none"])
def test_entries_are_separated_as_the_list_separates_them(separator):
    second = ONE_CLAIM.split("claims:\n")[1].replace("ken-pledge", "ken-pledge-2")
    before = ONE_CLAIM + separator + second
    claim = {"id": "ken-pledge-3", "kind": "pledge", "source": "nations-join", "quote": "Kenya has promised to provide",
             "as_of": PartialDate(2023, 9), "country": "KEN", "stage": "intent"}  # fmt: skip
    after = appended(before.encode(), "claims", [claim], "claims.yaml").data.decode()
    assert after == before + separator + "\n".join(render_entries([claim])) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"sources: [{{id: a, file: seeds/a.txt, sha256: {SHA_004}, title: A, published: 2023}}]\n",
            "flow list",
        ),
        ("sources:\n  - id: a\n  - id: a\n    qoute: x\n", "fix it before adding to it"),
        ("sources: :\n", "fix it before adding to it"),
    ],
)
def test_a_file_that_cannot_be_added_to_safely_is_refused(text, message):
    with pytest.raises(InsertError, match=message):
        appended(text.encode(), "sources", [SOURCE], "claims.yaml")
