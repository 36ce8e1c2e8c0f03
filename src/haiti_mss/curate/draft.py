"""Drafts of claims for the figures of a source that no claim cites and no `ignore:` entry explains.

For each such figure (`analysis.figures`: digits and words), the drafter reads the words around it:

- **the quote**: the shortest run of whole clauses of its sentence that holds the figure with its
  qualifier, the country it is about and the words that say what it is — or the whole sentence —
  taken from the archive as written (curly quotes and dashes kept) and verified against it the way
  `mss check` verifies quotes, along with the figure and qualifier it must state;
- **the kind**: money (a currency sign, code or word) is `funding`; a head count (troops, police,
  officers, personnel…) is a `deployment` ("arrived", "on the ground") or a `pledge` ("pledged",
  "offered", "authorised"); any other figure (a date, a year, a percentage, a count of something
  else) is not drafted but listed, for the curator to cite or ignore;
- **the fields**: stage, measure, personnel type, flow and currency from the same words; the
  qualifier as `mss check` reads it ("about", "up to", "more than", "at least");
- **the country**: a demonym or name in the figure's noun phrase ("200 Jamaican soldiers"), else the
  nearest before it in the clause (its subject), else after it; Haiti, the host, is never the
  contributor; none is a mission-wide figure;
- **the date** (`as_of`): the date expression nearest the figure in its clause, else its sentence,
  read against the publication date (`curate.when`); without one, the publication date. Every date
  worked out is explained in `note`.

A figure stated twice for the same thing is drafted once; the repeat is listed. Every draft carries
`review: draft`, so that `mss check` warns and answers leave it out until a curator has read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from haiti_mss.analysis.figures import NOT_CITED, Figure, classify, figures, qualifier_before
from haiti_mss.analysis.text import MIN_QUOTE_WORDS, find_quote, normalise
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import SourceRecord
from haiti_mss.curate.ids import unique
from haiti_mss.curate.passages import Passage, Passages, Span, trimmed
from haiti_mss.curate.places import Mention, mentions
from haiti_mss.curate.when import Dated, dates_in

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


def draft_claims(workspace: Workspace, source_id: str) -> list[Draft]:
    """The drafts for every figure of the source not yet cited or ignored: what `mss draft` writes
    and the language server offers to insert. SourceNotFound when there is no such source."""
    return draft_source(workspace, source_id).drafts


def draft_source(workspace: Workspace, source_id: str) -> Drafted:
    """The drafts for a source, and the figures it does not draft."""
    from haiti_mss.analysis.archive import Archive

    corpus = workspace.corpus(include_drafts=True)
    source = corpus.sources.get(source_id)
    if source is None:
        raise SourceNotFound(source_id)
    archived = Archive(corpus.root).get(source.file)
    quoted = workspace.checked.quoted().get(source_id, [])
    taken = {claim.id for claim in corpus.claims}
    return Drafter(source, archived.text, taken).drafted(quoted)


# --- Reading the words around a figure -----------------------------------------------------------

_PERSONNEL_NOUN = (
    r"(?:troops?|soldiers?|police(?:\s(?:officers?|officials?))?|policemen|policewomen|officers?|personnel|"
    r"peacekeepers?|marines?|gendarmes?|servicemen|service\s?members|military\s(?:personnel|staff)|"
    r"staff\s(?:officers|members)|members\sof\s(?:the\s)?(?:force|mission|contingent)|uniformed|"
    r"boots\son\sthe\sground|men\sand\swomen|individuals|contingent|forces?)"
)
# The head count's noun: right after the figure, past up to three modifiers ("400 Kenyan police").
_NOUN_AFTER = re.compile(rf"^(?:\s[\w'’-]+){{0,3}}?\s{_PERSONNEL_NOUN}\b", re.IGNORECASE)
# Or before it: "a force of up to 2,500", "a contingent of 200".
_NOUN_BEFORE = re.compile(
    r"\b(?:force|contingent|deployment|ceiling|strength|troop\slevel|personnel|police|troops)\s(?:of|at|to)\s"
    r"(?:[\w'’-]+\s){0,3}$",
    re.IGNORECASE,
)

_VERB_AFTER = re.compile(r"^\s(?:pledged|promised|offered|committed|deployed|arrived|landed|sent)\b", re.I)
_TOTAL_BEFORE = re.compile(
    r"\b(?:total|number|tally|count)\s(?:of|to|at)\s(?:[\w'’-]+\s){0,2}$", re.IGNORECASE
)
_ANY_PERSONNEL = re.compile(rf"\b{_PERSONNEL_NOUN}\b", re.IGNORECASE)
# What a head count is, from its verbs: the nearest cue before the figure wins, else any in its clause.
_CUES: tuple[tuple[str, dict[str, str], str], ...] = (
    ("arrival", {"kind": "deployment", "measure": "arrival"},
     r"arriv\w*|land(?:ed|s|ing)?|flew\sin|touched\sdown|reinforcements?|disembark\w*|"
     r"(?:additional|another|new)\s(?:batch|contingent|group)|joined"),
    ("target", {"kind": "pledge", "stage": "target"},
     r"authori[sz]\w*|ceiling|mandated?|planned\s(?:strength|size)|envisag\w*|full\sstrength|target\w*|"
     r"up\sto\s[\d,]+\s(?:personnel|troops|police|officers)\sin\stotal"),
    ("committed", {"kind": "pledge", "stage": "committed"},
     r"pledg\w*|promis\w*|commit\w*|vow\w*|agreed\sto\s(?:send|deploy|provide)"),
    ("announced", {"kind": "pledge", "stage": "announced"},
     r"offer\w*|announc\w*|(?:will|to)\sjoin|will\s(?:send|deploy|contribute|provide)|would\s(?:send|deploy|contribute|provide)|"
     r"plans?\sto\s(?:send|deploy)|to\ssend|expected\sto\s(?:send|deploy)|ready\sto\s(?:send|deploy)|"
     r"intends?\sto\s(?:send|deploy)"),
    ("stock", {"kind": "deployment", "measure": "stock"},
     r"on\sthe\sground|deployed|currently|now\shas|stationed|serving|present\sin|in\sHaiti|"
     r"bringing\s(?:[\w'’]+\s){1,6}?to|(?:total|number|strength)\s(?:stands?|stood)"),
)  # fmt: skip
_CUE_PATTERNS = [
    (name, fields, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for name, fields, words in _CUES
]

_PERSONNEL_TYPES = (
    ("mixed", re.compile(r"\b(?:police\sand\s(?:soldiers|military|troops)|"
                         r"(?:soldiers|military|troops)\sand\spolice)\b", re.I)),
    ("police", re.compile(r"\b(?:police|policemen|policewomen|gendarmes?|officers)\b", re.I)),
    ("military", re.compile(r"\b(?:soldiers|military|army|marines|servicemen)\b", re.I)),
)  # fmt: skip

# Currencies as the press writes them: a sign or code before the figure, or a word after it.
_CURRENCY_BEFORE = (
    (re.compile(r"(?:US\$|USD\s?|U\.S\.\s?\$)$"), "USD"), (re.compile(r"(?:C\$|CA\$|CAD\s?|Can\$)$"), "CAD"),
    (re.compile(r"(?:J\$|JMD\s?)$"), "JMD"), (re.compile(r"(?:A\$|AUD\s?)$"), "AUD"),
    (re.compile(r"(?:NZ\$|NZD\s?)$"), "NZD"), (re.compile(r"(?:KES\s?|KSh\s?|Ksh\.?\s?|Sh\.?\s?)$"), "KES"),
    (re.compile(r"(?:€|EUR\s?)$"), "EUR"), (re.compile(r"(?:£|GBP\s?)$"), "GBP"),
    (re.compile(r"(?:JP¥|JPY\s?)$"), "JPY"), (re.compile(r"(?:CN¥|RMB\s?|CNY\s?)$"), "CNY"),
    (re.compile(r"¥$"), "JPY"), (re.compile(r"(?:HTG\s?)$"), "HTG"), (re.compile(r"(?:R\$|BRL\s?)$"), "BRL"),
    (re.compile(r"(?:CHF\s?)$"), "CHF"), (re.compile(r"\$$"), "USD"),
)  # fmt: skip
_CURRENCY_AFTER = (
    (r"Canadian\sdollars", "CAD"), (r"Jamaican\sdollars", "JMD"), (r"Australian\sdollars", "AUD"),
    (r"(?:US\s|U\.S\.\s|American\s)?dollars", "USD"), (r"(?:Kenyan\s|Kenya\s)?shillings", "KES"),
    (r"euros?", "EUR"), (r"(?:British\s)?pounds(?:\ssterling)?|sterling", "GBP"), (r"yen", "JPY"),
    (r"yuan|renminbi", "CNY"), (r"gourdes?", "HTG"), (r"(?:Swiss\s)?francs", "CHF"),
)  # fmt: skip
_SCALE_WORDS = r"(?:\s(?:million|billion|thousand|trillion|m|bn))?"

_FLOWS = (
    ("request", r"request\w*|ask(?:ed|ing|s)?\sfor|appeal\w*|seek\w*|sought|call(?:ed|s)?\sfor|"
     r"needs?\san?\s"),
    ("fund_balance", r"balance|holds?|held|left\sin|remain\w*|stood\sat|stands\sat|"
     r"has\s(?:only\s)?(?:about\s)?"),
    ("cost_estimate", r"cost\w*|budget\w*|estimat\w*|price\s?tag|expens\w*|would\srequire|will\srequire"),
    ("pledge", r"pledg\w*|promis\w*|commit\w*|vow\w*|will\s(?:give|provide|contribute|donate)|offer\w*|"
     r"announc\w*"),
    ("contribution", r"contribut\w*|donat\w*|gave|given|paid|deposit\w*|provided|disburs\w*|allocat\w*|"
     r"transferr\w*|spent|funded|sent"),
)  # fmt: skip
_FLOW_PATTERNS = [(flow, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for flow, words in _FLOWS]
# The period an amount covers (its `basis`), from the words of its clause: a year's, or a total so
# far; a fund's balance is held at its date; anything else is read as once, and said to be a guess.
_BASES = (
    ("annual", r"annual\w*|a\syear|per\syear|each\syear|yearly|per\sannum"),
    ("cumulative", r"so\sfar|to\sdate|in\stotal|(?:has|have)\s(?:\w+\s)?(?:contributed|given|provided|"
     r"allocated|donated|paid|disbursed|spent|sent)"),
)  # fmt: skip
_BASIS_PATTERNS = [(basis, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for basis, words in _BASES]
_FLOW_WORDS = {"contribution": "contribution", "pledge": "pledge", "cost_estimate": "cost",
               "fund_balance": "fund-balance", "request": "request"}  # fmt: skip
# Who is credited: "according to Kenyan authorities", up to the next comma or the sentence's end
# (a full stop inside "U.N." does not end it).
_SPEAKER = re.compile(r"\baccording\sto\s(?P<who>.{3,80}?)(?=[,;]|\.\s[A-Z\"'(]|\.?$)")
_QUALIFIER_IN_ID = {"at_least": "over", "at_most": "up-to", "approx": "about", "exact": ""}
_NOT_DRAFTED = {
    "date": "a date: cite it in the claim it dates, or ignore it",
    "year": "a year: cite it in the claim it dates, or ignore it",
    "percent": "a percentage: mss codes head counts and money",
    "token": "a name with digits, not a figure",
    "duration": "a length of time: mss codes head counts and money",
}
_NO_SENSE = "no head count or money in the words around it"
# The words right after a figure that describe what it counts ("400 Kenyan police officers"), to the
# first punctuation.
_NOUN_PHRASE = re.compile(r"(?:\s[\w'’-]+){1,5}")
_ALL_CONTRIBUTORS = re.compile(r"\b(?:foreign|international|multinational)\b", re.IGNORECASE)
_CONTRIBUTORS = re.compile(
    r"\b(?:participating|contributing|member|partner|troop-contributing)\s(?:nations|countries|states)\b",
    re.IGNORECASE,
)
# A clause without a country borrows the sentence's subject: a country in its first few words.
_SUBJECT_WORDS = 4
_JOINT_WORDS = re.compile(r"\b(?:total|combined|together|altogether|jointly|between\sthem)\b", re.IGNORECASE)
# This many countries named before a figure make it a joint one ("Kenya, Jamaica and the Bahamas
# intend to deploy 2,500"): mission-wide, for no one of them.
_JOINT = 3
# The qualifier words that may stand before a figure; the quote must keep them.
_LOOK_BACK = 24


class Drafter:
    """Drafts for one source's text."""

    def __init__(self, source: SourceRecord, text: str, taken: Iterable[str]) -> None:
        self.source = source
        self.passages = Passages(text)
        self.text = self.passages.normalised
        self.taken = set(taken)

    def drafted(self, quoted: list[tuple[int, int]]) -> Drafted:
        """Drafts for the figures that no quote of `quoted` (where verified quotes sit) covers and
        no `ignore:` entry explains."""
        result = Drafted(self.source)
        seen: dict[tuple[Any, ...], str] = {}
        classified, _ = classify(self.source, self.text, quoted)
        for item in classified:
            if item.status != NOT_CITED:
                continue
            figure = item.figure
            reason, fields = self._claim(figure)
            if fields is None:
                result.undrafted.append(Undrafted(figure.text, figure.kind, self._context(figure), reason))
                continue
            same = tuple(value for key, value in fields.items() if key not in ("quote", "note", "speaker"))
            if same in seen:
                reason = f"repeats the figure of {seen[same]}"
                result.undrafted.append(Undrafted(figure.text, figure.kind, self._context(figure), reason))
                continue
            fields = {"id": self._id(fields), **fields}
            self.taken.add(fields["id"])
            seen[same] = fields["id"]
            result.drafts.append(Draft(fields, figure.text))
        return result

    # -- one figure ----------------------------------------------------------------------------------

    def _claim(self, figure: Figure) -> tuple[str, dict[str, Any] | None]:
        """The claim's fields (in the data's order, without id), or why there is none."""
        passage = self.passages.around(figure.start)
        if passage is None:
            return "outside any sentence", None
        sense = self._sense(figure, passage)
        if sense is None:
            return _NOT_DRAFTED.get(figure.kind, _NO_SENSE), None
        kind, facts = sense
        country, joint = self._country(figure, passage)
        if kind == "pledge" and country is None and facts["stage"] == "announced":
            facts["stage"] = "target"  # what the mission as a whole plans or intends: its planned size
        if kind == "deployment" and country is None and facts.get("_guess") and self._up_to(figure):
            # "the deployment of up to 2,500 personnel", for no one country: a ceiling
            kind, facts = (
                "pledge",
                {"personnel": facts["personnel"], "stage": "target", "_cue": facts["_cue"]},
            )
        if joint:
            facts["_joint"] = joint
            facts["_cue"] = (passage.sentence[0], figure.end)  # the quote names the countries too
        hints = {key: facts.pop(key) for key in list(facts) if key.startswith("_")}
        quote_span = self._quote_span(figure, passage, country, hints.get("_cue"))
        quote = self.passages.original(quote_span)
        if not self._verifies(quote, figure):
            return "no passage around it verifies as a quote", None
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
        if (speaker := _SPEAKER.search(self.text, *passage.sentence)) is not None:
            fields["speaker"] = speaker.group("who").strip()
        if (note := self._note(dated, hints, "flow" in facts)) is not None:
            fields["note"] = note
        fields["review"] = "draft"
        return "", fields

    def _sense(self, figure: Figure, passage: Passage) -> tuple[str, dict[str, Any]] | None:
        """The kind of claim and its figure's fields, when the figure is a head count or money."""
        if figure.value is None or figure.kind in ("date", "token", "percent"):
            return None
        currency = self._currency(figure)
        if currency is not None:
            return "funding", self._money(figure, passage, currency)
        after = self.text[figure.end : figure.end + 60]
        before = self.text[max(0, figure.start - 40) : figure.start]
        # "the 3,100 pledged by participating nations": the noun is left out, the sentence names it.
        elided = (_VERB_AFTER.match(after) or _TOTAL_BEFORE.search(before)) and _ANY_PERSONNEL.search(
            self.text, *passage.sentence
        )
        if not (_NOUN_AFTER.match(after) or _NOUN_BEFORE.search(before) or elided):
            return None
        if not isinstance(figure.value, int):
            return None
        return self._personnel(figure, passage)

    def _personnel(self, figure: Figure, passage: Passage) -> tuple[str, dict[str, Any]]:
        clause = self._clause(figure, passage)
        name, cue_fields, cue = self._cue(figure, clause, passage)
        fields = dict(cue_fields)
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

    def _cue(
        self, figure: Figure, clause: Span, passage: Passage
    ) -> tuple[str | None, dict[str, str], Span | None]:
        """The nearest cue before the figure in its clause, else the first after it there, else the
        nearest before it in its sentence (a later clause is about something else)."""
        for start, end in (clause, (passage.sentence[0], clause[0])):
            found = _outermost(
                (match.start(), name, fields, match.span())
                for name, fields, pattern in _CUE_PATTERNS
                for match in pattern.finditer(self.text, start, end)
                if not (figure.start <= match.start() < figure.end)
            )
            before = [item for item in found if item[0] < figure.start]
            if before:
                _, name, fields, span = max(before, key=lambda item: item[0])
                return name, fields, span
            if found:
                _, name, fields, span = min(found, key=lambda item: item[0])
                return name, fields, span
        return None, {"kind": "deployment", "measure": "stock"}, None

    def _personnel_type(self, figure: Figure, clause: Span) -> str:
        noun_phrase = self.text[figure.end : min(clause[1], figure.end + 60)]
        for name, pattern in _PERSONNEL_TYPES:
            if pattern.search(noun_phrase):
                return name
        return "unspecified"

    def _currency(self, figure: Figure) -> str | None:
        before = self.text[max(0, figure.start - 6) : figure.start]
        inside = figure.text
        for pattern, code in _CURRENCY_BEFORE:
            if pattern.search(before) or (figure.kind == "money" and pattern.search(_sign_of(inside))):
                return code
        after = self.text[figure.end : figure.end + 30]
        for words, code in _CURRENCY_AFTER:
            if re.match(rf"{_SCALE_WORDS}\s(?:in\s)?{words}\b", after, re.IGNORECASE):
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
        """What period the amount covers, as the clause's words say (see `_BASES`)."""
        if flow == "fund_balance":
            return "at_date"
        text = self.text[span[0] : span[1]]
        return next((basis for basis, pattern in _BASIS_PATTERNS if pattern.search(text)), "one_off")

    def _flow(self, figure: Figure, span: Span) -> tuple[str, Span] | None:
        """The flow the nearest money word before the figure names (else the first after it), and
        where that word is."""
        found = _outermost(
            (match.start(), flow, match.span())
            for flow, pattern in _FLOW_PATTERNS
            for match in pattern.finditer(self.text, *span)
            if not (figure.start <= match.start() < figure.end)
        )
        before = [item for item in found if item[0] < figure.start]
        chosen = max(before) if before else min(found) if found else None
        return None if chosen is None else (chosen[1], chosen[2])

    def _country(self, figure: Figure, passage: Passage) -> tuple[Mention | None, int]:
        """The country the figure is about: in its noun phrase, else the clause's subject before it,
        else after it in the clause, else in the sentence; never Haiti, the host, nor a country that
        only says who is speaking ("according to Kenyan authorities"). Three countries or more before
        it make it a joint figure, for no one of them: None, and how many were named."""
        clause = self._clause(figure, passage)
        noun_phrase = _NOUN_PHRASE.match(self.text, figure.end, clause[1])
        phrase_end = noun_phrase.end() if noun_phrase else figure.end
        if _ALL_CONTRIBUTORS.search(self.text, figure.end, phrase_end) or _CONTRIBUTORS.search(
            self.text, *clause
        ):
            return None, 0  # "400 foreign security personnel", "3,100 pledged by participating nations"
        phrase = [mention for mention in mentions(self.text, figure.end, phrase_end) if mention.demonym]
        if phrase and phrase[0].country != "HTI":
            return phrase[0], 0
        speaking = [match.span() for match in _SPEAKER.finditer(self.text, *passage.sentence)]
        named = [
            mention
            for mention in mentions(self.text, *passage.sentence)
            if mention.country != "HTI" and not any(first <= mention.start < last for first, last in speaking)
        ]
        earlier = {mention.country for mention in named if mention.end <= figure.start}
        if len(earlier) >= _JOINT and _JOINT_WORDS.search(self.text, *clause):
            return None, len(earlier)
        in_clause = [mention for mention in named if clause[0] <= mention.start < clause[1]]
        before = [mention for mention in in_clause if mention.end <= figure.start]
        if before:
            return before[-1], 0
        after = [mention for mention in in_clause if mention.start >= figure.end]
        if after:
            return after[0], 0
        # A clause without a country ("bringing its total to 1,000") is about the sentence's
        # subject; a sentence that opens with an aside ("While Kenyan police have arrived, …")
        # has none to lend.
        main = passage.clauses[0]
        if main != clause and not passage.opens_with_aside:
            opening = main[0] + len(" ".join(self.text[main[0] : main[1]].split()[:_SUBJECT_WORDS]))
            subject = [mention for mention in named if main[0] <= mention.start < opening]
            if subject:
                return subject[0], 0
        return None, 0

    def _up_to(self, figure: Figure) -> bool:
        return qualifier_before(self.text, figure) == "at_most"

    def _date(self, figure: Figure, passage: Passage) -> Dated | None:
        """The date nearest the figure in its clause, else its sentence; not one inside an aside
        between commas that leaves the figure out ("The mission, approved in October 2023,
        deployed 400": October 2023 dates the approval)."""
        published = self.source.published
        for start, end in (self._clause(figure, passage), passage.sentence):
            found = [
                dated
                for dated in dates_in(self.text, start, end, published)
                if dated.as_of is not None and not self._aside(dated, figure, passage)
            ]
            if found:
                return min(found, key=lambda dated: _distance(dated, figure))
        return None

    def _aside(self, dated: Dated, figure: Figure, passage: Passage) -> bool:
        sentence_start, sentence_end = passage.sentence
        opens = self.text.rfind(", ", sentence_start, dated.start)
        closes = self.text.find(",", dated.end, sentence_end)
        if opens < 0 or closes < 0:
            return False
        return not (opens < figure.start < closes)

    def _note(self, dated: Dated | None, hints: dict[str, Any], is_money: bool) -> str | None:
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
        needed = [(max(clauses[index][0], figure.start - _LOOK_BACK), figure.end)]
        needed += [(country.start, country.end)] if country is not None else []
        needed += [cue] if cue is not None else []
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
