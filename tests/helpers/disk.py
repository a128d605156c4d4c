"""A full disk for one SQLite engine, made by SQLite itself: `PRAGMA max_page_count` on every connection caps the
file at its size, so the next write that needs a new page fails with SQLITE_FULL ("database or disk is full"), the
error a full disk gives. No root, no small file system: it runs wherever the tests run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event

from desktop.db.database import Database
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import IntakeInput
from desktop.errors import DomainError
from desktop.services.core import Actor, Core
from desktop.services.intake import create_intake


class DiskCap:
    """`fill()` caps every connection of the engine at the file's size from now on, `free()` lifts the cap."""

    def __init__(self, db: Database) -> None:
        assert db.is_sqlite
        self.db = db
        self.capped = False
        event.listen(db.engine, "connect", self._on_connect)

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        if self.capped:
            # Below the current size SQLite keeps the current size: the file can no longer grow.
            dbapi_connection.execute("PRAGMA max_page_count = 1")

    def fill(self) -> None:
        self.capped = True
        self.db.engine.dispose()  # pooled connections go: every connection from now on is a capped one

    def free(self) -> None:
        self.capped = False
        self.db.engine.dispose()

    def remove(self) -> None:
        event.remove(self.db.engine, "connect", self._on_connect)


def save_until_full(
    core: Core, actor: Actor, station_code: str, like: IntakeInput
) -> tuple[int, DomainError]:
    """Other residents' saves, each the same size as `like` (only the applicant's ID number differs, same length),
    until one no longer fits; then a save of `like` itself needs what that one needed and fails the same way.
    Returns how many fitted and the refusal."""
    first17 = like.applicant.id_number[:17]
    birth = date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    for i in range(1, 500):
        other = f"{first17[:6]}{birth + timedelta(days=i):%Y%m%d}{first17[14:17]}"
        applicant = replace(like.applicant, id_number=other + id_check_char(other))
        try:
            create_intake(core, actor, station_code, f"other-{i:04d}", replace(like, applicant=applicant))
        except DomainError as refused:
            return i - 1, refused
    raise AssertionError("the capped file never filled up")
