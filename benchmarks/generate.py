"""Synthetic, schema-valid data for benchmarking mss: archived articles in seeds/ and claims citing them.

    python benchmarks/generate.py OUT_DIR --claims N --sources M [--files K] [--seed S]

OUT_DIR becomes a project root: `seeds/` holds M article texts and `data/` holds `claims.yaml` (one
file) or K files `part-1.yaml` …, numbered as wide as K (`part-001.yaml` of 100). Each data file is
self-contained: its claims cite only its own sources, so any one file passes `mss check --strict`
alone, and so does the whole folder.

Every claim quotes one sentence (or the clause of it that states the fact) of its article verbatim;
the figure is in the quote, with the words before it that give the claim's qualifier; no quote names
a weekday; a claim is never dated after its article; every source is cited. The same seed gives the
same bytes.

YAML is written as text, not with yaml.dump (far too slow for 100,000 claims): text values are
double-quoted, because plain scalars such as `NO` or `1e5` are refused by mss's loader.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# The share of each kind among the claims of every file, in percent.
KIND_SHARES = {"deployment": 35, "pledge": 30, "funding": 15, "vote": 8, "event": 7, "position": 5}
# Facts of each kind stated in every article; claims pick among them, so every article can back
# claims of every kind. With the filler sentences an article runs to a few dozen sentences.
FACTS_PER_ARTICLE = {"deployment": 12, "pledge": 10, "funding": 6, "vote": 4, "event": 4, "position": 4}
FILLER_SENTENCES_PER_ARTICLE = 8
SENTENCES_PER_PARAGRAPH = 4

# (alpha-3, the name the press uses, weight). Kenya leads the mission, and the benchmark queries
# `--country KEN`, so it is by far the most common contributor.
CONTRIBUTORS = (
    ("KEN", "Kenya", 30), ("JAM", "Jamaica", 6), ("BHS", "the Bahamas", 5), ("BLZ", "Belize", 3),
    ("ATG", "Antigua and Barbuda", 2), ("BRB", "Barbados", 3), ("SUR", "Suriname", 2),
    ("GTM", "Guatemala", 4), ("SLV", "El Salvador", 5), ("BEN", "Benin", 4), ("TCD", "Chad", 3),
    ("BGD", "Bangladesh", 3), ("SEN", "Senegal", 2), ("MNG", "Mongolia", 2), ("PER", "Peru", 2),
    ("ITA", "Italy", 1), ("ESP", "Spain", 1), ("ECU", "Ecuador", 2),
)  # fmt: skip
DONORS = (
    ("USA", "the United States", 30), ("CAN", "Canada", 12), ("FRA", "France", 6),
    ("DEU", "Germany", 5), ("GBR", "the United Kingdom", 5), ("ESP", "Spain", 3), ("ITA", "Italy", 3),
    ("BRA", "Brazil", 3), ("MEX", "Mexico", 2), ("KEN", "Kenya", 4),
)  # fmt: skip
# Who takes positions and meets: contributors, donors and the Council members that object.
STATES = (*CONTRIBUTORS, *DONORS, ("CHN", "China", 6), ("RUS", "Russia", 6))

PERSONNEL_WORDS = {
    "police": ("police officers", "police"),
    "military": ("soldiers", "military personnel"),
    "mixed": ("police and military personnel",),
    "unspecified": ("troops", "security personnel", "personnel"),
}
# No value here is also a plausible year, so a count never collides with a date in its quote.
HEADCOUNTS = (20, 25, 40, 50, 75, 100, 120, 150, 200, 230, 250, 300, 330, 400, 500, 600, 750, 800,
              1000, 1200, 1500, 2000, 2500, 3100)  # fmt: skip
MILLIONS = (2.5, 5, 10, 12, 15, 20, 25, 30, 40, 45, 50, 60, 75, 100, 110, 150, 200, 300, 600)
# The words before a figure that mss reads as each qualifier (text.py's _QUALIFIER_PHRASES).
QUALIFIER_WORDS = {
    "exact": ("",),
    "at_least": ("over ", "more than ", "just over ", "at least "),
    "at_most": ("up to ", "fewer than ", "less than ", "at most "),
    "approx": ("approximately ", "about ", "around ", "roughly ", "nearly "),
}
QUALIFIER_WEIGHTS = {"exact": 55, "at_least": 15, "at_most": 15, "approx": 15}

# The clause that states each fact; {figure} and {money} carry their qualifier words.
STOCK = (
    "{country} had {figure} on the ground in Haiti",
    "{country} had {figure} deployed with the mission",
    "the contingent from {country} numbered {figure}",
)
MISSION_STOCK = (
    "the mission had {figure} on the ground",
    "the multinational force counted {figure} in Haiti",
)
ARRIVAL = (
    "a further {figure} from {country} arrived in Port-au-Prince",
    "{country} sent another {figure} to Haiti",
)
PLEDGE = {
    "intent": (
        "{country} said it would join the Kenya-led mission",
        "{country} said it was ready to take part in the multinational force",
        "{country} announced it would contribute to the security mission in Haiti",
    ),
    "announced": (
        "{country} offered to deploy {figure}",
        "{country} announced it would send {figure} to Haiti",
    ),
    "committed": (
        "{country} has promised to provide {figure} to Haiti",
        "{country} committed {figure} to the mission",
    ),
    "target": (
        "the mission is planned to reach {figure}",
        "the Security Council authorised a force of {figure}",
    ),
}
FUNDING = {
    "contribution": (
        "{country} has contributed {money} to the mission",
        "{country} has allocated {money} to the operation",
    ),
    "pledge": (
        "{country} pledged {money} for the mission",
        "{country} promised {money} in support of the mission",
    ),
    "cost_estimate": ("the annual cost of the operation is estimated at {money}",),
    "fund_balance": ("the UN trust fund for the mission holds {money}",),
    "request": ("Haiti’s transitional council asked donors for {money}",),
}
# The period each flow's sentences give their amount for: "has contributed" is a total to date, "the
# annual cost" a year's, a fund "holds" a balance.
FUNDING_BASIS = {
    "contribution": "cumulative",
    "pledge": "one_off",
    "cost_estimate": "annual",
    "fund_balance": "at_date",
    "request": "one_off",
}
VOTE = {
    "draft_circulated": "{drafter} circulated a draft resolution on the mission to Council members",
    "draft_dropped": "the draft resolution was dropped after objections from China and Russia",
    "debated": "Council members debated the future of the mission",
}
EVENT = {
    "agreement": "{country} and Haiti signed an agreement on the deployment",
    "ruling": "a Kenyan court ruled on the deployment of police officers abroad",
    "meeting": "officials from {country} met Haitian leaders to discuss the mission",
    "request": "Haiti asked {country} for more support for the mission",
    "visit": "a delegation from {country} visited Port-au-Prince",
    "other": "{country} hosted a conference of the countries taking part in the mission",
}
POSITION = (  # stance, on, clause
    ("supports", "the Kenya-led mission", "{country} voiced support for the Kenya-led mission"),
    (
        "supports",
        "UN peacekeeping transition",
        "{country} backed turning the mission into a UN peacekeeping operation",
    ),
    (
        "opposes",
        "UN peacekeeping transition",
        "{country} opposed turning the mission into a UN peacekeeping operation",
    ),
    ("hesitant", "sending personnel", "{country} declined to commit personnel to the mission"),
    (
        "open",
        "a contribution to the mission",
        "{country} said it was considering a contribution to the mission",
    ),
)
ATTRIBUTIONS = ("Kenyan authorities", "the mission’s spokesperson", "UN officials", "diplomats",
                "Haiti’s transitional council")  # fmt: skip
FILLER = (
    "Gangs control much of Port-au-Prince and the roads out of it.",
    "Hundreds of thousands of people have fled their homes as the violence spread.",
    "The mission’s mandate comes from the UN Security Council, but it is not a UN operation.",
    "Aid groups say the situation in the capital’s poorest districts is getting worse.",
    "The country has been without an elected government for several years.",
    "Critics of the mission point to the mixed record of earlier foreign interventions in Haiti.",
    "Officials declined to say when the next contingent would travel.",
    "The airport in the capital has closed several times after gunfire near the runway.",
    "Haiti’s national police force is small, underpaid and stretched thin.",
    "Regional leaders have met repeatedly to discuss the crisis.",
    "The mission’s base near the airport was expanded to house new arrivals.",
    "Supporters of the deployment say there is no alternative that could be fielded quickly.",
)
TITLES = (
    ("Kenya-led mission in Haiti grows as new contingents arrive", "mission-grows"),
    ("Nations weigh contributions to the Haiti security mission", "nations-weigh-contributions"),
    ("Funding gap threatens the Multinational Security Support mission", "funding-gap"),
    ("Security Council divided over the future of the Haiti mission", "unsc-divided"),
    ("Haiti’s partners promise more police as gangs advance", "partners-promise-police"),
    ("Kenya’s police in Haiti: what has been pledged and what has arrived", "pledged-and-arrived"),
)
OUTLETS = (None, None, "The Caribbean Ledger", "Nairobi Standard Wire", "Port-au-Prince Daily",
           "Global Affairs Review")  # fmt: skip
NOTES = (
    "The article does not say who counted the personnel.",
    "One claim per country named in the sentence.",
    "Dated from the passage; the article gives no closer date.",
    "The press calls the contingent “troops”; it is a police unit.",
    "The figure is repeated later in the article with the same wording.",
    "Reported second-hand: the article credits officials it does not name.",
)

EARLIEST = date(2023, 7, 1)
LATEST = date(2025, 12, 31)  # the benchmark pins today to 2026-01-01, and nothing is in the future


# --- Dates ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class When:
    """A partial date: the day it was drawn from, its YAML text, and how an article writes it."""

    day: date
    iso: str  # "2024-03-12", "2024-03" or "2024"
    name: str  # "12 March 2024", "March 2024" or "2024"

    @property
    def phrase(self) -> str:
        return ("on " if len(self.iso) == 10 else "in ") + self.name


def partial_date(day: date, precision: str) -> When:
    month = calendar.month_name[day.month]
    if precision == "day":
        return When(day, day.isoformat(), f"{day.day} {month} {day.year}")
    if precision == "month":
        return When(day, f"{day.year}-{day.month:02d}", f"{month} {day.year}")
    return When(day, str(day.year), str(day.year))


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


# --- Facts: one sentence of an article and the claim fields it supports ---------------------


def yaml_text(text: str) -> str:
    """A double-quoted YAML scalar. The generated text holds no control characters, so backslash
    and double quote are all that need escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_fields(**fields: str | int | None) -> str:
    """YAML lines of a claim's own fields; values are written as given (null for None)."""
    return "".join(f"    {name}: {'null' if value is None else value}\n" for name, value in fields.items())


@dataclass(frozen=True, slots=True)
class Statement:
    """What a kind's sentence says: the clause that states it, its fields, how its ids begin."""

    clause: str
    fields: str  # YAML lines
    slug: str  # "ken-pledge-1000"
    when: When


@dataclass(frozen=True, slots=True)
class Fact:
    """One sentence of an article and what a claim quoting it records."""

    kind: str
    sentence: str
    quotes: tuple[str, ...]  # passages of the sentence a claim may quote; each states the fact
    statement: Statement
    speaker: str | None  # who the sentence credits, if anyone


def pick(rng: random.Random, weighted: tuple[tuple[str, str, int], ...]) -> tuple[str, str]:
    code, name, _ = rng.choices(weighted, weights=[weight for *_, weight in weighted])[0]
    return code, name


def qualified(rng: random.Random, figure: str) -> tuple[str, str]:
    """The figure with words before it, and the qualifier mss reads from those words."""
    qualifier = rng.choices(list(QUALIFIER_WEIGHTS), weights=list(QUALIFIER_WEIGHTS.values()))[0]
    return rng.choice(QUALIFIER_WORDS[qualifier]) + figure, qualifier


class ArticleWriter:
    """Writes the facts of one article, each dated no later than its publication (a scheduled vote
    excepted: it is announced for later)."""

    def __init__(self, rng: random.Random, published: date) -> None:
        self.rng = rng
        self.published = published

    def fact(self, kind: str) -> Fact:
        rng = self.rng
        statement: Statement = getattr(self, kind)()
        speaker = rng.choice(ATTRIBUTIONS) if rng.random() < 0.2 else None
        # The date leads the sentence or follows the clause; an attribution, when there is one,
        # closes it. A claim quotes the clause alone, the clause with what follows, or all of it.
        phrase = statement.when.phrase
        if rng.random() < 0.5:
            lead, tail = phrase[0].upper() + phrase[1:] + ", ", ""
        else:
            lead, tail = "", " " + phrase
        if speaker is not None:
            tail += f", according to {speaker}"
        sentence = lead + statement.clause + tail + "."
        sentence = sentence[0].upper() + sentence[1:]
        clause = sentence[len(lead) : len(lead) + len(statement.clause)]
        return Fact(kind, sentence, (clause, sentence[len(lead) : -1], sentence), statement, speaker)

    def past(self) -> When:
        precision = self.rng.choices(("day", "month", "year"), weights=(20, 65, 15))[0]
        return partial_date(random_day(self.rng, EARLIEST, self.published), precision)

    def headcount(self, personnel_type: str) -> tuple[str, str, int]:
        """A qualified count with its noun ("up to 1,000 police officers"), its qualifier and value."""
        value = self.rng.choice(HEADCOUNTS)
        noun = self.rng.choice(PERSONNEL_WORDS[personnel_type])
        figure, qualifier = qualified(self.rng, f"{value:,} {noun}")
        return figure, qualifier, value

    def deployment(self) -> Statement:
        rng = self.rng
        code, name = pick(rng, CONTRIBUTORS)
        personnel_type = rng.choices(list(PERSONNEL_WORDS), weights=(50, 10, 10, 30))[0]
        measure = "stock" if rng.random() < 0.75 else "arrival"
        if rng.random() < 0.1:
            people = rng.choice(PERSONNEL_WORDS[personnel_type])
            clause = (
                f"{people} from {name} were on the ground in Haiti"
                if measure == "stock"
                else f"{name} has begun sending {people} to Haiti"
            )
            fields = yaml_fields(country=code, personnel=None, personnel_type=personnel_type, measure=measure)
            return Statement(clause, fields, f"{code.lower()}-{measure}", self.past())
        figure, qualifier, value = self.headcount(personnel_type)
        if measure == "stock" and rng.random() < 0.15:
            code, template = None, rng.choice(MISSION_STOCK)
        else:
            template = rng.choice(STOCK if measure == "stock" else ARRIVAL)
        fields = yaml_fields(
            country=code, personnel=value, personnel_type=personnel_type, measure=measure, qualifier=qualifier
        )
        slug = f"{code.lower() if code else 'mission'}-{measure}-{value}"
        return Statement(template.format(country=name, figure=figure), fields, slug, self.past())

    def pledge(self) -> Statement:
        rng = self.rng
        code, name = pick(rng, CONTRIBUTORS)
        stage = rng.choices(list(PLEDGE), weights=(20, 30, 40, 10))[0]
        if stage == "intent":
            clause = rng.choice(PLEDGE[stage]).format(country=name)
            fields = yaml_fields(country=code, personnel=None, stage=stage)
            return Statement(clause, fields, f"{code.lower()}-intent", self.past())
        figure, qualifier, value = self.headcount(rng.choice(("police", "unspecified")))
        if stage == "target":
            code = None  # a planned or authorised size is mission-wide
        clause = rng.choice(PLEDGE[stage]).format(country=name, figure=figure)
        fields = yaml_fields(country=code, personnel=value, stage=stage, qualifier=qualifier)
        slug = f"{code.lower() if code else 'mission'}-pledge-{value}"
        return Statement(clause, fields, slug, self.past())

    def funding(self) -> Statement:
        rng = self.rng
        millions = rng.choice(MILLIONS)
        money, qualifier = qualified(rng, f"${millions:g} million")
        flow = rng.choices(list(FUNDING), weights=(40, 25, 15, 10, 10))[0]
        code, name = pick(rng, DONORS)
        if flow in ("cost_estimate", "fund_balance"):
            code = None
        elif flow == "request":
            code = "HTI"
        clause = rng.choice(FUNDING[flow]).format(country=name, money=money)
        fields = yaml_fields(
            country=code,
            amount=int(millions * 1_000_000),
            currency="USD",
            flow=flow,
            basis=FUNDING_BASIS[flow],
            qualifier=qualifier,
        )
        slug = f"{code.lower() if code else 'mission'}-{flow}-{millions:g}m".replace("_", "-").replace(
            ".", "-"
        )
        return Statement(clause, fields, slug, self.past())

    def vote(self) -> Statement:
        rng = self.rng
        action = rng.choice(("adopted", "draft_circulated", "draft_dropped", "scheduled", "debated"))
        slug = f"unsc-{action.replace('_', '-')}"
        if action == "scheduled":
            # Announced for the weeks after the article, but not after the pinned today.
            soon = min(self.published + timedelta(days=60), LATEST)
            upcoming = partial_date(random_day(rng, self.published, soon), "month")
            clause = "the Council is expected to vote on renewing the mandate"
            return Statement(clause, yaml_fields(action=action, status="scheduled"), slug, upcoming)
        when = self.past()
        if action != "adopted":
            clause = VOTE[action].format(drafter=rng.choice(("the United States", "Ecuador")))
            return Statement(clause, yaml_fields(action=action), slug, when)
        number = rng.randint(2690, 2799)
        resolution = yaml_text(f"S/RES/{number} ({when.day.year})")
        year, month = when.day.year + 1, when.day.month  # a one-year mandate
        if (year, month) > (LATEST.year, LATEST.month):
            clause = f"the Security Council adopted resolution {number}"
            return Statement(clause, yaml_fields(action=action, resolution=resolution), slug, when)
        clause = (
            f"the Security Council adopted resolution {number}, extending the mandate until "
            f"{calendar.month_name[month]} {year}"
        )
        fields = yaml_fields(action=action, resolution=resolution, mandate_until=f"{year}-{month:02d}")
        return Statement(clause, fields, slug, when)

    def event(self) -> Statement:
        rng = self.rng
        event_type = rng.choice(list(EVENT))
        code, name = pick(rng, STATES)
        parties: tuple[str, ...] = ()
        if event_type == "ruling":
            code = "KEN"
        elif event_type == "request":
            code, parties = "HTI", ("HTI", code)
        elif event_type in ("agreement", "meeting"):
            parties = (code, "HTI")
        clause = EVENT[event_type].format(country=name)
        fields = yaml_fields(event_type=event_type, country=code, parties="[" + ", ".join(parties) + "]")
        return Statement(clause, fields, f"{code.lower()}-{event_type}", self.past())

    def position(self) -> Statement:
        code, name = pick(self.rng, STATES)
        stance, on, template = self.rng.choice(POSITION)
        fields = yaml_fields(country=code, stance=stance, on=yaml_text(on))
        return Statement(template.format(country=name), fields, f"{code.lower()}-{stance}", self.past())


# --- Articles and data files ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    yaml: str  # the source record
    facts: dict[str, list[Fact]]  # by kind


def write_article(rng: random.Random, index: int, index_width: int, root: Path) -> tuple[Article, int]:
    """One archived article under `root`/seeds, with its source record; and the bytes written."""
    published_day = random_day(rng, date(2023, 9, 1), LATEST)
    published = partial_date(published_day, rng.choices(("day", "month", "year"), weights=(40, 50, 10))[0])
    # Facts are dated up to the drawn day, which lies inside the published period at any precision.
    writer = ArticleWriter(rng, published_day)
    facts = {kind: [writer.fact(kind) for _ in range(count)] for kind, count in FACTS_PER_ARTICLE.items()}
    sentences = [fact.sentence for kind_facts in facts.values() for fact in kind_facts]
    sentences += rng.sample(FILLER, FILLER_SENTENCES_PER_ARTICLE)
    rng.shuffle(sentences)
    title, title_slug = rng.choice(TITLES)
    paragraphs = [
        " ".join(sentences[start : start + SENTENCES_PER_PARAGRAPH])
        for start in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    raw = ("\n\n".join((title, *paragraphs)) + "\n").encode("utf-8")
    sha256 = hashlib.sha256(raw).hexdigest()
    file = f"seeds/{index:0{index_width}d}_{sha256[:16]}.txt"
    (root / file).write_bytes(raw)

    source_id = f"{title_slug}-{published.iso}-s{index:0{index_width}d}"
    outlet = rng.choice(OUTLETS)
    url = f"https://news.example.org/haiti/{source_id}"
    lines = [
        f"  - id: {source_id}\n",
        # Quoted: a plain sha256 starting 0b or 0x is a YAML 1.1 number, and the loader refuses it.
        f"    file: {yaml_text(file)}\n",
        f"    sha256: {yaml_text(sha256)}\n",
        f"    title: {yaml_text(title)}\n",
        f"    outlet: {yaml_text(outlet) if outlet else 'null'}\n",
        f"    url: {yaml_text(url) if outlet else 'null'}\n",
        f"    published: {published.iso}\n",
    ]
    if len(published.iso) < 10:
        basis = f"No dateline; the latest event the article reports is from {published.name}."
        lines.append(f"    published_basis: {yaml_text(basis)}\n")
    return Article(source_id, "".join(lines), facts), len(raw)


def kinds_for(count: int, rng: random.Random) -> list[str]:
    """`count` kinds in the proportions of KIND_SHARES (largest remainder), in random order."""
    total = sum(KIND_SHARES.values())
    exact = {kind: count * share / total for kind, share in KIND_SHARES.items()}
    counts = {kind: int(value) for kind, value in exact.items()}
    by_remainder = sorted(exact, key=lambda kind: exact[kind] - counts[kind], reverse=True)
    for kind in by_remainder[: count - sum(counts.values())]:
        counts[kind] += 1
    kinds = [kind for kind, times in counts.items() for _ in range(times)]
    rng.shuffle(kinds)
    return kinds


def claim_yaml(rng: random.Random, fact: Fact, source_id: str, claim_id: str, *, with_note: bool) -> str:
    quote = rng.choice(fact.quotes)
    # A speaker is recorded only when the quote itself credits them.
    speaker = f"    speaker: {yaml_text(fact.speaker)}\n" if fact.speaker and fact.speaker in quote else ""
    note = f"    note: {yaml_text(rng.choice(NOTES))}\n" if with_note else ""
    return (
        f"  - id: {claim_id}\n    kind: {fact.kind}\n    source: {source_id}\n    quote: {yaml_text(quote)}\n"
        f"    as_of: {fact.statement.when.iso}\n{fact.statement.fields}{speaker}{note}"
    )


def split_evenly(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if part < total % parts else 0) for part in range(parts)]


@dataclass(slots=True)
class Written:
    claims: int = 0
    sources: int = 0
    data_files: int = 0
    data_bytes: int = 0
    seed_bytes: int = 0


def generate(out: Path, claims: int, sources: int, files: int, seed: int) -> Written:
    rng = random.Random(seed)
    seeds, data = out / "seeds", out / "data"
    seeds.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    index_width = max(3, len(str(sources - 1)))
    names = (
        ["claims.yaml"]
        if files == 1
        else [f"part-{number:0{len(str(files))}d}.yaml" for number in range(1, files + 1)]
    )
    written = Written()
    for name, file_claims, file_sources in zip(
        names, split_evenly(claims, files), split_evenly(sources, files), strict=True
    ):
        source_lines, claim_lines = [], []
        kinds = iter(kinds_for(file_claims, rng))
        for claims_of_source in split_evenly(file_claims, file_sources):
            article, seed_bytes = write_article(rng, written.sources, index_width, out)
            written.sources += 1
            written.seed_bytes += seed_bytes
            source_lines.append(article.yaml)
            for number in range(claims_of_source):
                fact = rng.choice(article.facts[next(kinds)])
                claim_id = f"{fact.statement.slug}-{fact.statement.when.iso}-{written.claims:06d}"
                # The first claim of each source always has a note, so every file has one to edit
                # (benchmarks/run.py changes a note to time an incremental check).
                with_note = number == 0 or rng.random() < 0.15
                claim_lines.append(claim_yaml(rng, fact, article.id, claim_id, with_note=with_note))
                written.claims += 1
        text = (
            f"# Synthetic data from benchmarks/generate.py: {file_claims} claims, {file_sources} sources.\n\n"
            "sources:\n" + "\n".join(source_lines) + "\nclaims:\n" + "\n".join(claim_lines)
        )
        raw = text.encode("utf-8")
        (data / name).write_bytes(raw)
        written.data_files += 1
        written.data_bytes += len(raw)
    return written


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="project root to create: seeds/ and data/ go here")
    parser.add_argument("--claims", type=int, required=True, help="claims in all")
    parser.add_argument("--sources", type=int, required=True, help="sources (archived articles) in all")
    parser.add_argument("--files", type=int, default=1, help="data files; each holds its share of both")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same bytes")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.files <= arguments.sources:
        parser.error("--files must be at least 1 and at most --sources")
    # Every source must be cited, so every file needs at least as many claims as it has sources.
    if min(split_evenly(arguments.claims, arguments.files)) < max(
        split_evenly(arguments.sources, arguments.files)
    ):
        parser.error("every source needs a claim: give each file at least as many claims as sources")
    for folder in ("seeds", "data"):
        # Refuse rather than mix with (or delete) files already there: a stray seed or part file
        # would change what `mss check` sees.
        if (existing := arguments.out / folder).exists() and any(existing.iterdir()):
            parser.error(f"{existing} is not empty; choose a new OUT_DIR")
    return arguments


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    written = generate(arguments.out, arguments.claims, arguments.sources, arguments.files, arguments.seed)
    print(
        f"{arguments.out}: {written.claims:,} claims, {written.sources:,} sources, "
        f"{written.data_files:,} data {'file' if written.data_files == 1 else 'files'} "
        f"({written.data_bytes:,} bytes) and {written.sources:,} seed files ({written.seed_bytes:,} bytes)"
    )


if __name__ == "__main__":
    main()
