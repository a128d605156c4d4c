"""A throwaway PostgreSQL server for the test session (or the one named by MICROSTATION_TEST_PG_URL)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg


def _find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: go through runuser when the tests run as root (CI does)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class PgServer:
    """Admin URL (psycopg form, no SQLAlchemy prefix) plus what is needed to stop the server we started."""

    admin_dsn: str
    host: str
    port: int
    user: str
    data_dir: Path | None = None
    pg_ctl: str | None = None

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def stop(self) -> None:
        if self.data_dir is None or self.pg_ctl is None:
            return
        subprocess.run(
            _as_postgres_user([self.pg_ctl, "-D", str(self.data_dir), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def start_server() -> PgServer | None:
    """Start a server in a temp folder; None when the binaries are not installed."""
    external = os.environ.get("MICROSTATION_TEST_PG_URL")
    if external:
        from sqlalchemy import make_url

        parsed = make_url(external)
        dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        return PgServer(dsn, parsed.host or "localhost", parsed.port or 5432, parsed.username or "postgres")
    initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        return None
    root = Path(tempfile.mkdtemp(prefix="microstation-pg-"))
    data = root / "data"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(root, user="postgres")
        root.chmod(0o755)
    port = _free_port()
    subprocess.run(
        _as_postgres_user(
            [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    subprocess.run(
        _as_postgres_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    dsn = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    return PgServer(dsn, "127.0.0.1", port, "postgres", data_dir=data, pg_ctl=pg_ctl)
