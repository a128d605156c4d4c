"""The catalog's words for one application, as the receipt prints them: business and application type, fee
and its basis, the time limit, and the notes of its materials.

Pure: the service passes the codes and amounts it read from the record. A code the catalog no longer knows
(renamed or dropped since intake) prints as the code itself rather than stopping the print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.domain.catalog import Catalog, Choice, Material, TimeLimit
from desktop.domain.exit_entry_rules import FeeLine
from desktop.errors import ValidationError


@dataclass(frozen=True)
class Terms:
    business_name: str
    application_type: str
    fee_text: str  # the total
    fee_items: str  # what the total is made of, when it has more than one item
    fee_basis: str
    time_limit: str
    on_the_spot: bool
    material_notes: dict[str, str]  # material code → the catalog's note (说明 on the supplement notice)


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d} 元"


def _name(choices: Sequence[Choice], code: str) -> str:
    return next((c.name for c in choices if c.code == code), code)


def _notes(materials: Sequence[Material]) -> dict[str, str]:
    return {m.code: m.note for m in materials if m.note}


def _limit(limit: TimeLimit) -> tuple[str, bool]:
    return limit.legal, limit.kind == "on_the_spot"


def walkin_terms(catalog: Catalog, business_code: str, fee_fen: int, extra: dict[str, Any]) -> Terms:
    try:
        business = catalog.walkin(business_code)
    except ValidationError:
        return Terms(business_code, "—", yuan(fee_fen), "", "—", "—", False, {})
    kind = business.category
    if business_code == "certificate" and extra.get("certificate_kind"):
        code = str(extra["certificate_kind"])
        kind = next((k.name for k in catalog.certificate_kinds if k.code == code), code)
        details = [f"用途：{extra['purpose']}"] if extra.get("purpose") else []
        details += [f"有效期至{extra['valid_until']}"] if extra.get("valid_until") else []
        if details:
            kind += f"（{'；'.join(details)}）"
    legal, spot = _limit(business.time_limit)
    fee = yuan(fee_fen) + ("（不收费）" if fee_fen == 0 else "")
    return Terms(business.name, kind, fee, "", business.fee_basis, legal, spot, _notes(business.materials))


def exit_entry_terms(
    catalog: Catalog,
    document_type: str,
    application_type: str,
    *,
    household_local: bool,
    fee_fen: int,
    lines: Sequence[FeeLine],
) -> Terms:
    """The fee as the form showed it (exit_entry_rules.fee_lines: one line per item, each endorsement named)."""
    ee = catalog.exit_entry
    items = [
        f"{line.name} {yuan(line.fee_fen)}" + (f" × {line.count}" if line.count > 1 else "") for line in lines
    ]
    basis = "；".join(dict.fromkeys(line.basis for line in lines)) or "—"
    legal, spot = _limit(ee.time_limit(local_household=household_local))
    return Terms(
        business_name=_name(ee.document_types, document_type),
        application_type=_name(ee.application_types, application_type),
        fee_text=yuan(fee_fen),
        fee_items="；".join(items) if len(items) > 1 or "×" in "".join(items) else "",
        fee_basis=basis,
        time_limit=legal,
        on_the_spot=spot,
        material_notes=_notes(ee.materials),
    )
