"""The rules of each claim on its own: its quote, its figure, its weekday, its dates.

Each is a `Rule` of claim scope: it reads its claim, and through the context only what it declares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from haiti_mss.analysis.figures import qualifier_before
from haiti_mss.analysis.text import (
    MIN_QUOTE_WORDS,
    WEEKDAYS,
    closest_passage,
    describe_char,
    find_quote,
    splits_number,
    weekdays_in,
    word_count,
)
from haiti_mss.core.dates import Precision
from haiti_mss.core.positions import Finding
from haiti_mss.core.records import ClaimRecord
from haiti_mss.rules.registry import ClaimContext, Scope, rule


@rule(Scope.CLAIM, ("quote-too-short", "quote-cuts-word", "quote-not-found"), reads=("archive",))
def quote_verbatim(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """The quote is in the archived text, word for word (after normalisation), on word boundaries,
    and long enough to identify its passage."""
    text = context.text(claim.source)
    if text is None:  # no source, or its archive is not intact: reported where the source is
        return
    quote = context.normalised(claim.quote)
    words = word_count(quote)
    if words < MIN_QUOTE_WORDS:
        message = (
            f"a quote needs at least {MIN_QUOTE_WORDS} words to identify its passage; this one has {words}"
        )
        yield Finding("quote-too-short", message, ("quote",))
        return
    start = find_quote(quote, text.normalised)
    if start is not None:
        context.quote_found(claim.source, start, start + len(quote))
        return
    if (inside := text.normalised.find(quote)) != -1:
        if splits_number(text.normalised, inside, inside + len(quote)):
            message = "the quote is in the source but starts or ends inside a number; quote whole numbers"
        else:
            message = "the quote is in the source but starts or ends inside a word; quote whole words"
        yield Finding("quote-cuts-word", message, ("quote",))
        return
    near = closest_passage(quote, text.normalised)
    if near is None:
        message = "the quote is not in the source, and no passage resembles it"
    else:
        # Shown as the archive has it; the difference is named in the text as matched.
        passage = text.mapped.verbatim(near.start, near.start + len(near.passage))
        message = (
            f"the quote is not in the source; closest passage: {passage!r} — first difference at "
            f"character {near.offset + 1}: the quote has {describe_char(near.quote_char)}, "
            f"the source has {describe_char(near.source_char)}"
        )
    yield Finding("quote-not-found", message, ("quote",))


# The kind of figure that can state each kind of claim's number: a head count is a count (not a
# year, a percentage, a length of time or an amount of money); an amount is money.
_FIGURE_KINDS = {"funding": ("money",), "deployment": ("count",), "pledge": ("count",)}
_KIND_WORDS = {
    "money": "an amount of money", "count": "a head count", "year": "a year", "date": "a date",
    "percent": "a percentage", "duration": "a length of time", "token": "part of a name",
}  # fmt: skip


@rule(Scope.CLAIM, ("figure-not-in-quote", "qualifier-mismatch"))
def figure_in_quote(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """The claim's number is one its quote states as a figure of the claim's kind, in digits ("1,000"
    is 1000; "$300 million" is 300000000) or in words ("a dozen", "two hundred"): a head count is
    not a year, a percentage or a sum of money. And the quote's "over", "up to" or "approximately"
    is the claim's qualifier."""
    if claim.value is None:
        return
    field_name = "amount" if claim.kind == "funding" else "personnel"
    quote = context.normalised(claim.quote)
    same_value = [figure for figure in context.figures(quote) if figure.value == claim.value]
    wanted = _FIGURE_KINDS.get(claim.kind, ("count", "money"))
    stated = [figure for figure in same_value if figure.kind in wanted]
    if not stated:
        message = f"{field_name} {claim.value:,} does not appear in the quote"
        if same_value:
            figure = same_value[0]
            message += f" as {_KIND_WORDS[wanted[0]]}: {figure.text!r} is {_KIND_WORDS[figure.kind]}"
        yield Finding("figure-not-in-quote", message, (field_name,))
        return
    qualifiers = {qualifier_before(quote, figure) for figure in stated}
    if claim.qualifier not in qualifiers:
        message = (
            f"the quote reads as {' or '.join(sorted(qualifiers))} for {claim.value:,}, "
            f"the claim says {claim.qualifier}"
        )
        yield Finding(
            "qualifier-mismatch", message, ("qualifier" if claim.qualifier != "exact" else field_name,)
        )


_RESOLUTION_NUMBER = re.compile(r"\d+")


@rule(Scope.CLAIM, ("resolution-not-in-quote",))
def resolution_stated(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """A vote's resolution is one its quote names: a symbol known from elsewhere ("approved in
    October 2023" is resolution 2699) is not the source's, and belongs in the note."""
    if claim.resolution is None or (number := _RESOLUTION_NUMBER.search(claim.resolution)) is None:
        return
    quote = context.normalised(claim.quote)
    if not re.search(rf"(?<![\d,.]){number.group()}(?![\d]|[,.]\d)", quote):
        message = (
            f"resolution {claim.resolution!r}: the quote does not name resolution {number.group()}; "
            "a symbol known from elsewhere goes in the note, not in resolution"
        )
        yield Finding("resolution-not-in-quote", message, ("resolution",))


@rule(Scope.CLAIM, ("weekday-mismatch",))
def weekday_agrees(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """A date given to the day agrees with a weekday the quote names ("on Monday")."""
    if claim.as_of.precision is not Precision.DAY:
        return
    named = weekdays_in(claim.quote)
    if not named:
        return
    actual = WEEKDAYS[claim.as_of.first_day.weekday()]
    if actual not in named:
        message = f"as_of {claim.as_of} is a {actual}, but the quote says {', '.join(sorted(named))}"
        yield Finding("weekday-mismatch", message, ("as_of",))


@rule(Scope.CLAIM, ("date-after-published",), reads=("source",))
def dated_by_publication(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """A reported fact is not dated after its source was published (an announced future event is
    `status: scheduled`)."""
    source = context.source(claim.source)
    if source is not None and claim.status != "scheduled" and claim.as_of.is_after(source.published):
        message = (
            f"as_of {claim.as_of} is after the source's publication ({source.published}); "
            "an announced future event is status: scheduled"
        )
        yield Finding("date-after-published", message, ("as_of",))


@rule(Scope.CLAIM, ("date-in-future",), reads=("today",))
def not_in_future(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """No reported fact is dated after today."""
    if claim.status != "scheduled" and context.after_today(claim.as_of):
        yield Finding("date-in-future", f"as_of {claim.as_of} is after today", ("as_of",))


@rule(Scope.CLAIM, ("mandate-before-as-of",))
def mandate_after_action(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """A mandate ends after the action that set it."""
    if claim.mandate_until is not None and claim.mandate_until.last_day <= claim.as_of.first_day:
        message = f"mandate_until {claim.mandate_until} does not come after as_of {claim.as_of}"
        yield Finding("mandate-before-as-of", message, ("mandate_until",))


@rule(Scope.CLAIM, ("unreviewed-draft",))
def reviewed(claim: ClaimRecord, context: ClaimContext) -> Iterator[Finding]:
    """A claim proposed by `mss draft` has been reviewed: its `review: draft` line is gone. Until
    then it is left out of every answer, and `mss check --strict` fails."""
    if claim.review == "draft":
        message = "drafted by mss draft, not yet reviewed: check it against the source, then delete this line"
        yield Finding("unreviewed-draft", message, ("review",))
