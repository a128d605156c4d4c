"""What the demo's applications and cases look like: the catalog's businesses with demo-only weights.

Codes, names, materials, fees and time limits come from `load_catalog()` (resources/catalog/*.toml). This module
adds only what a demonstration needs on top: how often each business occurs, who typically applies, how statuses
move along as an application ages, and some free texts. A walk-in business, certificate kind or endorsement the
catalog adds later takes part with a small default weight; whatever the catalog drops disappears from the demo.
An exit-entry document type needs its application-type weights here to take part.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from desktop.domain.catalog import Business, Catalog, ExitEntryCatalog, FeeItem, Material

T = TypeVar("T")


class Weighted(Generic[T]):
    """A weighted choice; one `rng.random()` per pick (cheaper than `rng.choices` for a single item)."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        kept = [(value, weight) for value, weight in pairs if weight > 0]
        if not kept:
            raise ValueError("nothing to choose from")
        self.values = tuple(value for value, _ in kept)
        self._cum = list(accumulate(weight for _, weight in kept))

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect.bisect(self._cum, rng.random() * self._cum[-1])]


# Walk-in businesses by catalog code: weight, flow, applicant profile, share brought by an agent.
#   flow: spot = done at the desk | doc = a document is made and picked up | approval = the 分局 decides
#   profile: adult | migrant | newborn | young | elderly
WALKIN_MIX: dict[str, tuple[float, str, str, float]] = {
    "id_card_renewal": (20, "doc", "adult", 0.04),
    "id_card_reissue": (9, "doc", "adult", 0.04),
    "id_card_first": (7, "doc", "young", 0.0),
    "id_card_temporary": (4, "doc", "adult", 0.03),
    "residence_permit": (12, "doc", "migrant", 0.05),
    "residence_permit_endorse": (8, "spot", "migrant", 0.08),
    "no_criminal_record": (13, "spot", "adult", 0.15),
    "certificate": (11, "spot", "adult", 0.12),
    "birth_registration": (5, "spot", "newborn", 1.0),
    "hukou_move_in": (4, "approval", "adult", 0.1),
    "hukou_move_out": (3, "spot", "adult", 0.1),
    "name_change": (1.5, "approval", "adult", 0.05),
    "death_cancellation": (2.5, "spot", "elderly", 1.0),
}
CERTIFICATE_KIND_WEIGHTS = {
    "kinship": 30, "registration_change": 20, "hukou_cancellation": 15, "temporary_identity": 15,
    "abnormal_death": 3, "no_criminal_record": 10, "other_statutory": 7,
}  # fmt: skip
DEFAULT_WEIGHT = 0.5  # a business or certificate kind the catalog has and the tables above do not

# Optional catalog materials: those for an agent or a minor's guardian when there is one, others by chance.
FOR_AGENT = frozenset({"power_of_attorney", "agent_id_card"})
FOR_MINOR = frozenset({"guardian_id_card", "guardianship_proof"})
OPTIONAL_RATES = {"hukou_book": 0.5, "introduction_letter": 0.3}
OPTIONAL_RATE = 0.03  # any other optional material (out-of-wedlock statement, employer's consent…)

EXIT_ENTRY_SHARE = 0.15
EXIT_CHILD_SHARE = 0.08
WITHOUT_ENDORSEMENT = 0.12  # a new permit applied for without an endorsement this time
# Exit-entry document types by catalog code: weight, application types with weights, travel purposes.
EXIT_DOCS: dict[str, tuple[float, tuple[tuple[str, float], ...], tuple[str, ...]]] = {
    "passport": (35, (("first", 55), ("renewal", 25), ("reissue", 8), ("amend", 12)),
                 ("旅游", "旅游", "旅游", "探亲", "商务", "留学", "务工")),
    "hk_macau": (55, (("first", 30), ("renewal", 25), ("reissue", 5), ("endorsement", 40)),
                 ("个人旅游", "个人旅游", "团队旅游", "探亲", "商务")),
    "taiwan": (10, (("first", 50), ("renewal", 20), ("reissue", 5), ("endorsement", 25)),
               ("旅游", "探亲", "商务", "交流学习")),
}  # fmt: skip
ENDORSEMENT_TYPE_WEIGHTS = {
    "hk_macau": {"G": 45, "L": 15, "T": 20, "S": 12, "Q": 5, "D": 3},
    "taiwan": {"G": 30, "L": 30, "T": 20, "F": 10, "Y": 5, "X": 5},
}
ENDORSEMENT_TIER_WEIGHTS = {
    "hk_macau": {
        "single": 30,
        "double": 25,
        "multi_1y": 25,
        "multi_2y": 8,
        "multi_3y": 7,
        "multi_over_3y": 5,
    },
    "taiwan": {"single": 75, "multiple": 25},
}
TWO_PLACES = {"hk_macau": 0.6}  # Hong Kong and Macau endorsements are separate items
OLD_DOCUMENT_LETTER = {"passport": "E", "hk_macau": "C", "taiwan": "T"}

# Status by flow and age of the application in days (first row whose age limit is reached): older applications
# have moved further along the chain.
STATUS_TABLES: dict[str, tuple[tuple[int, tuple[tuple[str, float], ...]], ...]] = {
    "spot": (
        (0, (("received", 90), ("returned", 5), ("reviewed", 4), ("voided", 1))),
        (2, (("completed", 50), ("reviewed", 35), ("received", 8), ("returned", 5), ("voided", 2))),
        (9, (("completed", 90), ("reviewed", 4), ("returned", 3), ("voided", 3))),
        (29, (("completed", 97), ("returned", 1), ("voided", 2))),
        (10**6, (("completed", 97.5), ("returned", 1), ("voided", 1.5))),
    ),
    "doc": (
        (0, (("received", 90), ("returned", 5), ("reviewed", 4), ("voided", 1))),
        (2, (("reviewed", 45), ("forwarded", 35), ("received", 12), ("returned", 6), ("voided", 2))),
        (9, (("forwarded", 65), ("completed", 15), ("reviewed", 10), ("returned", 5), ("received", 3), ("voided", 2))),
        (29, (("completed", 40), ("picked_up", 40), ("forwarded", 15), ("returned", 3), ("voided", 2))),
        (10**6, (("picked_up", 85), ("completed", 11), ("forwarded", 1.5), ("returned", 1), ("voided", 1.5))),
    ),
    "approval": (
        (0, (("received", 90), ("returned", 5), ("reviewed", 4), ("voided", 1))),
        (2, (("reviewed", 50), ("forwarded", 30), ("received", 12), ("returned", 6), ("voided", 2))),
        (9, (("forwarded", 80), ("reviewed", 10), ("returned", 6), ("received", 2), ("voided", 2))),
        (29, (("completed", 55), ("forwarded", 40), ("returned", 3), ("voided", 2))),
        (10**6, (("completed", 96), ("forwarded", 1.5), ("returned", 1), ("voided", 1.5))),
    ),
}  # fmt: skip
STATUSES = {
    flow: tuple((age, Weighted(shares)) for age, shares in rows) for flow, rows in STATUS_TABLES.items()
}
VOID_REASONS = (
    "申请人撤回申请",
    "业务类型选择错误，已重新受理",
    "重复受理",
    "申请人信息录入错误，已重新受理",
)
NOTES = (
    "申请人要求电话通知领取",
    "材料原件已当场核对",
    "老人行动不便，家属陪同办理",
    "已告知办理时限",
    "学校报名需要，申请人希望尽快办理",
)
AGENT_RELATIONS = Weighted(
    [("配偶", 30), ("子女", 25), ("父母", 15), ("兄弟姐妹", 10), ("亲属", 8), ("朋友", 6), ("单位经办人", 6)]
)

# Mediation categories and sources by catalog code (texts and statuses: demo_mediation).
MEDIATION_CATEGORY_WEIGHTS = {
    "neighbourhood": 25, "marriage_family": 18, "damages": 12, "property_management": 9, "contract": 8,
    "labour": 7, "consumer": 6, "housing_homestead": 5, "road_traffic": 4, "production_business": 3, "other": 3,
}  # fmt: skip
MEDIATION_SOURCE_WEIGHTS = {
    "party_application": 40, "police_110": 25, "grid_report": 12, "proactive": 10, "patrol": 6,
    "police_transfer": 5, "court_entrusted": 2,
}  # fmt: skip


@dataclass(frozen=True)
class MaterialList:
    """The materials of one business: the required ones always, the optional ones by situation or chance."""

    required: tuple[Material, ...]
    for_agent: tuple[Material, ...]
    for_minor: tuple[Material, ...]
    by_chance: tuple[tuple[Material, float], ...]

    @classmethod
    def of(cls, materials: Iterable[Material]) -> MaterialList:
        items = tuple(materials)
        optional = [m for m in items if not m.required]
        return cls(
            required=tuple(m for m in items if m.required),
            for_agent=tuple(m for m in optional if m.code in FOR_AGENT),
            for_minor=tuple(m for m in optional if m.code in FOR_MINOR),
            by_chance=tuple(
                (m, OPTIONAL_RATES.get(m.code, OPTIONAL_RATE))
                for m in optional
                if m.code not in FOR_AGENT | FOR_MINOR
            ),
        )

    def draw(self, rng: random.Random, *, agent: bool, minor: bool) -> list[Material]:
        chosen = list(self.required)
        if minor:  # the guardian comes along: no power of attorney needed
            chosen += self.for_minor
        elif agent:
            chosen += self.for_agent
        chosen += [m for m, rate in self.by_chance if rng.random() < rate]
        return chosen


@dataclass(frozen=True)
class WalkinKind:
    business: Business
    flow: str
    profile: str
    agent_rate: float
    materials: MaterialList


@dataclass(frozen=True)
class ExitDoc:
    code: str
    application_types: Weighted[str]
    purposes: tuple[str, ...]
    # By application type; 0 where only an amendment fee or endorsement fees are paid.
    document_fee_fen: Mapping[str, int]
    endorsement_tiers: Weighted[FeeItem] | None
    endorsement_types: Weighted[str] | None
    materials: Mapping[str, MaterialList]  # by application type


@dataclass(frozen=True)
class Mix:
    walkin: Weighted[WalkinKind]
    exit_docs: Weighted[ExitDoc]
    exit_entry: ExitEntryCatalog  # time limits and amendment fees
    certificate_kinds: Weighted[str]
    mediation_categories: Weighted[tuple[str, str]]  # (code, name)
    mediation_sources: Weighted[str]


def build_mix(catalog: Catalog) -> Mix:
    ee = catalog.exit_entry
    known_types = {c.code for c in ee.application_types}
    docs = []
    for doc in ee.document_types:
        if doc.code not in EXIT_DOCS:
            continue
        weight, types, purposes = EXIT_DOCS[doc.code]
        types = tuple((t, w) for t, w in types if t in known_types)
        tiers = ENDORSEMENT_TIER_WEIGHTS.get(doc.code, {})
        endorsement_types = ENDORSEMENT_TYPE_WEIGHTS.get(doc.code, {})
        fees = {t: _document_fee(ee, doc.code, t) for t, _ in types}
        exit_doc = ExitDoc(
            code=doc.code,
            application_types=Weighted(types),
            purposes=purposes,
            document_fee_fen=fees,
            endorsement_tiers=_maybe(
                (f, tiers.get(f.tier, DEFAULT_WEIGHT)) for f in ee.endorsement_tiers(doc.code)
            ),
            endorsement_types=_maybe(
                (e.code, endorsement_types.get(e.code, DEFAULT_WEIGHT))
                for e in ee.endorsement_types_for(doc.code)
            ),
            materials={t: MaterialList.of(ee.materials_for(t)) for t, _ in types},
        )
        docs.append((exit_doc, weight))
    walkin = []
    for business in catalog.businesses:
        spot = business.time_limit.kind == "on_the_spot"
        default = (DEFAULT_WEIGHT, "spot" if spot else "doc", "adult", 0.05)
        weight, flow, profile, agent_rate = WALKIN_MIX.get(business.code, default)
        kind = WalkinKind(business, flow, profile, agent_rate, MaterialList.of(business.materials))
        walkin.append((kind, weight))
    return Mix(
        walkin=Weighted(walkin),
        exit_docs=Weighted(docs),
        exit_entry=ee,
        certificate_kinds=Weighted(
            (k.code, CERTIFICATE_KIND_WEIGHTS.get(k.code, DEFAULT_WEIGHT)) for k in catalog.certificate_kinds
        ),
        mediation_categories=Weighted(
            ((c.code, c.name), MEDIATION_CATEGORY_WEIGHTS.get(c.code, DEFAULT_WEIGHT))
            for c in catalog.mediation_categories
        ),
        mediation_sources=Weighted(
            (s.name, MEDIATION_SOURCE_WEIGHTS.get(s.code, DEFAULT_WEIGHT)) for s in catalog.mediation_sources
        ),
    )


def _document_fee(ee: ExitEntryCatalog, document_type: str, application_type: str) -> int:
    fee = ee.document_fee(document_type, application_type)
    return fee.fee_fen if fee is not None else 0


def _maybe(pairs: Iterable[tuple[T, float]]) -> Weighted[T] | None:
    kept = [(value, weight) for value, weight in pairs if weight > 0]
    return Weighted(kept) if kept else None
