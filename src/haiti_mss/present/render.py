"""Output: how problems and views are written. The only module that imports rich.

Text that comes from the data is data. It is never parsed as rich markup (it is wrapped in `Text`),
control characters and bidi overrides are shown as visible escapes (`\\x1b`), a CSV cell that a
spreadsheet would run as a formula is neutralised with a leading apostrophe, and Markdown
metacharacters are escaped.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from haiti_mss.dates import PartialDate
from haiti_mss.problems import Problem

if TYPE_CHECKING:
    from haiti_mss.archive import Passage

# Everything rich passes through to the terminal although it changes what is shown: C0 and C1
# controls (ESC starts colour codes), DEL, bidi embeddings, overrides and isolates.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character shown as an escape, e.g. ESC as `\\x1b`."""
    return _INVISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# --- Problems ------------------------------------------------------------------------------


def problem_line(problem: Problem) -> str:
    """`data/claims.yaml:42:5: error [quote-not-found] claim ken-pledge: …`: the form editors and CI
    jump from."""
    about = f"claim {problem.claim_id}: " if problem.claim_id else ""
    return visible(
        f"{problem.path}:{problem.line}:{problem.column}: {problem.severity} [{problem.code}] "
        f"{about}{problem.message}"
    )


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "severity": str(problem.severity),
        "code": problem.code,
        "claim": problem.claim_id,
        "message": problem.message,
    }


def write_problems_text(problems: Iterable[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(problem_line(problem), file=stream)


def write_problems_json(problems: Iterable[Problem], summary: dict[str, Any], stream: TextIO) -> None:
    write_json({"summary": summary, "problems": [problem_dict(problem) for problem in problems]}, stream)


def github_escape_data(text: str) -> str:
    """Escape a workflow command's message as @actions/core does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a workflow command's property value (file, title) as @actions/core does."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    about = f"claim {problem.claim_id}: " if problem.claim_id else ""
    properties = ",".join(
        f"{name}={visible(github_escape_property(str(value)))}"
        for name, value in (
            ("file", problem.path),
            ("line", problem.line),
            ("col", problem.column),
            ("title", f"mss [{problem.code}]"),
        )
    )
    return f"::{problem.severity} {properties}::{visible(github_escape_data(about + problem.message))}"


def write_problems_github(problems: Iterable[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(github_annotation(problem), file=stream)


# GitHub refuses a step summary over 1 MiB; a few hundred rows stay far below it, and the log has all.
SUMMARY_ROWS = 500


def write_problems_markdown(problems: Sequence[Problem], summary: dict[str, int], stream: TextIO) -> None:
    """The findings as a Markdown table, for a GitHub Actions step summary."""
    lines = [f"### {markdown_cell(check_summary(summary))}", ""]
    if problems:
        lines += ["| severity | location | code | claim | message |", "|---|---|---|---|---|"]
        lines.extend(
            "| " + " | ".join(markdown_cell(cell) for cell in (
                str(problem.severity), f"{problem.path}:{problem.line}:{problem.column}",
                problem.code, problem.claim_id or "", problem.message,
            )) + " |"
            for problem in problems[:SUMMARY_ROWS]
        )  # fmt: skip
        if len(problems) > SUMMARY_ROWS:
            lines += [
                "",
                f"…and {plural(len(problems) - SUMMARY_ROWS, 'more problem')}: the job's log lists all.",
            ]
    else:
        lines.append("No problems found.")
    stream.write("\n".join(lines) + "\n\n")


def plural(count: int, noun: str) -> str:
    """`1 claim`, `2 claims`, `1,000 claims`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def check_summary(summary: dict[str, int]) -> str:
    """One line: what was checked and what was found."""
    return (
        f"mss check: {plural(summary['claims'], 'claim')} and {plural(summary['sources'], 'source')} "
        f"in {plural(summary['files'], 'file')}: {plural(summary['errors'], 'error')}, "
        f"{plural(summary['warnings'], 'warning')}"
    )


def export_summary(claims: int, sources: int, content_hash: str, written: Iterable[Path]) -> str:
    """One line: what an export holds, which version of the data it is, and where it went."""
    return (
        f"mss export: {plural(claims, 'claim')} and {plural(sources, 'source')} (data {content_hash}) "
        f"written to {', '.join(map(str, written))}"
    )


# --- Tables ----------------------------------------------------------------------------------

Row = dict[str, Any]


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console that never reads markup or emoji codes in what it prints; rich honours NO_COLOR.
    Off a terminal, lines are never wrapped to a width: output does not depend on the window."""
    console = Console(file=stream, width=width, markup=False, emoji=False, highlight=False)
    console.soft_wrap = not console.is_terminal
    return console


class Column(NamedTuple):
    """A table column: its header, and the row's key to show or a function that makes the cell."""

    header: str
    cell: str | Callable[[Row], str]
    numeric: bool = False
    min_terminal_width: int = 0  # shown only on a terminal at least this wide (a bar chart)

    def text(self, row: Row) -> str:
        return self.cell(row) if callable(self.cell) else _plain(row.get(self.cell))


class View(NamedTuple):
    """One answer: rows of raw values; `keys` is the CSV and JSON contract (these keys, in this
    order); `columns` is what tables and Markdown show."""

    keys: Sequence[str]
    columns: Sequence[Column]
    rows: Sequence[Row]
    title: str | None = None
    notes: Sequence[str] = ()


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def write_table(console: Console, view: View) -> None:
    """A rich table on a terminal; elsewhere plain columns, no colour, no box drawing, no wrapping."""
    columns = [column for column in view.columns if _fits(column, console)]
    cells = [[visible(column.text(row)) for column in columns] for row in view.rows]
    title = visible(view.title) if view.title else None
    if not cells:
        console.file.write("".join(f"{line}\n" for line in (title, "(none)") if line))
        return
    if console.is_terminal:
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
        for column in columns:
            table.add_column(column.header, justify="right" if column.numeric else "left", overflow="fold")
        for row in cells:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        for note in view.notes:
            console.print(Text(visible(note), style="dim"))
        return
    lines = [] if title is None else [title, ""]
    lines.extend(_aligned(columns, [[column.header for column in columns], *cells]))
    if view.notes:
        lines.append("")
        lines.extend(visible(note) for note in view.notes)
    console.file.write("\n".join(lines) + "\n")


def _fits(column: Column, console: Console) -> bool:
    return column.min_terminal_width == 0 or (
        console.is_terminal and console.width >= column.min_terminal_width
    )


def _aligned(columns: Sequence[Column], rows: list[list[str]]) -> list[str]:
    widths = [max(cell_len(row[index]) for row in rows) for index in range(len(columns))]
    lines = []
    for row in rows:
        padded = [
            " " * (width - cell_len(cell)) + cell if column.numeric else cell + " " * (width - cell_len(cell))
            for column, width, cell in zip(columns, widths, row, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return lines


# --- Machine formats --------------------------------------------------------------------------


def write_view(view: View, output_format: str, stream: TextIO) -> None:
    """Write `view` as table, markdown, csv, json or jsonl."""
    if output_format == "table":
        write_table(console_for(stream), view)
    elif output_format == "markdown":
        write_markdown(view, stream)
    elif output_format == "csv":
        write_csv(view, stream)
    elif output_format == "json":
        write_json([_record(view, row) for row in view.rows], stream)
    else:
        import json

        for row in view.rows:
            stream.write(json.dumps(_record(view, row), ensure_ascii=False, allow_nan=False) + "\n")


def _record(view: View, row: Row) -> Row:
    return {key: json_value(row.get(key)) for key in view.keys}


def json_value(value: Any) -> Any:
    """Dates as ISO text at their precision; tuples as lists."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    return value


def write_json(document: Any, stream: TextIO) -> None:
    """JSON for scripts: UTF-8 text, never NaN or Infinity."""
    import json  # here, not at the top: most runs write no JSON, and every run starts afresh

    json.dump(document, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


# A spreadsheet runs a cell that starts with one of these (after spaces) as a formula.
_FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell: numbers stay numbers; text that a spreadsheet would run as a formula gets a
    leading apostrophe; lists are joined with ';'; dates are ISO text. (Text needs no other
    escaping: the model refuses control characters, and the csv module quotes the rest.)"""
    kind = type(value)
    if kind is str:
        text = value
    elif value is None:
        return ""
    elif kind is bool:
        return "true" if value else "false"
    elif kind is int or kind is float:
        return value
    elif kind is tuple or kind is list:
        text = ";".join(str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.lstrip(" ")[:1] in _FORMULA_STARTS else text


def write_csv(view: View, stream: TextIO) -> None:
    import csv  # here, not at the top: most runs write no CSV, and every run starts afresh

    writer = csv.writer(stream, lineterminator="\n")
    keys = view.keys
    writer.writerow([csv_cell(key) for key in keys])
    writer.writerows([csv_cell(row.get(key)) for key in keys] for row in view.rows)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_cell(text: str) -> str:
    """Text from the data shown as text in Markdown: no links, emphasis, HTML or table breaks."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(" ".join(text.split())))


def write_markdown(view: View, stream: TextIO) -> None:
    lines = [] if view.title is None else [f"**{markdown_cell(view.title)}**", ""]
    lines.append("| " + " | ".join(markdown_cell(column.header) for column in view.columns) + " |")
    lines.append("|" + "|".join("---:" if column.numeric else "---" for column in view.columns) + "|")
    lines.extend(
        "| " + " | ".join(markdown_cell(column.text(row)) for column in view.columns) + " |"
        for row in view.rows
    )
    if view.notes:
        lines.append("")
        lines.extend(f"- {markdown_cell(note)}" for note in view.notes)
    stream.write("\n".join(lines) + "\n")


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a text file written atomically (see `replacing`)."""
    if path is None:
        yield sys.stdout
        return
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file in `path`'s folder to write, renamed over `path` only once the block
    completes. An interrupted run leaves the old file, or none, never a partial one."""
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        # A temporary file is private (0600); the result should be as readable as any file written.
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The permissions `path` should have when replaced: those it has, or what open() would give."""
    import stat

    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask is to set it
        os.umask(umask)
        return 0o666 & ~umask


# --- One claim in full ---------------------------------------------------------------------------


def write_claim(
    console: Console, title: str, fields: Sequence[tuple[str, str]], passage: Passage | None
) -> None:
    """A claim's fields, then its quote highlighted inside the archived source text."""
    console.print(Text(visible(title), style="bold"))
    width = max((len(label) for label, _ in fields), default=0)
    for label, value in fields:
        console.print(Text(f"{label.ljust(width)}  ") + Text(visible(value)))
    if passage is None:
        return
    console.print()
    console.print(Text("In the archived source:", style="bold"))
    shown = Text(visible(passage.before))
    if console.is_terminal:
        shown.append(Text(visible(passage.quote), style="bold reverse"))
    else:
        shown.append(Text(f"»{visible(passage.quote)}«"))
    shown.append(Text(visible(passage.after)))
    console.print(shown)
