"""The strict loader: what PyYAML would silently accept is a positioned problem here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from haiti_mss.core import files as reading
from haiti_mss.core import layout
from haiti_mss.core.records import KINDS
from haiti_mss.read import parse as load
from haiti_mss.read.load import load_dataset
from haiti_mss.read.model import CLAIM, CLAIM_MODELS
from haiti_mss.read.parse import parse_yaml

from conftest import KENYA_PLEDGE, ONE_CLAIM, SHA_004, SOURCE_004


def problems(path: Path) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in sorted(load_dataset(path).problems, key=lambda p: p.sort_key)]


def parsed(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in parse_yaml(text, "t.yaml")[2]]


def test_a_valid_file_loads_every_record_with_positions(write_data):
    dataset = load_dataset(write_data(ONE_CLAIM))
    assert dataset.problems == []
    [(source, source_at)] = dataset.sources
    [(claim, claim_at)] = dataset.claims
    assert (source.id, str(source.published)) == ("nations-join", "2023-09")
    assert (claim.id, claim.country, claim.personnel, claim.value, claim.unit) == (
        "ken-pledge", "KEN", 1000, 1000, "personnel",
    )  # fmt: skip
    assert source_at.spans.at == (2, 5)
    assert claim_at.spans.at == (8, 5)
    assert claim_at.spans.of("quote") == (11, 5)
    assert claim_at.spans.of("no-such-field") == (8, 5)


def test_nested_positions_are_kept_for_list_items():
    root, spans, found = parse_yaml("claims:\n  - parties: [USA, KEN]\n    id: x\n", "t.yaml")
    assert found == []
    assert root == {"claims": [{"parties": ["USA", "KEN"], "id": "x"}]}
    assert spans.of("claims", 0, "parties", 1) == (2, 20)
    assert spans.of("claims", 0, "id") == (3, 5)


def test_duplicate_keys_are_refused_at_the_second_occurrence():
    assert parsed("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
        (4, 3, "duplicate-key"),
        (5, 1, "duplicate-key"),
    ]


@pytest.mark.parametrize(
    ("value", "code_expected"),
    [("NO", True), ("no", True), ("off", True), ("Yes", True), ("010", True), ("1:20", True),
     ("1_000", True), (".nan", True), ("-.inf", True), ("0x1F", True), ("1e5", True), ("0E0", True),
     ("1.0e5", True), ("1.5", False), ("1.0e+5", False), ("0b101", True), ("0o17", True),
     ("0b1f3c9e", False), ("0o9", False), ("'NO'", False),
     ("\"010\"", False), ("1000", False), ("2024-09-30", False), ("Norway", False)],
)  # fmt: skip
def test_yaml_11_only_plain_scalars_are_ambiguous(value, code_expected):
    expected = [(1, 8, "ambiguous-scalar")] if code_expected else []
    assert parsed(f"value: {value}\n") == expected


def test_plain_scalars_follow_the_yaml_12_core_schema():
    root, _, found = parse_yaml(
        "a: 1000\nb: -5\nc: 2.5\nd: true\ne: null\nf: ~\ng:\nh: 2024-09-30\ni: '1000'\non: x\n",
        "t.yaml",
    )
    assert found == []
    assert root == {
        "a": 1000, "b": -5, "c": 2.5, "d": True, "e": None, "f": None, "g": None,
        "h": "2024-09-30", "i": "1000", "on": "x",
    }  # fmt: skip


@pytest.mark.parametrize(
    "document",
    ["value: !!set {a, b}\n", "value: !!binary aGVsbG8=\n", "value: !!timestamp 2024-01-01\n",
     "value: !!python/name:os.system\n", "value: !custom x\n", "value: !!str 5\n"],
)  # fmt: skip
def test_every_explicit_tag_is_refused(document):
    assert parsed(document) == [(1, 8, "yaml-tag")]


def test_anchors_aliases_and_merge_keys_are_refused():
    assert parsed("a: &x 1\nb: *x\nc:\n  <<: {d: 1}\n") == [
        (1, 4, "yaml-alias"), (2, 4, "yaml-alias"), (4, 3, "yaml-merge-key"),
    ]  # fmt: skip


def test_the_435_byte_alias_bomb_is_refused_without_expanding_it():
    bomb = "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + bomb
    root, _, found = parse_yaml(bomb, "bomb.yaml")
    codes = [problem.code for problem in found]
    assert codes.count("yaml-alias") == 9 + 8 * 9  # every anchor and every alias
    assert root["i"] == [None] * 9  # aliases are not expanded


def test_nesting_deeper_than_a_data_file_needs_is_refused():
    assert parsed("a: " + "[" * 40 + "]" * 40 + "\n") == [(1, 4 + load.MAX_DEPTH - 1, "yaml-too-deep")]


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
@pytest.mark.parametrize(
    ("document", "where"),
    [
        # libyaml 0.2.6 (PyYAML 6.0.4) scans a flow collection ahead and refuses level 1,000 itself,
        # before the builder sees level 17; older libyaml and the pure-Python parser do not.
        ("[" * 50_000 + "]" * 50_000, {(1, 17), (1, 1001)}),
        ("".join(f"{'  ' * level}k{level}:\n" for level in range(2_000)), {(17, 33)}),
    ],
    ids=["flow", "block"],
)
def test_nesting_too_deep_is_found_whichever_stops_first(monkeypatch, parser, document, where):
    if parser == "pure-python":
        monkeypatch.setattr(load, "YamlLoader", yaml.SafeLoader)
    _, _, found = parse_yaml(document, "deep.yaml")
    assert [problem.code for problem in found] == ["yaml-too-deep"]
    assert (found[0].line, found[0].column) in where


def test_50000_levels_of_nesting_neither_crash_nor_recurse(tmp_path):
    """libyaml's composer segfaults on this and the pure-Python one raises RecursionError; a
    segfault would kill pytest, so the load runs in a child process."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    script = (
        "import sys; from pathlib import Path; from haiti_mss.read.load import load_dataset;"
        "print([p.code for p in load_dataset(Path(sys.argv[1])).problems])"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, str(deep)], capture_output=True, text=True, timeout=60
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "['yaml-too-deep']"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("", [(1, 1, "empty-file")]),
        ("# only a comment\n", [(1, 1, "empty-file")]),
        ("---\n", [(1, 1, "empty-file")]),
        ("- a\n- b\n", [(1, 1, "not-a-mapping")]),
        ("\n\n  text\n", [(3, 3, "not-a-mapping")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "multiple-documents")]),
        ("a: [1, 2\n", [(2, 1, "yaml-syntax")]),
        ('a: "open\n', [(2, 1, "yaml-syntax")]),
        ("a: 1\n b: 2\n", [(2, 3, "yaml-syntax")]),
        ("a:\tb: c\n", [(1, 5, "yaml-syntax")]),
        ("a: \x01\n", [(1, 4, "yaml-syntax")]),
        ("? [a]\n: 1\n", [(1, 3, "non-string-key")]),
        ("1: one\nnull: two\n", [(1, 1, "non-string-key"), (2, 1, "non-string-key")]),
    ],
)
def test_structural_problems_are_positioned(document, expected):
    assert parsed(document) == expected


def test_a_syntax_error_names_where_the_unclosed_construct_began():
    [problem] = parse_yaml('a: 1\nb: "open\n', "t.yaml")[2]
    assert "quoted scalar that starts at line 2, column 4" in problem.message


def test_a_bom_and_crlf_line_endings_are_fine(write_data):
    text = ONE_CLAIM.replace("\n", "\r\n")
    dataset = load_dataset(write_data(b"\xef\xbb\xbf" + text.encode()))
    assert dataset.problems == []
    assert dataset.claims[0][1].spans.of("quote") == (11, 5)


def test_non_utf8_bytes_are_positioned_at_the_bad_byte(write_data):
    path = write_data(b"a: 1\nb: caf\xe9 au lait\n")
    assert problems(path) == [(2, 7, "not-utf8")]
    assert "byte E9 is not UTF-8" in load_dataset(path).problems[0].message


def test_an_oversized_file_is_refused_before_it_is_read(write_data, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    assert problems(write_data("a: " + "x" * 200 + "\n")) == [(1, 1, "file-too-large")]


def test_an_unreadable_file_is_a_problem(project):
    folder = project / "data" / "trap.yaml"
    folder.mkdir()  # a folder named like a data file
    dataset = load_dataset(project / "data")
    assert [p.code for p in dataset.problems] == ["file-unreadable"]


def test_an_empty_folder_is_a_problem(project):
    assert [p.code for p in load_dataset(project / "data").problems] == ["file-unreadable"]


def test_a_folder_merges_its_yaml_files_in_name_order(write_data, project):
    write_data(SOURCE_004, "a-sources.yaml")
    write_data("claims:\n" + KENYA_PLEDGE, "b-claims.yaml")
    write_data("not: yaml data\n", "ignored.txt")
    dataset = load_dataset(project / "data", display="data")
    assert dataset.problems == []
    assert [loaded.shown for loaded in dataset.files] == ["data/a-sources.yaml", "data/b-claims.yaml"]
    assert dataset.claims[0][1].path == "data/b-claims.yaml"
    assert dataset.root == project.resolve()


def test_the_project_root_is_the_nearest_folder_with_seeds(project):
    nested = project / "data" / "deeper"
    nested.mkdir()
    assert layout.project_root(nested / "x.yaml") == project.resolve()


def test_models_are_strict():
    base = {"id": "x", "kind": "pledge", "source": "s", "quote": "a b c", "as_of": "2024",
            "country": "KEN", "stage": "intent"}  # fmt: skip
    CLAIM.validate_python(base)
    for field, value in [("personnel", False), ("personnel", "1000"), ("personnel", 1000.0),
                         ("quote", b"bytes are not text"), ("as_of", 1727740800), ("extra", 1)]:  # fmt: skip
        with pytest.raises(ValidationError):
            CLAIM.validate_python({**base, field: value})


def test_the_six_kinds_are_the_models_kinds():
    assert tuple(CLAIM_MODELS) == KINDS


def test_huge_input_is_not_echoed_in_messages(write_data):
    huge = "x" * 100_000
    dataset = load_dataset(write_data(SOURCE_004 + f"claims:\n{KENYA_PLEDGE}    speaker: [{huge}]\n"))
    assert [p.code for p in dataset.problems] == ["wrong-type"]
    assert len(dataset.problems[0].message) < 100


@pytest.mark.parametrize(
    ("value", "codepoint"),
    [('"\\e[31mred"', "001B"), ('"a\\0b"', "0000"), ('"\\x85"', "0085"), ('"left\\u202Eright"', "202E"),
     ('"\\u2066isolate"', "2066")],
)  # fmt: skip
def test_control_characters_and_bidi_overrides_are_refused_in_text(write_data, value, codepoint):
    dataset = load_dataset(write_data(SOURCE_004 + f"claims:\n{KENYA_PLEDGE}    note: {value}\n"))
    [problem] = dataset.problems
    assert (problem.line, problem.column, problem.code) == (16, 5, "control-character")
    assert f"U+{codepoint}" in problem.message


def test_tabs_and_line_breaks_are_allowed_in_text(write_data):
    dataset = load_dataset(write_data(SOURCE_004 + f'claims:\n{KENYA_PLEDGE}    note: "a\\tb\\nc"\n'))
    assert dataset.problems == []


def test_a_quoted_merge_key_is_just_text():
    root, _, found = parse_yaml('"<<": 1\n', "t.yaml")
    assert (root, found) == ({"<<": 1}, [])


@pytest.mark.parametrize("digits", [20, 5_000])
def test_a_number_too_large_is_a_problem_not_a_crash(write_data, digits):
    data = write_data(ONE_CLAIM.replace("personnel: 1000", f"personnel: {'9' * digits}"))
    [problem] = load_dataset(data).problems
    assert (problem.line, problem.column, problem.code) == (14, 5, "invalid-value")
    assert problem.message == "personnel is too large (at most 9,223,372,036,854,775,807)"


def test_a_misspelt_key_in_a_nested_entry_is_matched_against_that_entry(write_data):
    source = SOURCE_004 + "    ignore:\n      - text: '15'\n        resaon: the council's size\n"
    found = load_dataset(write_data(source + "claims: []\n")).problems
    assert [(p.line, p.code, p.message) for p in found] == [
        (8, "missing-field", "missing required field 'ignore[0].reason'"),
        (9, "unknown-field", "unknown field 'ignore[0].resaon'; did you mean 'reason'?"),
    ]


def test_a_sha256_in_capitals_is_explained(write_data):
    [problem] = load_dataset(
        write_data(SOURCE_004.replace(SHA_004, SHA_004.upper()) + "claims: []\n")
    ).problems
    assert (problem.line, problem.code) == (4, "invalid-value")
    assert problem.message == "sha256: a sha256 is 64 lowercase hex digits, as `sha256sum FILE` prints it"
