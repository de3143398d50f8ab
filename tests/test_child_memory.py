"""The hostile suites' memory bound reads the child's own peak, not the pytest worker's."""

from pathlib import Path

import numpy as np

from tests.child_memory import run_forecast


def test_a_large_parent_does_not_count_as_the_childs_peak() -> None:
    held = np.ones(50_000_000)  # 400 MB resident in this process while the child runs
    outcome = run_forecast(["--help"], Path.cwd())
    assert held.sum() == 50_000_000
    assert outcome.code == 0 and "Usage" in outcome.stdout
    assert 5 < outcome.peak_mb < 200  # wait4's ru_maxrss would give over 400 here
