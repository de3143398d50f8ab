"""GeNIe XDSL: reader and writer."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np

from ..domain.network import Network
from .raw import ParseError, RawNetwork, RawVariable, check_declared
from .text import _label, _num


def read_xdsl(data: bytes) -> RawNetwork:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"not well-formed XML ({exc})", exc.position[0]) from None
    if root.tag != "smile":
        raise ParseError(f"the root element is <{root.tag}>, not <smile>")
    nodes = root.find("nodes")
    if nodes is None:
        raise ParseError("there is no <nodes> element")
    variables: dict[str, RawVariable] = {}
    for element in nodes:
        node_id = element.get("id") or ""
        states = [s.get("id") or "" for s in element.findall("state")]
        parents_el = element.find("parents")
        parents = (parents_el.text or "").split() if parents_el is not None else []
        cards = [len(variables[p].states) if p in variables else 0 for p in parents]
        for p in parents:
            if p not in variables:
                raise ParseError(f"node {node_id!r} comes before its parent {p!r} (or {p!r} is "
                                 "not defined)")
        check_declared(node_id, cards, len(states))
        if element.tag == "cpt":
            text = element.findtext("probabilities") or ""
            try:
                numbers = np.asarray([float(v) for v in text.split()])
            except ValueError:
                raise ParseError(f"the probabilities of {node_id!r} hold something that is not a "
                                 "number") from None
            need = math.prod(cards) * len(states)
            if numbers.size != need:
                raise ParseError(f"node {node_id!r} has {numbers.size} probabilities; it needs {need}")
            table = numbers.reshape(*cards, len(states))
        elif element.tag == "deterministic":
            result = (element.findtext("resultingstates") or "").split()
            if len(result) != math.prod(cards):
                raise ParseError(f"deterministic node {node_id!r} has {len(result)} resulting "
                                 f"states; it needs {math.prod(cards)}")
            index = {s: i for i, s in enumerate(states)}
            if any(r not in index for r in result):
                raise ParseError(f"deterministic node {node_id!r} names a state it does not have")
            table = np.eye(len(states))[[index[r] for r in result]].reshape(*cards, len(states))
        else:
            raise ParseError(f"node {node_id!r} is a <{element.tag}> node; forecast reads <cpt> and "
                             "<deterministic> nodes (in GeNIe, turn it into a CPT first)")
        variables[node_id] = RawVariable(node_id, states, parents, table)
    for node in root.iterfind("extensions/genie/node"):
        var = variables.get(node.get("id") or "")
        label = node.findtext("name")
        if var is not None and label:
            var.label = label
    genie = root.find("extensions/genie")  # GeNIe keeps the title there, as name=
    title = genie.get("name") if genie is not None else None
    return RawNetwork(title or root.get("id"), variables)


def write_xdsl(network: Network) -> str:
    """GeNIe XDSL: nodes after their parents, probabilities with the node's states fastest, then
    the last parent; labels as node names in the GeNIe extension."""
    root = ET.Element("smile", {"version": "1.0", "id": network.id, "numsamples": "10000",
                                "discsamples": "10000"})
    nodes = ET.SubElement(root, "nodes")
    for name, node in network.nodes.items():
        cpt = ET.SubElement(nodes, "cpt", {"id": name})
        for state in node.states:
            ET.SubElement(cpt, "state", {"id": state})
        if node.parents:
            ET.SubElement(cpt, "parents").text = " ".join(node.parents)
        ET.SubElement(cpt, "probabilities").text = " ".join(_num(x) for x in node.cpt.reshape(-1))
    extensions = ET.SubElement(root, "extensions")
    genie = ET.SubElement(extensions, "genie", {"version": "1.0", "app": "forecast",
                                                "name": network.title or network.id})
    for i, (name, node) in enumerate(network.nodes.items()):
        element = ET.SubElement(genie, "node", {"id": name})
        ET.SubElement(element, "name").text = _label(node) or name
        ET.SubElement(element, "interior", {"color": "e5f6f7"})
        ET.SubElement(element, "outline", {"color": "000080"})
        ET.SubElement(element, "font", {"color": "000000", "name": "Arial", "size": "8"})
        x, y = 40 + 160 * (i % 8), 40 + 80 * (i // 8)
        ET.SubElement(element, "position").text = f"{x} {y} {x + 120} {y + 40}"
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
