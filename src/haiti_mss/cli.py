"""The `mss` command line: options in, calls to the pipeline, an exit code out.

Exit status: 0 success; 1 the data has errors (or warnings, with --strict); 2 a usage error.
Results go to stdout and diagnostics to stderr, so `mss claims --format csv > out.csv` stays clean.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations on each run,
# and string annotations would each be eval()-ed. Names imported only for type checking are quoted.
import os
import signal
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date
from difflib import get_close_matches
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from haiti_mss import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import TextIO

    from haiti_mss.dates import PartialDate
    from haiti_mss.export import Export
    from haiti_mss.index import Snapshot
    from haiti_mss.problems import Problem
    from haiti_mss.query import Filters
    from haiti_mss.records import Corpus
    from haiti_mss.render import View
    from haiti_mss.views import Shape

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


QUERY, CURATION, EXPORT = "Query", "Curation", "Export"


def _completion_corpus(ctx: typer.Context) -> "Corpus | None":
    """The valid records of the data named so far on the command line (or the default data), for
    completion; None when there is none to read. Completion runs inside the user's shell, so it
    stays silent: no notes, and no usage errors."""
    from haiti_mss.index import snapshot

    path = Path(ctx.params.get("data") or os.environ.get("MSS_DATA") or DEFAULT_DATA)
    if not path.exists():
        return None
    return snapshot(path, str(path), date.today()).corpus()


def _complete_country(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The codes of the countries the data mentions, in the case being typed (`--country ke` is
    as good as KEN, and the shell only offers what starts with the letters typed)."""
    corpus = _completion_corpus(ctx)
    codes = sorted(corpus.country_names.items() if corpus else ())
    as_typed = str.lower if incomplete.islower() else str.upper
    return [(as_typed(code), name) for code, name in codes if as_typed(code).startswith(incomplete)]


def _complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    corpus = _completion_corpus(ctx)
    sources = corpus.sources.values() if corpus else ()
    return [(source.id, source.title) for source in sources if source.id.startswith(incomplete)]


def _complete_claim(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    corpus = _completion_corpus(ctx)
    claims = corpus.claims if corpus else ()
    return [(claim.id, f"{claim.kind}, {claim.as_of}") for claim in claims if claim.id.startswith(incomplete)]


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
    typer.Option(
        "--country",
        help='Alpha-3 or alpha-2 code or a name: KEN, ke, "The Bahamas".',
        autocompletion=_complete_country,
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="Only claims of this source id.", autocompletion=_complete_source),
]
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
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Read and check the data afresh; do not use or update the index.")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", help="Say how the answer was reached (the index).")]
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
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            help="text for people and editors, json for scripts, github for Actions. "
            "[default: github under GitHub Actions, else text]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate the data and verify every citation against the archived sources.

    Problems are printed as FILE:LINE:COLUMN: SEVERITY [CODE] MESSAGE; the exit status is 1 when
    there are errors (or warnings, with --strict). Under GitHub Actions each problem is also an
    annotation on its line, and the findings are added to the step summary.

    Example: mss check --strict
    """
    from haiti_mss import render

    checked = _snapshot(data, no_cache, verbose)
    summary = _check_summary(checked.problems, len(checked.files), **checked.counts)
    if output_format is None:
        output_format = CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.text
    if output_format is CheckFormat.json:
        render.write_problems_json(checked.problems, summary, sys.stdout)
    else:
        if output_format is CheckFormat.github:
            render.write_problems_github(checked.problems, sys.stdout)
        # With annotations too: GitHub shows only ten of each severity per step, the log has them all.
        render.write_problems_text(checked.problems, sys.stderr)
    print(render.check_summary(summary), file=sys.stderr)
    if step_summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        _add_to_step_summary(Path(step_summary), checked.problems, summary)
    failed = summary["errors"] > 0 or (strict and summary["warnings"] > 0)
    raise typer.Exit(1 if failed else 0)


def _add_to_step_summary(path: Path, problems: "list[Problem]", summary: dict[str, int]) -> None:
    """Append, not replace: the runner gives each step one summary file, other tools write to it
    too, and it only reads it once the step is over (so an atomic rename buys nothing)."""
    from haiti_mss import render

    try:
        with path.open("a", encoding="utf-8") as stream:
            render.write_problems_markdown(problems, summary, stream)
    except OSError as error:
        raise usage_error(f"cannot write the step summary {path}: {error.strerror or error}") from None


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
    """Show how completely the claims capture each source.

    Every figure in each source's text is cited, ignored (with the reason the data gives) or not
    cited; the report also gives the sentences quoted and the claims by kind.

    Example: mss coverage --fail-under 100
    """
    from haiti_mss import render, views
    from haiti_mss.check import check as run_checks
    from haiti_mss.coverage import coverage as source_coverages
    from haiti_mss.coverage import share_accounted
    from haiti_mss.load import load_dataset

    path = data_path(data)
    dataset = load_dataset(path, display=str(path))
    result = run_checks(dataset, today())
    counts = {"sources": len(dataset.sources), "claims": len(dataset.claims)}
    _refuse_errors(result.problems, _check_summary(result.problems, len(dataset.files), **counts))
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


@app.command(rich_help_panel=CURATION)
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the data file, for editors.

    The schema (draft-07, what the YAML language server reads) is generated from the data model;
    editors use it to complete and explain keys as you type. The project keeps it in
    schema/claims.schema.json, and a test fails when that file is stale.

    Example: mss schema --output schema/claims.schema.json
    """
    from haiti_mss import render
    from haiti_mss.model import json_schema

    _write(output, lambda stream: render.write_json(json_schema(), stream))


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
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Personnel: planned, pledged and on the ground.

    With --by-country, one row per country with the latest figure of each, its date and its
    sources; without it, the mission-wide figures over time.

    Example: mss troops --by-country
    """
    from haiti_mss import query, views

    asked = _ask(
        "troops", data, no_cache, verbose, {"pledge", "deployment"},
        by_country=by_country, every_value=every_value,
        country=country, source=source, since=since, until=until, as_of=as_of,
    )  # fmt: skip

    def answer(corpus: "Corpus") -> "View":
        if by_country and not every_value:
            return views.troops(query.troops_by_country(corpus, asked.filters), corpus)
        if by_country:
            claims = [claim for row in query.troops_by_country(corpus, asked.filters) for claim in row.claims]
            return views.personnel_claims(claims, corpus, "Every personnel figure, by country")
        mission = query.mission_over_time(corpus, asked.filters)
        return views.personnel_claims(mission, corpus, "Mission-wide personnel over time")

    shape = views.TROOPS if by_country and not every_value else views.PERSONNEL_CLAIMS
    _emit(asked.answer(shape, answer), output_format, output)


@app.command(rich_help_panel=QUERY)
def funding(
    country: Annotated[
        str | None,
        typer.Option("--country", help="Only this donor (code or name).", autocompletion=_complete_country),
    ] = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
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
    from haiti_mss import query, views

    asked = _ask(
        "funding", data, no_cache, verbose, {"funding"},
        country=country, source=source, since=since, until=until, as_of=as_of,
    )  # fmt: skip
    view = asked.answer(
        views.FUNDING, lambda corpus: views.funding(query.funding(corpus, asked.filters), corpus)
    )
    _emit(view, output_format, output)


@app.command(rich_help_panel=QUERY)
def votes(
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Security Council actions in date order: adopted, drafted, dropped, scheduled, debated.

    Example: mss votes --since 2024
    """
    from haiti_mss import query, views

    asked = _ask(
        "votes", data, no_cache, verbose, {"vote"}, source=source, since=since, until=until, as_of=as_of
    )
    view = asked.answer(views.VOTES, lambda corpus: views.votes(query.votes(corpus, asked.filters), corpus))
    _emit(view, output_format, output)


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
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Every dated claim in order, one line each, with its kind, actor and source.

    Example: mss timeline --country KEN --since 2024
    """
    from haiti_mss import query, views

    asked = _ask(
        "timeline", data, no_cache, verbose, None,
        kind=kind, country=country, source=source, since=since, until=until, text=text, as_of=as_of,
    )  # fmt: skip
    view = asked.answer(
        views.TIMELINE, lambda corpus: views.timeline(query.timeline(corpus, asked.filters), corpus)
    )
    _emit(view, output_format, output)


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
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Every claim, filtered. CSV, JSON and JSON Lines follow the documented column contract.

    Example: mss claims --country KEN --format csv > kenya.csv
    """
    from haiti_mss import query, views

    asked = _ask(
        "claims", data, no_cache, verbose, None,
        kind=kind, country=country, source=source, since=since, until=until, text=text, as_of=as_of,
    )  # fmt: skip
    view = asked.answer(
        views.CLAIMS, lambda corpus: views.claims(query.select(corpus, asked.filters), corpus)
    )
    _emit(view, output_format, output)


@app.command(rich_help_panel=QUERY)
def sources(
    as_of: AsOfOption = None,
    output_format: FormatOption = QueryFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Each source: publication date and how it was established, outlet, and claims by kind.

    Example: mss sources --format markdown
    """
    from haiti_mss import query, views

    asked = _ask("sources", data, no_cache, verbose, None, as_of=as_of)
    view = asked.answer(views.SOURCES, lambda corpus: views.sources(query.sources(corpus, asked.filters)))
    _emit(view, output_format, output)


@app.command(rich_help_panel=QUERY)
def show(
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The claim's id.", show_default=False, autocompletion=_complete_claim
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
    from haiti_mss import render, views
    from haiti_mss.archive import Archive, passage_around
    from haiti_mss.query import find_claim

    checked = _valid(data, no_cache, verbose)
    corpus = checked.corpus(claim_id=claim_id)
    claim = find_claim(corpus, claim_id)
    if claim is None:
        known = [other.id for other in checked.corpus().claims]
        raise usage_error(f"no claim with id {claim_id!r}{_did_you_mean(claim_id, known)}")
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
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Figures on which sources disagree, side by side with their quotes.

    Two figures are about the same thing when they share kind, country and measure and their
    periods overlap.

    Example: mss conflicts --kind deployment
    """
    from haiti_mss import query, views

    asked = _ask(
        "conflicts", data, no_cache, verbose, None, kind=kind, country=country, source=source, since=since,
        until=until,
    )  # fmt: skip
    view = asked.answer(
        views.CONFLICTS, lambda corpus: views.conflicts(query.conflicts(corpus, asked.filters), corpus)
    )
    _emit(view, output_format, output)


# Help lists the panels in the order of their first commands: the questions, then curation.
app.registered_commands.sort(key=lambda info: [QUERY, CURATION].index(info.rich_help_panel))

export_app = typer.Typer(
    name="export",
    help="Write the checked data for other tools: a Frictionless data package, or SQLite for Datasette."
    "\n\nExample: mss export datapackage build/mss",
    no_args_is_help=True,
)
app.add_typer(export_app, rich_help_panel=EXPORT)


@export_app.command("datapackage")
def export_datapackage(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="The folder to write into; made when missing.", show_default=False
        ),
    ],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write a Frictionless data package: sources.csv, claims.csv and datapackage.json.

    The descriptor gives typed columns, keys, licence, provenance, each file's size and hash, and
    the data's content hash. Each file is written atomically.

    Example: mss export datapackage build/mss && frictionless validate build/mss/datapackage.json
    """
    from haiti_mss import export

    if folder.exists() and not folder.is_dir():
        raise usage_error(f"{folder} is a file; name a folder")
    checked = _valid(data, no_cache, verbose)
    corpus = checked.corpus()
    exported = export.records(corpus)
    with _writing(folder):
        written = export.write_datapackage(exported, corpus, folder)
    _exported(exported, written)


@export_app.command("sqlite")
def export_sqlite(
    database: Annotated[
        Path, typer.Argument(metavar="FILE", help="The database to write, e.g. mss.db.", show_default=False)
    ],
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="Where to write Datasette's metadata. [default: metadata.json beside the database]",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write a SQLite database, and a metadata.json for Datasette.

    The claims and sources tables have keys and allowed values, claims_fts searches quotes, speakers
    and notes, and meta holds the content hash. The metadata gives title, source, licence and a
    description of every column. The database replaces FILE only once complete.

    Example: mss export sqlite mss.db && datasette mss.db --metadata metadata.json
    """
    import sqlite3

    from haiti_mss import export

    metadata = metadata or database.parent / "metadata.json"
    for path in (database, metadata):
        if path.is_dir():
            raise usage_error(f"{path} is a folder; name a file")
        if not path.parent.is_dir():  # found before anything is written: no half of an export
            raise usage_error(f"cannot write {path}: no folder {path.parent}")
    checked = _valid(data, no_cache, verbose)
    exported = export.records(checked.corpus())
    try:
        with _writing(database):
            export.write_sqlite(exported, database)
    except sqlite3.Error as error:
        raise usage_error(f"cannot write {database}: {error}") from None
    with _writing(metadata):
        export.write_datasette_metadata(exported, database, metadata)
    _exported(exported, [database, metadata])


def _exported(exported: "Export", written: list[Path]) -> None:
    from haiti_mss.render import export_summary

    print(
        export_summary(len(exported.claims), len(exported.sources), exported.content_hash, written),
        file=sys.stderr,
    )


class _Asked:
    """A question about the checked data: its filters, and how to answer it."""

    def __init__(
        self, checked: "Snapshot", filters: "Filters", kinds: set[str] | None, question: str
    ) -> None:
        self.checked, self.filters, self.kinds, self.question = checked, filters, kinds, question

    def answer(self, shape: "Shape", work: "Callable[[Corpus], View]") -> "View":
        """The answer kept in the index for this question about this data, or `work` on the
        claims the question can use."""
        from haiti_mss import views

        def worked_out() -> dict[str, Any]:
            return views.kept(work(self.checked.corpus(kinds=self.kinds, country=self.filters.country)))

        return self.checked.answer(self.question, worked_out, lambda kept: shape.view(**kept))


def _ask(
    command: str, data: Path | None, no_cache: bool, verbose: bool, kinds: set[str] | None, **options: Any
) -> _Asked:
    """The checked data and the question the options ask; usage errors exit 2. `kinds` are those
    the command can use, so that the index reads only those claims."""
    filters = _filters(**{name: value for name, value in options.items() if name in _FILTERS})
    if filters.kinds:
        kinds = set(filters.kinds) & kinds if kinds is not None else set(filters.kinds)
    checked = _valid(data, no_cache, verbose)
    if filters.source is not None:
        known = checked.corpus(kinds=()).sources
        if filters.source not in known:
            hint = _did_you_mean(filters.source, known)
            raise usage_error(f"--source {filters.source!r} is not a source id{hint}")
    asked = [command, *(f"{name}={_option_text(value)}" for name, value in sorted(options.items()) if value)]
    return _Asked(checked, filters, kinds, "\x1f".join(asked))


_FILTERS = ("kind", "country", "source", "since", "until", "text", "as_of")


def _option_text(value: object) -> str:
    return ",".join(sorted(map(str, value))) if isinstance(value, list) else str(value)


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
) -> "Filters":
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


def _date(option: str, text: str | None) -> "PartialDate | None":
    from haiti_mss.dates import InvalidDate, parse_user_date

    if text is None:
        return None
    try:
        return parse_user_date(text)
    except InvalidDate as error:
        raise usage_error(f"{option}: {error}") from None


def _emit(view: "View", output_format: QueryFormat, output: Path | None) -> None:
    from haiti_mss import render

    _write(output, lambda stream: render.write_view(view, output_format.value, stream))


def _write(output: Path | None, write: "Callable[[TextIO], None]") -> None:
    """`write` to stdout, or to the file `output` atomically; a failed write is a usage error."""
    from haiti_mss import render

    if output is not None and output.is_dir():
        raise usage_error(f"--output {output} is a folder; name a file")
    try:
        with _writing(output or "stdout"), render.output_stream(output) as stream:
            write(stream)
    except BrokenPipeError:
        raise _reader_gone() from None


@contextmanager
def _writing(path: Path | str) -> "Iterator[None]":
    """A file that cannot be written is a usage error that names it (not the temporary file the
    error may be about). Writing to stdout, only a closed pipe can fail, and that is no error."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise usage_error(f"cannot write {path}: {error.strerror or error}") from None


def _reader_gone() -> typer.Exit:
    """The reader of stdout stopped early (mss claims | head): end quietly, with the status a
    command killed by SIGPIPE has, and keep Python from complaining when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return typer.Exit(128 + signal.SIGPIPE)


def _snapshot(data: Path | None, no_cache: bool, verbose: bool) -> "Snapshot":
    """The data checked, from the validated index where it is still valid."""
    from haiti_mss.index import snapshot

    path = data_path(data)
    return snapshot(path, str(path), today(), use_index=not no_cache, note=_note if verbose else _quiet)


def _note(message: str) -> None:
    from haiti_mss.render import visible

    print(visible(f"mss: {message}"), file=sys.stderr)


def _quiet(message: str) -> None:
    """Notes are shown only under --verbose."""


def _check_summary(problems: "list[Problem]", files: int, sources: int, claims: int) -> dict[str, int]:
    from haiti_mss.problems import Severity, of_severity

    counts = {"files": files, "sources": sources, "claims": claims}
    return counts | {
        "errors": len(of_severity(problems, Severity.ERROR)),
        "warnings": len(of_severity(problems, Severity.WARNING)),
    }


def _valid(data: Path | None, no_cache: bool, verbose: bool) -> "Snapshot":
    """The checked data, or its errors on stderr and exit status 1: answers are never given from
    data with errors, where a record might be missing."""
    checked = _snapshot(data, no_cache, verbose)
    _refuse_errors(checked.problems, _check_summary(checked.problems, len(checked.files), **checked.counts))
    return checked


def _refuse_errors(problems: "list[Problem]", summary: dict[str, int]) -> None:
    """When the data has errors: print them and the summary, and exit 1."""
    from haiti_mss import render
    from haiti_mss.problems import Severity, of_severity

    if summary["errors"]:
        render.write_problems_text(of_severity(problems, Severity.ERROR), sys.stderr)
        print(render.check_summary(summary), file=sys.stderr)
        raise typer.Exit(1)


def main() -> None:
    """Run mss. Typer inspects the signature of every registered command on each run, which costs
    more than answering a question from the index; so when the command line names a command, only
    that one is registered. `mss --help` and a mistyped command still see them all."""
    asked = next((argument for argument in sys.argv[1:] if not argument.startswith("-")), None)
    chosen = [info for info in app.registered_commands if _command_name(info) == asked]
    if chosen:
        app.registered_commands, app.registered_groups = chosen, []
    app()


def _command_name(info: "typer.models.CommandInfo") -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)
