"""PostgreSQL passwords live in libpq's own password file (owner-only), never in our config file.

By default the standard location (~/.pgpass, or %APPDATA%\\postgresql\\pgpass.conf); with --data-dir a file of the
same format under the data folder, named to libpq through the `passfile` connection parameter.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, make_url


def standard_passfile() -> Path:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return Path(os.environ.get("APPDATA", str(Path.home()))) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


@dataclass(frozen=True)
class PgTarget:
    host: str
    port: int
    database: str
    user: str

    def url(self, passfile: Path | None = None) -> str:
        query = {"passfile": str(passfile)} if passfile is not None else {}
        built = URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        )
        return built.render_as_string(hide_password=False)

    def key(self) -> str:
        return ":".join(_escape(p) for p in (self.host, str(self.port), self.database, self.user))


def target_from_url(url: str) -> PgTarget:
    parsed = make_url(url)
    return PgTarget(
        host=parsed.host or "localhost",
        port=parsed.port or 5432,
        database=parsed.database or "",
        user=parsed.username or "",
    )


def store_password(passfile: Path, target: PgTarget, password: str) -> None:
    """Add or replace the line for `target`, keeping the file readable by its owner only (libpq insists)."""
    passfile.parent.mkdir(parents=True, exist_ok=True)
    prefix = target.key() + ":"
    lines = []
    if passfile.exists():
        lines = [
            line for line in passfile.read_text(encoding="utf-8").splitlines() if not line.startswith(prefix)
        ]
    lines.append(prefix + _escape(password))
    tmp = passfile.with_name(passfile.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, passfile)
    if sys.platform != "win32":
        passfile.chmod(0o600)
