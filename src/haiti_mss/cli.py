"""The `mss` command line: options in, calls to the pipeline, an exit code out.

Exit status: 0 success; 1 the data has errors (or warnings, with --strict); 2 a usage error.
Results go to stdout and diagnostics to stderr, so `mss claims --format csv > out.csv` stays clean.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable
from datetime import date
from difflib import get_close_matches
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from haiti_mss import __version__

if TYPE_CHECKING:
    from haiti_mss.check import CheckResult
    from haiti_mss.dates import PartialDate
    from haiti_mss.load import Dataset
    from haiti_mss.query import Filters
    from haiti_mss.records import Corpus
    from haiti_mss.render import View

DEFAULT_DATA = Path("data") / "claims.yaml"

app = typer.Typer(
    name="mss",
    help="Coverage tracker for the Kenya-led Multinational Security Support mission in Haiti: "
    "pledges, deployments, funding and Security Council action, each figure with a verified citation.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class Kind(StrEnum):
    deployment = "deployment"
    pledge = "pledge"
    funding = "funding"
    vote = "vote"
    event = "event"
    position = "position"


QUERY, CURATION = "Query", "Curation"

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="MSS_DATA",
        help="A data file, or a folder whose *.yaml files are merged. [default: data/claims.yaml]",
        show_default=False,
    ),
]
FormatOption = Annotated[
    QueryFormat,
    typer.Option("--format", help="table for people; csv, json or jsonl for scripts; markdown for reports."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout.", metavar="FILE"),
]
CountryOption = Annotated[
    str | None,
    typer.Option("--country", help='Alpha-3 or alpha-2 code or a name: KEN, ke, "The Bahamas".'),
]
SourceOption = Annotated[str | None, typer.Option("--source", help="Only claims of this source id.")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help='From this date on: 2024-09, "Sept 2024", "21 Feb 2024".')
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Up to this date, inclusive: --until 2024-06 includes June.")
]
KindOption = Annotated[
    list[Kind] | None, typer.Option("--kind", help="Only claims of this kind (repeatable).")
]
TextOption = Annotated[
    str | None, typer.Option("--text", help="Only claims whose quote or note contains TEXT.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Answer as of DATE: only sources published by then.", metavar="DATE"),
]


def _version(requested: bool) -> None:
    if requested:
        print(f"mss {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Coverage tracker for the Kenya-led MSS mission in Haiti."""


def usage_error(message: str) -> typer.Exit:
    print(f"mss: error: {message}", file=sys.stderr)
    return typer.Exit(2)


def today() -> date:
    """Today, or MSS_TODAY=YYYY-MM-DD so that a CI result is reproducible."""
    pinned = os.environ.get("MSS_TODAY")
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise usage_error(f"MSS_TODAY={pinned!r} is not a date in the form YYYY-MM-DD") from None


def data_path(data: Path | None) -> Path:
    if data is None:
        if not DEFAULT_DATA.exists():
            raise usage_error(
                f"no {DEFAULT_DATA} here: run mss in the project folder, or name the data with --data"
            )
        return DEFAULT_DATA
    if not data.exists():
        raise usage_error(f"--data {data}: no such file or folder")
    return data


@app.command(rich_help_panel=CURATION)
def check(
    data: DataOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output_format: Annotated[
        CheckFormat,
        typer.Option("--format", help="text for people and editors, json for scripts, github for Actions."),
    ] = CheckFormat.text,
) -> None:
    """Validate the data and verify every citation against the archived sources.

    Problems are printed as FILE:LINE:COLUMN: SEVERITY [CODE] MESSAGE; the exit status is 1 when
    there are errors (or warnings, with --strict).

    Example: mss check --strict
    """
    from haiti_mss import render

    dataset, result = _load_and_check(data)
    summary = _check_summary(dataset, result)
    if output_format is CheckFormat.json:
        render.write_problems_json(result.problems, summary, sys.stdout)
    elif output_format is CheckFormat.github:
        render.write_problems_github(result.problems, sys.stdout)
    else:
        render.write_problems_text(result.problems, sys.stderr)
    print(render.check_summary(summary), file=sys.stderr)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    raise typer.Exit(1 if failed else 0)


@app.command(rich_help_panel=CURATION)
def coverage(
    data: DataOption = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="table for people, json for scripts.")
    ] = ReportFormat.table,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="PCT",
            help="Exit 1 when fewer than PCT percent of the figures are cited or ignored with a reason.",
        ),
    ] = None,
) -> None:
    """Show how completely the claims capture each source: every figure in the text as cited,
    ignored (with the reason the data gives) or not cited; sentences quoted; claims by kind.

    Example: mss coverage --fail-under 100
    """
    from haiti_mss import render, views
    from haiti_mss.coverage import coverage as source_coverages
    from haiti_mss.coverage import share_accounted

    dataset, result = _valid_data(data)
    reports = source_coverages(dataset, result)
    share = share_accounted(reports)
    if output_format is ReportFormat.json:
        render.write_json(render.json_value(views.coverage_document(reports, share)), sys.stdout)
    else:
        console = render.console_for(sys.stdout)
        render.write_table(console, views.coverage_by_source(reports, share))
        console.print()
        render.write_table(console, views.coverage_figures(reports))
    if fail_under is not None and share < fail_under:
        print(f"mss coverage: {share:.1f}% of figures accounted for, under {fail_under:g}%", file=sys.stderr)
        raise typer.Exit(1)


@app.command(rich_help_panel=QUERY)
def troops(
    by_country: Annotated[bool, typer.Option("--by-country", help="One row per country.")] = False,
    every_value: Annotated[
        bool, typer.Option("--all", help="With --by-country: every reported value with its source.")
    ] = False,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Personnel: planned, pledged and on the ground. With --by-country, one row per country with
    the latest figure of each, its date and its sources; without it, the mission-wide figures over
    time.

    Example: mss troops --by-country
    """
    from haiti_mss import query, views

    corpus, filters = _question(data, country=country, source=source, since=since, until=until, as_of=as_of)
    if by_country and not every_value:
        view = views.troops(query.troops_by_country(corpus, filters), corpus)
    elif by_country:
        claims = [claim for row in query.troops_by_country(corpus, filters) for claim in row.claims]
        view = views.personnel_claims(claims, corpus, "Every personnel figure, by country")
    else:
        view = views.personnel_claims(
            query.mission_over_time(corpus, filters), corpus, "Mission-wide personnel over time"
        )
    _emit(view, output_format, output)


@app.command(rich_help_panel=QUERY)
def funding(
    country: Annotated[str | None, typer.Option("--country", help="Only this donor (code or name).")] = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Money by donor and flow (contribution, pledge, cost estimate, fund balance), with the gap
    between what the mission is said to cost and what was contributed.

    Example: mss funding --format csv
    """
    from haiti_mss import query, views

    corpus, filters = _question(data, country=country, source=source, since=since, until=until, as_of=as_of)
    _emit(views.funding(query.funding(corpus, filters), corpus), output_format, output)


@app.command(rich_help_panel=QUERY)
def votes(
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Security Council actions in date order: adopted, drafted, dropped, scheduled, debated.

    Example: mss votes --since 2024
    """
    from haiti_mss import query, views

    corpus, filters = _question(data, source=source, since=since, until=until, as_of=as_of)
    _emit(views.votes(query.votes(corpus, filters), corpus), output_format, output)


@app.command(rich_help_panel=QUERY)
def timeline(
    kind: KindOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    text: TextOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Every dated claim in order, one line each, with its kind, actor and source.

    Example: mss timeline --country KEN --since 2024
    """
    from haiti_mss import query, views

    corpus, filters = _question(
        data, kind=kind, country=country, source=source, since=since, until=until, text=text, as_of=as_of
    )
    _emit(views.timeline(query.timeline(corpus, filters), corpus), output_format, output)


@app.command(rich_help_panel=QUERY)
def claims(
    kind: KindOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    text: TextOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Every claim, filtered. CSV, JSON and JSON Lines follow the documented column contract.

    Example: mss claims --country KEN --format csv > kenya.csv
    """
    from haiti_mss import query, views

    corpus, filters = _question(
        data, kind=kind, country=country, source=source, since=since, until=until, text=text, as_of=as_of
    )
    _emit(views.claims(query.select(corpus, filters), corpus), output_format, output)


@app.command(rich_help_panel=QUERY)
def sources(
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Each source: publication date and how it was established, outlet, and claims by kind.

    Example: mss sources --format markdown
    """
    from haiti_mss import query, views

    corpus, filters = _question(data, as_of=as_of)
    _emit(views.sources(query.sources(corpus, filters)), output_format, output)


@app.command(rich_help_panel=QUERY)
def show(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="table for people, json for scripts.")
    ] = ReportFormat.table,
    data: DataOption = None,
) -> None:
    """One claim in full, with its quote highlighted inside the archived source text.

    Example: mss show ken-pledge-1000-2023-09
    """
    from haiti_mss import render, views
    from haiti_mss.archive import Archive, passage_around
    from haiti_mss.query import find_claim

    corpus = _corpus(data)
    claim = find_claim(corpus, claim_id)
    if claim is None:
        raise usage_error(
            f"no claim with id {claim_id!r}{_did_you_mean(claim_id, [c.id for c in corpus.claims])}"
        )
    source = corpus.sources[claim.source]
    passage = passage_around(Archive(corpus.root).get(source.file), claim.quote)
    if output_format is ReportFormat.json:
        render.write_json(render.json_value(views.claim_document(claim, corpus, passage)), sys.stdout)
    else:
        render.write_claim(render.console_for(sys.stdout), *views.claim_detail(claim, corpus), passage)


@app.command(rich_help_panel=QUERY)
def conflicts(
    kind: KindOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Figures about the same thing (kind, country, measure, overlapping period) on which sources
    disagree, side by side with their quotes.

    Example: mss conflicts --kind deployment
    """
    from haiti_mss import query, views

    corpus, filters = _question(data, kind=kind, country=country, source=source, since=since, until=until)
    _emit(views.conflicts(query.conflicts(corpus, filters), corpus), output_format, output)


def _question(data: Path | None, **options: Any) -> tuple[Corpus, Filters]:
    """The corpus to answer from, and the filters the options ask for; usage errors exit 2."""
    filters = _filters(**options)
    corpus = _corpus(data)
    if filters.source is not None and filters.source not in corpus.sources:
        raise usage_error(
            f"--source {filters.source!r} is not a source id{_did_you_mean(filters.source, corpus.sources)}"
        )
    return corpus, filters


def _did_you_mean(wanted: str, choices: Iterable[str]) -> str:
    """Ids that start like `wanted` (people type the start of a long slug), else close ones."""
    known = list(choices)
    close = [choice for choice in known if choice.startswith(wanted)] or get_close_matches(wanted, known, n=3)
    return f"; did you mean {', '.join(close[:3])}?" if close else ""


def _filters(
    kind: list[Kind] | None = None,
    country: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    as_of: str | None = None,
) -> Filters:
    from haiti_mss.query import Filters

    return Filters(
        kinds=frozenset(kind or ()),
        country=_country(country) if country else None,
        source=source,
        since=_date("--since", since),
        until=_date("--until", until),
        text=text,
        reported_by=_date("--as-of", as_of),
    )


def _country(text: str) -> str:
    from haiti_mss.countries import UnknownCountry, resolve_country

    try:
        return resolve_country(text)
    except UnknownCountry as error:
        raise usage_error(f"--country: {error}") from None


def _date(option: str, text: str | None) -> PartialDate | None:
    from haiti_mss.dates import InvalidDate, parse_user_date

    if text is None:
        return None
    try:
        return parse_user_date(text)
    except InvalidDate as error:
        raise usage_error(f"{option}: {error}") from None


def _corpus(data: Path | None) -> Corpus:
    dataset, _ = _valid_data(data)
    return dataset.corpus()


def _emit(view: View, output_format: QueryFormat, output: Path | None) -> None:
    from haiti_mss import render

    if output is not None and output.is_dir():
        raise usage_error(f"--output {output} is a folder; name a file")
    try:
        with render.output_stream(output) as stream:
            render.write_view(view, output_format.value, stream)
    except BrokenPipeError:
        raise _reader_gone() from None
    except OSError as error:
        raise usage_error(f"cannot write {output}: {error.strerror or error}") from None


def _reader_gone() -> typer.Exit:
    """The reader of stdout stopped early (mss claims | head): end quietly, with the status a
    command killed by SIGPIPE has, and keep Python from complaining when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return typer.Exit(128 + signal.SIGPIPE)


def _load_and_check(data: Path | None) -> tuple[Dataset, CheckResult]:
    from haiti_mss.check import check as run_checks
    from haiti_mss.load import load_dataset

    path = data_path(data)
    when = today()
    dataset = load_dataset(path, display=str(path))
    return dataset, run_checks(dataset, when)


def _check_summary(dataset: Dataset, result: CheckResult) -> dict[str, int]:
    return {
        "files": len(dataset.files),
        "sources": len(dataset.sources),
        "claims": len(dataset.claims),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
    }


def _valid_data(data: Path | None) -> tuple[Dataset, CheckResult]:
    """The checked data, or its errors on stderr and exit status 1: answers are never given from
    data with errors, where a record might be missing."""
    from haiti_mss import render

    dataset, result = _load_and_check(data)
    if result.errors:
        render.write_problems_text(result.errors, sys.stderr)
        print(render.check_summary(_check_summary(dataset, result)), file=sys.stderr)
        raise typer.Exit(1)
    return dataset, result


def main() -> None:
    app()
