"""`forecast serve` as a user starts it: a real process on 127.0.0.1, its API checked against
`forecast run` run as another process, and the security rules over raw HTTP."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import numpy as np
import pytest
from served import ROOT, serving
from typer.testing import CliRunner

from forecast.cli.main import app

OCT = "scenarios/oct2022.yaml"


def request(url: str, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One raw HTTP request, Host header as given (http.client sends ours verbatim)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def cli_json(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "forecast", *args, "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def server() -> str:
    with serving(OCT) as url:
        yield url


def parts(url: str) -> tuple[str, str]:
    split = urllib.parse.urlsplit(url)
    return f"127.0.0.1:{split.port}", urllib.parse.parse_qs(split.query)["token"][0]


def test_post_run_with_a_prior_change_equals_forecast_run_set(server: str) -> None:
    host, token = parts(server)
    body = json.dumps({"priors": {"russian_axis_intent": {"offensive": 0.4}}}).encode()
    status, raw = request(server, "POST", "/api/run", body, {
        "Host": host, "X-Forecast-Token": token, "Content-Type": "application/json"})
    assert status == 200, raw
    page = json.loads(raw)
    cli = cli_json("run", OCT, "--set", "russian_axis_intent=offensive:0.4")
    for node, dist in cli["posteriors"].items():
        np.testing.assert_allclose(list(page["posteriors"][node].values()), list(dist.values()),
                                   atol=1e-9)
    assert page == cli


def test_get_scenario_equals_forecast_run(server: str) -> None:
    host, token = parts(server)
    status, raw = request(server, "GET", f"/api/scenario?token={token}", headers={"Host": host})
    assert status == 200
    assert json.loads(raw) == cli_json("run", OCT)


@pytest.mark.parametrize("case", ["no token", "wrong token", "foreign host", "rebinding host",
                                  "wrong port"])
def test_refused_requests_get_403(server: str, case: str) -> None:
    host, token = parts(server)
    port = host.split(":")[1]
    headers = {"Host": host, "X-Forecast-Token": token, "Content-Type": "application/json"}
    if case == "no token":
        del headers["X-Forecast-Token"]
    elif case == "wrong token":
        headers["X-Forecast-Token"] = token[::-1]
    elif case == "foreign host":
        headers["Host"] = "example.com"
    elif case == "rebinding host":
        headers["Host"] = f"attacker.example:{port}"
    else:
        headers["Host"] = "127.0.0.1:1"
    for method, path, body in (("GET", "/api/scenario", None), ("POST", "/api/run", b"{}"),
                               ("GET", "/", None)):
        status, raw = request(server, method, path, body, headers)
        assert status == 403, (method, path, raw)


def test_the_server_listens_on_loopback_only(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(("args", "message"), [
    (("--port", "70000"), "--port 70000: give a port from 1 to 65535"),
    (("--analyst", "tests/fixtures/tiny/overlays/clouds.yaml"), "this overlay is for model 'wet_grass'"),
    (("--save-dir", "README.md"), "--save-dir README.md: is a file"),
])
def test_bad_serve_options_fail_before_listening(args, message, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["serve", OCT, "--no-browser", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_a_port_in_use_is_a_clear_error(server: str, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    port = urllib.parse.urlsplit(server).port
    result = CliRunner().invoke(app, ["serve", OCT, "--no-browser", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_and_help_do_not_import_the_server_stack() -> None:
    code = ("import sys; from typer.testing import CliRunner; from forecast.cli.main import app; "
            "CliRunner().invoke(app, ['run', 'scenarios/oct2022.yaml']); "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'pgmpy', 'matplotlib') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_static_assets_are_in_the_package() -> None:
    from importlib import resources

    static = resources.files("forecast.serve").joinpath("static")
    assert {p.name for p in static.iterdir()} >= {"index.html", "app.js", "style.css"}
    assert Path(str(static)).is_relative_to(ROOT / "src")


def test_a_scenario_with_impossible_evidence_is_refused_before_serving(tmp_path: Path,
                                                                      monkeypatch) -> None:
    from tiny_project import tiny_project

    scenario = "scenarios/morning.yaml"
    tiny_project(tmp_path, {scenario: [
        ("likelihood: {no_clouds: 0.5, clouds: 1.0}", "state: clouds"),
        ("cloudy: {no_clouds: 0.4, clouds: 0.6}", "cloudy: {no_clouds: 1.0, clouds: 0.0}")]})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["serve", scenario, "--no-browser", "--port", "0"])
    assert result.exit_code == 2
    assert "the evidence is impossible under the model" in result.stderr
