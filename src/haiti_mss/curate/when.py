"""When a fact held, from the dates and weekdays of its sentence, read against the article's own
publication date: "on Friday, December 12" in an article of 13 December 2025 is 2025-12-12; "last
month" in an article of July 2025 is 2025-06; "on Monday" in an article dated only to the month is
that month, no more. Every date worked out rather than read is explained in words, for the claim's
`note`. A date after publication is a plan, never the date of a fact.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from haiti_mss.analysis.text import WEEKDAYS
from haiti_mss.core.dates import InvalidDate, PartialDate, Precision

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"  # fmt: skip
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    ("month_day", re.compile(rf"(?:{_WEEKDAY},?\s)?{_MONTH}\s{_DAY}(?:,?\s{_YEAR})?(?!\d)")),
    ("day_month", re.compile(rf"(?:{_WEEKDAY},?\s)?(?<!\d){_DAY}\s{_MONTH}(?:,?\s{_YEAR})?")),
    ("month_year", re.compile(rf"{_MONTH},?\s{_YEAR}")),
    ("month", re.compile(rf"\b(?:in|during|until|through|from|of|early|late|mid-|end\sof)\s{_MONTH}")),
    ("year_end", re.compile(rf"\bend\sof\s{_YEAR}\b")),
    ("year", re.compile(rf"\b(?:in|during|of|early|late|mid-)\s{_YEAR}\b")),
    ("weekday", re.compile(rf"\b{_WEEKDAY}\b")),
    ("relative", re.compile(
        r"\b(?P<relative>yesterday|today|tonight|now|(?:earlier |later )?this (?:week|month|year)|"
        r"last (?:week|month|year)|next (?:week|month|year)|tomorrow)\b", re.IGNORECASE)),
]  # fmt: skip


class Dated(NamedTuple):
    """A date expression of the text and what it means: the date at its precision, or None for a
    date after publication; and the reasoning when the date was worked out rather than read."""

    start: int
    end: int
    words: str
    as_of: PartialDate | None
    reasoning: str | None


def dates_in(text: str, start: int, end: int, published: PartialDate, *, ahead: bool = False) -> list[Dated]:
    """The date expressions of `text[start:end]`, in order; an expression inside a longer one
    ("Friday" in "Friday, December 12") counts once, as the longer. When the words speak of what is
    to come (`ahead`: "will send 180 police in July"), a day or month without a year that is still
    to come in the year of publication is that plan, no date of a fact; otherwise it is the latest
    one not after publication."""
    found: list[Dated] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            span = match.span()
            if any(other[0] < span[1] and span[0] < other[1] for other in taken):
                continue
            meaning = _meaning(form, match, published, ahead)
            if meaning is None:
                continue
            taken.append(span)
            found.append(Dated(span[0], span[1], match.group(), *meaning))
    return sorted(found)


def _meaning(
    form: str, match: re.Match[str], published: PartialDate, ahead: bool
) -> tuple[PartialDate | None, str | None] | None:
    groups = match.groupdict()
    words = match.group()
    month = _MONTHS[groups["month"].rstrip(".").lower()] if groups.get("month") else None
    year = int(groups["year"]) if groups.get("year") else None
    try:
        if form in ("month_day", "day_month"):
            day = int(groups["day"])
            if year is not None:
                return _not_after(PartialDate(year, month, day), published, words)
            return _day_without_year(month, day, groups.get("weekday"), published, words, ahead)  # type: ignore[arg-type]
        if form == "month_year":
            return _not_after(PartialDate(year, month), published, words)  # type: ignore[arg-type]
        if form == "month":
            return _month_without_year(month, published, words, ahead)  # type: ignore[arg-type]
        if form == "year":
            return _not_after(PartialDate(year), published, words)  # type: ignore[arg-type]
        if form == "year_end":
            when, _ = _not_after(PartialDate(year, 12), published, words)  # type: ignore[arg-type]
            return when, None if when is None else f'"{words}" is {_month_name(when)}.'
    except InvalidDate:
        return None
    if form == "weekday":
        return _weekday(groups["weekday"], published, words)
    return _relative(groups["relative"].lower(), published, words)


def _not_after(
    when: PartialDate, published: PartialDate, words: str
) -> tuple[PartialDate | None, str | None]:
    return (None, None) if when.is_after(published) else (when, None)


def _day_without_year(
    month: int, day: int, weekday: str | None, published: PartialDate, words: str, ahead: bool
) -> tuple[PartialDate | None, str | None]:
    """The latest such day not after publication, whose weekday (when named) agrees."""
    latest = published.last_day
    for year in (latest.year, latest.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None, None
        if candidate > latest:
            if ahead:
                return None, None
            continue
        if weekday is not None and WEEKDAYS[candidate.weekday()] != weekday:
            continue
        when = PartialDate(year, month, day)
        return when, f'"{words}" in an article of {published} is {_long(candidate)}.'
    return None, None


def _month_without_year(
    month: int, published: PartialDate, words: str, ahead: bool
) -> tuple[PartialDate | None, str | None]:
    latest = published.last_day
    year = latest.year if month <= latest.month else latest.year - 1
    if month > latest.month and (ahead or published.precision is Precision.YEAR):
        return None, None
    when = PartialDate(year, month)
    return when, f'"{words}" in an article of {published} is {_month_name(when)}.'


def _weekday(weekday: str, published: PartialDate, words: str) -> tuple[PartialDate | None, str | None]:
    """The latest such weekday on or before publication; only the month (or year) when the
    article is not dated to the day."""
    if published.precision is not Precision.DAY:
        return published, f'"{words}" in an article dated only to {published}: the day is not known.'
    day = published.first_day
    back = (day.weekday() - WEEKDAYS.index(weekday)) % 7
    when = day - timedelta(days=back)
    said = "the day of publication" if back == 0 else f"the {weekday} before publication on {day.isoformat()}"
    return PartialDate(when.year, when.month, when.day), f'"{words}" is {said}, {_long(when)}.'


def _relative(words_lower: str, published: PartialDate, words: str) -> tuple[PartialDate | None, str | None]:
    """ "last month", "this year", "yesterday"… in an article of `published`."""
    if words_lower == "tomorrow" or words_lower.startswith("next "):
        return None, None
    first = published.first_day
    when: PartialDate | None = None
    if words_lower == "now":
        return published, None  # the day of publication, which needs no working out
    if words_lower in ("today", "tonight") or words_lower.endswith("this week"):
        when = published
    elif words_lower.endswith("this month"):
        when = PartialDate(first.year, first.month)
    elif words_lower.endswith("this year") or words_lower == "last year":
        when = PartialDate(first.year - (words_lower == "last year"))
    elif words_lower == "last month":
        previous = first.replace(day=1) - timedelta(days=1)
        when = PartialDate(previous.year, previous.month)
    elif published.precision is not Precision.DAY:  # yesterday, last week: a day or a week back
        return published, f'"{words}" in an article dated only to {published}: the day is not known.'
    elif words_lower == "yesterday":
        day = first - timedelta(days=1)
        when = PartialDate(day.year, day.month, day.day)
    elif words_lower == "last week":
        day = first - timedelta(days=7)
        when = PartialDate(day.year, day.month)
        return when, f'"{words}" in an article of {published} is the week before, in {_month_name(when)}.'
    if when is None:
        return None
    return when, f'"{words}" in an article of {published} is {_period(when)}.'


def _period(when: PartialDate) -> str:
    if when.day is not None:
        return _long(when.first_day)
    return _month_name(when) if when.month is not None else str(when.year)


def _month_name(when: PartialDate) -> str:
    return f"{date(when.year, when.month or 1, 1).strftime('%B')} {when.year}"


def _long(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day.strftime('%B')} {day.year}"
