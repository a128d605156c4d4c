"""The small hierarchy of errors a service may raise; the UI maps each one to a message. Anything else is a bug."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a caller is expected to handle; `message` is shown to the user (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input that breaks a rule; `field` names the data-model attribute so the form can mark that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ConflictError(DomainError):
    """Someone else changed the record since it was loaded (optimistic locking), or a unique fact already exists."""


class NotFound(DomainError):
    """The record asked for does not exist (or is not visible to this user)."""


class PermissionDenied(DomainError):
    """The user's role does not allow the action, or the account is locked."""


class DatabaseUnavailable(DomainError):
    """The database cannot be reached or used right now (network, server down, disk full, locked file)."""


class SchemaMismatch(DatabaseUnavailable):
    """The database schema is newer than this program (or otherwise unusable by it)."""


class DatabaseCorrupt(DatabaseUnavailable):
    """The SQLite file is damaged or is not a database: it failed its integrity check at open, or SQLite met a
    damaged page later (SQLITE_CORRUPT, SQLITE_NOTADB). Restoring a backup is the way out, not retrying."""
