"""`mss report`: the checked data as one HTML page that works offline, for readers without a terminal."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from haiti_mss.cli.common import (
    EXPORT,
    AsOfOption,
    CountryOption,
    DataOption,
    MissionOption,
    NoCacheOption,
    SinceOption,
    UntilOption,
    VerboseOption,
    refuse_unsafe,
    require_extra,
    today,
    usage_error,
    write,
)
from haiti_mss.cli.query import ask

app = typer.Typer()

# What the `report` extra installs, and how to get it.


@app.command(rich_help_panel=EXPORT)
def report(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The HTML file to write: report.html.", show_default=False)
    ],
    mission: MissionOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write one HTML page of the data that works offline: figures, charts, and the claim behind each.

    Personnel pledged and on the ground by country, funding, Security Council actions, the timeline,
    disagreements and coverage per source, each as the matching command answers it, with charts
    over time. Every figure links to its claim: its fields and its quote highlighted in the archived
    passage. The page runs no script and loads nothing. Needs the report extra:
    pip install ".[report]".

    Example: mss report report.html --country KEN --since 2024
    """
    require_extra("mss report", "report", ("jinja2", "matplotlib"))
    refuse_unsafe(str(file), file, data)
    if not file.parent.is_dir():  # found before the page is built, which can take minutes
        raise usage_error(f"cannot write {file}: no folder {file.parent}")
    from haiti_mss.present.wording import report_summary
    from haiti_mss.report.build import page

    # Every filter is passed on as the queries pass theirs: `ask` turns them all into Filters.
    asked = ask(
        "report", data, no_cache, verbose, None,
        mission=mission, country=country, since=since, until=until, as_of=as_of,
    )  # fmt: skip
    built = page(asked.opened, asked.filters, asked.reference, today())
    write(file, lambda stream: stream.writelines(built.html))
    print(report_summary(built.claims, built.total_claims, built.content_hash, file), file=sys.stderr)
