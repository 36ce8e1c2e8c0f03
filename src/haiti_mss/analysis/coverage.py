"""How completely the claims capture each source: figures cited, sentences quoted, claims by kind.

A figure (a count, an amount, a percentage, a date, a year) is *cited* when it lies inside a verified
quote of some claim, *ignored* when the source lists it under `ignore:` with a reason, and *not cited*
otherwise (`figures.classify`). Positions are in the source's normalised text, where quotes were
verified; what is shown of the text (a figure's context) is the archived text as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from haiti_mss.analysis.archive import Archive, ArchivedText, ArchiveError
from haiti_mss.analysis.figures import CITED, IGNORED, NOT_CITED, Figure, Quoted, classify
from haiti_mss.analysis.text import sentences
from haiti_mss.core.records import KINDS, Corpus, SourceRecord


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
    classified, _ = classify(source, text, quoted_spans)
    spans = sentences(archived.text, text)
    quoted = Quoted(quoted_spans)
    return SourceCoverage(
        source=source,
        figures=tuple(
            FigureStatus(item.figure, item.status, item.reason, _context(archived, item.figure))
            for item in classified
        ),
        sentences_quoted=sum(1 for start, end in spans if quoted.touches(start, end)),
        sentences_total=len(spans),
        claims_by_kind={kind: kinds[kind] for kind in KINDS if kinds[kind]},
    )


def share_accounted(reports: list[SourceCoverage]) -> float:
    """Percentage of all figures that are cited or ignored with a reason (100 when there are none)."""
    total = sum(len(report.figures) for report in reports)
    return 100.0 if total == 0 else 100.0 * sum(report.accounted for report in reports) / total


_CONTEXT_WORDS = 4


def _context(archived: ArchivedText, figure: Figure) -> str:
    """The figure with a few words either side, as the archive has them (the text as written, not
    as it is matched), within the figure's line."""
    text = archived.normalised
    start, end = figure.start, figure.end
    for _ in range(_CONTEXT_WORDS):
        start = text.rfind(" ", 0, max(start - 1, 0)) + 1
        found = text.find(" ", end + 1)
        end = len(text) if found == -1 else found
    original = archived.text
    first, last = archived.mapped.span(start, end)
    figure_start, figure_end = archived.mapped.span(figure.start, figure.end)
    first = max(first, original.rfind("\n", 0, figure_start) + 1)
    line_end = original.find("\n", figure_end)
    return original[first : last if line_end == -1 else min(last, line_end)].strip()


def document(
    root: Path, corpus: Corpus, quoted: Mapping[str, list[tuple[int, int]]], texts: Mapping[str, ArchivedText]
) -> dict[str, Any]:
    """Coverage of every source whose archived text is intact, in data order, as a plain document:
    what `mss coverage --format json` writes, what its tables show, and what the index keeps.
    `texts` are the intact texts at hand; any other is read from the archive and verified."""
    archive = Archive(root)
    kinds: dict[str, Counter[str]] = {}
    for claim in corpus.claims:
        kinds.setdefault(claim.source, Counter())[claim.kind] += 1
    reports = []
    for source in corpus.sources.values():
        text = texts.get(source.id) or _intact(archive, source)
        if text is not None:
            reports.append(
                source_coverage(
                    source, text, list(quoted.get(source.id, ())), kinds.get(source.id, Counter())
                )
            )
    totals = {"total": 0, "cited": 0, "ignored": 0, "not_cited": 0}
    for report in reports:
        for key, count in report.counts().items():
            totals[key] += count
    return {
        "share_accounted": round(share_accounted(reports), 2),
        "figures": totals,
        "sources": [
            {
                "id": report.source.id,
                "file": report.source.file,
                "figures": report.counts(),
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


def without_cited(document: dict[str, Any]) -> dict[str, Any]:
    """A coverage document whose figure lists hold only figures not cited (ignored or not)."""
    return {
        **document,
        "sources": [
            {**report, "figure_list": [item for item in report["figure_list"] if item["status"] != CITED]}
            for report in document["sources"]
        ],
    }


def _intact(archive: Archive, source: SourceRecord) -> ArchivedText | None:
    try:
        text = archive.get(source.file)
    except ArchiveError:
        return None
    return text if text.sha256 == source.sha256 else None
