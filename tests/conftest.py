"""Shared fixtures: Qt offscreen, and every database test on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desktop.clock import ManualClock
from desktop.db.database import Database
from desktop.db.schema import upgrade
from desktop.services.core import Actor, Core
from tests.helpers.pg import PgServer, start_server

REQUIRE_PG = os.environ.get("CI", "").lower() in {"1", "true", "yes"} or os.environ.get(
    "MICROSTATION_REQUIRE_PG"
)
TEMPLATE = f"microstation_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # one per worker
_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    if server is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found and MICROSTATION_TEST_PG_URL not set"
        if REQUIRE_PG:
            pytest.fail(message + " — CI requires PostgreSQL")
        pytest.skip(message)
    server.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
    server.execute(f"CREATE DATABASE {TEMPLATE}")
    template = Database(server.url(TEMPLATE))
    upgrade(template)
    template.dispose()
    yield server
    server.stop()


def new_pg_database(server: PgServer, *, migrated: bool = True) -> str:
    """A fresh database per test: a copy of the migrated template (fast) or an empty one."""
    name = f"t{os.getpid()}_{next(_db_numbers)}"
    server.execute(f"DROP DATABASE IF EXISTS {name}")
    server.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
    return server.url(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_db_url(backend: str, tmp_path, request: pytest.FixtureRequest) -> str:  # type: ignore[no-untyped-def]
    """The URL of an empty database (no schema) on the parametrised backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'station.sqlite3'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return new_pg_database(server, migrated=False)


@pytest.fixture
def db_url(backend: str, tmp_path, request: pytest.FixtureRequest) -> str:  # type: ignore[no-untyped-def]
    """The URL of a database at this program's schema on the parametrised backend."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
        database = Database(url)
        upgrade(database)
        database.dispose()
        return url
    server: PgServer = request.getfixturevalue("pg_server")
    return new_pg_database(server)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url, workstation="test-desk")
    yield database
    database.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 27, 2, 30, tzinfo=UTC))  # 10:30 in Zhanjiang, a Friday


@pytest.fixture
def core(db: Database, clock: ManualClock) -> Core:
    return Core(db=db, clock=clock, workstation="test-desk")


@pytest.fixture
def admin() -> Actor:
    """The command-line administrator (no user row), as `station init` and `users add` act."""
    return Actor(username="cli:test", role="admin", display_name="命令行", is_command_line=True)
