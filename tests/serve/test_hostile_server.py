"""Hostile requests to the what-if server (third pass): every body, nesting depth, integer,
finding count and error answer is bounded (413 or 400, never 500), a token outside Latin-1
is a 403, and one slow request never holds up another."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from forecast.serve import server as server_module
from forecast.serve.limits import MAX_BODY, MAX_DEPTH, MAX_ERROR, MAX_FINDINGS, nesting
from forecast.serve.server import create_app
from forecast.serve.session import Session
from forecast.spec.load import load_scenario
from forecast.spec.yamlio import load_yaml

MORNING = Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "scenarios" / "morning.yaml"
PORT = 8123
TOKEN = "test-token-123"
BASE = f"http://127.0.0.1:{PORT}"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def app(tmp_path: Path):
    loaded = load_scenario(MORNING)
    return create_app(Session(loaded, load_yaml(loaded.path)), TOKEN, PORT, tmp_path / "saved")


@pytest.fixture
def client(app) -> TestClient:
    return TestClient(app, base_url=BASE, headers={"X-Forecast-Token": TOKEN},
                      raise_server_exceptions=False)


def post(client: TestClient, body: bytes | str, path: str = "/api/run"):
    return client.post(path, content=body, headers=JSON)


def test_a_body_past_the_limit_is_413_without_being_read_whole(client: TestClient) -> None:
    response = post(client, b'{"evidence": ["' + b"x" * (MAX_BODY + 10) + b'"]}')
    assert response.status_code == 413
    assert "larger than" in response.json()["error"]


def test_a_declared_length_past_the_limit_is_413_at_once(client: TestClient) -> None:
    response = client.post("/api/run", content=b"{}",
                           headers={**JSON, "Content-Length": str(200_000_000)})
    assert response.status_code == 413


@pytest.mark.parametrize("body, message", [
    ("[" * 100_000 + "]" * 100_000, "nests 100000 levels deep"),
    ('{"priors": {"cloudy": {"clouds": ' + "9" * 401 + "}}}", "integer of 401 digits"),
    ('{"priors": {"cloudy": {"clouds": NaN}}}', "NaN"),
    ('{"priors": {"cloudy": {"clouds": -Infinity}}}', "-Infinity"),
    ('{"evidence": [' + ", ".join(['{"node": "wet", "state": "damp"}'] * (MAX_FINDINGS + 1))
     + "]}", f"at most {MAX_FINDINGS:,}"),
    ('{"changes": {"drop": [' + ", ".join(['"wet#1"'] * (MAX_FINDINGS + 1)) + "]}}",
     f"at most {MAX_FINDINGS:,}"),
    ("\xff\xfe{", "not valid JSON"),
])
@pytest.mark.parametrize("path", ["/api/run", "/api/page", "/api/save/overlay"])
def test_hostile_bodies_are_400_with_the_reason(client: TestClient, body: str, message: str,
                                                path: str) -> None:
    response = post(client, body.encode("latin-1") if body.startswith("\xff") else body, path)
    assert response.status_code == 400, response.text[:500]
    assert message in response.json()["error"]


def test_nesting_is_counted_outside_strings() -> None:
    assert nesting(b'{"a": "[[[[[[", "b": [[1]]}') == 3
    assert nesting(b'"\\"[[["') == 0
    assert nesting(b"[" * (MAX_DEPTH + 1)) == MAX_DEPTH + 1


def test_an_error_answer_stays_small_however_large_the_request(client: TestClient) -> None:
    names = [f"finding_{i:04d}_" + "x" * 200 for i in range(MAX_FINDINGS)]
    body = json.dumps({"drop": names})
    response = post(client, body)
    assert response.status_code == 400
    assert "unknown finding" in response.json()["error"]
    assert len(response.content) <= 2 * MAX_ERROR + 4_000 < len(body)


@pytest.mark.parametrize("token", ["\u0436\u0443\u043a", "%D0%B6", "\u00e9\u20ac"])
def test_a_token_outside_latin_1_is_403(app, token: str) -> None:
    bare = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    from urllib.parse import quote

    response = bare.get(f"/api/model?token={quote(token, safe='%')}")
    assert response.status_code == 403


def test_one_slow_request_does_not_hold_up_another(app, monkeypatch) -> None:
    """The first request's computation waits until the second has been answered: were they
    run one after the other on the event loop, the second could never be answered."""
    release, started = threading.Event(), threading.Event()
    real = server_module.run_changes

    def slow_then_real(session, body, **kwargs):
        if body.get("priors"):
            started.set()
            assert release.wait(60), "the second request was not answered while the first ran"
        return real(session, body, **kwargs)

    monkeypatch.setattr(server_module, "run_changes", slow_then_real)

    async def scenario() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE,
                                     headers={"X-Forecast-Token": TOKEN, **JSON}) as client:
            slow = asyncio.create_task(client.post(
                "/api/run", content=json.dumps({"priors": {"cloudy": {"clouds": 0.3}}})))
            while not started.is_set():
                await asyncio.sleep(0.01)
            quick = await client.post("/api/run", content="{}")
            release.set()
            return quick.status_code, (await slow).status_code

    assert asyncio.run(scenario()) == (200, 200)


@pytest.mark.parametrize("name", ["view\n", "view.yaml\n", "a\nb"])
def test_a_save_name_with_a_newline_is_refused(client: TestClient, tmp_path: Path,
                                               name: str) -> None:
    response = post(client, json.dumps({"changes": {}, "name": name, "analyst": "ana"}),
                    "/api/save/overlay")
    assert response.status_code == 400
    assert "give a plain name" in response.json()["error"]
    assert not (tmp_path / "saved").exists() or not any((tmp_path / "saved").iterdir())


def test_contradictory_findings_on_the_page_are_400(client: TestClient) -> None:
    evidence = [{"node": "wet", "state": "dry" if i % 2 else "soaked"} for i in range(12)]
    response = post(client, json.dumps({"evidence": evidence}), "/api/page")
    assert response.status_code == 400, response.text[:500]
    assert "cannot all hold" in response.json()["error"]
