"""What the editor asks at the cursor: hover, completion and go to definition.

Each answer reads the record at the cursor from the text as it is now (`documents`) and what the last
check of the data established (`datasets.Facts`): sources, claim ids, the archived texts. Text from
the data is shown as text: Markdown in a hover is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types

from haiti_mss.core import vocabulary
from haiti_mss.lsp.datasets import Facts
from haiti_mss.lsp.documents import Entry, entry_at
from haiti_mss.lsp.text import Point, Text, characters, units
from haiti_mss.present.text import markdown_cell

COUNTRY_FIELDS = ("country", "parties")


@dataclass(frozen=True, slots=True)
class Asked:
    """A question about a document of the data at a position."""

    path: Path
    text: Text
    point: Point
    facts: Facts
    text_of: Callable[[Path], Text]  # another file's text: the editor's when it is open
    uri_of: Callable[[Path], str]  # the uri the editor knows a file by

    @property
    def offset(self) -> int:
        return self.text.offset(self.point)

    def at_field(self) -> tuple[Entry, str, int] | None:
        """The record at the cursor, the field the cursor is in, and the cursor's YAML column."""
        line, column = self.text.yaml_position(self.offset)
        entry = entry_at(self.text.source, line)
        if entry is None or not isinstance(entry.value, dict):
            return None
        name = entry.field_at(line, column)
        return (entry, name, column) if name is not None else None


# --- Hover -----------------------------------------------------------------------------------------


def hover(asked: Asked) -> types.Hover | None:
    """On a claim's `source:` its title, outlet and date; on a `quote:` the passage of the archived
    text around it, the quote marked; on a code (kind, stage, country…) what it means."""
    found = asked.at_field()
    if found is None:
        return None
    entry, name, _ = found
    value = entry.value.get(name)
    if entry.key == "claims" and name == "source" and isinstance(value, str):
        shown = _source_hover(asked.facts, value)
    elif entry.key == "claims" and name == "quote" and isinstance(value, str):
        shown = _quote_hover(asked.facts, entry.value.get("source"), value)
    elif name in COUNTRY_FIELDS:
        shown = _country_hover(value if name == "country" else _word_at(asked))
    elif name == "currency" and isinstance(value, str):
        shown = _currency_hover(value)
    elif name in vocabulary.CODED_FIELDS and isinstance(value, str):
        meaning = vocabulary.CODED_FIELDS[name].get(value)
        shown = f"**{markdown_cell(value)}**: {markdown_cell(meaning)}" if meaning else None
    else:
        shown = None
    if shown is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown))


def _source_hover(facts: Facts, source_id: str) -> str | None:
    fact = facts.sources.get(source_id)
    if fact is None:
        return None
    source = fact.record
    where = ", ".join(part for part in (source.outlet, f"published {source.published}") if part)
    return f"**{markdown_cell(source.title)}**\n\n{markdown_cell(where)}"


def _quote_hover(facts: Facts, source_id: Any, quote: str) -> str | None:
    from haiti_mss.analysis.archive import passage_around

    archived = facts.texts.get(source_id) if isinstance(source_id, str) else None
    passage = passage_around(archived, quote) if archived is not None else None
    if passage is None:
        return None
    before, after = markdown_cell(passage.before), markdown_cell(passage.after)
    marked = f"{before} **{markdown_cell(passage.quote)}** {after}".strip()
    return f"*{markdown_cell(archived.name)}*\n\n{marked}"


def _country_hover(code: Any) -> str | None:
    from haiti_mss.analysis.countries import country_name, is_alpha3

    if not isinstance(code, str) or not is_alpha3(code):
        return None
    return f"**{code}**: {markdown_cell(country_name(code))}"


def _currency_hover(code: str) -> str | None:
    import pycountry

    currency = pycountry.currencies.get(alpha_3=code)
    return f"**{markdown_cell(code)}**: {markdown_cell(currency.name)}" if currency else None


def _word_at(asked: Asked) -> str:
    """The word under the cursor on its line (a country code in a list)."""
    line = asked.text.line(asked.point.line)
    at = characters(line, asked.point.character, asked.text.encoding)
    for match in re.finditer(r"\w+", line):
        if match.start() <= at <= match.end():
            return match.group()
    return ""


# --- Completion ----------------------------------------------------------------------------------

# `key: value…` up to the cursor; a list item `- value…` up to the cursor.
_KEY_VALUE = re.compile(r"(?P<indent> *)(?:- +)?(?P<key>[A-Za-z_]+): *(?P<value>.*)")
_LIST_ITEM = re.compile(r"(?P<indent> *)- +(?P<value>[^:]*)")
_LIST_KEY = re.compile(r"(?P<indent> *)(?:- +)?(?P<key>[A-Za-z_]+): *(?:#.*)?")


def completion(asked: Asked) -> list[types.CompletionItem]:
    """Source ids after `source:`, country codes with their names after `country:` and in
    `parties:`, and the values a coded field allows for the claim's kind."""
    line = asked.text.line(asked.point.line)
    before = line[: characters(line, asked.point.character, asked.text.encoding)]
    key, typed = _key_and_value(asked, before)
    if key is None:
        return []
    if key == "source":
        choices = [
            (source_id, fact.record.title, f"{fact.record.outlet or ''} {fact.record.published}".strip())
            for source_id, fact in asked.facts.sources.items()
        ]
        kind = types.CompletionItemKind.Reference
    elif key in COUNTRY_FIELDS:
        choices = [(code, name, None) for code, name in _countries()]
        kind = types.CompletionItemKind.EnumMember
    elif key in vocabulary.CODED_FIELDS and _claim_has(asked, key):
        choices = [(code, meaning, None) for code, meaning in vocabulary.CODED_FIELDS[key].items()]
        kind = types.CompletionItemKind.EnumMember
    else:
        return []
    start = asked.point.character - units(typed, asked.text.encoding)
    replaced = types.Range(
        start=types.Position(line=asked.point.line, character=start),
        end=types.Position(line=asked.point.line, character=asked.point.character),
    )
    return [
        types.CompletionItem(
            label=label,
            kind=kind,
            detail=detail,
            documentation=documentation,
            filter_text=f"{label} {detail}" if key in COUNTRY_FIELDS else label,
            sort_text=f"{number:05d}",
            text_edit=types.TextEdit(range=replaced, new_text=label),
        )
        for number, (label, detail, documentation) in enumerate(choices)
    ]


def _key_and_value(asked: Asked, before: str) -> tuple[str | None, str]:
    """The key whose value the cursor is typing, and what is typed of it so far."""
    written = _KEY_VALUE.fullmatch(before)
    if written is not None:
        value = written.group("value")
        if value.startswith("["):  # a flow list: the item being typed, unless it is closed
            if "]" in value:
                return None, ""
            value = re.split(r"[\[,]", value)[-1].lstrip()
        return (written.group("key"), value) if " " not in value.strip() else (None, "")
    item = _LIST_ITEM.fullmatch(before)
    if item is None:
        return None, ""
    indent = len(item.group("indent"))
    for number in range(asked.point.line - 1, -1, -1):  # the key the list is under
        above = _LIST_KEY.fullmatch(asked.text.line(number))
        if above is not None and len(above.group("indent")) <= indent:
            return above.group("key"), item.group("value")
        if asked.text.line(number).strip() and not asked.text.line(number).lstrip().startswith("-"):
            break
    return None, ""


def _claim_has(asked: Asked, name: str) -> bool:
    """Whether the record at the cursor can have the coded field `name`: a claim of a kind that has
    it (any claim, when its kind cannot be read yet); never a source."""
    from haiti_mss.read.model import CLAIM_MODELS

    line, _ = asked.text.yaml_position(asked.offset)
    entry = entry_at(asked.text.source, line)
    if entry is not None and entry.key != "claims":
        return False
    kind = entry.value.get("kind") if entry is not None and isinstance(entry.value, dict) else None
    if name == "kind" or kind not in CLAIM_MODELS:
        return True
    return name in CLAIM_MODELS[kind].model_fields


def _countries() -> list[tuple[str, str]]:
    import pycountry

    from haiti_mss.analysis.countries import country_name

    return sorted((country.alpha_3, country_name(country.alpha_3)) for country in pycountry.countries)


# --- Go to definition -------------------------------------------------------------------------------


def definition(asked: Asked) -> types.Location | None:
    """From a claim's `source:` to the source's entry; from its `quote:` to the quote in the
    archived text."""
    found = asked.at_field()
    if found is None or found[0].key != "claims":
        return None
    entry, name, _ = found
    if name == "source" and isinstance(source_id := entry.value.get("source"), str):
        fact = asked.facts.sources.get(source_id)
        if fact is None:
            return None
        text = asked.text_of(fact.path)
        offset = text.yaml_offset(fact.line, fact.column)
        return _location(asked.uri_of(fact.path), text, offset, text.line_end(offset))
    if name == "quote":
        return _quote_location(asked, entry.value.get("source"), entry.value.get("quote"))
    return None


def _quote_location(asked: Asked, source_id: Any, quote: Any) -> types.Location | None:
    from haiti_mss.analysis.text import find_quote, normalise

    archived = asked.facts.texts.get(source_id) if isinstance(source_id, str) else None
    if archived is None or not isinstance(quote, str):
        return None
    wanted = normalise(quote)
    start = find_quote(wanted, archived.normalised)
    if start is None or not wanted:
        return None
    first, last = archived.mapped.span(start, start + len(wanted))
    text = Text(archived.text, asked.text.encoding)
    return _location(asked.uri_of(archived.path), text, first, text.point(last))


def _location(uri: str, text: Text, start: int, end: Point) -> types.Location:
    first = text.point(start)
    return types.Location(
        uri=uri,
        range=types.Range(
            start=types.Position(line=first.line, character=first.character),
            end=types.Position(line=end.line, character=end.character),
        ),
    )
