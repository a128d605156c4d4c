"""Live refresh on the station LAN: PostgreSQL LISTEN/NOTIFY on the channel `weizhan_changes`.

A service that changes what the officer's board shows calls `notify(session, station_code)` inside its
transaction; PostgreSQL delivers the notification only when that transaction commits (and drops it on a
rollback). The review tab runs `listen(...)` in a worker thread and refreshes when a station code arrives. On
SQLite (one desk) there is nobody else to tell: `notify` does nothing and `listen` returns at once; the tab falls
back to polling `review.change_token`.

The listener has an engine of its own (the same timeouts and keep-alives as the desk's), so it never holds one of
the pool's connections and never hands a LISTENing connection back to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.db.database import Database
from desktop.db.engine import make_engine

CHANNEL = "weizhan_changes"


def notify(session: Session, station_code: str) -> None:
    """Announce, at commit, that something of `station_code` changed (PostgreSQL only)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": station_code}
        )


def listen(
    db: Database,
    stop: Callable[[], bool],
    *,
    on_listening: Callable[[], None] = lambda: None,
    wake_seconds: float = 1.0,
) -> Iterator[str]:
    """The station code of each change notified, as it commits, until `stop()` is true (checked at least every
    `wake_seconds`). `on_listening` runs once LISTEN is in place: refresh then, or a change committed while the
    listener was starting goes unseen. Runs on a worker thread; a lost connection ends it with the driver's
    error."""
    if db.is_sqlite:
        return
    engine = make_engine(db.url, workstation=db.workstation)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"LISTEN {CHANNEL}")
            on_listening()
            driver = conn.connection.driver_connection
            while not stop():
                for note in driver.notifies(timeout=wake_seconds):  # type: ignore[union-attr]
                    yield note.payload
                    if stop():
                        break
            conn.exec_driver_sql(f"UNLISTEN {CHANNEL}")
    finally:
        engine.dispose()
