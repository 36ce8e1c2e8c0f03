"""Problems are values: every stage returns them, none prints or raises them.

A `Problem` carries the file, line and column a curator can jump to, a stable kebab-case code from
`CATALOG`, and a message. Codes are a contract (CI scripts grep for them; the README lists them), so a
code is never renamed or reused for another meaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Rule(NamedTuple):
    code: str
    severity: Severity
    summary: str
    example: str  # a line of data that triggers the rule, for the README's catalog


class Problem(NamedTuple):
    path: str
    line: int
    column: int
    code: str
    message: str
    claim_id: str | None = None

    @property
    def severity(self) -> Severity:
        return CATALOG[self.code].severity

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def of_severity(problems: Iterable[Problem], severity: Severity) -> list[Problem]:
    return [problem for problem in problems if problem.severity == severity]


def _catalog(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


E, W = Severity.ERROR, Severity.WARNING

CATALOG: dict[str, Rule] = _catalog(
    # Reading the file
    Rule(
        "file-unreadable",
        E,
        "the data file cannot be read",
        "--data points at a directory without *.yaml files",
    ),
    Rule(
        "file-too-large",
        E,
        "the data file is larger than the loader accepts",
        "a 300 MB claims.yaml",
    ),
    Rule("not-utf8", E, "the file is not valid UTF-8", "a Latin-1 byte 0xE9 for é"),
    Rule(
        "empty-file",
        E,
        "the file holds no YAML document (empty, or comments only)",
        "# nothing yet",
    ),
    # YAML syntax and the strict subset
    Rule("yaml-syntax", E, "the YAML cannot be parsed", 'quote: "unclosed'),
    Rule(
        "multiple-documents",
        E,
        "the file holds more than one YAML document",
        "---\\nsources: []\\n---",
    ),
    Rule(
        "not-a-mapping",
        E,
        "the top level is not a mapping of sources: and claims:",
        "- id: ken-pledge",
    ),
    Rule(
        "duplicate-key",
        E,
        "a key appears twice in one mapping (YAML would keep only the last)",
        "country: KEN\\ncountry: JAM",
    ),
    Rule("non-string-key", E, "a mapping key is not plain text", "1: one"),
    Rule(
        "yaml-alias",
        E,
        "anchors and aliases are not allowed (alias bombs; hidden sharing)",
        "quote: *q",
    ),
    Rule("yaml-merge-key", E, "merge keys are not allowed", "<<: *defaults"),
    Rule("yaml-tag", E, "explicit tags are not allowed", "note: !!python/object:os.system"),
    Rule(
        "yaml-too-deep",
        E,
        "nesting is deeper than any valid data file needs",
        "[[[[[[[[[[[[[[[[[[[[[[[",
    ),
    Rule(
        "ambiguous-scalar",
        E,
        "a plain value that YAML 1.1 and YAML 1.2 read differently (NO, 010, 1e5)",
        "country: NO",
    ),
    # The schema
    Rule("missing-field", E, "a required field is missing", "a claim without quote:"),
    Rule("unknown-field", E, "a field the schema does not define (often a typo)", "qoute: ..."),
    Rule("wrong-type", E, "a field has the wrong type", 'personnel: "1000"'),
    Rule("invalid-value", E, "a field's value is not one of those allowed", "qualifier: roughly"),
    Rule("unknown-kind", E, "a claim's kind is not one of the six kinds", "kind: rumour"),
    Rule("invalid-id", E, "an id is not a lowercase slug", "id: Kenya Pledge"),
    Rule("invalid-date", E, "a date is malformed or does not exist", "as_of: 2024-02-30"),
    Rule("invalid-country", E, "a country is not an ISO 3166-1 alpha-3 code", "country: KE"),
    Rule("invalid-currency", E, "a currency is not an ISO 4217 code", "currency: usd"),
    Rule(
        "control-character",
        E,
        "text holds a control character or a bidi override",
        'note: "\\e[31m"',
    ),
    Rule("negative-number", E, "a count or amount is negative", "personnel: -5"),
    # Cross-record rules
    Rule("duplicate-id", E, "two records share an id", "id: ken-pledge (twice)"),
    Rule("unknown-source", E, "a claim names a source that does not exist", "source: reuters-2024"),
    Rule("unused-source", W, "a source has no claims", "a source no claim cites"),
    # The archive
    Rule("seed-missing", E, "the archived source file does not exist", "file: seeds/missing.txt"),
    Rule("seed-outside-archive", E, "the source file is not inside seeds/", "file: ../../etc/passwd"),
    Rule(
        "seed-sha-mismatch",
        E,
        "the archived file changed since its sha256 was recorded",
        "sha256: 0000...",
    ),
    # Quotes
    Rule("quote-not-found", E, "the quote is not in the archived source text", "quote: 3100 pledged"),
    Rule(
        "quote-cuts-word",
        E,
        "the quote starts or ends inside a word of the source",
        "quote: enya has promised",
    ),
    Rule("quote-too-short", E, "the quote is too short to identify a passage", 'quote: "400"'),
    Rule(
        "figure-not-in-quote",
        W,
        "the claim's number does not appear in its quote",
        'personnel: 1500 with quote "...1,000..."',
    ),
    Rule(
        "qualifier-mismatch",
        W,
        "the quote qualifies the figure but the claim does not, or the reverse",
        'qualifier: exact with quote "up to 50"',
    ),
    Rule(
        "weekday-mismatch",
        W,
        "a weekday in the quote disagrees with the claim's date",
        'as_of: 2024-09-29 with quote "on Monday"',
    ),
    # Dates
    Rule(
        "date-after-published",
        E,
        "a reported fact is dated after its source was published",
        "as_of: 2025-01 in an article of 2024-09",
    ),
    Rule(
        "date-in-future",
        E,
        "a date is after today (pin today with MSS_TODAY)",
        "published: 2099-01-01",
    ),
    Rule(
        "mandate-before-as-of",
        E,
        "a mandate ends before the action that set it",
        "mandate_until: 2023-01 with as_of: 2024-09",
    ),
    # Coverage
    Rule(
        "unused-ignore",
        W,
        "an ignore entry matches no uncited figure in its source",
        'ignore: [{text: "1999", ...}]',
    ),
)
