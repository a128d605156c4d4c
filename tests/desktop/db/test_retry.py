"""Saves retried after a lost connection (desktop.db.retry): what is retried and how often, a backend killed in the
middle of a save's transaction (nothing partial, then exactly one record), and an edit whose answer was lost
(recognised as saved, never as someone else's change — while someone else's change still is one)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from desktop.db.database import Database, translate_db_error
from desktop.db.idempotency import new_request_id
from desktop.db.models import Application, ApplicationMaterial, AuditEvent, Counter, Person
from desktop.db.retry import DELAYS, call_with_retries, is_connection_loss
from desktop.errors import ConflictError, DatabaseCorrupt, DatabaseUnavailable, DomainError, ValidationError
from desktop.services import intake
from desktop.services.core import Actor, Core
from desktop.services.save_outcome import intake_matches, landed_when, own_next_version
from tests.conftest import new_pg_database
from tests.desktop.services.helpers import make_station, make_user
from tests.desktop.services.test_intake import form
from tests.helpers.pg import PgServer, _free_port


def driver_error(orig: Exception) -> DomainError:
    """What Database._guard raises for a driver error: the translation, caused by SQLAlchemy's wrapper."""
    wrapped = OperationalError("COMMIT", None, orig)
    translated = translate_db_error(wrapped)
    assert translated is not None
    translated.__cause__ = wrapped
    return translated


def lost_answer() -> DomainError:
    return driver_error(psycopg.OperationalError("server closed the connection unexpectedly"))


class Flaky:
    """Fails with `errors` in turn, then answers; counts the calls."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "saved"


def test_a_lost_connection_is_tried_again_after_each_delay_until_it_answers() -> None:
    waits: list[float] = []
    heard: list[tuple[int, float]] = []
    flaky = Flaky(lost_answer(), lost_answer())
    result = call_with_retries(flaky, sleep=waits.append, on_retry=lambda n, d, _e: heard.append((n, d)))
    assert (result, flaky.calls, waits) == ("saved", 3, [0.5, 1.0])
    assert heard == [(1, 0.5), (2, 1.0)]


def test_after_the_last_delay_the_lost_connection_is_raised() -> None:
    waits: list[float] = []
    flaky = Flaky(*(lost_answer() for _ in range(len(DELAYS) + 1)))
    with pytest.raises(DatabaseUnavailable) as raised:
        call_with_retries(flaky, sleep=waits.append)
    assert is_connection_loss(raised.value)
    assert flaky.calls == len(DELAYS) + 1
    assert waits == list(DELAYS)


@pytest.mark.parametrize(
    "error",
    [
        driver_error(sqlite3.OperationalError("database or disk is full")),
        driver_error(sqlite3.OperationalError("database is locked")),
        driver_error(psycopg.OperationalError('password authentication failed for user "desk"')),
        driver_error(psycopg.OperationalError('database "station" does not exist')),
        driver_error(psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")),
        DatabaseCorrupt("数据库文件完整性检查未通过"),
        DatabaseUnavailable("数据库文件位于网络共享目录"),
        ValidationError("name", "请填写姓名"),
        ConflictError("该记录已被其他人修改"),
    ],
    ids=[
        "disk-full",
        "sqlite-locked",
        "password",
        "no-database",
        "lock-timeout",
        "corrupt",
        "share",
        "invalid",
        "conflict",
    ],
)
def test_only_a_lost_connection_is_retried(error: DomainError) -> None:
    waits: list[float] = []
    flaky = Flaky(error)
    with pytest.raises(type(error)):
        call_with_retries(flaky, sleep=waits.append)
    assert (flaky.calls, waits) == (1, [])


@pytest.mark.postgres
def test_a_server_that_is_not_there_is_a_lost_connection() -> None:
    db = Database(f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/station")
    try:
        with pytest.raises(DatabaseUnavailable) as raised, db.read() as session:
            session.execute(select(1))
    finally:
        db.dispose()
    assert is_connection_loss(raised.value)


# -------------------------------------------------------------------------------------------- against a database


def clerk(core: Core, admin: Actor) -> Actor:
    make_station(core, admin)
    user = make_user(core, admin)
    return Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)


def counts(core: Core) -> dict[str, int]:
    with core.db.read() as session:
        return {
            model.__name__: int(session.execute(select(func.count()).select_from(model)).scalar_one())
            for model in (Application, ApplicationMaterial, Person)
        } | {
            "audit": int(
                session.execute(
                    select(func.count()).where(AuditEvent.action.like("intake.%"))  # type: ignore[union-attr]
                ).scalar_one()
            ),
            "last_no": int(session.execute(select(func.coalesce(func.max(Counter.last_no), 0))).scalar_one()),
        }


@pytest.mark.postgres
def test_a_backend_killed_mid_save_leaves_nothing_and_the_retry_saves_exactly_once(
    pg_server: PgServer, admin: Actor, clock: Any
) -> None:
    db = Database(new_pg_database(pg_server), workstation="test-desk")
    core = Core(db=db, clock=clock, workstation="test-desk")
    desk = clerk(core, admin)
    kills = {"left": 2}  # the save's transaction is killed twice: once without retries, once within them

    @event.listens_for(db.engine, "before_cursor_execute")
    def kill_on_insert(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # The people are already inserted in this transaction: killed now, they must not survive.
        if statement.startswith("INSERT INTO application ") and kills["left"]:
            kills["left"] -= 1
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            pg_server.execute(f"SELECT pg_terminate_backend({int(pid)})")

    request_id = new_request_id()
    save: Callable[[], intake.SavedIntake] = lambda: intake.create_intake(  # noqa: E731
        core, desk, "XSLX01", request_id, form()
    )
    try:
        with pytest.raises(DatabaseUnavailable) as raised:
            call_with_retries(save, delays=())
        assert is_connection_loss(raised.value)
        assert counts(core) == {
            "Application": 0,
            "ApplicationMaterial": 0,
            "Person": 0,
            "audit": 0,
            "last_no": 0,
        }

        waits: list[float] = []
        saved = call_with_retries(save, sleep=waits.append)  # the clerk presses save again: same request id
        assert waits == [0.5]  # killed once more, then through on the second attempt
        assert saved.record.receipt_no == "XSLX01-20261127-0001"
        assert counts(core) == {
            "Application": 1,
            "ApplicationMaterial": 3,
            "Person": 1,
            "audit": 1,
            "last_no": 1,
        }
        again = call_with_retries(save, sleep=waits.append)  # a retry after an unknown outcome finds it
        assert (again.record.application_id, again.created) == (saved.record.application_id, False)
        assert counts(core)["Application"] == 1
    finally:
        db.dispose()


def _edit_with_retries(
    core: Core, desk: Actor, record: intake.IntakeRecord, data: Any, first_attempt: Callable[[], None]
) -> intake.SavedIntake:
    """An edit as the walk-in tab sends it, whose first attempt runs `first_attempt` and then loses its answer."""
    version, since = record.version, core.clock()
    attempts = {"n": 0}

    def call() -> intake.SavedIntake:
        attempts["n"] += 1
        if attempts["n"] == 1:
            first_attempt()
            raise lost_answer()
        return intake.update_intake(core, desk, record.application_id, version, data)

    landed = landed_when(
        intake.StaleIntake,
        lambda current: (
            own_next_version(current, version=version, actor=desk, since=since)
            and intake_matches(current, data)
        ),
        lambda current: intake.SavedIntake(current, created=False),
    )
    return call_with_retries(call, landed=landed, sleep=lambda _s: None)


def test_an_edit_whose_answer_was_lost_is_reported_saved_not_stale(core: Core, admin: Actor) -> None:
    desk = clerk(core, admin)
    record = intake.create_intake(core, desk, "XSLX01", new_request_id(), form(received=False)).record
    data = replace(form(), notes=" 补交户口簿 ")  # stored trimmed: still what was sent

    def committed_then_lost() -> None:
        intake.update_intake(core, desk, record.application_id, record.version, data)

    saved = _edit_with_retries(core, desk, record, data, committed_then_lost)
    assert (saved.record.version, saved.record.notes, saved.record.status) == (2, "补交户口簿", "received")
    with core.db.read() as session:
        updates = session.execute(
            select(func.count()).where(AuditEvent.action == "intake.update")
        ).scalar_one()
    assert updates == 1


def test_someone_elses_edit_between_the_attempts_stays_a_conflict(core: Core, admin: Actor) -> None:
    desk = clerk(core, admin)
    other = make_user(core, admin, username="zhou")
    other_actor = Actor(username="zhou", role="desk", user_id=other.id, display_name=other.display_name)
    record = intake.create_intake(core, desk, "XSLX01", new_request_id(), form(received=False)).record
    data = replace(form(), notes="补交户口簿")

    def other_desk_saves() -> (
        None
    ):  # the first attempt never reached the server; another desk saved meanwhile
        intake.update_intake(
            core, other_actor, record.application_id, record.version, replace(data, notes="改")
        )

    with pytest.raises(intake.StaleIntake):  # shown as the conflict, the clerk's typing kept by the form
        _edit_with_retries(core, desk, record, data, other_desk_saves)

    def own_desk_saves_other_text() -> None:
        intake.update_intake(core, desk, record.application_id, 2, replace(data, notes="另一份备注"))

    fresh = intake.get_intake(core, desk, record.application_id)
    with pytest.raises(intake.StaleIntake):  # this clerk's own save, but not of what this form sent
        _edit_with_retries(core, desk, fresh, data, own_desk_saves_other_text)


def test_each_kind_recognises_its_own_saved_edit_and_not_another(core: Core, admin: Actor) -> None:
    """What the exit-entry and mediation tabs judge a stale error by, on records as the services store them."""
    from desktop.services import exit_entry, mediation
    from desktop.services.save_outcome import case_matches, exit_entry_matches
    from tests.desktop.services import test_exit_entry as ee
    from tests.desktop.services import test_mediation as md

    desk = clerk(core, admin)
    since = core.clock()
    first = exit_entry.create_exit_entry(core, desk, "XSLX01", new_request_id(), ee.form("hk_macau", "first"))
    sent = ee.kept(ee.form("hk_macau", "first", ("G", "single"), notes=" 加签 "))
    stored = exit_entry.update_exit_entry(core, desk, first.application_id, first.version, sent)
    assert own_next_version(stored, version=first.version, actor=desk, since=since)
    assert exit_entry_matches(stored, sent)
    assert not exit_entry_matches(stored, ee.kept(ee.form("hk_macau", "first", ("T", "single"))))
    assert not own_next_version(stored, version=first.version - 1, actor=desk, since=since)

    case = mediation.create_case(core, desk, "XSLX01", new_request_id(), md.register()).record
    edit = md.register(summary="  张三与李四因渗水争执，已约定维修。 ")
    saved = mediation.update_case(core, desk, case.case_id, edit, version=case.version).record
    assert own_next_version(saved, version=case.version, actor=desk, since=since)
    assert case_matches(saved, edit)
    assert not case_matches(saved, md.register(summary="另一份摘要"))
