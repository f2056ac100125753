"""The store's exceptions: the only database errors the layers above see.

Services, the CLI and the UI never import SQLAlchemy or ``sqlite3``: every error a
statement raises inside a unit of work (:meth:`app.store.db.Database.read`, ``write``,
``raw_connection``) comes out as a :class:`SqlError` (:class:`IntegrityError`,
:class:`OperationalError`), the driver's exception kept as ``__cause__``.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa


class DatabaseError(Exception):
    """The database cannot be opened or used. ``str()`` is a complete sentence for the user."""


class NewerSchemaError(DatabaseError):
    pass


class DatabaseGone(DatabaseError):
    """The database file was deleted or replaced while open: writing would lose data."""


class SqlError(DatabaseError):
    """A statement failed (the disk is full, the database is locked, a constraint…).
    ``str()`` is the database's own reason, e.g. ``database or disk is full``."""


class IntegrityError(SqlError):
    """A constraint refused the change (unique, foreign key, CHECK)."""


class OperationalError(SqlError):
    """The database could not run the statement (disk full or I/O error, locked, read-only)."""


DRIVER_ERRORS = (sa.SQLAlchemyError, sqlite3.Error)


def translated(exc: BaseException) -> SqlError:
    """The :class:`SqlError` for an SQLAlchemy or ``sqlite3`` exception (raise it ``from exc``)."""
    reason = getattr(exc, "orig", None) or exc
    if isinstance(exc, (sa.IntegrityError, sqlite3.IntegrityError)):
        return IntegrityError(str(reason))
    if isinstance(exc, (sa.OperationalError, sqlite3.OperationalError)):
        return OperationalError(str(reason))
    return SqlError(str(reason))
