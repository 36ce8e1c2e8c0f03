"""Output that cannot hurt: mss writes only regular files it was asked to create, never over the data,
the archive or the index; the format follows the file's name; closed streams, a reader that goes
away and any stdout encoding end in a message; colour only on a terminal; and every line break or
control character from the data or a file name is shown escaped."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from haiti_mss.core.layout import index_folder

from conftest import CORPUS_DATA, WITH_ERROR

pytestmark = pytest.mark.usefixtures("in_corpus")

PROTECTED_TARGETS = [
    (["claims", "--output", "data/claims.yaml"], "is the data (data/claims.yaml)"),
    (["claims", "--format", "csv", "--output", "seeds/000_4698e5c2061155d6.txt"], "is the archive (seeds)"),
    (["claims", "--format", "csv", "--output", "seeds/new.csv"], "is the archive (seeds)"),
    (["claims", "--format", "csv", "--output", "{index}/index.sqlite"], "is the index"),
    (["schema", "--output", "data/claims.yaml"], "is the data (data/claims.yaml)"),
    (["export", "sqlite", "data/claims.yaml"], "is the data (data/claims.yaml)"),
    (["export", "sqlite", "build.db", "--metadata", "data/claims.yaml"], "is the data (data/claims.yaml)"),
    (["export", "datapackage", "seeds/package"], "is the archive (seeds)"),
]


@pytest.mark.parametrize(
    ("args", "message"), PROTECTED_TARGETS, ids=[" ".join(args) for args, _ in PROTECTED_TARGETS]
)
def test_the_data_the_archive_and_the_index_are_never_written(run, in_corpus, args, message):
    run("check")  # so that the index exists
    before = {path: path.read_bytes() for path in in_corpus.rglob("*") if path.is_file()}
    index = index_folder(Path("data/claims.yaml"))
    result = run(*(arg.format(index=index) for arg in args))
    assert result.exit_code == 2
    assert message in result.stderr
    after = {path: path.read_bytes() for path in in_corpus.rglob("*") if path.is_file()}
    assert after == before


def test_a_data_folder_is_the_data_whole(run, in_corpus):
    result = run("claims", "--format", "csv", "--data", "data", "--output", "data/new.yaml")
    assert result.exit_code == 2
    assert "is the data (data)" in result.stderr
    assert not (in_corpus / "data" / "new.yaml").exists()


def test_a_named_pipe_a_symlink_and_a_folder_are_refused(run, tmp_path):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    real = tmp_path / "real.csv"
    real.write_text("kept\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    for target, reason in ((pipe, "is a named pipe, not a regular file"), (link, "is a symbolic link"),
                           (tmp_path, "is a folder; name a file")):  # fmt: skip
        result = run("claims", "--format", "csv", "--output", target)
        assert (result.exit_code, result.stdout) == (2, "")
        assert reason in result.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert (link.is_symlink(), real.read_text()) == (True, "kept\n")


@pytest.mark.parametrize("name", ["sources.csv", "claims.csv", "missions.csv", "datapackage.json"])
def test_a_data_package_is_refused_before_any_file_when_one_cannot_be_written(run, in_corpus, tmp_path, name):
    folder = tmp_path / "package"
    (folder / name).mkdir(parents=True)
    result = run("export", "datapackage", folder)
    assert (result.exit_code, result.stderr) == (2, f"mss: error: {folder / name} is a folder; name a file\n")
    assert [path.name for path in folder.iterdir()] == [name]  # nothing written beside it


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_never_replaced(run, tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers, in a temporary folder
    result = run("claims", "--format", "csv", "--output", device)
    assert result.exit_code == 2
    assert "is a character device, not a regular file" in result.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize(
    ("name", "starts"),
    [("out.csv", "id,kind,country"), ("out.json", "[\n  {"), ("out.jsonl", '{"id": '), ("out.md", "**66 claims**"),
     ("out.txt", "66 claims\n\nclaim "), ("OUT.CSV", "id,kind,country")],
)  # fmt: skip
def test_the_format_follows_the_files_extension(run, tmp_path, name, starts):
    result = run("claims", "--output", tmp_path / name)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "{tmp}/out.xlsx"], "cannot tell the format from the name; end it with .txt, .csv"),
        (["--output", "{tmp}/out"], "cannot tell the format from the name"),
        (["--format", "json", "--output", "{tmp}/out.csv"], "names a csv file, but --format is json"),
    ],
)
def test_an_unknown_or_mismatched_extension_is_refused(run, tmp_path, args, message):
    result = run("claims", *(arg.format(tmp=tmp_path) for arg in args))
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_format_given_writes_any_name(run, tmp_path):
    assert run("claims", "--format", "csv", "--output", tmp_path / "claims.out").exit_code == 0
    assert (tmp_path / "claims.out").read_text().startswith("id,kind")
    assert run("schema", "--output", tmp_path / "schema.csv").exit_code == 2


# --- The standard streams, in a real process -----------------------------------------------------


def mss(*args: str, env: dict[str, str] | None = None, **options) -> subprocess.CompletedProcess:
    """mss in a process of its own; stdout and stderr are captured unless `options` say otherwise."""
    environment = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NO_COLOR")}
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | options
    return subprocess.run(
        [sys.executable, "-m", "haiti_mss", *args], env={**environment, **(env or {})}, check=False, **streams
    )


def test_a_closed_stdout_is_a_message_not_a_traceback(tmp_path):
    result = mss("claims", "--format", "csv", stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == "mss: error: stdout is closed, so nothing can be written to it; give --output FILE\n"
    )
    # …and with --output, a closed stdout does not matter.
    written = mss(
        "claims", "--output", str(tmp_path / "out.csv"), stdout=None, preexec_fn=lambda: os.close(1)
    )
    assert (written.returncode, (tmp_path / "out.csv").read_text()[:8]) == (0, "id,kind,")


def test_with_stderr_closed_no_message_goes_into_the_output(in_corpus, tmp_path):
    (in_corpus / "data" / "claims.yaml").write_text(WITH_ERROR)
    result = mss("claims", "--format", "csv", stderr=None, preexec_fn=lambda: os.close(2))
    assert (result.returncode, result.stdout) == (1, b"")


def test_a_reader_that_stops_early_ends_the_run_quietly():
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    result = mss("claims", "--format", "csv", stdout=reader.stdin)
    reader.stdin.close()
    reader.wait()
    assert result.stderr == b""
    assert result.returncode in (0, 141)  # the pipe may hold all of it before head leaves


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_any_stdout_encoding_ends_in_a_message_before_anything_is_written(encoding):
    result = mss("troops", "--by-country", env={"PYTHONIOENCODING": encoding})
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().startswith(
        f"mss: error: stdout's encoding, {_codec(encoding)}, cannot hold "
    )
    assert "set PYTHONIOENCODING=utf-8, or write a file with --output" in result.stderr.decode()


def _codec(name: str) -> str:
    import codecs

    return codecs.lookup(name).name


def test_an_encoding_that_holds_the_text_is_used():
    result = mss("claims", "--kind", "funding", "--format", "csv", env={"PYTHONIOENCODING": "utf-16"})
    assert result.returncode == 0
    assert result.stdout.decode("utf-16").startswith("id,kind,country")


def test_force_color_never_colours_a_pipe_a_file_or_stderr(tmp_path):
    for args in (["troops", "--by-country"], ["claims", "--format", "json"]):
        result = mss(*args, env={"FORCE_COLOR": "1"})
        assert result.returncode == 0
        assert b"\x1b" not in result.stdout
    written = mss("troops", "--output", str(tmp_path / "t.txt"), env={"FORCE_COLOR": "1"})
    assert written.returncode == 0
    assert "\x1b" not in (tmp_path / "t.txt").read_text()
    refused = mss("claims", "--bogus", env={"FORCE_COLOR": "1"})
    assert refused.returncode == 2
    assert b"\x1b" not in refused.stderr


# --- Line breaks and control characters, from the data and from file names --------------------------


def test_a_file_name_cannot_forge_a_line_in_a_message(run, tmp_path):
    forged = tmp_path / "x\n::error::forged"
    for args in (
        ["claims", "--data", forged],
        ["claims", "--format", "csv", "--output", f"{forged}/out.csv"],
    ):
        result = run(*args)
        assert result.exit_code == 2
        assert [line for line in result.stderr.splitlines() if line.startswith("::")] == []
        assert "x\\n::error::forged" in result.stderr


def test_a_line_break_in_a_data_file_name_is_escaped_in_problems_and_annotations(run, project):
    folder = project / "data"
    (folder / "a\n::warning file=x::forged.yaml").write_text(WITH_ERROR)
    text = run("check", "--data", folder)
    github = run("check", "--data", folder, "--format", "github")
    assert [line for line in text.stderr.splitlines() if line.startswith("::")] == []
    assert [line[:8] for line in github.stdout.splitlines()] == ["::error "]
    assert "a%0A%3A%3Awarning file=x%3A%3Aforged.yaml" in github.stdout


def test_line_breaks_in_the_data_are_shown_escaped_in_every_table(run, write_data):
    text = CORPUS_DATA.read_text().replace(
        "title: U.S. Abandons Push for U.N. Peacekeeping Mission in Haiti Amidst Geopolitical Obstacles",
        'title: "U.S. Abandons Push\\nSources:\\n[forged] A forged source"',
    )
    path = write_data(text)
    for command in ("troops", "funding", "claims", "sources", "timeline", "votes"):
        for output_format in ("table", "markdown"):
            shown = run(command, "--data", path, "--format", output_format).stdout
            assert not any(line.lstrip("- ").startswith("[forged]") for line in shown.splitlines()), command
            assert "U.S. Abandons Push\\nSources:\\n" in shown.replace("\\\\", "\\"), (command, output_format)
    rows = list(csv.DictReader(io.StringIO(run("sources", "--data", path, "--format", "csv").stdout)))
    assert rows[0]["title"] == "U.S. Abandons Push\nSources:\n[forged] A forged source"  # data stays exact
