"""`db init-server`: the PostgreSQL roles, grants, audit guard and server-side timeouts a station server needs.

Run by the station administrator as the database owner (or a superuser). Safe to run again: roles are created or
altered, grants are reset to exactly what the program needs, the audit triggers are checked and only made if missing.
- the desk role (LOGIN): reads and writes the business tables, may only add audit events (never change or delete one),
  reads the schema version; its sessions carry timeouts so a desk that hangs cannot hold locks for long;
- the audit reader role (LOGIN): SELECT only.
Migrations and the demo load run as the owner, which has no such timeouts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from sqlalchemy import Connection, text

from desktop.db.database import Database
from desktop.errors import DatabaseUnavailable

DESK_ROLE = "microstation_desk"
READER_ROLE = "microstation_audit"
AUDIT_TABLE = "audit_event"
READ_ONLY_TABLES = ("alembic_version",)  # the desk checks the schema version, never changes it
DESK_TIMEOUTS = {  # a counter desk: one save is milliseconds; anything longer is a hang or a lock queue
    "idle_in_transaction_session_timeout": "60s",
    "lock_timeout": "5s",
    "statement_timeout": "30s",
}
READER_TIMEOUTS = {"idle_in_transaction_session_timeout": "60s", "statement_timeout": "300s"}
SQLITE_MESSAGE = "db init-server 用于站内 PostgreSQL 服务器；单机（SQLite）模式无需设置角色和权限。"

AUDIT_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$
"""  # the same function as migration 0001 creates
AUDIT_TRIGGERS = {
    "audit_event_no_change": "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "audit_event_no_truncate": "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
}


@dataclass(frozen=True)
class ServerSetup:
    """What init-server did, for the command's report."""

    created_roles: tuple[str, ...]
    updated_roles: tuple[str, ...]
    tables: int
    triggers_made: tuple[str, ...]


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores: the password itself never reaches the server (or its logs)."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _role_exists(conn: Connection, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def _ensure_role(conn: Connection, role: str, password: str | None, timeouts: dict[str, str]) -> bool:
    """Create the LOGIN role or bring an existing one back to what the program needs; True when it was created."""
    created = not _role_exists(conn, role)
    options = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"
    verb = "CREATE" if created else "ALTER"
    secret = f" PASSWORD {_quote_literal(scram_verifier(password))}" if password else ""
    conn.exec_driver_sql(f'{verb} ROLE "{role}" {options}{secret}')
    for name, value in timeouts.items():
        conn.exec_driver_sql(f'ALTER ROLE "{role}" SET {name} = {_quote_literal(value)}')
    return created


def _ensure_audit_triggers(conn: Connection) -> tuple[str, ...]:
    present = {
        row[0]
        for row in conn.execute(
            text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal")
        )
    }
    missing = tuple(name for name in AUDIT_TRIGGERS if name not in present)
    if missing:
        conn.exec_driver_sql(AUDIT_GUARD_FUNCTION)
        for name in missing:
            conn.exec_driver_sql(AUDIT_TRIGGERS[name])
    return missing


def _grant(conn: Connection, desk: str, reader: str) -> int:
    """Reset the two roles' rights on every table and sequence of the schema, and for tables made later."""
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    tables = [r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
    for role in (desk, reader):
        conn.exec_driver_sql(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{role}"')
        conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        conn.exec_driver_sql(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"')
        conn.exec_driver_sql(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "{role}"')
        conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    # Nobody but the owner creates tables (PostgreSQL before 15 lets every role create in the public schema).
    conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    for table in tables:
        if table == AUDIT_TABLE:
            conn.exec_driver_sql(f'GRANT INSERT ON "{table}" TO "{desk}"')
        elif table not in READ_ONLY_TABLES:
            conn.exec_driver_sql(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO "{desk}"')
    conn.exec_driver_sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{desk}"')
    conn.exec_driver_sql(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{desk}"'
    )
    conn.exec_driver_sql(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "{desk}"'
    )
    conn.exec_driver_sql(f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "{reader}"')
    return len(tables)


def init_server(
    db: Database,
    *,
    desk_password: str | None,
    reader_password: str | None,
    desk_role: str = DESK_ROLE,
    reader_role: str = READER_ROLE,
) -> ServerSetup:
    """Bring the schema to this program's version, then roles, grants, audit triggers, timeouts — one transaction.

    A password of None keeps an existing role's password (a second run need not know it); a new role needs one."""
    from desktop.db.schema import upgrade

    if db.is_sqlite:
        raise DatabaseUnavailable(SQLITE_MESSAGE)
    upgrade(db)
    created: list[str] = []
    updated: list[str] = []
    try:
        with db.engine.begin() as conn:
            for role, password, timeouts, label in (
                (desk_role, desk_password, DESK_TIMEOUTS, "工作台"),
                (reader_role, reader_password, READER_TIMEOUTS, "审计只读"),
            ):
                if not password and not _role_exists(conn, role):
                    raise DatabaseUnavailable(f"新建{label}角色 {role} 需要设置密码。")
                (created if _ensure_role(conn, role, password, timeouts) else updated).append(role)
            tables = _grant(conn, desk_role, reader_role)
            made = _ensure_audit_triggers(conn)
    except Exception as exc:
        message = str(getattr(exc, "orig", exc)).lower()
        if "permission denied" in message or "must be" in message:
            raise DatabaseUnavailable(
                "当前数据库账户无权创建角色或授权。请以数据库所有者（且有 CREATEROLE 权限）或超级用户运行 db init-server。"
            ) from exc
        raise
    return ServerSetup(tuple(created), tuple(updated), tables, made)


def grant_if_roles_exist(db: Database, desk_role: str = DESK_ROLE, reader_role: str = READER_ROLE) -> bool:
    """After `db upgrade` or a restore: give the program's roles their rights on new or restored tables (if
    `db init-server` made them on this server). Returns whether it did."""
    if db.is_sqlite:
        return False
    with db.engine.begin() as conn:
        if not (_role_exists(conn, desk_role) and _role_exists(conn, reader_role)):
            return False
        _grant(conn, desk_role, reader_role)
        _ensure_audit_triggers(conn)
    return True
