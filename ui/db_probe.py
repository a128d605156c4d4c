"""The 测试连接 button's work, run in a worker thread: connect once, report the schema state or why it failed.

Kept free of Qt so it runs in the task pool; the form turns `kind` into translated text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

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
        return ProbeResult(True, "ok", schema_status(db).describe())
    except Exception as exc:  # every failure to connect is the person's environment, reported in words
        log.info("connection test failed: %s", type(exc).__name__, exc_info=True)
        return classify(exc)
    finally:
        db.dispose()
