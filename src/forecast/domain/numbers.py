"""How probabilities are written out: rounded to 12 decimals, so the same inputs give
byte-identical JSON on every machine (the last bits of a float sum depend on the BLAS)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np

DIGITS = 12


def stable(x: float) -> float:
    """A float rounded for output (and -0.0 made 0.0)."""
    return round(float(x), DIGITS) + 0.0


def stable_array(x: np.ndarray) -> np.ndarray:
    """The same rounding for a whole array."""
    return np.round(x, DIGITS) + 0.0


def distribution(states: Sequence[str], vector) -> dict[str, float]:
    """{state: rounded probability}, in the node's state order."""
    return {s: stable(p) for s, p in zip(states, vector, strict=True)}


def closed_distribution(states: Sequence[str], vector) -> dict[str, float]:
    """A distribution rounded so that it still sums to 1: what rounding each entry takes
    from the total (up to half a unit of the last digit per state) goes to the largest."""
    out = distribution(states, vector)
    largest = max(out, key=lambda s: out[s])
    out[largest] = stable(out[largest] + (1.0 - sum(out.values())))
    return out


class ByState(Mapping[str, float]):
    """A number per state of a node (a distribution, or shifts of one), unrounded and
    read-only: what analyses return. Rounding happens once, where JSON is written."""

    __slots__ = ("_states", "_values")

    def __init__(self, states: Sequence[str], values) -> None:
        values = tuple(float(v) for v in values)
        if len(values) != len(states):
            raise ValueError(f"{len(states)} states but {len(values)} values")
        self._states = tuple(states)
        self._values = values

    @property
    def states(self) -> tuple[str, ...]:
        return self._states

    @property
    def array(self) -> np.ndarray:
        return np.array(self._values)

    def __getitem__(self, state: str) -> float:
        try:
            return self._values[self._states.index(state)]
        except ValueError:
            raise KeyError(state) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ByState):
            return self._states == other._states and self._values == other._values
        if isinstance(other, Mapping):  # as any mapping compares: the same items
            return dict(self) == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._states, self._values))

    def __repr__(self) -> str:
        return f"ByState({dict(zip(self._states, self._values, strict=True))!r})"

    def lead(self) -> str:
        """The most likely state (the first of equals)."""
        return self._states[int(np.argmax(self._values))]

    def to_json(self, closed: bool = False) -> dict[str, float]:
        """Rounded for output; `closed` keeps the sum at exactly 1 (`closed_distribution`)."""
        return (closed_distribution if closed else distribution)(self._states, self._values)


def frozen(value: Any) -> Any:
    """`value` made read-only all the way down: mappings become read-only views of frozen
    copies, lists and tuples tuples, arrays read-only copies. What a frozen result holds, so
    nothing a reader does to it changes what it writes later."""
    if isinstance(value, ByState):
        return value
    if isinstance(value, Mapping):  # a read-only view is copied too: its dict may be shared
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    if isinstance(value, np.ndarray):
        copy = np.array(value)
        copy.setflags(write=False)
        return copy
    return value


def thawed(value: Any) -> Any:
    """A frozen value as plain JSON-ready data: dicts and lists (the inverse of `frozen`)."""
    if isinstance(value, ByState):
        return dict(value)
    if isinstance(value, Mapping):
        return {k: thawed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thawed(v) for v in value]
    return value


def freeze_fields(result: Any, *names: str) -> None:
    """Make the named fields of a frozen dataclass read-only all the way down (its
    `__post_init__` calls this), so that its `to_json()` cannot change after it is built."""
    for name in names:
        object.__setattr__(result, name, frozen(getattr(result, name)))
