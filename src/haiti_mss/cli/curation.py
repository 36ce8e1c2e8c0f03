"""Curation: check the data, measure how completely it captures its sources, and the schema that
editors read."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from haiti_mss.cli.common import (
    CURATION,
    CheckFormat,
    DataOption,
    NoCacheOption,
    OutputOption,
    ReportFormat,
    VerboseOption,
    checked_summary,
    refuse_errors,
    refuse_unsafe,
    usage_error,
    workspace,
    write,
    write_kept,
)

if TYPE_CHECKING:
    from typing import TextIO

    from haiti_mss.core.problems import Problem

app = typer.Typer()


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
            help="text for people and editors, json for scripts, github for Actions, markdown for reports. "
            "\\[default: github under GitHub Actions, else text]",
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
    from haiti_mss.present.wording import check_summary
    from haiti_mss.present.writers import write_problems

    opened = workspace(data, no_cache, verbose)
    summary = checked_summary(opened)
    problems = opened.problems
    chosen = output_format.value if output_format is not None else None
    if chosen is None:
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if chosen == "text":
        write_problems(problems, summary, "text", sys.stderr)
    else:
        write(None, lambda stream: write_problems(problems, summary, chosen, stream))
        if chosen == "github":
            # With annotations too: GitHub shows only ten of each severity per step, the log has them all.
            write_problems(problems, summary, "text", sys.stderr)
    print(check_summary(summary), file=sys.stderr)
    if step_summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        _add_to_step_summary(Path(step_summary), problems, summary)
    failed = summary["errors"] > 0 or (strict and summary["warnings"] > 0)
    raise typer.Exit(1 if failed else 0)


def _add_to_step_summary(path: Path, problems: "list[Problem]", summary: dict[str, int]) -> None:
    """Append, not replace: the runner gives each step one summary file, other tools write to it
    too, and it only reads it once the step is over (so an atomic rename buys nothing)."""
    from haiti_mss.present.writers import write_problems

    try:
        with path.open("a", encoding="utf-8") as stream:
            write_problems(problems, summary, "markdown", stream)
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
    every_figure: Annotated[
        bool, typer.Option("--all", help="List every figure, cited ones too (json always does).")
    ] = False,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Show how completely the claims capture each source.

    Every figure in each source's text is cited, ignored (with the reason the data gives) or not
    cited; the report gives each source's counts, the sentences quoted and the claims by kind, then
    the figures a curator has to act on: those not cited, and those ignored with their reasons.

    Example: mss coverage --fail-under 100
    """
    from haiti_mss.present import views, writers

    opened = workspace(data, no_cache, verbose)
    refuse_errors(opened)
    cited = every_figure or output_format is ReportFormat.json

    def written(stream: "TextIO") -> None:
        document = opened.coverage(cited=cited)
        if output_format is ReportFormat.json:
            writers.write_json(document, stream)
            return
        writers.write_table(views.coverage_by_source(document), stream)
        stream.write("\n")
        writers.write_table(views.coverage_figures(document, cited=every_figure), stream)

    write_kept(opened, f"coverage\x1fformat={output_format.value}\x1fcited={cited}", None, written)
    figures = opened.coverage_totals()
    accounted = figures["cited"] + figures["ignored"]
    if fail_under is not None and accounted * 100 < fail_under * figures["total"]:
        share = 100 * accounted / figures["total"]
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
    from haiti_mss.present.writers import format_of_file, write_json
    from haiti_mss.read.model import json_schema

    if output is not None:
        refuse_unsafe(f"--output {output}", output, None)
        if format_of_file(output) not in (None, "json"):
            raise usage_error(f"--output {output}: the schema is JSON; name the file .json")
    write(output, lambda stream: write_json(json_schema(), stream))
