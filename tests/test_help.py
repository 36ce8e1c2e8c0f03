"""Help that teaches and docs that cannot rot: panels, an example ending every command's help, the
generated CLI reference, and shell completion from the data."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from docs_sync import CLI_REFERENCE, cli_reference, commands
from haiti_mss.cli import app

from conftest import CORPUS


def test_help_groups_commands_in_query_curation_and_export_panels(run):
    result = run("--help", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    panels = re.findall(r"╭─ (\w+) ─+╮\n(.*?)╰", result.stdout, re.DOTALL)
    listed = {panel: re.findall(r"^│ (\w+) ", body, re.MULTILINE) for panel, body in panels}
    assert listed == {
        "Options": [],
        "Query": ["troops", "funding", "votes", "timeline", "claims", "sources", "show", "conflicts"],
        "Curation": ["check", "coverage", "schema", "archive", "draft", "diff", "lsp"],
        "Export": ["export", "report"],
    }


@pytest.mark.parametrize(("invocation", "command"), list(commands()), ids=lambda item: str(item))
def test_every_command_help_ends_with_an_example_of_itself(invocation, command):
    last_paragraph = command.help.strip().split("\n\n")[-1]
    assert last_paragraph.startswith(f"Example: {invocation}")


@pytest.mark.newest
def test_the_cli_reference_is_the_commands_help():
    assert CLI_REFERENCE.read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `python tests/docs_sync.py`"
    )


def test_the_cli_reference_covers_every_command():
    headings = re.findall(r"^#+ `(mss[^`]*)`$", CLI_REFERENCE.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == [invocation for invocation, _ in commands()]


# --- Completion -------------------------------------------------------------------------------------


@pytest.fixture
def named_shell(monkeypatch):
    """Typer guesses the shell from the parent process; this switch (read when the command is
    built, before the runner's env applies) lets a test name the shell instead."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


@pytest.mark.parametrize(
    ("shell", "registration"),
    [("bash", "complete -o default -F _mss_completion mss"), ("zsh", "compdef _mss_completion mss")],
)
def test_completion_scripts_are_printed_for_bash_and_zsh(run, named_shell, shell, registration):
    result = run("--show-completion", shell)
    assert result.exit_code == 0
    assert f"_MSS_COMPLETE=complete_{shell}" in result.stdout
    assert registration in result.stdout


def test_install_completion_writes_the_script_where_bash_reads_it(run, named_shell, tmp_path):
    result = run("--install-completion", "bash", env={"HOME": str(tmp_path)})
    assert result.exit_code == 0
    script = tmp_path / ".bash_completions" / "mss.sh"
    assert "_MSS_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_install_completion_writes_the_script_where_zsh_reads_it(run, named_shell, tmp_path):
    result = run("--install-completion", "zsh", env={"HOME": str(tmp_path)})
    assert result.exit_code == 0
    assert "_MSS_COMPLETE=complete_zsh" in (tmp_path / ".zfunc" / "_mss").read_text()
    assert "fpath+=~/.zfunc" in (tmp_path / ".zshrc").read_text()


def complete(command_line: str, monkeypatch) -> list[str]:
    """What zsh is offered for the last word of `command_line`, in the test corpus."""
    monkeypatch.chdir(CORPUS)
    result = CliRunner().invoke(
        app, [], prog_name="mss", env={"_MSS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": command_line}
    )
    assert result.exit_code == 0, result.output
    return re.findall(r'^(?:_arguments \'\*: :\(\()?"([^"]+)":?', result.stdout, re.MULTILINE)


def test_country_completes_from_the_data_in_the_case_typed(monkeypatch):
    assert complete("mss claims --country J", monkeypatch) == ["JAM"]
    assert complete("mss troops --country b", monkeypatch) == ["bhs", "blz", "bra"]
    assert complete("mss funding --country U", monkeypatch) == ["USA"]


def test_source_kind_and_claim_ids_complete_from_the_data(monkeypatch):
    assert complete("mss timeline --source us-", monkeypatch) == [
        "us-abandons-pko-push-2024-09", "us-ecuador-draft-pko-2024-09",
    ]  # fmt: skip
    assert complete("mss claims --kind p", monkeypatch) == ["pledge", "position"]
    assert complete("mss show ken-p", monkeypatch) == [
        "ken-police-on-the-ground-2024-09",
        "ken-pledge-1000-2023-09",
    ]


def test_completion_without_data_offers_nothing_and_stays_quiet(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app,
        [],
        prog_name="mss",
        env={"_MSS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mss show ken"},
    )
    assert (result.exit_code, result.output) == (0, "_files\n")  # zsh's "complete a file name"
