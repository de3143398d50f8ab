"""Both ledger backends for the same tests: an SQLite file, and a throwaway PostgreSQL server
started for the session (initdb into a temporary folder, a socket in it, no TCP)."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse root: as root, run them as the `postgres` system user."""
    if os.getuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server():
    """The socket folder of a running PostgreSQL server, or a skip saying why there is none."""
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (make test installs it with apt-get as root)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed")
    base = Path(tempfile.mkdtemp(prefix="forecast-pg-", dir="/tmp"))
    if os.getuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    # run from the server's own folder: the postgres user may not read the checkout
    run = lambda *cmd: subprocess.run(_as_server_user([str(c) for c in cmd]),  # noqa: E731
                                      check=True, capture_output=True, text=True, cwd=base)
    try:
        run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "forecast", "-E", "UTF8",
            "--no-sync")
        run(bindir / "pg_ctl", "-D", data, "-l", base / "log", "-w", "-t", "60", "-o",
            f"-k {base} -c listen_addresses='' -c fsync=off -c max_connections=50", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start PostgreSQL: {exc.stderr.strip()[:300]}")
    yield base
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                    "stop"]), capture_output=True, cwd=base)
    shutil.rmtree(base, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the session's server."""
    import psycopg

    name = f"ledger_{os.getpid()}_{next(_databases)}"
    admin = f"postgresql://forecast@/postgres?host={postgres_server}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql://forecast@/{name}?host={postgres_server}"


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path) -> str:
    """Where a ledger lives, for each backend in turn."""
    if request.param == "sqlite":
        return str(tmp_path / "forecasts.sqlite")
    return request.getfixturevalue("postgres_url")
