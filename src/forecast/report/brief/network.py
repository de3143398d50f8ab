"""Annex: the model's network as of the latest snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .context import _Context
from .document import Chart, Section
from .wording import long_date


def _network_section(ctx: _Context, network: Mapping[str, Any]) -> Section:
    scenario = network.get("scenario") or {}
    return Section(
        id="model", title="The model", kicker="Annex", landscape=True,
        blocks=(Chart("network", dict(network),
                      f"Every factor of the model with its probabilities as of "
                      f"{long_date(scenario.get('as_of'))}; arrows point from cause to effect, orange "
                      "boxes carry evidence, the blue box is the question's outcome."),))
