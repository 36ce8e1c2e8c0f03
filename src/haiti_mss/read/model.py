"""The data model: what a valid source and a valid claim are, as strict pydantic v2 models.

Strict means no guessing: `false` is not 0, `"1000"` is not a number, unknown fields are typos, and a
date is text in one of three ISO forms whose precision is kept. Six claim kinds form a union
discriminated on `kind`, so the JSON Schema states exactly which fields each kind has. Once valid, a
record is turned into a plain `records.ClaimRecord` / `SourceRecord` for the rest of the pipeline.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    TypeAdapter,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from haiti_mss.analysis.countries import is_alpha3, suggest_for_code
from haiti_mss.core import vocabulary
from haiti_mss.core.dates import ISO_PARTIAL_DATE_PATTERN, InvalidDate, PartialDate
from haiti_mss.core.records import ClaimRecord, IgnoredFigure, SourceRecord
from haiti_mss.core.vocabulary import glossary

# C0 controls but tab and line feed, DEL, C1 controls, bidi embeddings/overrides/isolates, and lone
# surrogates (which cannot even be written out as UTF-8). ESC would colour a terminal; U+202E
# reverses how the text after it is displayed.
_FORBIDDEN_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _plain_text(text: str) -> str:
    if (found := _FORBIDDEN_CHARACTER.search(text)) is not None:
        raise PydanticCustomError(
            "control-character",
            "text holds the invisible control character U+{codepoint} at position {position}",
            {"codepoint": f"{ord(found.group()):04X}", "position": found.start() + 1},
        )
    return text


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
_SHA256 = re.compile(SHA256_PATTERN)
_SLUG = re.compile(SLUG_PATTERN)


def _slug(text: str) -> str:
    if len(text) > 120 or not _SLUG.match(text):
        raise PydanticCustomError(
            "invalid-id",
            "an id is a lowercase slug of letters, digits and single hyphens, e.g. ken-pledge-2023",
        )
    return text


def _country_code(code: str) -> str:
    if not is_alpha3(code):
        suggestions = suggest_for_code(code)
        hint = f"; did you mean {suggestions[0]}?" if suggestions else ""
        raise PydanticCustomError(
            "invalid-country",
            "{code} is not an ISO 3166-1 alpha-3 country code{hint}",
            {"code": repr(code[:40]), "hint": hint},
        )
    return code


def _sha256(digest: str) -> str:
    if not _SHA256.fullmatch(digest):
        raise PydanticCustomError(
            "invalid-value", "a sha256 is 64 lowercase hex digits, as `sha256sum FILE` prints it"
        )
    return digest


def _currency_code(code: str) -> str:
    if not (len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code)):
        raise PydanticCustomError(
            "invalid-currency", "{code} is not an ISO 4217 currency code", {"code": repr(code[:40])}
        )
    return code


class _PartialDateType:
    """Pydantic glue for `PartialDate`: text in, a `PartialDate` out, a pattern in the schema.

    A plain `2024` in YAML is an integer; as a date it can only mean the year, so a four-digit
    integer is read as one. Any other number (a Unix time like 1727740800) is refused."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        text_or_year = core_schema.union_schema(
            [core_schema.str_schema(strict=True), core_schema.int_schema(strict=True)],
            custom_error_type="date_type",
        )
        return core_schema.no_info_after_validator_function(cls._parse, text_or_year)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": ISO_PARTIAL_DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "examples": ["2024", "2024-09", "2024-09-30"],
        }

    @staticmethod
    def _parse(value: str | int) -> PartialDate:
        if isinstance(value, int):
            if not 1000 <= value <= 9999:
                raise PydanticCustomError(
                    "invalid-date",
                    "{value} is not a year: a date is YYYY, YYYY-MM or YYYY-MM-DD",
                    {"value": value},
                )
            return PartialDate(value)
        try:
            return PartialDate.parse(value)
        except InvalidDate as error:
            raise PydanticCustomError("invalid-date", str(error)) from None


Text = Annotated[str, AfterValidator(_plain_text)]
Slug = Annotated[str, Field(json_schema_extra={"pattern": SLUG_PATTERN}), AfterValidator(_slug)]
# The patterns are for editors only: validation runs the functions, whose errors explain more.
Country = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": "^[A-Z]{3}$"},
        description="ISO 3166-1 alpha-3 code",
        examples=["KEN", "JAM", "BHS"],
    ),
    AfterValidator(_country_code),
]
Sha256 = Annotated[str, Field(json_schema_extra={"pattern": SHA256_PATTERN}), AfterValidator(_sha256)]
Currency = Annotated[
    str, Field(description="ISO 4217 code", examples=["USD"]), AfterValidator(_currency_code)
]
Date = Annotated[PartialDate, _PartialDateType]
# Counts and amounts are kept in the index as SQLite integers, which stop at 2**63 - 1.
Count = Annotated[int, Field(ge=0, le=2**63 - 1)]


def _coded(values: dict[str, str]) -> Any:
    """The Literal type of a coded field: its allowed values, in the vocabulary's order."""
    return Literal[tuple(values)]


Qualifier = _coded(vocabulary.QUALIFIERS)

_SOURCE_EXAMPLE = "nations-join-kenya-mission-2023-09"
_KIND_DOC = "What the claim is about; the kind decides which other fields the claim has."
_QUALIFIER_DOC = f"How the source qualifies the figure: {glossary(vocabulary.QUALIFIERS)}."


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, hide_input_in_errors=True)


class Ignored(_Strict):
    """A figure in the source text that is deliberately not a claim, and why."""

    text: Text = Field(description="The figure as it appears in the source text.", examples=["2021"])
    reason: Text = Field(
        description="One line: why this figure is not a claim.",
        examples=["year of President Moïse's assassination, background to the mission"],
    )


class Source(_Strict):
    """One archived article."""

    id: Slug = Field(description="Stable identifier that claims cite.", examples=[_SOURCE_EXAMPLE])
    file: Text = Field(
        description="Archived text of the article, relative to the project root.",
        examples=["seeds/004_a40b01aed8d90bdc.txt"],
    )
    sha256: Sha256 = Field(
        description="SHA-256 of the archived file, in lowercase hex: `sha256sum FILE` prints it.",
        examples=["26d8aef176f05c97691670e39a497c79e99a3e2963969bcb41dc9d9292de7e80"],
    )
    title: Text = Field(
        description="The article's headline, or a descriptive title when it has none.",
        examples=["At least a dozen nations say they will join the Kenya-led effort in Haiti"],
    )
    title_is_headline: bool = Field(
        True,
        description="false when the title is the curator's description of an article whose headline "
        "is not in the text; listings then show it in brackets, never as the article's headline.",
        examples=[False],
    )
    outlet: Text | None = Field(
        None, description="Publisher, when the text names it.", examples=["Miami Herald (republished)"]
    )
    url: Text | None = Field(
        None,
        description="Where the article was published, when known.",
        examples=["https://example.org/article"],
    )
    published: Date = Field(description="Publication date at the precision that can be defended.")
    published_basis: Text | None = Field(
        None,
        description="How the publication date was established when the article does not print it.",
        examples=['No dateline. The pact was signed "on Monday, September 25", a Monday in 2023.'],
    )
    note: Text | None = Field(
        None,
        description="Curator's note on the source, e.g. that it is a republication.",
        examples=['A republication: the text ends "Original Source: www.miamiherald.com".'],
    )
    ignore: list[Ignored] = Field(
        default_factory=list, description="Figures in the text that are deliberately not claims."
    )
    retrieved: Date | None = Field(
        None,
        description="The day the article was archived (`mss archive` writes it).",
        examples=["2025-12-14"],
    )
    archived_url: Text | None = Field(
        None,
        description="A copy of the article in a web archive, when there is one.",
        examples=["https://web.archive.org/web/20251214000000/https://example.org/article"],
    )

    def to_record(self) -> SourceRecord:
        return SourceRecord(
            **{name: getattr(self, name) for name in type(self).model_fields if name != "ignore"},
            ignore=tuple(IgnoredFigure(item.text, item.reason) for item in self.ignore),
        )


class _Claim(_Strict):
    id: Slug = Field(
        description="Stable slug, unique, never reused: who, what, when.",
        examples=["ken-pledge-1000-2023-09"],
    )
    source: Slug = Field(description="Id of the source that makes the claim.", examples=[_SOURCE_EXAMPLE])
    quote: Text = Field(
        description="Verbatim passage of the source that states the claim; it must contain the figure.",
        examples=["Kenya has promised to provide 1,000 security personnel to Haiti."],
    )
    as_of: Date = Field(description="When the fact held or the event happened.")
    speaker: Text | None = Field(
        None, description="Who is quoted or credited.", examples=["Kenyan authorities"]
    )
    status: _coded(vocabulary.STATUSES) = Field("reported", description=f"{glossary(vocabulary.STATUSES)}.")
    note: Text | None = Field(
        None,
        description="Curator's note: how a value was inferred.",
        examples=['"on Monday" in an article of late September 2024: Monday 30 September 2024.'],
    )
    review: _coded(vocabulary.REVIEWS) | None = Field(
        None,
        description="draft: proposed by `mss draft`, not yet reviewed; `mss check` warns and answers leave "
        "it out until the line is deleted.",
        examples=["draft"],
    )

    def to_record(self) -> ClaimRecord:
        # A model's __dict__ holds exactly its fields; every claim field is a ClaimRecord field.
        return ClaimRecord(**self.__dict__)


class Deployment(_Claim):
    """Personnel on the ground."""

    kind: Literal["deployment"] = Field(description=_KIND_DOC)
    country: Country | None = Field(description="Contributing country; null for a mission-wide total.")
    personnel: Count | None = Field(
        None, description="Head count; null when no number is given.", examples=[400]
    )
    personnel_type: _coded(vocabulary.PERSONNEL_TYPES) = Field(
        "unspecified", description=f"What the personnel are: {glossary(vocabulary.PERSONNEL_TYPES)}."
    )
    measure: _coded(vocabulary.MEASURES) = Field(description=f"{glossary(vocabulary.MEASURES)}.")
    qualifier: Qualifier = Field("exact", description=_QUALIFIER_DOC)


class Pledge(_Claim):
    """Personnel promised, planned or authorised."""

    kind: Literal["pledge"] = Field(description=_KIND_DOC)
    country: Country | None = Field(description="Pledging country; null for a mission-wide figure.")
    personnel: Count | None = Field(
        None, description='Head count; null when no number is given ("will join").', examples=[1000]
    )
    stage: _coded(vocabulary.STAGES) = Field(description=f"{glossary(vocabulary.STAGES)}.")
    qualifier: Qualifier = Field("exact", description=_QUALIFIER_DOC)


class Funding(_Claim):
    """Money: contributions, pledges, cost estimates, fund balances, requests."""

    kind: Literal["funding"] = Field(description=_KIND_DOC)
    country: Country | None = Field(description="Donor or holder; null when none is named.")
    amount: Count = Field(
        description="Whole units of the currency: $300 million is 300000000.", examples=[300000000]
    )
    currency: Currency
    flow: _coded(vocabulary.FLOWS) = Field(description=f"{glossary(vocabulary.FLOWS)}.")
    basis: _coded(vocabulary.BASES) = Field(
        description="What period the amount covers, as the source says it; amounts are added or "
        f"subtracted only on the same basis: {glossary(vocabulary.BASES)}."
    )
    qualifier: Qualifier = Field("exact", description=_QUALIFIER_DOC)


class Vote(_Claim):
    """A Security Council action."""

    kind: Literal["vote"] = Field(description=_KIND_DOC)
    body: Text = Field(
        "UN Security Council", description="The body that acted.", examples=["UN Security Council"]
    )
    action: _coded(vocabulary.ACTIONS) = Field(description=f"{glossary(vocabulary.ACTIONS)}.")
    resolution: Text | None = Field(
        None, description="The resolution's symbol, when named.", examples=["S/RES/2699 (2023)"]
    )
    mandate_until: Date | None = Field(None, description="End of the mandate the action sets.")


class Event(_Claim):
    """Another dated fact: an agreement, ruling, meeting, request or visit."""

    def to_record(self) -> ClaimRecord:
        return ClaimRecord(**{**self.__dict__, "parties": tuple(self.parties)})

    kind: Literal["event"] = Field(description=_KIND_DOC)
    event_type: _coded(vocabulary.EVENT_TYPES) = Field(
        description=f"What sort of event it is: {glossary(vocabulary.EVENT_TYPES)}."
    )
    country: Country | None = Field(None, description="Country the event concerns most.")
    parties: list[Country] = Field(default_factory=list, description="Countries taking part.")


class Position(_Claim):
    """A state's stance on a question."""

    kind: Literal["position"] = Field(description=_KIND_DOC)
    country: Country
    stance: _coded(vocabulary.STANCES) = Field(
        description=f"The stance as the source reports it: {glossary(vocabulary.STANCES)}."
    )
    on: Text = Field(description="The question, in a few words.", examples=["UN peacekeeping transition"])


Claim = Annotated[Deployment | Pledge | Funding | Vote | Event | Position, Field(discriminator="kind")]
CLAIM = TypeAdapter(Claim)
CLAIM_MODELS: dict[str, type[_Claim]] = {
    get_args(model.model_fields["kind"].annotation)[0]: model
    for model in (Deployment, Pledge, Funding, Vote, Event, Position)
}


class DataFile(_Strict):
    """A data file: the sources and the claims made in them."""

    sources: list[Source] = Field(default_factory=list, description="The archived articles claims cite.")
    claims: list[Claim] = Field(
        default_factory=list, description="One record per claim made by one source, with its verbatim quote."
    )


SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a data file, for editors: draft-07, the newest dialect the YAML language
    server reads, so definitions live under `definitions` rather than draft 2020-12's `$defs`.

    It describes the shape of a record; `mss check` goes further (quotes, references, dates)."""
    schema = DataFile.model_json_schema(ref_template="#/definitions/{model}")
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "mss claims data",
        "description": "Sources archived in seeds/ and the claims made in them; run `mss check` to "
        "verify every quote against its source.",
        **{key: value for key, value in schema.items() if key not in {"$defs", "title", "description"}},
        "definitions": schema["$defs"],
    }
