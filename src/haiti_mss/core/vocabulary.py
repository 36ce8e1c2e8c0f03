"""The coded values of the data, and what each means: one list for the models, the schema, the
views, completion and the language server's hover. Standard library only.

Order matters: it is the order of the schema's enums, of completion and of the exports' constraints.
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    "deployment": "Personnel on the ground.",
    "pledge": "Personnel promised, planned or authorised.",
    "funding": "Money: contributions, pledges, cost estimates, fund balances, requests.",
    "vote": "A Security Council action.",
    "event": "Another dated fact: an agreement, ruling, meeting, request or visit.",
    "position": "A state's stance on a question.",
}

QUALIFIERS: dict[str, str] = {
    "exact": "the figure as stated",
    "approx": 'an approximate figure ("approximately", "about", "nearly")',
    "at_least": 'a lower bound ("over", "just over", "more than", "at least")',
    "at_most": 'an upper bound ("up to", "less than", "fewer than")',
}

STATUSES: dict[str, str] = {
    "reported": "it happened or held",
    "scheduled": "announced for a later date",
}

PERSONNEL_TYPES: dict[str, str] = {
    "police": "police officers",
    "military": "soldiers",
    "mixed": "police and soldiers",
    "unspecified": "the source does not say",
}

MEASURES: dict[str, str] = {
    "stock": "on the ground as of the date",
    "arrival": "an increment: personnel who arrived",
}

STAGES: dict[str, str] = {
    "intent": "said it will take part or is ready to, without a formal offer",
    "announced": "made a public offer or announcement of a contribution",
    "committed": "promised a number",
    "target": "a mission-wide planned or authorised size",
}

FLOWS: dict[str, str] = {
    "contribution": "paid or delivered",
    "pledge": "promised",
    "cost_estimate": "what the mission is said to cost",
    "fund_balance": "money held",
    "request": "money asked for",
}

# What period a sum of money covers. Only figures on the same basis are ever added or subtracted: a
# yearly cost minus a total contributed to date is no gap at all.
BASES: dict[str, str] = {
    "annual": "for one year: a yearly cost, budget or contribution",
    "cumulative": "a total to date: everything so far, over no stated period",
    "one_off": "once: a single payment, pledge or request",
    "at_date": "held at the date: a balance, not money that moved",
}

ACTIONS: dict[str, str] = {
    "adopted": "a resolution passed",
    "draft_circulated": "a draft, or a part of one, shared",
    "draft_dropped": "a draft, or a part of one, withdrawn",
    "scheduled": "a vote set for a date",
    "debated": "a meeting without a vote",
}

EVENT_TYPES: dict[str, str] = {
    "agreement": "an agreement signed or reached",
    "ruling": "a court ruling",
    "meeting": "a meeting",
    "request": "a request, e.g. for a force",
    "visit": "a visit",
    "other": "another dated fact",
}

STANCES: dict[str, str] = {
    "supports": "in favour",
    "opposes": "against",
    "hesitant": "declining or reluctant",
    "open": "considering",
}

REVIEWS: dict[str, str] = {
    "draft": "proposed by mss draft and not yet reviewed: delete the line once the claim is checked",
}

# Every coded field of a claim, by name: what completion offers and hover explains.
CODED_FIELDS: dict[str, dict[str, str]] = {
    "kind": KINDS,
    "qualifier": QUALIFIERS,
    "status": STATUSES,
    "personnel_type": PERSONNEL_TYPES,
    "measure": MEASURES,
    "stage": STAGES,
    "flow": FLOWS,
    "basis": BASES,
    "action": ACTIONS,
    "event_type": EVENT_TYPES,
    "stance": STANCES,
    "review": REVIEWS,
}


def glossary(values: dict[str, str]) -> str:
    """`a: meaning; b: meaning`, for descriptions in the schema and in help."""
    return "; ".join(f"{code}: {meaning}" for code, meaning in values.items())
