"""What each answer shows: its rows, the keys of its CSV and JSON contract, and its table columns.

A view is data, not output: `render.write_view` writes it as a table, Markdown, CSV, JSON or JSON
Lines. Machine formats carry raw values (numbers, ISO dates, lists); tables show the same rows as people
read them ("≥400", "~$600M", "Sep 2024").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from haiti_mss.analysis.query import APART, DISPUTED, NO_BOUND, OTHER_BASIS, OTHER_CURRENCY, SEVERAL
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import KINDS, ClaimRecord, Corpus, SourceRecord
from haiti_mss.present.view import Column, Row, View
from haiti_mss.present.wording import (
    BASIS_WORDS,
    QUALIFIER_WORDS,
    age_days,
    count_text,
    dated,
    describe,
    figure_text,
    money_text,
    plural,
    words,
)

if TYPE_CHECKING:
    from haiti_mss.analysis.archive import Passage
    from haiti_mss.analysis.query import (
        Combined,
        Conflict,
        FundingSummary,
        Reported,
        SourceSummary,
        TroopsRow,
    )


class Shape(NamedTuple):
    """An answer's columns: the keys of its CSV and JSON contract, and what its table shows. The
    same for every answer of a kind, so that an answer kept in the index (its rows, title and
    notes) becomes the same view again."""

    keys: Sequence[str]
    columns: Sequence[Column]

    def view(self, rows: Sequence[Row], title: str | None = None, notes: Sequence[str] = ()) -> View:
        return View(self.keys, self.columns, rows, title, notes)


def kept(view: View) -> dict[str, Any]:
    """What the index keeps of an answer; `Shape.view(**kept)` makes the view again."""
    return {"rows": list(view.rows), "title": view.title, "notes": list(view.notes)}


def _date(key: str) -> Callable[[Row], str]:
    return lambda row: row[key].describe() if row.get(key) else ""


def _country(row: Row) -> str:
    if row["country"] is None:
        return row["country_name"]
    return f"{row['country_name']} ({row['country']})"


def citations(source_ids: Iterable[str], corpus: Corpus) -> list[str]:
    """Footer lines that map each cited source id to its title, outlet and date."""
    lines = []
    for source_id in dict.fromkeys(source_ids):
        source = corpus.sources.get(source_id)
        if source is not None:
            lines.append(f"[{source_id}] {source.shown_title} — {_outlet_and_date(source)}")
    return ["Sources:", *lines] if lines else []


def _outlet_and_date(source: SourceRecord) -> str:
    return f"{source.outlet or 'outlet not named'}, {source.published.describe()}"


def _with_agreement(text: str, sources: int) -> str:
    """A figure and how many sources give it."""
    return text + (f" ({sources} sources)" if sources > 1 else "")


# Where a cell may break when a terminal table wraps it: between a figure and its date, and
# between the items of a list; never inside a figure, a date or an id.
PART = " · "

DISPUTED_NOTE = (
    "≠ sources give different figures for the same period: every value is listed below with its "
    "sources, and nothing is worked out from it."
)

# --- Troops --------------------------------------------------------------------------------------


def _values(reported: Reported | None) -> list[Row]:
    """Every value a figure has, with its date and sources: one when sources agree."""
    if reported is None:
        return []
    return [
        {"value": stated.value, "qualifier": stated.qualifier, "as_of": stated.as_of,
         "sources": list(stated.sources)}
        for stated in reported.values
    ]  # fmt: skip


def _reported(prefix: str, reported: Reported | None) -> Row:
    return {
        prefix: reported.value if reported else None,
        f"{prefix}_qualifier": reported.qualifier if reported else None,
        f"{prefix}_as_of": reported.as_of if reported else None,
        f"{prefix}_sources": list(reported.sources) if reported else [],
        f"{prefix}_disputed": reported.disputed if reported else False,
        f"{prefix}_claims": _behind([reported] if reported else []),
    }


def _behind(figures: Iterable[Reported]) -> list[str]:
    """The ids of the claims that give `figures` (every value of each), the latest last: not part
    of any contract (CSV and JSON write only a view's keys), but what the HTML report links a
    figure to, and a derived figure (a gap, a total) to what it is worked out from."""
    claims = sorted(
        (claim for figure in figures for claim in figure.claims), key=lambda claim: claim.as_of.sort_key
    )
    return [claim.id for claim in claims]


def _figure_cell(row: Row, prefix: str, shown: Callable[[int, str | None], str]) -> str:
    """A figure as people read it (every value when sources disagree), with how many sources give
    it, its date and its age. `prefix` names its keys: `pledged`, `pledged_values`, …"""
    keys = _FIGURE_KEYS.get(prefix) or [prefix, *(f"{prefix}_{key}" for key in _FIGURE_PARTS)]
    value, qualifier, values, sources, as_of = (row[key] for key in keys)
    if len(values) > 1:
        text = " ≠ ".join(shown(stated["value"], stated["qualifier"]) for stated in values)
    else:
        text = _with_agreement(shown(value, qualifier), len(sources))
    when = dated(as_of, row["_reference"].last_day)
    return f"{text}{PART}{when}" if when else text


# The keys of a figure: `pledged`, `pledged_qualifier`, … in the troops contract; in the funding
# contract's, unprefixed.
_FIGURE_PARTS = ("qualifier", "values", "sources", "as_of")
_FIGURE_KEYS = {"amount": ["amount", *_FIGURE_PARTS]}


def _count_cell(prefix: str, missing: Callable[[Row], str]) -> Callable[[Row], str]:
    def cell(row: Row) -> str:
        if not row[f"{prefix}_values"]:
            return missing(row)
        return _figure_cell(row, prefix, count_text)

    return cell


def _bar(row: Row) -> str:
    pledged, deployed = row["pledged"], row["deployed"]
    if not pledged or deployed is None:
        return ""
    filled = round(min(deployed / pledged, 1.0) * 10)
    return "█" * filled + "░" * (10 - filled) + f" {deployed / pledged:.0%}"


# The troops contract: these keys, in this order, in JSON and CSV. New keys go at the end.
TROOPS_KEYS = (
    "country", "country_name",
    "pledged", "pledged_qualifier", "pledged_stage", "pledged_as_of", "pledged_sources", "pledged_disputed",
    "deployed", "deployed_qualifier", "deployed_as_of", "deployed_sources", "deployed_disputed",
    "on_the_ground",
    "target", "target_qualifier", "target_as_of", "target_sources", "target_disputed",
    "gap", "gap_qualifier", "as_of", "sources",
    "pledged_values", "deployed_values", "target_values",
    "pledged_age_days", "deployed_age_days", "target_age_days",
    "gap_as_of", "gap_not_computed",
)  # fmt: skip


def troops(rows: Sequence[TroopsRow], corpus: Corpus, reference: date) -> View:
    """One row per country (the mission first): its latest planned, pledged and deployed figures,
    each with its date, its age at `reference` (today, or the --as-of date) and its sources, and
    the gap between pledged and deployed where both are undisputed."""
    data = []
    for row in rows:
        gap = row.gap
        data.append(
            {
                "country": row.country,
                "country_name": corpus.name_of(row.country),
                **_reported("pledged", row.pledged),
                "pledged_stage": row.stage,
                **_reported("deployed", row.deployed),
                "on_the_ground": row.on_the_ground,
                **_reported("target", row.target),
                "gap": gap.value if gap else None,
                "gap_qualifier": gap.qualifier if gap else None,
                "as_of": row.as_of,
                "sources": list(row.sources),
                "pledged_values": _values(row.pledged),
                "deployed_values": _values(row.deployed),
                "target_values": _values(row.target),
                **{
                    f"{prefix}_age_days": age_days(figure.as_of, reference) if figure else None
                    for prefix, figure in (
                        ("pledged", row.pledged),
                        ("deployed", row.deployed),
                        ("target", row.target),
                    )
                },
                "gap_as_of": [part.as_of for part in gap.parts] if gap else [],
                "gap_not_computed": _not_computed(gap),
                "gap_claims": _behind(gap.parts if gap else []),
                "_reference": _day(reference),
            }
        )
    notes = []
    if any(row["gap"] is not None for row in data):
        notes.append(
            "gap: pledged minus deployed, each as of its own date (a pledge stands until it is "
            "revised); ≥ deployed gives ≤ gap, ≤ gives ≥, ~ stays ~."
        )
    figures = [("planned", "target_values"), ("pledged", "pledged_values"), ("deployed", "deployed_values")]
    notes.extend(_disputes(data, figures, _count_of, _country))
    notes.append(_ages(reference))
    notes.extend(citations((source for row in data for source in row["sources"]), corpus))
    return TROOPS.view(data, "Personnel by country: planned, pledged and deployed", notes)


def _ages(reference: date) -> str:
    return f"Ages are counted from the end of each figure's period to {_day(reference).describe()}."


def _not_computed(combined: Combined | None) -> str | None:
    """Why a gap or a total was not worked out, in words; None when it was (or had nothing to work
    from)."""
    if combined is None or combined.reason is None:
        return None
    parts = combined.parts
    if combined.reason == DISPUTED:
        return "a figure it would be worked out from is disputed"
    if combined.reason == NO_BOUND:
        shown = " and ".join(dict.fromkeys(QUALIFIER_WORDS[part.qualifier or "exact"] for part in parts))
        return f"no qualifier says what {shown} figures give together"
    if combined.reason == APART:
        return (
            "the figures are of periods that do not overlap ("
            + ", ".join(part.as_of.describe() for part in parts)
            + ")"
        )
    if combined.reason in (OTHER_BASIS, OTHER_CURRENCY, SEVERAL):
        described = "; ".join(dict.fromkeys(_described(part) for part in parts))
        why = {
            OTHER_BASIS: "amounts on different bases are not added or subtracted",
            OTHER_CURRENCY: "amounts in different currencies are not added or subtracted",
            SEVERAL: "more than one cost estimate could be meant",
        }[combined.reason]
        return f"{why}: {described}"
    return combined.reason


def _described(part: Reported) -> str:
    """What a funding figure is, for a reason: "cost estimate, annual, in USD, Sep 2024"."""
    claim = part.claims[0]
    basis = BASIS_WORDS.get(claim.basis or "", "of no stated basis")
    return f"{words(claim.flow)}, {basis}, in {claim.currency}, {part.as_of.describe()}"


def _gap_cell(row: Row) -> str:
    if row["gap"] is None:
        return "not computed" if row["gap_not_computed"] else ""
    text = count_text(row["gap"], row["gap_qualifier"])
    pledged, deployed = row["gap_as_of"]
    return f"{text}{PART}{pledged.describe()} − {deployed.describe()}"


def _disputes(data: Sequence[Row], figures: Sequence[tuple[str, str]], shown: Callable[[Row, Row], str],
              name: Callable[[Row], str]) -> list[str]:  # fmt: skip
    """A line for every disputed figure (`figures`: label and the key of its values): each value
    with its date and the sources that give it."""
    lines = []
    for row in data:
        for label, key in figures:
            values = row.get(key) or []
            if len(values) > 1:
                said = "; ".join(
                    f"{shown(row, stated)} as of {stated['as_of'].describe()} according to "
                    f"{', '.join(stated['sources'])}"
                    for stated in values
                )
                lines.append(f"{name(row)}, {label or words(row['flow'])}: {said}")
    return [DISPUTED_NOTE, *lines] if lines else []


def _count_of(row: Row, stated: Row) -> str:
    return count_text(stated["value"], stated["qualifier"])


def _pledge_without_figure(row: Row) -> str:
    return "no figure" if row["pledged_stage"] else ""


def _deployment_without_figure(row: Row) -> str:
    return "on the ground, no figure" if row["on_the_ground"] else ""


TROOPS = Shape(
    TROOPS_KEYS,
    [
        Column("country", _country, wrap=True),
        Column("planned", _count_cell("target", lambda row: "")),
        Column("pledged", _count_cell("pledged", _pledge_without_figure)),
        Column("stage", "pledged_stage"),
        Column("deployed", _count_cell("deployed", _deployment_without_figure)),
        Column("gap", _gap_cell),
        Column("deployed of pledged", _bar, min_terminal_width=140),
        Column("sources", "sources"),
    ],
)


_PERSONNEL_WHAT = {"target": "planned", "stock": "on the ground", "arrival": "arrived"}


def personnel_what(claim: ClaimRecord) -> str:
    """What a personnel claim reports: planned, pledged, on the ground or arrived."""
    return _PERSONNEL_WHAT.get(claim.stage or claim.measure or "", "pledged")


def personnel_claims(claims: Sequence[ClaimRecord], corpus: Corpus, title: str) -> View:
    """One row per personnel claim: `mss troops` (mission-wide over time) and `--by-country --all`."""
    data = [
        {
            "as_of": claim.as_of,
            "country": claim.country,
            "country_name": corpus.name_of(claim.country),
            "what": personnel_what(claim),
            "stage": claim.stage or claim.measure,
            "value": claim.personnel,
            "qualifier": claim.qualifier if claim.personnel is not None else None,
            "source": claim.source,
            "claim": claim.id,
            "quote": claim.quote,
        }
        for claim in claims
    ]
    return PERSONNEL_CLAIMS.view(data, title, citations((claim.source for claim in claims), corpus))


PERSONNEL_CLAIMS = Shape(
    ("as_of", "country", "country_name", "what", "stage", "value", "qualifier", "source", "claim", "quote"),
    [
        Column("as of", _date("as_of")),
        Column("country", _country, wrap=True),
        Column("what", "what"),
        Column("figure", lambda row: count_text(row["value"], row["qualifier"]) or "no figure", numeric=True),
        Column("source", "source"),
        Column("claim", "claim"),
    ],
)


# --- Funding -------------------------------------------------------------------------------------

_FLOW_TEXT = {"total_contributed": "contributed (total)", "gap": "gap: cost − contributed"}

# The funding contract: these keys, in this order, in JSON and CSV. New keys go at the end.
FUNDING_KEYS = (
    "donor", "donor_name", "flow", "amount", "currency", "qualifier", "as_of", "speaker", "sources",
    "disputed", "basis", "values", "age_days", "combined_as_of", "not_computed",
)  # fmt: skip


def funding(summary: FundingSummary, corpus: Corpus, reference: date) -> View:
    """One row per donor, flow, currency and basis with its latest amount, its date, age and
    sources; then what was contributed in all and the gap to the cost, each with the dates of what
    it combines, or why it could not be worked out."""
    data = [
        {
            "donor": row.donor,
            "donor_name": corpus.name_of(row.donor) if row.donor else None,
            "flow": row.flow,
            "amount": row.reported.value,
            "currency": row.currency,
            "qualifier": row.reported.qualifier,
            "as_of": row.reported.as_of,
            "speaker": "; ".join(
                dict.fromkeys(claim.speaker for claim in row.reported.claims if claim.speaker)
            )
            or None,
            "sources": list(row.reported.sources),
            "disputed": row.reported.disputed,
            "basis": row.basis,
            "values": _values(row.reported),
            "age_days": age_days(row.reported.as_of, reference),
            "combined_as_of": [],
            "not_computed": None,
            "_reference": _day(reference),
            "claims": _behind([row.reported]),
        }
        for row in summary.rows
    ]
    for flow, derived in (("total_contributed", summary.contributed), ("gap", summary.gap)):
        if derived is not None:
            data.append(
                {"donor": None, "donor_name": None, "flow": flow, "amount": derived.value,
                 "currency": summary.currency, "qualifier": derived.qualifier, "as_of": None, "speaker": None,
                 "sources": list(dict.fromkeys(source for part in derived.parts for source in part.sources)),
                 "disputed": False, "basis": summary.basis if derived.value is not None else None,
                 "values": [], "age_days": None,
                 "combined_as_of": [part.as_of for part in derived.parts],
                 "not_computed": _not_computed(derived), "_reference": _day(reference),
                 "claims": _behind(derived.parts)}
            )  # fmt: skip
    notes = []
    if summary.gap is not None and summary.gap.value is not None:
        notes.append(
            "gap: the cost estimate minus the latest contribution of each donor, added up, each as of its "
            "own date, on the same basis and in the same currency; ≥ contributed gives ≤ gap, ≤ gives ≥, "
            "~ stays ~."
        )
    notes.extend(
        f"{_FLOW_TEXT[row['flow']]}: not computed: {row['not_computed']}."
        for row in data
        if row["not_computed"]
    )
    notes.extend(_disputes(data, [("", "values")], _money_of, _donor))
    notes.append(_ages(reference))
    cited = citations((source for row in data for source in row["sources"]), corpus)
    return FUNDING.view(data, "Funding by donor and flow", [*notes, *cited])


def _day(when: date) -> PartialDate:
    """A day as answers keep dates."""
    return PartialDate(when.year, when.month, when.day)


def _money_of(row: Row, stated: Row) -> str:
    return money_text(stated["value"], row["currency"], stated["qualifier"])


def _donor(row: Row) -> str:
    return f"{row['donor_name']} ({row['donor']})" if row["donor"] else "—"


def _amount(row: Row) -> str:
    if row["flow"] not in _FLOW_TEXT:
        return _figure_cell(
            row, "amount", lambda value, qualifier: money_text(value, row["currency"], qualifier)
        )
    if row["amount"] is None:
        return "not computed"
    dates = [when.describe() for when in row["combined_as_of"]]
    if row["flow"] == "gap":  # the cost's date, then those of the contributions
        when = f"{dates[0]} − {', '.join(dict.fromkeys(dates[1:]))}"
    else:
        when = ", ".join(dict.fromkeys(dates))
    return f"{money_text(row['amount'], row['currency'], row['qualifier'])}{PART}{when}"


FUNDING = Shape(
    FUNDING_KEYS,
    [
        Column("donor", _donor, wrap=True),
        Column("flow", lambda row: _FLOW_TEXT.get(row["flow"], words(row["flow"])), wrap=True),
        Column("basis", lambda row: BASIS_WORDS.get(row["basis"] or "", ""), wrap=True),
        Column("amount", _amount),
        Column("according to", "speaker", wrap=True),
        Column("sources", "sources"),
    ],
)


# --- Votes and the timeline ----------------------------------------------------------------------


def votes(claims: Sequence[ClaimRecord], corpus: Corpus) -> View:
    data = [{key: getattr(claim, key, None) for key in VOTES.keys} | {"claim": claim.id} for claim in claims]
    notes = citations((claim.source for claim in claims), corpus)
    return VOTES.view(data, "Security Council actions", notes)


VOTES = Shape(
    ("as_of", "body", "action", "resolution", "mandate_until", "status", "source", "claim", "quote"),
    [
        Column("date", _date("as_of")),
        Column("action", lambda row: words(row["action"])),
        Column("resolution", "resolution"),
        Column("mandate until", _date("mandate_until")),
        Column("status", "status"),
        Column("source", "source"),
        Column("claim", "claim"),
    ],
)


def timeline(claims: Sequence[ClaimRecord], corpus: Corpus) -> View:
    data = [
        {
            "as_of": claim.as_of,
            "kind": claim.kind,
            "actor": claim.actor,
            "summary": describe(claim),
            "status": claim.status,
            "source": claim.source,
            "claim": claim.id,
        }
        for claim in claims
    ]
    return TIMELINE.view(data, "Timeline", citations((claim.source for claim in claims), corpus))


TIMELINE = Shape(
    ("as_of", "kind", "actor", "summary", "status", "source", "claim"),
    [
        Column("date", _date("as_of")),
        Column("kind", "kind"),
        Column("actor", "actor"),
        Column(
            "what",
            lambda row: row["summary"] + (" (scheduled)" if row["status"] == "scheduled" else ""),
            wrap=True,
        ),
        Column("source", "source"),
        Column("claim", "claim"),
    ],
)


# --- Claims, sources, conflicts --------------------------------------------------------------------

# The claims contract: these keys, in this order, in CSV, JSON and JSON Lines.
CLAIM_KEYS = (
    "id", "kind", "country", "value", "unit", "qualifier", "as_of", "source", "source_file", "quote", "note",
    "speaker", "status", "stage", "measure", "personnel_type", "flow", "action", "resolution",
    "mandate_until", "event_type", "parties", "stance", "on", "body", "review",
    "basis",
)  # fmt: skip


def claim_row(claim: ClaimRecord, corpus: Corpus) -> Row:
    source = corpus.sources.get(claim.source)
    row = {key: getattr(claim, key, None) for key in CLAIM_KEYS}
    if claim.value is None:  # no figure: nothing counted, nothing qualified
        row["qualifier"] = row["unit"] = None
    row["source_file"] = source.file if source else None
    row["parties"] = list(claim.parties)
    return row


def _figure(row: Row) -> str:
    return figure_text(row["value"], row["unit"], row["qualifier"])


def claims(selected: Sequence[ClaimRecord], corpus: Corpus) -> View:
    title = plural(len(selected), "claim")
    data = [claim_row(claim, corpus) for claim in selected]
    return CLAIMS.view(data, title, citations((claim.source for claim in selected), corpus))


CLAIMS = Shape(
    CLAIM_KEYS,
    [
        Column("claim", "id"),
        Column("kind", "kind"),
        Column("country", lambda row: row["country"] or ", ".join(row["parties"])),
        Column("figure", _figure, numeric=True),
        Column("as of", _date("as_of")),
        Column("source", "source"),
        Column("quote", "quote", wrap=True),
    ],
)


def sources(summaries: Sequence[SourceSummary]) -> View:
    data = [
        {
            "id": summary.source.id,
            "title": summary.source.title,
            "outlet": summary.source.outlet,
            "url": summary.source.url,
            "published": summary.source.published,
            "published_basis": summary.source.published_basis,
            "note": summary.source.note,
            "file": summary.source.file,
            "sha256": summary.source.sha256,
            "claims": summary.claims,
            **{kind: summary.claims_by_kind.get(kind, 0) for kind in KINDS},
            "retrieved": summary.source.retrieved,
            "archived_url": summary.source.archived_url,
            "title_is_headline": summary.source.title_is_headline,
        }
        for summary in summaries
    ]
    bases = [
        f"[{row['id']}] {row['published']}: {row['published_basis']}"
        for row in data
        if row["published_basis"]
    ]
    notes = ["How each publication date was established:", *bases] if bases else []
    return SOURCES.view(data, "Sources", notes)


SOURCES = Shape(
    (
        "id",
        "title",
        "outlet",
        "url",
        "published",
        "published_basis",
        "note",
        "file",
        "sha256",
        "claims",
        *KINDS,
        "retrieved",
        "archived_url",
        "title_is_headline",
    ),
    [
        Column("source", "id"),
        Column("published", _date("published")),
        Column("outlet", lambda row: row["outlet"] or "not named", wrap=True),
        Column(
            "title", lambda row: row["title"] if row["title_is_headline"] else f"[{row['title']}]", wrap=True
        ),
        Column("claims", "claims", numeric=True),
        Column("by kind", lambda row: ", ".join(f"{kind} {row[kind]}" for kind in KINDS if row[kind])),
    ],
)


def conflicts(found: Sequence[Conflict], corpus: Corpus) -> View:
    data = [
        {
            "conflict": number,
            "kind": conflict.kind,
            "country": conflict.country,
            "country_name": corpus.name_of(conflict.country),
            "about": conflict.about,
            "value": claim.value,
            "unit": claim.unit,
            "qualifier": claim.qualifier,
            "as_of": claim.as_of,
            "source": claim.source,
            "claim": claim.id,
            "quote": claim.quote,
        }
        for number, conflict in enumerate(found, start=1)
        for claim in conflict.claims
    ]
    title = plural(len(found), "conflicting figure") if found else "No conflicting figures"
    return CONFLICTS.view(data, title, citations((row["source"] for row in data), corpus))


CONFLICTS = Shape(
    (
        "conflict",
        "kind",
        "country",
        "country_name",
        "about",
        "value",
        "unit",
        "qualifier",
        "as_of",
        "source",
        "claim",
        "quote",
    ),
    [
        Column("#", "conflict", numeric=True),
        Column("kind", "kind"),
        Column("country", _country),
        Column("about", "about"),
        Column("figure", _figure, numeric=True),
        Column("as of", _date("as_of")),
        Column("source", "source"),
        Column("quote", "quote", wrap=True),
    ],
)


# --- Coverage ---------------------------------------------------------------------------------------


def coverage_by_source(document: Row) -> View:
    """One row per source of a coverage document (`analysis.coverage.document`)."""
    totals, reports = document["figures"], document["sources"]
    title = (
        f"Coverage: {totals['cited'] + totals['ignored']} of {totals['total']} figures cited or ignored "
        f"with a reason ({document['share_accounted']:.1f}%) across {plural(len(reports), 'source')}"
    )
    data = [
        {"source": report["id"], **report["figures"], "sentences_quoted": report["sentences"]["quoted"],
         "sentences": report["sentences"]["total"], "claims_by_kind": report["claims_by_kind"]}
        for report in reports
    ]  # fmt: skip
    columns = [
        Column("source", "source"),
        Column("figures", "total", numeric=True),
        Column("cited", "cited", numeric=True),
        Column("ignored", "ignored", numeric=True),
        Column("not cited", "not_cited", numeric=True),
        Column("sentences quoted", lambda row: f"{row['sentences_quoted']}/{row['sentences']}", numeric=True),
        Column("claims by kind", lambda row: ", ".join(f"{k} {n}" for k, n in row["claims_by_kind"].items())),
    ]
    return View((), columns, data, title)


def coverage_figures(document: Row, *, cited: bool = True) -> View:
    """One row per figure of every source of a coverage document (that lists them)."""
    data = [
        {"source": report["id"], "figure": item["text"], "status": item["status"],
         "where": item["reason"] or f"… {item['context']} …"}
        for report in document["sources"]
        for item in report["figure_list"]
    ]  # fmt: skip
    columns = [
        Column("source", "source"),
        Column("figure", "figure"),
        Column("status", "status"),
        Column("in the text, or why it is ignored", "where", wrap=True),
    ]
    return View(
        (), columns, data, "Figures" if cited else "Figures not cited: uncited, or ignored with a reason"
    )


# --- One claim in full ----------------------------------------------------------------------------

_LABELS = {
    "value": "figure",
    "as_of": "as of",
    "personnel_type": "personnel type",
    "event_type": "event type",
    "mandate_until": "mandate until",
    "source_file": "source file",
}


def claim_detail(claim: ClaimRecord, corpus: Corpus) -> tuple[str, list[tuple[str, str]]]:
    """A title and every field of a claim that has a value, as people read them."""
    row = claim_row(claim, corpus)
    if row["value"] is not None:
        row["value"] = _figure(row)
    if claim.country:
        row["country"] = f"{corpus.name_of(claim.country)} ({claim.country})"
    if (source := corpus.sources.get(claim.source)) is not None:
        row["source"] = f"{source.id}: {source.shown_title} ({_outlet_and_date(source)})"
    position = corpus.positions.get(claim.id)
    title = f"claim {claim.id}" + (f" — {position}" if position else "")
    fields = [
        (_LABELS.get(key, key), ", ".join(value) if isinstance(value, list) else str(value))
        for key, value in row.items()
        if value not in (None, [], "") and key not in ("id", "quote")
    ]
    return title, fields


def claim_document(claim: ClaimRecord, corpus: Corpus, passage: Passage | None) -> Row:
    return {
        "claim": claim_row(claim, corpus),
        "position": corpus.positions.get(claim.id),
        "passage": None if passage is None else {"before": passage.before, "quote": passage.quote,
                                                 "after": passage.after},
    }  # fmt: skip
