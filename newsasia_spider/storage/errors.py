"""What can go wrong when opening or writing the archive, as one exception family."""

from __future__ import annotations


class StorageError(Exception):
    """The archive cannot be opened or written; the message is one line for the user."""


class InvalidTarget(StorageError):
    """The database target itself is malformed (a usage error, not a failure of the database)."""


class SchemaTooNew(StorageError):
    """The database was written by a newer newsasia; this release must not touch it."""
