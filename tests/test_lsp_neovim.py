"""Debian's Neovim (0.7.2), headless, with the README's setup, drives `mss lsp`: diagnostics on
open (with a character outside the BMP before one), hover, go to definition, a quick fix applied as
Neovim applies edits, an edit of its own, and nothing for a YAML file that is not data.

CI installs Neovim (`.ci/run`), so the test runs there; it is skipped only outside CI — that is, when
this Python is not one of `.ci/run`'s virtualenvs under `.ci/` — when `nvim` is not installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KENYA_PLEDGE, PROJECT, SOURCE_004

NVIM = shutil.which("nvim")
IN_CI = ".ci" in Path(sys.executable).parts
README_SETUP = re.search(
    r"^```lua\n(.*?vim\.lsp\.start_client.*?)^```$", (PROJECT / "README.md").read_text(), re.M | re.S
)

BROKEN = KENYA_PLEDGE.replace("1,000 security", "1000 security")
ONE_LINE = (
    '  - {note: "😀 on one line", id: ken-pledge-2, kind: pledge, source: nations-join, '
    'quote: "Kenya has promised to provide 1,000 security personnel to Haiti.", as_of: 2023-09, '
    "country: KEN, personnel: 1200, stage: committed}\n"
)


@pytest.mark.skipif(NVIM is None and not IN_CI, reason="nvim is not installed (CI installs it)")
def test_neovim_with_the_readme_setup_drives_the_server(project: Path, tmp_path: Path) -> None:
    assert NVIM is not None, "CI must install Neovim: see .ci/run"
    assert README_SETUP is not None
    data = project / "data" / "claims.yaml"
    text = SOURCE_004 + "claims:\n" + BROKEN + ONE_LINE
    data.write_text(text)
    other = project / ".pre-commit-config.yaml"
    other.write_text("repos: []\n")
    init = tmp_path / "init.lua"
    init.write_text(README_SETUP[1] + f"\ndofile({str(PROJECT / 'tests' / 'neovim' / 'drive.lua')!r})\n")
    out = tmp_path / "seen.json"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # this `mss`
        "MSS_TEST_FILE": str(data),
        "MSS_TEST_OTHER": str(other),
        "MSS_TEST_OUT": str(out),
    }
    finished = subprocess.run(
        [NVIM, "--headless", "--clean", "-u", str(init)],
        env=environment,
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    assert out.exists(), (finished.returncode, finished.stdout[-2000:], finished.stderr[-2000:])
    seen = json.loads(out.read_text())
    assert "error" not in seen, seen
    assert seen["clients"] == 1
    assert seen["encoding"] == "utf-16"
    line = ONE_LINE.rstrip("\n")
    # quote-not-found on the broken quote; figure-not-in-quote after the emoji, in UTF-16 units.
    assert seen["opened"] == [
        ["quote-not-found", 10, 4],
        ["figure-not-in-quote", 15, line.index("personnel: 1200") + 1],
    ]
    # Neovim itself counts bytes: 😀 is four.
    assert [(shown["lnum"], shown["col"]) for shown in seen["shown"]] == [
        (10, 4),
        (15, line.index("personnel: 1200") + 3),
    ]
    assert seen["hover"] == "**Nations join the Kenya-led effort**\n\npublished 2023-09"
    assert seen["definition"] == {
        "uri": data.as_uri(),
        "range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 20}},
    }
    assert seen["action"] == (
        "Replace the quote with the source's closest passage: "
        "Kenya has promised to provide 1,000 security personnel to Haiti."
    )
    assert seen["fixed"] == [["figure-not-in-quote", 15, line.index("personnel: 1200") + 1]]
    assert seen["edited"] == []
    assert (
        seen["buffer"]
        == (SOURCE_004 + "claims:\n" + BROKEN + ONE_LINE)
        .replace("provide 1000 security", "provide 1,000 security", 1)
        .replace("personnel: 1200", "personnel: 1000")
        .splitlines()
    )
    assert seen["other"] is None
