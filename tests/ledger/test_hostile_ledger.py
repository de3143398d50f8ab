"""Hostile input to the ledger (third pass): passwords never printed, one transaction per
`record`, read commands that never create or alter a file that is not a ledger, damaged rows
named by id, read-only ledgers readable. Commands run through the CLI (in process, or as
another user for the read-only case)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.errors import UserError
from forecast.ledger import open_ledger
from forecast.ledger.redact import scrubbed, shown_url
from forecast.ledger.store import Ledger

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
SCENARIO = str(TINY / "scenarios" / "morning.yaml")
OVERLAYS = [str(TINY / "overlays" / name) for name in ("clouds.yaml", "worry.yaml")]
SECRET = "hunter2-s3cret"


def cli(*args: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout and stderr)."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


# --- passwords ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url, shown", [
    ("postgresql://u:pw@host/db", "postgresql://u:***@host/db"),
    ("postgresql://u:p@ss/w?rd#x@host:5432/db", "postgresql://u:***@host:5432/db"),
    ("postgresql://host/db?password=pw&sslmode=require",
     "postgresql://host/db?password=***&sslmode=require"),
    ("postgres://host/db?sslmode=require&PASSWORD=pw", "postgres://host/db?sslmode=require&PASSWORD=***"),
    ("postgresql://host/db?sslpassword=pw", "postgresql://host/db?sslpassword=***"),
    ("postgresql://u@host/db?user=a@b", "postgresql://u@host/db?user=a@b"),
    ("mysql://u:pw@host/db", "mysql://u:***@host/db"),
    ("forecasts.sqlite", "forecasts.sqlite"),
])
def test_every_password_of_a_url_is_hidden(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_a_drivers_message_is_scrubbed_of_the_password_however_encoded() -> None:
    url = "postgresql://u:p%40ss@host/db?password=other"
    assert scrubbed("failed for p@ss and p%40ss and other", url) == "failed for *** and *** and ***"


def test_a_location_that_is_not_a_ledger_url_is_not_echoed_with_its_password() -> None:
    with pytest.raises(UserError) as info:
        open_ledger(f"mysql://u:{SECRET}@host/db")
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("form", ["query", "userinfo"])
def test_a_postgresql_password_is_never_printed(postgres_url: str, form: str) -> None:
    # the throwaway server trusts local connections, so any password is accepted
    if form == "query":
        url = f"{postgres_url}&password={SECRET}"
    else:
        url = postgres_url.replace("postgresql://forecast@", f"postgresql://forecast:{SECRET}@")
    outputs = []
    for args in (["record", SCENARIO], ["history", "-f", "json"], ["score", "-f", "json"],
                 ["resolve", "--target", "nothing", "--outcome", "x"]):
        code, output = cli(*args, "--ledger", url)
        outputs.append(output)
        assert code == (2 if args[0] == "resolve" else 0), output
    printed = "\n".join(outputs)
    assert SECRET not in printed
    assert "***" in json.loads(outputs[1])["ledger"]


# --- one transaction per record ------------------------------------------------------------

def test_a_pool_is_recorded_all_or_none_and_a_retry_does_not_duplicate(ledger_url, monkeypatch
                                                                        ) -> None:
    from forecast.app import run_scenario
    from forecast.usecases.ledger import record_run

    run = run_scenario(SCENARIO, analysts=OVERLAYS).to_json()
    writes = Ledger.write_entry
    calls = []

    def failing_second(self, cur, entry):
        # a pool is one record (its analysts kept inside it): fail after its rows are written
        calls.append(entry.analyst)
        written = writes(self, cur, entry)
        if len(calls) == 1:
            raise UserError("the disk filled up")
        return written

    with open_ledger(ledger_url) as book:
        monkeypatch.setattr(Ledger, "write_entry", failing_second)
        with pytest.raises(UserError, match="disk filled"):
            record_run(book, run)
        monkeypatch.setattr(Ledger, "write_entry", writes)
        assert book.entries() == []  # the pool's first write was rolled back
        record_run(book, run)
        kept = [e.analyst for e in book.entries()]
    assert kept == ["pool (linear: analyst_a, analyst_c)"]


# --- read commands never make a ledger of something else ------------------------------------

def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def _other_application(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.close()


@pytest.mark.parametrize("command", ["history", "score", "resolve"])
@pytest.mark.parametrize("kind", ["empty", "other application"])
def test_reading_a_file_that_is_not_a_ledger_leaves_it_untouched(tmp_path: Path, command: str,
                                                                 kind: str) -> None:
    path = tmp_path / "data.sqlite"
    if kind == "empty":
        path.write_bytes(b"")
    else:
        _other_application(path)
    before, files = _digest(path), _siblings(path)
    args = {"resolve": ["resolve", "--target", "rain", "--outcome", "rain"]}.get(command,
                                                                                   [command])
    code, output = cli(*args, "--ledger", str(path))
    lines = output.strip().splitlines()
    assert code == 2 and len(lines) == 1, output
    assert "not a forecast ledger" in lines[0] and str(path) in lines[0]
    assert _digest(path) == before and _siblings(path) == files  # no -wal, no -shm, no change
    if kind != "empty":
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()


def _recorded(tmp_path: Path) -> Path:
    path = tmp_path / "forecasts.sqlite"
    code, output = cli("record", SCENARIO, "--ledger", str(path))
    assert code == 0, output
    return path


@pytest.mark.parametrize("damage, message", [
    ("UPDATE forecasts SET result = substr(result, 1, 40)", "stored result is not valid JSON"),
    ("UPDATE forecasts SET result = '[1, 2]'", "stored result is not a JSON object"),
    ("UPDATE predictions SET p = 'x' WHERE position = 0", "not a number"),
    ("UPDATE predictions SET p = 0.9 WHERE position = 0", "not 1"),
    ("UPDATE predictions SET p = 7.0 WHERE position = 0", "outside 0..1"),
])
@pytest.mark.parametrize("command", ["history", "score"])
def test_a_damaged_row_is_named_by_its_id(tmp_path: Path, damage: str, message: str,
                                          command: str) -> None:
    path = _recorded(tmp_path)
    assert cli("resolve", "--target", "rain", "--outcome", "rain", "--ledger", str(path))[0] == 0
    with sqlite3.connect(path) as conn:
        conn.execute(damage)
    conn.close()
    code, output = cli(command, "--ledger", str(path))
    lines = output.strip().splitlines()
    assert code == 2 and len(lines) == 1, output
    assert "forecast 1 is damaged" in lines[0] and message in lines[0]


@pytest.mark.parametrize("value", ["'two'", "2.5", "-1"])
def test_a_damaged_schema_version_is_a_clear_error(tmp_path: Path, value: str) -> None:
    path = _recorded(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"UPDATE schema_version SET version = {value}")
    conn.close()
    for args in (["history"], ["record", SCENARIO]):
        code, output = cli(*args, "--ledger", str(path))
        assert code == 2 and "schema_version table is damaged" in output, output


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e300"])
def test_an_unusable_timeout_is_a_clear_error(tmp_path: Path, monkeypatch, value: str) -> None:
    monkeypatch.setenv("FORECAST_LEDGER_TIMEOUT", value)
    code, output = cli("record", SCENARIO, "--ledger", str(tmp_path / "l.sqlite"))
    assert code == 2 and f"FORECAST_LEDGER_TIMEOUT={value!r}" in output, output
    assert not (tmp_path / "l.sqlite").exists()


def test_a_ledger_nobody_may_write_can_still_be_read(tmp_path: Path) -> None:
    """The ledger file and its folder made immutable (`chattr +i`: not even root may write
    them, nor make a -wal or -shm file beside it); history and score still read it."""
    chattr = shutil.which("chattr")
    path = _recorded(tmp_path)
    cli("resolve", "--target", "rain", "--outcome", "rain", "--ledger", str(path))
    folder = path.parent
    if chattr is None or subprocess.run([chattr, "+i", str(path), str(folder)],
                                        capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here (needs chattr, root and ext4)")
    try:
        before = _digest(path)
        for command in ("history", "score"):
            code, output = cli(command, "--ledger", str(path), "-f", "json")
            assert code == 0, output
            assert json.loads(output)["forecasts"], output
        assert _digest(path) == before
    finally:
        subprocess.run([chattr, "-i", str(path), str(folder)], capture_output=True)
