"""Many evidence cases at once: a CSV file, one case per row, answered in one batched call.

The header names nodes (a node's label, or a name that maps to the node's identifier, is
accepted too); each cell is a state of its column's node, or empty when that node is not
observed in the case. A column named `case` that is not a node labels the cases. Every case
becomes one entry of a leading batch axis: an observed cell is a one-hot likelihood, an empty
one a row of ones, so one contraction answers all of them (identical cases once; split into
chunks only when one would not fit in memory).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import stable
from ..errors import InferenceError, Problem, UserError
from ..limits import MAX_CASES, MAX_COLUMNS

MAX_PROBLEMS = 20
CASE_COLUMN = "case"


def query_cases(model_path: Path | str, cases_csv_path: Path | str, targets: Sequence[str] = (),
                engine: str = "compiled") -> list[dict[str, Any]]:
    """One row per case: {"case": label, "<target>=<state>": probability, ...}.

    `model_path` is a model YAML (or a network file: .bif, .net, .xdsl, ...); `targets`
    default to the model's targets. Bad columns or cells are a UserError naming the
    file, line and column of each; a case whose evidence is impossible, its line."""
    from ..interop import load_network

    network = load_network(model_path)
    targets = tuple(targets) or network.targets
    for target in targets:
        if target not in network:
            raise UserError(f"--target {target!r}: unknown node; nodes are {', '.join(network.names)}")
    path = Path(cases_csv_path)
    table = read_cases(path)
    labels, evidence, lines = cases_evidence(network, table, str(path))
    if not labels:
        return []
    posteriors = case_posteriors(network, targets, evidence, engine, lines, str(path))
    rows = []
    for b, label in enumerate(labels):
        row: dict[str, Any] = {"case": label}
        for target in targets:
            for state, p in zip(network[target].states, posteriors[target][b], strict=True):
                row[f"{target}={state}"] = stable(p)
        rows.append(row)
    return rows


class CaseTable:
    """The header and data rows of a cases file, with the line on which each row starts."""

    def __init__(self, header: list[str], rows: list[list[str]], lines: list[int],
                 header_line: int = 1) -> None:
        self.header = header
        self.rows = rows
        self.lines = lines
        self.header_line = header_line


def read_cases(path: Path) -> CaseTable:
    from ..files import read_input

    shown = str(path)
    raw = read_input(path, "is a directory; give a CSV file with one case per row",
                     "file not found; check the path of the cases file")
    from ..spec.yamlio import decode_utf8

    text = decode_utf8(raw, shown)
    if text.count("\n") > MAX_CASES + 1:
        raise UserError(Problem(f"more than {MAX_CASES:,} rows; split the cases into several "
                                "files", shown))
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    try:
        start = 1
        for record in reader:
            line = start
            start = reader.line_num + 1
            if not record or (len(record) == 1 and not record[0].strip()
                              and (header is None or len(header) > 1)):
                continue  # a blank line (a row of empty cells is a case with nothing observed)
            if header is None:
                if len(record) > MAX_COLUMNS:
                    raise UserError(Problem(f"the header has {len(record):,} columns; a cases "
                                            f"file may have at most {MAX_COLUMNS:,}", shown, line))
                header = [cell.strip() for cell in record]
                header_line = line
                continue
            if len(record) != len(header):
                problems.append(Problem(
                    f"row has {len(record)} cells but the header has {len(header)} columns; "
                    "leave a cell empty (not missing) for an unobserved node", shown, line))
                continue
            rows.append([cell.strip() for cell in record])
            lines.append(line)
    except csv.Error as exc:
        raise UserError(Problem(f"not a readable CSV file ({exc}); save it as comma-separated text",
                                shown, reader.line_num)) from None
    if header is None:
        raise UserError(Problem("file is empty; it needs a header row of node names and one row "
                                "per case", shown))
    seen: dict[str, int] = {}
    for col, name in enumerate(header, 1):
        if not name:
            problems.append(Problem("empty column name; name the node", shown, header_line, col))
        elif name in seen:
            problems.append(Problem(f"column {name!r} appears twice (columns {seen[name]} and {col})",
                                    shown, header_line, col))
        seen.setdefault(name, col)
    if problems:
        raise UserError(problems[:MAX_PROBLEMS])
    return CaseTable(header, rows, lines, header_line)


def _resolver(network: Network):
    """Header text -> node: the name itself, a unique label, or the name made an identifier."""
    from ..interop import identifier

    by_label: dict[str, list[str]] = {}
    for name, node in network.nodes.items():
        by_label.setdefault(node.label, []).append(name)

    def resolve(text: str) -> str | None:
        if text in network:
            return text
        if len(by_label.get(text, [])) == 1:
            return by_label[text][0]
        mapped = identifier(text)
        return mapped if mapped in network else None

    return resolve


def cases_evidence(network: Network, table: CaseTable, shown: str
                   ) -> tuple[list[str], dict[str, np.ndarray], list[int]]:
    """Case labels, batched likelihoods (B, card) per observed node, and each case's line."""
    from ..interop import identifier

    resolve = _resolver(network)
    header_line = table.header_line
    problems: list[Problem] = []
    columns: list[tuple[int, str]] = []
    label_column = None
    used: dict[str, str] = {}
    for col, text in enumerate(table.header):
        node = resolve(text)
        if node is None and text == CASE_COLUMN:
            label_column = col
            continue
        if node is None:
            problems.append(Problem(
                f"unknown column {text!r}: not a node of the model{_close(text, network.names)}; "
                f"nodes are {_some(network.names)}", shown, header_line, col + 1))
            continue
        if node in used:
            problems.append(Problem(
                f"column {text!r} names node {node!r} again (as column {used[node]!r}); keep one",
                shown, header_line, col + 1))
            continue
        used[node] = text
        columns.append((col, node))
    batch = len(table.rows)
    evidence: dict[str, np.ndarray] = {}
    for col, node in columns:
        states = network[node].states
        index = {s: i for i, s in enumerate(states)}
        vectors = np.ones((batch, len(states)))
        observed = False
        for b, row in enumerate(table.rows):
            cell = row[col]
            if not cell:
                continue
            k = index.get(cell)
            if k is None:
                k = index.get(identifier(cell))
            if k is None:
                problems.append(Problem(
                    f"unknown state {cell!r} of {node!r} in column {table.header[col]!r}"
                    f"{_close(cell, states)}; states are {', '.join(states)} (or leave the cell "
                    "empty)", shown, table.lines[b], col + 1))
                continue
            vectors[b] = 0.0
            vectors[b, k] = 1.0
            observed = True
        if observed:
            evidence[node] = vectors
    if problems:
        more = len(problems) - MAX_PROBLEMS
        shown_problems = problems[:MAX_PROBLEMS]
        if more > 0:
            shown_problems.append(Problem(f"... and {more} more problems like these", shown))
        raise UserError(shown_problems)
    if label_column is not None:
        labels = [row[label_column] or str(b + 1) for b, row in enumerate(table.rows)]
    else:
        labels = [str(b + 1) for b in range(batch)]
    return labels, evidence, table.lines


def case_posteriors(network: Network, targets: tuple[str, ...], evidence: dict[str, np.ndarray],
                    engine: str, lines: list[int], shown: str) -> dict[str, np.ndarray]:
    """Posteriors (B, card) of every target: one batched call (in chunks only if too large)."""
    batch = len(lines)
    if engine == "pgmpy":
        return _looped(network, targets, evidence, batch, lines, shown)
    if engine != "compiled":
        from ..engine import ENGINES

        raise UserError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    from ..engine import compiled

    if not evidence:  # nothing observed in any case: the prior, repeated
        prior = compiled.posteriors(network, targets, {})
        return {t: np.repeat(v[None, :], batch, axis=0) for t, v in prior.items()}
    # identical cases are answered once
    names = list(evidence)
    stacked = np.concatenate([evidence[n] for n in names], axis=1)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    splits = np.cumsum([evidence[n].shape[1] for n in names])[:-1]
    distinct = dict(zip(names, np.split(unique, splits, axis=1), strict=True))
    count = len(unique)
    groups: list[list[int]] = [[] for _ in range(count)]  # the lines of each distinct case
    for row, u in enumerate(inverse.tolist()):
        groups[u].append(lines[row])
    chunk = _chunk_size(network, targets, distinct, count)
    parts: dict[str, list[np.ndarray]] = {t: [] for t in targets}
    for start in range(0, count, chunk):
        piece = {n: v[start:start + chunk] for n, v in distinct.items()}
        try:
            got = compiled.posteriors(network, targets, piece)
        except compiled.TooLargeError as exc:
            raise UserError(Problem(f"cannot answer these cases exactly: {exc}", shown)) from None
        except InferenceError as exc:
            _impossible(network, piece, groups[start:start + chunk], shown, exc)
        for t in targets:
            parts[t].append(got[t])
    return {t: np.concatenate(parts[t])[inverse] for t in targets}


def _chunk_size(network: Network, targets, evidence, batch: int) -> int:
    """The whole batch, or the largest power-of-two share of it that fits the engine's limits."""
    from ..engine import compiled

    chunk = batch
    while chunk > 1:
        piece = {n: v[:chunk] for n, v in evidence.items()}
        costs = [compiled.cost(network, (t,), piece) for t in targets]
        if all(c["largest_bytes"] <= compiled.MAX_INTERMEDIATE_BYTES / 4
               and c["peak_bytes"] <= compiled.MAX_PEAK_BYTES / 4 for c in costs):
            break
        chunk = (chunk + 1) // 2
    return chunk


def _impossible(network: Network, evidence, groups: list[list[int]], shown: str,
                exc: InferenceError):
    from ..engine import compiled

    try:
        probability = np.atleast_1d(compiled.evidence_probability(network, evidence))
    except InferenceError:
        raise UserError(Problem(f"cannot answer these cases: {exc}", shown)) from None
    bad = np.flatnonzero(~(probability > 0))
    if not len(bad):
        raise UserError(Problem(f"cannot answer these cases: {exc}", shown)) from None
    problems = [Problem("the evidence of this case is impossible under the model (probability "
                        "zero); fix the row or check the model's zeros", shown, line)
                for line in sorted(line for b in bad for line in groups[b])[:MAX_PROBLEMS]]
    total = sum(len(groups[b]) for b in bad)
    if total > MAX_PROBLEMS:
        problems.append(Problem(f"... and {total - MAX_PROBLEMS} more impossible cases", shown))
    raise UserError(problems) from None


def _looped(network: Network, targets, evidence, batch: int, lines: list[int], shown: str):
    from ..engine import posteriors

    out = {t: np.zeros((batch, network[t].card)) for t in targets}
    for b in range(batch):
        case = {n: v[b] for n, v in evidence.items() if not np.all(v[b] == 1.0)}
        try:
            got = posteriors(network, targets, case, engine="pgmpy")
        except InferenceError:
            raise UserError(Problem("the evidence of this case is impossible under the model "
                                    "(probability zero); fix the row or check the model's zeros",
                                    shown, lines[b])) from None
        for t in targets:
            out[t][b] = got[t]
    return out


def _close(text: str, names: Sequence[str]) -> str:
    import difflib

    match = difflib.get_close_matches(text, list(names), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _some(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")
