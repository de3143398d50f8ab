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
    if not value >= 0:
        raise UserError(f"FORECAST_LEDGER_TIMEOUT={text!r}: give the seconds to wait for a locked "
                        "ledger, e.g. 10")
    return value


def open_ledger(location: str | os.PathLike | None = None, timeout: float | None = None,
                create: bool = True) -> Ledger:
    """Open (migrating as needed) the ledger at `location`; a new SQLite file only with
    `create` (commands that only read or resolve never leave an empty ledger behind)."""
    where = ledger_location(location)
    wait = _timeout() if timeout is None else timeout
    if where.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresBackend

        return Ledger(PostgresBackend(where, wait))
    if "://" in where:
        raise UserError(f"--ledger {where}: give a file path or a postgresql:// URL")
    from .sqlite import SqliteBackend

    path = Path(where)
    if not create and not path.exists():
        raise UserError(f"{path}: no ledger here; record a forecast first (forecast record "
                        "SCENARIO), or give the ledger with --ledger or FORECAST_LEDGER")
    return Ledger(SqliteBackend(path, wait))
