"""Output: problems, tables, CSV, JSON and Markdown. The only module that imports rich.

Text that comes from the data is data. It is never parsed as rich markup (it is wrapped in `Text`),
control characters and bidi overrides are shown as visible escapes (`\\x1b`), and a CSV cell that a
spreadsheet would run as a formula is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

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
    document = {"summary": summary, "problems": [problem_dict(problem) for problem in problems]}
    json.dump(document, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


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
