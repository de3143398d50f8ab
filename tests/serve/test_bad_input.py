"""Bad changes sent to the what-if server: 400 (413 for a body over the limit) with the reason,
and the next request answers as if the bad one had never come."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from forecast.serve.limits import MAX_BODY
from forecast.serve.server import create_app
from forecast.serve.session import Session
from forecast.spec.load import load_scenario
from forecast.spec.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
MORNING = ROOT / "tests" / "fixtures" / "tiny" / "scenarios" / "morning.yaml"
PORT, TOKEN = 8124, "bad-input-token"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    loaded = load_scenario(MORNING)
    app = create_app(Session(loaded, load_yaml(loaded.path)), TOKEN, PORT, tmp_path)
    return TestClient(app, base_url=f"http://127.0.0.1:{PORT}", headers={"X-Forecast-Token": TOKEN})


def post(client: TestClient, path: str, text: str):
    return client.post(path, content=text, headers={"Content-Type": "application/json"})


SOFT = ('{"drop": ["cloudy#1"], "evidence": [{"node": "cloudy", '
        '"likelihood": {"no_clouds": %s, "clouds": 1}}]}')
BAD = [
    ('{"priors": {"nowhere": {"a": 0.5}}}', "unknown node 'nowhere'"),
    ('{"priors": {"cloudy": {"purple": 0.5}}}', "unknown state 'purple' of 'cloudy'"),
    ('{"evidence": [{"node": "nowhere", "state": "x"}]}', "evidence on unknown node"),
    ('{"evidence": [{"node": "wet", "state": "flooded"}]}', "unknown state 'flooded' of 'wet'"),
    (SOFT % "NaN", "the request body holds NaN"),
    (SOFT % "-0.5", "likelihood of 'no_clouds' is -0.5"),
    (SOFT % "Infinity", "the request body holds Infinity"),
    ('{"evidence": [{"node": "wet", "state": "dry", "grade": "Z9"}]}', "unknown grade 'Z9'"),
    ('{"pool": "median"}', "`pool` and `weights` pool several analysts"),
]


@pytest.mark.parametrize("path", ["/api/run", "/api/page"])
@pytest.mark.parametrize(("body", "reason"), BAD)
def test_a_bad_change_is_400_with_the_reason_and_changes_nothing(client, path, body, reason):
    before = client.post(path, json={}).json()
    response = post(client, path, body)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    after = client.post(path, json={}).json()
    before.pop("server_ms", None), after.pop("server_ms", None)
    assert after == before


def test_a_body_over_the_limit_is_413(client):
    before = client.get("/api/scenario").json()
    huge = json.dumps({"evidence": [], "priors": {}, "pad": "x" * (MAX_BODY + 1)})
    response = post(client, "/api/page", huge)
    assert response.status_code == 413
    assert f"larger than {MAX_BODY // 1000:,} KB" in response.json()["error"]
    assert client.get("/api/scenario").json() == before


def test_an_unknown_grade_on_a_regrade_is_400(client):
    response = post(client, "/api/page", json.dumps(
        {"drop": ["wet#1"], "evidence": [{"node": "wet", "state": "soaked", "grade": "G7"}]}))
    assert response.status_code == 400
    assert "grade" in response.json()["error"]
