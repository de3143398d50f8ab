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
