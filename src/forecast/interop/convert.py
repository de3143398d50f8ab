"""The use cases: load a model or network file, import a network as a model, export a model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..cpt import form_of
from ..domain.network import Network
from ..errors import Problem, UserError
from .files import FORMAT_NAMES, format_of, read_network, write_network
from .yamlout import model_yaml


def load_network(path: Path | str) -> Network:
    """A model YAML (.yaml/.yml) or a network file in any format `read_network` knows."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        from ..spec.load import load_model

        return load_model(path).network
    return read_network(path)[0]


def import_model(source: Path | str, target: Path | str) -> dict[str, Any]:
    """Read a network file and write it as a model YAML; returns a summary with warnings."""
    from ..files import write_atomic

    source, target = Path(source), Path(target)
    if source.suffix.lower() in (".yaml", ".yml"):
        raise UserError(Problem("is a YAML file, already a forecast model; to convert a model to "
                                "another format use `forecast export`", str(source)))
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise UserError(Problem("the model file must end in .yaml (or .yml)", str(target)))
    network, notes = read_network(source)
    fmt = FORMAT_NAMES[format_of(source)]
    text = model_yaml(network, source=f"Imported from {source.name} ({fmt}) by forecast import.")
    write_atomic(target, text)
    notes = [*notes, *_loader_limits(network, text)]
    renamed = sum(1 for n in network.nodes.values() if "label" in n.meta)
    return {"source": str(source), "model": str(target), "format": fmt,
            "nodes": len(network.nodes), "parameters": int(sum(n.cpt.size for n in network.nodes.values())),
            "renamed": renamed, "warnings": notes}


def _loader_limits(network: Network, text: str) -> list[str]:
    """Warn when the YAML is larger than the model loader accepts (spec/yamlio.py)."""
    from ..spec import yamlio

    values = 8 + sum(4 + node.cpt.size + (node.cpt.size // node.card) * (4 + 2 * len(node.parents))
                     for node in network.nodes.values())
    limits = []
    if values > yamlio.MAX_NODES:
        limits.append(f"about {values:,} YAML values (the loader reads at most {yamlio.MAX_NODES:,})")
    if len(text.encode("utf-8")) > yamlio.MAX_BYTES:
        limits.append(f"{len(text.encode('utf-8')):,} bytes (the loader reads at most "
                      f"{yamlio.MAX_BYTES:,})")
    if not limits:
        return []
    return ["the model is larger than forecast's YAML loader accepts: " + " and ".join(limits)
            + "; raise MAX_NODES / MAX_BYTES in forecast.spec.yamlio to load it"]


def export_model(model_path: Path | str, target: Path | str) -> dict[str, Any]:
    """Write a model in the format the target's extension names (noisy-MAX and ranked nodes as
    their tables); returns a summary."""
    from ..spec.load import load_model

    target = Path(target)
    fmt = format_of(target)
    network = load_model(model_path).network
    write_network(network, target)
    converted = [n for n, node in network.nodes.items() if not form_of(node).explicit]
    notes = []
    if fmt == "uai":
        notes.append("UAI keeps no names: nodes become var_0, var_1, ... in the model's order")
    return {"model": str(model_path), "file": str(target), "format": FORMAT_NAMES[fmt],
            "nodes": len(network.nodes), "tabulated": converted, "warnings": notes}
