"""The Beta distribution's quantile for a base rate's interval, without importing scipy.

Every `forecast run` with a base rate needs two Beta quantiles, and scipy.special's import
is a sixth of a second of a cold run (a run's whole budget is a quarter of pgmpy's import).
For the counts a reference class holds (up to PURE_CASES cases) the quantile is found here:
the regularised incomplete beta function by its continued fraction (modified Lentz), then
Newton steps kept inside a bisection bracket. It agrees with scipy's `betaincinv` to 1e-13
(tests/analysis/test_beta_quantile.py checks a grid); larger counts go to scipy.
"""

from __future__ import annotations

import math

PURE_CASES = 10_000   # a + b up to this (lgamma of larger counts loses digits the output keeps)
_TINY = 1e-300
_EPS = 1e-16


def beta_quantile(a: float, b: float, q: float) -> float:
    """x with I_x(a, b) = q, for a, b > 0 and 0 <= q <= 1."""
    if not (a > 0 and b > 0 and 0.0 <= q <= 1.0):
        raise ValueError(f"beta_quantile needs a, b > 0 and 0 <= q <= 1 (got {a}, {b}, {q})")
    if q == 0.0 or q == 1.0:
        return q
    if a + b > PURE_CASES:
        from scipy.special import betaincinv

        return float(betaincinv(a, b, q))
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    lo, hi = 0.0, 1.0
    x = _start(a, b, q)
    for _ in range(200):
        f = regularised_beta(a, b, x, log_beta) - q
        if f == 0.0:
            return x
        if f < 0:
            lo = x
        else:
            hi = x
        density = math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_beta)
        step = f / density if density > 0 else math.inf
        candidate = x - step
        if not lo < candidate < hi:  # Newton left the bracket: bisect instead
            candidate = 0.5 * (lo + hi)
        if abs(candidate - x) <= 4 * _EPS * max(x, 1e-300) or hi - lo <= 4 * _EPS * hi:
            return candidate
        x = candidate
    return x


def regularised_beta(a: float, b: float, x: float, log_beta: float | None = None) -> float:
    """I_x(a, b), the Beta(a, b) distribution function at x."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if log_beta is None:
        log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - log_beta)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _fraction(a, b, x) / a
    return 1.0 - front * _fraction(b, a, 1.0 - x) / b


def _fraction(a: float, b: float, x: float) -> float:
    """The incomplete beta function's continued fraction, by the modified Lentz method."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
                          -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def _start(a: float, b: float, q: float) -> float:
    """A first guess inside (0, 1): the mean, pulled towards the tail asked for."""
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))
    guess = mean + (-1.645 if q < 0.5 else 1.645) * sd * min(1.0, abs(q - 0.5) * 2.2)
    return min(max(guess, 1e-12), 1.0 - 1e-12)
