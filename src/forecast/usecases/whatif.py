"""Use case `serve`'s start: the what-if page's session on a scenario, each file parsed once
(the scenario, its model, every analyst's overlay), the analysts' names checked against the
model and the page's first answer computed, so a bad file fails before the server listens."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..serve.session import Session, page_answer


@dataclasses.dataclass(frozen=True)
class WhatIfRequest:
    """The scenario the page starts from; `analysts`: overlay files (one: its numbers are the
    page's to edit; several: pooled, the page switches pool and weights)."""

    scenario: Path
    analysts: tuple[Path, ...] = ()
    yardstick: str = "icd203"


def open_session(request: WhatIfRequest) -> Session:
    """The page's session, warm: its first answer already computed."""
    from ..spec.build_overlay import load_overlay
    from ..spec.load import load_scenario
    from ..spec.yamlio import load_yaml
    from .snapshot import scenario_network
    from .team import build_team

    loaded = load_scenario(request.scenario)
    overlay, overlay_data, pooled = None, None, ()
    if request.analysts:
        documents = [load_yaml(path) for path in request.analysts]
        overlays = tuple(load_overlay(path, loaded.model, doc)
                         for path, doc in zip(request.analysts, documents, strict=True))
        build_team(loaded, *scenario_network(loaded, []), [], overlays)  # names checked once
        if len(overlays) == 1:
            overlay, overlay_data = overlays[0], documents[0].data
        else:
            pooled = overlays
    assert loaded.document is not None  # a scenario loaded from its file keeps its parse
    session = Session(loaded, loaded.document, overlay, overlay_data, pooled)
    page_answer(session, {}, yardstick=request.yardstick)  # fails early; the first change is warm
    return session
