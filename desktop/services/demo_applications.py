"""The demo's applications over the past year: who comes when, for what, and how far each one has got.

Days: working days busy (Mondays busier), weekends and holidays nearly empty, today only up to now. Hours: busy
mornings, a quiet lunch, a steady afternoon. Receipt numbers run 1, 2, 3 … per station and day in order of
intake. The business, fee, materials and promised date come from the catalog through `demo_mix`; the status
depends on the business's flow and the application's age.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from itertools import accumulate
from typing import Any

from desktop.clock import LOCAL_TZ
from desktop.domain.catalog import Material, TimeLimit
from desktop.domain.workdays import WorkCalendar
from desktop.services import demo_names as names
from desktop.services.demo_mix import (
    AGENT_RELATIONS,
    EXIT_CHILD_SHARE,
    EXIT_ENTRY_SHARE,
    NOTES,
    OLD_DOCUMENT_LETTER,
    STATUSES,
    TWO_PLACES,
    VOID_REASONS,
    WITHOUT_ENDORSEMENT,
    ExitDoc,
    Mix,
)
from desktop.services.demo_people import DemoStation, People

OPEN_SECONDS = 9 * 3600  # 08:30–17:30 local
OPENING = dtime(8, 30)
Numbering = Callable[[str, str], int]  # (counter scope, period) → the next number


@dataclass
class _Drawn:
    """One application's business part, before its status is drawn."""

    kind: str
    business_code: str
    flow: str
    applicant_id: int
    agent_id: int | None
    agent_relation: str
    fee_fen: int
    promised: date
    materials: list[Material]
    extra: dict[str, Any]
    detail: dict[str, Any] | None = None  # the exit-entry detail row


class Applications:
    """Makes application rows and their children, collected in lists until the loader writes them."""

    def __init__(
        self,
        rng: random.Random,
        now: datetime,
        mix: Mix,
        calendar: WorkCalendar,
        people: People,
        number: Numbering,
        first_id: int,
    ) -> None:
        self.rng, self.mix, self.calendar, self.people, self.number = rng, mix, calendar, people, number
        self.now = now.astimezone(UTC)
        self.today = now.astimezone(LOCAL_TZ).date()
        self.next_id = first_id
        self.rows: list[dict[str, Any]] = []
        self.details: list[dict[str, Any]] = []
        self.endorsements: list[dict[str, Any]] = []
        self.materials: list[dict[str, Any]] = []
        self.made = self.exit_entry = self.material_count = self.endorsement_count = 0

    def generate(
        self, total: int, days: list[date], stations: list[DemoStation], flush: Callable[[], None], chunk: int
    ) -> None:
        """`total` applications spread over `days`; `flush()` whenever `chunk` of them are waiting."""
        rng = self.rng
        opening_today = datetime.combine(self.today, OPENING, LOCAL_TZ)
        today_open = max(0, min(OPEN_SECONDS, int((self.now - opening_today).total_seconds())))
        weights = [
            (1.0 if self.calendar.is_workday(d) else 0.08) * (1.2 if d.weekday() == 0 else 1) for d in days
        ]
        weights[-1] *= today_open / OPEN_SECONDS
        per_day = [0] * len(days)
        if total and sum(weights) > 0:
            for index in rng.choices(range(len(days)), cum_weights=list(accumulate(weights)), k=total):
                per_day[index] += 1
        station_cum = list(accumulate(st.weight for st in stations))
        for day, count in zip(days, per_day, strict=True):
            if not count:
                continue
            ctx = _DayContext(self, day)
            limit = today_open if day == self.today else OPEN_SECONDS
            seconds = [self._second(limit) for _ in range(count)]
            chosen = rng.choices(stations, cum_weights=station_cum, k=count)
            # In order of intake, so that each station's numbers of the day run 1, 2, 3 … through the day.
            for second, st in sorted(zip(seconds, chosen, strict=True), key=lambda pair: pair[0]):
                receipt_no = f"{st.code}-{ctx.period}-{self.number(f'receipt:{st.code}', ctx.period):04d}"
                self._application(ctx, st, receipt_no, ctx.opening + timedelta(seconds=second))
            if len(self.rows) >= chunk:
                flush()
        flush()

    def _second(self, limit: int) -> int:
        """Seconds after 08:30 local: busy mornings, a quiet lunch, a steady afternoon."""
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            second = rng.randrange(0, 12600)  # 08:30–12:00
        elif r < 0.63:
            second = rng.randrange(12600, 21600)  # 12:00–14:30
        else:
            second = rng.randrange(21600, OPEN_SECONDS)  # 14:30–17:30
        return second if second < limit else rng.randrange(max(limit, 1))

    def _application(self, ctx: _DayContext, st: DemoStation, receipt_no: str, created_at: datetime) -> None:
        rng = self.rng
        app_id = self.next_id
        self.next_id += 1
        if rng.random() < ctx.exit_share:
            drawn = self._exit_entry(ctx, app_id, created_at)
        else:
            drawn = self._walkin(ctx, created_at)
        materials = drawn.materials
        status = ctx.statuses[drawn.flow].pick(rng)
        reviewed_by: int | None = None
        reviewed_at: datetime | None = None
        review_note = ""
        updated_at = created_at
        missing = -1
        if status != "received":
            reviewed_by = st.officer_id
            reviewed_at = updated_at = ctx.review_time(created_at)
            if status == "returned":
                missing = rng.randrange(len(materials))
                review_note = f"材料不全，请补正：{materials[missing].name}"
            elif status == "voided":
                review_note = f"作废：{rng.choice(VOID_REASONS)}"
            elif status == "forwarded":
                updated_at = self._later(reviewed_at, 0.5, 2)
            elif status in ("completed", "picked_up") and drawn.flow != "spot":  # spot: done when reviewed
                detail = drawn.detail
                updated_at = self._later(created_at, 5, 25 if detail is None else 12)
                if detail is not None:
                    detail["issued_at"] = updated_at
                if status == "picked_up":
                    updated_at = self._later(updated_at, 0.2, 20)
                    if detail is not None:
                        detail["picked_up_at"] = updated_at
        self.materials += [
            {
                "application_id": app_id,
                "code": m.code,
                "name": m.name,
                "form": m.form,
                "count": m.count,
                "received": index != missing,
            }
            for index, m in enumerate(materials)
        ]
        self.material_count += len(materials)
        pickup_post = drawn.flow == "doc" and rng.random() < 0.08
        self.rows.append(
            {
                "id": app_id,
                "request_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "receipt_no": receipt_no,
                "station_id": st.id,
                "kind": drawn.kind,
                "business_code": drawn.business_code,
                "applicant_id": drawn.applicant_id,
                "agent_id": drawn.agent_id,
                "agent_relation": drawn.agent_relation,
                "fee_fen": drawn.fee_fen,
                "promised_date": drawn.promised,
                "pickup_method": "post" if pickup_post else "self",
                "post_address": names.xiashan_address(rng) if pickup_post else "",
                "status": status,
                "notes": rng.choice(NOTES) if rng.random() < 0.03 else "",
                "extra": drawn.extra,
                "business_day": ctx.day,
                "created_by": st.desk_ids[rng.random() < 0.5] if rng.random() < 0.9 else st.officer_id,
                "created_at": created_at,
                "updated_at": updated_at,
                "reviewed_by": reviewed_by,
                "reviewed_at": reviewed_at,
                "review_note": review_note,
                "version": 1 if status == "received" else 2,
            }
        )
        self.made += 1

    def _walkin(self, ctx: _DayContext, created_at: datetime) -> _Drawn:
        rng, day, people = self.rng, ctx.day, self.people
        kind = self.mix.walkin.pick(rng)
        code = kind.business.code
        applicant_id = people.applicant(kind.profile, day, created_at, self.made)
        agent_id: int | None = None
        relation = ""
        delegated = minor = False
        if kind.profile == "newborn":
            agent_id = people.agent(day, created_at)
            relation = people.parent_word(agent_id)
        elif kind.profile == "elderly":
            agent_id = people.agent(day, created_at)
            relation = rng.choice(("儿子", "女儿", "配偶", "儿子", "女儿"))
        elif kind.profile == "young" and (day - people.last_birth).days < 16 * 365:  # always a new person
            agent_id = people.agent(day, created_at)
            relation = people.parent_word(agent_id)
            minor = True
        elif rng.random() < kind.agent_rate:
            agent_id = people.agent(day, created_at)
            if agent_id == applicant_id:
                agent_id = people.new("adult", day, created_at)
            relation = AGENT_RELATIONS.pick(rng)
            delegated = True
        return _Drawn(
            kind="walkin",
            business_code=code,
            flow=kind.flow,
            applicant_id=applicant_id,
            agent_id=agent_id,
            agent_relation=relation,
            fee_fen=kind.business.fee_fen,
            promised=ctx.due(kind.business.time_limit),
            materials=kind.materials.draw(rng, agent=delegated, minor=minor),
            extra={"certificate_kind": self.mix.certificate_kinds.pick(rng)} if code == "certificate" else {},
        )

    def _exit_entry(self, ctx: _DayContext, app_id: int, created_at: datetime) -> _Drawn:
        rng, day, people = self.rng, ctx.day, self.people
        doc = self.mix.exit_docs.pick(rng)
        app_type = doc.application_types.pick(rng)
        guardian_id: int | None = None
        child = rng.random() < EXIT_CHILD_SHARE
        if child:
            applicant_id = people.new("child", day, created_at)
            guardian_id = people.agent(day, created_at)
        else:
            applicant_id = people.applicant("adult", day, created_at, self.made)
        local = people.registered_locally(applicant_id)
        detail = {
            "application_id": app_id,
            "document_type": doc.code,
            "application_type": app_type,
            "photo_receipt_no": ""
            if app_type == "endorsement"
            else f"ZP{ctx.period}{rng.randrange(10**6):06d}",
            "old_document_no": (
                f"{OLD_DOCUMENT_LETTER.get(doc.code, 'X')}{rng.randrange(10**8):08d}"
                if app_type in ("renewal", "amend", "endorsement")
                else ""
            ),
            "purpose": rng.choice(doc.purposes),
            "household_local": local,
            "guardian_id": guardian_id,
            "batch_id": None,
            "issued_at": None,
            "picked_up_at": None,
        }
        self.details.append(detail)
        self.exit_entry += 1
        return _Drawn(
            kind="exit_entry",
            business_code=doc.code,
            flow="doc",
            applicant_id=applicant_id,
            agent_id=guardian_id,
            agent_relation=people.parent_word(guardian_id) if guardian_id is not None else "",
            fee_fen=self._exit_entry_fee(app_id, doc, app_type),
            promised=ctx.due(self.mix.exit_entry.time_limit(local_household=local)),
            materials=doc.materials[app_type].draw(rng, agent=False, minor=child),
            extra={},
            detail=detail,
        )

    def _exit_entry_fee(self, app_id: int, doc: ExitDoc, app_type: str) -> int:
        """The catalog's document or amendment fee, plus endorsement rows (HK/Macau, Taiwan) and their fees."""
        rng = self.rng
        if app_type == "amend":
            return self.mix.exit_entry.amendment_fee_fen(doc.code, rng.choice((1, 1, 1, 2)))
        fee = doc.document_fee_fen[app_type]
        tiers, types = doc.endorsement_tiers, doc.endorsement_types
        if tiers is None or types is None:
            return fee
        if app_type != "endorsement" and rng.random() < WITHOUT_ENDORSEMENT:
            return fee
        type_, tier = types.pick(rng), tiers.pick(rng)
        places = 2 if rng.random() < TWO_PLACES.get(doc.code, 0.0) else 1
        row = {"application_id": app_id, "type": type_, "tier": tier.tier, "fee_fen": tier.fee_fen}
        self.endorsements += [row] * places
        self.endorsement_count += places
        return fee + places * tier.fee_fen

    def _later(self, moment: datetime, min_days: float, max_days: float) -> datetime:
        """A moment some days after `moment`, never after now."""
        return min(moment + timedelta(days=self.rng.uniform(min_days, max_days)), self.now)


class _DayContext:
    """What every application of one business day shares: times, the promised dates, the status tables."""

    def __init__(self, apps: Applications, day: date) -> None:
        self.apps = apps
        self.day = day
        self.period = f"{day.year:04d}{day.month:02d}{day.day:02d}"
        self.opening = datetime.combine(day, OPENING, LOCAL_TZ).astimezone(UTC)
        self.age = (apps.today - day).days
        self.exit_share = EXIT_ENTRY_SHARE * (1.3 if day.month in (1, 7, 8) else 0.9)
        self.statuses = {
            flow: next(table for max_age, table in rows if self.age <= max_age)
            for flow, rows in STATUSES.items()
        }
        self._due: dict[TimeLimit, date] = {}

    def due(self, limit: TimeLimit) -> date:
        """The promised date as real intake computes it (the work calendar, holidays included)."""
        found = self._due.get(limit)
        if found is None:
            found = self._due[limit] = self.apps.calendar.due_date_for(limit, self.day).date
        return found

    def review_time(self, created_at: datetime) -> datetime:
        """The officer reviews at the end of the day (16:30–19:00); today's reviews happen soon after intake."""
        rng, now = self.apps.rng, self.apps.now
        if self.age == 0:
            return min(created_at + timedelta(minutes=rng.uniform(5, 150)), now)
        end_of_day = self.opening + timedelta(hours=rng.uniform(8.0, 10.5))
        return min(max(end_of_day, created_at + timedelta(minutes=5)), now)
