"""The audit trail: append-only, hash-chained events written in the same transaction as the action they record."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.db.models import AuditEvent
from desktop.domain.identity import mask_text_for_log
from desktop.services.core import Actor, Core, Permission, authorize

GENESIS_HASH = "0" * 64
_CHAIN_LOCK_KEY = 7_415_001  # pg_advisory_xact_lock key that serialises appends across desks
_VERIFY_PAGE = 5000


def event_hash(
    *,
    at: datetime,
    username: str,
    workstation: str,
    action: str,
    entity: str,
    entity_id: str,
    ok: bool,
    detail: str,
    prev_hash: str,
) -> str:
    payload = [
        at.isoformat(timespec="microseconds"),
        username,
        workstation,
        action,
        entity,
        entity_id,
        ok,
        detail,
    ]
    canonical = json.dumps([*payload, prev_hash], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    session: Session,
    core: Core,
    who: Actor | str,
    action: str,
    *,
    entity: str = "",
    entity_id: object = "",
    ok: bool = True,
    detail: str = "",
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction; personal data in `detail` is masked."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
    prev = session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()
    username = who.username if isinstance(who, Actor) else who
    fields = {
        "at": core.clock(),
        "username": mask_text_for_log(username)[:64],
        "workstation": core.workstation[:100],
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "ok": ok,
        "detail": mask_text_for_log(detail),
        "prev_hash": prev or GENESIS_HASH,
    }
    event = AuditEvent(**fields, hash=event_hash(**fields))  # type: ignore[arg-type]
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""


def verify_chain(core: Core, actor: Actor) -> ChainCheck:
    """Walk the whole chain in id order; report the first event whose hash or link does not hold."""
    expected_prev = GENESIS_HASH
    checked, last_id = 0, 0
    with core.db.read() as session:
        authorize(session, actor, Permission.READ_AUDIT)
        while True:  # keyset pages: constant memory on a chain of millions, no server-side cursor left open
            page = (
                session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.id > last_id)
                    .order_by(AuditEvent.id)
                    .limit(_VERIFY_PAGE)
                )
                .scalars()
                .all()
            )
            if not page:
                return ChainCheck(True, checked)
            for event in page:
                if event.prev_hash != expected_prev:
                    return ChainCheck(
                        False, checked, event.id, "与上一条记录的链接不符（之前的记录被删除或修改）"
                    )
                if _recompute(event) != event.hash:
                    return ChainCheck(False, checked, event.id, "记录内容与其哈希不符（该记录被修改）")
                expected_prev = event.hash
                checked += 1
            last_id = page[-1].id
            session.expunge_all()


def _recompute(event: AuditEvent) -> str:
    return event_hash(
        at=event.at,
        username=event.username,
        workstation=event.workstation,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        ok=event.ok,
        detail=event.detail,
        prev_hash=event.prev_hash,
    )
