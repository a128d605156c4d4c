"""`selftest`: can this installation work? One line per check, exit 0 only when no check failed.

Meant for right after installing (also inside the frozen bundle): the bundled fonts and data files are found, the
migrations run (on a throw-away SQLite file under the cache folder), a receipt renders with its fonts embedded,
and the configured database — if there is one yet — opens at this program's schema. A desk that has never been
started has no database: that check is then SKIPPED (the first-run wizard creates it), not failed. A configured
database that cannot be opened or is at another schema version fails.

The checks that need Qt (translations, plugins, theme, PDF preview) live in ui.selftest_checks and are handed in
by main.py, so this module stays free of Qt like the rest of the core.
"""

from __future__ import annotations

import enum
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from desktop import APP_TITLE, __version__
from desktop.paths import AppPaths, resource_dir

# The primary font must cover the station's everyday text; the fallback covers CJK Extension A (e.g. 䶮).
EVERYDAY_TEXT = "微派出所前台受理系统 居民身份证 户口簿 0123456789 ABC"
RARE_CHARACTER = "䶮"
SUBSET_NAME = re.compile(rb"/BaseFont\s*/([A-Z]{6}\+)?([^\s/<>\[\]()]+)")


class Outcome(enum.Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True)
class CheckResult:
    name: str
    outcome: Outcome
    detail: str

    def line(self) -> str:
        return f"{self.outcome.value} {self.name}：{self.detail}"


class CheckFailed(Exception):
    """Raised by a check with the reason it failed, in words for the person running the test."""


class Skipped(Exception):
    """Raised by a check that does not apply to this installation (yet)."""


@dataclass(frozen=True)
class Check:
    """A named check: returns the detail of a pass, raises CheckFailed/Skipped (anything else is a failure too)."""

    name: str
    run: Callable[[], str]


def run_check(check: Check) -> CheckResult:
    try:
        return CheckResult(check.name, Outcome.PASS, check.run())
    except Skipped as exc:
        return CheckResult(check.name, Outcome.SKIP, str(exc))
    except CheckFailed as exc:
        return CheckResult(check.name, Outcome.FAIL, str(exc))
    except Exception as exc:  # a broken bundle shows up as any error at all: report it, go on with the rest
        message = getattr(exc, "message", None) or str(exc) or "(no message)"
        return CheckResult(check.name, Outcome.FAIL, f"{type(exc).__name__}: {message}")


def sample_receipt_pdf() -> bytes:
    """An A4 受理回执 built in memory (no database), with a name that needs the fallback font."""
    from desktop.documents.data import MaterialLine, ReceiptData
    from desktop.documents.receipt import render_receipt

    data = ReceiptData(
        number="SELF00-20260101-0001",
        kind="walkin",
        district="湛江市公安局霞山分局",
        police_station="新村派出所",
        station_name="自检社区微派出所",
        station_address="湛江市霞山区自检路1号",
        enquiry_phone="0759-0000000",
        business_name="居民身份证换领",
        application_type="证件",
        applicant_name=f"王{RARE_CHARACTER}",
        applicant_id_masked="440803********0000",
        applicant_phone_masked="138****0000",
        accepted_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
        time_limit="本地承诺20个工作日办结",
        due_date=date(2026, 2, 2),
        fee_text="20.00 元",
        fee_basis="《居民身份证法》",
        staff_name="自检",
        staff_no="F0000",
        qr_payload="SELF00-20260101-0001.SELFTEST00",
        received=(MaterialLine("居民户口簿", "original", 1),),
    )
    return render_receipt(data, "A4")


def embedded_fonts(pdf: bytes) -> list[str]:
    """The fonts a PDF names, checked to be embedded subsets; raises CheckFailed for one that is not."""
    names = SUBSET_NAME.findall(pdf)
    if not names:
        raise CheckFailed("PDF 中没有字体")
    plain = sorted({name.decode("latin-1") for prefix, name in names if not prefix})
    if plain:
        raise CheckFailed(f"字体未嵌入：{'、'.join(plain)}（在没有该字体的电脑上会打印成空白）")
    if pdf.count(b"/FontFile2") < len(names):
        raise CheckFailed("PDF 中有字体缺少 TrueType 字形数据（/FontFile2）")
    return sorted({name.decode("latin-1") for _prefix, name in names})


def check_fonts() -> str:
    from desktop.documents.fonts import default_fonts

    fonts = default_fonts()
    if fonts.missing(EVERYDAY_TEXT):
        raise CheckFailed(f"主字库缺字：{''.join(fonts.missing(EVERYDAY_TEXT))}")
    fallback = fonts.font_for(RARE_CHARACTER)
    if fallback is None or fallback == fonts.primary:
        raise CheckFailed(f"后备字库缺失：生僻字“{RARE_CHARACTER}”无字库可打印（resources/fonts）")
    return f"{fonts.primary}，后备 {', '.join(fonts.names[1:])}（{resource_dir() / 'fonts'}）"


def check_data_files() -> str:
    from desktop.domain.catalog import default_catalog
    from desktop.domain.workdays import default_calendar

    catalog = default_catalog()
    calendar = default_calendar()
    this_year = datetime.now(UTC).year
    known = "已知" if calendar.is_covered(this_year) else "未知（仅按周末推算）"
    return (
        f"业务 {len(catalog.businesses)} 种，出入境收费 {len(catalog.exit_entry.fees)} 项，"
        f"调解类别 {len(catalog.mediation_categories)} 种；{this_year} 年节假日{known}"
    )


def check_migrations(paths: AppPaths) -> str:
    from sqlalchemy import inspect

    from desktop.db.database import Database
    from desktop.db.schema import SchemaState, upgrade

    folder = Path(tempfile.mkdtemp(prefix="selftest-", dir=paths.cache))
    try:
        db = Database(f"sqlite:///{(folder / 'selftest.sqlite3').as_posix()}", workstation="selftest")
        try:
            status = upgrade(db)
            tables = len(inspect(db.engine).get_table_names())
        finally:
            db.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if status.state is not SchemaState.CURRENT:
        raise CheckFailed(status.describe())
    return f"临时 SQLite 数据库已升级到 {status.program_revision}（{tables} 张表）"


def check_configured_database(paths: AppPaths, url: str) -> str:
    from sqlalchemy import make_url

    from desktop.db.database import Database
    from desktop.db.engine import is_sqlite, sqlite_path
    from desktop.db.schema import SchemaState, schema_status

    shown = make_url(url).render_as_string(hide_password=True)
    file = sqlite_path(url) if is_sqlite(url) else None
    if file is not None and not file.exists():
        raise Skipped(f"未初始化：{file} 尚不存在（首次启动时的设置向导创建数据库）")
    db = Database(url)
    try:
        db.check_integrity()
        status = schema_status(db)
    finally:
        db.dispose()
    if status.state is not SchemaState.CURRENT:
        raise CheckFailed(f"{shown}：{status.describe()}")
    return f"{shown}：{status.describe()}"


def check_receipt() -> str:
    pdf = sample_receipt_pdf()
    if not pdf.startswith(b"%PDF-"):
        raise CheckFailed("输出不是 PDF")
    fonts = embedded_fonts(pdf)
    return f"A4 受理回执 {len(pdf)} 字节，嵌入字体子集：{'、'.join(fonts)}"


def core_checks(paths: AppPaths, url: str) -> list[Check]:
    return [
        Check("字体", check_fonts),
        Check("业务目录与节假日", check_data_files),
        Check("数据库迁移", lambda: check_migrations(paths)),
        Check("本机数据库", lambda: check_configured_database(paths, url)),
        Check("回执", check_receipt),
    ]


ExtraChecks = Callable[[AppPaths], Iterable[Check]]


def run_selftest(
    paths: AppPaths, url: str, extra: ExtraChecks | None = None, *, out: TextIO | None = None
) -> int:
    """Run every check, print one line each as it finishes, then a summary; 0 when none failed."""
    stream = out if out is not None else sys.stdout
    results: list[CheckResult] = []

    def checks() -> Iterator[Check]:
        yield from core_checks(paths, url)
        if extra is not None:
            yield from extra(paths)

    for check in checks():
        result = run_check(check)
        results.append(result)
        print(result.line(), file=stream, flush=True)
    failed = sum(r.outcome is Outcome.FAIL for r in results)
    skipped = sum(r.outcome is Outcome.SKIP for r in results)
    passed = len(results) - failed - skipped
    verdict = "自检通过" if not failed else "自检未通过"
    print(
        f"{verdict}：{APP_TITLE} {__version__}，{passed} 项通过，{failed} 项失败，{skipped} 项跳过",
        file=stream,
        flush=True,
    )
    return 0 if not failed else 1
