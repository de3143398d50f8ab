"""How much work and memory any input may ask for: every reader and planner costs what a
file declares (sizes, cardinalities, tables, samples) against these bounds before it
allocates, so hostile or mistaken input is refused with its estimate instead of exhausting
memory. They sit well above the largest real networks (bnlearn's mildew, diabetes, munin)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .errors import UserError

MAX_FILE_BYTES = 32_000_000        # any input file (YAML, CSV, documents)
MAX_NETWORK_BYTES = 16_000_000     # a network file, after any .gz (diabetes: 5.5 MB)
MAX_STATES = 1_000                 # states of one node
MAX_TABLE_ENTRIES = 2**24          # one CPT (128 MiB of doubles)
MAX_NETWORK_ENTRIES = 2**25        # every CPT together (256 MiB)
MAX_CASES = 100_000                # rows of an --evidence-file (each costs about 1 KB to read)
MAX_COLUMNS = 10_000               # columns of an --evidence-file
MAX_SAMPLE_ENTRIES = 2**24         # --samples x the model's numbers drawn (128 MiB a copy)


def size_text(n_bytes: float) -> str:
    """A byte count as people read it: 3.0 GiB, 12.5 MiB, 0.4 KiB."""
    for unit, size in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2)):
        if n_bytes >= size:
            return f"{n_bytes / size:.1f} {unit}"
    return f"{n_bytes / 1024:.1f} KiB"


def table_entries(cards: Iterable[int]) -> int:
    """Entries of a table over axes of these sizes (exact, however large)."""
    return math.prod(int(c) for c in cards)


def table_problem(entries: int, what: str) -> str | None:
    """Why a table of `entries` entries may not be built, or None when it may."""
    if entries <= MAX_TABLE_ENTRIES:
        return None
    return (f"{what} would have {entries:.3g} entries ({size_text(entries * 8)}); the limit is "
            f"{MAX_TABLE_ENTRIES:,} ({size_text(MAX_TABLE_ENTRIES * 8)}): use fewer parents or "
            "states")


def network_problem(entries: int) -> str | None:
    """Why a network whose CPTs hold `entries` entries in all may not be built, or None."""
    if entries <= MAX_NETWORK_ENTRIES:
        return None
    return (f"its tables would hold {entries:.3g} numbers in all ({size_text(entries * 8)}); the "
            f"limit is {MAX_NETWORK_ENTRIES:,} ({size_text(MAX_NETWORK_ENTRIES * 8)})")


def states_problem(count: int, what: str) -> str | None:
    """Why a node with `count` states may not be built, or None."""
    if count <= MAX_STATES:
        return None
    return f"{what} has {count:,} states; the limit is {MAX_STATES:,}"


def check_samples(samples: int, entries: int) -> None:
    """Refuse --samples whose draws of the model's numbers would not fit in memory."""
    if samples * max(entries, 1) > MAX_SAMPLE_ENTRIES:
        most = MAX_SAMPLE_ENTRIES // max(entries, 1)
        raise UserError(
            f"--samples {samples:,}: drawing {samples:,} sets of this model's {entries:,} numbers "
            f"would take about {size_text(samples * entries * 8)}; give at most {most:,}")
