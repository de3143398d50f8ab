"""The forecast ledger: what was forecast when, and how questions resolved.

`open_ledger(location)` opens an SQLite file (default `forecasts.sqlite`, or
FORECAST_LEDGER) or, for a `postgresql://` URL, a team ledger on PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError
from .store import Entry, EventForecast, Ledger, OutsideView, Prediction, Resolution

DEFAULT_LEDGER = "forecasts.sqlite"
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 86_400.0  # seconds: a day; the drivers take a whole number of milliseconds

__all__ = ["DEFAULT_LEDGER", "Entry", "EventForecast", "Ledger", "OutsideView", "Prediction", "Resolution",
           "ledger_location", "open_ledger"]


def ledger_location(location: str | os.PathLike | None) -> str:
    """--ledger, else FORECAST_LEDGER, else forecasts.sqlite in the current folder."""
    return str(location or os.environ.get("FORECAST_LEDGER") or DEFAULT_LEDGER)


def _timeout() -> float:
    text = os.environ.get("FORECAST_LEDGER_TIMEOUT")
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= MAX_TIMEOUT:  # NaN and infinity fail too
        raise UserError(f"FORECAST_LEDGER_TIMEOUT={text!r}: give the seconds to wait for a locked "
                        f"ledger, from 0 to {MAX_TIMEOUT:,.0f}, e.g. 10")
    return value


def open_ledger(location: str | os.PathLike | None = None, timeout: float | None = None,
                create: bool = True, read_only: bool = False) -> Ledger:
    """Open (migrating as needed) the ledger at `location`; a new SQLite file only with
    `create` (commands that only read or resolve never leave an empty ledger behind).

    Without `create`, the file or database must already be a ledger: it is first opened
    read-only and checked, so another application's database (or an empty file) is never
    turned into one. With `read_only` as well, a current ledger is read through that
    read-only connection (a ledger the user may not write can still be read)."""
    where = ledger_location(location)
    wait = _timeout() if timeout is None else timeout
    if where.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresBackend

        if not create:
            probe = Ledger(PostgresBackend(where, wait), read_only=True)
            if read_only and not probe.outdated:
                return probe
            probe.close()
        return Ledger(PostgresBackend(where, wait))
    if "://" in where:
        from .redact import shown_url

        raise UserError(f"--ledger {shown_url(where)}: give a file path or a postgresql:// URL")
    from .sqlite import SqliteBackend

    path = Path(where)
    if not create and not path.exists():
        raise UserError(f"{path}: no ledger here; record a forecast first (forecast record "
                        "SCENARIO), or give the ledger with --ledger or FORECAST_LEDGER")
    if not create:
        probe = Ledger(SqliteBackend(path, wait, read_only=True), read_only=True)
        if read_only and not probe.outdated:
            return probe
        probe.close()
    return Ledger(SqliteBackend(path, wait))
