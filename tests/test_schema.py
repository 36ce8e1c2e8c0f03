"""The JSON Schema for editors: generated from the model, committed, current, and in agreement with
check-jsonschema, an independent validator, on the shipped data and on every fixture."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from haiti_mss.core.problems import CATALOG, Severity
from haiti_mss.read.model import json_schema

from conftest import EXPECTED, FIXTURES, PROJECT, SHIPPED_DATA

COMMITTED_SCHEMA = PROJECT / "schema" / "claims.schema.json"
# Problems about the shape of a record, which a JSON Schema can state too. The others are beyond a
# schema: calendar dates, which codes exist, quotes in sources, references between records, YAML.
SHAPE_CODES = {
    "empty-file", "not-a-mapping", "missing-field", "unknown-field", "wrong-type", "invalid-value",
    "unknown-kind", "invalid-id", "negative-number",
}  # fmt: skip


@pytest.mark.newest
def test_committed_schema_is_current(run):
    result = run("schema")
    assert result.exit_code == 0
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == result.stdout, (
        "schema/claims.schema.json is stale: run `mss schema --output schema/claims.schema.json`"
    )


def test_schema_is_draft_07_with_definitions_editors_resolve():
    schema = json_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    references = {value for key, value in _walk(schema) if key == "$ref"}
    assert references == {f"#/definitions/{name}" for name in schema["definitions"]}
    assert sorted(schema["definitions"]) == [
        "Deployment", "Event", "Funding", "Ignored", "Mission", "Pledge", "Position", "Source", "Vote",
    ]  # fmt: skip


def test_every_key_explains_itself_on_hover():
    """Each field has a description; each field that is not a fixed choice also has an example."""
    schema = json_schema()
    fields = [
        (f"{name}.{key}", field)
        for name, definition in [("top", schema), *schema["definitions"].items()]
        for key, field in definition["properties"].items()
    ]
    assert len(fields) > 50
    undescribed = [name for name, field in fields if not field.get("description")]
    unexampled = [
        name for name, field in fields
        if not {"enum", "const", "items"} & set(field) and not _has_examples(field)
    ]  # fmt: skip
    assert (undescribed, unexampled) == ([], [])


def test_the_data_file_names_its_schema_for_the_yaml_language_server():
    assert SHIPPED_DATA.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/claims.schema.json"
    )
    settings = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/claims.schema.json": ["data/*.yaml"]}


def test_check_jsonschema_accepts_the_shipped_data_and_every_valid_fixture():
    accepted = [SHIPPED_DATA, *sorted((FIXTURES / "valid").glob("*.yaml"))]
    assert _rejected_by_check_jsonschema(accepted) == set()


def test_check_jsonschema_agrees_with_mss_on_every_invalid_fixture():
    """Where mss finds a problem of shape, the schema rejects the file too; and the schema never
    rejects a file mss accepts (a red underline in the editor on data `mss check` passes)."""
    invalid = sorted((FIXTURES / "invalid").glob("*.yaml"))
    rejected = _rejected_by_check_jsonschema(invalid)
    codes = {path.name: {problem.split()[1] for problem in EXPECTED[path.name]} for path in invalid}
    shape_problems = {name for name, found in codes.items() if found & SHAPE_CODES}
    mss_errors = {
        name
        for name, found in codes.items()
        if any(CATALOG[code].severity is Severity.ERROR for code in found)
    }
    assert shape_problems <= rejected
    assert rejected <= mss_errors
    assert len(shape_problems) >= 12  # the comparison covers many files, not a lucky few


def _rejected_by_check_jsonschema(paths: list) -> set[str]:
    """The names of the files check-jsonschema rejects or cannot parse."""
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--output-format", "json",
         "--schemafile", str(COMMITTED_SCHEMA), *map(str, paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(completed.stdout)
    failures = [*report["errors"], *report.get("parse_errors", ())]  # absent when all parse
    assert completed.returncode == (1 if failures else 0), completed.stderr
    return {failure["filename"].rsplit("/", 1)[-1] for failure in failures}


def _walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _has_examples(field: dict) -> bool:
    return "examples" in field or any(_has_examples(option) for option in field.get("anyOf", ()))
