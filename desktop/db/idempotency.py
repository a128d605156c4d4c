"""Creates carry a client-made `request_id`: a retry after an unknown commit outcome (a timeout, a dropped
connection after COMMIT was sent) finds the first record instead of making a second one and drawing a second number.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.db.database import Database
from desktop.errors import ConflictError


class HasRequestId(Protocol):
    id: Any
    request_id: Any


@dataclass(frozen=True)
class Created:
    id: int
    created: bool  # False: the request had already been carried out; nothing new was written


def new_request_id() -> str:
    """Made by the form when it opens, kept across retries of the same save."""
    return str(uuid.uuid4())


def _existing(session: Session, model: type[HasRequestId], request_id: str) -> int | None:
    column: InstrumentedAttribute[Any] = model.request_id
    found = session.execute(select(model.id).where(column == request_id)).scalar()
    return None if found is None else int(found)


def create_once(
    db: Database, model: type[HasRequestId], request_id: str, build: Callable[[Session], HasRequestId]
) -> Created:
    """Run `build` (which adds the record, its rows, its number and its audit event) unless `request_id` exists."""
    try:
        with db.write() as session:
            found = _existing(session, model, request_id)
            if found is not None:
                return Created(found, created=False)
            record = build(session)
            session.flush()
            return Created(int(record.id), created=True)
    except ConflictError as conflict:
        if not isinstance(conflict.__cause__, IntegrityError):
            raise
        # Another connection (the first attempt, still committing) inserted the same request meanwhile.
        with db.read() as session:
            found = _existing(session, model, request_id)
        if found is None:
            raise
        return Created(found, created=False)
