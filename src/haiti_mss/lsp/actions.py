"""Code actions: edits of the data that a curator accepts with one keystroke.

- a quote that is not in its source (`quote-not-found`) is replaced with the closest passage of the
  archived text, as the archive writes it (curly quotes and all; line breaks become spaces);
- a figure of a source that no claim cites can be given an `ignore:` entry, whose reason the
  curator writes (until then the entry is a `wrong-type` problem: a figure is never ignored
  without a reason);
- on a source, the drafts of the claims for its figures that no claim cites (`mss draft`'s, each
  marked `review: draft`) are inserted at the end of the claims of its file.

Every edit is checked before it is offered: the record it gives, read again, must hold exactly the
change it announces, and a replaced quote must be found in the archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from haiti_mss.lsp.documents import Entry, entry_at, reads_as
from haiti_mss.lsp.features import Asked
from haiti_mss.lsp.text import Point, Text


def code_actions(asked: Asked, uri: str, diagnostics: Sequence[types.Diagnostic]) -> list[types.CodeAction]:
    found: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        if diagnostic.code == "quote-not-found" and diagnostic.source == "mss":
            at = Point(diagnostic.range.start.line, diagnostic.range.start.character)
            action = _closest_quote(asked, uri, at, diagnostic)
            if action is not None:
                found.append(action)
    found.extend(_ignore_entries(asked, uri))
    drafts = _drafts(asked, uri)
    if drafts is not None:
        found.append(drafts)
    return found


# --- A quote that is not in its source ---------------------------------------------------------------


def _closest_quote(
    asked: Asked, uri: str, at: Point, diagnostic: types.Diagnostic
) -> types.CodeAction | None:
    from haiti_mss.analysis.text import closest_passage, find_quote, normalise

    text = asked.text
    line, _ = text.yaml_position(text.offset(at))
    entry = entry_at(text.source, line)
    if entry is None or entry.key != "claims" or not isinstance(entry.value, dict):
        return None
    quote, source_id = entry.value.get("quote"), entry.value.get("source")
    archived = asked.facts.texts.get(source_id) if isinstance(source_id, str) else None
    if not isinstance(quote, str) or archived is None:
        return None
    near = closest_passage(normalise(quote), archived.normalised)
    if near is None:
        return None
    replacement = _as_archived(archived, near.passage)
    if replacement is None or find_quote(normalise(replacement), archived.normalised) is None:
        return None
    edit = _replace_value(text, entry, "quote", replacement)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"Replace the quote with the source's closest passage: {replacement}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _as_archived(archived: Any, passage: str) -> str | None:
    """The archive's own words for a passage of its normalised text, whole words only, on one line."""
    normalised = archived.normalised
    start = normalised.find(passage)
    if start < 0 or not passage:
        return None
    end = start + len(passage)
    while start > 0 and normalised[start - 1].isalnum() and normalised[start].isalnum():
        start -= 1
    while end < len(normalised) and normalised[end - 1].isalnum() and normalised[end].isalnum():
        end += 1
    return " ".join(archived.mapped.verbatim(start, end).split())


def _replace_value(text: Text, entry: Entry, name: str, value: str) -> types.TextEdit | None:
    """An edit that writes `value` as the value of the field `name`, when reading the record
    again gives exactly that change."""
    lines = text.yaml_lines()
    first, last = entry.value_lines(name, lines)
    key_line = lines[first - 1]
    _, column = entry.spans.entries[name]
    colon = key_line.find(":", column - 1 + len(name))
    if colon < 0:
        return None
    start = text.yaml_offset(first, colon + 2)
    end = text.yaml_offset(last, len(lines[last - 1].rstrip()) + 1)
    from haiti_mss.read.yaml_text import value_text

    new_text = value_text(value, column - 1)
    expected = {**entry.value, name: value}
    if _record_after(text, entry, start, end, new_text) != expected:
        return None
    return _edit(text, start, end, new_text)


# --- A figure no claim cites -----------------------------------------------------------------------------


def _ignore_entries(asked: Asked, uri: str) -> list[types.CodeAction]:
    """For the source at the cursor: an `ignore:` entry for each figure of its text that no claim
    cites and no entry ignores, with the reason left for the curator to write."""
    from haiti_mss.analysis.figures import NOT_CITED, classify

    text = asked.text
    line, _ = text.yaml_position(asked.offset)
    entry = entry_at(text.source, line)
    if entry is None or entry.key != "sources" or not isinstance(entry.value, dict):
        return []
    fact = asked.facts.sources.get(entry.value.get("id"))  # type: ignore[arg-type]
    archived = asked.facts.texts.get(fact.record.id) if fact is not None else None
    if fact is None or archived is None:
        return []
    classified, _ = classify(
        fact.record, archived.normalised, list(asked.facts.quoted.get(fact.record.id, ()))
    )
    uncited = dict.fromkeys(item.figure.text for item in classified if item.status == NOT_CITED)
    found = []
    for figure in uncited:
        edit = _add_ignore(text, entry, figure)
        if edit is not None:
            found.append(
                types.CodeAction(
                    title=f"Add an ignore: entry for {figure!r}, which no claim cites (then write why)",
                    kind=types.CodeActionKind.Refactor,
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
    return found


def _add_ignore(text: Text, entry: Entry, figure: str) -> types.TextEdit | None:
    """An edit that appends `{text: figure, reason: (empty)}` to the source's `ignore:` list,
    making the list when there is none; None when the record would not read back so."""
    from haiti_mss.read.yaml_text import value_text

    lines = text.yaml_lines()
    newline = "\r\n" if "\r\n" in text.source else "\n"
    ignored = entry.value.get("ignore")
    if ignored is None and "ignore" not in entry.value:
        field_indent = " " * (entry.spans.at[1] - 1)
        last = _last_content_line(entry, lines)
        added = [
            f"{field_indent}ignore:",
            f"{field_indent}  - text:{value_text(figure, len(field_indent) + 4)}",
            f"{field_indent}    reason:",
        ]
        ignored = []
    elif isinstance(ignored, list) and "ignore" in entry.spans.children:
        item_indent = " " * (entry.spans.children["ignore"].at[1] - 1)
        _, last = entry.value_lines("ignore", lines)
        added = [f"{item_indent}- text:{value_text(figure, len(item_indent) + 2)}", f"{item_indent}  reason:"]
    else:
        return None
    at = text.yaml_offset(last, len(lines[last - 1]) + 1)
    new_text = "".join(newline + added_line for added_line in added)
    expected = {**entry.value, "ignore": [*ignored, {"text": figure, "reason": None}]}
    if _record_after(text, entry, at, at, new_text) != expected:
        return None
    return _edit(text, at, at, new_text)


def _last_content_line(entry: Entry, lines: list[str]) -> int:
    fields = entry.fields()
    return entry.value_lines(fields[-1][0], lines)[1] if fields else entry.first_line


# --- Drafts of the figures no claim cites ---------------------------------------------------------------


def _drafts(asked: Asked, uri: str) -> types.CodeAction | None:
    """For the source at the cursor: `mss draft`'s claims for its figures that no claim cites,
    inserted at the end of the claims of its file as `mss draft --write` inserts them (the text
    read back and verified), each marked `review: draft`. Drafted from what the last check of the
    editor's text established: its claims, and where their quotes sit."""
    from haiti_mss.curate.draft import Drafter
    from haiti_mss.curate.insert import InsertError, appended

    text = asked.text
    line, _ = text.yaml_position(asked.offset)
    entry = entry_at(text.source, line)
    if entry is None or entry.key != "sources" or not isinstance(entry.value, dict):
        return None
    fact = asked.facts.sources.get(entry.value.get("id"))  # type: ignore[arg-type]
    archived = asked.facts.texts.get(fact.record.id) if fact is not None else None
    if fact is None or archived is None:
        return None
    quoted = list(asked.facts.quoted.get(fact.record.id, ()))
    drafts = Drafter(fact.record, archived.text, asked.facts.claims).drafted(quoted).drafts
    if not drafts:
        return None
    try:
        inserted = appended(text.source.encode("utf-8"), "claims", [draft.fields for draft in drafts], "")
    except (InsertError, UnicodeEncodeError):
        return None
    new_source = inserted.data.decode("utf-8")
    start, end = _differing(text.source, new_source)
    figures = ", ".join(draft.figure for draft in drafts)
    return types.CodeAction(
        title=f"Insert {len(drafts)} drafted claim{'s' if len(drafts) > 1 else ''} of {fact.record.id} "
        f"for the figures no claim cites ({figures}), marked review: draft",
        kind=types.CodeActionKind.Refactor,
        edit=types.WorkspaceEdit(
            changes={
                uri: [_edit(text, start, len(text.source) - end, new_source[start : len(new_source) - end])]
            }
        ),
    )


# --- Edits -------------------------------------------------------------------------------------------------


def _record_after(text: Text, entry: Entry, start: int, end: int, new_text: str) -> Any:
    """The record's value once the characters [start, end) of the document are `new_text`."""
    record_start = text.yaml_offset(entry.first_line, 1)
    record_end = text.yaml_offset(entry.last_line + 1, 1)  # the text's end after its last line
    if not record_start <= start <= end <= record_end:
        return None
    edited = text.source[record_start:start] + new_text + text.source[end:record_end]
    indent = len(edited) - len(edited.lstrip(" "))
    return reads_as(edited, indent, followed=False)


def _differing(old: str, new: str) -> tuple[int, int]:
    """How long the start and the end that `old` and `new` share are (not overlapping): the edit
    between them is the one stretch in between. Slices compare in C, by bisection."""
    shortest = min(len(old), len(new))

    def longest(same: Any, most: int) -> int:
        low, high = 0, most
        while low < high:
            middle = (low + high + 1) // 2
            if same(middle):
                low = middle
            else:
                high = middle - 1
        return low

    start = longest(lambda size: old[:size] == new[:size], shortest)
    end = longest(lambda size: old[len(old) - size :] == new[len(new) - size :], shortest - start)
    return start, end


def _edit(text: Text, start: int, end: int, new_text: str) -> types.TextEdit:
    first, last = text.point(start), text.point(end)
    return types.TextEdit(
        range=types.Range(
            start=types.Position(line=first.line, character=first.character),
            end=types.Position(line=last.line, character=last.character),
        ),
        new_text=new_text,
    )
