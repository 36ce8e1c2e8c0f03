"""What every command shares: the options declared once, usage errors, opening the Workspace, and
writing an answer. No command sequences a stage: each opens a Workspace and asks it.

No `from __future__ import annotations` here or in any command module: typer reads every command's
annotations, and string annotations would each be eval()-ed. Names imported only for type checking
are quoted.
"""

import os
import signal
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from haiti_mss.cli.completion import complete_country, complete_mission, complete_source
from haiti_mss.core.layout import DEFAULT_DATA
from haiti_mss.present.writers import PROBLEM_FORMATS, VIEW_FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import TextIO

    from haiti_mss.core.dates import PartialDate
    from haiti_mss.engine.workspace import Workspace
    from haiti_mss.present.view import View

QUERY, CURATION, EXPORT = "Query", "Curation", "Export"

# The --format choices are the writers that can write the output: the registry's keys.
QueryFormat = StrEnum("QueryFormat", {name: name for name in VIEW_FORMATS})
CheckFormat = StrEnum("CheckFormat", {name: name for name in PROBLEM_FORMATS})


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="MSS_DATA",
        help="A data file, or a folder whose *.yaml files are merged. \\[default: data/claims.yaml]",
        show_default=False,
    ),
]
FormatOption = Annotated[
    QueryFormat | None,
    typer.Option(
        "--format",
        help="table for people; csv, json or jsonl for scripts; markdown for reports. "
        "\\[default: from --output's extension (.txt .csv .json .jsonl .md), else table]",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE (atomically) instead of stdout; never over the data, the archive or the index.",
        metavar="FILE",
    ),
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        help='Alpha-3 or alpha-2 code or a name: KEN, ke, "The Bahamas". Repeat it for any of several.',
        autocompletion=complete_country,
    ),
]
MissionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--mission",
        help="Only claims about this mission, by its id in the data's missions: (MSS, gsf); repeat it for "
        "any of several. Without it, every mission, each row of one.",
        autocompletion=complete_mission,
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="Only claims of this source id.", autocompletion=complete_source),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help='From this date on: 2024-09, "Sept 2024", "21 Feb 2024".')
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Up to this date, inclusive: --until 2024-06 includes June.")
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Read and check the data afresh; do not use or update the index.")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", help="Say how the answer was reached (the index).")]
IncludeDraftsOption = Annotated[
    bool,
    typer.Option("--include-drafts", help="Count claims still marked review: draft (left out by default)."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Answer as of DATE: only sources published by then.", metavar="DATE"),
]


def usage_error(message: str) -> typer.Exit:
    """A usage error: the message on stderr (a line break or control character in it, from a file
    name or a value typed, shown escaped so it cannot forge a line), and exit status 2."""
    from haiti_mss.present.text import visible

    print(visible(f"mss: error: {message}"), file=sys.stderr)
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
    """The data the command reads: a regular file or a folder, never a FIFO or a device."""
    from haiti_mss.core.layout import unusable_data_path

    if data is None:
        if not DEFAULT_DATA.exists():
            raise usage_error(
                f"no {DEFAULT_DATA} here: run mss in the project folder, or name the data with --data"
            )
        data = DEFAULT_DATA
    reason = unusable_data_path(data)
    if reason is not None:
        raise usage_error(f"--data {data}: {reason}")
    return data


def workspace(data: Path | None, no_cache: bool = False, verbose: bool = False) -> "Workspace":
    """The Workspace of the data the command names; its stages show progress on a terminal."""
    from haiti_mss.engine.workspace import Workspace

    path = data_path(data)
    return Workspace(
        path,
        today(),
        shown=str(path),
        use_index=not no_cache,
        note=_note if verbose else _quiet,
        progress=_progress(),
    )


def valid(data: Path | None, no_cache: bool = False, verbose: bool = False) -> "Workspace":
    """The checked data, or its errors on stderr and exit status 1: answers are never given from
    data with errors, where a record might be missing."""
    opened = workspace(data, no_cache, verbose)
    refuse_errors(opened)
    return opened


def refuse_errors(opened: "Workspace") -> None:
    """When the data has errors: print them and the summary, and exit 1."""
    from haiti_mss.core.problems import Severity, of_severity
    from haiti_mss.present.wording import check_summary
    from haiti_mss.present.writers import write_problems_text

    summary = checked_summary(opened)
    if summary["errors"]:
        write_problems_text(of_severity(opened.problems, Severity.ERROR), summary, sys.stderr)
        print(check_summary(summary), file=sys.stderr)
        raise typer.Exit(1)


def checked_summary(opened: "Workspace") -> dict[str, int]:
    from haiti_mss.engine.workspace import DataKeepsChanging

    try:
        return opened.summary()
    except DataKeepsChanging as error:
        raise usage_error(str(error)) from None


def _note(message: str) -> None:
    from haiti_mss.present.text import visible

    print(visible(f"mss: {message}"), file=sys.stderr)


def _quiet(message: str) -> None:
    """Notes are shown only under --verbose."""


def _progress() -> Any:
    """Bars on a terminal's stderr for stages long enough to wait for; nothing in a pipe, a file
    or a CI log."""
    from haiti_mss.engine.progress import silent

    if not sys.stderr.isatty() or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return silent
    return _BarsWhenLong()


# How much of each unit is about a second's work: a stage smaller than that shows no bar.
_WORTH_A_BAR = {"bytes": 2_000_000, "claims": 5_000, "sources": 5_000, "files": 200}


class _BarsWhenLong:
    """Shows a stage only when it has enough to do to be waited for; rich is imported only then."""

    def __init__(self) -> None:
        self.bars: Any = None

    def stage(self, name: str, total: int, unit: str) -> Any:
        from haiti_mss.engine.progress import silent

        if total < _WORTH_A_BAR.get(unit, 0):
            return silent.stage(name, total, unit)
        if self.bars is None:
            from haiti_mss.present.terminal import ProgressBars

            self.bars = ProgressBars(sys.stderr)
        return self.bars.stage(name, total, unit)


# --- Filters ---------------------------------------------------------------------------------------


def require_extra(command: str, extra: str, modules: tuple[str, ...]) -> None:
    """Exit 2 with the install line when a module of the `extra` that `command` needs is missing,
    rather than fail on an import; every command words it alike."""
    from importlib.util import find_spec

    missing = [name for name in modules if find_spec(name) is None]
    if missing:
        raise usage_error(
            f'{command} needs {" and ".join(missing)}, from the {extra} extra: pip install ".[{extra}]"'
        )


def did_you_mean(wanted: str, choices: Iterable[str]) -> str:
    """Ids that start like `wanted` (people type the start of a long slug), else close ones."""
    known = list(choices)
    from difflib import get_close_matches

    close = [choice for choice in known if choice.startswith(wanted)] or get_close_matches(wanted, known, n=3)
    return f"; did you mean {', '.join(close[:3])}?" if close else ""


def given(option: str, text: str | None) -> str | None:
    """An option's text, refused when it is empty: `--country ""` asks for nothing, and must not
    answer with everything."""
    if text is not None and not text.strip():
        raise usage_error(f"{option} is empty; give a value or leave the option out")
    return text


def country_code(text: str, opened: "Workspace | None" = None) -> str:
    """The alpha-3 code `--country` names; a code or name the data of `opened` names is taken
    from it, anything else looked up (pycountry) or refused as a usage error."""
    from haiti_mss.analysis.countries import UnknownCountry, resolve_country
    from haiti_mss.engine.workspace import DataKeepsChanging

    given("--country", text)
    try:
        return resolve_country(text, opened.countries() if opened is not None else None)
    except UnknownCountry as error:
        raise usage_error(f"--country: {error}") from None
    except DataKeepsChanging as error:
        raise usage_error(str(error)) from None


def user_date(option: str, text: str | None) -> "PartialDate | None":
    from haiti_mss.core.dates import InvalidDate, parse_user_date

    if given(option, text) is None:
        return None
    try:
        return parse_user_date(text)
    except InvalidDate as error:
        raise usage_error(f"{option}: {error}") from None


def date_range(since: str | None, until: str | None) -> "tuple[PartialDate | None, PartialDate | None]":
    """--since and --until, refused when the first lies wholly after the second (nothing could
    match, and an empty answer would look like one)."""
    first, last = user_date("--since", since), user_date("--until", until)
    if first is not None and last is not None and first.is_after(last):
        raise usage_error(f"--since {first} is after --until {last}; nothing can be in between")
    return first, last


# --- Output ----------------------------------------------------------------------------------------


def chosen_format(chosen: "StrEnum | None", output: Path | None, data: Path | None) -> str:
    """The format to write, checked with the target before any work: --format when given, else the
    one --output's extension names (a table on stdout). A target mss must not write, an extension no
    format has, and an extension of another format than --format's are usage errors."""
    from haiti_mss.present.writers import format_of_file

    named = chosen.value if chosen is not None else None
    if output is None:
        return named or "table"
    refuse_unsafe(f"--output {output}", output, data)
    by_extension = format_of_file(output)
    if named is None and by_extension is None:
        raise usage_error(
            f"--output {output}: cannot tell the format from the name; end it with .txt, .csv, .json, "
            ".jsonl or .md, or give --format"
        )
    if named is not None and by_extension is not None and by_extension != named:
        raise usage_error(f"--output {output} names a {by_extension} file, but --format is {named}")
    return named or by_extension  # type: ignore[return-value]


def refuse_unsafe(named: str, path: Path, data: Path | None, *, folder: bool = False) -> None:
    """A usage error when `path` is not a place mss may write (see `core.output.unsafe_target`)."""
    from haiti_mss.core.output import unsafe_target

    reason = unsafe_target(path, protected(data), folder=folder)
    if reason is not None:
        raise usage_error(f"{named} {reason}")


def protected(data: Path | None) -> list[tuple[Path, str]]:
    """What a run reads and must never write over: the data (a folder of data, whole), the archive
    of its project, and its index."""
    from haiti_mss.core.layout import ARCHIVE_FOLDER, data_files, index_folder, project_root

    path = data if data is not None else DEFAULT_DATA
    if not path.exists():
        return []
    kept = [(path, "the data")] if path.is_dir() else [(file, "the data") for file in data_files(path)]
    return [*kept, (project_root(path) / ARCHIVE_FOLDER, "the archive"), (index_folder(path), "the index")]


def emit(view: "View", output_format: str, output: Path | None) -> None:
    from haiti_mss.present.writers import write_view

    write(output, lambda stream: write_view(view, output_format, stream))


def copied_out(opened: "Workspace", question: str, output: Path | None) -> bool:
    """Off a terminal, copy out to stdout or `output` what was written before for `question` about
    this data, and say whether it was: answering a question asked before loads no aggregation
    and no view."""
    if not _kept_as_written(output):
        return False
    text = opened.kept_answer(_as_written(question))
    if text is None:
        return False
    write(output, lambda stream: stream.write(text))
    return True


def write_kept(
    opened: "Workspace", question: str, output: Path | None, write_to: "Callable[[TextIO], None]"
) -> None:
    """`write_to` stdout or `output`, or copy out what it wrote before for `question` about this
    data. Off a terminal, output depends on nothing but the answer and the format, so the index
    keeps it as written: asked again, the bytes are copied out, not made again (a table on a
    terminal is laid out for its width each time)."""
    import io

    if not _kept_as_written(output):
        write(output, write_to)
        return

    def written() -> str:
        buffer = io.StringIO()
        write_to(buffer)
        return buffer.getvalue()

    text = opened.answer(_as_written(question), written)
    write(output, lambda stream: stream.write(text))


def _kept_as_written(output: Path | None) -> bool:
    """Whether what is written goes off a terminal, where it depends on the answer alone."""
    from haiti_mss.present.writers import is_terminal

    return output is not None or not is_terminal(sys.stdout)


def _as_written(question: str) -> str:
    return f"{question}\x1fas written"


def write(output: Path | None, write_to: "Callable[[TextIO], None]") -> None:
    """`write_to` stdout, or to the file `output` atomically; a failed write is a usage error."""
    from haiti_mss.core.output import encoding_of, output_stream

    if output is None and STDOUT in CLOSED:
        raise usage_error("stdout is closed, so nothing can be written to it; give --output FILE")
    if output is not None and output.is_dir():
        raise usage_error(f"--output {output} is a folder; name a file")
    try:
        with writing(output or "stdout"), output_stream(output) as stream:
            write_to(stream)
    except BrokenPipeError:
        raise reader_gone() from None
    except UnicodeEncodeError as error:
        char = error.object[error.start : error.end]
        raise usage_error(
            f"stdout's encoding, {encoding_of(sys.stdout)}, cannot hold {char!r} (U+{ord(char[0]):04X}); "
            "set PYTHONIOENCODING=utf-8, or write a file with --output"
        ) from None


@contextmanager
def writing(path: Path | str) -> "Iterator[None]":
    """A file that cannot be written is a usage error that names it (not the temporary file the
    error may be about). Writing to stdout, only a closed pipe can fail, and that is no error."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise usage_error(f"cannot write {path}: {error.strerror or error}") from None


def reader_gone() -> typer.Exit:
    """The reader of stdout stopped early (mss claims | head): end quietly, with the status a
    command killed by SIGPIPE has, and keep Python from complaining when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return typer.Exit(128 + signal.SIGPIPE)


# --- The standard streams ----------------------------------------------------------------------------

STDIN, STDOUT, STDERR = 0, 1, 2
# The standard streams that were closed when mss started (`mss troops >&-`).
CLOSED: set[int] = set()


def guard_standard_streams() -> None:
    """Make every run safe whatever it was started with. A closed stream gets /dev/null in its
    place, so that no file mss opens later takes its number (with stderr closed, error messages went
    into the CSV being written); a closed stdout is opened read-only, so that writing to it fails
    instead of vanishing, and `write` says so. Messages on stderr never fail to encode: what its
    encoding cannot hold is escaped. And FORCE_COLOR is dropped: colour is for a terminal, never for
    a file, a pipe or stderr's messages (typer's error panels read it)."""
    for number, mode in ((STDIN, os.O_RDONLY), (STDOUT, os.O_RDONLY), (STDERR, os.O_WRONLY)):
        try:
            os.fstat(number)
        except OSError:
            opened = os.open(os.devnull, mode)
            if opened != number:
                os.dup2(opened, number)
                os.close(opened)
            CLOSED.add(number)
    if STDOUT in CLOSED:
        sys.stdout = open(STDOUT, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the run
    if STDERR in CLOSED:
        sys.stderr = open(STDERR, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    reconfigure = getattr(sys.stderr, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    for name in ("FORCE_COLOR", "PY_COLORS"):
        os.environ.pop(name, None)


def run_guarded(app: "Callable[[], Any]") -> None:
    """Run the command line with its streams guarded; whatever stdout does at the end (a reader gone,
    a closed stream), the run ends with a message and a status, never a traceback."""
    guard_standard_streams()
    try:
        try:
            app()
        finally:
            if STDOUT not in CLOSED:
                sys.stdout.flush()
    except BrokenPipeError:
        raise SystemExit(reader_gone().exit_code) from None
    except OSError as error:
        from haiti_mss.present.text import visible

        print(visible(f"mss: error: cannot write stdout: {error.strerror or error}"), file=sys.stderr)
        raise SystemExit(2) from None
