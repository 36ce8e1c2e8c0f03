"""The README cannot rot: its transcripts are real output, its catalog and contracts are the code's."""

from __future__ import annotations

import re

import pytest

from docs_sync import README, catalog_section, catalog_table, commands, run_mss, transcripts
from haiti_mss.core.problems import CATALOG
from haiti_mss.present.views import CLAIM_KEYS, TROOPS_KEYS

from conftest import PROJECT

TEXT = README.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "shown", "before"), transcripts(TEXT), ids=[command for command, _, _ in transcripts(TEXT)]
)
def test_each_transcript_is_the_real_output(command, shown, before):
    assert run_mss(command, before) == shown, "run `python tests/docs_sync.py` to refresh the README"


def test_every_command_has_a_transcript():
    """Except `mss schema`, whose output is the committed schema file that test_schema holds to it."""
    shown = {command for command, _, _ in transcripts(TEXT)}
    missing = [
        invocation
        for invocation, _ in commands()
        if invocation != "mss schema"
        and not any(re.match(rf"{invocation}( |$)", command) for command in shown)
    ]
    assert missing == []


def test_the_catalog_is_made_from_the_codes_and_the_rules_that_give_them():
    assert catalog_section(TEXT) == catalog_table(), "run `python tests/docs_sync.py` to refresh the README"
    assert all(f"| `{code}` |" in TEXT for code in CATALOG)


def test_the_contracts_list_the_columns_in_order():
    assert f"```text\n{', '.join(CLAIM_KEYS)}\n```" in TEXT
    assert f"```text\n{', '.join(TROOPS_KEYS)}\n```" in TEXT


def test_the_quick_start_is_two_commands_and_ci_runs_the_second():
    block = re.search(r"^## Quick start\n.*?```bash\n(.*?)```", TEXT, re.MULTILINE | re.DOTALL)[1]
    lines = block.strip().splitlines()
    assert lines == ["pip install . && mss troops --by-country", 'pip install ".[test]" && pytest']
    assert lines[1] in (PROJECT / ".ci" / "run").read_text()
