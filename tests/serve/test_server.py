"""The what-if server in process: the security rules, the API's answers and the saved files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
from starlette.testclient import TestClient

from forecast.app import run_scenario
from forecast.report.tables import to_json
from forecast.serve.server import create_app
from forecast.serve.session import Session
from forecast.spec.load import load_scenario
from forecast.spec.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
MORNING = ROOT / "tests" / "fixtures" / "tiny" / "scenarios" / "morning.yaml"
PORT = 8123
TOKEN = "test-token-123"
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def save_dir(tmp_path: Path) -> Path:
    return tmp_path / "saved"


@pytest.fixture
def client(save_dir: Path) -> TestClient:
    loaded = load_scenario(MORNING)
    app = create_app(Session(loaded, load_yaml(loaded.path)), TOKEN, PORT, save_dir)
    return TestClient(app, base_url=BASE, headers={"X-Forecast-Token": TOKEN})


def post(client: TestClient, path: str, body, **kwargs):
    return client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"},
                       **kwargs)


@pytest.mark.parametrize("host", ["evil.example:8123", "127.0.0.1:9999", "localhost", "",
                                  "127.0.0.1.evil.example:8123"])
def test_a_foreign_host_is_refused(client: TestClient, host: str) -> None:
    response = client.get("/api/scenario", headers={"Host": host})
    assert response.status_code == 403
    assert "Host" in response.json()["error"]


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}"])
def test_the_local_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/scenario", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/api/scenario", "/api/model", "/static/app.js"])
def test_a_missing_or_wrong_token_is_refused(path: str, save_dir: Path) -> None:
    loaded = load_scenario(MORNING)
    app = create_app(Session(loaded, load_yaml(loaded.path)), TOKEN, PORT, save_dir)
    bare = TestClient(app, base_url=BASE)
    assert bare.get(path).status_code == 403
    assert bare.get(path, headers={"X-Forecast-Token": "wrong"}).status_code == 403
    assert bare.get(path + "?token=" + TOKEN[:-1]).status_code == 403
    assert bare.get(path + "?token=" + TOKEN).status_code == 200
    assert bare.post("/api/run?token=wrong", content="{}",
                     headers={"Content-Type": "application/json"}).status_code == 403


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_posts_must_be_json(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/run", content="{}", headers=headers)
    assert response.status_code == 415


def test_other_methods_are_refused(client: TestClient) -> None:
    assert client.put("/api/run", content="{}").status_code == 405
    assert client.delete("/api/scenario").status_code == 405


def test_the_page_loads_nothing_from_outside(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assert f"static/app.js?token={TOKEN}" in html
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["referrer-policy"] == "no-referrer"
    script = client.get("/static/app.js")
    # the SVG namespace is a name, not an address: nothing is fetched from it
    text = script.text.replace("http.", "").replace('"http://www.w3.org/2000/svg"', "")
    assert script.status_code == 200 and "http" not in text
    assert client.get("/static/secret.txt").status_code == 404
    assert client.get("/static/..%2Fserver.py").status_code == 404


def test_api_scenario_is_forecast_run(client: TestClient) -> None:
    assert client.get("/api/scenario").json() == json.loads(to_json(run_scenario(MORNING).to_json()))


def test_api_run_is_forecast_run_with_set(client: TestClient) -> None:
    response = post(client, "/api/run", {"priors": {"cloudy": {"clouds": 0.3}}})
    assert response.status_code == 200
    assert response.json() == json.loads(
        to_json(run_scenario(MORNING, sets=["cloudy=clouds:0.3"]).to_json()))


@pytest.mark.parametrize(("body", "message"), [
    ({"drop": ["nothing#1"]}, "unknown finding"),
    ({"priors": {"cloudy": {"clouds": 2}}}, "outside [0, 1]"),
])
def test_bad_changes_answer_400_with_the_reason(client: TestClient, body, message) -> None:
    response = post(client, "/api/run", body)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_body_that_is_not_json_answers_400(client: TestClient) -> None:
    response = client.post("/api/run", content="{not json",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


CHANGES = {"priors": {"cloudy": {"no_clouds": 0.25, "clouds": 0.75}},
           "nodes": {"sprinkler": {"table": [
               {"given": {"cloudy": "no_clouds"}, "p": [0.3, 0.7]},
               {"given": {"cloudy": "clouds"}, "p": [0.95, 0.05]}]}},
           "drop": ["wet#1"],
           "evidence": [{"node": "wet", "state": "damp", "grade": "C3"}]}


def posteriors_close(a: Mapping, b: Mapping) -> None:
    assert a.keys() == b.keys()
    for node in a:
        np.testing.assert_allclose(list(a[node].values()), list(b[node].values()), atol=1e-9)


def test_saved_overlay_and_scenario_reproduce_the_page(client: TestClient, save_dir: Path) -> None:
    page = post(client, "/api/run", CHANGES).json()
    saved = post(client, "/api/save/overlay", {"changes": CHANGES, "name": "mine",
                                               "analyst": "analyst_x", "rationale": "why"}).json()
    overlay = Path(saved["path"])
    assert overlay == (save_dir / "mine.yaml").resolve()
    assert saved["notes"] == ["the evidence changes are not part of an overlay; save a scenario too"]
    response = post(client, "/api/save/scenario", {"changes": CHANGES, "name": "whatif.yaml",
                                                   "id": "morning_whatif"})
    scenario = Path(response.json()["path"])
    assert "table edits are not part of a scenario (sprinkler)" in response.json()["notes"][0]
    rerun = run_scenario(scenario, analysts=[overlay])
    posteriors_close(rerun.posteriors, page["posteriors"])
    assert rerun.to_json()["analysts"].keys() == {"analyst_x"}
    evidence_only = post(client, "/api/run", {k: CHANGES[k] for k in ("drop", "evidence", "priors")})
    posteriors_close(run_scenario(scenario).posteriors, evidence_only.json()["posteriors"])
    no_evidence = post(client, "/api/run", {k: CHANGES[k] for k in ("nodes", "priors")}).json()
    posteriors_close(run_scenario(MORNING, analysts=[overlay]).posteriors,
                     no_evidence["posteriors"])


@pytest.mark.parametrize("name", ["../escape.yaml", "/etc/passwd", "sub/dir.yaml", "..",
                                  ".hidden.yaml", "a" * 200, 7])
def test_save_names_cannot_leave_the_folder(client: TestClient, save_dir: Path, name) -> None:
    response = post(client, "/api/save/overlay", {"changes": {}, "name": name, "analyst": "x"})
    assert response.status_code == 400
    assert "file name" in response.json()["error"]
    assert not save_dir.exists() or not any(save_dir.iterdir())


def test_saving_refuses_to_overwrite_unless_asked(client: TestClient, save_dir: Path) -> None:
    body = {"changes": {}, "name": "mine.yaml", "analyst": "x"}
    assert post(client, "/api/save/overlay", body).status_code == 200
    again = post(client, "/api/save/overlay", body)
    assert again.status_code == 400 and "exists" in again.json()["error"]
    assert post(client, "/api/save/overlay", {**body, "overwrite": True}).status_code == 200


@pytest.mark.parametrize(("kind", "body", "message"), [
    ("overlay", {"changes": {}, "name": "a.yaml"}, "give the analyst's name"),
    ("scenario", {"changes": {}, "name": "a.yaml", "id": "not an id"}, "scenario id 'not an id'"),
    ("nonsense", {"changes": {}, "name": "a.yaml"}, "nothing to save as 'nonsense'"),
    ("overlay", ["not", "an", "object"], "must be a JSON object"),
    ("overlay", {"changes": {"drop": ["x"]}, "name": "a.yaml", "analyst": "x"}, "unknown finding"),
])
def test_bad_saves_write_nothing(client: TestClient, save_dir: Path, kind, body, message) -> None:
    response = post(client, f"/api/save/{kind}", body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not save_dir.exists() or not any(save_dir.iterdir())


def test_a_script_may_post_the_changes_at_the_top_and_omit_the_name(client: TestClient,
                                                                    save_dir: Path) -> None:
    body = {"priors": {"cloudy": {"clouds": 0.3}}, "analyst": "script"}
    first = post(client, "/api/save/overlay", body).json()
    second = post(client, "/api/save/overlay", body).json()
    assert Path(first["path"]).name == "script.yaml"
    assert Path(second["path"]).name == "script_2.yaml"
    page = post(client, "/api/run", {"priors": {"cloudy": {"clouds": 0.3}}}).json()
    posteriors_close(run_scenario(MORNING, analysts=[Path(first["path"])]).posteriors,
                     page["posteriors"])
    scenario = post(client, "/api/save/scenario", {"drop": ["cloudy#1"]}).json()
    assert Path(scenario["path"]).name == "morning_whatif.yaml"
    saved_run = run_scenario(Path(scenario["path"]))
    assert [e["node"] for e in saved_run.to_json()["evidence"]] == ["wet"]
