"""Database work of the connection settings, run in a worker thread: 测试连接 (connect once, report the schema state
or why it failed), the first-run wizard's look into the chosen database, and the audit note of a changed connection.

Kept free of Qt so it runs in the task pool; the form turns `kind` into translated text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    kind: str  # ok | auth | no_database | refused | timeout | unknown_host | other
    detail: str = ""  # ok: the core's (Chinese) schema description; other: the driver's first line


def with_password(url: str, password: str) -> str:
    """The URL with the typed password, for the probe only: it is never logged or saved."""
    from sqlalchemy import make_url

    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def classify(error: BaseException) -> ProbeResult:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        kind = "auth"
    elif "does not exist" in low and "database" in low:
        kind = "no_database"
    elif "connection refused" in low:
        kind = "refused"
    elif "timeout" in low or "timed out" in low:
        kind = "timeout"
    elif "translate host name" in low or "name or service not known" in low or "nodename nor servname" in low:
        kind = "unknown_host"
    else:
        kind = "other"
    return ProbeResult(False, kind, text.splitlines()[0] if text else type(error).__name__)


def probe(url: str) -> ProbeResult:
    """Connect to `url` and run SELECT 1; the connect timeout of desktop.db.engine keeps this to seconds."""
    from sqlalchemy import text

    from desktop.db.database import Database
    from desktop.db.schema import schema_status
    from desktop.errors import DomainError

    try:
        db = Database(url)
    except DomainError as exc:
        return ProbeResult(False, "other", exc.message)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return ProbeResult(True, "ok", schema_status(db).state.value)  # the form words it for the desk
    except Exception as exc:  # every failure to connect is the person's environment, reported in words
        log.info("connection test failed: %s", type(exc).__name__, exc_info=True)
        return classify(exc)
    finally:
        db.dispose()


@dataclass(frozen=True)
class Inspection:
    """What the first-run wizard found in the chosen database (nothing is created or changed by looking)."""

    user_count: int
    stations: list[Any]  # desktop.services.station.StationInfo
    failed: ProbeResult | None = None  # the server could not be reached or refused us: nothing was looked at

    @property
    def set_up(self) -> bool:
        return self.user_count > 0


def _sqlite_file_missing(url: str) -> bool:
    from desktop.db.engine import is_sqlite, sqlite_path

    if not is_sqlite(url):
        return False
    path = sqlite_path(url)
    return path is not None and not path.exists()


def inspect_database(url: str, backup_dir: Path) -> Inspection:
    """Worker: does `url` already serve a station? An empty database (no file, no schema) is left untouched; one
    with a schema is opened as at every start (upgraded if older, refused if newer) and its users counted."""
    from desktop.db.database import Database, translate_db_error
    from desktop.db.engine import is_sqlite
    from desktop.db.schema import SchemaState, schema_status
    from desktop.db.startup import open_database
    from desktop.services import auth, station
    from desktop.services.core import Core

    if _sqlite_file_missing(url):
        return Inspection(0, [])
    if not is_sqlite(url):
        reached = probe(url)  # first the connection alone: its failure is told in specific words
        if not reached.ok:
            return Inspection(0, [], failed=reached)
    db = Database(url)
    try:
        empty = schema_status(db).state is SchemaState.EMPTY
    except Exception as exc:
        translated = translate_db_error(exc)
        if translated is not None:
            raise translated from exc
        raise
    finally:
        db.dispose()
    if empty:
        return Inspection(0, [])
    core = Core(db=open_database(url, backup_dir=backup_dir).db)
    try:
        return Inspection(auth.count_users(core), station.list_stations(core))
    finally:
        core.db.dispose()


def record_connection_change(url: str, actor: Any, detail: str) -> bool:
    """Worker: note this desk's new connection in the audit trail of the database it now points at.

    False when that database has no audit trail yet (no file, or not set up at this program's version): the set-up
    that follows at the next start is recorded there instead.
    """
    from desktop.db.database import Database, translate_db_error
    from desktop.db.schema import SchemaState, schema_status
    from desktop.services.core import Core
    from desktop.services.settings import record_desk_change

    if _sqlite_file_missing(url):
        return False
    db = Database(url)
    try:
        if schema_status(db).state is not SchemaState.CURRENT:
            return False
        record_desk_change(Core(db=db), actor, detail)
        return True
    except Exception as exc:
        translated = translate_db_error(exc)
        if translated is not None:
            raise translated from exc
        raise
    finally:
        db.dispose()
