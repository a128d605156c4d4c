"""A desk PC switched off mid-save, 50 times over on one database (SQLite and PostgreSQL): the saving process is
killed with SIGKILL at a random point, and after every round the database must be intact, hold every save the desk
was told succeeded (with the number it was given), hold nothing half-saved, have counters equal to the rows and an
audit chain that verifies. Seeded (MICROSTATION_CRASH_SEED) so that a failing round can be replayed."""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import Connection, event, text

from desktop.clock import ManualClock, local_date
from desktop.db.database import Database
from desktop.db.engine import sqlite_path
from desktop.domain.catalog import default_catalog
from desktop.errors import DatabaseUnavailable
from desktop.services.core import Actor, Core
from desktop.services.intake import create_intake
from tests.conftest import new_pg_database
from tests.desktop.services.helpers import make_station, make_user
from tests.helpers.crash import (
    DeskAccount,
    RoundResult,
    crash_round,
    database_problems,
    realistic_intake,
    sqlite_file_problems,
)
from tests.helpers.pg import PgServer

ROUNDS = 50
STATION = "XSLX01"
START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 09:00 in Zhanjiang: every round on one business day
SEED = int(os.environ.get("MICROSTATION_CRASH_SEED", "20261127"))


@pytest.mark.slow
def test_a_desk_killed_mid_save_loses_no_acknowledged_save_and_leaves_nothing_half_saved(
    db: Database, core: Core, admin: Actor, backend: str
) -> None:
    make_station(core, admin)
    user = make_user(core, admin)
    desk = DeskAccount(STATION, user.id, user.username)
    rng = random.Random(SEED)
    # A first save in this process: the forked desks inherit configured mappers and compiled statements.
    warm = Core(db=db, clock=ManualClock(START), workstation="crash-parent")
    form = realistic_intake(rng, default_catalog(), local_date(START), 999, 0)
    first = create_intake(warm, desk.actor(), STATION, "crash-warm-up", form).record
    acked = {"crash-warm-up": first.receipt_no}
    results: list[RoundResult] = []
    for round_no in range(ROUNDS):
        result = crash_round(db, desk, rng=rng, round_no=round_no, moment=START + timedelta(minutes=round_no))
        replay = f"round {round_no} (MICROSTATION_CRASH_SEED={SEED}, {backend})"
        assert not result.error, f"{replay}: the save failed before the kill: {result.error}"
        assert result.started, f"{replay}: the desk was killed before it started a save"
        acked.update(result.acked)
        found = database_problems(db, acked, STATION)
        path = sqlite_path(db.url) if db.is_sqlite else None  # a PostgreSQL URL names no file
        if path is not None:
            found += sqlite_file_problems(path)
        assert found == [], f"{replay}, killed {result.delay_ms:.0f} ms after save {result.kill_after_start}"
        results.append(result)
    # The rounds did what they are for: most kills interrupted a save, and a good share of them while the
    # save's write transaction was open on the server or in the file.
    interrupted = [r for r in results if r.unacknowledged]
    inside = [r for r in results if r.inside_transaction]
    assert len(interrupted) >= ROUNDS // 2, [r.last_event for r in results]
    assert len(inside) >= 5, [r.last_event for r in results]
    print(
        f"{backend}: {ROUNDS} rounds, {len(acked)} acknowledged saves, "
        f"{len(interrupted)} kills during a save, {len(inside)} inside an open write transaction, "
        f"{sum(r.last_event == 'commit' for r in results)} between COMMIT sent and the answer"
    )


def _row_counts(db: Database) -> dict[str, int]:
    tables = ("application", "application_material", "person", "audit_event")
    with db.read() as session:
        counts = {t: int(session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables}
        counts["counter"] = int(
            session.execute(text("SELECT coalesce(sum(last_no), 0) FROM counter")).scalar_one()
        )
    return counts


@pytest.mark.postgres
def test_a_backend_killed_mid_save_leaves_no_partial_rows_and_the_retry_saves_once(
    pg_server: PgServer, admin: Actor
) -> None:
    """The server ends the saving connection (pg_terminate_backend, as a server restart or an administrator does)
    while the save's transaction is open with every row written and COMMIT not yet sent."""
    db = Database(new_pg_database(pg_server), workstation="test-desk")
    core = Core(db=db, clock=ManualClock(START), workstation="test-desk")
    make_station(core, admin)
    user = make_user(core, admin)
    desk = DeskAccount(STATION, user.id, user.username)
    form = realistic_intake(random.Random(SEED), default_catalog(), local_date(START), 0, 0)
    before = _row_counts(db)
    seen: list[str] = []

    def terminate_before_commit(conn: Connection) -> None:
        pid = conn.connection.driver_connection.info.backend_pid  # type: ignore[union-attr]
        with psycopg.connect(pg_server.admin_dsn, autocommit=True) as server:
            state = server.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
            seen.append(state[0] if state else "gone")
            server.execute("SELECT pg_terminate_backend(%s)", (pid,))
            while server.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
                time.sleep(0.01)  # until the backend has rolled back and exited

    event.listen(db.engine, "commit", terminate_before_commit)
    with pytest.raises(DatabaseUnavailable) as refused:
        create_intake(core, desk.actor(), STATION, "req-killed", form)
    event.remove(db.engine, "commit", terminate_before_commit)
    assert seen == ["idle in transaction"]  # the save's rows were on the server, uncommitted
    assert refused.value.message == "与数据库的连接已中断，请检查网络或服务器后重试。"
    assert _row_counts(db) == before  # no partial rows, the counter not advanced

    retried = create_intake(core, desk.actor(), STATION, "req-killed", form)
    again = create_intake(core, desk.actor(), STATION, "req-killed", form)
    assert retried.created
    assert not again.created
    assert again.record.application_id == retried.record.application_id
    assert retried.record.receipt_no == f"{STATION}-20261127-0001"  # the lost attempt left no gap
    after = _row_counts(db)
    assert after["application"] == before["application"] + 1
    assert after["counter"] == before["counter"] + 1
    assert database_problems(db, {"req-killed": retried.record.receipt_no}, STATION) == []
    db.dispose()
