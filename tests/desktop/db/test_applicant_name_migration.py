"""Migration 0004 (the applicant's name on the application) on SQLite and PostgreSQL: applications recorded before
it get their applicant's name and are found by the search box; the downgrade returns to 0003 and the upgrade
runs again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select, text

from desktop.db.models import Application, Person
from desktop.db.schema import alembic_config, migration_connection
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import PersonInput
from desktop.services import intake, intake_list
from desktop.services.core import Actor, Core
from desktop.services.intake_list import IntakeFilter
from tests.desktop.services.helpers import make_station, make_user
from tests.desktop.services.test_intake import form


def _migrate(core: Core, action: str, revision: str) -> None:
    config = alembic_config()
    with migration_connection(core.db) as conn:
        config.attributes["connection"] = conn
        getattr(command, action)(config, revision)


def test_recorded_applications_get_their_applicants_name(core: Core, admin: Actor) -> None:
    make_station(core, admin)
    user = make_user(core, admin)
    desk = Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)
    first17 = "44080319900101002"
    lin = PersonInput(name="林美华", id_number=first17 + id_check_char(first17), phone="0759-2123456")
    chen = intake.create_intake(core, desk, "XSLX01", "m1", form()).record
    other = intake.create_intake(core, desk, "XSLX01", "m2", form(applicant=lin)).record

    _migrate(core, "downgrade", "0003")
    with core.db.engine.connect() as conn:
        assert "applicant_name" not in {c["name"] for c in inspect(conn).get_columns("application")}
    _migrate(core, "upgrade", "head")

    with core.db.read() as session:
        pairs = session.execute(
            select(Application.applicant_name, Person.name).join(
                Person, Person.id == Application.applicant_id
            )
        ).all()
        indexed = session.execute(
            text("SELECT count(*) FROM application WHERE applicant_name = '林美华'")
        ).scalar()
    assert sorted(pairs) == sorted([("陈志明", "陈志明"), ("林美华", "林美华")])
    assert indexed == 1
    found = intake_list.list_intake(core, desk, "XSLX01", IntakeFilter(text="林"))
    assert [r.receipt_no for r in found] == [other.receipt_no]
    assert [
        r.receipt_no for r in intake_list.list_intake(core, desk, "XSLX01", IntakeFilter(text="陈志"))
    ] == [chen.receipt_no]
