"""A single desk's disk fills up mid-day (SQLite): the save that no longer fits is refused with the Chinese disk-full
message and leaves nothing behind — no rows, no receipt number drawn — and once space is freed the same request
(the form's request_id) saves exactly one record with the next number.

The full disk is SQLite's own (tests.helpers.disk): `PRAGMA max_page_count` on each connection of the program's
engine caps the file at its size, so the next save that needs a new page fails with SQLITE_FULL."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.clock import ManualClock, local_date
from desktop.db.database import DISK_FULL_MESSAGE, Database
from desktop.db.schema import upgrade
from desktop.domain.catalog import default_catalog
from desktop.errors import DatabaseUnavailable, DomainError
from desktop.services.core import Actor, Core
from desktop.services.intake import create_intake
from tests.desktop.services.helpers import make_station, make_user
from tests.helpers.crash import DeskAccount, database_problems, realistic_intake, sqlite_file_problems
from tests.helpers.disk import DiskCap

STATION = "XSLX01"
NOW = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)


@pytest.fixture
def sqlite_core(tmp_path: Path) -> Iterator[Core]:
    db = Database(f"sqlite:///{tmp_path / 'station.sqlite3'}", workstation="test-desk")
    upgrade(db)
    yield Core(db=db, clock=ManualClock(NOW), workstation="test-desk")
    db.dispose()


def _counts(db: Database) -> dict[str, int]:
    with db.read() as session:
        counts = {
            table: int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("application", "application_material", "person", "audit_event")
        }
        counts["counter"] = int(
            session.execute(text("SELECT coalesce(sum(last_no), 0) FROM counter")).scalar_one()
        )
    return counts


def test_a_save_on_a_full_disk_is_refused_cleanly_and_the_same_request_saves_once_when_space_is_freed(
    sqlite_core: Core, admin: Actor
) -> None:
    core = sqlite_core
    make_station(core, admin)
    user = make_user(core, admin)
    desk = DeskAccount(STATION, user.id, user.username)
    rng = random.Random(11)
    today = local_date(NOW)
    acked: dict[str, str] = {}
    for i in range(10):  # the morning's work
        request_id = f"morning-{i}"
        form = realistic_intake(rng, default_catalog(), today, 1, i)
        acked[request_id] = create_intake(core, desk.actor(), STATION, request_id, form).record.receipt_no

    disk = DiskCap(core.db)
    disk.fill()
    refused: DomainError | None = None
    for i in range(200):  # saves go on until one no longer fits
        request_id = f"afternoon-{i}"
        form = realistic_intake(rng, default_catalog(), today, 2, i)
        before = _counts(core.db)
        try:
            saved = create_intake(core, desk.actor(), STATION, request_id, form)
        except DomainError as error:
            refused = error
            break
        acked[request_id] = saved.record.receipt_no
    assert refused is not None, "the capped file never filled up"
    assert isinstance(refused, DatabaseUnavailable)
    assert refused.message == DISK_FULL_MESSAGE  # 磁盘空间已满，操作未完成。请清理磁盘后重试。
    assert "SQLITE_FULL" in str(getattr(refused.__cause__, "orig", None).sqlite_errorname)  # type: ignore[union-attr]
    assert _counts(core.db) == before  # rolled back whole: no person, record, material, audit event or number
    assert database_problems(core.db, acked, STATION) == []

    disk.free()  # the clerk deletes old downloads; the form still holds the request
    retried = create_intake(core, desk.actor(), STATION, request_id, form)
    again = create_intake(core, desk.actor(), STATION, request_id, form)
    assert retried.created
    assert not again.created
    assert again.record.application_id == retried.record.application_id
    assert (
        retried.record.receipt_no == f"{STATION}-20261127-{len(acked) + 1:04d}"
    )  # the refused try left no gap
    acked[request_id] = retried.record.receipt_no
    assert _counts(core.db)["application"] == before["application"] + 1
    assert database_problems(core.db, acked, STATION) == []
    disk.remove()
    core.db.dispose()
    assert sqlite_file_problems(Path(str(core.db.engine.url.database))) == []
