"""The demo's applications over the past years: who comes when, for what, and how far each one has got.

Days: working days busy (Mondays busier), weekends and holidays nearly empty, today only up to now. Hours: busy
mornings, a quiet lunch, a steady afternoon. Receipt numbers run 1, 2, 3 … per station and day in order of
intake. The business, fee, materials and promised date come from the catalog through `demo_mix`; the status
depends on the business's flow and the application's age.

Rows are tuples in the `*_COLUMNS` order with dates and times encoded for the driver (`demo_bulk`); times are worked
out as naive UTC datetimes. A million applications are made in one go, so the hot path draws each number from
one `rng.random()` and keeps per-day work (promised dates, status tables, receipt counters) out of the loop.
"""

from __future__ import annotations

import random
from collections import Counter
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
Row = tuple[Any, ...]
Encode = Callable[[Any], object]
Reserve = Callable[[str, str, int], int]  # (counter scope, period, how many) → the first of that many numbers

APPLICATION_COLUMNS = (
    "id", "request_id", "receipt_no", "station_id", "kind", "business_code", "applicant_id", "applicant_name", "agent_id",
    "agent_relation", "fee_fen", "promised_date", "pickup_method", "post_address", "status", "notes", "extra",
    "business_day", "created_by", "created_at", "updated_at", "reviewed_by", "reviewed_at", "review_note", "version",
)  # fmt: skip
DETAIL_COLUMNS = (
    "application_id", "document_type", "application_type", "photo_receipt_no", "old_document_no", "purpose",
    "household_local", "guardian_id", "batch_id", "issued_at", "picked_up_at",
)  # fmt: skip
ENDORSEMENT_COLUMNS = ("id", "application_id", "type", "tier", "fee_fen")
MATERIAL_COLUMNS = ("id", "application_id", "code", "name", "form", "count", "received")
_NO_EXTRA = "{}"  # the JSON text SQLAlchemy would store for {}
_SECONDS = tuple(timedelta(seconds=s) for s in range(OPEN_SECONDS))
_DAY_SECONDS = 86400.0
_FIVE_MINUTES = timedelta(minutes=5)


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
    promised: object  # encoded
    materials: list[Material]
    extra: str  # JSON text
    detail: Row | None = None  # the exit-entry detail row without its two times


@dataclass(frozen=True)
class Encoders:
    """How dates and naive UTC datetimes go to the driver (`demo_bulk.BulkWriter.stamp` / `day`)."""

    stamp: Encode
    day: Encode


@dataclass(frozen=True)
class FirstIds:
    application: int
    material: int
    endorsement: int


class Applications:
    """Makes application rows and their children, collected in lists until the loader takes them (`take()`)."""

    def __init__(
        self,
        rng: random.Random,
        now: datetime,
        mix: Mix,
        calendar: WorkCalendar,
        people: People,
        reserve: Reserve,
        first_ids: FirstIds,
        encoders: Encoders,
    ) -> None:
        self.rng, self.mix, self.people, self.reserve = rng, mix, people, reserve
        self.calendar = _RememberingCalendar(calendar)
        self.stamp, self.day = encoders.stamp, encoders.day
        self.now = now.astimezone(UTC).replace(tzinfo=None)
        self.today = now.astimezone(LOCAL_TZ).date()
        self.next_id = first_ids.application
        self.next_material_id = first_ids.material
        self.next_endorsement_id = first_ids.endorsement
        self.rows: list[Row] = []
        self.details: list[Row] = []
        self.endorsements: list[Row] = []
        self.materials: list[Row] = []
        self.made = self.exit_entry = self.material_count = self.endorsement_count = 0
        self._certificate_extra = {
            code: f'{{"certificate_kind": "{code}"}}' for code in mix.certificate_kinds.values
        }

    def generate(
        self, total: int, days: list[date], stations: list[DemoStation], flush: Callable[[], None], chunk: int
    ) -> None:
        """`total` applications spread over `days`; `flush()` whenever `chunk` of them are waiting."""
        rng = self.rng
        now_local = self.now.replace(tzinfo=UTC)
        opening_today = datetime.combine(self.today, OPENING, LOCAL_TZ)
        today_open = max(0, min(OPEN_SECONDS, int((now_local - opening_today).total_seconds())))
        weights = [
            (1.0 if self.calendar.is_workday(d) else 0.08) * (1.2 if d.weekday() == 0 else 1) for d in days
        ]
        weights[-1] *= today_open / OPEN_SECONDS
        per_day = [0] * len(days)
        if total and sum(weights) > 0:
            for index in rng.choices(range(len(days)), cum_weights=list(accumulate(weights)), k=total):
                per_day[index] += 1
        station_cum = list(accumulate(st.weight for st in stations))
        n_stations = len(stations)
        for day, count in zip(days, per_day, strict=True):
            if not count:
                continue
            ctx = _DayContext(self, day)
            limit = today_open if day == self.today else OPEN_SECONDS
            chosen = rng.choices(range(n_stations), cum_weights=station_cum, k=count)
            # In order of intake (second, then station), so each station's numbers run 1, 2, 3 … through the day.
            intake = sorted(self._second(limit) * n_stations + i for i in chosen)
            next_no = {
                i: self.reserve(f"receipt:{stations[i].code}", ctx.period, n)
                for i, n in Counter(chosen).items()
            }
            for key in intake:
                second, i = divmod(key, n_stations)
                st = stations[i]
                number = next_no[i]
                next_no[i] = number + 1
                receipt_no = f"{st.code}-{ctx.period}-{number:04d}"
                self._application(ctx, st, receipt_no, ctx.opening + _SECONDS[second])
            if len(self.rows) >= chunk:
                flush()
        flush()

    def _second(self, limit: int) -> int:
        """Seconds after 08:30 local: busy mornings, a quiet lunch, a steady afternoon."""
        rnd = self.rng.random
        r = rnd()
        if r < 0.55:
            second = int(rnd() * 12600)  # 08:30–12:00
        elif r < 0.63:
            second = 12600 + int(rnd() * 9000)  # 12:00–14:30
        else:
            second = 21600 + int(rnd() * (OPEN_SECONDS - 21600))  # 14:30–17:30
        return second if second < limit else int(rnd() * limit)

    def _application(self, ctx: _DayContext, st: DemoStation, receipt_no: str, created: datetime) -> None:
        rng = self.rng
        rnd = rng.random
        app_id = self.next_id
        self.next_id += 1
        created_at = self.stamp(created)
        if rnd() < ctx.exit_share:
            drawn = self._exit_entry(ctx, app_id, created_at)
        else:
            drawn = self._walkin(ctx, created_at)
        materials = drawn.materials
        status = ctx.statuses[drawn.flow].pick(rng)
        reviewed_by: int | None = None
        reviewed_at: object = None
        review_note = ""
        updated = created
        issued = picked_up = None
        missing = -1
        if status != "received":
            reviewed_by = st.officer_id
            updated = ctx.review_time(created)
            reviewed_at = self.stamp(updated)
            if status == "returned":
                missing = int(rnd() * len(materials))
                review_note = f"材料不全，请补正：{materials[missing].name}"
            elif status == "voided":
                review_note = f"作废：{VOID_REASONS[int(rnd() * len(VOID_REASONS))]}"
            elif status == "forwarded":
                updated = self._later(updated, 0.5, 2)
            elif status in ("completed", "picked_up") and drawn.flow != "spot":  # spot: done when reviewed
                updated = issued = self._later(created, 5, 25 if drawn.detail is None else 12)
                if status == "picked_up":
                    updated = picked_up = self._later(updated, 0.2, 20)
        if drawn.detail is not None:
            self.details.append(
                (
                    *drawn.detail,
                    None if issued is None else self.stamp(issued),
                    None if picked_up is None else self.stamp(picked_up),
                )
            )
        material_id = self.next_material_id
        self.materials += [
            (material_id + index, app_id, m.code, m.name, m.form, m.count, index != missing)
            for index, m in enumerate(materials)
        ]
        self.next_material_id = material_id + len(materials)
        self.material_count += len(materials)
        pickup_post = drawn.flow == "doc" and rnd() < 0.08
        self.rows.append(
            (
                app_id,
                _request_id(rng),
                receipt_no,
                st.id,
                drawn.kind,
                drawn.business_code,
                drawn.applicant_id,
                self.people.name_of(drawn.applicant_id),
                drawn.agent_id,
                drawn.agent_relation,
                drawn.fee_fen,
                drawn.promised,
                "post" if pickup_post else "self",
                names.xiashan_address(rng) if pickup_post else "",
                status,
                NOTES[int(rnd() * len(NOTES))] if rnd() < 0.03 else "",
                drawn.extra,
                ctx.day_value,
                (st.desk_ids[rnd() < 0.5] if rnd() < 0.9 else st.officer_id),
                created_at,
                created_at if updated is created else self.stamp(updated),
                reviewed_by,
                reviewed_at,
                review_note,
                1 if status == "received" else 2,
            )
        )
        self.made += 1

    def _walkin(self, ctx: _DayContext, created_at: object) -> _Drawn:
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
            relation = ("儿子", "女儿", "配偶", "儿子", "女儿")[int(rng.random() * 5)]
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
            promised=ctx.due(code, kind.business.time_limit),
            materials=kind.materials.draw(rng, agent=delegated, minor=minor),
            extra=self._certificate_extra[self.mix.certificate_kinds.pick(rng)]
            if code == "certificate"
            else _NO_EXTRA,
        )

    def _exit_entry(self, ctx: _DayContext, app_id: int, created_at: object) -> _Drawn:
        rng, day, people = self.rng, ctx.day, self.people
        rnd = rng.random
        doc = self.mix.exit_docs.pick(rng)
        app_type = doc.application_types.pick(rng)
        guardian_id: int | None = None
        child = rnd() < EXIT_CHILD_SHARE
        if child:
            applicant_id = people.new("child", day, created_at)
            guardian_id = people.agent(day, created_at)
        else:
            applicant_id = people.applicant("adult", day, created_at, self.made)
        local = people.registered_locally(applicant_id)
        detail = (
            app_id,
            doc.code,
            app_type,
            "" if app_type == "endorsement" else f"ZP{ctx.period}{int(rnd() * 10**6):06d}",
            (
                f"{OLD_DOCUMENT_LETTER.get(doc.code, 'X')}{int(rnd() * 10**8):08d}"
                if app_type in ("renewal", "amend", "endorsement")
                else ""
            ),
            doc.purposes[int(rnd() * len(doc.purposes))],
            local,
            guardian_id,
            None,  # batch: the demo makes no handover batches
        )
        self.exit_entry += 1
        return _Drawn(
            kind="exit_entry",
            business_code=doc.code,
            flow="doc",
            applicant_id=applicant_id,
            agent_id=guardian_id,
            agent_relation=people.parent_word(guardian_id) if guardian_id is not None else "",
            fee_fen=self._exit_entry_fee(app_id, doc, app_type),
            promised=ctx.due(
                "exit_entry:local" if local else "exit_entry",
                self.mix.exit_entry.time_limit(local_household=local),
            ),
            materials=doc.materials[app_type].draw(rng, agent=False, minor=child),
            extra=_NO_EXTRA,
            detail=detail,
        )

    def _exit_entry_fee(self, app_id: int, doc: ExitDoc, app_type: str) -> int:
        """The catalog's document or amendment fee, plus endorsement rows (HK/Macau, Taiwan) and their fees."""
        rng = self.rng
        if app_type == "amend":
            return self.mix.exit_entry.amendment_fee_fen(doc.code, (1, 1, 1, 2)[int(rng.random() * 4)])
        fee = doc.document_fee_fen[app_type]
        tiers, types = doc.endorsement_tiers, doc.endorsement_types
        if tiers is None or types is None:
            return fee
        if app_type != "endorsement" and rng.random() < WITHOUT_ENDORSEMENT:
            return fee
        type_, tier = types.pick(rng), tiers.pick(rng)
        places = 2 if rng.random() < TWO_PLACES.get(doc.code, 0.0) else 1
        first = self.next_endorsement_id
        self.endorsements += [(first + n, app_id, type_, tier.tier, tier.fee_fen) for n in range(places)]
        self.next_endorsement_id = first + places
        self.endorsement_count += places
        return fee + places * tier.fee_fen

    def _later(self, moment: datetime, min_days: float, max_days: float) -> datetime:
        """A moment some days after `moment`, never after now."""
        later = moment + timedelta(
            seconds=(min_days + (max_days - min_days) * self.rng.random()) * _DAY_SECONDS
        )
        return later if later < self.now else self.now


def _request_id(rng: random.Random) -> str:
    """A random version-4 UUID as text (what `str(uuid.UUID(int=bits, version=4))` gives, at a third of the
    cost)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


class _DayContext:
    """What every application of one business day shares: times, the promised dates, the status tables."""

    def __init__(self, apps: Applications, day: date) -> None:
        self.apps = apps
        self.day = day
        self.day_value = apps.day(day)
        self.period = f"{day.year:04d}{day.month:02d}{day.day:02d}"
        self.opening = datetime.combine(day, OPENING, LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)
        self.age = (apps.today - day).days
        self.exit_share = EXIT_ENTRY_SHARE * (1.3 if day.month in (1, 7, 8) else 0.9)
        self.statuses = {
            flow: next(table for max_age, table in rows if self.age <= max_age)
            for flow, rows in STATUSES.items()
        }
        self._due: dict[str, object] = {}

    def due(self, key: str, limit: TimeLimit) -> object:
        """The promised date as real intake computes it (the work calendar, holidays included), encoded; `key`
        names the time limit (a business code) for the day's cache."""
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = self.apps.day(self.apps.calendar.due_date_for(limit, self.day).date)
        return found

    def review_time(self, created: datetime) -> datetime:
        """The officer reviews at the end of the day (16:30–19:00); today's reviews happen soon after intake."""
        rnd, now = self.apps.rng.random, self.apps.now
        if self.age == 0:
            reviewed = created + timedelta(seconds=300 + 8700 * rnd())  # 5–150 minutes
        else:
            reviewed = self.opening + timedelta(seconds=(8.0 + 2.5 * rnd()) * 3600)
            soonest = created + _FIVE_MINUTES
            reviewed = reviewed if reviewed > soonest else soonest
        return reviewed if reviewed < now else now


class _RememberingCalendar(WorkCalendar):
    """The work calendar, remembering its answers: promised dates over three years ask about the same thousand or
    so days tens of thousands of times, and each first answer is slow (the holiday library checks its input)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        super().__init__()
        self._calendar = calendar
        self._workdays: dict[date, bool] = {}

    def is_covered(self, year: int) -> bool:
        return self._calendar.is_covered(year)

    def is_workday(self, day: date) -> bool:
        found = self._workdays.get(day)
        if found is None:
            found = self._workdays[day] = self._calendar.is_workday(day)
        return found
