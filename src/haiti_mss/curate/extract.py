"""An article's text and metadata, from plain text, a web page saved from a browser, or a PDF.

- **Plain text** is taken as it is, byte for byte (so its sha256 is the file's); it must be UTF-8.
  Nothing is guessed from it: a title and a publication date are given by the curator.
- **HTML**: trafilatura finds the article's main text and leaves out navigation, cookie banners,
  ads, share buttons, related and most-read lists and footers; the archived text is the headline
  (when the page shows it) and the article's paragraphs, a blank line between two. The title, the
  site's name and the canonical address come from trafilatura's reading of the page's metadata; the
  publication date from the first publication-time tag the page carries (`article:published_time`,
  schema.org `datePublished`, …), named in `published_basis`, or else from htmldate's estimate,
  said to be one.
- **PDF**: pdfminer.six lays out each page's text boxes; lines wrapped inside a paragraph are
  joined, runs of spaces from justified lines collapsed, and running headers and footers (a box
  repeated on every page, or a "page 1 of 2" in a page's margin) left out. A PDF's creation date is
  when the file was made, not when the article was published, so it is never taken for one.

The extractors are the `curate` extra; without it an HTML page or a PDF raises `ExtraMissing`.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from haiti_mss.analysis.archive import MAX_SEED_BYTES
from haiti_mss.analysis.text import normalise
from haiti_mss.core.dates import InvalidDate, PartialDate
from haiti_mss.core.files import FileUnreadable, read_once

INSTALL_CURATE = 'pip install ".[curate]"'


class ExtractError(Exception):
    """The file cannot be archived as an article; the message says why."""


class ExtraMissing(ExtractError):
    """The extractors of the `curate` extra are not installed."""


@dataclass(frozen=True, slots=True)
class Article:
    """What an article file gives: the text to archive, and the metadata found in it."""

    text: str
    form: str  # "text", "HTML" or "PDF"
    raw: bytes | None = None  # plain text: the file's very bytes, archived unchanged
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    published_basis: str | None = None

    @property
    def archived_bytes(self) -> bytes:
        return self.raw if self.raw is not None else self.text.encode("utf-8")


def read_article(path: Path) -> Article:
    """The article in the regular file at `path`: plain text, HTML or PDF, told apart by their
    bytes. A named pipe, a device or a folder is refused, never waited on or read without end."""
    try:
        raw = read_once(path, MAX_SEED_BYTES, "too-large").data
    except FileUnreadable as error:
        if error.code == "too-large":
            raise ExtractError(
                f"{path} is larger than an article can be ({MAX_SEED_BYTES // 2**20} MB)"
            ) from None
        raise ExtractError(f"{path}: {error.message}") from None
    if raw.startswith(b"%PDF-"):
        article = _from_pdf(raw, path)
    elif _looks_like_html(raw, path):
        article = _from_html(raw)
    else:
        article = _from_text(raw, path)
    if not article.text.strip():
        raise ExtractError(f"no article text found in {path}")
    return article


# --- Plain text ------------------------------------------------------------------------------------


def _from_text(raw: bytes, path: Path) -> Article:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ExtractError(
            f"{path} is not UTF-8 text (byte 0x{raw[error.start]:02X} on line {line}); save it as UTF-8 "
            f"first, e.g. iconv -f windows-1252 -t utf-8 {path} > article.txt"
        ) from None
    if "\x00" in text:
        raise ExtractError(f"{path} holds NUL bytes: it is not a text file, a web page or a PDF")
    return Article(text, "text", raw=raw)


# --- HTML ------------------------------------------------------------------------------------------

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def _looks_like_html(raw: bytes, path: Path) -> bool:
    head = raw[:4096].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or path.suffix.lower() in (".html", ".htm", ".xhtml")


def _from_html(raw: bytes) -> Article:
    try:
        import trafilatura
        from lxml import html as lxml_html
    except ImportError as error:
        raise ExtraMissing(
            f"reading a web page needs {error.name}, from the curate extra: {INSTALL_CURATE}"
        ) from None
    document = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, favor_precision=True, deduplicate=False
    )
    if document is None or not (document.text or "").strip():
        raise ExtractError("trafilatura found no article text in the page")
    page = lxml_html.fromstring(raw)
    paragraphs = [line.strip() for line in document.text.splitlines() if line.strip()]
    headline = _headline(page, document.title)
    if headline and not (paragraphs and normalise(paragraphs[0]) == headline):  # not twice
        paragraphs.insert(0, headline)
    text = "\n\n".join(paragraphs) + "\n"
    published, basis = _published_in_page(page)
    if published is None and document.date:
        published = _date_of(document.date)
        basis = "Estimated by htmldate: the page has no publication-time tag." if published else None
    return Article(
        text,
        "HTML",
        title=_clean(document.title),
        outlet=_clean(document.sitename),
        url=_clean(document.url),
        published=published,
        published_basis=basis,
    )


def _headline(page: Any, title: str | None) -> str | None:
    """The page's own headline (its `<h1>`) when it is the article's title: archived as the first
    line, since a headline can state a figure."""
    wanted = normalise(title or "")
    for heading in page.iter("h1"):
        shown = normalise(heading.text_content())
        if shown and wanted and (shown == wanted or shown in wanted or wanted in shown):
            return shown
    return None


# Where a page says when it was published, most explicit first, with how `published_basis` names it.
_DATE_TAGS = (
    ("//meta[@property='article:published_time']/@content", "the page's article:published_time"),
    ("//meta[@itemprop='datePublished']/@content", "the page's schema.org datePublished"),
    ("//*[@itemprop='datePublished']/@datetime", "the page's schema.org datePublished"),
    ("//meta[@name='pubdate' or @name='publishdate' or @name='publish-date']/@content", "the page's pubdate"),
    ("//meta[translate(@name, 'DCTERMS', 'dcterms')='dc.date.issued' or "
     "translate(@name, 'DCTERMS', 'dcterms')='dcterms.issued']/@content", "the page's Dublin Core date"),
    ("//time[@pubdate]/@datetime", "the page's <time pubdate>"),
)  # fmt: skip


def _published_in_page(page: Any) -> tuple[PartialDate | None, str | None]:
    for path, name in _DATE_TAGS:
        for value in page.xpath(path):
            date = _date_of(str(value))
            if date is not None:
                return date, f"From {name}, {str(value).strip()}."
    for script in page.xpath("//script[@type='application/ld+json']/text()"):
        value = _json_ld_date(script)
        date = _date_of(value) if value else None
        if date is not None:
            return date, f"From the page's JSON-LD datePublished, {value}."
    return None, None


def _json_ld_date(script: str) -> str | None:
    try:
        data = json.loads(script)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return item["datePublished"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ]|\s*$)")


def _date_of(text: str) -> PartialDate | None:
    """The date of an ISO 8601 timestamp as written (the publisher's own day, not UTC's)."""
    match = _ISO_DATE.match(text)
    if match is None:
        return None
    try:
        return PartialDate.parse("-".join(part for part in match.groups() if part))
    except InvalidDate:
        return None


def _clean(value: str | None) -> str | None:
    cleaned = " ".join(value.split()) if value else ""
    return cleaned or None


# --- PDF -------------------------------------------------------------------------------------------

# A line at least this share of its paragraph's widest line was wrapped by the layout, not ended.
_FULL_LINE = 0.85
# Page furniture sits in the top or bottom tenth of a page.
_MARGIN = 0.1
_PAGE_NUMBER = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\b", re.I)
_SENTENCE_END = re.compile(r"[.!?:\"”’')\]]\s*$")


@dataclass(frozen=True, slots=True)
class _Box:
    page: int
    text: str
    in_margin: bool


def _from_pdf(raw: bytes, path: Path) -> Article:
    """The PDF's text, from the bytes already read (never the path again: it may be another file by
    now), and its title from its document information."""
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTTextBox
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as error:
        raise ExtraMissing(
            f"reading a PDF needs {error.name}, from the curate extra: {INSTALL_CURATE}"
        ) from None
    boxes: list[_Box] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(raw))):
            low, high = page.y0 + _MARGIN * page.height, page.y1 - _MARGIN * page.height
            for element in sorted((e for e in page if isinstance(e, LTTextBox)), key=lambda e: (-e.y1, e.x0)):
                text = _unwrapped(element)
                if text:
                    boxes.append(_Box(number, text, element.y1 <= low or element.y0 >= high))
        title = _pdf_title(raw)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise ExtractError(f"{path} cannot be read as a PDF ({error})") from None
    paragraphs = _joined_across_pages(_without_furniture(boxes))
    return Article("\n\n".join(paragraphs) + "\n", "PDF", title=title)


def _unwrapped(box: Any) -> str:
    """A text box's lines as a paragraph: a line as wide as the box's widest was wrapped there
    (joined with a space), a shorter one ended (a line break kept)."""
    lines = [line for line in box if line.get_text().strip()]
    if not lines:
        return ""
    widest = max(line.width for line in lines)
    parts = []
    for index, line in enumerate(lines):
        text = " ".join(line.get_text().split())
        last = index == len(lines) - 1
        parts.append(text + ("" if last else " " if line.width >= _FULL_LINE * widest else "\n"))
    return "".join(parts)


def _without_furniture(boxes: list[_Box]) -> list[_Box]:
    """Boxes less running headers and footers: a margin box whose text, digits aside, is on more
    than one page, or that numbers the page."""
    pages = len({box.page for box in boxes})

    def shape(box: _Box) -> str:
        return re.sub(r"\d+", "#", box.text)

    seen: dict[str, set[int]] = {}
    for box in boxes:
        if box.in_margin:
            seen.setdefault(shape(box), set()).add(box.page)
    return [
        box
        for box in boxes
        if not (
            box.in_margin and ((pages > 1 and len(seen[shape(box)]) > 1) or _PAGE_NUMBER.search(box.text))
        )
    ]


def _joined_across_pages(boxes: list[_Box]) -> list[str]:
    """Paragraphs, with one that a page break cut in two made whole again."""
    paragraphs: list[str] = []
    previous_page = None
    for box in boxes:
        continues = (
            paragraphs
            and box.page != previous_page
            and not _SENTENCE_END.search(paragraphs[-1])
            and box.text[:1].islower()
        )
        if continues:
            paragraphs[-1] += " " + box.text
        else:
            paragraphs.append(box.text)
        previous_page = box.page
    return paragraphs


def _pdf_title(raw: bytes) -> str | None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in PDFDocument(PDFParser(io.BytesIO(raw))).info:
        title = resolve1(info.get("Title"))
        if isinstance(title, bytes):
            return _clean(decode_text(title))
        if isinstance(title, str):
            return _clean(title)
    return None
