"""The ledger on SQLite and PostgreSQL alike: schema and migrations, exact round trips,
concurrent writers, killed writers, locked, corrupt and foreign files."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from forecast.errors import UserError
from forecast.ledger import Entry, Prediction, Resolution, open_ledger
from forecast.ledger.schema import MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE

WRITER = str(Path(__file__).with_name("writer.py"))


def entry(scenario: str = "s1", p=(0.1 + 0.2, 1 / 3, 1 - 0.3 - 1 / 3), analyst=None) -> Entry:
    return Entry(recorded_at="2024-01-01T00:00:00+00:00", scenario_id=scenario,
                 scenario_title="A title", scenario_path="scenarios/s1.yaml", model_id="m",
                 model_title="Model", model_sha256="a" * 64, as_of="2022-10-11",
                 horizon="2023-04-30", analyst=analyst, engine="compiled",
                 result={"posteriors": {"outcome": dict(zip("abc", p, strict=True))}},
                 predictions=(Prediction("forecast", "", "outcome", ("a", "b", "c"), tuple(p)),))


def test_a_new_ledger_has_the_current_schema(ledger_url) -> None:
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
    with open_ledger(ledger_url) as ledger:  # opening again migrates nothing
        assert ledger.schema_version() == SCHEMA_VERSION
        assert ledger.entries() == []


def test_an_older_ledger_is_migrated_and_keeps_its_records(ledger_url) -> None:
    # build a version-1 ledger by hand, with one forecast in it
    with open_ledger(ledger_url) as current:
        backend_type = type(current.backend)
    backend = _fresh_backend(ledger_url, backend_type)
    with backend.transaction() as cur:
        for statement in MIGRATIONS[0][1]:
            cur.execute(statement.format(id=backend.id_column))
        cur.execute(VERSION_TABLE)
        cur.execute("INSERT INTO schema_version (version) VALUES (1)")
        cur.execute("INSERT INTO forecasts (recorded_at, scenario_id, scenario_title, model_id, "
                    "model_sha256, as_of, engine, result) VALUES ('t', 'old', 'Old', 'm', 'x', "
                    "'2022-01-01', 'compiled', '{}')")
    backend.close()
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION == 3
        assert [e.scenario_id for e in ledger.entries()] == ["old"]


def _fresh_backend(url: str, backend_type):
    """An empty database at `url`'s place: a new file, or the tables dropped."""
    if "://" not in url:
        Path(url).unlink()
        for suffix in ("-wal", "-shm"):
            Path(url + suffix).unlink(missing_ok=True)
        return backend_type(Path(url), 5.0)
    backend = backend_type(url, 5.0)
    with backend.transaction() as cur:
        cur.execute("DROP TABLE event_forecasts, outside_views, predictions, resolutions, forecasts, "
                    "schema_version")
    return backend


def test_a_newer_schema_is_refused(ledger_url) -> None:
    with open_ledger(ledger_url) as ledger, ledger.backend.transaction() as cur:
        cur.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(UserError, match="version 99, newer than this forecast knows"):
        open_ledger(ledger_url)


def test_probabilities_come_back_as_the_exact_floats_recorded(ledger_url) -> None:
    e = entry()
    with open_ledger(ledger_url) as ledger:
        first = ledger.record(e)
        second = ledger.record(entry("s2", analyst="analyst_b"))
        back = ledger.entries()
    assert [b.id for b in back] == [first, second]
    assert back[0].predictions[0].p == e.predictions[0].p  # bit for bit, not rounded
    assert back[0].result == e.result and back[1].analyst == "analyst_b"
    assert back[0].analyst is None


def test_a_second_resolution_needs_replace(ledger_url) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.resolve(Resolution("m", "outcome", "a", "2023-04-30", "t"))
        with pytest.raises(UserError, match="already resolved as 'a' on 2023-04-30; add --replace"):
            ledger.resolve(Resolution("m", "outcome", "b", None, "t"))
        done = ledger.resolve(Resolution("m", "outcome", "b", None, "t2"), replace=True)
        assert done.replaced == "a"
        assert [(r.outcome, r.resolved_on) for r in ledger.resolutions()] == [("b", None)]


def test_two_processes_recording_at_once_lose_nothing(ledger_url) -> None:
    with open_ledger(ledger_url):
        pass  # created before the race, as a team ledger would be
    n = 40
    writers = [subprocess.Popen([sys.executable, WRITER, ledger_url, "record", tag, str(n)],
                                stderr=subprocess.PIPE, text=True) for tag in ("one", "two")]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    with open_ledger(ledger_url) as ledger:
        entries = ledger.entries()
    assert sorted(e.scenario_id for e in entries) == sorted(
        f"{tag}_{i}" for tag in ("one", "two") for i in range(n))
    assert all(len(e.predictions) == 2 and len(e.predictions[0].p) == 3 for e in entries)


def test_two_processes_creating_a_ledger_at_once_both_record(ledger_url) -> None:
    writers = [subprocess.Popen([sys.executable, WRITER, ledger_url, "record", tag, "3"],
                                stderr=subprocess.PIPE, text=True) for tag in ("one", "two")]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    with open_ledger(ledger_url) as ledger:
        assert len(ledger.entries()) == 6 and ledger.schema_version() == SCHEMA_VERSION


def test_two_forecast_record_commands_at_once(ledger_url) -> None:
    from conftest import ROOT

    commands = [subprocess.Popen([sys.executable, "-m", "forecast", "record",
                                  str(ROOT / "scenarios" / name), "--ledger", ledger_url],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for name in ("oct2022.yaml", "jan2023.yaml")]
    for c in commands:
        _, err = c.communicate(timeout=300)
        assert c.returncode == 0, err
    with open_ledger(ledger_url) as ledger:
        assert sorted(e.scenario_id for e in ledger.entries()) == ["jan2023", "oct2022"]


def test_a_writer_killed_mid_transaction_leaves_no_partial_record(ledger_url) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.record(entry("before"))
    writer = subprocess.Popen([sys.executable, WRITER, ledger_url, "hang"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = writer.stdout.readline()
        assert line.strip() == "written, not committed", writer.stderr.read()
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
    with open_ledger(ledger_url, timeout=30) as ledger:
        assert [e.scenario_id for e in ledger.entries()] == ["before"]
        ledger.record(entry("after"))  # the ledger is writable again
        assert [e.scenario_id for e in ledger.entries()] == ["before", "after"]
        with ledger.backend.transaction(write=False) as cur:
            count = cur.execute("SELECT COUNT(*) FROM predictions").fetchone()[0]
    assert count == 6  # three states each for "before" and "after"; none of the killed one's


def test_a_locked_ledger_gives_a_clear_error(ledger_url) -> None:
    with open_ledger(ledger_url) as ledger:
        pass
    if "://" in ledger_url:
        import psycopg

        holder = psycopg.connect(ledger_url)
        holder.execute("LOCK TABLE forecasts IN ACCESS EXCLUSIVE MODE")
    else:
        holder = sqlite3.connect(ledger_url, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    try:
        with open_ledger(ledger_url, timeout=0.2) as ledger, pytest.raises(
                UserError, match="locked by another") as info:
            ledger.record(entry())
        assert "\n" not in str(info.value)
    finally:
        holder.rollback()
        holder.close()
    with open_ledger(ledger_url) as ledger:
        assert ledger.entries() == []


def test_a_database_of_something_else_is_not_taken_for_a_ledger(ledger_url) -> None:
    if "://" in ledger_url:
        import psycopg

        with psycopg.connect(ledger_url, autocommit=True) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER)")
    else:
        with sqlite3.connect(ledger_url) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(UserError, match=r"holds tables \(invoices\) but is not a forecast ledger"):
        open_ledger(ledger_url)


def test_a_corrupt_file_gives_a_clear_error(tmp_path) -> None:
    path = tmp_path / "forecasts.sqlite"
    path.write_bytes(b"this is not an SQLite database at all" * 100)
    with pytest.raises(UserError, match=r"not a readable forecast ledger .* restore it from a backup"):
        open_ledger(path)
    assert path.read_bytes().startswith(b"this is not")  # left as it was


def test_a_damaged_ledger_gives_a_clear_error(tmp_path) -> None:
    path = tmp_path / "forecasts.sqlite"
    with open_ledger(path) as ledger:
        ledger.record(entry())
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(UserError, match=r"forecasts\.sqlite: not a readable forecast ledger"):
        open_ledger(path).entries()


@pytest.mark.parametrize("where, message", [
    ("{tmp}", "is a folder; give the ledger file's name"),
    ("{tmp}/missing/forecasts.sqlite", "does not exist; create it or give another --ledger"),
    ("mysql://host/db", "give a file path or a postgresql:// URL"),
])
def test_bad_ledger_locations(tmp_path, where, message) -> None:
    with pytest.raises(UserError, match=message):
        open_ledger(where.format(tmp=tmp_path))


def test_an_unreachable_server_gives_a_clear_error_without_the_password(tmp_path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://user:secret@/db?host={tmp_path}&port=1"
    with pytest.raises(UserError, match="cannot connect to the team ledger") as info:
        open_ledger(url, timeout=1)
    assert "secret" not in str(info.value) and "user:***@" in str(info.value)


def test_the_timeout_comes_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FORECAST_LEDGER_TIMEOUT", "soon")
    with pytest.raises(UserError, match="FORECAST_LEDGER_TIMEOUT='soon': give the seconds"):
        open_ledger(tmp_path / "x.sqlite")
    monkeypatch.setenv("FORECAST_LEDGER_TIMEOUT", "2.5")
    with open_ledger(tmp_path / "x.sqlite") as ledger:
        assert ledger.backend.timeout == 2.5


def test_a_lost_server_connection_records_nothing_and_says_so(postgres_url) -> None:
    import psycopg

    with open_ledger(postgres_url) as ledger:
        pid = ledger.backend.conn.info.backend_pid
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(UserError, match=r"lost the connection to the team ledger .*nothing of "
                                            r"this command was recorded"):
            ledger.record(entry())
    with open_ledger(postgres_url) as ledger:
        assert ledger.entries() == []


def test_a_team_ledger_without_psycopg_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(UserError, match=r"needs psycopg 3: pip install 'psycopg\[binary\]'"):
        open_ledger("postgresql://localhost/forecasts")


@pytest.mark.parametrize("text, message", [
    ("attempt to write a readonly database", "the ledger is read-only"),
    ("unable to open database file", "cannot open the ledger (unable to open database file); "
                                     "check the path and its permissions"),
    ("disk I/O error", "ledger error: disk I/O error"),
])
def test_sqlite_errors_are_told_apart(tmp_path, text, message) -> None:
    # read-only files and unopenable paths cannot be made for root, who may write anything:
    # the messages are checked on the errors SQLite raises for them
    from forecast.ledger.sqlite import SqliteBackend

    backend = SqliteBackend(tmp_path / "l.sqlite", 1.0)
    assert message in str(backend.error(sqlite3.OperationalError(text)))
    backend.close()


def test_record_resolve_score_history_through_the_cli_on_each_backend(ledger_url) -> None:
    import json

    from conftest import ROOT
    from typer.testing import CliRunner

    from forecast.cli.main import app

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(app, [*args, "--ledger", ledger_url])
        assert result.exit_code == 0, result.output
        return result.output

    for name in ("oct2022.yaml", "jan2023.yaml"):
        invoke("record", str(ROOT / "scenarios" / name))
    invoke("resolve", "--target", "belarus_posture", "--outcome", "defensive_only")
    history = json.loads(invoke("history", "-f", "json"))["forecasts"]
    scored = json.loads(invoke("score", "-f", "json"))["forecasts"]
    for kept, row in zip(history, scored, strict=True):
        p = kept["posteriors"]["belarus_posture"]
        assert row["brier"] == pytest.approx(
            (p["defensive_only"] - 1) ** 2 + p["russian_offensive_from_belarus"] ** 2
            + p["belarus_enters_war"] ** 2, abs=1e-9)
