"""Partial dates: a year, a month or a day, kept at the precision they were written with.

A claim dated `2024-09` says "some time in September 2024"; filling in the 1st (or today's day, as
python-dateutil does) would invent a fact. A `PartialDate` is therefore a *period*: it has a first and
a last day, and comparisons are between periods. Nothing here imports more than the standard library,
so the query path can use it without loading pydantic or dateutil.
"""

from __future__ import annotations

import re
from datetime import date
from enum import IntEnum

ISO_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
ISO_PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


# Month names and lengths, here rather than from the calendar module: every query starts a fresh
# process, and importing calendar costs more than these lines.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


class InvalidDate(ValueError):
    """The text is not a date, or names a day that does not exist (2024-02-30)."""


class PartialDate:
    """An immutable value. Written out by hand rather than as a dataclass: every query starts a
    fresh process, and a dataclass costs more to create than the whole of this class."""

    __slots__ = ("day", "first_day", "last_day", "month", "year")

    year: int
    month: int | None
    day: int | None
    # The period's bounds, worked out once: every comparison of a claim's date uses them.
    first_day: date
    last_day: date

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise InvalidDate("a day needs a month")
        if not 1 <= year <= 9999:
            raise InvalidDate(f"year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise InvalidDate(f"month {month:02d} does not exist")
        last_month = month or 12
        days_in_last_month = days_in_month(year, last_month)
        if day is not None and not 1 <= day <= days_in_last_month:
            raise InvalidDate(
                f"{MONTH_NAMES[last_month - 1]} {year} has no day {day} (it has {days_in_last_month})"
            )
        set_attribute = object.__setattr__
        set_attribute(self, "year", year)
        set_attribute(self, "month", month)
        set_attribute(self, "day", day)
        set_attribute(self, "first_day", date(year, month or 1, day or 1))
        set_attribute(self, "last_day", date(year, last_month, day or days_in_last_month))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a PartialDate cannot be changed ({name})")

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int | None, int | None]]:
        # Made again from its parts (it refuses to be set attribute by attribute): files parsed by
        # a second process come back pickled (`engine.aside`).
        return PartialDate, (self.year, self.month, self.day)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    def __repr__(self) -> str:
        return f"PartialDate({self})"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `2024`, `2024-09` or `2024-09-30`; anything else raises InvalidDate."""
        match = ISO_PARTIAL_DATE.fullmatch(text)
        if match is None:
            raise InvalidDate(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(int(year), month and int(month), day and int(day))

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def is_after(self, other: PartialDate) -> bool:
        """True only when all of this period lies after all of `other` (2024-10 is after 2024-09-30;
        2024-09 is not after 2024-09-15: they overlap)."""
        return self.first_day > other.last_day

    def overlaps(self, other: PartialDate) -> bool:
        return not (self.is_after(other) or other.is_after(self))

    @property
    def sort_key(self) -> tuple[date, int]:
        """Chronological order, in which a coarser period comes after the finer ones it contains:
        6 Sep 2024, then Sep 2024, then 2024. Something dated only "Sep 2024" may have happened on
        the 30th, so it is not known to come before any day of that month; it is known only to be
        over once the month is. Ordered by last day, then finer first on the same last day."""
        return (self.last_day, -self.precision)

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def describe(self) -> str:
        """Human form that shows the precision: '30 Sep 2024', 'Sep 2024', '2024'."""
        if self.day is not None:
            return f"{self.day} {MONTH_NAMES[(self.month or 1) - 1][:3]} {self.year}"
        if self.month is not None:
            return f"{MONTH_NAMES[self.month - 1][:3]} {self.year}"
        return str(self.year)


# Numeric dates other than ISO: 02/10/2023 is 2 October in most of the world and February 10 in the
# United States. They are refused rather than guessed.
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?")


def parse_user_date(text: str) -> PartialDate:
    """A date a person typed, at the precision they typed it: `2024-09`, `Sept 2024` and
    `September 2024` are all of September; `21 Feb 2024` is a day. Raises InvalidDate."""
    cleaned = " ".join(text.split())
    if ISO_PARTIAL_DATE.fullmatch(cleaned):
        return PartialDate.parse(cleaned)
    if _NUMERIC_DATE.fullmatch(cleaned):
        raise InvalidDate(f"{text!r} could be read more than one way; write YYYY-MM-DD, e.g. 2023-10-02")
    from datetime import datetime

    from dateutil import parser  # only here: most commands never read a typed date

    # dateutil fills what is missing from its default (from today, if none is given), so parse with
    # two different defaults: the parts that come out the same are the parts that were typed.
    try:
        one = parser.parse(cleaned, default=datetime(2001, 1, 1))
        two = parser.parse(cleaned, default=datetime(2002, 2, 2))
    except (ValueError, OverflowError) as error:
        raise InvalidDate(f"{text!r} is not a date ({error}); write e.g. 2024-09 or 'Sept 2024'") from None
    if one.year != two.year:
        raise InvalidDate(f"{text!r} has no year; write e.g. '{cleaned} 2024'")
    if one.month != two.month:
        return PartialDate(one.year)
    return PartialDate(one.year, one.month, one.day if one.day == two.day else None)
