"""Pure domain objects: networks, evidence and results (numpy and the standard library only)."""

from .evidence import Finding
from .network import Network, Node

__all__ = ["Finding", "Network", "Node"]
