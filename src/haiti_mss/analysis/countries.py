"""Countries: ISO 3166-1 codes in the data, forgiving but never fuzzy names from users.

The data holds alpha-3 codes only (KEN, JAM, BHS). Users type what the press writes ("The Bahamas",
"Turkey", "Russia"), which pycountry's exact lookup misses, and pycountry's fuzzy search answers wrongly
in dangerous ways ("Republic of Korea" finds North Korea). So names go through a small explicit alias
table, then pycountry's exact lookup, and anything else is refused with suggestions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from haiti_mss.core.records import ClaimRecord

# Press and everyday names that pycountry's exact lookup does not know, or knows for another
# country. Keys are casefolded.
ALIASES = {
    "america": "USA",
    "antigua": "ATG",
    "britain": "GBR",
    "burma": "MMR",
    "cape verde": "CPV",
    "democratic republic of the congo": "COD",
    "drc": "COD",
    "great britain": "GBR",
    "ivory coast": "CIV",
    "republic of korea": "KOR",
    "russia": "RUS",
    "swaziland": "SWZ",
    "turkey": "TUR",
    "u.k.": "GBR",
    "u.s.": "USA",
    "u.s.a.": "USA",
    "uk": "GBR",
    "vatican": "VAT",
}


class UnknownCountry(LookupError):
    def __init__(self, text: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown country {text!r}{hint}")


def is_alpha3(code: str) -> bool:
    """True for an exact, upper-case ISO 3166-1 alpha-3 code."""
    return len(code) == 3 and code.isascii() and code.isupper() and _iso().get(alpha_3=code) is not None


def country_name(code: str) -> str:
    name = _NAMED.get(code)
    if name is None:
        country = _iso().get(alpha_3=code)
        name = code if country is None else getattr(country, "common_name", None) or country.name
        _NAMED[code] = name
    return name


def names_known(names: Mapping[str, str]) -> None:
    """Names `country_name` gave in another process (one that parsed data files for this one):
    they need not be looked up again, nor pycountry loaded to do it."""
    _NAMED.update(names)


_NAMED: dict[str, str] = {}  # what `country_name` gave, by code


def country_names(claims: Iterable[ClaimRecord]) -> dict[str, str]:
    """A short English name for every country the claims name, as subject or party, by code."""
    codes = {code for claim in claims for code in (claim.country, *claim.parties) if code}
    return {code: country_name(code) for code in sorted(codes)}


class CountryNames(Mapping[str, str]):
    """`country_names` of some claims, worked out when first asked for."""

    def __init__(self, claims: Iterable[ClaimRecord]) -> None:
        self._codes = sorted({code for claim in claims for code in (claim.country, *claim.parties) if code})
        self._names: dict[str, str] | None = None

    def _worked_out(self) -> dict[str, str]:
        if self._names is None:
            self._names = {code: country_name(code) for code in self._codes}
        return self._names

    def __getitem__(self, code: str) -> str:
        return self._worked_out()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


def resolve_country(text: str, named: Mapping[str, str] | None = None) -> str:
    """An alpha-3 code for an alpha-3 or alpha-2 code or a name, in any case; or UnknownCountry.
    (pycountry's exact lookup reads codes in any case as well as names.) `named`: the countries
    the data names, by code, with their names; a code or a name among them needs no lookup."""
    key = " ".join(text.split()).casefold()
    for code, name in (named or {}).items():
        if key in (code.casefold(), name.casefold()):
            return code
    for candidate in (key, key.removeprefix("the ")):
        if candidate in ALIASES:
            return ALIASES[candidate]
        try:
            return _iso().lookup(candidate).alpha_3
        except LookupError:
            continue
    raise UnknownCountry(text, _suggestions(key))


def suggest_for_code(code: str) -> list[str]:
    """Alpha-3 suggestions for a code that is not alpha-3: "NO" → NOR, "ken" → KEN."""
    try:
        return [resolve_country(code)]
    except UnknownCountry:
        return []


def _suggestions(key: str) -> list[str]:
    names = _names_by_key()
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.75)
    return list(dict.fromkeys(f"{names[match]} ({country_name(names[match])})" for match in close))


@cache
def _iso() -> Any:
    """pycountry's countries. Imported when first needed: the import takes about 70 ms, more than
    a warm answer, and a code the data already names needs none (`resolve_country`)."""
    import pycountry

    return pycountry.countries


@cache
def _names_by_key() -> dict[str, str]:
    names = dict(ALIASES)
    for country in _iso():
        for attribute in ("name", "common_name", "official_name"):
            if name := getattr(country, attribute, None):
                names[name.casefold()] = country.alpha_3
    return names
