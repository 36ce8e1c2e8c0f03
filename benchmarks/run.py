"""Time the real `mss` command line on the shipped data and on generated datasets; print Markdown.

    python benchmarks/run.py [--quick] [--repeats R]

Every measurement runs `mss` (the executable beside this Python) as a subprocess, R times, and keeps
the median wall time and the child's peak memory (ru_maxrss from os.wait4). "cold" runs pass
--no-cache, so nothing comes from the validated index; "warm" runs follow one untimed priming run;
"first run" runs start without the index folder and so build it. The report ends with the
performance targets, each PASS or FAIL.

Generated datasets live in benchmarks/.work/ and are reused while their parameters (and the
generator) are unchanged. The exit status is 0 whatever the targets say: this is a report. It is 1
only when a measured command itself fails.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from haiti_mss import __version__ as mss_version
from haiti_mss.core.layout import INDEX_FOLDER

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
WORK = BENCHMARKS / ".work"
GENERATOR = BENCHMARKS / "generate.py"
SEED = 1
MSS = Path(sys.executable).parent / "mss"
# Today pinned as in CI, and no MSS_DATA or MSS_INDEX_DIR from the caller's shell: each run reads its
# dataset's default data, and keeps its index beside it (where "first run" removes it).
ENVIRONMENT = {
    **{name: value for name, value in os.environ.items() if name not in ("MSS_DATA", "MSS_INDEX_DIR")},
    "MSS_TODAY": "2026-01-01",
}
KIB_PER_MIB = 1024
# Runs of each command in the alternating start-up measurements.
STARTUP_REPEATS = 21

COMMANDS = {
    "mss check": ["check"],
    "mss troops --by-country": ["troops", "--by-country"],
    "mss claims --country KEN --format csv": ["claims", "--country", "KEN", "--format", "csv"],
}
IMPORT_REFERENCE = "python -c 'import typer, rich.table, rich.console'"
IMPORT_ARGV = [sys.executable, "-c", "import typer, rich.table, rich.console"]
YAML_REFERENCE = "python -c 'yaml.load(claims.yaml, CSafeLoader)'"
# The file of the 100-file dataset that the incremental check changes, and checks alone.
# The file of each many-file dataset that the incremental check changes, and checks alone.
CHANGED_PART = {"100x1k": "data/part-050.yaml", "1000x100": "data/part-0500.yaml"}
INCREMENTAL = "mss check --data data (one file changed)"
ONE_PART = "mss check --data (the changed file)"
MANY_FILES = "mss check --data data"
# The HTML report, against the command that writes every claim in full, on the same data.
REPORT = "mss report FILE.html"
CLAIMS_JSON = "mss claims --format json"
BYTES_PER_MB = 1_000_000
BOX_DRAWING = str.maketrans(dict.fromkeys("╭╮╰╯─│", " "))
NOTE_LINE = re.compile(r'^    note: ".*"$', re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    root: Path  # the project root: data/ and seeds/ are here, and commands run here
    description: str
    large: bool  # 100,000 claims: fewer runs


SHIPPED = Dataset("shipped", PROJECT, "the project's data/claims.yaml", large=False)


@dataclass(frozen=True, slots=True)
class Generated:
    name: str
    claims: int
    sources: int
    files: int

    @property
    def dataset(self) -> Dataset:
        layout = "one file" if self.files == 1 else f"{self.files} files"
        description = f"{self.claims:,} claims, {self.sources:,} sources, {layout}"
        return Dataset(self.name, WORK / self.name, description, large=self.claims >= 100_000)


GENERATED = (
    Generated("10k", claims=10_000, sources=100, files=1),
    Generated("100k", claims=100_000, sources=1_000, files=1),
    Generated("100x1k", claims=100_000, sources=1_000, files=100),
    Generated("1000x100", claims=100_000, sources=1_000, files=1_000),
    Generated("2000x5", claims=10_000, sources=2_000, files=2_000),
    # One source cited by every claim: renaming it leaves 10,000 references to an undefined id.
    Generated("10k-one-source", claims=10_000, sources=1, files=1),
)


def prepare(generated: Generated) -> Dataset:
    """The dataset on disk: reused when it was generated with the same parameters and generator."""
    dataset = generated.dataset
    stamp = dataset.root / "generated.json"
    parameters = {
        "claims": generated.claims,
        "sources": generated.sources,
        "files": generated.files,
        "seed": SEED,
        "generator": hashlib.sha256(GENERATOR.read_bytes()).hexdigest(),
    }
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == parameters:
        return dataset
    shutil.rmtree(dataset.root, ignore_errors=True)
    print(f"generating {generated.name} …", file=sys.stderr)
    arguments = [f"--{name}={parameters[name]}" for name in ("claims", "sources", "files", "seed")]
    if subprocess.run([sys.executable, GENERATOR, dataset.root, *arguments], stdout=sys.stderr).returncode:
        raise SystemExit(f"generating {generated.name} failed")
    # Written last, so an interrupted generation is redone rather than reused.
    stamp.write_text(json.dumps(parameters), encoding="utf-8")
    return dataset


# --- Measuring -----------------------------------------------------------------------------


class CommandFailed(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Sample:
    seconds: float
    peak_kib: int


def run_once(argv: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """One run of `argv` (with `env` added to the environment): wall time, and the child's own
    peak memory (os.wait4's rusage is the child's alone, unlike RUSAGE_CHILDREN, which would carry
    the largest child so far)."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, env={**ENVIRONMENT, **(env or {})}, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        # Reaped by wait4; telling Popen keeps it from waiting on the pid again.
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            # Typer draws usage errors in a box; the words are what the report needs.
            words = stderr.read().decode("utf-8", errors="replace").translate(BOX_DRAWING).splitlines()
            tail = [line.strip() for line in words if line.strip()][-3:]
            command = " ".join(str(part) for part in argv)
            raise CommandFailed(f"`{command}` in {cwd} exited {process.returncode}: " + " / ".join(tail))
    return Sample(seconds, usage.ru_maxrss)


@dataclass(frozen=True, slots=True)
class Row:
    command: str
    dataset: str
    run: str  # cold, warm, first run, reference, …
    seconds: float  # median
    peak_mib: float  # the largest of the runs


class Benchmark:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str], Row] = {}
        self.failures: list[str] = []
        # The size in bytes of the file a measured command writes, under its row's key.
        self.written: dict[tuple[str, str, str], int] = {}

    def measure(
        self,
        key: tuple[str, str, str],
        argv: list[str | Path],
        cwd: Path,
        repeats: int,
        *,
        prime: bool = False,
    ) -> None:
        """Time `argv` `repeats` times (after one untimed run if `prime`) and record a row under
        `key` (command, dataset, run); a failing command is recorded as a failure instead."""
        samples = []
        try:
            if prime:
                run_once(argv, cwd)
            for _ in range(repeats):
                samples.append(run_once(argv, cwd))
        except CommandFailed as failure:
            self.failures.append(str(failure))
            print(f"FAILED {failure}", file=sys.stderr)
            return
        row = self.record(key, samples)
        print(
            f"{row.command} [{row.dataset}, {row.run}]: {row.seconds:.3f} s, {row.peak_mib:.0f} MiB",
            file=sys.stderr,
        )

    def record(self, key: tuple[str, str, str], samples: list[Sample]) -> Row:
        """Keep the median time and the peak memory of `samples` as the row of `key`."""
        row = Row(
            *key,
            seconds=statistics.median(sample.seconds for sample in samples),
            peak_mib=max(sample.peak_kib for sample in samples) / KIB_PER_MIB,
        )
        self.rows[key] = row
        return row

    def measure_alternating(
        self,
        runs: list[tuple[tuple[str, str, str], list[str | Path], Path]],
        repeats: int,
        *,
        before_each: Mapping[tuple[str, str, str], Callable[[], None]] | None = None,
    ) -> None:
        """Time several commands in turn, round after round, so that a machine that slows down
        or speeds up during the benchmark affects them alike: for the targets that compare two
        times measured in the same run. `before_each` prepares a command's every timed run (an
        index removed, a file changed). Rows are recorded (and replaced) under their keys."""
        samples: dict[tuple[str, str, str], list[Sample]] = {key: [] for key, _, _ in runs}
        prepare = before_each or {}
        try:
            for _, argv, cwd in runs:
                run_once(argv, cwd)  # primes the index, and the file system's caches
            for _ in range(repeats):
                for key, argv, cwd in runs:
                    if key in prepare:
                        prepare[key]()
                    samples[key].append(run_once(argv, cwd))
        except CommandFailed as failure:
            self.failures.append(str(failure))
            print(f"FAILED {failure}", file=sys.stderr)
            return
        for key, taken in samples.items():
            row = self.record(key, taken)
            print(
                f"{row.command} [{row.dataset}, {row.run}, alternating]: {row.seconds:.3f} s", file=sys.stderr
            )


def measure_commands(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    for command, arguments in COMMANDS.items():
        if command == "mss check" and dataset.name == "100k":
            measure_first_run(benchmark, dataset, [MSS, *arguments], command, repeats)
        else:
            benchmark.measure(
                (command, dataset.name, "cold"), [MSS, *arguments, "--no-cache"], dataset.root, repeats
            )
        benchmark.measure(
            (command, dataset.name, "warm"), [MSS, *arguments], dataset.root, repeats, prime=True
        )


def measure_yaml_reference(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """A plain `yaml.load` of the data file, in turn with a cold `mss check` of it."""
    path = dataset.root / "data" / "claims.yaml"
    code = f"import yaml; yaml.load(open({str(path)!r}, 'rb'), Loader=yaml.CSafeLoader)"
    benchmark.measure_alternating(
        [
            ((YAML_REFERENCE, dataset.name, "reference"), [sys.executable, "-c", code], dataset.root),
            (
                ("mss check", dataset.name, "cold, in turn with yaml.load"),
                [MSS, "check", "--no-cache"],
                dataset.root,
            ),
        ],
        repeats,
    )


def change_a_note(path: Path) -> None:
    """Rewrite the first note of a data file with new text, so its content hash changes."""
    text = path.read_text(encoding="utf-8")
    edited, count = NOTE_LINE.subn(
        f'    note: "Edited by benchmarks/run.py at {time.time_ns()}."', text, count=1
    )
    if count == 0:
        raise SystemExit(f"{path} has no note to edit; delete {WORK} to regenerate the datasets")
    path.write_text(edited, encoding="utf-8")


def measure_many_small_files(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """The first indexed run over thousands of small files, against the same check with no index:
    what an fsync per file would cost shows here."""
    measure_first_run(benchmark, dataset, [MSS, "check", "--data", "data"], MANY_FILES, repeats)


def measure_first_run(
    benchmark: Benchmark, dataset: Dataset, argv: list[str | Path], command: str, repeats: int
) -> None:
    """A run that builds the index (removed before each), and the same run with `--no-cache`, in
    turn: what keeping the results costs on top of the work."""
    cache = dataset.root / "data" / INDEX_FOLDER
    first = (command, dataset.name, "first run")
    benchmark.measure_alternating(
        [(first, argv, dataset.root), ((command, dataset.name, "cold"), [*argv, "--no-cache"], dataset.root)],
        repeats,
        before_each={first: lambda: shutil.rmtree(cache, ignore_errors=True)},
    )


def measure_incremental(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """`mss check` of a folder after one of its files changed, against checking that file alone,
    cold: the cost of an edit must not grow with the files that did not change."""
    part = CHANGED_PART[dataset.name]
    changed = dataset.root / part
    incremental = (INCREMENTAL, dataset.name, "incremental")
    benchmark.measure_alternating(
        [
            (incremental, [MSS, "check", "--data", "data"], dataset.root),
            ((ONE_PART, dataset.name, "cold"), [MSS, "check", "--no-cache", "--data", part], dataset.root),
        ],
        repeats,
        before_each={incremental: lambda: change_a_note(changed)},
    )


def measure_report(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """`mss report` with no index, against `mss claims --format json` with none, on the same data,
    and the size of the page. The page is written outside the project (the shipped dataset's root
    is the repository)."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        key = (REPORT, dataset.name, "cold")
        benchmark.measure(key, [MSS, "report", page, "--no-cache"], dataset.root, repeats)
        if page.is_file():
            benchmark.written[key] = page.stat().st_size
    benchmark.measure(
        (CLAIMS_JSON, dataset.name, "cold"),
        [MSS, "claims", "--format", "json", "--no-cache"],
        dataset.root,
        repeats,
    )


# --- Answers that cost what they are: completion, suggestions, renamed references, CSV ---------

COMPLETION = "TAB completion"
SHOW_KNOWN, SHOW_UNKNOWN = "mss show ID", "mss show ID (an id mistyped)"
RENAMED = "mss check --no-cache (the one source renamed)"
VALID = "mss check --no-cache (valid)"
COVERAGE = "mss coverage"
KEN_CSV = "mss claims --country KEN --format csv"
SQLITE_CSV = "sqlite3 -csv (the same rows, from mss export sqlite)"
SQLITE = shutil.which("sqlite3")


def first_ids(dataset: Dataset) -> tuple[str, str]:
    """The first source id and the first claim id of a dataset's data, read as text."""
    text = (dataset.root / "data" / "claims.yaml").read_text(encoding="utf-8")
    sources, claims = text.split("\nclaims:\n", 1)
    return (re.search(r"- id: (\S+)", sources)[1], re.search(r"- id: (\S+)", claims)[1])  # type: ignore[index]


def measure_completion(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """What the shell is offered for a TAB after a country's first letter, a source id and a claim
    id less their last two characters (a handful of candidates on every dataset), all three in a
    row as a person would; with the index warm."""
    source_id, claim_id = first_ids(dataset)
    typed = ["mss claims --country K", f"mss timeline --source {source_id[:-2]}", f"mss show {claim_id[:-2]}"]
    run_once([MSS, "check"], dataset.root)  # the index, warm
    samples = []
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            for line in typed:
                run_once([MSS], dataset.root, {"_MSS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
            samples.append(Sample(time.perf_counter() - start, 0))
    except CommandFailed as failure:
        benchmark.failures.append(str(failure))
        return
    benchmark.record((COMPLETION, dataset.name, "warm, three TABs"), samples)


def measure_show(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """`mss show` of a known id, and of the same id mistyped in its middle (an error that suggests
    the id meant), in turn."""
    _, claim_id = first_ids(dataset)
    middle = len(claim_id) // 2
    mistyped = claim_id[:middle] + ("x" if claim_id[middle] != "x" else "y") + claim_id[middle + 1 :]
    suggest = ["sh", "-c", f'"$0" show {mistyped} 2>/dev/null; test $? -eq 2', str(MSS)]
    benchmark.measure_alternating(
        [
            ((SHOW_KNOWN, dataset.name, "warm"), [MSS, "show", claim_id], dataset.root),
            ((SHOW_UNKNOWN, dataset.name, "warm"), suggest, dataset.root),
        ],
        repeats,
    )


def measure_renamed_source(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """`mss check` of data whose one source, cited by every claim, is renamed (10,000 references
    to an undefined id, each a problem with a suggestion), against the same data valid."""
    renamed = WORK / f"{dataset.name}-renamed"
    shutil.rmtree(renamed, ignore_errors=True)
    shutil.copytree(dataset.root, renamed, ignore=shutil.ignore_patterns(INDEX_FOLDER))
    source_id, _ = first_ids(dataset)
    data = renamed / "data" / "claims.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace(f"- id: {source_id}\n", f"- id: {source_id}-x\n", 1)
    )
    check = ["sh", "-c", '"$0" check --no-cache 2>/dev/null; test $? -le 1', str(MSS)]
    benchmark.measure_alternating(
        [
            ((VALID, dataset.name, "cold"), check, dataset.root),
            ((RENAMED, dataset.name, "cold"), check, renamed),
        ],
        repeats,
    )


def measure_coverage(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """Warm `mss coverage` against warm `mss check`, in turn."""
    benchmark.measure_alternating(
        [
            ((COVERAGE, dataset.name, "warm"), [MSS, "coverage"], dataset.root),
            (("mss check", dataset.name, "warm, in turn with coverage"), [MSS, "check"], dataset.root),
        ],
        repeats,
    )


def measure_csv(benchmark: Benchmark, dataset: Dataset, repeats: int) -> None:
    """Warm `claims --country KEN --format csv` against the sqlite3 command-line tool writing the
    same rows (Kenya's as subject or party) from the database `mss export sqlite` wrote, in turn."""
    if SQLITE is None:
        benchmark.failures.append("the sqlite3 command-line tool is not installed (apt-get install sqlite3)")
        return
    database = WORK / f"{dataset.name}.sqlite"
    if not database.is_file():
        run_once(
            [MSS, "export", "sqlite", database, "--metadata", WORK / f"{dataset.name}.metadata.json"],
            dataset.root,
        )
    query = (
        "SELECT * FROM claims WHERE country = 'KEN' "
        "OR EXISTS (SELECT 1 FROM json_each(claims.parties) WHERE value = 'KEN')"
    )
    benchmark.measure_alternating(
        [
            (
                (KEN_CSV, dataset.name, "warm"),
                [MSS, "claims", "--country", "KEN", "--format", "csv"],
                dataset.root,
            ),
            (
                (SQLITE_CSV, dataset.name, "reference"),
                [SQLITE, "-csv", "-header", database, query],
                dataset.root,
            ),
        ],
        repeats,
    )


# --- The language server ---------------------------------------------------------------------

LSP = "mss lsp: last didChange → publishDiagnostics"
LSP_RUN = "one-character edit"
# The latency each size must keep, debounce included (issue 12).
LSP_LIMITS = {"1k": 0.150, "10k": 1.0}
# The 10k dataset is GENERATED's; this one serves the language server's rows alone.
LSP_1K = Generated("1k", claims=1_000, sources=10, files=1)
LSP_EDITS = 21  # one-character edits timed in each file


class LspFailed(Exception):
    pass


def measure_lsp(benchmark: Benchmark, dataset: Dataset, edits: int) -> None:
    """From the didChange of a one-character edit of `data/claims.yaml` to the publishDiagnostics
    of that version, as an editor sees it (the server's debounce included): the real `mss lsp` over
    stdio, driven by pygls' client, one edit at a time; and the server's peak memory."""
    try:
        latencies, peak_kib = asyncio.run(_lsp_latencies(dataset.root, edits))
    except (LspFailed, OSError, TimeoutError, ImportError) as failure:
        benchmark.failures.append(f"`mss lsp` on {dataset.name}: {failure}")
        print(f"FAILED `mss lsp` on {dataset.name}: {failure}", file=sys.stderr)
        return
    row = benchmark.record((LSP, dataset.name, LSP_RUN), [Sample(seconds, peak_kib) for seconds in latencies])
    print(f"{row.command} [{row.dataset}]: {row.seconds * 1000:.0f} ms median", file=sys.stderr)


async def _lsp_latencies(root: Path, edits: int) -> tuple[list[float], int]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    data = root / "data" / "claims.yaml"
    uri = data.as_uri()
    text = data.read_text(encoding="utf-8")
    note = text.index('note: "', len(text) // 2) + len('note: "')  # inside a claim's note, mid-file
    client = LanguageClient("mss-benchmarks", mss_version)
    published: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def arrived(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait((time.perf_counter(), params))

    await client.start_io(str(MSS), "lsp", env=ENVIRONMENT, cwd=str(root))
    try:
        folder = types.WorkspaceFolder(uri=root.as_uri(), name=root.name)
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), workspace_folders=[folder])
        )
        client.initialized(types.InitializedParams())
        document = types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=document))
        await _published(published, uri, 1, timeout=600)
        latencies = []
        for version in range(2, edits + 2):
            # A letter typed into the note, then deleted: every text is one the data allows.
            edited = text[:note] + "x" + text[note:] if version % 2 == 0 else text
            change = types.TextDocumentContentChangeWholeDocument(text=edited)
            start = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[change],
                )
            )
            latencies.append(await _published(published, uri, version, timeout=60) - start)
        peak_kib = _peak_kib(client._server.pid) if client._server else 0
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        await client.stop()
    return latencies, peak_kib


async def _published(published: asyncio.Queue[Any], uri: str, version: int, timeout: float) -> float:
    """When the diagnostics of `uri` at `version` arrived; the data has no problem to report."""
    while True:
        arrival, params = await asyncio.wait_for(published.get(), timeout)
        if params.uri == uri and params.version == version:
            if params.diagnostics:
                raise LspFailed(f"version {version} has problems: {params.diagnostics[0].message}")
            return arrival


def _peak_kib(pid: int) -> int:
    """The peak resident memory of a running process (Linux), in KiB; 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- Targets -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    description: str
    measured: tuple[str, str, str]
    # A time target compares two medians; a memory target compares a peak with `limit` MiB; a
    # latency target compares a median with `limit` seconds; a size target (`written`) the size of
    # the file the command wrote with `limit` MB.
    reference: tuple[str, str, str] | None
    limit: float
    latency: bool = False
    written: bool = False

    def datasets(self) -> set[str]:
        return {key[1] for key in (self.measured, self.reference) if key is not None}


TARGETS = (
    Target(
        "warm `troops --by-country` on shipped ≤ 1.25 × importing typer + rich",
        ("mss troops --by-country", "shipped", "warm"),
        (IMPORT_REFERENCE, "—", "reference"),
        1.25,
    ),
    Target(
        "warm `troops --by-country` written to a file, on shipped ≤ 1.0 × importing typer + rich",
        ("mss troops --by-country", "shipped", "warm"),
        (IMPORT_REFERENCE, "—", "reference"),
        1.0,
    ),
    Target(
        "warm `troops --by-country` on 100k ≤ 2 × on shipped",
        ("mss troops --by-country", "100k", "warm"),
        ("mss troops --by-country", "shipped", "warm"),
        2,
    ),
    Target(
        "cold `mss check` on 100k ≤ 0.75 × a plain yaml.load of its file",
        ("mss check", "100k", "cold, in turn with yaml.load"),
        (YAML_REFERENCE, "100k", "reference"),
        0.75,
    ),
    Target("peak memory of cold `mss check` on 100k ≤ 600 MiB", ("mss check", "100k", "cold"), None, 600),
    Target(
        "first indexed `mss check` on 100k ≤ 1.1 × the same with `--no-cache`",
        ("mss check", "100k", "first run"),
        ("mss check", "100k", "cold"),
        1.1,
    ),
    Target(
        "TAB completion (a country, a source, a claim id) on 100k ≤ 1.5 × on shipped",
        (COMPLETION, "100k", "warm, three TABs"),
        (COMPLETION, "shipped", "warm, three TABs"),
        1.5,
    ),
    Target(
        "`mss show` of a mistyped id on 100k ≤ 1.5 × of a known id",
        (SHOW_UNKNOWN, "100k", "warm"),
        (SHOW_KNOWN, "100k", "warm"),
        1.5,
    ),
    Target(
        "`mss check` with the source 10,000 claims cite renamed ≤ 1.5 × the valid data",
        (RENAMED, "10k-one-source", "cold"),
        (VALID, "10k-one-source", "cold"),
        1.5,
    ),
    Target(
        "warm `mss coverage` on 100k ≤ 2 × a warm `mss check`",
        (COVERAGE, "100k", "warm"),
        ("mss check", "100k", "warm, in turn with coverage"),
        2,
    ),
    Target(
        "warm `claims --country KEN --format csv` on 100k ≤ 2 × sqlite3 writing the same rows",
        (KEN_CSV, "100k", "warm"),
        (SQLITE_CSV, "100k", "reference"),
        2,
    ),
    *(
        Target(
            f"incremental `mss check` after changing one file of {files} ≤ 1.5 × checking that file alone",
            (INCREMENTAL, name, "incremental"),
            (ONE_PART, name, "cold"),
            1.5,
        )
        for name, files in (("100x1k", "100"), ("1000x100", "1,000"))
    ),
    Target(
        "first indexed `mss check` of 2,000 small files ≤ 1.5 × the same with `--no-cache`",
        (MANY_FILES, "2000x5", "first run"),
        (MANY_FILES, "2000x5", "cold"),
        1.5,
    ),
    *(
        Target(
            f"`mss lsp` diagnostics after a one-character edit on {name} ≤ {limit:g} s",
            (LSP, name, LSP_RUN),
            None,
            limit,
            latency=True,
        )
        for name, limit in LSP_LIMITS.items()
    ),
    Target(
        "`mss report --no-cache` on 100k ≤ 10 × `mss claims --format json --no-cache`",
        (REPORT, "100k", "cold"),
        (CLAIMS_JSON, "100k", "cold"),
        10,
    ),
    Target("the report of the shipped data ≤ 5 MB", (REPORT, "shipped", "cold"), None, 5, written=True),
)


def target_row(
    target: Target, rows: dict[tuple[str, str, str], Row], written: dict[tuple[str, str, str], int]
) -> list[str]:
    measured = rows.get(target.measured)
    if target.latency:
        if measured is None:
            return [target.description, "not measured", "—", "—", f"≤ {target.limit:g} s", "—"]
        verdict = "PASS" if measured.seconds <= target.limit else "FAIL"
        return [target.description, f"{measured.seconds:.3f} s", "—", "—", f"≤ {target.limit:g} s", verdict]
    if target.written:
        size = written.get(target.measured)
        if size is None:
            return [target.description, "not measured", "—", "—", f"≤ {target.limit:g} MB", "—"]
        verdict = "PASS" if size <= target.limit * BYTES_PER_MB else "FAIL"
        return [
            target.description,
            f"{size / BYTES_PER_MB:.2f} MB",
            "—",
            "—",
            f"≤ {target.limit:g} MB",
            verdict,
        ]
    if target.reference is None:
        if measured is None:
            return [target.description, "not measured", "—", "—", f"≤ {target.limit:g} MiB", "—"]
        verdict = "PASS" if measured.peak_mib <= target.limit else "FAIL"
        return [
            target.description,
            f"{measured.peak_mib:.0f} MiB",
            "—",
            "—",
            f"≤ {target.limit:g} MiB",
            verdict,
        ]
    reference = rows.get(target.reference)
    if measured is None or reference is None:
        return [target.description, "not measured", "—", "—", f"≤ {target.limit:g}×", "—"]
    ratio = measured.seconds / reference.seconds
    verdict = "PASS" if ratio <= target.limit else "FAIL"
    return [
        target.description,
        f"{measured.seconds:.3f} s",
        f"{reference.seconds:.3f} s",
        f"{ratio:.2f}×",
        f"≤ {target.limit:g}×",
        verdict,
    ]


# --- Report --------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def markdown_table(header: list[str], rows: list[list[str]], right_aligned: int = 0) -> list[str]:
    """A Markdown table whose last `right_aligned` columns are numbers."""
    alignment = ["---"] * (len(header) - right_aligned) + ["---:"] * right_aligned
    return ["| " + " | ".join(cells) + " |" for cells in (header, alignment, *rows)]


def report(
    benchmark: Benchmark, datasets: list[Dataset], repeats: int, large_repeats: int, startup_repeats: int
) -> str:
    libyaml = "with libyaml (CSafeLoader)" if hasattr(yaml, "CSafeLoader") else "without libyaml"
    lines = [
        "# mss benchmarks",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores",
        f"- Python {platform.python_version()}; PyYAML {yaml.__version__} {libyaml}; mss {mss_version}",
        f"- Median of {repeats} run{'s' if repeats > 1 else ''}"
        + (
            f" ({large_repeats} on 100,000-claim datasets)"
            if any(dataset.large for dataset in datasets)
            else ""
        )
        + "; the import reference and warm `troops --by-country` rows are the median of "
        + f"{startup_repeats} runs taken in turn (both sides of a start-up target see the same machine)"
        + "; peak memory is the largest maximum RSS of the child over the runs",
        "- Datasets: " + "; ".join(f"`{dataset.name}` {dataset.description}" for dataset in datasets),
        "",
        "## Measurements",
        "",
    ]
    rows = [
        [f"`{row.command}`", row.dataset, row.run, f"{row.seconds:.3f}", f"{row.peak_mib:.0f}"]
        for row in benchmark.rows.values()
    ]
    lines += markdown_table(["command", "dataset", "run", "median s", "peak MiB"], rows, right_aligned=2)
    measured_datasets = {"—", *(dataset.name for dataset in datasets)}
    targets = [
        target_row(target, benchmark.rows, benchmark.written)
        for target in TARGETS
        if target.datasets() <= measured_datasets
    ]
    if benchmark.written:
        lines += ["", "## Files written", ""]
        sizes = [
            [f"`{command}`", dataset, run, f"{size / BYTES_PER_MB:.2f}"]
            for (command, dataset, run), size in benchmark.written.items()
        ]
        lines += markdown_table(["command", "dataset", "run", "MB"], sizes, right_aligned=1)
    lines += ["", "## Targets", ""]
    lines += markdown_table(["target", "measured", "compared with", "ratio", "limit", "result"], targets)
    if benchmark.failures:
        lines += ["", "## Commands that failed", "", *(f"- {failure}" for failure in benchmark.failures)]
    return "\n".join(lines)


def compile_package() -> None:
    """Compile mss to bytecode, as `pip install .` does. An editable install run with
    PYTHONDONTWRITEBYTECODE set (as on some machines) would otherwise compile every module on
    every run, and time the compiler rather than mss."""
    import compileall

    import haiti_mss

    compileall.compile_dir(Path(haiti_mss.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the shipped and 10k datasets, fewer runs")
    parser.add_argument(
        "--repeats", type=int, help="timed runs per measurement [default: 5, 3 on 100k; --quick 3]"
    )
    arguments = parser.parse_args()
    if arguments.repeats is not None and arguments.repeats < 1:
        parser.error("--repeats must be at least 1")
    if not MSS.is_file():
        raise SystemExit(f"{MSS} does not exist: install the project into this Python's environment")
    repeats = arguments.repeats or (3 if arguments.quick else 5)
    large_repeats = arguments.repeats or 3
    chosen = GENERATED[:1] if arguments.quick else GENERATED
    datasets = [SHIPPED, *(prepare(generated) for generated in chosen)]

    startup_repeats = repeats if arguments.quick else STARTUP_REPEATS

    compile_package()
    benchmark = Benchmark()
    for dataset in datasets:
        runs = large_repeats if dataset.large else repeats
        if dataset.name in CHANGED_PART:
            measure_incremental(benchmark, dataset, runs)
            continue
        if dataset.name == "2000x5":
            measure_many_small_files(benchmark, dataset, runs)
            continue
        if dataset.name == "10k-one-source":
            measure_renamed_source(benchmark, dataset, runs)
            continue
        measure_commands(benchmark, dataset, runs)
        measure_report(benchmark, dataset, runs)
        if dataset.name in ("shipped", "100k"):
            measure_completion(benchmark, dataset, runs)
        if dataset.name == "100k":
            measure_yaml_reference(benchmark, dataset, runs)
            measure_show(benchmark, dataset, STARTUP_REPEATS)
            measure_coverage(benchmark, dataset, repeats)
            measure_csv(benchmark, dataset, repeats)
    # The start-up targets compare times of a few hundred milliseconds: measure their pairs again,
    # in turn and more often than the rest.
    troops = ["troops", "--by-country"]
    pairs = [
        ((IMPORT_REFERENCE, "—", "reference"), IMPORT_ARGV, PROJECT),
        (("mss troops --by-country", "shipped", "warm"), [MSS, *troops], PROJECT),
    ]
    large = [dataset for dataset in datasets if dataset.name == "100k"]
    pairs += [
        (("mss troops --by-country", "100k", "warm"), [MSS, *troops], dataset.root) for dataset in large
    ]
    benchmark.measure_alternating(pairs, startup_repeats)
    # Last: the language server's client runs in this process, which grows, and a child's peak
    # memory (ru_maxrss) counts what it shared with this process before it ran its program.
    lsp_datasets = [prepare(LSP_1K), *(dataset for dataset in datasets if dataset.name == "10k")]
    for dataset in lsp_datasets:
        measure_lsp(benchmark, dataset, LSP_EDITS)
    datasets += lsp_datasets[:1]
    print(report(benchmark, datasets, repeats, large_repeats, startup_repeats))
    sys.exit(1 if benchmark.failures else 0)


if __name__ == "__main__":
    main()
