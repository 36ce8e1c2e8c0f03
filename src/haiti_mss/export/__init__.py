"""The open-data exports: a Frictionless data package (CSV files described by `datapackage.json`) and
a SQLite database with full-text search on quotes, described for Datasette.

Both hold every mission, source and claim of valid data, with the same columns and the same
descriptions, and both carry the data's content hash: the SHA-256 of the records themselves, so that
the same data gives the same hash whatever the YAML's layout or comments, and any change to a record
or an archived source changes it. Every file is written atomically.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from io import StringIO
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args, get_origin

from haiti_mss import __version__
from haiti_mss.analysis.filters import Filters
from haiti_mss.analysis.query import sources as source_summaries
from haiti_mss.core.dates import ISO_PARTIAL_DATE_PATTERN, PartialDate
from haiti_mss.core.output import output_stream, replacing
from haiti_mss.core.records import KINDS, Corpus, SourceRecord
from haiti_mss.present.view import View
from haiti_mss.present.views import SOURCES, claim_row
from haiti_mss.present.views import sources as sources_view
from haiti_mss.present.writers import write_csv, write_json
from haiti_mss.read.model import CLAIM_MODELS, MISSION_ID_PATTERN, SLUG_PATTERN, Mission, Source

TITLE = "Claims about the Kenya-led Multinational Security Support mission in Haiti"
DESCRIPTION = (
    "Pledges, deployments, funding, Security Council action, events and positions, each one claim made "
    "by one source with a verbatim quote from the archived article, verified by `mss check`. Quotes "
    "remain the copyright of their publishers and are reproduced as short citations."
)
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
_CSV_NOTE = (
    " In the CSV files a text cell that begins with =, +, -, @, a tab or a carriage return has a leading "
    "apostrophe, so that no spreadsheet runs it as a formula; the SQLite export holds the text unaltered."
)
_DATE_BOUNDS = ("as_of", "mandate_until")


class TableField(NamedTuple):
    """A column of an export, described once for the data package, SQLite and Datasette."""

    name: str
    type: Literal["string", "integer", "date", "list", "boolean"]  # Table Schema types
    description: str
    constraints: Mapping[str, Any]


def _choices(name: str) -> list[str]:
    """The values the model allows for `name` in any kind of claim, in the model's order."""
    choices: dict[str, None] = {}
    for model in CLAIM_MODELS.values():
        field = model.model_fields.get(name)
        if field is not None and get_origin(field.annotation) is Literal:
            choices.update(dict.fromkeys(get_args(field.annotation)))
    return list(choices)


def _claim_field(
    name: str,
    kind: Literal["string", "integer", "date", "list"] = "string",
    description: str = "",
    **constraints: Any,
) -> TableField:
    """A claims column; its description and allowed values come from the model unless given."""
    if not description:
        described = (
            model.model_fields[name] for model in CLAIM_MODELS.values() if name in model.model_fields
        )
        description = next(described).description or ""
    if choices := _choices(name):
        constraints["enum"] = choices
    return TableField(name, kind, description, constraints)


def _partial_date(name: str, **constraints: Any) -> TableField:
    return _claim_field(
        name,
        description=_claim_field(name).description + _precision(name),
        pattern=ISO_PARTIAL_DATE_PATTERN,
        **constraints,
    )


def _precision(name: str) -> str:
    return (
        " ISO 8601 at the precision the source supports (YYYY, YYYY-MM or YYYY-MM-DD); "
        f"{name}_first_day and {name}_last_day give the period it covers."
    )


def _bounds(name: str, **constraints: Any) -> list[TableField]:
    return [
        TableField(f"{name}_{end}_day", "date", f"The {end} day of the period {name} covers.", constraints)
        for end in ("first", "last")
    ]


CLAIM_FIELDS = [
    _claim_field("id", required=True, unique=True, pattern=SLUG_PATTERN),
    _claim_field("kind", required=True),
    _claim_field(
        "country",
        description="The country the claim is about, as an ISO 3166-1 alpha-3 code: the contributor, "
        "pledger, donor, or the state taking a position; empty for a mission-wide figure.",
        pattern="^[A-Z]{3}$",
    ),
    _claim_field(
        "value",
        "integer",
        "The claim's figure: a head count, or an amount of money in whole units of the currency.",
        minimum=0,
    ),
    _claim_field("unit", description="personnel for a head count; for money, its ISO 4217 currency code."),
    _claim_field("qualifier"),
    _partial_date("as_of", required=True),
    _claim_field("source", required=True, pattern=SLUG_PATTERN),
    _claim_field("source_file", description="The source's archived text, relative to the project root."),
    _claim_field("quote", required=True),
    *(_claim_field(name) for name in ("note", "speaker")),
    _claim_field("status", required=True),
    *(_claim_field(name) for name in ("stage", "measure", "personnel_type", "flow", "action", "resolution")),
    _partial_date("mandate_until"),
    _claim_field("event_type"),
    _claim_field(
        "parties",
        "list",
        "Countries taking part in an event, as ISO 3166-1 alpha-3 codes: in CSV joined by ;, "
        "in SQLite a JSON array.",
    ),
    _claim_field("stance"),
    _claim_field(
        "on", description="The same as question: the name the column had when the data called it so."
    ),
    *(_claim_field(name) for name in ("body", "review", "basis", "question")),
    _claim_field(
        "mission",
        description="The mission or force the claim is about, by its id in the missions table: the claim's "
        "own, else the first mission the data declares; empty when the data declares none.",
    ),
    *(_claim_field(name, "integer", minimum=0) for name in ("in_favour", "against", "abstentions")),
    _claim_field(
        "abstainers",
        "list",
        "The states that abstained in a vote, as ISO 3166-1 alpha-3 codes: in CSV joined by ;, in SQLite a "
        "JSON array.",
    ),
    _claim_field("superseded_by", pattern=SLUG_PATTERN),
    _claim_field("withdrawn"),
    *_bounds("as_of", required=True),
    *_bounds("mandate_until"),
]
_SOURCE_COUNTS = {
    "claims": "The number of claims made in the source.",
    **{kind: f"The number of {kind} claims made in the source." for kind in KINDS},
}
_SOURCE_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "id": {"required": True, "unique": True, "pattern": SLUG_PATTERN},
    "title": {"required": True},
    "published": {"required": True, "pattern": ISO_PARTIAL_DATE_PATTERN},
    "file": {"required": True},
    "sha256": {"required": True, "pattern": "^[0-9a-f]{64}$"},
    "retrieved": {"pattern": ISO_PARTIAL_DATE_PATTERN},
}
_SOURCE_TYPES: dict[str, Literal["boolean"]] = {"title_is_headline": "boolean"}
_SOURCE_MISSIONS = TableField(
    "missions",
    "list",
    "The missions the source's claims are about, by id: in CSV joined by ;, in SQLite a JSON array.",
    {},
)


def _source_field(name: str) -> TableField:
    """A sources column, in the order of the `mss sources` contract: a count of claims, the
    missions they are about, or a source's own field described by the model."""
    if name in _SOURCE_COUNTS:
        return TableField(name, "integer", _SOURCE_COUNTS[name], {"required": True, "minimum": 0})
    if name == _SOURCE_MISSIONS.name:
        return _SOURCE_MISSIONS
    description = Source.model_fields[name].description or ""
    if name == "published":
        description += _precision(name)
    return TableField(name, _SOURCE_TYPES.get(name, "string"), description, _SOURCE_CONSTRAINTS.get(name, {}))


SOURCE_FIELDS = [*(_source_field(name) for name in SOURCES.keys), *_bounds("published", required=True)]
MISSION_FIELDS = [
    TableField(name, "string", Mission.model_fields[name].description or "", constraints)
    for name, constraints in (
        ("id", {"required": True, "unique": True, "pattern": MISSION_ID_PATTERN}),
        ("name", {"required": True}),
        ("succeeds", {"pattern": MISSION_ID_PATTERN}),
    )
]


class Export(NamedTuple):
    """What an export holds: its rows, and the content hash that identifies their version."""

    claims: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    content_hash: str  # "sha256:<hex>"
    missions: list[dict[str, Any]]


def records(corpus: Corpus) -> Export:
    """Every mission, source and claim as export rows, and their content hash."""
    claims = [_with_bounds(claim_row(claim, corpus), _DATE_BOUNDS) for claim in corpus.claims]
    sources = [
        _with_bounds(row, ("published",)) for row in sources_view(source_summaries(corpus, Filters())).rows
    ]
    missions = [mission._asdict() for mission in corpus.missions.values()]
    canonical = json.dumps(
        {"missions": missions, "claims": claims, "sources": sources},
        default=str,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return Export(
        claims, sources, "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest(), missions
    )


def _with_bounds(row: dict[str, Any], dated: Iterable[str]) -> dict[str, Any]:
    bounded = dict(row)
    for name in dated:
        value: PartialDate | None = row[name]
        bounded[f"{name}_first_day"] = value and value.first_day
        bounded[f"{name}_last_day"] = value and value.last_day
    return bounded


# --- The data package ------------------------------------------------------------------------------


# What a data package is written as, in order: its tables, then the descriptor that holds their
# sizes and hashes. The command refuses to start when any of these cannot be written.
DATAPACKAGE_FILES = ("sources.csv", "claims.csv", "missions.csv", "datapackage.json")


def write_datapackage(export: Export, corpus: Corpus, folder: Path) -> list[Path]:
    """Write sources.csv, claims.csv, missions.csv and then datapackage.json, which holds the size
    and hash of each: a reader can tell a CSV that does not belong to its descriptor."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, fields, rows, keys in (
        ("sources", SOURCE_FIELDS, export.sources, {"primaryKey": ["id"]}),
        ("claims", CLAIM_FIELDS, export.claims,
         {"primaryKey": ["id"], "foreignKeys": [_SOURCE_KEY, _MISSION_KEY, _SUPERSEDED_KEY]}),
        # Added since the first release: at the end.
        ("missions", MISSION_FIELDS, export.missions, {"primaryKey": ["id"], "foreignKeys": [_SUCCEEDS_KEY]}),
    ):  # fmt: skip
        content = StringIO()
        write_csv(View([field.name for field in fields], [], rows), content)
        with output_stream(folder / f"{name}.csv") as stream:
            stream.write(content.getvalue())
        resources.append(_resource(name, fields, keys, content.getvalue().encode("utf-8")))
    package = {
        "profile": "tabular-data-package",
        "name": "haiti-mss-claims",
        "title": TITLE,
        "description": DESCRIPTION + _CSV_NOTE,
        "licenses": [LICENSE],
        "sources": [_provenance(source) for source in corpus.sources.values()],
        "contentHash": export.content_hash,
        "generator": f"mss {__version__}",
        "resources": resources,
    }
    with output_stream(folder / "datapackage.json") as stream:
        write_json(package, stream)
    return [folder / name for name in DATAPACKAGE_FILES]


_SOURCE_KEY = {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
_MISSION_KEY = {"fields": ["mission"], "reference": {"resource": "missions", "fields": ["id"]}}
# A reference to the resource itself names no resource (Table Schema's "self" reference).
_SUCCEEDS_KEY = {"fields": ["succeeds"], "reference": {"resource": "", "fields": ["id"]}}
_SUPERSEDED_KEY = {"fields": ["superseded_by"], "reference": {"resource": "", "fields": ["id"]}}


def _resource(name: str, fields: Sequence[TableField], keys: dict[str, Any], data: bytes) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": {"fields": [_table_schema_field(field) for field in fields], "missingValues": [""], **keys},
    }


def _table_schema_field(field: TableField) -> dict[str, Any]:
    described: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
    if field.type == "list":
        described |= {"delimiter": ";", "itemType": "string"}
    if field.constraints:
        described["constraints"] = dict(field.constraints)
    return described


def _provenance(source: SourceRecord) -> dict[str, Any]:
    """A data package `sources` entry: where one archived article came from."""
    entry = {"title": source.shown_title}  # a curator's description stays in brackets
    if source.url:
        entry["path"] = source.url
    if source.outlet:
        entry["outlet"] = source.outlet
    return entry | {"published": str(source.published), "archived": source.file, "sha256": source.sha256}


# --- SQLite and Datasette --------------------------------------------------------------------------

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "date": "TEXT", "list": "TEXT", "boolean": "INTEGER"}
# Searched by the full-text index: what was said, who said it, and the curator's reasoning.
FULL_TEXT_COLUMNS = ("quote", "speaker", "note")


def write_sqlite(export: Export, path: Path) -> None:
    """Build the database in a temporary file beside `path`, then rename it over `path`."""
    with replacing(path) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                _fill(connection, export)
        finally:
            connection.close()


def _fill(connection: sqlite3.Connection, export: Export) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    # Missions first: a claim refers to its mission as it is inserted.
    for table, fields, rows in (
        ("missions", MISSION_FIELDS, export.missions),
        ("sources", SOURCE_FIELDS, export.sources),
        ("claims", CLAIM_FIELDS, export.claims),
    ):
        connection.execute(
            f"CREATE TABLE {table} ({', '.join(_column_definition(table, field) for field in fields)})"
        )
        names = [field.name for field in fields]
        connection.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * len(names))})",
            ([_sql_value(row[name]) for name in names] for row in rows),
        )
    for column in ("kind", "country", "source", "as_of_first_day"):
        connection.execute(f'CREATE INDEX claims_{column} ON claims ("{column}")')
    columns = ", ".join(FULL_TEXT_COLUMNS)
    connection.execute(
        f'CREATE VIRTUAL TABLE claims_fts USING fts5({columns}, content="claims", content_rowid="rowid")'
    )
    connection.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
    connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("title", TITLE),
            ("content_hash", export.content_hash),
            ("generator", f"mss {__version__}"),
            ("license", LICENSE["name"]),
            ("license_url", LICENSE["path"]),
        ],
    )


def _column_definition(table: str, field: TableField) -> str:
    """`"name" TYPE` with the field's constraints as SQL: keys, NOT NULL, allowed values."""
    parts = [f'"{field.name}"', _SQL_TYPES[field.type]]
    if field.name == "id":
        parts.append("PRIMARY KEY NOT NULL")
    elif field.constraints.get("required"):
        parts.append("NOT NULL")
    if table == "claims" and field.name == "source":
        parts.append("REFERENCES sources (id)")
    if (table, field.name) in (("claims", "mission"), ("missions", "succeeds")):
        parts.append("REFERENCES missions (id)")
    if (table, field.name) == ("claims", "superseded_by"):
        # Checked when the export commits: a claim may be superseded by one inserted after it.
        parts.append("REFERENCES claims (id) DEFERRABLE INITIALLY DEFERRED")
    if "enum" in field.constraints:
        allowed = ", ".join(f"'{choice}'" for choice in field.constraints["enum"])
        parts.append(f'CHECK ("{field.name}" IN ({allowed}))')
    return " ".join(parts)


def _sql_value(value: Any) -> Any:
    """Dates as ISO text; a list as a JSON array, which SQLite's json_each() reads."""
    if isinstance(value, list | tuple):
        return json.dumps(value)
    return value if value is None or isinstance(value, int | str) else str(value)


def datasette_metadata(export: Export, database: str) -> dict[str, Any]:
    """Datasette's metadata.json: title, licence and source, and a description of every column."""
    return {
        "title": TITLE,
        "description": f"{DESCRIPTION} Data version {export.content_hash}.",
        "license": LICENSE["title"],
        "license_url": LICENSE["path"],
        "source": "Archived news articles, curated as claims with mss",
        "databases": {
            database: {
                "tables": {
                    "claims": {
                        "description": "One claim made by one source, with its verbatim quote.",
                        "sort": "as_of_first_day",
                        "fts_table": "claims_fts",
                        "columns": {field.name: field.description for field in CLAIM_FIELDS},
                    },
                    "sources": {
                        "description": "The archived articles the claims come from.",
                        "columns": {field.name: field.description for field in SOURCE_FIELDS},
                    },
                    "missions": {
                        "description": "The missions or forces claims are about.",
                        "columns": {field.name: field.description for field in MISSION_FIELDS},
                    },
                    "meta": {"description": "The version of the data: its content hash, and what wrote it."},
                }
            }
        },
    }


def write_datasette_metadata(export: Export, database: Path, path: Path) -> None:
    with output_stream(path) as stream:
        write_json(datasette_metadata(export, database.stem), stream)
