"""A copy of the Belarus project (models, scenarios, seeds) in a temporary folder, and a
January snapshot carrying proposed findings that would move every answer if they counted."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Strong proposals: were they used, the logistics observation alone would move the outcome by
# tens of points, and the hard finding on joint_force would change explain's list.
PROPOSALS = """
  - node: offensive_logistics
    state: observed
    proposed: true
    source:
      doc: will_belarus_join_2023_01
      quote: "Belarus began ramping up its troop deployments to its border with Ukraine"
  - node: joint_force
    state: not_announced
    proposed: true
    source:
      doc: will_belarus_join_2023_01
      quote: "A snap inspection of Belarusian troops designed to test their combat readiness"
  - node: threat_claims
    proposed: true
    source: {doc: will_belarus_join_2023_01, quote: "recent unintended escalations from Ukraine"}
"""


def belarus_project(root: Path) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def with_proposals(root: Path, name: str = "jan_proposed.yaml") -> Path:
    """jan2023 with PROPOSALS appended to its evidence (the same id, so outputs compare)."""
    text = (root / "scenarios" / "jan2023.yaml").read_text(encoding="utf-8")
    # the evidence list ends where the next top-level key begins (base_rates, views, ...)
    after = [text.index(f"\n{key}:") for key in ("reference", "base_rates", "views")
             if f"\n{key}:" in text]
    cut = min(after) if after else len(text)
    head, tail = text[:cut], text[cut:]
    path = root / "scenarios" / name
    body = head.rstrip("\n") + "\n" + PROPOSALS.strip("\n") + "\n"
    path.write_text(body + tail.lstrip("\n"), encoding="utf-8")
    return path
