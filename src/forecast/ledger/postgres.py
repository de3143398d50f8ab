"""The team ledger on PostgreSQL (psycopg 3, imported only when a postgresql:// URL is given)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UserError
from .redact import scrubbed, shown_url

__all__ = ["PostgresBackend", "shown_url"]

MIGRATION_LOCK = 0x666F7265  # an advisory lock key ("fore"): one migrating process at a time


class PostgresBackend:
    placeholder = "%s"
    id_column = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str, timeout: float):
        try:
            import psycopg
        except ImportError:
            raise UserError("a postgresql:// ledger needs psycopg 3: pip install 'psycopg[binary]'"
                            ) from None
        self.psycopg = psycopg
        self.where = shown_url(url)
        self._url = url  # kept only to scrub its passwords out of the driver's messages
        self.timeout = timeout
        try:
            self.conn = psycopg.connect(url, autocommit=True,
                                        connect_timeout=max(1, round(timeout)))
        except psycopg.Error as exc:
            raise UserError(f"{self.where}: cannot connect to the team ledger "
                            f"({scrubbed(_first_line(exc), url)});"
                            " check the URL, that the server runs and that you may log in"
                            ) from None

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Any]:
        try:
            with self.conn.transaction(), self.conn.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {int(self.timeout * 1000)}")
                yield cursor
        except self.psycopg.Error as exc:
            raise self.error(exc) from None

    def lock(self, cursor: Any) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))

    def tables(self, cursor: Any) -> set[str]:
        rows = cursor.execute("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = current_schema()").fetchall()
        return {r[0] for r in rows}

    def insert_id(self, cursor: Any, sql: str, params: tuple) -> int:
        cursor.execute(sql + " RETURNING id", params)
        return int(cursor.fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def error(self, exc: Exception) -> UserError:
        text = scrubbed(_first_line(exc), self._url)
        if isinstance(exc, self.psycopg.errors.LockNotAvailable):
            return UserError(f"{self.where}: the ledger is locked by another session (waited "
                             f"{self.timeout:g} s); try again when it has finished")
        if isinstance(exc, self.psycopg.OperationalError):
            return UserError(f"{self.where}: lost the connection to the team ledger ({text}); "
                             "nothing of this command was recorded; try again")
        return UserError(f"{self.where}: ledger error: {text}")


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
