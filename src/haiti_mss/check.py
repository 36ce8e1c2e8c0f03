"""The rules of `mss check`, over loaded records: each rule yields `Problem` values.

Schema problems come from the loader; these are the rules that need more than one record or the
archive: unique ids, known sources, unchanged archives, verbatim quotes, figures and weekdays that
agree with their quotes, and dates that are possible. No rule raises on user data or prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from typing import NamedTuple

from haiti_mss.archive import Archive, ArchivedText, ArchiveError
from haiti_mss.coverage import unused_ignores
from haiti_mss.dates import PartialDate, Precision
from haiti_mss.load import Dataset, Location
from haiti_mss.problems import Problem
from haiti_mss.records import ClaimRecord, SourceRecord
from haiti_mss.text import (
    MIN_QUOTE_WORDS,
    WEEKDAYS,
    Figure,
    closest_passage,
    describe_char,
    figures,
    find_quote,
    normalise,
    qualifier_before,
    weekdays_in,
    word_count,
    word_numbers,
)


@dataclass(slots=True)
class CheckResult:
    problems: list[Problem]
    # Where each verified quote sits in its source's normalised text, by source id: what
    # `mss coverage` counts as cited.
    quoted: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    texts: dict[str, ArchivedText] = field(default_factory=dict)


class Ref(NamedTuple):
    """Where an id is written: a record's own id, or a claim's reference to its source."""

    id: str
    path: str
    line: int
    column: int
    claim_id: str | None = None  # the claim that writes it


def ref(record_id: str, location: Location, field_name: str, claim_id: str | None = None) -> Ref:
    line, column = location.spans.entries.get(field_name) or location.spans.at
    return Ref(record_id, location.path, line, column, claim_id)


def check(dataset: Dataset, today: date) -> CheckResult:
    """Every problem in the dataset: the loader's and the rules', sorted by file and position.

    The rules run in stages, which the validated index can also run one data file at a time:
    the sources and their archive; the claims of each file; then what crosses files (ids and the
    references between claims and sources, the sources' ignore lists)."""
    sources, claims = dataset.sources, dataset.claims
    source_problems, texts = check_sources(sources, Archive(dataset.root), today)
    claims_checked = check_claims(claims, {source.id: source for source, _ in sources}, texts, today)
    problems = [
        *dataset.problems,
        *source_problems,
        *claims_checked.problems,
        *check_references(
            claim_ids=[ref(claim.id, location, "id", claim.id) for claim, location in claims],
            claim_sources=[ref(claim.source, location, "source", claim.id) for claim, location in claims],
            source_ids=[ref(source.id, location, "id") for source, location in sources],
            cited=dataset.cited,
        ),
        *check_ignores(sources, texts, claims_checked.quoted),
    ]
    problems.sort(key=lambda problem: problem.sort_key)
    return CheckResult(problems, claims_checked.quoted, texts)


def check_sources(
    sources: Iterable[tuple[SourceRecord, Location]], archive: Archive, today: date
) -> tuple[list[Problem], dict[str, ArchivedText]]:
    """Each source's archived file, and its publication date. Returns the problems and the texts of
    the sources whose archive is intact, by source id."""
    problems: list[Problem] = []
    texts: dict[str, ArchivedText] = {}
    for source, location in sources:
        problems.extend(source_archive(source, location, archive, texts))
        problems.extend(dates_possible(source.published, None, location, today, "published"))
    return problems, texts


@dataclass(slots=True)
class ClaimsChecked:
    problems: list[Problem] = field(default_factory=list)
    quoted: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def check_claims(
    claims: Iterable[tuple[ClaimRecord, Location]],
    sources: dict[str, SourceRecord],
    texts: dict[str, ArchivedText],
    today: date,
) -> ClaimsChecked:
    """The rules of each claim on its own: its quote, its figure, its dates."""
    checked = ClaimsChecked()
    # Claims about several actors share one quote: read each quote once.
    normalised: dict[str, str] = {}
    figures_of: dict[str, list[Figure]] = {}
    for claim, location in claims:
        quote = normalised.get(claim.quote)
        if quote is None:
            quote = normalised[claim.quote] = normalise(claim.quote)
        text = texts.get(claim.source)
        if text is not None:
            checked.problems.extend(quote_verbatim(claim, quote, location, text, checked.quoted))
        if claim.value is not None:
            found = figures_of.get(quote)
            if found is None:
                found = figures_of[quote] = figures(quote)
            checked.problems.extend(figure_in_quote(claim, quote, found, location))
        checked.problems.extend(weekday_agrees(claim, location))
        checked.problems.extend(claim_dates(claim, location, sources.get(claim.source), today))
    return checked


def check_references(
    claim_ids: Iterable[Ref], claim_sources: Iterable[Ref], source_ids: Iterable[Ref], cited: set[str]
) -> list[Problem]:
    """What crosses records and files: every id unique, every cited source defined, every source
    cited (`cited` counts claims that failed validation too)."""
    source_refs = list(source_ids)
    problems = [*duplicate_ids(source_refs, "source"), *duplicate_ids(claim_ids, "claim")]
    known = [source.id for source in source_refs]
    known_set = set(known)
    for reference in claim_sources:
        if reference.id not in known_set:
            close = get_close_matches(reference.id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"source {reference.id!r} is not defined{hint}"
            problems.append(_problem_at(reference, "unknown-source", message))
    problems.extend(
        _problem_at(source, "unused-source", f"no claim cites source {source.id!r}")
        for source in source_refs
        if source.id not in cited
    )
    return problems


def _problem_at(reference: Ref, code: str, message: str) -> Problem:
    return Problem(reference.path, reference.line, reference.column, code, message, reference.claim_id)


def duplicate_ids(refs: Iterable[Ref], what: str) -> Iterator[Problem]:
    """Ids are unique: claims are cited by id, and an id is never reused."""
    first_seen: dict[str, Ref] = {}
    for reference in refs:
        first = first_seen.setdefault(reference.id, reference)
        if first is not reference:
            message = (
                f"{what} id {reference.id!r} is already used at {first.path}:{first.line}:{first.column}"
            )
            yield _problem_at(reference, "duplicate-id", message)


def check_ignores(
    sources: Iterable[tuple[SourceRecord, Location]],
    texts: dict[str, ArchivedText],
    quoted: dict[str, list[tuple[int, int]]],
) -> list[Problem]:
    """Every `ignore:` entry still names a figure of its source that no claim cites: an entry left
    over after a figure became a claim (or one with a typo) would hide nothing and mislead."""
    problems = []
    for source, location in sources:
        if not source.ignore or source.id not in texts:
            continue
        unused = unused_ignores(source, texts[source.id], quoted.get(source.id, []))
        problems.extend(
            location.problem(
                "unused-ignore",
                f"ignore entry {source.ignore[index].text!r} matches no uncited figure of the source",
                "ignore",
                index,
                "text",
            )
            for index in unused
        )
    return problems


def source_archive(
    source: SourceRecord, location: Location, archive: Archive, texts: dict[str, ArchivedText]
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
    texts[source.id] = text


def quote_verbatim(
    claim: ClaimRecord,
    quote: str,
    location: Location,
    text: ArchivedText,
    quoted: dict[str, list[tuple[int, int]]],
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
        quoted.setdefault(claim.source, []).append((start, start + len(quote)))
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


def figure_in_quote(
    claim: ClaimRecord, quote: str, found: list[Figure], location: Location
) -> Iterator[Problem]:
    """The claim's number is one its (normalised) quote states, in digits ("1,000" is 1000;
    "$300 million" is 300000000: the `found` figures) or in words ("a dozen"); and the quote's
    "over", "up to" or "approximately" is the claim's qualifier."""
    field_name = "amount" if claim.kind == "funding" else "personnel"
    stated = [figure for figure in found if figure.value == claim.value]
    if not stated and claim.value not in word_numbers(quote):
        yield location.problem(
            "figure-not-in-quote", f"{field_name} {claim.value:,} does not appear in the quote", field_name,
            claim_id=claim.id,
        )  # fmt: skip
        return
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


def dates_possible(
    when: PartialDate, claim_id: str | None, location: Location, today: date, field_name: str
) -> Iterator[Problem]:
    if when.first_day > today:
        yield location.problem(
            "date-in-future", f"{field_name} {when} is after today ({today.isoformat()})", field_name,
            claim_id=claim_id,
        )  # fmt: skip
