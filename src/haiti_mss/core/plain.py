"""Equality and a readable repr for plain classes with `__slots__`, as a dataclass would give them.

Every class a warm answer defines is a named tuple or a plain class: defining a dataclass costs
about 0.45 ms (it compiles its methods), and a warm answer defines the engine's classes before it
copies out a kept answer (README, "Start-up"). Standard library only."""

from __future__ import annotations


class SlotsCompared:
    """Instances are equal when their classes and every slot are; repr shows every slot."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq is

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"
