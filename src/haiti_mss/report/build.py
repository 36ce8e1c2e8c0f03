"""The report: the checked data as one HTML page that works offline, with the claim behind every figure.

What the page guarantees:
- each section is the view (`present.views`) of the query (`analysis.query`) that the matching
  command answers with, under the same filters, and each table cell is the text that command's
  table shows: the page says nothing the command line would not;
- every figure links to the card of each claim behind it, and every card a link names is in the
  page; a claim card gives the claim's fields as `mss show` does, its quote highlighted in its
  archived passage, and its source's title, outlet, date and how that date was established;
- text from the data is escaped (jinja2's autoescape); the page runs no script and loads nothing,
  and its Content-Security-Policy forbids both;
- the same data, filters and day give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import partial
from importlib.resources import files
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from haiti_mss import __version__
from haiti_mss.analysis import query
from haiti_mss.analysis.archive import Archive, Passage, passage_around
from haiti_mss.analysis.filters import Filters
from haiti_mss.core.records import ClaimRecord, Corpus, SourceRecord
from haiti_mss.engine.workspace import Workspace
from haiti_mss.present import views
from haiti_mss.present.view import Column, Row, View
from haiti_mss.present.wording import describe, plural, scope_text
from haiti_mss.report import charts

TITLE = "The MSS mission in Haiti: who pledged, who deployed, who paid — and who says so"
STYLESHEET = files("haiti_mss.report").joinpath("templates", "report.css")

# The personnel figures a chart over time shows, by what `views.personnel_what` calls them; arrivals
# are increments, not a number on the ground, and stay in the tables.
CHARTED = ("planned", "pledged", "on the ground")


class Cell(NamedTuple):
    """A table cell: the text the command line's table shows, and the cards it links to."""

    text: str
    claims: Sequence[str] = ()  # the claims behind a figure, latest last
    # No one claim gives the figure: it is worked out from its claims (a total, a gap), or it is
    # every value of a dispute. Its claims are numbered, and its text links to none of them.
    combined: bool = False
    sources: Sequence[str] = ()  # the sources a cell names


class Header(NamedTuple):
    text: str
    kind: str  # "num", "date" or "": how the column's cells are laid out

    @property
    def attribute(self) -> Markup:
        """The class of the column's cells, as an attribute of <td> and <th>."""
        return Markup(f' class="{self.kind}"') if self.kind else Markup()


class Table(NamedTuple):
    title: str | None
    headers: Sequence[Header]
    rows: Sequence[Sequence[Cell]]
    notes: Sequence[str]
    claims: frozenset[str]  # every claim a cell links to
    sources: frozenset[str]  # every source a cell names


class Links(NamedTuple):
    """Which cells of a table link to cards: a column's header, and the row's key that holds the
    ids of the claims (or sources) behind it; and when a column's figure is combined (see Cell)."""

    claims: Mapping[str, str]
    sources: Mapping[str, str]
    combined: Mapping[str, Callable[[Row], bool]] = {}


def _always(row: Row) -> bool:
    return True


def _disputed(prefix: str) -> Callable[[Row], bool]:
    return lambda row: row[f"{prefix}_disputed"]


def _derived_funding(row: Row) -> bool:
    return row["flow"] in DERIVED_FLOWS


def _combined_funding(row: Row) -> bool:
    return _derived_funding(row) or row["disputed"]


TROOPS_LINKS = Links(
    {
        "planned": "target_claims",
        "pledged": "pledged_claims",
        "deployed": "deployed_claims",
        "gap": "gap_claims",
    },
    {"sources": "sources"},
    {
        "planned": _disputed("target"),
        "pledged": _disputed("pledged"),
        "deployed": _disputed("deployed"),
        "gap": _always,
    },
)
FUNDING_LINKS = Links({"amount": "claims"}, {"sources": "sources"}, {"amount": _combined_funding})
# Tables of one claim per row: personnel figures, votes, conflicts; the timeline's "what" holds its figure.
CLAIM_ROW_LINKS = Links({"figure": "claim", "claim": "claim"}, {"source": "source"})
TIMELINE_LINKS = Links({"what": "claim", "claim": "claim"}, {"source": "source"})
SOURCES_LINKS = Links({}, {"source": "id"})
COVERAGE_LINKS = Links({}, {"source": "source"})
# Columns of dates, which a narrow table should not break over two lines.
DATE_HEADERS = ("as of", "date", "published", "mandate until")
DERIVED_FLOWS = ("total_contributed", "gap")


class Built(NamedTuple):
    html: Iterator[str]  # the page in pieces, made as they are written: a page can be 200 MB
    claims: int  # in the report
    total_claims: int  # in the data
    content_hash: str  # of the data, as `mss export` gives it


def page(opened: Workspace, filters: Filters, reference: date, today: date) -> Built:
    """The report of the checked data `opened` under `filters`, built on `today`; the ages of its
    figures are counted to `reference` (today, or the end of --as-of), as the queries count them."""
    report = Report(opened, filters, reference, today)
    context = report.context()
    return Built(render(context), len(report.timeline), len(report.corpus.claims), context["content_hash"])


class Report:
    """The sections of one report, each from the query and view its command uses."""

    def __init__(self, opened: Workspace, filters: Filters, reference: date, today: date) -> None:
        self.corpus = opened.corpus()
        # The data's version as `mss export` gives it, of every claim it exports.
        self.exported = opened.corpus(include_retired=True)
        self.coverage = opened.coverage()
        self.filters, self.reference, self.today = filters, reference, today
        self.timeline = query.timeline(self.corpus, filters)

    def context(self) -> dict[str, Any]:
        from haiti_mss.export import records

        corpus, filters = self.corpus, self.filters
        troops_rows = query.troops_by_country(corpus, filters)
        troops = views.troops(troops_rows, corpus, self.reference)
        personnel = views.personnel_claims(
            [claim for row in troops_rows for claim in row.claims],
            corpus,
            "Every personnel figure, by country",
        )
        funding = views.funding(query.funding(corpus, filters), corpus, self.reference)
        charted = views.PERSONNEL_CLAIMS.view(
            [row for row in personnel.rows if row["value"] is not None and row["what"] in CHARTED],
            "The figures the chart shows",
        )
        sources = views.sources(query.sources(corpus, filters))
        shown_sources = {row["id"] for row in sources.rows}
        coverage = views.coverage_by_source(self.coverage)
        tables = {
            "troops": table(troops, TROOPS_LINKS),
            "charted": table(charted, CLAIM_ROW_LINKS),
            "funding": table(funding, FUNDING_LINKS),
            "votes": table(views.votes(query.votes(corpus, filters), corpus), CLAIM_ROW_LINKS),
            "timeline": table(views.timeline(self.timeline, corpus), TIMELINE_LINKS),
            "conflicts": table(views.conflicts(query.conflicts(corpus, filters), corpus), CLAIM_ROW_LINKS),
            "sources": table(sources, SOURCES_LINKS),
            "coverage": table(
                coverage._replace(rows=[row for row in coverage.rows if row["source"] in shown_sources]),
                COVERAGE_LINKS,
            ),
        }
        claims = self._cards(tables.values())
        return {
            "title": TITLE,
            "filters": scope_text(filters),
            "counts": {
                "claims": plural(len(self.timeline), "claim"),
                "sources": plural(len({claim.source for claim in self.timeline}), "source"),
            },
            "overview": overview(troops, funding, tables),
            "tables": tables,
            "charts": {"personnel": personnel_chart(charted), "funding": funding_chart(funding)},
            "claims": claims,
            "cell": partial(cell_html, numbers={card.claim.id: card.number for card in claims}),
            "sources": self._source_cards(tables.values(), claims),
            "content_hash": records(self.exported).content_hash,
            "version": __version__,
            "today": self.today.isoformat(),
        }

    def _cards(self, tables: Iterable[Table]) -> list[ClaimCard]:
        """A card for every claim a table links to, in the order of the timeline."""
        linked = frozenset().union(*(table.claims for table in tables))
        archive = Archive(self.corpus.root)
        cards = []
        for claim in self.timeline:
            if claim.id in linked:
                source = self.corpus.sources[claim.source]
                passage = passage_around(archive.get(source.file), claim.quote)
                cards.append(claim_card(claim, len(cards) + 1, self.corpus, passage))
        return cards

    def _source_cards(self, tables: Iterable[Table], claims: Sequence[ClaimCard]) -> list[SourceRecord]:
        """A card for every source a table or a claim card names, in the data's order."""
        named = frozenset().union(
            *(table.sources for table in tables), (card.claim.source for card in claims)
        )
        return [source for source_id, source in self.corpus.sources.items() if source_id in named]


def table(view: View, links: Links) -> Table:
    """A view as the command line's table shows it, the same columns and cell texts, with the claims
    behind each figure and the sources each cell names."""
    columns = [column for column in view.shown_columns() if column.min_terminal_width == 0]
    keys = [
        (
            column.text,
            links.claims.get(column.header),
            links.combined.get(column.header),
            links.sources.get(column.header),
        )
        for column in columns
    ]
    claims: set[str] = set()
    sources: set[str] = set()
    rows = []
    for row in view.rows:
        cells = []
        for text, claim_key, combined, source_key in keys:
            behind, named = _ids(row, claim_key), _ids(row, source_key)
            claims.update(behind)
            sources.update(named)
            cells.append(Cell(text(row), behind, bool(combined and combined(row)), named))
        rows.append(cells)
    headers = [Header(column.header, _kind(column)) for column in columns]
    return Table(view.title, headers, rows, _page_notes(view.notes), frozenset(claims), frozenset(sources))


def _kind(column: Column) -> str:
    if column.numeric:
        return "num"
    return "date" if column.header in DATE_HEADERS else ""


def _ids(row: Row, key: str | None) -> Sequence[str]:
    value = row.get(key) if key else None
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


def cell_html(cell: Cell, numbers: Mapping[str, int]) -> Markup:
    """A cell in the page: a figure links to the card of its latest claim, and is followed by the
    numbers of every claim behind it when there are several (a combined figure: only the numbers);
    source ids link to their cards. Written here rather than as a template macro: a large report
    has millions of cells."""
    text = _parts(cell.text)
    if cell.claims:
        latest = cell.claims[-1]
        refs = _refs(cell.claims, numbers) if cell.combined or len(cell.claims) > 1 else ""
        if cell.combined:
            return Markup(f"{text}{refs}")
        return Markup(
            f'<a class="fig" href="#claim-{escape(latest)}" data-n="{numbers[latest]}">{text}</a>{refs}'
        )
    if cell.sources:
        return Markup(", ").join(
            Markup(f'<a class="src" href="#source-{escape(source)}">{escape(source)}</a>')
            for source in cell.sources
        )
    return text


def _parts(text: str) -> Markup:
    """A cell's text, escaped, each of its parts (a figure, its date and age) kept on one line: a
    narrow column breaks it only where the command line's table would, between them."""
    if views.PART not in text:
        return escape(text)
    return Markup(views.PART).join(
        Markup('<span class="part">%s</span>') % part for part in text.split(views.PART)
    )


def _refs(claims: Sequence[str], numbers: Mapping[str, int]) -> str:
    links = ", ".join(
        f'<a href="#claim-{escape(claim)}" aria-label="claim {numbers[claim]}">{numbers[claim]}</a>'
        for claim in claims
    )
    return f'<sup class="refs">[{links}]</sup>'


def _page_notes(notes: Sequence[str]) -> list[str]:
    """A view's notes without its "Sources:" lines: the page links each source to its card."""
    return list(notes[: list(notes).index("Sources:")] if "Sources:" in notes else notes)


# --- Overview --------------------------------------------------------------------------------------


class KeyFigure(NamedTuple):
    label: str
    cell: Cell
    as_of: str


def overview(troops: View, funding: View, tables: Mapping[str, Table]) -> dict[str, Any]:
    """The headline figures as the tables give them: of the troops table, the mission's row (or the
    one country's, when a report is of one country), and the funding's cost and totals. Of several
    missions, the headline is the latest declared mission's, named: figures of two missions are never
    set side by side as one mission's."""
    figures, subject = [], None
    latest = troops.rows[-1]["mission"] if troops.rows else None
    several = len({row["mission"] for row in (*troops.rows, *funding.rows)}) > 1
    headline = [
        index for index, row in enumerate(troops.rows) if row["country"] is None and row["mission"] == latest
    ]
    if not headline and len(troops.rows) == 1:
        headline = [0]
    if headline:
        row, cells = troops.rows[headline[0]], _cells(tables["troops"], headline[0])
        subject = f"{row['mission']}, {cells['country'].text}" if several else cells["country"].text
        for header, prefix in (("planned", "target"), ("pledged", "pledged"), ("deployed", "deployed")):
            if row[f"{prefix}_values"]:
                figures.append(_key_figure(header, cells[header]))
    for index, row in enumerate(funding.rows):
        if row["flow"] in ("cost_estimate", *DERIVED_FLOWS) and (not several or row["mission"] == latest):
            cells = _cells(tables["funding"], index)
            figures.append(_key_figure(cells["flow"].text, cells["amount"]))
    return {"subject": subject, "figures": figures}


def _key_figure(label: str, cell: Cell) -> KeyFigure:
    """A figure large, and its date (and age) under it: the parts of its cell."""
    figure, _, when = cell.text.partition(views.PART)
    return KeyFigure(label, cell._replace(text=figure), when)


def _cells(shown: Table, index: int) -> dict[str, Cell]:
    """Row `index` of a table by header (of two columns with one header, the first)."""
    cells: dict[str, Cell] = {}
    for header, cell in zip(shown.headers, shown.rows[index], strict=True):
        cells.setdefault(header.text, cell)
    return cells


# --- Charts ----------------------------------------------------------------------------------------


class Chart(NamedTuple):
    """A chart drawn twice, for wide screens and paper and for phones, and the same in words."""

    wide: Markup
    narrow: Markup
    words: Sequence[str]
    words_id: str


def _text(shape: views.Shape, header: str, row: Row) -> str:
    """What the column `header` of a command's table shows for `row`."""
    return next(column for column in shape.columns if column.header == header).text(row)


def personnel_chart(charted: View) -> Chart | None:
    """The figures of `charted` over time, a panel per country in the order of the troops table; of
    several missions, a panel per country per mission, never one series across two missions."""
    by_country: dict[str, list[Row]] = {}
    several = len({row["mission"] for row in charted.rows}) > 1
    for row in charted.rows:
        country = _text(views.PERSONNEL_CLAIMS, "country", row)
        by_country.setdefault(f"{row['mission']}, {country}" if several else country, []).append(row)
    if not by_country:
        return None
    panels = [charts.Panel(country, [_mark(row) for row in rows]) for country, rows in by_country.items()]
    words = [_panel_in_words(country, rows) for country, rows in by_country.items()]
    drawn = {
        width: charts.personnel_over_time(
            panels, prefix=f"personnel-{width}", narrow=width == "narrow", described_by="personnel-words"
        )
        for width in ("wide", "narrow")
    }
    return Chart(drawn["wide"], drawn["narrow"], words, "personnel-words")


def _mark(row: Row) -> charts.Mark:
    when = row["as_of"]
    return charts.Mark(
        row["what"], when.first_day, when.last_day, row["value"], row["qualifier"], f"claim-{row['claim']}"
    )


def _panel_in_words(country: str, rows: Sequence[Row]) -> str:
    """A panel as a sentence: each series' figures in date order, or the first and the latest of many."""
    parts = []
    for series in CHARTED:
        said = [
            f"{_text(views.PERSONNEL_CLAIMS, 'figure', row)} ({_text(views.PERSONNEL_CLAIMS, 'as of', row)})"
            for row in rows
            if row["what"] == series
        ]
        if len(said) > 3:
            said = [said[0], f"… {said[-1]}, {len(said)} figures in all"]
        if said:
            parts.append(f"{series} {', '.join(said)}")
    return f"{country}: {'; '.join(parts)}."


def funding_chart(funding: View) -> Chart | None:
    """A bar per row of the funding table, in its order; a panel per currency."""
    by_currency: dict[str, list[charts.Bar]] = {}
    words = []
    several = len({row["mission"] for row in funding.rows}) > 1
    for row in funding.rows:
        donor = _text(views.FUNDING, "donor", row) if row["donor"] else ""
        mission = row["mission"] if several else ""
        label = views.PART.join(part for part in (mission, donor, _text(views.FUNDING, "flow", row)) if part)
        amount = _text(views.FUNDING, "amount", row)
        words.append(f"{label}: {amount}")
        if row["amount"] is None:  # a total or a gap not worked out, or a disputed figure: no bar
            continue
        derived = _derived_funding(row)
        anchor = None if derived else f"claim-{row['claims'][-1]}"
        figure = amount.partition(views.PART)[0]
        by_currency.setdefault(row["currency"], []).append(
            charts.Bar(label, row["amount"], figure, derived, anchor)
        )
    if not by_currency:
        return None
    groups = [charts.BarGroup(currency, bars) for currency, bars in by_currency.items()]
    drawn = {
        width: charts.funding_by_flow(
            groups, prefix=f"funding-{width}", narrow=width == "narrow", described_by="funding-words"
        )
        for width in ("wide", "narrow")
    }
    return Chart(drawn["wide"], drawn["narrow"], ["; ".join(words) + "."], "funding-words")


# --- Cards -----------------------------------------------------------------------------------------


class ClaimCard(NamedTuple):
    claim: ClaimRecord
    number: int
    heading: str
    fields: Sequence[tuple[str, str]]
    source: SourceRecord
    passage: Passage | None


def claim_card(claim: ClaimRecord, number: int, corpus: Corpus, passage: Passage | None) -> ClaimCard:
    """A claim's fields as `mss show` gives them, but its source, which the card gives in full."""
    _, fields = views.claim_detail(claim, corpus)
    subject = corpus.name_of(claim.country) if claim.country else claim.actor or "Mission-wide"
    heading = f"{subject}: {describe(claim)}, {claim.as_of.describe()}"
    shown = [(label, value) for label, value in fields if label != "source"]
    return ClaimCard(claim, number, heading, shown, corpus.sources[claim.source], passage)


# --- The page --------------------------------------------------------------------------------------


def content_security_policy(stylesheet: str) -> str:
    """No script, no request of any kind; only the page's one stylesheet, by its hash. Charts carry
    presentation attributes, not style attributes, so nothing needs 'unsafe-inline'."""
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode("utf-8")).digest()).decode("ascii")
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'none'",
            f"style-src 'sha256-{digest}'",
            "img-src data:",  # the marks of a chart of thousands are an image inside its SVG
            "font-src 'none'",
            "connect-src 'none'",
            "media-src 'none'",
            "object-src 'none'",
            "frame-src 'none'",
            "worker-src 'none'",
            "manifest-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render(context: Mapping[str, Any]) -> Iterator[str]:
    stylesheet = STYLESHEET.read_text(encoding="utf-8")
    environment = Environment(
        loader=PackageLoader("haiti_mss.report", "templates"),
        autoescape=True,  # every {{ }} is escaped unless it is Markup: the charts, the stylesheet
        undefined=StrictUndefined,  # a name the template misspells fails the build
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.generate(
        **context, stylesheet=Markup(stylesheet), csp=content_security_policy(stylesheet)
    )
