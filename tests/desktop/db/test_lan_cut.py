"""A station LAN cut, for real: the test makes a network namespace holding a PostgreSQL server, joined to this
desk by a veth pair, then pulls the "cable" (the server's end of the pair goes down, as when the switch port or
the server's cable goes). A save on the desk must fail with a lost-connection message within the engine's TCP
user timeout (6 s, desktop/db/engine.py) — never hang — and nothing it sent may be stored; once the cable is back,
the next attempt goes through.

Needs root or CAP_NET_ADMIN and the `ip` binary (CI runs as root); skipped, with the reason, where `ip netns add`
is refused. The namespace, the veth pair and the server are removed whatever happens.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.db.database import Database
from desktop.db.engine import PG_TCP_USER_TIMEOUT_MS
from desktop.db.retry import call_with_retries, is_connection_loss
from desktop.errors import DatabaseUnavailable
from tests.conftest import REQUIRE_PG
from tests.helpers.pg import _as_postgres_user, _find_bin

pytestmark = pytest.mark.postgres

NAME = f"ms{os.getpid() % 100000}"
SUBNET = 10 + os.getpid() % 200  # 10.231.<n>.0/30, one per test process
DESK_IP, SERVER_IP = f"10.231.{SUBNET}.1", f"10.231.{SUBNET}.2"
# Issue 10: a lost connection gives its error within 6 s (~3 s here: the TCP user timeout, engine.py).
ERROR_WITHIN_S = 6.0
assert PG_TCP_USER_TIMEOUT_MS / 1000 + 3 <= ERROR_WITHIN_S


def _run(*cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), check=check, capture_output=True, text=True)


def _in_ns(*cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return _run("ip", "netns", "exec", NAME, *cmd, check=check)


@dataclass
class Lan:
    url: str
    server_link: str  # the server's end of the cable, inside the namespace

    def cut(self) -> None:
        _in_ns("ip", "link", "set", self.server_link, "down")

    def mend(self) -> None:
        _in_ns("ip", "link", "set", self.server_link, "up")


def _why_no_netns() -> str | None:
    if shutil.which("ip") is None:
        return "no `ip` binary (iproute2) on this machine"
    probe = _run("ip", "netns", "add", f"{NAME}probe", check=False)
    if probe.returncode != 0:
        return f"`ip netns add` is not permitted here (needs root or CAP_NET_ADMIN): {probe.stderr.strip()}"
    _run("ip", "netns", "del", f"{NAME}probe", check=False)
    return None


@pytest.fixture
def lan() -> Iterator[Lan]:
    if (reason := _why_no_netns()) is not None:
        pytest.skip(reason)
    initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found"
        if REQUIRE_PG:
            pytest.fail(message + " — CI requires PostgreSQL")
        pytest.skip(message)
    desk_link, server_link = f"{NAME}d", f"{NAME}s"
    root = Path(tempfile.mkdtemp(prefix="microstation-lan-"))
    data = root / "data"
    try:
        _run("ip", "netns", "add", NAME)
        _run("ip", "link", "add", desk_link, "type", "veth", "peer", "name", server_link)
        _run("ip", "link", "set", server_link, "netns", NAME)
        _run("ip", "addr", "add", f"{DESK_IP}/30", "dev", desk_link)
        _run("ip", "link", "set", desk_link, "up")
        _in_ns("ip", "addr", "add", f"{SERVER_IP}/30", "dev", server_link)
        _in_ns("ip", "link", "set", server_link, "up")
        _in_ns("ip", "link", "set", "lo", "up")
        if os.geteuid() == 0:
            shutil.chown(root, user="postgres")
            root.chmod(0o755)
        _run(*_as_postgres_user([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                 "--locale=C"]))  # fmt: skip
        with (data / "pg_hba.conf").open("a", encoding="utf-8") as hba:
            hba.write(f"host all all {DESK_IP}/32 trust\n")
        options = f"-p 5432 -k {root} -c listen_addresses={SERVER_IP} -c fsync=off"
        _in_ns(
            *_as_postgres_user(
                [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
            )
        )
        yield Lan(f"postgresql+psycopg://postgres@{SERVER_IP}:5432/postgres", server_link)
    finally:
        if data.exists():
            _in_ns(*_as_postgres_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), check=False)
        _run("ip", "link", "del", desk_link, check=False)  # deleting one end removes the pair
        _run("ip", "netns", "del", NAME, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _save(db: Database, value: int) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO visit (n) VALUES (:n)"), {"n": value})


def test_a_cut_lan_fails_a_save_within_seconds_and_stores_nothing(lan: Lan) -> None:
    db = Database(lan.url, workstation="lan-desk")
    try:
        with db.write() as session:  # the desk has been working: a pooled connection is open
            session.execute(text("CREATE TABLE visit (n int)"))
        _save(db, 1)

        lan.cut()
        outcome: list[BaseException | None] = []

        def save_after_cut() -> None:
            try:
                _save(db, 2)
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=save_after_cut, daemon=True)
        worker.start()
        worker.join(ERROR_WITHIN_S)
        assert not worker.is_alive(), (
            f"the save still hangs {ERROR_WITHIN_S:.0f} s after the cable was pulled"
        )
        (error,) = outcome
        assert isinstance(error, DatabaseUnavailable)
        assert is_connection_loss(error)  # so the save path retries it and the light turns red
        assert "网络" in error.message

        lan.mend()
        call_with_retries(lambda: _save(db, 3), delays=(0.5, 1.0, 2.0, 4.0, 4.0))
        with db.read() as session:
            assert session.execute(text("SELECT n FROM visit ORDER BY n")).scalars().all() == [1, 3]
    finally:
        db.dispose()
