"""Station set-up, station-wide settings and their audit events."""

from __future__ import annotations

import pytest

from desktop.errors import ConflictError, ValidationError
from desktop.services import auth, settings, station
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import PASSWORD, audit_actions, audit_count, make_station


def test_defaults_are_the_design_values(core: Core) -> None:
    assert settings.get_settings(core) == settings.StationSettings(
        password_min_length=8, lockout_threshold=5, lockout_minutes=15, idle_lock_minutes=10
    )


def test_settings_change_writes_exactly_one_event(core: Core, admin: Actor) -> None:
    before = audit_count(core)
    updated = settings.update_settings(core, admin, idle_lock_minutes=5, lockout_minutes=30)
    assert updated.idle_lock_minutes == 5
    assert settings.get_settings(core).lockout_minutes == 30
    assert audit_actions(core)[before:] == [("settings.update", True)]
    settings.update_settings(core, admin, idle_lock_minutes=5)  # nothing changes: nothing to audit
    assert audit_count(core) == before + 1


def test_settings_are_range_checked(core: Core, admin: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        settings.update_settings(core, admin, idle_lock_minutes=0)
    assert err.value.field == "idle_lock_minutes"


def test_station_init_derives_the_short_name(core: Core, admin: Actor) -> None:
    created = make_station(core, admin)
    assert (created.code, created.short_name, created.region_code) == ("XSLX01", "录霞", "440803")
    assert station.get_station(core, "XSLX01").name == "录霞社区微派出所"
    with pytest.raises(ConflictError):
        make_station(core, admin)


def test_station_code_is_validated(core: Core, admin: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        station.init_station(core, admin, station.StationInput(code="x", name="某站"))
    assert err.value.field == "code"


def test_first_run_creates_station_and_admin_once(core: Core) -> None:
    data = station.StationInput(code="XSLX01", name="录霞社区微派出所", police_station="新村派出所")
    created, user = station.first_run_setup(
        core, data, username="admin", display_name="王站长", password=PASSWORD
    )
    assert user.role == "admin"
    assert not user.must_change_password
    assert auth.login(core, "admin", PASSWORD).id == user.id
    with pytest.raises(ConflictError, match="已有用户"):
        station.first_run_setup(core, data, username="admin2", display_name="X", password=PASSWORD)
    assert created.police_station == "新村派出所"


def test_first_run_is_all_or_nothing(core: Core) -> None:
    data = station.StationInput(code="XSLX01", name="录霞社区微派出所")
    with pytest.raises(ValidationError):
        station.first_run_setup(core, data, username="admin", display_name="王站长", password="weak")
    assert station.list_stations(core) == []


def test_stale_station_form_is_a_conflict(core: Core, admin: Actor) -> None:
    created = make_station(core, admin)
    edited = station.StationInput(code="XSLX01", name="录霞社区微派出所", phone="0759-2212110")
    station.update_station(core, admin, "XSLX01", edited, version=created.version)
    with pytest.raises(ConflictError):
        station.update_station(core, admin, "XSLX01", edited, version=created.version)


def test_short_names_stay_unique_for_case_numbers(core: Core, admin: Actor) -> None:
    make_station(core, admin)
    with pytest.raises(ValidationError, match="已被站点 XSLX01 使用") as err:
        station.init_station(core, admin, station.StationInput(code="XSLX02", name="录霞村微派出所"))
    assert err.value.field == "short_name"
    second = station.init_station(
        core, admin, station.StationInput(code="XSLX02", name="录霞村微派出所", short_name="录霞村")
    )
    assert second.short_name == "录霞村"


def test_station_phone_is_checked_and_normalised(core: Core, admin: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        station.init_station(
            core, admin, station.StationInput(code="XSLX01", name="录霞社区微派出所", phone="12ab")
        )
    assert err.value.field == "phone"
    created = station.init_station(
        core, admin, station.StationInput(code="XSLX01", name="录霞社区微派出所", phone="0759 2212110")
    )
    assert created.phone == "0759-2212110"


def test_station_and_settings_save_together_or_not_at_all(core: Core, admin: Actor) -> None:
    created = make_station(core, admin)
    data = station.StationInput(code="XSLX01", name="录霞社区微派出所", address="霞山区录霞路1号")
    with pytest.raises(ValidationError):
        station.save_station_and_settings(
            core, admin, "XSLX01", data, version=created.version, settings={"idle_lock_minutes": 0}
        )
    assert station.get_station(core, "XSLX01").address == ""
    saved, rules = station.save_station_and_settings(
        core, admin, "XSLX01", data, version=created.version, settings={"idle_lock_minutes": 5}
    )
    assert saved.address == "霞山区录霞路1号"
    assert rules.idle_lock_minutes == 5
    assert settings.get_settings(core).idle_lock_minutes == 5


def test_all_problems_of_a_station_form_are_reported_at_once() -> None:
    data = station.StationInput(code="ab!", name="", phone="12ab", region_code="4408")
    assert {p.field for p in data.problems()} == {"code", "name", "phone", "region_code"}


def test_the_region_code_is_stored_as_ascii_digits_and_other_digits_are_refused(
    core: Core, admin: Actor
) -> None:
    make_station(core, admin)
    current = station.get_station(core, "XSLX01")
    typed = station.StationInput(code="XSLX01", name="录霞社区微派出所", region_code=" ４４０８０４\u3000")
    saved = station.update_station(core, admin, "XSLX01", typed, version=current.version)
    assert saved.region_code == station.get_station(core, "XSLX01").region_code == "440804"
    for other in ("٤٤٠٨٠٣", "४४०८०३", "44080３a"):  # Arabic-Indic, Devanagari digits: not a code
        refused = station.StationInput(code="XSLX01", name="录霞社区微派出所", region_code=other).problems()
        assert [(p.field, "6 位数字" in p.message) for p in refused] == [("region_code", True)]
