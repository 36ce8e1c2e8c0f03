"""The rules that cross records and files: unique ids, defined and cited sources, declared missions
that succeed one another without going round, claims superseded by claims that exist, ignore
entries that still hide a figure. They read the facts the engine gathers about the whole dataset."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from haiti_mss.core.positions import Location, Ref, ref
from haiti_mss.core.problems import Problem
from haiti_mss.core.records import MissionRecord, SourceRecord
from haiti_mss.rules.registry import Scope, rule

if TYPE_CHECKING:
    from haiti_mss.analysis.archive import ArchivedText


@dataclass(slots=True)
class DatasetFacts:
    """What the dataset rules read, gathered by the engine from the files read this run or kept in
    the index. The claims' references are looked up only where a rule can fail: at 100,000 claims,
    reading every claim's position to find none repeated would cost more than the check."""

    sources: list[tuple[SourceRecord, Location]]
    cited: set[str]  # source ids named by every claim, valid or not
    texts: Mapping[str, ArchivedText]  # intact archived texts, by source id
    repeated_claim_ids: Callable[[], list[Ref]]  # where each claim id used more than once is written
    undefined_sources: Callable[[set[str]], list[Ref]]  # claims' references to sources not in the set
    quoted: Callable[[], Mapping[str, list[tuple[int, int]]]]  # where verified quotes sit, by source
    missions: list[tuple[MissionRecord, Location]]
    # The (claim id, value) of every valid claim that sets a field naming another record
    # (`records.LINK_FIELDS`: its mission), and where the field is written in the claims that give
    # some of them: looked up only for those found wrong.
    links: Callable[[str], list[tuple[str, str]]]
    link_refs: Callable[[str, Collection[tuple[str, str]]], list[Ref]]
    claim_ids: Callable[[], list[str]]  # of every valid claim, in data order


@rule(Scope.DATASET, ("duplicate-id",), reads=("dataset",))
def ids_unique(facts: DatasetFacts) -> Iterator[Problem]:
    """Ids are unique: claims are cited by id, and an id is never reused; nor is a mission's. The
    second use is the problem, and it names the first."""
    for refs, what in (
        (_repeated_ids(facts.missions), "mission"),
        (_repeated_ids(facts.sources), "source"),
        (facts.repeated_claim_ids(), "claim"),
    ):
        first_seen: dict[str, Ref] = {}
        for reference in refs:
            first = first_seen.setdefault(reference.id, reference)
            if first is not reference:
                where = f"{first.path}:{first.line}:{first.column}"
                yield reference.problem(
                    "duplicate-id", f"{what} id {reference.id!r} is already used at {where}"
                )


def _repeated_ids(records: list[tuple[Any, Location]]) -> list[Ref]:
    """Where each record id used more than once is written, in data order: only those records'
    positions are looked at (a record read back from the index has its positions decoded then)."""
    ids = [record.id for record, _ in records]
    if len(set(ids)) == len(ids):
        return []
    repeated = {record_id for record_id, count in Counter(ids).items() if count > 1}
    return [ref(record.id, location, "id") for record, location in records if record.id in repeated]


@rule(Scope.DATASET, ("unknown-source",), reads=("dataset",))
def sources_defined(facts: DatasetFacts) -> Iterator[Problem]:
    """Every source a claim cites is defined. A likely meant id is worked out once per unknown id,
    however many claims cite it."""
    known = [source.id for source, _ in facts.sources]
    hints: dict[str, str] = {}
    for reference in facts.undefined_sources(set(known)):
        if reference.id not in hints:
            close = get_close_matches(reference.id, known, n=1)
            hints[reference.id] = f"; did you mean {close[0]!r}?" if close else ""
        yield reference.problem(
            "unknown-source", f"source {reference.id!r} is not defined{hints[reference.id]}"
        )


@rule(Scope.DATASET, ("unused-source",), reads=("dataset",))
def sources_cited(facts: DatasetFacts) -> Iterator[Problem]:
    """Every source is cited by some claim (counting claims that failed validation)."""
    for source, location in facts.sources:
        if source.id not in facts.cited:
            yield ref(source.id, location, "id").problem(
                "unused-source", f"no claim cites source {source.id!r}"
            )


@rule(Scope.DATASET, ("unknown-mission",), reads=("dataset",))
def missions_declared(facts: DatasetFacts) -> Iterator[Problem]:
    """Every mission a claim names, and every mission a mission succeeds, is declared under
    `missions:`. Data that declares no mission names none: its claims are about no mission in
    particular."""
    known = [mission.id for mission, _ in facts.missions]

    def undeclared(mission_id: str) -> str:
        if not known:
            return (
                f"mission {mission_id!r} is not declared: the data declares no missions; declare it in a "
                "top-level missions: list (id, name)"
            )
        close = get_close_matches(mission_id, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (declared: {', '.join(known)})"
        return f"mission {mission_id!r} is not declared{hint}"

    for mission, location in facts.missions:
        if mission.succeeds is not None and mission.succeeds not in known:
            yield location.problem("unknown-mission", undeclared(mission.succeeds), "succeeds")
    wrong = [link for link in facts.links("mission") if link[1] not in known]
    for reference in facts.link_refs("mission", wrong) if wrong else ():
        yield reference.problem("unknown-mission", undeclared(reference.id))


@rule(Scope.DATASET, ("succession-cycle",), reads=("dataset",))
def successions_end(facts: DatasetFacts) -> Iterator[Problem]:
    """Missions succeed one another without going round: no mission succeeds, through the missions
    it took over from, itself. A loop is reported once, at the `succeeds` of its mission declared
    last."""
    located = {}
    successor = {}
    for mission, location in facts.missions:
        if mission.id not in located:
            located[mission.id] = location
            if mission.succeeds is not None:
                successor[mission.id] = mission.succeeds
    order = {mission_id: index for index, mission_id in enumerate(located)}
    for circle in circles(loops(successor), order):
        chain = ", which succeeds ".join(circle)
        message = f"{chain}: missions cannot succeed one another in a circle"
        yield located[circle[0]].problem("succession-cycle", message, "succeeds")


@rule(Scope.DATASET, ("unknown-claim",), reads=("dataset",))
def superseding_claims_exist(facts: DatasetFacts) -> Iterator[Problem]:
    """The claim that supersedes another exists: a claim leaves the answers only for one that is
    there to take its place."""
    superseded = facts.links("superseded_by")
    if not superseded:
        return
    known = set(facts.claim_ids())
    wrong = [link for link in superseded if link[1] not in known]
    for reference in facts.link_refs("superseded_by", wrong) if wrong else ():
        close = get_close_matches(reference.id, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield reference.problem("unknown-claim", f"claim {reference.id!r} is not defined{hint}")


@rule(Scope.DATASET, ("supersession-cycle",), reads=("dataset",))
def supersessions_end(facts: DatasetFacts) -> Iterator[Problem]:
    """Claims supersede one another without going round: a chain of corrections ends in a claim
    that stands. A loop is reported once, at the `superseded_by` of its claim written last."""
    successor = dict(facts.links("superseded_by"))
    found = loops(successor)
    if not found:
        return
    order = {claim_id: index for index, claim_id in enumerate(facts.claim_ids())}  # only now: costly
    for circle in circles(found, order):
        chain = ", which is superseded by ".join(circle)
        message = f"{chain}: claims cannot supersede one another in a circle"
        last = circle[0]
        yield from (
            reference.problem("supersession-cycle", message)
            for reference in facts.link_refs("superseded_by", [(last, successor[last])])
        )


def circles(found: list[list[str]], order: Mapping[str, int]) -> list[list[str]]:
    """Each loop told from its id last in `order` (where each is written) round to that id again:
    the id a loop is reported at comes first and last."""
    told = []
    for loop in found:
        at = loop.index(max(loop, key=order.__getitem__))
        told.append([*loop[at:], *loop[:at], loop[at]])
    return told


def loops(successor: Mapping[str, str]) -> list[list[str]]:
    """Each loop of `successor` (an id -> the id it points to, one each) once, its ids in order."""
    done: set[str] = set()
    found = []
    for start in successor:
        path: dict[str, None] = {}
        node = start
        while node in successor and node not in done and node not in path:
            path[node] = None
            node = successor[node]
        if node in path:
            walked = list(path)
            found.append(walked[walked.index(node) :])
        done.update(path)
    return found


@rule(Scope.DATASET, ("unused-ignore",), reads=("dataset", "archive"))
def ignores_used(facts: DatasetFacts) -> Iterator[Problem]:
    """Every `ignore:` entry still names a figure of its source that no claim cites: an entry left
    over after a figure became a claim (or one with a typo) would hide nothing and mislead."""
    from haiti_mss.analysis.figures import classify

    with_ignores = [(source, location) for source, location in facts.sources if source.ignore]
    if not with_ignores:
        return
    quoted = facts.quoted()
    for source, location in with_ignores:
        text = facts.texts.get(source.id)
        if text is None:
            continue
        _, unused = classify(source, text.normalised, list(quoted.get(source.id, ())))
        for index in unused:
            message = f"ignore entry {source.ignore[index].text!r} matches no uncited figure of the source"
            yield location.problem("unused-ignore", message, "ignore", index, "text")
