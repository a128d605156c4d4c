"""The table models obey Qt's model contract (pytest-qt's qtmodeltester), whatever rows they hold."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from desktop.services.auth import UserInfo
from desktop.services.receipt_search import DocumentRow
from ui.models.receipts import DocumentsModel
from ui.models.users import UsersModel

NOW = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)


def _user(name: str, *, locked: bool = False) -> UserInfo:
    return UserInfo(
        id=1, username=name, display_name="张三", police_no="F1", role="desk", is_active=True,
        must_change_password=False, locked_until=NOW if locked else None, failed_logins=0, version=1,
    )  # fmt: skip


def test_users_model(qtmodeltester: Any) -> None:
    model = UsersModel()
    model.set_users([_user("zhang"), _user("li", locked=True)], NOW.replace(hour=1))
    qtmodeltester.check(model, force_py=True)
    assert model.row_of("li") == 1
    assert model.user(1).username == "li"
    assert model.is_locked(model.user(1))


def test_documents_model(qtmodeltester: Any) -> None:
    fields = DocumentRow.__dataclass_fields__
    values = dict.fromkeys(fields) | {
        "receipt_no": "XSLX01-20261127-0001", "applicant_name": "陈小明", "applicant_id_masked": "440803********0019",
        "business_name": "无犯罪记录证明", "status": "received", "status_name": "已受理", "created_at": NOW,
        "copies": 1, "voided": False,
    }  # fmt: skip
    model = DocumentsModel()
    model.set_rows([DocumentRow(**values)])  # type: ignore[arg-type]
    model.append_rows([DocumentRow(**(values | {"receipt_no": "XSLX01-20261127-0002", "voided": True}))])  # type: ignore[arg-type]
    qtmodeltester.check(model, force_py=True)
    assert model.row_of("XSLX01-20261127-0002") == 1
    assert model.last().voided
