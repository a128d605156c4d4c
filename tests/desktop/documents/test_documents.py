"""受理回执 and 补正材料通知书 on every layout, checked with poppler and zbar: fonts, text, codes, marks."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from desktop.documents.data import ReceiptData
from desktop.documents.fonts import UnsupportedCharacters
from desktop.documents.receipt import render_receipt
from desktop.documents.supplement_notice import render_supplement_notice
from desktop.errors import ValidationError
from tests.desktop.documents import pdftools
from tests.desktop.documents.samples import MASKED_ID, NUMBER, PAYLOAD, notice_data, receipt_data

Render = Callable[..., bytes]
DOCUMENTS: dict[str, tuple[Render, Callable[..., ReceiptData]]] = {
    "receipt": (render_receipt, receipt_data),
    "notice": (render_supplement_notice, notice_data),
}
LAYOUTS = ("A4", "A5", "roll80")


@pytest.fixture(autouse=True)
def _tools() -> None:
    pdftools.require_tools()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_and_layout(document: str, layout: str, tmp_path: Path) -> None:
    render, make = DOCUMENTS[document]
    pdf = render(make(), layout)
    fonts = pdftools.fonts(pdf)
    assert fonts, "the CJK font is used"
    assert all(f.embedded and f.subset for f in fonts), fonts  # no stray non-embedded Helvetica
    assert {f.name.split("+", 1)[1] for f in fonts} == {"WenQuanYiMicroHei-0"}
    text = pdftools.flat_text(pdf)
    common = (NUMBER, "欧阳晓明", "居民身份证换领", MASKED_ID, "湛江市公安局霞山分局", "录霞社区微派出所")
    assert not pdftools.has(
        text, *common, "咨询电话：0759-2281234", "第 1 页 共 1 页" if layout != "roll80" else ""
    )
    if document == "receipt":
        expected = ("2026年12月25日", "原件", "复印件", "受理人：张三（F1001）", "审核民警", "申请人（签名）")
    else:
        expected = (
            "一次性告知",
            "行政许可法》第三十二条",
            "数码照相回执",
            "遗失的须提交遗失声明",
            "申请人签收",
        )
    assert not pdftools.has(text, *expected)
    assert ("存根" in text) == (layout == "A4")
    assert pdftools.scan(pdf, tmp_path) == [PAYLOAD]
    if layout != "roll80":
        assert pdftools.scan(pdf, tmp_path, "code128") == [NUMBER]
    info = pdftools.info(pdf)
    assert info.pages == 1
    width = {"A4": 210, "A5": 148, "roll80": 80}[layout]
    assert info.width_pt == pytest.approx(width * mm, abs=0.5)


def test_roll_paper_is_as_long_as_its_content() -> None:
    short = pdftools.info(render_receipt(receipt_data(agent_name="", notes=""), "roll80"))
    long = pdftools.info(render_receipt(receipt_data(notes="很长的备注" * 40), "roll80"))
    assert long.height_pt > short.height_pt > 150 * mm


@pytest.mark.parametrize("document", DOCUMENTS)
def test_same_data_gives_the_same_bytes_even_in_another_process(document: str) -> None:
    render, make = DOCUMENTS[document]
    first = render(make())
    assert render(make()) == first
    code = (
        "import hashlib, sys\n"
        "from tests.desktop.documents.test_documents import DOCUMENTS\n"
        f"render, make = DOCUMENTS[{document!r}]\n"
        "sys.stdout.write(hashlib.sha256(render(make())).hexdigest())\n"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout == hashlib.sha256(first).hexdigest()
    assert render(make(copy_no=2, reprint_reason="卡纸")) != first


def test_concurrent_renders_are_identical() -> None:
    data = receipt_data()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_receipt(data), range(8)))
    assert len(set(results)) == 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reprint_and_void_marks(layout: str) -> None:
    reprint = pdftools.flat_text(render_receipt(receipt_data(copy_no=2, reprint_reason="原件污损"), layout))
    assert not pdftools.has(
        reprint, "补打（第 2 份）", "补打原因：原件污损", "补打时间：2026年11月27日 10:35"
    )
    voided = pdftools.flat_text(
        render_receipt(
            receipt_data(copy_no=3, reprint_reason="存档", voided=True, void_reason="重复受理"), layout
        )
    )
    assert not pdftools.has(voided, "作废", "不作为领取凭证", "作废原因：重复受理")
    original = pdftools.flat_text(render_receipt(receipt_data(), layout))
    assert "补打" not in original
    assert "作废" not in original


def test_exit_entry_receipt_itemises_the_fee_and_keeps_documents_three_months() -> None:
    data = receipt_data(
        kind="exit_entry",
        business_name="往来港澳通行证",
        application_type="换发",
        fee_text="120.00 元",
        fee_items="往来港澳通行证（电子） 60.00 元；港澳签注 二次有效（探亲 T） 30.00 元 × 2",
    )
    text = pdftools.flat_text(render_receipt(data))
    assert not pdftools.has(text, "收费明细", "港澳签注 二次有效（探亲 T） 30.00 元 × 2", "保留 3 个月")
    assert pdftools.has(pdftools.flat_text(render_receipt(receipt_data())), "保留 3 个月")


def test_on_the_spot_and_post_pickup() -> None:
    text = pdftools.flat_text(render_receipt(receipt_data(due_date=None, pickup_method="self")))
    assert not pdftools.has(text, "承诺办结 当场办结", "当场办结、当场领取")
    posted = render_receipt(receipt_data(pickup_method="post", post_address="湛江市霞山区人民大道南1号"))
    assert not pdftools.has(pdftools.flat_text(posted), "EMS 邮寄：办结后寄往 湛江市霞山区人民大道南1号")


def test_many_materials_flow_onto_a_second_page_with_page_numbers() -> None:
    many = tuple(receipt_data().received[0].__class__(f"材料{i}", "copy", 1) for i in range(40))
    pdf = render_receipt(receipt_data(received=many))
    info = pdftools.info(pdf)
    assert info.pages >= 2
    text = pdftools.flat_text(pdf)
    assert not pdftools.has(text, f"第 1 页 共 {info.pages} 页", f"第 {info.pages} 页 共 {info.pages} 页")
    assert text.count("受理回执存根") == 1  # the stub only at the foot of the last page


def test_a_document_never_prints_the_wrong_kind() -> None:
    with pytest.raises(ValidationError) as raised:
        render_supplement_notice(receipt_data())
    assert raised.value.field == "materials"


def test_characters_outside_the_font_are_refused_before_drawing() -> None:
    with pytest.raises(UnsupportedCharacters) as raised:
        render_receipt(receipt_data(applicant_name="张𠀾明"))
    assert raised.value.field == "name"
    assert raised.value.characters == ("𠀾",)
    assert "𠀾" in raised.value.message
    assert "U+2003E" in raised.value.message
    with pytest.raises(UnsupportedCharacters) as agent:
        render_supplement_notice(notice_data(agent_name="刘𠮷"))  # Ext-B: in neither bundled font
    assert agent.value.field == "agent_name"


def test_unknown_layout() -> None:
    with pytest.raises(ValidationError) as raised:
        render_receipt(receipt_data(), "letter")
    assert raised.value.field == "layout"
