"""The rules of `mss check`, each with a passing and a failing case and the exact position."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from conftest import KENYA_PLEDGE, PINNED_TODAY, SHA_004, SOURCE_004, checked


def found(path, today: date = PINNED_TODAY) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in checked(path, today).problems]


def pledge(**fields: str) -> str:
    """The Kenya pledge claim with some fields replaced (a value of None drops the field)."""
    lines = KENYA_PLEDGE.splitlines()
    keys = [line.strip().removeprefix("- ").split(":")[0] for line in lines]
    values = dict(zip(keys, (line.split(": ", 1)[1] for line in lines), strict=True))
    values.update(fields)
    body = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "  - " + "\n    ".join(body) + "\n"


def test_the_reference_claim_passes(write_data):
    assert found(write_data(SOURCE_004 + "claims:\n" + pledge())) == []


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Kenya’s voluntary offer to lead", []),
        ("Kenya's voluntary offer to lead", []),  # straight apostrophe, curly in the source
        ('"Kenya has promised to provide 1,000 security personnel to Haiti."', []),
        ("Kenya has promised to provide 1000 security personnel", [(11, 5, "quote-not-found")]),
        ("kenya has promised to provide 1,000", [(11, 5, "quote-not-found")]),  # no case folding
        ("enya has promised to provide 1,000", [(11, 5, "quote-cuts-word")]),
        ("promised to provide 1,000 security person", [(11, 5, "quote-cuts-word")]),
        ("'1,000'", [(11, 5, "quote-too-short")]),
        ("'1,000 security'", [(11, 5, "quote-too-short")]),
        ('""', [(11, 5, "quote-too-short")]),
        ("Kenya has\u200b promised to \u2014provide", [(11, 5, "quote-not-found")]),
    ],
)
def test_quotes_are_verbatim(write_data, quote, expected):
    text = SOURCE_004 + "claims:\n" + pledge(quote=quote, personnel=None)
    assert found(write_data(text)) == expected


def test_a_quote_that_is_not_found_shows_the_closest_passage_and_first_difference(write_data):
    text = SOURCE_004 + "claims:\n" + pledge(quote="Kenya has promised to provide 1000 security personnel")
    [problem] = checked(write_data(text)).problems
    assert problem.message == (
        "the quote is not in the source; closest passage: 'Kenya has promised to provide 1,000 "
        "security personnel' — first difference at character 32: the quote has '0', the source has ','"
    )


def test_the_closest_passage_is_shown_as_the_archive_has_it(write_data):
    """The archive has "Kenya’s Defence Minister": the curly apostrophe is shown, not the folded one."""
    quote = "by US Defense Secretary Lloyd Austin and Kenya's Defence Ministre Aden Duale"
    [problem] = checked(write_data(SOURCE_004 + "claims:\n" + pledge(quote=quote, personnel=None))).problems
    assert (
        "closest passage: 'by US Defense Secretary Lloyd Austin and Kenya’s Defence Minister Aden Duale.'"
        in problem.message
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"personnel": "1000"}, []),
        ({"personnel": "1500"}, [(14, 5, "figure-not-in-quote")]),
        ({"personnel": "1000", "qualifier": "at_least"}, [(16, 5, "qualifier-mismatch")]),
        ({"personnel": None}, []),
    ],
)
def test_the_figure_is_in_the_quote_with_its_qualifier(write_data, fields, expected):
    assert found(write_data(SOURCE_004 + "claims:\n" + pledge(**fields))) == expected


def test_a_money_figure_matches_its_written_scale(project, write_data):
    source = (project / "seeds" / "002_4c4c73db95676832.txt").read_bytes()
    import hashlib

    text = f"""sources:
  - id: unsc
    file: seeds/002_4c4c73db95676832.txt
    sha256: {hashlib.sha256(source).hexdigest()}
    title: UNSC
    published: 2024-11
claims:
  - id: fund
    kind: funding
    source: unsc
    quote: Its dedicated fund holds less than $100 million
    as_of: 2024-11
    country: null
    amount: {{amount}}
    currency: USD
    flow: fund_balance
    basis: at_date
    qualifier: {{qualifier}}
"""
    assert found(write_data(text.format(amount=100_000_000, qualifier="at_most"))) == []
    assert found(write_data(text.format(amount=100_000_000, qualifier="exact"))) == [
        (14, 5, "qualifier-mismatch")
    ]
    assert found(write_data(text.format(amount=100, qualifier="at_most"))) == [(14, 5, "figure-not-in-quote")]


PACT = "was signed on Monday, September 25, during a meeting in Nairobi"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2023-09-25", []), ("2023-09-26", [(12, 5, "weekday-mismatch")]), ("2023-09", [])],
)
def test_a_weekday_in_the_quote_agrees_with_a_day_precision_date(write_data, as_of, expected):
    claim = pledge(kind="event", quote=PACT, as_of=as_of, country=None, personnel=None, stage=None,
                   event_type="agreement")  # fmt: skip
    assert found(write_data(SOURCE_004 + "claims:\n" + claim)) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"as_of": "2023-09-30"}, []),
        ({"as_of": "2023"}, []),  # overlaps the publication month
        ({"as_of": "2023-10"}, [(12, 5, "date-after-published")]),
        ({"as_of": "2023-10", "status": "scheduled"}, []),
        ({"as_of": "2026-02", "status": "scheduled"}, []),
    ],
)
def test_a_reported_fact_is_not_dated_after_its_source(write_data, fields, expected):
    assert found(write_data(SOURCE_004 + "claims:\n" + pledge(**fields))) == expected


def test_no_date_is_after_today(write_data):
    source = SOURCE_004.replace("published: 2023-09", "published: 2026-01-02")
    path = write_data(source + "claims:\n" + pledge(as_of="2026-01-02"))
    assert found(path) == [(6, 5, "date-in-future"), (12, 5, "date-in-future")]
    assert found(path, today=date(2026, 1, 2)) == []


@pytest.mark.parametrize(
    ("mandate_until", "expected"),
    [("2024-10", []), ("2023-10-01", []), ("2023-09", []),  # the same month: cannot tell
     ("2023-08", [(14, 5, "mandate-before-as-of")])],
)  # fmt: skip
def test_a_mandate_ends_after_the_action_that_set_it(write_data, mandate_until, expected):
    claim = pledge(kind="vote", quote="has authored a draft resolution for the Security Council",
                   as_of="2023-09", country=None, personnel=None, stage=None, action="adopted",
                   mandate_until=mandate_until)  # fmt: skip
    assert found(write_data(SOURCE_004 + "claims:\n" + claim)) == expected


def test_duplicate_ids_point_at_the_second_and_name_the_first_across_files(write_data, project):
    write_data(SOURCE_004 + "claims:\n" + pledge(), "a.yaml")
    write_data("claims:\n" + pledge(), "b.yaml")
    result = checked(project / "data", shown="data")
    [problem] = result.problems
    assert (problem.path, problem.line, problem.column, problem.code) == (
        "data/b.yaml",
        2,
        5,
        "duplicate-id",
    )
    assert "already used at data/a.yaml:8:5" in problem.message


def test_duplicate_source_ids(write_data):
    source_twice = SOURCE_004 + SOURCE_004.removeprefix("sources:\n")
    assert found(write_data(source_twice + "claims:\n" + pledge())) == [(7, 5, "duplicate-id")]


def test_an_unknown_source_suggests_the_closest(write_data):
    path = write_data(SOURCE_004 + "claims:\n" + pledge(source="nations-joins"))
    problems = checked(path).problems
    assert [(p.line, p.column, p.code) for p in problems] == [
        (2, 5, "unused-source"),
        (10, 5, "unknown-source"),
    ]
    assert problems[1].message == "source 'nations-joins' is not defined; did you mean 'nations-join'?"


def test_a_source_cited_only_by_an_invalid_claim_is_not_unused(write_data):
    assert found(write_data(SOURCE_004 + "claims:\n" + pledge(personnel="-1"))) == [
        (14, 5, "negative-number")
    ]


def test_an_edited_archive_is_caught(write_data, project):
    seed = project / "seeds" / "004_a40b01aed8d90bdc.txt"
    seed.write_bytes(seed.read_bytes().replace(b"1,000", b"2,000"))
    assert found(write_data(SOURCE_004 + "claims:\n" + pledge())) == [(4, 5, "seed-sha-mismatch")]


@pytest.mark.parametrize(
    ("file", "code"),
    [("/etc/passwd", "seed-outside-archive"), ("seeds/../data/claims.yaml", "seed-outside-archive"),
     ("data/claims.yaml", "seed-outside-archive"), ("seeds", "seed-outside-archive"),
     ("seeds\\\\004.txt", "seed-outside-archive"), ("seeds/none.txt", "seed-missing")],
)  # fmt: skip
def test_source_files_must_lie_inside_the_archive(write_data, file, code):
    source = SOURCE_004.replace("seeds/004_a40b01aed8d90bdc.txt", f'"{file}"')
    assert found(write_data(source + "claims:\n" + pledge())) == [(3, 5, code)]


def test_a_symlink_out_of_the_archive_is_refused(write_data, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("secret")
    (project / "seeds" / "link.txt").symlink_to(outside)
    source = SOURCE_004.replace("seeds/004_a40b01aed8d90bdc.txt", "seeds/link.txt")
    assert found(write_data(source + "claims:\n" + pledge())) == [(3, 5, "seed-outside-archive")]


def test_every_sha_is_checked_once_per_file(write_data):
    second = (
        SOURCE_004.removeprefix("sources:\n").replace("nations-join", "same-file").replace(SHA_004, "f" * 64)
    )
    path = write_data(SOURCE_004 + second + "claims:\n" + pledge() + pledge(id="other", source="same-file"))
    assert found(path) == [(9, 5, "seed-sha-mismatch")]


# --- Checks a fact-checker would accept: number boundaries and the kind of figure ----------------

ARTICLE = (
    "The force numbered 21,500 police officers in 2024, 35% of them women. It will stay for the next "
    "five years. Two hundred police officers arrived on Friday. Donors gave $300 million to the fund.\n"
)


@pytest.fixture
def article(project):
    (project / "seeds" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    sha = hashlib.sha256(ARTICLE.encode()).hexdigest()
    return f"sources:\n  - {{id: art, file: seeds/article.txt, sha256: {sha}, title: Art, published: 2024-12}}\nclaims:\n"


@pytest.mark.parametrize(
    ("quote", "personnel", "expected"),
    [
        ("Two hundred police officers arrived", 200, []),
        ("21,500 police officers in 2024", 21500, []),
        ("500 police officers in 2024", 500, ["quote-cuts-word: the quote is in the source but starts or ends inside a number; quote whole numbers"]),
        ("Two hundred police officers arrived", 2, ["figure-not-in-quote: personnel 2 does not appear in the quote"]),
        ("police officers in 2024, 35% of them women", 2024,
         ["figure-not-in-quote: personnel 2,024 does not appear in the quote as a head count: '2024' is a year"]),
        ("police officers in 2024, 35% of them women", 35,
         ["figure-not-in-quote: personnel 35 does not appear in the quote as a head count: '35%' is a percentage"]),
        ("It will stay for the next five years", 5,
         ["figure-not-in-quote: personnel 5 does not appear in the quote as a head count: 'five' is a length of time"]),
        ("Donors gave $300 million to the fund", 300_000_000,
         ["figure-not-in-quote: personnel 300,000,000 does not appear in the quote as a head count: '$300 million' is "
          "an amount of money"]),
    ],
)  # fmt: skip
def test_figures_are_read_on_number_boundaries_and_of_the_claims_kind(
    write_data, article, quote, personnel, expected
):
    claim = f"  - {{id: c, kind: pledge, source: art, quote: '{quote}', as_of: 2024, country: KEN, personnel: {personnel}, stage: committed}}\n"
    problems = checked(write_data(article + claim)).problems
    assert [f"{problem.code}: {problem.message}" for problem in problems] == expected


def test_an_amount_must_be_money(write_data, article):
    claim = ("  - {id: f, kind: funding, source: art, quote: 'police officers in 2024, 35% of them women', as_of: 2024, "
             "country: null, amount: 2024, currency: USD, flow: contribution, basis: cumulative}\n")  # fmt: skip
    [problem] = checked(write_data(article + claim)).problems
    assert (
        problem.message == "amount 2,024 does not appear in the quote as an amount of money: '2024' is a year"
    )
