"""The shipped catalog loads, says what DOMAIN.md says, finds businesses by pinyin, and refuses broken data."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin

from desktop.domain.catalog import Catalog, CatalogError, load_catalog
from desktop.errors import ValidationError

CATALOG_DIR = Path(__file__).resolve().parents[3] / "resources" / "catalog"
WALKIN_CODES = [
    "birth_registration",
    "hukou_move_in",
    "hukou_move_out",
    "id_card_first",
    "id_card_renewal",
    "id_card_reissue",
    "id_card_temporary",
    "residence_permit",
    "residence_permit_endorse",
    "no_criminal_record",
    "certificate",
    "name_change",
    "death_cancellation",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(CATALOG_DIR)


def test_every_walkin_business_is_there(catalog: Catalog) -> None:
    assert [b.code for b in catalog.walkin_businesses()] == WALKIN_CODES
    for business in catalog.walkin_businesses():
        assert business.source
        assert business.effective <= date(2026, 12, 31)
        assert any(m.required for m in business.materials), business.code


def test_default_directory_is_the_shipped_catalog(catalog: Catalog) -> None:
    assert load_catalog() == catalog


def test_fees_time_limits_and_unverified_flags(catalog: Catalog) -> None:
    fees = {b.code: b.fee_fen for b in catalog.walkin_businesses()}
    assert (fees["id_card_first"], fees["id_card_reissue"], fees["id_card_temporary"]) == (2000, 4000, 1000)
    assert fees["no_criminal_record"] == 0
    assert {b.code for b in catalog.walkin_businesses() if b.unverified} == {
        "hukou_move_in",
        "residence_permit_endorse",
        "name_change",
    }
    no_record = catalog.walkin("no_criminal_record").time_limit
    assert (no_record.kind, no_record.days) == ("working_days", 3)
    assert catalog.walkin("birth_registration").time_limit.kind == "on_the_spot"
    assert catalog.walkin("birth_registration").category == "户政"


def test_unknown_business_code_is_a_validation_error(catalog: Catalog) -> None:
    with pytest.raises(ValidationError) as caught:
        catalog.walkin("passport")
    assert caught.value.field == "business_code"


def test_shipped_initials_match_pypinyin(catalog: Catalog) -> None:
    for business in catalog.walkin_businesses():
        expected = "".join(lazy_pinyin(business.name, style=Style.FIRST_LETTER, errors="ignore")).lower()
        assert business.initials == expected, business.name


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("wfz", "no_criminal_record"),
        ("WFZ", "no_criminal_record"),
        ("zm", "certificate"),  # prefix of 证明开具 comes before the 证明 inside 无犯罪记录证明
        ("无犯罪", "no_criminal_record"),
        ("身份证", "id_card_first"),
        ("hkq", "hukou_move_in"),
    ],
)
def test_search_by_chinese_text_or_pinyin_initials(catalog: Catalog, text: str, first: str) -> None:
    assert catalog.search(text)[0].code == first


def test_search_details(catalog: Catalog) -> None:
    assert [b.code for b in catalog.search("wfz")] == ["no_criminal_record"]
    assert {b.code for b in catalog.search("zm")} == {"certificate", "no_criminal_record"}
    assert len(catalog.search("  ")) == len(WALKIN_CODES)
    assert catalog.search("qqqq") == []


def test_closed_lists(catalog: Catalog) -> None:
    assert len(catalog.certificate_kinds) == 9
    temporary = catalog.certificate_kind("temporary_identity")
    assert (temporary.name, temporary.needs_validity, temporary.needs_purpose) == ("临时身份证明", True, True)
    assert sum(k.needs_validity for k in catalog.certificate_kinds) == 1
    assert next(t.name for t in catalog.consultation_topics) == "无犯罪记录证明"
    assert len(catalog.consultation_topics) == 9
    assert len(catalog.mediation_categories) == 15
    assert "110转来" in [s.name for s in catalog.mediation_sources]
    assert len(catalog.mediation_sources) == 7


def test_exit_entry_fees(catalog: Catalog) -> None:
    ee = catalog.exit_entry
    for application_type in ("first", "renewal", "reissue"):
        passport = ee.document_fee("passport", application_type)
        assert passport is not None
        assert passport.fee_fen == 12000
        assert "914号" in passport.basis
        assert passport.effective == date(2019, 7, 1)
    assert ee.document_fee("passport", "amend") is None
    assert ee.amendment_fee_fen("passport", 3) == 6000
    hk_permit = ee.document_fee("hk_macau", "first")
    assert hk_permit is not None
    assert hk_permit.fee_fen == 6000
    assert [f.fee_fen for f in ee.endorsement_tiers("hk_macau")] == [1500, 3000, 8000, 12000, 16000, 24000]
    assert [f.fee_fen for f in ee.endorsement_tiers("taiwan")] == [1500, 8000]
    assert ee.endorsement_fee("hk_macau", "multi_1y").fee_fen == 8000
    assert ee.fee("taiwan_single_trip_permit").fee_fen == 1500
    with pytest.raises(ValidationError):
        ee.endorsement_fee("passport", "single")


def test_exit_entry_lists_and_time_limits(catalog: Catalog) -> None:
    ee = catalog.exit_entry
    assert [c.code for c in ee.document_types] == ["passport", "hk_macau", "taiwan"]
    assert [c.code for c in ee.application_types] == ["first", "renewal", "reissue", "amend", "endorsement"]
    assert [t.code for t in ee.endorsement_types_for("hk_macau")] == ["L", "G", "T", "S", "D", "Q"]
    assert [t.code for t in ee.endorsement_types_for("taiwan")] == list("LGTDYFXCQJ")
    local = ee.time_limit(local_household=True)
    assert (local.kind, local.days) == ("working_days", 7)
    assert ee.time_limit(local_household=False).days == 20
    assert "old_document" in [m.code for m in ee.materials_for("renewal")]
    assert "old_document" not in [m.code for m in ee.materials_for("first")]


NAME_ONLY = 'code = "no_criminal_record"\nname = "无犯罪记录证明"'
NO_RECORD = NAME_ONLY + '\ninitials = "wfzjlzm"'  # unique: the business, not the certificate kind or topic


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("walkin.toml", NO_RECORD, NO_RECORD + "\ncolour = 1", ["未知字段", "colour"]),
        ("walkin.toml", NO_RECORD, NAME_ONLY, []),  # initials are optional: computed from the name
        (
            "walkin.toml",
            NO_RECORD + '\ncategory = "证明"\n',
            NO_RECORD + "\n",
            ["category"],
        ),
        (
            "walkin.toml",
            'category = "证明"\nfee_fen = 0\nfee_basis = "不收费"\ntime_limit = { kind = "working_days"',
            'category = "证明"\nfee_fen = -100\nfee_basis = "不收费"\ntime_limit = { kind = "working_days"',
            ["fee_fen"],
        ),
        (
            "walkin.toml",
            'code = "certificate"\nname = "证明开具"',
            'code = "no_criminal_record"\nname = "证明开具"',
            ["重复", "no_criminal_record"],
        ),
        (
            "walkin.toml",
            '{ code = "introduction_letter", name = "单位介绍信", form = "original"',
            '{ code = "introduction_letter", name = "单位介绍信", form = "scan"',
            ["form", "scan"],
        ),
        (
            "walkin.toml",
            'source = "《公安机关办理犯罪记录查询工作规定》；多地办事指南汇总"\neffective = 2026-01-01',
            'source = "《公安机关办理犯罪记录查询工作规定》；多地办事指南汇总"\neffective = "2026-02-30"',
            ["effective"],
        ),
        (
            "walkin.toml",
            'kind = "working_days", days = 3,',
            'kind = "workdays", days = 3,',
            ["kind", "workdays"],
        ),
        ("walkin.toml", 'kind = "working_days", days = 3,', 'kind = "on_the_spot", days = 3,', ["days"]),
        ("walkin.toml", NO_RECORD, NO_RECORD + "\nfee_fen = [", ["TOML"]),
    ],
)
def test_broken_walkin_entries_are_refused_naming_file_and_entry(
    tmp_path: Path, file: str, old: str, new: str, expected: list[str]
) -> None:
    directory = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, directory)
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    if not expected:
        assert load_catalog(directory).walkin("no_criminal_record").initials == "wfzjlzm"
        return
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    message = str(caught.value)
    assert file in message
    if "TOML" not in expected:
        assert "no_criminal_record" in message
    for fragment in expected:
        assert fragment in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("per_item = true\nfee_fen = 2000", "per_item = true\nfee_fen = -2000", "fee_fen"),
        (
            'document_type = "passport"\napplication_types = ["first", "renewal", "reissue"]',
            'document_type = "ship"\napplication_types = ["first", "renewal", "reissue"]',
            "ship",
        ),
        ('tier = "double"', 'tier = "single"', "tier"),
        ('applies_to = ["reissue"]', 'applies_to = ["reissue", "lost"]', "lost"),
        ("days = 7", "days = 0", "days"),
    ],
)
def test_broken_exit_entry_data_is_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    directory = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, directory)
    path = directory / "exit_entry.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"exit_entry\.toml") as caught:
        load_catalog(directory)
    assert expected in str(caught.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"walkin\.toml"):
        load_catalog(tmp_path)
