"""The demo's mediation cases: a few per station and year, with parties, sessions and follow-ups.

Case numbers are "(YYYY)<station short name>调字第NNN号", counted per station and year like real ones. Category
and source are drawn from the catalog (the case stores their Chinese names); the texts here only make the
records read like real ones.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from desktop.clock import LOCAL_TZ
from desktop.domain.mediation_rules import followup_due
from desktop.services import demo_names as names
from desktop.services.demo_applications import OPEN_SECONDS, OPENING
from desktop.services.demo_mix import Mix, Weighted
from desktop.services.demo_people import DemoStation, People

SUMMARIES = {  # by catalog category code
    "neighbourhood": "{a}与邻居{b}因楼上渗水、噪音等问题多次发生争执，{a}要求{b}维修并赔偿损失。",
    "marriage_family": "{a}与{b}因家庭琐事及子女抚养问题发生争吵，{a}到站求助。",
    "damages": "{a}驾驶电动自行车与{b}发生碰擦，双方就修理费及医药费赔偿产生纠纷。",
    "property_management": "{a}与小区物业管理人员{b}因停车管理及物业费问题发生争执。",
    "contract": "{a}与{b}因房屋租赁押金退还问题产生纠纷，协商未果。",
    "labour": "{a}称{b}拖欠其工资两个月，多次催讨未果。",
    "consumer": "{a}在{b}经营的海鲜档口购买商品后，因缺斤短两问题发生纠纷。",
    "housing_homestead": "{a}与{b}因房屋搭建占用公共通道问题发生纠纷。",
    "road_traffic": "{a}与{b}在路口发生轻微交通事故，双方就赔偿金额意见不一。",
    "production_business": "{a}与{b}因摊位占道经营互相影响发生争执。",
    "other": "{a}与{b}因琐事发生口角，经劝解后申请调解。",
}
AGREEMENT_TERMS = (
    "{b}于{deadline}前一次性赔偿{a}人民币{amount}元，双方就此事不再追究。",
    "{b}于{deadline}前完成维修并承担维修费用，双方今后互相谅解、和睦相处。",
    "双方自愿和解，{b}向{a}赔礼道歉并于{deadline}前支付人民币{amount}元。",
)
OUTCOMES = {
    "failed": "双方分歧较大，调解未能达成协议，已告知当事人可依法向人民法院起诉。",
    "referred": "纠纷不属于治安调解范围，已移交驻所人民调解室处理。",
    "closed": "协议已履行完毕，回访双方无异议，结案。",
}
PERFORMANCE_METHOD = "当面交付现金或通过银行转账支付，在微派出所调解室履行。"
REFERRED_TO = "驻所人民调解室"
REGIMES = Weighted([("people", 60), ("public_security", 30), ("on_site", 10)])
RISK_LEVELS = Weighted([("low", 70), ("medium", 25), ("high", 5)])


@dataclass
class MediationRows:
    cases: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)


def make_cases(
    rng: random.Random,
    now: datetime,
    days: list[date],
    stations: list[DemoStation],
    mix: Mix,
    people: People,
    number: Callable[[str, str], int],
    first_id: int,
    stamp: Callable[[datetime], object],
) -> MediationRows:
    """3–8 cases per station and year on random days of `days`; the parties' person rows are added to `people`
    (their times encoded by `stamp`, as the bulk writer takes them)."""
    now = now.astimezone(UTC)
    today = now.astimezone(LOCAL_TZ).date()

    def later(moment: datetime, min_days: float, max_days: float) -> datetime:
        return min(moment + timedelta(days=rng.uniform(min_days, max_days)), now)

    out = MediationRows()
    case_id = first_id - 1
    for st in stations:
        cases = max(1, rng.randint(3, 8) * len(days) // 365)
        moments = sorted((rng.choice(days), rng.randrange(OPEN_SECONDS)) for _ in range(cases))
        for day, second in moments:
            case_id += 1
            opening = datetime.combine(day, OPENING, LOCAL_TZ).astimezone(UTC)
            created_at = min(opening + timedelta(seconds=second), now)
            case_no = (
                f"({day.year}){st.short_name}调字第{number(f'mediation:{st.code}', str(day.year)):03d}号"
            )
            status = rng.choice(_statuses((today - day).days))
            regime = REGIMES.pick(rng)
            category, category_name = mix.mediation_categories.pick(rng)
            person_created = stamp(created_at.replace(tzinfo=None))
            a_id = people.new("adult", day, person_created)
            a_name = people.last_name()
            b_id = people.new("adult", day, person_created)
            b_name = people.last_name()
            a, b = _anonymous(a_name), _anonymous(b_name)
            out.parties += [
                {"case_id": case_id, "person_id": a_id, "role": "applicant"},
                {"case_id": case_id, "person_id": b_id, "role": "respondent"},
            ]
            other = people.known_adult()
            if rng.random() < 0.2 and other not in (a_id, b_id):
                out.parties.append({"case_id": case_id, "person_id": other, "role": "other"})
            agreed = status in ("agreed", "closed")
            agreement_day = min(day + timedelta(days=rng.randint(0, 10)), today)
            deadline = agreement_day + timedelta(days=rng.randint(7, 30))
            terms = ""
            if agreed:
                terms = rng.choice(AGREEMENT_TERMS).format(
                    a=a, b=b, deadline=f"{deadline.year}年{deadline.month}月{deadline.day}日",
                    amount=rng.choice((200, 500, 800, 1000, 1500, 2000, 3000, 5000)),
                )  # fmt: skip
            closed = status in ("closed", "failed", "referred")
            closed_at = later(created_at, 1, 45) if closed else None
            out.cases.append(
                {
                    "id": case_id,
                    "request_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "case_no": case_no,
                    "station_id": st.id,
                    "regime": regime,
                    "source": mix.mediation_sources.pick(rng),
                    "category": category_name,
                    "occurred_at": created_at - timedelta(hours=rng.uniform(1, 72)),
                    "location": names.xiashan_address(rng),
                    "summary": SUMMARIES.get(category, SUMMARIES["other"]).format(a=a, b=b),
                    "risk_level": RISK_LEVELS.pick(rng),
                    "status": status,
                    "agreement_terms": terms,
                    "performance_deadline": deadline if agreed else None,
                    "confirmation_deadline": (
                        agreement_day + timedelta(days=30) if agreed and regime == "people" else None
                    ),
                    "outcome_note": OUTCOMES.get(status, ""),
                    "outcome": "agreed" if status == "closed" else ("" if status == "open" else status),
                    "agreed_on": agreement_day if agreed else None,
                    "mediators": "、".join(st.staff_names[1:]) if agreed else "",
                    "performance_method": PERFORMANCE_METHOD if agreed else "",
                    "referred_to": REFERRED_TO if status == "referred" else "",
                    "exclusions_checked": regime != "people",
                    "created_by": st.desk_ids[0],
                    "created_at": created_at,
                    "updated_by": st.desk_ids[0],
                    "updated_at": closed_at or created_at,
                    "closed_at": closed_at,
                    "version": 1 if status == "open" else 2,
                }
            )
            if status != "open" or rng.random() < 0.5:
                for n in range(1 if rng.random() < 0.7 else 2):
                    out.sessions.append(
                        {
                            "case_id": case_id,
                            "held_at": later(created_at, 0.01 + n * 3, 2 + n * 7),
                            "mediators": "、".join(st.staff_names[1:] + st.staff_names[:1]),
                            "participants": f"{a_name}、{b_name}",
                            "notes": "双方达成一致意见。"
                            if n
                            else "向双方释法说理，听取双方意见，双方同意继续协商。",
                            "recorded_by": st.desk_ids[0],
                        }
                    )
            if agreed:
                due = followup_due(deadline)
                done = due <= today or status == "closed"  # a case is closed only after its follow-up
                visit = datetime.combine(min(due, today), dtime(10), LOCAL_TZ)
                out.followups.append(
                    {
                        "case_id": case_id,
                        "due_date": due,
                        "done_at": later(visit, 0, 1) if done else None,
                        "done_by": st.officer_id if done else None,
                        "visitor": st.staff_names[-1] if done else "",
                        "reason": "协议履行情况回访",
                        "performance": "已按协议履行完毕" if done else "",
                        "result": "协议已按期履行" if done else "",
                        "satisfaction": rng.choice(("满意", "满意", "满意", "基本满意")) if done else "",
                        "escalation": "",
                    }
                )
    return out


def _statuses(age: int) -> tuple[str, ...]:
    """Case statuses to draw from by the case's age in days: recent cases are mostly still open."""
    if age < 15:
        return ("open", "open", "open", "open", "open", "agreed", "agreed", "referred")
    if age < 60:
        return ("agreed", "agreed", "agreed", "closed", "closed", "failed", "referred", "open")
    return ("closed", "closed", "closed", "closed", "agreed", "failed", "referred")


def _anonymous(name: str) -> str:
    """陈小明 → 陈某 (as case summaries write it); two-character surnames keep both."""
    surname = name[:2] if name[:2] in ("欧阳", "司徒", "上官") else name[:1]
    return surname + "某"
