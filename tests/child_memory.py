"""Run `python -m forecast` in a child and measure the child's own peak resident memory.

`wait4`'s ru_maxrss cannot do it here: the child is spawned by vfork from the pytest worker,
and Linux carries the worker's high-water mark into the child's (a worker that once held
1.2 GB made a 30 MB child read 1.2 GB). The child's own peak is its VmHWM, the high-water
mark of the memory map exec gave it, written by an exit hook in the launcher below; a child
killed before it exits has none (`peak_mb` is then infinite, so a memory bound fails)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = """
import atexit, runpy, sys
def _peak(path=sys.argv.pop(1)):
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(path, "w") as out:
        out.write(kb)
atexit.register(_peak)
runpy.run_module("forecast", run_name="__main__", alter_sys=True)
"""


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    peak_mb: float


def run_forecast(args: list[str], cwd: Path, hang_guard: float = 120.0) -> Outcome:
    """The CLI's exit code, output and peak resident memory (MB); a hang past `hang_guard`
    seconds is killed, failing the case instead of the suite."""
    with (tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err,
          tempfile.TemporaryDirectory() as scratch):
        peak_file = Path(scratch) / "peak"
        child = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(peak_file), *args],
                                 cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(hang_guard, child.kill)
        timer.start()
        try:
            _, status, _ = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("inf")
        return Outcome(child.returncode, out.read().decode(errors="replace"),
                       err.read().decode(errors="replace"), peak)
