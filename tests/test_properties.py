"""Property tests: whatever the input, the loader returns records or problems and never raises."""

from __future__ import annotations

import math
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haiti_mss.core.problems import CATALOG
from haiti_mss.read.load import load_dataset
from haiti_mss.read.parse import parse_yaml

from conftest import SOURCE_004, checked

YAML_CHARACTERS = st.sampled_from(
    [*string.printable, "\u2019", "é", "\ufeff", "\x00", "\x1b", "\x85", "&", "*", "!", "<<"]
)
YAML_LIKE_TEXT = st.lists(YAML_CHARACTERS, max_size=300).map("".join)

# YAML 1.1 tools read these plain scalars as booleans; PyYAML's dumper writes them unquoted
# (PyYAML itself does not implement y/n), so a round trip through safe_dump flags them.
AMBIGUOUS_WITHOUT_QUOTES = {"y", "Y", "n", "N"}
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40).filter(lambda text: text not in AMBIGUOUS_WITHOUT_QUOTES)
)
structures = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


def assert_problems_are_well_formed(problems):
    for problem in problems:
        assert problem.code in CATALOG
        assert problem.line >= 1
        assert problem.column >= 1


@given(YAML_LIKE_TEXT)
@settings(max_examples=400, deadline=None)
def test_any_text_parses_to_values_or_problems(text):
    root, _spans, problems = parse_yaml(text, "t.yaml")
    assert_problems_are_well_formed(problems)
    assert (root is None and problems) or isinstance(root, dict)


@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_load_to_records_or_problems(write_data, data):
    dataset = load_dataset(write_data(data))
    assert_problems_are_well_formed(dataset.problems)


@given(structures)
@settings(max_examples=300, deadline=None)
def test_dumped_structures_round_trip_or_are_refused_with_problems(value):
    root, _spans, problems = parse_yaml(yaml.safe_dump({"value": value}), "t.yaml")
    assert_problems_are_well_formed(problems)
    if not problems:
        assert _same(root, {"value": value})


def _same(left, right) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right) or left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return type(left) is type(right) and left == right


claim_fields = st.dictionaries(
    st.sampled_from(["id", "kind", "source", "quote", "as_of", "country", "personnel", "stage", "amount",
                     "currency", "flow", "qualifier", "parties", "status", "mandate_until", "on", "note"]),
    structures,
    max_size=10,
)  # fmt: skip


@given(st.lists(claim_fields, max_size=4))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_claim_shaped_structures_validate_or_give_problems(write_data, claims):
    path = write_data(SOURCE_004 + yaml.safe_dump({"claims": claims}))
    result = checked(path)
    assert_problems_are_well_formed(result.problems)


@settings(max_examples=300)
@given(
    values=st.lists(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=8),
            st.lists(st.text(max_size=3), max_size=2),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_csv_writers_fast_path_writes_what_csv_cell_gives(values):
    """The CSV writer passes plain text and numbers as they are: the same cells csv_cell makes."""
    import csv
    import io

    from haiti_mss.present.text import csv_cell
    from haiti_mss.present.view import View
    from haiti_mss.present.writers import write_csv

    keys = [f"k{index}" for index in range(len(values))]
    written = io.StringIO()
    write_csv(View(keys, [], [dict(zip(keys, values, strict=True))]), written)
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\n").writerows([keys, [csv_cell(value) for value in values]])
    assert written.getvalue() == expected.getvalue()
