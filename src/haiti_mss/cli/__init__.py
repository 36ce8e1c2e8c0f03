"""The `mss` command line: options in, one Workspace call, one writer, an exit code out.

Exit status: 0 success; 1 the data has errors (or warnings, with --strict); 2 a usage error.
Results go to stdout and diagnostics to stderr, so `mss claims --format csv > out.csv` stays clean.

The command group is lazy, as pip's is: a command's module is imported, and typer reads its
signature, only when that command is chosen (or when help lists them all). Typer inspecting every
command on every run would cost more than answering a question from the index.
"""

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from haiti_mss import __version__
from haiti_mss.cli.common import CURATION, EXPORT, QUERY

# Every command, in the order help lists them: the module it lives in, and its help panel.
COMMANDS: dict[str, tuple[str, str]] = {
    "troops": ("haiti_mss.cli.query", QUERY),
    "funding": ("haiti_mss.cli.query", QUERY),
    "votes": ("haiti_mss.cli.query", QUERY),
    "timeline": ("haiti_mss.cli.query", QUERY),
    "claims": ("haiti_mss.cli.query", QUERY),
    "sources": ("haiti_mss.cli.query", QUERY),
    "show": ("haiti_mss.cli.query", QUERY),
    "conflicts": ("haiti_mss.cli.query", QUERY),
    "check": ("haiti_mss.cli.curation", CURATION),
    "coverage": ("haiti_mss.cli.curation", CURATION),
    "schema": ("haiti_mss.cli.curation", CURATION),
    "archive": ("haiti_mss.cli.curate", CURATION),
    "draft": ("haiti_mss.cli.curate", CURATION),
    "diff": ("haiti_mss.cli.curate", CURATION),
    "lsp": ("haiti_mss.cli.lsp", CURATION),
    "export": ("haiti_mss.cli.export", EXPORT),
    "report": ("haiti_mss.cli.report", EXPORT),
}


class _LazyCommands(MutableMapping[str, Any]):
    """The group's commands by name: every name is known, a command is built when first looked up."""

    def __init__(self, app: typer.Typer) -> None:
        self.app = app
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            module = importlib.import_module(COMMANDS[name][0])
            self.built[name] = _click_command(self.app, module.app, name)
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


def _click_command(root: typer.Typer, commands: typer.Typer, name: str) -> Any:
    """The click command `name` of a module's Typer app: the app itself when it is a group of its
    own (`export`), else the one command of that name."""
    if commands.info.name == name:
        group = typer.main.get_group(commands)
        group.rich_help_panel = COMMANDS[name][1]
        return group
    for info in commands.registered_commands:
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=root.pretty_exceptions_short,
                rich_markup_mode=root.rich_markup_mode,
            )
    raise KeyError(name)


class LazyGroup(TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(app)


app = typer.Typer(
    name="mss",
    cls=LazyGroup,
    help="Coverage tracker for the Kenya-led Multinational Security Support mission in Haiti: "
    "pledges, deployments, funding and Security Council action, each figure with a verified citation.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


def _version(requested: bool) -> None:
    if requested:
        print(f"mss {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Coverage tracker for the Kenya-led MSS mission in Haiti."""


def main() -> None:
    from haiti_mss.cli.common import run_guarded

    run_guarded(app)
