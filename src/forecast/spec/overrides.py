"""`--set NODE=STATE:P[,STATE:P...]`: an analyst's prior for one root node, for one run."""

from __future__ import annotations

import math

import numpy as np

from ..domain.network import Network
from ..errors import UserError

SYNTAX = "write --set NODE=STATE:P[,STATE:P...], e.g. --set russia_troop_need=acute:0.6"


def parse_set(text: str) -> tuple[str, dict[str, float]]:
    """Split one --set value into the node and the probabilities given."""
    from ..domain.assignment import parse_assignment

    assignment = parse_assignment(text, "--set", state="rest", syntax=f"malformed; {SYNTAX}")
    node, rest = assignment.node, str(assignment.state)
    given: dict[str, float] = {}
    for part in rest.split(","):
        state, colon, value = part.partition(":")
        state = state.strip()
        if not colon or not state:
            raise UserError(f"--set {text!r}: malformed part {part!r}; {SYNTAX}")
        try:
            p = float(value)
        except ValueError:
            raise UserError(f"--set {text!r}: {value.strip()!r} is not a number; {SYNTAX}") from None
        if not math.isfinite(p) or p < 0 or p > 1:
            raise UserError(f"--set {text!r}: probability {value.strip()} is outside [0, 1]; "
                            "give a number from 0 to 1")
        if state in given:
            raise UserError(f"--set {text!r}: state {state!r} given twice; give it once")
        given[state] = p
    return node, given


def apply_set(network: Network, current: np.ndarray, node: str, given: dict[str, float],
              text: str) -> np.ndarray:
    """The new prior: named states as given, the others share the rest in proportion."""
    if node not in network:
        raise UserError(f"--set {text!r}: unknown node {node!r}; root nodes are "
                        f"{', '.join(network.roots())}")
    if network[node].parents:
        raise UserError(f"--set {text!r}: {node!r} has parents; --set changes root priors only "
                        f"({', '.join(network.roots())})")
    states = network[node].states
    for state in given:
        if state not in states:
            raise UserError(f"--set {text!r}: unknown state {state!r} of {node!r}; states are "
                            f"{', '.join(states)}")
    total = sum(given.values())
    if total > 1 + 1e-9:
        raise UserError(f"--set {text!r}: the probabilities given sum to {total:g}, more than 1; "
                        "lower them")
    named = np.array([s in given for s in states])
    new = np.zeros(len(states))
    for i, state in enumerate(states):
        if state in given:
            new[i] = given[state]
    rest = 1.0 - total
    if named.all():
        if abs(rest) > 1e-6:
            raise UserError(f"--set {text!r}: every state is given but they sum to {total:g}, not 1; "
                            "fix them or leave a state out to take the rest")
        return new / new.sum()
    others = current[~named]
    share = others / others.sum() if others.sum() > 0 else np.full(len(others), 1 / len(others))
    new[~named] = rest * share
    return new
