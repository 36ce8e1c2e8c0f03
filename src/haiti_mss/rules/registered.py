"""Every rule, in the order they run: the one registry. Imported when rules must run (answering
from the index runs none), so that reading what rules read (`reads.Reads`) costs nothing."""

from __future__ import annotations

from haiti_mss.rules.claim_rules import (
    dated_by_publication,
    figure_in_quote,
    mandate_after_action,
    not_in_future,
    quote_verbatim,
    resolution_stated,
    reviewed,
    tally_consistent,
    tally_stated,
    weekday_agrees,
)
from haiti_mss.rules.dataset_rules import (
    ids_unique,
    ignores_used,
    missions_declared,
    sources_cited,
    sources_defined,
    successions_end,
    superseding_claims_exist,
    supersessions_end,
)
from haiti_mss.rules.registry import Rule, Scope
from haiti_mss.rules.source_rules import archive_intact, published_by_today

RULES: tuple[Rule, ...] = (
    archive_intact,
    published_by_today,
    quote_verbatim,
    figure_in_quote,
    tally_stated,
    tally_consistent,
    resolution_stated,
    weekday_agrees,
    dated_by_publication,
    not_in_future,
    mandate_after_action,
    reviewed,
    ids_unique,
    sources_defined,
    sources_cited,
    missions_declared,
    successions_end,
    superseding_claims_exist,
    supersessions_end,
    ignores_used,
)


def of_scope(scope: Scope) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if rule.scope is scope)
