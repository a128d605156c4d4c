"""A save retried with backoff after a lost connection, so a pulled cable or a restarted server costs a few seconds,
not the clerk's typing — and never a second record or a second number.

Only a lost connection is retried (the server refused or dropped it, or stopped answering): a full disk, a refused
password, a missing database, a damaged file, a lock timeout or a validation error would fail the same way again.

Creates are safe to repeat: they carry the form's `request_id` (desktop.db.idempotency.create_once), so an attempt
whose COMMIT reached the server but whose answer was lost is found by the next one. Updates carry the version the
form loaded instead: after such a lost answer the next attempt meets a newer version and the service raises its
stale error. The caller's `landed` judges that error: when the record as it is now is exactly one version on and
holds what was sent, the save went through, and its answer is returned instead of the error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from desktop.errors import ConflictError, DatabaseUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

DELAYS: tuple[float, ...] = (
    0.5,
    1.0,
    2.0,
    4.0,
)  # seconds before each retry: five attempts in ~7.5 s plus their own
# SQLSTATE classes of a connection that is gone or not there yet: 08 connection exception; 57P01–57P03 the server
# terminated the session, crashed or is starting up / shutting down.
LOST_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# Failures to connect that a retry cannot cure (libpq gives them no SQLSTATE before the session exists).
NOT_LOST_TEXTS = (
    "password authentication failed",
    "no password supplied",
    "does not exist",
    "no pg_hba.conf",
)

Retried = Callable[
    [int, float, DatabaseUnavailable], None
]  # (attempt that failed, 1-based; delay; the error)


def is_connection_loss(error: BaseException) -> bool:
    """A DatabaseUnavailable that came from the network or a server that went away (so worth another try)."""
    if not isinstance(error, DatabaseUnavailable):
        return False
    cause = error.__cause__
    if not isinstance(cause, DBAPIError):  # raised by our own checks (schema, damaged file, network share …)
        return False
    text = str(cause.orig).lower()
    if any(part in text for part in NOT_LOST_TEXTS):
        return False
    if cause.connection_invalidated:
        return True
    module = type(cause.orig).__module__
    if not module.startswith("psycopg"):  # SQLite: a full disk or a locked file is not a connection
        return False
    sqlstate = getattr(cause.orig, "sqlstate", None)
    if sqlstate is None:  # libpq could not reach the server, or the socket closed under the session
        return True
    return str(sqlstate).startswith(LOST_SQLSTATES)


def call_with_retries(
    fn: Callable[[], T],
    *,
    delays: Sequence[float] | None = None,
    landed: Callable[[ConflictError], T | None] | None = None,
    on_retry: Retried | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`fn()`, tried again after each delay while it fails with a lost connection; the last error is raised.

    `landed(error)`: after a lost connection, a ConflictError may be the earlier attempt's own commit seen from
    the next one; `landed` returns the save's answer when it is, None when someone else's change stands in the way.
    `on_retry` hears of each lost attempt before the wait (to turn the connection light red at once).
    `delays`: the module's DELAYS (read at each call) unless given."""
    delays = DELAYS if delays is None else delays
    lost = False
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except DatabaseUnavailable as error:
            if not is_connection_loss(error) or attempt > len(delays):
                raise
            lost = True
            delay = delays[attempt - 1]
            log.warning("connection lost on attempt %d; retrying in %.1f s", attempt, delay)
            if on_retry is not None:
                on_retry(attempt, delay, error)
            sleep(delay)
        except ConflictError as error:
            if lost and landed is not None:
                result = landed(error)
                if result is not None:
                    log.info("the save interrupted on attempt %d had gone through", attempt - 1)
                    return result
            raise
