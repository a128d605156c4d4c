"""Bad input at scale through the account and station services (SQLite and PostgreSQL): every field nasty at once
(tests/helpers/fuzz.py). Accepted values read back through login / get_station, normalised as
documented: surrounding blanks dropped (username, display name, police number, station texts), the station code
upper-cased, the phone canonical, the region code's full-width digits made ASCII (NFKC). Passwords are hashed with cheap argon2 parameters here (the real ones cost 50 ms
a hash); login proves each accepted password verifies.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st

from desktop.clock import ManualClock
from desktop.domain.identity import validate_phone
from desktop.services import auth, station
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import make_station
from tests.helpers.fuzz import backend_of, fuzz_settings, module_database, read_back_mismatches, settle
from tests.helpers.nasty import choice, nasty_text, text_or

ADMIN = Actor(username="cli:test", role="admin", display_name="命令行", is_command_line=True)
_users = itertools.count(1)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def core(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Core]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for database in module_database(str(request.param), tmp_path_factory, request):
            core = Core(db=database, clock=ManualClock(datetime(2026, 11, 27, 2, 30, tzinfo=UTC)))
            make_station(core, ADMIN, "XSLX01")
            yield core


USER_FIELDS = {
    "username": text_or("wang", " li.si "),
    "display_name": text_or("王五", "欧阳 娜娜"),
    "police_no": text_or("", "440012"),
    "password": text_or("Counter#2026", "长密码Abc123", "Ａbc#12345"),
    "role": choice("desk", "officer", "admin", "auditor"),
}


def _user_plain() -> dict[str, Any]:
    return {"username": f"u{next(_users)}", "display_name": "王五", "police_no": "", "password": "Counter#2026",
            "role": "desk"}  # fmt: skip


def test_adding_a_user_takes_any_text(core: Core, request: pytest.FixtureRequest) -> None:
    @fuzz_settings(backend_of(request, "core"))
    @given(st.fixed_dictionaries(USER_FIELDS))
    def example(typed: dict[str, Any]) -> None:
        typed = typed | {"username": typed["username"] + str(next(_users))}  # a name is taken once
        user, accepted, _ = settle(
            lambda v: auth.add_user(core, ADMIN, username=v["username"], role=v["role"], display_name=v["display_name"],
                                    password=v["password"], police_no=v["police_no"]),
            typed,
            _user_plain(),
        )  # fmt: skip
        # login reads the account in its own transaction: the stored values, and the accepted password verifies
        # (list_users would read every account made so far, each example)
        stored = auth.login(core, user.username, accepted["password"])
        assert stored.id == user.id
        read = {"username": stored.username, "display_name": stored.display_name, "police_no": stored.police_no,
                "role": stored.role}  # fmt: skip
        expect = {"username": str.strip, "display_name": str.strip, "police_no": str.strip}
        assert not read_back_mismatches(accepted, read, expect)

    example()


STATION_FIELDS = {
    "name": text_or("录霞社区微派出所"),
    "short_name": text_or("", "录霞"),
    "police_station": text_or("新村派出所"),
    "district": text_or("湛江市公安局霞山分局"),
    "address": text_or("霞山区录霞路1号"),
    "phone": st.one_of(st.sampled_from(["", "0759-2123456", "１３８１２３４５６７８"]), nasty_text),
    "region_code": st.one_of(st.sampled_from(["440803", "４４０８０３"]), nasty_text),
}
STATION_PLAIN = {"name": "录霞社区微派出所", "short_name": "录霞", "police_station": "新村派出所",
                 "district": "湛江市公安局霞山分局", "address": "霞山区录霞路1号", "phone": "", "region_code": "440803"}  # fmt: skip


def test_editing_the_station_takes_any_text(core: Core, request: pytest.FixtureRequest) -> None:
    @fuzz_settings(backend_of(request, "core"))
    @given(st.fixed_dictionaries(STATION_FIELDS))
    def example(typed: dict[str, Any]) -> None:
        current = station.get_station(core, "XSLX01")
        saved, accepted, _ = settle(
            lambda v: station.update_station(core, ADMIN, "XSLX01", station.StationInput(code="XSLX01", **v),
                                             version=current.version),
            typed,
            STATION_PLAIN,
        )  # fmt: skip
        read = station.get_station(core, "XSLX01")
        values = {f: getattr(read, f) for f in STATION_FIELDS}
        name = accepted["name"].strip()
        expect = {
            "name": str.strip,
            "short_name": lambda v: v.strip() or station._short_name(name),
            "police_station": str.strip,
            "district": lambda v: v.strip() or station.DEFAULT_DISTRICT,
            "address": str.strip,
            "phone": lambda v: validate_phone(v) if v.strip() else "",
            "region_code": lambda v: unicodedata.normalize("NFKC", v).strip(),
        }
        assert not read_back_mismatches(accepted, values, expect)
        assert saved.version == read.version

    example()
