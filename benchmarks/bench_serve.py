"""The what-if page's server time per change (`POST /api/page`: the run, every node's
probabilities, each finding's impact and the credible drivers), on the Belarus case (goal
50 ms) and on a generated 200-node model (goal 500 ms). Each change is one the page sends:
a prior moved, a state clicked, a finding regraded, a finding dropped. A benchmark, not a
timed test: `make bench` prints it; `python benchmarks/bench_serve.py` runs it alone."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, markdown_table

from forecast.serve.session import Session, page_answer
from forecast.spec.load import load_scenario
from forecast.spec.yamlio import load_yaml

REPEAT = 5
GOALS = {"Belarus (oct2022, 21 nodes)": 50.0, "generated, 200 nodes": 500.0}


def session(path: Path) -> Session:
    loaded = load_scenario(path)
    return Session(loaded, load_yaml(loaded.path))


def belarus_changes() -> list[tuple[str, dict]]:
    return [
        ("none (the scenario as loaded)", {}),
        ("prior moved", {"priors": {"russian_axis_intent": {"offensive": 0.4}}}),
        ("state clicked", {"evidence": [{"node": "snap_inspections", "state": "observed"}]}),
        ("finding regraded", {"drop": ["joint_force_announced"],
                              "evidence": [{"node": "joint_force", "state": "announced",
                                            "grade": "C3"}]}),
        ("finding dropped", {"drop": ["joint_force_announced"]}),
    ]


def generated(folder: Path, nodes: int = 200, layer: int = 10, seed: int = 7) -> Path:
    """A layered model of `nodes` nodes (2 or 3 states, up to 2 parents from the layer above
    and one from two layers up) and a scenario with five findings on its last layer."""
    rng = np.random.default_rng(seed)
    names = [f"n{i:03d}" for i in range(nodes)]
    states = {n: [f"s{k}" for k in range(int(rng.integers(2, 4)))] for n in names}
    lines = ["format: forecast-model/1", "id: generated", "title: A generated 200-node model",
             "targets: [n199]", "nodes:"]
    for i, name in enumerate(names):
        row_of = i // layer
        above = [n for n in names[(row_of - 1) * layer: row_of * layer]] if row_of else []
        further = [n for n in names[(row_of - 2) * layer:(row_of - 1) * layer]] if row_of > 1 else []
        parents = list(rng.choice(above, size=min(len(above), int(rng.integers(1, 3))),
                                  replace=False)) if above else []
        if further and rng.random() < 0.3:
            parents.append(str(rng.choice(further)))
        lines += [f"  {name}:", f"    states: [{', '.join(states[name])}]",
                  "    rationale: generated for the benchmark"]
        card = len(states[name])
        if not parents:
            p = rng.dirichlet(np.ones(card))
            lines.append(f"    prior: [{', '.join(f'{x:.6f}' for x in p[:-1])}, "
                         f"{1 - sum(round(x, 6) for x in p[:-1]):.6f}]")
            continue
        lines.append(f"    parents: [{', '.join(parents)}]")
        lines.append("    table:")
        for combo in np.ndindex(*[len(states[p]) for p in parents]):
            given = ", ".join(f"{p}: {states[p][k]}" for p, k in zip(parents, combo, strict=True))
            p = np.round(rng.dirichlet(np.ones(card) * 2), 6)
            p[-1] = round(1 - p[:-1].sum(), 6)
            lines.append(f"      - given: {{{given}}}")
            lines.append(f"        p: [{', '.join(f'{x:.6f}' for x in p)}]")
    (folder / "model.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = [f"  - {{node: {n}, state: s0, grade: B2}}" for n in names[-layer:-layer + 5]]
    (folder / "scenario.yaml").write_text("\n".join([
        "format: forecast-scenario/1", "id: generated_now", "title: Generated", "as_of: 2022-10-11",
        "model: model.yaml", "targets: [n199]", "evidence:", *findings]) + "\n", encoding="utf-8")
    return folder / "scenario.yaml"


def generated_changes() -> list[tuple[str, dict]]:
    return [
        ("none (the scenario as loaded)", {}),
        ("prior moved", {"priors": {"n000": {"s0": 0.3}}}),
        ("state clicked", {"evidence": [{"node": "n150", "state": "s1"}]}),
        ("finding regraded", {"drop": ["n190#1"],
                              "evidence": [{"node": "n190", "state": "s0", "grade": "C3"}]}),
        ("finding dropped", {"drop": ["n191#1"]}),
    ]


def timings(s: Session, changes: list[tuple[str, dict]]) -> list[tuple[str, float, float]]:
    """(change, median ms, worst ms) of REPEAT answers each, after one answer to warm it."""
    out = []
    for what, body in changes:
        page_answer(s, body)
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            page_answer(s, body)
            times.append(1000 * (time.perf_counter() - start))
        out.append((what, statistics.median(times), max(times)))
    return out


def main() -> str:
    rows = []
    cases = [("Belarus (oct2022, 21 nodes)", ROOT / "scenarios" / "oct2022.yaml", belarus_changes())]
    with tempfile.TemporaryDirectory() as tmp:
        cases.append(("generated, 200 nodes", generated(Path(tmp)), generated_changes()))
        for name, path, changes in cases:
            s = session(path)
            for what, median, worst in timings(s, changes):
                goal = GOALS[name]
                rows.append([name, what, f"{median:.1f} ms", f"{worst:.1f} ms", f"{goal:.0f} ms",
                             "yes" if median <= goal else "no"])
    return ("### The what-if page: server time per change (POST /api/page)\n\n"
            f"Median and worst of {REPEAT} answers per change, after one to warm it.\n\n"
            + markdown_table(["model", "change", "median", "worst", "goal", "met"], rows))


if __name__ == "__main__":
    print(main())
