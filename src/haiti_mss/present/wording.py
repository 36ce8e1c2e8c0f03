"""Wording: figures, dates and counts as people read them ("≥400", "~$600M", "2 sources"), and the
one-line summaries of a check and an export. Standard library only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import ClaimRecord

if TYPE_CHECKING:
    from haiti_mss.analysis.filters import Filters


def plural(count: int, noun: str) -> str:
    """`1 claim`, `2 claims`, `1,000 claims`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def check_summary(summary: dict[str, int]) -> str:
    """One line: what was checked and what was found."""
    return (
        f"mss check: {plural(summary['claims'], 'claim')} and {plural(summary['sources'], 'source')} "
        f"in {plural(summary['files'], 'file')}: {plural(summary['errors'], 'error')}, "
        f"{plural(summary['warnings'], 'warning')}"
    )


def export_summary(claims: int, sources: int, content_hash: str, written: Iterable[Path]) -> str:
    """One line: what an export holds, which version of the data it is, and where it went."""
    return (
        f"mss export: {plural(claims, 'claim')} and {plural(sources, 'source')} (data {content_hash}) "
        f"written to {', '.join(map(str, written))}"
    )


def report_summary(claims: int, total: int, content_hash: str, written: Path) -> str:
    """One line: how much of the data a report holds, which version of the data, and where it went."""
    return f"mss report: {claims:,} of {plural(total, 'claim')} (data {content_hash}) written to {written}"


# How each qualifier reads in a sentence, and each funding basis.
QUALIFIER_WORDS = {"exact": "exact", "approx": "approximate", "at_least": "lower-bound ('at least')",
                   "at_most": "upper-bound ('at most')"}  # fmt: skip
BASIS_WORDS = {
    "annual": "annual",
    "cumulative": "total to date",
    "one_off": "one-off",
    "at_date": "held at date",
}

_QUALIFIER_MARK = {"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤", None: ""}
_CURRENCY_MARK = {"USD": "$", "EUR": "€", "GBP": "£"}


def count_text(value: int | None, qualifier: str | None = "exact") -> str:
    """A head count as the press gives it: 1,000; ≥400; ≤50; ~600."""
    return "" if value is None else f"{_QUALIFIER_MARK[qualifier]}{value:,}"


def in_thousands(value: float) -> tuple[float, str]:
    """An amount in billions, millions or thousands, and the letter that says which ("B", "M",
    "K"); below a thousand, the amount itself and "". Cells and chart axes scale alike."""
    for size, letter in ((10**9, "B"), (10**6, "M"), (10**3, "K")):
        if abs(value) >= size:
            return value / size, letter
    return value, ""


def money_text(value: int | None, currency: str | None, qualifier: str | None = "exact") -> str:
    """An amount as the press gives it: $300M; ≥$300M; ~$600M; €1.5B; KES 2K; $950."""
    if value is None:
        return ""
    scaled, letter = in_thousands(value)
    amount = f"{scaled:,.1f}".removesuffix(".0") + letter if letter else f"{value:,}"
    symbol = _CURRENCY_MARK.get(currency or "")
    figure = f"{symbol}{amount}" if symbol else f"{currency} {amount}"
    return f"{_QUALIFIER_MARK[qualifier]}{figure}"


def figure_text(value: int | None, unit: str | None, qualifier: str | None) -> str:
    if unit == "personnel" or unit is None:
        return count_text(value, qualifier)
    return money_text(value, unit, qualifier)


def tally_parts(
    in_favour: int | None, against: int | None, abstentions: int | None, abstainers: Sequence[str]
) -> list[str]:
    """A vote's tally in words, each count apart: "12 in favour", "0 against", "3 abstaining (CHN,
    PAK, RUS)"; the abstainers alone when no count is given. Empty without a tally."""
    parts = [
        f"{count:,} {what}"
        for count, what in ((in_favour, "in favour"), (against, "against"), (abstentions, "abstaining"))
        if count is not None
    ]
    named = ", ".join(abstainers)
    if named and abstentions is not None:
        parts[-1] += f" ({named})"
    elif named:
        parts.append(f"abstaining: {named}")
    return parts


def describe(claim: ClaimRecord) -> str:
    """What a claim says, in a few words, for one-line listings."""
    figure = figure_text(claim.value, claim.unit, claim.qualifier) or "(no figure)"
    if claim.kind == "pledge":
        return f"{claim.stage} {figure}"
    if claim.kind == "deployment":
        personnel = "" if claim.personnel_type == "unspecified" else f" {claim.personnel_type}"
        return f"{claim.measure} {figure}{personnel}"
    if claim.kind == "funding":
        return f"{words(claim.flow)} {figure}"
    if claim.kind == "vote":
        parts = [words(claim.action), claim.resolution or ""]
        if claim.mandate_until:
            parts.append(f"mandate until {claim.mandate_until}")
        described = " ".join(part for part in parts if part)
        tally = tally_parts(claim.in_favour, claim.against, claim.abstentions, claim.abstainers)
        return f"{described}: {', '.join(tally)}" if tally else described
    if claim.kind == "event":
        return " ".join([claim.event_type or "", ", ".join(claim.parties)]).strip()
    return f"{claim.stance}: {claim.question}"


def words(code: str | None) -> str:
    return (code or "").replace("_", " ")


def age_days(when: PartialDate, reference: date) -> int:
    """Days from the end of `when` to `reference`: 0 while the period has not ended by then."""
    return max((reference - when.last_day).days, 0)


def age_text(when: PartialDate, reference: date) -> str:
    """How old a figure dated `when` is at `reference`, counted from the end of its period: a
    figure "as of Sep 2024" is 3 months old on 31 Dec 2024. Empty while the period runs."""
    end = when.last_day
    if end >= reference:
        return ""
    months = (reference.year - end.year) * 12 + reference.month - end.month - (reference.day < end.day)
    if months < 1:
        return plural((reference - end).days, "day") + " ago"
    if months < 24:
        return f"{months} mo ago"
    return f"{months // 12} yr {months % 12} mo ago".replace(" 0 mo", "")


def dated(when: PartialDate | None, reference: date | None = None) -> str:
    """A date as people read it, with its age at `reference` when given: "Sep 2024, 15 mo ago"."""
    if when is None:
        return ""
    age = age_text(when, reference) if reference else ""
    return f"{when.describe()}, {age}" if age else when.describe()


def scope_text(filters: Filters) -> str:
    """Which filters and --as-of produced an answer, for its heading: "country JAM or KEN; from
    Sep 2024; as of 30 Sep 2024 (sources published by then)". Empty when nothing narrows it."""
    parts = []
    if filters.missions:
        parts.append("mission " + " or ".join(sorted(filters.missions)))
    if filters.countries:
        parts.append("country " + " or ".join(sorted(filters.countries)))
    if filters.kinds:
        parts.append("kind " + " or ".join(sorted(filters.kinds)))
    if filters.source:
        parts.append(f"source {filters.source}")
    if filters.since:
        parts.append(f"from {filters.since.describe()}")
    if filters.until:
        parts.append(f"to {filters.until.describe()}")
    if filters.text:
        parts.append(f'text "{filters.text}"')
    if filters.reported_by:
        parts.append(f"as of {filters.reported_by.describe()} (sources published by then)")
    return "; ".join(parts)
