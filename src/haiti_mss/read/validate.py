"""Plain values → validated records: each mission, source and claim through its pydantic model, and
every pydantic error turned into a problem with a stable code, at the position of the field it is
about. A key renamed since data was first written (`read.renamed`) is a problem at the old key, and
the record is read under the new name."""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches
from typing import Any, NamedTuple, get_args

from pydantic import BaseModel, ValidationError

from haiti_mss.core.positions import Finding, Location, Spans
from haiti_mss.core.problems import CATALOG
from haiti_mss.core.records import ClaimRecord, LoadedFile, MissionRecord, SourceRecord
from haiti_mss.read import renamed
from haiti_mss.read.model import CLAIM, CLAIM_MODELS, DataFile, Mission, Source

_TOP_LEVEL = tuple(DataFile.model_fields)
# The lists of records a data file holds, in the order they are validated.
RECORD_LISTS = ("missions", "sources", "claims")


class Validated(NamedTuple):
    """One record through its model: the record when it is valid, else the problems it has, as
    findings about its fields that the record's spans place."""

    record: MissionRecord | SourceRecord | ClaimRecord | None
    findings: tuple[Finding, ...]
    claim_id: str | None  # a claim's id as written, when it is text: problems name the claim by it
    cites: str | None  # the source a claim names, valid or not


def validate_file(
    root: dict,
    spans: Spans,
    loaded: LoadedFile,
    validated: Callable[[str, int, Any], Validated] | None = None,
) -> None:
    """Add the valid records of a parsed file to `loaded`, and the problems of the others.
    `validated(key, index, raw)` gives the `validate_record` of an entry when it is already known."""
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
    for key in RECORD_LISTS:
        records = root.get(key)
        if records is None:
            continue
        if not isinstance(records, list):
            loaded.problems.append(file_location.problem("wrong-type", f"{key} must be a list", key))
            continue
        list_spans = spans.children[key]
        for index, raw in enumerate(records):
            location = Location(shown, list_spans.children.get(index) or Spans(list_spans.entries[index]))
            result = validate_record(key, raw) if validated is None else validated(key, index, raw)
            _add_record(loaded, key, result, location)


def validate_record(key: str, raw: Any) -> Validated:
    """An entry of the list `key` ("missions", "sources" or "claims") through its model."""
    if key == "missions":
        return _validate_mission(raw)
    if key == "sources":
        return _validate_source(raw)
    return _validate_claim(raw)


def _add_record(loaded: LoadedFile, key: str, validated: Validated, location: Location) -> None:
    """Add an entry of the list `key`, written at `location`, to `loaded`: its record when it is
    valid, its problems placed at their fields, and the source it cites."""
    if validated.cites is not None:
        loaded.cited.add(validated.cites)
    if validated.findings:
        loaded.problems.extend(location.placed(finding, validated.claim_id) for finding in validated.findings)
    if validated.record is None:
        return
    if key == "claims":
        loaded.add_claim(validated.record, location)  # type: ignore[arg-type]
    else:
        getattr(loaded, key).append((validated.record, location))  # the list is named as the key


def _validate_mission(raw: Any) -> Validated:
    try:
        return Validated(Mission.model_validate(raw).to_record(), (), None, None)
    except ValidationError as error:
        return Validated(None, _findings_from(error, raw, Mission, "mission"), None, None)


def _validate_source(raw: Any) -> Validated:
    read, renames, written_as = _under_new_names(raw, "source")
    try:
        return Validated(Source.model_validate(read).to_record(), renames, None, None)
    except ValidationError as error:
        return Validated(
            None, (*renames, *_findings_from(error, read, Source, "source", written_as)), None, None
        )


def _validate_claim(raw: Any) -> Validated:
    is_mapping = isinstance(raw, dict)
    cites = raw["source"] if is_mapping and isinstance(raw.get("source"), str) else None
    claim_id = raw["id"] if is_mapping and isinstance(raw.get("id"), str) else None
    read, renames, written_as = _under_new_names(raw, "claim")
    try:
        return Validated(CLAIM.validate_python(read).to_record(), renames, claim_id, cites)
    except ValidationError as error:
        kind = read.get("kind") if is_mapping else None
        model = CLAIM_MODELS.get(kind) if isinstance(kind, str) else None
        findings = (*renames, *_findings_from(error, read, model, "claim", written_as))
        return Validated(None, findings, claim_id, cites)


def _under_new_names(raw: Any, record: str) -> tuple[Any, tuple[Finding, ...], dict[str, str]]:
    """The record with every renamed key under its new name, a `renamed-field` finding at each old
    key, and the old name of each new key (where a finding about its value is placed)."""
    if not isinstance(raw, dict):
        return raw, (), {}
    read, changes = renamed.renamed_in(raw, record)
    findings = tuple(Finding("renamed-field", renamed.message(change), (change.old,)) for change in changes)
    return read, findings, {change.new: change.old for change in changes if not change.both}


def _findings_from(
    error: ValidationError,
    raw: Any,
    model: type[BaseModel] | None,
    record: str,
    written_as: dict[str, str] | None = None,
) -> tuple[Finding, ...]:
    kind = raw.get("kind") if isinstance(raw, dict) else None
    findings = []
    for detail in error.errors(include_url=False):
        path = detail["loc"]
        if path and path[0] == kind:
            path = path[1:]  # pydantic prefixes the union's tag
        code, message = _explain(detail, path, model, record)
        if code == "unknown-kind" or detail["type"] == "union_tag_not_found":
            path = ("kind",)
        elif written_as and path and path[0] in written_as:
            path = (written_as[path[0]], *path[1:])
        findings.append(Finding(code, message, tuple(path)))
    return tuple(findings)


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
