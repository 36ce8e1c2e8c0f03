"""Output writers, in one registry whose keys are the `--format` choices.

A writer writes a view (an answer) or a list of problems (a check), or both, to a text stream. The
table writer draws with rich on a terminal (`present.terminal`, imported only then) and writes plain
aligned columns anywhere else: no colour, no box drawing, no wrapping to a window width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from haiti_mss.core.dates import PartialDate
from haiti_mss.core.problems import Problem
from haiti_mss.present.text import cell_width, csv_cell, markdown_cell, visible
from haiti_mss.present.view import Column, Row, View
from haiti_mss.present.wording import check_summary, plural

if TYPE_CHECKING:
    from haiti_mss.analysis.archive import Passage

WriteView = Callable[[View, TextIO], None]
WriteProblems = Callable[[Sequence[Problem], dict[str, int], TextIO], None]


class Writer(NamedTuple):
    name: str
    help: str
    extensions: tuple[str, ...]  # of files this format is written to
    view: WriteView | None = None
    problems: WriteProblems | None = None


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# --- Tables ----------------------------------------------------------------------------------------


def write_table(view: View, stream: TextIO) -> None:
    """A rich table on a terminal; elsewhere plain columns."""
    if is_terminal(stream):
        from haiti_mss.present.terminal import write_table as draw

        draw(view, stream)
        return
    columns = [column for column in view.columns if column.min_terminal_width == 0]
    cells = [[visible(column.text(row)) for column in columns] for row in view.rows]
    title = visible(view.title) if view.title else None
    if not cells:
        stream.write("".join(f"{line}\n" for line in (title, "(none)") if line))
        return
    lines = [] if title is None else [title, ""]
    lines.extend(_aligned(columns, [[column.header for column in columns], *cells]))
    if view.notes:
        lines.append("")
        lines.extend(visible(note) for note in view.notes)
    stream.write("\n".join(lines) + "\n")


def _aligned(columns: Sequence[Column], rows: list[list[str]]) -> list[str]:
    """Rows of cells padded to their columns' widths, each cell measured once."""
    measured = [[cell_width(cell) for cell in row] for row in rows]
    widths = [max(column) for column in zip(*measured, strict=True)]
    numeric = [column.numeric for column in columns]
    lines = []
    for row, row_widths in zip(rows, measured, strict=True):
        padded = [
            " " * (width - size) + cell if right else cell + " " * (width - size)
            for right, width, cell, size in zip(numeric, widths, row, row_widths, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return lines


# --- Machine formats -----------------------------------------------------------------------------


def record(view: View, row: Row) -> Row:
    """A row as the JSON contract has it: the view's keys, in order, with JSON values."""
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


def _write_json_view(view: View, stream: TextIO) -> None:
    write_json([record(view, row) for row in view.rows], stream)


def _write_jsonl(view: View, stream: TextIO) -> None:
    import json

    for row in view.rows:
        stream.write(json.dumps(record(view, row), ensure_ascii=False, allow_nan=False) + "\n")


def write_csv(view: View, stream: TextIO) -> None:
    import csv  # here, not at the top: most runs write no CSV, and every run starts afresh

    writer = csv.writer(stream, lineterminator="\n")
    keys = view.keys
    writer.writerow([csv_cell(key) for key in keys])
    # Most cells are plain text, a number or empty: those are passed to the csv module as they are,
    # and only the rest go through csv_cell (a thousand rows of thirty columns each, every run).
    plain, safe_first = str, _SAFE_FIRST
    writer.writerows(
        [
            value
            if (value.__class__ is plain and value[:1] in safe_first) or value.__class__ is int
            else csv_cell(value)
            for value in map(row.get, keys)
        ]
        for row in view.rows
    )


# First characters that make text safe in a spreadsheet as it is: no formula, no leading space.
_SAFE_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\"'([.,;:/#$€£")


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


def write_claim(
    title: str, fields: Sequence[tuple[str, str]], passage: Passage | None, stream: TextIO
) -> None:
    """One claim in full: its fields, then its quote inside the archived text, highlighted on a
    terminal and between » « elsewhere. The passage is the archive's text as written."""
    if is_terminal(stream):
        from haiti_mss.present.terminal import write_claim as draw

        draw(stream, title, fields, passage)
        return
    lines = [visible(title)]
    width = max((len(label) for label, _ in fields), default=0)
    lines.extend(f"{label.ljust(width)}  {visible(value)}" for label, value in fields)
    if passage is not None:
        shown = f"{passage.before}»{passage.quote}«{passage.after}"
        lines += ["", "In the archived source:", visible(shown, keep_lines=True)]
    stream.write("\n".join(lines) + "\n")


# --- Problems --------------------------------------------------------------------------------------


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


def write_problems_text(problems: Sequence[Problem], summary: dict[str, int], stream: TextIO) -> None:
    for problem in problems:
        stream.write(problem_line(problem) + "\n")


def write_problems_json(problems: Sequence[Problem], summary: dict[str, int], stream: TextIO) -> None:
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


def write_problems_github(problems: Sequence[Problem], summary: dict[str, int], stream: TextIO) -> None:
    for problem in problems:
        stream.write(github_annotation(problem) + "\n")


# GitHub refuses a step summary over 1 MiB; a few hundred rows stay far below it, and the log has all.
SUMMARY_ROWS = 500


def write_problems_markdown(problems: Sequence[Problem], summary: dict[str, int], stream: TextIO) -> None:
    """The findings as a Markdown table, e.g. for a GitHub Actions step summary."""
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


# --- The registry ----------------------------------------------------------------------------------

WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        Writer("table", "a table for people", (".txt",), view=write_table),
        Writer(
            "text", "FILE:LINE:COLUMN lines, as editors and CI read them", (), problems=write_problems_text
        ),
        Writer("csv", "CSV for spreadsheets", (".csv",), view=write_csv),
        Writer("json", "JSON for scripts", (".json",), view=_write_json_view, problems=write_problems_json),
        Writer("jsonl", "JSON Lines: one object per line", (".jsonl",), view=_write_jsonl),
        Writer(
            "markdown",
            "Markdown for reports",
            (".md",),
            view=write_markdown,
            problems=write_problems_markdown,
        ),
        Writer("github", "GitHub Actions workflow annotations", (), problems=write_problems_github),
    )
}
VIEW_FORMATS = tuple(name for name, writer in WRITERS.items() if writer.view is not None)
_FORMAT_OF_EXTENSION = {
    extension: writer.name for writer in WRITERS.values() for extension in writer.extensions
}


def format_of_file(path: Path) -> str | None:
    """The format a file's extension names (`.csv` is csv, `.txt` a table), or None."""
    return _FORMAT_OF_EXTENSION.get(path.suffix.lower())


PROBLEM_FORMATS = tuple(name for name, writer in WRITERS.items() if writer.problems is not None)


def write_view(view: View, output_format: str, stream: TextIO) -> None:
    writer = WRITERS[output_format].view
    if writer is None:
        raise ValueError(f"{output_format} does not write answers")
    writer(view, stream)


def write_problems(
    problems: Sequence[Problem], summary: dict[str, int], output_format: str, stream: TextIO
) -> None:
    writer = WRITERS[output_format].problems
    if writer is None:
        raise ValueError(f"{output_format} does not write problems")
    writer(problems, summary, stream)
