"""Exports: the checked data for other tools, a Frictionless data package or SQLite for Datasette."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from haiti_mss.cli.common import (
    DataOption,
    NoCacheOption,
    VerboseOption,
    refuse_unsafe,
    usage_error,
    valid,
    writing,
)

if TYPE_CHECKING:
    from haiti_mss.export import Export

app = typer.Typer(
    name="export",
    help="Write the checked data for other tools: a Frictionless data package, or SQLite for Datasette."
    "\n\nExample: mss export datapackage build/mss",
    no_args_is_help=True,
)


@app.command("datapackage")
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
    """Write a Frictionless data package: sources.csv, claims.csv, missions.csv and datapackage.json.

    The descriptor gives typed columns, keys, licence, provenance, each file's size and hash, and
    the data's content hash. Each file is written atomically.

    Example: mss export datapackage build/mss && frictionless validate build/mss/datapackage.json
    """
    from haiti_mss import export

    if folder.exists() and not folder.is_dir():
        raise usage_error(f"{folder} is a file; name a folder")
    refuse_unsafe(str(folder), folder, data, folder=True)
    for name in export.DATAPACKAGE_FILES:
        refuse_unsafe(str(folder / name), folder / name, data)
    opened = valid(data, no_cache, verbose)
    corpus = opened.corpus(include_retired=True)  # superseded and withdrawn claims are exported, marked
    exported = export.records(corpus)
    with writing(folder):
        written = export.write_datapackage(exported, corpus, folder)
    _exported(exported, written)


@app.command("sqlite")
def export_sqlite(
    database: Annotated[
        Path, typer.Argument(metavar="FILE", help="The database to write, e.g. mss.db.", show_default=False)
    ],
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="Where to write Datasette's metadata. \\[default: metadata.json beside the database]",
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
        refuse_unsafe(str(path), path, data)
        if not path.parent.is_dir():  # found before anything is written: no half of an export
            raise usage_error(f"cannot write {path}: no folder {path.parent}")
    opened = valid(data, no_cache, verbose)
    exported = export.records(opened.corpus(include_retired=True))
    try:
        with writing(database):
            export.write_sqlite(exported, database)
    except sqlite3.Error as error:
        raise usage_error(f"cannot write {database}: {error}") from None
    with writing(metadata):
        export.write_datasette_metadata(exported, database, metadata)
    _exported(exported, [database, metadata])


def _exported(exported: "Export", written: list[Path]) -> None:
    from haiti_mss.present.wording import export_summary

    summary = export_summary(len(exported.claims), len(exported.sources), exported.content_hash, written)
    print(summary, file=sys.stderr)
