"""The words the drafter reads a figure by: what counts personnel, what says a head count arrived,
is on the ground, was pledged or authorised, what says money was paid, promised, estimated, held or
asked for. Tables only, with the patterns compiled from them (the currencies are
`analysis.figures`'); how they are used is `curate.counts` (what a figure counts) and
`curate.draft` (the claim).

Every pattern runs on normalised text (`analysis.text.normalise`): dashes are "-", quotes straight.
"""

from __future__ import annotations

import re

from haiti_mss.analysis.figures import CURRENCY_SIGNS

# Nouns that count mission personnel. "Personnel carriers" are vehicles.
PERSONNEL_NOUN = (
    r"(?:troops?|soldiers?|police(?:\s(?:officers?|officials?))?|policemen|policewomen|officers?|"
    r"personnel(?!\s(?:carriers?|vehicles?))|peacekeepers?|marines?|gendarmes?|servicemen|service\s?members|"
    r"military\s(?:personnel|staff)|staff\s(?:officers|members)|members\sof\s(?:the\s)?(?:force|mission|"
    r"contingent)|uniformed|boots\son\sthe\sground|men\sand\swomen|individuals|contingent|forces?|"
    r"constables|medics|paramedics|commandos|sailors|airmen|recruits|paratroopers|guardsmen)"
)
ANY_PERSONNEL = re.compile(rf"\b{PERSONNEL_NOUN}\b", re.IGNORECASE)
# Nouns that count personnel only in a clause that says so ("the mission has 430 people"), and
# otherwise count anyone ("a city of 3 million people").
PEOPLE_AFTER = re.compile(r"\s(?:people|persons)\b", re.IGNORECASE)
# The head count's noun right after the figure, past up to three modifiers ("400 Kenyan police").
NOUN_AFTER = re.compile(rf"^(?:\s[\w'-]+){{0,3}}?\s{PERSONNEL_NOUN}\b", re.IGNORECASE)
# Or before it: "a force of up to 2,500", "a contingent of 200", "a police unit of 140".
NOUN_BEFORE = re.compile(
    r"\b(?:force|contingent|deployment|ceiling|strength|troop\slevel|personnel|police|troops|unit|"
    r"battalion|company|platoon|detachment|group|batch|team)\s(?:of|at|to)\s(?:[\w'-]+\s){0,3}$",
    re.IGNORECASE,
)

# What a head count is, from its verbs: the nearest cue before the figure wins, else any in its
# clause. A departure is no claim at all: mss records arrivals and stocks, not who went home; nor is a
# request for personnel ("has asked for 1,000 more"), an event rather than a head count.
CUES: tuple[tuple[str, dict[str, str] | None, str], ...] = (
    ("departure", None,
     r"return(?:ed|ing|s)?\shome|went\shome|(?:bring|brings|brought|bringing)\s(?:[\w']+\s){0,2}home|"
     r"withdr[ae]w\w*|pull(?:ed|ing|s)?\sout|rotat\w*\s(?:home|out)|repatriat\w*|depart(?:s|ed|ing|ures?)?"),
    ("arrival", {"kind": "deployment", "measure": "arrival"},
     r"arriv\w*|land(?:ed|s|ing)?|fl(?:ew|own)|fly\s(?:in|out)|touched\sdown|reinforcements?|disembark\w*|"
     r"(?:additional|another|new)\s(?:batch|contingent|group)|joined(?!\sby)|sent|left\sfor|fly\sout|"
     r"added|stepped\soff"),
    ("request", None, r"asked\sfor|requested|call(?:ed|s)?\sfor|appeal\w*\sfor|need(?:s|ed)?"),
    ("target", {"kind": "pledge", "stage": "target"},
     r"(?:meant|supposed)\sto|(?:aim|expect|plan|hope|want)\w*\sto\s(?:reach|number|have)|authori[sz]\w*|ceiling|mandated?|planned\s(?:strength|size)|envisag\w*|full\sstrength|target\w*|"
     r"allow(?:s|ed)?|(?:is|was|are|were)\splanned\sto|designed\sto|"
     r"up\sto\s[\d,]+\s(?:personnel|troops|police|officers)\sin\stotal"),
    ("committed", {"kind": "pledge", "stage": "committed"},
     r"pledg\w*|promis\w*|commit(?:s|ted|ting|ment|ments)?|vow\w*|agreed\sto\s(?:send|deploy|provide)|"
     r"approv\w*\s(?:the\s)?(?:deployment|dispatch|sending)"),
    ("announced", {"kind": "pledge", "stage": "announced"},
     r"offer\w*|announc(?:e|es|ed|ing)|(?:will|to)\sjoin|(?:will|would|could|shall)\s(?:\w+\s){0,2}?(?:send|deploy|"
     r"contribute|provide|follow|arrive|fly|leave|add|raise|lift|go)|plans?\sto\s(?:send|deploy)|to\ssend|"
     r"expected|due\s(?:to|by|in|on)|(?:are|is)\sdue|(?:planned|scheduled)\s(?:for|to)|ready\sto|prepared\sto|intends?\sto\s(?:send|deploy)|put\s(?:its|their)\s"
     r"contribution\sat"),
    ("stock", {"kind": "deployment", "measure": "stock"},
     r"on\sthe\sground|deployed|currently|now\shas|stationed|serving|present\sin|in\sHaiti|counts|"
     r"in\sthe\s(?:field|country)|"
     r"numbers|numbering|numbered|strength|remain(?:s|ed)?|keeps?|"
     r"(?:bring|brings|bringing|brought|lift\w*|rais\w*|boost\w*|tak(?:e|es|ing)|took)\s(?:[\w']+\s){1,6}?to|"
     r"(?:total|number|strength)\s(?:stands?|stood)"),
)  # fmt: skip
CUE_PATTERNS = [
    (name, fields, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for name, fields, words in CUES
]
# The words that may qualify a figure, as the patterns below skip them ("has about 400").
QUALIFYING = (
    r"about|some|roughly|around|nearly|almost|approximately|just|only|now|up\sto|more\sthan|fewer\sthan|"
    r"less\sthan|at\sleast|(?:a\slittle\s|slightly\s|just\s)?(?:over|under)|close\sto"
)
# "has 400 officers", "had some 150": a possession right before the figure is a stock.
HAS_BEFORE = re.compile(rf"\b(?:has|have|had)\s(?:(?:{QUALIFYING})\s){{0,2}}$", re.IGNORECASE)
# A verb that is still to come: what "will arrive" or "is expected" is a pledge, not yet an arrival.
FUTURE = re.compile(
    r"\b(?:will|would|could|shall|may|might|(?:is|are|was|were)\s(?:expected|due|set|scheduled)\b|"
    r"plans?\sto|wants?|aims?\sto|intends?\sto|ready\sto|prepared\sto)\b",
    re.IGNORECASE,
)

PERSONNEL_TYPES = (
    ("mixed", re.compile(r"\b(?:police\sand\s(?:soldiers|military|troops)|"
                         r"(?:soldiers|military|troops)\sand\s(?:police|constables))\b", re.I)),
    ("police", re.compile(r"\b(?:police|policemen|policewomen|gendarmes?|officers|constables)\b", re.I)),
    ("military", re.compile(r"\b(?:soldiers|military|army|marines|servicemen|sailors|airmen|commandos|"
                            r"paratroopers)\b", re.I)),
)  # fmt: skip

# A currency's sign or code just before a figure (`analysis.figures` has the one table of currencies).
CURRENCY_BEFORE = [(re.compile(rf"(?<![A-Za-z])(?:{sign})\s?$"), code) for sign, code in CURRENCY_SIGNS]
SCALE_WORDS = r"(?:\s(?:million|billion|thousand|trillion|m|bn))?"

# What money is, from its words: the nearest before the figure wins (see `draft.Drafter._flow`).
FLOWS = (
    ("reimbursement", r"reimburs\w*"),
    ("request", r"request\w*|ask(?:ed|ing|s)?\s(?:[\w'.]+\s){0,4}?for|appeal\w*|seek\w*|sought|"
     r"call(?:ed|s)?\sfor|needs?\san?\s|owed|claim(?:s|ed|ing)?"),
    ("fund_balance", r"balance|holds?\b|held\b|left\sin\s(?:the\s)?(?:fund|account|kitty)|remain\w*|"
     r"stood\sat|stands\sat|has\s(?:only\s|just\s)?(?:about\s|some\s|roughly\s)?(?=\S*\d)"),
    ("cost_estimate", r"cost\w*|budget\w*|(?<!an\s)estimat\w*|price\s?tag|expens\w*|would\srequire|"
     r"will\srequire"),
    ("pledge", r"pledg\w*|promis\w*|commit(?:s|ted|ting|ment|ments)?|vow\w*|"
     r"(?:will|would)\s(?:\w+\s)?(?:give|provide|contribute|donate|add|pay|cover|fund|finance)|offer\w*|"
     r"announc(?:e|es|ed|ing)\b|"
     r"to\sbe\spaid|on\shold|frozen|withheld|suspended|paused|unpaid"),
    ("contribution", r"contribut\w*|donat\w*|gave|given|paid|deposit\w*|provided|disburs\w*|allocat\w*|"
     r"transferr\w*|spent|spend\w*|funded|sent|receiv\w*|releas\w*|shipp\w*|deliver\w*|pays|paying|"
     r"put\s(?:\S+\s){1,4}?into"),
)  # fmt: skip
FLOW_PATTERNS = [(flow, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for flow, words in FLOWS]
# The period an amount covers (its `basis`), from the words of its clause: a year's, or a total so
# far; a fund's balance is held at its date; anything else is read as once, and said to be a guess.
BASES = (
    ("annual", r"annual\w*|a\syear|per\syear|each\syear|yearly|per\sannum|first\syear"),
    ("cumulative", r"so\sfar|to\sdate|in\stotal|in\sall|since|(?:has|have)\s(?:\w+\s)?(?:contributed|given|"
     r"provided|allocated|donated|paid|disbursed|spent|sent)"),
)  # fmt: skip
BASIS_PATTERNS = [(basis, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for basis, words in BASES]
