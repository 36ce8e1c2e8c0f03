"""The terminal: tables as `present.layout` lays them out for its width, a highlighted passage, and
progress bars. The only module that imports rich, and it is imported only when output goes to a
terminal.

Text from the data is never read as markup (it is wrapped in `Text`) and its control characters
are shown as escapes, so a note holding `[bold]` or ESC prints as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.text import Text

from haiti_mss.present.layout import HEADER, HEADING, NOTE, PLAIN, TITLE, Line, labelled, lay_out, wrapped
from haiti_mss.present.text import visible
from haiti_mss.present.view import View

if TYPE_CHECKING:
    from haiti_mss.analysis.archive import Passage


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console that never reads markup or emoji codes in what it prints; rich honours NO_COLOR."""
    return Console(
        file=stream, width=width or terminal_width(stream), markup=False, emoji=False, highlight=False,
        force_terminal=True,
    )  # fmt: skip


def terminal_width(stream: TextIO) -> int:
    """How wide the terminal is: COLUMNS when it is a positive number (COLUMNS=0 or nonsense is not
    a width), else what the terminal says, else 80."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


_STYLES = {TITLE: "bold", HEADER: "bold", HEADING: "bold", NOTE: "dim", PLAIN: ""}


def write_table(view: View, stream: TextIO, width: int | None = None) -> None:
    """The view laid out for the terminal's width (`present.layout`): a table while its columns
    fit, else a block per row. Lines are printed as laid out, never wrapped or cropped again."""
    console = console_for(stream, width)
    _print(console, lay_out(view, console.width))


def _print(console: Console, lines: Sequence[Line]) -> None:
    """Lines as laid out, with their styles; never wrapped or cropped again."""
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=_STYLES[style])
        console.print(text, soft_wrap=True)


def write_claim(
    stream: TextIO, title: str, fields: Sequence[tuple[str, str]], passage: Passage | None
) -> None:
    """A claim's fields, then its quote highlighted inside the archived source text."""
    console = console_for(stream)
    lines = [[(line, TITLE)] for line in wrapped(visible(title), console.width, words=True)]
    lines += labelled([(label, visible(value), True) for label, value in fields], console.width)
    _print(console, lines)
    if passage is None:
        return
    console.print()
    console.print(Text("In the archived source:", style="bold"))
    shown = Text(visible(passage.before, keep_lines=True))
    shown.append(Text(visible(passage.quote, keep_lines=True), style="bold reverse"))
    shown.append(Text(visible(passage.after, keep_lines=True)))
    console.print(shown)


class ProgressBars:
    """The engine's stages as transient bars on stderr (a terminal's, never a pipe or a log): shown
    while a stage runs, gone when none does, so that nothing is drawn over what follows."""

    def __init__(self, stream: TextIO) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self.bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream, force_terminal=True),
            transient=True,
        )

    def stage(self, name: str, total: int, unit: str) -> _Bar:
        if not self.bars.live.is_started:
            self.bars.start()
        return _Bar(self, self.bars.add_task(f"{name} ({total:,} {unit})", total=total))


class _Bar:
    def __init__(self, owner: ProgressBars, task: Any) -> None:
        self.owner, self.task = owner, task

    def advance(self, amount: int = 1) -> None:
        self.owner.bars.advance(self.task, amount)

    def done(self) -> None:
        bars = self.owner.bars
        bars.remove_task(self.task)
        if not bars.tasks:
            bars.stop()
