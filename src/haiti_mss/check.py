"""The rules of `mss check`, over loaded records: each rule yields `Problem` values.

Schema problems come from the loader; these are the rules that need more than one record or the
archive: unique ids, known sources, unchanged archives, verbatim quotes, figures and weekdays that
agree with their quotes, and dates that are possible. No rule raises on user data or prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches

from haiti_mss.archive import Archive, ArchivedText, ArchiveError
from haiti_mss.coverage import source_coverage
from haiti_mss.dates import PartialDate, Precision
from haiti_mss.load import Dataset, Location
from haiti_mss.problems import Problem
from haiti_mss.records import ClaimRecord, SourceRecord
from haiti_mss.text import (
    MIN_QUOTE_WORDS,
    WEEKDAYS,
    closest_passage,
    describe_char,
    figures,
    find_quote,
    normalise,
    numbers_in,
    qualifier_before,
    weekdays_in,
    word_count,
)


@dataclass(slots=True)
class CheckResult:
    problems: list[Problem]
    # Where each verified quote sits in its source's normalised text, by source id: what
    # `mss coverage` counts as cited.
    quoted: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    texts: dict[str, ArchivedText] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]


def check(dataset: Dataset, today: date) -> CheckResult:
    """Every problem in the dataset: the loader's and the rules', sorted by file and position."""
    result = CheckResult(problems=list(dataset.problems))
    archive = Archive(dataset.root)
    result.problems.extend(duplicate_ids(dataset.sources, "source"))
    result.problems.extend(duplicate_ids(dataset.claims, "claim"))
    result.problems.extend(source_references(dataset))
    for source, location in dataset.sources:
        result.problems.extend(source_archive(source, location, archive, result))
        result.problems.extend(dates_possible(source.published, None, location, today, "published"))
    sources = {source.id: source for source, _ in dataset.sources}
    normalised: dict[str, str] = {}  # claims about several actors share one quote
    for claim, location in dataset.claims:
        source = sources.get(claim.source)
        text = result.texts.get(claim.source)
        quote = normalised.get(claim.quote)
        if quote is None:
            quote = normalised[claim.quote] = normalise(claim.quote)
        if text is not None:
            result.problems.extend(quote_verbatim(claim, quote, location, text, result))
        result.problems.extend(figure_in_quote(claim, quote, location))
        result.problems.extend(weekday_agrees(claim, location))
        result.problems.extend(claim_dates(claim, location, source, today))
    for source, location in dataset.sources:
        result.problems.extend(ignores_in_use(source, location, result))
    result.problems.sort(key=lambda problem: problem.sort_key)
    return result


def duplicate_ids(
    records: Iterable[tuple[ClaimRecord | SourceRecord, Location]], what: str
) -> Iterator[Problem]:
    """Ids are unique: claims are cited by id, and an id is never reused."""
    first_seen: dict[str, Location] = {}
    for record, location in records:
        if (first := first_seen.setdefault(record.id, location)) is not location:
            line, column = first.spans.of("id")
            yield location.problem(
                "duplicate-id",
                f"{what} id {record.id!r} is already used at {first.path}:{line}:{column}",
                "id",
                claim_id=record.id if what == "claim" else None,
            )


def source_references(dataset: Dataset) -> Iterator[Problem]:
    """Every claim cites a source that exists; a source no claim cites is worth a look."""
    source_ids = [source.id for source, _ in dataset.sources]
    for claim, location in dataset.claims:
        if claim.source not in source_ids:
            close = get_close_matches(claim.source, source_ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield location.problem(
                "unknown-source",
                f"source {claim.source!r} is not defined{hint}",
                "source",
                claim_id=claim.id,
            )
    for source, location in dataset.sources:
        if source.id not in dataset.cited:
            yield location.problem("unused-source", f"no claim cites source {source.id!r}", "id")


def source_archive(
    source: SourceRecord, location: Location, archive: Archive, result: CheckResult
) -> Iterator[Problem]:
    """The archived file exists inside seeds/ and is byte for byte what was curated."""
    try:
        text = archive.get(source.file)
    except ArchiveError as error:
        yield location.problem(error.code, error.message, "file")
        return
    if text.sha256 != source.sha256:
        yield location.problem(
            "seed-sha-mismatch",
            f"{source.file} has sha256 {text.sha256}, not the recorded {source.sha256}: the archive "
            "changed; re-verify its quotes before updating sha256",
            "sha256",
        )
        return
    result.texts[source.id] = text


def quote_verbatim(
    claim: ClaimRecord, quote: str, location: Location, text: ArchivedText, result: CheckResult
) -> Iterator[Problem]:
    """The (normalised) quote is in the archived text, word for word, and long enough to mean
    something."""
    if word_count(quote) < MIN_QUOTE_WORDS:
        yield location.problem(
            "quote-too-short",
            f"a quote needs at least {MIN_QUOTE_WORDS} words to identify its passage; "
            f"this one has {word_count(quote)}",
            "quote",
            claim_id=claim.id,
        )
        return
    start = find_quote(quote, text.normalised)
    if start is not None:
        result.quoted.setdefault(claim.source, []).append((start, start + len(quote)))
        return
    if quote in text.normalised:
        yield location.problem(
            "quote-cuts-word",
            "the quote is in the source but starts or ends inside a word; quote whole words",
            "quote",
            claim_id=claim.id,
        )
        return
    yield location.problem("quote-not-found", _not_found_message(quote, text), "quote", claim_id=claim.id)


def _not_found_message(quote: str, text: ArchivedText) -> str:
    near = closest_passage(quote, text.normalised)
    if near is None:
        return "the quote is not in the source, and no passage resembles it"
    return (
        f"the quote is not in the source; closest passage: {near.passage!r} — first difference at "
        f"character {near.offset + 1}: the quote has {describe_char(near.quote_char)}, "
        f"the source has {describe_char(near.source_char)}"
    )


def figure_in_quote(claim: ClaimRecord, quote: str, location: Location) -> Iterator[Problem]:
    """The claim's number is one its (normalised) quote states ("1,000" is 1000; "$300 million" is
    300000000), and the quote's "over", "up to" or "approximately" is the claim's qualifier."""
    if claim.value is None:
        return
    field_name = "amount" if claim.kind == "funding" else "personnel"
    found = figures(quote)
    if claim.value not in numbers_in(quote, found):
        yield location.problem(
            "figure-not-in-quote", f"{field_name} {claim.value:,} does not appear in the quote", field_name,
            claim_id=claim.id,
        )  # fmt: skip
        return
    stated = [figure for figure in found if figure.value == claim.value]
    qualifiers = {qualifier_before(quote, figure) for figure in stated}
    if stated and claim.qualifier not in qualifiers:
        yield location.problem(
            "qualifier-mismatch",
            f"the quote reads as {' or '.join(sorted(qualifiers))} for {claim.value:,}, "
            f"the claim says {claim.qualifier}",
            "qualifier" if claim.qualifier != "exact" else field_name,
            claim_id=claim.id,
        )


def weekday_agrees(claim: ClaimRecord, location: Location) -> Iterator[Problem]:
    """A day-precision date agrees with a weekday the quote names ("on Monday")."""
    if claim.as_of.precision is not Precision.DAY:
        return
    named = weekdays_in(claim.quote)
    if not named:
        return
    actual = WEEKDAYS[claim.as_of.first_day.weekday()]
    if actual not in named:
        yield location.problem(
            "weekday-mismatch",
            f"as_of {claim.as_of} is a {actual}, but the quote says {', '.join(sorted(named))}",
            "as_of",
            claim_id=claim.id,
        )


def claim_dates(
    claim: ClaimRecord, location: Location, source: SourceRecord | None, today: date
) -> Iterator[Problem]:
    """A reported fact is not dated after its source; no date is after today unless scheduled;
    a mandate ends after the action that set it."""
    scheduled = claim.status == "scheduled"
    if source is not None and not scheduled and claim.as_of.is_after(source.published):
        yield location.problem(
            "date-after-published",
            f"as_of {claim.as_of} is after the source's publication ({source.published}); "
            "an announced future event is status: scheduled",
            "as_of",
            claim_id=claim.id,
        )
    if not scheduled:
        yield from dates_possible(claim.as_of, claim.id, location, today, "as_of")
    if claim.mandate_until is not None and claim.mandate_until.last_day <= claim.as_of.first_day:
        yield location.problem(
            "mandate-before-as-of",
            f"mandate_until {claim.mandate_until} does not come after as_of {claim.as_of}",
            "mandate_until",
            claim_id=claim.id,
        )


def ignores_in_use(source: SourceRecord, location: Location, result: CheckResult) -> Iterator[Problem]:
    """Every `ignore:` entry still names a figure of the source that no claim cites: an entry left
    over after a figure became a claim (or one with a typo) would hide nothing and mislead."""
    if not source.ignore or source.id not in result.texts:
        return
    report = source_coverage(source, result, Counter())
    for index in report.unused_ignores:
        yield location.problem(
            "unused-ignore",
            f"ignore entry {source.ignore[index].text!r} matches no uncited figure of the source",
            "ignore",
            index,
            "text",
        )


def dates_possible(
    when: PartialDate, claim_id: str | None, location: Location, today: date, field_name: str
) -> Iterator[Problem]:
    if when.first_day > today:
        yield location.problem(
            "date-in-future", f"{field_name} {when} is after today ({today.isoformat()})", field_name,
            claim_id=claim_id,
        )  # fmt: skip
