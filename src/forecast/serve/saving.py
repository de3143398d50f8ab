"""What "Save as overlay" and "Save as scenario" write: YAML text built from a change set and
checked by the same loaders `forecast run` uses, and a file name that cannot leave the
save folder."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

from ..errors import UserError
from .session import Changes, Session

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def target_path(folder: Path, name: Any) -> Path:
    """`folder/name.yaml`, or an error when the name is not a plain file name in the folder."""
    if not isinstance(name, str) or not NAME.fullmatch(name) or ".." in name:  # no final \n
        raise UserError(f"file name {name!r}: give a plain name of letters, digits, '_', '-' and "
                        "'.', like my_view.yaml; files are written only into the save folder")
    if not name.endswith((".yaml", ".yml")):
        name += ".yaml"
    root = folder.resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise UserError(f"file name {name!r} leads outside the save folder {root}")
    return path


def default_name(folder: Path, stem: Any) -> str:
    """`stem.yaml`, or `stem_2.yaml`, ... : the first name not taken in the folder."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(stem or "overlay")).strip("._-") or "overlay"
    candidate, n = f"{stem}.yaml", 1
    while (folder / candidate).exists():
        n += 1
        candidate = f"{stem}_{n}.yaml"
    return candidate


def overlay_data(session: Session, changes: Changes, analyst: Any, rationale: Any,
                 date: dt.date) -> dict[str, Any]:
    """The forecast-overlay/1 mapping that, given to `forecast run --analyst`, reproduces the
    page's numbers for the scenario's own evidence: the start analyst's numbers, the page's
    tables, and the page's priors as the --set they stand for completed them."""
    if not isinstance(analyst, str) or not analyst.strip():
        raise UserError("give the analyst's name for the overlay")
    start = session.analyst_data or {}
    nodes = {**(start.get("nodes") or {}), **changes.node_forms}
    nodes = {n: form for n, form in nodes.items() if n not in changes.priors}
    priors = {n: p for n, p in (start.get("priors") or {}).items() if n not in nodes}
    priors.update(changes.priors)
    data: dict[str, Any] = {"format": "forecast-overlay/1", "analyst": analyst.strip(),
                            "date": date, "model": session.loaded.network.id}
    text = rationale if isinstance(rationale, str) and rationale.strip() else start.get("rationale")
    if text:
        data["rationale"] = text
    if priors:
        data["priors"] = priors
    if nodes:
        data["nodes"] = nodes
    return data


def scenario_data(session: Session, changes: Changes, folder: Path, scenario_id: Any,
                  title: Any) -> dict[str, Any]:
    """The forecast-scenario/1 mapping of the page's snapshot: its evidence and priors."""
    original = session.doc.data
    sid = scenario_id if isinstance(scenario_id, str) and scenario_id else f"{original['id']}_whatif"
    if not IDENTIFIER.match(sid):
        raise UserError(f"scenario id {sid!r}: use letters, digits and '_', starting with a letter")
    data = dict(original)
    data["id"] = sid
    data["title"] = title if isinstance(title, str) and title.strip() else (
        f"{original['title']} (what-if)")
    data["model"] = Path(os.path.relpath(session.loaded.model.path.resolve(),
                                         folder.resolve())).as_posix()
    data["evidence"] = changes.evidence
    priors = {**(original.get("priors") or {}), **changes.priors}
    if priors:
        data["priors"] = priors
    return data


def dump_yaml(data: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None  # leaves (rows, given) in flow style, as people write them
    yaml.sort_base_mapping_type_on_output = False
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
