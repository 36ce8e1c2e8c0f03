"""Reading a file once: the bytes that are parsed are the bytes that are hashed.

A data file or an archived text is opened once, without following it into a FIFO or a device (a
FIFO would block, `/dev/zero` would never end), read up to a size cap, and its digest is taken of
that same buffer. The file's status is taken before and after the read; when they differ, the file
changed while it was read, and no one may later take its status as a sign that it is unchanged.
Standard library only: the archive and the index read files through here too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from haiti_mss.core.layout import describe_mode
from haiti_mss.core.problems import Problem

MAX_FILE_BYTES = 256 * 1024 * 1024  # of a data file: a larger one is split into a folder of files

# The status of a file that says it is unchanged: size, modification and change times, inode.
StatusKey = tuple[int, int, int, int]


class FileRead(NamedTuple):
    data: bytes
    digest: str  # sha256 of `data`, in hex
    status: StatusKey | None  # None: the file changed while it was read


class ChangedWhileRead(Exception):
    """A file read now is not the one whose digest was taken earlier in this run: it changed while
    mss was reading the data. The run starts again."""


class FileUnreadable(Exception):
    """A file that cannot be read as data, with a problem code and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def status_key(status: os.stat_result) -> StatusKey:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def read_once(path: str | os.PathLike[str], limit: int, too_large: str) -> FileRead:
    """The bytes of the regular file `path` (at most `limit`), their digest, and the status that
    stands for them; FileUnreadable (`too_large` being the code for a file over the limit) when
    the file is missing, not a regular file, too large or unreadable."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileUnreadable("file-unreadable", f"cannot read the file: {_reason(error)}") from None
    try:
        before = os.fstat(descriptor)
        if not stat.S_ISREG(before.st_mode):
            raise FileUnreadable(
                "file-unreadable", f"cannot read the file: it is {describe_mode(before.st_mode)}"
            )
        if before.st_size > limit:
            raise FileUnreadable(
                too_large, f"the file is {before.st_size:,} bytes, over the limit of {limit:,}"
            )
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while it was read
            raise FileUnreadable(too_large, f"the file is over the limit of {limit:,} bytes")
        after = os.fstat(descriptor)
    except OSError as error:
        raise FileUnreadable("file-unreadable", f"cannot read the file: {_reason(error)}") from None
    finally:
        os.close(descriptor)
    import hashlib  # here: answering from the index reads no file, and OpenSSL costs to load

    data = b"".join(chunks)
    unchanged = status_key(before) == status_key(after) and after.st_size == len(data)
    return FileRead(data, hashlib.sha256(data).hexdigest(), status_key(after) if unchanged else None)


def _reason(error: OSError) -> str:
    if error.errno == errno.EISDIR:
        return "it is a folder"
    return error.strerror or str(error)


def read_data_file(path: Path | str, shown: str) -> tuple[FileRead | None, Problem | None]:
    """The bytes of a data file, read once; or the problem that prevents reading them."""
    try:
        return read_once(path, MAX_FILE_BYTES, "file-too-large"), None
    except FileUnreadable as error:
        message = error.message
        if error.code == "file-too-large":
            message += "; split it into a folder of files"
        return None, Problem(shown, 1, 1, error.code, message)
