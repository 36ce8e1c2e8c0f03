"""The language server, for editors: the problems of `mss check` as you type, and the sources at
the cursor."""

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from haiti_mss.cli.common import CURATION, data_path, require_extra, today

app = typer.Typer()

# Not `common.DataOption`: without it, the server finds the data of each file it is given.
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="MSS_DATA",
        help="A data file, or a folder whose *.yaml files are merged. "
        "\\[default: each data/ folder of a project beside seeds/]",
        show_default=False,
    ),
]

# The libraries of the `lsp` extra, and how to install them.


@app.command(rich_help_panel=CURATION)
def lsp(data: DataOption = None) -> None:
    """Serve the Language Server Protocol over stdin and stdout, for editors.

    As you type, every open data file gets the problems `mss check` would report once it is saved;
    hover shows a source, a quote's passage or a code's meaning; completion offers source ids,
    country codes and coded values; go to definition leads to a source's entry or a quote's place in
    its archived text; code actions fix a quote or ignore a figure. Without --data, a *.yaml file in
    a data/ folder of a project (beside seeds/) is data. Needs the lsp extra.

    Example: mss lsp --data data
    """
    require_extra("mss lsp", "lsp", ("pygls", "lsprotocol"))
    from haiti_mss.lsp.server import serve

    given = data_path(data) if data is not None else None
    pinned = today()  # a bad MSS_TODAY is a usage error now, not a failure at the first check
    serve(given, (lambda: pinned) if os.environ.get("MSS_TODAY") else date.today)
