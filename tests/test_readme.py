"""Every command block of the README runs as written, in a fresh copy of the repository (its
tracked files, as a clone has them), with `forecast` on PATH as the README says to put it,
and leaves nothing outside `out/`. Blocks marked `<!-- readme-test: needs a server -->`
(forecast serve, a PostgreSQL ledger) or `<!-- readme-test: setup ... -->` (make run / make
test, which install the environment this test runs in) are skipped, and the test says which."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(?:<!-- readme-test: (?P<mark>[^>]*?) -->\n)?```(?P<lang>sh|python)\n"
                   r"(?P<body>.*?)```", re.S)
# per block. The two blocks that write briefs (PDFs with --samples 2000) take 15-20 s of CPU
# and up to four minutes of wall time on this project's shared 2-core machine under load;
# the whole file about 100 s of CPU.
BUDGET_S = 600


def _blocks() -> list[tuple[int, str, str, str]]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in BLOCK.finditer(text):
        line = text.count("\n", 0, m.start("lang")) + 1
        out.append((line, m.group("lang"), m.group("body"), m.group("mark") or ""))
    return out


BLOCKS = _blocks()
RUN = [b for b in BLOCKS if not b[3]]


def test_the_skipped_blocks_are_the_marked_ones() -> None:
    skipped = [(line, mark) for line, _, _, mark in BLOCKS if mark]
    assert [mark for _, mark in skipped] == [
        "setup, not run (it installs the environment the test runs in)",
        "needs a server", "needs a server"], skipped
    for line, _lang, body, mark in BLOCKS:
        if mark == "needs a server":
            assert "serve" in body or "postgresql://" in body, (line, body)
    assert len(RUN) >= 11


def _fresh_copy(dest: Path) -> Path:
    """The repository's files as a clone has them (tracked, plus new files not ignored)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot tell which files a clone has")
    for name in listed.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.parametrize(("line", "lang", "body", "mark"), RUN,
                         ids=[f"README.md:{b[0]}" for b in RUN])
def test_block_runs_as_written(tmp_path: Path, line: int, lang: str, body: str,
                               mark: str) -> None:
    repo = _fresh_copy(tmp_path / "clone")
    before = _files(repo)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "MPLBACKEND": "Agg", "HOME": str(tmp_path)}
    env.pop("FORECAST_LEDGER", None)
    command = (["bash", "-e", "-o", "pipefail", "-c", body] if lang == "sh"
               else [sys.executable, "-c", body])
    start = time.monotonic()
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True,
                          timeout=BUDGET_S)
    took = time.monotonic() - start
    assert done.returncode == 0, (f"README.md:{line} failed after {took:.1f} s\n"
                                  f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    left = sorted(p for p in _files(repo) - before if not p.startswith("out/"))
    assert left == [], f"README.md:{line} left files outside out/: {left}"
    changed = [p for p in before if (repo / p).read_bytes() != (ROOT / p).read_bytes()]
    assert changed == [], f"README.md:{line} changed shipped files: {changed}"
