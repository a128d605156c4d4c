"""Backup and restore on SQLite and PostgreSQL: a backup taken while another desk keeps saving is one consistent
moment, a restore brings exactly that moment back with its audit chain intact, and a bad backup never replaces
anything."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, select, text

from desktop.clock import ManualClock
from desktop.db.backup import (
    BackupInvalid,
    backup,
    daily_backup,
    list_backups,
    restore,
    restore_sqlite,
    verify_sqlite_backup,
)
from desktop.db.base import Base
from desktop.db.database import Database
from desktop.db.models import Application, AuditEvent, Counter, StaffUser
from desktop.db.schema import upgrade
from desktop.domain.catalog import load_catalog
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import IntakeInput, PersonInput, materials_for
from desktop.errors import DatabaseUnavailable
from desktop.services import audit, intake
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import PASSWORD, make_station, make_user
from tests.helpers.pg import PgServer

TABLES_WITH_ID = [t for t in Base.metadata.sorted_tables if "id" in t.c]


def _form(n: int) -> IntakeInput:
    spec = load_catalog().walkin("id_card_renewal")
    first17 = f"44080319850312{n % 1000:03d}"
    return IntakeInput(
        business_code="id_card_renewal",
        applicant=PersonInput(name="陈志明", id_number=first17 + id_check_char(first17), phone="13812345678"),
        materials=tuple(m for m in materials_for(spec, has_agent=False, minor=False) if m.required),
    )


def _keep_saving(url: str, desk: Actor, saved: Any, stop: Any, limit: int) -> None:
    """Another desk (a forked process, already imported): one intake after another until told to stop."""
    database = Database(url, workstation="desk-2")
    core = Core(
        db=database, clock=ManualClock(datetime(2026, 11, 27, 3, 0, tzinfo=UTC)), workstation="desk-2"
    )
    n = 0
    while not stop.is_set() and n < limit:
        n += 1
        intake.create_intake(core, desk, "XSLX01", f"bg-{n}", _form(n))
        saved.value = n
    database.dispose()


def _checksum(db: Database, table: Table, max_id: int | None) -> tuple[int, str]:
    query = select(table).order_by(*table.primary_key.columns)
    if max_id is not None:
        query = query.where(table.c.id <= max_id)
    digest, count = hashlib.sha256(), 0
    with db.read() as session:
        for row in session.execute(query):
            digest.update(repr(tuple(row)).encode())
            count += 1
    return count, digest.hexdigest()


def _max_ids(db: Database) -> dict[str, int]:
    with db.read() as session:
        return {t.name: session.execute(select(func.max(t.c.id))).scalar() or 0 for t in TABLES_WITH_ID}


def _fresh_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where nothing is yet: a new SQLite file, a PostgreSQL database name not in use."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'elsewhere' / 'restored.sqlite3'}"
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"restored_{os.getpid()}"
    server.execute(f"DROP DATABASE IF EXISTS {name}")
    return server.url(name)


def test_backup_under_a_saving_desk_restores_that_moment_exactly(
    core: Core, admin: Actor, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    make_station(core, admin)
    user = make_user(core, admin)
    desk = Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)
    core.db.engine.dispose()  # the forked desk must not share this process's connections
    ctx = multiprocessing.get_context("fork")
    saved, stop = ctx.Value("i", 0), ctx.Event()
    writer = ctx.Process(target=_keep_saving, args=(core.db.url, desk, saved, stop, 400))
    writer.start()
    try:
        while saved.value < 15 and writer.is_alive():
            stop.wait(0.01)
        target = tmp_path / "backups" / ("copy.sqlite3" if backend == "sqlite" else "copy.dump")
        check = backup(core.db.url, target)  # while the other desk keeps saving
        at_backup = saved.value
        while saved.value < at_backup + 10 and writer.is_alive():
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert writer.exitcode == 0

    fresh = _fresh_url(backend, tmp_path, request)
    result = restore(fresh, target, backup_dir=tmp_path / "backups", actor_name="cli:test")
    assert result.kept_aside is None  # nothing was there to replace
    restored = Database(fresh)
    try:
        limits = _max_ids(restored)
        with restored.read() as session:
            in_backup = session.execute(select(func.count()).select_from(Application)).scalar_one()
            counter = session.execute(
                select(Counter.last_no).where(Counter.scope.like("receipt%"))
            ).scalar_one()
            numbers = session.execute(select(Application.receipt_no)).scalars().all()
        with core.db.read() as session:
            in_source = session.execute(select(func.count()).select_from(Application)).scalar_one()
        # A snapshot from the middle of the saving, not its start or end.
        assert 15 <= in_backup < in_source
        assert (
            counter == in_backup == len(set(numbers))
        )  # the counter equals its rows: no number handed out twice
        assert max(int(n.rsplit("-", 1)[1]) for n in numbers) == counter
        for table in TABLES_WITH_ID:  # the rows of that moment, identical; nothing half-saved
            if table.name == AuditEvent.__tablename__:
                continue  # the restore's own event follows; checked below
            assert _checksum(restored, table, None) == _checksum(core.db, table, limits[table.name]), (
                table.name
            )
        with (
            restored.read() as session
        ):  # a PostgreSQL sequence may have run ahead: the restore's id is no bound
            last_backed_up = session.execute(
                select(func.max(AuditEvent.id)).where(AuditEvent.action != "db.restore")
            ).scalar_one()
        events: Table = AuditEvent.__table__  # type: ignore[assignment]
        assert _checksum(restored, events, last_backed_up) == _checksum(core.db, events, last_backed_up)
        chain = audit.verify_chain(Core(db=restored), Actor("cli:test", "auditor", is_command_line=True))
        assert chain.ok
        assert chain.checked == check.audit_events + 1
        with restored.read() as session:
            last = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
        assert (last.action, last.username) == ("db.restore", "cli:test")
        assert target.name in last.detail
    finally:
        restored.dispose()


@pytest.fixture(scope="module")
def station_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite station with an administrator, made once for the SQLite-only tests below."""
    path = tmp_path_factory.mktemp("template") / "station.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    core = Core(db=database)
    admin = Actor("cli:test", "admin", is_command_line=True)
    make_station(core, admin)
    make_user(core, admin, "boss", role="admin")
    database.dispose()
    return path


@pytest.fixture
def station_file(station_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "station.sqlite3"
    shutil.copyfile(station_template, target)
    return target


@pytest.fixture
def url(station_file: Path) -> str:
    return f"sqlite:///{station_file}"


def test_restore_keeps_the_replaced_file_and_is_audited(url: str, tmp_path: Path) -> None:
    copy = backup(url, tmp_path / "backups" / "before.sqlite3")
    current = Database(url)
    make_user(Core(db=current), Actor("cli:test", "admin", is_command_line=True), "later")  # after the backup
    current.dispose()
    result = restore_sqlite(
        url, tmp_path / "backups" / "before.sqlite3", backup_dir=tmp_path / "b", actor_name="x"
    )
    assert result.kept_aside is not None
    aside = Path(result.kept_aside)
    assert aside.name.startswith("station.sqlite3.replaced-")
    db = Database(url)
    try:
        with db.read() as session:
            names = set(session.execute(select(StaffUser.username)).scalars())
            restore_events = (
                session.execute(select(AuditEvent.username).where(AuditEvent.action == "db.restore"))
                .scalars()
                .all()
            )
        assert names == {"boss"}  # the later account is gone with the later state …
        assert restore_events == ["x"]
    finally:
        db.dispose()
    kept = Database(f"sqlite:///{aside}")  # … and still there in the file kept aside
    try:
        with kept.read() as session:
            assert "later" in set(session.execute(select(StaffUser.username)).scalars())
    finally:
        kept.dispose()
    assert copy.audit_events >= 2


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("UPDATE audit_event SET detail = 'x' WHERE id = 1", "审计链损坏"),
        ("UPDATE alembic_version SET version_num = '9999_future'", "高于本程序"),
        ("garbage", "不是可用的数据库备份"),
        ("admin", "站管理员"),
    ],
)
def test_a_bad_backup_is_refused_and_nothing_is_replaced(
    url: str, station_file: Path, tmp_path: Path, damage: str, reason: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    backup(url, bad)
    if damage == "garbage":
        with bad.open("r+b") as fh:
            fh.seek(0)
            fh.write(os.urandom(4096))
    elif damage != "admin":
        _tamper(bad, damage)
    before = station_file.read_bytes()
    with pytest.raises(Exception) as refused:
        restore_sqlite(
            url,
            bad,
            backup_dir=tmp_path / "b",
            actor_name="x",
            admin=("boss", "wrong password") if damage == "admin" else None,
        )
    assert reason in refused.value.message  # type: ignore[attr-defined]
    assert station_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("station")) == ["station.sqlite3"]


def test_the_admin_of_the_backup_may_restore(url: str, tmp_path: Path) -> None:
    copy = tmp_path / "good.sqlite3"
    backup(url, copy)
    with pytest.raises(BackupInvalid):
        verify_sqlite_backup(tmp_path / "missing.sqlite3")
    assert verify_sqlite_backup(copy, admin=("boss", PASSWORD)).revision


def test_daily_backup_once_a_day_keeps_the_last_n(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    upgrade_copy = folder / "station-20200101T000000Z-before-upgrade-0002.sqlite3"
    backup(url, upgrade_copy)
    (folder / "station-20200101T000000Z-auto.sqlite3.partial").write_bytes(
        b"half"
    )  # a start closed mid-backup
    day = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    written = [daily_backup(url, folder, keep=3, now=day + timedelta(days=n)) for n in range(5)]
    assert all(w is not None for w in written)
    assert daily_backup(url, folder, keep=3, now=day + timedelta(days=4, hours=8)) is None  # once a day
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([upgrade_copy.name, *(w.name for w in written[2:] if w is not None)])
    newest = list_backups(folder)[0]
    assert newest.path == written[-1]
    assert newest.automatic
    assert verify_sqlite_backup(newest.path).audit_events >= 2
    assert daily_backup(url, folder, keep=0, now=day + timedelta(days=9)) is None  # switched off


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_postgresql_restore_waits_for_the_desks_to_close(core: Core, admin: Actor, tmp_path: Path) -> None:
    """Swapping the database under a connected desk would strand its session: refused, the live one untouched,
    the scratch copy gone."""
    make_station(core, admin)
    target = tmp_path / "copy.dump"
    backup(core.db.url, target)
    with core.db.read() as session:  # a desk still connected
        session.execute(select(func.count()).select_from(Application)).scalar_one()
        with pytest.raises(DatabaseUnavailable, match="请先关闭所有工作台"):
            restore(core.db.url, target, backup_dir=tmp_path / "b", actor_name="cli:test")
    with core.db.read() as session:
        leftovers = session.execute(
            text("SELECT datname FROM pg_database WHERE datname LIKE '%\\_restore\\_%'")
        )
        assert leftovers.all() == []
        assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == 1
