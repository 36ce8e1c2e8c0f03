"""The `mss` command line: options in, calls to the pipeline, an exit code out.

Exit status: 0 success; 1 the data has errors (or warnings, with --strict); 2 a usage error.
Results go to stdout and diagnostics to stderr, so `mss claims --format csv > out.csv` stays clean.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from haiti_mss import __version__

if TYPE_CHECKING:
    from haiti_mss.check import CheckResult
    from haiti_mss.load import Dataset

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


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="MSS_DATA",
        help="A data file, or a folder whose *.yaml files are merged. [default: data/claims.yaml]",
        show_default=False,
    ),
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


@app.command()
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


@app.command()
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
    from haiti_mss import render
    from haiti_mss.coverage import coverage as source_coverages
    from haiti_mss.coverage import share_accounted

    dataset, result = _valid_data(data)
    reports = source_coverages(dataset, result)
    share = share_accounted(reports)
    if output_format is ReportFormat.json:
        render.write_json(render.coverage_document(reports, share), sys.stdout)
    else:
        render.write_coverage(render.console_for(sys.stdout), reports, share)
    if fail_under is not None and share < fail_under:
        print(f"mss coverage: {share:.1f}% of figures accounted for, under {fail_under:g}%", file=sys.stderr)
        raise typer.Exit(1)


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
