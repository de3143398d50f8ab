"""The ranked form's background import of scipy.special: started only when a draw needs it."""

import subprocess
import sys

SCRIPT = """
import sys, threading
from forecast.cpt.ranked import Ranked, prefetch_normal_cdf
from forecast.cpt.table import Table
import numpy as np
ranked = Ranked("wmean", (1.0, 2.0), 0.01, (3, 3), 3)
prefetch_normal_cdf([Table(np.full((3, 3), 1 / 3))], 10_000)
prefetch_normal_cdf([ranked], {count})
started = [t for t in threading.enumerate() if t.name == "forecast-import-scipy"]
for t in started:
    t.join()
print(len(started), "scipy.special" in sys.modules)
"""


def _run(count: int) -> str:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(count=count)], check=True,
                          capture_output=True, text=True).stdout.strip()


def test_a_large_draw_of_a_ranked_form_imports_scipy_in_the_background() -> None:
    assert _run(10_000) == "1 True"  # 10,000 x 9 rows x 4 edges: far past SCIPY_ABOVE


def test_a_small_draw_or_another_form_starts_nothing() -> None:
    assert _run(10) == "0 False"  # 360 evaluations: math.erf, no scipy


FAILING = """
import importlib.abc, sys, threading
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("scipy"):
            raise ImportError("no scipy here")
sys.meta_path.insert(0, Refuse())
from forecast.cpt.ranked import Ranked, prefetch_normal_cdf
prefetch_normal_cdf([Ranked("wmean", (1.0, 2.0), 0.01, (3, 3), 3)], 10_000)
for t in threading.enumerate():
    if t.name == "forecast-import-scipy":
        t.join()
try:
    from scipy.special import ndtr
except ImportError as error:
    print("raised where needed:", error)
"""


def test_a_failed_background_import_is_silent_and_raised_where_scipy_is_needed() -> None:
    done = subprocess.run([sys.executable, "-c", FAILING], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "raised where needed: no scipy here"
    assert done.stderr == ""  # no "Exception in thread" traceback


def test_the_blocked_edge_major_batch_is_the_plain_formula_to_the_bit() -> None:
    """Large batches are computed a block at a time, edge-major, on every core; each entry is
    still z = e*s - mu*s, scipy's ndtr, then the interval's share of the truncated mass."""
    import numpy as np

    from forecast.cpt.ranked import BLOCK_CELLS, _masses, central_value, ranked_cpt

    rng = np.random.default_rng(7)
    cards, card = (3, 3, 3, 2), 3
    n = 3 * BLOCK_CELLS // (54 * (card + 1)) + 17  # several blocks and a short last one
    weights = rng.normal(size=(n, 4)) * 2
    variance = rng.gamma(2.0, 0.01, size=n) + 1e-6
    blocked = ranked_cpt("wmean", weights, variance, cards, card)
    mu = central_value("wmean", weights, cards)[..., None]
    scale = (1.0 / np.sqrt(variance)).reshape(-1, 1, 1, 1, 1, 1)
    assert np.array_equal(blocked, _masses(np.linspace(0.0, 1.0, card + 1), mu, scale))
    assert np.allclose(blocked.sum(axis=-1), 1.0, atol=1e-12)


def test_pending_cpts_are_the_same_and_a_workers_error_reaches_the_caller(monkeypatch) -> None:
    import numpy as np
    import pytest
    import scipy.special

    from forecast.cpt.ranked import Pending, ranked_cpt

    rng = np.random.default_rng(3)
    weights, variance = rng.normal(size=(40_000, 2)), rng.gamma(2.0, 0.01, size=40_000) + 1e-6
    now = ranked_cpt("wmean", weights, variance, (3, 3), 3)
    later = ranked_cpt("wmean", weights, variance, (3, 3), 3, pending=True)
    assert isinstance(later, Pending)
    assert np.array_equal(later.result(), now)

    def broken(*args, **kwargs):
        raise MemoryError("no room for the block")

    monkeypatch.setattr(scipy.special, "ndtr", broken)
    failing = ranked_cpt("wmean", weights, variance, (3, 3), 3, pending=True)
    with pytest.raises(MemoryError, match="no room"):
        failing.result()
