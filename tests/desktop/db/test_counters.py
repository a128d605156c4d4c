"""Numbering: no duplicates and no gaps across concurrent desks, and a rolled-back allocation leaves no gap."""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest

from desktop.db.counters import allocate_batch_no, allocate_case_no, allocate_receipt_no, next_number
from desktop.db.database import Database

DAY = date(2026, 11, 27)


def test_receipt_numbers_follow_the_design_format(db: Database) -> None:
    with db.write() as session:
        first = allocate_receipt_no(session, "XSLX01", DAY)
        second = allocate_receipt_no(session, "XSLX01", DAY)
        other_station = allocate_receipt_no(session, "XSLX02", DAY)
        next_day = allocate_receipt_no(session, "XSLX01", date(2026, 11, 28))
        case = allocate_case_no(session, "XSLX01", "录霞", 2026)
        batch = allocate_batch_no(session, "XSLX01", DAY)
    assert (first, second) == ("XSLX01-20261127-0001", "XSLX01-20261127-0002")
    assert other_station == "XSLX02-20261127-0001"
    assert next_day == "XSLX01-20261128-0001"
    assert case == "(2026)录霞调字第001号"
    assert batch == "XSLX01-YJ-20261127-01"


def test_a_rolled_back_allocation_leaves_no_gap(db: Database) -> None:
    with db.write() as session:
        assert next_number(session, "receipt:A", "20261127") == 1

    class Abort(Exception):
        pass

    with pytest.raises(Abort), db.write() as session:
        assert next_number(session, "receipt:A", "20261127") == 2
        raise Abort  # e.g. the record failed validation after the number was drawn

    with db.write() as session:
        assert next_number(session, "receipt:A", "20261127") == 2


def _allocate_many(url: str, count: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    database = Database(url, workstation="desk-proc")
    numbers, errors = [], []
    for _ in range(count):
        try:
            with database.write() as session:
                numbers.append(next_number(session, "receipt:LOAD", "20261127"))
        except Exception as exc:  # counted and reported: the test demands zero
            errors.append(repr(exc))
    database.dispose()
    queue.put((numbers, errors))


@pytest.mark.slow
def test_concurrent_desks_get_unique_gap_free_numbers(db_url: str, backend: str) -> None:
    processes, per_process = (8, 200) if backend == "postgresql" else (4, 250)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers = [
        ctx.Process(target=_allocate_many, args=(db_url, per_process, queue)) for _ in range(processes)
    ]
    for w in workers:
        w.start()
    results = [queue.get(timeout=240) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    numbers = [n for got, _ in results for n in got]
    errors = [e for _, errs in results for e in errs]
    assert errors == []
    assert len(numbers) == len(set(numbers)), "duplicate numbers"
    assert sorted(numbers) == list(range(1, processes * per_process + 1)), "gaps in the numbering"
