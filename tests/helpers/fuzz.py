"""The harness of the service fuzz tests (tests/desktop/services/test_fuzz_*.py).

Each hypothesis example fills EVERY field of a form with a nasty value at once and saves through the service on a
real database. A refusal must be a ValidationError in Chinese naming one of the fields that holds a nasty value;
that field goes back to its plain value and the save is tried again, until the service accepts the rest — so one
example puts one nasty value into each field and still costs one saved record (refusals are checked before the
database, or roll back). What was accepted is then read back through the service that loads the record and must
equal the value typed, or its documented normal form (`expect`).

One database per module and backend (the records pile up: fresh ID numbers and phones keep them apart), hypothesis's
example database off, no deadline. The tests are parametrized by backend and run their hypothesis function inside
(`fuzz_settings(backend)`): 1,000 examples on SQLite, 100 on PostgreSQL (see EXAMPLES).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from desktop.db.database import Database
from desktop.db.schema import upgrade
from desktop.errors import DomainError, ValidationError
from tests.helpers.nasty import chinese_problem

T = TypeVar("T")
# Examples per test: a field meets one nasty value per example. SQLite gets the 1,000; PostgreSQL 100,
# because what only PostgreSQL refuses is deterministic and met by the first examples: NUL in text (every example
# has some field with NUL or another control character, refused by the rules before any database), column widths
# (any length past the limit: the 2,000-10,000-character values come in every few examples), and the driver's
# encoding of a lone surrogate — the rest of the path (rules, normalisation, read-back) is the same Python on both,
# and a PostgreSQL save costs about twice a SQLite one (the CI budget). MICROSTATION_FUZZ_EXAMPLES sets both.
_OVERRIDE = os.environ.get("MICROSTATION_FUZZ_EXAMPLES")
EXAMPLES = {
    "sqlite": int(_OVERRIDE or 1000),
    "postgresql": int(_OVERRIDE or 100),
}
# The steps after a create (an edit of the record; a mediation case's session, outcome, follow-up, notes, close)
# run in about one example in STEPS_EVERY (`Steps`): each is a transaction and a read of the record, and the create
# already puts a nasty value into every field of the form (an edit's fields are the create's).
# MICROSTATION_FUZZ_STEPS_EVERY=1 runs them in every example (with MICROSTATION_FUZZ_EXAMPLES=1000: ~10 minutes).
STEPS_EVERY = int(os.environ.get("MICROSTATION_FUZZ_STEPS_EVERY", "5"))
# The examples are the same in every run (derandomized: a CI failure replays on any machine with the same code);
# MICROSTATION_FUZZ_RANDOM=1 draws new ones each run, to look further (`--hypothesis-seed=N` then replays one).
RANDOM = os.environ.get("MICROSTATION_FUZZ_RANDOM") == "1"
# an expected value the documented rules leave open (e.g. a blank address keeps the recorded one)
SKIP = object()

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def fuzz_settings(backend: str) -> settings:
    """The examples for `backend` (fixed unless RANDOM); hypothesis's example database off, no deadline (a save
    takes what it takes)."""
    return settings(
        max_examples=EXAMPLES[backend],
        deadline=None,
        database=None,
        suppress_health_check=_HEALTH,
        derandomize=not RANDOM,
    )


class Steps:
    """Whether an example also runs the steps after the create: `pick` is drawn by hypothesis from
    `Steps.pick()` (0 to STEPS_EVERY-1, about evenly: one example in STEPS_EVERY), so a failing example replays
    the same way; the steps' own values are drawn only when they run. Counts both for the report."""

    def __init__(self, every: int = STEPS_EVERY) -> None:
        """`every=1`: the steps in every example (their fields are their own, not the create's)."""
        self.every = every
        self.examples = 0
        self.stepped = 0

    def pick(self) -> st.SearchStrategy[int]:
        return st.integers(0, self.every - 1)

    def now(self, pick: int) -> bool:
        self.examples += 1
        self.stepped += pick == 0
        return pick == 0


def backend_of(request: pytest.FixtureRequest, fixture: str) -> str:
    """The backend a module-scoped fixture parametrized by backend was made for."""
    return str(request.node.callspec.params[fixture])


def module_database(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Database]:
    """A migrated database for one test module on `backend`, disposed at the module's end. The SQLite file goes
    to /dev/shm where there is one: the same SQLite, without waiting for the disk at each of thousands of commits."""
    if backend == "sqlite":
        shm = Path("/dev/shm")
        tmp = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("fuzz")
        request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
        url = f"sqlite:///{tmp / 'fuzz.sqlite3'}"
        database = Database(url)
        upgrade(database)
        database.dispose()
    else:
        from tests.conftest import new_pg_database

        url = new_pg_database(request.getfixturevalue("pg_server"))
    database = Database(url, workstation="fuzz-desk")
    yield database
    database.dispose()


def settle(
    save: Callable[[dict[str, Any]], T],
    values: Mapping[str, Any],
    plain: Mapping[str, Any],
    rules: Callable[[dict[str, Any]], list[ValidationError]] | None = None,
    blame: Mapping[str, str] | None = None,
) -> tuple[T, dict[str, Any], list[tuple[str, str]]]:
    """Save `values`; each refusal must name a field holding a nasty value, in Chinese; that field takes its
    `plain` value and the save is retried. Returns what the service returned, the values it accepted, and the
    refusals (field, message).

    `rules`: the pure checks the service runs first (e.g. intake_rules.problems). After the service's own first
    refusal, the fields these refuse are put back (each refusal judged the same way), again until they refuse no
    nasty value — putting one field back may reveal a refusal of another (a document type decides which numbers
    are checked) — so an example costs two service calls, three when the database refuses something the rules
    cannot know (a number recorded under another name), however many of its fields are refused.

    `blame`: a refusal of a field that holds its plain value blames another field — {"applicant.name":
    "applicant.id_number"}: a number recorded under another name is refused on the name (a number is one person),
    and a nasty value that happens to be a valid number (fifteen full-width digits) may come again in a later
    example with the plain name; that number is what goes back to plain."""
    current = dict(values)
    refusals: list[tuple[str, str]] = []

    def judge(error: ValidationError) -> None:
        typed = current.get(error.field)
        problem = chinese_problem(error.message, typed if isinstance(typed, str) else "")
        assert problem is None, f"{error.field}: {problem}: {error.message!r}"
        assert error.field in current, f"refusal names no field of the form: {error!s} (values {current!r})"
        field = error.field
        other = (blame or {}).get(field)
        if current[field] == plain[field] and other in current and current[other] != plain[other]:
            field = other
        assert current[field] != plain[field], (
            f"the plain value of {error.field} was refused: {error.message} (values {current!r})"
        )
        refusals.append((field, error.message))
        current[field] = plain[field]

    for _ in range(len(current) + 1):
        try:
            return save(current), current, refusals
        except ValidationError as error:
            judge(error)
            while rules is not None:  # until the rules refuse no nasty value (one fixed may reveal the next)
                more = [e for e in rules(current) if current.get(e.field) != plain.get(e.field)]
                if not more:
                    break
                for refusal in more:
                    if current.get(refusal.field) != plain.get(refusal.field):
                        judge(refusal)
        except DomainError as error:  # pragma: no cover - a failure report
            raise AssertionError(
                f"{type(error).__name__} is not a refusal of a field: {error.message}"
            ) from error
    raise AssertionError(f"no end of refusals: {refusals}")


def read_back_mismatches(
    accepted: Mapping[str, Any], read: Mapping[str, Any], expect: Mapping[str, Callable[[Any], Any]]
) -> list[str]:
    """The fields whose stored value is not what was accepted (or its documented normal form)."""
    found = []
    for field, value in accepted.items():
        if field not in read:
            continue
        wanted = expect[field](value) if field in expect else value
        if wanted is not SKIP and read[field] != wanted:
            found.append(f"{field}: typed {value!r}, expected {wanted!r}, read back {read[field]!r}")
    return found
