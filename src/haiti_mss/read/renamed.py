"""Keys renamed since data was first written, in one table: an older revision of the data (what
`mss diff` compares against) is read with today's loader, each old key under its new name.

A key is renamed for every source (`"source"`), every claim (`"claim"`) or the claims of one kind
(`"position"`); the table maps (where, old key) to the new key. Nothing else in the reader knows
about a rename.
"""

from __future__ import annotations

from typing import Any

from haiti_mss.core.positions import Spans

RENAMED_KEYS: dict[tuple[str, str], str] = {}


def under_new_names(root: dict[str, Any], spans: Spans) -> None:
    """Give every renamed key of `root`'s sources and claims its new name, with its position; a
    record that already has the new key keeps both, so the loader reports the old one."""
    if not RENAMED_KEYS:
        return
    for list_key, record in (("sources", "source"), ("claims", "claim")):
        entries = root.get(list_key)
        if not isinstance(entries, list):
            continue
        listed = spans.children.get(list_key)
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            scopes = {record, entry.get("kind")} if record == "claim" else {record}
            entry_spans = listed.children.get(index) if listed is not None else None
            for (scope, old), new in RENAMED_KEYS.items():
                if scope in scopes and old in entry and new not in entry:
                    entry[new] = entry.pop(old)
                    if entry_spans is not None and old in entry_spans.entries:
                        entry_spans.entries[new] = entry_spans.entries.pop(old)
                        if old in entry_spans.children:
                            entry_spans.children[new] = entry_spans.children.pop(old)
