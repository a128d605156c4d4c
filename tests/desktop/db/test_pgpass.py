"""PostgreSQL passwords go to libpq's password file (owner-only), never to the desk's config."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from desktop.db.pgpass import PgTarget, store_password, target_from_url


def test_password_line_is_written_owner_only_and_replaced(tmp_path: Path) -> None:
    passfile = tmp_path / "config" / "pgpass"
    target = PgTarget(host="192.168.1.10", port=5432, database="microstation", user="desk")
    store_password(passfile, target, "first:pw\\x")
    store_password(passfile, PgTarget("other", 5432, "db", "u"), "keep")
    store_password(passfile, target, "second")
    lines = passfile.read_text(encoding="utf-8").splitlines()
    assert lines == ["other:5432:db:u:keep", "192.168.1.10:5432:microstation:desk:second"]
    if sys.platform != "win32":
        assert stat.S_IMODE(passfile.stat().st_mode) == 0o600


def test_special_characters_are_escaped_as_libpq_reads_them(tmp_path: Path) -> None:
    passfile = tmp_path / "pgpass"
    store_password(passfile, PgTarget("h", 5432, "db", "u"), "a:b\\c")
    assert passfile.read_text(encoding="utf-8") == "h:5432:db:u:a\\:b\\\\c\n"


@pytest.mark.parametrize("with_file", [True, False])
def test_url_names_the_password_file_but_holds_no_password(tmp_path: Path, with_file: bool) -> None:
    target = PgTarget(host="server", port=5433, database="microstation", user="desk")
    url = target.url(passfile=tmp_path / "pgpass" if with_file else None)
    assert url.startswith("postgresql+psycopg://desk@server:5433/microstation")
    assert ("passfile=" in url) is with_file
    assert target_from_url(url) == target
