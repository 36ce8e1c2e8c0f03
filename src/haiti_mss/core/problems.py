"""Problems are values: every stage returns them, none prints or raises them.

A `Problem` carries the file, line and column a curator can jump to, a stable kebab-case code from
`CATALOG`, and a message. Codes are a contract (CI scripts grep for them; the README lists them), so a
code is never renamed or reused for another meaning.

Each code carries, as yamllint's rules do, a failing and a passing data file: the README's catalog and
a parametrised test are made from them, so the documentation of a code is also its test. A code whose
failure cannot be written as a data file (bytes that are not UTF-8, a file over the size limit) has
no snippets and a test of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Stage(StrEnum):
    """Which stage finds a code: reading and validating a file, or a rule of `rules/`."""

    READ = "read"
    RULES = "rules"


class Code(NamedTuple):
    code: str
    severity: Severity
    stage: Stage
    summary: str
    example: str  # a line of data that triggers it, for the README's catalog
    failing: str | None = None  # a data file that gives exactly this problem…
    at: str | None = None  # …at this LINE:COLUMN
    passing: str | None = None  # and the same data put right (the plain snippet when not given)

    @property
    def put_right(self) -> str | None:
        """A data file without this problem: `passing`, or the snippet that `failing` changed."""
        if self.failing is None:
            return None
        return self.passing or SNIPPET


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


# --- Snippets ------------------------------------------------------------------------------------
# Every snippet is a change to one small, valid data file: a source archived in seeds/ and a claim.

SNIPPET_SOURCE = """sources:
  - id: nations-join
    file: seeds/004_a40b01aed8d90bdc.txt
    sha256: 26d8aef176f05c97691670e39a497c79e99a3e2963969bcb41dc9d9292de7e80
    title: Nations join the Kenya-led effort
    published: 2023-09
"""
SNIPPET_CLAIM = """  - id: ken-pledge
    kind: pledge
    source: nations-join
    quote: Kenya has promised to provide 1,000 security personnel to Haiti.
    as_of: 2023-09
    country: KEN
    personnel: 1000
    stage: committed
"""
SNIPPET = SNIPPET_SOURCE + "claims:\n" + SNIPPET_CLAIM
_PACT = """  - id: usa-ken-pact
    kind: event
    source: nations-join
    quote: was signed on Monday, September 25, during a meeting in Nairobi
    as_of: 2023-09-25
    event_type: agreement
    parties: [USA, KEN]
"""
_DRAFT = """  - id: usa-ecu-draft
    kind: vote
    source: nations-join
    quote: The US, which, along with Ecuador, has authored a draft resolution for the Security Council
    as_of: 2023-09
    action: draft_circulated
"""
# Money is in another article: a source archived in seeds/000…, and a claim of its amount.
_FUNDING_SOURCE = """  - id: us-abandons
    file: seeds/000_4698e5c2061155d6.txt
    sha256: c126e30ca9ab32734d011f44f558b47f8f6331a04b73c3bdd98756e4c10ad560
    title: U.S. Abandons Push for U.N. Peacekeeping Mission in Haiti
    published: 2024-09
"""
_FUNDING = """  - id: usa-support
    kind: funding
    source: us-abandons
    quote: the largest contributor to the multinational security operation, having allocated over $300 million
    as_of: 2024-09
    country: USA
    amount: 300000000
    currency: USD
    flow: contribution
    basis: cumulative
    qualifier: at_least
"""


def _changed(old: str, new: str, document: str = SNIPPET) -> str:
    """`document` with `old` replaced by `new`; `old` must be there, once."""
    if document.count(old) != 1:
        raise ValueError(f"{old!r} is not in the snippet exactly once")
    return document.replace(old, new)


def _with_claim(claim: str) -> str:
    return SNIPPET + claim


def _with_funding(claim: str) -> str:
    """The snippet with the article that gives an amount of money, and `claim` quoting it."""
    return SNIPPET_SOURCE + _FUNDING_SOURCE + "claims:\n" + SNIPPET_CLAIM + claim


E, W = Severity.ERROR, Severity.WARNING
READ, RULES = Stage.READ, Stage.RULES

CATALOG: dict[str, Code] = {
    code.code: code
    for code in (
        # Reading the file
        Code("file-unreadable", E, READ, "the data file cannot be read",
             "--data points at a folder without *.yaml files"),
        Code("file-too-large", E, READ, "the data file is larger than the loader accepts",
             "a 300 MB claims.yaml"),
        Code("not-utf8", E, READ, "the file is not valid UTF-8", "a Latin-1 byte 0xE9 for é"),
        Code("empty-file", E, READ, "the file holds no YAML document (empty, or comments only)",
             "# nothing yet", "# nothing yet\n", "1:1"),
        # YAML syntax and the strict subset
        Code("yaml-syntax", E, READ, "the YAML cannot be parsed", 'quote: "unclosed',
             _changed("quote: Kenya has", 'quote: "Kenya has'), "16:1"),
        Code("multiple-documents", E, READ, "the file holds more than one YAML document",
             "---\\nsources: []\\n---", SNIPPET + "---\nsources: []\n", "16:1"),
        Code("not-a-mapping", E, READ, "the top level is not a mapping of sources: and claims:",
             "- id: ken-pledge", "- id: ken-pledge\n", "1:1"),
        Code("duplicate-key", E, READ, "a key appears twice in one mapping (YAML would keep only the last)",
             "country: KEN\\ncountry: JAM", _changed("country: KEN\n", "country: KEN\n    country: JAM\n"),
             "14:5"),
        Code("non-string-key", E, READ, "a mapping key is not plain text", "1: one",
             _changed("    stage: committed\n", "    stage: committed\n    1: one\n"), "16:5"),
        Code("yaml-alias", E, READ, "anchors and aliases are not allowed (alias bombs; hidden sharing)",
             "quote: *q", _changed("    stage: committed\n", "    stage: committed\n    note: *q\n"),
             "16:11"),
        Code("yaml-merge-key", E, READ, "merge keys are not allowed", "<<: *defaults",
             _changed("    stage: committed\n", "    stage: committed\n    <<: {note: a note}\n"), "16:5"),
        Code("yaml-tag", E, READ, "explicit tags are not allowed", "note: !!python/object:os.system",
             _changed("    stage: committed\n", "    stage: committed\n    note: !!str a note\n"), "16:11"),
        Code("yaml-too-deep", E, READ, "nesting is deeper than any valid data file needs",
             "[[[[[[[[[[[[[[[[[[[[[[[",
             _changed("    stage: committed\n",
                      "    stage: committed\n    note: " + "[" * 20 + "]" * 20 + "\n"), "16:24"),
        Code("ambiguous-scalar", E, READ,
             "a plain value that YAML 1.1 and YAML 1.2 read differently (NO, 010, 1e5)", "country: NO",
             _changed("    stage: committed\n", "    stage: committed\n    note: yes\n"), "16:11"),
        # The schema
        Code("missing-field", E, READ, "a required field is missing", "a claim without quote:",
             _changed("    quote: Kenya has promised to provide 1,000 security personnel to Haiti.\n", ""),
             "8:5"),
        Code("unknown-field", E, READ, "a field the schema does not define (often a typo)", "qoute: ...",
             _changed("    stage: committed\n", "    stage: committed\n    qoute: a typo\n"), "16:5"),
        Code("wrong-type", E, READ, "a field has the wrong type", 'personnel: "1000"',
             _changed("personnel: 1000", 'personnel: "1000"'), "14:5"),
        Code("invalid-value", E, READ, "a field's value is not one of those allowed", "qualifier: roughly",
             _changed("    stage: committed\n", "    stage: committed\n    qualifier: roughly\n"), "16:5"),
        Code("unknown-kind", E, READ, "a claim's kind is not one of the six kinds", "kind: rumour",
             _changed("kind: pledge", "kind: rumour"), "9:5"),
        Code("invalid-id", E, READ, "an id is not a lowercase slug", "id: Kenya Pledge",
             _changed("id: ken-pledge", "id: Kenya Pledge"), "8:5"),
        Code("invalid-date", E, READ, "a date is malformed or does not exist", "as_of: 2024-02-30",
             _changed("as_of: 2023-09", "as_of: 2023-02-30"), "12:5"),
        Code("invalid-country", E, READ, "a country is not an ISO 3166-1 alpha-3 code", "country: KE",
             _changed("country: KEN", "country: KE"), "13:5"),
        Code("invalid-currency", E, READ, "a currency is not an ISO 4217 code", "currency: usd",
             _with_funding(_FUNDING.replace("currency: USD", "currency: usd")), "28:5",
             _with_funding(_FUNDING)),
        Code("control-character", E, READ, "text holds a control character or a bidi override",
             'note: "\\e[31m"',
             _changed("    stage: committed\n", '    stage: committed\n    note: "\\e[31m"\n'), "16:5"),
        Code("negative-number", E, READ, "a count or amount is negative", "personnel: -5",
             _changed("personnel: 1000", "personnel: -5"), "14:5"),
        # Cross-record rules
        Code("duplicate-id", E, RULES, "two records share an id", "id: ken-pledge (twice)",
             _with_claim(SNIPPET_CLAIM), "16:5"),
        Code("unknown-source", E, RULES, "a claim names a source that does not exist", "source: reuters-2024",
             _with_claim(SNIPPET_CLAIM.replace("ken-pledge", "ken-pledge-again").replace(
                 "source: nations-join", "source: nations-joined")), "18:5"),
        Code("unused-source", W, RULES, "a source has no claims", "a source no claim cites",
             _changed("claims:\n", SNIPPET_SOURCE.replace("sources:\n", "").replace(
                 "id: nations-join", "id: nations-join-twice") + "claims:\n"), "7:5"),
        # The archive
        Code("seed-missing", E, RULES, "the archived source file does not exist", "file: seeds/missing.txt",
             _changed("file: seeds/004_a40b01aed8d90bdc.txt", "file: seeds/missing.txt"), "3:5"),
        Code("seed-outside-archive", E, RULES, "the source file is not inside seeds/",
             "file: ../../etc/passwd",
             _changed("file: seeds/004_a40b01aed8d90bdc.txt", "file: ../../etc/passwd"), "3:5"),
        Code("seed-too-large", E, RULES, "the archived source file is larger than an article can be",
             "file: seeds/dump.txt (a 100 MB file)"),
        Code("seed-sha-mismatch", E, RULES, "the archived file changed since its sha256 was recorded",
             "sha256: 0000...", _changed("sha256: 26d8aef1", "sha256: 00000000"), "4:5"),
        # Quotes
        Code("quote-not-found", E, RULES, "the quote is not in the archived source text",
             "quote: 3100 pledged",
             _changed("provide 1,000 security", "provide 1000 security"), "11:5"),
        Code("quote-cuts-word", E, RULES, "the quote starts or ends inside a word of the source",
             "quote: enya has promised", _changed("quote: Kenya has", "quote: enya has"), "11:5"),
        Code("quote-too-short", E, RULES, "the quote is too short to identify a passage", 'quote: "400"',
             _changed("Kenya has promised to provide 1,000 security personnel to Haiti.", "1,000 security"),
             "11:5"),
        Code("figure-not-in-quote", W, RULES, "the claim's number does not appear in its quote",
             'personnel: 1500 with quote "...1,000..."', _changed("personnel: 1000", "personnel: 1500"),
             "14:5"),
        Code("qualifier-mismatch", W, RULES,
             "the quote qualifies the figure but the claim does not, or the reverse",
             'qualifier: exact with quote "up to 50"',
             _changed("    stage: committed\n", "    stage: committed\n    qualifier: at_least\n"), "16:5"),
        Code("resolution-not-in-quote", W, RULES, "a vote names a resolution its quote does not name",
             "resolution: S/RES/2699 (2023) with quote \"approved in October 2023\"",
             _with_claim(_DRAFT + "    resolution: S/RES/2699 (2023)\n"), "22:5", _with_claim(_DRAFT)),
        Code("weekday-mismatch", W, RULES, "a weekday in the quote disagrees with the claim's date",
             'as_of: 2024-09-29 with quote "on Monday"',
             _with_claim(_PACT.replace("2023-09-25", "2023-09-26")), "20:5", _with_claim(_PACT)),
        # Dates
        Code("date-after-published", E, RULES, "a reported fact is dated after its source was published",
             "as_of: 2025-01 in an article of 2024-09", _changed("as_of: 2023-09", "as_of: 2023-10"), "12:5"),
        Code("date-in-future", E, RULES, "a date is after today (pin today with MSS_TODAY)",
             "published: 2099-01-01", _changed("published: 2023-09", "published: 2099-01-01"), "6:5"),
        Code("mandate-before-as-of", E, RULES, "a mandate ends before the action that set it",
             "mandate_until: 2023-01 with as_of: 2024-09",
             _with_claim(_DRAFT + "    mandate_until: 2023-01\n"), "22:5", _with_claim(_DRAFT)),
        # Curation
        Code("unreviewed-draft", W, RULES, "a claim drafted by `mss draft` has not been reviewed",
             "review: draft", _changed("    stage: committed\n", "    stage: committed\n    review: draft\n"),
             "16:5"),
        # Coverage
        Code("unused-ignore", W, RULES, "an ignore entry matches no uncited figure in its source",
             'ignore: [{text: "1999", ...}]',
             _changed("    published: 2023-09\n",
                      '    published: 2023-09\n    ignore:\n      - text: "1999"\n        reason: a typo\n'),
             "8:9"),
    )
}  # fmt: skip
