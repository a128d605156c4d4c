"""`receipt show` writes the document and is audited as a reprint to file; `receipt verify` checks a payload."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.db.database import Database
from desktop.db.models import Application, ApplicationMaterial, AuditEvent
from tests.desktop.documents import pdftools


def run(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return main(args)


@pytest.fixture
def base(empty_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    pdftools.require_tools()
    args = ["--data-dir", str(tmp_path / "data"), "--db", empty_db_url]
    assert run([*args, "db", "upgrade"], monkeypatch) == 0
    assert run([*args, "demo", "--applications", "30", "--seed", "33"], monkeypatch) == 0
    return args


def _numbers(url: str) -> tuple[str, str]:
    """A complete application and one with a missing material."""
    db = Database(url)
    try:
        with db.read() as session:
            missing = select(ApplicationMaterial.application_id).where(~ApplicationMaterial.received)
            numbers = select(Application.receipt_no).order_by(Application.id).limit(1)
            complete = session.execute(numbers.where(Application.id.not_in(missing))).scalar_one()
            incomplete = session.execute(numbers.where(Application.id.in_(missing))).scalar_one()
            return str(complete), str(incomplete)
    finally:
        db.dispose()


def _audit(url: str, number: str) -> list[tuple[str, str]]:
    db = Database(url)
    try:
        with db.read() as session:
            query = select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.entity_id == number)
            return [(row.action, row.detail) for row in session.execute(query.order_by(AuditEvent.id))]
    finally:
        db.dispose()


def test_show_exports_the_document_and_verify_checks_its_code(
    base: list[str],
    empty_db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    complete, incomplete = _numbers(empty_db_url)
    capsys.readouterr()
    target = tmp_path / "回执.pdf"
    assert run([*base, "receipt", "show", complete, "--pdf", str(target)], monkeypatch) == 0
    out = capsys.readouterr().out
    assert f"已导出受理回执 {complete}（第 1 份，A4）" in out
    pdf = target.read_bytes()
    assert not pdftools.has(pdftools.flat_text(pdf), complete, "补打（第 1 份）", "补打原因：命令行导出")
    [(action, detail)] = _audit(empty_db_url, complete)
    assert action == "receipt.export"
    assert "命令行导出" in detail
    assert pdftools.fonts(pdf)
    assert all(f.embedded for f in pdftools.fonts(pdf))

    notice = tmp_path / "notice.pdf"
    assert (
        run([*base, "receipt", "show", incomplete, "--pdf", str(notice), "--layout", "roll80"], monkeypatch)
        == 0
    )
    assert "补正材料通知书" in capsys.readouterr().out
    assert "一次性告知" in pdftools.flat_text(notice.read_bytes())

    [payload] = pdftools.scan(pdf, tmp_path)
    assert run([*base, "receipt", "verify", payload], monkeypatch) == 0
    assert capsys.readouterr().out.startswith(f"真实：{complete}")
    changed = payload[:-1] + ("B" if payload[-1] == "A" else "A")
    assert run([*base, "receipt", "verify", changed], monkeypatch) == 1
    assert capsys.readouterr().out.startswith("伪造：")
    assert run([*base, "receipt", "verify", "这不是回执"], monkeypatch) == 1
    assert capsys.readouterr().out.startswith("无法核验：")


def test_show_of_an_unknown_number_fails_without_leaving_a_file(
    base: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "none.pdf"
    assert run([*base, "receipt", "show", "XS001-19990101-0001", "--pdf", str(target)], monkeypatch) == 2
    assert "没有编号为 XS001-19990101-0001 的受理记录" in capsys.readouterr().err
    assert not target.exists()
    with pytest.raises(SystemExit):
        run([*base, "receipt", "show", "X", "--pdf", str(target), "--layout", "B5"], monkeypatch)
