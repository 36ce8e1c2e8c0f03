"""How completely the claims capture each source: figures cited, sentences quoted, claims by kind.

A figure (a count, an amount, a percentage, a date, a year) is *cited* when it lies inside a verified
quote of some claim, *ignored* when the source lists it under `ignore:` with a reason, and *not cited*
otherwise. Positions are in the source's normalised text, where quotes were verified.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from haiti_mss.records import KINDS, IgnoredFigure, SourceRecord
from haiti_mss.text import Figure, figures, normalise, sentences

if TYPE_CHECKING:
    from haiti_mss.archive import ArchivedText
    from haiti_mss.check import CheckResult
    from haiti_mss.load import Dataset

CITED, IGNORED, NOT_CITED = "cited", "ignored", "not cited"


@dataclass(frozen=True, slots=True)
class FigureStatus:
    figure: Figure
    status: str
    reason: str | None  # why an ignored figure is not a claim
    context: str  # the words around the figure, to find it in the text


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source: SourceRecord
    figures: tuple[FigureStatus, ...]
    sentences_quoted: int
    sentences_total: int
    claims_by_kind: dict[str, int]
    unused_ignores: tuple[int, ...]  # indexes into source.ignore that match no uncited figure

    def count(self, status: str) -> int:
        return sum(1 for item in self.figures if item.status == status)

    def counts(self) -> dict[str, int]:
        return {
            "total": len(self.figures),
            "cited": self.count(CITED),
            "ignored": self.count(IGNORED),
            "not_cited": self.count(NOT_CITED),
        }

    @property
    def accounted(self) -> int:
        """Figures cited or ignored with a reason."""
        return self.count(CITED) + self.count(IGNORED)


def source_coverage(
    source: SourceRecord, archived: ArchivedText, quoted_spans: list[tuple[int, int]], kinds: Counter[str]
) -> SourceCoverage:
    """Coverage of one source: its archived text, and where its verified quotes are."""
    text = archived.normalised
    quoted = _Quoted(quoted_spans)
    sorted_figures, unused = _sorted_figures(source, text, quoted)
    spans = sentences(archived.text, text)
    return SourceCoverage(
        source=source,
        figures=tuple(
            FigureStatus(figure, status, reason, _context(text, figure))
            for figure, status, reason in sorted_figures
        ),
        sentences_quoted=sum(1 for start, end in spans if quoted.touches(start, end)),
        sentences_total=len(spans),
        claims_by_kind={kind: kinds[kind] for kind in KINDS if kinds[kind]},
        unused_ignores=unused,
    )


def unused_ignores(
    source: SourceRecord, archived: ArchivedText, quoted_spans: list[tuple[int, int]]
) -> tuple[int, ...]:
    """The indexes of the source's `ignore:` entries that match no uncited figure."""
    return _sorted_figures(source, archived.normalised, _Quoted(quoted_spans))[1]


def _sorted_figures(
    source: SourceRecord, text: str, quoted: _Quoted
) -> tuple[list[tuple[Figure, str, str | None]], tuple[int, ...]]:
    """Each figure of the normalised text with its status (and an ignored one's reason); and the
    indexes of the ignore entries that matched no uncited figure."""
    reasons: dict[str, tuple[int, IgnoredFigure]] = {
        normalise(item.text): (index, item) for index, item in enumerate(source.ignore)
    }
    used: set[int] = set()
    sorted_figures: list[tuple[Figure, str, str | None]] = []
    for figure in figures(text):
        if quoted.covers(figure.start, figure.end):
            sorted_figures.append((figure, CITED, None))
        elif figure.text in reasons:
            index, item = reasons[figure.text]
            used.add(index)
            sorted_figures.append((figure, IGNORED, item.reason))
        else:
            sorted_figures.append((figure, NOT_CITED, None))
    return sorted_figures, tuple(index for index in range(len(source.ignore)) if index not in used)


def coverage(dataset: Dataset, result: CheckResult) -> list[SourceCoverage]:
    """Coverage of every source whose archived text was verified, in data order."""
    kinds: dict[str, Counter[str]] = {}
    for claim, _ in dataset.claims:
        kinds.setdefault(claim.source, Counter())[claim.kind] += 1
    return [
        source_coverage(
            source, result.texts[source.id], result.quoted.get(source.id, []), kinds.get(source.id, Counter())
        )
        for source, _ in dataset.sources
        if source.id in result.texts
    ]


def share_accounted(reports: list[SourceCoverage]) -> float:
    """Percentage of all figures that are cited or ignored with a reason (100 when there are none)."""
    total = sum(len(report.figures) for report in reports)
    return 100.0 if total == 0 else 100.0 * sum(report.accounted for report in reports) / total


class _Quoted:
    """The quoted spans of one source, searchable in log time: a source can have thousands."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        # furthest[i]: the furthest end of any span among the first i + 1 (ordered by start)
        self.furthest = list(accumulate((end for _, end in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        """Some single span holds all of [start, end)."""
        count = bisect_right(self.starts, start)
        return count > 0 and self.furthest[count - 1] >= end

    def touches(self, start: int, end: int) -> bool:
        """Some span shares a character with [start, end)."""
        count = bisect_left(self.starts, end)
        return count > 0 and self.furthest[count - 1] > start


_CONTEXT_WORDS = 4


def _context(text: str, figure: Figure) -> str:
    """The figure with a few words either side, as the text has them."""
    start, end = figure.start, figure.end
    for _ in range(_CONTEXT_WORDS):
        start = text.rfind(" ", 0, max(start - 1, 0)) + 1
        found = text.find(" ", end + 1)
        end = len(text) if found == -1 else found
    return text[start:end]
