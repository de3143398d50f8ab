"""Text in and out: file bytes decoded, numbers and labels as the writers put them."""

from __future__ import annotations

from ..domain.network import Node


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _num(x: float) -> str:
    """The shortest text that reads back as the same double."""
    value = float(x)
    return "0" if value == 0 else repr(value)


def _label(node: Node) -> str | None:
    label = node.meta.get("label") if node.meta else None
    return str(label) if label and str(label) != node.name else None
