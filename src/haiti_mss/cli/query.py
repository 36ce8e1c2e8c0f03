"""The questions: troops, funding, votes, timeline, claims, sources, show, conflicts.

Each command turns its options into filters and a question, and asks the Workspace; the answer is a
view that one writer writes.
"""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from haiti_mss.cli.common import (
    QUERY,
    AsOfOption,
    CountryOption,
    DataOption,
    FormatOption,
    IncludeDraftsOption,
    MissionOption,
    NoCacheOption,
    OutputOption,
    ReportFormat,
    SinceOption,
    SourceOption,
    UntilOption,
    VerboseOption,
    chosen_format,
    copied_out,
    country_code,
    date_range,
    did_you_mean,
    given,
    refuse_errors,
    today,
    usage_error,
    user_date,
    valid,
    workspace,
    write,
    write_kept,
)
from haiti_mss.cli.completion import complete_claim, complete_country
from haiti_mss.core.vocabulary import KINDS

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from haiti_mss.analysis.filters import Filters
    from haiti_mss.core.records import Corpus
    from haiti_mss.engine.workspace import Workspace
    from haiti_mss.present.view import View
    from haiti_mss.present.views import Shape

app = typer.Typer()

Kind = StrEnum("Kind", {kind: kind for kind in KINDS})
KindOption = Annotated[
    list[Kind] | None, typer.Option("--kind", help="Only claims of this kind (repeatable).")
]
TextOption = Annotated[
    str | None,
    typer.Option(
        "--text",
        help="Only claims whose quote or note contains TEXT, in any case; ’ and ', “ and \", — and - alike.",
    ),
]


@app.command(rich_help_panel=QUERY)
def troops(
    by_country: Annotated[bool, typer.Option("--by-country", help="One row per country.")] = False,
    every_value: Annotated[
        bool, typer.Option("--all", help="With --by-country: every reported value with its source.")
    ] = False,
    mission: MissionOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Personnel: planned, pledged and on the ground.

    With --by-country, one row per country with the latest figure of each, its date and its
    sources; without it, the mission-wide figures over time.

    Example: mss troops --by-country
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "troops", data, no_cache, verbose, {"pledge", "deployment"},
        by_country=by_country, every_value=every_value, include_drafts=include_drafts, mission=mission,
        country=country, source=source, since=since, until=until, as_of=as_of,
    )  # fmt: skip
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    def answer(corpus: "Corpus") -> "View":
        if by_country and not every_value:
            return views.troops(query.troops_by_country(corpus, asked.filters), corpus, asked.reference)
        if by_country:
            claims = [claim for row in query.troops_by_country(corpus, asked.filters) for claim in row.claims]
            return views.personnel_claims(claims, corpus, "Every personnel figure, by country")
        mission = query.mission_over_time(corpus, asked.filters)
        return views.personnel_claims(mission, corpus, "Mission-wide personnel over time")

    shape = views.TROOPS if by_country and not every_value else views.PERSONNEL_CLAIMS
    asked.emit(shape, answer, written, output)


@app.command(rich_help_panel=QUERY)
def funding(
    mission: MissionOption = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            help="Only this donor (code or name); repeat it for any of several.",
            autocompletion=complete_country,
        ),
    ] = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Money by donor and flow, and the funding gap.

    Flows are contributions, pledges, cost estimates and fund balances; the gap is between what the
    mission is said to cost and what was contributed.

    Example: mss funding --format csv
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "funding", data, no_cache, verbose, {"funding"}, include_drafts=include_drafts, mission=mission,
        country=country, source=source, since=since, until=until, as_of=as_of,
    )  # fmt: skip
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    asked.emit(
        views.FUNDING,
        lambda corpus: views.funding(query.funding(corpus, asked.filters), corpus, asked.reference),
        written,
        output,
    )


@app.command(rich_help_panel=QUERY)
def votes(
    mission: MissionOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Security Council actions in date order: adopted, drafted, dropped, scheduled, debated.

    Example: mss votes --since 2024
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "votes", data, no_cache, verbose, {"vote"}, include_drafts=include_drafts, mission=mission,
        source=source, since=since, until=until, as_of=as_of,
    )  # fmt: skip
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    asked.emit(
        views.VOTES, lambda corpus: views.votes(query.votes(corpus, asked.filters), corpus), written, output
    )


@app.command(rich_help_panel=QUERY)
def timeline(
    mission: MissionOption = None,
    kind: KindOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    text: TextOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Every dated claim in order, one line each, with its kind, actor and source.

    Example: mss timeline --country KEN --since 2024
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "timeline", data, no_cache, verbose, None, include_drafts=include_drafts, mission=mission,
        kind=kind, country=country, source=source, since=since, until=until, text=text, as_of=as_of,
    )  # fmt: skip
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    asked.emit(
        views.TIMELINE,
        lambda corpus: views.timeline(query.timeline(corpus, asked.filters), corpus),
        written,
        output,
    )


@app.command(rich_help_panel=QUERY)
def claims(
    mission: MissionOption = None,
    kind: KindOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    text: TextOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Every claim, filtered. CSV, JSON and JSON Lines follow the documented column contract.

    Example: mss claims --country KEN --format csv > kenya.csv
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "claims", data, no_cache, verbose, None, include_drafts=include_drafts, mission=mission,
        kind=kind, country=country, source=source, since=since, until=until, text=text, as_of=as_of,
    )  # fmt: skip
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    asked.emit(
        views.CLAIMS,
        lambda corpus: views.claims(query.select(corpus, asked.filters), corpus),
        written,
        output,
    )


@app.command(rich_help_panel=QUERY)
def sources(
    mission: MissionOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Each source: publication date and how it was established, outlet, and claims by kind.

    Example: mss sources --format markdown
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "sources", data, no_cache, verbose, None, as_of=as_of, include_drafts=include_drafts, mission=mission
    )
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    asked.emit(
        views.SOURCES, lambda corpus: views.sources(query.sources(corpus, asked.filters)), written, output
    )


@app.command(rich_help_panel=QUERY)
def show(
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The claim's id.", show_default=False, autocompletion=complete_claim
        ),
    ],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="table for people, json for scripts.")
    ] = ReportFormat.table,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """One claim in full, with its quote highlighted inside the archived source text.

    Example: mss show ken-pledge-1000-2023-09
    """
    from haiti_mss.analysis.archive import Archive, passage_around
    from haiti_mss.analysis.query import find_claim
    from haiti_mss.present import views, writers

    opened = valid(data, no_cache, verbose)
    # A draft, a superseded or a withdrawn claim is shown, marked as one.
    corpus = opened.corpus(claim_id=claim_id, include_drafts=True, include_retired=True)
    claim = find_claim(corpus, claim_id)
    if claim is None:
        suggested = opened.suggested_claim_ids(claim_id)
        hint = f"; did you mean {', '.join(suggested)}?" if suggested else ""
        raise usage_error(f"no claim with id {claim_id!r}{hint}")
    source = corpus.sources[claim.source]
    passage = passage_around(Archive(corpus.root).get(source.file), claim.quote)
    if output_format is ReportFormat.json:
        document = writers.json_value(views.claim_document(claim, corpus, passage))
        write(None, lambda stream: writers.write_json(document, stream))
    else:
        write(None, lambda stream: writers.write_claim(*views.claim_detail(claim, corpus), passage, stream))


@app.command(rich_help_panel=QUERY)
def conflicts(
    mission: MissionOption = None,
    kind: KindOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    include_drafts: IncludeDraftsOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Figures on which sources disagree, side by side with their quotes.

    Two figures are about the same thing when they share kind, country and measure and their
    periods overlap.

    Example: mss conflicts --kind deployment
    """
    written = chosen_format(output_format, output, data)
    asked = ask(
        "conflicts", data, no_cache, verbose, None, include_drafts=include_drafts, mission=mission,
        kind=kind, country=country, source=source, since=since, until=until, as_of=as_of,
    )  # fmt: skip
    if asked.copied_out(written, output):
        return
    from haiti_mss.analysis import query
    from haiti_mss.present import views

    asked.emit(
        views.CONFLICTS,
        lambda corpus: views.conflicts(query.conflicts(corpus, asked.filters), corpus),
        written,
        output,
    )


class Asked:
    """A question about the checked data: its filters, the day it is asked about (today, or the end
    of --as-of: what the age of a figure is counted to), and how to answer it."""

    def __init__(
        self,
        opened: "Workspace",
        filters: "Filters",
        kinds: set[str] | None,
        question: str,
        reference: "date",
        drafts: bool,
    ) -> None:
        self.opened, self.filters, self.kinds = opened, filters, kinds
        self.question, self.reference, self.drafts = question, reference, drafts

    def answer(self, shape: "Shape", work: "Callable[[Corpus], View]") -> "View":
        """The answer kept in the index for this question about this data, or `work` on the
        claims the question can use."""
        from haiti_mss.present import views
        from haiti_mss.present.wording import scope_text

        countries = sorted(self.filters.countries) or None

        def worked_out() -> dict[str, Any]:
            corpus = self.opened.corpus(kinds=self.kinds, countries=countries, include_drafts=self.drafts)
            return views.kept(work(corpus))

        view = shape.view(**self.opened.answer(self.question, worked_out))
        scope = scope_text(self.filters)
        return view._replace(title=f"{view.title} — {scope}") if scope and view.title else view

    def copied_out(self, output_format: str, output: Path | None) -> bool:
        """Whether this question was asked before in `output_format`, off a terminal, and what was
        written then has been copied out (`copied_out`): then nothing else need be loaded."""
        return copied_out(self.opened, self._in_format(output_format), output)

    def _in_format(self, output_format: str) -> str:
        return f"{self.question}\x1fformat={output_format}"

    def emit(
        self, shape: "Shape", work: "Callable[[Corpus], View]", output_format: str, output: Path | None
    ) -> None:
        """Write the answer in `output_format` (kept as written, off a terminal: `write_kept`)."""
        from haiti_mss.present.writers import write_view

        write_kept(
            self.opened,
            self._in_format(output_format),
            output,
            lambda stream: write_view(self.answer(shape, work), output_format, stream),
        )


def ask(
    command: str, data: Path | None, no_cache: bool, verbose: bool, kinds: set[str] | None, **options: Any
) -> Asked:
    """The checked data and the question the options ask; usage errors exit 2. `kinds` are those
    the command can use, so that the index reads only those claims."""
    opened = workspace(data, no_cache, verbose)
    # Usage errors first, then the data's: a country the data names is read from it, not looked up.
    filters = _filters(opened, **{name: value for name, value in options.items() if name in _FILTERS})
    if filters.kinds:
        kinds = set(filters.kinds) & kinds if kinds is not None else set(filters.kinds)
    refuse_errors(opened)
    if filters.source is not None:
        known = opened.corpus(kinds=()).sources
        if filters.source not in known:
            raise usage_error(
                f"--source {filters.source!r} is not a source id{did_you_mean(filters.source, known)}"
            )
    if filters.missions:
        filters = filters._replace(missions=mission_ids(filters.missions, opened))
    reference = filters.reported_by.last_day if filters.reported_by else today()
    asked = [
        command,
        *(f"{name}={_option_text(value)}" for name, value in sorted(options.items()) if value),
        f"at={reference}",
    ]
    return Asked(opened, filters, kinds, "\x1f".join(asked), reference, bool(options.get("include_drafts")))


_FILTERS = ("kind", "country", "source", "since", "until", "text", "as_of", "mission")


def mission_ids(typed: "frozenset[str]", opened: "Workspace") -> frozenset[str]:
    """The ids of the missions typed, in any case; one the data does not declare is a usage error
    that names those it does."""
    declared = list(opened.missions())
    if not declared:
        raise usage_error("--mission: the data declares no missions (a top-level missions: list)")
    by_case = {mission.casefold(): mission for mission in declared}
    found = set()
    for mission in sorted(typed):
        if mission.casefold() not in by_case:
            raise usage_error(
                f"--mission {mission!r} is not a mission of the data, which declares {', '.join(declared)}"
            )
        found.add(by_case[mission.casefold()])
    return frozenset(found)


def _option_text(value: object) -> str:
    return ",".join(sorted(map(str, value))) if isinstance(value, list) else str(value)


def _filters(
    opened: "Workspace",
    kind: "list[Kind] | None" = None,
    country: list[str] | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    as_of: str | None = None,
    mission: list[str] | None = None,
) -> "Filters":
    from haiti_mss.analysis.filters import Filters

    first, last = date_range(since, until)
    return Filters(
        kinds=frozenset(item.value for item in kind or ()),
        countries=frozenset(country_code(name, opened) for name in country or ()),
        source=given("--source", source),
        since=first,
        until=last,
        text=given("--text", text),
        reported_by=user_date("--as-of", as_of),
        missions=frozenset(given("--mission", name) or "" for name in mission or ()),
    )
