"""Use case `query`: a plain posterior query of any model, a model YAML or a network file
(BIF, XMLBIF, NET, XDSL, UAI) read directly, given hard evidence written NODE=STATE."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from ..domain.window import windows_for
from ..errors import UserError
from ..files import read_input
from ..results import QueryResult, model_json
from ..spec.load import load_model
from .snapshot import by_state, infer, parse_evidence


@dataclasses.dataclass(frozen=True)
class QueryRequest:
    """`targets`: nodes to report (empty: the model's targets); `evidence`: NODE=STATE."""

    model: Path | str
    targets: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    engine: str = "compiled"
    yardstick: str = "icd203"


def execute(request: QueryRequest) -> QueryResult:
    """The targets' posteriors given the evidence."""
    path = Path(request.model)
    if path.is_dir():
        raise UserError(f"{path}: is a directory, not a file; give a model YAML or a network "
                        "file (.bif, .xml, .net, .xdsl, .uai)")
    if path.suffix.lower() in {".yaml", ".yml"}:
        model = load_model(path)
        network, model_info = model.network, model_json(model)
    else:
        from ..interop import read_network

        network = read_network(path)[0]
        model_info = {"id": network.id, "title": network.title, "path": os.path.normpath(path),
                      "sha256": hashlib.sha256(read_input(path, "is a directory")).hexdigest()}
    targets = tuple(request.targets) or network.targets
    for target in targets:
        if target not in network:
            raise UserError(f"--target {target!r}: unknown node; nodes are "
                            f"{', '.join(network.names)}")
    findings = parse_evidence(network, request.evidence)
    posteriors = infer(network, targets, findings, request.engine)
    return QueryResult(model_info, request.engine, targets, tuple(findings),
                       by_state(network, posteriors), windows_for(network, targets, None, None),
                       request.yardstick)


def query(model_path: Path | str, targets: Sequence[str], evidence: Sequence[str] = (),
          engine: str = "compiled", yardstick: str = "icd203") -> QueryResult:
    """`query` with keyword arguments, as a notebook calls it (see QueryRequest)."""
    return execute(QueryRequest(model_path, tuple(targets), tuple(evidence), engine, yardstick))
