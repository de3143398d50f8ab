"""The SQLite ledger: one file, WAL mode, a busy timeout, every write one IMMEDIATE transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import UserError


class SqliteBackend:
    placeholder = "?"
    id_column = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, path: Path, timeout: float, read_only: bool = False):
        """Open the file; `read_only` opens it so that nothing can be written (the file, its
        journal mode and the folder are left as they are), for commands that only read."""
        self.where = str(path)
        self.timeout = timeout
        if path.is_dir():
            raise UserError(f"{path}: is a folder; give the ledger file's name with --ledger "
                            "(e.g. forecasts.sqlite)")
        if not path.parent.is_dir():
            raise UserError(f"{path}: the folder {path.parent} does not exist; create it or give "
                            "another --ledger")
        try:
            if read_only:
                self.conn = _connect_read_only(path, timeout)
            else:
                self.conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
                self.conn.execute("PRAGMA foreign_keys = ON")
                self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Any]:
        """One transaction; a write takes the file's write lock at the start (no upgrade races)."""
        cursor = self.conn.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield cursor
            cursor.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self.error(exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.rollback()

    def lock(self, cursor: Any) -> None:
        """BEGIN IMMEDIATE already holds the write lock: migrations run one at a time."""

    def tables(self, cursor: Any) -> set[str]:
        rows = cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {r[0] for r in rows if not r[0].startswith("sqlite_")}

    def insert_id(self, cursor: Any, sql: str, params: tuple) -> int:
        cursor.execute(sql, params)
        return int(cursor.lastrowid)

    def close(self) -> None:
        self.conn.close()

    def error(self, exc: sqlite3.Error) -> UserError:
        """The one-line message for a failed ledger operation, saying what to do."""
        text = str(exc)
        if "locked" in text or "busy" in text:
            return UserError(f"{self.where}: the ledger is locked by another process (waited "
                             f"{self.timeout:g} s); try again when it has finished, or raise "
                             "FORECAST_LEDGER_TIMEOUT")
        if "not a database" in text or "malformed" in text:
            return UserError(f"{self.where}: not a readable forecast ledger ({text}): the file is "
                             "corrupt or not SQLite; restore it from a backup or give another "
                             "--ledger")
        if "readonly" in text or "read-only" in text:
            return UserError(f"{self.where}: the ledger is read-only ({text}); give a file you "
                             "may write, or ask its owner")
        if "unable to open" in text:
            return UserError(f"{self.where}: cannot open the ledger ({text}); check the path and "
                             "its permissions")
        return UserError(f"{self.where}: ledger error: {text}")


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that cannot write: `mode=ro`. A ledger in WAL mode whose folder the reader
    may not write (no -shm file can be made) is then opened as immutable, which needs no lock
    files: right for a ledger nobody may write, as a read-only one is."""
    if not path.is_file():
        raise UserError(f"{path}: not a regular file; give the ledger file with --ledger")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc) and "readonly" not in str(exc):
            raise
        conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout,
                               isolation_level=None)
    return conn
