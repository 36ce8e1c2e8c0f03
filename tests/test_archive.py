"""mss archive: an article's text into seeds/ and its source entry into the data, as text, safely."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from lxml import html

from haiti_mss.analysis.text import normalise
from haiti_mss.curate import insert
from haiti_mss.read.load import load_file

from conftest import FIXTURES, ONE_CLAIM, one_block_added

ARTICLES = FIXTURES / "articles"
PAGE = ARTICLES / "05-gsf-troop-offers.html"
PDF = ARTICLES / "06-gsf-costs-trust-fund.pdf"
PDF_TEXT = ARTICLES / "06-gsf-costs-trust-fund.txt"
TEXT = ARTICLES / "01-kenyan-reinforcements-land.txt"


@pytest.fixture
def data(write_data) -> Path:
    return write_data(ONE_CLAIM)


def seeds_of(data: Path) -> set[str]:
    return {path.name for path in (data.parent.parent / "seeds").iterdir()}


def new_source(data: Path):
    sources = load_file(data, str(data)).sources
    assert len(sources) == 2
    return sources[-1][0]


def archived_text(data: Path) -> str:
    return (data.parent.parent / new_source(data).file).read_text(encoding="utf-8")


# --- Web pages -----------------------------------------------------------------------------------


def test_a_saved_page_gives_its_headline_and_paragraphs_and_nothing_else(data, run):
    result = run("archive", PAGE, "--data", data)
    assert result.exit_code == 0, result.stderr
    page = html.parse(str(PAGE)).getroot()
    article = page.find(".//article")
    expected = [page.find(".//h1").text_content(), *(p.text_content() for p in article.iterfind(".//div/p"))]
    assert [normalise(paragraph) for paragraph in archived_text(data).split("\n\n")] == [
        normalise(paragraph) for paragraph in expected
    ]


def test_a_headline_the_extractor_already_gives_is_archived_once(data, run):
    """Coverage counts each figure of the archived text: a headline written twice counts twice."""
    page = FIXTURES / "articles-dev" / "08-gsf-offers-grow.html"  # published 17 February 2026
    assert run("archive", page, "--data", data, env={"MSS_TODAY": "2026-03-01"}).exit_code == 0
    headline = "Offers for Haiti's Gang Suppression Force pass 3,000 as Asian and African states step in"
    paragraphs = archived_text(data).split("\n\n")
    assert paragraphs[0] == headline
    assert paragraphs.count(headline) == 1


def test_a_saved_page_leaves_navigation_banners_ads_related_lists_and_footer_out(data, run):
    assert run("archive", PAGE, "--data", data).exit_code == 0
    text = normalise(archived_text(data))
    page = html.parse(str(PAGE)).getroot()
    inside_article = set(page.find(".//article").iter())
    outside = [
        normalise(piece)
        for element in page.find("body").iter()
        if element not in inside_article and element.tag not in ("script", "style")
        for piece in (element.text, element.tail)
        if piece and len(piece.split()) >= 2
    ]
    assert len(outside) > 20  # the page is full of furniture…
    assert [piece for piece in outside if piece in text] == []  # …and none of it is archived


def next_number(data: Path) -> str:
    """The number the next archived file takes: one more than the highest in seeds/."""
    return f"{max(int(name[:3]) for name in seeds_of(data)) + 1:03d}"


def test_a_saved_page_gives_its_metadata_and_says_where_the_date_came_from(data, run):
    number = next_number(data)
    result = run("archive", PAGE, "--data", data)
    source = new_source(data)
    assert (source.title, source.outlet, source.url, str(source.published), str(source.retrieved)) == (
        "Nations line up troops for Haiti’s Gang Suppression Force, but offers fall short",
        "The Meridian Post",
        "https://www.meridianpost.example/world/americas/2025/12/13/haiti-gang-suppression-force-troop-offers/",
        "2025-12-13",
        "2026-01-01",
    )
    assert source.published_basis == "From the page's article:published_time, 2025-12-13T06:00:00-05:00."
    assert source.id == "nations-line-up-troops-haiti-2025-12"
    name = source.file.removeprefix("seeds/")
    assert name == f"{number}_{source.sha256[:16]}.txt"
    assert f"source {source.id} added to {data}:" in result.stdout
    assert "Next: mss draft nations-line-up-troops-haiti-2025-12" in result.stdout
    checked = run("check", "--data", data)
    assert checked.exit_code == 0
    assert checked.stderr.endswith("0 errors, 1 warning\n")
    assert "warning [unused-source]" in checked.stderr


# --- PDF -----------------------------------------------------------------------------------------


def test_a_pdf_gives_its_text_without_running_footers(data, run, monkeypatch):
    monkeypatch.setenv("MSS_TODAY", "2026-02-01")
    result = run(
        "archive", PDF, "--data", data, "--published", "2026-01-22", "--outlet", "The East Africa Observer"
    )
    assert result.exit_code == 0, result.stderr
    text = archived_text(data)
    assert normalise(text) == normalise(PDF_TEXT.read_text(encoding="utf-8"))
    assert "page 1 of" not in text.lower()
    source = new_source(data)
    assert source.title == PDF_TEXT.read_text(encoding="utf-8").splitlines()[0]
    assert (source.outlet, str(source.published), source.published_basis) == (
        "The East Africa Observer", "2026-01-22", None,
    )  # fmt: skip


def test_a_pdf_s_creation_date_is_never_taken_for_its_publication(data, run):
    result = run("archive", PDF, "--data", data)
    assert result.exit_code == 2
    assert result.stderr == "mss: error: the PDF does not say when it was published; give --published DATE\n"


# --- Refusals: nothing is written ---------------------------------------------------------------


def test_an_article_already_archived_is_refused_with_its_source(data, run):
    number = next_number(data)
    assert run("archive", PAGE, "--data", data).exit_code == 0
    before, seeds = data.read_bytes(), seeds_of(data)
    again = run("archive", PAGE, "--data", data)
    assert again.exit_code == 2
    assert again.stderr.startswith(
        f"mss: error: this article is already archived: source nations-line-up-troops-haiti-2025-12 (seeds/{number}_"
    )
    assert (data.read_bytes(), seeds_of(data)) == (before, seeds)


def test_the_same_text_in_another_layout_is_refused_too(data, run, monkeypatch, tmp_path):
    """The PDF's text wrapped otherwise is the same article: the same words once normalised."""
    monkeypatch.setenv("MSS_TODAY", "2026-02-01")
    rewrapped = tmp_path / "costs.txt"
    rewrapped.write_text(PDF_TEXT.read_text(encoding="utf-8").replace(" ", "\n").replace("\n\n", "\n\n\n"))
    first = run("archive", rewrapped, "--data", data, "--title", "Costs", "--published", "2026-01-22")
    assert first.exit_code == 0
    again = run("archive", PDF, "--data", data, "--published", "2026-01-22")
    assert again.exit_code == 2
    assert "this article's text is already archived: source costs-2026-01" in again.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), "the text does not say its title or when it was published; give --title TEXT and --published DATE"),
        (("--title", "Kenyan reinforcements land"), "the text does not say when it was published; give --published DATE"),
        (("--published", "2025-01-20"), "the text does not say its title; give --title TEXT"),
        (("--title", "T", "--published", "2099-01-01"), "published 2099-01-01 is after today (2026-01-01)"),
        (("--title", "T", "--published", "01/20/2025"), "--published: "),
        (("--title", "T", "--published", "2025-01-20", "--id", "Not A Slug"), "is not a slug"),
        (("--title", "T", "--published", "2025-01-20", "--id", "nations-join"), "a source with this id already exists"),
    ],
)  # fmt: skip
def test_missing_or_wrong_metadata_is_a_usage_error_that_names_the_option(data, run, options, message):
    before, seeds = data.read_bytes(), seeds_of(data)
    result = run("archive", TEXT, "--data", data, *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (data.read_bytes(), seeds_of(data)) == (before, seeds)


def test_text_that_is_not_utf8_is_refused(data, run, tmp_path):
    latin = tmp_path / "article.txt"
    latin.write_bytes("Le Bénin enverra 2 000 soldats.\n".encode("latin-1"))
    result = run("archive", latin, "--data", data, "--title", "T", "--published", "2025-01-20")
    assert result.exit_code == 2
    assert "is not UTF-8 text (byte 0xE9 on line 1); save it as UTF-8 first" in result.stderr


def test_only_a_regular_file_is_archived_and_a_pipe_is_never_waited_on(data, run, tmp_path):
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)  # opened as a file, it would wait for a writer for ever
    before, seeds = data.read_bytes(), seeds_of(data)
    for path, what in (
        (pipe, "a named pipe"),
        (tmp_path, "a folder"),
        (Path("/dev/zero"), "a character device"),
    ):
        result = run("archive", path, "--data", data, "--title", "T", "--published", "2025-01-20")
        assert (result.exit_code, result.stderr) == (
            2,
            f"mss: error: {path}: cannot read the file: it is {what}\n",
        )
    assert (data.read_bytes(), seeds_of(data)) == (before, seeds)


def test_a_page_needs_the_curate_extra_and_plain_text_does_not(data, run, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if it were not installed
    result = run("archive", PAGE, "--data", data)
    assert result.exit_code == 2
    assert (
        result.stderr
        == 'mss: error: reading a web page needs trafilatura, from the curate extra: pip install ".[curate]"\n'
    )
    assert run("archive", TEXT, "--data", data, "--title", "T", "--published", "2025-01-20").exit_code == 0


# --- The data file, as text ----------------------------------------------------------------------

COMMENTED = """# yaml-language-server: $schema=../schema/claims.schema.json
# The data, with comments everywhere mss must keep.

sources:  # the articles
  - id: nations-join   # the first
    file: seeds/004_a40b01aed8d90bdc.txt
    sha256: 26d8aef176f05c97691670e39a497c79e99a3e2963969bcb41dc9d9292de7e80
    title: Nations join the Kenya-led effort
    published: 2023-09
    # an indented comment closing the entry

  # a comment between entries, about what follows
# --- claims -------------------------------------
claims:
  - id: ken-pledge
    kind: pledge
    source: nations-join
    quote: Kenya has promised to provide 1,000 security personnel to Haiti.  # verbatim
    as_of: 2023-09
    country: KEN
    personnel: 1000
    stage: committed
# the end
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_data_file_with_comments_is_kept_byte_for_byte_outside_the_new_entry(write_data, run, newline):
    before = "\ufeff" + COMMENTED.replace("\n", newline)
    data = write_data(before)
    result = run(
        "archive", TEXT, "--data", data, "--title", "Kenyan reinforcements land", "--published", "2025-01-20"
    )
    assert result.exit_code == 0, result.stderr
    after = data.read_bytes().decode("utf-8")
    added = one_block_added(before, after)
    source = new_source(data)
    assert added.replace("\r\n", "\n") == (
        f"  - id: kenyan-reinforcements-land-2025-01\n    file: {source.file}\n    sha256: {source.sha256}\n"
        "    title: Kenyan reinforcements land\n    outlet: null\n    url: null\n    published: 2025-01-20\n"
        "    retrieved: 2026-01-01\n\n"
    )
    assert (
        after.index("closing the entry") < after.index(added) < after.index("  # a comment between entries")
    )


def test_values_yaml_1_1_reads_differently_are_quoted(data, run):
    result = run(
        "archive", TEXT, "--data", data, "--title", "NO", "--outlet", "on", "--published", "2025-01-20"
    )
    assert result.exit_code == 0, result.stderr
    text = data.read_text(encoding="utf-8")
    assert '    title: "NO"\n    outlet: "on"\n' in text
    assert (new_source(data).title, new_source(data).outlet) == ("NO", "on")


def test_an_interrupted_write_leaves_the_data_and_the_archive_as_they_were(data, run, monkeypatch):
    before, seeds = data.read_bytes(), seeds_of(data)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)  # Ctrl-C just as the data file is replaced
    result = run("archive", TEXT, "--data", data, "--title", "T", "--published", "2025-01-20")
    assert result.exit_code == 130  # as the shell reports an interrupted command
    assert (data.read_bytes(), seeds_of(data)) == (before, seeds)
    assert sorted(path.name for path in data.parent.iterdir() if path.name != ".mss-cache") == ["claims.yaml"]


def test_a_data_file_changed_while_mss_writes_is_left_as_the_curator_saved_it(data, run, monkeypatch):
    before, seeds = data.read_bytes(), seeds_of(data)
    monkeypatch.setattr(insert, "_current_bytes", lambda path: before + b"# saved by an editor meanwhile\n")
    result = run("archive", TEXT, "--data", data, "--title", "T", "--published", "2025-01-20")
    assert result.exit_code == 2
    assert "changed while mss was adding to it; nothing was written" in result.stderr
    assert (data.read_bytes(), seeds_of(data)) == (before, seeds)


def test_data_with_errors_is_refused(write_data, run):
    data = write_data(ONE_CLAIM.replace("country: KEN", "country: XXX"))
    result = run("archive", TEXT, "--data", data, "--title", "T", "--published", "2025-01-20")
    assert result.exit_code == 1
    assert "error [invalid-country]" in result.stderr


def test_into_names_a_data_file_of_a_folder_or_a_new_one_there(write_data, run, project):
    write_data(ONE_CLAIM)
    folder = project / "data"
    created = run("archive", TEXT, "--data", folder, "--into", folder / "2025.yaml", "--title", "T",
                  "--published", "2025-01-20")  # fmt: skip
    assert created.exit_code == 0, created.stderr
    assert (folder / "2025.yaml").read_text(encoding="utf-8").startswith("sources:\n  - id: t-2025-01\n")
    outside = run("archive", PDF_TEXT, "--data", folder, "--into", project / "elsewhere.yaml", "--title", "U",
                  "--published", "2025-01-22")  # fmt: skip
    assert outside.exit_code == 2
    assert "is not one of the data files of --data" in outside.stderr


def test_a_source_id_is_a_few_telling_words_and_the_month(data, run):
    result = run("archive", TEXT, "--data", data, "--title", "U.S. aid freeze leaves Haiti’s fund short",
                 "--published", "2025-02-14")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert new_source(data).id == "us-aid-freeze-leaves-haiti-2025-02"
