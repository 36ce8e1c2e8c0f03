"""What a record's rules read, the key their kept results hold under.

Apart from the rules, so that the engine and the index can read a kept key without loading the
rules: a warm answer imports none of them."""

from __future__ import annotations

from datetime import date
from typing import Any


class Reads:  # a plain class, not a dataclass: `core.plain` says why
    """What the rules of one record read: the value of each source record and archived text they
    looked at (a digest, "" when there was none), and the days between which every comparison with
    today they made comes out the same. Results kept under these reads hold while they do."""

    __slots__ = ("archives", "sources", "today_before", "today_from")

    def __init__(
        self,
        sources: dict[str, str] | None = None,
        archives: dict[str, str] | None = None,
        today_from: date | None = None,  # the first day the comparisons hold for (None: any day before)
        today_before: date | None = None,  # the first day they no longer hold (None: every day after)
    ) -> None:
        self.sources = {} if sources is None else sources
        self.archives = {} if archives is None else archives
        self.today_from, self.today_before = today_from, today_before

    def holds_on(self, today: date) -> bool:
        return (self.today_from is None or self.today_from <= today) and (
            self.today_before is None or today < self.today_before
        )

    def merge(self, other: Reads) -> None:
        self.sources.update(other.sources)
        self.archives.update(other.archives)
        if other.today_from is not None and (self.today_from is None or other.today_from > self.today_from):
            self.today_from = other.today_from
        if other.today_before is not None and (
            self.today_before is None or other.today_before < self.today_before
        ):
            self.today_before = other.today_before

    def compared_with_today(self, day: date, today: date) -> bool:
        """Whether `day` is after `today`, narrowing the days over which that answer holds."""
        after = day > today
        if after:  # holds while today < day
            self.today_before = day if self.today_before is None else min(self.today_before, day)
        else:  # holds while today >= day
            self.today_from = day if self.today_from is None else max(self.today_from, day)
        return after

    def as_plain(self) -> list[Any]:
        return [
            self.sources,
            self.archives,
            self.today_from.isoformat() if self.today_from else None,
            self.today_before.isoformat() if self.today_before else None,
        ]

    @classmethod
    def from_plain(cls, plain: list[Any]) -> Reads:
        sources, archives, today_from, today_before = plain
        return cls(
            dict(sources),
            dict(archives),
            date.fromisoformat(today_from) if today_from else None,
            date.fromisoformat(today_before) if today_before else None,
        )
