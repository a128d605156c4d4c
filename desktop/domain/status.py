"""The application status machine (DESIGN.md): names the desk reads, and which changes a desk may make.

received (已受理) → reviewed (已审核) → forwarded (已上报/已移交) → completed (已办结) → picked_up (已领取);
returned (已退回, needs 补正) goes back to received when the missing materials are brought; voided (已作废) is
an officer's decision with a reason. A desk edits a record only while nobody has reviewed it.
"""

from __future__ import annotations

RECEIVED, REVIEWED, FORWARDED, COMPLETED, PICKED_UP, RETURNED, VOIDED = (
    "received",
    "reviewed",
    "forwarded",
    "completed",
    "picked_up",
    "returned",
    "voided",
)
STATUS_NAMES = {
    RECEIVED: "已受理",
    REVIEWED: "已审核",
    FORWARDED: "已上报/已移交",
    COMPLETED: "已办结",
    PICKED_UP: "已领取",
    RETURNED: "已退回（待补正）",
    VOIDED: "已作废",
}
EDITABLE = frozenset({RECEIVED, RETURNED})  # before review: the desk that took it may still correct it


def status_name(status: str) -> str:
    return STATUS_NAMES.get(status, status)


def intake_status(all_materials_received: bool) -> str:
    """What a saved intake becomes: accepted when complete, else returned for 补正 (一次性告知)."""
    return RECEIVED if all_materials_received else RETURNED


def edit_refusal(status: str, reviewed: bool) -> str | None:
    """Why a desk may not edit a record in `status` (Chinese), or None when it may."""
    if status == VOIDED:
        return "该记录已作废，不能再修改"
    if reviewed or status not in EDITABLE:
        return f"该记录已{status_name(status).removeprefix('已')}，不能再修改；如需更正请联系民警"
    return None
