"""Shared test helpers: the project's paths, a pinned today, and a throwaway project to write into."""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from haiti_mss.cli import app
from haiti_mss.core.problems import SNIPPET_CLAIM, SNIPPET_SOURCE

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures"
SHIPPED_DATA = PROJECT / "data" / "claims.yaml"
# A frozen project (data/ and seeds/) of the five original articles: behaviour tests read it, never
# the shipped data, which grows every week.
CORPUS = FIXTURES / "corpus"
CORPUS_DATA = CORPUS / "data" / "claims.yaml"

# The catalog's snippets: a source archived in seeds/004… and a claim quoting it.
SOURCE_004, KENYA_PLEDGE = SNIPPET_SOURCE, SNIPPET_CLAIM
SHA_004 = "26d8aef176f05c97691670e39a497c79e99a3e2963969bcb41dc9d9292de7e80"
# The day every test pins as today (MSS_TODAY), and the same as a date for calls without the CLI.
TODAY = "2026-01-01"
PINNED_TODAY = date.fromisoformat(TODAY)
ONE_CLAIM = SOURCE_004 + "claims:\n" + KENYA_PLEDGE
WITH_ERROR = ONE_CLAIM.replace("country: KEN", "country: XXX")  # invalid-country at 13:5
# What each invalid fixture must report, as "LINE:COLUMN CODE".
EXPECTED = tomllib.loads((FIXTURES / "invalid" / "expected.toml").read_text())["expected"]


def one_block_added(before: str, after: str) -> str:
    """The one run of lines `after` adds to `before`, every other byte kept; fails otherwise."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    start = next(
        (index for index, (one, other) in enumerate(zip(old, new, strict=False)) if one != other), len(old)
    )
    added = len(new) - len(old)
    assert new[:start] + new[start + added :] == old
    return "".join(new[start : start + added])


def checked(data: Path, today: date = PINNED_TODAY, *, use_index: bool = False, shown: str | None = None):
    """The data checked by the engine every front-end uses (no index unless asked for)."""
    from haiti_mss.engine.workspace import Workspace

    return Workspace(data, today, shown=shown, use_index=use_index)


def pytest_configure(config: pytest.Config) -> None:
    """Before any fixture, even a module's, runs: no index or key is ever written into the tree or
    the user's home by a test."""
    scratch = Path(tempfile.mkdtemp(prefix="mss-tests-"))
    os.environ["MSS_INDEX_DIR"] = str(scratch / "index")
    os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test sees the same today and no data path or CI variables from the caller's shell, and
    keeps its validated index out of the repository."""
    monkeypatch.setenv("MSS_TODAY", TODAY)
    monkeypatch.setenv("MSS_INDEX_DIR", str(tmp_path_factory.getbasetemp() / "index"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    for name in ("MSS_DATA", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder with the real archive in seeds/ and an empty data/ folder."""
    shutil.copytree(PROJECT / "seeds", tmp_path / "seeds")
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.fixture
def in_corpus(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test corpus as the current folder, so that commands read its data/claims.yaml
    (outside `tmp_path`, which stays empty for the test's own files)."""
    folder = tmp_path_factory.mktemp("corpus") / "project"
    shutil.copytree(CORPUS, folder)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def write_data(project: Path) -> Callable[..., Path]:
    def write(text: str | bytes, name: str = "claims.yaml") -> Path:
        path = project / "data" / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return write


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, [str(arg) for arg in args], env=env, catch_exceptions=False)

    return invoke
