"""The files other tools read: the pre-commit hook and the configuration the README shows, and the
GitHub Actions workflow, each validated by the tool's own rules."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import yaml

from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
HOOKS = PROJECT / ".pre-commit-hooks.yaml"
WORKFLOW = PROJECT / ".github" / "workflows" / "validate.yml"


def accepted(*command: str) -> subprocess.CompletedProcess:
    completed = subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed


def test_pre_commit_accepts_the_hook_manifest():
    accepted("pre_commit", "validate-manifest", str(HOOKS))


def test_pre_commit_accepts_the_configuration_the_readme_shows(tmp_path):
    (shown,) = re.findall(r"```yaml\n(repos:\n.*?)```", README, re.DOTALL)
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(shown, encoding="utf-8")
    accepted("pre_commit", "validate-config", str(config))
    (repository,) = yaml.safe_load(shown)["repos"]
    assert [hook["id"] for hook in repository["hooks"]] == [
        hook["id"] for hook in yaml.safe_load(HOOKS.read_text())
    ]


def test_the_hook_runs_mss_check_on_changes_to_the_data_or_the_archive(run, in_corpus):
    (hook,) = yaml.safe_load(HOOKS.read_text())
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == ("mss-check", "python", False)
    watched = re.compile(hook["files"])
    changed = ["data/claims.yaml", "data/more/claims-2025.yml", "seeds/004_a40b01aed8d90bdc.txt", "README.md"]
    assert [bool(watched.search(path)) for path in changed] == [True, True, True, False]
    program, *arguments = shlex.split(hook["entry"])
    assert program == "mss"
    assert run(*arguments).exit_code == 0  # what the hook runs passes on valid data (the test corpus)
    (in_corpus / "data" / "claims.yaml").write_text("sources: [\n", encoding="utf-8")
    assert run(*arguments).exit_code == 1  # and fails on data that is not


def test_github_accepts_the_workflow_and_it_installs_and_checks():
    accepted("check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["check"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands == ["pip install .", "mss check --strict", "mss coverage --fail-under 100"]
