"""A retried create finds the first record (and its number); a stale save is a conflict, not a silent overwrite."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.db.counters import allocate_batch_no
from desktop.db.database import Database
from desktop.db.idempotency import create_once, new_request_id
from desktop.db.locking import load_for_update
from desktop.db.models import Counter, HandoverBatch, Person
from desktop.errors import ConflictError
from desktop.services import station as station_service
from desktop.services.auth import add_user
from desktop.services.core import Actor, Core

NOW = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)


@pytest.fixture
def station_and_user(core: Core, admin: Actor) -> tuple[int, int]:
    created = station_service.init_station(
        core, admin, station_service.StationInput(code="XSLX01", name="录霞社区微派出所")
    )
    user = add_user(core, admin, username="zhang", role="desk", display_name="张三", password="Counter#2026")
    return created.id, user.id


def test_a_retried_create_returns_the_first_record_and_number(
    db: Database, station_and_user: tuple[int, int]
) -> None:
    station_id, user_id = station_and_user
    request_id = new_request_id()

    def build(session: Session) -> HandoverBatch:
        batch = HandoverBatch(
            batch_no=allocate_batch_no(session, "XSLX01", date(2026, 11, 27)),
            request_id=request_id,
            station_id=station_id,
            created_by=user_id,
            created_at=NOW,
        )
        session.add(batch)
        return batch

    first = create_once(db, HandoverBatch, request_id, build)
    retry = create_once(db, HandoverBatch, request_id, build)
    assert first.created
    assert not retry.created
    assert retry.id == first.id
    with db.read() as session:
        assert session.execute(select(func.count()).select_from(HandoverBatch)).scalar_one() == 1
        assert session.execute(select(Counter.last_no)).scalar_one() == 1  # the retry drew no second number


def test_a_stale_save_is_a_conflict(db: Database) -> None:
    with db.write() as session:
        person = Person(name="陈小明", phone="13812345678", created_at=NOW, updated_at=NOW)
        session.add(person)
    with db.read() as session:  # desk A opens the form
        loaded_version = session.get(Person, person.id).version  # type: ignore[union-attr]
    with db.write() as session:  # desk B saves first
        load_for_update(session, Person, person.id, loaded_version).phone = "13900000000"
    with pytest.raises(ConflictError, match="已被其他人修改"), db.write() as session:
        load_for_update(session, Person, person.id, loaded_version).phone = "13700000000"
    with db.read() as session:
        assert session.get(Person, person.id).phone == "13900000000"  # type: ignore[union-attr]


def test_a_write_racing_past_the_check_is_a_conflict(db: Database) -> None:
    """The version column guards the write itself: UPDATE … WHERE version = loaded finds no row."""
    with db.write() as session:
        person = Person(name="陈小明", phone="13812345678", created_at=NOW, updated_at=NOW)
        session.add(person)
    with pytest.raises(ConflictError), db.write() as session:
        mine = session.get(Person, person.id)
        assert mine is not None
        bump = update(Person).where(Person.id == person.id).values(version=Person.version + 1)
        session.execute(bump.execution_options(synchronize_session=False))  # another desk, unseen by this one
        mine.phone = "13700000000"
        session.flush()


@pytest.mark.postgres
def test_a_create_racing_its_own_retry_returns_the_winner(pg_server, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL lets the first attempt commit while the retry is inside its transaction: the retry's insert fails
    on the unique request_id and it returns the first attempt's record instead of an error."""
    from tests.conftest import new_pg_database

    db = Database(new_pg_database(pg_server))
    core = Core(db=db)
    created = station_service.init_station(
        core, admin, station_service.StationInput(code="XSLX01", name="录霞社区微派出所")
    )
    user = add_user(core, admin, username="zhang", role="desk", display_name="张三", password="Counter#2026")
    request_id = new_request_id()

    def batch(session: Session, number: str) -> HandoverBatch:
        record = HandoverBatch(
            batch_no=number, request_id=request_id, station_id=created.id, created_by=user.id, created_at=NOW
        )
        session.add(record)
        return record

    def build(session: Session) -> HandoverBatch:
        with db.write() as first_attempt:  # a second connection, committing while this one is open
            batch(first_attempt, "XSLX01-YJ-20261127-01")
        return batch(session, "XSLX01-YJ-20261127-02")

    outcome = create_once(db, HandoverBatch, request_id, build)
    assert not outcome.created
    with db.read() as session:
        assert session.execute(select(HandoverBatch.batch_no)).scalars().all() == ["XSLX01-YJ-20261127-01"]
    db.dispose()
