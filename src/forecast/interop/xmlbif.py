"""XMLBIF 0.3: read through pgmpy's reader, written below in pgmpy's layout."""

from __future__ import annotations

import math
import re
import warnings
import xml.etree.ElementTree as ET

import numpy as np

from ..domain.network import Network
from .raw import ParseError, RawNetwork, RawVariable
from .text import _label, _num, _text


def read_xmlbif(data: bytes) -> RawNetwork:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.readwrite import XMLBIFReader
    try:
        ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"not well-formed XML ({exc})", exc.position[0]) from None
    text = _text(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # pgmpy re-encodes the string itself
    try:
        reader = XMLBIFReader(string=text)
    except AttributeError:
        raise ParseError("there is no <NETWORK> with a <NAME> (is it XMLBIF 0.3?)") from None
    variables: dict[str, RawVariable] = {}
    for name in reader.variables:
        states = [str(s) for s in reader.variable_states[name]]
        variables[name] = RawVariable(name, states, list(reader.variable_parents.get(name, [])))
    for name, values in reader.variable_CPD.items():
        if name not in variables:
            raise ParseError(f"a <DEFINITION> is for undefined variable {name!r}")
        var = variables[name]
        cards = [len(variables[p].states) if p in variables else 0 for p in var.parents]
        values = np.asarray(values, dtype=float)  # (card, parent configurations)
        if values.size != math.prod(cards) * len(var.states):
            raise ParseError(f"the table of {name!r} has {values.size} numbers; it needs "
                             f"{math.prod(cards) * len(var.states)}")
        var.table = values.T.reshape(*cards, len(var.states))
    for name, properties in reader.variable_property.items():
        for prop in properties:
            key, sep, value = (prop or "").partition("=")
            if sep and key.strip() == "label" and name in variables:
                variables[name].label = value.strip()
    return RawNetwork(reader.network_name, variables)


def write_xmlbif(network: Network) -> str:
    """XMLBIF 0.3 as pgmpy's writer lays it out (its writer builds each table by repeated string
    concatenation: 19 s for mildew's 280,000-number table); the node's states fastest in a
    table, then the last parent. The label is a property; '=' in it becomes ':' (pgmpy's reader
    splits properties at every '=')."""
    root = ET.Element("BIF", {"VERSION": "0.3"})
    net = ET.SubElement(root, "NETWORK")
    ET.SubElement(net, "NAME").text = network.id
    for name, node in network.nodes.items():
        variable = ET.SubElement(net, "VARIABLE", {"TYPE": "nature"})
        ET.SubElement(variable, "NAME").text = name
        for state in node.states:
            ET.SubElement(variable, "OUTCOME").text = state
        label = _label(node)
        if label:
            ET.SubElement(variable, "PROPERTY").text = "label = " + label.replace("=", ":")
    for name, node in network.nodes.items():
        definition = ET.SubElement(net, "DEFINITION")
        ET.SubElement(definition, "FOR").text = name
        for parent in node.parents:
            ET.SubElement(definition, "GIVEN").text = parent
        ET.SubElement(definition, "TABLE").text = " ".join(_num(x) for x in node.cpt.reshape(-1))
    ET.indent(root, space="  ")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"
