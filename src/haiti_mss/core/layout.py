"""Where things are: the data files a `--data` path names, the project root, the index folder.

Standard library only: every command, warm or cold, starts here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DEFAULT_DATA = Path("data") / "claims.yaml"
ARCHIVE_FOLDER = "seeds"
INDEX_FOLDER = ".mss-cache"


def data_files(data: Path) -> list[Path]:
    """The files a `--data` path names: the file itself, or a folder's `*.yaml`, sorted. Hidden
    files are an editor's (`.#claims.yaml` is Emacs's lock, `._claims.yaml` macOS's metadata), never
    data."""
    if data.is_dir():
        # Names, not paths, are sorted: the same order within one folder, and far cheaper to
        # compare (a folder can hold thousands of files).
        with os.scandir(data) as entries:
            found = sorted(
                (entry.name, entry.is_symlink())
                for entry in entries
                if entry.name.endswith(".yaml") and not entry.name.startswith(".")
            )
        links = {name for name, is_link in found if is_link}
        names = [name for name, _ in found]
        return _each_file_once(data, names, links) if links else [data / name for name in names]
    return [data]


def _each_file_once(folder: Path, names: list[str], links: set[str]) -> list[Path]:
    """The files named, but a link to a file named already (or to one another link names) left out:
    one file under two names would have every record reported as written twice."""
    seen = {_identity(folder / name) for name in names if name not in links}
    files = []
    for name in names:
        if name in links and (identity := _identity(folder / name)) is not None:  # a broken link is read
            if identity in seen:
                continue
            seen.add(identity)
        files.append(folder / name)
    return files


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def unusable_data_path(data: Path) -> str | None:
    """Why `data` cannot be read as data, or None: it must be a regular file or a folder. A FIFO
    would block the reader forever and a device would feed it without end, so neither is opened."""
    try:
        mode = data.stat().st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return f"is not a regular file or a folder (it is {describe_mode(mode)})"


def describe_mode(mode: int) -> str:
    """What kind of file system entry a mode is, in words."""
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def shown_path(data: Path, shown: str, path: Path) -> str:
    """How a data file is named in messages: as the user typed `--data`, plus the file's name when
    `--data` is a folder."""
    return shown if path == data else os.path.join(shown, path.name)


def project_root(data: Path) -> Path:
    """The nearest folder at or above the data that holds `seeds/`, else the data folder's parent
    (the layout `data/claims.yaml` beside `seeds/`)."""
    start = (data if data.is_dir() else data.parent).resolve()
    for folder in (start, *start.parents):
        if (folder / ARCHIVE_FOLDER).is_dir():
            return folder
    return start.parent


def index_folder(data: Path) -> Path:
    """The validated index lives beside the data (in the data folder, or in the folder of the data
    file), or under MSS_INDEX_DIR when that is set (one folder per data path)."""
    elsewhere = os.environ.get("MSS_INDEX_DIR")
    if elsewhere:
        return Path(elsewhere) / path_digest(data)
    return (data if data.is_dir() else data.parent) / INDEX_FOLDER


def path_digest(data: Path) -> str:
    """A short name for a data path, for a folder of its own among others."""
    import hashlib  # only here: hashing is not needed to answer from the index

    return hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:16]
