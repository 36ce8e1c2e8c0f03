import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haiti_mss.core.dates import InvalidDate, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2024", Precision.YEAR, date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", Precision.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", Precision.MONTH, date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-09-30", Precision.DAY, date(2024, 9, 30), date(2024, 9, 30)),
    ],
)
def test_a_partial_date_is_a_period_at_its_written_precision(text, precision, first, last):
    parsed = PartialDate.parse(text)
    assert parsed.precision is precision
    assert (parsed.first_day, parsed.last_day) == (first, last)
    assert str(parsed) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "February 2024 has no day 30 (it has 29)"),
        ("2023-13", "month 13 does not exist"),
        ("2023-00", "month 00 does not exist"),
        ("2024-9-30", "is not a date"),
        ("30/09/2024", "is not a date"),
        ("1727740800", "is not a date"),
        ("September 2024", "is not a date"),
        ("", "is not a date"),
    ],
)
def test_impossible_or_malformed_dates_are_refused(text, message):
    with pytest.raises(InvalidDate, match=re.escape(message)):
        PartialDate.parse(text)


def test_comparisons_respect_precision():
    september = PartialDate.parse("2024-09")
    assert not september.is_after(PartialDate.parse("2024-09-15"))  # they overlap
    assert september.overlaps(PartialDate.parse("2024-09-15"))
    assert PartialDate.parse("2024-10").is_after(PartialDate.parse("2024-09-30"))
    assert not PartialDate.parse("2024").is_after(PartialDate.parse("2024-12-31"))
    assert PartialDate.parse("2025").is_after(PartialDate.parse("2024-12-31"))


def test_a_coarser_period_comes_after_the_finer_ones_it_contains():
    dates = [PartialDate.parse(text) for text in
             ("2024", "2024-09", "2024-09-30", "2024-09-01", "2023-12-31", "2024-10-01", "2024-12", "2025-01")]  # fmt: skip
    assert [str(d) for d in sorted(dates, key=lambda d: d.sort_key)] == [
        "2023-12-31", "2024-09-01", "2024-09-30", "2024-09", "2024-10-01", "2024-12", "2024", "2025-01",
    ]  # fmt: skip


@given(st.lists(st.sampled_from(["2023", "2024", "2024-02", "2024-09", "2024-09-06", "2024-09-30", "2024-10-01",
                                 "2024-12", "2024-12-31", "2025-01-01"]), min_size=2, max_size=6))  # fmt: skip
def test_the_order_keeps_what_is_known_of_each_pair(texts):
    """Whatever comes first never lies wholly after what follows it, and a period never comes
    before one it contains."""
    ordered = sorted((PartialDate.parse(text) for text in texts), key=lambda d: d.sort_key)
    for index, earlier in enumerate(ordered):
        for later in ordered[index + 1 :]:
            assert not earlier.is_after(later)
            contains = earlier.first_day <= later.first_day and later.last_day <= earlier.last_day
            assert not contains or earlier == later


def test_describe_shows_the_precision():
    assert [PartialDate.parse(t).describe() for t in ("2024", "2024-09", "2024-09-30")] == [
        "2024", "Sep 2024", "30 Sep 2024",
    ]  # fmt: skip
