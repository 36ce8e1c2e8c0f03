"""Countries named in running text, by name, by demonym ("Jamaican troops", "200 Kenyans") or by
the seat of their government ("Washington has pledged").

Names are ISO 3166's (pycountry: official and common names) and the press names of
`analysis.countries.ALIASES`, plus the abbreviations the press uses for the United States and the
United Kingdom; demonyms come from the table below, as adjectives and as plural nouns. A name must
start with a capital letter where it stands, so "us" and "chad" in lowercase text are no countries;
an adjective that is also a language or a people of several states ("Congolese") is left out rather
than guessed.

Not every name is an actor. A capital is a government only as the subject of a verb ("Nairobi
says", "Officials in Nairobi said"), never as a place ("flew out of Kingston"); a name that only
describes something else is no mention at all: the "Kenya" of "the Kenya-led mission" and the "US"
of "US$40m".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

# Adjectives of nationality as the press writes them, by ISO 3166-1 alpha-3 code.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghan",), "ALB": ("Albanian",), "DZA": ("Algerian",), "AGO": ("Angolan",),
    "ATG": ("Antiguan",), "ARG": ("Argentine", "Argentinian"), "ARM": ("Armenian",),
    "AUS": ("Australian",), "AUT": ("Austrian",), "AZE": ("Azerbaijani",), "BHS": ("Bahamian",),
    "BHR": ("Bahraini",), "BGD": ("Bangladeshi",), "BRB": ("Barbadian", "Bajan"), "BLR": ("Belarusian",),
    "BEL": ("Belgian",), "BLZ": ("Belizean",), "BEN": ("Beninese", "Beninois"), "BTN": ("Bhutanese",),
    "BOL": ("Bolivian",), "BIH": ("Bosnian",), "BWA": ("Botswanan",), "BRA": ("Brazilian",),
    "GBR": ("British",), "BGR": ("Bulgarian",), "BFA": ("Burkinabe", "Burkinabé"), "BDI": ("Burundian",),
    "KHM": ("Cambodian",), "CMR": ("Cameroonian",), "CAN": ("Canadian",), "CPV": ("Cape Verdean",),
    "TCD": ("Chadian",), "CHL": ("Chilean",), "CHN": ("Chinese",), "COL": ("Colombian",),
    "CRI": ("Costa Rican",), "CIV": ("Ivorian",), "HRV": ("Croatian",), "CUB": ("Cuban",),
    "CYP": ("Cypriot",), "CZE": ("Czech",), "DNK": ("Danish",), "DJI": ("Djiboutian",),
    "DOM": ("Dominican",), "ECU": ("Ecuadorian", "Ecuadorean"),
    "EGY": ("Egyptian",), "SLV": ("Salvadoran", "Salvadorean", "Salvadorian"), "ERI": ("Eritrean",),
    "EST": ("Estonian",), "ETH": ("Ethiopian",), "FJI": ("Fijian",), "FIN": ("Finnish",),
    "FRA": ("French",), "GAB": ("Gabonese",), "GMB": ("Gambian",), "GEO": ("Georgian",),
    "DEU": ("German",), "GHA": ("Ghanaian",), "GRC": ("Greek",), "GRD": ("Grenadian",),
    "GTM": ("Guatemalan",), "GIN": ("Guinean",), "GUY": ("Guyanese",), "HTI": ("Haitian",),
    "HND": ("Honduran",), "HUN": ("Hungarian",), "ISL": ("Icelandic",), "IND": ("Indian",),
    "IDN": ("Indonesian",), "IRN": ("Iranian",), "IRQ": ("Iraqi",), "IRL": ("Irish",),
    "ISR": ("Israeli",), "ITA": ("Italian",), "JAM": ("Jamaican",), "JPN": ("Japanese",),
    "JOR": ("Jordanian",), "KAZ": ("Kazakh", "Kazakhstani"), "KEN": ("Kenyan",), "KWT": ("Kuwaiti",),
    "LVA": ("Latvian",), "LBN": ("Lebanese",), "LBR": ("Liberian",), "LBY": ("Libyan",),
    "LTU": ("Lithuanian",), "MDG": ("Malagasy",), "MWI": ("Malawian",), "MYS": ("Malaysian",),
    "MLI": ("Malian",), "MRT": ("Mauritanian",), "MUS": ("Mauritian",), "MEX": ("Mexican",),
    "MDA": ("Moldovan",), "MNG": ("Mongolian",), "MAR": ("Moroccan",), "MOZ": ("Mozambican",),
    "NAM": ("Namibian",), "NPL": ("Nepalese", "Nepali"), "NLD": ("Dutch",),
    "NZL": ("New Zealand",), "NIC": ("Nicaraguan",), "NER": ("Nigerien",), "NGA": ("Nigerian",),
    "PRK": ("North Korean",), "NOR": ("Norwegian",), "OMN": ("Omani",), "PAK": ("Pakistani",),
    "PAN": ("Panamanian",), "PRY": ("Paraguayan",), "PER": ("Peruvian",), "PHL": ("Filipino", "Philippine"),
    "POL": ("Polish",), "PRT": ("Portuguese",), "QAT": ("Qatari",), "ROU": ("Romanian",),
    "RUS": ("Russian",), "RWA": ("Rwandan",), "KNA": ("Kittitian",), "LCA": ("Saint Lucian", "St Lucian"),
    "VCT": ("Vincentian",), "SAU": ("Saudi",), "SEN": ("Senegalese",), "SRB": ("Serbian",),
    "SLE": ("Sierra Leonean",), "SGP": ("Singaporean",), "SVK": ("Slovak",), "SVN": ("Slovenian",),
    "SOM": ("Somali",), "ZAF": ("South African",), "KOR": ("South Korean",), "SSD": ("South Sudanese",),
    "ESP": ("Spanish",), "LKA": ("Sri Lankan",), "SDN": ("Sudanese",), "SUR": ("Surinamese",),
    "SWE": ("Swedish",), "CHE": ("Swiss",), "SYR": ("Syrian",), "TWN": ("Taiwanese",),
    "TJK": ("Tajik",), "TZA": ("Tanzanian",), "THA": ("Thai",), "TGO": ("Togolese",),
    "TTO": ("Trinidadian", "Trinbagonian"), "TUN": ("Tunisian",), "TUR": ("Turkish",),
    "UGA": ("Ugandan",), "UKR": ("Ukrainian",), "ARE": ("Emirati",), "USA": ("American",),
    "URY": ("Uruguayan",), "UZB": ("Uzbek",), "VEN": ("Venezuelan",), "VNM": ("Vietnamese",),
    "YEM": ("Yemeni",), "ZMB": ("Zambian",), "ZWE": ("Zimbabwean",),
}  # fmt: skip

# How the press abbreviates a few states, written as they must stand (case matters: "US", not "us").
_ABBREVIATIONS = {"U.S.": "USA", "US": "USA", "U.S.A.": "USA", "USA": "USA", "U.K.": "GBR", "UK": "GBR"}

# Governments named by their seat: always the government ("the Pentagon has shipped").
SEATS: dict[str, str] = {
    "White House": "USA", "Pentagon": "USA", "State Department": "USA", "Kremlin": "RUS",
    "Downing Street": "GBR", "Whitehall": "GBR", "Élysée": "FRA",
}  # fmt: skip
# Capitals, which name a government only as the subject of a verb (see _ACTS).
CAPITALS: dict[str, str] = {
    "Washington": "USA", "Ottawa": "CAN", "Nairobi": "KEN", "Kingston": "JAM", "Nassau": "BHS",
    "Belmopan": "BLZ", "San Salvador": "SLV", "Guatemala City": "GTM", "Dhaka": "BGD",
    "N'Djamena": "TCD", "Cotonou": "BEN", "Porto-Novo": "BEN", "Bridgetown": "BRB", "Paris": "FRA",
    "London": "GBR", "Berlin": "DEU", "Madrid": "ESP", "Rome": "ITA", "Tokyo": "JPN",
    "Beijing": "CHN", "Moscow": "RUS", "Brasília": "BRA", "Mexico City": "MEX", "Quito": "ECU",
    "Canberra": "AUS", "Wellington": "NZL", "Oslo": "NOR", "Bern": "CHE", "The Hague": "NLD",
    "Seoul": "KOR", "Panama City": "PAN", "Santo Domingo": "DOM", "Colombo": "LKA",
    "Kathmandu": "NPL", "Bujumbura": "BDI", "Kigali": "RWA", "Accra": "GHA", "Dakar": "SEN",
    "Islamabad": "PAK", "New Delhi": "IND", "Buenos Aires": "ARG", "Bogotá": "COL", "Lima": "PER",
    "Paramaribo": "SUR", "Georgetown": "GUY", "Port of Spain": "TTO", "Castries": "LCA",
}  # fmt: skip
# What a capital does when it stands for its government.
_ACTS = (
    r"has|have|had|is|was|will|would|could|can|says|said|say|insists|wants|plans|intends|hopes|"
    r"expects|agreed|announced|pledged|promised|offered|gave|paid|put|sent|approved|\w+ed"
)
_REGION = re.compile(r"(?:Central|South|Latin|North|Pan)[\s-]$")
# Words that make a name describe something else: "the Kenya-led mission", "a US-backed plan".
_DESCRIBING = re.compile(r"-(?:led|backed|based|funded|sponsored|brokered|drafted|born|trained|run)\b")


class Mention(NamedTuple):
    """A country named in a text: where, as what words, and whether by demonym."""

    start: int
    end: int
    country: str
    words: str
    demonym: bool


def mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every country named in `text[start:end]`, in order; a longer name wins over one inside it
    ("South Korean" over "Korean", "Papua New Guinea" over "Guinea"). Names are read in the whole
    text, then kept when they lie inside the range: a range that cuts a word ("Kenya" of
    "Kenyans", "Guinea" of "Papua New Guinea") names nothing there."""
    stop = len(text) if end is None else end
    return [mention for mention in _every_mention(text) if mention.start >= start and mention.end <= stop]


@lru_cache(maxsize=4)
def _every_mention(text: str) -> tuple[Mention, ...]:
    """The countries named in a text, found once: the drafter asks about many ranges of the
    sentence it reads."""
    pattern, codes = _matcher()
    found = []
    for match in pattern.finditer(text):
        words = match.group()
        if (
            not words[:1].isupper()
            or _DESCRIBING.match(text, match.end())
            or text.startswith("$", match.end())
        ):
            continue
        if words.casefold().startswith("american") and _REGION.search(
            text, max(0, match.start() - 8), match.start()
        ):
            continue  # "Central American", "Latin American": a region, not the United States
        code, is_demonym = codes[words.casefold()]
        found.append(Mention(match.start(), match.end(), code, words, is_demonym))
    return tuple(found)


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    import pycountry

    from haiti_mss.analysis.countries import ALIASES

    codes: dict[str, tuple[str, bool]] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name and "," not in name and "(" not in name:
                codes.setdefault(name.casefold(), (country.alpha_3, False))
    for alias, code in ALIASES.items():
        if alias.isalpha() or " " in alias:
            codes.setdefault(alias, (code, False))
    for code, adjectives in DEMONYMS.items():
        for adjective in adjectives:
            codes[adjective.casefold()] = (code, True)
            if not adjective.endswith(("ese", "ss", "sh", "ch", "i")):  # "Kenyans", not "Beninese"s
                codes[f"{adjective}s".casefold()] = (code, True)
    codes.update({seat.casefold(): (code, False) for seat, code in SEATS.items()})
    codes.update({abbreviation.casefold(): (code, False) for abbreviation, code in _ABBREVIATIONS.items()})
    capitals = {capital.casefold(): code for capital, code in CAPITALS.items()}
    for capital, code in capitals.items():
        codes.setdefault(capital, (code, False))
    words = sorted(codes, key=len, reverse=True)
    exact_case = "|".join(re.escape(word) for word in _ABBREVIATIONS)
    as_government = "|".join(re.escape(word) for word in sorted(CAPITALS, key=len, reverse=True))
    other = "|".join(
        re.escape(word)
        for word in words
        if word not in {a.casefold() for a in _ABBREVIATIONS} and word not in capitals
    )
    pattern = re.compile(
        rf"(?<![\w.])(?:(?:{exact_case})|(?:{as_government})(?=(?:,\s[^,]{{3,40}},)?\s(?:{_ACTS})\b)|"
        rf"(?i:{other}))(?![\w])"
    )
    return pattern, codes
