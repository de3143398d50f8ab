"""forecast watch at scale: 50 documents of 5,000 words against a 50-indicator model.

Goal (issue 26): under 5 s on this machine. The model and documents are generated (seeded):
a three-state outcome, five latent drivers, 50 observable indicators, each with a label,
description, rationale and a cited quote drawn from a 3,000-word vocabulary; 50 documents of
5,000 words in sentences of 8 to 30 words, some indicator wording planted in them. Timed
in-process, from loading the scenario to the ranked, grouped result with diagnosticities.

    .venv/bin/python benchmarks/bench_watch.py            # prints a Markdown table
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DOCUMENTS = 50
WORDS = 5000
INDICATORS = 50
DRIVERS = 5
GOAL_SECONDS = 5.0


def _vocabulary(rng: np.random.Generator, n: int = 3000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "sel", "dar", "min", "bor", "tek",
                 "pra", "gun", "zel", "fot", "han", "lis", "mor", "vek"]
    words: set[str] = set()
    while len(words) < n:
        k = int(rng.integers(2, 4))
        words.add("".join(rng.choice(syllables, k)))
    return sorted(words)


def _phrase(rng, vocab, n: int) -> str:
    return " ".join(rng.choice(vocab, n))


def build(root: Path, seed: int = 0) -> tuple[Path, list[str]]:
    """The model, a scenario, the seeds index and its documents under `root`."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary(rng)
    (root / "models").mkdir()
    (root / "scenarios").mkdir()
    (root / "seeds").mkdir()
    ind_words = [_phrase(rng, vocab, 12) for _ in range(INDICATORS)]
    documents = []
    for d in range(DOCUMENTS):
        sentences, count = [], 0
        while count < WORDS:
            n = int(rng.integers(8, 31))
            words = list(rng.choice(vocab, n))
            if rng.random() < 0.05:  # a sentence about some indicator
                k = int(rng.integers(INDICATORS))
                words[: 4] = ind_words[k].split()[:4]
            sentences.append(" ".join(words).capitalize() + ".")
            count += n
        paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
        (root / "seeds" / f"d{d:02d}.txt").write_text("\n\n".join(paragraphs) + "\n",
                                                      encoding="utf-8")
        documents.append(f"d{d:02d}")
    cited = (root / "seeds" / "d00.txt").read_text(encoding="utf-8").split(".")[0]
    index = ["format: forecast-sources/1", "documents:"]
    for d in documents:
        index += [f"  - id: {d}", f"    file: {d}.txt", f"    title: document {d}",
                  "    outlet: null", "    published: 2023-02-01"]
    (root / "seeds" / "index.yaml").write_text("\n".join(index) + "\n", encoding="utf-8")
    lines = ["format: forecast-model/1", "id: bench_watch", "title: Watch benchmark",
             "targets: [outcome]", "nodes:"]
    for k in range(DRIVERS):
        lines += [f"  driver_{k}:", f"    label: driver {_phrase(rng, vocab, 3)}",
                  "    states: [low, high]", "    prior: {low: 0.6, high: 0.4}"]
    lines += ["  outcome:", "    states: [none, some, much]",
              f"    parents: [{', '.join(f'driver_{k}' for k in range(DRIVERS))}]",
              "    noisy_max:", "      leak: {none: 0.8, some: 0.15, much: 0.05}",
              "      parents:"]
    for k in range(DRIVERS):
        lines += [f"        driver_{k}:", "          high: {none: 0.6, some: 0.3, much: 0.1}"]
    for i in range(INDICATORS):
        parent = f"driver_{i % DRIVERS}"
        a = round(0.1 + 0.8 * rng.random(), 3)
        b = round(0.1 + 0.8 * rng.random(), 3)
        lines += [f"  indicator_{i:02d}:",
                  f"    label: {ind_words[i]}",
                  f"    description: {_phrase(rng, vocab, 25)}",
                  f"    rationale: {_phrase(rng, vocab, 40)}",
                  "    states: [not_observed, observed]", "    observable: true",
                  f"    parents: [{parent}]", "    table:",
                  f"      - given: {{{parent}: low}}",
                  f"        p: {{not_observed: {1 - a:.3f}, observed: {a:.3f}}}",
                  f"      - given: {{{parent}: high}}",
                  f"        p: {{not_observed: {1 - b:.3f}, observed: {b:.3f}}}"]
        if i == 0:
            lines += ["    sources:", f"      - {{doc: d00, quote: \"{cited.strip()}\"}}"]
    (root / "models" / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scenario = root / "scenarios" / "s.yaml"
    scenario.write_text("\n".join([
        "format: forecast-scenario/1", "id: s", "title: Watch benchmark snapshot",
        "as_of: 2023-02-01", "model: ../models/bench.yaml", "targets: [outcome]",
        "evidence:", "  - node: indicator_01", "    state: observed", "    grade: B2",
        "    source: {doc: d00, quote: \"" + cited.strip() + "\"}"]) + "\n", encoding="utf-8")
    return scenario, documents


def main(repeats: int = 3) -> str:
    from forecast.watch.watching import watch_scenario

    with tempfile.TemporaryDirectory() as tmp:
        scenario, documents = build(Path(tmp))
        watch_scenario(scenario, documents[:1], top=3)  # imports (bm25s, scipy) paid once
        times, cpu = [], []
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = watch_scenario(scenario, documents, top=3)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        passages = sum(d.passages for d in result.documents)
        words = sum(len(d.document.text.split()) for d in result.documents)
    median = statistics.median(times)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [f"| watch, {DOCUMENTS} documents ({words:,} words, {passages:,} passages), "
            f"{INDICATORS} indicators, top 3 | {median:.2f} s (best {min(times):.2f} s of "
            f"{repeats}) | {statistics.median(cpu):.2f} s | < {GOAL_SECONDS:.0f} s | "
            f"{'met' if median < GOAL_SECONDS else 'MISSED'} |"]
    return ("### Signpost watch\n\n| work | wall time (median) | CPU time | goal | |\n"
            "|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
            f"In-process, imports paid before timing; load average {load:.1f} on "
            f"{os.cpu_count()} cores during the run.\n")


if __name__ == "__main__":
    text = main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
    print(text)
