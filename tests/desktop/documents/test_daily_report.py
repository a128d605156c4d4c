"""社区微派出所工作日报 checked with poppler: fonts, the figures as text, long tables over pages, marks, layouts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from desktop.documents.daily_report import (
    DailyReportData,
    ExceptionLine,
    Row,
    VoidLine,
    render_daily_report,
    yuan,
)
from desktop.documents.fonts import UnsupportedCharacters
from desktop.errors import ValidationError
from tests.desktop.documents import pdftools


@pytest.fixture(autouse=True)
def _tools() -> None:
    pdftools.require_tools()


def report(**changes: object) -> DailyReportData:
    data = DailyReportData(
        number="XSLX01-RB-20261127",
        district="湛江市公安局霞山分局",
        station_line="新村派出所 录霞社区微派出所",
        enquiry_phone="0759-2281234",
        day=date(2026, 11, 27),
        total=7,
        by_kind=(Row("来访受理", 6), Row("出入境", 1), Row("矛盾调解", 2), Row("咨询", 9)),
        by_business=(
            Row("居民身份证换领", 4, 6000),
            Row("往来港澳通行证", 1, 7500),
            Row("无犯罪记录证明", 2, 0),
        ),
        by_staff=(Row("张晓梅", 5), Row("王志强", 2)),
        by_status=(Row("已审核", 5), Row("已退回（待补正）", 1), Row("已作废", 1)),
        fee_total_fen=13500,
        fee_records=4,
        fees_by_business=(Row("往来港澳通行证", 1, 7500), Row("居民身份证换领", 3, 6000)),
        voided=(VoidLine("XSLX01-20261127-0005", "居民身份证换领", "梁国栋", 2000, "重复受理"),),
        consultations=(Row("无犯罪记录证明", 6), Row("电信诈骗核实", 3)),
        exceptions=(
            ExceptionLine("作废", "XSLX01-20261127-0005", "居民身份证换领 梁国栋", "重复受理", "李卫国"),
            ExceptionLine("待补正", "XSLX01-20261127-0006", "居住证申领 何静", "居住证明过期，请补交"),
        ),
        officer_name="李卫国",
        officer_no="441203",
        signed_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        comment="受理正常，退回一件已告知申请人。",
        printed_at=datetime(2026, 11, 27, 9, 35, tzinfo=UTC),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("layout", ["A4", "A5"])
def test_the_report_prints_the_figures_and_the_sign_line(layout: str) -> None:
    pdf = render_daily_report(report(), layout)
    fonts = pdftools.fonts(pdf)
    assert fonts
    assert all(f.embedded and f.subset for f in fonts)
    text = pdftools.flat_text(pdf)
    assert not pdftools.has(
        text,
        "社区微派出所工作日报",
        "XSLX01-RB-20261127",
        "2026年11月27日 星期五",
        "当日受理业务 7 件（来访受理 6 件，出入境 1 件）",
        "登记矛盾调解 2 件；接待咨询 9 次",
        "居民身份证换领 4 60.00",
        "张晓梅 5",
        "已退回（待补正） 1",
        "收费合计 135.00 元，收费业务 4 件；作废 1 件不计入（涉及 20.00 元）",
        "合计 4 135.00",
        "XSLX01-20261127-0005 居民身份证换领 梁国栋 20.00 重复受理",
        "无犯罪记录证明 6 次、电信诈骗核实 3 次",
        "五、异常事项（2 项）",
        "居住证明过期，请补交",
        "受理正常，退回一件已告知申请人。",
        "签结民警：李卫国（警号 441203）",
        "签结时间：2026年11月27日 17:30",
        "模板 daily-1",
    )
    assert "补打" not in text
    assert "预览" not in text


def test_long_tables_repeat_their_header_on_the_next_page() -> None:
    many = tuple(
        ExceptionLine("待补正", f"XSLX01-20261127-{n:04d}", "居住证申领 何静", "缺居住证明")
        for n in range(90)
    )
    pdf = render_daily_report(report(exceptions=many))
    pages = pdftools.info(pdf).pages
    assert pages >= 3
    headers = pdftools.flat_text(pdf).count("类别编号事项说明经办")
    assert headers == pages - 1  # the table starts on page 1 and continues on every following page


def test_marks_of_a_reprint_and_a_preview() -> None:
    reprint = pdftools.flat_text(render_daily_report(report(copy_no=2, reprint_reason="原件污损")))
    assert not pdftools.has(reprint, "补打（第 2 份）", "原件污损")
    preview = pdftools.flat_text(render_daily_report(report(preview=True, signed_at=None, officer_name="")))
    assert not pdftools.has(preview, "预览（未签结）", "签结时间：未签结", "签结民警：（未签结）")


def test_same_data_same_bytes_and_refusals() -> None:
    assert render_daily_report(report()) == render_daily_report(report())
    with pytest.raises(ValidationError) as roll:
        render_daily_report(report(), "roll80")
    assert roll.value.field == "layout"
    with pytest.raises(UnsupportedCharacters):
        render_daily_report(report(comment="𠀀"))


def test_yuan_is_exact() -> None:
    assert [yuan(f) for f in (0, 5, 100, 123456789, -250)] == [
        "0.00",
        "0.05",
        "1.00",
        "1,234,567.89",
        "-2.50",
    ]
