import pytest
from hypothesis import given
from hypothesis import strategies as st

from haiti_mss.analysis.figures import figures, qualifier_before
from haiti_mss.analysis.text import (
    closest_passage,
    find_quote,
    mapped,
    normalise,
    sentences,
    splits_number,
    weekdays_in,
)


def test_normalise_folds_quotes_dashes_invisibles_and_whitespace_only():
    assert (
        normalise("Kenya\u2019s \u201cforce\u201d \u2014 now\u200b\n\t here ")
        == 'Kenya\'s "force" - now here'
    )
    # No case folding, no NFKC, digit separators kept.
    assert normalise("The 3,100 ﬁgures") == "The 3,100 ﬁgures"
    assert normalise("e\u0301") == "\u00e9"  # NFC


def test_a_quote_is_found_only_on_word_boundaries():
    text = normalise("Kenya has promised to provide 1,000 security personnel to Haiti.")
    assert find_quote("Kenya has promised", text) == 0
    assert find_quote("enya has promised", text) is None
    assert find_quote("security person", text) is None
    assert find_quote("1,000 security personnel", text) == 30
    assert find_quote("to Haiti.", text) == 55


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("500 police officers", "21,500 police officers"),
        ("5 million people", "1.5 million people"),
        ("officers numbered 21", "officers numbered 21,500 in all"),
        ("costs 1", "costs 1.5 billion"),
    ],
)
def test_a_quote_never_starts_or_ends_inside_a_number(quote, text):
    assert find_quote(quote, text) is None
    assert splits_number(text, text.find(quote), text.find(quote) + len(quote))


def test_a_number_ends_at_a_separator_that_ends_a_sentence():
    assert find_quote("was 2023", "It was 2023, then 2024.") == 3
    assert find_quote("then 2024", "It was 2023, then 2024.") == 13


def test_a_later_occurrence_on_word_boundaries_is_found():
    assert find_quote("ten", "often ten") == 6


def test_closest_passage_names_the_first_difference():
    text = normalise("far fewer than the 3,100 pledged by participating nations")
    near = closest_passage("fewer than the 3100 pledged", text)
    assert near is not None
    assert (near.offset, near.quote_char, near.source_char) == (16, "1", ",")
    assert near.passage.startswith("fewer than the 3,100 pledged")


def test_closest_passage_aligns_on_the_end_when_the_start_differs():
    near = closest_passage("Xenya has promised to provide", "Kenya has promised to provide aid")
    assert near is not None
    assert (near.offset, near.quote_char, near.source_char) == (0, "X", "K")


def test_closest_passage_gives_up_on_unrelated_text():
    assert closest_passage("nothing of the sort", "Kenya has promised to provide aid") is None


def test_figures_reads_money_dates_counts_years_and_tokens_but_not_urls():
    text = normalise(
        "On Monday, September 25 the G20 gave over $300 million and 2,500 officers in 2021; "
        "12.5% more. See https://example.com/channel/0029VaB3k54 and October 2025."
    )
    found = [(f.text, f.kind, f.value) for f in figures(text)]
    assert found == [
        ("Monday, September 25", "date", None),
        ("G20", "token", None),
        ("$300 million", "money", 300_000_000),
        ("2,500", "count", 2500),
        ("2021", "year", 2021),
        ("12.5%", "percent", 12.5),
        ("October 2025", "date", None),
    ]


def test_figure_values_read_digits_and_scales():
    def values(text: str) -> set[int | float]:
        return {figure.value for figure in figures(text) if figure.value is not None}

    assert values("up to 50 uniformed personnel") == {50}
    assert values("less than $100 million") == {100_000_000}
    assert values("just over 400 foreign security personnel") == {400}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least a dozen nations", [("a dozen", "count", 12)]),
        ("Two hundred police officers", [("Two hundred", "count", 200)]),
        ("three hundred and fifty officers", [("three hundred and fifty", "count", 350)]),
        ("Forty-two officers and four medics", [("Forty-two", "count", 42), ("four", "count", 4)]),
        ("about two dozen", [("two dozen", "count", 24)]),
        (
            "a thousand troops, two million people",
            [("a thousand", "count", 1000), ("two million", "count", 2_000_000)],
        ),
        ("for the next five years", [("five", "duration", 5)]),
        ("a pivotal two-hour meeting", [("two", "duration", 2)]),
        ("a nine-member council", [("nine", "count", 9)]),
        # Not figures: "one", articles, ordinals, vague plurals, the scale of a figure in digits.
        ("a couple of dozen marines", [("a couple of dozen", "count", 24)]),
        ("a couple of soldiers", []),
        ("one of them, a one-year extension", []),
        ("the second time, thousands of lives, dozens of hundreds", []),
        ("over $300 million", [("$300 million", "money", 300_000_000)]),
    ],
)
def test_figures_in_words(text, expected):
    assert [(figure.text, figure.kind, figure.value) for figure in figures(text)] == expected


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("has spent Sh1.5 billion on it", ("Sh1.5 billion", 1_500_000_000)),
        ("released KSh 900 million", ("KSh 900 million", 900_000_000)),
        ("a further US$ 12 million", ("US$ 12 million", 12_000_000)),
        ("about B$3 million a year", ("B$3 million", 3_000_000)),
        ("Norway 30 million kroner", ("30 million kroner", 30_000_000)),
        ("approved 45 million quetzales", ("45 million quetzales", 45_000_000)),
        ("80 million Canadian dollars", ("80 million Canadian dollars", 80_000_000)),
        # Signs and words the drafter knew and the figure finder did not, before one table served both:
        ("Brazil gave R$5 million", ("R$5 million", 5_000_000)),
        ("Ottawa added CA$3 million", ("CA$3 million", 3_000_000)),
        ("a grant of RMB 20 million", ("RMB 20 million", 20_000_000)),
        ("the OECS pledged EC$2 million", ("EC$2 million", 2_000_000)),
        ("Canberra offered AUD 4 million", ("AUD 4 million", 4_000_000)),
        ("China gave 12 million renminbi", ("12 million renminbi", 12_000_000)),
        ("London sent 7 million pounds sterling", ("7 million pounds sterling", 7_000_000)),
    ],
)
def test_money_as_the_press_writes_it(text, money):
    assert [(figure.text, figure.value) for figure in figures(text) if figure.kind == "money"] == [money]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("in 2024", "year"),
        ("12.5% more", "percent"),
        ("KES 2 billion", "money"),
        ("C$80.5 million", "money"),
        ("300 million dollars", "money"),
        ("within 30 days", "duration"),
        ("a 90-day review", "duration"),
        ("400 officers", "count"),
    ],
)
def test_each_figure_has_a_kind(text, kind):
    [figure] = figures(text)
    assert figure.kind == kind


@pytest.mark.parametrize(
    ("quote", "qualifier"),
    [
        ("deploy up to 50 uniformed personnel", "at_most"),
        ("holds less than $100 million", "at_most"),
        ("just over 400 foreign security personnel", "at_least"),
        ("having allocated over $300 million", "at_least"),
        ("is approximately $600 million", "approx"),
        ("offered as many as 1,000 police", "at_most"),
        ("with a ceiling of 5,550 personnel", "at_most"),
        ("numbers just under 1,000 personnel", "at_most"),
        ("has deployed close to 400 police officers", "approx"),
        ("far fewer than the 3,100 pledged", "exact"),
        ("provide 1,000 security personnel", "exact"),
    ],
)
def test_qualifier_before_reads_the_words_that_qualify_a_figure(quote, qualifier):
    figure = next(f for f in figures(quote) if f.value is not None)
    assert qualifier_before(quote, figure) == qualifier


def test_weekdays_in():
    assert weekdays_in("signed on Monday, September 25, and on Friday") == {"Monday", "Friday"}
    assert weekdays_in("Mondays are quiet") == set()


def test_sentences_split_lines_and_full_stops_but_not_initials():
    original = "U.S. Abandons Push for U.N. Mission\n\nThe U.S. has halted. It seeks $300 million.\n"
    text = normalise(original)
    assert [text[start:end] for start, end in sentences(original, text)] == [
        "U.S. Abandons Push for U.N. Mission",
        "The U.S. has halted.",
        "It seeks $300 million.",
    ]


# --- Verbatim: positions found in the normalised text, shown from the text as written ---------

_PIECES = st.sampled_from(
    ["Haiti", "’s", "“force”", " — ", "troops—far", "\n", "\r\n", "  ", "\t", "\u200b", "e\u0301", "é", "1,000",
     ".", " ", "\u00ad", "x"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=20).map("".join))
def test_the_mapped_text_is_the_normalised_text_and_every_span_comes_from_the_original(original):
    where = mapped(original)
    assert where.normalised == normalise(original)
    for start in range(len(where.normalised)):
        for end in range(start + 1, len(where.normalised) + 1):
            # What is shown reads, once normalised, as what was matched.
            assert normalise(where.verbatim(start, end)) == where.normalised[start:end].strip()


def test_a_passage_is_cut_from_the_text_as_written():
    where = mapped("Haiti’s troops\r\n\r\nwere—far “fewer”.")
    start = where.normalised.index("troops were-far")
    assert where.verbatim(start, start + len("troops were-far")) == "troops\r\n\r\nwere—far"
    assert where.verbatim(0, len(where.normalised)) == "Haiti’s troops\r\n\r\nwere—far “fewer”."
