"""The strict YAML subset: parser events → plain values, and the position of every node.

The parser reads PyYAML's *event stream* (libyaml's C parser when present) and builds the data in one
pass, so it can refuse what `yaml.safe_load` silently accepts before any of it is constructed:

- duplicate keys (PyYAML keeps the last, and the curator's first value vanishes);
- YAML 1.1 implicit typing (`NO` → false, `010` → 8, `1:20` → 80): plain scalars are read close to
  the YAML 1.2 core schema, dates stay text, and the 1.1-only forms are reported as ambiguous;
- anchors, aliases and merge keys (a 435-byte alias bomb expands to gigabytes), and explicit tags;
- nesting deeper than any data file needs (libyaml's composer segfaults at 50,000 levels; its parser
  slows down quadratically, so the scan stops at the first level too deep).

Positions live beside the data in `Spans`, never inside it. Every failure becomes a `Problem`;
nothing here raises on user data.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from haiti_mss.core.positions import Position, Spans
from haiti_mss.core.problems import Problem

# libyaml's parser is about 5× faster than the pure-Python one; both emit the same events.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A data file nests six levels (file, claims, claim, parties, ...); anything much deeper is not data.
MAX_DEPTH = 16

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

    def __init__(self, shown: str, depth: int) -> None:
        self.shown = shown
        self.depth = depth  # levels of nesting around the text
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
                if len(stack) + self.depth >= MAX_DEPTH:
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
    builder, complete = _built(text, shown, 0)
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


def parse_nested(text: str, shown: str, depth: int) -> tuple[Any, Spans | None, list[Problem]]:
    """Like `parse_yaml`, for text that sits `depth` levels deep in a file (an entry of a list, read
    out of its file): those levels count towards the limit, and its top level may be anything."""
    builder, complete = _built(text, shown, depth)
    if not complete:
        return None, None, builder.problems
    return builder.root, builder.root_spans, builder.problems


def _built(text: str, shown: str, depth: int) -> tuple[_Builder, bool]:
    """The builder that read `text` (it holds the values, spans and problems), and whether it
    read it to its end (when not, the problems say why)."""
    builder = _Builder(shown, depth)
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
        complete = False
    except yaml.YAMLError as error:
        # ReaderError (a character YAML does not allow) carries an index, not a mark.
        index = getattr(error, "position", 0) or 0
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        builder.problem((line, column), "yaml-syntax", str(error).splitlines()[0])
        complete = False
    finally:
        loader.dispose()
    return builder, complete


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with where the construct it was reading began ("while scanning a quoted
    scalar" that started at line 11)."""
    problem = error.problem or "the YAML cannot be parsed"
    if error.context and error.context_mark is not None:
        started = f"line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
        return f"{problem} ({error.context} that starts at {started})"
    return problem
