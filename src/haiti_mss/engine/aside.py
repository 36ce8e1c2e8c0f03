"""Work a second process does while this one does other work.

An edit among many files costs two things that do not depend on each other: parsing the edited
files (which first loads yaml and pydantic) and reading what the index knows of all the others. On
a machine with two processors they are done at once: a forked process parses the edited files and
hands back what they gave, pickled through a pipe, while this one reads the index. A process with
other threads (a language server) is never forked, and whatever goes wrong with the second process
ends in the files being parsed here, as they would have been without it.
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from haiti_mss.core.records import LoadedFile


def may_fork() -> bool:
    """Whether a process can be forked safely: a process with other threads (a language server)
    cannot be, since only the calling thread is copied."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


def processors() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


class ParsedAside:
    """Data files being parsed by a second process (`start`); `take` waits for what they gave."""

    __slots__ = ("_child", "_reading")

    def __init__(self, child: int, reading: int) -> None:
        self._child, self._reading = child, reading

    @classmethod
    def start(cls, files: list[tuple[bytes, str]]) -> ParsedAside | None:
        """Fork a process that parses these files (their bytes, and the name each is shown by);
        None when no process could be made."""
        reading, writing = os.pipe()
        try:
            child = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return None
        if child:
            os.close(writing)
            return cls(child, reading)
        status = 1
        try:
            # What this process was doing is the parent's: ^C, output and exit handlers are left to it.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.close(reading)
            from haiti_mss.analysis.countries import country_names
            from haiti_mss.read.load import load_bytes

            parsed = []
            for data, shown in files:
                loaded = load_bytes(data, shown)
                # The names of its countries too: the index keeps them, and looking them up here
                # spares the parent loading pycountry.
                parsed.append((loaded, country_names(claim for claim, _ in loaded.claims)))
            import pickle

            with os.fdopen(writing, "wb") as out:
                pickle.dump(parsed, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)

    def take(self) -> list[tuple[LoadedFile, dict[str, str]]] | None:
        """What each file gave, in order, with the names of the countries its claims name; None
        when the second process failed (the caller then parses the files itself)."""
        import pickle  # only when a second process parsed: a warm answer loads no pickle

        try:
            with os.fdopen(self._reading, "rb") as incoming:
                parsed = pickle.load(incoming)  # from the process this one forked, through its own pipe
        except Exception:  # whatever went wrong with its answer, the files are parsed here
            parsed = None
        try:
            _, status = os.waitpid(self._child, 0)
        except ChildProcessError:  # reaped by someone else: whether it ended well is not known
            status = -1
        return parsed if status == 0 else None

    def abandon(self) -> None:
        """The run failed before it took what the second process parsed: stop it."""
        from contextlib import suppress

        with suppress(OSError):
            os.close(self._reading)
        with suppress(ProcessLookupError, ChildProcessError):
            os.kill(self._child, signal.SIGKILL)
            os.waitpid(self._child, 0)
