"""Optimistic locking: a form remembers the `version` it loaded; saving a stale form raises ConflictError.

The explicit check catches the common case (another desk saved minutes ago); the mapper's `version_id_col`
(UPDATE … WHERE version = :loaded) catches the race between the check and the write, surfacing as StaleDataError,
which Database turns into the same ConflictError.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from desktop.db.database import CONFLICT_MESSAGE
from desktop.errors import ConflictError, NotFound


class Versioned(Protocol):
    version: Any


V = TypeVar("V", bound=Versioned)


def load_for_update(session: Session, model: type[V], key: object, version: int, *, what: str = "记录") -> V:
    record = session.get(model, key)
    if record is None:
        raise NotFound(f"该{what}不存在或已被删除")
    if record.version != version:
        raise ConflictError(CONFLICT_MESSAGE)
    return record
