"""Shell completion from the data: countries, sources and claim ids of the data named so far on
the command line (or the default data). Completion runs inside the user's shell, so it stays
silent: no notes, no usage errors, no progress."""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from haiti_mss.core.layout import DEFAULT_DATA

if TYPE_CHECKING:
    from haiti_mss.engine.workspace import Workspace


def _workspace(ctx: typer.Context) -> "Workspace | None":
    """The Workspace of the data named so far on the command line, or None when there is none.
    Each answer below comes from the index, whatever the size of the data."""
    from haiti_mss.core.layout import unusable_data_path
    from haiti_mss.engine.workspace import Workspace

    path = Path(ctx.params.get("data") or os.environ.get("MSS_DATA") or DEFAULT_DATA)
    if unusable_data_path(path) is not None:
        return None
    return Workspace(path, date.today(), one_shot=True)


def complete_country(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The codes of the countries the data mentions, in the case being typed (`--country ke` is
    as good as KEN, and the shell only offers what starts with the letters typed)."""
    opened = _workspace(ctx)
    codes = opened.countries().items() if opened else ()
    as_typed = str.lower if incomplete.islower() else str.upper
    return [(as_typed(code), name) for code, name in codes if as_typed(code).startswith(incomplete)]


def complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    opened = _workspace(ctx)
    sources = opened.corpus(kinds=()).sources.values() if opened else ()
    return [(source.id, source.shown_title) for source in sources if source.id.startswith(incomplete)]


def complete_claim(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    opened = _workspace(ctx)
    claims = opened.claims_starting(incomplete) if opened else ()
    return [(claim.id, f"{claim.kind}, {claim.as_of}") for claim in claims]
