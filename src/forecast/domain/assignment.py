"""NODE=STATE as the command line and the page write it: --target, --evidence, --set.

One parser for all of them, so every option reads the text the same way (spaces around the
parts dropped; an empty part refused) and says what is wrong in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError
from .network import Network


@dataclass(frozen=True)
class Assignment:
    """A node and, where the text named one, a state (or, for --set, what follows '=')."""

    node: str
    state: str | None
    text: str        # as given, for messages
    option: str      # the option it came from, for messages

    def resolved(self, network: Network) -> Assignment:
        """Itself, once its node (and state) are known to `network`; else a UserError that
        lists the names it could have been."""
        if self.node not in network:
            raise UserError(f"{self.option} {self.text!r}: unknown node {self.node!r}; nodes are "
                            f"{', '.join(network.names)}")
        states = network[self.node].states
        if self.state is not None and self.state not in states:
            raise UserError(f"{self.option} {self.text!r}: unknown state {self.state!r}; states "
                            f"of {self.node} are {', '.join(states)}")
        return self


def parse_assignment(text: str, option: str, *, state: str = "optional",
                     syntax: str | None = None) -> Assignment:
    """`text` as NODE, NODE=STATE or NODE=REST. `state`: "optional" (NODE or NODE=STATE),
    "required" (NODE=STATE) or "rest" (NODE=anything, kept whole, as --set reads it).
    `syntax`: what the error says to write (default: the form `state` asks for)."""
    node, sep, value = text.partition("=")
    node = node.strip()
    value = value if state == "rest" else value.strip()
    missing = not sep if state != "optional" else False
    if missing or not node or (sep and not value.strip()):
        write = syntax or ("write NODE or NODE=STATE" if state == "optional"
                           else "write NODE=STATE")
        raise UserError(f"{option} {text!r}: {write}")
    return Assignment(node, value if sep else None, text, option)


def parse_target(text: str | None, network: Network | None = None, option: str = "--target"
                 ) -> Assignment | None:
    """An optional --target (NODE or NODE=STATE), checked against `network` when given."""
    if not text:
        return None
    found = parse_assignment(text, option)
    return found.resolved(network) if network is not None else found
