"""Where a figure stands in an article: its paragraph, sentence and clause, and the exact words of
any passage as the archive has them.

Positions are in the article's normalised text (`analysis.text.normalise`), where figures are found
and quotes verified. `Passages.original` gives back a passage as the archived text writes it — curly
quotes, dashes and accents as they are, only line breaks and runs of spaces made single spaces — so
a quote drafted from it is the article's own words and verifies after the same normalisation.

Paragraphs end at blank lines, and at a line break after a line that ends a sentence or that is
clearly shorter than its neighbours (a headline, a byline), and before a line of a list ("- Kenyan
officers in Haiti: 744"). A line that runs on is joined to the next whatever its width, so
hard-wrapped text reads as the sentences it holds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from haiti_mss.analysis.text import normalise

Span = tuple[int, int]

# A line ending like this ends its sentence, so a line break after it ends a paragraph.
_ENDS_SENTENCE = re.compile(r"[.!?:][\"'”’)\]]*$")
# A full stop that does not end a sentence: after an initial ("U.S.", "J. Smith") or an abbreviation.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "maj",
        "sen",
        "rep",
        "gov",
        "pres",
        "prof",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vs",
        "e.g",
        "i.e",
        "approx",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")
# Where a sentence breaks into clauses: a semicolon, a colon, a dash between spaces, or a comma
# before a conjunction ("and", "when"), a participle ("bringing", "leaving") or a comparison ("well
# short of the 2,500 envisaged") that starts a clause of its own.
_CLAUSE_BREAK = re.compile(
    r";\s|:\s|\s-\s|,\s(?=(?:and|but|while|whereas|although|though|yet|then|compared|when|where|until|"
    r"because|unless|[a-z]+ing)\b)"
    r"|,\s(?=(?:well\s|far\s|still\s|just\s)?(?:below|above|short\sof|up\sfrom|down\sfrom|against|"
    r"less\sthan|more\sthan)\b)"
)
# A sentence that opens with a subordinate clause: it ends at the first comma.
_SUBORDINATE_OPENER = re.compile(
    r"[\"']?(?:While|Although|Though|Whereas|After|Before|Since|When|Because|If|Unless|Despite|As)\s[^,;]+,"
)
# A colon this near the start of a sentence ends a label ("Promised by Kenya: 1,000"), not a clause.
_LABEL_WORDS = 6
# Words a clause may start with that a quote does without.
_LEADING_JOINER = re.compile(r"(?:and|but|while|whereas|although|though|yet|then)\s+")
_TRAILING_PUNCTUATION = re.compile(r"[\s,;:-]+$")
# A line of a list ("- Kenyan officers in Haiti: 744") is a paragraph of its own.
_BULLET = re.compile(r"[-•*]\s")
# A line this much shorter than the widest line around it is a line of its own (a headline).
_SHORT_LINE = 0.6


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence and the clauses it breaks into, as spans of the normalised text."""

    sentence: Span
    clauses: tuple[Span, ...]
    opens_with_aside: bool  # "While Kenyan police have arrived, there are 400": the first clause is an aside


class Passages:
    """An article's sentences and clauses, and the way back from normalised to archived text."""

    def __init__(self, text: str) -> None:
        self.text = unicodedata.normalize("NFC", text)
        self.normalised = normalise(text)
        self._origin = _origins(self.text)
        if len(self._origin) != len(self.normalised):  # NFC composed something normalise() also did
            self._origin = list(range(len(self.normalised)))
            self.text = self.normalised

    @cached_property
    def sentences(self) -> list[Passage]:
        passages = []
        dashes = self._dashes()
        for start, end in self._paragraphs():
            for sentence in _sentences(self.normalised, start, end):
                clauses = tuple(_clauses(self.normalised, sentence, dashes))
                aside = _SUBORDINATE_OPENER.match(self.normalised, *sentence) is not None
                passages.append(Passage(sentence, clauses, aside))
        return passages

    def _dashes(self) -> set[int]:
        """Where the archive has an em or en dash: a break between clauses even without spaces
        ("400 Kenyan troops—far fewer than the 3,100 pledged"), unlike a hyphen, which normalised
        text cannot tell from it."""
        return {index for index, origin in enumerate(self._origin) if self.text[origin] in "\u2014\u2013"}

    @cached_property
    def _starts(self) -> list[int]:
        return [passage.sentence[0] for passage in self.sentences]

    def around(self, start: int) -> Passage | None:
        """The sentence holding the character at `start`."""
        index = bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        passage = self.sentences[index]
        return passage if passage.sentence[0] <= start < passage.sentence[1] else None

    def original(self, span: Span) -> str:
        """The passage `span` as the archived text writes it, its whitespace made single spaces."""
        start, end = span
        if start >= end:
            return ""
        words = self.text[self._origin[start] : self._origin[end - 1] + 1]
        return " ".join(words.split())

    def _paragraphs(self) -> list[Span]:
        """Paragraph spans: text between paragraph breaks (see the module's docstring)."""
        lines = [(normalise(line), not line.strip()) for line in self.text.splitlines()]
        spans: list[Span] = []
        cursor = 0
        previous_end: int | None = None
        widths = [len(line) for line, _ in lines]
        blank_before = True
        for index, (line, blank) in enumerate(lines):
            if blank:
                blank_before = True
                continue
            start = self.normalised.find(line, cursor)
            if start < 0:  # cannot happen: every line is in the text; stay safe all the same
                continue
            end = start + len(line)
            near = max(widths[max(0, index - 2) : index + 3])
            joins = (
                not blank_before
                and previous_end is not None
                and spans
                and not self._ends_sentence(spans[-1][0], previous_end)
                and widths[index - 1] >= _SHORT_LINE * near
                and not _BULLET.match(line)
            )
            if joins:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
            previous_end, cursor, blank_before = end, end, False
        return spans

    def _ends_sentence(self, start: int, end: int) -> bool:
        ending = _ENDS_SENTENCE.search(self.normalised, start, end)
        return ending is not None and not _is_abbreviation(self.normalised, start, ending.start())


def _origins(text: str) -> list[int]:
    """For each character of `normalise(text)`, the index in `text` it comes from."""
    folded = text.translate(_FOLD_ONLY) if not text.isascii() else text
    origin: list[int] = []
    pending_space: int | None = None
    for index, char in enumerate(folded):
        if char == "\0":  # an invisible character normalise() removes
            continue
        if char.isspace():
            if origin and pending_space is None:
                pending_space = index
            continue
        if pending_space is not None:
            origin.append(pending_space)
            pending_space = None
        origin.append(index)
    return origin


# normalise() deletes invisible characters; marking them keeps every other index where it is.
_FOLD_ONLY = str.maketrans(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), "\0"))


def _sentences(text: str, start: int, end: int) -> list[Span]:
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if _is_abbreviation(text, begin, match.start()):
            continue
        spans.append((begin, stop))
        begin = stop + 1
    if begin < end:
        spans.append((begin, end))
    return spans


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    """Whether the full stop at `dot` closes an initial or an abbreviation, not a sentence."""
    if text[dot] != ".":
        return False
    word = text[text.rfind(" ", begin, dot) + 1 : dot]
    bare = word.lstrip("\"'(").lower()
    return bare in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare))


def _clauses(text: str, sentence: Span, dashes: set[int]) -> list[Span]:
    start, end = sentence
    breaks = []
    opener = _SUBORDINATE_OPENER.match(text, start, end)
    if opener is not None:  # "While X has arrived, there are 400": the first comma ends a clause
        breaks.append((opener.end() - 1, opener.end() + 1))
    breaks.extend(
        (match.start() + (1 if text[match.start()] in ",;:" else 0), match.end())
        for match in _CLAUSE_BREAK.finditer(text, opener.end() if opener else start, end)
        if not (text[match.start()] == ":" and len(text[start : match.start()].split()) <= _LABEL_WORDS)
    )
    breaks.extend(
        (index, index + 1 + (text[index + 1 : index + 2] == " ")) for index in dashes if start < index < end
    )
    spans = []
    begin = start
    for stop, resume in sorted(breaks):
        if stop > begin:
            spans.append((begin, stop))
        begin = max(begin, resume)
    spans.append((begin, end))
    return spans


def trimmed(text: str, span: Span) -> Span:
    """`span` less a leading conjunction ("and", "while") and trailing commas, dashes and spaces:
    where a quote made of clauses starts and ends."""
    start, end = span
    joiner = _LEADING_JOINER.match(text, start, end)
    if joiner is not None:
        start = joiner.end()
    tail = _TRAILING_PUNCTUATION.search(text, start, end)
    if tail is not None and tail.start() > start:
        end = tail.start()
    return start, end
