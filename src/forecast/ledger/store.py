"""The ledger's operations over either backend: migrate, record, resolve, read back.

Every write is one transaction, so a killed writer leaves nothing half-recorded; SQL is
written once with `?` placeholders and adapted to the backend's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from typing import Any

from ..errors import UserError
from .schema import MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE


@dataclass(frozen=True)
class Prediction:
    """One distribution over a target's states, by the forecast itself or an outside view."""

    kind: str            # "forecast" or "reference"
    name: str            # "" for the forecast, the reference's name otherwise
    target: str
    states: tuple[str, ...]
    p: tuple[float, ...]


@dataclass(frozen=True)
class OutsideView:
    name: str
    target: str
    basis: str | None
    source: dict[str, Any] | None


@dataclass(frozen=True)
class EventForecast:
    """A base rate or a view: the probability of one event (states of `target`) by `by`."""

    kind: str            # "base_rate" or "view"
    name: str            # its id
    target: str
    event: tuple[str, ...]
    p: float
    by: str | None       # ISO date; None: an undated view (kept, not scored)


@dataclass(frozen=True)
class Entry:
    """What `forecast record` stores for one run."""

    recorded_at: str
    scenario_id: str
    scenario_title: str
    scenario_path: str | None
    model_id: str
    model_title: str | None
    model_sha256: str
    as_of: str
    horizon: str | None
    analyst: str | None
    engine: str
    result: dict[str, Any]
    predictions: tuple[Prediction, ...]
    views: tuple[OutsideView, ...] = ()
    id: int | None = None
    events: tuple[EventForecast, ...] = ()


@dataclass(frozen=True)
class Resolution:
    model_id: str
    target: str
    outcome: str
    resolved_on: str | None
    recorded_at: str
    replaced: str | None = field(default=None, compare=False)


_FORECAST_COLUMNS = ("recorded_at", "scenario_id", "scenario_title", "scenario_path", "model_id",
                     "model_title", "model_sha256", "as_of", "horizon", "analyst", "engine")


class Ledger:
    """A forecast ledger on a backend (SQLite file or PostgreSQL database)."""

    def __init__(self, backend: Any, read_only: bool = False):
        """Open the ledger on `backend`, migrating it to the current schema; with `read_only`,
        only check that it is a ledger (`outdated` then says whether it needs migrating)."""
        self.backend = backend
        self.where: str = backend.where
        self.outdated = False
        try:
            if read_only:
                self.outdated = self._readable_version() < SCHEMA_VERSION
            else:
                self._migrate()
        except BaseException:
            backend.close()
            raise

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    def _sql(self, text: str) -> str:
        return text.replace("?", self.backend.placeholder)

    def _current(self) -> bool:
        """Whether the schema is already current (checked without taking the write lock)."""
        with self.backend.transaction(write=False) as cur:
            if "schema_version" not in self.backend.tables(cur):
                return False
            rows = cur.execute("SELECT version FROM schema_version").fetchall()
        return bool(rows) and self._version(rows) == SCHEMA_VERSION

    def _readable_version(self) -> int:
        """The schema version of a ledger opened only to read; an error for anything else."""
        with self.backend.transaction(write=False) as cur:
            tables = self.backend.tables(cur)
            rows = (cur.execute("SELECT version FROM schema_version").fetchall()
                    if "schema_version" in tables else [])
        if not rows:
            held = (f"holds tables ({', '.join(sorted(tables))})" if tables
                    else "is empty")
            raise UserError(f"{self.where}: {held} but is not a forecast ledger; give the ledger "
                            "with --ledger (record a forecast first to start one)")
        version = self._version(rows)
        if version > SCHEMA_VERSION:
            raise UserError(f"{self.where}: the ledger's schema is version {version}, newer than "
                            f"this forecast knows ({SCHEMA_VERSION}); upgrade forecast")
        return version

    def _version(self, rows: list) -> int:
        """The version in schema_version's one row, checked (a damaged table is an error)."""
        value = rows[0][0] if rows else None
        if len(rows) != 1 or isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UserError(f"{self.where}: the ledger's schema_version table is damaged (it holds "
                            f"{', '.join(repr(r[0]) for r in rows[:3])}, not one version "
                            "number); restore the ledger from a backup")
        return value

    def _migrate(self) -> None:
        if self._current():
            return
        with self.backend.transaction() as cur:
            self.backend.lock(cur)
            tables = self.backend.tables(cur)
            if tables and "schema_version" not in tables:
                raise UserError(f"{self.where}: holds tables ({', '.join(sorted(tables))}) but is not "
                                "a forecast ledger; give another --ledger")
            cur.execute(VERSION_TABLE)
            rows = cur.execute("SELECT version FROM schema_version").fetchall()
            version = self._version(rows) if rows else 0
            if version > SCHEMA_VERSION:
                raise UserError(f"{self.where}: the ledger's schema is version {version}, newer than "
                                f"this forecast knows ({SCHEMA_VERSION}); upgrade forecast")
            for number, statements in MIGRATIONS:
                if number > version:
                    for statement in statements:
                        cur.execute(statement.format(id=self.backend.id_column))
            if not rows:
                cur.execute(self._sql("INSERT INTO schema_version (version) VALUES (?)"),
                            (SCHEMA_VERSION,))
            elif version < SCHEMA_VERSION:
                cur.execute(self._sql("UPDATE schema_version SET version = ?"), (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        with self.backend.transaction(write=False) as cur:
            return self._version(cur.execute("SELECT version FROM schema_version").fetchall())

    def record(self, entry: Entry) -> int:
        """Store one forecast with its predictions and outside views; its id."""
        return self.record_all([entry])[0]

    def record_all(self, entries: Sequence[Entry]) -> list[int]:
        """Store several forecasts (a pool and its analysts) in one transaction: all or none,
        so a failure keeps nothing and a retry cannot duplicate; their ids."""
        with self.backend.transaction() as cur:
            return [self.write_entry(cur, entry) for entry in entries]

    def write_entry(self, cur: Any, entry: Entry) -> int:
        """The inserts of `record`, inside the caller's transaction."""
        columns = ", ".join((*_FORECAST_COLUMNS, "result"))
        marks = ", ".join("?" * (len(_FORECAST_COLUMNS) + 1))
        values = tuple(getattr(entry, c) for c in _FORECAST_COLUMNS)
        forecast_id = self.backend.insert_id(
            cur, self._sql(f"INSERT INTO forecasts ({columns}) VALUES ({marks})"),
            (*values, json.dumps(entry.result, ensure_ascii=False, allow_nan=False)))
        insert = self._sql("INSERT INTO predictions (forecast_id, kind, name, target, position, "
                           "state, p) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for prediction in entry.predictions:
            for position, (state, p) in enumerate(zip(prediction.states, prediction.p, strict=True)):
                cur.execute(insert, (forecast_id, prediction.kind, prediction.name,
                                     prediction.target, position, state, float(p)))
        for position, view in enumerate(entry.views):
            cur.execute(self._sql("INSERT INTO outside_views (forecast_id, position, name, target, "
                                  "basis, source) VALUES (?, ?, ?, ?, ?, ?)"),
                        (forecast_id, position, view.name, view.target, view.basis,
                         json.dumps(view.source, ensure_ascii=False) if view.source else None))
        for item in entry.events:
            cur.execute(self._sql("INSERT INTO event_forecasts (forecast_id, kind, name, target, "
                                  "event, p, by_date) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        (forecast_id, item.kind, item.name, item.target,
                         json.dumps(list(item.event), ensure_ascii=False), float(item.p),
                         item.by))
        return forecast_id

    def resolve(self, resolution: Resolution, replace: bool = False) -> Resolution:
        """Record how a question resolved; a second resolution needs `replace`."""
        with self.backend.transaction() as cur:
            row = cur.execute(self._sql("SELECT outcome, resolved_on FROM resolutions "
                                        "WHERE model_id = ? AND target = ?"),
                              (resolution.model_id, resolution.target)).fetchone()
            if row is not None and not replace:
                on = f" on {row[1]}" if row[1] else ""
                raise UserError(f"{resolution.model_id}/{resolution.target} already resolved as "
                                f"{row[0]!r}{on}; add --replace to correct it")
            cur.execute(self._sql(
                "INSERT INTO resolutions (model_id, target, outcome, resolved_on, recorded_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (model_id, target) DO UPDATE SET "
                "outcome = excluded.outcome, resolved_on = excluded.resolved_on, "
                "recorded_at = excluded.recorded_at"),
                (resolution.model_id, resolution.target, resolution.outcome,
                 resolution.resolved_on, resolution.recorded_at))
        return replace_fields(resolution, replaced=row[0] if row else None)

    def entries(self) -> list[Entry]:
        """Every recorded forecast, oldest first, with its predictions and outside views."""
        with self.backend.transaction(write=False) as cur:
            columns = ", ".join(("id", *_FORECAST_COLUMNS, "result"))
            rows = cur.execute(f"SELECT {columns} FROM forecasts ORDER BY id").fetchall()
            predictions = cur.execute(
                "SELECT forecast_id, kind, name, target, state, p FROM predictions "
                "ORDER BY forecast_id, kind, name, target, position").fetchall()
            views = cur.execute("SELECT forecast_id, name, target, basis, source FROM "
                                "outside_views ORDER BY forecast_id, position").fetchall()
            events = cur.execute("SELECT forecast_id, kind, name, target, event, p, by_date FROM "
                                 "event_forecasts ORDER BY forecast_id, kind, name").fetchall()
        grouped: dict[int, dict[tuple, tuple[list, list]]] = {}
        for fid, kind, name, target, state, p in predictions:
            states, values = grouped.setdefault(int(fid), {}).setdefault((kind, name, target),
                                                                          ([], []))
            states.append(state)
            values.append(_probability(p, self.where, fid, target))
        by_view: dict[int, list[OutsideView]] = {}
        for fid, name, target, basis, source in views:
            by_view.setdefault(int(fid), []).append(OutsideView(
                name, target, basis, _stored_json(source, self.where, fid, "outside view source",
                                                  dict) if source else None))
        by_event: dict[int, list[EventForecast]] = {}
        for fid, kind, name, target, event, p, by in events:
            by_event.setdefault(int(fid), []).append(
                EventForecast(kind, name, target, tuple(json.loads(event)), float(p), by))
        out = []
        for row in rows:
            fid = int(row[0])
            fields = dict(zip(_FORECAST_COLUMNS, row[1:-1], strict=True))
            preds = tuple(Prediction(k, n, t, tuple(s), _distribution(v, self.where, fid, t))
                          for (k, n, t), (s, v) in grouped.get(fid, {}).items())
            out.append(Entry(**fields, result=_stored_json(row[-1], self.where, fid, "result", dict),
                             predictions=preds, views=tuple(by_view.get(fid, ())), id=fid,
                             events=tuple(by_event.get(fid, ()))))
        return out

    def resolutions(self) -> list[Resolution]:
        with self.backend.transaction(write=False) as cur:
            rows = cur.execute("SELECT model_id, target, outcome, resolved_on, recorded_at "
                               "FROM resolutions ORDER BY model_id, target").fetchall()
        return [Resolution(*row) for row in rows]


def _damaged(where: str, fid: Any, what: str) -> UserError:
    return UserError(f"{where}: forecast {fid} is damaged ({what}); restore the ledger from a "
                     "backup, or remove that forecast")


def _stored_json(text: Any, where: str, fid: Any, what: str, kind: type) -> Any:
    """A JSON column read back, checked: a damaged row is named by its id, not a traceback."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError) as exc:
        raise _damaged(where, fid, f"its stored {what} is not valid JSON: {str(exc)[:80]}") from None
    if not isinstance(value, kind):
        raise _damaged(where, fid, f"its stored {what} is not a JSON object")
    return value


def _probability(value: Any, where: str, fid: Any, target: str) -> float:
    """One stored probability, checked to be a number in [0, 1]."""
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise _damaged(where, fid, f"a probability of {target!r} is {str(value)[:40]!r}, not a "
                                   "number") from None
    if not 0.0 <= p <= 1.0:  # NaN fails this too
        raise _damaged(where, fid, f"a probability of {target!r} is {p!r}, outside 0..1")
    return p


def _distribution(values: list[float], where: str, fid: Any, target: str) -> tuple[float, ...]:
    """A stored distribution, checked to sum to 1 (as every recorded one did)."""
    total = math.fsum(values)
    if abs(total - 1.0) > 1e-6:
        raise _damaged(where, fid, f"the probabilities of {target!r} sum to {total:.6g}, not 1")
    return tuple(values)
