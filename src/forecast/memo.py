"""Values derived from an object, kept while the object lives (the plan structure of a
network, the sweep tables of a node): keyed by identity, so unhashable objects work too,
and dropped when the object is collected, so a reused id never returns a stale value."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def kept_while_alive(cache: dict[Any, Any], owner: object, key: Hashable,
                     compute: Callable[[], T]) -> T:
    """`compute()`, remembered in `cache` under (owner, key) for as long as `owner` lives;
    an owner that cannot be weakly referenced is computed for every time."""
    full = (id(owner), key)
    entry = cache.get(full)
    if entry is not None and entry[0]() is owner:
        return entry[1]
    value = compute()
    try:
        ref = weakref.ref(owner, lambda _, k=full: cache.pop(k, None))
    except TypeError:
        return value
    cache[full] = (ref, value)
    return value
