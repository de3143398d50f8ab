"""The ledger's schema as numbered migrations, the same for SQLite and PostgreSQL.

Each migration is a list of statements; `{id}` stands for the dialect's auto-numbered key.
A ledger records its version in `schema_version`; opening it applies the migrations it
lacks, in one transaction. Never edit a released migration: add the next one.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        # One row per `forecast record`: the run's provenance; `result` keeps the whole run JSON.
        """CREATE TABLE forecasts (
            id {id},
            recorded_at TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_title TEXT NOT NULL,
            scenario_path TEXT,
            model_id TEXT NOT NULL,
            model_title TEXT,
            model_sha256 TEXT NOT NULL,
            as_of TEXT NOT NULL,
            horizon TEXT,
            analyst TEXT,
            engine TEXT NOT NULL,
            result TEXT NOT NULL)""",
        # The probabilities as exact doubles: the forecast's own (kind 'forecast', name '') and
        # each outside view recorded with it (kind 'reference', its name).
        """CREATE TABLE predictions (
            forecast_id BIGINT NOT NULL REFERENCES forecasts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            target TEXT NOT NULL,
            position INTEGER NOT NULL,
            state TEXT NOT NULL,
            p DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (forecast_id, kind, name, target, position))""",
        """CREATE TABLE outside_views (
            forecast_id BIGINT NOT NULL REFERENCES forecasts(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            target TEXT NOT NULL,
            basis TEXT,
            source TEXT,
            PRIMARY KEY (forecast_id, name))""",
        # A question is a model's target node; it resolves once (a correction replaces it).
        """CREATE TABLE resolutions (
            model_id TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL,
            resolved_on TEXT,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (model_id, target))""",
    )),
    (2, (
        # Scoring reads forecasts question by question.
        "CREATE INDEX forecasts_by_model ON forecasts (model_id, as_of)",
        "CREATE INDEX predictions_by_target ON predictions (target, forecast_id)",
    )),
    (3, (
        # The outside view on events (DESIGN section 8): each base rate and view recorded with a
        # forecast, as one probability of an event (a JSON list of the target's states) by a
        # date (null: an undated view, kept but not scored).
        """CREATE TABLE event_forecasts (
            forecast_id BIGINT NOT NULL REFERENCES forecasts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            target TEXT NOT NULL,
            event TEXT NOT NULL,
            p DOUBLE PRECISION NOT NULL,
            by_date TEXT,
            PRIMARY KEY (forecast_id, kind, name))""",
    )),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]
VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
