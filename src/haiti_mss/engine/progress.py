"""How the engine says what it is doing: a stage, how much of it there is, how much is done.

The engine reports; a front-end decides whether and how to show it (the command line draws a bar on
a terminal, and nothing anywhere else). A report costs a method call, so the warm path, which
reports nothing, pays nothing.
"""

from __future__ import annotations

from typing import Protocol


class Stage(Protocol):
    def advance(self, amount: int = 1) -> None: ...

    def done(self) -> None: ...


class Progress(Protocol):
    def stage(self, name: str, total: int, unit: str) -> Stage:
        """A stage of `total` `unit`s (files, bytes, sources, claims)."""


class _Silent:
    """Hears every report and shows none: the default."""

    def stage(self, name: str, total: int, unit: str) -> _Silent:
        return self

    def advance(self, amount: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


silent: Progress = _Silent()
