"""`forecast serve`: the what-if page of a scenario on this machine only."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from .common import handles_errors
from .options import AnalystOption, Yardstick, YardstickOption


def register(app: typer.Typer) -> None:
    app.command(
        "serve",
        help="Open a local what-if page on a scenario: click a state to set or clear a finding, "
             "switch findings on and off and regrade them, edit root priors and table rows, and "
             "watch the targets, the impact of each finding and the biggest drivers update. "
             "Saves overlays (forecast-overlay/1) and scenarios. Listens on 127.0.0.1 only; the "
             "printed URL carries a random token.\n\n"
             "Example:\n\n  forecast serve scenarios/oct2022.yaml --analyst overlays/belarus_analyst_b.yaml",
    )(serve)


@handles_errors
def serve(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    analyst: AnalystOption = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).")] = 8765,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    save_dir: Annotated[Path | None, typer.Option(
        "--save-dir", help="Folder the page saves overlays and scenarios into (default: the "
                           "scenario's folder).")] = None,
    yardstick: YardstickOption = Yardstick.icd203,
) -> None:
    from ..usecases.whatif import WhatIfRequest, open_session

    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: give a port from 1 to 65535, or 0 for any free port")
    folder = save_dir if save_dir is not None else scenario.parent
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--save-dir {folder}: is a file; give a folder")
    session = open_session(WhatIfRequest(scenario, tuple(analyst or ()), yardstick.value))
    sock = _bind(port)
    _serve(session, sock, folder, yardstick.value, not no_browser)


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise UserError(f"--port {port}: cannot listen on 127.0.0.1:{port} ({exc.strerror}); "
                        "choose another port, or --port 0 for any free one") from None
    sock.listen(64)
    return sock


def _serve(session, sock: socket.socket, folder: Path, yardstick: str, browser: bool) -> None:
    import uvicorn

    from ..serve.security import new_token
    from ..serve.server import create_app

    port = sock.getsockname()[1]
    token = new_token()
    app = create_app(session, token, port, folder, yardstick)
    url = f"http://127.0.0.1:{port}/?token={token}"
    print(f"forecast serve: {session.loaded.scenario.id} at {url}", flush=True)
    print(f"saving into {folder.resolve()}; press Ctrl+C to stop", flush=True)
    if browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    sys.stdout.flush()
