"""Where output goes: stdout, or a file written atomically. Standard library only."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a text file written atomically (see `replacing`)."""
    if path is None:
        yield sys.stdout
        return
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file in `path`'s folder to write, renamed over `path` only once the block
    completes. An interrupted run leaves the old file, or none, never a partial one."""
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        # A temporary file is private (0600); the result should be as readable as any file written.
        os.chmod(temporary, new_file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def new_file_mode(path: Path) -> int:
    """The permissions `path` should have when replaced: those it has, or what open() would give."""
    import stat

    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask is to set it
        os.umask(umask)
        return 0o666 & ~umask
