"""The one cost guard every contraction passes before anything is allocated: queries,
gradients (sensitivity), batches of parameter samples, evidence cases, Shapley coalitions
and value-of-information tables. Work too large for memory, or for about a minute, is
refused with its estimate (a TooLargeError, which the CLI reports with exit code 2)."""

from __future__ import annotations

from ..errors import InferenceError
from ..limits import size_text


class TooLargeError(InferenceError):
    """Exact inference would not fit in memory, or in about a minute (not: impossible evidence)."""


MAX_INTERMEDIATE_BYTES = 512 * 1024**2
MAX_PEAK_BYTES = 2 * MAX_INTERMEDIATE_BYTES
MAX_OPERATIONS = 1e11  # multiply-adds; at roughly 1-3e9 a second, about a minute


def check_cost(largest: float, peak: float, operations: float, what: str = "exact inference") -> None:
    """Refuse work whose largest table, tables alive at once (elements of 8 bytes) or
    multiply-adds exceed the limits."""
    if largest * 8 > MAX_INTERMEDIATE_BYTES or peak * 8 > MAX_PEAK_BYTES or operations > MAX_OPERATIONS:
        raise TooLargeError(
            f"{what} is too large here: its largest table would take {size_text(largest * 8)} "
            f"({size_text(peak * 8)} in all at the peak) and it needs about {operations:.2g} "
            f"operations (limits {size_text(MAX_INTERMEDIATE_BYTES)} per table, "
            f"{size_text(MAX_PEAK_BYTES)} in all, {MAX_OPERATIONS:.0e} operations); query fewer "
            "nodes at once, give less evidence far from the target, or use a smaller model")
