"""Plain values → validated records: each source and claim through its pydantic model, and every
pydantic error turned into a problem with a stable code, at the position of the field it is about."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from haiti_mss.core.positions import Location, Spans
from haiti_mss.core.problems import CATALOG, Problem
from haiti_mss.core.records import ClaimRecord, LoadedFile, MissionRecord, SourceRecord
from haiti_mss.read import renamed
from haiti_mss.read.model import CLAIM, CLAIM_MODELS, DataFile, Mission, Source

_TOP_LEVEL = tuple(DataFile.model_fields)


def validate_file(root: dict, spans: Spans, loaded: LoadedFile) -> None:
    """Add the valid records of a parsed file to `loaded`, and the problems of the others."""
    shown = loaded.shown
    file_location = Location(shown, spans)
    for key in root:
        if key not in _TOP_LEVEL:
            loaded.problems.append(
                file_location.problem(
                    "unknown-field",
                    f"unknown top-level key {key!r}{_did_you_mean(key, _TOP_LEVEL)}",
                    key,
                )
            )
    for key, validate, into in (
        ("missions", _validate_mission, loaded.missions),
        ("sources", _validate_source, loaded.sources),
        ("claims", _validate_claim, loaded.claims),
    ):
        records = root.get(key)
        if records is None:
            continue
        if not isinstance(records, list):
            loaded.problems.append(file_location.problem("wrong-type", f"{key} must be a list", key))
            continue
        list_spans = spans.children[key]
        for index, raw in enumerate(records):
            if key == "claims" and isinstance(raw, dict) and isinstance(raw.get("source"), str):
                loaded.cited.add(raw["source"])
            location = Location(shown, list_spans.children.get(index) or Spans(list_spans.entries[index]))
            record, problems = validate(raw, location)
            loaded.problems.extend(problems)
            if record is not None:
                into.append((record, location))


def _validate_mission(raw: Any, location: Location) -> tuple[MissionRecord | None, list[Problem]]:
    try:
        return Mission.model_validate(raw).to_record(), []
    except ValidationError as error:
        return None, _problems_from(error, raw, location, Mission, "mission", {})


def _validate_source(raw: Any, location: Location) -> tuple[SourceRecord | None, list[Problem]]:
    raw, problems, written_as = _under_new_names(raw, location, "source")
    try:
        return Source.model_validate(raw).to_record(), problems
    except ValidationError as error:
        return None, [*problems, *_problems_from(error, raw, location, Source, "source", written_as)]


def _validate_claim(raw: Any, location: Location) -> tuple[ClaimRecord | None, list[Problem]]:
    raw, problems, written_as = _under_new_names(raw, location, "claim")
    try:
        return CLAIM.validate_python(raw).to_record(), problems
    except ValidationError as error:
        kind = raw.get("kind") if isinstance(raw, dict) else None
        model = CLAIM_MODELS.get(kind) if isinstance(kind, str) else None
        return None, [*problems, *_problems_from(error, raw, location, model, "claim", written_as)]


def _under_new_names(raw: Any, location: Location, record: str) -> tuple[Any, list[Problem], dict[str, str]]:
    """The record with every renamed key under its new name, a `renamed-field` problem at each old
    key, and the old name of each new key (where a problem about its value is placed)."""
    if not isinstance(raw, dict):
        return raw, [], {}
    read, changes = renamed.renamed_in(raw, record)
    claim_id = _claim_id(raw, record)
    problems = [
        location.problem("renamed-field", renamed.message(change), change.old, claim_id=claim_id)
        for change in changes
    ]
    return read, problems, {change.new: change.old for change in changes if not change.both}


def _claim_id(raw: Any, record: str) -> str | None:
    is_claim = record == "claim"
    return raw.get("id") if is_claim and isinstance(raw, dict) and isinstance(raw.get("id"), str) else None


def _problems_from(
    error: ValidationError,
    raw: Any,
    location: Location,
    model: type[BaseModel] | None,
    record: str,
    written_as: dict[str, str],
) -> list[Problem]:
    claim_id = _claim_id(raw, record)
    kind = raw.get("kind") if isinstance(raw, dict) else None
    problems = []
    for detail in error.errors(include_url=False):
        path = detail["loc"]
        if path and path[0] == kind:
            path = path[1:]  # pydantic prefixes the union's tag
        code, message = _explain(detail, path, model, record)
        if code == "unknown-kind" or detail["type"] == "union_tag_not_found":
            path = ("kind",)
        elif path and path[0] in written_as:
            path = (written_as[path[0]], *path[1:])
        problems.append(location.problem(code, message, *path, claim_id=claim_id))
    return problems


_EXPECTED = {
    "string_type": "text",
    "date_type": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_FOUND = {str: "text", bool: "true/false", int: "a whole number", float: "a decimal number",
          type(None): "null", dict: "a mapping", list: "a list"}  # fmt: skip
_KINDS = ", ".join(CLAIM_MODELS)


def _explain(
    detail: Any, path: tuple[str | int, ...], model: type[BaseModel] | None, record: str
) -> tuple[str, str]:
    """A stable code and a curator-facing message for one pydantic error."""
    kind, context = detail["type"], detail.get("ctx") or {}
    name = _field_name(path) or f"a {record}"
    if kind in CATALOG:
        return kind, f"{name}: {detail['msg']}"
    if kind == "missing":
        return "missing-field", f"missing required field {name!r}"
    if kind == "extra_forbidden":
        inside = _model_at(model, path[:-1])
        choices = tuple(inside.model_fields) if inside is not None else ()
        return "unknown-field", f"unknown field {name!r}{_did_you_mean(str(path[-1]), choices)}"
    if kind == "union_tag_invalid":
        return "unknown-kind", f"kind {context.get('tag')!r} is not one of: {_KINDS}"
    if kind == "union_tag_not_found":
        return "missing-field", f"a claim needs a kind: one of {_KINDS}"
    if kind == "greater_than_equal":
        return "negative-number", f"{name} cannot be negative"
    if kind == "less_than_equal":
        return "invalid-value", f"{name} is too large (at most {context.get('le'):,})"
    if kind in _EXPECTED:
        found = _FOUND.get(type(detail.get("input")), "something else")
        return "wrong-type", f"{name} should be {_EXPECTED[kind]}, not {found}"
    if kind == "literal_error":
        return "invalid-value", f"{name} must be {context.get('expected')}"
    return "invalid-value", f"{name}: {detail['msg']}"


def _model_at(model: type[BaseModel] | None, path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping `path` leads to inside a record (an `ignore:` entry, say)."""
    for step in path:
        if model is None or isinstance(step, int):
            continue
        field = model.model_fields.get(step)
        nested = [kind for kind in get_args(field.annotation) if _is_model(kind)] if field else []
        model = nested[0] if nested else None
    return model


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _field_name(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    close = get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
