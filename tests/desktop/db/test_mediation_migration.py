"""Migration 0003 (mediation) on SQLite and PostgreSQL: cases recorded under 0002 keep their rows and get their
outcome and `updated_at`; the downgrade returns to 0002 with the rows intact, and the upgrade runs again."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Boolean, inspect, text

from desktop.db.base import UTCDateTime
from desktop.db.database import Database
from desktop.db.schema import alembic_config, migration_connection

CREATED = datetime(2026, 11, 2, 2, 0)  # naive UTC, as SQLite stores it
CLOSED = datetime(2026, 11, 20, 2, 0)


def _migrate(db: Database, action: str, revision: str) -> None:
    config = alembic_config()
    with migration_connection(db) as conn:
        config.attributes["connection"] = conn
        getattr(command, action)(config, revision)


def _seed_0002(db: Database) -> None:
    with db.write() as session:
        session.execute(
            text(
                "INSERT INTO station (id, code, name, short_name, police_station, district, address, phone, "
                "region_code, hmac_secret, created_at, version) VALUES (1, 'XSLX01', '录霞社区微派出所', '录霞', "
                "'', '', '', '', '440803', 'x', :at, 1)"
            ),
            {"at": CREATED},
        )
        session.execute(
            text(
                "INSERT INTO staff_user (id, username, display_name, police_no, role, password_hash, is_active, "
                "failed_logins, must_change_password, created_at, version) VALUES (1, 'zhang', '张三', '', 'desk', "
                "'-', :yes, 0, :no, :at, 1)"
            ),
            {"at": CREATED, "yes": True, "no": False},
        )
        for case_id, status, terms, closed in (
            (1, "agreed", "赔偿500元", None),
            (2, "closed", "赔偿800元", CLOSED),
            (3, "closed", "", CLOSED),
            (4, "open", "", None),
        ):
            session.execute(
                text(
                    "INSERT INTO mediation_case (id, request_id, case_no, station_id, regime, source, category, "
                    "location, summary, risk_level, status, agreement_terms, outcome_note, created_by, created_at, "
                    "closed_at, version) VALUES (:id, :rid, :no, 1, 'people', '当事人申请', '邻里', '', '', 'low', "
                    ":status, :terms, '', 1, :at, :closed, 1)"
                ),
                {
                    "id": case_id, "rid": f"r{case_id}", "no": f"(2026)录霞调字第00{case_id}号", "status": status,
                    "terms": terms, "at": CREATED, "closed": closed,
                },
            )  # fmt: skip
        session.execute(
            text(
                "INSERT INTO mediation_followup (case_id, due_date, result, satisfaction, escalation) "
                "VALUES (1, '2026-12-01', '', '', '')"
            )
        )


def test_cases_survive_the_upgrade_and_the_downgrade(empty_db_url: str) -> None:
    db = Database(empty_db_url)
    _migrate(db, "upgrade", "0002")
    _seed_0002(db)
    _migrate(db, "upgrade", "0003")
    with db.read() as session:
        query = text("SELECT id, outcome, updated_at, exclusions_checked FROM mediation_case ORDER BY id")
        rows = session.execute(query.columns(updated_at=UTCDateTime(), exclusions_checked=Boolean())).all()
        followup = session.execute(text("SELECT visitor, reason FROM mediation_followup")).one()
    assert [(r.id, r.outcome) for r in rows] == [(1, "agreed"), (2, "agreed"), (3, "failed"), (4, "")]
    assert [r.updated_at for r in rows] == [x.replace(tzinfo=UTC) for x in (CREATED, CLOSED, CLOSED, CREATED)]
    assert [r.exclusions_checked for r in rows] == [False] * 4
    assert tuple(followup) == ("", "")
    assert "mediation_archive_item" in inspect(db.engine).get_table_names()

    _migrate(db, "downgrade", "0002")
    columns = {c["name"] for c in inspect(db.engine).get_columns("mediation_case")}
    assert "outcome" not in columns
    assert "mediation_archive_item" not in inspect(db.engine).get_table_names()
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM mediation_case")).scalar_one() == 4
        assert session.execute(text("SELECT count(*) FROM mediation_followup")).scalar_one() == 1
    _migrate(db, "upgrade", "head")
    with db.read() as session:
        assert (
            session.execute(text("SELECT count(*) FROM mediation_case WHERE outcome = 'agreed'")).scalar_one()
            == 2
        )
    db.dispose()
