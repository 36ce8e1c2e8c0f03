"""Keep the docs true. Every ```text block of the README that starts with `$ mss …` holds the real
output of that command on the shipped data, and docs/cli.md is the commands' help as Markdown. The
test suite fails when either drifts; `python tests/docs_sync.py` rewrites both.

`python tests/docs_sync.py --screenshot` also makes the README's picture of the report again,
docs/report.png, in Debian's chromium (see tests/browser.py); no test writes it."""

from __future__ import annotations

import atexit
import functools
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
CLI_REFERENCE = PROJECT / "docs" / "cli.md"
# Transcripts are made with today pinned, so that they do not change with the calendar.
TODAY = "2026-01-01"

_TRANSCRIPT = re.compile(r"^```text\n\$ (mss [^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def run_mss(command_line: str) -> str:
    """What `command_line` prints (stdout and stderr, as a terminal shows them), run in a copy of
    the project."""
    from haiti_mss.cli import app

    previous = Path.cwd()
    os.chdir(_scratch_project())
    try:
        args = shlex.split(command_line)[1:]
        result = CliRunner().invoke(app, args, env={"MSS_TODAY": TODAY, "MSS_DATA": None, "NO_COLOR": "1"})
    finally:
        os.chdir(previous)
    return result.output


@functools.cache
def _scratch_project() -> Path:
    """A copy of the project's data, archive and fixtures: what a transcript's command writes (an
    export) lands there, never in the repository."""
    folder = Path(tempfile.mkdtemp(prefix="mss-transcripts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for name in ("data", "seeds", "tests/fixtures"):
        shutil.copytree(PROJECT / name, folder / name, ignore=shutil.ignore_patterns(".mss-cache"))
    return folder


def refreshed(text: str) -> str:
    """`text` with every transcript's output replaced by the command's real output, and the check
    catalog made again from the codes and the rules that give them."""
    text = _TRANSCRIPT.sub(lambda match: f"```text\n$ {match[1]}\n{run_mss(match[1])}```", text)
    return _CATALOG_TABLE.sub(lambda match: catalog_table(), text)


_CATALOG_TABLE = re.compile(r"^\| code \| severity \|.*?\n(?=\n)", re.MULTILINE | re.DOTALL)


def catalog_table() -> str:
    """The README's check catalog: every code, its severity, what finds it, and an example."""
    from haiti_mss.core.problems import CATALOG, Stage
    from haiti_mss.rules.registry import registered

    finders: dict[str, list[str]] = {}
    for rule in registered():
        for code in rule.codes:
            finders.setdefault(code, []).append(f"`{rule.name}`")
    lines = ["| code | severity | found by | what it means | example |", "|---|---|---|---|---|"]
    for code in CATALOG.values():
        found_by = "reading the file" if code.stage is Stage.READ else ", ".join(finders.get(code.code, []))
        example = code.example.replace("|", "\\|")
        lines.append(f"| `{code.code}` | {code.severity} | {found_by} | {code.summary} | `{example}` |")
    return "\n".join(lines) + "\n"


def catalog_section(text: str) -> str:
    match = _CATALOG_TABLE.search(text)
    return match[0] if match else ""


def transcripts(text: str) -> list[tuple[str, str]]:
    return [(match[1], match[2]) for match in _TRANSCRIPT.finditer(text)]


def cli_reference() -> str:
    """Every command's help, as Markdown, from the same text `mss … --help` prints."""
    import typer
    from typer.cli import get_docs_for_click

    from haiti_mss.cli import app

    command = typer.main.get_command(app)
    for _, subcommand in commands(command):
        # A command's summary is its help's first paragraph, as `mss --help` shows it, not click's
        # first 45 characters.
        subcommand.short_help = (subcommand.help or "").split("\n\n")[0].replace("\n", " ")
    docs = get_docs_for_click(
        obj=command, ctx=typer.Context(command), name="mss", title="mss command reference"
    )
    notice = "<!-- Generated from the commands' help by `python tests/docs_sync.py`; do not edit. -->"
    return f"{notice}\n\n{docs.strip()}\n"


def commands(command=None, path=("mss",)):
    """(`mss export sqlite`, its click command) for every command and group under `command`."""
    import typer

    from haiti_mss.cli import app

    command = command or typer.main.get_command(app)
    for name, subcommand in getattr(command, "commands", {}).items():
        yield " ".join((*path, name)), subcommand
        yield from commands(subcommand, (*path, name))


def refresh_screenshot() -> Path:
    """docs/report.png: the report of the shipped data, as a browser shows it."""
    from browser import refresh_readme_screenshot

    run_mss("mss report report.html")
    return refresh_readme_screenshot(_scratch_project() / "report.html", _scratch_project() / "chromium")


if __name__ == "__main__":
    README.write_text(refreshed(README.read_text(encoding="utf-8")), encoding="utf-8")
    CLI_REFERENCE.parent.mkdir(exist_ok=True)
    CLI_REFERENCE.write_text(cli_reference(), encoding="utf-8")
    if "--screenshot" in sys.argv[1:]:
        print(f"wrote {refresh_screenshot()}")
    sys.exit(0)
