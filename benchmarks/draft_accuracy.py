"""Measure `mss draft` on articles written for the purpose, against their hand coding.

    python benchmarks/draft_accuracy.py                                          # the test set
    python benchmarks/draft_accuracy.py --articles tests/fixtures/articles-dev   # the development set

The eight articles of tests/fixtures/articles were written and coded before the drafter existed, and
the drafter is not tuned on them (see that folder's README): it is developed on the articles of
tests/fixtures/articles-dev (and seeds/), and measured on the test set. Any folder holding articles
and a coding.yaml in the same format can be measured. This script archives each article (its
.txt, and the HTML and PDF variants through `mss archive`'s extractors) into a scratch project, runs
the drafter as `mss draft --write` does, writes every draft into the data and checks it as
`mss check` does, then prints, per article and overall:

- **figures proposed**: the share of the figures a careful curator codes (coding.yaml `figures:`) for
  which a draft states that very figure (its quote covers the figure where the article prints it)
  with the right value and unit — and the right country where the coding names one;
- **quotes verify**: the share of drafts whose quote `mss check` finds in the archive (no
  quote-not-found, quote-cuts-word or quote-too-short);

and, for the figures proposed, how often the draft's kind and main field, qualifier and `as_of`
agree with the coding; drafts of repeated figures and of distractors; and the checks' warnings on
the figure. Quotes and figures are compared after the project's own normalisation. A report, never a
test: the exit status is 0 whatever the shares are.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from haiti_mss.analysis.text import find_quote, normalise
from haiti_mss.core.dates import PartialDate
from haiti_mss.curate.draft import Draft, draft_source
from haiti_mss.curate.extract import read_article
from haiti_mss.curate.insert import appended
from haiti_mss.engine.workspace import Workspace

TEST_ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"
TODAY = date(2026, 6, 1)  # after every article's publication
QUOTE_CODES = {"quote-not-found", "quote-cuts-word", "quote-too-short"}
FIGURE_CODES = {"figure-not-in-quote", "qualifier-mismatch", "weekday-mismatch"}
MAIN_FIELD = {"deployment": "measure", "pledge": "stage", "funding": "flow"}


@dataclass
class Tally:
    coded: int = 0
    proposed: int = 0
    drafts: int = 0
    verified: int = 0
    agree: Counter[str] = field(default_factory=Counter)
    repeats: int = 0
    distractors: int = 0
    other: int = 0
    warnings: int = 0
    missed: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "coded",
            "proposed",
            "drafts",
            "verified",
            "repeats",
            "distractors",
            "other",
            "warnings",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.agree.update(other.agree)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--articles", type=Path, default=TEST_ARTICLES, help="a folder of articles and their coding.yaml"
    )
    articles = parser.parse_args(argv).articles
    coding = yaml.safe_load((articles / "coding.yaml").read_text(encoding="utf-8"))["articles"]
    folder = Path(tempfile.mkdtemp(prefix="mss-draft-accuracy-"))
    try:
        rows = measure(articles, coding, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(report(rows))
    return 0


def measure(articles: Path, coding: list[dict[str, Any]], folder: Path) -> list[tuple[str, Tally]]:
    """Archive every article and variant, draft them all, write the drafts, check, and compare."""
    (folder / "seeds").mkdir()
    data = folder / "data" / "claims.yaml"
    data.parent.mkdir()
    texts: dict[str, tuple[str, dict[str, Any]]] = {}  # source id -> (archived text, its coding)
    entries = []
    for number, article in enumerate(coding):
        files = [
            (article["file"], "txt"),
            *((variant["file"], variant["kind"]) for variant in article["variants"]),
        ]
        for file, form in files:
            text = read_article(articles / file).archived_bytes
            name = f"{len(entries):03d}_{hashlib.sha256(text).hexdigest()[:16]}.txt"
            (folder / "seeds" / name).write_bytes(text)
            source_id = f"article-{number + 1:02d}-{form}"
            texts[source_id] = (text.decode("utf-8"), article)
            entries.append({
                "id": source_id, "file": f"seeds/{name}", "sha256": hashlib.sha256(text).hexdigest(),
                "title": article["title"], "published": PartialDate.parse(article["published"]),
            })  # fmt: skip
    data.write_bytes(appended(b"", "sources", entries, "claims.yaml").data)
    drafted = {}
    for source_id in texts:  # one after the other, as a curator runs `mss draft --write`: ids stay unique
        drafts = draft_source(Workspace(data, TODAY, use_index=False), source_id).drafts
        drafted[source_id] = drafts
        if drafts:
            data.write_bytes(
                appended(data.read_bytes(), "claims", [d.fields for d in drafts], "claims.yaml").data
            )
    problems: dict[str, set[str]] = {}
    for problem in Workspace(data, TODAY, use_index=False).problems:
        problems.setdefault(problem.claim_id or "", set()).add(problem.code)
    return [
        (source_id, compare(text, article, drafted[source_id], problems))
        for source_id, (text, article) in texts.items()
    ]


def compare(text: str, article: dict[str, Any], drafts: list[Draft], problems: dict[str, set[str]]) -> Tally:
    normalised = normalise(text)
    tally = Tally(coded=len(article["figures"]), drafts=len(drafts))
    placed = [(draft, _figure_span(draft, normalised)) for draft in drafts]
    for draft, _ in placed:
        codes = problems.get(draft.id, set())
        tally.verified += not (codes & QUOTE_CODES)
        tally.warnings += bool(codes & FIGURE_CODES)
    used: set[str] = set()
    for figure in article["figures"]:
        span = _coded_span(figure["quote"], figure["text"], normalised)
        match = next(
            (
                draft
                for draft, where in placed
                if draft.id not in used and where is not None and span is not None and _same(where, span)
                and _value(draft) == figure["value"] and _unit(draft) == figure["unit"]
                and (figure["country"] is None or draft.fields.get("country") == figure["country"])
            ),
            None,
        )  # fmt: skip
        if match is None:
            tally.missed.append(f"{figure['id']} ({figure['text']!r})")
            continue
        used.add(match.id)
        tally.proposed += 1
        fields = match.fields
        tally.agree["kind and main field"] += fields["kind"] == figure["kind"] and fields.get(
            MAIN_FIELD[figure["kind"]]
        ) == figure.get(MAIN_FIELD[figure["kind"]])
        tally.agree["qualifier"] += fields.get("qualifier", "exact") == figure["qualifier"]
        tally.agree["as_of"] += str(fields["as_of"]) == figure["as_of"]
        tally.agree["country (null too)"] += fields.get("country") == figure["country"]
    others = [(draft, where) for draft, where in placed if draft.id not in used]
    for _, where in others:
        if where is not None and any(_inside(where, item, normalised) for item in article.get("repeats", [])):
            tally.repeats += 1
        elif where is not None and any(
            _inside(where, item, normalised) for item in article.get("not_claims", [])
        ):
            tally.distractors += 1
        else:
            tally.other += 1
    return tally


def _figure_span(draft: Draft, normalised: str) -> tuple[int, int] | None:
    """Where the draft's figure is printed: the figure's text inside the draft's quote."""
    quote = normalise(draft.fields["quote"])
    start = find_quote(quote, normalised)
    if start is None:
        return None
    inside = quote.find(normalise(draft.figure))
    return None if inside < 0 else (start + inside, start + inside + len(normalise(draft.figure)))


def _coded_span(quote: str, figure_text: str, normalised: str) -> tuple[int, int] | None:
    start = find_quote(normalise(quote), normalised)
    if start is None:
        return None
    inside = normalise(quote).find(normalise(figure_text))
    return None if inside < 0 else (start + inside, start + inside + len(normalise(figure_text)))


def _same(one: tuple[int, int], other: tuple[int, int]) -> bool:
    return one[0] < other[1] and other[0] < one[1]


def _inside(where: tuple[int, int], item: dict[str, Any], normalised: str) -> bool:
    span = _coded_span(item["context"], item["text"], normalised)
    return span is not None and _same(where, span)


def _value(draft: Draft) -> int | None:
    return draft.fields.get("personnel", draft.fields.get("amount"))


def _unit(draft: Draft) -> str:
    return draft.fields["currency"] if draft.fields["kind"] == "funding" else "personnel"


def report(rows: list[tuple[str, Tally]]) -> str:
    lines = [
        "| article | coded figures | proposed right | share | drafts | quotes verify | share | kind+field "
        "| qualifier | as_of | country | repeats drafted | distractors drafted | other | warned |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    texts, variants = Tally(), Tally()
    for source_id, tally in rows:
        (variants if not source_id.endswith("-txt") else texts).add(tally)
        lines.append(_line(source_id, tally))
    count = sum(1 for source_id, _ in rows if source_id.endswith("-txt"))
    lines.append(_line(f"**all {count} articles (.txt)**", texts))
    lines.append(_line("the HTML and PDF variants", variants))
    missed = [f"- {source_id}: {', '.join(tally.missed)}" for source_id, tally in rows if tally.missed]
    return "\n".join([*lines, "", "Figures not proposed right:", *missed])


def _line(name: str, tally: Tally) -> str:
    def share(part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}%" if whole else "—"

    agree = [share(tally.agree[key], tally.proposed) for key in ("kind and main field", "qualifier", "as_of",
                                                                 "country (null too)")]  # fmt: skip
    proposed, verified = share(tally.proposed, tally.coded), share(tally.verified, tally.drafts)
    return (
        f"| {name} | {tally.coded} | {tally.proposed} | {proposed} | {tally.drafts} "
        f"| {tally.verified} | {verified} | {' | '.join(agree)} "
        f"| {tally.repeats} | {tally.distractors} | {tally.other} | {tally.warnings} |"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
