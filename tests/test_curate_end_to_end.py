"""The curator's round trip on a copy of the test corpus (the shipped data grows every week, so no
test reads it): archive a new article as text and another as a saved web page, draft their claims,
review them (delete `review: draft`, ignore what is not a claim), and the data passes `mss check
--strict`, the new sources are fully covered, and the answers hold the new figures."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import CORPUS, FIXTURES

ARTICLES = FIXTURES / "articles"


@pytest.fixture
def copy_of_project(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    shutil.copytree(CORPUS, folder)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("MSS_TODAY", "2026-01-01")
    return folder


def test_archive_draft_review_and_the_answers_hold_the_new_figures(copy_of_project, run):
    data = copy_of_project / "data" / "claims.yaml"
    assert run("check", "--strict").exit_code == 0
    archived = [
        run("archive", ARTICLES / "01-kenyan-reinforcements-land.txt", "--title",
            "Kenyan reinforcements land in Haiti as Guatemalan police take up posts", "--published", "2025-01-20"),
        run("archive", ARTICLES / "05-gsf-troop-offers.html"),
    ]  # fmt: skip
    assert [result.exit_code for result in archived] == [0, 0], [result.stderr for result in archived]
    source_ids = [re.search(r"^source (\S+) added", result.stdout, re.MULTILINE)[1] for result in archived]

    drafted = {}
    for source_id in source_ids:
        drafted[source_id] = json.loads(run("draft", source_id, "--format", "json").stdout)
        assert run("draft", source_id, "--write").exit_code == 0
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    warned = {
        line.split("] claim ")[1].split(":")[0]
        for line in strict.stderr.splitlines()
        if "[unreviewed-draft]" in line
    }
    assert warned == {draft["id"] for document in drafted.values() for draft in document["drafts"]}
    assert run("claims", "--format", "json").stdout == run("claims", "--format", "json").stdout  # stable
    assert not {row["source"] for row in json.loads(run("claims", "--format", "json").stdout)} & set(
        source_ids
    )

    # The review: every draft accepted as proposed, and what no claim cites ignored with a reason.
    coverage = json.loads(run("coverage", "--format", "json").stdout)
    text = data.read_text(encoding="utf-8").replace("    review: draft\n", "")
    for source in coverage["sources"]:
        uncited = dict.fromkeys(
            item["text"] for item in source["figure_list"] if item["status"] == "not cited"
        )
        if not uncited or source["id"] not in source_ids:
            continue
        ignores = "".join(
            f"      - text: {json.dumps(figure)}\n        reason: reviewed, not a claim of the mission\n"
            for figure in uncited
        )
        entry = text.index(f"  - id: {source['id']}\n")
        retrieved = text.index("    retrieved: 2026-01-01\n", entry) + len("    retrieved: 2026-01-01\n")
        text = text[:retrieved] + f"    ignore:\n{ignores}" + text[retrieved:]
    data.write_text(text, encoding="utf-8")

    checked = run("check", "--strict")
    assert checked.exit_code == 0, checked.stderr
    covered = json.loads(run("coverage", "--format", "json").stdout)["sources"]
    assert [
        {item["status"] for item in source["figure_list"]} <= {"cited", "ignored"}
        for source in covered
        if source["id"] in source_ids
    ] == [True, True]
    claims = json.loads(run("claims", "--format", "json").stdout)
    new = [row for row in claims if row["source"] in source_ids]
    assert len(new) == sum(len(document["drafts"]) for document in drafted.values()) > 10
    troops = json.loads(run("troops", "--by-country", "--format", "json").stdout)
    assert any(set(row["pledged_sources"] or ()) & set(source_ids) for row in troops)
    sources = json.loads(run("sources", "--format", "json").stdout)
    assert [row["retrieved"] for row in sources if row["id"] in source_ids] == ["2026-01-01", "2026-01-01"]
