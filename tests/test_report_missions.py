"""`mss report` of two missions: every table as its command gives it (the mission on every row),
charts that never draw one series across two missions, a headline of one mission, named, and
`--mission` as the queries take it."""

from __future__ import annotations

import re

from test_report import Page, markdown_rows


def built(run, folder, name: str, *options: str) -> Page:
    result = run("report", name, *options)
    assert result.exit_code == 0, result.stderr
    return Page((folder / name).read_text(encoding="utf-8"))


def test_every_table_has_the_missions_rows_and_the_overview_names_its_mission(in_missions, run):
    page = built(run, in_missions, "both.html")
    assert page.rows("troops-table") == markdown_rows(run, "troops", "--by-country")
    assert [row[0] for row in page.rows("troops-table")] == ["MSS", "MSS", "GSF", "GSF"]
    assert page.rows("funding-table") == markdown_rows(run, "funding")
    assert page.rows("votes-table") == markdown_rows(run, "votes")
    # The headline is of the latest mission, named, never the MSS's figures beside the GSF's.
    assert page.text("overview-heading") == "Overview: GSF, Mission-wide"
    # A panel per country per mission: Kenya's MSS and GSF figures are two series.
    words = page.text("personnel-words")
    assert (
        "MSS, Kenya (KEN): pledged 1,000 (20 Jan 2025); on the ground ~600 (18 Jan 2025), ~750 (30 Sep 2025)."
        in words
    )
    assert "GSF, Kenya (KEN): pledged ≤1,000 (30 Sep 2025); on the ground ~700 (10 Dec 2025)." in words
    assert "GSF · —" not in page.text("funding-words")
    assert re.search(r"MSS · United States \(USA\) · contribution: ≥\$600M", page.text("funding-words"))


def test_mission_narrows_the_report_as_it_narrows_the_queries(in_missions, run):
    page = built(run, in_missions, "gsf.html", "--mission", "gsf")
    assert page.rows("troops-table") == markdown_rows(run, "troops", "--by-country", "--mission", "GSF")
    assert page.rows("timeline-table") == markdown_rows(run, "timeline", "--mission", "GSF")
    assert page.text("overview-heading") == "Overview: Mission-wide"
    assert "filtered: mission GSF." in page.text("top")
    assert run("report", "x.html", "--mission", "BINUH").exit_code == 2
