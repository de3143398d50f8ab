"""The Starlette application of `forecast serve`: the page, its assets and the JSON API.

GET  /                  the page (token in the URL)
GET  /api/scenario      the scenario's run JSON, as `forecast run --format json`
GET  /api/model         what the page draws itself from (nodes, tables, findings, grades)
POST /api/run           {"priors", "nodes", "evidence", "drop"} -> the run JSON with them
POST /api/page          the same changes -> run, every node, impact, drivers, server time
POST /api/save/overlay  {"changes", "name", "analyst", "rationale", "overwrite"} -> path
POST /api/save/scenario {"changes", "name", "id", "title", "overwrite"} -> path
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import UserError
from .limits import Refused, bounded_error, parse_body, read_body
from .security import Guard
from .session import Session, page_answer, run_changes
from .view import page_setup

ASSETS = {"app.js": "text/javascript", "style.css": "text/css"}


def create_app(session: Session, token: str, port: int, save_dir: Path,
               yardstick: str = "icd203") -> Guard:
    """The guarded application for one scenario; `port` is the one the socket is bound to."""

    def index(request: Request) -> Response:
        html = _asset("index.html").replace("{{TOKEN}}", token)
        return Response(html, media_type="text/html; charset=utf-8")

    def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return JSONResponse({"error": f"no asset {name!r}"}, status_code=404)
        return Response(_asset(name), media_type=ASSETS[name])

    def scenario(request: Request) -> Response:
        return _answer(lambda: run_changes(session, {}, yardstick=yardstick))

    def model(request: Request) -> Response:
        return _answer(lambda: page_setup(session, yardstick))

    async def run(request: Request) -> Response:
        return await _posted(request, lambda body: run_changes(session, body,
                                                               yardstick=yardstick))

    async def page(request: Request) -> Response:
        return await _posted(request, lambda body: page_answer(session, body,
                                                               yardstick=yardstick))

    async def save(request: Request) -> Response:
        kind = request.path_params["kind"]
        return await _posted(request, lambda body: _save(session, kind, body, save_dir))

    routes = [
        Route("/", index), Route("/static/{name}", asset), Route("/api/scenario", scenario),
        Route("/api/model", model), Route("/api/run", run, methods=["POST"]),
        Route("/api/page", page, methods=["POST"]),
        Route("/api/save/{kind:str}", save, methods=["POST"]),
    ]
    return Guard(Starlette(routes=routes), token, port)


def _asset(name: str) -> str:
    return resources.files("forecast.serve").joinpath("static", name).read_text(encoding="utf-8")


async def _posted(request: Request, compute: Callable[[Any], Any]) -> Response:
    """Read a POST's body within the limits (limits.py), then compute its answer in a worker
    thread, so that one slow request never holds up the others."""
    try:
        raw = await read_body(request.headers.get("content-length"), request.stream())
        body = parse_body(raw)
    except Refused as exc:
        return JSONResponse(bounded_error(exc.reason, []), status_code=exc.status)
    return await run_in_threadpool(_answer, lambda: compute(body))


def _answer(compute) -> Response:
    try:
        return JSONResponse(compute())
    except UserError as exc:
        return JSONResponse(bounded_error(str(exc), [str(p) for p in exc.problems]),
                            status_code=400)


def _save(session: Session, kind: str, body: Any, save_dir: Path) -> dict[str, Any]:
    from ..files import write_atomic
    from ..spec.build_overlay import build_overlay
    from ..spec.build_scenario import build_scenario
    from ..spec.parse import parse
    from ..spec.yamlio import load_yaml
    from .saving import default_name, dump_yaml, overlay_data, scenario_data, target_path

    if not isinstance(body, dict):
        raise UserError("the request body must be a JSON object")
    if kind not in ("overlay", "scenario"):
        raise UserError(f"nothing to save as {kind!r}; save an overlay or a scenario")
    changes = session.apply(_change_set(body), "changes")
    analyst = body.get("analyst", session.analyst.analyst if session.analyst else None)
    name = body.get("name") or default_name(save_dir, analyst if kind == "overlay" else
                                            body.get("id") or f"{session.loaded.scenario.id}_whatif")
    path = target_path(save_dir, name)
    if path.exists() and body.get("overwrite") is not True:
        raise UserError(f"{path} exists; choose another name or overwrite it")
    notes = []
    if kind == "overlay":
        data = overlay_data(session, changes, analyst, body.get("rationale"), dt.date.today())
        text = dump_yaml(data)
        doc = load_yaml(path, text=text)   # checked as `forecast run --analyst` will read it
        build_overlay(parse(doc, "overlay"), doc, session.loaded.model)
        if changes.evidence != (session.doc.data.get("evidence") or []):
            notes.append("the evidence changes are not part of an overlay; save a scenario too")
        write_atomic(path, text)
    else:
        data = scenario_data(session, changes, save_dir, body.get("id"), body.get("title"))
        text = dump_yaml(data)
        doc = load_yaml(path, text=text)   # checked as `forecast run` will read it
        build_scenario(parse(doc, "scenario"), doc, session.loaded.network,
                       session.loaded.model.corpus)
        write_atomic(path, text)
        if changes.node_forms:
            notes.append("table edits are not part of a scenario ("
                         + ", ".join(changes.node_forms) + "); save an overlay for them")
    return {"path": str(path), "kind": kind, "notes": notes}


def _change_set(body: dict[str, Any]) -> Any:
    """The changes to save: under `changes`, or the change-set keys at the top of the body."""
    if "changes" in body:
        return body["changes"] or {}
    from .session import CHANGE_KEYS

    return {k: body[k] for k in CHANGE_KEYS if k in body}
