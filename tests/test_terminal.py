"""Readable at any width: tables drawn for a real terminal (a pseudo-terminal of 200, 100, 80, 60 and
40 columns) never split or cut a figure or an id, and never run past the edge; below the width at
which columns fit side by side, each row is a block of its own."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

from haiti_mss.present.layout import lay_out, wrapped
from haiti_mss.present.text import cell_width
from haiti_mss.present.view import Column, View

from conftest import CORPUS

WIDTHS = [200, 100, 80, 60, 40]
COMMANDS = [
    ["troops", "--by-country"],
    ["troops"],
    ["funding"],
    ["votes"],
    ["timeline", "--country", "USA"],
    ["claims", "--country", "KEN"],
    ["sources"],
    ["coverage"],
    ["show", "blz-pledge-up-to-50-2023-09"],
]
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# What must never be split or cut: ids (three or more parts) and figures, with their qualifiers.
_IDS = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")
_FIGURES = re.compile(r"[≤≥~]?\$?\d[\d,]*(?:\.\d+)?[MBK]?")


def on_a_terminal(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """What mss prints to a pseudo-terminal `columns` wide (colour codes removed)."""
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environment = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "haiti_mss", *args], stdin=secondary, stdout=secondary, stderr=secondary,
        env={**environment, "TERM": "xterm-256color", **(env or {})}, cwd=CORPUS, close_fds=True,
    )  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal is gone: the process closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait(timeout=30) == 0
    return _ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


def piped(args: list[str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "haiti_mss", *args], capture_output=True, text=True, cwd=CORPUS, check=True
    ).stdout


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(args) for args in COMMANDS])
def test_no_figure_or_id_is_split_or_cut_and_no_line_runs_past_the_edge(args, columns):
    shown = on_a_terminal(args, columns)
    passage = shown.split("In the archived source:")[0]  # a passage is prose, wrapped by the terminal
    # Only a piece wider than the terminal (an id of 40 characters at 40 columns) may run past its
    # edge, and then on a line of its own, for the terminal to wrap.
    past_the_edge = [line for line in passage.splitlines() if cell_width(line) > columns]
    assert [line for line in past_the_edge if " " in line.strip()] == []
    plain = piped(args)
    for token in {*_IDS.findall(plain), *_FIGURES.findall(plain)}:
        assert token in shown, (token, columns)


def test_the_table_stands_side_by_side_while_it_fits_then_stacks():
    wide = on_a_terminal(["troops", "--by-country"], 200)
    narrow = on_a_terminal(["troops", "--by-country"], 80)
    assert re.search(
        r"^country +planned +pledged +stage +deployed +gap +deployed of pledged +sources$", wide, re.M
    )
    assert "████░░░░░░ 40%" in wide
    assert narrow.splitlines()[2:9] == [
        "Mission-wide",
        "  planned   ≤2,500 · Sep 2024, 15 mo ago",
        "  pledged   3,100 · Nov 2024, 13 mo ago",
        "  stage     committed",
        "  deployed  ≥400 · Sep 2024, 15 mo ago",
        "  gap       ≤2,700 · Nov 2024 − Sep 2024",
        "  sources   us-abandons-pko-push-2024-09, unsc-debates-pko-2024-11",
    ]


@pytest.mark.parametrize("columns", ["10", "25", "0", "abc"])
def test_a_narrow_or_nonsensical_columns_still_shows_every_figure(columns):
    """COLUMNS=10 used to blank every figure cell, and COLUMNS=0 to print nothing."""
    shown = on_a_terminal(["troops", "--by-country"], 60, env={"COLUMNS": columns})
    for figure in ("≤2,500", "3,100", "≥400", "1,000", "≤50", "150", "nations-join-kenya-mission-2023-09"):
        assert figure in shown


# --- The layout, without a terminal --------------------------------------------------------------


def test_a_cell_breaks_only_between_parts_and_items_unless_it_is_prose():
    assert wrapped("1,000 · Sep 2023, 2 yr 3 mo ago", 12, words=False) == [
        "1,000 ·",
        "Sep 2023,",
        "2 yr 3 mo ago",
    ]
    assert wrapped("nations-join-kenya-mission-2023-09, g20", 10, words=False) == [
        "nations-join-kenya-mission-2023-09,", "g20",
    ]  # fmt: skip
    assert wrapped("Antigua and Barbuda (ATG)", 12, words=True) == ["Antigua and", "Barbuda", "(ATG)"]


def test_a_piece_wider_than_the_terminal_is_shown_whole_on_its_own_line():
    view = View(("id",), [Column("claim", "id"), Column("note", "note", wrap=True)],
                [{"id": "a-very-long-claim-id-that-no-terminal-cuts", "note": "short"}])  # fmt: skip
    lines = ["".join(text for text, _ in line) for line in lay_out(view, 30)]
    assert lines == ["a-very-long-claim-id-that-no-terminal-cuts", "  note  short"]
