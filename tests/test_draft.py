"""mss draft: one claim proposed per figure not yet cited or ignored, read from the words around it.

The drafter is developed on these snippets, on the development articles of
tests/fixtures/articles-dev and on the five real articles (all written or chosen for the purpose);
it is measured, not tuned, on the test articles of tests/fixtures/articles (see
benchmarks/draft_accuracy.py)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from haiti_mss.analysis.figures import figures
from haiti_mss.core.dates import PartialDate
from haiti_mss.core.records import SourceRecord
from haiti_mss.curate.draft import Drafter

from conftest import CORPUS, checked, one_block_added


def drafted(text: str, published: str = "2025-03-12", taken: tuple[str, ...] = ()):
    source = SourceRecord("wire-2025", "seeds/x.txt", "0" * 64, "A wire story", PartialDate.parse(published))
    return Drafter(source, text, taken).drafted([])


def only(text: str, published: str = "2025-03-12") -> dict:
    result = drafted(text, published)
    assert len(result.drafts) == 1, [draft.fields for draft in result.drafts]
    fields = dict(result.drafts[0].fields)
    assert fields.pop("review") == "draft"
    assert fields.pop("source") == "wire-2025"
    return fields


def test_a_pledge_by_name_dated_by_its_weekday():
    # 12 March 2025 is a Wednesday: "on Monday" is 10 March.
    assert only("Jamaica pledged 200 soldiers to the force on Monday, officials said.") == {
        "id": "jam-pledge-200-2025-03-10",
        "kind": "pledge",
        "quote": "Jamaica pledged 200 soldiers to the force on Monday, officials said.",
        "as_of": PartialDate(2025, 3, 10),
        "country": "JAM",
        "personnel": 200,
        "stage": "committed",
        "note": '"Monday" is the Monday before publication on 2025-03-12, Monday 10 March 2025.',
    }


def test_an_arrival_by_demonym_with_its_qualifier_and_curly_quotes_kept():
    fields = only(
        "“Some 300 Kenyan police officers arrived in Port-au-Prince on Saturday,” the ministry said."
    )
    assert {key: fields[key] for key in ("id", "kind", "country", "personnel", "personnel_type", "measure",
                                         "qualifier", "as_of")} == {
        "id": "ken-arrived-about-300-2025-03-08", "kind": "deployment", "country": "KEN", "personnel": 300,
        "personnel_type": "police", "measure": "arrival", "qualifier": "approx", "as_of": PartialDate(2025, 3, 8),
    }  # fmt: skip
    assert fields["quote"].startswith("“Some 300 Kenyan police officers arrived")


def test_a_stock_on_the_ground_at_least():
    fields = only("The Bahamas now has more than 150 troops on the ground in Haiti.")
    assert (fields["kind"], fields["country"], fields["personnel"], fields["measure"], fields["qualifier"]) == (
        "deployment", "BHS", 150, "stock", "at_least",
    )  # fmt: skip
    assert fields["personnel_type"] == "unspecified"  # "troops" says nothing of police or army
    assert fields["as_of"] == PartialDate.parse("2025-03-12")
    assert "note" not in fields


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Canada will contribute C$80 million to the trust fund, its foreign ministry said.",
         ("CAN", 80_000_000, "CAD", "pledge", "one_off")),
        ("The United States has paid US$45.5 million into the fund so far.",
         ("USA", 45_500_000, "USD", "contribution", "cumulative")),
        ("The fund holds less than $12 million, a U.N. report says.", (None, 12_000_000, "USD", "fund_balance", "at_date")),
        ("The mission's annual cost is estimated at €600 million.", (None, 600_000_000, "EUR", "cost_estimate", "annual")),
    ],
)  # fmt: skip
def test_money_is_funding_with_its_currency_flow_and_basis(sentence, expected):
    fields = only(sentence)
    assert fields["kind"] == "funding"
    assert (
        fields["country"],
        fields["amount"],
        fields["currency"],
        fields["flow"],
        fields["basis"],
    ) == expected
    # Only a basis no word gives is said to be a guess.
    assert ("The basis (one_off) is a guess" in fields.get("note", "")) is (fields["basis"] == "one_off")


def test_a_mission_wide_ceiling_is_a_target():
    fields = only("The Security Council authorised a force of up to 3,000 personnel.")
    assert (fields["kind"], fields["country"], fields["personnel"], fields["stage"], fields["qualifier"]) == (
        "pledge", None, 3000, "target", "at_most",
    )  # fmt: skip
    assert fields["id"] == "mission-target-up-to-3000-2025-03-12"


def test_a_clause_without_a_country_borrows_the_subject_and_the_quote_is_the_shortest_that_says_it():
    result = drafted("Kenya deployed 400 more officers last week, bringing its total to 1,000.", "2025-03-12")
    first, second = (draft.fields for draft in result.drafts)
    assert (first["country"], first["personnel"], first["as_of"]) == ("KEN", 400, PartialDate(2025, 3))
    assert first["quote"] == "Kenya deployed 400 more officers last week"
    assert (second["country"], second["personnel"], second["measure"]) == ("KEN", 1000, "stock")


def test_hard_wrapped_lines_give_whole_sentences():
    text = "KINGSTON\n\nBelize offered on Friday to send up to\n50 soldiers to Haiti, the\ngovernment said.\n"
    fields = only(text, "2025-03-12")
    assert (
        fields["quote"] == "Belize offered on Friday to send up to 50 soldiers to Haiti, the government said."
    )
    assert (fields["country"], fields["stage"], fields["qualifier"], fields["as_of"]) == (
        "BLZ", "announced", "at_most", PartialDate(2025, 3, 7),
    )  # fmt: skip


def test_a_repeated_figure_is_drafted_once():
    text = "Jamaica pledged 200 soldiers to the force.\n\nJamaica pledged 200 soldiers to the force, again.\n"
    result = drafted(text)
    assert [draft.fields["personnel"] for draft in result.drafts] == [200]
    assert [(item.figure, item.reason) for item in result.undrafted] == [
        ("200", "repeats the figure of jam-pledge-200-2025-03-12")
    ]


def test_figures_that_are_not_head_counts_or_money_are_listed_not_drafted():
    result = drafted("The council's 15 members voted in October 2024; 60% of Haitians approve.")
    assert result.drafts == []
    assert [(item.figure, item.kind) for item in result.undrafted] == [
        ("15", "count"), ("October 2024", "date"), ("60%", "percent"),
    ]  # fmt: skip
    assert result.undrafted[0].reason == "counts members, not personnel"


def test_a_weekday_in_an_article_dated_to_the_month_gives_the_month():
    fields = only("Jamaica pledged 200 soldiers on Monday.", "2025-03")
    assert fields["as_of"] == PartialDate(2025, 3)
    assert fields["note"] == '"Monday" in an article dated only to 2025-03: the day is not known.'


def test_a_speaker_is_not_the_country():
    fields = only("The operation will cost approximately $600 million a year, according to Kenyan officials.")
    assert (fields["country"], fields["speaker"], fields["flow"]) == (
        None,
        "Kenyan officials",
        "cost_estimate",
    )


def test_ids_are_unique():
    result = drafted("Jamaica pledged 200 soldiers on Monday.", taken=("jam-pledge-200-2025-03-10",))
    assert result.drafts[0].id == "jam-pledge-200-2025-03-10-2"


# --- What a figure counts, and whose it is --------------------------------------------------------


def read(text: str, published: str = "2025-03-12") -> list[tuple]:
    """Each draft as (figure, country, number, what it is)."""
    return [
        (
            draft.figure,
            draft.fields["country"],
            draft.fields.get("personnel", draft.fields.get("amount")),
            draft.fields.get("measure") or draft.fields.get("stage") or draft.fields.get("flow"),
        )
        for draft in drafted(text, published).drafts
    ]


def not_drafted(text: str, published: str = "2025-03-12") -> list[tuple[str, str]]:
    return [(item.figure, item.reason) for item in drafted(text, published).undrafted]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the noun left out, read from the clause's verb
        (
            "Kenya flew in 200 police officers on Tuesday. They join the 400 who arrived in June.",
            [("200", "KEN", 200, "arrival"), ("400", "KEN", 400, "arrival")],
        ),
        (
            "The mission has fewer than 430 personnel, against the 2,500 the Council envisaged.",
            [("430", None, 430, "stock"), ("2,500", None, 2500, "target")],
        ),
        # "300 more" adds to what the sentence counts; "will" makes it a plan
        (
            "Kenya will send 250 officers next month, then add 300 more by July, the minister said.",
            [("250", "KEN", 250, "announced"), ("300", "KEN", 300, "announced")],
        ),
        # a list after a sentence about personnel: the noun is that sentence's
        (
            "The mission numbers 1,000 personnel. Jamaica has 150, Guatemala 150 and El Salvador about 80.",
            [
                ("1,000", None, 1000, "stock"),
                ("150", "JAM", 150, "stock"),
                ("150", "GTM", 150, "stock"),
                ("80", "SLV", 80, "stock"),
            ],
        ),
        ("The force has 3,140 personnel. The envoy listed Kenya (720) and Chad (650).",
         [("3,140", None, 3140, "stock"), ("720", "KEN", 720, "stock"), ("650", "TCD", 650, "stock")]),
    ],
)  # fmt: skip
def test_a_head_count_whose_noun_is_left_out(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country after the figure with "from" is that figure's, not the one before it
        (
            "Chad and Burundi said they would contribute a battalion each: 650 soldiers from Chad and 500 from Burundi.",
            [("650", "TCD", 650, "announced"), ("500", "BDI", 500, "announced")],
        ),
        ("Jamaica and Belize have offered 200 and 50 respectively.",
         [("200", "JAM", 200, "announced"), ("50", "BLZ", 50, "announced")]),
        # one figure, one claim for each country
        ("Jamaicans and Guatemalans are deployed in Haiti, numbering about 200 each.",
         [("200", "JAM", 200, "stock"), ("200", "GTM", 200, "stock")]),
        # a country in an aside about something else, or describing the mission, is not the figure's
        ("The Council voted 12-0, with China, Pakistan and Russia abstaining, to authorise a force with a ceiling of 5,550 personnel.",
         [("5,550", None, 5550, "target")]),
        ("The MSS trust fund, which Kenya criticised for paying late, held $31.6m at the end of August.",
         [("$31.6m", None, 31_600_000, "fund_balance")]),
        ("Donors pledged about $112 million to the Kenya-led mission on Wednesday.",
         [("$112 million", None, 112_000_000, "pledge")]),
        # a government named by its capital or its seat
        ("Washington has pledged US$360m in all, and the Pentagon has shipped $60 million of equipment.",
         [("US$360m", "USA", 360_000_000, "pledge"), ("$60 million", "USA", 60_000_000, "contribution")]),
        # two countries with "between them", or two demonyms in the noun phrase: a joint figure
        ("El Salvador and Guatemala have roughly 400 soldiers between them in Haiti.",
         [("400", None, 400, "stock")]),
        ("A further rotation of about 70 Belizean and Bahamian personnel is planned for May.",
         [("70", None, 70, "announced")]),
    ],
)  # fmt: skip
def test_whose_figure_it_is(text, expected):
    assert read(text) == expected


def test_a_clause_without_a_country_is_the_earlier_sentences_and_the_note_says_so():
    text = (
        "Interior Secretary Omollo said 738 Kenyan officers were serving in Haiti. Of the 1,000 the "
        'government promised, the remaining 262 would be deployed "once logistics allow", he said.'
    )
    first, second, third = drafted(text).drafts
    assert [(draft.figure, draft.fields["country"]) for draft in (first, second, third)] == [
        ("738", "KEN"), ("1,000", "KEN"), ("262", "KEN"),
    ]  # fmt: skip
    assert (second.fields["stage"], third.fields["stage"]) == ("committed", "announced")
    assert 'The country is read from an earlier sentence ("Kenyan").' in second.fields["note"]


def test_a_sentence_about_the_mission_lends_no_country_to_the_next():
    text = "The MSS mission deployed only 400 Kenyan troops. Its dedicated fund holds less than $100 million."
    assert read(text) == [("400", "KEN", 400, "stock"), ("$100 million", None, 100_000_000, "fund_balance")]


@pytest.mark.parametrize(
    ("text", "figure", "reason"),
    [
        ('"We are here," said Inspector Jane Wanjiku, 38, who leads a patrol unit.', "38", "an age or an aside"),
        ("The deployed officers are aged between 22 and 40.", "40", "an age"),
        ("Kenyan officers patrol Route 3 every day.", "3", "part of a name or a number"),
        ("Kenyan police patrol the streets of Delmas 33 with 20 officers.", "33", "part of a name"),
        ("Families of deployed troops can call +1 212 555 0199.", "212", "part of a longer number (a phone number?)"),
        ("Two Kenyan officers have been killed since the deployment began.", "Two",
         "the dead, wounded or displaced, not the mission's strength"),
        ("Haiti's national police has about 9,000 officers for the whole country.", "9,000",
         "the Haitian police's strength, not the mission's"),
        ("Lawmakers voted 107 to 19 to send the troops.", "107", "a vote's tally"),
        ("Twenty-two marines returned home on Sunday after six months in Haiti.", "Twenty-two",
         "a departure: mss records arrivals and stocks, not who went home"),
        ("The commander has asked for at least 1,000 more personnel.", "1,000",
         "a request for personnel: an event, not a head count"),
        ("If every offer were honoured, the force would number about 6,400 personnel.", "6,400",
         "a hypothetical: the sentence says what would be, if"),
        ("The convoy had eleven armoured vehicles and 90 soldiers.", "eleven", "counts vehicles, not personnel"),
        ("Kenya has spent KES 2 billion (about $15.5 million) on its police in Haiti.", "$15.5 million",
         "a conversion of KES 2 billion"),
        ("Contingents are reimbursed at $1,448 per soldier per month.", "$1,448",
         "an amount per person, not for the mission"),
        ("The committee approved $372 million, $60 million less than the request.", "$60 million",
         "the difference between two amounts"),
    ],
)  # fmt: skip
def test_figures_that_are_not_the_missions_are_listed_with_the_reason(text, figure, reason):
    assert (figure, reason) in not_drafted(text)


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("Kenya has spent Sh1.5 billion on the deployment so far.", "KES", 1_500_000_000),
        ("The Treasury released KES 2bn for the deployment's second year.", "KES", 2_000_000_000),
        ("The Exchequer released a further KSh 900 million for Kenya's police in Haiti.", "KES", 900_000_000),
        ("The United States froze US$40m it had pledged to the fund.", "USD", 40_000_000),
        ("Germany gave €5 million to the trust fund.", "EUR", 5_000_000),
        ("Nassau estimates its costs at about B$3 million a year.", "BSD", 3_000_000),
        ("Norway pledged 30 million kroner to the fund.", "NOK", 30_000_000),
        ("Guatemala's Congress approved 45 million quetzales for its troops in Haiti.", "GTQ", 45_000_000),
        ("The OECS pledged EC$2 million to the fund.", "XCD", 2_000_000),
        ("Brazil pledged R$5 million to the fund.", "BRL", 5_000_000),
        ("China pledged 12 million renminbi to the fund.", "CNY", 12_000_000),
    ],
)
def test_money_in_the_forms_the_press_writes(text, currency, amount):
    [draft] = drafted(text).drafts
    assert (draft.fields["currency"], draft.fields["amount"]) == (currency, amount)


# A spelling of every sign and code before a figure, and of every currency word after one.
BEFORE = {"US$": "USD", "USD ": "USD", "U.S. $": "USD", "C$": "CAD", "CA$": "CAD", "CAD ": "CAD",
          "Can$": "CAD", "J$": "JMD", "JMD ": "JMD", "A$": "AUD", "AUD ": "AUD", "NZ$": "NZD",
          "NZD ": "NZD", "KES ": "KES", "KSh": "KES", "Ksh.": "KES", "Sh": "KES", "€": "EUR",
          "EUR ": "EUR", "£": "GBP", "GBP ": "GBP", "JP¥": "JPY", "JPY ": "JPY", "CN¥": "CNY",
          "RMB ": "CNY", "CNY ": "CNY", "¥": "JPY", "HTG ": "HTG", "R$": "BRL", "BRL ": "BRL",
          "CHF ": "CHF", "BZ$": "BZD", "BZD ": "BZD", "TT$": "TTD", "TTD ": "TTD", "EC$": "XCD",
          "XCD ": "XCD", "HK$": "HKD", "HKD ": "HKD", "B$": "BSD", "BSD ": "BSD", "GTQ ": "GTQ",
          "NOK ": "NOK", "$": "USD"}  # fmt: skip
AFTER = {"Canadian dollars": "CAD", "Jamaican dollars": "JMD", "Australian dollars": "AUD",
         "Bahamian dollars": "BSD", "dollars": "USD", "US dollars": "USD", "U.S. dollars": "USD",
         "American dollars": "USD", "shillings": "KES", "Kenyan shillings": "KES", "Kenya shillings": "KES",
         "euros": "EUR", "euro": "EUR", "pounds": "GBP", "British pounds": "GBP",
         "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
         "gourdes": "HTG", "francs": "CHF", "Swiss francs": "CHF", "quetzales": "GTQ", "quetzals": "GTQ",
         "Danish kroner": "DKK", "kroner": "NOK", "Norwegian kroner": "NOK", "kronor": "SEK",
         "Swedish kronor": "SEK"}  # fmt: skip


def test_every_currency_of_the_table_is_money_to_mss_check_and_has_its_code_in_a_draft():
    """One table serves the figure finder (is it money?) and the drafter (which currency?): each
    sign before a figure, and each currency word after one, is both."""
    from haiti_mss.analysis.figures import CURRENCY_SIGNS, CURRENCY_WORDS
    from haiti_mss.analysis.text import normalise

    assert set(BEFORE.values()) == {code for _, code in CURRENCY_SIGNS}  # a spelling of every row
    assert set(AFTER.values()) == {code for _, code in CURRENCY_WORDS}
    written = [(f"{sign}5 million", code) for sign, code in BEFORE.items()]
    written += [(f"5 million {words}", code) for words, code in AFTER.items()]
    for figure_text, code in written:
        text = f"The government pledged {figure_text} to the fund."
        [found] = [figure for figure in figures(normalise(text)) if figure.value == 5_000_000]
        assert (found.kind, found.text) == ("money", figure_text), figure_text
        [draft] = drafted(text).drafts
        assert (draft.fields["currency"], draft.fields["amount"]) == (code, 5_000_000), figure_text


def test_a_headline_figure_is_drafted_from_the_body_that_says_what_and_when():
    text = (
        "Mission counts 600 Kenyan police in Haiti\n\n"
        "A second group of 200 Kenyan police officers landed on Tuesday, bringing the Kenyan "
        "contingent to 600, the mission said.\n"
    )
    source = SourceRecord("wire-2025", "seeds/x.txt", "0" * 64, "Mission counts 600 Kenyan police in Haiti",
                          PartialDate.parse("2025-03-12"))  # fmt: skip
    result = Drafter(source, text, ()).drafted([])
    assert [(draft.figure, draft.fields["as_of"]) for draft in result.drafts] == [
        ("200", PartialDate(2025, 3, 11)), ("600", PartialDate(2025, 3, 11)),
    ]  # fmt: skip
    assert ("600", "the headline repeats the figure of ken-deployed-600-2025-03-11") in [
        (item.figure, item.reason) for item in result.undrafted
    ]


def test_a_fact_box_line_that_repeats_the_body_is_a_repeat():
    text = (
        "Kenya's police said on Monday that 744 Kenyan officers were in Haiti.\n\n"
        "KEY FIGURES\n- Kenyan officers in Haiti: 744\n- Promised by Kenya: 1,000\n"
    )
    assert read(text) == [("744", "KEN", 744, "stock"), ("1,000", "KEN", 1000, "committed")]
    assert ("744", "repeats the figure of ken-deployed-744-2025-03-10") in not_drafted(text)


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        # the start of a period does not date its total
        ("Kenya has spent Sh11 billion on the deployment since June 2024.", PartialDate(2025, 3, 12)),
        # a month still to come is a plan, not last year's month
        ("Nepal has said it will send 180 police officers in July.", PartialDate(2025, 3, 12)),
        ("Some 200 Kenyan police arrived in Haiti in July.", PartialDate(2024, 7)),
        # "bringing … to" is dated by the event that brought it there
        ("A group of 200 Kenyan officers landed on Tuesday, bringing the contingent to 600.", PartialDate(2025, 3, 11)),
    ],
)  # fmt: skip
def test_the_date_of_the_figure(text, as_of):
    assert drafted(text).drafts[-1].fields["as_of"] == as_of


# --- The command ---------------------------------------------------------------------------------


@pytest.fixture
def uncited(tmp_path, monkeypatch):
    """The test corpus with the claims of one source (nations-join…) removed: its figures uncited."""
    folder = tmp_path / "project"
    shutil.copytree(CORPUS, folder)
    data = folder / "data" / "claims.yaml"
    text = data.read_text(encoding="utf-8")
    kept = [
        block
        for block in text.split("\n  - id: ")
        if "source: nations-join-kenya-mission-2023-09" not in block
    ]
    data.write_text("\n  - id: ".join(kept), encoding="utf-8")
    monkeypatch.chdir(folder)
    return data


def test_draft_prints_yaml_to_paste_and_lists_what_it_does_not_draft(run, uncited):
    result = run("draft", "nations-join-kenya-mission-2023-09")
    assert result.exit_code == 0, result.stderr
    assert "  - id: ken-pledge-1000-2023-09\n    kind: pledge\n" in result.stdout
    assert "    review: draft\n" in result.stdout
    assert "#   'October 2022' (date): a date" in result.stdout


def test_draft_json(run, uncited):
    result = run("draft", "nations-join-kenya-mission-2023-09", "--format", "json")
    document = json.loads(result.stdout)
    pledge = next(item for item in document["drafts"] if item["id"] == "ken-pledge-1000-2023-09")
    assert pledge == {
        "id": "ken-pledge-1000-2023-09", "kind": "pledge", "source": "nations-join-kenya-mission-2023-09",
        "quote": "Kenya has promised to provide 1,000 security personnel to Haiti.", "as_of": "2023-09",
        "country": "KEN", "personnel": 1000, "stage": "committed", "review": "draft",
    }  # fmt: skip
    assert {item["figure"] for item in document["undrafted"]} >= {"October 2022", "July 2023"}


def test_draft_write_adds_checked_drafts_and_a_second_run_finds_nothing_left(run, uncited):
    before = uncited.read_text(encoding="utf-8")
    written = run("draft", "nations-join-kenya-mission-2023-09", "--write")
    assert written.exit_code == 0, written.stderr
    after = uncited.read_text(encoding="utf-8")
    assert "  - id: ken-pledge-1000-2023-09\n" in one_block_added(before, after)
    problems = checked(uncited).problems
    assert {problem.code for problem in problems} == {"unreviewed-draft"}  # every quote verifies
    again = run("draft", "nations-join-kenya-mission-2023-09", "--format", "json")
    assert json.loads(again.stdout)["drafts"] == []
    assert run("check", "--strict").exit_code == 1
    uncited.write_text(after.replace("    review: draft\n", ""), encoding="utf-8")
    assert run("check").exit_code == 0
    troops = json.loads(run("troops", "--by-country", "--format", "json").stdout)
    assert {row["country"]: row["pledged"] for row in troops}["BLZ"] == 50


def test_an_interrupted_draft_write_leaves_the_data_as_it_was(run, uncited, monkeypatch):
    before = uncited.read_bytes()

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)  # Ctrl-C just as the data file is replaced
    result = run("draft", "nations-join-kenya-mission-2023-09", "--write")
    assert result.exit_code == 130  # as the shell reports an interrupted command
    assert uncited.read_bytes() == before
    assert sorted(path.name for path in uncited.parent.iterdir() if path.name != ".mss-cache") == [
        "claims.yaml"
    ]


def test_an_unknown_source_is_a_usage_error(run, in_corpus):
    result = run("draft", "nations-join")
    assert result.exit_code == 2
    assert (
        "no source with id 'nations-join'; did you mean nations-join-kenya-mission-2023-09?" in result.stderr
    )


@pytest.mark.parametrize(
    ("text", "start", "end", "named"),
    [
        ("Kenyans arrived in Port-au-Prince.", 0, 5, []),  # "Kenya" of "Kenyans": a cut word
        ("Kenyans arrived in Port-au-Prince.", 0, 7, [("Kenyans", "KEN")]),
        ("Troops from Papua New Guinea came.", 22, 28, []),  # "Guinea" of "Papua New Guinea"
        ("Troops from Papua New Guinea came.", 0, None, [("Papua New Guinea", "PNG")]),
        ("Belize and Jamaica sent 24 soldiers.", 6, None, [("Jamaica", "JAM")]),
    ],
)
def test_a_country_is_named_in_a_range_only_when_its_whole_name_is(text, start, end, named):
    from haiti_mss.curate.places import mentions

    assert [(mention.words, mention.country) for mention in mentions(text, start, end)] == named
