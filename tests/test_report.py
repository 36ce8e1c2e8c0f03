"""`mss report`: one offline HTML page whose every figure is the command line's, linked to its claim.

The page is read here with the standard library's HTML parser; tests/test_report_browser.py opens it
in a real browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from haiti_mss.export import records
from haiti_mss.report import charts

from conftest import CORPUS, CORPUS_DATA, KENYA_PLEDGE, SOURCE_004, WITH_ERROR, checked

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> & [bold]not markup[/]'
# The test corpus's content hash, as `mss export` gives it (a test holds the two to each other).
CORPUS_HASH = records(checked(CORPUS_DATA).corpus()).content_hash


class Page(HTMLParser):
    """What a test needs of a page: its elements, ids, links, tables, and the text of each element
    with an id. The text of a <sup class="refs"> (the numbers of the claims behind a figure) is
    kept apart from its cell's text, as a reader reads it."""

    VOID = frozenset(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    )

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.duplicate_ids: list[str] = []
        self.text_by_id: dict[str, str] = {}
        self.tables: dict[str, list[list[dict]]] = {}
        self.styles: list[str] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._table: str | None = None
        self._cell: dict | None = None
        self._in_refs = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = dict(attributes)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.duplicate_ids.append(attrs["id"])
            self.ids.add(attrs["id"])
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = {"text": "", "links": [], "refs": []}
            self.tables[self._table][-1].append(self._cell)
        elif tag == "a" and self._cell is not None:
            (self._cell["refs"] if self._in_refs else self._cell["links"]).append(attrs.get("href"))
        if tag == "sup" and attrs.get("class") == "refs":
            self._in_refs += 1
        if tag not in self.VOID:
            self._open.append((tag, attrs, []))

    # Elements whose text a reader sees apart from its neighbours'.
    BLOCKS = frozenset(
        ("article", "blockquote", "caption", "dd", "div", "dl", "dt", "h1", "h2", "h3", "li", "p", "td", "th")
    )

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "sup" and self._in_refs:
            self._in_refs -= 1
        while self._open:
            opened, attrs, text = self._open.pop()
            joined = "".join(text)
            if self._open:
                self._open[-1][2].append(f" {joined} " if opened in self.BLOCKS else joined)
            if "id" in attrs:
                self.text_by_id[attrs["id"]] = joined
            if opened == "style":
                self.styles.append(joined)
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)
        if self._cell is not None and not self._in_refs:
            self._cell["text"] += data

    def rows(self, table: str) -> list[list[str]]:
        """A table's body rows, as the texts of their cells."""
        return [[cell["text"] for cell in row] for row in self.tables[table][1:]]

    def hrefs(self) -> list[str]:
        return [
            value
            for _, attrs in self.tags
            for name, value in attrs.items()
            if name in ("href", "xlink:href", "src", "action", "srcset", "poster", "data")
            and value is not None
        ]

    def text(self, element_id: str) -> str:
        return " ".join(self.text_by_id[element_id].split())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    """A copy of the test corpus, and the reports built in it so far (by their options): the
    corpus never changes, so each report is built once for every test that reads it."""
    folder = tmp_path_factory.mktemp("reports") / "project"
    shutil.copytree(CORPUS, folder)
    return folder, {}


@pytest.fixture
def report(built, run, monkeypatch):
    """The report of the test corpus with the options given: the command's result, the page
    parsed, and its HTML."""
    folder, reports = built
    monkeypatch.chdir(folder)

    def build(*options: str):
        if options not in reports:
            name = f"report-{len(reports)}.html"
            result = run("report", name, *options)
            html = (folder / name).read_text(encoding="utf-8") if result.exit_code == 0 else ""
            reports[options] = (result, Page(html), html)
        return reports[options]

    return build


def markdown_rows(run, *command: str) -> list[list[str]]:
    """The body rows of a command's Markdown table, as the texts of their cells, without the
    columns a terminal shows only when it is wide (a bar of text: the page has charts)."""
    lines = run(*command, "--format", "markdown").stdout.splitlines()
    header, *rows = [line for line in lines if line.startswith("| ")]
    unescape = re.compile(r"\\(.)")
    cells = [[unescape.sub(r"\1", cell) for cell in row[2:-2].split(" | ")] for row in rows]
    shown = [index for index, name in enumerate(header[2:-2].split(" | ")) if name != "deployed of pledged"]
    return [[row[index] for index in shown] for row in cells]


def test_the_report_is_written_and_says_what_it_holds(report):
    result, page, _ = report()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"mss report: 66 of 66 claims (data {CORPUS_HASH}) written to report-0.html\n"
    assert page.text("overview-heading") == "Overview: Mission-wide"
    assert [page.text(f"claim-{claim}-heading") for claim in (
        "ken-pledge-1000-2023-09", "ken-deployed-400-2024-11", "blz-pledge-up-to-50-2023-09",
    )] == [
        "7 Kenya: committed 1,000, Sep 2023",
        "63 Kenya: stock 400, Nov 2024",
        "5 Belize: announced ≤50, 22 Sep 2023",
    ]  # fmt: skip


def test_the_key_figures_are_the_headline_rows(report):
    _, _, html = report()
    figures = re.findall(r'<li><span class="figure">(.*?)</li>', html, re.DOTALL)
    shown = [" ".join(re.sub(r"<sup.*?</sup>|<[^>]+>", "", figure).split()) for figure in figures]
    assert shown == [
        "≤2,500 planned Sep 2024, 15 mo ago",
        "3,100 pledged Nov 2024, 13 mo ago",
        "≥400 deployed Sep 2024, 15 mo ago",
        "~$600M cost estimate Sep 2024, 15 mo ago",
        "≥$300M contributed (total) Sep 2024",
        "not computed gap: cost − contributed",  # the cost is annual, the contribution a total to date
    ]


# Each table of the page, the command whose table it is, and the filters that command takes.
TABLES = [
    ("troops-table", ["troops", "--by-country"], ("--country", "--since", "--as-of")),
    ("funding-table", ["funding"], ("--country", "--since", "--as-of")),
    ("votes-table", ["votes"], ("--since", "--as-of")),
    ("timeline-table", ["timeline"], ("--country", "--since", "--as-of")),
    ("sources-table", ["sources"], ("--as-of",)),
]


@pytest.mark.parametrize(("table", "command", "takes"), TABLES, ids=[table for table, _, _ in TABLES])
@pytest.mark.parametrize(
    "filters",
    [{}, {"--country": "KEN", "--since": "2024"}, {"--as-of": "2024-09"}],
    ids=["all", "ken", "as-of"],
)
def test_every_table_says_what_its_command_says(report, run, table, command, takes, filters):
    _, page, _ = report(*(part for option in filters.items() for part in option))
    options = [part for option in filters.items() if option[0] in takes for part in option]
    expected = markdown_rows(run, *command, *options)
    if command == ["votes"] and "--country" in filters:
        expected = []  # a vote has no country: a country's report, like its timeline, has none
    assert page.rows(table) == (expected or [["(none)"]])
    assert len(page.rows(table)) > 1 or filters


def test_the_personnel_chart_is_drawn_from_the_table_under_it(report, run):
    _, page, _ = report()
    every = markdown_rows(run, "troops", "--by-country", "--all")
    # The chart leaves out arrivals (increments) and reports without a number.
    charted = [row for row in every if row[2] != "arrived" and row[3] != "no figure"]
    assert page.rows("charted-table") == charted
    assert len(charted) == 9
    assert page.text("personnel-words") == (
        "The chart in words: "
        "Mission-wide: planned 2,500 (Feb 2024), ≤2,500 (Sep 2024); pledged 3,100 (Nov 2024); on the ground ≥400 (Sep 2024). "
        "Kenya (KEN): pledged 1,000 (Sep 2023); on the ground 400 (Sep 2024), 400 (Nov 2024). "
        "Bahamas (BHS): pledged 150 (Aug 2023). "
        "Belize (BLZ): pledged ≤50 (22 Sep 2023)."
    )
    assert page.text("funding-words") == (
        "The chart in words: United States (USA) · contribution: ≥$300M · Sep 2024, 15 mo ago; "
        "cost estimate: ~$600M · Sep 2024, 15 mo ago; fund balance: ≤$100M · Nov 2024, 13 mo ago; "
        "contributed (total): ≥$300M · Sep 2024; gap: cost − contributed: not computed."
    )


def test_each_chart_is_named_described_and_links_its_marks_to_their_claims(report):
    _, page, _ = report()
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert [(svg["class"], svg["role"], svg["aria-labelledby"], svg["aria-describedby"]) for svg in svgs] == [
        ("chart", "img", "personnel-wide-title", "personnel-words"),
        ("chart", "img", "personnel-narrow-title", "personnel-words"),
        ("chart", "img", "funding-wide-title", "funding-words"),
        ("chart", "img", "funding-narrow-title", "funding-words"),
    ]
    assert page.text("personnel-wide-title") == "Personnel over time, by country"
    marks = [attrs["xlink:href"] for tag, attrs in page.tags if tag == "a" and "xlink:href" in attrs]
    # Each of the 9 personnel figures and the 3 reported funding figures, in both charts of each
    # (the derived total is drawn, but is no one claim's).
    assert len(marks) == 2 * (9 + 3)
    assert "#claim-ken-pledge-1000-2023-09" in marks
    assert "#claim-usa-contributed-over-300m-2024-09" in marks


def test_a_figure_links_to_its_claim_and_a_gap_to_both_it_is_worked_out_from(report):
    _, page, _ = report()
    headers = [cell["text"] for cell in page.tables["troops-table"][0]]
    kenya = dict(zip(headers, page.tables["troops-table"][2], strict=True))
    assert kenya["country"]["text"] == "Kenya (KEN)"
    pledged, gap = kenya["pledged"], kenya["gap"]
    assert (pledged["text"], pledged["links"], pledged["refs"]) == (
        "1,000 · Sep 2023, 2 yr 3 mo ago",
        ["#claim-ken-pledge-1000-2023-09"],
        [],
    )
    assert (gap["text"], gap["links"]) == ("600 · Sep 2023 − Nov 2024", [])
    assert gap["refs"] == ["#claim-ken-pledge-1000-2023-09", "#claim-ken-deployed-400-2024-11"]
    assert kenya["sources"]["links"] == [
        "#source-nations-join-kenya-mission-2023-09", "#source-unsc-debates-pko-2024-11",
    ]  # fmt: skip


def test_a_disputed_figure_shows_every_value_and_links_each_claim(write_data, run, project, monkeypatch):
    disputing = KENYA_PLEDGE.replace("id: ken-pledge", "id: ken-pledge-1200").replace(
        "personnel: 1000", "personnel: 1200"
    )
    write_data(SOURCE_004 + "claims:\n" + KENYA_PLEDGE + disputing)
    monkeypatch.chdir(project)
    assert run("report", "disputed.html").exit_code == 0
    page = Page((project / "disputed.html").read_text(encoding="utf-8"))
    headers = [cell["text"] for cell in page.tables["troops-table"][0]]
    pledged = dict(zip(headers, page.tables["troops-table"][1], strict=True))["pledged"]
    assert pledged["text"] == "1,000 ≠ 1,200 · Sep 2023, 2 yr 3 mo ago"
    assert pledged["links"] == []  # the text is no one claim's
    assert pledged["refs"] == ["#claim-ken-pledge", "#claim-ken-pledge-1200"]  # a number for each
    assert page.text("claim-ken-pledge-heading") == "1 Kenya: committed 1,000, Sep 2023"


def test_a_derived_figure_cites_every_claim_it_is_worked_out_from(report):
    _, page, _ = report()
    headers = [cell["text"] for cell in page.tables["funding-table"][0]]
    rows = {row[1]["text"]: dict(zip(headers, row, strict=True)) for row in page.tables["funding-table"][1:]}
    total, gap = rows["contributed (total)"]["amount"], rows["gap: cost − contributed"]["amount"]
    assert (total["text"], total["links"], total["refs"]) == (
        "≥$300M · Sep 2024",
        [],
        ["#claim-usa-contributed-over-300m-2024-09"],
    )
    # Not worked out (the cost is annual, the contribution a total to date), and says from what.
    assert (gap["text"], gap["links"]) == ("not computed", [])
    assert gap["refs"] == [
        "#claim-mss-annual-cost-approx-600m-2024-09",
        "#claim-usa-contributed-over-300m-2024-09",
    ]


def test_a_claim_card_shows_its_quote_in_the_archived_passage_and_how_its_source_was_dated(report, run):
    _, page, _ = report()
    card = "claim-blz-pledge-up-to-50-2023-09"
    shown = json.loads(run("show", "blz-pledge-up-to-50-2023-09", "--format", "json").stdout)
    passage = shown["passage"]
    assert page.text(card).startswith(
        "Close × 5 Belize: announced ≤50, 22 Sep 2023 "
        + " ".join(f"{passage['before']}{passage['quote']}{passage['after']}".split())
    )
    assert passage["quote"] == "Belize offered to deploy up to 50 uniformed personnel"
    assert [tag for tag, _ in page.tags].count("mark") == 66  # the quote of each card
    assert (
        "Source: [At least a dozen nations say they will join the Kenya-led effort in Haiti] — outlet not named, "
        "Sep 2023. How this date was established: No dateline or headline (the title here is descriptive)."
    ) in page.text(card)
    fields = re.search(r"claim blz-pledge-up-to-50-2023-09 (.*)$", page.text(card))[1]
    assert fields == (
        "kind pledge country Belize (BLZ) figure ≤50 unit personnel qualifier at_most as of 2023-09-22 "
        'source file seeds/004_a40b01aed8d90bdc.txt note Offered at the meeting Blinken hosted "on Friday" on '
        "the sidelines of the UN General Assembly: the Friday before the article, 22 September 2023. "
        "Conditional on the UN resolution and on how the mission is paid for. status reported stage announced"
    )


def test_every_link_leads_to_a_card_or_section_in_the_page(report):
    _, page, _ = report()
    links = page.hrefs()
    assert all(link.startswith("#") for link in links), [link for link in links if not link.startswith("#")]
    assert sorted({link[1:] for link in links} - page.ids) == ["_"]  # "Close": no element, no jump
    assert page.duplicate_ids == []
    cards = {
        element for element in page.ids if element.startswith("claim-") and not element.endswith("-heading")
    }
    assert len(cards) == 66  # every claim the timeline lists
    assert {link[1:] for link in links if link.startswith("#claim-")} == cards


def test_the_page_runs_nothing_and_loads_nothing(report):
    _, page, html = report()
    tags = [tag for tag, _ in page.tags]
    assert not {
        "script",
        "iframe",
        "object",
        "embed",
        "link",
        "base",
        "form",
        "img",
        "image",
        "foreignobject",
    } & set(tags)
    assert [
        name for _, attrs in page.tags for name in attrs if name.startswith("on") or name == "style"
    ] == []
    assert page.tags[2] == ("meta", {"charset": "utf-8"})  # first in <head>
    policy = dict(page.tags[3][1])
    assert policy["http-equiv"] == "Content-Security-Policy"
    [stylesheet] = page.styles
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()
    assert policy["content"] == (
        f"default-src 'none'; script-src 'none'; style-src 'sha256-{digest}'; img-src data:; font-src 'none'; "
        "connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "manifest-src 'none'; base-uri 'none'; form-action 'none'"
    )
    assert not re.search(r"url\(|@import|@font-face|https?:", stylesheet)
    assert "http://" not in html.replace("http://www.w3.org/", "")
    assert "https://" not in html


def test_text_from_the_data_is_shown_not_obeyed(write_data, run, project, monkeypatch):
    quoted = "'" + HOSTILE.replace("'", "''") + "'"  # a single-quoted YAML scalar
    source = SOURCE_004.replace("title: Nations join the Kenya-led effort", f"title: {quoted}")
    claim = KENYA_PLEDGE + f"    note: {quoted}\n    speaker: '</mark><b>Kenya</b>'\n"
    write_data(source + "claims:\n" + claim)
    monkeypatch.chdir(project)
    result = run("report", "hostile.html")
    assert result.exit_code == 0, result.output
    html = (project / "hostile.html").read_text(encoding="utf-8")
    page = Page(html)
    assert [tag for tag, _ in page.tags if tag in ("script", "img", "b")] == []
    assert [name for _, attrs in page.tags for name in attrs if name.startswith("on")] == []
    assert [tag for tag, _ in page.tags].count("mark") == 1
    card = page.text("claim-ken-pledge")
    assert f"note {HOSTILE} speaker </mark><b>Kenya</b>" in card
    assert f"Source: {HOSTILE} — outlet not named, Sep 2023" in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt; &amp;" in html


def test_filters_narrow_every_section_and_are_named_in_the_footer(report, run):
    result, page, html = report("--country", "ken", "--since", "2024")
    expected = json.loads(run("timeline", "--country", "KEN", "--since", "2024", "--format", "json").stdout)
    assert result.stderr.startswith(f"mss report: {len(expected)} of 66 claims")
    assert len(page.rows("timeline-table")) == len(expected) == 7
    assert page.text("overview-heading") == "Overview: Kenya (KEN)"
    assert "filtered: country KEN; from 2024." in page.text("top")
    footer = re.search(r"<footer>(.*)</footer>", html, re.DOTALL)[1]
    assert "<dt>Filters</dt><dd>country KEN; from 2024</dd>" in footer


def test_the_footer_names_the_data_the_version_and_the_day(report, run, tmp_path):
    _, _, html = report()
    footer = re.search(r"<footer>(.*)</footer>", html, re.DOTALL)[1]
    assert run("export", "datapackage", tmp_path).exit_code == 0
    exported = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))["contentHash"]
    assert f"<dt>Data</dt><dd><code>{exported}</code>" in footer
    assert "<dt>Filters</dt><dd>none: every claim</dd>" in footer
    assert "<dt>Built</dt><dd>by mss 0.1.0 on 2026-01-01</dd>" in footer


def test_the_same_data_gives_the_same_bytes_with_the_index_or_without(in_corpus, run):
    for name, *options in (["first.html"], ["warm.html"], ["cold.html", "--no-cache"]):
        assert run("report", name, *options).exit_code == 0  # the second from the index the first built
    first, warm, cold = ((in_corpus / name).read_bytes() for name in ("first.html", "warm.html", "cold.html"))
    assert first == warm == cold


def test_the_page_of_the_test_corpus_is_well_under_5_mb(report):
    _, _, html = report()
    assert 100_000 < len(html.encode("utf-8")) < 5_000_000


def test_without_the_report_extra_it_says_how_to_install_it(run, in_corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)  # as if it were not installed
    result = run("report", "report.html")
    assert result.exit_code == 2
    assert (
        result.stderr
        == 'mss: error: mss report needs jinja2, from the report extra: pip install ".[report]"\n'
    )
    assert not (in_corpus / "report.html").exists()


def test_what_mss_must_not_write_is_refused_before_any_work(run, in_corpus):
    (in_corpus / "out").mkdir()
    (in_corpus / "link.html").symlink_to(in_corpus / "elsewhere.html")
    data = in_corpus / "data" / "claims.yaml"
    before = data.read_bytes()
    for target, message in [
        ("out", "out is a folder; name a file"),
        ("link.html", "link.html is a symbolic link; name the file itself"),
        ("missing/report.html", "cannot write missing/report.html: no folder missing"),
        (
            "data/claims.yaml",
            "data/claims.yaml is the data (data/claims.yaml); mss never writes over what it reads",
        ),
        (
            "seeds/report.html",
            "seeds/report.html is the archive (seeds); mss never writes over what it reads",
        ),
    ]:
        result = run("report", target)
        assert (result.exit_code, result.stderr) == (2, f"mss: error: {message}\n")
    assert data.read_bytes() == before
    assert sorted(path.name for path in in_corpus.iterdir()) == ["data", "link.html", "out", "seeds"]
    assert not (in_corpus / "data" / ".mss-cache").exists()  # refused before the data was read


def test_data_with_errors_gives_no_report(write_data, project, run, monkeypatch):
    write_data(WITH_ERROR)
    monkeypatch.chdir(project)
    result = run("report", "report.html")
    assert result.exit_code == 1
    assert "error [invalid-country]" in result.stderr
    assert not (project / "report.html").exists()


# --- Charts ----------------------------------------------------------------------------------------


def test_a_chart_of_many_marks_draws_them_as_one_image_and_keeps_its_text():
    day = date(2024, 9, 1)
    marks = [
        charts.Mark("on the ground", day, date(2024, 9, 30), index, "exact", f"claim-c{index}")
        for index in range(charts.LINKED_MARKS + 1)
    ]
    svg = str(
        charts.personnel_over_time([charts.Panel("Kenya", marks)], prefix="p", narrow=False, described_by="w")
    )
    assert svg.count("<image ") == 1  # the whiskers and the marks, drawn together
    assert re.findall(r'xlink:href="(data:image/png;base64,)', svg) == ["data:image/png;base64,"]
    assert "<a " not in svg
    assert "Kenya" in svg
    assert "on the ground" in svg


def test_a_chart_of_few_marks_links_each_to_its_claim():
    marks = [charts.Mark("pledged", date(2023, 9, 1), date(2023, 9, 30), 1000, "exact", "claim-ken")]
    svg = str(
        charts.personnel_over_time([charts.Panel("Kenya", marks)], prefix="p", narrow=True, described_by="w")
    )
    assert re.findall(r'<a xlink:href="([^"]+)"', svg) == ["#claim-ken"]
    assert "<image" not in svg


def test_chart_labels_are_text_never_markup_or_mathtext():
    label = 'Evil $x^2$ <script>alert(1)</script> "><img src=x onerror=alert(1)>'
    bars = [charts.Bar(label, 300, "≥$300M", False, "claim-a")]
    svg = str(
        charts.funding_by_flow([charts.BarGroup("USD", bars)], prefix="f", narrow=False, described_by="w")
    )
    assert "<script" not in svg
    assert "<img" not in svg
    texts = "".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL))
    assert "Evil $x^2$" in texts  # a dollar sign is a dollar sign
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts
    assert ' style="' not in svg
    assert "<style" not in svg
    assert all(identifier.startswith("f-") for identifier in re.findall(r'\bid="([^"]+)"', svg))


def test_a_chart_is_the_same_bytes_each_time():
    marks = [charts.Mark("pledged", date(2023, 9, 1), date(2023, 9, 30), 1000, "exact", "claim-ken")]
    drawn = [
        charts.personnel_over_time([charts.Panel("Kenya", marks)], prefix="p", narrow=False, described_by="w")
        for _ in range(2)
    ]
    assert drawn[0] == drawn[1]
