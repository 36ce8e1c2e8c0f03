"""Keep the docs true. Every ```text block of the README that starts with `$ mss …` holds the real
output of that command on a snapshot of the shipped data (tests/fixtures/readme/: its data/ and
seeds/), and docs/cli.md is the commands' help as Markdown. The test suite fails when either
drifts; `python tests/docs_sync.py` rewrites both.

The snapshot, not data/ itself, so that a curator adding an article never breaks a test (the data
grows every week); `python tests/docs_sync.py --snapshot` copies the shipped data and archive into
it first, so that the transcripts show them as they are now.

`python tests/docs_sync.py --screenshot` also makes the README's picture of the report again,
docs/report.png, in Debian's chromium (see tests/browser.py); no test writes it."""

from __future__ import annotations

import atexit
import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
# What the transcripts run on: a copy of data/ and seeds/ as they were when it was last taken.
SNAPSHOT = PROJECT / "tests" / "fixtures" / "readme"
SNAPSHOT_FOLDERS = ("data", "seeds")
CLI_REFERENCE = PROJECT / "docs" / "cli.md"
# Transcripts are made with today pinned, so that they do not change with the calendar: the first of
# January 2026, or the latest day the snapshot dates anything reported, if that is later (a new
# article is never "in the future" of its own transcripts).
EARLIEST_TODAY = "2026-01-01"


@functools.cache
def transcript_today() -> str:
    from haiti_mss.read.load import load_dataset

    dataset = load_dataset(SNAPSHOT / "data" / "claims.yaml")
    dated = [source.published.last_day for source, _ in dataset.sources]
    dated += [claim.as_of.last_day for claim, _ in dataset.claims if claim.status != "scheduled"]
    return max([EARLIEST_TODAY, *(day.isoformat() for day in dated)])


_TRANSCRIPT = re.compile(r"^```text\n\$ (mss [^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


# The transcripts between these two lines run in order, each in the state the ones before it left
# (`mss archive`, then `mss draft` of what it archived), in a scratch copy of their own that is a git
# repository, so that `mss diff` has a revision to compare with.
SEQUENCE_START = "<!-- the transcripts below run in sequence -->"
SEQUENCE_END = "<!-- end of the sequence -->"


def run_mss(command_line: str, before: tuple[str, ...] | None = None) -> str:
    """What `command_line` prints (stdout and stderr, as a terminal shows them), run in a copy of
    the project; with `before`, in the copy of a sequence, after the commands `before`."""
    if before is None:
        return _invoke(command_line, _scratch_project())
    output = _invoke(command_line, _sequence_after(before))
    _sequence["ran"].append(command_line)
    return output


def _invoke(command_line: str, folder: Path) -> str:
    from haiti_mss.cli import app

    previous = Path.cwd()
    os.chdir(folder)
    try:
        args = shlex.split(command_line)[1:]
        result = CliRunner().invoke(
            app, args, env={"MSS_TODAY": transcript_today(), "MSS_DATA": None, "NO_COLOR": "1"}
        )
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is never a transcript
    return result.output


_sequence: dict[str, Any] = {"folder": None, "ran": []}


def _sequence_after(before: tuple[str, ...]) -> Path:
    """The sequence's copy once `before` has run in it: the copy of the last call when that is
    where it stands (transcripts are checked in order), else a fresh one where `before` is run."""
    if _sequence["folder"] is None or _sequence["ran"] != list(before):
        folder = _copy_of_project()
        git = ["git", "-c", "user.name=mss", "-c", "user.email=mss@example.org", "-c", "commit.gpgsign=false"]
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "the project as shipped"]):
            subprocess.run([*git, *command], cwd=folder, check=True, capture_output=True)
        for command_line in before:
            _invoke(command_line, folder)
        _sequence.update(folder=folder, ran=list(before))
    return _sequence["folder"]


def _copy_of_project() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="mss-transcripts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for name in SNAPSHOT_FOLDERS:
        shutil.copytree(SNAPSHOT / name, folder / name)
    shutil.copytree(PROJECT / "tests" / "fixtures", folder / "tests" / "fixtures", ignore=_NOT_COPIED)
    return folder


_NOT_COPIED = shutil.ignore_patterns(".mss-cache")


def take_snapshot() -> None:
    """Replace the snapshot with the shipped data and archive as they are now."""
    for name in SNAPSHOT_FOLDERS:
        shutil.rmtree(SNAPSHOT / name, ignore_errors=True)
        shutil.copytree(PROJECT / name, SNAPSHOT / name, ignore=_NOT_COPIED)


@functools.cache
def _scratch_project() -> Path:
    """A copy of the snapshot's data and archive, and of the test fixtures: what a transcript's
    command writes (an export) lands there, never in the repository."""
    return _copy_of_project()


def refreshed(text: str) -> str:
    """`text` with every transcript's output replaced by the command's real output, and the check
    catalog made again from the codes and the rules that give them."""
    befores = iter([before for _, _, before in transcripts(text)])

    def rerun(match: re.Match[str]) -> str:
        return f"```text\n$ {match[1]}\n{run_mss(match[1], next(befores))}```"

    text = _TRANSCRIPT.sub(rerun, text)
    return _CATALOG_TABLE.sub(lambda match: catalog_table(), text)


_CATALOG_TABLE = re.compile(r"^\| code \| severity \|.*?\n(?=\n)", re.MULTILINE | re.DOTALL)


def catalog_table() -> str:
    """The README's check catalog: every code, its severity, what finds it, and an example."""
    from haiti_mss.core.problems import CATALOG, Stage
    from haiti_mss.rules.registered import RULES

    finders: dict[str, list[str]] = {}
    for rule in RULES:
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


def transcripts(text: str) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """Each transcript's command and output, and, for one in a sequence, the commands before it
    there (None for one that runs on its own)."""
    found: list[tuple[str, str, tuple[str, ...] | None]] = []
    sequences = [
        (match.start(), match.end())
        for match in re.finditer(rf"{SEQUENCE_START}.*?{SEQUENCE_END}", text, re.DOTALL)
    ]
    ran: dict[int, list[str]] = {}
    for match in _TRANSCRIPT.finditer(text):
        inside = next(
            (index for index, (start, end) in enumerate(sequences) if start < match.start() < end), None
        )
        if inside is None:
            found.append((match[1], match[2], None))
            continue
        earlier = ran.setdefault(inside, [])
        found.append((match[1], match[2], tuple(earlier)))
        earlier.append(match[1])
    return found


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
    """docs/report.png: the report of the snapshot of the shipped data, as a browser shows it."""
    from browser import refresh_readme_screenshot

    run_mss("mss report report.html")
    return refresh_readme_screenshot(_scratch_project() / "report.html", _scratch_project() / "chromium")


if __name__ == "__main__":
    if "--snapshot" in sys.argv[1:]:
        take_snapshot()
    README.write_text(refreshed(README.read_text(encoding="utf-8")), encoding="utf-8")
    CLI_REFERENCE.parent.mkdir(exist_ok=True)
    CLI_REFERENCE.write_text(cli_reference(), encoding="utf-8")
    if "--screenshot" in sys.argv[1:]:
        print(f"wrote {refresh_screenshot()}")
    sys.exit(0)
