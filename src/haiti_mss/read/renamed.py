"""Keys renamed since data was first written, in one table.

A key is renamed for every source (`"source"`), every claim (`"claim"`) or the claims of one kind
(`"position"`); the table maps (where, old key) to the new key. It is read two ways:

- today's data (`renamed_in`): an old key is a `renamed-field` problem at the key, naming the new
  one, and the record is read under the new name, so that nothing else about it is reported twice;
- an older revision of the data (`under_new_names`, what `mss diff` compares against): each old key
  is read under its new name, silently, so that a rename is no change.

Nothing else in the reader knows about a rename.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from haiti_mss.core.positions import Spans

RENAMED_KEYS: dict[tuple[str, str], str] = {
    # YAML 1.1 readers (PyYAML's default loader, and the tools built on it) read a plain `on` key as
    # the boolean true: anyone loading the data with them got a `True:` key.
    ("position", "on"): "question",
}


class Renamed(NamedTuple):
    old: str
    new: str
    both: bool  # the record has the new key too: the old one is dropped


def renamed_in(entry: dict[str, Any], record: str) -> tuple[dict[str, Any], list[Renamed]]:
    """`entry` (a source's or a claim's mapping, `record` saying which) with every old key under
    its new name, and the renames made. An entry that has both keys keeps the new one."""
    kind = entry.get("kind") if record == "claim" else None  # any value: it is not validated yet
    found = [
        Renamed(old, new, new in entry)
        for (scope, old), new in RENAMED_KEYS.items()
        if scope in (record, kind) and old in entry
    ]
    if not found:
        return entry, []
    renamed = dict(entry)
    for change in found:
        value = renamed.pop(change.old)
        if not change.both:
            renamed[change.new] = value
    return renamed, found


def message(change: Renamed) -> str:
    if change.both:
        return f"{change.old} was renamed {change.new}, which this record has too: delete {change.old}"
    return f"{change.old} was renamed {change.new}: write {change.new}: instead"


def under_new_names(root: dict[str, Any], spans: Spans) -> None:
    """Give every renamed key of `root`'s sources and claims its new name, with its position; a
    record that already has the new key keeps both, and reading it reports the old one."""
    for list_key, record in (("sources", "source"), ("claims", "claim")):
        entries = root.get(list_key)
        if not isinstance(entries, list):
            continue
        listed = spans.children.get(list_key)
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            entry_spans = listed.children.get(index) if listed is not None else None
            for change in renamed_in(entry, record)[1]:
                if change.both:
                    continue
                entry[change.new] = entry.pop(change.old)
                if entry_spans is not None and change.old in entry_spans.entries:
                    entry_spans.entries[change.new] = entry_spans.entries.pop(change.old)
                    if change.old in entry_spans.children:
                        entry_spans.children[change.new] = entry_spans.children.pop(change.old)
