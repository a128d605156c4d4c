"""Document data as the service would build it: a walk-in receipt with a proxy and an exit-entry one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from desktop.documents.data import MaterialLine, ReceiptData

NUMBER = "XSLX01-20261127-0007"
PAYLOAD = "XSLX01-20261127-0007.ABCDEFGHIJ"
MASKED_ID = "440803********1234"


def receipt_data(**changes: Any) -> ReceiptData:
    data = ReceiptData(
        number=NUMBER,
        kind="walkin",
        district="湛江市公安局霞山分局",
        police_station="新村派出所",
        station_name="录霞社区微派出所",
        station_address="湛江市霞山区录霞路18号",
        enquiry_phone="0759-2281234",
        business_name="居民身份证换领",
        application_type="证件",
        applicant_name="欧阳晓明",
        applicant_id_masked=MASKED_ID,
        applicant_phone_masked="138****5678",
        accepted_at=datetime(2026, 11, 27, 2, 30, tzinfo=UTC),
        time_limit="法定60日内（边远地区可延长30日）；本地承诺20个工作日办结",
        due_date=date(2026, 12, 25),
        fee_text="20.00 元",
        fee_basis="《居民身份证法》；财综〔2007〕34号",
        staff_name="张三",
        staff_no="F1001",
        qr_payload=PAYLOAD,
        received=(
            MaterialLine("居民户口簿", "original", 1),
            MaterialLine("原居民身份证", "original", 1),
            MaterialLine("迁入理由证明（房产证、结婚证或投靠关系证明等）", "copy", 2),
            MaterialLine("数码照相回执", "original", 1),
        ),
        agent_name="欧阳建国",
        agent_id_masked="440803********5678",
        agent_relation="父亲",
        notes="申请人在外地就读，由父亲代办。",
        printed_at=datetime(2026, 11, 27, 2, 35, tzinfo=UTC),
    )
    return replace(data, **changes)


def notice_data(**changes: Any) -> ReceiptData:
    missing = (
        MaterialLine("原居民身份证", "original", 1, "遗失的须提交遗失声明"),
        MaterialLine("数码照相回执", "original", 1),
    )
    base = receipt_data(missing=missing, received=(MaterialLine("居民户口簿", "original", 1),))
    return replace(base, **changes)
