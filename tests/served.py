"""A real `forecast serve` process for the tests that talk to it over HTTP."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def serving(*args: str, cwd: Path = ROOT) -> Iterator[str]:
    """Start `forecast serve ARGS --no-browser --port 0`; yield the printed URL; stop it."""
    proc = subprocess.Popen([sys.executable, "-m", "forecast", "serve", *args, "--no-browser",
                             "--port", "0"], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=120)
        except queue.Empty:
            pytest.fail("forecast serve printed no URL: " + (proc.stderr.read() if proc.poll() else ""))
        match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", first)
        assert match, first
        yield match.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
