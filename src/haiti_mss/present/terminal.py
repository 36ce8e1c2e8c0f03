"""The terminal: rich tables, a highlighted passage, and progress bars. The only module that
imports rich, and it is imported only when output goes to a terminal.

Text from the data is never read as markup (it is wrapped in `Text`) and its control characters
are shown as escapes, so a note holding `[bold]` or ESC prints as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from haiti_mss.present.text import visible
from haiti_mss.present.view import View

if TYPE_CHECKING:
    from haiti_mss.analysis.archive import Passage


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console that never reads markup or emoji codes in what it prints; rich honours NO_COLOR."""
    return Console(file=stream, width=width, markup=False, emoji=False, highlight=False, force_terminal=True)


def write_table(view: View, stream: TextIO, width: int | None = None) -> None:
    console = console_for(stream, width)
    columns = [column for column in view.columns if column.min_terminal_width <= console.width]
    title = visible(view.title) if view.title else None
    if not view.rows:
        for line in (title, "(none)"):
            if line:
                console.print(Text(line))
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(column.header, justify="right" if column.numeric else "left", overflow="fold")
    for row in view.rows:
        table.add_row(*(Text(visible(column.text(row))) for column in columns))
    console.print(table)
    for note in view.notes:
        console.print(Text(visible(note), style="dim"))


def write_claim(
    stream: TextIO, title: str, fields: Sequence[tuple[str, str]], passage: Passage | None
) -> None:
    """A claim's fields, then its quote highlighted inside the archived source text."""
    console = console_for(stream)
    console.print(Text(visible(title), style="bold"))
    width = max((len(label) for label, _ in fields), default=0)
    for label, value in fields:
        console.print(Text(f"{label.ljust(width)}  ") + Text(visible(value)))
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
