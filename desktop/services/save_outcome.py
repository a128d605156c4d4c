"""Did an update whose answer was lost go through? (desktop.db.retry asks after a lost connection.)

An update carries the version its form loaded. When the connection drops after COMMIT reached the server, the
retry meets the next version and the service raises its stale error with the record as it is now. That record is
this save's own when it is exactly one version on, saved by this user since the save began, and holds what the form
sent; then the save is reported as done instead of a conflict. Anything else is someone else's change: the stale
error stands and the form shows it with the typing kept — never a silent overwrite. A doubt (a value the service
normalised differently) errs on that side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from desktop.domain.intake_rules import MaterialInput, PersonInput
from desktop.domain.mediation_rules import clean
from desktop.errors import ConflictError
from desktop.services.core import Actor, StaleRecord

if TYPE_CHECKING:
    from desktop.domain.exit_entry_rules import ExitEntryInput
    from desktop.domain.intake_rules import IntakeInput
    from desktop.domain.mediation_rules import CaseInput
    from desktop.services.exit_entry import ExitEntryRecord
    from desktop.services.intake import IntakeRecord, PersonView
    from desktop.services.mediation import CaseRecord


class _Versioned(Protocol):
    @property
    def version(self) -> int: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def updated_by_name(self) -> str: ...
    @property
    def created_by_name(self) -> str: ...


R = TypeVar("R", bound=_Versioned)
T = TypeVar("T")


def own_next_version(current: _Versioned, *, version: int, actor: Actor, since: datetime) -> bool:
    """Exactly one save since the form loaded `version`, by this user, after this save began."""
    return (
        current.version == version + 1
        and current.updated_by_name == actor.display_name
        and current.updated_at >= since
    )


def landed_when(
    kind: type[StaleRecord[R]], matches: Callable[[R], bool], answer: Callable[[R], T]
) -> Callable[[ConflictError], T | None]:
    """The `landed` judge for desktop.db.retry: a stale error of `kind` whose record `matches` → `answer(record)`."""

    def judge(error: ConflictError) -> T | None:
        if isinstance(error, kind) and matches(error.current):
            return answer(error.current)
        return None

    return judge


def _person_matches(view: PersonView | None, typed: PersonInput | None) -> bool:
    if view is None or typed is None:
        return view is None and typed is None
    if typed.id_number:  # a number typed anew: the stored one shows masked, so compare the visible parts
        number = typed.id_number.strip().upper()
        masked = view.id_masked.upper()
        if len(number) != len(masked) or number[:6] != masked[:6] or number[-4:] != masked[-4:]:
            return False
    return (view.name, view.phone, view.address, view.household_address) == (
        typed.name.strip(),
        typed.phone.strip(),
        typed.address.strip(),
        typed.household_address.strip(),
    )


def _materials_match(stored: Iterable[object], typed: Iterable[MaterialInput]) -> bool:
    kept = {(m.code, m.received, m.count, m.form) for m in typed if m.received or m.required}
    have = {(m.code, m.received, m.count, m.form) for m in stored}  # type: ignore[attr-defined]
    return have == kept


def intake_matches(current: IntakeRecord, form: IntakeInput) -> bool:
    """The walk-in record holds what the form sent (text as the service stores it: trimmed)."""
    return (
        current.business_code == form.business_code
        and _person_matches(current.applicant, form.applicant)
        and _person_matches(current.agent, form.agent)
        and current.agent_relation == (form.agent_relation.strip() if form.agent is not None else "")
        and current.pickup_method == form.pickup_method
        and current.post_address == (form.post_address.strip() if form.pickup_method == "post" else "")
        and current.notes == form.notes.strip()
        and _materials_match(current.materials, form.materials)
    )


def exit_entry_matches(current: ExitEntryRecord, form: ExitEntryInput) -> bool:
    """The exit-entry application holds what the form sent."""
    endorsements = sorted((e.type, e.tier) for e in current.endorsements)
    return (
        (current.document_type, current.application_type) == (form.document_type, form.application_type)
        and endorsements == sorted((e.type, e.tier) for e in form.endorsements)
        and _person_matches(current.applicant, form.applicant)
        and _person_matches(current.agent, form.agent)
        and _person_matches(current.guardian, form.guardian)
        and current.photo_receipt_no == form.photo_receipt_no.strip()
        and current.old_document_no == form.old_document_no.strip()
        and current.household_local == form.household_local
        and current.pickup_method == form.pickup_method
        and current.notes == form.notes.strip()
        and _materials_match(current.materials, form.materials)
    )


def case_matches(current: CaseRecord, form: CaseInput) -> bool:
    """The mediation register holds what the form sent (texts cleaned as the service stores them)."""
    parties = [(p.role, p.name) for p in current.parties]
    return (
        current.regime == form.regime
        and current.summary == clean(form.summary)
        and current.location == clean(form.location)
        and current.dispute_points == clean(form.dispute_points)
        and current.risk_level in (form.risk_level, "high")  # raised to high by the early warning
        and current.occurred_at == form.occurred_at
        and parties == [(p.role, clean(p.name)) for p in form.parties]
    )
