"""Every benchmark, side by side in one run: `make bench` (or .venv/bin/python benchmarks/run.py).

Prints Markdown tables and writes them to benchmarks/results.md.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_analyses
import bench_loading
import bench_serve
import bench_startup
from common import RATIOS, markdown_table


def main() -> None:
    parts = [f"Machine: {platform.machine()}, Python {platform.python_version()}, "
             f"{__import__('os').cpu_count()} cores.\n"]
    parts.append(bench_startup.main())
    parts.append(bench_analyses.main())
    parts.append(bench_loading.main())
    parts.append(bench_serve.main())
    try:
        import bench_networks
    except ImportError:
        bench_networks = None
    if bench_networks is not None and "--quick" not in sys.argv:
        parts.append(bench_networks.main())
    rows = [[name, f"{ratio:.2f}", goal] for name, (ratio, goal) in RATIOS.items()]
    parts.insert(1, "### The goal ratios (measured below, in this run)\n\n"
                 + markdown_table(["ratio", "measured", "goal"], rows))
    text = "\n".join(parts)
    print(text)
    (Path(__file__).parent / "results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
