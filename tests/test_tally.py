"""A Security Council vote's tally: in favour, against, abstaining and who abstained, when the
source gives them. Each count is a figure of the quote, checked as a head count is, in digits or in
words, and counted as cited by coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import checked

VOTE = """    quote: >-
      Resolution 2793, drafted by the United States and Panama, was adopted by 12 votes in favour to
      none against, with three abstentions: China, Pakistan and Russia.
    as_of: 2025-09-30
    action: adopted
    resolution: "2793"
    mission: GSF
    in_favour: 12
    against: 0
    abstentions: 3
    abstainers: [CHN, PAK, RUS]
"""


def with_vote(project: Path, vote: str) -> Path:
    data = project / "data" / "claims.yaml"
    text = data.read_text(encoding="utf-8")
    assert text.count(VOTE) == 1
    data.write_text(text.replace(VOTE, vote), encoding="utf-8")
    return data


def problems(data: Path) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.code, p.message) for p in checked(data).problems]


def test_votes_shows_the_tally_and_the_contract_ends_with_it(in_missions, run):
    table = run("votes").stdout.splitlines()
    assert table[2].split()[:5] == ["mission", "date", "action", "resolution", "tally"]
    assert "12 in favour · 0 against · 3 abstaining (CHN, PAK, RUS)" in table[3]
    [row] = json.loads(run("votes", "--format", "json").stdout)
    assert list(row)[-5:] == ["mission", "in_favour", "against", "abstentions", "abstainers"]
    assert (row["in_favour"], row["against"], row["abstentions"], row["abstainers"]) == (
        12, 0, 3, ["CHN", "PAK", "RUS"],
    )  # fmt: skip
    csv_line = run("votes", "--format", "csv").stdout.splitlines()[1]
    assert csv_line.endswith(",GSF,12,0,3,CHN;PAK;RUS")
    [claim] = json.loads(run("claims", "--kind", "vote", "--format", "json").stdout)
    assert list(claim)[-6:-2] == ["in_favour", "against", "abstentions", "abstainers"]
    timeline = run("timeline", "--kind", "vote").stdout
    assert "adopted 2793: 12 in favour, 0 against, 3 abstaining (CHN, PAK, RUS)" in timeline


def test_a_vote_without_a_tally_shows_no_tally_column(in_corpus, run):
    assert "tally" not in run("votes").stdout.splitlines()[2]


def test_the_fixtures_tally_is_verified_in_digits_and_words(in_missions):
    assert problems(in_missions / "data" / "claims.yaml") == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a count the quote does not give, in digits or in words
        (("    in_favour: 12\n", "    in_favour: 13\n"),
         [(121, 5, "figure-not-in-quote", "in_favour 13 does not appear in the quote as a count")]),
        (("    abstentions: 3\n", "    abstentions: 2\n"),
         [(123, 5, "figure-not-in-quote", "abstentions 2 does not appear in the quote as a count"),
          (124, 5, "tally-inconsistent", "3 abstainers are named, but abstentions is 2")]),
        # "none" says 0, not 1
        (("    against: 0\n", "    against: 1\n"),
         [(122, 5, "figure-not-in-quote", "against 1 does not appear in the quote as a count")]),
        # a tally is of a vote that was taken
        (("    action: adopted\n", "    action: scheduled\n    status: scheduled\n"),
         [(122, 5, "tally-inconsistent",
           "a tally is of a vote that was taken (action: adopted); this action is scheduled")]),
        (("[CHN, PAK, RUS]", "[CHN, PAK, CHN]"),
         [(124, 5, "tally-inconsistent", "abstainers names CHN twice")]),
        # who abstained, without the counts: nothing to verify but the codes
        (("    in_favour: 12\n    against: 0\n    abstentions: 3\n", ""), []),
    ],
)  # fmt: skip
def test_a_tally_is_checked_against_its_quote_and_itself(in_missions, change, expected):
    data = with_vote(in_missions, VOTE.replace(*change))
    assert problems(data) == expected


@pytest.mark.parametrize(
    ("text", "value", "stated"),
    [
        ("adopted 12-0-3", 12, True), ("adopted 12-0-3", 0, True), ("adopted 12–0–3", 3, True),
        ("by 12 votes in favour to none against", 0, True), ("with no votes against", 0, True),
        ("the resolution was adopted unanimously", 0, True), ("with one abstention", 1, True),
        ("a single vote against", 1, True), ("Fifteen votes in favour", 15, True),
        ("by 12 votes in favour, with three abstentions", 0, False),  # nothing says none
        ("by 12 votes in favour", 13, False),
        ("adopted in 2025", 2025, False),  # a year
    ],
)  # fmt: skip
def test_a_count_is_read_in_digits_words_and_for_0_and_1_the_words_that_say_them(text, value, stated):
    from haiti_mss.analysis.figures import figures, states_count
    from haiti_mss.analysis.text import normalise

    normalised = normalise(text)
    assert states_count(normalised, figures(normalised), value) is stated


def test_coverage_counts_the_tallys_figures_as_cited(in_missions, run):
    document = json.loads(run("coverage", "--format", "json").stdout)
    [report] = [source for source in document["sources"] if source["id"] == "resolution-2793-gsf-2025-09"]
    tally = [(item["text"], item["status"]) for item in report["figure_list"] if "in favour" in item["context"]
             or "abstentions" in item["context"]]  # fmt: skip
    assert ("12", "cited") in tally
    assert ("three", "cited") in tally
