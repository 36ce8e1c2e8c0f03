"""Where output goes: stdout, or a file written atomically, and only where writing can hurt
nothing. Standard library only.

mss writes a file only where it was asked to, and only as a new or replaced regular file: never over
the data, the archive or the index it reads, never through a symbolic link, and never into a device,
a named pipe or a folder. Output to stdout in an encoding that cannot hold the text fails before a
byte is written, not halfway through.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def unsafe_target(path: Path, protected: Iterable[tuple[Path, str]], *, folder: bool = False) -> str | None:
    """Why mss must not write `path` (a file, or with `folder` a folder to write files into), or
    None. `protected` pairs each path mss reads with what it is ("the data", "the archive"): neither
    it nor anything inside it is written."""
    if path.is_symlink():
        return "is a symbolic link; name the file itself"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        return f"cannot be examined ({error.strerror or error})"
    if mode is not None:
        if stat.S_ISDIR(mode) and not folder:
            return "is a folder; name a file"
        if not (stat.S_ISREG(mode) or (folder and stat.S_ISDIR(mode))):
            from haiti_mss.core.layout import describe_mode

            return f"is {describe_mode(mode)}, not a regular file; mss writes only regular files"
    target = _where(path)
    for kept, what in protected:
        kept_at = _where(kept)
        if target == kept_at or kept_at in target.parents:
            return f"is {what} ({_shown(kept_at)}); mss never writes over what it reads"
    return None


def _shown(path: Path) -> str:
    """`path` as messages show it: relative to the current folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _where(path: Path) -> Path:
    """`path` with its folder resolved, and its own name as given (it may not exist yet)."""
    return path.parent.resolve() / path.name if path.name else path.resolve()


def encoding_of(stream: TextIO) -> str:
    """The codec a text stream writes, by its canonical name ("utf-8", "ascii")."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return "utf-8"


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a text file written atomically (see `replacing`). When stdout's encoding is not
    UTF, the output is gathered and encoded first, so that text it cannot hold (≥, ’) stops the run
    with UnicodeEncodeError before anything is written."""
    if path is None:
        if encoding_of(sys.stdout).startswith("utf"):
            yield sys.stdout
        else:
            gathered = io.StringIO()
            yield gathered
            text = gathered.getvalue()
            text.encode(encoding_of(sys.stdout))  # raises before a partial answer goes out
            sys.stdout.write(text)
        sys.stdout.flush()
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
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask is to set it
        os.umask(umask)
        return 0o666 & ~umask
