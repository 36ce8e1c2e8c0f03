"""Keys renamed since data was first written: a position's `on` is now `question`, because every
YAML 1.1 reader turns a plain `on` key into the boolean true. Today's data under the old name is a
clear problem; an older revision is read under the new name."""

from __future__ import annotations

import json

import yaml

from haiti_mss.core.problems import SNIPPET_POSITION
from haiti_mss.read.load import load_bytes

from conftest import SOURCE_004

POSITION = "claims:\n" + SNIPPET_POSITION  # a position, written as it is now


def read(text: str):
    return load_bytes((SOURCE_004 + text).encode(), "claims.yaml")


def test_a_yaml_11_reader_turns_the_old_key_into_true_and_leaves_the_new_one_alone():
    old = yaml.safe_load(POSITION.replace("question:", "on:"))["claims"][0]
    assert True in old
    assert "on" not in old
    assert yaml.safe_load(POSITION)["claims"][0]["question"] == "the Kenya-led mission"


def test_the_old_key_is_one_problem_at_the_key_naming_the_new_one():
    loaded = read(POSITION.replace("question:", "on:"))
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.code, problem.claim_id) == (
        15, 5, "renamed-field", "esp-supports",
    )  # fmt: skip
    assert problem.message == "on was renamed question: write question: instead"
    # The claim is read under the new name: nothing else about it is reported, nothing is lost.
    [(claim, _)] = loaded.claims
    assert claim.question == "the Kenya-led mission"


def test_both_keys_keep_the_new_one_and_say_to_delete_the_old():
    loaded = read(POSITION.replace("    question:", "    on: the MSS\n    question:"))
    assert [(p.line, p.column, p.code, p.message) for p in loaded.problems] == [
        (15, 5, "renamed-field", "on was renamed question, which this record has too: delete on")
    ]
    assert loaded.claims[0][0].question == "the Kenya-led mission"


def test_a_problem_with_the_old_keys_value_is_placed_at_the_old_key():
    loaded = read(POSITION.replace("question: the Kenya-led mission", "on: 5"))
    assert [(p.line, p.column, p.code) for p in loaded.problems] == [
        (15, 5, "renamed-field"), (15, 5, "wrong-type"),
    ]  # fmt: skip
    assert loaded.claims == []


def test_the_old_key_of_another_kind_is_no_rename():
    """`on` was a position's key only: on a pledge it is an unknown field, as it always was."""
    pledge = (
        "claims:\n  - id: ken-pledge\n    kind: pledge\n    source: nations-join\n"
        "    quote: Kenya has promised to provide 1,000 security personnel to Haiti.\n"
        "    as_of: 2023-09\n    country: KEN\n    personnel: 1000\n    stage: committed\n    on: x\n"
    )
    assert [problem.code for problem in read(pledge).problems] == ["unknown-field"]


def test_an_older_revision_is_read_under_the_new_name_without_a_problem():
    old = SOURCE_004 + POSITION.replace("question:", "on:")
    loaded = load_bytes(old.encode(), "old.yaml", old_names=True)
    assert loaded.problems == []
    assert loaded.claims[0][0].question == "the Kenya-led mission"


def test_the_contract_keeps_on_and_adds_question_at_the_end(in_corpus, run):
    result = run("claims", "--kind", "position", "--country", "ESP", "--format", "json")
    [row] = json.loads(result.stdout)
    keys = list(row)
    assert keys.index("on") < keys.index("body") < keys.index("basis") < keys.index("question")
    assert row["on"] == row["question"] == "the Kenya-led mission"
    shown = run("show", "esp-supports-mission-2023-09").stdout
    assert "question     the Kenya-led mission" in shown
    assert "\non " not in shown
