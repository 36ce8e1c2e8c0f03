"""YAML → validated records, with the file, line and column of every record and field.

The loader reads PyYAML's *event stream* (libyaml's C parser when present) and builds the data in one
pass, so it can refuse what `yaml.safe_load` silently accepts before any of it is constructed:

- duplicate keys (PyYAML keeps the last, and the curator's first value vanishes);
- YAML 1.1 implicit typing (`NO` → false, `010` → 8, `1:20` → 80): plain scalars are read close to
  the YAML 1.2 core schema, dates stay text, and the 1.1-only forms are reported as ambiguous;
- anchors, aliases and merge keys (a 435-byte alias bomb expands to gigabytes), and explicit tags;
- nesting deeper than any data file needs (libyaml's composer segfaults at 50,000 levels; its parser
  slows down quadratically, so the scan stops at the first level too deep).

Positions live beside the data in `Spans`, never inside it. Every failure of reading, decoding,
parsing or validating becomes a `Problem`; nothing here raises on user data.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from haiti_mss.countries import country_names
from haiti_mss.layout import data_files, project_root, shown_path
from haiti_mss.model import CLAIM, CLAIM_MODELS, DataFile, Source
from haiti_mss.problems import CATALOG, Problem
from haiti_mss.records import ClaimRecord, Corpus, SourceRecord

# libyaml's parser is about 5× faster than the pure-Python one; both emit the same events.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 256 * 1024 * 1024
# A data file nests six levels (file, claims, claim, parties, ...); anything much deeper is not data.
MAX_DEPTH = 16

Position = tuple[int, int]  # line and column, both counted from 1


@dataclass(slots=True)
class Spans:
    """Where a mapping or sequence and its entries sit in the file.

    `entries` holds the position of each key (mapping) or item (sequence); `children` the spans of
    entries that are themselves mappings or sequences."""

    at: Position
    entries: dict[Any, Position] = field(default_factory=dict)
    children: dict[Any, Spans] = field(default_factory=dict)

    def of(self, *path: str | int) -> Position:
        """Position of the deepest entry along `path` that exists (the record itself at worst)."""
        spans, position = self, self.at
        for step in path:
            if step not in spans.entries:
                break
            position = spans.entries[step]
            if step not in spans.children:
                break
            spans = spans.children[step]
        return position


@dataclass(frozen=True, slots=True)
class Location:
    """A record's file and spans: enough to point a problem at any of its fields."""

    path: str
    spans: Spans

    def where(self, *field_path: str | int) -> str:
        """`file:line:column` of the record, or of one of its fields."""
        line, column = self.spans.of(*field_path)
        return f"{self.path}:{line}:{column}"

    def problem(
        self, code: str, message: str, *field_path: str | int, claim_id: str | None = None
    ) -> Problem:
        line, column = self.spans.of(*field_path)
        return Problem(self.path, line, column, code, message, claim_id)


@dataclass(slots=True)
class LoadedFile:
    """One data file: its valid records with their locations, and the problems found on the way.
    A record that failed validation is not among the records but is in `problems`."""

    shown: str  # the path as messages show it
    sources: list[tuple[SourceRecord, Location]] = field(default_factory=list)
    claims: list[tuple[ClaimRecord, Location]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Source ids named by every claim, valid or not, so that a source whose only claim failed
    # validation is not also reported as unused.
    cited: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Dataset:
    """Everything loaded from one or more data files."""

    root: Path  # the project root that `seeds/...` paths are relative to
    files: list[LoadedFile] = field(default_factory=list)
    outside_files: list[Problem] = field(default_factory=list)  # an empty folder, say

    @property
    def sources(self) -> list[tuple[SourceRecord, Location]]:
        return [entry for loaded in self.files for entry in loaded.sources]

    @property
    def claims(self) -> list[tuple[ClaimRecord, Location]]:
        return [entry for loaded in self.files for entry in loaded.claims]

    @property
    def problems(self) -> list[Problem]:
        return [*self.outside_files, *(problem for loaded in self.files for problem in loaded.problems)]

    @property
    def cited(self) -> set[str]:
        return set().union(*(loaded.cited for loaded in self.files))

    def corpus(self) -> Corpus:
        """The valid records, as questions are answered from them."""
        claims = self.claims
        return Corpus(
            root=self.root,
            sources={source.id: source for source, _ in self.sources},
            claims=[claim for claim, _ in claims],
            positions={claim.id: location.where("id") for claim, location in claims},
            country_names=country_names(claim for claim, _ in claims),
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk load: it rescans the growing object graph
    over and over (a 100,000-claim parse takes 20 s with it and 8 s without). Nothing built here
    forms reference cycles, so nothing is lost. Afterwards, what was loaded is frozen out of the
    collector's way, so the checks and queries that follow do not rescan it either."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_dataset(data: Path, display: str | None = None) -> Dataset:
    """Load a data file or a folder of them. `display` is how paths are shown (as the user typed)."""
    shown = display if display is not None else str(data)
    dataset = Dataset(root=project_root(data))
    files = data_files(data)
    if not files:
        dataset.outside_files.append(
            Problem(shown, 1, 1, "file-unreadable", "the folder holds no *.yaml files")
        )
        return dataset
    with collector_paused():
        dataset.files.extend(load_file(path, shown_path(data, shown, path)) for path in files)
    return dataset


def load_file(path: Path, shown: str) -> LoadedFile:
    """Read, parse and validate one data file."""
    loaded = LoadedFile(shown)
    text, problem = read_text(path, shown)
    if problem is not None:
        loaded.problems.append(problem)
        return loaded
    root, spans, problems = parse_yaml(text, shown)
    loaded.problems.extend(problems)
    if root is not None and spans is not None:
        _validate_file(root, spans, loaded)
    return loaded


# --- Reading and decoding ------------------------------------------------------------------


def read_text(path: Path, shown: str) -> tuple[str, Problem | None]:
    """The file's text, without a UTF-8 byte order mark; or the problem that prevents reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = (
                f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it into a folder"
            )
            return "", Problem(shown, 1, 1, "file-too-large", message)
        raw = path.read_bytes()
    except OSError as error:
        return "", Problem(shown, 1, 1, "file-unreadable", f"cannot read the file: {error.strerror or error}")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        bad = raw[error.start : error.end].hex(" ").upper()
        return "", Problem(
            shown, line, column, "not-utf8", f"byte {bad} is not UTF-8; save the file as UTF-8"
        )


# --- Parsing: events → plain values + spans -------------------------------------------------

# YAML 1.2 core schema, the forms this loader types.
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
# Plain scalars that YAML 1.1 (PyYAML, many other tools) reads as booleans or numbers. Kept as text
# here, but refused: the same file must not mean two things.
# The plain words YAML 1.1 reads as booleans (YAML 1.2 reads them as text).
_YAML11_WORDS = frozenset(
    ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"]
)
_YAML11_ONLY = re.compile(
    "|".join(sorted(_YAML11_WORDS))
    + r"""
      | [-+]?0[0-9_]+                       # 010 is octal 8
      | [-+]?0x[0-9a-fA-F_]+ | [-+]?0o[0-7_]+ | [-+]?0b[01_]+      # hex, octal, binary
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?   # 1:20 is sexagesimal 80
      | [-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?            # 1_000 is 1000
      | [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    """,
    re.VERBOSE,
)
# YAML 1.1's floats need a dot and a signed exponent: `1e5` and `0E0` are text there, numbers in 1.2.
_YAML11_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+][0-9]+)?")


def _means_two_things(text: str) -> bool:
    """True for a plain scalar that YAML 1.1 and YAML 1.2 read differently."""
    if _YAML11_ONLY.fullmatch(text):
        return True
    return bool(_FLOAT.fullmatch(text)) and not _INT.fullmatch(text) and not _YAML11_FLOAT.fullmatch(text)


# Python refuses to read an integer of more digits than this; a number that long is refused as too
# large whatever its last digits, so its first ones stand for it.
_LONGEST_INT = 4_000


def _plain_value(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return int(text[:_LONGEST_INT])
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("is_mapping", "key", "key_at", "spans", "value")

    def __init__(self, value: dict | list, at: Position) -> None:
        self.value = value
        self.is_mapping = isinstance(value, dict)
        self.spans = Spans(at)
        self.key: Any = None
        self.key_at: Position | None = None


# Plain words that are not text: keys like these need a closer look.
_NOT_TEXT = _NULL | _BOOL.keys()
# Marks a key that is a mapping or sequence still being read.
_CONTAINER_KEY = object()


class _Builder:
    """Builds plain values and their spans from parser events, in one pass.

    This loop runs once per event (two million for 100,000 claims), so the common cases come first:
    a scalar value under a key, written quoted or as plain text."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_at: Position = (1, 1)
        self.root_spans: Spans | None = None
        self.documents = 0

    def problem(self, at: Position, code: str, message: str) -> None:
        self.problems.append(Problem(self.shown, at[0], at[1], code, message))

    def build(self, loader: Any) -> bool:
        """Consume events; False when the stream had to be abandoned (too deep, second document)."""
        get_event, stack = loader.get_event, self.stack
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    self._refuse_anchor_or_tag(event)
                frame = stack[-1] if stack else None
                if frame is not None and frame.is_mapping and frame.key_at is None:
                    text = event.value
                    if (
                        (event.style or text[:1].isalpha())
                        and text not in _NOT_TEXT
                        and text not in frame.value
                    ):
                        mark = event.start_mark  # the common key: new, and text however it is read
                        frame.key, frame.key_at = text, (mark.line + 1, mark.column + 1)
                    else:
                        self._add_key(frame, event)
                    continue
                # A truthy style is quoted or block text; a tagged scalar is kept as written.
                value = event.value if event.style or event.tag is not None else self._plain(event)
                if frame is None:
                    self.root, self.root_at = value, _position(event)
                elif frame.is_mapping:
                    if frame.key is not None:
                        frame.value[frame.key] = value
                        frame.spans.entries[frame.key] = frame.key_at
                    frame.key = frame.key_at = None
                else:
                    frame.spans.entries[len(frame.value)] = _position(event)
                    frame.value.append(value)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    self._refuse_anchor_or_tag(event)
                if len(stack) >= MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels; no valid data file needs it"
                    self.problem(_position(event), "yaml-too-deep", message)
                    return False
                if stack and stack[-1].is_mapping and stack[-1].key_at is None:
                    self._complex_key(stack[-1], event)
                stack.append(_Frame({} if kind is yaml.MappingStartEvent else [], _position(event)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._close(stack.pop())
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    message = "a data file holds one YAML document; found a second"
                    self.problem(_position(event), "multiple-documents", message)
                    return False
            elif kind is yaml.StreamEndEvent or event is None:
                return True

    def _plain(self, event: Any) -> Any:
        """A plain scalar value, typed close to the YAML 1.2 core schema; refused when YAML 1.1
        would read it as something else."""
        text = event.value
        first = text[:1]
        if first.isalpha():  # most plain values are words: ids, kinds, codes
            if text in _YAML11_WORDS:
                self._ambiguous(event)
                return text
            return _plain_value(text) if text in _NULL or text in _BOOL else text
        if _means_two_things(text):
            self._ambiguous(event)
            return text
        return _plain_value(text)

    def _ambiguous(self, event: Any) -> None:
        text = event.value
        message = (
            f"plain {text} means one thing to YAML 1.1 tools and another to YAML 1.2; quote it: '{text}'"
        )
        self.problem(_position(event), "ambiguous-scalar", message)

    def _refuse_anchor_or_tag(self, event: Any) -> None:
        at = _position(event)
        if event.anchor is not None:
            self.problem(at, "yaml-alias", f"anchor &{event.anchor} is not allowed; write values out in full")
        if event.tag is not None:
            self.problem(at, "yaml-tag", f"tag {event.tag} is not allowed; data files use plain values")

    def _add_key(self, frame: _Frame, event: Any) -> None:
        at = _position(event)
        frame.key_at, frame.key = at, None  # None: the value that follows is read and then dropped
        text = event.value
        is_plain = not event.style and event.tag is None
        if is_plain and text == "<<":
            self.problem(at, "yaml-merge-key", "merge keys (<<) are not allowed; write the fields out")
        elif is_plain and not isinstance(_plain_value(text), str):
            self.problem(at, "non-string-key", "mapping keys must be plain text")
        elif text in frame.value:
            first = frame.spans.entries[text]
            message = f"duplicate key {text!r}; first at line {first[0]}, column {first[1]}"
            self.problem(at, "duplicate-key", message)
        else:
            frame.key = text

    def _complex_key(self, frame: _Frame, event: Any) -> None:
        """A mapping or sequence used as a key (`? [a]`): refused; its value is dropped."""
        at = _position(event)
        frame.key_at, frame.key = at, _CONTAINER_KEY
        self.problem(at, "non-string-key", "mapping keys must be plain text")

    def _close(self, closed: _Frame) -> None:
        if not self.stack:
            self.root, self.root_at, self.root_spans = closed.value, closed.spans.at, closed.spans
            return
        frame = self.stack[-1]
        if not frame.is_mapping:
            index = len(frame.value)
            frame.value.append(closed.value)
            frame.spans.entries[index] = closed.spans.at
            frame.spans.children[index] = closed.spans
        elif frame.key is _CONTAINER_KEY:
            frame.key = None  # the refused key is complete; the value that follows is dropped
        else:
            if frame.key is not None:
                frame.value[frame.key] = closed.value
                frame.spans.entries[frame.key] = frame.key_at
                frame.spans.children[frame.key] = closed.spans
            frame.key = frame.key_at = None

    def _alias(self, event: Any) -> None:
        at = _position(event)
        self.problem(at, "yaml-alias", f"alias *{event.anchor} is not allowed; write the value out")
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            self.root, self.root_at = None, at
        elif not frame.is_mapping:
            frame.spans.entries[len(frame.value)] = at
            frame.value.append(None)
        elif frame.key_at is None:
            frame.key_at, frame.key = at, None
            self.problem(at, "non-string-key", "mapping keys must be plain text")
        else:
            if frame.key is not None:
                frame.value[frame.key] = None
                frame.spans.entries[frame.key] = frame.key_at
            frame.key = frame.key_at = None


def _position(event: Any) -> Position:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


# What libyaml (0.2.6 on) says when a document nests over its limit of 1,000 levels.
_LIBYAML_TOO_DEEP = "maximum nesting depth"


def parse_yaml(text: str, shown: str) -> tuple[Any, Spans | None, list[Problem]]:
    """Plain values and their spans from YAML text, or None and the problems that prevent it."""
    builder = _Builder(shown)
    loader = YamlLoader(text)
    try:
        complete = builder.build(loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if _LIBYAML_TOO_DEEP in (error.problem or ""):
            # libyaml 0.2.6 stops at 1,000 levels while scanning ahead, before the builder sees
            # the level that is too deep: the same problem, found by the parser first.
            message = f"nesting deeper than the YAML parser allows; no valid data file needs over {MAX_DEPTH}"
            builder.problem((line, column), "yaml-too-deep", message)
        else:
            builder.problem((line, column), "yaml-syntax", _syntax_message(error))
        return None, None, builder.problems
    except yaml.YAMLError as error:
        # ReaderError (a character YAML does not allow) carries an index, not a mark.
        index = getattr(error, "position", 0) or 0
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        builder.problem((line, column), "yaml-syntax", str(error).splitlines()[0])
        return None, None, builder.problems
    finally:
        loader.dispose()
    if not complete:
        return None, None, builder.problems
    if builder.root is None:
        builder.problem((1, 1), "empty-file", "the file holds no data: start it with sources: and claims:")
        return None, None, builder.problems
    if not isinstance(builder.root, dict) or builder.root_spans is None:
        builder.problem(
            builder.root_at,
            "not-a-mapping",
            "the top level must be a mapping with sources: and claims:",
        )
        return None, None, builder.problems
    return builder.root, builder.root_spans, builder.problems


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with where the construct it was reading began ("while scanning a quoted
    scalar" that started at line 11)."""
    problem = error.problem or "the YAML cannot be parsed"
    if error.context and error.context_mark is not None:
        started = f"line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
        return f"{problem} ({error.context} that starts at {started})"
    return problem


# --- Validating: plain values → records -----------------------------------------------------

_TOP_LEVEL = tuple(DataFile.model_fields)


def _validate_file(root: dict, spans: Spans, loaded: LoadedFile) -> None:
    shown = loaded.shown
    file_location = Location(shown, spans)
    for key in root:
        if key not in _TOP_LEVEL:
            loaded.problems.append(
                file_location.problem(
                    "unknown-field",
                    f"unknown top-level key {key!r}{_did_you_mean(key, _TOP_LEVEL)}",
                    key,
                )
            )
    for key, validate, into in (
        ("sources", _validate_source, loaded.sources),
        ("claims", _validate_claim, loaded.claims),
    ):
        records = root.get(key)
        if records is None:
            continue
        if not isinstance(records, list):
            loaded.problems.append(file_location.problem("wrong-type", f"{key} must be a list", key))
            continue
        list_spans = spans.children[key]
        for index, raw in enumerate(records):
            if key == "claims" and isinstance(raw, dict) and isinstance(raw.get("source"), str):
                loaded.cited.add(raw["source"])
            location = Location(shown, list_spans.children.get(index) or Spans(list_spans.entries[index]))
            record, problems = validate(raw, location)
            loaded.problems.extend(problems)
            if record is not None:
                into.append((record, location))


def _validate_source(raw: Any, location: Location) -> tuple[SourceRecord | None, list[Problem]]:
    try:
        return Source.model_validate(raw).to_record(), []
    except ValidationError as error:
        return None, _problems_from(error, raw, location, Source, "source")


def _validate_claim(raw: Any, location: Location) -> tuple[ClaimRecord | None, list[Problem]]:
    try:
        return CLAIM.validate_python(raw).to_record(), []
    except ValidationError as error:
        kind = raw.get("kind") if isinstance(raw, dict) else None
        model = CLAIM_MODELS.get(kind) if isinstance(kind, str) else None
        return None, _problems_from(error, raw, location, model, "claim")


def _problems_from(
    error: ValidationError, raw: Any, location: Location, model: type[BaseModel] | None, record: str
) -> list[Problem]:
    is_claim = record == "claim"
    claim_id = (
        raw.get("id") if is_claim and isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    )
    kind = raw.get("kind") if isinstance(raw, dict) else None
    problems = []
    for detail in error.errors(include_url=False):
        path = detail["loc"]
        if path and path[0] == kind:
            path = path[1:]  # pydantic prefixes the union's tag
        code, message = _explain(detail, path, model, record)
        if code == "unknown-kind" or detail["type"] == "union_tag_not_found":
            path = ("kind",)
        problems.append(location.problem(code, message, *path, claim_id=claim_id))
    return problems


_EXPECTED = {
    "string_type": "text",
    "date_type": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_FOUND = {str: "text", bool: "true/false", int: "a whole number", float: "a decimal number",
          type(None): "null", dict: "a mapping", list: "a list"}  # fmt: skip
_KINDS = ", ".join(CLAIM_MODELS)


def _explain(
    detail: Any, path: tuple[str | int, ...], model: type[BaseModel] | None, record: str
) -> tuple[str, str]:
    """A stable code and a curator-facing message for one pydantic error."""
    kind, context = detail["type"], detail.get("ctx") or {}
    name = _field_name(path) or f"a {record}"
    if kind in CATALOG:
        return kind, f"{name}: {detail['msg']}"
    if kind == "missing":
        return "missing-field", f"missing required field {name!r}"
    if kind == "extra_forbidden":
        inside = _model_at(model, path[:-1])
        choices = tuple(inside.model_fields) if inside is not None else ()
        return "unknown-field", f"unknown field {name!r}{_did_you_mean(str(path[-1]), choices)}"
    if kind == "union_tag_invalid":
        return "unknown-kind", f"kind {context.get('tag')!r} is not one of: {_KINDS}"
    if kind == "union_tag_not_found":
        return "missing-field", f"a claim needs a kind: one of {_KINDS}"
    if kind == "greater_than_equal":
        return "negative-number", f"{name} cannot be negative"
    if kind == "less_than_equal":
        return "invalid-value", f"{name} is too large (at most {context.get('le'):,})"
    if kind in _EXPECTED:
        found = _FOUND.get(type(detail.get("input")), "something else")
        return "wrong-type", f"{name} should be {_EXPECTED[kind]}, not {found}"
    if kind == "literal_error":
        return "invalid-value", f"{name} must be {context.get('expected')}"
    return "invalid-value", f"{name}: {detail['msg']}"


def _model_at(model: type[BaseModel] | None, path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping `path` leads to inside a record (an `ignore:` entry, say)."""
    for step in path:
        if model is None or isinstance(step, int):
            continue
        field = model.model_fields.get(step)
        nested = [kind for kind in get_args(field.annotation) if _is_model(kind)] if field else []
        model = nested[0] if nested else None
    return model


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _field_name(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    close = get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
