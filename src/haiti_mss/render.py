"""Output: problems, tables, CSV, JSON and Markdown. The only module that imports rich.

Text that comes from the data is data. It is never parsed as rich markup (it is wrapped in `Text`),
control characters and bidi overrides are shown as visible escapes (`\\x1b`), and a CSV cell that a
spreadsheet would run as a formula is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from haiti_mss.coverage import CITED, IGNORED, NOT_CITED, SourceCoverage
from haiti_mss.problems import Problem

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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def check_summary(summary: dict[str, int]) -> str:
    """One line: what was checked and what was found."""
    return (
        f"mss check: {_plural(summary['claims'], 'claim')} and {_plural(summary['sources'], 'source')} "
        f"in {_plural(summary['files'], 'file')}: {_plural(summary['errors'], 'error')}, "
        f"{_plural(summary['warnings'], 'warning')}"
    )


# --- Tables ----------------------------------------------------------------------------------


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console that never reads markup or emoji codes in what it prints; rich honours NO_COLOR."""
    return Console(file=stream, width=width, markup=False, emoji=False, highlight=False, soft_wrap=False)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    numeric: bool = False


def write_table(
    console: Console,
    columns: Sequence[Column],
    rows: Iterable[Sequence[str]],
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> None:
    """A rich table on a terminal; elsewhere plain columns, no colour, no box drawing, no wrapping."""
    cells = [[visible(cell) for cell in row] for row in rows]
    if console.is_terminal:
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
        for column in columns:
            table.add_column(column.header, justify="right" if column.numeric else "left", overflow="fold")
        for row in cells:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        for note in notes:
            console.print(Text(visible(note), style="dim"))
        return
    lines = [] if title is None else [visible(title), ""]
    lines.extend(_aligned(columns, [[column.header for column in columns], *cells]))
    if notes:
        lines.append("")
        lines.extend(visible(note) for note in notes)
    console.file.write("\n".join(lines) + "\n")


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


def write_json(document: Any, stream: TextIO) -> None:
    """JSON for scripts: UTF-8 text, never NaN or Infinity."""
    json.dump(document, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


# --- Coverage --------------------------------------------------------------------------------


def coverage_document(reports: Sequence[SourceCoverage], share: float) -> dict[str, Any]:
    return {
        "share_accounted": round(share, 2),
        "figures": _figure_counts(reports),
        "sources": [
            {
                "id": report.source.id,
                "file": report.source.file,
                "figures": _figure_counts([report]),
                "sentences": {"quoted": report.sentences_quoted, "total": report.sentences_total},
                "claims_by_kind": report.claims_by_kind,
                "figure_list": [
                    {
                        "text": item.figure.text,
                        "kind": item.figure.kind,
                        "status": item.status,
                        "reason": item.reason,
                        "context": item.context,
                    }
                    for item in report.figures
                ],
            }
            for report in reports
        ],
    }


def _figure_counts(reports: Sequence[SourceCoverage]) -> dict[str, int]:
    return {
        "total": sum(len(report.figures) for report in reports),
        "cited": sum(report.count(CITED) for report in reports),
        "ignored": sum(report.count(IGNORED) for report in reports),
        "not_cited": sum(report.count(NOT_CITED) for report in reports),
    }


def write_coverage(console: Console, reports: Sequence[SourceCoverage], share: float) -> None:
    counts = _figure_counts(reports)
    summary = (
        f"Coverage: {counts['cited'] + counts['ignored']} of {counts['total']} figures cited or ignored "
        f"with a reason ({share:.1f}%) across {_plural(len(reports), 'source')}"
    )
    write_table(
        console,
        [Column("source"), Column("figures", True), Column("cited", True), Column("ignored", True),
         Column("not cited", True), Column("sentences quoted", True), Column("claims by kind")],
        [
            [report.source.id, *(str(value) for value in _figure_counts([report]).values()),
             f"{report.sentences_quoted}/{report.sentences_total}",
             ", ".join(f"{kind} {count}" for kind, count in report.claims_by_kind.items())]
            for report in reports
        ],
        title=summary,
    )  # fmt: skip
    console.print()
    write_table(
        console,
        [Column("source"), Column("figure"), Column("status"), Column("in the text, or why it is ignored")],
        [
            [report.source.id, item.figure.text, item.status, item.reason or f"… {item.context} …"]
            for report in reports
            for item in report.figures
        ],
        title="Figures",
    )
