"""Ranked nodes (Fenton, Neil and Caballero 2007): ordinal CPTs from a weighted function.

States of a ranked node split [0, 1] into equal intervals; a parent stands at the
midpoint of its state's interval. The child is a normal distribution truncated to
[0, 1], centred on a weighted function of the parents, and its CPT row is the mass of
each interval. A negative weight reverses that parent's scale (high morale lowers risk).
"""

from __future__ import annotations

import importlib
import math
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from .allocation import Allocation, described
from .parameters import Parameter, dirichlet_rows

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

FUNCTIONS = ("wmean", "wmin", "wmax", "mixminmax")


@dataclass(frozen=True)
class Ranked:
    """`weights` per parent (or `(w_min, w_max)` for mixminmax); `variance` of the normal."""

    function: str
    weights: tuple[float, ...]
    variance: float
    parent_cards: tuple[int, ...]
    card: int

    kind = "ranked"
    explicit = False

    def cpt(self) -> np.ndarray:
        return ranked_cpt(
            self.function, np.asarray(self.weights)[None], np.asarray([self.variance]),
            self.parent_cards, self.card,
        )[0]

    def parameters(self, node: Any, parent_states: Sequence[Sequence[str]]) -> Iterator[Parameter]:
        """Each weight (swept from a quarter to four times its value), then the variance."""
        keys = ["min", "max"] if self.function == "mixminmax" else list(node.parents)
        for i, key in enumerate(keys):
            w = float(self.weights[i])
            yield Parameter(node.name, "weight", {"weight": key}, None, w, ("weight", i),
                            tuple(sorted((w / 4, w * 4))))
        v = float(self.variance)
        yield Parameter(node.name, "variance", {}, None, v, ("variance",), (v / 4, v * 4))

    def allocation(self, node: Any, kind: str, count: int) -> Allocation:
        """`count` CPTs: each needs its central value over the parent grid, and the normal
        CDF's working arrays are a block (BLOCK_CELLS cells, and a quarter more) on each of
        the shared workers, however many ranked nodes are drawn at once."""
        size = float(node.cpt.size)
        grid = float(math.prod(self.parent_cards))
        working = count * (2.0 * grid + len(self.weights) + 2.0) + 1.5 * workers() * BLOCK_CELLS
        return Allocation(described(node.name, kind, count), count, node.cpt.shape, working,
                          count * (size * 12.0 + grid * len(self.weights)))

    def tables(self, node: Any, params: Sequence[Parameter], values: np.ndarray) -> np.ndarray:
        """The CPT with parameter p at each of values[p]: shape (P * V, *cpt shape)."""
        n_params, n_values = values.shape
        weights = np.repeat(np.asarray(self.weights, dtype=float)[None], n_params * n_values, 0)
        variances = np.full(n_params * n_values, self.variance)
        for p, parameter in enumerate(params):
            rows = slice(p * n_values, (p + 1) * n_values)
            if parameter.slot[0] == "weight":
                weights[rows, parameter.slot[1]] = values[p]
            else:
                variances[rows] = values[p]
        return ranked_cpt(self.function, weights, variances, self.parent_cards, self.card)

    def cdf_cells(self, count: int) -> int:
        """Normal-CDF evaluations that `count` CPTs of this form take."""
        return count * math.prod(self.parent_cards) * (self.card + 1)

    def sample(self, rng: np.random.Generator, node: Any, n: int) -> np.ndarray:
        """n CPTs: normalised weights from a Dirichlet, the variance from a gamma of the
        same mean, both with the node's confidence."""
        return self.draw(rng, node, n).result()

    def draw(self, rng: np.random.Generator, node: Any, n: int) -> Pending:
        """`sample`, with the random numbers drawn now and the CPTs built on worker threads
        (a large batch's normal CDFs), so the caller can draw other nodes meanwhile."""
        c = node.confidence
        weights = np.asarray(self.weights, dtype=float)
        total = np.abs(weights).sum()
        shares = dirichlet_rows(rng, np.abs(weights) / total, c, n)
        sampled_weights = np.sign(weights) * shares * total
        variance = rng.gamma(shape=c / 2.0, scale=2.0 * self.variance / c, size=n)
        variance = np.maximum(variance, 1e-6)
        return ranked_cpt(self.function, sampled_weights, variance, self.parent_cards,
                          self.card, pending=True)


def parent_values(parent_cards: tuple[int, ...]) -> list[np.ndarray]:
    """Midpoints of every parent's intervals, broadcast over the grid of parent states."""
    n = len(parent_cards)
    values = []
    for i, k in enumerate(parent_cards):
        shape = [1] * n
        shape[i] = k
        values.append(((np.arange(k) + 0.5) / k).reshape(shape))
    return values


def central_value(function: str, weights: np.ndarray, parent_cards: tuple[int, ...]) -> np.ndarray:
    """The weighted function of the parents, shape (B, *parent_cards). weights: (B, n or 2)."""
    batch = weights.shape[0]
    n = len(parent_cards)
    grid = np.stack(np.broadcast_arrays(*parent_values(parent_cards))) if n else np.zeros((0,))
    if function == "mixminmax":
        w_min, w_max = weights[:, 0], weights[:, 1]
        lo, hi = grid.min(axis=0), grid.max(axis=0)
        total = (w_min + w_max).reshape(batch, *([1] * n))
        return (w_min.reshape(total.shape) * lo + w_max.reshape(total.shape) * hi) / total
    if function == "wmean":
        # x_i = g_i, or 1 - g_i for a negative weight, so sum |w_i| x_i is affine in the
        # signed weights: one matrix product over the grid instead of (B, n, *cards) arrays
        magnitude = np.abs(weights)
        offset = (magnitude * (weights < 0)).sum(axis=1, keepdims=True)
        flat = weights @ grid.reshape(n, -1)
        mu = (offset + flat) / magnitude.sum(axis=1, keepdims=True)
        return mu.reshape(batch, *parent_cards)
    sign = np.sign(weights)
    w = np.abs(weights).reshape(batch, n, *([1] * n))
    x = np.where(sign.reshape(batch, n, *([1] * n)) < 0, 1.0 - grid[None], grid[None])
    if n == 1:
        return x[:, 0]
    total = x.sum(axis=1, keepdims=True)
    candidates = (w * x + (total - x)) / (w + n - 1)
    return candidates.min(axis=1) if function == "wmin" else candidates.max(axis=1)


SCIPY_ABOVE = 20_000


def prefetch_normal_cdf(forms: Iterable[Any], count: int) -> None:
    """Start importing scipy.special in a background thread when `count` draws of a ranked
    form among `forms` will need its vectorised ndtr. The import (0.13 s, mostly holding the
    GIL) then overlaps the Dirichlet draws of the other nodes, which release the GIL; the
    first `from scipy.special import ndtr` waits on Python's import lock for it to finish,
    and reports any failure of the import itself (the thread stays silent)."""
    global _PREFETCHING
    if _PREFETCHING or "scipy.special" in sys.modules:
        return
    if any(isinstance(f, Ranked) and f.cdf_cells(count) > SCIPY_ABOVE for f in forms):
        _PREFETCHING = True
        threading.Thread(target=_import_quietly, name="forecast-import-scipy",
                         daemon=True).start()


_PREFETCHING = False


def _import_quietly() -> None:
    try:
        importlib.import_module("scipy.special")
    except Exception:  # the import in the main thread raises it again, where it is needed
        return


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z), exact to double precision. Small arrays use math.erf: scipy costs 0.4 s of
    import, so only large batches (parameter samples) pay for its vectorised ndtr."""
    z = np.asarray(z, dtype=float)
    if z.size > SCIPY_ABOVE:
        from scipy.special import ndtr

        return ndtr(z)
    scaled = z / math.sqrt(2.0)
    erf = np.fromiter(map(math.erf, scaled.ravel().tolist()), float, scaled.size)
    return 0.5 * (1.0 + erf.reshape(z.shape))


class Pending:
    """CPTs being built on worker threads; `result()` waits for them (and raises what a
    worker raised)."""

    def __init__(self, out: np.ndarray, blocks: Sequence[Future[None]] = ()) -> None:
        self._out = out
        self._blocks = blocks

    def result(self) -> np.ndarray:
        for block in self._blocks:
            block.result()
        return self._out


def workers() -> int:
    """Threads that build ranked CPT blocks, shared by every node: at most 4, one per core."""
    return max(1, min(4, os.cpu_count() or 1))


_POOL: tuple[int, ThreadPoolExecutor] | None = None  # (the process that made it, the pool)


def _pool() -> ThreadPoolExecutor:
    """One pool for every ranked node of every draw, so the threads (and the blocks' working
    arrays) stay at `workers()` however many nodes are drawn at once; made again in a forked
    child, whose copy has no threads."""
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _POOL = (os.getpid(), ThreadPoolExecutor(workers(), thread_name_prefix="forecast-ranked"))
    return _POOL[1]


@overload
def ranked_cpt(function: str, weights: np.ndarray, variance: np.ndarray,
               parent_cards: tuple[int, ...], card: int,
               pending: Literal[False] = ...) -> np.ndarray: ...
@overload
def ranked_cpt(function: str, weights: np.ndarray, variance: np.ndarray,
               parent_cards: tuple[int, ...], card: int, pending: Literal[True]) -> Pending: ...
@overload
def ranked_cpt(function: str, weights: np.ndarray, variance: np.ndarray,
               parent_cards: tuple[int, ...], card: int,
               pending: bool) -> np.ndarray | Pending: ...
def ranked_cpt(
    function: str,
    weights: np.ndarray,
    variance: np.ndarray,
    parent_cards: tuple[int, ...],
    card: int,
    pending: bool = False,
) -> np.ndarray | Pending:
    """Batched ranked CPT: weights (B, n), variance (B,) -> (B, *parent_cards, card).

    Large batches (parameter samples) are done a block of draws at a time on the shared
    worker threads, so the normal CDF's working arrays stay small and are reused rather than
    allocated at full size; with `pending`, the blocks are left running and a Pending
    returned at once."""
    mu = central_value(function, weights, parent_cards)[..., None]
    scale = (1.0 / np.sqrt(variance)).reshape(-1, *([1] * (len(parent_cards) + 1)))
    edges = np.linspace(0.0, 1.0, card + 1)
    batch = weights.shape[0]
    cells = math.prod(parent_cards) * (card + 1)  # CDF evaluations a draw
    block = max(1, BLOCK_CELLS // cells)
    if batch <= block:
        out = _masses(edges, mu, scale)
        return Pending(out) if pending else out
    out = np.empty((batch, *parent_cards, card))
    rows = math.prod(parent_cards)
    centre = mu.reshape(batch, rows)
    spread = scale.reshape(batch, 1)
    flat = out.reshape(batch, rows, card)

    def fill(start: int) -> None:
        """One block of draws, edge-major: each edge's CDF over (draws, rows) is contiguous,
        so every ufunc runs long loops (draw-major, with 4 edges innermost, ran loops of 4).
        The arithmetic is _masses' to the bit: z = e*s - mu*s, then differences over the
        truncation's mass, each difference written over the lower edge's CDF once the
        truncation's mass is taken. scipy is imported here, on the worker: the main thread
        goes on while a background import (prefetch_normal_cdf) finishes."""
        from scipy.special import ndtr  # what normal_cdf uses at this size

        stop = min(start + block, batch)
        s = spread[start:stop]
        shifted = centre[start:stop] * s
        z = np.empty((card + 1, stop - start, rows))
        for k, edge in enumerate(edges):
            np.subtract(edge * s, shifted, out=z[k])
        cdf = ndtr(z, out=z)
        inside = cdf[-1] - cdf[0]
        for k in range(card):  # cdf[k + 1] is still the CDF when cdf[k] becomes the mass
            np.subtract(cdf[k + 1], cdf[k], out=cdf[k])
        mass = cdf[:-1]
        mass /= inside
        np.copyto(flat[start:stop], mass.transpose(1, 2, 0))

    # numpy's ufuncs release the GIL: the blocks are shared among the cores (each block's
    # arithmetic is the same whichever thread does it, so the result is too)
    running = Pending(out, [_pool().submit(fill, start) for start in range(0, batch, block)])
    return running if pending else running.result()


BLOCK_CELLS = 1 << 18  # normal-CDF evaluations per block of draws (2 MB of doubles)


def _masses(edges: np.ndarray, mu: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The mass of each state's interval under the normal truncated to [0, 1]."""
    z = edges * scale - mu * scale
    cdf = normal_cdf(z)
    mass = cdf[..., 1:] - cdf[..., :-1]
    mass /= cdf[..., -1:] - cdf[..., :1]  # the mass inside [0, 1]: truncation
    return mass
