"""What the engine may keep between runs, and the store that keeps nothing.

The pipeline (`engine.pipeline`) asks a store for work already done, and hands it what it did; the
store never decides what to run. Every result is kept under what it was derived from: a data file's
records under the digest of its bytes, a claim's rule results under the digest of the claim and the
values its rules read, a dataset's problems under its files' digests and the archive and days they
hold for. `NullStore` is `--no-cache`: the same engine, remembering nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from haiti_mss.core.files import FileRead
from haiti_mss.core.positions import Finding, Location, Ref
from haiti_mss.core.problems import Problem
from haiti_mss.core.records import ClaimRecord, Corpus, Links, MissionRecord, SourceRecord
from haiti_mss.rules.reads import Reads

Spans = list[tuple[int, int]]


class KnownFile(NamedTuple):
    """A data file as the store knows it by the digest of its bytes: what reading it gave, but for
    its claims, which are read only when needed."""

    sources: list[tuple[SourceRecord, Location]]
    problems: list[Problem]  # of reading and validating it
    claim_ids: list[str]  # of its valid claims, in order
    cited: set[str]  # source ids named by every claim, valid or not
    valid_cited: set[str]  # source ids named by its valid claims
    missions: list[tuple[MissionRecord, Location]]
    links: Links  # what its valid claims name besides their source (`records.LINK_FIELDS`)


class RuleResults(NamedTuple):
    """What the claim rules found in one data file (`problems`, placed) or one claim (`findings`),
    where their verified quotes sit (None: a file's, kept in the store; `Store.quoted` reads them),
    and what they read."""

    reads: Reads
    quoted: dict[str, Spans] | None
    problems: list[Problem]
    findings: list[Finding]


class KnownDataset(NamedTuple):
    """The problems of a whole dataset, and what they hold for: its archive (each source file with
    what reading it gave) and the days they hold on."""

    id: int
    problems: list[Problem]
    counts: dict[str, int]
    archive: dict[str, str]  # a source's `file` -> "sha256 …" or the problem code reading it gave
    reads: Reads


class Store(Protocol):
    """Work kept between runs. Lookups return None for what is not kept (or no longer trusted)."""

    def known_digest(self, path: str | Path, status: os.stat_result | None = None) -> str | None:
        """The digest of the file at `path`, when its status shows it unchanged since it was read.
        `status`: the file's, just taken by the caller (else it is taken now)."""

    def saw(self, path: Path, read: FileRead) -> None:
        """`path` was read now, and held the bytes of `read`."""

    def known_files(self, files: Mapping[str, str]) -> dict[str, KnownFile]:
        """What reading each file gave (`files`: digest -> the name it is shown by), for those kept."""

    def claim_refs(self, digest: str, shown: str, column: str) -> list[Ref]:
        """References of the file's claims: `column` is "id" (the claims' own ids) or "source"."""

    def claims_between(
        self, digests: list[str], low: str, high: str, *, reversed_ids: bool = False, limit: int | None = None
    ) -> list[ClaimRecord]:
        """Claims whose id (or reversed id) lies in [low, high), in data order, from an index of ids."""

    def countries(self, digests: list[str]) -> dict[str, str]:
        """The countries the claims of these files name, with their names."""

    def keep_file(self, digest: str, loaded: Any) -> None: ...

    def records_read(self) -> None:
        """Every file of the run has been read (and those to keep handed to `keep_file`)."""

    def file_rules(self, files: Mapping[str, str]) -> dict[str, RuleResults]:
        """The claim rules' results kept for each file (`files`: digest -> the name it is shown by)."""

    def keep_file_rules(self, digest: str, results: RuleResults) -> None: ...

    def claim_rules(self, path: Path, digest: str, claim_digests: Collection[str]) -> dict[str, RuleResults]:
        """The results kept for these claims (by digest) of the data file at `path`: among those of
        this version of it (`digest`), or of the version last read there."""

    def keep_claim_rules(self, digest: str, results: Mapping[str, RuleResults]) -> None:
        """Keep the results of every claim of the data file `digest`, by each claim's digest."""

    def quoted(self, digests: Iterable[str]) -> dict[str, Spans]:
        """Where the verified quotes of these files sit, by source id."""

    def dataset(self, key: str, shown_files: list[str]) -> KnownDataset | None: ...

    def keep_dataset(self, key: str, digests: list[str], shown_files: list[str], kept: KnownDataset) -> int:
        """Keep a dataset's result; the id that its answers are kept under."""

    def kept_answer(self, dataset: int, question: str) -> Any | None:
        """The answer kept for `question` about this dataset; None when none is."""

    def answer(self, dataset: int, question: str, work: Callable[[], Any]) -> Any:
        """The answer kept for `question` about this dataset, or `work()`, kept for next time."""

    def corpus(
        self,
        root: Path,
        digests: list[str],
        shown_files: list[str],
        kinds: Collection[str] | None,
        countries: Collection[str] | None,
        claim_id: str | None,
    ) -> Corpus: ...

    def commit(self) -> None:
        """Make what was kept this run durable, in one transaction."""


class NullStore:
    """Keeps nothing: every run reads and checks everything (`--no-cache`)."""

    def known_digest(self, path: str | Path, status: os.stat_result | None = None) -> str | None:
        return None

    def saw(self, path: Path, read: FileRead) -> None:
        pass

    def known_files(self, files: Mapping[str, str]) -> dict[str, KnownFile]:
        return {}

    def claim_refs(self, digest: str, shown: str, column: str) -> list[Ref]:
        raise LookupError("the null store keeps no claims")

    def claims_between(
        self, digests: list[str], low: str, high: str, *, reversed_ids: bool = False, limit: int | None = None
    ) -> list[ClaimRecord]:
        raise LookupError("the null store keeps no claims")

    def countries(self, digests: list[str]) -> dict[str, str]:
        raise LookupError("the null store keeps no claims")

    def keep_file(self, digest: str, loaded: Any) -> None:
        pass

    def records_read(self) -> None:
        pass

    def file_rules(self, files: Mapping[str, str]) -> dict[str, RuleResults]:
        return {}

    def keep_file_rules(self, digest: str, results: RuleResults) -> None:
        pass

    def claim_rules(self, path: Path, digest: str, claim_digests: Collection[str]) -> dict[str, RuleResults]:
        return {}

    def keep_claim_rules(self, digest: str, results: Mapping[str, RuleResults]) -> None:
        pass

    def quoted(self, digests: Iterable[str]) -> dict[str, Spans]:
        raise LookupError("the null store keeps no rule results")

    def dataset(self, key: str, shown_files: list[str]) -> KnownDataset | None:
        return None

    def keep_dataset(self, key: str, digests: list[str], shown_files: list[str], kept: KnownDataset) -> int:
        return 0

    def kept_answer(self, dataset: int, question: str) -> Any | None:
        return None

    def answer(self, dataset: int, question: str, work: Callable[[], Any]) -> Any:
        return work()

    def corpus(
        self,
        root: Path,
        digests: list[str],
        shown_files: list[str],
        kinds: Collection[str] | None,
        countries: Collection[str] | None,
        claim_id: str | None,
    ) -> Corpus:
        raise LookupError("the null store keeps no records")

    def commit(self) -> None:
        pass
