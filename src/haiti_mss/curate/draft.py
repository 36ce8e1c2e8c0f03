"""Drafts of claims for the figures of a source that no claim cites and no `ignore:` entry explains.

For each such figure (`analysis.figures`: digits and words), the drafter reads the words around it:

- **what it counts** (`curate.counts`): money (a currency sign, code or word) is `funding`, unless it
  converts the amount before it or is paid per person; a count is a head count when its noun counts
  personnel, or when the noun is left out ("the 400 who arrived", "add 300 more", "Guatemala 150")
  in a clause about personnel. Ages, parts of names and numbers, casualties, the Haitian police, a
  departure, and any other figure (a date, a year, a percentage, a count of something else) are not
  drafted but listed, with the reason, for the curator to cite or ignore;
- **the kind and fields** (`curate.words`): a head count is a `deployment` ("arrived", "on the
  ground", "has 400") or a `pledge` ("pledged", "offered", "authorised", and anything still to come:
  "would arrive", "are expected"); the verb of the figure's own relative clause wins ("the 2,500 the
  Council envisaged"); stage, measure, personnel type, flow, basis and currency from the same
  words; the qualifier as `mss check` reads it ("about", "up to", "as many as", "more than");
- **the country** (`curate.actors`): from a demonym of its noun phrase, the clause, a relative
  clause, "respectively" or "each", or the sentences before when the clause names none; none for a
  figure of the mission as a whole; one claim per country for a figure that is each one's;
- **the date** (`as_of`): the date expression nearest the figure in its clause, else its sentence,
  read against the publication date (`curate.when`); not one that dates another figure's clause;
  without one, the publication date. Every date worked out is explained in `note`;
- **the quote**: the shortest run of whole clauses of its sentence that holds the figure with its
  qualifier, its country and the words that say what it is — or the whole sentence — taken from the
  archive as written (curly quotes and dashes kept) and verified against it the way `mss check`
  verifies quotes, along with the figure and qualifier it must state.

A figure stated twice for the same thing is drafted once, and a headline's figure only when the body
does not state it; the repeat is listed. Every draft carries `review: draft`, so that `mss check`
warns and answers leave it out until a curator has read it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from haiti_mss.analysis.figures import CURRENCY_WORDS, NOT_CITED, Figure, classify, figures, qualifier_before
from haiti_mss.analysis.text import MIN_QUOTE_WORDS, find_quote, normalise
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import SourceRecord
from haiti_mss.curate.actors import SPEAKER, Actors
from haiti_mss.curate.counts import conversion_or_rate, head_count
from haiti_mss.curate.ids import unique
from haiti_mss.curate.passages import Passage, Passages, Span, trimmed
from haiti_mss.curate.places import Mention
from haiti_mss.curate.when import Dated, dates_in
from haiti_mss.curate.words import (
    BASIS_PATTERNS,
    CUE_PATTERNS,
    CURRENCY_BEFORE,
    FLOW_PATTERNS,
    FUTURE,
    HAS_BEFORE,
    NOUN_AFTER,
    PERSONNEL_TYPES,
    QUALIFYING,
    SCALE_WORDS,
)

if TYPE_CHECKING:
    from haiti_mss.engine.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed claim: its fields in the order the data writes them, ready to paste or insert."""

    fields: dict[str, Any]
    figure: str  # the figure as the text writes it

    @property
    def id(self) -> str:
        return self.fields["id"]

    @property
    def yaml(self) -> str:
        """The claim as a YAML list entry, indented to sit under `claims:`."""
        from haiti_mss.curate.insert import render_entries

        return "\n".join(render_entries([self.fields])) + "\n"

    @property
    def json(self) -> dict[str, Any]:
        return {
            key: str(value) if isinstance(value, PartialDate) else value for key, value in self.fields.items()
        }


@dataclass(frozen=True, slots=True)
class Undrafted:
    """A figure not drafted, and why: it is not a head count or money, or it repeats a draft."""

    figure: str
    kind: str
    context: str
    reason: str


@dataclass(slots=True)
class Drafted:
    source: SourceRecord
    drafts: list[Draft] = field(default_factory=list)
    undrafted: list[Undrafted] = field(default_factory=list)


class SourceNotFound(LookupError):
    pass


def draft_source(workspace: Workspace, source_id: str) -> Drafted:
    """The drafts for a source, and the figures it does not draft."""
    from haiti_mss.analysis.archive import Archive

    corpus = workspace.corpus(include_drafts=True, include_retired=True)  # no id is ever used twice
    source = corpus.sources.get(source_id)
    if source is None:
        raise SourceNotFound(source_id)
    archived = Archive(corpus.root).get(source.file)
    quoted = workspace.checked.quoted().get(source_id, [])
    taken = {claim.id for claim in corpus.claims}
    return Drafter(source, archived.text, taken).drafted(quoted)


# --- Reading the words around a figure -----------------------------------------------------------

_FLOW_WORDS = {"contribution": "contribution", "pledge": "pledge", "cost_estimate": "cost",
               "fund_balance": "fund-balance", "request": "request"}  # fmt: skip
_QUALIFIER_IN_ID = {"at_least": "over", "at_most": "up-to", "approx": "about", "exact": ""}
_NOT_DRAFTED = {
    "date": "a date: cite it in the claim it dates, or ignore it",
    "year": "a year: cite it in the claim it dates, or ignore it",
    "percent": "a percentage: mss codes head counts and money",
    "token": "a name with digits, not a figure",
    "duration": "a length of time: mss codes head counts and money",
}
_NO_SENSE = "no head count or money in the words around it"
_DEPARTURE = "a departure: mss records arrivals and stocks, not who went home"
_REQUEST = "a request for personnel: an event, not a head count"
_REIMBURSEMENT = "a reimbursement: money the mission pays a contributor, not money for the mission"
# "If every offer were honoured tomorrow, the force would number about 6,400."
_HYPOTHETICAL = re.compile(r"[\"']?(?:If|Were|Should|Had)\s")
# "the 400 who arrived", "the $489 million the Secretary-General had requested": a figure with "the"
# before it and a verb after it is what that verb says.
_DEFINITE_BEFORE = re.compile(
    r"\bthe\s(?:(?:first|remaining|other|next|last|full|whole|entire|initial|rest\sof\sthe)\s)?"
    rf"(?:(?:{QUALIFYING})\s)?$",
    re.IGNORECASE,
)
_TO_PUNCTUATION = re.compile(r"[^,;:.()\"]{0,70}")
# "from 170 to more than 200": the first is what there is, the second what there will be.
_FROM_TO = re.compile(rf"\bfrom\s(?:(?:{QUALIFYING})\s)?$")
_TO_NEXT = re.compile(r"\sto\s(?:[a-z]+\s){0,3}\d")
# Between a head count's noun and its own verb: "250 Salvadorans already serving".
_OWN_VERB = re.compile(r"\s(?:(?:who|that|already|still|now|currently|have|has|had|were|are|was|is)\s)*")
# An offer keeps its stage when nobody in particular makes it ("offers … total more than 3,000").
_OFFER = re.compile(r"offer|announc", re.IGNORECASE)
# The qualifier words that may stand before a figure; the quote must keep them.
_LOOK_BACK = 24


class Drafter:
    """Drafts for one source's text."""

    def __init__(self, source: SourceRecord, text: str, taken: Iterable[str]) -> None:
        self.source = source
        self.passages = Passages(text)
        self.text = self.passages.normalised
        self.taken = set(taken)
        self.actors = Actors(self.passages)

    @cached_property
    def _figures(self) -> list[Figure]:
        return figures(self.text)

    @cached_property
    def _headline(self) -> Span | None:
        """The headline: the first paragraph when it is the source's title, or a line that ends
        without a full stop before the body starts."""
        first = self.passages.sentences[0] if self.passages.sentences else None
        if first is None or len(self.passages.sentences) < 2:
            return None
        words = self.text[first.sentence[0] : first.sentence[1]]
        if words == normalise(self.source.title) or not words.rstrip("\"'").endswith("."):
            return first.sentence
        return None

    def drafted(self, quoted: list[tuple[int, int]]) -> Drafted:
        """Drafts for the figures that no quote of `quoted` (where verified quotes sit) covers and
        no `ignore:` entry explains. A figure of the headline is drafted only if the body does not
        state it: the body says what it counts and when."""
        result = Drafted(self.source)
        classified, _ = classify(self.source, self.text, quoted)
        uncited = [item.figure for item in classified if item.status == NOT_CITED]
        headline = self._headline
        in_headline = [f for f in uncited if headline is not None and headline[0] <= f.start < headline[1]]
        repeats = _Repeats()
        drafted: list[tuple[int, Draft]] = []
        for figure in [f for f in uncited if f not in in_headline] + in_headline:
            reason, proposals = self._claims(figure)
            if figure in in_headline and proposals:
                stated = next(
                    (draft for _, draft in drafted if _same_figure(draft.fields, proposals[0].fields)), None
                )
                if stated is not None:
                    reason, proposals = f"the headline repeats the figure of {stated.id}", []
            if not proposals:
                result.undrafted.append(Undrafted(figure.text, figure.kind, self._context(figure), reason))
            for proposed in proposals:
                if (repeated := repeats.of(proposed)) is not None:
                    reason = f"repeats the figure of {repeated}"
                    result.undrafted.append(
                        Undrafted(figure.text, figure.kind, self._context(figure), reason)
                    )
                    continue
                fields = {"id": self._id(proposed.fields), **proposed.fields}
                self.taken.add(fields["id"])
                repeats.add(proposed, fields["id"])
                drafted.append((figure.start, Draft(fields, figure.text)))
        result.drafts = [draft for _, draft in sorted(drafted, key=lambda item: item[0])]
        return result

    # -- one figure ----------------------------------------------------------------------------------

    def _claims(self, figure: Figure) -> tuple[str, list[_Proposed]]:
        """The claims' fields (in the data's order, without id) for one figure, or why there are
        none: one claim, or one per country for a figure that is each one's."""
        passage = self.passages.around(figure.start)
        if passage is None:
            return "outside any sentence", []
        sense = self._sense(figure, passage)
        if isinstance(sense, str):
            return sense, []
        kind, facts = sense
        clause = self._clause(figure, passage)
        actor = self.actors.of(
            figure,
            passage,
            clause,
            authorised=facts.get("stage") == "target",
            others=[other for other in self._figures if other.kind in ("count", "money")],
        )
        if (
            kind == "deployment"
            and facts.get("_guess")
            and self._up_to(figure)
            and actor.countries == (None,)
        ):
            # "the deployment of up to 2,500 personnel", for nobody in particular: a ceiling
            kind, facts = (
                "pledge",
                {"personnel": facts["personnel"], "stage": "target", "_cue": facts["_cue"]},
            )
        proposals = []
        for country in actor.countries:
            proposed = self._fields(figure, passage, kind, dict(facts), country, actor.joint)
            if proposed is None:
                return "no passage around it verifies as a quote", []
            proposals.append(proposed)
        return "", proposals

    def _fields(
        self,
        figure: Figure,
        passage: Passage,
        kind: str,
        facts: dict[str, Any],
        country: Mention | None,
        joint: int,
    ) -> _Proposed | None:
        if kind == "pledge" and country is None and facts["stage"] == "announced" and not joint:
            cue = facts.get("_cue")
            if cue is None or not _OFFER.match(self.text, cue[0]):
                facts["stage"] = "target"  # what the mission as a whole plans or intends: its planned size
        if joint:
            facts["_joint"] = joint
            facts["_cue"] = (passage.sentence[0], figure.end)  # the quote names the countries too
        hints = {key: facts.pop(key) for key in list(facts) if key.startswith("_")}
        quote_span = self._quote_span(figure, passage, country, hints.get("_cue"))
        quote = self.passages.original(quote_span)
        if not self._verifies(quote, figure):
            return None
        qualifier = qualifier_before(normalise(quote), _within(figure, quote_span))
        dated = self._date(figure, passage)
        fields: dict[str, Any] = {"kind": kind, "source": self.source.id, "quote": quote}
        fields["as_of"] = (
            dated.as_of if dated is not None and dated.as_of is not None else self.source.published
        )
        fields["country"] = country.country if country is not None else None
        fields.update(facts)
        if qualifier != "exact":
            fields["qualifier"] = qualifier
        if (speaker := SPEAKER.search(self.text, *passage.sentence)) is not None:
            fields["speaker"] = speaker.group("who").strip()
        outside = country is not None and not passage.sentence[0] <= country.start < passage.sentence[1]
        if (note := self._note(dated, hints, "flow" in facts, country if outside else None)) is not None:
            fields["note"] = note
        fields["review"] = "draft"
        return _Proposed(fields, dated is not None and dated.as_of is not None)

    def _sense(self, figure: Figure, passage: Passage) -> tuple[str, dict[str, Any]] | str:
        """The kind of claim and its figure's fields when the figure is a head count or money, else
        why it is not drafted."""
        if figure.value is None or figure.kind in ("date", "token", "percent"):
            return _NOT_DRAFTED.get(figure.kind, _NO_SENSE)
        clause = self._clause(figure, passage)
        currency = self._currency(figure)
        if currency is not None:
            earlier = [
                other for other in self._figures if other.kind == "money" and other.end <= figure.start
            ]
            if (
                reason := conversion_or_rate(self.text, figure, earlier[-1] if earlier else None)
            ) is not None:
                return reason
            facts = self._money(figure, passage, currency)
            if facts["flow"] == "reimbursement":
                return _REIMBURSEMENT
            return "funding", facts
        if figure.kind != "count" or not isinstance(figure.value, int):
            return _NOT_DRAFTED.get(figure.kind, _NO_SENSE)
        if _HYPOTHETICAL.match(self.text, passage.sentence[0]):
            return "a hypothetical: the sentence says what would be, if"
        counted = head_count(self.text, figure, clause, passage.sentence, self._previous_start(passage))
        if not counted.personnel:
            return counted.reason or _NO_SENSE
        return self._personnel(figure, passage, clause)

    def _previous_start(self, passage: Passage) -> int:
        """Where the sentence before `passage` starts (its own start when it is the first)."""
        index = bisect_right(self._sentence_starts, passage.sentence[0]) - 1
        return self._sentence_starts[max(0, index - 1)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [passage.sentence[0] for passage in self.passages.sentences]

    def _personnel(self, figure: Figure, passage: Passage, clause: Span) -> tuple[str, dict[str, Any]] | str:
        name, cue_fields, cue = self._cue(figure, clause, passage)
        if cue_fields is None:
            return _DEPARTURE if name == "departure" else _REQUEST
        fields = dict(cue_fields)
        if _FROM_TO.search(self.text, clause[0], figure.start) and _TO_NEXT.match(self.text, figure.end):
            fields = {"kind": "deployment", "measure": "stock"}  # "raise its contingent from 170 to 200"
        elif fields["kind"] == "deployment" and self._to_come(figure, passage, clause, cue):
            fields = {"kind": "pledge", "stage": "announced"}  # "would arrive", "are expected": not yet
        kind = fields.pop("kind")
        facts: dict[str, Any] = {"personnel": figure.value}
        if kind == "deployment":
            facts["personnel_type"] = self._personnel_type(figure, clause)
            facts["measure"] = fields["measure"]
        else:
            facts["stage"] = fields["stage"]
        facts["_cue"] = cue
        facts["_guess"] = name is None
        return kind, facts

    def _to_come(self, figure: Figure, passage: Passage, clause: Span, cue: Span | None) -> bool:
        """Whether the head count is still to come ("will arrive", "are scheduled to fly out"): a
        future before its own verb, or anywhere before the figure in its sentence or after it in its
        clause when the verb is not its own."""
        if cue is not None and cue[0] > figure.end and self._own_verb(figure, cue):
            return FUTURE.search(self.text, figure.end, cue[0]) is not None
        return bool(
            FUTURE.search(self.text, passage.sentence[0], figure.start)
            or FUTURE.search(self.text, figure.end, clause[1])
        )

    def _own_verb(self, figure: Figure, cue: Span) -> bool:
        """The cue is the figure's own verb: right after it and its noun ("250 Salvadorans already
        serving", "the 400 who arrived"), with no punctuation between."""
        between = self.text[figure.end : cue[0]]
        return _TO_PUNCTUATION.fullmatch(between) is not None and len(between.split()) <= 6

    def _cue(
        self, figure: Figure, clause: Span, passage: Passage
    ) -> tuple[str | None, dict[str, str] | None, Span | None]:
        """What the words say the head count is: the verb of a relative clause after "the 400", or
        the figure's own verb after its noun ("250 Salvadorans already serving"), a possession
        right before it ("has 400"), else the nearest cue before the figure in its clause, else the
        first after it there, else the nearest before it in its sentence (a later clause is about
        something else)."""
        found = self._relative_cue(figure, CUE_PATTERNS)
        if found is not None:
            return found
        departure = self._departure_before(figure, clause)
        if departure is not None:
            return "departure", None, departure
        noun = NOUN_AFTER.match(self.text[figure.end : clause[1]])
        if noun is not None:
            own = _OWN_VERB.match(self.text, figure.end + noun.end(), clause[1])
            if own is not None:
                found = self._first_cue(own.end(), min(clause[1], own.end() + 30), CUE_PATTERNS)
                if found is not None and found[-1][0] == own.end():
                    return found
        if HAS_BEFORE.search(self.text, clause[0], figure.start):
            return "stock", {"kind": "deployment", "measure": "stock"}, None
        for start, end in (clause, (passage.sentence[0], clause[0])):
            matches = _outermost(
                (match.start(), name, fields, match.span())
                for name, fields, pattern in CUE_PATTERNS
                for match in pattern.finditer(self.text, start, end)
                if not (figure.start <= match.start() < figure.end)
            )
            before = [item for item in matches if item[0] < figure.start]
            if before:
                _, name, fields, span = max(before, key=lambda item: item[0])
                return name, fields, span
            if matches:
                _, name, fields, span = min(matches, key=lambda item: item[0])
                return name, fields, span
        return None, {"kind": "deployment", "measure": "stock"}, None

    def _departure_before(self, figure: Figure, clause: Span) -> Span | None:
        """A departure whose object the figure is: "will bring home 250 of the officers" (not the
        750 of "withdraw 200 of its 750 officers")."""
        departures = [
            match.span()
            for name, _, pattern in CUE_PATTERNS
            if name == "departure"
            for match in pattern.finditer(self.text, clause[0], figure.start)
        ]
        if not departures:
            return None
        last = max(departures)
        between = [other for other in self._figures if last[1] <= other.start < figure.start]
        return None if between else last

    def _relative_cue(self, figure: Figure, patterns: list[tuple[Any, ...]]) -> tuple[Any, ...] | None:
        """The cue of a relative clause that follows a figure introduced by "the": "the 2,500 the
        Council envisaged", "the 150 that the government has committed"."""
        if not _DEFINITE_BEFORE.search(self.text, max(0, figure.start - 40), figure.start):
            return None
        reach = _TO_PUNCTUATION.match(self.text, figure.end)
        return self._first_cue(figure.end, reach.end() if reach else figure.end, patterns)

    def _first_cue(self, start: int, end: int, patterns: list[tuple[Any, ...]]) -> tuple[Any, ...] | None:
        """The first cue of `patterns` in `text[start:end]`: its fields, and its span last."""
        matches = _outermost(
            (match.start(), *entry[:-1], match.span())
            for entry in patterns
            for match in entry[-1].finditer(self.text, start, end)
        )
        if not matches:
            return None
        return min(matches, key=lambda item: item[0])[1:]

    def _personnel_type(self, figure: Figure, clause: Span) -> str:
        """What the noun after the figure says the personnel are, else a label before it ("Kenyan
        officers in Haiti: 744")."""
        noun_phrase = self.text[figure.end : min(clause[1], figure.end + 60)]
        label = self.text.rfind(": ", clause[0], figure.start)
        for words in (noun_phrase, self.text[clause[0] : label] if label >= 0 else ""):
            for name, pattern in PERSONNEL_TYPES:
                if pattern.search(words):
                    return name
        return "unspecified"

    def _currency(self, figure: Figure) -> str | None:
        before = self.text[max(0, figure.start - 6) : figure.start]
        inside = figure.text
        for pattern, code in CURRENCY_BEFORE:
            if pattern.search(before) or (figure.kind == "money" and pattern.search(_sign_of(inside))):
                return code
        after = self.text[figure.end : figure.end + 30]
        for words, code in CURRENCY_WORDS:
            if re.match(rf"{SCALE_WORDS}\s(?:in\s)?{words}\b", after, re.IGNORECASE):
                return code
            if figure.kind == "money" and re.search(rf"\s{words}$", inside, re.IGNORECASE):
                return code  # "80 million Canadian dollars", the currency read as part of the figure
        return None

    def _money(self, figure: Figure, passage: Passage, currency: str) -> dict[str, Any]:
        clause = self._clause(figure, passage)
        flow, cue = self._flow(figure, clause) or self._flow(figure, passage.sentence) or (None, None)
        facts: dict[str, Any] = {"amount": int(figure.value), "currency": currency}  # type: ignore[arg-type]
        facts["flow"] = flow or "contribution"
        facts["basis"] = self._basis(facts["flow"], clause)
        facts["_guess"] = flow is None
        facts["_basis_guess"] = facts["basis"] == "one_off"
        facts["_cue"] = cue
        # A bare "$" is read as US dollars; the note says so, since Canadian or Jamaican press
        # write their own dollars that way too.
        sign = self.text[max(0, figure.start - 4) : figure.start + 2]
        facts["_currency_sign"] = currency == "USD" and "$" in sign and "US" not in sign
        return facts

    def _basis(self, flow: str, span: Span) -> str:
        """What period the amount covers, as the clause's words say (see `words.BASES`)."""
        if flow == "fund_balance":
            return "at_date"
        text = self.text[span[0] : span[1]]
        return next((basis for basis, pattern in BASIS_PATTERNS if pattern.search(text)), "one_off")

    def _flow(self, figure: Figure, span: Span) -> tuple[str, Span] | None:
        """The flow the verb of a relative clause after "the $489 million" names, else the nearest
        money word before the figure (else the first after it), and where that word is."""
        relative = self._relative_cue(figure, FLOW_PATTERNS)
        if relative is not None:
            return relative[0], relative[1]
        found = _outermost(
            (match.start(), flow, match.span())
            for flow, pattern in FLOW_PATTERNS
            for match in pattern.finditer(self.text, *span)
            if not (figure.start <= match.start() < figure.end)
        )
        before = [item for item in found if item[0] < figure.start]
        chosen = max(before) if before else min(found) if found else None
        return None if chosen is None else (chosen[1], chosen[2])

    def _up_to(self, figure: Figure) -> bool:
        return qualifier_before(self.text, figure) == "at_most"

    def _date(self, figure: Figure, passage: Passage) -> Dated | None:
        """The date nearest the figure in its clause, else its sentence; not one inside an aside
        between commas that leaves the figure out ("The mission, approved in October 2023,
        deployed 400": October 2023 dates the approval) unless the aside says who said it and when
        ("its U.N. mission said on Monday"), nor one that dates another figure of its clause."""
        published = self.source.published
        clause = self._clause(figure, passage)
        ahead = FUTURE.search(self.text, *clause) is not None
        for start, end in (clause, passage.sentence):
            found = [
                dated
                for dated in dates_in(self.text, start, end, published, ahead=ahead)
                if dated.as_of is not None
                and not self._aside(dated, figure, passage)
                and not _SINCE.search(self.text, max(passage.sentence[0], dated.start - 40), dated.start)
                and not self._dates_another(dated, figure, passage)
            ]
            if found:
                return min(found, key=lambda dated: _distance(dated, figure))
        return None

    def _aside(self, dated: Dated, figure: Figure, passage: Passage) -> bool:
        sentence_start, sentence_end = passage.sentence
        opens = self.text.rfind(", ", sentence_start, dated.start)
        closes = self.text.find(",", dated.end, sentence_end)
        if opens < 0 or closes < 0 or _ATTRIBUTION.search(self.text, opens, closes):
            return False
        return not (opens < figure.start < closes)

    def _dates_another(self, dated: Dated, figure: Figure, passage: Passage) -> bool:
        """The date is in another clause than the figure's, with a figure of its own there; unless
        the figure's clause tells what that one's event led to ("arrived on Tuesday, bringing
        the contingent to 600")."""
        clause = next((span for span in passage.clauses if span[0] <= dated.start < span[1]), None)
        if clause is None or clause[0] <= figure.start < clause[1]:
            return False
        if _CONSEQUENCE.match(self.text, self._clause(figure, passage)[0]):
            return False
        return any(
            other.kind in ("count", "money") and clause[0] <= other.start < clause[1]
            for other in self._figures
        )

    def _note(
        self, dated: Dated | None, hints: dict[str, Any], is_money: bool, borrowed: Mention | None
    ) -> str | None:
        """What the curator should know of how the draft was read: every value worked out."""
        parts = []
        if dated is not None and dated.reasoning:
            parts.append(dated.reasoning)
        if hints.get("_currency_sign"):
            parts.append('"$" is read as US dollars.')
        if joint := hints.get("_joint"):
            parts.append(
                f"{joint} countries are named before the figure, so it is read as their joint figure."
            )
        if borrowed is not None:
            parts.append(f'The country is read from an earlier sentence ("{borrowed.words}").')
        if hints.get("_guess"):
            guessed = "The flow" if is_money else "Whether on the ground or pledged"
            parts.append(f"{guessed} is a guess: no word of the sentence says.")
        if hints.get("_basis_guess"):
            parts.append(
                "The basis (one_off) is a guess: no word says whether the amount is yearly or a total."
            )
        return " ".join(parts) or None

    # -- the quote -----------------------------------------------------------------------------------

    def _clause(self, figure: Figure, passage: Passage) -> Span:
        for clause in passage.clauses:
            if clause[0] <= figure.start < clause[1]:
                return clause
        return passage.sentence

    def _quote_span(
        self, figure: Figure, passage: Passage, country: Mention | None, cue: Span | None
    ) -> Span:
        """The shortest run of whole clauses that holds the figure (with the words before it that
        qualify it), the country and the cue, with enough words to stand alone; else the sentence."""
        clauses = passage.clauses
        index = next(
            i
            for i, clause in enumerate(clauses)
            if clause[0] <= figure.start < clause[1] or i == len(clauses) - 1
        )
        sentence_start, sentence_end = passage.sentence
        needed = [(max(clauses[index][0], figure.start - _LOOK_BACK), figure.end)]
        needed += [
            (start, end)
            for start, end in ([(country.start, country.end)] if country is not None else [])
            + ([cue] if cue else [])
            if sentence_start <= start and end <= sentence_end
        ]
        runs = sorted(
            ((first, last) for first in range(index + 1) for last in range(index, len(clauses))),
            key=lambda run: clauses[run[1]][1] - clauses[run[0]][0],
        )
        for first, last in runs:
            span = trimmed(self.text, (clauses[first][0], clauses[last][1]))
            holds = all(span[0] <= start and end <= span[1] for start, end in needed)
            if holds and len(self.text[span[0] : span[1]].split()) >= max(MIN_QUOTE_WORDS, 6):
                return span
        return passage.sentence

    def _verifies(self, quote: str, figure: Figure) -> bool:
        """The quote is in the archive, on word boundaries (as `mss check` reads it), and states the
        figure."""
        wanted = normalise(quote)
        if len(wanted.split()) < MIN_QUOTE_WORDS or find_quote(wanted, self.text) is None:
            return False
        return any(stated.value == figure.value for stated in figures(wanted))

    def _context(self, figure: Figure) -> str:
        passage = self.passages.around(figure.start)
        return self.passages.original(passage.sentence) if passage is not None else figure.text

    # -- the id --------------------------------------------------------------------------------------

    def _id(self, fields: Mapping[str, Any]) -> str:
        who = (fields.get("country") or "mission").lower()
        kind = fields["kind"]
        if kind == "funding":
            what = _FLOW_WORDS[fields["flow"]]
            figure = _money_words(fields["amount"])
        else:
            what = {"arrival": "arrived", "stock": "deployed"}.get(fields.get("measure"), fields.get("stage"))
            what = "pledge" if what in ("committed", "announced", "intent") else what
            figure = str(fields["personnel"])
        qualifier = _QUALIFIER_IN_ID[fields.get("qualifier", "exact")]
        parts = [who, what, qualifier, figure, str(fields["as_of"])]
        return unique("-".join(part for part in parts if part), self.taken)


# "since the first troops left in June 2024": the start of a period, not the date of its total.
_SINCE = re.compile(r"\bsince\s[^,;.]*$")
_CONSEQUENCE = re.compile(r"(?:bringing|lifting|raising|taking|boosting|increasing)\b")


class _Proposed(NamedTuple):
    """A claim's fields (without id), and whether its `as_of` was read from a date of its own."""

    fields: dict[str, Any]
    dated: bool


class _Repeats:
    """The claims drafted so far, by what they state: a figure printed again for the same thing is
    drafted once. Its wording, speaker and note may differ; a figure printed again without a date
    of its own (a fact box's "Kenyan officers in Haiti: 744") may also leave out its date and what
    the personnel are."""

    _WORDING = ("quote", "note", "speaker")
    _SAID_AGAIN = ("as_of", "personnel_type")

    def __init__(self) -> None:
        self._ids: dict[tuple[Any, ...], str] = {}

    def of(self, proposed: _Proposed) -> str | None:
        """The id of the claim this one repeats, if any."""
        return self._ids.get(self._key(proposed, full=True)) or (
            None if proposed.dated else self._ids.get(self._key(proposed, full=False))
        )

    def add(self, proposed: _Proposed, claim_id: str) -> None:
        self._ids[self._key(proposed, full=True)] = claim_id
        self._ids.setdefault(self._key(proposed, full=False), claim_id)

    def _key(self, proposed: _Proposed, *, full: bool) -> tuple[Any, ...]:
        left_out = self._WORDING if full else (*self._WORDING, *self._SAID_AGAIN)
        return tuple((key, value) for key, value in proposed.fields.items() if key not in left_out)


_ATTRIBUTION = re.compile(r"\b(?:said|says|told|announced|according)\b")


def _same_figure(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Two claims state the same figure: the same number of the same thing."""
    return (one.get("personnel"), one.get("amount"), one.get("currency")) == (
        other.get("personnel"),
        other.get("amount"),
        other.get("currency"),
    )


def _outermost(found: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Cue words found (each with its span last), less those inside a longer one: "will contribute"
    is a pledge, not the "contribute" of a contribution."""
    items = list(found)
    return [
        item
        for item in items
        if not any(
            other is not item
            and other[-1][0] <= item[-1][0]
            and item[-1][1] <= other[-1][1]
            and other[-1] != item[-1]
            for other in items
        )
    ]


def _within(figure: Figure, span: Span) -> Figure:
    """The figure with its position inside the quote that starts at `span[0]` (both normalised)."""
    return Figure(figure.text, figure.start - span[0], figure.end - span[0], figure.kind, figure.value)


def _sign_of(figure_text: str) -> str:
    """The currency sign or code a money figure starts with ("US$" of "US$1.2 billion")."""
    return re.match(r"[^\d]*", figure_text).group().strip()  # type: ignore[union-attr]


def _distance(dated: Dated, figure: Figure) -> int:
    return dated.start - figure.end if dated.start >= figure.end else figure.start - dated.end


def _money_words(amount: int) -> str:
    for size, letter in ((10**9, "bn"), (10**6, "m"), (10**3, "k")):
        if amount >= size:
            return f"{amount / size:g}".replace(".", "-") + letter
    return str(amount)
