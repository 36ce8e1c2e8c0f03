"""Long work shows progress on a terminal's stderr, and nowhere else: not in a pipe, not in a file,
not in a CI log, and not on the warm path, which reports nothing at all."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT

MSS = [sys.executable, "-m", "haiti_mss"]
BAR = b"checking claims (6,000 claims)"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("large")
    subprocess.run(
        [sys.executable, PROJECT / "benchmarks" / "generate.py", out, "--claims", "6000", "--sources", "30",
         "--files", "2", "--seed", "1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return out / "data"


def stderr_on_a_terminal(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run mss with stderr on a pseudo-terminal; what it drew there."""
    main, side = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key not in ("CI", "TERM")}
    child = subprocess.Popen(
        [*MSS, *map(str, args)], stdout=subprocess.DEVNULL, stderr=side, env={**environment, **(env or {})}
    )
    os.close(side)
    drawn = b""
    poller = select.poll()  # not select(): a long test run may hand out descriptors past 1,024
    poller.register(main, select.POLLIN)
    while True:
        if poller.poll(200):
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed its side
                break
            if not chunk:
                break
            drawn += chunk
        elif child.poll() is not None:
            break
    os.close(main)
    return child.wait(timeout=120), drawn


def test_a_cold_check_of_a_large_dataset_draws_a_bar_on_a_terminal(large):
    status, drawn = stderr_on_a_terminal("check", "--no-cache", "--data", large)
    assert status == 0
    assert BAR in drawn
    # The bar is erased before the summary is written: nothing is drawn over it, or after it.
    erased, after = drawn.rsplit(b"\x1b[2K", 1)
    assert BAR in erased
    assert after.endswith(b"\rmss check: 6,000 claims and 30 sources in 2 files: 0 errors, 0 warnings\r\n")
    assert b"checking" not in after


def test_no_bar_in_a_pipe(large):
    result = subprocess.run([*MSS, "check", "--no-cache", "--data", large], capture_output=True, timeout=120)
    assert result.stderr == b"mss check: 6,000 claims and 30 sources in 2 files: 0 errors, 0 warnings\n"


def test_no_bar_in_a_ci_log(large):
    status, drawn = stderr_on_a_terminal("check", "--no-cache", "--data", large, env={"CI": "true"})
    assert (status, BAR in drawn, b"\x1b[" in drawn) == (0, False, False)


def test_the_warm_path_reports_nothing(large):
    stderr_on_a_terminal("check", "--data", large)  # builds the index
    status, drawn = stderr_on_a_terminal("troops", "--by-country", "--data", large)
    assert (status, drawn) == (0, b"")
