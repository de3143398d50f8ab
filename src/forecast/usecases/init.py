"""`forecast init`: write a new case's folder, checked before anything lands in it.

The files (`scaffold.case_files`, or a copy of an existing model's files for `--from`) are first
written to a temporary folder and checked there as `forecast validate` and `forecast run` would
check them; only then are they written, each atomically, into the case folder. Bad input
touches nothing."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..files import write_atomic
from ..scaffold import OVERLAY, SCENARIO, CaseNames, case_files, case_names


@dataclass(frozen=True)
class InitReport:
    """What `init` wrote and what the checks it ran found (every sentence comes from these)."""

    folder: Path
    files: tuple[str, ...]          # relative paths written
    replaced: tuple[str, ...]       # of those, files that existed before (--force)
    checked: tuple[str, ...]        # the files checked before writing
    quotes: int                     # quotes checked and found in their documents
    warnings: tuple[str, ...]       # warnings the scenario run gives (kind: message)
    slugged: tuple[tuple[str, str], ...]
    scenario: str
    overlay: str


def init_case(folder: Path | str, question: str | None, outcomes: list[str] | None, *,
              from_model: Path | str | None = None, target: str = "outcome",
              as_of: dt.date | None = None, horizon: dt.date | None = None,
              force: bool = False) -> InitReport:
    """Write a new case into `folder`; a UserError (and nothing written) for bad input."""
    folder = Path(folder)
    _check_folder(folder, force)
    if horizon is not None and from_model is None and horizon < (as_of or dt.date.today()):
        start = f"--as-of {as_of}" if as_of else f"today ({dt.date.today()})"
        raise UserError(f"--horizon {horizon} is before {start}; the horizon is the date the "
                        "question is about, after the snapshot")
    if from_model is not None:
        if outcomes:
            raise UserError("--outcome with --from: the outcome states are the model's; drop "
                            "--outcome, or start without --from")
        files, names = _from_model(Path(from_model), question, as_of, horizon)
    else:
        if question is None or not outcomes:
            raise UserError("give --question TEXT and --outcome A,B,C (or --from MODEL.yaml to "
                            "start from an existing model)")
        names = case_names(folder.resolve().name, question, outcomes, target)
        day = as_of or dt.date.today()
        files = case_files(names, day, horizon or _horizon(day))
    checked, quotes, warnings = _check_in_temp(files, folder)
    replaced = tuple(p for p in files if (folder / p).exists())
    for relative, data in files.items():
        write_atomic(folder / relative, data)
    return InitReport(folder, tuple(files), replaced, checked, quotes, warnings, names.slugged,
                      f"scenarios/{SCENARIO}.yaml", f"overlays/{OVERLAY}.yaml")


def _horizon(as_of: dt.date) -> dt.date:
    return as_of + dt.timedelta(days=180)


def _check_folder(folder: Path, force: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file, not a folder; give a new folder for the case")
    if folder.is_dir() and not force:
        entries = sorted(p.name for p in folder.iterdir())
        if entries:
            shown = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5
                                              else "")
            raise UserError(f"{folder}: the folder is not empty ({shown}); give a new folder, or "
                            "--force to write the case's files into it (files of the same names "
                            "are replaced, others left alone)")


def _check_in_temp(files: dict[str, bytes | str], folder: Path
                   ) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
    """Write the files to a scratch folder and check them as validate and run do; a problem
    here is the tool's (or the --from model's), reported without touching `folder`."""
    from ..spec.build_overlay import check_overlay
    from ..spec.card import check_card
    from ..spec.load import load_any, load_scenario

    parent = folder.resolve().parent if folder.resolve().parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix=".forecast-init-", dir=parent) as tmp:
        root = Path(tmp)
        for relative, data in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        checked = []
        try:
            for relative in files:
                if relative.endswith(".yaml"):
                    load_any(root / relative)
                    checked.append(relative)
            model = next(p for p in files if p.startswith("models/") and p.endswith(".yaml"))
            card = check_card(root / model)
            if card.problems:
                raise UserError(card.problems)
            loaded = load_scenario(root / "scenarios" / f"{SCENARIO}.yaml")
            check_overlay(root / "overlays" / f"{OVERLAY}.yaml")
            from .run import run_scenario

            run_scenario(loaded)
            run_scenario(loaded, analysts=[root / "overlays" / f"{OVERLAY}.yaml"])
        except UserError as exc:
            shown = "; ".join(str(p).replace(str(root) + "/", "") for p in exc.problems)
            raise UserError(f"the new case does not check ({shown}); nothing was written to "
                            f"{folder}") from None
        verification = loaded.integrity.verification
        warnings = tuple(f"{w.kind}: {w.message}" for w in loaded.integrity.warnings)
        return tuple(checked), verification.verified, warnings


def _from_model(path: Path, question: str | None, as_of: dt.date | None,
                horizon: dt.date | None) -> tuple[dict[str, bytes | str], CaseNames]:
    """A case around a copy of an existing model: the model, its card, its seeds (index and
    documents), a scenario with no evidence yet and an empty overlay."""
    from ..spec.load import load_model

    loaded = load_model(path)  # its own problems, located in its own file
    network = loaded.network
    target = network.targets[0]
    states = network.nodes[target].states
    names = CaseNames(case=path.stem, question=question or network.title, outcome=target,
                      states=tuple(states))
    text = path.read_text(encoding="utf-8")
    if loaded.spec.seeds:  # the copy keeps its documents in the case's own seeds/
        text = re.sub(r"(?m)^seeds:[^\n]*\n", "", text)
    files: dict[str, bytes | str] = {f"models/{path.stem}.yaml": text}
    card = path.with_suffix(".md")
    if card.is_file():
        files[f"models/{path.stem}.md"] = card.read_text(encoding="utf-8")
    else:
        files[f"models/{path.stem}.md"] = case_files(names, loaded.as_of or dt.date.today(),
                                                     dt.date.today())[f"models/{path.stem}.md"]
    index = loaded.seeds / "index.yaml"
    if index.is_file():
        files["seeds/index.yaml"] = index.read_text(encoding="utf-8")
        for document in (loaded.corpus.documents.values() if loaded.corpus else ()):
            relative = document.path.relative_to(loaded.seeds)
            files[f"seeds/{relative.as_posix()}"] = document.path.read_bytes()
    day = as_of or loaded.as_of or dt.date.today()
    end = horizon or _horizon(day)
    if end < day:
        raise UserError(f"--horizon {end} is before the snapshot's as_of {day}; the horizon is "
                        "the date the question is about, after the snapshot")
    targets = ", ".join(network.targets)
    files[f"scenarios/{SCENARIO}.yaml"] = f"""\
# A snapshot of {path.stem}: what was known on `as_of`. Add findings under `evidence`, each
# quoted from a document in seeds/ and graded (see `forecast schema scenario`).
format: forecast-scenario/1
id: {SCENARIO}
title: TODO what happened that makes this snapshot worth taking
as_of: {day.isoformat()}
horizon: {end.isoformat()}
model: ../models/{path.stem}.yaml
targets: [{targets}]
evidence: []                    # TODO one finding per report
priors: {{}}
"""
    files[f"overlays/{OVERLAY}.yaml"] = f"""\
# An analyst's own numbers over the model: priors of root nodes, and a node's form or single
# table rows under `nodes` (the rows not given stay the model's).
format: forecast-overlay/1
analyst: {OVERLAY}
date: {day.isoformat()}
model: ../models/{path.stem}.yaml
rationale: TODO why these numbers differ from the model's
priors: {{}}
nodes: {{}}
"""
    from ..scaffold import readme_md

    files["README.md"] = readme_md(names).replace(
        f"models/{names.case}.yaml`", f"models/{names.case}.yaml` (from {path})", 1)
    return files, names
