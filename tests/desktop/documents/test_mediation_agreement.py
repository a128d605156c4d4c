"""调解协议书 on every layout, read back with poppler: the statutory contents, one complete copy per holder
starting on its own page, the clause of each regime, masked ID numbers only, deterministic bytes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from reportlab.lib.units import mm

from desktop.documents.fonts import UnsupportedCharacters
from desktop.documents.mediation_agreement import AgreementData, AgreementParty, render_agreement
from desktop.domain.identity import mask_id_number
from desktop.errors import ValidationError
from tests.desktop.documents import pdftools

LAYOUTS = ("A4", "A5", "roll80")
FULL_IDS = ("440803196803151235", "440802197511084323")  # valid check characters: only masks may print
MASKED_IDS = tuple(mask_id_number(number) for number in FULL_IDS)
TERMS = (
    "1. 李四于2026年12月15日前请有资质的施工队重做卫生间防水层，费用由李四承担；\n"
    "2. 李四于2026年12月15日前一次性支付张三天花板、墙面修复费用人民币2000元；\n"
    "3. 双方今后互相谅解、和睦相处，就本纠纷不再向对方提出其他要求。"
)
LABELS = ("申请人张三执", "被申请人李四执", "调解委员会存档")


def agreement_data(**changes: Any) -> AgreementData:
    """A two-party 邻里 case, three copies, as the mediation service would build it."""
    data = AgreementData(
        regime="people",
        case_no="(2026)录霞调字第007号",
        district="湛江市公安局霞山分局",
        station_line="新村派出所 录霞社区微派出所",
        enquiry_phone="0759-2281234",
        organisation="录霞社区人民调解委员会",
        parties=(
            AgreementParty(
                "申请人",
                "张三",
                "男",
                "1968年3月",
                MASKED_IDS[0],
                "湛江市霞山区录霞路18号3栋502房",
                "138****5678",
            ),
            AgreementParty(
                "被申请人",
                "李四",
                "女",
                "1975年11月",
                MASKED_IDS[1],
                "湛江市霞山区录霞路18号3栋602房",
                "139****1234",
            ),
        ),
        facts="李四家卫生间多次向楼下张三家渗水，造成天花板霉变、墙面脱落，双方协商未果并发生口角。",
        dispute_points="渗水的维修责任及修复费用的承担。",
        responsibility="渗水系李四家防水层老化所致，李四负主要责任；张三言语过激，负一定责任。",
        terms=TERMS,
        performance_method="第2项以现金方式在录霞社区人民调解委员会当面支付。",
        performance_deadline=date(2026, 12, 15),
        mediators="王五、赵六",
        agreed_on=date(2026, 11, 27),
        copy_labels=LABELS,
    )
    return replace(data, **changes)


def pages(pdf: bytes) -> list[str]:
    """The flat text of each page (pdftotext ends every page with a form feed)."""
    return ["".join(page.split()) for page in pdftools.text(pdf).split("\f")[:-1]]


@pytest.fixture(autouse=True)
def _tools() -> None:
    pdftools.require_tools()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_prints_the_statutory_contents(layout: str) -> None:
    pdf = render_agreement(agreement_data(), layout)
    fonts = pdftools.fonts(pdf)
    assert fonts
    assert all(f.embedded and f.subset for f in fonts), fonts
    text = pdftools.flat_text(pdf)
    assert not pdftools.has(
        text,
        "人民调解协议书",
        "编号：(2026)录霞调字第007号",
        "张三",
        "李四",
        *MASKED_IDS,
        "湛江市霞山区录霞路18号3栋502房",
        "138****5678",
        "1975年11月",
        "纠纷主要事实",
        "争议事项",
        "各方责任",
        "李四负主要责任",
        *TERMS.split("\n"),
        "履行方式、地点",
        "2026年12月15日前履行完毕",
        "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。",
        "本协议一式3份，当事人各执一份，调解委员会留存一份。",
        "当事人（签名/按指印）：",
        "人民调解员（签名）：",
        "人民调解委员会（印章）",
        "2026年11月27日",
    )
    for number in FULL_IDS:
        assert number not in text
    assert "补打" not in text
    width = {"A4": 210, "A5": 148, "roll80": 80}[layout]
    assert pdftools.info(pdf).width_pt == pytest.approx(width * mm, abs=0.5)


def test_the_users_lines_of_terms_are_kept() -> None:
    lines = [line.strip() for line in pdftools.text(render_agreement(agreement_data())).splitlines()]
    for item in TERMS.split("\n"):
        assert any(line.startswith(item[:12]) for line in lines), item


def test_each_copy_is_complete_on_a_page_of_its_own_on_a4() -> None:
    pdf = render_agreement(agreement_data())
    assert pdftools.info(pdf).pages == len(LABELS)
    for n, (page, label) in enumerate(zip(pages(pdf), LABELS, strict=True), start=1):
        assert f"第{n}份/共3份{label}" in page
        assert not pdftools.has(
            page, "张三", "李四", "双方今后互相谅解", "人民调解员（签名）", "2026年11月27日"
        )
        assert f"第{n}页共3页" in page


@pytest.mark.parametrize("layout", ["A4", "A5"])
def test_a_long_agreement_flows_over_pages_and_every_copy_still_starts_a_page(layout: str) -> None:
    terms = "\n".join(
        f"{i}. 李四于2026年12月15日前完成第{i}项维修，费用由李四承担，张三予以配合。" for i in range(1, 41)
    )
    pdf = render_agreement(agreement_data(terms=terms), layout)
    texts = pages(pdf)
    total = pdftools.info(pdf).pages
    assert total == len(texts)
    assert total % len(LABELS) == 0
    per_copy = total // len(LABELS)
    assert per_copy >= 2
    for n, label in enumerate(LABELS, start=1):
        first = texts[(n - 1) * per_copy]
        assert f"第{n}份/共3份{label}" in first
        assert "（续）" not in first
        for later in texts[(n - 1) * per_copy + 1 : n * per_copy]:
            assert f"第{n}份/共3份{label}（续）" in later
        assert "人民调解员（签名）" in texts[n * per_copy - 1]
    assert f"第{total}页共{total}页" in texts[-1]


def test_the_roll_prints_the_copies_one_under_the_other() -> None:
    pdf = render_agreement(agreement_data(), "roll80")
    assert pdftools.info(pdf).pages == 1
    text = pdftools.flat_text(pdf)
    assert text.count("沿此线剪开") == len(LABELS) - 1
    for n, label in enumerate(LABELS, start=1):
        assert text.count(f"第{n}份/共3份{label}") == 1
    assert "录霞社区人民调解委员会（印章）" in text


@pytest.mark.parametrize(
    ("regime", "title"),
    [("people", "人民调解协议书"), ("public_security", "治安调解协议书"), ("on_site", "现场治安调解协议书")],
)
def test_title_and_clauses_follow_the_regime(regime: str, title: str) -> None:
    police = regime != "people"
    labels = ("申请人张三执", "被申请人李四执", "公安机关存档") if police else LABELS
    data = agreement_data(regime=regime, organisation="新村派出所" if police else "录霞社区人民调解委员会")
    text = pdftools.flat_text(render_agreement(replace(data, copy_labels=labels)))
    assert title in text
    if regime == "public_security":
        assert "现场治安调解协议书" not in text
    assert ("司法确认" in text) is not police
    expected = (
        ("经公安机关调解", "治安管理处罚法", "调解民警（签名）：", "公安机关（印章）", "公安机关留存一份")
        if police
        else ("人民调解员（签名）：", "人民调解委员会（印章）", "调解委员会留存一份")
    )
    assert not pdftools.has(text, *expected)


def test_three_parties_four_copies_and_an_empty_responsibility() -> None:
    other = AgreementParty("其他当事人", "欧阳美玲", "", "", "", "湛江市霞山区录霞路20号", "")
    labels = (*LABELS[:2], "其他当事人欧阳美玲执", "公安机关存档")
    data = agreement_data(
        regime="public_security",
        parties=(*agreement_data().parties, other),
        responsibility="  ",
        copy_labels=labels,
    )
    pdf = render_agreement(data)
    text = pdftools.flat_text(pdf)
    assert pdftools.info(pdf).pages == 4
    assert "各方责任" not in text
    assert not pdftools.has(text, "欧阳美玲", "本协议一式4份，当事人各执一份，公安机关留存一份。")
    assert text.count("当事人（签名/按指印）：") == 3 * 4


def test_same_data_gives_the_same_bytes_even_in_another_process() -> None:
    first = render_agreement(agreement_data())
    assert render_agreement(agreement_data()) == first
    code = (
        "import hashlib, sys\n"
        "from desktop.documents.mediation_agreement import render_agreement\n"
        "from tests.desktop.documents.test_mediation_agreement import agreement_data\n"
        "sys.stdout.write(hashlib.sha256(render_agreement(agreement_data())).hexdigest())\n"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout == hashlib.sha256(first).hexdigest()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_reprint_is_marked(layout: str) -> None:
    pdf = render_agreement(agreement_data(copy_no=2, reprint_reason="原件污损"), layout)
    assert pdf != render_agreement(agreement_data(), layout)
    assert not pdftools.has(pdftools.flat_text(pdf), "补打（第 2 次打印）：原件污损")


def test_characters_outside_the_font_are_refused_before_drawing() -> None:
    first, second = agreement_data().parties
    with pytest.raises(UnsupportedCharacters) as raised:
        render_agreement(agreement_data(parties=(replace(first, name="张𠀾明"), second)))
    assert raised.value.field == "party_names"
    assert raised.value.characters == ("𠀾",)
    with pytest.raises(UnsupportedCharacters) as terms:
        render_agreement(agreement_data(terms="刘𠮷赔偿100元"))
    assert terms.value.field == "terms"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"parties": agreement_data().parties[:1]}, "parties"),
        ({"terms": " \n"}, "agreement_terms"),
        ({"copy_labels": ()}, "copy_labels"),
        ({"regime": "court"}, "regime"),
    ],
)
def test_an_incomplete_agreement_is_refused(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        render_agreement(agreement_data(**changes))
    assert raised.value.field == field


def test_unknown_layout() -> None:
    with pytest.raises(ValidationError) as raised:
        render_agreement(agreement_data(), "letter")
    assert raised.value.field == "layout"
